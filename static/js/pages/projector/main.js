/* The hall projector: read-only, readable from 20 m, no controls, no private data.
 *
 * Legibility floors in fit.js. When a speech fills the screen, the less needed lines give way in a
 * fixed order (GIVE_WAY). Views that replace the live one (body[data-mode]): "intro" while the chair
 * shows the introductions (intro.js), "attendance" while the chair shows who came and "ended" once
 * the chair has closed the meeting, which comes first (attendance.js), and "qr", the phone page's
 * code. The banner stays on top and the hall message over everything.
 *
 * A patch redraws only what it changed, and the screen is laid out again only when a text it shows
 * changed. The countdown turns with the server's clock (core/clock.js every): every projector in the
 * hall turns at the same moment.
 */

import * as clock from "../../core/clock.js";
import { Connection } from "../../core/connection.js";
import * as cue from "../../core/cue.js";
import { $, el, text } from "../../core/dom.js";
import { countdown as showCountdown, fill, moment } from "../../core/format.js";
import { currentSpeaker, currentStage, level as levelOf, queueOf, remaining, timerPhase, timerState } from "../../core/meeting.js";
import { meetingId, T } from "../../core/page.js";
import { layoutAttendance, layoutEnded, renderAttendance } from "./attendance.js";
import { clamp, css, DIGIT_GLYPH, fit, fitName, glyphFloor, textFloor } from "./fit.js";
import { layoutIntro, stopPaging } from "./intro.js";

export const live = new Connection(); // exported for the browser tests (import() of this module)
let S = null;

// The most lines each block takes when there is room.
const LINES = { stage: 2, detail: 4, focusQ: 2, focusA: 2 };
// When a speech fills the screen, in this order: the banner (the backdrop carries it), then
// lines of the topic, the stage and the opinion answered, then the countdown down to its floor,
// then who answers on one line, then the last lines at the 54 px floor, and last, whole blocks.
// The name, the countdown's floor and who answers never give way.
const GIVE_WAY = [
  ["banner", 0],
  ["detail", 3],
  ["detail", 2],
  ["stage", 1],
  ["focusQ", 1],
  ["detail", 1],
  ["countdown", 0],
  ["focusA", 1],
  ["focusQ", 1, "floor"],
  ["detail", 1, "floor"],
  ["stage", 1, "floor"],
  ["stage", 0],
  ["detail", 0],
  ["focusQ", 0],
];
// Between speakers (the banner, the stage, an opinion still answered, who is next): the banner's
// first and last lines, then lines of the stage and the opinion, then the rest of the banner.
const GIVE_WAY_IDLE = [
  ["banner", 1],
  ["stage", 1],
  ["focusQ", 1],
  ["banner", 0],
  ["focusQ", 1, "floor"],
  ["stage", 1, "floor"],
];

/** How far the last block (the countdown's row) reaches below the screen, in px. */
function overflow() {
  const limit = window.innerHeight - css(document.body, "paddingBottom");
  return $("p-row").getBoundingClientRect().bottom - limit;
}

// The full texts of the blocks that may be cut (render sets them, layout shows what fits).
const full = { name: "", stage: "", detail: "", focusQ: "", focusA: "" };
const NODES = { stage: "p-stage", detail: "p-detail", focusQ: "p-focus-q", focusA: "p-focus-a" };

/** Fit every block to the screen, from the full texts. */
function layout() {
  if (!S) return;
  const floor = textFloor();
  const mode = document.body.dataset.mode;
  $("p-banner").classList.remove("gone", "short");
  document.querySelectorAll(".p-banner-line").forEach((n) => fit(n));
  if (mode === "qr") {
    // the QR code and its address: laid out by CSS alone (projector.css)
    fit($("p-message-text"), floor);
    return;
  }
  if (mode === "intro" || mode === "ended" || mode === "attendance") {
    if (mode === "intro") layoutIntro(S);
    else if (mode === "attendance") layoutAttendance();
    else layoutEnded();
    fit($("p-message-text"), floor);
    return;
  }
  const speaking = mode === "speaker";
  const countdown = $("p-countdown");
  countdown.style.fontSize = "";
  fitName($("p-name"), speaking ? full.name : "");
  const show = (key, maxLines, size) =>
    clamp($(NODES[key]), full[key], maxLines, floor, size === "floor" ? floor : null);
  for (const key of Object.keys(NODES)) show(key, LINES[key]);
  fitSide();
  for (const [key, maxLines, size] of speaking ? GIVE_WAY : GIVE_WAY_IDLE) {
    if (overflow() <= 0.5) break;
    if (key === "banner") $("p-banner").classList.add(maxLines ? "short" : "gone");
    else if (key === "countdown") {
      countdown.style.fontSize = `${glyphFloor(countdown, DIGIT_GLYPH)}px`;
      trimSide();
    } else show(key, maxLines, size);
  }
  fit($("p-message-text"), floor);
}

