/* The assignments of every meeting until the written reply (`followup.list`): one row each, keyed
 * by meeting and opinion. A reading again keeps the rows that did not change (only those that did
 * are redrawn), and a long list shows a page at a time. */

import { $, el, text, toast } from "../../core/dom.js";
import { KeyedList } from "../../core/list.js";
import { date, fill, moment } from "../../core/format.js";
import { T } from "../../core/page.js";
import { live } from "./connection.js";

const PAGE = 200; // rows shown at first, and added by "show more"
const more = $("fu-more");
let items = [];
let limit = PAGE;
let known = new Map(); // key -> [its JSON, the item]: an unchanged item keeps its identity
let onReply = () => {};

/** The server's date (ISO) at the last reading: the reply date offered by default. */
export let today = "";

const keyOf = (item) => `${item.meeting_id}-${item.id}`;

function daysText(item) {
  if (item.closed_at) return el("span", { class: "muted" }, T.closed);
  if (item.days_left === null) return "";
  if (item.days_left < 0) return el("span", { class: "badge-over" }, fill(T.overdue, { n: -item.days_left }));
  if (item.days_left === 0) return el("span", { class: "badge-warn" }, T.due_today);
  return fill(T.days_left, { n: item.days_left });
}

function row(item) {
  return el(
    "tr",
    { dataset: { id: keyOf(item) }, class: item.days_left < 0 && !item.closed_at ? "overdue" : null },
    el("td", {}, item.meeting_title, el("div", { class: "muted" }, date(item.starts_at))),
    el(
      "td",
      {},
      item.citizen_name,
      item.citizen_xom ? el("div", { class: "muted" }, item.citizen_xom) : null,
      item.raised_at ? el("div", { class: "muted raised-at" }, fill(T.raised_at, { time: moment(item.raised_at, item.starts_at) })) : null
    ),
    el("td", {}, item.summary),
    el("td", {}, item.outcome === "forwarded" ? item.forwarded_to : item.unit),
    el("td", {}, date(item.deadline), el("div", {}, daysText(item))),
    el(
      "td",
      {},
      item.reply_date ? `${date(item.reply_date)} ${item.reply_ref}: ${item.reply_summary}` : "",
      item.citizen_accepted === null ? null : el("div", { class: "muted" }, item.citizen_accepted ? T.accepted : T.not_accepted)
    ),
    el("td", {}, item.closed_at ? null : el("button", { type: "button", class: "primary", onclick: () => onReply(item) }, T.reply))
  );
}

const rows = new KeyedList($("fu-rows"), { key: keyOf, make: row });

function render() {
  rows.render(items.slice(0, limit));
  more.hidden = items.length <= limit;
  more.textContent = fill(T.people_show_more, { n: Math.min(PAGE, items.length - limit), total: items.length });
}

/** Read the list again (the closed ones too when ticked) and show what changed. */
export async function load() {
  const ack = await live.ask("followup.list", { closed: $("fu-closed").checked });
  if (!ack.ok) return toast(ack);
  today = ack.today;
  const next = new Map();
  items = ack.items.map((item) => {
    const json = JSON.stringify(item);
    const before = known.get(keyOf(item));
    const kept = before && before[0] === json ? before[1] : item;
    next.set(keyOf(item), [json, kept]);
    return kept;
  });
  known = next;
  text($("fu-count"), `(${items.filter((i) => !i.closed_at).length})`);
  render();
}

/** What the Reply button of a row does. */
export function whenReply(fn) {
  onReply = fn;
}

more.addEventListener("click", () => {
  limit += PAGE;
  render();
});
$("fu-closed").addEventListener("change", () => {
  limit = PAGE;
  load();
});
