/* The preparation duties of the meeting shown (issue 19: the plan names them; docs/protocol.md
 * `duty.*`): unit, task, person in charge, and the working days before the meeting day they are due
 * by, each row edited in place (Enter saves, Esc puts it back), ticked done, or removed, and a form to
 * add one. The snapshot's `duties` carry each deadline; whether one is overdue depends on today, so
 * the page asks the server (`GET /m/<id>/duties`) after each change of the list and marks those rows:
 * an overdue duty stands out, and the heading counts them. */

import { $, el, text } from "../../core/dom.js";
import { KeyedList } from "../../core/list.js";
import { say } from "../../core/dates.js";
import { clean, fill } from "../../core/format.js";
import * as http from "../../core/http.js";
import { T } from "../../core/page.js";
import { onKeys, send, shown } from "./people.js";
import { onMeeting } from "./session.js";

const FIELDS = ["unit", "task", "person", "days_before"];
const body = $("duty-rows");
const addForm = $("duty-add");
let dueness = new Map(); // duty id -> {overdue, days_left}, as the server last said
let asked = 0; // the last question asked about dueness (an older answer is dropped)

/** A row's field as the command takes it (days_before a number; text cleaned). */
function valueOf(name, raw) {
  if (name !== "days_before") return clean(raw);
  const value = clean(raw);
  return /^[0-9]+$/.test(value) ? Number(value) : value; // anything else: the server's reason
}

/** A field's name as the add form's label says it. */
const labelOf = (name) => addForm.elements.namedItem(name).closest("label").firstChild.textContent.trim();

function dateText(iso) {
  if (!iso) return T.duty_no_date;
  const [y, m, d] = iso.split("-");
  return fill(T.duty_deadline, { date: `${d}/${m}/${y}` });
}

function dueText(duty) {
  const due = dueness.get(duty.id);
  if (duty.status === "done" || !due || due.days_left === null || due.days_left === undefined) return "";
  if (due.overdue) return fill(T.duty_overdue, { n: Math.max(1, -due.days_left) });
  if (due.days_left === 0) return T.duty_due_today;
  return fill(T.duty_days_left, { n: due.days_left });
}

function row(duty) {
  const tr = el("tr");
  tr.duty = duty;
  const inputs = FIELDS.map((name) => {
    const input = el("input", {
      name,
      "aria-label": `${labelOf(name)}: ${duty.task}`,
      inputmode: name === "days_before" ? "numeric" : null,
      maxlength: addForm.elements.namedItem(name).maxLength,
    });
    input.addEventListener("input", () => say(input, ""));
    onKeys(input, () => save(tr.duty, tr), () => putBack(tr.duty, tr));
    return el("td", { class: `c-${name}` }, input);
  });
  const done = el("input", {
    type: "checkbox",
    class: "duty-done",
    "aria-label": `${T.duty_done}: ${duty.task}`,
    onchange: () => send("duty.done", { duty_id: tr.duty.id, done: done.checked }, T.saved, null, `duty-${tr.duty.id}`),
  });
  tr.append(
    ...inputs,
    el("td", { class: "c-deadline" }, el("span", { class: "deadline" }), el("br"), el("span", { class: "due" })),
    el("td", { class: "c-done" }, el("label", { class: "check" }, done, " ", T.duty_done)),
    el(
      "td",
      { class: "actions" },
      el("button", { type: "button", class: "save", onclick: () => save(tr.duty, tr) }, T.save),
      el("button", { type: "button", class: "remove", title: T.remove, "aria-label": `${T.remove}: ${duty.task}`, onclick: () => remove(tr.duty) }, "✕")
    )
  );
  for (const input of inputs.map((td) => td.firstChild)) input.value = String(duty[input.name] ?? "");
  return update(tr, duty, true);
}

/** Show `duty` in its row: status, deadline, overdue mark; a field is refreshed unless it is being
 * typed in (what is typed is kept). */
