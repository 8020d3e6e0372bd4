/* The chair's tablet: stages with undo (stages.js), the turn at the microphone and its countdown
 * (here), the queue (queue.js), the opinions (opinions.js), the hall message and the meeting bar
 * (bar.js). Three kinds of "next" are kept apart on purpose: the stage ("Nội dung tiếp theo", violet,
 * in the stage bar), the next speaker ("Mời người tiếp theo", the big blue button) and one queued
 * speaker ("Mời phát biểu" on their row). */

import * as clock from "../../core/clock.js";
import { Connection } from "../../core/connection.js";
import * as cue from "../../core/cue.js";
import { $, text } from "../../core/dom.js";
import { clock as hms, countdown, fill, timeOfDay } from "../../core/format.js";
import { currentSpeaker, currentStage, estimatedEnd, isEnded, level, queueOf, remaining, stageElapsed, timerPhase, timerState } from "../../core/meeting.js";
import { meetingId, T } from "../../core/page.js";
import { startWithPin } from "../../core/pin.js";
import { Steady } from "../../core/steady.js";
import * as bar from "./bar.js";
import * as opinions from "./opinions.js";
import * as queue from "./queue.js";
import * as stages from "./stages.js";
import * as steps from "./steps.js";

export const live = new Connection(); // exported for the browser tests (import() of this module)

let S = null;

/** The turn at the microphone and the controls that depend on it. */
function turn(state, change) {
  S = state;
  const sp = currentSpeaker(state);
  text($("cur-name"), sp ? sp.name : T.no_speaker);
  const follows = sp && state.follows ? fill(T.follows_up, { summary: state.follows.summary }) : ""; // a follow-up turn
  text($("cur-detail"), sp ? [sp.xom, sp.topic, follows].filter(Boolean).join(" · ") : "");
  text($("cur-note"), sp && sp.note ? sp.note : "");
  const phase = timerState(state);
  const ended = isEnded(state);
  $("btn-start").hidden = phase !== "ready";
  $("btn-pause").hidden = phase !== "running";
  $("btn-resume").hidden = phase !== "paused";
  for (const id of ["btn-minus", "btn-plus", "btn-end"]) $(id).disabled = ended || !sp;
  for (const id of ["btn-start", "btn-pause", "btn-resume"]) $(id).disabled = ended;
  if (change.touches("speakers", "ended_at")) $("btn-next").disabled = ended || queueOf(state).length === 0;
  text($("message-current"), state.message);
  $("message-current").hidden = !state.message;
  $("message-clear").disabled = !state.message;
  if (change.touches("timer")) clock.realign();
  tick();
}

/** Every second of the server's clock (where the countdown turns): the countdown, the stage's time,
 * the meeting's clock and its estimated end. */
function tick() {
  if (!S) return;
  const now = clock.now();
  cue.watch(S, now, localStorage.getItem("chair-chime") === "on"); // this tablet's own choice, off by default
  const timer = $("timer");
  if (currentSpeaker(S)) {
    const left = remaining(S.timer, now);
    text(timer, countdown(left));
    timer.dataset.level = level(S, left);
    const phase = timerState(S);
    text($("timer-phase"), phase === "paused" ? T.paused : phase === "ready" ? T.ready : "");
  } else {
    text(timer, "–");
    timer.dataset.level = "normal";
    text($("timer-phase"), "");
  }
  if (S.stage_started_at !== null) {
    const cur = currentStage(S);
    const elapsed = cur ? stageElapsed(cur.stage, now) : 0; // every run of the stage, not only this one
    text($("stage-elapsed"), hms(elapsed));
    $("stage-elapsed").dataset.level = cur && elapsed > cur.stage.planned_minutes * 60 ? "overtime" : "normal";
    // A closed meeting's clock stops at its close.
    const until = isEnded(S) ? S.ended_at : now;
    text($("meeting-clock"), `${hms(until - S.started_at)} (${T.started} ${timeOfDay(S.started_at)})`);
    text($("meeting-end"), isEnded(S) ? "–" : timeOfDay(estimatedEnd(S, now)));
  }
}

const run = (name, payload, ok) => live.run(name, payload, ok);
// The controls whose meaning depends on the state act on what the chair saw (core/steady.js): the
// next speaker (who is at the microphone, who is first in the queue), the timer's three buttons in
// one place (start, pause, resume), the end of the turn.
const nextMeaning = new Steady(live, (s) => `${s.speaker_id}|${queueOf(s)[0]?.id}|${isEnded(s)}`);
nextMeaning.guard($("btn-next"), (seen) => run("speaker.call_next", { expected_speaker_id: seen.speaker_id }));
const timerMeaning = new Steady(live, (s) => `${s.speaker_id}|${timerState(s)}|${isEnded(s)}`);
timerMeaning.guard($("btn-start"), (seen) => run("timer.start", { speaker_id: seen.speaker_id }));
timerMeaning.guard($("btn-pause"), (seen) => run("timer.pause", { speaker_id: seen.speaker_id }));
timerMeaning.guard($("btn-resume"), (seen) => run("timer.resume", { speaker_id: seen.speaker_id }));
$("btn-plus").onclick = () => run("timer.adjust", { speaker_id: S.speaker_id, seconds: 60 });
$("btn-minus").onclick = () => run("timer.adjust", { speaker_id: S.speaker_id, seconds: -60 });
new Steady(live, (s) => `${s.speaker_id}`).guard($("btn-end"), (seen) => run("speaker.end", { speaker_id: seen.speaker_id }));
$("message-clear").onclick = () => run("message.clear", {});
$("message-form").onsubmit = async (e) => {
  e.preventDefault();
  const ack = await run("message.show", { text: e.target.elements.text.value });
  if (ack.ok) e.target.reset();
};
for (const button of document.querySelectorAll(".preset")) {
  button.onclick = () => run("message.show", { text: button.textContent.trim() });
}
$("walkin-form").onsubmit = async (e) => {
  e.preventDefault();
  const f = e.target;
  const payload = { name: f.elements.namedItem("name").value, xom: f.elements.xom.value, topic: f.elements.topic.value, walk_in: true };
  const ack = await run("speaker.add", payload, T.added);
  if (ack.ok) f.reset();
};

live.store.subscribe(turn);
stages.mount(live);
queue.mount(live);
opinions.mount(live);
bar.mount(live);
steps.mount(live);
clock.every(tick, () => timerPhase(S));
startWithPin(live, meetingId, "chair");
