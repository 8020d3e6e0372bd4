/* The chair's tablet: stages, the turn at the microphone, the queue, the hall message. */
"use strict";

(() => {
  const T = window.STRINGS;
  const $ = (id) => document.getElementById(id);
  let S = null;

  const run = runCommand;

  function render(state) {
    S = state;
    const cur = currentStage(state);
    $("stage-count").textContent = cur
      ? T.stage_of.replace("{n}", cur.index + 1).replace("{total}", state.stages.length)
      : T.not_started;
    $("stage-title").textContent = cur ? cur.stage.title : state.title;
    $("stage-planned").textContent = cur ? Fmt.clock(cur.stage.planned_minutes * 60) : "–";
    $("stage-prev").disabled = !cur || cur.index === 0;
    $("stage-next").disabled = cur && cur.index === state.stages.length - 1;

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
    for (const id of ["btn-minus", "btn-plus", "btn-end"]) $(id).disabled = !sp;
    const queue = queueOf(state);
    $("btn-next").disabled = queue.length === 0;

    $("queue-count").textContent = `(${queue.length})`;
    $("queue").replaceChildren(
      ...(queue.length
        ? queue.map((s) =>
            el(
              "li",
              { dataset: { id: s.id } },
              el("span", { class: "who" }, el("b", {}, s.name), " ", el("span", { class: "muted" }, s.xom)),
              el("span", { class: "topic" }, s.topic, s.walk_in ? ` (${T.walk_in})` : "", s.follows_opinion_id ? " ↩" : ""),
              el("span", { class: "mins" }, `${Math.round(s.requested_seconds / 60)} ${T.minutes_short}`),
              el("button", { class: "call", title: T.call, "aria-label": T.call, onclick: () => callOne(s.id) }, "▶"),
              el("button", { class: "skip", title: T.skip, "aria-label": T.skip, onclick: () => skip(s.id) }, "✕")
            )
          )
        : [el("li", { class: "muted" }, T.queue_empty)])
    );
    const aside = state.speakers.filter((s) => s.status === "skipped" || s.status === "withdrawn");
    $("set-aside").replaceChildren(
      ...aside.map((s) =>
        el(
          "li",
          {},
          el("span", { class: "who" }, s.name, " ", el("span", { class: "muted" }, T["status_" + s.status])),
          el("button", { title: T.restore, "aria-label": T.restore, onclick: () => run("speaker.restore", { speaker_id: s.id }) }, "↺")
        )
      )
    );
    renderOpinions(state);
    $("message-current").textContent = state.message;
    $("message-current").hidden = !state.message;
    $("message-clear").disabled = !state.message;
    tick();
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
            el("button", { class: "assign", onclick: () => assign(o.id) }, T.assign),
            el("button", { class: "answer primary", onclick: () => callAnswer(o.id) }, T.call_answer)
          )
        )
    );
  }

  /** The chosen answerer as payload fields, or null (with a message) if none is chosen. */
  function answerer() {
    const value = $("answerer-select").value;
    if (value === "other") return { delegate_id: null, answerer: $("answerer-text").value };
    if (value) return { delegate_id: Number(value) };
    toast({ ok: false, errors: [{ message: T.choose_answerer }] });
    $("answerer-select").focus();
    return null;
  }

  function assign(id) {
    const who = answerer();
    if (who) run("opinion.assign", { opinion_id: id, ...who });
  }

  function callAnswer(id) {
    const who = answerer();
    if (who) run("answer.call", { opinion_ids: [id], expected_speaker_id: S.speaker_id, ...who });
  }

  $("answerer-select").onchange = () => ($("answerer-text").hidden = $("answerer-select").value !== "other");
  $("focus-clear").onclick = () => run("opinion.focus_clear", {});

  function tick() {
    if (!S) return;
    const now = Live.now();
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
      $("meeting-clock").textContent = `${Fmt.clock(now - S.started_at)} (${T.started} ${Fmt.timeOfDay(S.started_at)})`;
      $("meeting-end").textContent = Fmt.timeOfDay(estimatedEnd(S, now));
    }
  }

  function callOne(id) {
    run("speaker.call", { speaker_id: id, expected_speaker_id: S.speaker_id });
  }

  function skip(id) {
    if (confirm(T.confirm_skip)) run("speaker.skip", { speaker_id: id });
  }

  $("stage-next").onclick = () => run("stage.next", { expected_stage_id: S.stage_id });
  $("stage-prev").onclick = () => run("stage.previous", { expected_stage_id: S.stage_id });
  $("stage-goto").onchange = (e) => e.target.value && run("stage.goto", { stage_id: Number(e.target.value) });
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
