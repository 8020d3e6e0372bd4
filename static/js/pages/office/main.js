/* The commune office prepares its meetings (templates/office.html): the list with each screen's
 * address and PIN (list.js), a new meeting or a copy (create.js), the editor of one meeting, which
 * this screen follows live (editor.js, agenda.js, duties.js; the people: delegates.js, citizens.js,
 * imports.js, papers.js), and the backups (backups.js). session.js holds the connection. */

import { $ } from "../../core/dom.js";
import { startBackups } from "./backups.js";
import { setCreateMode } from "./create.js";
import { openEditor } from "./editor.js";
import { wire } from "./fields.js";
import { loadList, meetings } from "./list.js";
import { live, start } from "./session.js";
import "./agenda.js";
import "./duties.js";
import "./delegates.js";
import "./citizens.js";
import "./imports.js";
import "./papers.js";

export { live };

wire($("create-form"));
wire($("edit-form"));
setCreateMode(false);
startBackups();

// Back on this page (another tab): the list as it is now (the meeting open follows by itself).
document.addEventListener("visibilitychange", () => {
  if (!document.hidden && live.joined) loadList();
});

let started = false;
start(async () => {
  // After each (re)join: the list; the first time, the meeting the address names (#meeting-3).
  await loadList();
  if (started) return;
  started = true;
  const wanted = /^#meeting-(\d+)$/.exec(location.hash);
  if (wanted && meetings.some((m) => m.id === Number(wanted[1]))) await openEditor(Number(wanted[1]), true);
});
