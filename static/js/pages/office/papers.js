/* The papers the office prints (A4, paper.css): the agenda, the registration-to-speak form (two a
 * page), and the attendance sheet per xóm, each put in #paper (the only thing printed) before the
 * print dialog opens. */

import { $, el, toast } from "../../core/dom.js";
import { clean, fill } from "../../core/format.js";
import { T } from "../../core/page.js";
import { minutesText } from "./agenda.js";
import { collator, root, shown, sortedCitizens, xomKey, xomText } from "./people.js";


/** "YYYY-MM-DDTHH:MM" -> {y, m, d, hh, mm, weekday (0 = Sunday)}, or null. */
function dateParts(iso) {
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2}))?/.exec(iso || "");
  if (!m) return null;
  const [y, mo, d] = m.slice(1, 4).map(Number);
  return { y, m: mo, d, hh: Number(m[4] || 0), mm: Number(m[5] || 0), weekday: new Date(Date.UTC(y, mo - 1, d)).getUTCDay() };
}

const clock = (minutes) => {
  const t = ((minutes % 1440) + 1440) % 1440;
  return `${String(Math.floor(t / 60)).padStart(2, "0")}:${String(t % 60).padStart(2, "0")}`;
};

/** "Thứ Năm, ngày 25 tháng 5 năm 2023, 08:00". */
function longDate(iso) {
  const p = dateParts(iso);
  if (!p) return "";
  const weekday = T.people_weekdays.split("|")[p.weekday];
  return fill(T.people_date_long, { weekday, day: p.d, month: p.m, year: p.y, time: clock(p.hh * 60 + p.mm) });
}

/** The national title and motto, as every paper of the administration starts. */
function motto() {
  return el("div", { class: "motto" }, el("p", { class: "nation" }, T.paper_nation), el("p", { class: "motto-line" }, T.paper_motto));
}

function peopleList(title, people) {
  if (!people || !people.length) return null;
  return el(
    "div",
    { class: "paper-people" },
    el("p", { class: "label" }, title),
    el("ul", {}, people.map((p) => el("li", {}, p.title ? `${p.name} – ${p.title}` : p.name)))
  );
}

function agendaPaper() {
  const s = shown.state;
  const start = dateParts(s.starts_at);
  let at = start ? start.hh * 60 + start.mm : null;
  const total = s.stages.reduce((sum, st) => sum + st.planned_minutes, 0);
  return [
    el(
      "header",
      { class: "paper-head" },
      el("div", { class: "issuer" }, s.organiser ? el("p", {}, s.organiser) : null),
      motto()
    ),
    (s.banner || []).length ? el("div", { class: "banner" }, s.banner.map((line) => el("p", {}, line))) : null,
    el("h1", {}, T.paper_agenda),
    el("p", { class: "meeting-title" }, s.title),
    el(
      "div",
      { class: "particulars" },
      el("p", {}, el("b", {}, `${T.paper_when}: `), longDate(s.starts_at)),
      s.place ? el("p", {}, el("b", {}, `${T.paper_where}: `), s.place) : null
    ),
    el(
      "table",
      { class: "agenda-table" },
      el(
        "thead",
        {},
        el("tr", {}, el("th", { class: "num" }, T.paper_no), el("th", {}, T.paper_item), el("th", { class: "mins" }, T.paper_minutes), el("th", { class: "clock" }, T.paper_clock))
      ),
      el(
        "tbody",
        {},
        s.stages.map((st, i) => {
          const from = at;
          if (at !== null) at += st.planned_minutes;
          return el(
            "tr",
            {},
            el("td", { class: "num" }, `${i + 1}`),
            el("td", {}, st.title),
            el("td", { class: "mins" }, `${st.planned_minutes}`),
            el("td", { class: "clock" }, from === null ? "" : `${clock(from)} – ${clock(from + st.planned_minutes)}`)
          );
        })
      ),
      el("tfoot", {}, el("tr", {}, el("td", { colspan: 4 }, fill(T.total_planned, { time: minutesText(total) }))))
    ),
    peopleList(T.paper_chairs, s.chairs),
    peopleList(T.paper_secretaries, s.secretaries),
  ];
}

