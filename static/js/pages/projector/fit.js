/* Fitting text to the hall's screen without going below the legibility floors (the product brief:
 * at 20 m a character needs about 8% of the screen height; at 1920x1080): the countdown's digits
 * 270 px tall, a speaker's name 90 px (the height of a digit or capital), everything else 54 px.
 *  - a name takes a second line before it shrinks, shrinks no further than its floor, and then takes
 *    more lines: it is never cut;
 *  - other text shrinks down to 54 px, then loses whole words from its end and ends with "…", so a
 *    cut is never mid-word and never silent.
 */

// The floors, as fractions of the screen's height (1080 px).
export const NAME_GLYPH = 90 / 1080;
export const DIGIT_GLYPH = 270 / 1080;
export const TEXT_FONT = 54 / 1080;

export const css = (node, prop) => parseFloat(getComputedStyle(node)[prop]);
export const textFloor = () => Math.ceil(window.innerHeight * TEXT_FONT);

/** The font size (px) at which a digit of `node`'s font is `glyph` of the screen's height tall. */
export function glyphFloor(node, glyph) {
  const cs = getComputedStyle(node);
  const ctx = glyphFloor.ctx || (glyphFloor.ctx = document.createElement("canvas").getContext("2d"));
  ctx.font = `${cs.fontWeight} 100px ${cs.fontFamily}`;
  const m = ctx.measureText("0");
  const ratio = (m.actualBoundingBoxAscent + m.actualBoundingBoxDescent) / 100;
  return Math.ceil((window.innerHeight * glyph) / ratio) + 1;
}

/** How many lines the text of `node` takes (every block is as tall as its text). */
export const lines = (node) => Math.round(node.getBoundingClientRect().height / css(node, "lineHeight"));
export const tooWide = (node) => node.scrollWidth > node.clientWidth + 1;

/** Shrink the font of `node` from its present size, by steps, while `bad()` and above `floor` px. */
export function shrink(node, floor, bad) {
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
export function clamp(node, text, maxLines, floor, start = null) {
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
export function fitName(node, text) {
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
export function fit(node, floor = 0) {
  node.style.fontSize = "";
  const max = css(node, "fontSize");
  const maxHeight = css(node, "maxHeight");
  const overflows = () =>
    node.scrollWidth > node.clientWidth + 1 || (maxHeight > 0 && node.scrollHeight > maxHeight + 1);
  shrink(node, Math.max(floor, max * 0.4), overflows);
}
