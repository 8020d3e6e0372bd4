/* The figures across meetings (`GET /office/statistics`): open opinions by responsible unit, the
 * overdue ones, topics raised at several meetings; and the petition register of every meeting. */

import { $, el, toast } from "../../core/dom.js";
import { date } from "../../core/format.js";
import * as http from "../../core/http.js";
import { T } from "../../core/page.js";

export async function loadAcross() {
  const { body } = await http.json("/office/statistics", "office", null);
  if (!body.ok) return toast(body);
  const rows = (counts) => Object.entries(counts).map(([name, n]) => el("tr", {}, el("td", {}, name || T.no_unit), el("td", { class: "num" }, String(n))));
  const none = (cells) => (cells.length ? cells : [el("tr", {}, el("td", { class: "muted" }, T.none))]);
  $("open-by-unit").replaceChildren(...none(rows(body.open_by_unit)));
  $("repeated").replaceChildren(...none(rows(body.repeated)));
  $("overdue-count").textContent = `(${body.overdue.length})`;
  $("overdue-list").replaceChildren(
    ...body.overdue.map((o) => el("li", {}, el("b", {}, date(o.deadline)), ` ${o.unit}: ${o.summary} `, el("span", { class: "muted" }, `(${o.citizen}, ${o.meeting})`)))
  );
}

$("register-all").addEventListener("click", async (event) => {
  const button = event.currentTarget;
  button.disabled = true;
  const problem = await http.download("/office/register.xlsx", "office", null, "so-theo-doi-y-kien.xlsx");
  button.disabled = false;
  if (problem) toast(problem);
});
