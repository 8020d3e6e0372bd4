/* What the people's parts of the editor share (templates/_office_people.html: delegates.js,
 * citizens.js, imports.js, papers.js): the meeting they show, the command helper, and the xóm and
 * name orders. The meeting is followed (session.js): no part reads it again after its commands, the
 * patch of each (this screen's or another office screen's) redraws the rows it changed. */

import { $, el, toast } from "../../core/dom.js";
import { say } from "../../core/dates.js";
import { clean, fill } from "../../core/format.js";
import { T } from "../../core/page.js";
import { live, onMeeting } from "./session.js";

export const root = $("people");
export const collator = new Intl.Collator("vi"); // ICU's Vietnamese order: a < ă < â, d < đ, o < ô < ơ …

/** The meeting shown: {id, state, readOnly} (state: the secretary's snapshot, with the citizens'
 * private fields). */
export const shown = { id: null, state: null, readOnly: false };
onMeeting((state, change, { meetingId, readOnly }) => {
  shown.id = meetingId;
  shown.state = state;
  shown.readOnly = readOnly;
});

const busy = new Set(); // commands under way, by what they are about (no double Enter)

/** Each error of a refusal next to the field of `scope` it names, the others in the toast.
 * Returns whether any was shown next to a field. */
export function showRefusal(ack, scope) {
  const rest = [];
  let first = null;
  for (const error of ack.errors) {
    const name = String(error.field || "").split(".")[0];
    const input = scope && name ? scope.querySelector(`[name="${name}"]`) : null;
    if (input && input.type !== "checkbox") {
      say(input, error.message);
      first = first || input;
    } else rest.push(error);
  }
  if (rest.length) toast({ ok: false, errors: rest });
  if (first) first.focus();
  return first !== null;
}

/** Send a command about the meeting shown (once at a time per `key`); a refusal is shown next to
 * the field of `scope` it names, that row kept as typed for a correction. */
export async function send(name, payload, successText, scope, key) {
  if (shown.readOnly || shown.id === null) return { ok: false, errors: [] };
  if (key && busy.has(key)) return { ok: false, errors: [] };
  if (key) busy.add(key);
  try {
    const ack = await live.send(name, payload, { meetingId: shown.id });
    if (ack.ok) toast(ack, successText);
    else showRefusal(ack, scope);
    return ack;
  } finally {
    if (key) busy.delete(key);
  }
}

/** Whether a command about `key` is under way. */
export const isBusy = (key) => busy.has(key);
export const setBusy = (key, on) => (on ? busy.add(key) : busy.delete(key));

/** Enter saves, Esc puts back: wired on the fields of a row. */
export function onKeys(input, save, undo) {
  input.addEventListener("keydown", (e) => {
    if (e.isComposing) return;
    if (e.key === "Enter") {
      e.preventDefault();
      save();
    } else if (e.key === "Escape" && undo) {
      e.preventDefault();
      undo();
    }
  });
}

/** A xóm as allocations and lists are compared: letter case and spacing aside. */
export function xomKey(xom) {
  return clean(xom).toLocaleLowerCase("vi");
}

/** "Xóm {name}", unless the name already starts with "Xóm". */
export function xomText(xom) {
  const prefix = T.people_xom_of.split("{name}")[0].trim();
  return prefix && xomKey(xom).startsWith(prefix.toLocaleLowerCase("vi")) ? xom : fill(T.people_xom_of, { name: xom });
}

const nameKeys = new WeakMap(); // citizen -> [given name, the rest]: worked out once per item

function nameParts(c) {
  let parts = nameKeys.get(c);
  if (!parts) {
    const words = clean(c.name).split(" ");
    parts = [words[words.length - 1] || "", words.slice(0, -1).join(" ")];
    nameKeys.set(c, parts);
  }
  return parts;
}

/** Vietnamese order of names: by the given name (the last word), then the rest, then as written;
 * two namesakes by id. */
export function byName(a, b) {
  const [ga, ra] = nameParts(a);
  const [gb, rb] = nameParts(b);
  return collator.compare(ga, gb) || collator.compare(ra, rb) || collator.compare(a.name, b.name) || a.id - b.id;
}

export function sortedCitizens(citizens) {
  return [...citizens].sort(byName);
}

/** Citizens per xóm (by xomKey), with the xóm as first written. */
function perXom(citizens) {
  const counts = new Map();
  for (const c of citizens) {
    const key = xomKey(c.xom);
    const entry = counts.get(key) || { xom: clean(c.xom), count: 0 };
    entry.count += 1;
    counts.set(key, entry);
  }
  return counts;
}

function quotaItem(xom, n, max) {
  const level = max === null ? "free" : n > max ? "over" : n === max ? "full" : "under";
  return el(
    "li",
    { class: `quota-xom ${level}`, dataset: { xom, count: n, max: max === null ? "" : max } },
    max === null ? `${xomText(xom)}: ${n}` : `${xomText(xom)}: ${n} / ${max}`
  );
}

/** "Xóm 1: 14 / 15" for each xóm of the allocation, then any other xóm of the list; the total
 * against the number invited. `extra` adds the rows of an import not yet confirmed. */
export function quotaItems(citizens, extra) {
  const state = shown.state;
  const counts = perXom(citizens);
  for (const [xom, n] of Object.entries(extra || {})) {
    const key = xomKey(xom);
    const entry = counts.get(key) || { xom: clean(xom), count: 0 };
    entry.count += n;
    counts.set(key, entry);
  }
  const items = [];
  const seen = new Set();
  for (const a of state.allocation || []) {
    const key = xomKey(a.xom);
    seen.add(key);
    items.push(quotaItem(a.xom, counts.has(key) ? counts.get(key).count : 0, a.count));
  }
  const others = [...counts].filter(([key]) => !seen.has(key)).map(([, entry]) => entry);
  others.sort((a, b) => collator.compare(a.xom, b.xom));
  for (const entry of others) items.push(quotaItem(entry.xom, entry.count, null));
  let total = 0;
  for (const entry of counts.values()) total += entry.count;
  const max = state.invited_count || 0;
  items.push(
    el(
      "li",
      { class: `quota-total ${max ? (total > max ? "over" : total === max ? "full" : "under") : ""}`, dataset: { count: total, max } },
      max ? fill(T.people_quota_total, { n: total, max }) : fill(T.people_quota_total_only, { n: total })
    )
  );
  return items;
}

/** The people's add forms and file inputs follow the meeting's read-only state. */
onMeeting((state, change, { readOnly }) => {
  for (const node of root.querySelectorAll("#delegate-add input, #delegate-add button, #citizen-add input, #citizen-add button, .import input[type=file]")) {
    node.disabled = readOnly;
  }
  root.classList.toggle("read-only", readOnly);
});