function dotted(label, extraLines) {
  return [
    el("p", { class: "field" }, el("span", { class: "label" }, label), el("span", { class: "dots" })),
    ...Array.from({ length: extraLines || 0 }, () => el("p", { class: "field" }, el("span", { class: "dots" }))),
  ];
}

function registrationForm() {
  return el(
    "div",
    { class: "reg-sheet" },
    motto(),
    el("h2", {}, T.paper_registration),
    el("p", { class: "meeting-title" }, shown.state.title),
    ...dotted(T.paper_reg_name),
    ...dotted(T.paper_reg_xom),
    ...dotted(T.paper_reg_phone),
    ...dotted(T.paper_reg_opinion, 3),
    ...dotted(T.paper_reg_minutes),
    el("div", { class: "signature" }, el("p", { class: "label" }, T.paper_reg_signer), el("p", { class: "sign-hint" }, T.paper_reg_sign_hint))
  );
}

function registrationPaper() {
  return [el("div", { class: "paper-page reg-page" }, registrationForm(), el("hr", { class: "cut" }), registrationForm())];
}

/** The invited citizens by xóm: the allocation's order first, then any other xóm in Vietnamese
 * order; each list in Vietnamese order by name. */
function byXom() {
  const groups = new Map();
  for (const a of shown.state.allocation || []) groups.set(xomKey(a.xom), { xom: a.xom, people: [] });
  const rest = new Map();
  for (const c of sortedCitizens(shown.state.citizens || [])) {
    const key = xomKey(c.xom);
    const group = groups.get(key) || rest.get(key) || rest.set(key, { xom: clean(c.xom), people: [] }).get(key);
    group.people.push(c);
  }
  const others = [...rest.values()].sort((a, b) => collator.compare(a.xom, b.xom));
  return [...groups.values(), ...others].filter((g) => g.people.length);
}

/** One section a xóm. Its heading (the xóm, the number invited, the date) is the first row of the
 * table's head, which the browser repeats at the top of every page the list runs onto, with the
 * column names (paper.css keeps rows whole and never leaves a list's first or last row alone). */
function attendancePaper() {
  const state = shown.state;
  return byXom().map((g) =>
    el(
      "section",
      { class: "paper-page attendance", dataset: { xom: g.xom } },
      el("p", { class: "meeting-title" }, state.title),
      el("h2", {}, T.paper_attendance),
      el(
        "table",
        { class: "attendance-table" },
        el(
          "thead",
          {},
          el(
            "tr",
            { class: "xom-head" },
            el(
              "th",
              { class: "particulars", colspan: 4 },
              el("b", {}, xomText(g.xom)),
              " · ",
              fill(T.paper_invited, { n: g.people.length }),
              state.starts_at ? ` · ${longDate(state.starts_at)}` : ""
            )
          ),
          el(
            "tr",
            { class: "columns" },
            el("th", { class: "num" }, T.paper_no),
            el("th", { class: "who" }, T.paper_name),
            el("th", { class: "remark" }, T.paper_note),
            el("th", { class: "sign" }, T.paper_sign)
          )
        ),
        el(
          "tbody",
          {},
          g.people.map((c, i) => el("tr", {}, el("td", { class: "num" }, `${i + 1}`), el("td", { class: "who" }, c.name), el("td", { class: "remark" }), el("td", { class: "sign" })))
        )
      )
    )
  );
}

const PAPERS = { agenda: agendaPaper, registration: registrationPaper, attendance: attendancePaper };

/** Put the chosen paper in #paper (paper.css shows only it in print) and open the print dialog. */
function print(kind) {
  if (!shown.state) return;
  if (kind === "attendance" && !(shown.state.citizens || []).length) return toast({ ok: false, errors: [{ message: T.people_no_citizens }] });
  const old = $("paper");
  if (old) old.remove();
  const paper = el("section", { id: "paper", class: `paper paper-${kind}`, dataset: { paper: kind }, lang: document.documentElement.lang || "vi" }, PAPERS[kind]());
  document.body.append(paper);
  window.print();
}

for (const button of root.querySelectorAll("button[data-print]")) button.addEventListener("click", () => print(button.dataset.print));

