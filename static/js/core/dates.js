/* A date field typed as dd/mm/yyyy (a text input: an <input type=date> follows the browser's
 * language, mm/dd/yyyy on an English one). The page reads it as ISO for the server and shows why a
 * value is not a date in a message next to the field. */

import { el } from "./dom.js";
import { date, fill, parseDate } from "./format.js";
import { T } from "./page.js";

/** Show `message` next to the field (a server's refusal of it too), or clear it with "". */
export function say(input, message) {
  let box = input.nextElementSibling;
  if (!box || !box.classList.contains("field-error")) {
    if (!message) return;
    box = el("span", { class: "field-error", id: `${input.form ? input.form.id : "f"}-${input.name}-error`, role: "alert" });
    input.after(box);
    input.setAttribute("aria-describedby", box.id);
  }
  box.textContent = message;
  box.hidden = !message;
  if (message) input.setAttribute("aria-invalid", "true");
  else input.removeAttribute("aria-invalid");
}

/** The field's date as ISO, "" when empty, or null after saying next to the field why not. */
export function read(input) {
  const typed = input.value.trim();
  const iso = parseDate(typed);
  if (iso !== null) say(input, "");
  else if (/^(\d{1,2}[/.-]\d{1,2}[/.-]\d{4}|\d{8}|\d{4}-\d{2}-\d{2})$/.test(typed)) say(input, fill(T.no_such_date, { date: typed }));
  else say(input, T.date_format);
  return iso;
}

/** Show an ISO date (or nothing) in the field. */
export function set(input, iso) {
  input.value = date(iso || "");
  say(input, "");
}

/** Tidy the value when the field is left (25052023 -> 25/05/2023, or say what is wrong) and drop the
 * message as soon as it is edited. */
export function attach(input) {
  input.addEventListener("input", () => say(input, ""));
  input.addEventListener("blur", () => {
    const iso = read(input);
    if (iso) input.value = date(iso);
  });
}
