/* A text area as tall as its text (the office's agenda titles, the minutes' paragraphs): added by
 * the office and documents pages (static/js/pages/office, pages/documents). */

/** Fit the area's height to its text, borders included. */
export function fitHeight(area) {
  area.style.height = "auto";
  area.style.height = `${area.scrollHeight + area.offsetHeight - area.clientHeight}px`;
}
