/* The attendance (state.showing === "attendance"): the present and invited in very large digits, the
 * walk-ins, and a table per xóm (counts only, never a name); and the closed meeting's screen. */

import { $, el } from "../../core/dom.js";
import { fill } from "../../core/format.js";
import { T } from "../../core/page.js";
import { css, fit, tooWide } from "./fit.js";


// The per-xóm table's sizes (vh) tried: 70 px, 63 px, then the 54 px floor; and the total's, from
// about 280 px down to about 195 px (its digits about 205 px down to 140 px tall).
const ATT_ROW_SIZES = [6.5, 5.8, 5];
const ATT_TOTAL_SIZES = [26, 22, 18];
const ATT_MAX_COLUMNS = 3;

/** The counts: the totals, and the rows of the table (xóm, present, invited, allocated). */
export function renderAttendance(state) {
  const att = state.attendance || { invited: 0, present: 0, walk_ins: 0, per_xom: [] };
  $("p-att-count").textContent = att.invited ? `${att.present}/${att.invited}` : String(att.present);
  $("p-att-label").textContent = att.invited ? $("p-att-label").dataset.full : T.door_present;
  $("p-att-walk-ins").textContent = att.walk_ins ? fill(T.att_walk_ins_long, { n: att.walk_ins }) : "";
  $("p-att-walk-ins").classList.toggle("gone", !att.walk_ins);
  attRows = att.per_xom;
}

let attRows = [];

/** The table per xóm, its rows shared out among `n` tables side by side: the xóm, its present of
 * its invited ("12/30"), and its allocation when the meeting has one. */
function attTables(n) {
  const box = $("p-att-xoms");
  const heads = box.dataset;
  const allocated = attRows.some((x) => x.allocated !== null && x.allocated !== undefined);
  const per = Math.ceil(attRows.length / n);
  const tables = [];
  for (let i = 0; i < n; i++) {
    const rows = attRows.slice(i * per, (i + 1) * per);
    if (!rows.length) break;
    const head = el(
      "tr",
      {},
      el("th", { class: "xom" }, heads.headXom),
      el("th", { class: "num" }, heads.headPresent),
      allocated ? el("th", { class: "num" }, heads.headAllocated) : null
    );
    const body = rows.map((x) =>
      el(
        "tr",
        {},
        el("td", { class: "xom" }, x.xom),
        el("td", { class: "num present" }, x.invited ? `${x.present}/${x.invited}` : String(x.present)),
        allocated ? el("td", { class: "num" }, x.allocated === null || x.allocated === undefined ? "–" : String(x.allocated)) : null
      )
    );
    tables.push(el("div", { class: "p-att-col" }, el("table", { class: "p-att-table" }, el("thead", {}, head), el("tbody", {}, body))));
  }
  box.replaceChildren(...tables);
  box.dataset.columns = tables.length;
  box.style.setProperty("--att-columns", tables.length);
}

/** The largest rows, then the largest total, then the simplest arrangement that fits the screen: nothing cut, nothing scrolling, nothing below the 54 px floor. When nothing fits, the
 * banner's first and last lines give way, then the banner (the hall's backdrop carries it); past
 * that (more xóm than a screen holds), the arrangement that reaches least far below it. */
export function layoutAttendance() {
  const section = $("p-att");
  const limit = window.innerHeight - css(document.body, "paddingBottom");
  // The section is as tall as the screen leaves it: what counts is where its content ends.
  const bottom = () =>
    Math.max(...[...section.querySelectorAll(".p-att-total, .p-att-table")].map((n) => n.getBoundingClientRect().bottom));
  const narrow = () =>
    [...section.querySelectorAll(".p-att-col"), section.querySelector(".p-att-total"), $("p-att-label"), $("p-att-walk-ins")].every(
      (n) => !tooWide(n)
    );
  const apply = ({ rows, total, layout, columns }) => {
    section.style.setProperty("--att-row", `${rows}vh`);
    section.style.setProperty("--att-total", `${total}vh`);
    section.dataset.layout = layout;
    attTables(columns);
  };
  // The total above one table across the screen; or beside it; or above two or three tables.
  const arrangements = [{ layout: "stacked", columns: 1 }, { layout: "side", columns: 1 }];
  for (let columns = 2; columns <= Math.min(ATT_MAX_COLUMNS, attRows.length); columns++) {
    arrangements.push({ layout: "stacked", columns });
  }
  let best = null;
  const tryAll = () => {
    for (const rows of ATT_ROW_SIZES) {
      for (const total of ATT_TOTAL_SIZES) {
        for (const arrangement of arrangements) {
          const choice = { rows, total, ...arrangement };
          apply(choice);
          if (!narrow()) continue;
          const reach = bottom();
          if (reach <= limit + 0.5) return true;
          if (!best || reach < best.reach) best = { ...choice, reach, banner: $("p-banner").className };
        }
      }
    }
    return false;
  };
  const banner = $("p-banner");
  banner.classList.remove("short", "gone");
  if (tryAll()) return;
  banner.classList.add("short");
  if (tryAll()) return;
  banner.classList.add("gone");
  if (tryAll()) return;
  if (best) {
    banner.className = best.banner;
    apply(best);
  }
}

/** The closed meeting: the banner and the closing; a banner too long for both loses lines. */
export function layoutEnded() {
  const limit = window.innerHeight - css(document.body, "paddingBottom");
  const over = () => $("p-ended").getBoundingClientRect().bottom > limit + 0.5;
  if (over()) $("p-banner").classList.add("short");
  document.querySelectorAll(".p-banner-line").forEach((n) => fit(n));
}
