/* The editor of one meeting: its details and settings, and where it stands (draft, scheduled,
 * archived; a meeting in which nothing happened can be deleted). The meeting is followed
 * (session.js): each patch, this screen's or another's, shows at once, and a field the office has
 * typed in and not saved is never replaced, nor one holding the focus.
 *
 * A correction (`meeting.update`) sends only the fields that changed, each with the value it had
 * when the field was filled (`expected`): a field another screen changed meanwhile is refused
 * (`changed_meanwhile`), and the field then shows the current value. */

import { $, text, toast } from "../../core/dom.js";
import * as dates from "../../core/dates.js";
import { fill } from "../../core/format.js";
import { T } from "../../core/page.js";
import { autosizeAll } from "./agenda.js";
import { openCopy, setCreateMode } from "./create.js";
import { GROUPS, PARTICULARS, SETTINGS, field, guarded, readMeeting, rowsShown, say, setRows, showAllocationTotal, showErrors } from "./fields.js";
import { loadList, markEditing, meetings, phaseText, showScreens } from "./list.js";
import { current, follow, followed, happened, live, onMeeting, phaseOf } from "./session.js";

const editForm = $("edit-form");
const createForm = $("create-form");
let base = {}; // by field: the server's value when the editor's field was last filled (`expected`)
let shown = {}; // by field: what the field showed then (to see whether the office typed in it)
// What the list shows of a meeting: a patch of one of these reads the list again.
const LISTED = new Set(["title", "hamlet", "place", "starts_at", "status", "started_at", "ended_at"]);

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

/** Whether the focus is in the field (a patch leaves it alone: no caret moved, no row replaced). */
function focused(form, key) {
  const box = GROUPS[key] ? form.querySelector(`fieldset[data-rows="${key}"]`) : null;
  const active = document.activeElement;
  return box ? box.contains(active) : inputsOf(form, key).includes(active);
}

