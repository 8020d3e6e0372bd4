/* 4. The paperwork: the letterhead of the documents (bodies, numbers, signer, recipients). A patch
 * replaces a field only when it was not edited here. */

import { $, toast } from "../../core/dom.js";
import { say } from "../../core/dates.js";
import { clean, fill } from "../../core/format.js";
import { rules, T } from "../../core/page.js";
import { command, state } from "./context.js";

const paper = $("paperwork-form");
const TEXTS = ["parent_body", "body", "place_name", "notice_number", "report_number", "signer_name", "signer_title"];
let paperShown = null; // each field's raw value as last put in the form from the record

/** Each field's example in the profile chosen (server/reports/letterhead.py PLACEHOLDERS): a
 * Party letterhead reads "ĐẢNG ỦY XÃ …", a state one "ỦY BAN NHÂN DÂN XÃ …". Shown as "VD: …",
 * so an example is never taken for a value. */
function renderPlaceholders() {
  const examples = (rules.placeholders || {})[paper.elements.profile.value || "state"] || {};
  for (const name of TEXTS) {
    const example = examples[name];
    paper.elements[name].placeholder = example ? fill(T.dl_paperwork_placeholder, { example }) : "";
  }
}

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
  const p = state().paperwork;
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
export function renderPaperwork(force) {
  const record = paperFromRecord(state().paperwork);
  const raw = paperRaw();
  for (const name of Object.keys(record)) {
    if (force || paperShown === null || raw[name] === paperShown[name]) setPaper(name, record[name]);
  }
  paperShown = paperFromRecord(state().paperwork);
  renderPlaceholders();
  paperState();
}

export const paperDirty = () => state() !== null && Object.keys(paperChanges()).length > 0;

function paperState() {
  $("paperwork-state").textContent = paperDirty() ? T.docs_unsaved : "";
}

paper.addEventListener("input", (event) => {
  if (event.target.name) say(event.target, "");
  paperState();
});
paper.addEventListener("change", (event) => {
  if (event.target.name === "profile") renderPlaceholders();
  paperState();
});
paper.addEventListener("submit", async (event) => {
  event.preventDefault();
  if (!state()) return;
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
      if (input && input.tagName) say(input, e.message);
    }
  }
});
