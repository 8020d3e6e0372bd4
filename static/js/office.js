/* The commune office prepares its meetings: creates one (title, hamlet, place, organiser, date and
 * time, banner, administrative units, chairs, secretary team, invited citizens and their allocation
 * per xóm) or copies an earlier one, hands out each screen's address and PIN, edits the details, the
 * settings and the agenda, and moves a meeting through its life (draft, scheduled, archived; a
 * meeting in which nothing happened can be deleted).
 *
 * The office joins no meeting, so no patch reaches this page: it reads the list (`meetings.list`)
 * and the meeting being edited (`meeting.snapshot`) again after each of its commands, and after
 * every (re)join. docs/protocol.md has the commands.
 *
 * A correction (`meeting.update`) sends only the fields that changed, each with the value it had
 * when the form was loaded (`expected`): a field another screen changed meanwhile is refused
 * (`changed_meanwhile`), and the page reads the meeting again and shows the current value.
 *
 * Hooks for other modules of this page (static/js/office_people.js renders the delegates and the
 * invited citizens into #people, inside the editor):
 *
 * - `office:meeting`, dispatched on `document` every time the editor shows a meeting's snapshot
 *   (when it opens, after every re-read, and so after each of this page's commands):
 *   `detail: { meetingId: number, state: <the office's snapshot>, readOnly: boolean }`
 *   (`readOnly`: the meeting is archived and takes no command; the editor's controls are disabled).
 * - `office:reload`, listened for on `document`: another module asks for the meeting to be read
 *   again after its own commands (`new CustomEvent("office:reload", { detail: { meetingId } })`;
 *   `detail` is optional, and a `meetingId` that is no longer being edited is ignored). The re-read
 *   keeps what the office typed and has not saved, and dispatches `office:meeting`.
 */
"use strict";

