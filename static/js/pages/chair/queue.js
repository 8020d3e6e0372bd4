/* The chair's queue (call one, move ▲ ▼ or drag by a long press (drag.js), set aside ✕) and the speakers set aside (restore ↺). Rows
 * keyed by speaker id: a patch redraws only the rows it changed (and the ends of the queue, whose
 * ▲ ▼ depend on the place). */

import { $, el, text } from "../../core/dom.js";
import { KeyedList, Pager } from "../../core/list.js";
import { fill } from "../../core/format.js";
import { isEnded, queueEnds, queueOf } from "../../core/meeting.js";
import { T } from "../../core/page.js";
import { Steady } from "../../core/steady.js";
import { draggable } from "./drag.js";

let S = null;
let live = null;
let calls = null; // the guard of every row's "call" (core/steady.js)
let refocus = null; // {id, cls}: the queue button to focus again after a move (a moved node loses the focus)

const queue = new KeyedList($("queue"), { make: queueRow });
const aside = new KeyedList($("set-aside"), { make: asideRow });
// A long queue: its head, more on request (the tablet scrolls no further in a meeting).
const pager = new Pager($("queue-more"), { step: 30, label: (n) => fill(T.more_rows, { n }), onMore: () => S && render(S, { touches: () => true }) });
let marks = new Map(); // speaker id -> "first" | "last" | "only"

function render(state, change) {
  S = state;
  if (!change.touches("speakers", "ended_at")) return;
  const queued = queueOf(state);
  marks = queueEnds(queued);
  const ended = isEnded(state);
  queue.extra = (s) => `${marks.get(s.id) || ""}|${ended}`;
  $("queue-empty").hidden = queued.length > 0;
  queue.render(pager.slice(queued));
  text($("queue-count"), `(${queued.length})`);
  if (refocus) {
    const row = queue.node(refocus.id);
    const button = row && row.querySelector(`.${refocus.cls}`);
    if (button && !button.disabled) {
      button.focus({ preventScroll: true });
      row.scrollIntoView({ block: "nearest" });
    }
    refocus = null;
  }
  const set = state.speakers.filter((s) => s.status === "skipped" || s.status === "withdrawn");
  text($("set-aside-count"), `(${set.length})`);
  aside.render(set);
}

function queueRow(s) {
  const named = (label) => `${label}: ${s.name}`;
  const mark = marks.get(s.id) || "";
  return el(
    "li",
    { dataset: { id: s.id } },
    el(
      "div",
      { class: "info" },
      el("b", { class: "who" }, s.name),
      el(
        "div",
        { class: "topic" },
        el("span", { class: "mins" }, `${Math.round(s.requested_seconds / 60)} ${T.minutes_short}`),
        [s.xom, s.topic]
          .filter(Boolean)
          .map((t) => ` · ${t}`)
          .join(""),
        s.walk_in ? ` (${T.walk_in})` : "",
        s.follows_opinion_id ? " ↩" : ""
      )
    ),
    el("button", { class: "up", title: T.move_up, "aria-label": named(T.move_up), disabled: mark === "first" || mark === "only", onclick: () => move(s.id, -1) }, "▲"),
    el("button", { class: "down", title: T.move_down, "aria-label": named(T.move_down), disabled: mark === "last" || mark === "only", onclick: () => move(s.id, 1) }, "▼"),
    calls.guard(el("button", { class: "call", "aria-label": named(T.call), disabled: isEnded(S) }, T.call), (seen) =>
      live.run("speaker.call", { speaker_id: s.id, expected_speaker_id: seen.speaker_id })
    ),
    el("button", { class: "skip", title: T.skip, "aria-label": named(T.skip), onclick: () => confirm(T.confirm_skip) && live.run("speaker.skip", { speaker_id: s.id }) }, "✕")
  );
}

function asideRow(s) {
  return el(
    "li",
    { dataset: { id: s.id } },
    el("span", { class: "who" }, s.name, " ", el("span", { class: "muted" }, T["status_" + s.status])),
    el("button", { class: "restore", title: T.restore, "aria-label": `${T.restore}: ${s.name}`, onclick: () => live.run("speaker.restore", { speaker_id: s.id }) }, "↺")
  );
}

/** Move a queued speaker one place up (dir −1) or down (dir 1): speaker.move puts them before the row
 * above, or before the row two below (null: at the end). */
function move(id, dir) {
  const ids = queueOf(S).map((s) => s.id);
  const i = ids.indexOf(id);
  const target = i + (dir < 0 ? -1 : 2);
  refocus = { id, cls: dir < 0 ? "up" : "down" };
  live.run("speaker.move", { speaker_id: id, before_id: target < ids.length ? ids[target] : null }).then((ack) => ack.ok || (refocus = null));
}

/** A row dropped by touch before `beforeId` (null: after the last row shown, so before the first
 * queued speaker not shown, or at the end). */
function dropped(id, beforeId) {
  const ids = queueOf(S).map((s) => s.id);
  let before = beforeId;
  if (before === null) {
    const shown = [...$("queue").children].map((r) => Number(r.dataset.id)).filter((x) => x !== id);
    const last = shown.length ? ids.indexOf(shown[shown.length - 1]) : -1;
    before = ids.slice(last + 1).find((x) => x !== id) ?? null;
  }
  const i = ids.indexOf(id);
  if (before === ids[i + 1] || (before === null && i === ids.length - 1)) return; // back in its place
  live.run("speaker.move", { speaker_id: id, before_id: before });
}

export function mount(connection) {
  live = connection;
  draggable($("queue"), dropped);
  // Calling a queued speaker closes the current turn: it acts on the turn the chair saw (core/steady.js).
  calls = new Steady(live, (state) => `${state.speaker_id}|${isEnded(state)}`);
  text($("queue-empty"), T.queue_empty);
  live.store.subscribe(render);
}
