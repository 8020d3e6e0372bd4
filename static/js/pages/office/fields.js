/* The meeting forms' fields (the "new meeting" form and the editor, templates/office.html): the
 * groups of repeated rows, reading and checking what is typed before it is sent, and showing a
 * refusal next to the field it names. The ranges come from the commands' own payload models (page
 * data `rules.ranges`, server/views.py meeting_rules), never copied here. */

import { $, toast } from "../../core/dom.js";
import { attach as attachDate, read as readDate, say } from "../../core/dates.js";
import { clean, fill } from "../../core/format.js";
import { T, rules } from "../../core/page.js";

export const field = (form, name) => form.elements.namedItem(name);
export { say };
// The meeting's particulars, as meeting.update names them; and its settings (meeting.settings).
export const PARTICULARS = ["title", "hamlet", "place", "organiser", "starts_at", "banner", "units", "chairs", "secretaries", "invited_count", "allocation"];
export const SETTINGS = ["default_speech_minutes", "warning_seconds", "deadline_working_days", "categories"];
// The groups of repeated rows: the fields of a row, in order, and those a non-empty row needs.
export const GROUPS = {
  units: { template: "row-units", keys: ["level", "name"], required: ["level", "name"] },
  chairs: { template: "row-people", keys: ["name", "title"], required: ["name"] },
  secretaries: { template: "row-people", keys: ["name", "title"], required: ["name"] },
  allocation: { template: "row-allocation", keys: ["xom", "count"], required: ["xom", "count"], numbers: ["count"] },
};
// Examples shown in a new meeting's two empty unit rows: data, typed as the law of the day names
// the levels (xã / tỉnh today, xã / thị xã / tỉnh in 2023); the code assumes no level.
const UNIT_HINTS = ["xã", "tỉnh"];
const RANGES = rules.ranges || {};
const COUNT = RANGES.allocation_count; // invitations of one xóm

/** A time typed on the 24-hour clock: 8:00, 08:00, 8h, 8h30, 8.30 or 0830 -> "HH:MM". "" when
 * empty; null when it is not a time of day. */
export function parseTime(text) {
  const t = String(text || "").trim();
  if (!t) return "";
  const m = /^(\d{1,2})\s*[:.hHg]\s*(\d{2})$/.exec(t) || /^(\d{1,2})\s*[hHg]$/.exec(t) || /^(\d{2})(\d{2})$/.exec(t);
  if (!m) return null;
  const h = Number(m[1]);
  const min = Number(m[2] || 0);
  if (h > 23 || min > 59) return null;
  return `${String(h).padStart(2, "0")}:${String(min).padStart(2, "0")}`;
}

/** The lines of a text area (the banner, the categories): one a row, blank rows dropped. */
export function lines(text) {
  return String(text || "")
    .split("\n")
    .map(clean)
    .filter(Boolean);
}

/** A whole number typed in a number field: the number, "" when empty, or null when it is not one
 * (a number field's value is "" for what is not a number: `badInput` tells them apart). */
export function wholeNumber(input) {
  const text = input.value.trim();
  if (!text) return input.validity && input.validity.badInput ? null : "";
  return /^\d+$/.test(text) ? Number(text) : null;
}

const rangeText = ([min, max]) => fill(T.range, { min, max });

/** The rows of a group, in the page's order. */
export function rowsOf(form, key) {
  return [...form.querySelectorAll(`fieldset[data-rows="${key}"] .row-list > .row`)];
}

/** What a group's rows show: one array of raw values a row. */
export function rowsShown(form, key) {
  return rowsOf(form, key).map((row) => GROUPS[key].keys.map((k) => row.querySelector(`[data-key="${k}"]`).value));
}

/** Name a group's inputs after their row ("chairs.1.name"), label the rows, and allow no more rows
 * than the server takes. */
