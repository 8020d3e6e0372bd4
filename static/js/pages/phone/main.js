/* A citizen's phone in the hall (no PIN): follow the meeting as the projector shows it (follow.js),
 * and ask to speak, then follow that request's answer (request.js). */

import { Connection } from "../../core/connection.js";
import { $ } from "../../core/dom.js";
import { meetingId, served } from "../../core/page.js";
import * as follow from "./follow.js";
import * as request from "./request.js";

export const live = new Connection(); // exported for the browser tests (import() of this module)

follow.mount(live);
request.mount(live);
live.start({
  meetingId,
  role: "public",
  screen: "phone",
  served, // the meeting as the page was made: shown before the connection is up
  onJoinError: (ack) => {
    $("ph-stage").textContent = ack.errors.map((e) => e.message).join(" ");
  },
});
