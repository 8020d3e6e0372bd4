/* The people of a meeting, in the office's editor (templates/_office_people.html): the delegates at
 * the table, the invited citizens, their import from a spreadsheet with a preview, and the papers the
 * office prints (the agenda, the registration-to-speak form, the attendance sheet).
 *
 * office.js owns the editor: it sends `office:meeting` ({meetingId, state, readOnly}) each time it
 * shows a meeting's snapshot (the office reads the secretary's snapshot, with the citizens' private
 * fields), and reads the meeting again on `office:reload`, which this file sends after each of its
 * commands. Files are read by `POST /office/import/<kind>` (server/uploads.py): nothing is saved
 * until the office confirms the preview, and the rows then go through `citizens.import` /
 * `delegates.import` like any other command. Data is only ever inserted as text (`el`, textContent).
 */
"use strict";

(() => {
  const T = window.STRINGS;
  const $ = (id) => document.getElementById(id);
  const root = $("people");
  if (!root) return;
  const say = (input, text) => DateField.say(input, text); // a message next to a field ("" clears it)
  const fmt = (template, values) => Object.entries(values).reduce((s, [k, v]) => s.split(`{${k}}`).join(String(v)), template);
  const collator = new Intl.Collator("vi"); // ICU's Vietnamese order: a < ă < â, d < đ, o < ô < ơ …
  const CHUNK = { delegates: 500, citizens: 3000 }; // rows one import command takes (docs/protocol.md)
  // The groups delegates are usually introduced in: data (stored, shown in the hall), so Vietnamese.
  const GROUPS = ["Đại biểu cấp tỉnh", "Đại biểu cấp xã", "Đảng ủy – HĐND – UBND xã", "Thôn"];
  const DELEGATE_FIELDS = ["name", "title", "unit", "group"];
  const CITIZEN_FIELDS = ["name", "xom", "phone", "id_number", "note"];
  const PREVIEW_ROWS = 10; // rows of a file shown in its preview

  let meetingId = null; // the meeting open in the editor
  let state = null; // its snapshot, as office.js last read it
  let readOnly = false; // an archived meeting: nothing can change
  let editing = null; // the citizen being edited in place: {id, values}
  let refocus = null; // the citizen whose row gets the focus back once the list is redrawn
  const previews = { delegates: null, citizens: null }; // the preview shown for each kind, if any
  const busy = new Set(); // commands under way, by what they are about (no double Enter)

  // ------------------------------------------------------------------ text helpers

  /** Text as the server stores it: NFC, trimmed, white space folded. */
  function clean(text) {
    return String(text || "")
      .normalize("NFC")
      .trim()
      .replace(/\s+/g, " ");
  }

  const fold = Fmt.fold; // for matching what is typed: "Nguyễn Văn Đạt" -> "nguyen van dat"

  /** A xóm as allocations and lists are compared: letter case and spacing aside. */
  function xomKey(xom) {
    return clean(xom).toLocaleLowerCase("vi");
  }

  /** "Xóm {name}", unless the name already starts with "Xóm". */
  function xomText(xom) {
    const prefix = T.people_xom_of.split("{name}")[0].trim();
    return prefix && xomKey(xom).startsWith(prefix.toLocaleLowerCase("vi")) ? xom : fmt(T.people_xom_of, { name: xom });
  }

  /** Vietnamese order of names: by the given name (the last word), then the rest, then as written. */
  function byName(a, b) {
    const [ga, ra] = nameParts(a);
    const [gb, rb] = nameParts(b);
    return collator.compare(ga, gb) || collator.compare(ra, rb) || collator.compare(a, b);
  }

  function nameParts(name) {
    const words = clean(name).split(" ");
    return [words[words.length - 1] || "", words.slice(0, -1).join(" ")];
  }

  function sortedCitizens(citizens) {
    return [...citizens].sort((a, b) => byName(a.name, b.name) || a.id - b.id);
  }

  /** The citizens of the snapshot in Vietnamese order, each with the folded text the filter
   * searches: worked out once a snapshot, not at every key typed in the filter. */
  let sortedCache = { source: null, rows: [] };
  function citizensForList() {
    const citizens = state.citizens || [];
    if (sortedCache.source !== citizens) {
      sortedCache = { source: citizens, rows: sortedCitizens(citizens).map((c) => ({ c, text: haystack(c) })) };
    }
    return sortedCache.rows;
  }

  // ------------------------------------------------------------------ commands

  /** Have office.js read meeting `id` again (it then sends `office:meeting`). */
  function reload(id) {
    document.dispatchEvent(new CustomEvent("office:reload", { detail: { meetingId: id } }));
  }

  /** Each error of a refusal next to the field of `scope` it names, the others in the toast.
   * Returns whether any was shown next to a field. */
  function showRefusal(ack, scope) {
    const rest = [];
    let first = null;
    for (const error of ack.errors) {
      const name = String(error.field || "").split(".")[0];
      const input = scope && name ? scope.querySelector(`[name="${name}"]`) : null;
      if (input && input.type !== "checkbox") {
        say(input, error.message);
        first = first || input;
      } else rest.push(error);
    }
    if (rest.length) toast({ ok: false, errors: rest });
    if (first) first.focus();
    return first !== null;
  }

  /** Send a command about the meeting being edited, then have office.js read it again (not after a
   * refusal shown next to a field: that row is kept as typed, with the reason, for a correction). */
  async function send(name, payload, successText, scope, key) {
    if (readOnly || meetingId === null) return { ok: false, errors: [] };
    if (key && busy.has(key)) return { ok: false, errors: [] };
    if (key) busy.add(key);
    const id = meetingId;
    try {
      const ack = await Live.send(name, payload, id);
      let shown = false;
      if (ack.ok) toast(ack, successText);
      else shown = showRefusal(ack, scope);
      if (id === meetingId && !shown) reload(id);
      return ack;
    } finally {
      if (key) busy.delete(key);
    }
  }

  /** Enter saves, Esc puts back: wired on the fields of a row. */
  function onKeys(input, save, undo) {
    input.addEventListener("keydown", (e) => {
      if (e.isComposing) return;
      if (e.key === "Enter") {
        e.preventDefault();
        save();
      } else if (e.key === "Escape" && undo) {
        e.preventDefault();
        undo();
      }
    });
  }

  // ------------------------------------------------------------------ delegates

  function groupsInOrder(delegates) {
    const groups = new Map();
    for (const d of delegates) {
      if (!groups.has(d.group)) groups.set(d.group, []);
      groups.get(d.group).push(d);
    }
    return groups;
  }

  /** What the office typed in delegates' rows and has not saved: kept when the table is redrawn. */
  function unsavedDelegates() {
    const kept = new Map();
    for (const form of $("delegate-groups").querySelectorAll("form.delegate-form[data-dirty=true]")) {
      const values = {};
      for (const name of DELEGATE_FIELDS) values[name] = form.elements.namedItem(name).value;
      kept.set(Number(form.dataset.id), values);
    }
    return kept;
  }

  function renderDelegates() {
    const delegates = state.delegates || [];
    const kept = unsavedDelegates();
    const active = document.activeElement;
    const focus =
      active && active.closest("#delegate-groups form")
        ? { id: active.closest("form").dataset.id, name: active.name || null, role: active.dataset.role || null }
        : null;
    const groups = groupsInOrder(delegates);
    $("delegate-groups").replaceChildren(
      ...(delegates.length
        ? [...groups].map(([group, list]) =>
            el(
              "section",
              { class: "delegate-group", dataset: { group } },
              el("h4", {}, group || T.people_no_group, " ", el("span", { class: "muted" }, `(${list.length})`)),
              el("ol", { class: "delegate-list" }, list.map((d, i) => delegateRow(d, i, list, kept.get(d.id))))
            )
          )
        : [el("p", { class: "muted empty" }, T.people_no_delegates)])
    );
    const present = delegates.filter((d) => d.present).length;
    $("delegate-count").textContent = delegates.length ? `(${fmt(T.people_delegates_present, { n: present, total: delegates.length })})` : "";
    const used = [...groups.keys()].filter(Boolean);
    $("delegate-group-options").replaceChildren(
      ...[...new Set([...used, ...GROUPS])].map((g) => el("option", { value: g }))
    );
    root.querySelector(".delegate-columns").hidden = !delegates.length;
    if (focus) {
      const form = $(`delegate-${focus.id}`);
      let target = null;
      if (form && focus.name) target = form.elements.namedItem(focus.name);
      else if (form) {
        // A row moved to the top or the bottom of its group: the other arrow is the one left.
        target = form.querySelector(`[data-role="${focus.role}"]:not(:disabled)`) || form.querySelector("button.move:not(:disabled)");
      }
      if (target && !target.disabled) target.focus();
    }
  }

  function delegateRow(d, index, list, unsaved) {
    if (unsaved && DELEGATE_FIELDS.every((k) => clean(unsaved[k]) === d[k])) unsaved = null;
    const values = unsaved || d;
    const input = (name, label, max, extra) =>
      el("span", { class: `cell cell-${name}` }, el("input", { name, maxlength: max, "aria-label": `${label}: ${d.name}`, disabled: readOnly, ...extra }));
    const form = el(
      "form",
      { class: "delegate-form", id: `delegate-${d.id}`, dataset: { id: d.id, dirty: unsaved ? "true" : "false" }, autocomplete: "off", novalidate: true },
      input("name", T.people_full_name, root.dataset.maxName, { required: true }),
      input("title", T.people_position, root.dataset.maxTitle),
      input("unit", T.people_unit, root.dataset.maxUnit),
      input("group", T.people_group, root.dataset.maxGroup, { list: "delegate-group-options" }),
      el(
        "label",
        { class: "present" },
        el("input", {
          type: "checkbox",
          name: "present",
          checked: d.present,
          disabled: readOnly,
          "aria-label": `${T.people_present}: ${d.name}`,
          onchange: (e) => setPresent(d, e.target),
        }),
        el("span", { "aria-hidden": "true" }, T.people_present)
      ),
      el(
        "span",
        { class: "row-actions" },
        el("button", { type: "submit", class: "save primary", dataset: { role: "save" }, disabled: readOnly || !unsaved }, T.save),
        el(
          "button",
          { type: "button", class: "move", dataset: { role: "up" }, title: T.move_up, "aria-label": `${T.move_up}: ${d.name}`, disabled: readOnly || index === 0, onclick: () => moveDelegate(d, list, index - 1) },
          "▲"
        ),
        el(
          "button",
          {
            type: "button",
            class: "move",
            dataset: { role: "down" },
            title: T.move_down,
            "aria-label": `${T.move_down}: ${d.name}`,
            disabled: readOnly || index === list.length - 1,
            onclick: () => moveDelegate(d, list, index + 1),
          },
          "▼"
        ),
        el(
          "button",
          { type: "button", class: "remove", dataset: { role: "remove" }, title: T.remove, "aria-label": `${T.remove}: ${d.name}`, disabled: readOnly, onclick: () => removeDelegate(d) },
          "✕"
        )
      )
    );
    for (const name of DELEGATE_FIELDS) form.elements.namedItem(name).value = values[name] || "";
    const save = form.querySelector("button.save");
    const markDirty = () => {
      const dirty = DELEGATE_FIELDS.some((k) => clean(form.elements.namedItem(k).value) !== d[k]);
      form.dataset.dirty = String(dirty);
      save.disabled = readOnly || !dirty;
    };
    for (const name of DELEGATE_FIELDS) {
      const field = form.elements.namedItem(name);
      field.addEventListener("input", () => {
        say(field, "");
        markDirty();
      });
    }
    form.addEventListener("keydown", (e) => {
      if (e.key !== "Escape") return;
      for (const name of DELEGATE_FIELDS) {
        form.elements.namedItem(name).value = d[name];
        say(form.elements.namedItem(name), "");
      }
      markDirty();
    });
    form.addEventListener("submit", (e) => {
      e.preventDefault();
      updateDelegate(d, form);
    });
    return el("li", { dataset: { id: d.id, name: d.name }, class: d.present ? "is-present" : null }, form);
  }

  async function updateDelegate(d, form) {
    const payload = { delegate_id: d.id };
    for (const name of DELEGATE_FIELDS) {
      const value = clean(form.elements.namedItem(name).value);
      if (value !== d[name]) payload[name] = value;
    }
    if ("name" in payload && !payload.name) {
      say(form.elements.namedItem("name"), T.required);
      form.elements.namedItem("name").focus();
      return;
    }
    if (Object.keys(payload).length === 1) {
      form.dataset.dirty = "false";
      return;
    }
    const ack = await send("delegate.update", payload, T.saved, form, `delegate-${d.id}`);
    if (ack.ok) form.dataset.dirty = "false";
  }

  async function setPresent(d, box) {
    const ack = await send("delegate.present", { delegate_id: d.id, present: box.checked }, null, null, `present-${d.id}`);
    if (!ack.ok) box.checked = d.present;
  }

  /** Move a delegate to position `target` of its group (the order the group is introduced in). */
  async function moveDelegate(d, list, target) {
    const all = state.delegates.filter((x) => x.id !== d.id);
    const others = list.filter((x) => x.id !== d.id);
    let before = null;
    if (target < others.length) before = others[target].id; // in front of whoever is there
    else {
      const last = all.indexOf(others[others.length - 1]); // just after the group's last one
      before = all[last + 1] ? all[last + 1].id : null;
    }
    await send("delegate.move", { delegate_id: d.id, before_id: before }, null, null, `delegate-${d.id}`);
  }

  async function removeDelegate(d) {
    if (!confirm(fmt(T.people_confirm_remove_delegate, { name: d.name }))) return;
    await send("delegate.remove", { delegate_id: d.id }, T.people_delegate_removed, null, `delegate-${d.id}`);
  }

  const delegateAdd = $("delegate-add");
  delegateAdd.addEventListener("submit", async (e) => {
    e.preventDefault();
    const nameInput = delegateAdd.elements.namedItem("name");
    const payload = {};
    for (const name of DELEGATE_FIELDS) payload[name] = clean(delegateAdd.elements.namedItem(name).value);
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

  // ------------------------------------------------------------------ invited citizens

  /** Citizens per xóm (by xomKey), with the xóm as first written. */
  function perXom(citizens) {
    const counts = new Map();
    for (const c of citizens) {
      const key = xomKey(c.xom);
      const entry = counts.get(key) || { xom: clean(c.xom), count: 0 };
      entry.count += 1;
      counts.set(key, entry);
    }
    return counts;
  }

  /** "Xóm 1: 14 / 15" for each xóm of the allocation, then any other xóm of the list; the total
   * against the number invited. `extra` adds the rows of an import not yet confirmed. */
  function quotaItems(citizens, extra) {
    const counts = perXom(citizens);
    for (const [xom, n] of Object.entries(extra || {})) {
      const key = xomKey(xom);
      const entry = counts.get(key) || { xom: clean(xom), count: 0 };
      entry.count += n;
      counts.set(key, entry);
    }
    const allocation = state.allocation || [];
    const items = [];
    const seen = new Set();
    for (const a of allocation) {
      const key = xomKey(a.xom);
      seen.add(key);
      const n = counts.has(key) ? counts.get(key).count : 0;
      items.push(quotaItem(a.xom, n, a.count));
    }
    const others = [...counts].filter(([key]) => !seen.has(key)).map(([, entry]) => entry);
    others.sort((a, b) => collator.compare(a.xom, b.xom));
    for (const entry of others) items.push(quotaItem(entry.xom, entry.count, null));
    let total = 0;
    for (const entry of counts.values()) total += entry.count;
    const max = state.invited_count || 0;
    items.push(
      el(
        "li",
        { class: `quota-total ${max ? (total > max ? "over" : total === max ? "full" : "under") : ""}`, dataset: { count: total, max } },
        max ? fmt(T.people_quota_total, { n: total, max }) : fmt(T.people_quota_total_only, { n: total })
      )
    );
    return items;
  }

  function quotaItem(xom, n, max) {
    const level = max === null ? "free" : n > max ? "over" : n === max ? "full" : "under";
    return el(
      "li",
      { class: `quota-xom ${level}`, dataset: { xom, count: n, max: max === null ? "" : max } },
      max === null ? `${xomText(xom)}: ${n}` : `${xomText(xom)}: ${n} / ${max}`
    );
  }

  function haystack(c) {
    return fold([c.name, c.xom, c.phone, c.id_number, c.note].join(" "));
  }

  function renderCitizens() {
    const citizens = state.citizens || [];
    $("citizen-quota").replaceChildren(...quotaItems(citizens));
    const words = fold($("citizen-filter").value).split(/\s+/).filter(Boolean);
    const shown = citizensForList()
      .filter((row) => words.every((w) => row.text.includes(w)))
      .map((row) => row.c);
    if (editing && !citizens.some((c) => c.id === editing.id)) editing = null;
    const active = document.activeElement;
    const focusName = active && active.closest("#citizen-rows tr.editing") ? active.name : null;
    $("citizen-rows").replaceChildren(...shown.map((c) => (editing && editing.id === c.id ? citizenEditRow(c) : citizenRow(c))));
    $("citizen-count").textContent = citizens.length ? `(${citizens.length})` : "";
    $("citizen-shown").textContent = words.length ? fmt(T.people_shown_of, { n: shown.length, total: citizens.length }) : "";
    $("citizen-empty").hidden = citizens.length > 0;
    const xoms = new Map();
    for (const a of state.allocation || []) xoms.set(xomKey(a.xom), a.xom);
    for (const c of citizens) if (!xoms.has(xomKey(c.xom))) xoms.set(xomKey(c.xom), c.xom);
    $("citizen-xom-options").replaceChildren(...[...xoms.values()].map((x) => el("option", { value: x })));
    if (focusName) {
      const target = $("citizen-rows").querySelector(`tr.editing [name="${focusName}"]`);
      if (target) target.focus();
    } else if (refocus !== null) {
      const button = $("citizen-rows").querySelector(`tr[data-id="${refocus}"] button.edit`);
      if (button && !button.disabled) button.focus();
    }
    refocus = null;
  }

  function citizenRow(c) {
    return el(
      "tr",
      { dataset: { id: c.id, name: c.name }, class: c.present ? "is-present" : null, ondblclick: () => editCitizen(c) },
      el("td", { class: "c-name" }, c.name, c.present ? el("span", { class: "checked-in", title: T.people_checked_in }, " ✓") : null),
      el("td", { class: "c-xom" }, c.xom),
      el("td", { class: "c-phone" }, c.phone),
      el("td", { class: "c-id" }, c.id_number),
      el("td", { class: "c-note" }, c.note),
      el(
        "td",
        { class: "actions" },
        el("button", { type: "button", class: "edit", "aria-label": `${T.edit}: ${c.name}`, disabled: readOnly, onclick: () => editCitizen(c) }, T.edit),
        el("button", { type: "button", class: "remove", title: T.remove, "aria-label": `${T.remove}: ${c.name}`, disabled: readOnly, onclick: () => removeCitizen(c) }, "✕")
      )
    );
  }

  function editCitizen(c) {
    if (readOnly) return;
    editing = { id: c.id, values: Object.fromEntries(CITIZEN_FIELDS.map((k) => [k, c[k]])) };
    const row = $("citizen-rows").querySelector(`tr[data-id="${c.id}"]`);
    if (row) row.replaceWith(citizenEditRow(c));
    const first = $("citizen-rows").querySelector("tr.editing input[name=name]");
    if (first) first.select();
  }

  const CITIZEN_MAX = { name: "maxName", xom: "maxXom", phone: "maxPhone", id_number: "maxId", note: "maxNote" };
  const CITIZEN_LABELS = () => ({ name: T.people_full_name, xom: T.people_xom, phone: T.people_phone, id_number: T.people_id_number, note: T.people_note });

  function citizenEditRow(c) {
    const labels = CITIZEN_LABELS();
    const cells = CITIZEN_FIELDS.map((name) => {
      const input = el("input", {
        name,
        maxlength: root.dataset[CITIZEN_MAX[name]],
        "aria-label": `${labels[name]}: ${c.name}`,
        inputmode: name === "phone" || name === "id_number" ? "numeric" : null,
        list: name === "xom" ? "citizen-xom-options" : null,
      });
      input.value = editing.values[name];
      input.addEventListener("input", () => {
        editing.values[name] = input.value;
        say(input, "");
      });
      onKeys(input, () => updateCitizen(c, row), () => cancelEdit(c));
      return el("td", { class: `c-${name}` }, input);
    });
    const row = el(
      "tr",
      { class: "editing", dataset: { id: c.id, name: c.name } },
      ...cells,
      el(
        "td",
        { class: "actions" },
        el("button", { type: "button", class: "save primary", onclick: () => updateCitizen(c, row) }, T.save),
        el("button", { type: "button", class: "cancel", onclick: () => cancelEdit(c) }, T.people_cancel)
      )
    );
    return row;
  }

  function cancelEdit(c) {
    editing = null;
    const row = $("citizen-rows").querySelector(`tr[data-id="${c.id}"]`);
    if (row) {
      const fresh = citizenRow(state.citizens.find((x) => x.id === c.id) || c);
      row.replaceWith(fresh);
      fresh.querySelector("button.edit").focus();
    }
  }

  async function updateCitizen(c, row) {
    const payload = { citizen_id: c.id };
    for (const name of CITIZEN_FIELDS) {
      const value = clean(row.querySelector(`[name="${name}"]`).value);
      if (value !== c[name]) payload[name] = value;
    }
    for (const name of ["name", "xom"]) {
      if (name in payload && !payload[name]) {
        const input = row.querySelector(`[name="${name}"]`);
        say(input, T.required);
        input.focus();
        return;
      }
    }
    if (Object.keys(payload).length === 1) return cancelEdit(c);
    if (editing && editing.id === c.id) refocus = c.id;
    const ack = await send("citizen.update", payload, T.saved, row, `citizen-${c.id}`);
    if (ack.ok && editing && editing.id === c.id) editing = null;
    if (!ack.ok) refocus = null;
  }

  async function removeCitizen(c) {
    if (!confirm(fmt(T.people_confirm_remove_citizen, { name: c.name }))) return;
    await send("citizen.remove", { citizen_id: c.id }, T.people_citizen_removed, null, `citizen-${c.id}`);
  }

  const citizenAdd = $("citizen-add");
  citizenAdd.addEventListener("submit", async (e) => {
    e.preventDefault();
    const payload = {};
    for (const name of CITIZEN_FIELDS) payload[name] = clean(citizenAdd.elements.namedItem(name).value);
    for (const name of ["name", "xom"]) {
      if (!payload[name]) {
        say(citizenAdd.elements.namedItem(name), T.required);
        citizenAdd.elements.namedItem(name).focus();
        return;
      }
    }
    const ack = await send("citizen.add", payload, T.people_citizen_added, citizenAdd, "citizen-add");
    if (ack.ok) {
      for (const name of ["name", "phone", "id_number", "note"]) citizenAdd.elements.namedItem(name).value = ""; // the xóm stays
      citizenAdd.elements.namedItem("name").focus();
    }
  });

  $("citizen-filter").addEventListener("input", () => state && renderCitizens());

  // ------------------------------------------------------------------ import with a preview

  const PREVIEW_COLUMNS = {
    citizens: () => [
      ["name", T.people_full_name],
      ["xom", T.people_xom],
      ["phone", T.people_phone],
      ["id_number", T.people_id_number],
      ["note", T.people_note],
    ],
    delegates: () => [
      ["name", T.people_full_name],
      ["title", T.people_position],
      ["unit", T.people_unit],
      ["group", T.people_group],
    ],
  };

  function previewBox(kind) {
    return root.querySelector(`.import[data-kind="${kind}"] .import-preview`);
  }

  function closePreview(kind) {
    previews[kind] = null;
    const box = previewBox(kind);
    box.replaceChildren();
    box.hidden = true;
  }

  async function upload(kind, input) {
    const file = input.files && input.files[0];
    input.value = ""; // choosing the same file again reads it again
    if (!file || readOnly || meetingId === null) return;
    const id = meetingId;
    const box = previewBox(kind);
    previews[kind] = null;
    box.hidden = false;
    box.replaceChildren(el("p", { class: "muted", role: "status" }, fmt(T.people_reading_file, { file: file.name })));
    const { body: result } = await Http.json(`/office/import/${kind}?meeting_id=${encodeURIComponent(id)}`, "office", null, {
      method: "POST",
      body: file,
      headers: { "X-Filename": encodeURIComponent(file.name) },
    });
    if (id !== meetingId) return; // another meeting was opened meanwhile
    if (result.ok === false) {
      // The whole file is refused: the server's reason, and nothing else.
      box.replaceChildren(el("p", { class: "import-refused error", role: "alert" }, result.errors.map((e) => e.message).join(" ")));
      return;
    }
    previews[kind] = { file: file.name, result };
    renderPreview(kind);
  }

  function renderPreview(kind) {
    const preview = previews[kind];
    const box = previewBox(kind);
    if (!preview) return;
    const { result } = preview;
    const n = result.rows.length;
    const columns = PREVIEW_COLUMNS[kind]();
    const problemLines = new Set(result.problems.map((p) => p.line)).size;
    const parts = [
      el("h4", { class: "preview-title" }, fmt(T.people_will_import, { n }), " ", el("span", { class: "muted" }, `(${preview.file})`)),
    ];
    if (n) {
      parts.push(
        el(
          "div",
          { class: "table-wrap" },
          el(
            "table",
            { class: "preview-rows" },
            el("thead", {}, el("tr", {}, el("th", {}, T.people_line), ...columns.map(([, label]) => el("th", {}, label)))),
            el(
              "tbody",
              {},
              result.rows.slice(0, PREVIEW_ROWS).map((row, i) =>
                el("tr", { dataset: { line: result.lines[i] } }, el("td", { class: "line" }, result.lines[i]), ...columns.map(([key]) => el("td", {}, row[key] || "")))
              )
            )
          )
        )
      );
      if (n > PREVIEW_ROWS) parts.push(el("p", { class: "muted more" }, fmt(T.people_and_more, { n: n - PREVIEW_ROWS })));
    }
    if (result.problems.length) {
      parts.push(
        el(
          "div",
          { class: "preview-problems" },
          el("h5", {}, fmt(T.people_rows_refused, { n: problemLines })),
          el(
            "ul",
            {},
            result.problems.map((p) =>
              el(
                "li",
                { dataset: { line: p.line, code: p.code } },
                el("b", {}, fmt(T.people_line_n, { n: p.line })),
                ": ",
                p.message,
                p.value ? el("span", { class: "value" }, ` (“${p.value}”)`) : null
              )
            )
          )
        )
      );
    }
    if (result.duplicates.length) {
      parts.push(
        el(
          "div",
          { class: "preview-duplicates" },
          el("h5", {}, fmt(T.people_duplicates_n, { n: result.duplicates.length })),
          el(
            "ul",
            {},
            result.duplicates.map((d) =>
              el(
                "li",
                { dataset: { line: d.line, reason: d.reason }, title: d.message || null },
                el("b", {}, fmt(T.people_line_n, { n: d.line })),
                `: ${d.name} – `,
                d.reason === "repeated" ? fmt(T.people_dup_repeated, { n: d.first_line }) : T.people_dup_already
              )
            )
          )
        )
      );
    }
    if (result.ignored_columns && result.ignored_columns.length) {
      parts.push(el("p", { class: "hint ignored" }, fmt(T.people_ignored_columns, { columns: result.ignored_columns.join(", ") })));
    }
    if (kind === "citizens" && n) {
      parts.push(el("h5", {}, T.people_after_import), el("ul", { class: "quota after" }, quotaItems(state.citizens || [], result.per_xom || {})));
    }
    const go = el(
      "button",
      { type: "button", class: "primary do-import", disabled: readOnly || !n || busy.has(`import-${kind}`), onclick: () => runImport(kind, go) },
      n ? fmt(T.people_import_n, { n }) : T.people_nobody_new
    );
    parts.push(
      el(
        "div",
        { class: "preview-actions" },
        go,
        el("button", { type: "button", class: "cancel-import", onclick: () => closePreview(kind) }, T.people_cancel)
      )
    );
    box.replaceChildren(...parts);
    box.hidden = false;
  }

  /** Send the preview's rows, in chunks the command takes, then say how many were added. */
  async function runImport(kind, button) {
    const preview = previews[kind];
    if (!preview || readOnly || busy.has(`import-${kind}`)) return;
    busy.add(`import-${kind}`);
    button.disabled = true;
    button.setAttribute("aria-busy", "true");
    const id = meetingId;
    const rows = preview.result.rows;
    const count = async () => {
      const read = await Live.ask("meeting.snapshot", { meeting_id: id });
      return read.ok ? (read.state[kind] || []).length : null;
    };
    let failed = null;
    try {
      const before = await count(); // as the server holds it now, whatever this page last read
      for (let i = 0; i < rows.length; i += CHUNK[kind]) {
        const ack = await Live.send(`${kind}.import`, { rows: rows.slice(i, i + CHUNK[kind]) }, id);
        if (!ack.ok && !ack.errors.every((e) => e.code === "nothing_new")) {
          failed = ack;
          break;
        }
      }
      const after = await count();
      const added = before === null || after === null ? null : after - before;
      if (id === meetingId) closePreview(kind);
      if (failed) toast(failed);
      else if (added !== null) toast({ ok: true }, fmt(T.people_imported_n, { n: added }));
    } finally {
      busy.delete(`import-${kind}`);
      button.removeAttribute("aria-busy");
    }
    if (id === meetingId) reload(id);
  }

  for (const input of root.querySelectorAll(".import input[type=file]")) {
    input.addEventListener("change", () => upload(input.closest(".import").dataset.kind, input));
  }

  // ------------------------------------------------------------------ papers to print

  /** "YYYY-MM-DDTHH:MM" -> {y, m, d, hh, mm, weekday (0 = Sunday)}, or null. */
  function dateParts(iso) {
    const m = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2}))?/.exec(iso || "");
    if (!m) return null;
    const [y, mo, d] = m.slice(1, 4).map(Number);
    return { y, m: mo, d, hh: Number(m[4] || 0), mm: Number(m[5] || 0), weekday: new Date(Date.UTC(y, mo - 1, d)).getUTCDay() };
  }

  const clock = (minutes) => {
    const t = ((minutes % 1440) + 1440) % 1440;
    return `${String(Math.floor(t / 60)).padStart(2, "0")}:${String(t % 60).padStart(2, "0")}`;
  };

  /** "Thứ Năm, ngày 25 tháng 5 năm 2023, 08:00". */
  function longDate(iso) {
    const p = dateParts(iso);
    if (!p) return "";
    const weekday = T.people_weekdays.split("|")[p.weekday];
    return fmt(T.people_date_long, { weekday, day: p.d, month: p.m, year: p.y, time: clock(p.hh * 60 + p.mm) });
  }

  function durationText(total) {
    const h = Math.floor(total / 60);
    const m = total % 60;
    return h ? fmt(T.duration_hm, { h, m }) : fmt(T.duration_m, { m });
  }

  /** The national title and motto, as every paper of the administration starts. */
  function motto() {
    return el("div", { class: "motto" }, el("p", { class: "nation" }, T.paper_nation), el("p", { class: "motto-line" }, T.paper_motto));
  }

  function peopleList(title, people) {
    if (!people || !people.length) return null;
    return el(
      "div",
      { class: "paper-people" },
      el("p", { class: "label" }, title),
      el("ul", {}, people.map((p) => el("li", {}, p.title ? `${p.name} – ${p.title}` : p.name)))
    );
  }

  function agendaPaper() {
    const s = state;
    const start = dateParts(s.starts_at);
    let at = start ? start.hh * 60 + start.mm : null;
    const total = s.stages.reduce((sum, st) => sum + st.planned_minutes, 0);
    return [
      el(
        "header",
        { class: "paper-head" },
        el("div", { class: "issuer" }, s.organiser ? el("p", {}, s.organiser) : null),
        motto()
      ),
      (s.banner || []).length ? el("div", { class: "banner" }, s.banner.map((line) => el("p", {}, line))) : null,
      el("h1", {}, T.paper_agenda),
      el("p", { class: "meeting-title" }, s.title),
      el(
        "div",
        { class: "particulars" },
        el("p", {}, el("b", {}, `${T.paper_when}: `), longDate(s.starts_at)),
        s.place ? el("p", {}, el("b", {}, `${T.paper_where}: `), s.place) : null
      ),
      el(
        "table",
        { class: "agenda-table" },
        el(
          "thead",
          {},
          el("tr", {}, el("th", { class: "num" }, T.paper_no), el("th", {}, T.paper_item), el("th", { class: "mins" }, T.paper_minutes), el("th", { class: "clock" }, T.paper_clock))
        ),
        el(
          "tbody",
          {},
          s.stages.map((st, i) => {
            const from = at;
            if (at !== null) at += st.planned_minutes;
            return el(
              "tr",
              {},
              el("td", { class: "num" }, `${i + 1}`),
              el("td", {}, st.title),
              el("td", { class: "mins" }, `${st.planned_minutes}`),
              el("td", { class: "clock" }, from === null ? "" : `${clock(from)} – ${clock(from + st.planned_minutes)}`)
            );
          })
        ),
        el("tfoot", {}, el("tr", {}, el("td", { colspan: 4 }, fmt(T.total_planned, { time: durationText(total) }))))
      ),
      peopleList(T.paper_chairs, s.chairs),
      peopleList(T.paper_secretaries, s.secretaries),
    ];
  }

  function dotted(label, extraLines) {
    return [
      el("p", { class: "field" }, el("span", { class: "label" }, label), el("span", { class: "dots" })),
      ...Array.from({ length: extraLines || 0 }, () => el("p", { class: "field" }, el("span", { class: "dots" }))),
    ];
  }

  function registrationForm() {
    return el(
      "div",
      { class: "reg-sheet" },
      motto(),
      el("h2", {}, T.paper_registration),
      el("p", { class: "meeting-title" }, state.title),
      ...dotted(T.paper_reg_name),
      ...dotted(T.paper_reg_xom),
      ...dotted(T.paper_reg_phone),
      ...dotted(T.paper_reg_opinion, 3),
      ...dotted(T.paper_reg_minutes),
      el("div", { class: "signature" }, el("p", { class: "label" }, T.paper_reg_signer), el("p", { class: "sign-hint" }, T.paper_reg_sign_hint))
    );
  }

  function registrationPaper() {
    return [el("div", { class: "paper-page reg-page" }, registrationForm(), el("hr", { class: "cut" }), registrationForm())];
  }

  /** The invited citizens by xóm: the allocation's order first, then any other xóm in Vietnamese
   * order; each list in Vietnamese order by name. */
  function byXom() {
    const groups = new Map();
    for (const a of state.allocation || []) groups.set(xomKey(a.xom), { xom: a.xom, people: [] });
    const rest = new Map();
    for (const c of sortedCitizens(state.citizens || [])) {
      const key = xomKey(c.xom);
      const group = groups.get(key) || rest.get(key) || rest.set(key, { xom: clean(c.xom), people: [] }).get(key);
      group.people.push(c);
    }
    const others = [...rest.values()].sort((a, b) => collator.compare(a.xom, b.xom));
    return [...groups.values(), ...others].filter((g) => g.people.length);
  }

  function attendancePaper() {
    return byXom().map((g) =>
      el(
        "section",
        { class: "paper-page attendance", dataset: { xom: g.xom } },
        el("p", { class: "meeting-title" }, state.title),
        el("h2", {}, T.paper_attendance),
        el(
          "p",
          { class: "particulars" },
          el("b", {}, xomText(g.xom)),
          " · ",
          fmt(T.paper_invited, { n: g.people.length }),
          state.starts_at ? ` · ${longDate(state.starts_at)}` : ""
        ),
        el(
          "table",
          { class: "attendance-table" },
          el(
            "thead",
            {},
            el("tr", {}, el("th", { class: "num" }, T.paper_no), el("th", { class: "who" }, T.paper_name), el("th", { class: "remark" }, T.paper_note), el("th", { class: "sign" }, T.paper_sign))
          ),
          el(
            "tbody",
            {},
            g.people.map((c, i) => el("tr", {}, el("td", { class: "num" }, `${i + 1}`), el("td", { class: "who" }, c.name), el("td", { class: "remark" }), el("td", { class: "sign" })))
          )
        )
      )
    );
  }

  const PAPERS = { agenda: agendaPaper, registration: registrationPaper, attendance: attendancePaper };

  /** Put the chosen paper in #paper (paper.css shows only it in print) and open the print dialog. */
  function print(kind) {
    if (!state) return;
    if (kind === "attendance" && !(state.citizens || []).length) return toast({ ok: false, errors: [{ message: T.people_no_citizens }] });
    const old = $("paper");
    if (old) old.remove();
    const paper = el("section", { id: "paper", class: `paper paper-${kind}`, dataset: { paper: kind }, lang: document.documentElement.lang || "vi" }, PAPERS[kind]());
    document.body.append(paper);
    window.print();
  }

  for (const button of root.querySelectorAll("button[data-print]")) button.addEventListener("click", () => print(button.dataset.print));

  // ------------------------------------------------------------------ following the editor

  function applyReadOnly() {
    for (const node of root.querySelectorAll("#delegate-add input, #delegate-add button, #citizen-add input, #citizen-add button, .import input[type=file]")) {
      node.disabled = readOnly;
    }
    root.classList.toggle("read-only", readOnly);
  }

  document.addEventListener("office:meeting", (event) => {
    const detail = event.detail || {};
    if (!detail.state) return;
    const other = detail.meetingId !== meetingId;
    meetingId = detail.meetingId;
    state = detail.state;
    readOnly = Boolean(detail.readOnly);
    if (readOnly) editing = null;
    if (other) {
      // Another meeting: no row's unsaved text, edit or preview carries over.
      editing = null;
      $("delegate-groups").replaceChildren();
      $("citizen-filter").value = "";
      for (const form of [delegateAdd, citizenAdd]) form.reset();
      for (const kind of Object.keys(previews)) closePreview(kind);
    }
    applyReadOnly();
    renderDelegates();
    renderCitizens();
    for (const kind of Object.keys(previews)) {
      if (previews[kind]) renderPreview(kind); // the counts after import follow the list
    }
  });
})();
