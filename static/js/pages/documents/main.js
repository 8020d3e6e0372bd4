/* After the meeting (/m/<id>/documents, templates/documents.html): the chair's conclusion
 * (conclusion.js), the minutes (minutes.js), the documents to download (downloads.js), the
 * letterhead (paperwork.js), the publication of the results (publish.js), the figures (stats.js)
 * and the log (audit.js).
 *
 * Who: the secretary team (the meeting's secretary PIN), or the office (`?as=office`, with the
 * office PIN this tab's office page kept), which follows the meeting with that PIN; either way the
 * snapshot and its patches keep the page live (context.js). HTTP (server/reports/http.py) carries
 * the minutes, the downloads, the figures and the log; Socket.IO the commands (docs/protocol.md).
 * Every text from the record goes in as text (el, textContent), never as HTML. */

import { $, text } from "../../core/dom.js";
import { fill } from "../../core/format.js";
import * as http from "../../core/http.js";
import { T } from "../../core/page.js";
import { startWithPin } from "../../core/pin.js";
import { loadAudit } from "./audit.js";
import { conclusionDirty, renderConclusion } from "./conclusion.js";
import { ID, live, stamp, who } from "./context.js";
import "./downloads.js";
import { loadMinutes, minutesDirty } from "./minutes.js";
import { paperDirty, renderPaperwork } from "./paperwork.js";
import { renderPublish } from "./publish.js";
import { loadStats } from "./stats.js";

export { live };

let loaded = false;
let refreshTimer = null;

live.store.subscribe((state, change) => {
  text($("docs-title"), state.title);
  text(
    $("docs-status"),
    state.ended_at ? fill(T.docs_ended_at, { time: stamp(state.ended_at) }) : state.started_at ? T.docs_in_progress : T.docs_not_started
  );
  if (change.touches("conclusion")) renderConclusion();
  if (change.touches("paperwork")) renderPaperwork();
  if (change.touches("published_at", "ended_at")) renderPublish();
  if (!loaded) {
    loaded = true;
    loadMinutes(true);
    loadStats();
    loadAudit();
  } else {
    // The figures and the log follow the meeting, a moment after its changes.
    clearTimeout(refreshTimer);
    refreshTimer = setTimeout(() => {
      loadStats();
      loadAudit();
    }, 1500);
  }
});

window.addEventListener("beforeunload", (event) => {
  if (minutesDirty() || conclusionDirty() || paperDirty()) {
    event.preventDefault();
    event.returnValue = ""; // the browser asks whether to leave: unsaved text is never lost silently
  }
});

function showRole() {
  $("back-secretary").hidden = who.role === "office";
  $("back-office").hidden = who.role !== "office";
}

/** As the office: follow this meeting with the office PIN; if it no longer opens, sign in as the
 * secretary team instead. */
function startAsOffice() {
  let shown = false;
  live.start({
    meetingId: ID,
    role: "office",
    pin: sessionStorage.getItem(http.pinKey("office")),
    name: localStorage.getItem("person-name") || "",
    onJoined() {
      $("pin-form").hidden = true;
      $("app").hidden = false;
      if (shown) return;
      shown = true;
      $("app").tabIndex = -1;
      $("app").focus();
    },
    onJoinError(ack) {
      live.stop();
      who.role = "secretary";
      showRole();
      startWithPin(live, ID, "secretary");
      const error = $("pin-error");
      error.textContent = ack.errors.map((e) => e.message).join(" ");
      error.hidden = false;
    },
  });
}

showRole();
if (who.role === "office") startAsOffice();
else startWithPin(live, ID, "secretary");
