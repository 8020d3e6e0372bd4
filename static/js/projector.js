/* The hall projector: read-only, readable from 20 m, no controls, no private data.
 *
 * Legibility floors (the product brief: at 20 m a character needs about 8% of the screen height;
 * at 1920x1080): the countdown's digits 270 px tall, the speaker's name 90 px (the height of a
 * digit or capital), everything else a listener needs a 54 px font. Nothing goes below them:
 *  - the name takes a second line before it shrinks, shrinks no further than its floor, and then
 *    takes more lines: it is never cut;
 *  - other text shrinks down to 54 px, then loses whole words from its end and ends with "…", so
 *    a cut is never mid-word and never silent;
 *  - when a speech fills the screen, the less needed lines give way in a fixed order (GIVE_WAY).
 *
 * Two views replace the live one (body[data-mode]): "intro" while the chair shows the introductions
 * (state.showing === "delegates"): the delegates by group, then the chairs and the secretariat, in
 * as many columns as it takes and, beyond one screen, in pages that turn by themselves; and "ended"
 * once the chair has closed the meeting (state.ended_at), which comes first; and "attendance" while
 * the chair shows who came (state.showing === "attendance"): the present and invited in very large
 * digits, the walk-ins, and a table per xóm (counts only, never a name). The banner stays on top
 * and the hall message over everything in all three.
 */
"use strict";

