/* The live connection shared by every screen: join, snapshots, patches, commands, server clock.
 *
 * A screen calls Live.start({meetingId, role, pin, onState, onJoinError}) and renders
 * every state it is given. The state is the join's snapshot with each `patch` applied
 * (docs/protocol.md; applyPatch mirrors apply_effect in server/domain/changes.py); a gap in
 * the versions fetches a fresh snapshot. Commands go through Live.send(name, payload), which
 * resolves to the server's ack; a command is retried with the same id after a
 * reconnect, and the server applies an id once.
 */
"use strict";

const Live = (() => {
  const T = window.STRINGS || {};
  let socket = null;
  let options = null;
  let state = null;
  let joined = false;
  let early = []; // patches that arrived while a snapshot was on its way (join, or after a gap)
  let fetching = false;
  let waiters = [];
  let offset = 0; // server clock minus local clock, in seconds
  const listeners = []; // parts of a page that render every snapshot besides the page itself
  let bestRtt = Infinity;

  function newId() {
    // crypto.randomUUID needs a secure context; the hall's LAN is plain http.
    const bytes = new Uint8Array(16);
    crypto.getRandomValues(bytes);
    return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
  }

  function now() {
    return Date.now() / 1000 + offset;
  }

  function setStatus(kind) {
    document.body.dataset.connection = kind;
    const banner = document.getElementById("connection");
    if (!banner) return;
    banner.textContent = kind === "online" ? "" : kind === "offline" ? T.disconnected : T.connecting;
    banner.hidden = kind === "online";
  }

  function show() {
    options.onState(state);
    listeners.forEach((fn) => fn(state));
  }

  function accept(snapshot) {
    if (state && snapshot.version < state.version) return; // an older answer that arrived late
    state = snapshot;
    show();
  }

  const handlers = []; // [event, fn] a page added with Live.on
  const COLLECTIONS = ["stages", "delegates", "speakers", "opinions", "citizens", "requests", "duties"]; // model.COLLECTIONS

  /** Apply a patch to the state in place (see apply_effect in server/domain/changes.py). */
  function applyPatch(target, patch) {
    Object.assign(target, patch.set || {});
    for (const name of COLLECTIONS) {
      const part = patch[name];
      if (!part) continue;
      const items = target[name] || (target[name] = []);
      const dropped = new Set(part.drop || []);
      const byId = new Map();
      for (const item of items) if (!dropped.has(item.id)) byId.set(item.id, item);
      const added = [];
      for (const item of part.put || []) {
        if (!byId.has(item.id)) added.push(item.id);
        byId.set(item.id, item);
      }
      const order = part.order || items.map((x) => x.id).filter((id) => byId.has(id)).concat(added);
      target[name] = order.map((id) => byId.get(id));
    }
    target.version = patch.version;
  }

  /** A patch is applied when it is the next version; a gap fetches a fresh snapshot. Patches that
   * arrive while a snapshot is on its way are kept, and those newer than it applied after it. */
  function onPatch(patch) {
    if (!joined || !state || fetching) {
      early.push(patch);
      return;
    }
    if (patch.version <= state.version) return;
    if (patch.version === state.version + 1) {
      applyPatch(state, patch);
      show();
    } else {
      refetch();
    }
  }

  async function refetch() {
    if (fetching) return;
    fetching = true;
    let ack = null;
    try {
      ack = await socket.timeout(8000).emitWithAck("snapshot", {});
    } catch (e) {
      // The connection dropped: the join after the reconnect brings a snapshot.
    }
    fetching = false;
    if (ack && ack.ok) accept(ack.state);
    applyEarly();
  }

  function applyEarly() {
    early.splice(0).sort((a, b) => a.version - b.version).forEach(onPatch);
  }

  /** The office gave this screen's role a new PIN: back to the PIN form, with why. */
  function signedOut() {
    joined = false;
    options.onJoinError({ ok: false, errors: [{ code: "signed_out", field: "pin", message: T.signed_out }] });
  }

  /** Who else is connected: each server process reports its own screens; show them all. */
  const presence = new Map();
  function showPresence(report) {
    presence.set(report.process, report);
    const box = document.getElementById("presence");
    if (!box) return;
    const names = { chair: T.role_chair, secretary: T.role_secretary, door: T.role_door };
    const operators = [...presence.values()].flatMap((r) => r.operators);
    const publicScreens = [...presence.values()].reduce((n, r) => n + r.public, 0);
    const parts = operators.map((o) => `${names[o.role] || o.role}: ${o.name}`);
    parts.push(T.public_screens.replace("{n}", publicScreens));
    box.textContent = parts.join(" · ");
    box.hidden = false;
  }

  async function syncClock() {
    // The sample with the shortest round trip bounds the error best.
    for (let i = 0; i < 5 && socket.connected; i++) {
      const t0 = Date.now() / 1000;
      try {
        const reply = await socket.timeout(3000).emitWithAck("time", {});
        const t1 = Date.now() / 1000;
        const rtt = t1 - t0;
        if (rtt <= bestRtt * 1.5 || i === 0) {
          bestRtt = Math.min(bestRtt, rtt);
          offset = reply.now - (t0 + t1) / 2;
        }
      } catch (e) {
        return;
      }
    }
  }

  async function join() {
    let ack;
    try {
      const data = { meeting_id: options.meetingId, role: options.role, pin: options.pin || "" };
      if (options.name) data.name = options.name;
      if (options.screen) data.screen = options.screen; // a public screen: "projector" or "phone"
      ack = await socket.timeout(8000).emitWithAck("join", data);
    } catch (e) {
      return; // the connection dropped again; "connect" will call us once more
    }
    if (!ack.ok) {
      options.onJoinError(ack);
      return;
    }
    offset = ack.now - Date.now() / 1000;
    joined = true;
    setStatus("online");
    state = null; // after a reconnect, the snapshot is the truth whatever its version
    if (ack.state) {
      accept(ack.state);
      applyEarly(); // patches committed while the snapshot was taken: those newer than it, in order
    } else options.onState(null); // the office joins no meeting
    waiters.splice(0).forEach((resolve) => resolve());
    syncClock();
  }

  function whenJoined() {
    return joined ? Promise.resolve() : new Promise((resolve) => waiters.push(resolve));
  }

  function start(opts) {
    options = opts;
    setStatus("connecting");
    // Retry at most about every second: on the hall's LAN a failed attempt costs nothing, and after a
    // server restart every screen is back within a second of the server (bench/load.py, restart).
    socket = io({ reconnectionDelay: 300, reconnectionDelayMax: 1000, randomizationFactor: 0.5 });
    socket.on("connect", join);
    socket.on("disconnect", () => {
      joined = false;
      early = [];
      setStatus("offline");
    });
    socket.on("patch", onPatch);
    socket.on("presence", showPresence);
    socket.on("signed_out", signedOut);
    for (const [event, fn] of handlers) socket.on(event, fn);
    setInterval(() => socket.connected && syncClock(), 60000);
  }

  /** Send a command; `meetingId` only from the office, which joins no meeting.
   * A command that cannot reach the server within 15 s is given up (and says so) rather than
   * applied minutes later, when the person who pressed has moved on. Within that time it is
   * resent after a reconnect with the same id, and the server applies it once. */
  // Commands given up unanswered, by what they ask: pressed again, one keeps its id (applied once).
  const unanswered = new Map();

  async function send(name, payload, meetingId) {
    const key = JSON.stringify([name, payload || {}, meetingId ?? null]);
    const envelope = unanswered.get(key) || { id: newId(), name, payload: payload || {} };
    unanswered.delete(key);
    if (meetingId !== undefined) envelope.meeting_id = meetingId;
    const deadline = Date.now() + 15000;
    while (Date.now() < deadline) {
      const left = deadline - Date.now();
      const ready = await Promise.race([whenJoined().then(() => true), sleep(left).then(() => false)]);
      if (!ready) break;
      try {
        const ack = await socket.timeout(Math.min(8000, Math.max(1000, deadline - Date.now()))).emitWithAck("command", envelope);
        if (!ack.ok && ack.errors.some((e) => e.code === "not_joined")) {
          joined = false;
          continue;
        }
        if (!ack.ok && ack.errors.some((e) => e.code === "signed_out")) signedOut();
        // Applied before, its answer lost: this screen may have missed its patch.
        if (ack.ok && ack.duplicate && meetingId === undefined && state && ack.version > state.version) refetch();
        return ack;
      } catch (e) {
        // No ack in time: try again with the same id while time is left.
      }
    }
    if (unanswered.size >= 50) unanswered.delete(unanswered.keys().next().value);
    unanswered.set(key, envelope);
    return { ok: false, errors: [{ code: "not_sent", message: T.not_confirmed }] };
  }

  function sleep(ms) {
    return new Promise((resolve) => setTimeout(resolve, ms));
  }

  return {
    start,
    send,
    now,
    /** Also call `fn(state)` with every snapshot. */
    subscribe(fn) {
      listeners.push(fn);
    },
    /** Call a read-only event (search, lists) once joined; resolves to its ack. */
    async ask(event, payload) {
      await whenJoined();
      try {
        return await socket.timeout(8000).emitWithAck(event, payload || {});
      } catch (e) {
        return { ok: false, errors: [{ code: "not_sent", message: T.not_sent }] };
      }
    },
    /** Call `fn(payload)` on a server event of this screen (e.g. "identify"). */
    on(event, fn) {
      handlers.push([event, fn]);
      if (socket) socket.on(event, fn);
    },
    get state() {
      return state;
    },
    stop() {
      socket && socket.disconnect();
    },
  };
})();

