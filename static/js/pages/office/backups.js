/* Backups of the database (server/backup.py): the server makes one by itself every few minutes;
 * "Back up now" makes one at once (`POST /office/backup`). The card lists the latest ones
 * (`GET /office/backups`) and the command that restores one, read again when the page shows (after
 * the PIN), when the tab comes back, after a backup and every minute. */

import { $, el, toast } from "../../core/dom.js";
import { date, fill, isoDay, timeOfDay } from "../../core/format.js";
import * as http from "../../core/http.js";
import { T } from "../../core/page.js";

const SHOWN = 5; // backups listed, the newest
const lang = document.documentElement.lang || "vi";
const size = (bytes) => (bytes < 1048576 ? `${Math.ceil(bytes / 1024)} KB` : `${(bytes / 1048576).toLocaleString(lang, { maximumFractionDigits: 1 })} MB`);
const seconds = (ts) => String(new Date(ts * 1000).getSeconds()).padStart(2, "0");
const when = (ts) => `${timeOfDay(ts)}:${seconds(ts)} ${date(isoDay(ts))}`;

async function load() {
  const { body } = await http.json("/office/backups", "office", null);
  if (!body.ok) return; // no PIN yet, or the server is out of reach: the next load shows it
  const minutes = Number(body.every_minutes) || 0;
  $("backup-auto").textContent =
    minutes > 0 ? fill(T.backup_every, { minutes: Number(minutes.toFixed(2)), directory: body.directory }) : fill(T.backup_off, { directory: body.directory });
  const rows = body.backups.slice(0, SHOWN).map((b) => el("li", {}, el("b", {}, when(b.at)), ` · ${size(b.bytes)} · `, el("span", { class: "muted" }, b.name)));
  $("backup-list").replaceChildren(...(rows.length ? rows : [el("li", { class: "muted" }, T.backup_none)]));
  $("backup-restore").replaceChildren(`${T.backup_restore}: `, el("code", {}, body.restore));
}

/** Show the backups card and keep it current while the page is shown. */
export function startBackups() {
  const app = $("app");
  const button = $("backup-now");
  if (!button) return;
  const label = button.textContent;
  button.addEventListener("click", async () => {
    button.disabled = true;
    button.textContent = T.backup_working;
    const { body } = await http.json("/office/backup", "office", null, { method: "POST" });
    button.disabled = false;
    button.textContent = label;
    toast(body, body.ok ? fill(T.backup_done, { file: body.file, size: size(body.bytes) }) : null);
    await load();
  });
  const visible = () => !app.hidden && !document.hidden;
  new MutationObserver(() => visible() && load()).observe(app, { attributes: true, attributeFilter: ["hidden"] });
  document.addEventListener("visibilitychange", () => visible() && load());
  setInterval(() => visible() && load(), 60000);
}
