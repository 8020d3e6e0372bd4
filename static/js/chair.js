/* The chair's tablet: stages (with undo), the turn at the microphone, the queue, the opinions,
 * the hall message, and the meeting bar: the introductions on the projector, the delegates present,
 * the citizens present (the door's check-in, per xóm, and on the projector), the close of the meeting (after which the stage and turn controls are disabled) and its reopening. Three kinds of "next" are kept apart on purpose: the stage ("Nội dung tiếp
 * theo", violet, in the stage bar), the next speaker ("Mời người tiếp theo", the big blue button)
 * and one queued speaker ("Mời phát biểu" on their row). */
"use strict";

(() => {
  const T = window.STRINGS;
  const $ = (id) => document.getElementById(id);
  const UNDO_SECONDS = 8;
  let S = null;
  let undo = null; // {from, to, version, timer}: the last stage change this screen made, while it can be undone
  let refocus = null; // {id, cls}: the queue button to focus again after a move re-renders the list

  const run = runCommand;

  function render(state) {
    S = state;
    const cur = currentStage(state);
    $("stage-count").textContent = cur
      ? T.stage_of.replace("{n}", cur.index + 1).replace("{total}", state.stages.length)
      : T.not_started;
    $("stage-title").textContent = cur ? cur.stage.title : state.title;
    $("stage-title").title = cur ? cur.stage.title : state.title;
    $("stage-planned").textContent = cur ? Fmt.clock(cur.stage.planned_minutes * 60) : "–";
    const ended = isEnded(state);
    $("stage-prev").disabled = ended || !cur || cur.index === 0;
    $("stage-next").disabled = ended || (cur && cur.index === state.stages.length - 1);
    $("stage-goto").disabled = ended;
    // The stage moved on elsewhere since (a patch at least as new as the change): nothing to undo.
    if (undo && state.version >= undo.version && state.stage_id !== undo.to) hideUndo();
    if (ended) hideUndo(); // closed: there is no stage to go back to until it is reopened

    const select = $("stage-goto");
    // A stage that ran shows its actual time against its plan (the current one's runs on in the bar).
    const at = Live.now();
    select.replaceChildren(
      ...state.stages.map((s, i) => {
        const ran = s.runs.length && s.id !== state.stage_id;
        const times = ran ? ` (${Fmt.clock(stageElapsed(s, at))} / ${Fmt.clock(s.planned_minutes * 60)})` : "";
        return el("option", { value: s.id, selected: s.id === state.stage_id }, `${i + 1}. ${s.title}${times}`);
      })
    );
    if (!cur) select.prepend(el("option", { value: "", selected: true }, T.not_started));

    const sp = currentSpeaker(state);
    $("cur-name").textContent = sp ? sp.name : T.no_speaker;
    $("cur-detail").textContent = sp ? [sp.xom, sp.topic].filter(Boolean).join(" · ") : "";
    $("cur-note").textContent = sp && sp.note ? sp.note : "";
    const phase = Timer.phase(state);
    $("btn-start").hidden = phase !== "ready";
    $("btn-pause").hidden = phase !== "running";
    $("btn-resume").hidden = phase !== "paused";
    for (const id of ["btn-minus", "btn-plus", "btn-end"]) $(id).disabled = ended || !sp;
    for (const id of ["btn-start", "btn-pause", "btn-resume"]) $(id).disabled = ended;
    const queue = queueOf(state);
    $("btn-next").disabled = ended || queue.length === 0;

    $("queue-count").textContent = `(${queue.length})`;
    $("queue").replaceChildren(...(queue.length ? queue.map(queueRow) : [el("li", { class: "muted" }, T.queue_empty)]));
    if (refocus) {
      const button = document.querySelector(`#queue li[data-id="${refocus.id}"] .${refocus.cls}`);
      if (button && !button.disabled) {
        button.focus({ preventScroll: true });
        button.closest("li").scrollIntoView({ block: "nearest" });
      }
      refocus = null;
    }
    const aside = state.speakers.filter((s) => s.status === "skipped" || s.status === "withdrawn");
    $("set-aside-count").textContent = `(${aside.length})`;
    $("set-aside").replaceChildren(
      ...aside.map((s) =>
        el(
          "li",
          { dataset: { id: s.id } },
          el("span", { class: "who" }, s.name, " ", el("span", { class: "muted" }, T["status_" + s.status])),
          el(
            "button",
            {
              class: "restore",
              title: T.restore,
              "aria-label": `${T.restore}: ${s.name}`,
              onclick: () => run("speaker.restore", { speaker_id: s.id }),
            },
            "↺"
          )
        )
      )
    );
    renderOpinions(state);
    renderMeeting(state);
    $("message-current").textContent = state.message;
    $("message-current").hidden = !state.message;
    $("message-clear").disabled = !state.message;
    tick();
  }

  function queueRow(s, i, queue) {
    const named = (label) => `${label}: ${s.name}`;
    return el(
      "li",
      { dataset: { id: s.id } },
      el(
        "div",
        { class: "info" },
        el("b", { class: "who" }, s.name),
        el(
          "div",
          { class: "topic" },
          el("span", { class: "mins" }, `${Math.round(s.requested_seconds / 60)} ${T.minutes_short}`),
          [s.xom, s.topic].filter(Boolean).map((t) => ` · ${t}`).join(""),
          s.walk_in ? ` (${T.walk_in})` : "",
          s.follows_opinion_id ? " ↩" : ""
        )
      ),
      el(
        "button",
        { class: "up", title: T.move_up, "aria-label": named(T.move_up), disabled: i === 0, onclick: () => move(queue, i, -1) },
        "▲"
      ),
      el(
        "button",
        {
          class: "down",
          title: T.move_down,
          "aria-label": named(T.move_down),
          disabled: i === queue.length - 1,
          onclick: () => move(queue, i, 1),
        },
        "▼"
      ),
      el("button", { class: "call", "aria-label": named(T.call), disabled: isEnded(S), onclick: () => callOne(s.id) }, T.call),
      el("button", { class: "skip", title: T.skip, "aria-label": named(T.skip), onclick: () => skip(s.id) }, "✕")
    );
  }

  /** Move the queued speaker at `i` one place up (dir −1) or down (dir 1): speaker.move puts them
   * before the row above, or before the row two below (null: at the end). */
  function move(queue, i, dir) {
    const target = i + (dir < 0 ? -1 : 2);
    const beforeId = target < queue.length ? queue[target].id : null;
    refocus = { id: queue[i].id, cls: dir < 0 ? "up" : "down" };
    run("speaker.move", { speaker_id: queue[i].id, before_id: beforeId }).then((ack) => ack.ok || (refocus = null));
  }

  function renderOpinions(state) {
    const select = $("answerer-select");
    const keep = select.value;
    select.replaceChildren(
      el("option", { value: "" }, T.choose_answerer),
      ...state.delegates.map((d) => el("option", { value: d.id }, `${d.name} – ${d.title}`)),
      el("option", { value: "other" }, T.other_answerer)
    );
    if ([...select.options].some((o) => o.value === keep)) select.value = keep;
    $("answerer-text").hidden = select.value !== "other";

    const focus = state.focus;
    $("focus-line").hidden = !focus;
    $("focus-text").textContent = focus ? `${focus.summary} — ${T.answering}: ${focus.answerer}` : "";
    $("op-count").textContent = `(${state.opinions.length})`;
    const citizen = (o) => {
      const sp = o.speaker_id !== null ? state.speakers.find((s) => s.id === o.speaker_id) : null;
      return sp ? sp.name : o.citizen;
    };
    $("opinion-list").replaceChildren(
      ...state.opinions
        .filter((o) => !o.closed_at)
        .map((o) =>
          el(
            "li",
            { dataset: { id: o.id }, class: focus && focus.opinion_id === o.id ? "focused" : null },
            el("div", { class: "op-text" }, el("b", {}, citizen(o)), `: ${o.summary}`),
            el(
              "div",
              { class: "muted" },
              [o.answerer && `${T.answering}: ${o.answerer}`, o.outcome && T["outcome_" + o.outcome]].filter(Boolean).join(" · ")
            ),
            el(
              "div",
              { class: "op-actions" },
              el("button", { class: "assign", onclick: () => assign(o) }, T.assign),
              el("button", { class: "answer primary", disabled: isEnded(state), onclick: () => callAnswer(o) }, T.call_answer)
            )
          )
        )
    );
  }

  /** Who answers, as payload fields: the one chosen in the list, else (to give the floor) the one
   * the opinion was already assigned to; null, with a message, if there is neither. */
  function answerer(opinion) {
    const value = $("answerer-select").value;
    if (value === "other") return { delegate_id: null, answerer: $("answerer-text").value };
    if (value) return { delegate_id: Number(value) };
    if (opinion && opinion.answerer) {
      return opinion.answerer_delegate_id !== null && opinion.answerer_delegate_id !== undefined
        ? { delegate_id: opinion.answerer_delegate_id }
        : { delegate_id: null, answerer: opinion.answerer };
    }
    toast({ ok: false, errors: [{ message: T.choose_answerer }] });
    $("answerer-select").focus();
    return null;
  }

  function assign(o) {
    const who = answerer(null);
    if (who) run("opinion.assign", { opinion_id: o.id, ...who });
  }

  function callAnswer(o) {
    const who = answerer(o);
    if (who) run("answer.call", { opinion_ids: [o.id], expected_speaker_id: S.speaker_id, ...who });
  }

  $("answerer-select").onchange = () => ($("answerer-text").hidden = $("answerer-select").value !== "other");
  $("focus-clear").onclick = () => run("opinion.focus_clear", {});

  // ---------------------------------------------------------------- the meeting bar

  const isEnded = (state) => state.ended_at !== null && state.ended_at !== undefined;
  let presentKey = null; // the delegates the dialog's rows were built from

  function renderMeeting(state) {
    const ended = isEnded(state);
    const showing = state.showing === "delegates";
    const cur = currentStage(state);
    const toggle = $("intro-toggle");
    toggle.textContent = showing ? T.intro_hide : T.intro_show;
    toggle.classList.toggle("on", showing);
    // The introductions belong to the first stage: the button stands out there.
    toggle.classList.toggle("suggested", !showing && !ended && cur !== null && cur.index === 0);
    toggle.hidden = ended && !showing; // a closed meeting shows its close, not the introductions
    const present = state.delegates.filter((d) => d.present).length;
    $("present-count").textContent = `(${present}/${state.delegates.length})`;
    $("meeting-close").hidden = ended || state.started_at === null;
    $("meeting-reopen").hidden = !ended;
    const line = $("ended-line");
    line.hidden = !ended;
    line.textContent = ended
      ? `${T.meeting_has_closed} ${T.closed_at.replace("{time}", Fmt.moment(state.ended_at, state.starts_at))}`
      : "";
    document.body.dataset.ended = ended ? "1" : "";
    renderPresent(state);
    renderAttendance(state);
  }

  /** Who came, from the door's check-in: "Có mặt 37/100 (khách 2)" in the bar, per xóm in the
   * dialog, and the toggle that puts the count on the projector. */
  function renderAttendance(state) {
    const att = state.attendance || { invited: 0, present: 0, walk_ins: 0, per_xom: [] };
    const total = att.invited
      ? T.att_present.replace("{n}", att.present).replace("{total}", att.invited)
      : T.att_present_n.replace("{n}", att.present);
    const walkIns = att.walk_ins ? T.att_walk_ins.replace("{n}", att.walk_ins) : "";
    $("attendance-open").textContent = [total, walkIns].filter(Boolean).join(" ");
    $("attendance-total").textContent = [total, walkIns].filter(Boolean).join(" ");
    const showing = state.showing === "attendance";
    for (const button of document.querySelectorAll(".attendance-toggle")) {
      button.textContent = showing ? T.att_hide : T.att_show;
      button.classList.toggle("on", showing);
    }
    $("attendance-toggle").hidden = isEnded(state) && !showing;
    $("qr-toggle").textContent = state.showing === "qr" ? T.att_hide : T.qr_show;
    $("qr-toggle").classList.toggle("on", state.showing === "qr");
    $("registration-toggle").textContent = state.registration_open ? T.req_close_button : T.req_open_button;
    const allocated = att.per_xom.some((x) => x.allocated !== null && x.allocated !== undefined);
    document.querySelector(".attendance-table").classList.toggle("no-allocation", !allocated);
    $("attendance-rows").replaceChildren(
      ...att.per_xom.map((x) =>
        el(
          "tr",
          {},
          el("th", { scope: "row" }, x.xom),
          el("td", { class: "num present" }, String(x.present)),
          el("td", { class: "num" }, String(x.invited)),
          el("td", { class: "num att-allocated" }, x.allocated === null || x.allocated === undefined ? "–" : String(x.allocated))
        )
      )
    );
  }

  /** The dialog's rows, one checkbox a delegate; rebuilt only when the delegates change, so that a
   * tap keeps its focus when the patch comes back. */
  function renderPresent(state) {
    const list = $("present-list");
    const key = JSON.stringify(state.delegates.map((d) => [d.id, d.name, d.title, d.unit, d.group]));
    if (key !== presentKey) {
      presentKey = key;
      const focused = document.activeElement && list.contains(document.activeElement) ? document.activeElement.dataset.id : null;
      list.replaceChildren(
        ...(state.delegates.length
          ? state.delegates.map((d) =>
              el(
                "li",
                {},
                el(
                  "label",
                  { class: "present-row" },
                  el("input", { type: "checkbox", dataset: { id: d.id }, onchange: (e) => markPresent(d.id, e.target) }),
                  el("span", { class: "who" }, el("b", {}, d.name), d.title ? el("span", { class: "muted" }, d.title) : null)
                )
              )
            )
          : [el("li", { class: "muted" }, T.no_delegates)])
      );
      if (focused) list.querySelector(`input[data-id="${focused}"]`)?.focus();
    }
    for (const d of state.delegates) {
      const box = list.querySelector(`input[data-id="${d.id}"]`);
      if (box) box.checked = Boolean(d.present);
    }
  }

  async function markPresent(id, box) {
    const ack = await run("delegate.present", { delegate_id: id, present: box.checked });
    if (!ack.ok) {
      const d = S.delegates.find((x) => x.id === id);
      box.checked = Boolean(d && d.present); // refused: show what the server holds
    }
  }

  $("intro-toggle").onclick = () => run("hall.show", { what: S.showing === "delegates" ? "" : "delegates" });
  $("present-open").onclick = () => $("present-dialog").showModal();
  $("attendance-open").onclick = () => $("attendance-dialog").showModal();
  for (const button of document.querySelectorAll(".attendance-toggle")) {
    button.onclick = () => run("hall.show", { what: S.showing === "attendance" ? "" : "attendance" });
  }
  $("qr-toggle").onclick = () => run("hall.show", { what: S.showing === "qr" ? "" : "qr" });
  $("registration-toggle").onclick = () => run(S.registration_open ? "registration.close" : "registration.open", {});
  const chimeLabel = () => ($("chime-toggle").textContent = localStorage.getItem("chair-chime") === "on" ? T.chime_on : T.chime_off);
  $("chime-toggle").onclick = () => {
    localStorage.setItem("chair-chime", localStorage.getItem("chair-chime") === "on" ? "off" : "on");
    chimeLabel();
  };
  chimeLabel();
  $("identify").onclick = async () => toast(await Live.ask("screen.identify", {}), T.identify_sent);
  // How many projectors and phones follow the meeting (the presence report of each process).
  const counts = {};
  Live.on("presence", (report) => {
    counts[report.process] = report;
    const all = Object.values(counts);
    const sum = (key) => all.reduce((n, r) => n + (r[key] || 0), 0);
    $("screens-count").textContent = T.screens_count.replace("{projectors}", sum("projectors")).replace("{phones}", sum("phones"));
  });
  $("meeting-close").onclick = () => {
    if (confirm(T.confirm_close)) run("meeting.close", {});
  };
  $("meeting-reopen").onclick = () => run("meeting.reopen", {});

  // ---------------------------------------------------------------- stages, with undo

  /** Change the stage; on success offer for a few seconds to go back where the meeting was
   * (stage.goto: the stages keep every run, so the time already spent there is not lost). */
  async function changeStage(name, payload, to) {
    const from = S.stage_id;
    const ack = await run(name, payload);
    if (ack.ok && to !== null && to !== from) offerUndo(from, to, ack.version);
  }

  function stageNumber(id) {
    return S.stages.findIndex((s) => s.id === id) + 1;
  }

  function offerUndo(from, to, version) {
    hideUndo();
    const bar = $("stage-undo");
    $("stage-undo-text").textContent = T.stage_moved.replace("{n}", stageNumber(to));
    $("stage-undo-btn").hidden = from === null; // before the first stage there is nowhere to go back to
    bar.hidden = false;
    bar.classList.remove("counting");
    void bar.offsetWidth; // restart the countdown stripe
    bar.classList.add("counting");
    undo = { from, to, version, timer: setTimeout(hideUndo, UNDO_SECONDS * 1000) };
  }

  function hideUndo() {
    if (undo) clearTimeout(undo.timer);
    undo = null;
    $("stage-undo").hidden = true;
  }

  $("stage-undo-btn").onclick = async () => {
    if (!undo || undo.from === null) return;
    const from = undo.from;
    hideUndo();
    await run("stage.goto", { stage_id: from }, T.stage_back.replace("{n}", stageNumber(from)));
  };

  function tick() {
    if (!S) return;
    const now = Live.now();
    Cue.watch(S, now, localStorage.getItem("chair-chime") === "on"); // this tablet's own choice, off by default
    const sp = currentSpeaker(S);
    const timer = $("timer");
    if (sp) {
      const left = Timer.remaining(S.timer, now);
      timer.textContent = Fmt.countdown(left);
      timer.dataset.level = Timer.level(S, left);
      const phase = Timer.phase(S);
      $("timer-phase").textContent = phase === "paused" ? T.paused : phase === "ready" ? T.ready : "";
    } else {
      timer.textContent = "–";
      timer.dataset.level = "normal";
      $("timer-phase").textContent = "";
    }
    if (S.stage_started_at !== null) {
      const cur = currentStage(S);
      const elapsed = cur ? stageElapsed(cur.stage, now) : 0; // every run of the stage, not only this one
      $("stage-elapsed").textContent = Fmt.clock(elapsed);
      $("stage-elapsed").dataset.level = cur && elapsed > cur.stage.planned_minutes * 60 ? "overtime" : "normal";
      // A closed meeting's clock stops at its close.
      const until = isEnded(S) ? S.ended_at : now;
      $("meeting-clock").textContent = `${Fmt.clock(until - S.started_at)} (${T.started} ${Fmt.timeOfDay(S.started_at)})`;
      $("meeting-end").textContent = isEnded(S) ? "–" : Fmt.timeOfDay(estimatedEnd(S, now));
    }
  }

  function callOne(id) {
    run("speaker.call", { speaker_id: id, expected_speaker_id: S.speaker_id });
  }

  function skip(id) {
    if (confirm(T.confirm_skip)) run("speaker.skip", { speaker_id: id });
  }

  $("stage-next").onclick = () => {
    const cur = currentStage(S);
    const next = S.stages[cur ? cur.index + 1 : 0];
    changeStage("stage.next", { expected_stage_id: S.stage_id }, next ? next.id : null);
  };
  $("stage-prev").onclick = () => {
    const cur = currentStage(S);
    const prev = cur && cur.index > 0 ? S.stages[cur.index - 1] : null;
    changeStage("stage.previous", { expected_stage_id: S.stage_id }, prev ? prev.id : null);
  };
  $("stage-goto").onchange = (e) => {
    if (!e.target.value) return;
    const to = Number(e.target.value);
    changeStage("stage.goto", { stage_id: to }, to);
  };
  $("btn-next").onclick = () => run("speaker.call_next", { expected_speaker_id: S.speaker_id });
  $("btn-start").onclick = () => run("timer.start", { speaker_id: S.speaker_id });
  $("btn-pause").onclick = () => run("timer.pause", { speaker_id: S.speaker_id });
  $("btn-resume").onclick = () => run("timer.resume", { speaker_id: S.speaker_id });
  $("btn-plus").onclick = () => run("timer.adjust", { speaker_id: S.speaker_id, seconds: 60 });
  $("btn-minus").onclick = () => run("timer.adjust", { speaker_id: S.speaker_id, seconds: -60 });
  $("btn-end").onclick = () => run("speaker.end", { speaker_id: S.speaker_id });
  $("message-clear").onclick = () => run("message.clear", {});
  $("message-form").onsubmit = async (e) => {
    e.preventDefault();
    const ack = await run("message.show", { text: e.target.elements.text.value });
    if (ack.ok) e.target.reset();
  };
  for (const button of document.querySelectorAll(".preset")) {
    button.onclick = () => run("message.show", { text: button.textContent.trim() });
  }
  $("walkin-form").onsubmit = async (e) => {
    e.preventDefault();
    const f = e.target;
    const ack = await run(
      "speaker.add",
      { name: f.elements.namedItem("name").value, xom: f.elements.xom.value, topic: f.elements.topic.value, walk_in: true },
      T.added
    );
    if (ack.ok) f.reset();
  };

  setInterval(tick, 250);
  startWithPin(window.MEETING_ID, "chair", render);
})();