/** Beside the countdown (whose width changes with its digits): the timer's state and who is next,
 * one line each. */
function fitSide() {
  const floor = textFloor();
  const state = $("p-timer-state");
  clamp(state, state.dataset.text || "", 2, floor);
  state.hidden = !state.dataset.text;
  // The next names at one size, the smallest any of them needs; cut where even that is not enough.
  const items = [...document.querySelectorAll("#p-next li")];
  items.forEach((li) => clamp(li, li.dataset.name, 1, floor));
  const size = Math.min(...items.map((li) => css(li, "fontSize")));
  if (items.length > 1) items.forEach((li) => clamp(li, li.dataset.name, 1, floor, size));
  trimSide();
}

/** During a speech the side is no taller than the countdown: the last of the next names give way
 * (the first stays). */
function trimSide() {
  if (document.body.dataset.mode !== "speaker") return;
  const items = [...document.querySelectorAll("#p-next li")];
  items.forEach((li) => li.classList.remove("gone"));
  const height = $("p-countdown").getBoundingClientRect().height;
  const side = document.querySelector(".p-side");
  while (items.length > 1 && side.getBoundingClientRect().height > height + 1) {
    items.pop().classList.add("gone");
  }
}


let laidOut = null; // what the last layout was made from: the same texts are not laid out again

function render(state, change) {
  S = state;
  const sp = currentSpeaker(state);
  // A closed meeting comes first; the introductions and the others stand in for the live view while shown.
  const shows = { delegates: "intro", attendance: "attendance", qr: "qr" };
  const view = state.ended_at ? "ended" : shows[state.showing] || "";
  document.body.dataset.mode = view || (sp ? "speaker" : "idle");
  if (view !== "intro") stopPaging();
  if (change.touches("attendance")) renderAttendance(state);
  text($("p-ended-at"), state.ended_at ? fill(T.closed_at, { time: moment(state.ended_at, state.starts_at) }) : "");
  if (change.touches("banner")) {
    $("p-banner").replaceChildren(...state.banner.map((line) => el("div", { class: "p-banner-line" }, line)));
  }
  const cur = currentStage(state);
  full.stage = cur ? `${cur.index + 1}. ${cur.stage.title}` : "";
  full.name = sp ? sp.name : "";
  // A follow-up turn says which opinion it continues (state.follows: its summary, as said in the hall).
  const follows = sp && state.follows ? fill(T.follows_up, { summary: state.follows.summary }) : "";
  full.detail = sp ? [sp.xom, sp.topic, follows].filter(Boolean).join(" · ") : "";
  const focus = state.focus;
  $("p-focus").hidden = !focus;
  document.body.dataset.focus = focus ? "1" : "";
  full.focusQ = focus ? `${T.opinion_of} ${focus.citizen}: ${focus.summary}` : "";
  full.focusA = focus ? `${T.answering}: ${focus.answerer}` : "";
  const next = queueOf(state); // the next few: the server sends the hall no more (projection.PUBLIC_NEXT)
  const names = next.map((s) => s.name);
  if (JSON.stringify(names) !== JSON.stringify([...$("p-next").children].map((li) => li.dataset.name))) {
    // Names only: at a size readable from the back, a name and its xóm rarely fit one line.
    $("p-next").replaceChildren(...names.map((name) => el("li", { dataset: { name } }, name)));
  }
  // Before the meeting opens the banner stands alone.
  const showNext = next.length > 0 && state.stage_id !== null;
  document.querySelector(".p-next").hidden = !showNext;
  document.body.dataset.next = showNext ? "1" : "";
  text($("p-message-text"), state.message);
  $("p-message").hidden = !state.message;
  $("p-demo").hidden = !state.is_demo;
  if (change.touches("timer")) clock.realign(); // the countdown turns at another moment of the second
  const key = JSON.stringify([document.body.dataset.mode, full, names, showNext, state.banner, state.message, state.is_demo]);
  const intro = view === "intro" && change.touches("delegates", "chairs", "secretaries", "banner", "is_demo");
  const att = view === "attendance" && change.touches("attendance");
  if (key !== laidOut || intro || att) {
    laidOut = key;
    shape = null;
  }
  tick();
}