function renumber(form, key) {
  const box = form.querySelector(`fieldset[data-rows="${key}"]`);
  const legend = box.querySelector("legend").textContent;
  const rows = rowsOf(form, key);
  rows.forEach((row, i) => {
    row.setAttribute("aria-label", fill(T.row_n, { group: legend, n: i + 1 }));
    for (const input of row.querySelectorAll("[data-key]")) {
      input.name = `${key}.${i}.${input.dataset.key}`;
      const error = input.nextElementSibling;
      if (error && error.classList.contains("field-error")) {
        error.id = `${form.id}-${input.name}-error`;
        input.setAttribute("aria-describedby", error.id);
      }
    }
    const remove = row.querySelector(".remove-row");
    remove.setAttribute("aria-label", fill(T.remove_row, { group: legend, n: i + 1 }));
    remove.title = T.remove;
  });
  box.querySelector(".add-row").disabled = rows.length >= Number(box.dataset.max);
}

/** A new row of a group, with these values (and placeholders). */
function newRow(form, key, values, hints) {
  const row = $(GROUPS[key].template).content.firstElementChild.cloneNode(true);
  GROUPS[key].keys.forEach((k, i) => {
    const input = row.querySelector(`[data-key="${k}"]`);
    input.value = values && values[i] !== undefined && values[i] !== null ? String(values[i]) : "";
    // An example, said as one ("VD: xã") and shown grey and italic: never taken for a value typed.
    if (hints && hints[i]) input.placeholder = fill(T.form_example, { example: hints[i] });
  });
  row.querySelector(".remove-row").addEventListener("click", () => removeRow(form, key, row));
  return row;
}

/** Show these rows in a group (arrays of values), or the empty rows a new meeting starts with. */
export function setRows(form, key, rows) {
  const list = form.querySelector(`fieldset[data-rows="${key}"] .row-list`);
  if (rows.length) list.replaceChildren(...rows.map((values) => newRow(form, key, values)));
  else if (key === "units") list.replaceChildren(...UNIT_HINTS.map((hint) => newRow(form, key, null, [hint])));
  else list.replaceChildren(newRow(form, key, null));
  say(field(form, key), "");
  renumber(form, key);
  if (key === "allocation") showAllocationTotal(form);
}

export function addRow(form, key) {
  const box = form.querySelector(`fieldset[data-rows="${key}"]`);
  if (rowsOf(form, key).length >= Number(box.dataset.max)) return;
  const row = newRow(form, key, null);
  box.querySelector(".row-list").append(row);
  renumber(form, key);
  say(field(form, key), "");
  row.querySelector("input").focus();
}

function removeRow(form, key, row) {
  const rows = rowsOf(form, key);
  const next = rows[rows.indexOf(row) + 1] || rows[rows.indexOf(row) - 1];
  row.remove();
  renumber(form, key);
  say(field(form, key), "");
  if (key === "allocation") showAllocationTotal(form);
  (next ? next.querySelector("input") : field(form, key)).focus();
}

/** "Allocated in all: 40 / 40 invited", under the allocation per xóm. */
export function showAllocationTotal(form) {
  const box = form.querySelector("[data-alloc-total]");
  if (!box) return;
  const sum = rowsOf(form, "allocation")
    .map((row) => wholeNumber(row.querySelector('[data-key="count"]')))
    .reduce((total, n) => total + (typeof n === "number" ? n : 0), 0);
  const invited = wholeNumber(field(form, "invited_count"));
  const of = typeof invited === "number" ? invited : 0;
  box.textContent = fill(T.allocation_total, { sum, invited: of });
  box.dataset.sum = sum;
  box.dataset.match = String(sum === of);
}

/** A group's rows as the server takes them (empty rows dropped), noting each problem; remembers
 * which row of the page each sent row is, to show the server's refusal of `chairs.1.name`. */
