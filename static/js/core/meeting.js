/* What the screens read from a meeting's state: who speaks, the queue, the stage, the timer's phase
 * and colour, and the estimated end (as server/domain/model.py estimated_end computes it). */

import { fill } from "./format.js";
import { T } from "./page.js";

/** The speaker at the microphone, or null. */
export function currentSpeaker(state) {
  return state.speakers.find((s) => s.id === state.speaker_id) || null;
}

/** The queued speakers, in order. */
export function queueOf(state) {
  return state.speakers.filter((s) => s.status === "queued");
}

/** {index, stage} of the current stage, or null. */
export function currentStage(state) {
  const i = state.stages.findIndex((s) => s.id === state.stage_id);
  return i < 0 ? null : { index: i, stage: state.stages[i] };
}

/** Seconds left on the current turn at server time `at` (negative in overtime). */
export function remaining(timer, at) {
  let elapsed = timer.elapsed;
  if (timer.started_at !== null) elapsed += Math.max(0, at - timer.started_at);
  return timer.duration - elapsed;
}

/** Where in the second a running countdown turns (0..1 s), for clock.every: the countdown shows
 * whole seconds, and it turns when what is left crosses one. */
export function timerPhase(state) {
  const t = state && state.timer;
  if (!t || t.started_at === null) return 0;
  const x = t.started_at + t.duration - t.elapsed;
  return x - Math.floor(x);
}

/** "none" | "ready" | "running" | "paused" for the current speaker. */
export function timerState(state) {
  const sp = currentSpeaker(state);
  if (!sp) return "none";
  if (state.timer.started_at !== null) return "running";
  return sp.started_at ? "paused" : "ready";
}

/** "normal" | "warning" | "overtime": the colour of the countdown. */
export function level(state, left) {
  if (left < 0) return "overtime";
  if (left <= state.settings.warning_seconds) return "warning";
  return "normal";
}

/** Seconds a stage has run in all at server time `at` (every run, the open one up to `at`). */
export function stageElapsed(stage, at) {
  return (stage.runs || []).reduce((sum, [start, end]) => sum + (end === null ? at : end) - start, 0);
}

/** When the meeting should end if the current stage and every later one take what is left of their
 * plan, counting the time each has already run (server/domain/model.py estimated_end). */
export function estimatedEnd(state, at) {
  const cur = currentStage(state);
  if (!cur || state.stage_started_at === null) return null;
  const left = state.stages.slice(cur.index).reduce((sum, s) => sum + Math.max(0, s.planned_minutes * 60 - stageElapsed(s, at)), 0);
  return at + left;
}

/** Whether the chair has closed the meeting. */
export function isEnded(state) {
  return state.ended_at !== null && state.ended_at !== undefined;
}

/** Who raised an opinion: the speaker's name (from `names`, speaker id -> name), or the citizen
 * typed for a written one. */
export function raisedBy(opinion, names) {
  return opinion.speaker_id !== null && names.has(opinion.speaker_id) ? names.get(opinion.speaker_id) : opinion.citizen;
}

/** The ends of a queue, whose ▲ ▼ buttons cannot move further: id -> "first" | "last" | "only". */
export function queueEnds(queued) {
  const marks = new Map();
  if (queued.length) {
    marks.set(queued[0].id, "first");
    const last = queued[queued.length - 1].id;
    marks.set(last, marks.has(last) ? "only" : "last");
  }
  return marks;
}

/** "Nội dung 2/6: <title>" for the current stage, or "not started". */
export function stageLabel(state) {
  const cur = currentStage(state);
  return cur ? `${fill(T.stage_of, { n: cur.index + 1, total: state.stages.length })}: ${cur.stage.title}` : T.not_started;
}