(() => {
  const T = window.STRINGS;
  const $ = (id) => document.getElementById(id);
  const createForm = $("create-form");
  const editForm = $("edit-form");
  const addForm = $("stage-add");
  const field = (form, name) => form.elements.namedItem(name);
  const say = (input, text) => DateField.say(input, text); // a message next to a field ("" clears it)
  const BANNER_LINES = 6;
  // The meeting's particulars, as meeting.update names them; and its settings (meeting.settings).
  const PARTICULARS = ["title", "hamlet", "place", "organiser", "starts_at", "banner", "units", "chairs", "secretaries", "invited_count", "allocation"];
  const SETTINGS = ["default_speech_minutes", "warning_seconds", "deadline_working_days", "categories"];
  const COPIED = ["title", "hamlet", "starts_at"]; // what meeting.copy takes besides the source
  // The groups of repeated rows: the fields of a row, in order, and those a non-empty row needs.
  const GROUPS = {
    units: { template: "row-units", keys: ["level", "name"], required: ["level", "name"] },
    chairs: { template: "row-people", keys: ["name", "title"], required: ["name"] },
    secretaries: { template: "row-people", keys: ["name", "title"], required: ["name"] },
    allocation: { template: "row-allocation", keys: ["xom", "count"], required: ["xom", "count"], numbers: ["count"] },
  };
  // Examples shown in a new meeting's two empty unit rows: data, typed as the law of the day names
  // the levels (xã / tỉnh today, xã / thị xã / tỉnh in 2023); the code assumes no level.
  const UNIT_HINTS = ["xã", "tỉnh"];
  const NUMBERS = {
    invited_count: [0, 5000],
    default_speech_minutes: [1, 30],
    warning_seconds: [0, 300],
    deadline_working_days: [1, 90],
  };
  const CATEGORIES = [1, 30];
  const COUNT = [0, 5000]; // invitations of one xóm

  let meetings = []; // the last meetings.list, newest first
  let editing = null; // id of the meeting open in the editor
  let current = null; // its snapshot, as last read
  let base = {}; // by field: the server's value when the editor's field was last filled (`expected`)
  let shown = {}; // by field: what the field showed then (to see whether the office typed in it)
  let copyFrom = null; // {id, title} of the meeting the create form copies, or null

  // ------------------------------------------------------------------ reading and checking fields

  /** A text as the server stores it: white space folded, trimmed, NFC. */
  function clean(text) {
    return String(text || "")
      .normalize("NFC")
      .replace(/\s+/g, " ")
      .trim();
  }

  /** A time typed on the 24-hour clock: 8:00, 08:00, 8h, 8h30, 8.30 or 0830 -> "HH:MM". "" when
   * empty; null when it is not a time of day. */
  function parseTime(text) {
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
  function lines(text) {
    return String(text || "")
      .split("\n")
      .map(clean)
      .filter(Boolean);
  }

  /** A whole number typed in a number field: the number, "" when empty, or null when it is not one
   * (a number field's value is "" for what is not a number: `badInput` tells them apart). */
  function wholeNumber(input) {
    const text = input.value.trim();
    if (!text) return input.validity && input.validity.badInput ? null : "";
    return /^\d+$/.test(text) ? Number(text) : null;
  }

  const rangeText = ([min, max]) => T.range.replace("{min}", min).replace("{max}", max);

  /** The rows of a group, in the page's order. */
  function rowsOf(form, key) {
    return [...form.querySelectorAll(`fieldset[data-rows="${key}"] .row-list > .row`)];
  }

  /** What a group's rows show: one array of raw values a row. */
  function rowsShown(form, key) {
    return rowsOf(form, key).map((row) => GROUPS[key].keys.map((k) => row.querySelector(`[data-key="${k}"]`).value));
  }

  /** Name a group's inputs after their row ("chairs.1.name"), label the rows, and allow no more rows
   * than the server takes. */
  function renumber(form, key) {
    const box = form.querySelector(`fieldset[data-rows="${key}"]`);
    const legend = box.querySelector("legend").textContent;
    const rows = rowsOf(form, key);
    rows.forEach((row, i) => {
      row.setAttribute("aria-label", T.row_n.replace("{group}", legend).replace("{n}", i + 1));
      for (const input of row.querySelectorAll("[data-key]")) {
        input.name = `${key}.${i}.${input.dataset.key}`;
        const error = input.nextElementSibling;
        if (error && error.classList.contains("field-error")) {
          error.id = `${form.id}-${input.name}-error`;
          input.setAttribute("aria-describedby", error.id);
        }
      }
      const remove = row.querySelector(".remove-row");
      remove.setAttribute("aria-label", T.remove_row.replace("{group}", legend).replace("{n}", i + 1));
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
      if (hints && hints[i]) input.placeholder = hints[i];
    });
    row.querySelector(".remove-row").addEventListener("click", () => removeRow(form, key, row));
    return row;
  }

  /** Show these rows in a group (arrays of values), or the empty rows a new meeting starts with. */
  function setRows(form, key, rows) {
    const list = form.querySelector(`fieldset[data-rows="${key}"] .row-list`);
    if (rows.length) list.replaceChildren(...rows.map((values) => newRow(form, key, values)));
    else if (key === "units") list.replaceChildren(...UNIT_HINTS.map((hint) => newRow(form, key, null, [hint])));
    else list.replaceChildren(newRow(form, key, null));
    say(field(form, key), "");
    renumber(form, key);
    if (key === "allocation") showAllocationTotal(form);
  }

  function addRow(form, key) {
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
  function showAllocationTotal(form) {
    const box = form.querySelector("[data-alloc-total]");
    if (!box) return;
    const sum = rowsOf(form, "allocation")
      .map((row) => wholeNumber(row.querySelector('[data-key="count"]')))
      .reduce((total, n) => total + (typeof n === "number" ? n : 0), 0);
    const invited = wholeNumber(field(form, "invited_count"));
    const of = typeof invited === "number" ? invited : 0;
    box.textContent = T.allocation_total.replace("{sum}", sum).replace("{invited}", of);
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
  function clearMessages(form) {
    for (const input of form.elements) if (input.name && input.name !== "date") say(input, "");
  }

  /** The form's values as the server takes them (`mode`: "create", "copy" or "edit"), or null after
   * saying next to each field what is wrong with it and focusing the first such field. Nothing in
   * the form is cleared. */
  function readMeeting(form, mode) {
    const problems = [];
    const text = (name) => clean(field(form, name).value);
    clearMessages(form);
    for (const name of ["title", "hamlet"]) if (!text(name)) problems.push([field(form, name), T.required]);

    const dateInput = field(form, "date");
    const date = DateField.read(dateInput); // says itself why a value is not a date
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
      if (values.banner.length > BANNER_LINES) problems.push([bannerInput, T.banner_lines.replace("{n}", BANNER_LINES)]);
      else if (long >= 0) problems.push([bannerInput, T.banner_line_long.replace("{n}", long + 1).replace("{max}", lineMax)]);
      for (const key of Object.keys(GROUPS)) values[key] = readRows(form, key, problems);
      values.invited_count = readNumber(form, "invited_count", problems, 0);
    }
    if (mode === "edit") {
      for (const name of ["default_speech_minutes", "warning_seconds", "deadline_working_days"]) values[name] = readNumber(form, name, problems, null);
      const input = field(form, "categories");
      const categories = lines(input.value);
      const lineMax = Number(input.dataset.lineMax) || 60;
      const long = categories.findIndex((line) => line.length > lineMax);
      if (categories.length < CATEGORIES[0] || categories.length > CATEGORIES[1]) problems.push([input, rangeText(CATEGORIES)]);
      else if (long >= 0) problems.push([input, T.banner_line_long.replace("{n}", long + 1).replace("{max}", lineMax)]);
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
    else if (n === null || n < NUMBERS[name][0] || n > NUMBERS[name][1]) problems.push([input, rangeText(NUMBERS[name])]);
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
  function showErrors(form, ack) {
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
  function guarded(form, fn) {
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

  // ------------------------------------------------------------------ formatting

  function minutesText(total) {
    const h = Math.floor(total / 60);
    const m = total % 60;
    return h ? T.duration_hm.replace("{h}", h).replace("{m}", m) : T.duration_m.replace("{m}", m);
  }

  /** "YYYY-MM-DDTHH:MM" plus some minutes, as "HH:MM" (with the date, day first, on another day). */
  function endOf(startsAt, minutes) {
    const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})/.exec(startsAt || "");
    if (!m) return "";
    const [y, mo, d, h, mi] = m.slice(1).map(Number);
    const end = new Date(Date.UTC(y, mo - 1, d, h, mi) + minutes * 60000);
    const hhmm = `${String(end.getUTCHours()).padStart(2, "0")}:${String(end.getUTCMinutes()).padStart(2, "0")}`;
    const day = end.toISOString().slice(0, 10);
    return day === startsAt.slice(0, 10) ? hhmm : `${Fmt.date(day)} ${hhmm}`;
  }

  function hamletText(hamlet) {
    // "Thôn {name}", unless the office already typed "Thôn Đông Tiến".
    if (!hamlet) return "";
    const prefix = T.hamlet_of.split("{name}")[0].trim().toLowerCase();
    return prefix && hamlet.toLowerCase().startsWith(prefix) ? hamlet : Fmt.fill(T.hamlet_of, { name: hamlet });
  }

  /** The screens of a meeting, with the PIN the office hands out next to each. */
  function screens(m) {
    const row = (screen, label, pin) => {
      const path = `/m/${m.id}/${screen}`;
      return [
        el("a", { class: "button screen-link", href: path, target: "_blank", rel: "noopener", dataset: { screen } }, label),
        el("code", { class: "screen-url" }, location.origin + path),
        pin
          ? el(
              "span",
              { class: "pin", dataset: { pin: screen } },
              `${T.pin} `,
              el("b", {}, pin),
              " ",
              el(
                "button",
                { type: "button", class: "new-pin", dataset: { newPin: screen }, onclick: () => newPin(m.id, screen) },
                T.new_pin
              )
            )
          : el("span", { class: "pin muted" }, T.no_pin),
      ];
    };
    const pins = m.pins || {};
    return el(
      "div",
      { class: "screens-grid" },
      row("chair", T.role_chair, pins.chair),
      row("secretary", T.role_secretary, pins.secretary),
      row("door", T.role_door, pins.door),
      row("projector", T.role_projector, null),
      // The documents after the meeting, in this tab: the office PIN lives in this tab's sessionStorage.
      el("a", { class: "button screen-link", href: `/m/${m.id}/documents?as=office`, dataset: { screen: "documents" } }, T.documents_link),
      // The QR code of the phone page, to print for the hall's doors and tables.
      el("a", { class: "button screen-link", href: `/m/${m.id}/qr.svg`, target: "_blank", rel: "noopener", dataset: { screen: "qr" } }, T.qr_print)
    );
  }

  /** A new PIN for a role of a meeting: the screens using the old one are signed out at once. */
  async function newPin(meetingId, role) {
    if (!confirm(T.confirm_new_pin)) return;
    const ack = await Live.ask("pin.regenerate", { meeting_id: meetingId, role });
    if (!ack.ok) return toast(ack);
    await loadList();
  }

  /** Where a meeting stands (docs/protocol.md, "Snapshots"): draft, scheduled, live, ended, archived. */
  function phaseOf(state) {
    if (state.status === "archived" || state.status === "deleted") return state.status;
    if (state.ended_at) return "ended";
    if (state.started_at) return "live";
    return state.status || "draft";
  }

  /** "Đang chuẩn bị": the phase's name, as a badge says it. */
  function phaseText(phase) {
    const text = T[`phase_${phase}`] || phase;
    return text.charAt(0).toUpperCase() + text.slice(1);
  }

  function phaseBadge(phase) {
    return el("span", { class: "phase-badge", dataset: { phase } }, phaseText(phase));
  }

  /** Whether anything the record must keep has happened (then it can be archived, not deleted). */
  function happened(state) {
    return Boolean(state.started_at) || (state.speakers || []).length > 0 || (state.opinions || []).length > 0;
  }

  // ------------------------------------------------------------------ the list of meetings

  async function loadList() {
    const ack = await Live.ask("meetings.list", {});
    if (!ack.ok) return toast(ack);
    meetings = ack.meetings;
    const open = meetings.filter((m) => m.phase !== "archived");
    const archived = meetings.filter((m) => m.phase === "archived");
    $("meeting-count").textContent = `(${meetings.length})`;
    $("meeting-list").replaceChildren(...(meetings.length ? open.map(meetingItem) : [el("li", { class: "muted" }, T.no_meetings)]));
    $("archived-list").replaceChildren(...archived.map(meetingItem));
    $("archived-summary").textContent = T.archived_n.replace("{n}", archived.length);
    $("archived").hidden = !archived.length;
    if (archived.some((m) => m.id === editing)) $("archived").open = true;
    $("create-empty").hidden = meetings.length > 0;
    if (editing !== null) showScreens();
  }

  function meetingItem(m) {
    return el(
      "li",
      { class: "office-meeting", dataset: { id: m.id, phase: m.phase }, "aria-current": m.id === editing ? "true" : null },
      el(
        "div",
        { class: "m-head" },
        el("h3", {}, m.is_demo ? el("span", { class: "demo-badge" }, T.demo) : null, m.is_demo ? " " : null, m.title),
        el(
          "span",
          { class: "m-actions" },
          el("button", { type: "button", class: "edit", "aria-label": `${T.edit}: ${m.title}`, onclick: () => openEditor(m.id, true) }, T.edit),
          el("button", { type: "button", class: "copy", "aria-label": `${T.copy}: ${m.title}`, onclick: () => openCopy(m) }, T.copy)
        )
      ),
      el(
        "p",
        { class: "muted m-meta" },
        phaseBadge(m.phase),
        " ",
        [hamletText(m.hamlet), m.place, Fmt.date(m.starts_at)].filter(Boolean).join(" · ")
      ),
      screens(m)
    );
  }

  // ------------------------------------------------------------------ creating or copying a meeting

  /** The create form as a new meeting's, empty (`copy`: as a copy of an earlier meeting). */
  function setCreateMode(copy) {
    createForm.reset();
    clearMessages(createForm);
    DateField.say(field(createForm, "date"), "");
    createForm.dataset.mode = copy ? "copy" : "create";
    for (const node of createForm.querySelectorAll(".not-copy")) node.hidden = Boolean(copy);
    $("create-heading").textContent = copy ? T.copy_heading : T.new_meeting;
    $("create-hint").hidden = Boolean(copy);
    $("copy-note").hidden = !copy;
    $("copy-cancel").hidden = !copy;
    const submit = $("create-submit");
    submit.textContent = copy ? submit.dataset.copy : submit.dataset.create;
    for (const key of Object.keys(GROUPS)) setRows(createForm, key, []);
    showAllocationTotal(createForm);
  }

  function showCreate() {
    editing = null;
    current = null;
    history.replaceState(null, "", location.pathname);
    $("editor").hidden = true;
    createForm.hidden = false;
    markEditing();
  }

  /** The create form, prefilled to copy meeting `m` (a row of the list, or the editor's snapshot):
   * its title and hamlet to change, its time, and a date to type. */
  function openCopy(m) {
    copyFrom = { id: m.id, title: m.title };
    showCreate();
    setCreateMode(true);
    $("copy-note").textContent = Fmt.fill(T.copy_note, { title: m.title });
    field(createForm, "title").value = m.title;
    field(createForm, "hamlet").value = m.hamlet || "";
    field(createForm, "time").value = (m.starts_at || "").slice(11, 16);
    createForm.scrollIntoView({ block: "start" });
    field(createForm, "title").focus();
  }

  function cancelCopy() {
    const source = copyFrom;
    copyFrom = null;
    setCreateMode(false);
    if (source && meetings.some((m) => m.id === source.id)) openEditor(source.id, true);
    else field(createForm, "title").focus();
  }

  createForm.addEventListener(
    "submit",
    guarded(createForm, async () => {
      const copy = createForm.dataset.mode === "copy" && copyFrom;
      const values = readMeeting(createForm, copy ? "copy" : "create");
      if (!values) return;
      const ack = copy
        ? await Live.send("meeting.copy", { source_meeting_id: copyFrom.id, ...Object.fromEntries(COPIED.map((k) => [k, values[k]])) })
        : await Live.send("meeting.create", values);
      if (!ack.ok) return showErrors(createForm, ack);
      toast(ack, copy ? T.copy_created : T.meeting_created);
      copyFrom = null;
      setCreateMode(false);
      await openEditor(ack.meeting_id, true);
    })
  );

  // A meeting exported on another laptop: added with a new id and fresh PINs, then opened.
  $("import-meeting").addEventListener("change", async (event) => {
    const file = event.target.files && event.target.files[0];
    event.target.value = ""; // the same file chosen again is read again
    if (!file) return;
    const { body } = await Http.json("/office/import-meeting", "office", null, { method: "POST", body: file });
    toast(body, T.meeting_imported);
    if (!body.ok) return;
    await loadList();
    await openEditor(body.meeting_id, true);
  });

  $("show-create").onclick = () => {
    copyFrom = null;
    showCreate();
    setCreateMode(false);
    field(createForm, "title").focus();
  };
  $("copy-cancel").onclick = cancelCopy;
  createForm.addEventListener("keydown", (e) => {
    if (e.key === "Escape" && createForm.dataset.mode === "copy") {
      e.preventDefault();
      cancelCopy();
    }
  });

  // ------------------------------------------------------------------ the editor of one meeting

  /** A field's value as the server holds it (for particulars, what `expected` carries). */
  function serverValue(state, key) {
    const s = state.settings || {};
    switch (key) {
      case "default_speech_minutes":
        return Math.round((s.default_speech_seconds || 0) / 60);
      case "warning_seconds":
      case "deadline_working_days":
        return s[key];
      case "categories":
        return s.categories || [];
      case "banner":
      case "units":
      case "chairs":
      case "secretaries":
      case "allocation":
        return state[key] || [];
      case "invited_count":
        return state.invited_count || 0;
      default:
        return state[key] === null || state[key] === undefined ? "" : state[key];
    }
  }

  /** A server's value in the shape the form reads (to see whether the office changed it). */
  function comparable(key, value) {
    switch (key) {
      case "starts_at":
        return String(value || "").slice(0, 16);
      case "units":
        return value.map((u) => ({ level: u.level, name: u.name }));
      case "chairs":
      case "secretaries":
        return value.map((p) => ({ name: p.name, title: p.title || "" }));
      case "allocation":
        return value.map((a) => ({ xom: a.xom, count: a.count }));
      default:
        return value;
    }
  }

  const same = (a, b) => JSON.stringify(a) === JSON.stringify(b);

  /** The inputs that show a field. */
  function inputsOf(form, key) {
    if (key === "starts_at") return [field(form, "date"), field(form, "time")];
    if (GROUPS[key]) return [...form.querySelectorAll(`fieldset[data-rows="${key}"] input`)];
    return [field(form, key)];
  }

  /** What the field shows now, as one string. */
  function rawValue(form, key) {
    if (GROUPS[key]) return JSON.stringify(rowsShown(form, key));
    return JSON.stringify(inputsOf(form, key).map((input) => input.value));
  }

  /** Show a server's value in the field. */
  function showValue(form, key, value) {
    if (key === "starts_at") {
      DateField.set(field(form, "date"), String(value || "").slice(0, 10));
      field(form, "time").value = String(value || "").slice(11, 16);
      say(field(form, "time"), "");
    } else if (GROUPS[key]) {
      setRows(form, key, value.map((item) => GROUPS[key].keys.map((k) => item[k])));
    } else {
      const input = field(form, key);
      input.value = Array.isArray(value) ? value.join("\n") : String(value);
      say(input, "");
    }
  }

  /** Fill the editor's fields from the server. `mode`: "all" (after opening the editor, or saving)
   * replaces every field; "keep" keeps those the office has typed in and not saved (their
   * `expected` stays the value they were loaded with, so a save after another screen's change is
   * refused); "stale" (after `changed_meanwhile`) also replaces every field whose value changed
   * on the server since it was loaded. `force`: fields to replace whatever the mode (just saved). */
  function fillForm(state, mode, force) {
    for (const key of [...PARTICULARS, ...SETTINGS]) {
      const value = serverValue(state, key);
      const untouched = rawValue(editForm, key) === shown[key];
      const moved = !same(value, base[key]);
      if (mode === "all" || untouched || (mode === "stale" && moved) || (force && force.has(key))) {
        showValue(editForm, key, value);
        base[key] = value;
        shown[key] = rawValue(editForm, key);
      }
    }
    showAllocationTotal(editForm);
  }

  function markEditing() {
    for (const li of document.querySelectorAll("#meeting-list > li, #archived-list > li")) {
      if (Number(li.dataset.id) === editing) li.setAttribute("aria-current", "true");
      else li.removeAttribute("aria-current");
    }
  }

  function showScreens() {
    const m = meetings.find((x) => x.id === editing);
    $("editor-screens").replaceWith(m ? Object.assign(screens(m), { id: "editor-screens" }) : el("div", { id: "editor-screens" }));
  }

  /** Open a meeting in the editor (`fresh`: every field from the server, focus on its title). */
  async function openEditor(id, fresh) {
    if (id !== editing) $("status-note").hidden = true;
    editing = id;
    history.replaceState(null, "", `#meeting-${id}`);
    if (!meetings.some((m) => m.id === id)) await loadList();
    const ok = await refresh(fresh ? "all" : "keep");
    if (!ok) return;
    createForm.hidden = true;
    $("editor").hidden = false;
    $("stage-list").querySelectorAll("textarea").forEach(autosize); // measured once shown
    if (meetings.some((m) => m.id === id && m.phase === "archived")) $("archived").open = true;
    markEditing();
    showScreens();
    if (fresh) {
      $("editor").scrollIntoView({ block: "start" });
      $("editor-title").tabIndex = -1;
      $("editor-title").focus();
    }
  }

  /** Read the meeting being edited again and show it (`mode` and `force` as for fillForm). */
  async function refresh(mode = "keep", force = null) {
    const id = editing;
    if (id === null) return false;
    const ack = await Live.ask("meeting.snapshot", { meeting_id: id });
    if (id !== editing) return false; // another meeting was opened meanwhile
    if (!ack.ok) {
      toast(ack);
      return false;
    }
    // Another meeting (stage ids are per meeting): no row's unsaved text carries over.
    const other = !current || current.id !== ack.state.id;
    if (mode === "all" || other) $("stage-list").replaceChildren();
    current = ack.state;
    $("editor-title").textContent = current.title;
    $("editor-demo").hidden = !current.is_demo;
    fillForm(current, other ? "all" : mode, force);
    renderAgenda();
    const readOnly = showStatus(current);
    document.dispatchEvent(new CustomEvent("office:meeting", { detail: { meetingId: id, state: current, readOnly } }));
    return true;
  }

  editForm.addEventListener(
    "submit",
    guarded(editForm, async () => {
      if (!current || $("editor-body").disabled) return;
      const values = readMeeting(editForm, "edit");
      if (!values) return;
      const id = editing;
      const changed = {};
      const expected = {};
      for (const key of PARTICULARS) {
        if (!same(values[key], comparable(key, base[key]))) {
          changed[key] = values[key];
          expected[key] = base[key];
        }
      }
      const settings = {};
      for (const key of SETTINGS) if (!same(values[key], base[key])) settings[key] = values[key];
      if (!Object.keys(changed).length && !Object.keys(settings).length) return toast({ ok: true }, T.nothing_to_change);
      const saved = new Set();
      if (Object.keys(changed).length) {
        const ack = await Live.send("meeting.update", { ...changed, expected }, id);
        if (id !== editing) return;
        if (!ack.ok) {
          // Another screen changed a field meanwhile: show what the meeting holds now, then why.
          if (ack.errors.some((e) => e.code === "changed_meanwhile")) await refresh("stale");
          return showErrors(editForm, ack);
        }
        Object.keys(changed).forEach((key) => saved.add(key));
      }
      if (Object.keys(settings).length) {
        const ack = await Live.send("meeting.settings", settings, id);
        if (id !== editing) return;
        if (!ack.ok) {
          await refresh("keep", saved);
          await loadList();
          return showErrors(editForm, ack);
        }
      }
      toast({ ok: true }, T.saved);
      await refresh("all");
      await loadList();
    })
  );

  // ------------------------------------------------------------------ where the meeting stands

  const STATUS_DONE = {
    "meeting.schedule": ["scheduled_ok", "btn-unschedule"],
    "meeting.unschedule": ["unscheduled_ok", "btn-schedule"],
    "meeting.archive": ["archived_ok", "btn-unarchive"],
    "meeting.unarchive": ["unarchived_ok", "btn-archive"],
    "meeting.delete": ["deleted_ok", null],
  };

  /** The phase and the buttons that move the meeting on; an archived meeting's editor is read-only.
   * Returns whether it is. */
  function showStatus(state) {
    const phase = phaseOf(state);
    const badge = $("editor-phase");
    badge.textContent = phaseText(phase);
    badge.dataset.phase = phase;
    const readOnly = phase === "archived" || phase === "deleted";
    $("btn-schedule").hidden = phase !== "draft";
    $("btn-unschedule").hidden = phase !== "scheduled";
    $("btn-archive").hidden = readOnly || phase === "live";
    $("btn-unarchive").hidden = phase !== "archived";
    $("btn-delete").hidden = readOnly || happened(state);
    $("readonly-note").hidden = !readOnly;
    $("editor-body").disabled = readOnly;
    return readOnly;
  }

  async function statusCommand(name) {
    const title = current ? current.title : "";
    if (name === "meeting.archive" && !confirm(Fmt.fill(T.confirm_archive, { title }))) return;
    if (name === "meeting.delete" && !confirm(Fmt.fill(T.confirm_delete, { title }))) return;
    const id = editing;
    const note = $("status-note");
    note.hidden = true;
    const ack = await Live.send(name, {}, id);
    if (id !== editing) return;
    if (!ack.ok) {
      note.textContent = ack.errors.map((e) => e.message).join(" ");
      note.hidden = false;
      await refresh();
      await loadList();
      return;
    }
    const [done, undo] = STATUS_DONE[name];
    toast(ack, T[done]);
    if (name === "meeting.delete") {
      showCreate();
      setCreateMode(false);
      await loadList();
      field(createForm, "title").focus();
      return;
    }
    await refresh();
    await loadList();
    const next = undo && $(undo);
    if (next && !next.hidden) next.focus();
  }

  for (const button of document.querySelectorAll("#editor-status button[data-command]")) {
    button.addEventListener("click", () => statusCommand(button.dataset.command));
  }
  $("btn-copy").addEventListener("click", () => current && openCopy(current));

  // ------------------------------------------------------------------ the agenda

  /** What the office typed in a stage's row and has not saved: kept when the agenda is redrawn. */
  function unsavedRows() {
    const kept = new Map();
    for (const form of $("stage-list").querySelectorAll("form.stage-form")) {
      if (form.dataset.dirty === "true") {
        kept.set(Number(form.dataset.id), { title: field(form, "title").value, minutes: field(form, "planned_minutes").value });
      }
    }
    return kept;
  }

  function renderAgenda() {
    const stages = current.stages;
    const kept = unsavedRows();
    const focused = document.activeElement && document.activeElement.closest("#stage-list form") ? focusKey() : null;
    $("stage-list").replaceChildren(...stages.map((stage, i) => stageRow(stage, i, stages.length, kept.get(stage.id))));
    $("stage-list").querySelectorAll("textarea").forEach(autosize);
    const total = stages.reduce((sum, s) => sum + s.planned_minutes, 0);
    const end = endOf(current.starts_at, total);
    $("agenda-total").replaceChildren(
      el("b", { id: "agenda-minutes", dataset: { minutes: total } }, T.total_planned.replace("{time}", minutesText(total))),
      end ? ` · ${T.expected_end.replace("{time}", end)}` : ""
    );
    if (focused) restoreFocus(focused);
  }

  function focusKey() {
    const node = document.activeElement;
    const form = node.closest("form");
    return { id: form.dataset.id, name: node.name || null, move: node.dataset.move || null, remove: node.classList.contains("remove") };
  }

  function restoreFocus(key) {
    const form = $("stage-list").querySelector(`form[data-id="${key.id}"]`);
    if (!form) return;
    let target = null;
    if (key.name) target = field(form, key.name);
    else if (key.move) target = form.querySelector(`button[data-move="${key.move}"]:not(:disabled)`) || form.querySelector("button[data-move]:not(:disabled)");
    else if (key.remove) target = form.querySelector("button.remove"); // a removal the server refused
    if (target) target.focus();
  }

  /** A stage title wraps over as many lines as it needs (the procedure's titles are long). */
  function autosize(textarea) {
    textarea.style.height = "auto";
    textarea.style.height = `${textarea.scrollHeight + 2}px`;
  }

  function stageRow(stage, index, count, unsaved) {
    const ran = (stage.runs || []).length > 0;
    if (unsaved && unsaved.title === stage.title && unsaved.minutes === String(stage.planned_minutes)) unsaved = null;
    const title = el("textarea", {
      name: "title",
      rows: 1,
      maxlength: field(addForm, "title").maxLength,
      required: true,
      "aria-label": T.stage_title_n.replace("{n}", index + 1),
    });
    title.value = unsaved ? unsaved.title : stage.title;
    const minutes = el("input", {
      name: "planned_minutes",
      type: "number",
      min: 1,
      max: 600,
      value: unsaved ? unsaved.minutes : stage.planned_minutes,
      required: true,
      "aria-label": T.planned_minutes,
    });
    const save = el("button", { type: "submit", class: "save primary", disabled: !unsaved }, T.save);
    const move = (which, delta, label, glyph, disabled) =>
      el(
        "button",
        { type: "button", class: "move", dataset: { move: which }, "aria-label": label, title: label, disabled, onclick: () => moveStage(stage, index + delta) },
        glyph
      );
    const form = el(
      "form",
      { class: "stage-form", id: `stage-${stage.id}`, dataset: { id: stage.id, dirty: unsaved ? "true" : "false" }, autocomplete: "off", novalidate: true },
      el("span", { class: "num" }, `${index + 1}.`),
      el("span", { class: "title-cell" }, title),
      el("span", { class: "mins" }, minutes, el("span", { class: "muted" }, T.minutes_short)),
      ran ? el("span", { class: "ran muted", title: T.stage_ran_title }, T.stage_ran) : null,
      el(
        "span",
        { class: "row-actions" },
        save,
        move("up", -1, T.move_up, "▲", index === 0),
        move("down", 1, T.move_down, "▼", index === count - 1),
        el("button", { type: "button", class: "remove", "aria-label": `${T.remove}: ${stage.title}`, title: T.remove, onclick: () => removeStage(stage) }, "✕")
      )
    );
    const markDirty = () => {
      const dirty = title.value !== stage.title || minutes.value !== String(stage.planned_minutes);
      form.dataset.dirty = String(dirty);
      save.disabled = !dirty;
      say(title, "");
      say(minutes, "");
    };
    title.addEventListener("input", () => {
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
    minutes.addEventListener("input", markDirty);
    form.addEventListener("keydown", (e) => {
      if (e.key !== "Escape") return;
      title.value = stage.title; // Esc puts the row back as saved
      minutes.value = stage.planned_minutes;
      markDirty();
      autosize(title);
    });
    form.addEventListener("submit", guarded(form, () => updateStage(stage, form)));
    return el("li", { class: ran ? "ran" : null, dataset: { id: stage.id, title: stage.title } }, form);
  }

  /** Planned minutes typed in `input`: an int 1–600, or null after saying why not. */
  function readMinutes(input) {
    const text = input.value.trim();
    const n = Number(text);
    if (!/^\d+$/.test(text) || n < 1 || n > 600) {
      say(input, text ? T.minutes_range : T.required);
      input.focus();
      return null;
    }
    return n;
  }

  /** Send an agenda command about the meeting being edited, then read it again. */
  async function agenda(name, payload, successText, form) {
    const id = editing;
    const ack = await Live.send(name, payload, id);
    if (ack.ok && form && form.classList.contains("stage-form")) form.dataset.dirty = "false";
    if (!ack.ok) {
      const rest = [];
      for (const error of ack.errors) {
        const input = form && error.field ? field(form, error.field) : null;
        if (input instanceof HTMLElement) say(input, error.message);
        else rest.push(error);
      }
      if (rest.length) toast({ ok: false, errors: rest });
    } else toast(ack, successText);
    if (id === editing) await refresh();
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
      form.dataset.dirty = "false";
      return refresh();
    }
    const ack = await agenda("stage.update", payload, T.saved, form);
    if (ack.ok) {
      const row = $("stage-list").querySelector(`form[data-id="${stage.id}"]`);
      if (row) field(row, "title").focus();
    }
  }

  async function moveStage(stage, target) {
    const others = current.stages.filter((s) => s.id !== stage.id);
    // Moving to position `target` of the agenda: in front of whoever is there once it is taken out.
    const before = others[target] ? others[target].id : null;
    // Keep this row's own unsaved text out of the way: moving is not saving.
    await agenda("stage.move", { stage_id: stage.id, before_id: before }, null);
  }

  async function removeStage(stage) {
    if (!confirm(T.confirm_remove_stage.replace("{title}", stage.title))) return;
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

  // ------------------------------------------------------------------ wiring

  for (const form of [createForm, editForm]) {
    DateField.attach(field(form, "date"));
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
  setCreateMode(false);

  // Another module of the page (office_people.js) changed the meeting: read it again.
  document.addEventListener("office:reload", (e) => {
    const wanted = e.detail && e.detail.meetingId;
    if (editing === null || (wanted !== undefined && wanted !== null && wanted !== editing)) return;
    refresh();
  });

  window.addEventListener("resize", () => $("stage-list").querySelectorAll("textarea").forEach(autosize));

  // Back on this page (another tab, another office screen): the list and the meeting as they are
  // now, keeping what the office typed and has not saved.
  document.addEventListener("visibilitychange", async () => {
    if (document.hidden || !started) return;
    await loadList();
    if (editing !== null) await refresh();
  });

  let started = false;
  startWithPin(null, "office", async () => {
    // The office joins no meeting: this runs after each (re)join, with no snapshot.
    await loadList();
    if (!started) {
      started = true;
      const wanted = /^#meeting-(\d+)$/.exec(location.hash);
      if (wanted && meetings.some((m) => m.id === Number(wanted[1]))) await openEditor(Number(wanted[1]), true);
    } else if (editing !== null) await refresh();
  });
})();

/* Backups of the database (server/backup.py): the server makes one by itself every few minutes;
 * "Back up now" makes one at once (`POST /office/backup`). The card lists the latest ones
 * (`GET /office/backups`) and the command that restores one, read again when the page shows (after
 * the PIN), when the tab comes back, after a backup and every minute. */
(() => {
  const T = window.STRINGS;
  const $ = (id) => document.getElementById(id);
  const app = $("app");
  const button = $("backup-now");
  if (!button) return;
  const SHOWN = 5; // backups listed, the newest
  const label = button.textContent;
  const lang = document.documentElement.lang || "vi";
  const size = (bytes) =>
    bytes < 1048576 ? `${Math.ceil(bytes / 1024)} KB` : `${(bytes / 1048576).toLocaleString(lang, { maximumFractionDigits: 1 })} MB`;
  const seconds = (ts) => String(new Date(ts * 1000).getSeconds()).padStart(2, "0");
  const when = (ts) => `${Fmt.timeOfDay(ts)}:${seconds(ts)} ${Fmt.date(Fmt.isoDay(ts))}`;

  async function load() {
    const { body } = await Http.json("/office/backups", "office", null);
    if (!body.ok) return; // no PIN yet, or the server is out of reach: the next load shows it
    const minutes = Number(body.every_minutes) || 0;
    $("backup-auto").textContent =
      minutes > 0
        ? T.backup_every.replace("{minutes}", Number(minutes.toFixed(2))).replace("{directory}", body.directory)
        : T.backup_off.replace("{directory}", body.directory);
    const rows = body.backups.slice(0, SHOWN).map((b) => el("li", {}, el("b", {}, when(b.at)), ` · ${size(b.bytes)} · `, el("span", { class: "muted" }, b.name)));
    $("backup-list").replaceChildren(...(rows.length ? rows : [el("li", { class: "muted" }, T.backup_none)]));
    $("backup-restore").replaceChildren(`${T.backup_restore}: `, el("code", {}, body.restore));
  }

  button.addEventListener("click", async () => {
    button.disabled = true;
    button.textContent = T.backup_working;
    const { body } = await Http.json("/office/backup", "office", null, { method: "POST" });
    button.disabled = false;
    button.textContent = label;
    toast(body, body.ok ? T.backup_done.replace("{file}", body.file).replace("{size}", size(body.bytes)) : null);
    await load();
  });

  const visible = () => !app.hidden && !document.hidden;
  new MutationObserver(() => visible() && load()).observe(app, { attributes: true, attributeFilter: ["hidden"] });
  document.addEventListener("visibilitychange", () => visible() && load());
  setInterval(() => visible() && load(), 60000);
})();