function readRows(form, key, problems) {
  const group = GROUPS[key];
  const out = [];
  const map = [];
  rowsOf(form, key).forEach((row, index) => {
    const inputs = group.keys.map((k) => row.querySelector(`[data-key="${k}"]`));
    const texts = inputs.map((input) => clean(input.value));
    if (texts.every((t) => t === "") && !inputs.some((input) => input.validity && input.validity.badInput)) return;
    const item = {};
    group.keys.forEach((k, i) => {
      const input = inputs[i];
      if (group.numbers && group.numbers.includes(k)) {
        const n = wholeNumber(input);
        if (n === "") problems.push([input, T.required]);
        else if (n === null || n < COUNT[0] || n > COUNT[1]) problems.push([input, rangeText(COUNT)]);
        item[k] = n;
      } else {
        if (!texts[i] && group.required.includes(k)) problems.push([input, T.required]);
        item[k] = texts[i];
      }
    });
    out.push(item);
    map.push(index);
  });
  form.rowMap = { ...(form.rowMap || {}), [key]: map };
  if (key === "allocation") {
    const seen = new Map();
    out.forEach((item, i) => {
      const name = item.xom.toLowerCase();
      if (!name) return;
      if (seen.has(name)) problems.push([rowsOf(form, key)[map[i]].querySelector('[data-key="xom"]'), T.duplicate_xom]);
      else seen.set(name, i);
    });
  }
  return out;
}

/** Clear every message in a form (the date's own is cleared as it is read). */
export function clearMessages(form) {
  for (const input of form.elements) if (input.name && input.name !== "date") say(input, "");
}

/** The form's values as the server takes them (`mode`: "create", "copy" or "edit"), or null after
 * saying next to each field what is wrong with it and focusing the first such field. Nothing in
 * the form is cleared. */
export function readMeeting(form, mode) {
  const problems = [];
  const text = (name) => clean(field(form, name).value);
  clearMessages(form);
  for (const name of ["title", "hamlet"]) if (!text(name)) problems.push([field(form, name), T.required]);

  const dateInput = field(form, "date");
  const date = readDate(dateInput); // says itself why a value is not a date
  if (date === "") problems.push([dateInput, T.required]);
  else if (date === null) problems.push([dateInput, null]);

  const timeInput = field(form, "time");
  const time = parseTime(timeInput.value);
  if (time === "") problems.push([timeInput, T.required]);
  else if (time === null) problems.push([timeInput, T.time_format]);
  else timeInput.value = time;

  const values = { title: text("title"), hamlet: text("hamlet"), starts_at: `${date}T${time}` };
  if (mode !== "copy") {
    values.place = text("place");
    values.organiser = text("organiser");
    const bannerInput = field(form, "banner");
    values.banner = lines(bannerInput.value);
    const lineMax = Number(bannerInput.dataset.lineMax) || 200;
    const long = values.banner.findIndex((line) => line.length > lineMax);
    if (values.banner.length > RANGES.banner[1]) problems.push([bannerInput, fill(T.banner_lines, { n: RANGES.banner[1] })]);
    else if (long >= 0) problems.push([bannerInput, fill(T.banner_line_long, { n: long + 1, max: lineMax })]);
    for (const key of Object.keys(GROUPS)) values[key] = readRows(form, key, problems);
    values.invited_count = readNumber(form, "invited_count", problems, 0);
  }
  if (mode === "edit") {
    for (const name of ["default_speech_minutes", "warning_seconds", "deadline_working_days"]) values[name] = readNumber(form, name, problems, null);
    const input = field(form, "categories");
    const categories = lines(input.value);
    const lineMax = Number(input.dataset.lineMax) || 60;
    const long = categories.findIndex((line) => line.length > lineMax);
    if (categories.length < RANGES.categories[0] || categories.length > RANGES.categories[1]) problems.push([input, rangeText(RANGES.categories)]);
    else if (long >= 0) problems.push([input, fill(T.banner_line_long, { n: long + 1, max: lineMax })]);
    else if (new Set(categories).size !== categories.length) problems.push([input, T.duplicate_category]);
    values.categories = categories;
  }

  for (const [input, message] of problems) if (message) say(input, message);
  if (problems.length) {
    const inputs = problems.map(([input]) => input);
    inputs.sort((a, b) => (a.compareDocumentPosition(b) & Node.DOCUMENT_POSITION_FOLLOWING ? -1 : 1));
    inputs[0].focus();
    return null;
  }
  return values;
}

