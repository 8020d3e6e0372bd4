/* The outcome form of one opinion (answered, assigned, forwarded, declined): opened from its row,
 * saved with opinion.outcome; an outcome another screen recorded meanwhile is shown, not overwritten. */

import * as dates from "../../core/dates.js";
import { $, text } from "../../core/dom.js";
import { T } from "../../core/page.js";
import { Steady } from "../../core/steady.js";
import { byId, citizenOf } from "./opinions.js";

const form = $("outcome-form");
const field = (name) => form.elements.namedItem(name);
let live = null;
let guard = null; // the save button acts on the outcome the form showed (core/steady.js)
let settings = null;
let seenAt = null; // the opinion's outcome_at when its outcome form opened

/** Open the form on opinion `o`. */
export function openOutcome(o) {
  form.reset();
  form.hidden = false;
  field("opinion_id").value = o.id;
  seenAt = o.outcome_at; // another screen's outcome recorded after this is not overwritten
  text($("outcome-title"), `${citizenOf(o)}: ${o.summary}`);
  field("outcome").value = o.outcome || (o.answerer ? "answered" : "assigned");
  for (const name of ["answer", "answered_by", "forwarded_to", "prior_ref", "prior_body"]) field(name).value = o[name] || "";
  dates.set(field("prior_date"), o.prior_date);
  field("answered_by").value = o.answered_by || o.answerer;
  field("unit").value = o.unit;
  field("working_days").value = o.deadline_days || "";
  field("working_days").placeholder = settings.deadline_working_days;
  showFields();
  guard.rebase(); // what the form shows now is what a save acts on
  field("outcome").focus();
}

function showFields() {
  const outcome = field("outcome").value;
  form.querySelectorAll("[data-for]").forEach((n) => (n.hidden = n.dataset.for !== outcome));
}

async function submit(e) {
  e.preventDefault();
  // The opinion's outcome changed on another screen just now (or a double tap): not saved over it.
  if (!guard.tap()) return;
  const outcome = field("outcome").value;
  const payload = { opinion_id: Number(field("opinion_id").value), outcome, expected_outcome_at: seenAt };
  for (const label of form.querySelectorAll(`[data-for="${outcome}"]`)) {
    const input = label.querySelector("input, textarea");
    if (input.value.trim() === "") continue;
    if (input.name === "prior_date") {
      // Typed dd/mm/yyyy, sent as ISO; a value that is not a date is said next to it, and nothing is sent.
      const iso = dates.read(input);
      if (iso === null) return input.focus();
      payload.prior_date = iso;
      continue;
    }
    payload[input.name] = input.type === "number" ? Number(input.value) : input.value;
  }
  const ack = await guard.hold(() => live.run("opinion.outcome", payload, T.saved));
  if (ack.ok) form.hidden = true;
  else if (ack.errors.some((x) => x.code === "changed_meanwhile")) {
    const now = byId(payload.opinion_id);
    if (now) openOutcome(now); // the outcome recorded meanwhile, to check before saving again
  } else {
    const wrong = ack.errors.find((x) => x.field === "prior_date");
    if (wrong) dates.say(field("prior_date"), wrong.message);
  }
}

export function mount(connection) {
  live = connection;
  const opened = () => byId(Number(field("opinion_id").value));
  guard = new Steady(live, () => {
    const o = form.hidden ? null : opened();
    return o ? `${o.id}|${o.outcome_at}` : "";
  });
  guard.watch(form.querySelector("button[type=submit]"));
  live.store.subscribe((state) => (settings = state.settings));
  field("outcome").addEventListener("change", showFields);
  dates.attach(field("prior_date"));
  form.addEventListener("keydown", (e) => e.key === "Escape" && (form.hidden = true));
  $("outcome-cancel").addEventListener("click", () => (form.hidden = true));
  form.addEventListener("submit", submit);
}
