/* After the meeting (/m/<id>/documents): the chair's conclusion, the minutes (edited, saved as
 * drafts, finalised into a .docx whose SHA-256 is recorded), the documents to download, the
 * letterhead of the documents (paperwork), the publication of the results, the figures and the log.
 *
 * Who: the secretary team (the meeting's secretary PIN: it joins the meeting, and the snapshot and
 * its patches keep the page live), or the office (`?as=office`, with the office PIN this tab's
 * office page kept in sessionStorage: it joins no meeting, sends its commands with the meeting's
 * id and reads the meeting again with `meeting.snapshot` after each of them).
 *
 * HTTP (server/reports/http.py) carries the minutes, the downloads, the figures and the log, with
 * the PIN as headers (server/access.py); Socket.IO carries the commands (docs/protocol.md).
 * Every text from the record goes in with textContent (el() in live.js), never as HTML.
 */
"use strict";

(() => {
  const T = window.STRINGS;
  const $ = (id) => document.getElementById(id);
  const ID = window.MEETING_ID;
  const officePin = new URLSearchParams(location.search).get("as") === "office" ? sessionStorage.getItem("pin-null-office") : null;
  let role = officePin ? "office" : "secretary";
  let S = null; // the meeting's snapshot (the secretary's projection)
  let loaded = false;
  let refreshTimer = null;

  // ------------------------------------------------------------ small helpers

  const fill = Fmt.fill;
  const pad = (n) => String(n).padStart(2, "0");
  /** The server's text rules (server/domain/payloads.py clean_text): NFC, white space folded, trimmed. */
  const clean = (text) => String(text || "").normalize("NFC").replace(/\s+/g, " ").trim();
  /** dd/mm/yyyy of a Date. */
  const ddmmyyyy = (d) => `${pad(d.getDate())}/${pad(d.getMonth() + 1)}/${d.getFullYear()}`;
  /** dd/mm/yyyy HH:MM of a Unix time (with `seconds`, HH:MM:SS). */
  function moment(ts, seconds) {
    if (ts === null || ts === undefined) return "";
    const d = new Date(ts * 1000);
    const clock = `${pad(d.getHours())}:${pad(d.getMinutes())}` + (seconds ? `:${pad(d.getSeconds())}` : "");
    return `${ddmmyyyy(d)} ${clock}`;
  }
  /** mm:ss (minutes past 59 keep counting: 75:20). */
  function mmss(seconds) {
    const s = Math.round(Math.abs(seconds || 0));
    return `${pad(Math.floor(s / 60))}:${pad(s % 60)}`;
  }
  /** For the log's filter: lower case, without diacritics ("dat dai" finds "Đất đai"). */
  const plain = Fmt.fold;

  // ------------------------------------------------------------ talking to the server

  /** fetch with the PIN headers (live.js's Http); resolves to {status, body}. */
  const http = (path, options = {}) => Http.json(path, role, ID, options);

  /** A command of this page; as the office, with the meeting's id, then the meeting read again. */
  async function command(name, payload, successText) {
    const ack = role === "office" ? await Live.send(name, payload, ID) : await Live.send(name, payload);
    toast(ack, successText);
    if (ack.ok && role === "office") await readSnapshot();
    else if (ack.ok) await caughtUp(ack.version);
    return ack;
  }

  /** Resolves once the page shows the meeting at `version` (the command's patch), or after 2 s. */
  async function caughtUp(version) {
    const until = Date.now() + 2000;
    while ((!S || S.version < version) && Date.now() < until) await new Promise((r) => setTimeout(r, 50));
  }

  async function readSnapshot() {
    const ack = await Live.ask("meeting.snapshot", { meeting_id: ID });
    if (ack.ok) render(ack.state);
    else toast(ack);
  }

  // ------------------------------------------------------------ the meeting

  function render(state) {
    if (!state) return;
    S = state;
    $("docs-title").textContent = state.title;
    $("docs-status").textContent = state.ended_at
      ? fill(T.docs_ended_at, { time: moment(state.ended_at) })
      : state.started_at
        ? T.docs_in_progress
        : T.docs_not_started;
    renderConclusion();
    renderPaperwork();
    renderPublish();
    if (!loaded) {
      loaded = true;
      loadMinutes(true);
      loadStats();
      loadAudit();
    } else {
      // The figures and the log follow the meeting, a moment after its changes.
      clearTimeout(refreshTimer);
      refreshTimer = setTimeout(() => {
        loadStats();
        loadAudit();
      }, 1500);
    }
  }

  // ------------------------------------------------------------ 1. the chair's conclusion

  const conclusion = $("conclusion");
  let conclusionShown = null; // the record's text as last put in the field

  function renderConclusion() {
    const readOnly = role === "office"; // meeting.conclude: the chair or the secretary
    conclusion.readOnly = readOnly;
    $("conclusion-save").hidden = readOnly;
    $("conclusion-readonly").hidden = !readOnly;
    // The record replaces the field unless something typed there differs from it.
    if (conclusionShown === null || conclusion.value === conclusionShown || clean(conclusion.value) === S.conclusion) {
      conclusion.value = S.conclusion;
      conclusionShown = S.conclusion;
    }
    conclusionState();
  }

  const conclusionDirty = () => S !== null && role !== "office" && clean(conclusion.value) !== S.conclusion;

  function conclusionState() {
    const changedElsewhere = conclusionDirty() && conclusionShown !== S.conclusion;
    $("conclusion-state").textContent = changedElsewhere ? T.docs_changed_elsewhere : conclusionDirty() ? T.docs_unsaved : "";
  }

  async function saveConclusion() {
    if (role === "office" || !S) return;
    const ack = await command("meeting.conclude", { text: conclusion.value }, T.docs_conclusion_saved);
    if (ack.ok) {
      conclusion.value = S.conclusion; // as the record holds it
      conclusionShown = S.conclusion;
      conclusionState();
    }
  }

  $("conclusion-form").addEventListener("submit", (event) => {
    event.preventDefault();
    saveConclusion();
  });
  conclusion.addEventListener("keydown", (event) => {
    if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      saveConclusion();
    }
  });
  conclusion.addEventListener("input", conclusionState);

  // ------------------------------------------------------------ 2. the minutes

  const blockList = $("blocks");
  const KIND_NAMES = { heading: T.docs_kind_heading, paragraph: T.docs_kind_paragraph, bullet: T.docs_kind_bullet };
  let latest = null; // the latest saved version (the base of the next save)
  let versions = [];
  let baseline = "[]"; // the editor's text as it was loaded or saved: anything else is unsaved
  let editorFrom = "fresh"; // what the editor shows: "fresh" (from the record), "saved" (a draft), "final"
  let withoutOutcome = 0;
  let busy = false;
  let removed = null; // the last block removed: {index, block}, for the undo
  let loadedMinutes = false;

  const latestFinal = () => versions.length > 0 && versions[versions.length - 1].finalised_at !== null;

  function readBlocks() {
    return [...blockList.children].map((li) => ({ kind: li.dataset.kind, text: li.querySelector(".block-field").value }));
  }
  /** The text as the server will keep it, to tell what changed. */
  const fingerprint = (blocks) => JSON.stringify(blocks.map((b) => [b.kind, b.text.normalize("NFC").trim()]));
  const minutesDirty = () => loadedMinutes && fingerprint(readBlocks()) !== baseline;

  function grow(area) {
    area.style.height = "auto";
    area.style.height = `${area.scrollHeight + area.offsetHeight - area.clientHeight}px`;
  }

  let fieldIds = 0;
  function blockItem(block) {
    const id = `block-${++fieldIds}`;
    const field =
      block.kind === "heading"
        ? el("input", { id, class: "block-field block-heading", maxlength: 20000, autocomplete: "off" })
        : el("textarea", { id, class: "block-field block-text", rows: 1, maxlength: 20000 });
    field.value = block.text;
    return el(
      "li",
      { class: `block kind-${block.kind}`, dataset: { kind: block.kind } },
      el("span", { class: "block-marker", "aria-hidden": "true" }, block.kind === "bullet" ? "•" : ""),
      el("label", { class: "visually-hidden block-label", for: id }),
      field,
      el("button", { type: "button", class: "block-add", dataset: { act: "add" } }, T.docs_add_paragraph),
      el("button", { type: "button", class: "block-remove", dataset: { act: "remove" } }, "✕")
    );
  }

  /** Number the blocks' labels and buttons (after any change to the list). */
  function relabel() {
    const items = [...blockList.children];
    items.forEach((li, i) => {
      const name = fill(T.docs_block_n, { n: i + 1, kind: KIND_NAMES[li.dataset.kind] || li.dataset.kind });
      li.querySelector(".block-label").textContent = name;
      const add = li.querySelector(".block-add");
      add.setAttribute("aria-label", fill(T.docs_add_after, { n: i + 1 }));
      add.title = add.getAttribute("aria-label");
      const remove = li.querySelector(".block-remove");
      remove.setAttribute("aria-label", fill(T.docs_remove_block, { n: i + 1 }));
      remove.title = remove.getAttribute("aria-label");
      remove.disabled = items.length === 1; // the minutes keep at least one block
    });
  }

  function showBlocks(blocks) {
    blockList.replaceChildren(...blocks.map(blockItem));
    relabel();
    blockList.querySelectorAll("textarea").forEach(grow);
  }

  blockList.addEventListener("input", (event) => {
    if (event.target.tagName === "TEXTAREA") grow(event.target);
    minutesState();
  });
  blockList.addEventListener("click", (event) => {
    const button = event.target.closest("button[data-act]");
    if (!button) return;
    const li = button.closest("li");
    const index = [...blockList.children].indexOf(li);
    if (button.dataset.act === "add") {
      const item = blockItem({ kind: "paragraph", text: "" });
      li.after(item);
      relabel();
      grow(item.querySelector("textarea"));
      item.querySelector(".block-field").focus();
    } else {
      if (blockList.children.length === 1) return;
      removed = { index, block: readBlocks()[index] };
      const next = li.nextElementSibling || li.previousElementSibling;
      li.remove();
      relabel();
      next.querySelector(".block-field").focus();
    }
    minutesState();
  });

  function undoRemove() {
    if (!removed) return;
    const item = blockItem(removed.block);
    const before = blockList.children[removed.index];
    if (before) before.before(item);
    else blockList.append(item);
    removed = null;
    relabel();
    const field = item.querySelector(".block-field");
    if (field.tagName === "TEXTAREA") grow(field);
    field.focus();
    minutesState();
  }

  function minutesState() {
    const box = $("minutes-state");
    const n = latest;
    let text;
    if (!loadedMinutes) text = T.docs_loading;
    else if (minutesDirty()) text = T.docs_unsaved + (latestFinal() ? " " + fill(T.docs_next_version, { n: n + 1 }) : "");
    else if (editorFrom === "saved") text = fill(T.docs_draft_n_saved, { n });
    else if (editorFrom === "final") text = fill(T.docs_final_n, { n }) + " " + fill(T.docs_next_version, { n: n + 1 });
    else if (latestFinal()) text = fill(T.docs_final_n, { n }) + " " + T.docs_fresh_after_final;
    else text = T.docs_fresh_unsaved;
    // Rewritten only when it says something new: it is a live region, and this runs on every key.
    const key = JSON.stringify([text, withoutOutcome, removed !== null]);
    if (box.dataset.key === key) return;
    box.dataset.key = key;
    const children = [el("span", {}, text)];
    if (withoutOutcome) children.push(el("span", { class: "badge-warn" }, fill(T.no_outcome, { n: withoutOutcome })));
    if (removed) children.push(el("button", { type: "button", class: "undo", onclick: undoRemove }, T.docs_undo_remove));
    box.replaceChildren(...children);
  }

  /** Read the minutes: with `replace`, the editor takes the server's text (the latest draft, or a
   * draft from the record; `fresh`: always the record's); without, only the versions change. */
  async function loadMinutes(replace, fresh) {
    const { body } = await http(`/m/${ID}/minutes${fresh ? "?fresh=1" : ""}`);
    if (!body.ok) {
      toast(body);
      return false;
    }
    versions = body.versions;
    withoutOutcome = body.without_outcome;
    if (replace) {
      const keepBaseline = fresh && latest !== null && !latestFinal() && loadedMinutes;
      latest = body.latest;
      showBlocks(body.current.blocks);
      if (!keepBaseline) baseline = fingerprint(body.current.blocks);
      editorFrom = body.current.version !== null ? "saved" : "fresh";
      loadedMinutes = true;
      removed = null;
      $("minutes-conflict").hidden = true;
    }
    showVersions();
    minutesState();
    return true;
  }

  const FINALISE = ["minutes-finalise", "minutes-finalise-2"];
  const finaliseLabel = $("minutes-finalise").textContent;

  /** While the minutes are being saved (finalising makes the .docx: a few seconds), the buttons
   * wait, and the finalise buttons say so. */
  function setBusy(on, finalising) {
    busy = on;
    for (const id of FINALISE) $(id).textContent = on && finalising ? T.docs_making : finaliseLabel;
    for (const id of ["minutes-fresh", "minutes-save", "minutes-save-2", "minutes-finalise", "minutes-finalise-2"]) {
      $(id).setAttribute("aria-disabled", on ? "true" : "false");
    }
    $("sec-minutes").setAttribute("aria-busy", on ? "true" : "false");
  }

  async function regenerate() {
    if (busy) return;
    const ask = minutesDirty() ? T.docs_confirm_fresh_unsaved : T.docs_confirm_fresh;
    if (!confirm(ask)) return;
    setBusy(true);
    const done = await loadMinutes(true, true);
    setBusy(false);
    if (done) toast({ ok: true }, T.docs_regenerated);
  }

  async function saveMinutes(finalise, confirmOpen) {
    if (busy || !loadedMinutes) return;
    if (finalise && !confirmOpen && !confirm(T.docs_confirm_finalise)) return;
    const blocks = readBlocks();
    const payload = { blocks, base_version: latest };
    if (finalise) payload.finalise = true;
    if (confirmOpen) payload.confirm_open = true;
    setBusy(true, finalise);
    const { body } = await http(`/m/${ID}/minutes`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify(payload),
    });
    setBusy(false);
    if (body.ok) {
      latest = body.version;
      baseline = fingerprint(blocks);
      editorFrom = body.finalised_at !== null ? "final" : "saved";
      removed = null;
      $("minutes-conflict").hidden = true;
      toast(body, fill(finalise ? T.docs_finalised_n : T.docs_draft_n_saved, { n: body.version }));
      await loadMinutes(false);
      clearTimeout(refreshTimer);
      refreshTimer = setTimeout(loadAudit, 300);
      return;
    }
    const problem = body.errors[0] || {};
    if (problem.code === "opinions_without_outcome" && finalise && !confirmOpen) {
      if (confirm(`${problem.message}\n\n${T.docs_confirm_open}`)) await saveMinutes(true, true);
      return;
    }
    if (problem.code === "changed_meanwhile") {
      $("minutes-conflict-text").textContent = T.docs_minutes_conflict;
      $("minutes-conflict").hidden = false;
      $("minutes-reload").focus();
      return;
    }
    toast(body);
  }

  $("minutes-fresh").addEventListener("click", regenerate);
  for (const id of ["minutes-save", "minutes-save-2"]) $(id).addEventListener("click", () => saveMinutes(false));
  for (const id of FINALISE) $(id).addEventListener("click", () => saveMinutes(true));
  $("minutes-reload").addEventListener("click", async () => {
    if (minutesDirty() && !confirm(T.docs_confirm_reload)) return;
    await loadMinutes(true);
  });
  // Ctrl+S saves what the focus is in: the conclusion, the paperwork, else the minutes.
  document.addEventListener("keydown", (event) => {
    if (!(event.ctrlKey || event.metaKey) || event.altKey || event.key.toLowerCase() !== "s" || $("app").hidden) return;
    event.preventDefault(); // not the browser's "save the page"
    const focus = document.activeElement;
    if (focus && focus.closest("#conclusion-form")) saveConclusion();
    else if (focus && focus.closest("#paperwork-form")) paper.requestSubmit();
    else saveMinutes(false);
  });

  /** The versions: number, time, person, finalised (with the hash) or draft, and the .docx. */
  function showVersions() {
    $("versions").hidden = versions.length === 0;
    $("versions-empty").hidden = versions.length > 0;
    $("version-rows").replaceChildren(
      ...[...versions].reverse().map((v) => {
        const status = v.finalised_at !== null
          ? el(
              "td",
              { class: "final" },
              el("span", { class: "badge-ok" }, T.docs_finalised),
              " ",
              el("code", { class: "sha", title: v.sha256, dataset: { sha256: v.sha256 } }, `SHA-256 ${v.sha256.slice(0, 16)}…`),
              " ",
              el(
                "button",
                { type: "button", class: "copy", "aria-label": fill(T.docs_copy_hash_n, { n: v.version }), onclick: () => copy(v.sha256) },
                T.docs_copy_hash
              )
            )
          : el("td", {}, T.docs_draft);
        return el(
          "tr",
          { dataset: { version: v.version } },
          el("td", {}, String(v.version)),
          el("td", {}, moment(v.created_at)),
          el("td", {}, v.person || "–"),
          status,
          el(
            "td",
            {},
            el(
              "button",
              {
                type: "button",
                class: "download-version",
                "aria-label": fill(T.docs_download_version, { n: v.version }),
                onclick: (event) => download(event.currentTarget, "minutes.docx", v.version),
              },
              T.docs_download_docx
            )
          )
        );
      })
    );
  }

  /** Copy a text (the hash); the hall's LAN is plain http, where navigator.clipboard is missing. */
  async function copy(text) {
    let done = false;
    if (navigator.clipboard && window.isSecureContext) {
      try {
        await navigator.clipboard.writeText(text);
        done = true;
      } catch (e) {
        done = false;
      }
    }
    if (!done) {
      const focused = document.activeElement;
      const area = el("textarea", { class: "visually-hidden", readonly: true });
      area.value = text;
      document.body.append(area);
      area.select();
      try {
        done = document.execCommand("copy");
      } catch (e) {
        done = false;
      }
      area.remove();
      if (focused) focused.focus();
    }
    toast(done ? { ok: true } : { ok: false, errors: [{ message: fill(T.docs_copy_failed, { text }) }] }, T.docs_copied);
  }

  // ------------------------------------------------------------ 3. downloads

  /** Download a document with the PIN headers: fetch, a Blob, a temporary <a download>. The
   * button says "Making…" meanwhile (a document can take a few seconds). */
  async function download(button, name, version) {
    if (button.dataset.busy) return;
    button.dataset.busy = "1";
    const original = [...button.childNodes];
    button.setAttribute("aria-busy", "true");
    button.replaceChildren(T.docs_making);
    const query = version ? `?version=${version}` : "";
    const rename = (filename) => (version ? filename.replace(/(\.docx)$/, `-v${version}$1`) : filename);
    const problem = await Http.download(`/m/${ID}/documents/${name}${query}`, role, ID, name, rename);
    button.replaceChildren(...original);
    button.removeAttribute("aria-busy");
    delete button.dataset.busy;
    if (problem) toast(problem);
  }

  document.querySelectorAll("[data-download]").forEach((button) =>
    button.addEventListener("click", () => download(button, button.dataset.download))
  );

  // ------------------------------------------------------------ 4. paperwork (the letterhead)

  const paper = $("paperwork-form");
  const TEXTS = ["parent_body", "body", "place_name", "notice_number", "report_number", "signer_name", "signer_title"];
  let paperShown = null; // each field's raw value as last put in the form from the record

  /** The form's raw values, as the form holds them. */
  function paperRaw() {
    const raw = {};
    for (const name of TEXTS) raw[name] = paper.elements[name].value;
    raw.profile = paper.elements.profile.value;
    raw.recipients = paper.elements.recipients.value;
    raw.hide_names = paper.elements.hide_names.checked;
    return raw;
  }

  /** The record's paperwork as raw form values. */
  function paperFromRecord(p) {
    const raw = {};
    for (const name of TEXTS) raw[name] = p[name] || "";
    raw.profile = p.profile;
    raw.recipients = (p.recipients || []).join("\n");
    raw.hide_names = Boolean(p.hide_names);
    return raw;
  }

  function setPaper(name, value) {
    if (name === "profile") paper.querySelectorAll("input[name=profile]").forEach((r) => (r.checked = r.value === value));
    else if (name === "hide_names") paper.elements.hide_names.checked = value;
    else paper.elements[name].value = value;
  }

  /** What the form would change, as meeting.paperwork takes it: only the fields that differ. */
  function paperChanges() {
    const raw = paperRaw();
    const p = S.paperwork;
    const changes = {};
    for (const name of TEXTS) if (clean(raw[name]) !== (p[name] || "")) changes[name] = clean(raw[name]);
    if (raw.profile && raw.profile !== p.profile) changes.profile = raw.profile;
    const lines = raw.recipients.split("\n").map(clean).filter(Boolean);
    if (JSON.stringify(lines) !== JSON.stringify(p.recipients || [])) changes.recipients = lines;
    if (raw.hide_names !== Boolean(p.hide_names)) changes.hide_names = raw.hide_names;
    return changes;
  }

  /** Put the record in the form; a field edited here and not saved keeps what was typed (`force`:
   * every field, after a save). */
  function renderPaperwork(force) {
    const record = paperFromRecord(S.paperwork);
    const raw = paperRaw();
    for (const name of Object.keys(record)) {
      if (force || paperShown === null || raw[name] === paperShown[name]) setPaper(name, record[name]);
    }
    paperShown = paperFromRecord(S.paperwork);
    paperState();
  }

  const paperDirty = () => S !== null && Object.keys(paperChanges()).length > 0;

  function paperState() {
    $("paperwork-state").textContent = paperDirty() ? T.docs_unsaved : "";
  }

  paper.addEventListener("input", (event) => {
    if (event.target.name) DateField.say(event.target, "");
    paperState();
  });
  paper.addEventListener("change", paperState);
  paper.addEventListener("submit", async (event) => {
    event.preventDefault();
    if (!S) return;
    const changes = paperChanges();
    if (!Object.keys(changes).length) {
      toast({ ok: false, errors: [{ message: T.nothing_to_change }] });
      return;
    }
    const ack = await command("meeting.paperwork", changes, T.saved);
    if (ack.ok) renderPaperwork(true);
    else {
      // A refusal of one field is said next to it too ("recipients.2" is the recipients' box).
      for (const e of ack.errors) {
        const name = (e.field || "").split(".")[0];
        const input = name && paper.elements[name];
        if (input && input.tagName) DateField.say(input, e.message);
      }
    }
  });

  // ------------------------------------------------------------ 5. publishing the results

  const DUTY_DAYS = 10; // the regulation's ten days to publish the results

  function renderPublish() {
    const path = `/m/${ID}/results`;
    const link = $("public-link");
    link.href = path;
    link.textContent = location.origin + path;
    const published = S.published_at !== null && S.published_at !== undefined;
    $("publish-state").textContent = published ? fill(T.docs_published_at, { time: moment(S.published_at) }) : T.docs_not_published;
    $("publish-state").dataset.published = published ? "yes" : "no";
    $("publish").hidden = published;
    $("unpublish").hidden = !published;
    link.classList.toggle("muted", !published);
    const duty = $("publish-duty");
    duty.className = "publish-duty";
    if (!S.ended_at) {
      duty.textContent = T.docs_duty_not_ended;
      return;
    }
    const ended = new Date(S.ended_at * 1000);
    const due = new Date(ended.getFullYear(), ended.getMonth(), ended.getDate() + DUTY_DAYS);
    const today = new Date(Live.now() * 1000);
    const midnight = new Date(today.getFullYear(), today.getMonth(), today.getDate());
    const left = Math.round((due - midnight) / 86400000);
    let when;
    if (published) when = fill(T.docs_duty_done, { date: ddmmyyyy(new Date(S.published_at * 1000)) });
    else if (left > 0) when = fill(T.docs_duty_left, { n: left });
    else if (left === 0) when = T.docs_duty_today;
    else {
      when = fill(T.docs_duty_overdue, { n: -left });
      duty.classList.add("overdue");
    }
    if (!published && left <= 2) duty.classList.add("soon");
    duty.textContent = `${fill(T.docs_duty, { date: ddmmyyyy(due) })} – ${when}`;
  }

  $("publish").addEventListener("click", () => command("results.publish", {}, T.docs_publish_ok));
  $("unpublish").addEventListener("click", () => {
    if (confirm(T.docs_confirm_unpublish)) command("results.unpublish", {}, T.docs_unpublish_ok);
  });

  // ------------------------------------------------------------ 6. figures

  /** A horizontal bar chart as a table: label, bar (drawn, hidden from screen readers), number. */
  function bars(caption, what, entries) {
    const max = Math.max(1, ...entries.map(([, n]) => n));
    return el(
      "table",
      { class: "bars" },
      el("caption", {}, caption),
      el("thead", {}, el("tr", {}, el("th", { scope: "col" }, what), el("td", { "aria-hidden": "true" }), el("th", { scope: "col", class: "num" }, T.docs_count))),
      el(
        "tbody",
        {},
        entries.map(([label, n]) => {
          const bar = el("span", { class: "bar" });
          bar.style.width = `${(100 * n) / max}%`;
          return el(
            "tr",
            {},
            el("th", { scope: "row" }, label),
            el("td", { class: "bar-cell", "aria-hidden": "true" }, bar),
            el("td", { class: "num" }, String(n))
          );
        })
      )
    );
  }

  function table(caption, head, rows, rowClass) {
    return el(
      "table",
      { class: "docs-table stats-table" },
      el("caption", {}, caption),
      el("thead", {}, el("tr", {}, head.map((h) => el("th", { scope: "col" }, h)))),
      el(
        "tbody",
        {},
        rows.map((cells, i) => el("tr", { class: rowClass ? rowClass(i) : null }, cells.map((c) => (c instanceof Node ? c : el("td", {}, String(c))))))
      )
    );
  }

  const OUTCOME_ORDER = ["answered", "assigned", "forwarded", "declined", "noted", "None"];

  function renderStats(d) {
    const figures = el(
      "dl",
      { class: "figures" },
      [
        [T.docs_speakers, d.speakers],
        [T.docs_opinions, d.opinions],
        d.present === null ? [T.docs_invited, d.invited] : [T.docs_present, `${d.present}/${d.invited}`],
        [T.docs_without_outcome, d.without_outcome],
        [T.docs_still_open, d.still_open],
      ].map(([k, v]) => el("div", {}, el("dt", {}, k), el("dd", {}, String(v))))
    );
    const parts = [figures];
    if (d.attendance.length) {
      parts.push(
        table(
          T.docs_attendance,
          [T.docs_xom, T.docs_allocated, T.docs_invited, T.docs_present_short, T.docs_speakers_short, T.docs_speaking_time],
          d.attendance.map((x) => [x.xom, x.allocated === null ? "–" : x.allocated, x.invited, x.present, x.speakers, mmss(x.spoken_seconds)])
        )
      );
    }
    const charts = el("div", { class: "charts" });
    const categories = Object.entries(d.by_category).map(([k, n]) => [k || T.docs_no_category, n]);
    charts.append(categories.length ? bars(T.docs_by_category, T.docs_category, categories) : el("p", { class: "muted" }, T.docs_no_opinions));
    const outcomes = OUTCOME_ORDER.filter((k) => d.by_outcome[k]).map((k) => [k === "None" ? T.outcome_none : T[`outcome_${k}`] || k, d.by_outcome[k]]);
    if (outcomes.length) charts.append(bars(T.docs_by_outcome, T.docs_outcome, outcomes));
    parts.push(charts);
    if (d.turns.length) {
      parts.push(
        table(
          T.docs_turns,
          ["#", T.docs_speaker, T.docs_xom, T.docs_started, T.docs_requested, T.docs_spoken, T.docs_overrun],
          d.turns.map((t, i) => [
            i + 1,
            t.official ? `${t.name} (${T.docs_answering})` : t.name,
            t.xom || "–",
            moment(t.started_at).slice(11),
            mmss(t.requested_seconds),
            mmss(t.spoken_seconds),
            t.overrun_seconds > 0 ? el("td", { class: "over" }, `+${mmss(t.overrun_seconds)}`) : "–",
          ]),
          (i) => (d.turns[i].overrun_seconds > 0 ? "overrun" : null)
        )
      );
    }
    const perXom = {};
    for (const t of d.turns) if (!t.official) perXom[t.xom || T.docs_no_xom] = (perXom[t.xom || T.docs_no_xom] || 0) + t.spoken_seconds;
    if (Object.keys(perXom).length) {
      parts.push(table(T.docs_time_per_xom, [T.docs_xom, T.docs_spoken], Object.entries(perXom).map(([x, s]) => [x, mmss(s)])));
    }
    parts.push(
      table(
        T.docs_stages,
        [T.docs_stage, T.docs_planned, T.docs_actual, T.docs_difference],
        d.stages.map((s) => {
          const diff = s.elapsed_seconds - s.planned_minutes * 60;
          const ran = s.elapsed_seconds > 0;
          return [
            s.title,
            mmss(s.planned_minutes * 60),
            ran ? mmss(s.elapsed_seconds) : "–",
            ran ? el("td", { class: diff > 0 ? "over" : null }, `${diff > 0 ? "+" : diff < 0 ? "−" : ""}${mmss(diff)}`) : "–",
          ];
        }),
        (i) => (d.stages[i].elapsed_seconds > d.stages[i].planned_minutes * 60 ? "overrun" : null)
      )
    );
    $("stats").replaceChildren(...parts);
  }

  async function loadStats() {
    const { body } = await http(`/m/${ID}/statistics`);
    if (body.ok) renderStats(body);
    else $("stats").replaceChildren(el("p", { class: "error" }, body.errors.map((e) => e.message).join(" ")));
  }
  $("stats-reload").addEventListener("click", loadStats);

  // ------------------------------------------------------------ 7. the log

  const AUDIT_SHOWN = 500;
  let log = [];
  const ROLE_NAMES = { chair: T.role_chair, secretary: T.role_secretary, office: T.docs_role_office };

  function showAudit() {
    const q = plain($("audit-filter").value.trim());
    const words = q.split(/\s+/).filter(Boolean);
    const rows = log.filter((r) => words.every((w) => r.search.includes(w)));
    $("audit-count").textContent = words.length ? `(${rows.length}/${log.length})` : `(${log.length})`;
    $("audit-rows").replaceChildren(
      ...rows.slice(0, AUDIT_SHOWN).map((r) =>
        el(
          "tr",
          {},
          el("td", { class: "time" }, r.time),
          el("td", {}, r.roleName),
          el("td", {}, r.person || "–"),
          el("td", {}, el("code", {}, r.name))
        )
      )
    );
    $("audit-more").hidden = rows.length <= AUDIT_SHOWN;
    $("audit-more").textContent = fill(T.docs_audit_more, { n: AUDIT_SHOWN, total: rows.length });
  }

  async function loadAudit() {
    const { body } = await http(`/m/${ID}/audit`);
    if (!body.ok) {
      toast(body);
      return;
    }
    log = body.log
      .map((r) => {
        const roleName = ROLE_NAMES[r.role] || r.role;
        const time = moment(r.at, true);
        return { ...r, roleName, time, search: plain([time, r.role, roleName, r.person, r.name].join(" ")) };
      })
      .reverse(); // newest first
    showAudit();
  }

  $("audit-filter").addEventListener("input", showAudit);
  $("audit-reload").addEventListener("click", loadAudit);

  // ------------------------------------------------------------ leaving, resizing, starting

  window.addEventListener("beforeunload", (event) => {
    if (minutesDirty() || conclusionDirty() || paperDirty()) {
      event.preventDefault();
      event.returnValue = ""; // the browser asks whether to leave: unsaved text is never lost silently
    }
  });

  let resizeTimer = null;
  window.addEventListener("resize", () => {
    clearTimeout(resizeTimer);
    resizeTimer = setTimeout(() => blockList.querySelectorAll("textarea").forEach(grow), 150);
  });

  $("back-secretary").hidden = role === "office";
  $("back-office").hidden = role !== "office";

  /** As the office: join as the office (office.js does the same) and read this meeting. */
  function startAsOffice() {
    const form = $("pin-form");
    const app = $("app");
    let shown = false;
    Live.start({
      meetingId: null,
      role: "office",
      pin: officePin,
      name: localStorage.getItem("person-name") || "",
      async onState() {
        form.hidden = true;
        app.hidden = false;
        await readSnapshot(); // after every (re)join: the office gets no patches
        if (!shown) {
          shown = true;
          app.tabIndex = -1;
          app.focus();
        }
      },
      onJoinError(ack) {
        // The office PIN no longer opens: sign in as the secretary team instead.
        Live.stop();
        role = "secretary";
        $("back-secretary").hidden = false;
        $("back-office").hidden = true;
        startWithPin(ID, "secretary", render);
        const error = $("pin-error");
        error.textContent = ack.errors.map((e) => e.message).join(" ");
        error.hidden = false;
      },
    });
  }

  if (role === "office") startAsOffice();
  else startWithPin(ID, "secretary", render);
})();
