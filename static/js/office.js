/* The commune office prepares its meetings: creates one (title, hamlet, place, organiser, date and
 * time, banner), hands out each screen's address and PIN, and edits the details and the agenda.
 *
 * The office joins no meeting, so no patch reaches this page: it reads the list (`meetings.list`)
 * and the meeting being edited (`meeting.snapshot`) again after each of its commands, and after
 * every (re)join. docs/protocol.md has the commands.
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
  const MEETING_FIELDS = ["title", "hamlet", "place", "organiser", "date", "time", "banner"];
  const BANNER_LINES = 6;

  let meetings = []; // the last meetings.list, newest first
  let editing = null; // id of the meeting open in the editor
  let current = null; // its snapshot, as last read
  let loaded = {}; // the editor's field values as last loaded from the server (to see what changed)

  // ------------------------------------------------------------------ reading and checking fields

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

  /** The banner's lines: one a row, blank rows dropped. */
  function bannerLines(text) {
    return String(text || "")
      .split("\n")
      .map((line) => line.trim())
      .filter(Boolean);
  }

  /** The meeting form's values as the server takes them, or null after saying next to each field
   * what is wrong with it (and focusing the first such field). Nothing in the form is cleared. */
  function readMeeting(form) {
    const problems = [];
    const text = (name) => field(form, name).value.trim();
    for (const name of ["title", "hamlet"]) if (!text(name)) problems.push([name, T.required]);

    const dateInput = field(form, "date");
    const date = DateField.read(dateInput); // says itself why a value is not a date
    if (date === "") problems.push(["date", T.required]);
    else if (date === null) problems.push(["date", null]);

    const time = parseTime(text("time"));
    if (time === "") problems.push(["time", T.required]);
    else if (time === null) problems.push(["time", T.time_format]);
    else field(form, "time").value = time;

    const banner = bannerLines(field(form, "banner").value);
    const lineMax = Number(field(form, "banner").dataset.lineMax) || 200;
    const long = banner.findIndex((line) => line.length > lineMax);
    if (banner.length > BANNER_LINES) problems.push(["banner", T.banner_lines.replace("{n}", BANNER_LINES)]);
    else if (long >= 0) problems.push(["banner", T.banner_line_long.replace("{n}", long + 1).replace("{max}", lineMax)]);

    for (const name of MEETING_FIELDS) if (name !== "date") say(field(form, name), "");
    for (const [name, message] of problems) if (message) say(field(form, name), message);
    if (problems.length) {
      const first = MEETING_FIELDS.find((name) => problems.some(([n]) => n === name));
      field(form, first).focus();
      return null;
    }
    return {
      title: text("title"),
      hamlet: text("hamlet"),
      place: text("place"),
      organiser: text("organiser"),
      starts_at: `${date}T${time}`,
      banner,
    };
  }

  /** Which form field a server's error names ("starts_at" is the date and time, "banner.2" a line). */
  function inputFor(form, name) {
    const key = String(name || "").split(".")[0];
    const mapped = key === "starts_at" ? "date" : key;
    return MEETING_FIELDS.includes(mapped) ? field(form, mapped) : null;
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
    return prefix && hamlet.toLowerCase().startsWith(prefix) ? hamlet : T.hamlet_of.replace("{name}", hamlet);
  }

  /** The three screens of a meeting, with the PIN the office hands out next to each. */
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
      row("projector", T.role_projector, null)
    );
  }

  /** A new PIN for a role of a meeting: the screens using the old one are signed out at once. */
  async function newPin(meetingId, role) {
    if (!confirm(T.confirm_new_pin)) return;
    const ack = await Live.ask("pin.regenerate", { meeting_id: meetingId, role });
    if (!ack.ok) return toast(ack);
    await loadList();
  }

  // ------------------------------------------------------------------ the list of meetings

  async function loadList() {
    const ack = await Live.ask("meetings.list", {});
    if (!ack.ok) return toast(ack);
    meetings = ack.meetings;
    $("meeting-count").textContent = `(${meetings.length})`;
    $("meeting-list").replaceChildren(
      ...(meetings.length ? meetings.map(meetingItem) : [el("li", { class: "muted" }, T.no_meetings)])
    );
    if (editing !== null) showScreens();
  }

  function meetingItem(m) {
    return el(
      "li",
      { class: "office-meeting", dataset: { id: m.id }, "aria-current": m.id === editing ? "true" : null },
      el(
        "div",
        { class: "m-head" },
        el("h3", {}, m.is_demo ? el("span", { class: "demo-badge" }, T.demo) : null, m.is_demo ? " " : null, m.title),
        el(
          "button",
          { type: "button", class: "edit", "aria-label": `${T.edit}: ${m.title}`, onclick: () => openEditor(m.id, true) },
          T.edit
        )
      ),
      el("p", { class: "muted m-meta" }, [hamletText(m.hamlet), m.place, Fmt.date(m.starts_at)].filter(Boolean).join(" · ")),
      screens(m)
    );
  }

  // ------------------------------------------------------------------ creating a meeting

  createForm.addEventListener(
    "submit",
    guarded(createForm, async () => {
      const values = readMeeting(createForm);
      if (!values) return;
      const ack = await Live.send("meeting.create", values);
      if (!ack.ok) return showErrors(createForm, ack);
      toast(ack, T.meeting_created);
      createForm.reset();
      await openEditor(ack.meeting_id, true);
    })
  );

  $("show-create").onclick = () => {
    editing = null;
    current = null;
    history.replaceState(null, "", location.pathname);
    $("editor").hidden = true;
    createForm.hidden = false;
    markEditing();
    field(createForm, "title").focus();
  };

  // ------------------------------------------------------------------ the editor of one meeting

  function formValues(state) {
    return {
      title: state.title,
      hamlet: state.hamlet,
      place: state.place || "",
      organiser: state.organiser || "",
      date: Fmt.date((state.starts_at || "").slice(0, 10)),
      time: (state.starts_at || "").slice(11, 16),
      banner: (state.banner || []).join("\n"),
    };
  }

  /** Fill the editor's fields from the server, keeping any the office has changed and not saved
   * (unless `all`: after opening the editor or saving). */
  function fillForm(state, all) {
    const values = formValues(state);
    for (const name of MEETING_FIELDS) {
      const input = field(editForm, name);
      if (all || input.value === loaded[name]) {
        input.value = values[name];
        say(input, "");
      }
    }
    loaded = values;
  }

  function markEditing() {
    for (const li of $("meeting-list").children) {
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
    editing = id;
    history.replaceState(null, "", `#meeting-${id}`);
    if (!meetings.some((m) => m.id === id)) await loadList();
    const ok = await refresh(fresh);
    if (!ok) return;
    createForm.hidden = true;
    $("editor").hidden = false;
    $("stage-list").querySelectorAll("textarea").forEach(autosize); // measured once shown
    markEditing();
    showScreens();
    if (fresh) {
      $("editor").scrollIntoView({ block: "start" });
      $("editor-title").tabIndex = -1;
      $("editor-title").focus();
    }
  }

  /** Read the meeting being edited again and show it. */
  async function refresh(all) {
    const id = editing;
    if (id === null) return false;
    const ack = await Live.ask("meeting.snapshot", { meeting_id: id });
    if (id !== editing) return false; // another meeting was opened meanwhile
    if (!ack.ok) {
      toast(ack);
      return false;
    }
    // Another meeting (stage ids are per meeting): no row's unsaved text carries over.
    if (all || !current || current.id !== ack.state.id) $("stage-list").replaceChildren();
    current = ack.state;
    $("editor-title").textContent = current.title;
    $("editor-demo").hidden = !current.is_demo;
    fillForm(current, all);
    renderAgenda();
    return true;
  }

  editForm.addEventListener(
    "submit",
    guarded(editForm, async () => {
      const values = readMeeting(editForm);
      if (!values || !current) return;
      const before = {
        title: current.title,
        hamlet: current.hamlet,
        place: current.place || "",
        organiser: current.organiser || "",
        starts_at: (current.starts_at || "").slice(0, 16),
        banner: current.banner || [],
      };
      const changed = {};
      for (const [key, value] of Object.entries(values)) {
        if (JSON.stringify(value) !== JSON.stringify(before[key])) changed[key] = value;
      }
      if (!Object.keys(changed).length) return toast({ ok: true }, T.nothing_to_change);
      const ack = await Live.send("meeting.update", changed, editing);
      if (!ack.ok) return showErrors(editForm, ack);
      toast(ack, T.saved);
      await refresh(true);
      await loadList();
    })
  );

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
    if (id === editing) await refresh(false);
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
      return refresh(false);
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
    for (const name of MEETING_FIELDS) {
      if (name !== "date") field(form, name).addEventListener("input", (e) => say(e.target, ""));
    }
    // Enter submits from any field, the long title's too (it wraps, but is one line of text); in the
    // banner Enter starts a new line, and Ctrl+Enter submits.
    field(form, "title").addEventListener("keydown", (e) => {
      if (e.key === "Enter" && !e.isComposing) {
        e.preventDefault();
        form.requestSubmit();
      }
    });
    field(form, "banner").addEventListener("keydown", (e) => {
      if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) {
        e.preventDefault();
        form.requestSubmit();
      }
    });
  }

  window.addEventListener("resize", () => $("stage-list").querySelectorAll("textarea").forEach(autosize));

  let started = false;
  startWithPin(null, "office", async () => {
    // The office joins no meeting: this runs after each (re)join, with no snapshot.
    await loadList();
    if (!started) {
      started = true;
      const wanted = /^#meeting-(\d+)$/.exec(location.hash);
      if (wanted && meetings.some((m) => m.id === Number(wanted[1]))) await openEditor(Number(wanted[1]), true);
    } else if (editing !== null) await refresh(false);
  });
})();
