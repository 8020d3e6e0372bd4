/* The office's connection: joined as the office (its PIN, for every meeting), and following the
 * one meeting open in the editor (docs/protocol.md, `join`): the server then sends this screen the
 * secretary's patch of every command on that meeting, another office screen's too, and the editor
 * and the people's lists apply them like every other screen. Opening another meeting joins again on
 * a fresh connection, so no patch of the meeting left behind can reach the new one's state.
 *
 * The editor's halves (editor.js, agenda.js, delegates.js, citizens.js, …) subscribe here:
 * `onMeeting(fn)` calls fn(state, change, {meetingId, readOnly, other}) on each snapshot and patch
 * of the followed meeting (`other`: a snapshot of another meeting than the last one shown). */

import { Connection } from "../../core/connection.js";
import { rules } from "../../core/page.js";
import { startWithPin } from "../../core/pin.js";

/** The page's connection (exported by main.js: the browser tests import it). */
export const live = new Connection();

const subscribers = [];
let base = null; // the options the PIN form started the connection with
let shown = null; // the meeting id of the last state given to subscribers

/** The meeting followed (open in the editor), or null. */
export let followed = null;

/** Where a meeting stands (model.phase_of): draft, scheduled, live, ended, archived, deleted. */
export function phaseOf(state) {
  if (rules.closed.includes(state.status)) return state.status;
  if (state.ended_at) return "ended";
  if (state.started_at) return "live";
  return state.status || "draft";
}

/** Whether anything the record must keep has happened (model.happened): then it can be archived,
 * not deleted. */
export function happened(state) {
  const h = rules.happened;
  return h.fields.some((f) => state[f] !== null && state[f] !== undefined) || h.collections.some((c) => (state[c] || []).length > 0);
}

/** Whether the meeting takes no command (closed: archived or deleted). */
export const readOnlyOf = (state) => rules.closed.includes(phaseOf(state));

/** Call fn(state, change, {meetingId, readOnly, other}) on each snapshot and patch of the meeting
 * followed. */
export function onMeeting(fn) {
  subscribers.push(fn);
}

live.store.subscribe((state, change) => {
  if (!state || followed === null || state.id !== followed) return;
  const other = shown !== state.id;
  shown = state.id;
  const info = { meetingId: state.id, readOnly: readOnlyOf(state), other };
  for (const fn of subscribers) fn(state, change, info);
});

/** The current state of the followed meeting, or null. */
export function current() {
  const state = live.state;
  return state && followed !== null && state.id === followed ? state : null;
}

/** Follow meeting `id` (null: none); resolves once its snapshot is in (false if it is gone). */
export function follow(id) {
  if (id === followed && live.joined) return Promise.resolve(Boolean(current()));
  followed = id;
  return new Promise((resolve) => {
    live.stop();
    live.store.state = null;
    live.start({
      ...base,
      meetingId: id,
      onJoined(ack) {
        base.onJoined(ack);
        resolve(id === null || Boolean(ack.state));
      },
      onJoinError(ack) {
        if (id !== null && ack.errors.some((e) => e.code === "no_such_meeting")) {
          // Deleted on another screen meanwhile: follow none, and say so.
          followed = null;
          resolve(false);
          follow(null);
          return;
        }
        base.onJoinError(ack);
        resolve(false);
      },
    });
  });
}

/** Start through the PIN form; `joined()` after each (re)join (the list is read again then). */
export function start(joined) {
  startWithPin(live, null, "office", () => {
    if (!base) base = live.options; // the PIN form's own: each follow() joins again with them
    joined();
  });
}
