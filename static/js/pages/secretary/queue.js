/* The queue table: the speaker at the microphone, the queue in order, then those done, skipped or
 * withdrawn. Rows keyed by speaker id: a patch redraws the rows of the speakers it changed (and the
 * first and last queued rows, whose ▲ ▼ buttons depend on the place), moves rows whose place changed,
 * and leaves the others alone. Queued rows are numbered by a CSS counter, so a move renumbers nothing.
 * Reordering by drag, by ▲ ▼ (touch) and by Alt+↑/↓ (keyboard). */

import { $, el, text } from "../../core/dom.js";
import { KeyedList, Pager } from "../../core/list.js";
import { fill } from "../../core/format.js";
import { queueEnds, queueOf } from "../../core/meeting.js";
import { T } from "../../core/page.js";
import { edit } from "./registration.js";

let S = null;
let live = null;
let selectedId = null;
let dragId = null;
let summaries = new Map(); // opinion id -> summary, for the rows that follow one up

// The place decides the ▲ ▼ buttons; a followed opinion's summary is shown in the row (`extra`, set
// at each render).
const list = new KeyedList($("rows"), { make: row });
// 300 speakers: the first 50 rows (the microphone and the head of the queue), more on request.
const pager = new Pager($("rows-more"), { label: (n) => fill(T.more_rows, { n }), onMore: () => S && render(S, { touches: () => true }) });

const placeOf = new WeakMap();

function render(state, change) {
  S = state;
  if (change.touches("opinions")) summaries = new Map(state.opinions.map((o) => [o.id, o.summary]));
  if (!change.touches("speakers", "opinions")) return;
  const queued = queueOf(state);
  const order = [
    ...state.speakers.filter((s) => s.status === "current"),
    ...queued,
    ...state.speakers.filter((s) => s.status !== "current" && s.status !== "queued"),
  ];
  // Only the ends of the queue are marked: the others' buttons do not depend on their place.
  const marks = queueEnds(queued);
  list.extra = (s) => `${marks.get(s.id) || ""}|${s.follows_opinion_id ? summaries.get(s.follows_opinion_id) : ""}`;
  for (const s of queued) placeOf.set(s, marks.get(s.id) || "");
  list.render(pager.slice(order));
  text($("queue-count"), `(${queued.length})`);
}

/** One speaker's row. */
function row(s) {
  const waiting = s.status === "queued";
  const mark = placeOf.get(s) || "";
  const move = (which, delta, label, glyph, disabled) =>
    el(
      "button",
      { type: "button", class: "move", dataset: { move: which }, title: label, "aria-label": label, disabled, onclick: () => step(s.id, delta, which) },
      glyph
    );
  const followed = s.follows_opinion_id ? summaries.get(s.follows_opinion_id) || `#${s.follows_opinion_id}` : "";
  const tr = el(
    "tr",
    {
      dataset: { id: s.id, status: s.status },
      draggable: waiting ? "true" : null,
      tabindex: waiting ? "0" : null,
      class: s.id === selectedId ? "selected" : null,
    },
    el("td", { class: "place" }),
    // The name, then its xóm, phone and (but in the queue) its status: the pane is half the laptop's width.
    el(
      "td",
      {},
      el("b", {}, s.name),
      s.walk_in ? el("span", { class: "muted" }, ` (${T.walk_in})`) : null,
      el("span", { class: "sub" }, [s.xom, s.phone, waiting ? "" : T["status_" + s.status]].filter(Boolean).join(" · "))
    ),
    el(
      "td",
      {},
      s.topic,
      followed ? el("div", { class: "muted" }, `↩ ${followed}`) : null,
      s.note ? el("div", { class: "note" }, s.note) : null
    ),
    el("td", {}, String(Math.round(s.requested_seconds / 60))),
    el(
      "td",
      { class: "actions" },
      waiting ? move("up", -1, T.move_up, "▲", mark === "first" || mark === "only") : null,
      waiting ? move("down", 1, T.move_down, "▼", mark === "last" || mark === "only") : null,
      el("button", { type: "button", onclick: () => edit(current(s.id)) }, T.edit),
      waiting
        ? el("button", { type: "button", title: T.withdraw, "aria-label": T.withdraw, onclick: () => withdraw(s.id) }, "✕")
        : s.status === "skipped" || s.status === "withdrawn"
          ? el(
              "button",
              { type: "button", title: T.restore, "aria-label": T.restore, onclick: () => live.run("speaker.restore", { speaker_id: s.id }) },
              "↺"
            )
          : null
    )
  );
  if (waiting) {
    tr.addEventListener("click", () => select(s.id));
    tr.addEventListener("keydown", (e) => onRowKey(e, s.id));
    tr.addEventListener("dragstart", (e) => {
      dragId = s.id;
      e.dataTransfer.effectAllowed = "move";
      e.dataTransfer.setData("text/plain", String(s.id));
    });
    tr.addEventListener("dragover", (e) => {
      if (dragId !== null && dragId !== s.id) {
        e.preventDefault();
        tr.classList.add("drop-target");
      }
    });
    tr.addEventListener("dragleave", () => tr.classList.remove("drop-target"));
    tr.addEventListener("drop", (e) => {
      e.preventDefault();
      tr.classList.remove("drop-target");
      const moving = dragId;
      dragId = null;
      if (moving !== null && moving !== s.id) moveBefore(moving, s.id);
    });
  }
  return tr;
}

/** The speaker as the state has it now (a row's click handler may outlive its item). */
const current = (id) => S.speakers.find((s) => s.id === id);

function select(id) {
  const before = list.node(selectedId);
  if (before) before.classList.remove("selected");
  selectedId = id;
  const now = list.node(id);
  if (now) now.classList.add("selected");
}

/** Move a queued speaker so that it stands where `targetId` stands now. */
function moveBefore(id, targetId) {
  const queue = queueOf(S).map((s) => s.id);
  const from = queue.indexOf(id);
  const to = queue.indexOf(targetId);
  // Moving down: go in front of the one after the target, so the dragged row takes the target's place.
  const before = from < to ? (queue[to + 1] ?? null) : targetId;
  return live.run("speaker.move", { speaker_id: id, before_id: before });
}

function onRowKey(e, id) {
  if (!e.altKey || (e.key !== "ArrowUp" && e.key !== "ArrowDown")) return;
  e.preventDefault();
  step(id, e.key === "ArrowUp" ? -1 : 1, null);
}

/** Move a queued speaker one place up (-1) or down (+1); then focus their row again, or the same
 * button of it (`which`: "up" | "down") while it can still be used. */
async function step(id, delta, which) {
  const queue = queueOf(S).map((s) => s.id);
  const i = queue.indexOf(id);
  const j = i + delta;
  if (i < 0 || j < 0 || j >= queue.length) return;
  select(id);
  const ack = await moveBefore(id, queue[j]);
  if (!ack.ok) return;
  const tr = list.node(id);
  const button = tr && which ? tr.querySelector(`button[data-move="${which}"]:not(:disabled)`) : null;
  if (button || tr) (button || tr).focus();
}

function withdraw(id) {
  if (confirm(T.confirm_withdraw)) live.run("speaker.withdraw", { speaker_id: id });
}

export function mount(connection) {
  live = connection;
  live.store.subscribe(render);
}
