/* The secretary's laptop: fast keyboard entry of registrations, and the queue. */
"use strict";

(() => {
  const T = window.STRINGS;
  const $ = (id) => document.getElementById(id);
  const form = $("reg-form");
  const input = (name) => form.elements.namedItem(name);
  let S = null;
  let selectedId = null;
  let dragId = null;
  let settingsShown = false;
  let draft = null; // a new registration being typed when an edit began: back when the edit ends
  const TYPED = ["name", "xom", "topic", "minutes", "phone", "note", "walk_in", "follows_opinion_id"];

  const run = runCommand;

  function render(state) {
    S = state;
    const cur = currentStage(state);
    $("sec-stage").textContent = cur
      ? `${T.stage_of.replace("{n}", cur.index + 1).replace("{total}", state.stages.length)}: ${cur.stage.title}`
      : T.not_started;
    const sp = currentSpeaker(state);
    $("sec-current").textContent = sp ? sp.name : T.no_speaker;

    const order = [
      ...state.speakers.filter((s) => s.status === "current"),
      ...queueOf(state),
      ...state.speakers.filter((s) => !["current", "queued"].includes(s.status)),
    ];
    let n = 0;
    const length = queueOf(state).length;
    $("rows").replaceChildren(...order.map((s) => row(s, s.status === "queued" ? ++n : "", length)));
    $("queue-count").textContent = `(${queueOf(state).length})`;
    const follows = input("follows_opinion_id");
    const keep = follows.value;
    follows.replaceChildren(
      el("option", { value: "" }, "–"),
      ...state.opinions.map((o) => el("option", { value: o.id }, `#${o.id} ${o.summary}`))
    );
    follows.value = [...follows.options].some((o) => o.value === keep) ? keep : "";
    $("xom-list").replaceChildren(
      ...[...new Set(state.speakers.map((s) => s.xom).filter(Boolean))].map((x) => el("option", { value: x }))
    );
    input("minutes").placeholder = String(state.settings.default_speech_seconds / 60);
    if (!settingsShown) {
      const f = $("settings-form");
      f.elements.default_speech_minutes.value = state.settings.default_speech_seconds / 60;
      f.elements.warning_seconds.value = state.settings.warning_seconds;
      f.elements.deadline_working_days.value = state.settings.deadline_working_days;
      f.elements.categories.value = state.settings.categories.join("\n");
      settingsShown = true;
    }
    tick();
  }

  /** One speaker's row; `number` is a queued speaker's place in the queue (1..`queueLength`). */
  function row(s, number, queueLength) {
    const waiting = s.status === "queued";
    // Up and down buttons: reordering by touch as well as by mouse (drag) and keyboard (Alt+arrows).
    const move = (which, delta, label, glyph, disabled) =>
      el(
        "button",
        {
          type: "button",
          class: "move",
          dataset: { move: which },
          title: label,
          "aria-label": label,
          disabled,
          onclick: () => step(s.id, delta, which),
        },
        glyph
      );
    const tr = el(
      "tr",
      {
        dataset: { id: s.id, status: s.status },
        draggable: waiting ? "true" : null,
        tabindex: waiting ? "0" : null,
        class: s.id === selectedId ? "selected" : null,
      },
      el("td", {}, String(number)),
      el("td", {}, el("b", {}, s.name), s.walk_in ? el("span", { class: "muted" }, ` (${T.walk_in})`) : null),
      el("td", {}, s.xom),
      el(
        "td",
        {},
        s.topic,
        s.follows_opinion_id ? el("div", { class: "muted" }, `↩ ${followed(s.follows_opinion_id)}`) : null,
        s.note ? el("div", { class: "note" }, s.note) : null
      ),
      el("td", {}, String(Math.round(s.requested_seconds / 60))),
      el("td", {}, s.phone),
      el("td", {}, T["status_" + s.status]),
      el(
        "td",
        { class: "actions" },
        waiting ? move("up", -1, T.move_up, "▲", number === 1) : null,
        waiting ? move("down", 1, T.move_down, "▼", number === queueLength) : null,
        el("button", { type: "button", onclick: () => edit(s) }, T.edit),
        waiting
          ? el("button", { type: "button", title: T.withdraw, "aria-label": T.withdraw, onclick: () => withdraw(s.id) }, "✕")
          : s.status === "skipped" || s.status === "withdrawn"
            ? el("button", { type: "button", title: T.restore, "aria-label": T.restore, onclick: () => run("speaker.restore", { speaker_id: s.id }) }, "↺")
            : null
      )
    );
    if (waiting) {
      tr.addEventListener("click", () => select(s.id));
      tr.addEventListener("keydown", (e) => onRowKey(e, s.id));
      tr.addEventListener("dragstart", (e) => {
        dragId = s.id;
        e.dataTransfer.effectAllowed = "move";
        e.dataTransfer.setData("text/plain", String(s.id));
      });
      tr.addEventListener("dragover", (e) => {
        if (dragId !== null && dragId !== s.id) {
          e.preventDefault();
          tr.classList.add("drop-target");
        }
      });
      tr.addEventListener("dragleave", () => tr.classList.remove("drop-target"));
      tr.addEventListener("drop", (e) => {
        e.preventDefault();
        tr.classList.remove("drop-target");
        const moving = dragId;
        dragId = null;
        if (moving !== null && moving !== s.id) moveBefore(moving, s.id);
      });
    }
    return tr;
  }

  function followed(opinionId) {
    const o = S.opinions.find((x) => x.id === opinionId);
    return o ? o.summary : `#${opinionId}`;
  }

  function select(id) {
    selectedId = id;
    for (const tr of $("rows").children) tr.classList.toggle("selected", Number(tr.dataset.id) === id);
  }

  /** Move a queued speaker so that it stands where `targetId` stands now. */
  function moveBefore(id, targetId) {
    const queue = queueOf(S).map((s) => s.id);
    const from = queue.indexOf(id);
    const to = queue.indexOf(targetId);
    // Moving down: go in front of the one after the target, so the dragged row takes the target's place.
    const before = from < to ? (queue[to + 1] ?? null) : targetId;
    return run("speaker.move", { speaker_id: id, before_id: before });
  }

  function onRowKey(e, id) {
    if (!e.altKey || (e.key !== "ArrowUp" && e.key !== "ArrowDown")) return;
    e.preventDefault();
    step(id, e.key === "ArrowUp" ? -1 : 1, null);
  }

  /** Move a queued speaker one place up (-1) or down (+1); then focus their row again, or the same
   * button of it (`which`: "up" | "down") while it can still be used. */
  async function step(id, delta, which) {
    const queue = queueOf(S).map((s) => s.id);
    const i = queue.indexOf(id);
    const j = i + delta;
    if (i < 0 || j < 0 || j >= queue.length) return;
    select(id);
    const ack = await moveBefore(id, queue[j]);
    if (!ack.ok) return;
    const tr = $("rows").querySelector(`tr[data-id="${id}"]`);
    const button = tr && which ? tr.querySelector(`button[data-move="${which}"]:not(:disabled)`) : null;
    if (button || tr) (button || tr).focus();
  }

  function withdraw(id) {
    if (confirm(T.confirm_withdraw)) run("speaker.withdraw", { speaker_id: id });
  }

  /** Whether the form holds something typed for a new registration. */
  function typedNew() {
    if (input("speaker_id").value) return false;
    return TYPED.some((n) => (input(n).type === "checkbox" ? input(n).checked : input(n).value.trim() !== ""));
  }

  function edit(s) {
    if (typedNew()) draft = Object.fromEntries(TYPED.map((n) => [n, input(n).type === "checkbox" ? input(n).checked : input(n).value]));
    input("speaker_id").value = s.id;
    input("name").value = s.name;
    input("xom").value = s.xom;
    input("topic").value = s.topic;
    input("minutes").value = Math.round(s.requested_seconds / 60);
    input("phone").value = s.phone;
    input("note").value = s.note;
    input("walk_in").checked = s.walk_in;
    input("walk_in").disabled = true;
    input("follows_opinion_id").disabled = true;
    $("form-title").textContent = `${T.edit}: ${s.name}`;
    $("reg-cancel").hidden = false;
    input("name").focus();
  }

  function resetForm() {
    form.reset();
    input("speaker_id").value = "";
    input("walk_in").disabled = false;
    input("follows_opinion_id").disabled = false;
    $("form-title").textContent = $("form-title").dataset.title;
    $("reg-cancel").hidden = true;
    if (draft) {
      // The edit is over: the registration that was being typed comes back as it was.
      for (const [n, v] of Object.entries(draft)) input(n)[input(n).type === "checkbox" ? "checked" : "value"] = v;
      draft = null;
    }
    input("name").focus();
  }

  form.addEventListener("submit", async (e) => {
    e.preventDefault();
    const minutes = input("minutes").value.trim();
    const payload = {
      name: input("name").value,
      xom: input("xom").value,
      topic: input("topic").value,
      phone: input("phone").value,
      note: input("note").value,
    };
    if (minutes) payload.requested_minutes = Number(minutes);
    const editing = input("speaker_id").value;
    let ack;
    if (editing) {
      ack = await run("speaker.update", { speaker_id: Number(editing), ...payload }, T.saved);
    } else {
      payload.walk_in = input("walk_in").checked;
      if (input("follows_opinion_id").value) payload.follows_opinion_id = Number(input("follows_opinion_id").value);
      ack = await run("speaker.add", payload, T.added);
    }
    if (ack.ok) resetForm();
    else {
      const field = ack.errors.map((x) => x.field).find((f) => f && input(f === "requested_minutes" ? "minutes" : f));
      if (field) input(field === "requested_minutes" ? "minutes" : field).focus();
    }
  });
  // Esc cancels an edit of an existing row, and only that: a new registration being typed (say
  // after the server refused it, to be corrected) is never wiped by it.
  form.addEventListener("keydown", (e) => {
    if (e.key === "Escape" && input("speaker_id").value) {
      e.preventDefault();
      resetForm();
    }
  });
  $("reg-cancel").onclick = resetForm;
  $("form-title").dataset.title = $("form-title").textContent;

  $("settings-form").onsubmit = (e) => {
    e.preventDefault();
    const f = e.target.elements;
    run(
      "meeting.settings",
      {
        default_speech_minutes: Number(f.default_speech_minutes.value),
        warning_seconds: Number(f.warning_seconds.value),
        deadline_working_days: Number(f.deadline_working_days.value),
        categories: f.categories.value.split("\n").map((c) => c.trim()).filter(Boolean),
      },
      T.saved
    );
  };

  function tick() {
    if (!S) return;
    const sp = currentSpeaker(S);
    const box = $("sec-timer");
    if (!sp) {
      box.textContent = "";
      return;
    }
    const left = Timer.remaining(S.timer, Live.now());
    box.textContent = Fmt.countdown(left);
    box.dataset.level = Timer.level(S, left);
  }

  setInterval(tick, 500);
  startWithPin(window.MEETING_ID, "secretary", render);
})();