/** Show a server's value in the field. */
function showValue(form, key, value) {
  if (key === "starts_at") {
    dates.set(field(form, "date"), String(value || "").slice(0, 10));
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

/** Fill the editor's fields from the server. `mode`: "all" (a meeting just opened) replaces every
 * field; "keep" keeps those the office has typed in and not saved, and the one holding the focus
 * (their `expected` stays the value they were filled with, so a save after another screen's change
 * is refused); "stale" (after `changed_meanwhile`) also replaces every field whose value changed on
 * the server since it was filled. `force`: fields to replace whatever the mode (just saved). */
function fillForm(state, mode, force) {
  for (const key of [...PARTICULARS, ...SETTINGS]) {
    const value = serverValue(state, key);
    const forced = force && force.has(key);
    if (mode !== "all" && !forced && same(value, base[key]) && rawValue(editForm, key) === shown[key]) continue;
    const untouched = rawValue(editForm, key) === shown[key] && !focused(editForm, key);
    const moved = !same(value, base[key]);
    if (mode === "all" || untouched || (mode === "stale" && moved) || forced) {
      showValue(editForm, key, value);
      base[key] = value;
      shown[key] = rawValue(editForm, key);
    }
  }
  showAllocationTotal(editForm);
}

const STATUS_DONE = {
  "meeting.schedule": [T.scheduled_ok, "btn-unschedule"],
  "meeting.unschedule": [T.unscheduled_ok, "btn-schedule"],
  "meeting.archive": [T.archived_ok, "btn-unarchive"],
  "meeting.unarchive": [T.unarchived_ok, "btn-archive"],
  "meeting.delete": [T.deleted_ok, null],
};

/** The phase and the buttons that move the meeting on; an archived meeting's editor is read-only. */
function showStatus(state) {
  const phase = phaseOf(state);
  const badge = $("editor-phase");
  text(badge, phaseText(phase));
  badge.dataset.phase = phase;
  const readOnly = phase === "archived" || phase === "deleted";
  $("btn-schedule").hidden = phase !== "draft";
  $("btn-unschedule").hidden = phase !== "scheduled";
  $("btn-archive").hidden = readOnly || phase === "live";
  $("btn-unarchive").hidden = phase !== "archived";
  $("btn-delete").hidden = readOnly || happened(state);
  $("readonly-note").hidden = !readOnly;
  $("editor-body").disabled = readOnly;
}

let listTimer = null;
onMeeting((state, change, { other }) => {
  if (other) {
    base = {};
    shown = {};
    fillForm(state, "all");
  } else if (change.touches(...PARTICULARS, "settings")) fillForm(state, "keep");
  text($("editor-title"), state.title);
  $("editor-demo").hidden = !state.is_demo;
  showStatus(state);
  // Another screen changed what the list shows of this meeting: the list follows.
  if (!other && !change.reset && [...change.fields].some((f) => LISTED.has(f))) {
    clearTimeout(listTimer);
    listTimer = setTimeout(loadList, 200);
  }
});

// A field left untouched but kept while it held the focus catches up once the focus leaves it.
editForm.addEventListener("focusout", () => setTimeout(() => current() && fillForm(current(), "keep"), 0));

/** Close the editor (the create form shows instead) and follow no meeting. */
export function closeEditor() {
  history.replaceState(null, "", location.pathname);
  $("editor").hidden = true;
  createForm.hidden = false;
  follow(null);
  markEditing();
}

/** Open a meeting in the editor (`fresh`: every field from the server, focus on its title). */
export async function openEditor(id, fresh) {
  if (id !== followed) $("status-note").hidden = true;
  history.replaceState(null, "", `#meeting-${id}`);
  if (!meetings.some((m) => m.id === id)) await loadList();
  const again = id === followed && current();
  const ok = await follow(id);
  if (!ok || id !== followed) return;
  if (again && fresh) fillForm(current(), "all");
  createForm.hidden = true;
  $("editor").hidden = false;
  autosizeAll(); // measured once shown
  if (meetings.some((m) => m.id === id && m.phase === "archived")) $("archived").open = true;
  markEditing();
  showScreens();
  if (fresh) {
    $("editor").scrollIntoView({ block: "start" });
    $("editor-title").tabIndex = -1;
    $("editor-title").focus();
  }
}

editForm.addEventListener(
  "submit",
  guarded(editForm, async () => {
    if (!current() || $("editor-body").disabled) return;
    const values = readMeeting(editForm, "edit");
    if (!values) return;
    const id = followed;
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
      const ack = await live.send("meeting.update", { ...changed, expected }, { meetingId: id });
      if (id !== followed) return;
      if (!ack.ok) {
        // Another screen changed a field meanwhile: show what the meeting holds now, then why.
        if (ack.errors.some((e) => e.code === "changed_meanwhile")) fillForm(current(), "stale");
        return showErrors(editForm, ack);
      }
      Object.keys(changed).forEach((key) => saved.add(key));
    }
    if (Object.keys(settings).length) {
      const ack = await live.send("meeting.settings", settings, { meetingId: id });
      if (id !== followed) return;
      if (!ack.ok) {
        fillForm(current(), "keep", saved);
        await loadList();
        return showErrors(editForm, ack);
      }
      Object.keys(settings).forEach((key) => saved.add(key));
    }
    toast({ ok: true }, T.saved);
    fillForm(current(), "keep", saved); // the patch is in: what was saved is the server's now
    await loadList();
  })
);

async function statusCommand(name) {
  const state = current();
  const title = state ? state.title : "";
  if (name === "meeting.archive" && !confirm(fill(T.confirm_archive, { title }))) return;
  if (name === "meeting.delete" && !confirm(fill(T.confirm_delete, { title }))) return;
  const id = followed;
  const note = $("status-note");
  note.hidden = true;
  const ack = await live.send(name, {}, { meetingId: id });
  if (id !== followed) return;
  if (!ack.ok) {
    note.textContent = ack.errors.map((e) => e.message).join(" ");
    note.hidden = false;
    await loadList();
    return;
  }
  const [done, undo] = STATUS_DONE[name];
  toast(ack, done);
  if (name === "meeting.delete") {
    closeEditor();
    setCreateMode(false);
    await loadList();
    field(createForm, "title").focus();
    return;
  }
  await loadList();
  const next = undo && $(undo);
  if (next && !next.hidden) next.focus();
}

for (const button of document.querySelectorAll("#editor-status button[data-command]")) {
  button.addEventListener("click", () => statusCommand(button.dataset.command));
}
$("btn-copy").addEventListener("click", () => current() && openCopy(current()));
