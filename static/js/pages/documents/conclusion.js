/* 1. The chair's conclusion: edited by the secretary team (Ctrl+Enter saves), read-only for the
 * office (meeting.conclude is the chair's or the secretary's). A patch replaces the field only when
 * nothing typed there differs from the record. */

import { $ } from "../../core/dom.js";
import { clean } from "../../core/format.js";
import { T } from "../../core/page.js";
import { command, state, who } from "./context.js";

const conclusion = $("conclusion");
let conclusionShown = null; // the record's text as last put in the field

export function renderConclusion() {
  const readOnly = who.role === "office"; // meeting.conclude: the chair or the secretary
  conclusion.readOnly = readOnly;
  $("conclusion-save").hidden = readOnly;
  $("conclusion-readonly").hidden = !readOnly;
  // The record replaces the field unless something typed there differs from it.
  if (conclusionShown === null || conclusion.value === conclusionShown || clean(conclusion.value) === state().conclusion) {
    conclusion.value = state().conclusion;
    conclusionShown = state().conclusion;
  }
  conclusionState();
}

export const conclusionDirty = () => state() !== null && who.role !== "office" && clean(conclusion.value) !== state().conclusion;

function conclusionState() {
  const changedElsewhere = conclusionDirty() && conclusionShown !== state().conclusion;
  $("conclusion-state").textContent = changedElsewhere ? T.docs_changed_elsewhere : conclusionDirty() ? T.docs_unsaved : "";
}

export async function saveConclusion() {
  if (who.role === "office" || !state()) return;
  const ack = await command("meeting.conclude", { text: conclusion.value }, T.docs_conclusion_saved);
  if (ack.ok) {
    conclusion.value = state().conclusion; // as the record holds it
    conclusionShown = state().conclusion;
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
