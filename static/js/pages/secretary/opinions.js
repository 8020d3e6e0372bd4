/* The secretary's opinions panel: record each opinion while it is spoken (linked to whoever is at the
 * microphone unless chosen otherwise), edit one, and list them all with their outcome. Rows keyed by
 * opinion id and numbered by a CSS counter: a patch redraws only the opinions it changed. */

import { $, el, text } from "../../core/dom.js";
import { KeyedList, Pager } from "../../core/list.js";
import { date, fill, moment } from "../../core/format.js";
import { raisedBy } from "../../core/meeting.js";
import { T } from "../../core/page.js";
import { openOutcome } from "./outcome.js";
import * as limits from "./limits.js";
import { hideSimilar } from "./search.js";

const form = $("op-form");
const field = (name) => form.elements.namedItem(name);
const TYPED = ["summary", "text", "citizen", "xom", "unit"];
let S = null;
let live = null;
let names = new Map(); // speaker id -> name
let manual = null; // a source chosen by hand, kept while the same speaker is at the microphone
let draft = null; // a new opinion being typed when an edit began: back when the edit ends
let loaded = {}; // the opinion being edited as the form was filled (`expected` of opinion.update)

/** Who raised an opinion: the speaker's name, or the citizen typed for a written one. */
export function citizenOf(o) {
  return raisedBy(o, names);
}

/** The outcome in words: what was decided and its details. */
export function outcomeText(o) {
  if (!o.outcome) return el("span", { class: "badge-warn" }, T.outcome_none);
  const parts = [T["outcome_" + o.outcome]];
  if (o.outcome === "assigned") parts.push(`${o.unit} · ${T.deadline} ${date(o.deadline)}`);
  if (o.outcome === "answered") parts.push(o.answered_by);
  if (o.outcome === "forwarded") parts.push(o.forwarded_to);
  if (o.outcome === "declined") parts.push(`${o.prior_ref}, ${date(o.prior_date)}, ${o.prior_body}`);
  if (o.closed_at) parts.push(T.closed);
  return parts.filter(Boolean).join(" · ");
}

const rows = new KeyedList($("op-rows"), { make: row, extra: (o) => citizenOf(o) });
// 1,000 opinions: the latest 50, earlier ones on request (the rows shown are numbered from where they start).
const pager = new Pager($("op-earlier"), { fromEnd: true, label: (n) => fill(T.earlier_rows, { n }), onMore: () => S && showRows() });

const WRITTEN = { id: "written" };
const sources = new KeyedList(field("source"), {
  make: (s) => (s === WRITTEN ? el("option", { value: "written" }, T.written) : el("option", { value: s.id }, `${s.name}${s.xom ? " – " + s.xom : ""}`)),
});

/** Turns an opinion can be linked to: the citizen at the microphone first, then those who spoke. */
function turns(state) {
  const list = state.speakers.filter((s) => !s.official && (s.status === "current" || s.status === "done"));
  list.sort((a, b) => (a.status === "current" ? -1 : b.status === "current" ? 1 : (b.ended_at || 0) - (a.ended_at || 0)));
  return list;
}

function render(state, change) {
  S = state;
  if (change.touches("speakers")) {
    names = new Map(state.speakers.map((s) => [s.id, s.name]));
    // Link new opinions to whoever is speaking now, unless the secretary chose otherwise.
    const select = field("source");
    const chosen = select.value;
    const list = turns(state);
    sources.render([...list, WRITTEN]);
    const current = list.find((s) => s.status === "current");
    const auto = current ? String(current.id) : list.length ? String(list[0].id) : "written";
    const keepManual = manual && manual.speaker === state.speaker_id && sources.node(Number(manual.value) || manual.value);
    if (!keepManual) manual = null;
    const want = keepManual ? manual.value : field("opinion_id").value ? chosen : auto;
    if (select.value !== want) select.value = want;
    showWritten();
  }
  if (change.touches("settings")) {
    // No category is chosen for the secretary: the first option asks for one ("Khác" is a choice
    // like the others), so the statistics count only what was chosen.
    const category = $("op-category");
    const keep = category.value;
    const options = state.settings.categories.map((c) => el("option", { value: c }, c));
    category.replaceChildren(el("option", { value: "" }, T.sec_choose_category), ...options);
    category.value = state.settings.categories.includes(keep) ? keep : "";
  }
  if (change.touches("opinions", "speakers", "starts_at")) {
    showRows();
  }
}

function showRows() {
  let open = 0;
  for (const o of S.opinions) if (!o.outcome) open++;
  $("no-outcome").hidden = open === 0;
  text($("no-outcome"), fill(T.no_outcome, { n: open }));
  const onlyOpen = $("op-only-open").checked;
  rows.render(pager.slice(onlyOpen ? S.opinions.filter((o) => !o.outcome) : S.opinions));
  $("op-rows").style.counterReset = `place ${pager.hidden}`;
}

