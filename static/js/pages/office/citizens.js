/* The invited citizens: the count per xóm against the allocation, a filter (with or without
 * diacritics), the table in Vietnamese order of names, a row edited in place (Edit or a double
 * click; Enter saves, Esc puts it back), removal, and a form to add one. The rows are keyed by
 * citizen: a patch touches only the rows it changed, a row being edited keeps what is typed, and a
 * long list shows a page at a time (a person scrolls or filters a list of 1,000 anyway). */

import { $, el, text } from "../../core/dom.js";
import { KeyedList } from "../../core/list.js";
import { say } from "../../core/dates.js";
import { clean, fill, fold } from "../../core/format.js";
import { T } from "../../core/page.js";
import { onKeys, quotaItems, root, send, shown, sortedCitizens, xomKey } from "./people.js";
import { onMeeting } from "./session.js";

const FIELDS = ["name", "xom", "year_of_birth", "gender", "phone", "id_number", "note"];
const MAX = { name: "maxName", xom: "maxXom", year_of_birth: "maxYear", phone: "maxPhone", id_number: "maxId", note: "maxNote" };

/** A field's value as the command takes it: a year of birth is a number or null (left empty);
 * anything else typed there is sent as typed, for the server to refuse with its reason. */
function valueOf(name, raw) {
  const value = clean(raw);
  if (name !== "year_of_birth") return value;
  if (!value) return null;
  return /^[0-9]{4}$/.test(value) ? Number(value) : value;
}

/** A field's value as an input shows it. */
const shownValue = (value) => (value === null || value === undefined ? "" : String(value));

/** A gender in words. */
const genderText = (g) => (g ? T[`imp_gender_${g}`] || g : "");
const PAGE = 200; // rows shown at first, and added by "show more"
const body = $("citizen-rows");
const filter = $("citizen-filter");
const citizenAdd = $("citizen-add");
const more = $("citizen-more");

let editing = null; // the citizen being edited in place: {id, values}
let limit = PAGE;
let sorted = { version: null, rows: [] }; // the citizens in Vietnamese order, as of a version
let lastChange = null; // the change the store last reported
const haystacks = new WeakMap(); // citizen -> the folded text the filter searches

function haystack(c) {
  let h = haystacks.get(c);
  if (h === undefined) haystacks.set(c, (h = fold([c.name, c.xom, c.year_of_birth || "", c.phone, c.id_number, c.note].join(" "))));
  return h;
}

const labels = () => ({ name: T.people_full_name, xom: T.people_xom, year_of_birth: T.imp_year, gender: T.imp_gender, phone: T.people_phone, id_number: T.people_id_number, note: T.people_note });

/** The row's cells for viewing, or (on a mode change) for editing; a row being edited keeps its inputs. */
function fillRow(tr, c) {
  const mode = editing && editing.id === c.id ? "edit" : "view";
  tr.c = c;
  tr.dataset.id = c.id;
  tr.dataset.name = c.name;
  if (mode === "edit") {
    if (tr.mode !== "edit") showEdit(tr, c);
  } else {
    if (tr.mode !== "view") showView(tr);
    viewCells(tr, c);
  }
  tr.mode = mode;
  return tr;
}

function showView(tr) {
  tr.className = "";
  const cell = (name) => el("td", { class: `c-${name}` });
  const edit = el("button", { type: "button", class: "edit", onclick: () => editCitizen(tr.c) }, T.edit);
  const remove = el("button", { type: "button", class: "remove", title: T.remove, onclick: () => removeCitizen(tr.c) }, "✕");
  tr.replaceChildren(cell("name"), cell("xom"), cell("year"), cell("gender"), cell("phone"), cell("id"), cell("note"), el("td", { class: "actions" }, edit, remove));
}