(() => {
  const $ = (id) => document.getElementById(id);
  const T = window.STRINGS;
  let S = null;

  // The floors, as fractions of the screen's height (1080 px).
  const NAME_GLYPH = 90 / 1080;
  const DIGIT_GLYPH = 270 / 1080;
  const TEXT_FONT = 54 / 1080;
  // The most lines each block takes when there is room.
  const LINES = { stage: 2, detail: 4, focusQ: 2, focusA: 2 };
  // When a speech fills the screen, in this order: the banner (the backdrop carries it), then
  // lines of the topic, the stage and the opinion answered, then the countdown down to its floor,
  // then who answers on one line, then the last lines at the 54 px floor, and last, whole blocks.
  // The name, the countdown's floor and who answers never give way.
  const GIVE_WAY = [
    ["banner", 0],
    ["detail", 3],
    ["detail", 2],
    ["stage", 1],
    ["focusQ", 1],
    ["detail", 1],
    ["countdown", 0],
    ["focusA", 1],
    ["focusQ", 1, "floor"],
    ["detail", 1, "floor"],
    ["stage", 1, "floor"],
    ["stage", 0],
    ["detail", 0],
    ["focusQ", 0],
  ];
  // Between speakers (the banner, the stage, an opinion still answered, who is next): the banner's
  // first and last lines, then lines of the stage and the opinion, then the rest of the banner.
  const GIVE_WAY_IDLE = [
    ["banner", 1],
    ["stage", 1],
    ["focusQ", 1],
    ["banner", 0],
    ["focusQ", 1, "floor"],
    ["stage", 1, "floor"],
  ];

  const css = (node, prop) => parseFloat(getComputedStyle(node)[prop]);
  const textFloor = () => Math.ceil(window.innerHeight * TEXT_FONT);

  /** The font size (px) at which a digit of `node`'s font is `glyph` of the screen's height tall. */
  function glyphFloor(node, glyph) {
    const cs = getComputedStyle(node);
    const ctx = glyphFloor.ctx || (glyphFloor.ctx = document.createElement("canvas").getContext("2d"));
    ctx.font = `${cs.fontWeight} 100px ${cs.fontFamily}`;
    const m = ctx.measureText("0");
    const ratio = (m.actualBoundingBoxAscent + m.actualBoundingBoxDescent) / 100;
    return Math.ceil((window.innerHeight * glyph) / ratio) + 1;
  }

  /** How many lines the text of `node` takes (every block is as tall as its text). */
  const lines = (node) => Math.round(node.getBoundingClientRect().height / css(node, "lineHeight"));
  const tooWide = (node) => node.scrollWidth > node.clientWidth + 1;

  /** Shrink the font of `node` from its present size, by steps, while `bad()` and above `floor` px. */
  function shrink(node, floor, bad) {
    let size = css(node, "fontSize");
    while (size > floor && bad()) {
      size = Math.max(floor, size * 0.93);
      node.style.fontSize = `${size}px`;
    }
  }

  /** The first `n` words and "…", with no separator left dangling before it. */
  function cut(words, n) {
    const kept = words.slice(0, n);
    while (kept.length && !/[\p{L}\p{N}]/u.test(kept[kept.length - 1])) kept.pop();
    return kept.join(" ").replace(/[\s,;:.·\-–—]+$/u, "") + "…";
  }

  /** Show `text` in at most `maxLines` lines at no less than `floor` px: a smaller font first (from
   * `start` px, or the CSS size), then whole words cut from the end, and "…" so that the cut shows.
   * 0 lines (or no text) hides it. */
  function clamp(node, text, maxLines, floor, start = null) {
    node.textContent = text;
    node.style.fontSize = start ? `${start}px` : "";
    node.classList.toggle("gone", !text || maxLines === 0);
    if (!text || maxLines === 0) return;
    const fits = () => lines(node) <= maxLines && !tooWide(node);
    shrink(node, floor, () => !fits());
    if (fits()) return;
    const words = text.split(" ");
    let lo = 0;
    let hi = words.length - 1;
    while (lo < hi) {
      const mid = Math.ceil((lo + hi) / 2);
      node.textContent = cut(words, mid);
      if (fits()) lo = mid;
      else hi = mid - 1;
    }
    node.textContent = cut(words, lo);
  }

  /** The speaker's name: one line, else two at full size; then smaller on two lines down to its
   * floor; then the same in a narrower face (where the system has one); then as many lines as it
   * takes at the floor. Never cut. At 1920 px wide an 80-character name needs about 3 lines at the
   * floor in any common face (5,500 px of bold text at 90 px digits; 4,600 px condensed). */
  function fitName(node, text) {
    node.textContent = text;
    node.classList.toggle("gone", !text);
    if (!text) return;
    const tooLong = () => lines(node) > 2 || tooWide(node);
    const fitIn = (narrow) => {
      node.classList.toggle("narrow", narrow);
      node.style.fontSize = "";
      shrink(node, glyphFloor(node, NAME_GLYPH), tooLong);
    };
    fitIn(false);
    if (!tooLong()) return;
    const wide = lines(node);
    fitIn(true);
    // Where the narrower face saves no line, the usual one reads better.
    if (lines(node) >= wide) fitIn(false);
  }

  /** Shrink an element's font until its text fits its box (never above its CSS size): the banner and
   * the hall message. Height counts only against a CSS max-height: Vietnamese stacked diacritics
   * (ễ, ỗ) overflow the line box a little. */
  function fit(node, floor = 0) {
    node.style.fontSize = "";
    const max = css(node, "fontSize");
    const maxHeight = css(node, "maxHeight");
    const overflows = () =>
      node.scrollWidth > node.clientWidth + 1 || (maxHeight > 0 && node.scrollHeight > maxHeight + 1);
    shrink(node, Math.max(floor, max * 0.4), overflows);
  }

  /** How far the last block (the countdown's row) reaches below the screen, in px. */
  function overflow() {
    const limit = window.innerHeight - css(document.body, "paddingBottom");
    return $("p-row").getBoundingClientRect().bottom - limit;
  }

  // The full texts of the blocks that may be cut (render sets them, layout shows what fits).
  const full = { name: "", stage: "", detail: "", focusQ: "", focusA: "" };
  const NODES = { stage: "p-stage", detail: "p-detail", focusQ: "p-focus-q", focusA: "p-focus-a" };

  /** Fit every block to the screen, from the full texts. */
  function layout() {
    if (!S) return;
    const floor = textFloor();
    const mode = document.body.dataset.mode;
    $("p-banner").classList.remove("gone", "short");
    document.querySelectorAll(".p-banner-line").forEach((n) => fit(n));
    if (mode === "qr") {
      // the QR code and its address: laid out by CSS alone (projector.css)
      fit($("p-message-text"), floor);
      return;
    }
    if (mode === "intro" || mode === "ended" || mode === "attendance") {
      if (mode === "intro") layoutIntro();
      else if (mode === "attendance") layoutAttendance();
      else layoutEnded();
      fit($("p-message-text"), floor);
      return;
    }
    const speaking = mode === "speaker";
    const countdown = $("p-countdown");
    countdown.style.fontSize = "";
    fitName($("p-name"), speaking ? full.name : "");
    const show = (key, maxLines, size) =>
      clamp($(NODES[key]), full[key], maxLines, floor, size === "floor" ? floor : null);
    for (const key of Object.keys(NODES)) show(key, LINES[key]);
    fitSide();
    for (const [key, maxLines, size] of speaking ? GIVE_WAY : GIVE_WAY_IDLE) {
      if (overflow() <= 0.5) break;
      if (key === "banner") $("p-banner").classList.add(maxLines ? "short" : "gone");
      else if (key === "countdown") {
        countdown.style.fontSize = `${glyphFloor(countdown, DIGIT_GLYPH)}px`;
        trimSide();
      } else show(key, maxLines, size);
    }
    fit($("p-message-text"), floor);
  }

  /** Beside the countdown (whose width changes with its digits): the timer's state and who is next,
   * one line each. */
  function fitSide() {
    const floor = textFloor();
    const state = $("p-timer-state");
    clamp(state, state.dataset.text || "", 2, floor);
    state.hidden = !state.dataset.text;
    // The next names at one size, the smallest any of them needs; cut where even that is not enough.
    const items = [...document.querySelectorAll("#p-next li")];
    items.forEach((li) => clamp(li, li.dataset.name, 1, floor));
    const size = Math.min(...items.map((li) => css(li, "fontSize")));
    if (items.length > 1) items.forEach((li) => clamp(li, li.dataset.name, 1, floor, size));
    trimSide();
  }

  /** During a speech the side is no taller than the countdown: the last of the next names give way
   * (the first stays). */
  function trimSide() {
    if (document.body.dataset.mode !== "speaker") return;
    const items = [...document.querySelectorAll("#p-next li")];
    items.forEach((li) => li.classList.remove("gone"));
    const height = $("p-countdown").getBoundingClientRect().height;
    const side = document.querySelector(".p-side");
    while (items.length > 1 && side.getBoundingClientRect().height > height + 1) {
      items.pop().classList.add("gone");
    }
  }

  // ---------------------------------------------------------------- the introductions

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
  function layoutIntro() {
    const box = $("p-intro");
    const sections = introSections(S);
    const key = JSON.stringify([sections, window.innerWidth, window.innerHeight, S.banner, S.is_demo]);
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
      introPages > 1 ? T.page_of.replace("{n}", introPage + 1).replace("{total}", introPages) : "";
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
  function stopPaging() {
    clearTimeout(pageTimer);
    pageTimer = null;
    introPage = 0;
    introKey = null;
  }

  // ---------------------------------------------------------------- the attendance

  // The per-xóm table's sizes (vh) tried: 70 px, 63 px, then the 54 px floor; and the total's, from
  // about 280 px down to about 195 px (its digits about 205 px down to 140 px tall).
  const ATT_ROW_SIZES = [6.5, 5.8, 5];
  const ATT_TOTAL_SIZES = [26, 22, 18];
  const ATT_MAX_COLUMNS = 3;

  /** The counts: the totals, and the rows of the table (xóm, present, invited, allocated). */
  function renderAttendance(state) {
    const att = state.attendance || { invited: 0, present: 0, walk_ins: 0, per_xom: [] };
    $("p-att-count").textContent = att.invited ? `${att.present}/${att.invited}` : String(att.present);
    $("p-att-label").textContent = att.invited ? $("p-att-label").dataset.full : T.door_present;
    $("p-att-walk-ins").textContent = att.walk_ins ? T.att_walk_ins_long.replace("{n}", att.walk_ins) : "";
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
  function layoutAttendance() {
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
  function layoutEnded() {
    const limit = window.innerHeight - css(document.body, "paddingBottom");
    const over = () => $("p-ended").getBoundingClientRect().bottom > limit + 0.5;
    if (over()) $("p-banner").classList.add("short");
    document.querySelectorAll(".p-banner-line").forEach((n) => fit(n));
  }

  function render(state) {
    S = state;
    const sp = currentSpeaker(state);
    // A closed meeting comes first; the introductions stand in for the live view while shown.
    const shows = { delegates: "intro", attendance: "attendance" };
    shows.qr = "qr"; // the QR code of the phone page
    const view = state.ended_at ? "ended" : shows[state.showing] || "";
    document.body.dataset.mode = view || (sp ? "speaker" : "idle");
    if (view !== "intro") stopPaging();
    renderAttendance(state);
    $("p-ended-at").textContent = state.ended_at
      ? T.closed_at.replace("{time}", Fmt.moment(state.ended_at, state.starts_at))
      : "";
    $("p-banner").replaceChildren(...state.banner.map((line) => el("div", { class: "p-banner-line" }, line)));
    const cur = currentStage(state);
    full.stage = cur ? `${cur.index + 1}. ${cur.stage.title}` : "";
    full.name = sp ? sp.name : "";
    full.detail = sp ? [sp.xom, sp.topic].filter(Boolean).join(" · ") : "";
    const focus = state.focus;
    $("p-focus").hidden = !focus;
    document.body.dataset.focus = focus ? "1" : "";
    full.focusQ = focus ? `${T.opinion_of} ${focus.citizen}: ${focus.summary}` : "";
    full.focusA = focus ? `${T.answering}: ${focus.answerer}` : "";
    const next = queueOf(state).slice(0, 3);
    // Names only: at a size readable from the back, a name and its xóm rarely fit one line.
    $("p-next").replaceChildren(...next.map((s) => el("li", { dataset: { name: s.name } }, s.name)));
    // Before the meeting opens the banner stands alone.
    const showNext = next.length > 0 && state.stage_id !== null;
    document.querySelector(".p-next").hidden = !showNext;
    document.body.dataset.next = showNext ? "1" : "";
    $("p-message-text").textContent = state.message;
    $("p-message").hidden = !state.message;
    $("p-demo").hidden = !state.is_demo;
    shape = null;
    tick();
  }

  // The end of the speaking time flashes once, when the countdown crosses zero while it runs; not
  // with reduced motion, where the countdown's turning red says it.
  const reducedMotion = window.matchMedia("(prefers-reduced-motion: reduce)");
  const flashNode = $("p-flash");
  flashNode.textContent = T.time_up;
  flashNode.addEventListener("animationend", () => flashNode.classList.remove("flash"));
  function flash() {
    if (reducedMotion.matches || document.body.dataset.mode !== "speaker") return;
    if (flashNode.classList.contains("flash")) {
      flashNode.classList.remove("flash");
      void flashNode.offsetWidth; // restart the animation that is still running
    }
    flashNode.classList.add("flash");
  }

  /** The timer's phase for the hall (the public snapshot carries the turn's started_at). */
  function phaseOf(state) {
    return Timer.phase(state);
  }

  // The word beside the countdown, by phase (or, while it runs, by level); none while running.
  const STATE_WORDS = { ready: "ready", paused: "paused", warning: "time_short", overtime: "overtime" };

  let last = null; // the previous tick: speaker, seconds left, running
  let shape = null; // what the layout depends on in a tick: the countdown's length and the state word

  function tick() {
    if (!S) return;
    Cue.watch(S, Live.now(), S.settings.chime); // the chime is a meeting setting, off by default
    const countdown = $("p-countdown");
    const label = $("p-timer-state");
    const sp = currentSpeaker(S);
    if (!sp) {
      countdown.textContent = "";
      countdown.dataset.phase = "none";
      label.dataset.state = "none";
      label.dataset.text = "";
      last = null;
    } else {
      const left = Timer.remaining(S.timer, Live.now());
      const phase = phaseOf(S);
      const level = Timer.level(S, left);
      // Count down to 0:00, then count up in overtime, in red.
      countdown.textContent = Fmt.countdown(left);
      countdown.dataset.level = level;
      countdown.dataset.phase = phase;
      const running = phase === "running";
      if (running && last && last.id === sp.id && last.running && last.left >= 0 && left < 0) flash();
      last = { id: sp.id, left, running };
      // A word beside the digits, so that no state is told by colour alone.
      const word = running ? level : phase;
      label.dataset.state = word;
      label.dataset.text = STATE_WORDS[word] ? T[STATE_WORDS[word]] : "";
    }
    const now = `${countdown.textContent.length}|${label.dataset.state}`;
    if (now !== shape) {
      shape = now;
      layout();
    }
  }

  // "Which screen is this?": the chair or a secretary asks; every projector shows its address.
  Live.on("identify", ({ seconds }) => {
    const box = $("p-identify");
    box.textContent = `${T.this_projector} ${location.host}`;
    box.hidden = false;
    clearTimeout(box.timer);
    box.timer = setTimeout(() => (box.hidden = true), (seconds || 5) * 1000);
  });

  // Keep the screen awake: NoSleep uses the Wake Lock API where the browser allows it and a
  // muted looping video elsewhere (a LAN address over plain http). Some browsers start the video
  // only after a user gesture, so the first click (which also goes full screen) enables it again.
  const noSleep = new NoSleep();
  const stayAwake = () => noSleep.enable().catch(() => {});
  stayAwake();
  document.addEventListener("click", () => {
    stayAwake();
    document.documentElement.requestFullscreen?.().catch(() => {});
  });
  window.addEventListener("resize", layout);

  setInterval(tick, 200);
  Live.start({
    meetingId: window.MEETING_ID,
    role: "public",
    screen: "projector",
    onState: render,
    onJoinError: (ack) => {
      $("p-stage").textContent = ack.errors.map((e) => e.message).join(" ");
    },
  });
})();
