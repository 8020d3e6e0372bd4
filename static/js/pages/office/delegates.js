/* The delegates at the table, by introduction group (the order each group is introduced in):
 * edited in place (Enter saves a row, Esc puts it back), ticked present, moved within the group,
 * removed; added below. Each group's rows are keyed by delegate: a patch updates the rows it
 * changed, and a row the office is typing in keeps its text, caret and focus. */

import { $, el, text } from "../../core/dom.js";
import { KeyedList } from "../../core/list.js";
import { say } from "../../core/dates.js";
import { clean, fill } from "../../core/format.js";
import { T } from "../../core/page.js";
import { root, send, shown } from "./people.js";
import { onMeeting } from "./session.js";

// The groups delegates are usually introduced in: data (stored, shown in the hall), so Vietnamese.
const GROUPS = ["Đại biểu cấp tỉnh", "Đại biểu cấp xã", "Đảng ủy – HĐND – UBND xã", "Thôn"];
const FIELDS = ["name", "title", "unit", "group"];
const box = $("delegate-groups");
const delegateAdd = $("delegate-add");
const sections = new Map(); // group -> {node, count, rows: KeyedList}

function input(name, label, max, extra) {
  return el("span", { class: `cell cell-${name}` }, el("input", { name, maxlength: max, "aria-label": label, ...extra }));
}

/** A delegate's row in group section `s`; its handlers read the row's current delegate and place
 * (`li.d`, `li.index`, `li.section.members`). */
function makeRow(d, index, s) {
  const present = el("input", { type: "checkbox", name: "present", onchange: (e) => setPresent(li.d, e.target) });
  const button = (role, cls, glyph, onclick, type = "button") => el("button", { type, class: cls, dataset: { role }, onclick }, glyph);
  const form = el(
    "form",
    { class: "delegate-form", id: `delegate-${d.id}`, dataset: { id: d.id, dirty: "false" }, autocomplete: "off", novalidate: true },
    input("name", T.people_full_name, root.dataset.maxName, { required: true }),
    input("title", T.people_position, root.dataset.maxTitle),
    input("unit", T.people_unit, root.dataset.maxUnit),
    input("group", T.people_group, root.dataset.maxGroup, { list: "delegate-group-options" }),
    el("label", { class: "present" }, present, el("span", { "aria-hidden": "true" }, T.people_present)),
    el(
      "span",
      { class: "row-actions" },
      button("save", "save primary", T.save, null, "submit"),
      button("up", "move", "▲", () => moveDelegate(li.d, li.section.members, li.index - 1)),
      button("down", "move", "▼", () => moveDelegate(li.d, li.section.members, li.index + 1)),
      button("remove", "remove", "✕", () => removeDelegate(li.d))
    )
  );
  const li = el("li", { dataset: { id: d.id } }, form);
  li.section = s;
  li.markDirty = () => {
    const dirty = FIELDS.some((k) => clean(form.elements.namedItem(k).value) !== li.d[k]);
    form.dataset.dirty = String(dirty);
    form.querySelector("button.save").disabled = shown.readOnly || !dirty;
  };
  for (const name of FIELDS) {
    const field = form.elements.namedItem(name);
    field.addEventListener("input", () => {
      say(field, "");
      li.markDirty();
    });
  }
  form.addEventListener("keydown", (e) => {
    if (e.key !== "Escape") return;
    for (const name of FIELDS) {
      form.elements.namedItem(name).value = li.d[name];
      say(form.elements.namedItem(name), "");
    }
    li.markDirty();
  });
  form.addEventListener("submit", (e) => {
    e.preventDefault();
    updateDelegate(li.d, form);
  });
  updateRow(li, d, index, true);
  return li;
}

/** Show delegate `d` in its row: a field the office typed in and has not saved keeps its text. */
function updateRow(li, d, index, fresh = false) {
  const form = li.firstChild;
  const before = li.d;
  li.d = d;
  li.index = index;
  const ro = shown.readOnly;
  for (const name of FIELDS) {
    const field = form.elements.namedItem(name);
    if (fresh || clean(field.value) === (before[name] || "")) {
      if (field.value !== (d[name] || "")) field.value = d[name] || "";
    }
    field.disabled = ro;
    field.setAttribute("aria-label", `${field.getAttribute("aria-label").split(":")[0]}: ${d.name}`);
  }
  const present = form.elements.namedItem("present");
  present.checked = d.present;
  present.disabled = ro;
  present.setAttribute("aria-label", `${T.people_present}: ${d.name}`);
  const label = (role, what) => {
    const b = form.querySelector(`[data-role="${role}"]`);
    b.title = what;
    b.setAttribute("aria-label", `${what}: ${d.name}`);
    return b;
  };
  label("up", T.move_up).disabled = ro || index === 0;
  label("down", T.move_down).disabled = ro || index === li.section.members.length - 1;
  label("remove", T.remove).disabled = ro;
  li.dataset.name = d.name;
  li.className = d.present ? "is-present" : "";
  li.markDirty();
}

