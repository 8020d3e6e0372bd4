/* A text field's limit, said as it is typed: no `maxlength`, which would cut a pasted text without a
 * word. Each field with `data-limit` (the server's limit, server/domain/fields.py LIMITS) gets a
 * counter under it once the text nears the limit, and past it a message in red (and aria-invalid);
 * the server refuses a text over its limit, so nothing is cut or lost. Counted as the server counts:
 * NFC, white space folded, trimmed (multi-line fields keep their line breaks). */

import { el, text } from "../../core/dom.js";
import { fill } from "../../core/format.js";
import { T } from "../../core/page.js";

const NEAR = 0.8; // the counter shows from 80 % of the limit
const notes = new WeakMap(); // field -> its counter

/** The length of `value` as the server will count it. */
export function length(value, multiline = false) {
  const v = String(value || "").normalize("NFC");
  const cleaned = multiline
    ? v.split(/\r\n|\r|\n/).map((line) => line.replace(/[^\S\n]+/g, " ").trim()).join("\n").replace(/\n{3,}/g, "\n\n").trim()
    : v.replace(/\s+/g, " ").trim();
  return [...cleaned].length;
}

/** Show how long `input` is against its limit. */
export function check(input) {
  const max = Number(input.dataset.limit);
  const note = notes.get(input);
  if (!max || !note) return;
  const n = length(input.value, input.tagName === "TEXTAREA");
  const over = n > max;
  note.hidden = n < max * NEAR;
  note.dataset.over = over ? "1" : "";
  text(note, over ? fill(T.sec_too_long, { n, max, extra: n - max }) : `${n}/${max}`);
  if (over) input.setAttribute("aria-invalid", "true");
  else if (input.getAttribute("aria-invalid") === "true" && input.dataset.limitInvalid) input.removeAttribute("aria-invalid");
  input.dataset.limitInvalid = over ? "1" : "";
}

/** Attach a counter to every `[data-limit]` field inside `root`. */
export function attach(root) {
  for (const input of root.querySelectorAll("[data-limit]")) {
    const note = el("span", { class: "limit", role: "status", hidden: true });
    notes.set(input, note);
    input.insertAdjacentElement("afterend", note);
    input.addEventListener("input", () => check(input));
    // A form reset empties the fields without an input event.
    input.form?.addEventListener("reset", () => setTimeout(() => check(input)));
  }
}

/** Check every field again (after a script filled them). */
export function recheck(root) {
  for (const input of root.querySelectorAll("[data-limit]")) check(input);
}