function viewCells(tr, c) {
  const [name, xom, year, gender, phone, id, note, actions] = tr.children;
  const mark = name.querySelector(".checked-in");
  if (name.firstChild && name.firstChild.nodeType === 3) name.firstChild.data = c.name;
  else name.prepend(c.name);
  if (c.present && !mark) name.append(el("span", { class: "checked-in", title: T.people_checked_in }, " ✓"));
  else if (!c.present && mark) mark.remove();
  text(xom, c.xom);
  text(year, shownValue(c.year_of_birth));
  text(gender, genderText(c.gender));
  text(phone, c.phone);
  text(id, c.id_number);
  text(note, c.note);
  const [edit, remove] = actions.children;
  edit.setAttribute("aria-label", `${T.edit}: ${c.name}`);
  remove.setAttribute("aria-label", `${T.remove}: ${c.name}`);
  edit.disabled = remove.disabled = shown.readOnly;
  tr.classList.toggle("is-present", Boolean(c.present));
  tr.ondblclick = () => editCitizen(tr.c);
}

function showEdit(tr, c) {
  const names = labels();
  tr.className = "editing";
  tr.ondblclick = null;
  const cells = FIELDS.map((name) => {
    const input =
      name === "gender"
        ? el(
            "select",
            { name, "aria-label": `${names[name]}: ${c.name}` },
            el("option", { value: "" }, "—"),
            el("option", { value: "nam" }, T.imp_gender_nam),
            el("option", { value: "nu" }, T.imp_gender_nu)
          )
        : el("input", {
            name,
            maxlength: root.dataset[MAX[name]],
            "aria-label": `${names[name]}: ${c.name}`,
            inputmode: ["phone", "id_number", "year_of_birth"].includes(name) ? "numeric" : null,
            list: name === "xom" ? "citizen-xom-options" : null,
          });
    input.value = shownValue(editing.values[name]);
    input.addEventListener(name === "gender" ? "change" : "input", () => {
      editing.values[name] = input.value;
      say(input, "");
    });
    onKeys(input, () => updateCitizen(tr.c, tr), () => cancelEdit(tr.c));
    return el("td", { class: `c-${name}` }, input);
  });
  const actions = el(
    "td",
    { class: "actions" },
    el("button", { type: "button", class: "save primary", onclick: () => updateCitizen(tr.c, tr) }, T.save),
    el("button", { type: "button", class: "cancel", onclick: () => cancelEdit(tr.c) }, T.people_cancel)
  );
  tr.replaceChildren(...cells, actions);
}

const rows = new KeyedList(body, {
  make: (c) => fillRow(el("tr"), c),
  update: fillRow,
  extra: (c) => `${editing && editing.id === c.id ? "edit" : "view"}/${shown.readOnly}`,
});

/** The citizens in Vietnamese order, kept from one version to the next: a patch that only
 * replaces citizens (a check-in at the door, a phone corrected) keeping their names swaps them in
 * place; one that adds, removes or renames sorts again. */
function resort(citizens, version) {
  const change = lastChange;
  const part = change && !change.reset ? change.collections.citizens : null;
  if (part && sorted.rows.length === citizens.length && !part.drop.size && !part.order) {
    const byId = new Map(citizens.filter((c) => part.put.has(c.id)).map((c) => [c.id, c]));
    const renamed = sorted.rows.some((c) => byId.has(c.id) && byId.get(c.id).name !== c.name);
    if (!renamed) {
      sorted = { version, rows: sorted.rows.map((c) => byId.get(c.id) || c) };
      return;
    }
  }
  sorted = { version, rows: sortedCitizens(citizens) };
}

