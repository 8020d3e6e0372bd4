/* The secretary's laptop: fast keyboard entry of registrations (registration.js), the queue
 * (queue.js), the requests from phones (requests.js), the opinions and their outcomes (opinions.js,
 * outcome.js, search.js) and the meeting's settings (settings.js).
 *
 * Each module subscribes to the store and redraws only what a patch changed: a row whose item did
 * not change is not touched, and nothing a person is typing is ever replaced (core/dom.js KeyedList).
 */

import * as clock from "../../core/clock.js";
import { Connection } from "../../core/connection.js";
import { $, text } from "../../core/dom.js";
import { countdown, fill } from "../../core/format.js";
import { currentSpeaker, currentStage, level, remaining, timerPhase } from "../../core/meeting.js";
import { meetingId, T } from "../../core/page.js";
import { startWithPin } from "../../core/pin.js";
import * as opinions from "./opinions.js";
import * as queue from "./queue.js";
import * as registration from "./registration.js";
import * as requests from "./requests.js";
import * as outcome from "./outcome.js";
import * as search from "./search.js";
import * as settings from "./settings.js";

export const live = new Connection(); // exported for the browser tests (import() of this module)

let S = null;

/** The status line: the stage, who is at the microphone, and their countdown. */
function status(state, change) {
  S = state;
  if (change.touches("stages", "stage_id")) {
    const cur = currentStage(state);
    text(
      $("sec-stage"),
      cur ? `${fill(T.stage_of, { n: cur.index + 1, total: state.stages.length })}: ${cur.stage.title}` : T.not_started
    );
  }
  const sp = currentSpeaker(state);
  text($("sec-current"), sp ? sp.name : T.no_speaker);
  if (change.touches("timer")) clock.realign();
  tick();
}

function tick() {
  if (!S) return;
  const box = $("sec-timer");
  if (!currentSpeaker(S)) {
    text(box, "");
    return;
  }
  const left = remaining(S.timer, clock.now());
  text(box, countdown(left));
  const lv = level(S, left);
  if (box.dataset.level !== lv) box.dataset.level = lv;
}

live.store.subscribe(status);
registration.mount(live);
queue.mount(live);
requests.mount(live);
opinions.mount(live);
outcome.mount(live);
search.mount(live);
settings.mount(live);
clock.every(tick, () => timerPhase(S));
startWithPin(live, meetingId, "secretary");
