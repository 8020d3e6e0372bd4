/* 2. The minutes: edited as blocks (headings, paragraphs, bullet points), saved as drafts,
 * finalised into a .docx whose SHA-256 is recorded, each version downloadable. Read over HTTP
 * (server/reports/http.py), never from a patch: a patch never touches what is typed here. */

import { $, el, toast } from "../../core/dom.js";
import { fill } from "../../core/format.js";
import { T } from "../../core/page.js";
import { fitHeight } from "../../core/textarea.js";
import { ID, get, stamp } from "./context.js";
import { download } from "./downloads.js";
import { loadAudit } from "./audit.js";
import { saveConclusion } from "./conclusion.js";

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
export const minutesDirty = () => loadedMinutes && fingerprint(readBlocks()) !== baseline;

const grow = fitHeight;

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
export async function loadMinutes(replace, fresh) {
  const { body } = await get(`/m/${ID}/minutes${fresh ? "?fresh=1" : ""}`);
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
  const { body } = await get(`/m/${ID}/minutes`, {
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
    setTimeout(loadAudit, 300); // the log has the save
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
  else if (focus && focus.closest("#paperwork-form")) $("paperwork-form").requestSubmit();
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
        el("td", {}, stamp(v.created_at)),
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

let resizeTimer = null;
window.addEventListener("resize", () => {
  clearTimeout(resizeTimer);
  resizeTimer = setTimeout(() => blockList.querySelectorAll("textarea").forEach(grow), 150);
});