function update(tr, duty, fresh = false) {
  const before = tr.duty;
  tr.duty = duty;
  const overdue = duty.status !== "done" && Boolean(dueness.get(duty.id)?.overdue);
  tr.dataset.id = duty.id;
  tr.dataset.status = duty.status;
  tr.classList.toggle("overdue", overdue);
  tr.classList.toggle("done", duty.status === "done");
  for (const name of FIELDS) {
    const input = tr.querySelector(`[name="${name}"]`);
    const typing = input === document.activeElement && input.value !== String(before[name] ?? "");
    if (!fresh && !typing) input.value = String(duty[name] ?? "");
    input.disabled = shown.readOnly;
  }
  const done = tr.querySelector("input.duty-done");
  done.checked = duty.status === "done";
  done.disabled = shown.readOnly;
  for (const button of tr.querySelectorAll("button")) button.disabled = shown.readOnly;
  text(tr.querySelector(".deadline"), dateText(duty.deadline));
  text(tr.querySelector(".due"), dueText(duty));
  return tr;
}

const rows = new KeyedList(body, {
  make: row,
  update: (tr, duty) => update(tr, duty),
  extra: (d) => `${dueText(d)}|${dueness.get(d.id)?.overdue}|${shown.readOnly}`,
});

function render() {
  const duties = shown.state.duties || [];
  rows.render(duties);
  $("duty-empty").hidden = duties.length > 0;
  const overdue = duties.filter((d) => d.status !== "done" && dueness.get(d.id)?.overdue).length;
  text($("duty-overdue"), overdue ? fill(T.duty_overdue_n, { n: overdue }) : "");
}

/** Ask the server which duties are overdue today, then mark them. */
async function askDueness() {
  const id = shown.id;
  const question = ++asked;
  const { body: answer } = await http.json(`/m/${encodeURIComponent(id)}/duties`, "office", null);
  if (question !== asked || id !== shown.id || !answer || answer.ok === false) return;
  dueness = new Map((answer.duties || []).map((d) => [d.id, { overdue: Boolean(d.overdue), days_left: d.days_left }]));
  render();
}

async function save(duty, tr) {
  const payload = { duty_id: duty.id, expected: {} };
  for (const name of FIELDS) {
    const value = valueOf(name, tr.querySelector(`[name="${name}"]`).value);
    if (value !== duty[name]) {
      payload[name] = value;
      payload.expected[name] = duty[name];
    }
  }
  for (const name of ["unit", "task"]) {
    if (name in payload && !payload[name]) {
      say(tr.querySelector(`[name="${name}"]`), T.required);
      return;
    }
  }
  if (Object.keys(payload).length === 2) return;
  await send("duty.update", payload, T.saved, tr, `duty-${duty.id}`);
}

function putBack(duty, tr) {
  for (const name of FIELDS) tr.querySelector(`[name="${name}"]`).value = String(duty[name] ?? "");
}

async function remove(duty) {
  if (!confirm(fill(T.duty_confirm_remove, { task: duty.task }))) return;
  await send("duty.remove", { duty_id: duty.id }, T.duty_removed, null, `duty-${duty.id}`);
}

addForm.addEventListener("submit", async (event) => {
  event.preventDefault();
  const payload = {};
  for (const name of FIELDS) payload[name] = valueOf(name, addForm.elements.namedItem(name).value);
  for (const name of ["unit", "task", "days_before"]) {
    if (payload[name] === "") {
      say(addForm.elements.namedItem(name), T.required);
      addForm.elements.namedItem(name).focus();
      return;
    }
  }
  const ack = await send("duty.add", payload, T.duty_added, addForm, "duty-add");
  if (ack.ok) {
    for (const name of ["task", "person"]) addForm.elements.namedItem(name).value = ""; // the unit stays
    addForm.elements.namedItem("task").focus();
  }
});

onMeeting((state, change, { other }) => {
  if (other) {
    dueness = new Map();
    addForm.reset();
    rows.render([]);
  }
  if (other || change.touches("duties", "starts_at", "status")) {
    render();
    askDueness();
  }
});
