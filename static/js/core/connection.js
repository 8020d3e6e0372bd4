/* The live connection of a screen: join, snapshot, patches into the store, commands, presence and
 * the "offline / connecting" banner (docs/protocol.md).
 *
 *   const live = new Connection();
 *   live.store.subscribe((state, change) => ...);
 *   live.start({meetingId, role, pin, name, screen, onJoinError});
 *   const ack = await live.send("speaker.add", {...});
 *
 * A patch of the next version is applied to the store; a gap fetches a fresh snapshot (patches that
 * arrive meanwhile are kept and applied after it). Every command has an id and goes through one
 * retry path (send): resent with the same id after a reconnect or a lost ack for 15 s, and the
 * server applies an id once.
 */

import { io } from "../../vendor/socket.io/socket.io.esm.min.js";
import * as clock from "./clock.js";
import { toast } from "./dom.js";
import { fill, newId } from "./format.js";
import { T, version } from "./page.js";
import { Store } from "./store.js";

const GIVE_UP_MS = 15000; // a command not through by then is given up and says so
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const notSent = (message) => ({ ok: false, errors: [{ code: "not_sent", message }] });

/** Show the connection's state in the page's #connection banner and body[data-connection]. */
function showStatus(kind) {
  document.body.dataset.connection = kind;
  const banner = document.getElementById("connection");
  if (!banner) return;
  banner.textContent = kind === "online" ? "" : kind === "offline" ? T.disconnected : T.connecting;
  banner.hidden = kind === "online";
}

export class Connection {
  constructor() {
    this.store = new Store();
    this.socket = null;
    this.options = null;
    this.joined = false;
    this.fetching = false;
    this.early = []; // patches that arrived while a snapshot was on its way
    this.waiters = [];
    this.handlers = [];
    this.presence = new Map(); // server process -> its report
    this.unanswered = new Map(); // commands given up, by what they ask: pressed again, one keeps its id
  }

  /** The current state (null before the first snapshot). */
  get state() {
    return this.store.state;
  }

  /** Connect and join (options: meetingId, role, pin, name, screen, onJoinError(ack), onJoined(),
   * served: a snapshot the page came with, {state, now}, shown until the join's replaces it). */
  start(options) {
    this.options = options;
    showStatus("connecting");
    if (options.served) {
      clock.roughly(options.served.now);
      this.store.reset(options.served.state);
    }
    // Retry about every second: on the hall's LAN a failed attempt costs nothing, and after a server
    // restart every screen is back within a second of it (bench/load.py, restart).
    const socket = io({ reconnectionDelay: 300, reconnectionDelayMax: 1000, randomizationFactor: 0.5 });
    this.socket = socket;
    socket.on("connect", () => this.join());
    socket.on("disconnect", () => {
      this.joined = false;
      this.early = [];
      showStatus("offline");
    });
    socket.on("patch", (p) => this.onPatch(p));
    socket.on("presence", (r) => this.showPresence(r));
    socket.on("signed_out", () => this.signedOut());
    for (const [event, fn] of this.handlers) socket.on(event, fn);
    this.syncTimer = setInterval(() => socket.connected && clock.sync(socket), 60000);
  }

  stop() {
    clearInterval(this.syncTimer);
    if (this.socket) this.socket.disconnect();
    this.socket = null;
    this.joined = false;
  }

  /** Call `fn(payload)` on a server event of this screen (e.g. "identify"). */
  on(event, fn) {
    this.handlers.push([event, fn]);
    if (this.socket) this.socket.on(event, fn);
  }

  async join() {
    const o = this.options;
    const data = { meeting_id: o.meetingId, role: o.role, pin: o.pin || "" };
    if (o.name) data.name = o.name;
    if (o.screen) data.screen = o.screen; // a public screen: "projector" or "phone"
    // A (re)join starts the presence afresh: the reports of a process that is gone (a restart) must
    // not linger as ghost screens. Cleared before the join is sent, since the server announces the
    // screen's own process while it handles the join, before the ack.
    this.presence.clear();
    this.showPresence(null);
    let ack;
    try {
      ack = await this.socket.timeout(8000).emitWithAck("join", data);
    } catch (e) {
      return; // the connection dropped again; "connect" calls us once more
    }
    if (!ack.ok) {
      o.onJoinError && o.onJoinError(ack);
      return;
    }
    clock.roughly(ack.now);
    this.joined = true;
    showStatus("online");
    this.checkVersion();
    if (o.onJoined) o.onJoined(ack);
    if (ack.state) {
      this.store.reset(ack.state, true); // after a reconnect the snapshot is the truth, whatever its version
      this.applyEarly();
    }
    this.waiters.splice(0).forEach((resolve) => resolve());
    clock.sync(this.socket);
  }

  whenJoined() {
    return this.joined ? Promise.resolve() : new Promise((resolve) => this.waiters.push(resolve));
  }

  onPatch(patch) {
    const state = this.store.state;
    if (!this.joined || !state || this.fetching) {
      this.early.push(patch);
      return;
    }
    if (patch.version <= state.version) return;
    if (patch.version === state.version + 1) this.store.patch(patch);
    else this.refetch();
  }

