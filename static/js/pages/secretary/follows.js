/* The follow-up turn's opinion, picked by its words: a few words typed (with or without diacritics,
 * as core/format.js `fold` compares) list the meeting's opinions that have them all, latest first,
 * with who raised them; ↑ ↓ and Enter (or a click) choose one, which then shows as its summary (✕
 * takes it away). The opinion's id goes in the form's hidden `follows_opinion_id`. A patch changes
 * nothing typed or chosen here: the list is made again only when the words change. */

import { $, el, text } from "../../core/dom.js";
import { fold } from "../../core/format.js";
import { raisedBy } from "../../core/meeting.js";
import { T } from "../../core/page.js";

const SHOWN = 8;
const query = $("reg-follows-q");
const hidden = $("reg-follows");
const list = $("reg-follows-list");
let S = null;
let found = [];
let active = -1;

function names() {
  return new Map(S.speakers.map((s) => [s.id, s.name]));
}

/** The opinions that have every word typed, latest first. */
function search(q) {
  const words = fold(q).split(" ").filter(Boolean);
  if (!words.length || !S) return [];
  const who = names();
  const out = [];
  for (let i = S.opinions.length - 1; i >= 0 && out.length < SHOWN; i--) {
    const o = S.opinions[i];
    const hay = fold(`${o.summary} ${raisedBy(o, who)} ${o.category}`);
    if (words.every((w) => hay.includes(w))) out.push(o);
  }
  return out;
}

function show() {
  const who = S ? names() : new Map();
  list.replaceChildren(
    ...(found.length
      ? found.map((o, i) =>
          el(
            "li",
            {
              role: "option",
              id: `reg-follows-${o.id}`,
              "aria-selected": i === active ? "true" : "false",
              dataset: { id: o.id },
              onmousedown: (e) => (e.preventDefault(), choose(o, true)), // before the field's blur closes the list
            },
            o.summary,
            el("span", { class: "who" }, raisedBy(o, who))
          )
        )
      : [el("li", { class: "muted" }, T.no_results)])
  );
  list.hidden = !query.value.trim();
  query.setAttribute("aria-expanded", list.hidden ? "false" : "true");
  if (active >= 0 && found[active]) query.setAttribute("aria-activedescendant", `reg-follows-${found[active].id}`);
  else query.removeAttribute("aria-activedescendant");
}

function close() {
  list.hidden = true;
  query.setAttribute("aria-expanded", "false");
}

/** Choose opinion `o` (null: none); `focus`: chosen by hand, so the focus goes on (to ✕ after a
 * choice, from which Tab reaches "From the floor" and "Add"; back to the search after ✕). */
export function choose(o, focus = false) {
  hidden.value = o ? String(o.id) : "";
  text($("reg-follows-text"), o ? `↩ ${o.summary}` : "");
  $("reg-follows-chosen").hidden = !o;
  query.hidden = !!o;
  query.value = "";
  found = [];
  active = -1;
  close();
  if (focus) (o ? $("reg-follows-clear") : query).focus();
}

/** Enable or disable the choice (an edit of a registration cannot change it). */
export function setDisabled(disabled) {
  query.disabled = disabled;
  $("reg-follows-clear").disabled = disabled;
}

export function mount(connection) {
  connection.store.subscribe((state) => (S = state));
  query.addEventListener("input", () => {
    found = search(query.value);
    active = found.length ? 0 : -1;
    show();
  });
  query.addEventListener("keydown", (e) => {
    if (list.hidden) return;
    if (e.key === "ArrowDown" || e.key === "ArrowUp") {
      e.preventDefault();
      if (found.length) active = (active + (e.key === "ArrowDown" ? 1 : -1) + found.length) % found.length;
      show();
    } else if (e.key === "Enter" && found[active]) {
      e.preventDefault(); // the choice, not the registration
      choose(found[active], true);
    } else if (e.key === "Escape") {
      e.stopPropagation();
      close();
    }
  });
  query.addEventListener("blur", close);
  $("reg-follows-clear").addEventListener("click", () => choose(null, true));
  // A reset of the form (after adding) empties the choice too.
  query.form.addEventListener("reset", () => setTimeout(() => choose(null)));
}