// The end of the speaking time flashes once, when the countdown crosses zero while it runs; not
// with reduced motion, where the countdown's turning red says it.
const reducedMotion = window.matchMedia("(prefers-reduced-motion: reduce)");
const flashNode = $("p-flash");
flashNode.textContent = T.time_up;
flashNode.addEventListener("animationend", () => flashNode.classList.remove("flash"));
function flash() {
  if (reducedMotion.matches || document.body.dataset.mode !== "speaker") return;
  if (flashNode.classList.contains("flash")) {
    flashNode.classList.remove("flash");
    void flashNode.offsetWidth; // restart the animation that is still running
  }
  flashNode.classList.add("flash");
}

// The word beside the countdown, by phase (or, while it runs, by level); none while running.
const STATE_WORDS = { ready: "ready", paused: "paused", warning: "time_short", overtime: "overtime" };

let last = null; // the previous tick: speaker, seconds left, running
let shape = null; // what the layout depends on in a tick: the countdown's length and the state word

function tick() {
  if (!S) return;
  cue.watch(S, clock.now(), S.settings.chime); // the chime is a meeting setting, off by default
  const countdown = $("p-countdown");
  const label = $("p-timer-state");
  const sp = currentSpeaker(S);
  if (!sp) {
    text(countdown, "");
    countdown.dataset.phase = "none";
    label.dataset.state = "none";
    label.dataset.text = "";
    last = null;
  } else {
    const left = remaining(S.timer, clock.now());
    const phase = timerState(S);
    const level = levelOf(S, left);
    // Count down to 0:00, then count up in overtime, in red.
    text(countdown, showCountdown(left));
    countdown.dataset.level = level;
    countdown.dataset.phase = phase;
    const running = phase === "running";
    if (running && last && last.id === sp.id && last.running && last.left >= 0 && left < 0) flash();
    last = { id: sp.id, left, running };
    // A word beside the digits, so that no state is told by colour alone.
    const word = running ? level : phase;
    label.dataset.state = word;
    label.dataset.text = STATE_WORDS[word] ? T[STATE_WORDS[word]] : "";
  }
  const now = `${countdown.textContent.length}|${label.dataset.state}`;
  if (now !== shape) {
    shape = now;
    layout();
  }
}

// "Which screen is this?": the chair or a secretary asks; every projector shows its name, given by
// the chair ("Màn chiếu 1 — sân khấu") and kept on this screen, else its own code and the address.
// The code is made once per screen (its browser's storage), so two projectors never look alike.
const CODE_CHARS = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"; // no 0/O, 1/I to misread
function screenCode() {
  let code = localStorage.getItem("projector-code");
  if (!code) {
    const bytes = crypto.getRandomValues(new Uint8Array(4));
    code = [...bytes].map((b) => CODE_CHARS[b % CODE_CHARS.length]).join("");
    localStorage.setItem("projector-code", code);
  }
  return code;
}
const named = new URLSearchParams(location.search).get("name"); // an address the office gave with its name
if (named !== null) localStorage.setItem("projector-name", named.trim());
live.on("identify", ({ seconds, code, name }) => {
  const mine = screenCode();
  if (code && code === mine) {
    if (name) localStorage.setItem("projector-name", name);
    else localStorage.removeItem("projector-name");
  }
  const own = localStorage.getItem("projector-name");
  const box = $("p-identify");
  box.textContent = own ? `${T.this_projector} ${own} (${mine})` : `${T.this_projector} ${mine} — ${location.host}`;
  box.hidden = false;
  clearTimeout(box.timer);
  box.timer = setTimeout(() => (box.hidden = true), (seconds || 5) * 1000);
});

// Keep the screen awake: NoSleep uses the Wake Lock API where the browser allows it and a
// muted looping video elsewhere (a LAN address over plain http). Some browsers start the video
// only after a user gesture, so the first click (which also goes full screen) enables it again.
const noSleep = new window.NoSleep(); // vendor/nosleep, a classic script (no ES module build)
const stayAwake = () => noSleep.enable().catch(() => {});
stayAwake();
document.addEventListener("click", () => {
  stayAwake();
  document.documentElement.requestFullscreen?.().catch(() => {});
});

window.addEventListener("resize", () => {
  shape = null;
  tick();
});
live.store.subscribe(render);
clock.every(tick, () => timerPhase(S));
live.start({
  meetingId,
  role: "public",
  screen: "projector",
  onJoinError: (ack) => {
    $("p-stage").textContent = ack.errors.map((e) => e.message).join(" ");
  },
});