  async refetch() {
    if (this.fetching) return;
    this.fetching = true;
    let ack = null;
    try {
      ack = await this.socket.timeout(8000).emitWithAck("snapshot", {});
    } catch (e) {
      // The connection dropped: the join after the reconnect brings a snapshot.
    }
    this.fetching = false;
    if (ack && ack.ok) this.store.reset(ack.state);
    this.applyEarly();
  }

  applyEarly() {
    this.early
      .splice(0)
      .sort((a, b) => a.version - b.version)
      .forEach((p) => this.onPatch(p));
  }

  /** The office gave this screen's role a new PIN: back to the PIN form, with why. */
  signedOut() {
    this.joined = false;
    const o = this.options;
    o.onJoinError && o.onJoinError({ ok: false, errors: [{ code: "signed_out", field: "pin", message: T.signed_out }] });
  }

  /** The server was updated while this page was open (its static files' version differs from the one
   * this page came with, /healthz): say so with a reload button, on every page. */
  async checkVersion() {
    if (!version || document.getElementById("new-version")) return;
    let now = null;
    try {
      const r = await fetch("/healthz", { cache: "no-store" });
      now = (await r.json()).version;
    } catch (e) {
      return; // not reachable now: the next join asks again
    }
    if (!now || now === version || document.getElementById("new-version")) return;
    const bar = document.createElement("div");
    bar.id = "new-version";
    bar.setAttribute("role", "alert");
    const button = document.createElement("button");
    button.type = "button";
    button.className = "primary";
    button.textContent = T.reload;
    button.onclick = () => location.reload();
    bar.append(T.new_version, " ", button);
    document.body.prepend(bar);
  }

  /** Who else is connected: each server process reports its own screens; show them all in #presence
   * (`report` null: show what is known, after the presence was cleared). */
  showPresence(report) {
    if (report) this.presence.set(report.process, report);
    const box = document.getElementById("presence");
    if (!box) return;
    const names = { chair: T.role_chair, secretary: T.role_secretary, door: T.role_door };
    const reports = [...this.presence.values()];
    const parts = reports.flatMap((r) => r.operators).map((o) => `${names[o.role] || o.role}: ${o.name}`);
    parts.push(fill(T.public_screens, { n: reports.reduce((n, r) => n + r.public, 0) }));
    box.textContent = reports.length ? parts.join(" · ") : "";
    box.hidden = !reports.length;
  }

  /** Send a command; resolves to the server's ack. The one retry path of every page: the command gets
   * an id and is resent with the same id after a reconnect or a lost ack (the server applies an id
   * once). Options:
   *   meetingId  for a command about another meeting than the joined one;
   *   id         the envelope's id (a phone keeps it across reloads);
   *   patient    false: given up after 15 s with a not_sent error (pressed again, the same command
   *              keeps its id); true: resent until answered, and after a slow_down answer (an earlier
   *              try may have got through) again 20 s later;
   *   onWait(ack) called when a patient command waits after a slow_down. */
  async send(name, payload = {}, options = {}) {
    const { meetingId, patient = false, onWait = () => {} } = options;
    const key = JSON.stringify([name, payload, meetingId ?? null]);
    const envelope = this.unanswered.get(key) || { id: options.id || newId(), name, payload };
    this.unanswered.delete(key);
    if (meetingId !== undefined) envelope.meeting_id = meetingId;
    const deadline = patient ? Infinity : Date.now() + GIVE_UP_MS;
    while (Date.now() < deadline) {
      const ready = await Promise.race([this.whenJoined().then(() => true), sleep(Math.min(deadline - Date.now(), 2 ** 31 - 1)).then(() => false)]);
      if (!ready) break;
      let ack;
      try {
        const wait = Math.min(8000, Math.max(1000, deadline - Date.now()));
        ack = await this.socket.timeout(wait).emitWithAck("command", envelope);
      } catch (e) {
        continue; // no ack in time: again with the same id while time is left
      }
      const codes = ack.ok ? [] : ack.errors.map((e) => e.code);
      if (codes.includes("not_joined")) {
        this.joined = false;
        continue;
      }
      if (patient && codes.includes("slow_down")) {
        onWait(ack);
        await sleep(20000);
        continue;
      }
      if (codes.includes("signed_out")) this.signedOut();
      // Applied before, its answer lost: this screen may have missed its patch.
      const state = this.store.state;
      if (ack.ok && ack.duplicate && meetingId === undefined && state && ack.version > state.version) this.refetch();
      return ack;
    }
    if (this.unanswered.size >= 50) this.unanswered.delete(this.unanswered.keys().next().value);
    this.unanswered.set(key, envelope);
    return notSent(T.not_confirmed);
  }

  /** Send a command and show its errors (or `successText`) to the person who sent it (#toast). */
  async run(name, payload, successText) {
    const ack = await this.send(name, payload);
    toast(ack, successText);
    return ack;
  }

  /** A read-only event (search, lists, request.status) once joined; resolves to its ack. */
  async ask(event, payload = {}) {
    await this.whenJoined();
    try {
      return await this.socket.timeout(8000).emitWithAck(event, payload);
    } catch (e) {
      return notSent(T.not_sent);
    }
  }
}