/* Formatting and small DOM helpers shared by the screens. */
const Fmt = {
  /** fill("{n} người", {n: 3}); values go in as typed ("$&" too, unlike String.replace). */
  fill(text, values) {
    return String(text).replace(/\{(\w+)\}/g, (place, key) => (key in values ? String(values[key]) : place));
  },
  /** For matching what is typed: lower case, without diacritics, "đ" as "d", single spaces
   * ("Nguyễn Văn Đạt" → "nguyen van dat"), as server/search.py folds. */
  fold(text) {
    return String(text || "")
      .normalize("NFD")
      .replace(/\p{M}/gu, "")
      .replace(/[đĐ]/g, "d")
      .toLowerCase()
      .replace(/\s+/g, " ")
      .trim();
  },
  clock(seconds) {
    // m:ss, or h:mm:ss past an hour; seconds may be negative (overtime)
    const s = Math.floor(Math.abs(seconds));
    const h = Math.floor(s / 3600);
    const m = Math.floor((s % 3600) / 60);
    const ss = String(s % 60).padStart(2, "0");
    return h ? `${h}:${String(m).padStart(2, "0")}:${ss}` : `${m}:${ss}`;
  },
  /** A countdown: whole seconds left rounded up, then "+m:ss" counting up in overtime. */
  countdown(left) {
    return left < 0 ? "+" + Fmt.clock(Math.floor(-left)) : Fmt.clock(Math.ceil(left));
  },
  timeOfDay(ts) {
    const d = new Date(ts * 1000);
    return `${String(d.getHours()).padStart(2, "0")}:${String(d.getMinutes()).padStart(2, "0")}`;
  },
  date(iso) {
    // "2023-05-25T08:00" -> "25/05/2023 08:00"
    const m = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}:\d{2}))?/.exec(iso || "");
    return m ? `${m[3]}/${m[2]}/${m[1]}${m[4] ? " " + m[4] : ""}` : "";
  },
  /** The local calendar day of a Unix time, as ISO "YYYY-MM-DD". */
  isoDay(ts) {
    const d = new Date(ts * 1000);
    return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, "0")}-${String(d.getDate()).padStart(2, "0")}`;
  },
  /** When something happened at a meeting held on `meetingIso`: "HH:MM" on the meeting's day,
   * else "dd/mm/yyyy HH:MM" (a written opinion typed in days later, or a demo meeting's date). */
  moment(ts, meetingIso) {
    const day = Fmt.isoDay(ts);
    return day === (meetingIso || "").slice(0, 10) ? Fmt.timeOfDay(ts) : `${Fmt.date(day)} ${Fmt.timeOfDay(ts)}`;
  },
  /** A date typed day first, whatever the browser's language: dd/mm/yyyy (also d/m/yyyy, with "."
   * or "-", or the 8 digits ddmmyyyy a numeric keypad types; an ISO date pasted in, year first, is
   * unambiguous too) -> ISO "YYYY-MM-DD". "" when empty; null when it is not written so or is not
   * a real calendar date (31/02/2023). */
  parseDate(text) {
    const t = String(text || "").trim();
    if (!t) return "";
    const iso = /^(\d{4})-(\d{2})-(\d{2})$/.exec(t);
    const m = iso
      ? [t, iso[3], iso[2], iso[1]]
      : /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(t) || /^(\d{2})(\d{2})(\d{4})$/.exec(t);
    if (!m) return null;
    const [d, mo, y] = m.slice(1).map(Number);
    const day = new Date(Date.UTC(y, mo - 1, d));
    if (y < 1900 || day.getUTCFullYear() !== y || day.getUTCMonth() !== mo - 1 || day.getUTCDate() !== d) return null;
    return `${y}-${String(mo).padStart(2, "0")}-${String(d).padStart(2, "0")}`;
  },
};

/** Cues: a short chime (Web Audio, no sound file) at the warning (one tone) and at the end of a
 * speaking time (two). `watch(state, at, enabled)` is called on every tick and chimes when the
 * running countdown crosses the warning or zero. Browsers let a page play sound only after a user
 * gesture: the first click or key on the page unlocks it. */
const Cue = (() => {
  let audio = null;
  let last = null; // {id, left, running} at the previous tick
  const unlock = () => {
    if (!audio && window.AudioContext) audio = new AudioContext();
    if (audio && audio.state === "suspended") audio.resume();
  };
  document.addEventListener("click", unlock);
  document.addEventListener("keydown", unlock);

  function chime(times) {
    window.chimes = (window.chimes || 0) + times; // what the tests count
    if (!audio) return;
    const start = audio.currentTime;
    for (let i = 0; i < times; i++) {
      const tone = audio.createOscillator();
      const gain = audio.createGain();
      const at = start + i * 0.45;
      tone.frequency.value = 880;
      gain.gain.setValueAtTime(0.0001, at);
      gain.gain.exponentialRampToValueAtTime(0.4, at + 0.02);
      gain.gain.exponentialRampToValueAtTime(0.0001, at + 0.35);
      tone.connect(gain).connect(audio.destination);
      tone.start(at);
      tone.stop(at + 0.4);
    }
  }

  function watch(state, at, enabled) {
    const sp = state && currentSpeaker(state);
    if (!sp) {
      last = null;
      return;
    }
    const left = Timer.remaining(state.timer, at);
    const running = Timer.phase(state) === "running";
    const warnAt = state.settings.warning_seconds;
    if (enabled && running && last && last.id === sp.id && last.running) {
      if (last.left >= 0 && left < 0) chime(2);
      else if (last.left > warnAt && left <= warnAt && left >= 0) chime(1);
    }
    last = { id: sp.id, left, running };
  }

  return { watch };
})();

const Timer = {
  /** Seconds left on the current turn at server time `at` (negative in overtime). */
  remaining(timer, at) {
    let elapsed = timer.elapsed;
    if (timer.started_at !== null) elapsed += Math.max(0, at - timer.started_at);
    return timer.duration - elapsed;
  },
  /** "ready" | "running" | "paused" for the current speaker. */
  phase(state) {
    const sp = currentSpeaker(state);
    if (!sp) return "none";
    if (state.timer.started_at !== null) return "running";
    return sp.started_at ? "paused" : "ready";
  },
  /** "normal" | "warning" | "overtime": the colour of the countdown. */
  level(state, remaining) {
    if (remaining < 0) return "overtime";
    if (remaining <= state.settings.warning_seconds) return "warning";
    return "normal";
  },
};

function currentSpeaker(state) {
  return state.speakers.find((s) => s.id === state.speaker_id) || null;
}

function queueOf(state) {
  return state.speakers.filter((s) => s.status === "queued");
}

function currentStage(state) {
  const i = state.stages.findIndex((s) => s.id === state.stage_id);
  return i < 0 ? null : { index: i, stage: state.stages[i] };
}

/** Seconds a stage has run in all at server time `at` (every run, the open one up to `at`). */
function stageElapsed(stage, at) {
  return (stage.runs || []).reduce((sum, [start, end]) => sum + (end === null ? at : end) - start, 0);
}

/** When the meeting should end if the current stage and every later one take what is left of their
 * plan, counting the time each has already run (mirrors estimated_end in server/domain/model.py). */
function estimatedEnd(state, at) {
  const cur = currentStage(state);
  if (!cur || state.stage_started_at === null) return null;
  const left = state.stages
    .slice(cur.index)
    .reduce((sum, s) => sum + Math.max(0, s.planned_minutes * 60 - stageElapsed(s, at)), 0);
  return at + left;
}

function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
    else if (key === "dataset") Object.assign(node.dataset, value);
    else if (value === true) node.setAttribute(key, "");
    else if (value !== false && value !== null && value !== undefined) node.setAttribute(key, value);
  }
  for (const child of children.flat()) {
    if (child !== null && child !== undefined && child !== false) node.append(child);
  }
  return node;
}

/** Show an ack's errors (or a success note) in the toast area of the page. */
function toast(ack, successText) {
  const box = document.getElementById("toast");
  if (!box) return;
  if (ack.ok) {
    if (!successText) return;
    box.className = "toast ok";
    box.textContent = successText;
  } else {
    box.className = "toast error";
    box.textContent = ack.errors.map((e) => e.message).join(" ");
  }
  box.hidden = false;
  clearTimeout(toast.timer);
  toast.timer = setTimeout(() => (box.hidden = true), ack.ok ? 2500 : 7000);
}

/** Send a command and show its errors (or `successText`) to the person who sent it. */
async function runCommand(name, payload, successText) {
  const ack = await Live.send(name, payload);
  toast(ack, successText);
  return ack;
}

/** PIN screen for the operator roles: the person's name (remembered by this browser, for the log)
 * and the PIN (kept for this tab, so reconnects rejoin silently). */
function startWithPin(meetingId, role, onState) {
  const key = `pin-${meetingId}-${role}`;
  const form = document.getElementById("pin-form");
  const app = document.getElementById("app");
  const error = document.getElementById("pin-error");
  const pinInput = form.querySelector("#pin");
  const nameInput = form.querySelector("#person");
  let started = false;
  let shown = false;
  nameInput.value = localStorage.getItem("person-name") || "";

  function begin(pin, name) {
    const opts = {
      meetingId,
      role,
      pin,
      name,
      onState(state) {
        sessionStorage.setItem(key, pin);
        localStorage.setItem("person-name", name);
        form.hidden = true;
        app.hidden = false;
        onState(state);
        if (!shown) {
          shown = true;
          // Where the work starts: the element a page marks for it (the secretary's registration
          // name), else the page itself, never a button that a stray Enter would press.
          const first = app.querySelector("[data-autofocus]");
          if (first) first.focus();
          else {
            app.tabIndex = -1;
            app.focus();
          }
        }
      },
      onJoinError(ack) {
        sessionStorage.removeItem(key);
        Live.stop();
        started = false;
        app.hidden = true;
        form.hidden = false;
        error.textContent = ack.errors.map((e) => e.message).join(" ");
        error.hidden = false;
        const field = ack.errors.some((e) => e.field === "name") ? nameInput : pinInput;
        field.select();
        field.focus();
      },
    };
    started = true;
    Live.start(opts);
  }

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    if (started) return;
    error.hidden = true;
    begin(pinInput.value.trim(), nameInput.value.trim());
  });
  const saved = sessionStorage.getItem(key);
  if (saved && nameInput.value) begin(saved, nameInput.value);
  else {
    form.hidden = false;
    (nameInput.value ? pinInput : nameInput).focus();
  }
}
