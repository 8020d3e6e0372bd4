/* The chair's opinions: who answers (a delegate, or someone named), the opinion being answered, and
 * the open opinions, each assigned or given the floor. Rows keyed by opinion id: a patch redraws only
 * the opinions it changed. */

import { $, el, text, toast } from "../../core/dom.js";
import { KeyedList, Pager } from "../../core/list.js";
import { fill } from "../../core/format.js";
import { isEnded, raisedBy } from "../../core/meeting.js";
import { T } from "../../core/page.js";

let S = null;
let live = null;
let names = new Map(); // speaker id -> name
let focusId = null;

let answererKey = null; // what the answerer list was built from
const list = new KeyedList($("opinion-list"), { make: row });
// 1,000 open opinions: the latest 30, earlier ones on request.
const pager = new Pager($("opinion-more"), { step: 30, fromEnd: true, label: (n) => fill(T.earlier_rows, { n }), onMore: () => S && render(S, { touches: () => true }) });

function render(state, change) {
  S = state;
  if (change.touches("delegates", "chairs")) renderAnswerers(state);
  if (change.touches("speakers")) names = new Map(state.speakers.map((s) => [s.id, s.name]));
  const focus = state.focus;
  $("focus-line").hidden = !focus;
  text($("focus-text"), focus ? `${focus.summary} — ${T.answering}: ${focus.answerer}` : "");
  if (!change.touches("opinions", "speakers", "focus", "ended_at")) return;
  focusId = focus ? focus.opinion_id : null;
  const ended = isEnded(state);
  list.extra = (o) => `${o.id === focusId}|${ended}|${citizen(o)}`;
  text($("op-count"), `(${state.opinions.length})`);
  list.render(pager.slice(state.opinions.filter((o) => !o.closed_at)));
}

/** Who may answer: the chairs (Bí thư, Chủ tịch: the meeting's `chairs`), the delegates present by
 * group (all while none is marked present), then another unit or person typed in. Rebuilt only when they change; the choice is kept. */
function renderAnswerers(state) {
  // Those marked present; all of them while nobody is (the projector's introductions do the same).
  const marked = state.delegates.filter((d) => d.present);
  const present = marked.length ? marked : state.delegates;
  const chairs = state.chairs || [];
  const key = JSON.stringify([chairs, state.delegates.map((d) => [d.id, d.name, d.title, d.group, d.present])]);
  if (key === answererKey) return;
  answererKey = key;
  const select = $("answerer-select");
  const keep = select.value;
  const label = (p) => [p.name, p.title].filter(Boolean).join(" – ");
  // A chair who is also among the delegates is offered once, as that delegate (the projector then
  // shows the title under the name).
  const asDelegate = (c) => state.delegates.find((d) => d.name === c.name);
  const chairOption = (c, i) => {
    const d = asDelegate(c);
    return el("option", { value: d ? d.id : `chair:${i}` }, label(d || c));
  };
  const groups = new Map();
  for (const d of present) {
    if (chairs.some((c) => c.name === d.name)) continue;
    const group = (d.group || "").trim() || T.answerer_delegates;
    if (!groups.has(group)) groups.set(group, []);
    groups.get(group).push(el("option", { value: d.id }, label(d)));
  }
  select.replaceChildren(
    el("option", { value: "" }, T.choose_answerer),
    ...(chairs.length ? [el("optgroup", { label: T.answerer_chairs }, chairs.map(chairOption))] : []),
    ...[...groups].map(([group, options]) => el("optgroup", { label: group }, options)),
    el("option", { value: "other" }, T.other_answerer)
  );
  select.value = [...select.options].some((o) => o.value === keep) ? keep : "";
  $("answerer-text").hidden = select.value !== "other";
}

const citizen = (o) => raisedBy(o, names);
const byId = (id) => S.opinions.find((o) => o.id === id);

function row(o) {
  return el(
    "li",
    { dataset: { id: o.id }, class: o.id === focusId ? "focused" : null },
    el("div", { class: "op-text" }, el("b", {}, citizen(o)), `: ${o.summary}`),
    el("div", { class: "muted" }, [o.answerer && `${T.answering}: ${o.answerer}`, o.outcome && T["outcome_" + o.outcome]].filter(Boolean).join(" · ")),
    el(
      "div",
      { class: "op-actions" },
      el("button", { class: "assign", onclick: () => assign(byId(o.id)) }, T.assign),
      el("button", { class: "answer primary", disabled: isEnded(S), onclick: () => callAnswer(byId(o.id)) }, T.call_answer)
    )
  );
}

/** Who answers, as payload fields: the one chosen in the list, else (to give the floor) the one the
 * opinion was already assigned to; null, with a message, if there is neither. */
function answerer(opinion) {
  const value = $("answerer-select").value;
  if (value === "other") return { delegate_id: null, answerer: $("answerer-text").value };
  if (value.startsWith("chair:")) {
    const c = (S.chairs || [])[Number(value.slice(6))];
    if (c) return { delegate_id: null, answerer: [c.name, c.title].filter(Boolean).join(" – ") };
  }
  if (value) return { delegate_id: Number(value) };
  if (opinion && opinion.answerer) {
    return opinion.answerer_delegate_id !== null && opinion.answerer_delegate_id !== undefined
      ? { delegate_id: opinion.answerer_delegate_id }
      : { delegate_id: null, answerer: opinion.answerer };
  }
  toast({ ok: false, errors: [{ message: T.choose_answerer }] });
  $("answerer-select").focus();
  return null;
}

function assign(o) {
  const who = answerer(null);
  if (who) live.run("opinion.assign", { opinion_id: o.id, ...who });
}

function callAnswer(o) {
  const who = answerer(o);
  if (who) live.run("answer.call", { opinion_ids: [o.id], expected_speaker_id: S.speaker_id, ...who });
}

export function mount(connection) {
  live = connection;
  $("answerer-select").addEventListener("change", () => ($("answerer-text").hidden = $("answerer-select").value !== "other"));
  $("focus-clear").addEventListener("click", () => live.run("opinion.focus_clear", {}));
  live.store.subscribe(render);
}