/** A whole number field within its range; `empty` is its value when left empty (null: required). */
function readNumber(form, name, problems, empty) {
  const input = field(form, name);
  const n = wholeNumber(input);
  if (n === "" && empty !== null) return empty;
  if (n === "") problems.push([input, T.required]);
  else if (n === null || n < RANGES[name][0] || n > RANGES[name][1]) problems.push([input, rangeText(RANGES[name])]);
  return n;
}

/** Which form field a server's error names: "starts_at" is the date and time, "banner.2" a line
 * of the banner, "chairs.1.name" the name in the second chair row sent (empty rows are not sent),
 * "allocation" the group (its add button). Null for a field the form does not show. */
function inputFor(form, name) {
  const parts = String(name || "").split(".");
  const key = parts[0];
  let input = null;
  if (key === "starts_at") input = field(form, "date");
  else if (GROUPS[key]) {
    const index = parts.length > 1 ? ((form.rowMap || {})[key] || [])[Number(parts[1])] : undefined;
    const row = index !== undefined ? rowsOf(form, key)[index] : null;
    input = (row && parts[2] && row.querySelector(`[data-key="${parts[2]}"]`)) || field(form, key);
  } else if (key) input = field(form, key);
  if (!(input instanceof HTMLElement) || input.closest("[hidden]")) return null;
  return input;
}

/** A refusal: each error next to the field it names, the others in the toast. */
export function showErrors(form, ack) {
  const rest = [];
  let first = null;
  for (const error of ack.errors) {
    const input = form ? inputFor(form, error.field) : null;
    if (input) {
      say(input, error.message);
      first = first || input;
    } else rest.push(error);
  }
  if (rest.length) toast({ ok: false, errors: rest });
  if (first) first.focus();
}

/** Run `fn` once at a time for a form (a double Enter must not create two meetings). */
export function guarded(form, fn) {
  let busy = false;
  return async (event) => {
    event.preventDefault();
    if (busy) return;
    busy = true;
    form.setAttribute("aria-busy", "true");
    try {
      await fn();
    } finally {
      busy = false;
      form.removeAttribute("aria-busy");
    }
  };
}

/** Wire a meeting form: the date and time fields, messages cleared as the office types, the
 * groups' add buttons, and Enter (Ctrl+Enter in the banner and categories) to submit. */
export function wire(form) {
  attachDate(field(form, "date"));
  const time = field(form, "time");
  time.addEventListener("blur", () => {
    const value = parseTime(time.value);
    if (value) time.value = value;
  });
  form.addEventListener("input", (e) => {
    const input = e.target;
    if (input.name && input.name !== "date") say(input, "");
    const group = input.closest("fieldset[data-rows]");
    if (group) say(field(form, group.dataset.rows), "");
    if (input.name === "invited_count" || (group && group.dataset.rows === "allocation")) showAllocationTotal(form);
  });
  for (const button of form.querySelectorAll(".add-row")) button.addEventListener("click", () => addRow(form, button.name));
  // Enter submits from any field, the long title's too (it wraps, but is one line of text); in the
  // banner and the categories Enter starts a new line, and Ctrl+Enter submits.
  field(form, "title").addEventListener("keydown", (e) => {
    if (e.key === "Enter" && !e.isComposing) {
      e.preventDefault();
      form.requestSubmit();
    }
  });
  for (const name of ["banner", "categories"]) {
    const area = field(form, name);
    if (!area) continue;
    area.addEventListener("keydown", (e) => {
      if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) {
        e.preventDefault();
        form.requestSubmit();
      }
    });
  }
}