function render() {
  const state = shown.state;
  const citizens = state.citizens || [];
  if (sorted.version !== state.version) resort(citizens, state.version);
  if (editing && !citizens.some((c) => c.id === editing.id)) editing = null;
  const words = fold(filter.value).split(/\s+/).filter(Boolean);
  const found = words.length ? sorted.rows.filter((c) => words.every((w) => haystack(c).includes(w))) : sorted.rows;
  rows.render(found.slice(0, limit));
  more.hidden = found.length <= limit;
  more.textContent = fill(T.people_show_more, { n: Math.min(PAGE, found.length - limit), total: found.length });
  text($("citizen-count"), citizens.length ? `(${citizens.length})` : "");
  text($("citizen-shown"), words.length ? fill(T.people_shown_of, { n: found.length, total: citizens.length }) : "");
  $("citizen-empty").hidden = citizens.length > 0;
}

function renderQuota() {
  const state = shown.state;
  const citizens = state.citizens || [];
  $("citizen-quota").replaceChildren(...quotaItems(citizens));
  const xoms = new Map();
  for (const a of state.allocation || []) xoms.set(xomKey(a.xom), a.xom);
  for (const c of citizens) if (!xoms.has(xomKey(c.xom))) xoms.set(xomKey(c.xom), c.xom);
  $("citizen-xom-options").replaceChildren(...[...xoms.values()].map((x) => el("option", { value: x })));
}

onMeeting((state, change, { other, readOnly }) => {
  lastChange = other ? null : change;
  if (other) {
    // Another meeting: no row's edit carries over.
    editing = null;
    limit = PAGE;
    filter.value = "";
    citizenAdd.reset();
    rows.render([]);
  }
  if (readOnly) editing = null;
  if (other || change.touches("citizens", "status")) render();
  if (other || change.touches("citizens", "allocation", "invited_count")) renderQuota();
});

function editCitizen(c) {
  if (shown.readOnly) return;
  editing = { id: c.id, values: Object.fromEntries(FIELDS.map((k) => [k, c[k]])) };
  render();
  const first = body.querySelector("tr.editing input[name=name]");
  if (first) first.select();
}

function cancelEdit(c) {
  editing = null;
  render();
  const button = body.querySelector(`tr[data-id="${c.id}"] button.edit`);
  if (button) button.focus();
}

async function updateCitizen(c, tr) {
  const payload = { citizen_id: c.id };
  for (const name of FIELDS) {
    const value = valueOf(name, tr.querySelector(`[name="${name}"]`).value);
    if (value !== (c[name] === undefined ? valueOf(name, "") : c[name])) payload[name] = value;
  }
  for (const name of ["name", "xom"]) {
    if (name in payload && !payload[name]) {
      const input = tr.querySelector(`[name="${name}"]`);
      say(input, T.required);
      input.focus();
      return;
    }
  }
  if (Object.keys(payload).length === 1) return cancelEdit(c);
  const ack = await send("citizen.update", payload, T.saved, tr, `citizen-${c.id}`);
  if (ack.ok && editing && editing.id === c.id) cancelEdit(c);
}

async function removeCitizen(c) {
  if (!confirm(fill(T.people_confirm_remove_citizen, { name: c.name }))) return;
  await send("citizen.remove", { citizen_id: c.id }, T.people_citizen_removed, null, `citizen-${c.id}`);
}

citizenAdd.addEventListener("submit", async (e) => {
  e.preventDefault();
  const payload = {};
  for (const name of FIELDS) payload[name] = valueOf(name, citizenAdd.elements.namedItem(name).value);
  for (const name of ["name", "xom"]) {
    if (!payload[name]) {
      say(citizenAdd.elements.namedItem(name), T.required);
      citizenAdd.elements.namedItem(name).focus();
      return;
    }
  }
  const ack = await send("citizen.add", payload, T.people_citizen_added, citizenAdd, "citizen-add");
  if (ack.ok) {
    for (const name of ["name", "year_of_birth", "gender", "phone", "id_number", "note"]) citizenAdd.elements.namedItem(name).value = ""; // the xóm stays
    citizenAdd.elements.namedItem("name").focus();
  }
});

filter.addEventListener("input", () => {
  limit = PAGE;
  if (shown.state) render();
});
more.addEventListener("click", () => {
  limit += PAGE;
  render();
});
