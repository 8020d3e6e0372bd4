/* The chair's stage bar: where the meeting is, the stage's plan, the agenda to go to (a stage that ran
 * shows its time against its plan), and the stage buttons. A stage change this screen made can be
 * undone for a few seconds (stage.goto: the stages keep every run, so no time is lost). */

import * as clock from "../../core/clock.js";
import { $, el, text } from "../../core/dom.js";
import { clock as hms, fill } from "../../core/format.js";
import { currentStage, isEnded, stageElapsed } from "../../core/meeting.js";
import { T } from "../../core/page.js";
import { Steady } from "../../core/steady.js";

const UNDO_SECONDS = 8;
let S = null;
let live = null;
let undo = null; // {from, to, version, timer}: the last stage change this screen made, while it can be undone

function render(state, change) {
  S = state;
  const cur = currentStage(state);
  text($("stage-count"), cur ? fill(T.stage_of, { n: cur.index + 1, total: state.stages.length }) : T.not_started);
  text($("stage-title"), cur ? cur.stage.title : state.title);
  $("stage-title").title = cur ? cur.stage.title : state.title;
  text($("stage-planned"), cur ? hms(cur.stage.planned_minutes * 60) : "–");
  const ended = isEnded(state);
  $("stage-prev").disabled = ended || !cur || cur.index === 0;
  $("stage-next").disabled = ended || (cur && cur.index === state.stages.length - 1);
  $("stage-goto").disabled = ended;
  // The stage moved on elsewhere since (a patch at least as new as the change): nothing to undo.
  if (undo && state.version >= undo.version && state.stage_id !== undo.to) hideUndo();
  if (ended) hideUndo(); // closed: there is no stage to go back to until it is reopened
  if (!change.touches("stages", "stage_id")) return;
  // A stage that ran shows its actual time against its plan (the current one's runs on in the bar).
  const at = clock.now();
  $("stage-goto").replaceChildren(
    ...(cur ? [] : [el("option", { value: "", selected: true }, T.not_started)]),
    ...state.stages.map((s, i) => {
      const ran = s.runs.length && s.id !== state.stage_id;
      const times = ran ? ` (${hms(stageElapsed(s, at))} / ${hms(s.planned_minutes * 60)})` : "";
      return el("option", { value: s.id, selected: s.id === state.stage_id }, `${i + 1}. ${s.title}${times}`);
    })
  );
}


/** Change the stage; on success offer for a few seconds to go back where the meeting was
 * (stage.goto: the stages keep every run, so the time already spent there is not lost). */
async function changeStage(name, payload, to, from = S.stage_id) {
  const ack = await live.run(name, payload);
  if (ack.ok && to !== null && to !== from) offerUndo(from, to, ack.version);
  return ack;
}

function stageNumber(id) {
  return S.stages.findIndex((s) => s.id === id) + 1;
}

function offerUndo(from, to, version) {
  hideUndo();
  const bar = $("stage-undo");
  $("stage-undo-text").textContent = fill(T.stage_moved, { n: stageNumber(to) });
  $("stage-undo-btn").hidden = from === null; // before the first stage there is nowhere to go back to
  bar.hidden = false;
  bar.classList.remove("counting");
  void bar.offsetWidth; // restart the countdown stripe
  bar.classList.add("counting");
  undo = { from, to, version, timer: setTimeout(hideUndo, UNDO_SECONDS * 1000) };
}

function hideUndo() {
  if (undo) clearTimeout(undo.timer);
  undo = null;
  $("stage-undo").hidden = true;
}

export function mount(connection) {
  live = connection;
  $("stage-undo-btn").onclick = async () => {
    if (!undo || undo.from === null) return;
    const from = undo.from;
    hideUndo();
    await live.run("stage.goto", { stage_id: from }, fill(T.stage_back, { n: stageNumber(from) }));
  };
  // Next and previous act on the stage the chair saw (core/steady.js): a double tap moves once.
  const stageMeaning = new Steady(live, (s) => `${s.stage_id}|${isEnded(s)}`);
  stageMeaning.guard($("stage-next"), (seen) => {
    const next = S.stages[S.stages.findIndex((s) => s.id === seen.stage_id) + 1]; // -1 + 1: the first
    return changeStage("stage.next", { expected_stage_id: seen.stage_id }, next ? next.id : null, seen.stage_id);
  });
  stageMeaning.guard($("stage-prev"), (seen) => {
    const i = S.stages.findIndex((s) => s.id === seen.stage_id);
    const prev = i > 0 ? S.stages[i - 1] : null;
    return changeStage("stage.previous", { expected_stage_id: seen.stage_id }, prev ? prev.id : null, seen.stage_id);
  });
  $("stage-goto").onchange = (e) => {
    if (!e.target.value) return;
    const to = Number(e.target.value);
    changeStage("stage.goto", { stage_id: to }, to);
  };
  live.store.subscribe(render);
}
