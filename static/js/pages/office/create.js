/* Creating a meeting, or copying an earlier one (its agenda, people and settings; a new title,
 * hamlet and date), and importing one exported on another laptop. */

import { $, toast } from "../../core/dom.js";
import { say } from "../../core/dates.js";
import { fill } from "../../core/format.js";
import * as http from "../../core/http.js";
import { T } from "../../core/page.js";
import { openEditor, closeEditor } from "./editor.js";
import { GROUPS, clearMessages, field, guarded, readMeeting, setRows, showAllocationTotal, showErrors } from "./fields.js";
import { loadList, meetings } from "./list.js";
import { live } from "./session.js";

const createForm = $("create-form");
const COPIED = ["title", "hamlet", "starts_at"]; // what meeting.copy takes besides the source
let copyFrom = null; // {id, title} of the meeting the create form copies, or null

/** The create form as a new meeting's, empty (`copy`: as a copy of an earlier meeting). */
export function setCreateMode(copy) {
  createForm.reset();
  clearMessages(createForm);
  say(field(createForm, "date"), "");
  createForm.dataset.mode = copy ? "copy" : "create";
  for (const node of createForm.querySelectorAll(".not-copy")) node.hidden = Boolean(copy);
  $("create-heading").textContent = copy ? T.copy_heading : T.new_meeting;
  $("create-hint").hidden = Boolean(copy);
  $("copy-note").hidden = !copy;
  $("copy-cancel").hidden = !copy;
  const submit = $("create-submit");
  submit.textContent = copy ? submit.dataset.copy : submit.dataset.create;
  for (const key of Object.keys(GROUPS)) setRows(createForm, key, []);
  showAllocationTotal(createForm);
}

/** The create form, empty, with the focus in its title. */
export function showNew() {
  copyFrom = null;
  closeEditor();
  setCreateMode(false);
  field(createForm, "title").focus();
}

/** The create form, prefilled to copy meeting `m` (a row of the list, or the editor's snapshot):
 * its title and hamlet to change, its time, and a date to type. */
export function openCopy(m) {
  copyFrom = { id: m.id, title: m.title };
  closeEditor();
  setCreateMode(true);
  $("copy-note").textContent = fill(T.copy_note, { title: m.title });
  field(createForm, "title").value = m.title;
  field(createForm, "hamlet").value = m.hamlet || "";
  field(createForm, "time").value = (m.starts_at || "").slice(11, 16);
  createForm.scrollIntoView({ block: "start" });
  field(createForm, "title").focus();
}

function cancelCopy() {
  const source = copyFrom;
  copyFrom = null;
  setCreateMode(false);
  if (source && meetings.some((m) => m.id === source.id)) openEditor(source.id, true);
  else field(createForm, "title").focus();
}

createForm.addEventListener(
  "submit",
  guarded(createForm, async () => {
    const copy = createForm.dataset.mode === "copy" && copyFrom;
    const values = readMeeting(createForm, copy ? "copy" : "create");
    if (!values) return;
    const ack = copy
      ? await live.send("meeting.copy", { source_meeting_id: copyFrom.id, ...Object.fromEntries(COPIED.map((k) => [k, values[k]])) })
      : await live.send("meeting.create", values);
    if (!ack.ok) return showErrors(createForm, ack);
    toast(ack, copy ? T.copy_created : T.meeting_created);
    copyFrom = null;
    setCreateMode(false);
    await openEditor(ack.meeting_id, true);
  })
);

// A meeting exported on another laptop: added with a new id and fresh PINs, then opened.
$("import-meeting").addEventListener("change", async (event) => {
  const file = event.target.files && event.target.files[0];
  event.target.value = ""; // the same file chosen again is read again
  if (!file) return;
  const { body } = await http.json("/office/import-meeting", "office", null, { method: "POST", body: file });
  toast(body, T.meeting_imported);
  if (!body.ok) return;
  await loadList();
  await openEditor(body.meeting_id, true);
});

$("show-create").onclick = showNew;
$("copy-cancel").onclick = cancelCopy;
createForm.addEventListener("keydown", (e) => {
  if (e.key === "Escape" && createForm.dataset.mode === "copy") {
    e.preventDefault();
    cancelCopy();
  }
});
