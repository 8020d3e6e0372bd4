/* What the procedure calls for in the current stage, on the chair's bar: in stage 5 (citizens follow
 * up after the answers) "a citizen follows up", which queues a citizen linked to the opinion they
 * follow up (speaker.add with follows_opinion_id); in stage 6 (the chair concludes) the conclusion
 * (meeting.conclude), which the minutes and the notice quote. The delegates' introduction of stage 1
 * is bar.js's. The stages are the procedure's six (server/domain/meetings.py PROCEDURE): the fifth
 * and the sixth of a meeting's agenda, counted from its end when the office added stages. */

import { $, el } from "../../core/dom.js";
import { currentStage, isEnded } from "../../core/meeting.js";
import { T } from "../../core/page.js";

let S = null;
let live = null;

/** "followup", "conclusion" or "": the stage-dependent action of the current stage. */
function stageAction(state) {
  const cur = currentStage(state);
  if (!cur || isEnded(state) || state.stages.length < 6) return "";
  const fromEnd = state.stages.length - cur.index;
  return fromEnd === 2 ? "followup" : fromEnd === 1 ? "conclusion" : "";
}

function render(state) {
  S = state;
  const action = stageAction(state);
  $("followup-open").hidden = action !== "followup";
  $("conclusion-open").hidden = action !== "conclusion";
  for (const id of ["followup-open", "conclusion-open"]) $(id).classList.toggle("suggested", !$(id).hidden);
}

function openFollowup() {
  const form = $("followup-form");
  form.reset();
  // The opinions answered or assigned at this meeting, latest first: picked by their words.
  $("followup-opinion").replaceChildren(
    el("option", { value: "" }, T.followup_choose),
    ...[...S.opinions].reverse().map((o) => el("option", { value: o.id }, o.summary))
  );
  $("followup-dialog").showModal();
  $("followup-opinion").focus();
}

async function addFollowup(e) {
  e.preventDefault();
  const f = e.target.elements;
  if (!f.opinion.value) return f.opinion.focus();
  if (!f.name.value.trim()) return f.name.focus();
  const payload = { name: f.name.value, xom: f.xom.value, follows_opinion_id: Number(f.opinion.value), walk_in: true };
  const ack = await live.run("speaker.add", payload, T.added);
  if (ack.ok) $("followup-dialog").close();
}

function openConclusion() {
  $("conclusion-text").value = S.conclusion || "";
  $("conclusion-dialog").showModal();
  $("conclusion-text").focus();
}

async function saveConclusion(e) {
  e.preventDefault();
  const text = $("conclusion-text").value;
  if (text === (S.conclusion || "")) return $("conclusion-dialog").close();
  const ack = await live.run("meeting.conclude", { text }, T.conclusion_saved);
  if (ack.ok) $("conclusion-dialog").close();
}

export function mount(connection) {
  live = connection;
  $("followup-open").onclick = openFollowup;
  $("followup-form").onsubmit = addFollowup;
  $("followup-cancel").onclick = () => $("followup-dialog").close();
  $("conclusion-open").onclick = openConclusion;
  $("conclusion-form").onsubmit = saveConclusion;
  $("conclusion-cancel").onclick = () => $("conclusion-dialog").close();
  live.store.subscribe(render);
}
