/* The introductions (state.showing === "delegates"): the delegates by group, then the chairs and the
 * secretariat, in as many columns as it takes and, beyond one screen, in pages that turn by
 * themselves. */

import { $, el } from "../../core/dom.js";
import { fill } from "../../core/format.js";
import { T } from "../../core/page.js";


// Seconds a page of the introductions stays up (window.INTRO_PAGE_SECONDS, read at each turn,
// lets a test turn the pages faster).
const PAGE_SECONDS = 12;
const MAX_COLUMNS = 3;
// The names' sizes (vh) tried before one more page: 70 px, 63 px, then the 54 px floor.
const NAME_SIZES = [6.5, 5.8, 5];
let introKey = null; // what the pages were laid out from: unchanged, they are kept as they are
let introPage = 0;
let introPages = 1;
let pageTimer = null;

/** Who is introduced, in sections: the delegates by group in table order (those marked present,
 * or all while nobody is), then the chairs and the secretariat. */
function introSections(state) {
  const present = state.delegates.filter((d) => d.present);
  const groups = new Map();
  for (const d of present.length ? present : state.delegates) {
    const group = (d.group || "").trim() || T.intro_delegates;
    if (!groups.has(group)) groups.set(group, []);
    groups.get(group).push({ name: d.name, role: [d.title, d.unit].filter(Boolean).join(" · ") });
  }
  const sections = [...groups].map(([head, people]) => ({ head, people }));
  const others = [
    [T.intro_chairs, state.chairs],
    [T.intro_secretaries, state.secretaries],
  ];
  for (const [head, people] of others) {
    if (people && people.length) sections.push({ head, people: people.map((p) => ({ name: p.name, role: p.title || "" })) });
  }
  return sections;
}

const groupNode = (text) => el("div", { class: "p-group" }, text);
const personNode = (p) =>
  el("div", { class: "p-person" }, el("div", { class: "p-person-name" }, p.name), p.role ? el("div", { class: "p-person-role" }, p.role) : null);

/** Lay the sections out in pages of `n` columns no taller than `limit` px, in the intro's box:
 * each column filled before the next, a group's heading never left alone at a column's foot, and
 * repeated at the top of a page its group goes on to. Returns the number of pages. */
function flow(sections, n, limit) {
  const box = $("p-intro");
  box.replaceChildren();
  let cols = [];
  let col = 0;
  let pages = 0;
  const newPage = () => {
    cols = Array.from({ length: n }, () => el("div", { class: "p-col" }));
    box.append(el("div", { class: "p-page" }, cols));
    col = 0;
    pages += 1;
  };
  const fits = () => cols[col].getBoundingClientRect().height <= limit + 0.5;
  /** The next column, or a new page (true). */
  const advance = () => {
    if (col + 1 < n) {
      col += 1;
      return false;
    }
    newPage();
    return true;
  };
  newPage();
  for (const section of sections) {
    const head = groupNode(section.head);
    cols[col].append(head);
    if (!fits() && cols[col].childElementCount > 1) {
      head.remove();
      advance();
      cols[col].append(head);
    }
    for (const person of section.people) {
      const node = personNode(person);
      // The first person of a column stays there whatever its height: no other column does better.
      const first = !cols[col].querySelector(".p-person");
      cols[col].append(node);
      if (first || fits()) continue;
      node.remove();
      const last = cols[col].lastElementChild;
      const orphan = last && last.classList.contains("p-group") ? last : null;
      if (orphan) orphan.remove();
      const turned = advance();
      if (orphan) cols[col].append(orphan);
      else if (turned) cols[col].append(groupNode(section.head));
      cols[col].append(node);
    }
  }
  return pages;
}

/** The fewest pages; then the largest names; then the fewest columns; on one page, columns as
 * even as they go. */
export function layoutIntro(state) {
  const box = $("p-intro");
  const sections = introSections(state);
  const key = JSON.stringify([sections, window.innerWidth, window.innerHeight, state.banner, state.is_demo]);
  if (key !== introKey) {
    introKey = key;
    const limit = box.clientHeight;
    let best = null;
    search: for (const size of NAME_SIZES) {
      box.style.setProperty("--name", `${size}vh`);
      for (let n = 1; n <= MAX_COLUMNS; n++) {
        const pages = flow(sections, n, limit);
        if (!best || pages < best.pages) best = { n, pages, size };
        if (pages === 1) break search;
      }
    }
    box.style.setProperty("--name", `${best.size}vh`);
    let height = limit;
    if (best.pages === 1 && best.n > 1) {
      // The shortest columns that still hold everything on one page.
      let lo = limit / best.n;
      let hi = limit;
      while (hi - lo > 4) {
        const mid = (lo + hi) / 2;
        if (flow(sections, best.n, mid) === 1) hi = mid;
        else lo = mid;
      }
      height = hi;
    }
    introPages = flow(sections, best.n, height);
    box.dataset.columns = best.n;
    if (introPage >= introPages) introPage = 0;
  }
  showPage();
  if (introPages > 1 && !pageTimer) schedulePage();
  if (introPages <= 1) {
    clearTimeout(pageTimer);
    pageTimer = null;
  }
}

function showPage() {
  [...$("p-intro").children].forEach((page, i) => page.classList.toggle("gone", i !== introPage));
  const indicator = $("p-intro-page");
  indicator.textContent =
    introPages > 1 ? fill(T.page_of, { n: introPage + 1, total: introPages }) : "";
  indicator.classList.toggle("gone", introPages <= 1);
}

/** The next page after a while, round and round: a plain change of page, no scrolling. */
function schedulePage() {
  clearTimeout(pageTimer);
  pageTimer = setTimeout(() => {
    introPage = (introPage + 1) % introPages;
    showPage();
    schedulePage();
  }, (Number(window.INTRO_PAGE_SECONDS) || PAGE_SECONDS) * 1000);
}

/** Out of the introductions: no more page turns, and the first page next time. */
export function stopPaging() {
  clearTimeout(pageTimer);
  pageTimer = null;
  introPage = 0;
  introKey = null;
}
