/* The registration form: a new speaker typed from the keyboard (Enter adds and returns to the name),
 * or an existing one edited (Esc cancels the edit, never a new registration). A follow-up turn names
 * the opinion it follows up, picked by its words (follows.js). */

import { $, el, text } from "../../core/dom.js";
import { T } from "../../core/page.js";
import * as follows from "./follows.js";
import * as limits from "./limits.js";

const form = $("reg-form");
const input = (name) => form.elements.namedItem(name);
const TYPED = ["name", "xom", "topic", "minutes", "phone", "note", "walk_in", "follows_opinion_id"];
let draft = null; // a new registration being typed when an edit began: back when the edit ends
let live = null;

let xoms = "";

function render(state, change) {
  if (change.touches("speakers")) {
    const list = [...new Set(state.speakers.map((s) => s.xom).filter(Boolean))];
    const key = list.join("\n");
    if (key !== xoms) {
      xoms = key;
      $("xom-list").replaceChildren(...list.map((x) => el("option", { value: x })));
    }
  }
  if (change.touches("settings")) input("minutes").placeholder = String(state.settings.default_speech_seconds / 60);
}

/** Whether the form holds something typed for a new registration. */
function typedNew() {
  if (input("speaker_id").value) return false;
  return TYPED.some((n) => (input(n).type === "checkbox" ? input(n).checked : input(n).value.trim() !== ""));
}

const value = (n) => (input(n).type === "checkbox" ? input(n).checked : input(n).value);

/** Fill the form with speaker `s` to edit it (what was being typed for a new one comes back after). */
export function edit(s) {
  if (typedNew()) draft = Object.fromEntries(TYPED.map((n) => [n, value(n)]));
  input("speaker_id").value = s.id;
  input("name").value = s.name;
  input("xom").value = s.xom;
  input("topic").value = s.topic;
  input("minutes").value = Math.round(s.requested_seconds / 60);
  input("phone").value = s.phone;
  input("note").value = s.note;
  input("walk_in").checked = s.walk_in;
  input("walk_in").disabled = true;
  follows.choose(s.follows_opinion_id ? live.state.opinions.find((o) => o.id === s.follows_opinion_id) || null : null);
  follows.setDisabled(true);
  limits.recheck(form);
  text($("form-title"), `${T.edit}: ${s.name}`);
  $("reg-cancel").hidden = false;
  input("name").focus();
}

function resetForm() {
  form.reset();
  input("speaker_id").value = "";
  input("walk_in").disabled = false;
  follows.setDisabled(false);
  text($("form-title"), $("form-title").dataset.title);
  $("reg-cancel").hidden = true;
  if (draft) {
    // The edit is over: the registration that was being typed comes back as it was.
    for (const [n, v] of Object.entries(draft)) input(n)[input(n).type === "checkbox" ? "checked" : "value"] = v;
    const chosen = draft.follows_opinion_id && live.state.opinions.find((o) => o.id === Number(draft.follows_opinion_id));
    setTimeout(() => follows.choose(chosen || null)); // after the reset's own clearing
    draft = null;
    setTimeout(() => limits.recheck(form));
  }
  input("name").focus();
}

async function submit(e) {
  e.preventDefault();
  const minutes = input("minutes").value.trim();
  const payload = {};
  for (const n of ["name", "xom", "topic", "phone", "note"]) payload[n] = input(n).value;
  if (minutes) payload.requested_minutes = Number(minutes);
  const editing = input("speaker_id").value;
  let ack;
  if (editing) ack = await live.run("speaker.update", { speaker_id: Number(editing), ...payload }, T.saved);
  else {
    payload.walk_in = input("walk_in").checked;
    if (input("follows_opinion_id").value) payload.follows_opinion_id = Number(input("follows_opinion_id").value);
    ack = await live.run("speaker.add", payload, T.added);
  }
  if (ack.ok) resetForm();
  else {
    const field = ack.errors.map((x) => x.field).find((f) => f && input(f === "requested_minutes" ? "minutes" : f));
    if (field) input(field === "requested_minutes" ? "minutes" : field).focus();
  }
}

export function mount(connection) {
  live = connection;
  follows.mount(connection);
  $("form-title").dataset.title = $("form-title").textContent;
  form.addEventListener("submit", submit);
  form.addEventListener("keydown", (e) => {
    if (e.key === "Escape" && input("speaker_id").value) {
      e.preventDefault();
      resetForm();
    }
  });
  $("reg-cancel").addEventListener("click", resetForm);
  live.store.subscribe(render);
}
