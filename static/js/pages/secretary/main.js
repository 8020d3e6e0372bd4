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
import { countdown, fill, timeOfDay } from "../../core/format.js";
import { currentSpeaker, level, remaining, stageLabel, timerPhase } from "../../core/meeting.js";
import { meetingId, T } from "../../core/page.js";
import { startWithPin } from "../../core/pin.js";
import * as limits from "./limits.js";
import * as opinions from "./opinions.js";
import * as queue from "./queue.js";
import * as registration from "./registration.js";
import * as requests from "./requests.js";
import * as outcome from "./outcome.js";
import * as search from "./search.js";
import * as settings from "./settings.js";

export const live = new Connection(); // exported for the browser tests (import() of this module)

let S = null;

/** The status line: the stage, who is at the microphone (xóm, topic, the opinion a follow-up
 * continues), their countdown, and the radio's mark. */
function status(state, change) {
  S = state;
  if (change.touches("stages", "stage_id")) text($("sec-stage"), stageLabel(state));
  const sp = currentSpeaker(state);
  text($("sec-current"), sp ? sp.name : T.no_speaker);
  text($("sec-detail"), sp ? [sp.xom, sp.topic].filter(Boolean).join(" · ") : "");
  const follows = state.follows;
  $("sec-follows").hidden = !follows;
  text($("sec-follows"), follows ? fill(T.follows_up, { summary: follows.summary }) : "");
  recording(state);
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

/** The radio's mark: "Bắt đầu ghi âm" until it is set, then when it was set (and to move or remove it). */
function recording(state) {
  const at = state.recording_started_at ?? null;
  const box = $("rec-state");
  box.dataset.on = at ? "1" : "";
  text(box, at ? fill(T.sec_rec_since, { time: timeOfDay(at) }) : "");
  text($("rec-mark"), at ? T.sec_rec_again : T.sec_rec_start);
  $("rec-clear").hidden = !at;
}

$("rec-mark").addEventListener("click", () => {
  const at = S ? (S.recording_started_at ?? null) : null;
  if (at && !confirm(T.sec_rec_confirm_again)) return;
  live.run("recording.mark", { expected_at: at }, T.sec_rec_marked);
});
$("rec-clear").addEventListener("click", () => {
  if (S && S.recording_started_at && confirm(T.sec_rec_confirm_clear)) {
    live.run("recording.clear", { expected_at: S.recording_started_at });
  }
});

limits.attach($("app"));
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
