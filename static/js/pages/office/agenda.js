/* The agenda of the meeting in the editor: a row per stage (title and planned minutes, saved by
 * Enter; moved by ▲ ▼; removed by ✕ while it has not run), the total and the expected end. Rows
 * are keyed by stage: a patch updates the rows it changed, in place, and a row the office is typing
 * in keeps what is typed, its caret and its focus. */

import { $, el, text, toast } from "../../core/dom.js";
import { KeyedList } from "../../core/list.js";
import { date, fill } from "../../core/format.js";
import { T, rules } from "../../core/page.js";
import { fitHeight } from "../../core/textarea.js";
import { field, guarded, say } from "./fields.js";
import { current, followed, live, onMeeting } from "./session.js";

const addForm = $("stage-add");
const list = $("stage-list");
const [MIN_MINUTES, MAX_MINUTES] = rules.ranges.planned_minutes;

/** "1 giờ 5 phút" / "45 phút". */
export function minutesText(total) {
  const h = Math.floor(total / 60);
  const m = total % 60;
  return h ? fill(T.duration_hm, { h, m }) : fill(T.duration_m, { m });
}

/** "YYYY-MM-DDTHH:MM" plus some minutes, as "HH:MM" (with the date, day first, on another day). */
function endOf(startsAt, minutes) {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})/.exec(startsAt || "");
  if (!m) return "";
  const [y, mo, d, h, mi] = m.slice(1).map(Number);
  const end = new Date(Date.UTC(y, mo - 1, d, h, mi) + minutes * 60000);
  const hhmm = `${String(end.getUTCHours()).padStart(2, "0")}:${String(end.getUTCMinutes()).padStart(2, "0")}`;
  const day = end.toISOString().slice(0, 10);
  return day === startsAt.slice(0, 10) ? hhmm : `${date(day)} ${hhmm}`;
}

// A stage title wraps over as many lines as it needs (the procedure's titles are long).
const autosize = fitHeight;

export function autosizeAll() {
  list.querySelectorAll("textarea").forEach(autosize);
}

/** Planned minutes typed in `input`: a whole number in the command's range, or null after saying why not. */
function readMinutes(input) {
  const typed = input.value.trim();
  const n = Number(typed);
  if (!/^\d+$/.test(typed) || n < MIN_MINUTES || n > MAX_MINUTES) {
    say(input, typed ? fill(T.minutes_range, { min: MIN_MINUTES, max: MAX_MINUTES }) : T.required);
    input.focus();
    return null;
  }
  return n;
}

/** A stage's row; its handlers read the row's current stage (`li.stage`), which update() changes. */
function makeRow(stage, index) {
  const title = el("textarea", { name: "title", rows: 1, maxlength: field(addForm, "title").maxLength, required: true });
  const minutes = el("input", { name: "planned_minutes", type: "number", min: MIN_MINUTES, max: MAX_MINUTES, required: true, "aria-label": T.planned_minutes });
  const save = el("button", { type: "submit", class: "save primary", disabled: true }, T.save);
  const move = (which, delta, label, glyph) =>
    el("button", { type: "button", class: "move", dataset: { move: which }, "aria-label": label, title: label, onclick: () => moveStage(li.stage, li.index + delta) }, glyph);
  const remove = el("button", { type: "button", class: "remove", title: T.remove, onclick: () => removeStage(li.stage) }, "✕");
  const form = el(
    "form",
    { class: "stage-form", id: `stage-${stage.id}`, dataset: { id: stage.id, dirty: "false" }, autocomplete: "off", novalidate: true },
    el("span", { class: "num" }),
    el("span", { class: "title-cell" }, title),
    el("span", { class: "mins" }, minutes, el("span", { class: "muted" }, T.minutes_short)),
    el("span", { class: "ran muted", title: T.stage_ran_title }, T.stage_ran),
    el("span", { class: "row-actions" }, save, move("up", -1, T.move_up, "▲"), move("down", 1, T.move_down, "▼"), remove)
  );
  const li = el("li", { dataset: { id: stage.id } }, form);
  const markDirty = () => {
    const s = li.stage;
    const dirty = title.value !== s.title || minutes.value !== String(s.planned_minutes);
    form.dataset.dirty = String(dirty);
    save.disabled = !dirty;
  };
  li.markDirty = markDirty;
  title.addEventListener("input", () => {
    say(title, "");
    markDirty();
    autosize(title);
  });
  // A title is one line of text, however it wraps: Enter saves the row, as in the other fields.
  title.addEventListener("keydown", (e) => {
    if (e.key === "Enter" && !e.isComposing) {
      e.preventDefault();
      form.requestSubmit();
    }
  });
  minutes.addEventListener("input", () => {
    say(minutes, "");
    markDirty();
  });
  form.addEventListener("keydown", (e) => {
    if (e.key !== "Escape") return;
    title.value = li.stage.title; // Esc puts the row back as saved
    minutes.value = li.stage.planned_minutes;
    markDirty();
    autosize(title);
  });
  form.addEventListener("submit", guarded(form, () => updateStage(li.stage, form)));
  updateRow(li, stage, index, true);
  return li;
}

