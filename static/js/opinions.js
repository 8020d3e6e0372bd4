/* The secretary's opinions panel: record each opinion while it is spoken, search earlier ones,
 * and give each an outcome before the chair concludes. */
"use strict";

(() => {
  const T = window.STRINGS;
  const $ = (id) => document.getElementById(id);
  const form = $("op-form");
  const outcomeForm = $("outcome-form");
  const field = (f, name) => f.elements.namedItem(name);
  let S = null;
  let manual = null; // a source chosen by hand, kept while the same speaker is at the microphone
  let draft = null; // a new opinion being typed when an edit began: back when the edit ends
  let loaded = {}; // the opinion being edited as the form was filled (`expected` of opinion.update)
  let outcomeSeenAt = null; // the opinion's outcome_at when its outcome form opened
  const TYPED = ["summary", "text", "citizen", "xom", "unit"];

  function citizenOf(state, opinion) {
    const sp = opinion.speaker_id !== null ? state.speakers.find((s) => s.id === opinion.speaker_id) : null;
    return sp ? sp.name : opinion.citizen;
  }

  /** Turns an opinion can be linked to: the citizen at the microphone first, then those who spoke. */
  function sources(state) {
    const turns = state.speakers.filter((s) => !s.official && (s.status === "current" || s.status === "done"));
    turns.sort((a, b) => (a.status === "current" ? -1 : b.status === "current" ? 1 : (b.ended_at || 0) - (a.ended_at || 0)));
    return turns;
  }

  function render(state) {
    S = state;
    // Link new opinions to whoever is speaking now, unless the secretary chose otherwise.
    const select = field(form, "source");
    const chosen = select.value;
    const turns = sources(state);
    select.replaceChildren(
      ...turns.map((s) => el("option", { value: s.id }, `${s.name}${s.xom ? " – " + s.xom : ""}`)),
      el("option", { value: "written" }, T.written)
    );
    const current = state.speakers.find((s) => s.status === "current" && !s.official);
    const auto = current ? String(current.id) : turns.length ? String(turns[0].id) : "written";
    const keepManual = manual && manual.speaker === state.speaker_id && [...select.options].some((o) => o.value === manual.value);
    if (!keepManual) manual = null;
    select.value = keepManual ? manual.value : field(form, "opinion_id").value ? chosen : auto;
    showWritten();

    const category = $("op-category");
    const keep = category.value;
    category.replaceChildren(...state.settings.categories.map((c) => el("option", { value: c }, c)));
    if (state.settings.categories.includes(keep)) category.value = keep;

    const open = state.opinions.filter((o) => !o.outcome);
    $("no-outcome").hidden = open.length === 0;
    $("no-outcome").textContent = T.no_outcome.replace("{n}", open.length);
    const onlyOpen = $("op-only-open").checked;
    const rows = state.opinions.filter((o) => !onlyOpen || !o.outcome);
    $("op-rows").replaceChildren(
      ...rows.map((o, i) =>
        el(
          "tr",
          { dataset: { id: o.id, outcome: o.outcome || "none" } },
          el("td", {}, String(i + 1)),
          el("td", {}, citizenOf(state, o), raisedAt(o.raised_at, state.starts_at)),
          el("td", {}, el("b", {}, o.summary), o.text ? el("div", { class: "muted" }, o.text) : null),
          el("td", {}, o.category),
          el("td", {}, o.answerer),
          el("td", {}, outcomeText(o)),
          el(
            "td",
            { class: "actions" },
            o.closed_at ? null : el("button", { type: "button", onclick: () => edit(o) }, T.edit),
            o.closed_at ? null : el("button", { type: "button", class: "primary", onclick: () => openOutcome(o) }, T.set_outcome)
          )
        )
      )
    );
  }

  /** When an opinion was raised: "HH:MM" (with the date when it is not the meeting's day). */
  function raisedAt(ts, meetingIso) {
    if (!ts) return null;
    const when = Fmt.moment(ts, meetingIso);
    const time = el("time", { datetime: new Date(ts * 1000).toISOString() }, T.raised_at.replace("{time}", when));
    return el("div", { class: "muted raised-at" }, time);
  }

  function outcomeText(o) {
    if (!o.outcome) return el("span", { class: "badge-warn" }, T.outcome_none);
    const parts = [T["outcome_" + o.outcome]];
    if (o.outcome === "assigned") parts.push(`${o.unit} · ${T.deadline} ${Fmt.date(o.deadline)}`);
    if (o.outcome === "answered") parts.push(o.answered_by);
    if (o.outcome === "forwarded") parts.push(o.forwarded_to);
    if (o.outcome === "declined") parts.push(`${o.prior_ref}, ${Fmt.date(o.prior_date)}, ${o.prior_body}`);
    if (o.closed_at) parts.push(T.closed);
    return parts.filter(Boolean).join(" · ");
  }

  function showWritten() {
    const written = field(form, "source").value === "written";
    form.querySelectorAll(".written").forEach((n) => (n.hidden = !written));
  }

  function edit(o) {
    const fields = [...TYPED, "kind", "category", "level", "source"];
    if (!field(form, "opinion_id").value && TYPED.some((n) => field(form, n).value.trim() !== "")) {
      draft = Object.fromEntries(fields.map((n) => [n, field(form, n).value]));
    }
    form.reset();
    field(form, "opinion_id").value = o.id;
    loaded = {};
    for (const name of ["summary", "text", "kind", "category", "level", "unit", "citizen", "xom"]) {
      field(form, name).value = o[name];
      loaded[name] = o[name]; // sent as `expected`: a field another screen changed meanwhile is refused
    }
    field(form, "source").value = o.speaker_id === null ? "written" : String(o.speaker_id);
    field(form, "source").disabled = true;
    showWritten();
    $("op-cancel").hidden = false;
    field(form, "summary").focus();
  }

  function resetForm() {
    const source = field(form, "source").value;
    form.reset();
    field(form, "opinion_id").value = "";
    field(form, "source").disabled = false;
    field(form, "source").value = source;
    showWritten();
    $("op-cancel").hidden = true;
    if (draft) {
      // The edit is over: the opinion that was being typed comes back as it was.
      for (const [n, v] of Object.entries(draft)) field(form, n).value = v;
      draft = null;
      showWritten();
    }
    field(form, "summary").focus();
  }

  form.addEventListener("submit", async (e) => {
    e.preventDefault();
    const payload = {};
    for (const name of ["summary", "text", "kind", "category", "level", "unit"]) payload[name] = field(form, name).value;
    const source = field(form, "source").value;
    const editing = field(form, "opinion_id").value;
    if (source === "written") {
      payload.citizen = field(form, "citizen").value;
      payload.xom = field(form, "xom").value;
    }
    let ack;
    if (editing) {
      const expected = Object.fromEntries(Object.keys(payload).map((n) => [n, loaded[n]]));
      ack = await runCommand("opinion.update", { opinion_id: Number(editing), ...payload, expected }, T.saved);
      if (!ack.ok && ack.errors.some((x) => x.code === "changed_meanwhile")) {
        const now = S.opinions.find((o) => o.id === Number(editing));
        if (now) edit(now); // show what the other screen saved; the message asks to check and save again
        return;
      }
    }
    else ack = await runCommand("opinion.add", { ...payload, speaker_id: source === "written" ? null : Number(source) }, T.recorded);
    if (ack.ok) {
      resetForm();
      $("op-similar-box").hidden = true;
    }
  });
  // Esc cancels an edit of a recorded opinion, and only that: a new one being typed is never wiped.
  form.addEventListener("keydown", (e) => {
    if (e.key === "Escape" && field(form, "opinion_id").value) {
      e.preventDefault();
      resetForm();
    }
  });
  field(form, "source").addEventListener("change", (e) => {
    manual = { value: e.target.value, speaker: S.speaker_id };
    showWritten();
  });
  $("op-cancel").onclick = resetForm;
  $("op-only-open").onchange = () => S && render(S);

  // ---------------------------------------------------------------- outcomes

  function openOutcome(o) {
    outcomeForm.reset();
    outcomeForm.hidden = false;
    field(outcomeForm, "opinion_id").value = o.id;
    outcomeSeenAt = o.outcome_at; // another screen's outcome recorded after this is not overwritten
    $("outcome-title").textContent = `${citizenOf(S, o)}: ${o.summary}`;
    field(outcomeForm, "outcome").value = o.outcome || (o.answerer ? "answered" : "assigned");
    for (const name of ["answer", "answered_by", "forwarded_to", "prior_ref", "prior_body"]) {
      field(outcomeForm, name).value = o[name] || "";
    }
    DateField.set(field(outcomeForm, "prior_date"), o.prior_date);
    field(outcomeForm, "answered_by").value = o.answered_by || o.answerer;
    field(outcomeForm, "unit").value = o.unit;
    field(outcomeForm, "working_days").value = o.deadline_days || "";
    field(outcomeForm, "working_days").placeholder = S.settings.deadline_working_days;
    showOutcomeFields();
    field(outcomeForm, "outcome").focus();
  }

  function showOutcomeFields() {
    const outcome = field(outcomeForm, "outcome").value;
    outcomeForm.querySelectorAll("[data-for]").forEach((n) => (n.hidden = n.dataset.for !== outcome));
  }

  field(outcomeForm, "outcome").addEventListener("change", showOutcomeFields);
  DateField.attach(field(outcomeForm, "prior_date"));
  outcomeForm.addEventListener("keydown", (e) => e.key === "Escape" && (outcomeForm.hidden = true));
  $("outcome-cancel").onclick = () => (outcomeForm.hidden = true);
  outcomeForm.addEventListener("submit", async (e) => {
    e.preventDefault();
    const outcome = field(outcomeForm, "outcome").value;
    const payload = { opinion_id: Number(field(outcomeForm, "opinion_id").value), outcome };
    payload.expected_outcome_at = outcomeSeenAt;
    for (const label of outcomeForm.querySelectorAll(`[data-for="${outcome}"]`)) {
      const input = label.querySelector("input, textarea");
      if (input.value.trim() === "") continue;
      if (input.name === "prior_date") {
        // Typed dd/mm/yyyy, sent as ISO; a value that is not a date is said next to it, and nothing is sent.
        const iso = DateField.read(input);
        if (iso === null) return input.focus();
        payload.prior_date = iso;
        continue;
      }
      payload[input.name] = input.type === "number" ? Number(input.value) : input.value;
    }
    const ack = await runCommand("opinion.outcome", payload, T.saved);
    if (ack.ok) outcomeForm.hidden = true;
    else if (ack.errors.some((x) => x.code === "changed_meanwhile")) {
      const now = S.opinions.find((o) => o.id === payload.opinion_id);
      if (now) openOutcome(now); // the outcome recorded meanwhile, to check before saving again
    } else {
      const date = ack.errors.find((x) => x.field === "prior_date");
      if (date) DateField.say(field(outcomeForm, "prior_date"), date.message);
    }
  });

  // ---------------------------------------------------------------- similar and search

  // While a new opinion's summary is typed, show the most similar ones raised before: one that
  // was already resolved can be spotted (and declined with its reference) on the spot.
  let similarTimer = null;
  field(form, "summary").addEventListener("input", (e) => {
    clearTimeout(similarTimer);
    const q = e.target.value.trim();
    similarTimer = setTimeout(async () => {
      const editing = Number(field(form, "opinion_id").value) || null;
      const ack = q.length >= 4 ? await Live.ask("opinion.search", { q, any: true }) : { ok: true, results: [] };
      if (!ack.ok) return;
      const results = ack.results.filter((r) => !(r.meeting_id === S.id && r.id === editing));
      $("op-similar-box").hidden = results.length === 0;
      $("op-similar").replaceChildren(...results.map(resultItem));
    }, 400);
  });

  function resultItem(r) {
    return el(
      "li",
      {},
      el("b", {}, r.summary),
      el("span", { class: "muted" }, ` — ${r.citizen_name || ""} · ${r.meeting_title} (${Fmt.date(r.starts_at)})`),
      el("div", {}, r.outcome ? outcomeText(r) : T.outcome_none)
    );
  }

  let searchTimer = null;
  $("op-search").addEventListener("input", (e) => {
    clearTimeout(searchTimer);
    const q = e.target.value.trim();
    searchTimer = setTimeout(async () => {
      if (!q) return $("op-results").replaceChildren();
      const ack = await Live.ask("opinion.search", { q });
      if (!ack.ok) return toast(ack);
      $("op-results").replaceChildren(
        ...(ack.results.length ? ack.results.map(resultItem) : [el("li", { class: "muted" }, T.no_results)])
      );
    }, 200);
  });

  Live.subscribe(render);
})();
