/* 6. The figures of the meeting (`GET /m/<id>/statistics`): counts, attendance per xóm, charts by
 * category and outcome, the turns, the time per xóm, the stages against their plan. */

import { $, el } from "../../core/dom.js";
import { T } from "../../core/page.js";
import { ID, get, mmss, stamp } from "./context.js";

/** A horizontal bar chart as a table: label, bar (drawn, hidden from screen readers), number. */
function bars(caption, what, entries) {
  const max = Math.max(1, ...entries.map(([, n]) => n));
  return el(
    "table",
    { class: "bars" },
    el("caption", {}, caption),
    el("thead", {}, el("tr", {}, el("th", { scope: "col" }, what), el("td", { "aria-hidden": "true" }), el("th", { scope: "col", class: "num" }, T.docs_count))),
    el(
      "tbody",
      {},
      entries.map(([label, n]) => {
        const bar = el("span", { class: "bar" });
        bar.style.width = `${(100 * n) / max}%`;
        return el(
          "tr",
          {},
          el("th", { scope: "row" }, label),
          el("td", { class: "bar-cell", "aria-hidden": "true" }, bar),
          el("td", { class: "num" }, String(n))
        );
      })
    )
  );
}

function table(caption, head, rows, rowClass) {
  return el(
    "table",
    { class: "docs-table stats-table" },
    el("caption", {}, caption),
    el("thead", {}, el("tr", {}, head.map((h) => el("th", { scope: "col" }, h)))),
    el(
      "tbody",
      {},
      rows.map((cells, i) => el("tr", { class: rowClass ? rowClass(i) : null }, cells.map((c) => (c instanceof Node ? c : el("td", {}, String(c))))))
    )
  );
}

const OUTCOME_ORDER = ["answered", "assigned", "forwarded", "declined", "noted", "None"];

function renderStats(d) {
  const figures = el(
    "dl",
    { class: "figures" },
    [
      [T.docs_speakers, d.speakers],
      [T.docs_opinions, d.opinions],
      d.present === null ? [T.docs_invited, d.invited] : [T.docs_present, `${d.present}/${d.invited}`],
      [T.docs_without_outcome, d.without_outcome],
      [T.docs_still_open, d.still_open],
    ].map(([k, v]) => el("div", {}, el("dt", {}, k), el("dd", {}, String(v))))
  );
  const parts = [figures];
  if (d.attendance.length) {
    parts.push(
      table(
        T.docs_attendance,
        [T.docs_xom, T.docs_allocated, T.docs_invited, T.docs_present_short, T.docs_speakers_short, T.docs_speaking_time],
        d.attendance.map((x) => [x.xom, x.allocated === null ? "–" : x.allocated, x.invited, x.present, x.speakers, mmss(x.spoken_seconds)])
      )
    );
  }
  const charts = el("div", { class: "charts" });
  const categories = Object.entries(d.by_category).map(([k, n]) => [k || T.docs_no_category, n]);
  charts.append(categories.length ? bars(T.docs_by_category, T.docs_category, categories) : el("p", { class: "muted" }, T.docs_no_opinions));
  const outcomes = OUTCOME_ORDER.filter((k) => d.by_outcome[k]).map((k) => [k === "None" ? T.outcome_none : T[`outcome_${k}`] || k, d.by_outcome[k]]);
  if (outcomes.length) charts.append(bars(T.docs_by_outcome, T.docs_outcome, outcomes));
  parts.push(charts);
  if (d.turns.length) {
    parts.push(
      table(
        T.docs_turns,
        ["#", T.docs_speaker, T.docs_xom, T.docs_started, T.docs_requested, T.docs_spoken, T.docs_overrun],
        d.turns.map((t, i) => [
          i + 1,
          t.official ? `${t.name} (${T.docs_answering})` : t.name,
          t.xom || "–",
          stamp(t.started_at).slice(11),
          mmss(t.requested_seconds),
          mmss(t.spoken_seconds),
          t.overrun_seconds > 0 ? el("td", { class: "over" }, `+${mmss(t.overrun_seconds)}`) : "–",
        ]),
        (i) => (d.turns[i].overrun_seconds > 0 ? "overrun" : null)
      )
    );
  }
  const perXom = {};
  for (const t of d.turns) if (!t.official) perXom[t.xom || T.docs_no_xom] = (perXom[t.xom || T.docs_no_xom] || 0) + t.spoken_seconds;
  if (Object.keys(perXom).length) {
    parts.push(table(T.docs_time_per_xom, [T.docs_xom, T.docs_spoken], Object.entries(perXom).map(([x, s]) => [x, mmss(s)])));
  }
  parts.push(
    table(
      T.docs_stages,
      [T.docs_stage, T.docs_planned, T.docs_actual, T.docs_difference],
      d.stages.map((s) => {
        const diff = s.elapsed_seconds - s.planned_minutes * 60;
        const ran = s.elapsed_seconds > 0;
        return [
          s.title,
          mmss(s.planned_minutes * 60),
          ran ? mmss(s.elapsed_seconds) : "–",
          ran ? el("td", { class: diff > 0 ? "over" : null }, `${diff > 0 ? "+" : diff < 0 ? "−" : ""}${mmss(diff)}`) : "–",
        ];
      }),
      (i) => (d.stages[i].elapsed_seconds > d.stages[i].planned_minutes * 60 ? "overrun" : null)
    )
  );
  $("stats").replaceChildren(...parts);
}

export async function loadStats() {
  const { body } = await get(`/m/${ID}/statistics`);
  if (body.ok) renderStats(body);
  else $("stats").replaceChildren(el("p", { class: "error" }, body.errors.map((e) => e.message).join(" ")));
}
$("stats-reload").addEventListener("click", loadStats);
