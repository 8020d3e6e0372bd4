/* 7. The log (`GET /m/<id>/audit`), newest first, filtered by what is typed (with or without
 * diacritics). The log only grows: a row read before keeps its identity and its node, and at most
 * a page of rows is shown. */

import { $, el, text, toast } from "../../core/dom.js";
import { KeyedList } from "../../core/list.js";
import { fill, fold } from "../../core/format.js";
import { T } from "../../core/page.js";
import { ID, get, stamp } from "./context.js";

const AUDIT_SHOWN = 500;
let log = []; // newest first
const ROLE_NAMES = { chair: T.role_chair, secretary: T.role_secretary, office: T.docs_role_office };
const row = (r) =>
  el("tr", {}, el("td", { class: "time" }, r.time), el("td", {}, r.roleName), el("td", {}, r.person || "–"), el("td", {}, el("code", {}, r.name)));
const rows = new KeyedList($("audit-rows"), { key: (r) => r.seq, make: row });

function showAudit() {
  const words = fold($("audit-filter").value.trim()).split(/\s+/).filter(Boolean);
  const found = words.length ? log.filter((r) => words.every((w) => r.search.includes(w))) : log;
  text($("audit-count"), words.length ? `(${found.length}/${log.length})` : `(${log.length})`);
  rows.render(found.slice(0, AUDIT_SHOWN));
  $("audit-more").hidden = found.length <= AUDIT_SHOWN;
  $("audit-more").textContent = fill(T.docs_audit_more, { n: AUDIT_SHOWN, total: found.length });
}

/** Read the log again: the rows read before keep their identity (the log only grows), so only the
 * new ones are drawn. */
export async function loadAudit() {
  const { body } = await get(`/m/${ID}/audit`);
  if (!body.ok) {
    toast(body);
    return;
  }
  const oldest = [...log].reverse();
  log = body.log
    .map((r, seq) => {
      const before = oldest[seq];
      if (before && before.at === r.at && before.name === r.name) return before;
      const roleName = ROLE_NAMES[r.role] || r.role;
      const time = stamp(r.at, true);
      return { ...r, seq, roleName, time, search: fold([time, r.role, roleName, r.person, r.name].join(" ")) };
    })
    .reverse(); // newest first
  showAudit();
}

$("audit-filter").addEventListener("input", showAudit);
$("audit-reload").addEventListener("click", loadAudit);