/** Show `stage` at `index` in its row: what the office typed and has not saved stays. */
function updateRow(li, stage, index, fresh = false) {
  const count = current() ? current().stages.length : 1;
  const form = li.firstChild;
  const title = field(form, "title");
  const minutes = field(form, "planned_minutes");
  const before = li.stage;
  li.stage = stage;
  li.index = index;
  const dirty = form.dataset.dirty === "true";
  // A field is replaced only when the office has not typed in it: its caret and text stay.
  if (fresh || !dirty || title.value === before.title) {
    if (title.value !== stage.title) {
      title.value = stage.title;
      if (!fresh) autosize(title);
    }
  }
  if (fresh || !dirty || minutes.value === String(before.planned_minutes)) minutes.value = stage.planned_minutes;
  li.markDirty();
  const ran = (stage.runs || []).length > 0;
  li.className = ran ? "ran" : "";
  li.dataset.title = stage.title;
  form.querySelector(".ran").hidden = !ran;
  text(form.querySelector(".num"), `${index + 1}.`);
  title.setAttribute("aria-label", fill(T.stage_title_n, { n: index + 1 }));
  form.querySelector('[data-move="up"]').disabled = index === 0;
  form.querySelector('[data-move="down"]').disabled = index === count - 1;
  form.querySelector(".remove").setAttribute("aria-label", `${T.remove}: ${stage.title}`);
}

const rows = new KeyedList(list, {
  make: makeRow,
  update: updateRow,
  extra: (stage, index) => `${index}/${current() ? current().stages.length : 0}`,
});

function focusKey() {
  const node = document.activeElement;
  if (!node || !list.contains(node)) return null;
  return { id: node.closest("form").dataset.id, name: node.name || null, move: node.dataset.move || null, remove: node.classList.contains("remove") };
}

function restoreFocus(key) {
  const form = $(`stage-${key.id}`);
  if (!form || form.contains(document.activeElement)) return;
  let target = null;
  if (key.name) target = field(form, key.name);
  else if (key.move) target = form.querySelector(`button[data-move="${key.move}"]:not(:disabled)`) || form.querySelector("button[data-move]:not(:disabled)");
  else if (key.remove) target = form.querySelector("button.remove"); // a removal the server refused
  if (target) target.focus();
}

onMeeting((state, change, { other }) => {
  if (other) rows.render([]); // another meeting: no row (nor its unsaved text) carries over
  if (!other && !change.touches("stages", "starts_at")) return;
  const focus = focusKey();
  rows.render(state.stages);
  if (focus) restoreFocus(focus); // a row moved by the list (▲ ▼) keeps its focus
  const total = state.stages.reduce((sum, s) => sum + s.planned_minutes, 0);
  const end = endOf(state.starts_at, total);
  $("agenda-total").replaceChildren(
    el("b", { id: "agenda-minutes", dataset: { minutes: total } }, fill(T.total_planned, { time: minutesText(total) })),
    end ? ` · ${fill(T.expected_end, { time: end })}` : ""
  );
});

/** Send an agenda command about the meeting being edited (its patch redraws the rows it changed). */
async function agenda(name, payload, successText, form) {
  const ack = await live.send(name, payload, { meetingId: followed });
  if (!ack.ok) {
    const rest = [];
    for (const error of ack.errors) {
      const input = form && error.field ? field(form, error.field) : null;
      if (input instanceof HTMLElement) say(input, error.message);
      else rest.push(error);
    }
    if (rest.length) toast({ ok: false, errors: rest });
  } else toast(ack, successText);
  return ack;
}

async function updateStage(stage, form) {
  const titleInput = field(form, "title");
  const title = titleInput.value.trim();
  if (!title) {
    say(titleInput, T.required);
    titleInput.focus();
    return;
  }
  const minutes = readMinutes(field(form, "planned_minutes"));
  if (minutes === null) return;
  const payload = { stage_id: stage.id };
  if (title !== stage.title) payload.title = title;
  if (minutes !== stage.planned_minutes) payload.planned_minutes = minutes;
  if (Object.keys(payload).length === 1) {
    titleInput.value = title;
    form.closest("li").markDirty();
    return;
  }
  const ack = await agenda("stage.update", payload, T.saved, form);
  const li = form.closest("li");
  if (ack.ok && li) {
    // Saved: the row shows the server's values (the patch came first, while the row was dirty).
    field(form, "title").value = li.stage.title;
    field(form, "planned_minutes").value = li.stage.planned_minutes;
    li.markDirty();
    autosize(field(form, "title"));
  }
}

async function moveStage(stage, target) {
  const others = current().stages.filter((s) => s.id !== stage.id);
  // Moving to position `target` of the agenda: in front of whoever is there once it is taken out.
  const before = others[target] ? others[target].id : null;
  await agenda("stage.move", { stage_id: stage.id, before_id: before }, null);
}

async function removeStage(stage) {
  if (!confirm(fill(T.confirm_remove_stage, { title: stage.title }))) return;
  await agenda("stage.remove", { stage_id: stage.id }, T.stage_removed);
}

addForm.addEventListener(
  "submit",
  guarded(addForm, async () => {
    const titleInput = field(addForm, "title");
    const title = titleInput.value.trim();
    if (!title) {
      say(titleInput, T.required);
      titleInput.focus();
      return;
    }
    const minutes = readMinutes(field(addForm, "planned_minutes"));
    if (minutes === null) return;
    const ack = await agenda("stage.add", { title, planned_minutes: minutes, before_id: null }, T.stage_added, addForm);
    if (ack.ok) {
      titleInput.value = "";
      titleInput.focus();
    }
  })
);
for (const input of addForm.querySelectorAll("input")) input.addEventListener("input", () => say(input, ""));
window.addEventListener("resize", autosizeAll);