function section(group) {
  let s = sections.get(group);
  if (!s) {
    const count = el("span", { class: "muted" });
    const list = el("ol", { class: "delegate-list" });
    const node = el("section", { class: "delegate-group", dataset: { group } }, el("h4", {}, group || T.people_no_group, " ", count), list);
    s = { node, count, members: [] };
    s.rows = new KeyedList(list, {
      make: (d, i) => makeRow(d, i, s),
      update: updateRow,
      extra: (d, i) => `${i}/${s.members.length}/${shown.readOnly}`,
    });
    sections.set(group, s);
  }
  return s;
}

function render(state) {
  const delegates = state.delegates || [];
  const groups = new Map();
  for (const d of delegates) {
    if (!groups.has(d.group)) groups.set(d.group, []);
    groups.get(d.group).push(d);
  }
  for (const [group, s] of sections) {
    if (!groups.has(group)) {
      s.node.remove();
      sections.delete(group);
    }
  }
  let cursor = box.firstChild;
  for (const [group, list] of groups) {
    const s = section(group);
    s.members = list;
    s.rows.render(list);
    text(s.count, `(${list.length})`);
    if (s.node !== cursor) box.insertBefore(s.node, cursor);
    else cursor = cursor.nextSibling;
  }
  const empty = $("delegate-empty");
  if (!delegates.length && !empty) box.append(el("p", { class: "muted empty", id: "delegate-empty" }, T.people_no_delegates));
  else if (delegates.length && empty) empty.remove();
  const present = delegates.filter((d) => d.present).length;
  text($("delegate-count"), delegates.length ? `(${fill(T.people_delegates_present, { n: present, total: delegates.length })})` : "");
  const used = [...groups.keys()].filter(Boolean);
  $("delegate-group-options").replaceChildren(...[...new Set([...used, ...GROUPS])].map((g) => el("option", { value: g })));
  root.querySelector(".delegate-columns").hidden = !delegates.length;
}

onMeeting((state, change, { other }) => {
  if (other) {
    for (const s of sections.values()) s.node.remove();
    sections.clear();
    box.replaceChildren();
    delegateAdd.reset();
  }
  if (other || change.touches("delegates", "status")) render(state);
});

async function updateDelegate(d, form) {
  const payload = { delegate_id: d.id };
  for (const name of FIELDS) {
    const value = clean(form.elements.namedItem(name).value);
    if (value !== d[name]) payload[name] = value;
  }
  if ("name" in payload && !payload.name) {
    say(form.elements.namedItem("name"), T.required);
    form.elements.namedItem("name").focus();
    return;
  }
  if (Object.keys(payload).length === 1) return;
  const ack = await send("delegate.update", payload, T.saved, form, `delegate-${d.id}`);
  const li = form.closest("li");
  if (ack.ok && li) {
    // Saved: the row shows the server's values (its patch came while the row was being edited).
    for (const name of FIELDS) form.elements.namedItem(name).value = li.d[name] || "";
    li.markDirty();
  }
}

async function setPresent(d, checkbox) {
  const ack = await send("delegate.present", { delegate_id: d.id, present: checkbox.checked }, null, null, `present-${d.id}`);
  if (!ack.ok) checkbox.checked = d.present;
}

/** Move a delegate to position `target` of its group (the order the group is introduced in). */
async function moveDelegate(d, list, target) {
  const all = shown.state.delegates.filter((x) => x.id !== d.id);
  const others = list.filter((x) => x.id !== d.id);
  let before = null;
  if (target < others.length) before = others[target].id; // in front of whoever is there
  else {
    const last = all.indexOf(others[others.length - 1]); // just after the group's last one
    before = all[last + 1] ? all[last + 1].id : null;
  }
  const focused = document.activeElement;
  await send("delegate.move", { delegate_id: d.id, before_id: before }, null, null, `delegate-${d.id}`);
  // The row moved within its list: the focus stays on its arrow, or the other one at an end.
  const form = $(`delegate-${d.id}`);
  if (form && focused && !form.contains(document.activeElement)) {
    const again = focused.isConnected && !focused.disabled ? focused : form.querySelector("button.move:not(:disabled)");
    if (again) again.focus();
  }
}

async function removeDelegate(d) {
  if (!confirm(fill(T.people_confirm_remove_delegate, { name: d.name }))) return;
  await send("delegate.remove", { delegate_id: d.id }, T.people_delegate_removed, null, `delegate-${d.id}`);
}

delegateAdd.addEventListener("submit", async (e) => {
  e.preventDefault();
  const nameInput = delegateAdd.elements.namedItem("name");
  const payload = {};
  for (const name of FIELDS) payload[name] = clean(delegateAdd.elements.namedItem(name).value);
  if (!payload.name) {
    say(nameInput, T.required);
    nameInput.focus();
    return;
  }
  const ack = await send("delegate.add", payload, T.people_delegate_added, delegateAdd, "delegate-add");
  if (ack.ok) {
    for (const name of ["name", "title", "unit"]) delegateAdd.elements.namedItem(name).value = ""; // the group stays: the next is often in it
    nameInput.focus();
  }
});
