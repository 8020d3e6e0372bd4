/* What the parts of the documents page share: the meeting, who is reading (the secretary team, or
 * the office with `?as=office`), the connection, HTTP with this tab's PIN, commands, and the time
 * formats of the record.
 *
 * Both roles follow the meeting: the secretary joins it, the office follows it with the office PIN
 * (docs/protocol.md, `join`); the snapshot and its patches keep the page live, and a command's
 * result shows when its patch is in (no reading again). */

import { Connection } from "../../core/connection.js";
import { toast } from "../../core/dom.js";
import { date, isoDay, timeOfDay } from "../../core/format.js";
import * as http from "../../core/http.js";
import { meetingId } from "../../core/page.js";

export const ID = meetingId;
export const live = new Connection();

/** "office" (`?as=office`, with the office PIN this tab's office page keeps) or "secretary". */
export const who = {
  role: new URLSearchParams(location.search).get("as") === "office" && sessionStorage.getItem(http.pinKey("office")) ? "office" : "secretary",
};

/** The meeting as last described (the secretary's projection), or null before the snapshot. */
export const state = () => live.state;

/** fetch with the PIN headers; resolves to {status, body}. */
export const get = (path, options = {}) => http.json(path, who.role, ID, options);

/** Resolves once the page shows the meeting at `version` (the command's patch), or after 2 s. */
async function caughtUp(version) {
  const until = Date.now() + 2000;
  while ((!state() || state().version < version) && Date.now() < until) await new Promise((r) => setTimeout(r, 50));
}

/** A command of this page (the office names the meeting); resolves once its patch is shown. */
export async function command(name, payload, successText) {
  const ack = who.role === "office" ? await live.send(name, payload, { meetingId: ID }) : await live.send(name, payload);
  toast(ack, successText);
  if (ack.ok) await caughtUp(ack.version);
  return ack;
}

const pad = (n) => String(n).padStart(2, "0");

/** dd/mm/yyyy of a Date. */
export const ddmmyyyy = (d) => date(isoDay(d.getTime() / 1000));

/** dd/mm/yyyy HH:MM of a Unix time (with `seconds`, HH:MM:SS). */
export function stamp(ts, seconds) {
  if (ts === null || ts === undefined) return "";
  return `${date(isoDay(ts))} ${timeOfDay(ts)}${seconds ? `:${pad(new Date(ts * 1000).getSeconds())}` : ""}`;
}

/** mm:ss (minutes past 59 keep counting: 75:20). */
export function mmss(seconds) {
  const s = Math.round(Math.abs(seconds || 0));
  return `${pad(Math.floor(s / 60))}:${pad(s % 60)}`;
}