/** When an opinion was raised: "HH:MM" (with the date when it is not the meeting's day). */
function raisedAt(ts) {
  if (!ts) return null;
  const time = el("time", { datetime: new Date(ts * 1000).toISOString() }, fill(T.raised_at, { time: moment(ts, S.starts_at) }));
  return el("div", { class: "muted raised-at" }, time);
}

function row(o) {
  return el(
    "tr",
    { dataset: { id: o.id, outcome: o.outcome || "none" } },
    el("td", { class: "place" }),
    el("td", {}, citizenOf(o), raisedAt(o.raised_at)),
    el("td", {}, el("b", {}, o.summary), o.text ? el("div", { class: "muted" }, o.text) : null, el("div", { class: "muted category" }, o.category)),
    // Who answers, under the outcome: the pane is half the laptop's width.
    el("td", {}, outcomeText(o), o.answerer ? el("div", { class: "muted answerer" }, `${T.answering}: ${o.answerer}`) : null),
    el(
      "td",
      { class: "actions" },
      o.closed_at ? null : el("button", { type: "button", onclick: () => edit(byId(o.id)) }, T.edit),
      o.closed_at ? null : el("button", { type: "button", class: "primary", onclick: () => openOutcome(byId(o.id)) }, T.set_outcome)
    )
  );
}

/** The opinion as the state has it now. */
export const byId = (id) => S.opinions.find((o) => o.id === id);

function showWritten() {
  const written = field("source").value === "written";
  form.querySelectorAll(".written").forEach((n) => {
    if (n.hidden === written) n.hidden = !written;
  });
}

function edit(o) {
  const fields = [...TYPED, "kind", "category", "level", "source"];
  if (!field("opinion_id").value && TYPED.some((n) => field(n).value.trim() !== "")) {
    draft = Object.fromEntries(fields.map((n) => [n, field(n).value]));
  }
  form.reset();
  field("opinion_id").value = o.id;
  loaded = {};
  for (const name of ["summary", "text", "kind", "category", "level", "unit", "citizen", "xom"]) {
    field(name).value = o[name];
    loaded[name] = o[name]; // sent as `expected`: a field another screen changed meanwhile is refused
  }
  field("source").value = o.speaker_id === null ? "written" : String(o.speaker_id);
  field("source").disabled = true;
  showWritten();
  limits.recheck(form);
  categoryError("");
  $("op-cancel").hidden = false;
  field("summary").focus();
}

function resetForm() {
  const source = field("source").value;
  form.reset();
  field("opinion_id").value = "";
  field("source").disabled = false;
  field("source").value = source;
  $("op-cancel").hidden = true;
  if (draft) {
    // The edit is over: the opinion that was being typed comes back as it was.
    for (const [n, v] of Object.entries(draft)) field(n).value = v;
    draft = null;
  }
  showWritten();
  categoryError("");
  setTimeout(() => limits.recheck(form)); // after the reset's own
  field("summary").focus();
}

/** Say next to the category why it was refused ("" takes the message away). */
function categoryError(message) {
  const select = field("category");
  text($("op-category-error"), message);
  if (message) select.setAttribute("aria-invalid", "true");
  else select.removeAttribute("aria-invalid");
}

async function submit(e) {
  e.preventDefault();
  const payload = {};
  for (const name of ["summary", "text", "kind", "category", "level", "unit"]) payload[name] = field(name).value;
  const source = field("source").value;
  const editing = field("opinion_id").value;
  if (source === "written") {
    payload.citizen = field("citizen").value;
    payload.xom = field("xom").value;
  }
  let ack;
  if (editing) {
    const expected = Object.fromEntries(Object.keys(payload).map((n) => [n, loaded[n]]));
    ack = await live.run("opinion.update", { opinion_id: Number(editing), ...payload, expected }, T.saved);
    if (!ack.ok && ack.errors.some((x) => x.code === "changed_meanwhile")) {
      const now = byId(Number(editing));
      if (now) edit(now); // show what the other screen saved; the message asks to check and save again
      return;
    }
  } else ack = await live.run("opinion.add", { ...payload, speaker_id: source === "written" ? null : Number(source) }, T.recorded);
  if (ack.ok) {
    resetForm();
    hideSimilar();
  } else {
    const wrong = ack.errors.find((x) => x.field === "category");
    categoryError(wrong ? wrong.message : "");
    const first = ack.errors.map((x) => x.field).find((f) => f && field(f));
    if (first) field(first).focus();
  }
}

export function mount(connection) {
  live = connection;
  form.addEventListener("submit", submit);
  // Esc cancels an edit of a recorded opinion, and only that: a new one being typed is never wiped.
  form.addEventListener("keydown", (e) => {
    if (e.key === "Escape" && field("opinion_id").value) {
      e.preventDefault();
      resetForm();
    }
  });
  field("source").addEventListener("change", (e) => {
    manual = { value: e.target.value, speaker: S.speaker_id };
    showWritten();
  });
  $("op-cancel").addEventListener("click", resetForm);
  field("category").addEventListener("change", () => field("category").value && categoryError(""));
  $("op-only-open").addEventListener("change", () => S && showRows());
  live.store.subscribe(render);
}
