/* The phone's "register" view: ask to speak, then follow that request's answer.
 *
 * The phone keeps in localStorage its own random token (`device`, made once), the request it sent
 * ({request_id, device}) and, until the server answers, the envelope being sent: a reload or a lost
 * Wi-Fi resends the SAME envelope id (the core's send, patient), and the server applies it once. The
 * request's state comes from `request.status`, asked on every patch and every 10 s. */

import { $, el } from "../../core/dom.js";
import { fill, newId } from "../../core/format.js";
import { meetingId, T } from "../../core/page.js";

const KEYS = { device: "phone-device", mine: `phone-request-${meetingId}`, pending: `phone-pending-${meetingId}`, person: "phone-person" };
const form = $("ph-form");
const field = (name) => form.elements.namedItem(name);
let live = null;
let S = null;
let status = null; // the last request.status answer for the stored request
let sending = false;
let slow = false; // sending for over 15 s: waiting for the Wi-Fi
let slowTimer = null;
let sendNote = ""; // why a send waits (the server asked to slow down)
let wasCalled = false;

const load = (key) => {
  try {
    return JSON.parse(localStorage.getItem(key));
  } catch (e) {
    return null;
  }
};
const save = (key, value) => {
  try {
    if (value === null) localStorage.removeItem(key);
    else localStorage.setItem(key, JSON.stringify(value));
  } catch (e) {
    // private mode: the page still works, it forgets on reload
  }
};

/** This phone's own token: 18 random bytes in base64url (24 characters), made once and kept. */
function device() {
  let token = null;
  try {
    token = localStorage.getItem(KEYS.device);
  } catch (e) {
    // no storage: a token for this page only
  }
  if (!/^[A-Za-z0-9_-]{22,64}$/.test(token || "")) {
    const bytes = crypto.getRandomValues(new Uint8Array(18));
    token = btoa(String.fromCharCode(...bytes)).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
    try {
      localStorage.setItem(KEYS.device, token);
    } catch (e) {
      // as above
    }
  }
  return token;
}

// ------------------------------------------------------------ register: ask to speak

/** The xóm: a list of the meeting's xóms (its allocation) with "other", or typed. */
function renderXoms(state) {
  const list = $("ph-f-xom-list");
  const xoms = (state.allocation || []).map((a) => a.xom).filter(Boolean);
  const key = JSON.stringify(xoms);
  if (list.dataset.key === key) return;
  list.dataset.key = key;
  const typed = field("xom").value;
  list.replaceChildren(
    el("option", { value: "" }, T.phone_choose_xom),
    ...xoms.map((x) => el("option", { value: x }, x)),
    el("option", { value: "\u0000other" }, T.phone_other_xom)
  );
  list.hidden = !xoms.length;
  list.value = xoms.includes(typed) ? typed : typed ? "\u0000other" : "";
  showXomInput();
}

function showXomInput() {
  const list = $("ph-f-xom-list");
  const other = list.hidden || list.value === "\u0000other";
  field("xom").hidden = !other;
  $("ph-f-xom-label").htmlFor = other ? "ph-f-xom" : "ph-f-xom-list";
  if (!other) field("xom").value = list.value;
}

function onXomChoice() {
  const list = $("ph-f-xom-list");
  if (list.value === "\u0000other") {
    field("xom").value = "";
    showXomInput();
    field("xom").focus();
  } else showXomInput();
}

/** The form, or that registration is closed, or nothing while a request is being followed. */
function renderForm() {
  const mine = load(KEYS.mine);
  const busy = sending || load(KEYS.pending) !== null || (mine && !finished());
  const closed = S && (S.registration_open === false || !!S.ended_at);
  $("ph-closed").hidden = !closed || busy;
  $("ph-closed").textContent = S && S.ended_at ? T.meeting_has_closed : T.phone_closed;
  form.hidden = busy || closed;
}

/** Whether the stored request is over (rejected, spoken, passed over, withdrawn): a new one may go. */
function finished() {
  if (!status) return false;
  if (status.status === "rejected") return true;
  return status.status === "accepted" && !status.called && status.place == null && status.speaker_status !== "queued";
}

function say(text) {
  $("ph-form-error").textContent = text;
  $("ph-form-error").hidden = !text;
}

function onSubmit(event) {
  event.preventDefault();
  if (sending) return;
  const payload = { name: field("name").value, xom: field("xom").value, topic: field("topic").value, text: field("text").value };
  for (const name of ["name", "xom", "topic"]) {
    if (!payload[name].trim()) {
      say(T.phone_fill);
      (name === "xom" && !$("ph-f-xom-list").hidden && field("xom").hidden ? $("ph-f-xom-list") : field(name)).focus();
      return;
    }
  }
  save(KEYS.person, { name: payload.name, xom: payload.xom });
  send({ id: newId(), payload: { ...payload, device: device() } });
}

/** Send the request until the server answers it: the same envelope id every time (after a lost
 * Wi-Fi, a reload), so that it is applied once. */
async function send(pending) {
  save(KEYS.pending, pending);
  sending = true;
  slow = false;
  clearTimeout(slowTimer);
  slowTimer = setTimeout(() => {
    slow = true;
    renderMine();
  }, 15000);
  say("");
  renderForm();
  renderMine();
  // The core's one retry path, patient: resent with the same id until the server answers it.
  const ack = await live.send("request.submit", pending.payload, {
    id: pending.id,
    patient: true,
    onWait(answer) {
      // Perhaps an earlier try got through and its answer was lost: the same id again, later.
      sendNote = answer.errors.map((e) => e.message).join(" ");
      renderMine();
    },
  });
  clearTimeout(slowTimer);
  sending = false;
  sendNote = "";
  save(KEYS.pending, null);
  if (ack.ok) {
    save(KEYS.mine, { request_id: ((ack.created || {}).requests || [null])[0], device: pending.payload.device, name: pending.payload.name, topic: pending.payload.topic });
    status = null;
    form.reset();
    say("");
  } else {
    say(ack.errors.map((e) => e.message).join(" "));
  }
  renderForm();
  renderMine();
  askStatus();
  if (!ack.ok) (form.querySelector(`[name="${(ack.errors.find((e) => e.field) || {}).field}"]`) || $("ph-send")).focus();
}

let asking = false;
let askAgain = false;
/** The stored request's state now (on every patch, every 10 s). */
async function askStatus() {
  const mine = load(KEYS.mine);
  if (!mine || !Number.isInteger(mine.request_id)) return;
  if (asking) {
    askAgain = true;
    return;
  }
  asking = true;
  const ack = await live.ask("request.status", { request_id: mine.request_id, device: mine.device });
  asking = false;
  const still = (load(KEYS.mine) || {}).request_id === mine.request_id; // not replaced meanwhile
  if (ack.ok && still) status = ack;
  else if (still && ack.errors.some((e) => e.code === "no_such_request")) {
    save(KEYS.mine, null); // not this meeting's any more (another database): forget it
    status = null;
  }
  renderForm();
  renderMine();
  if (askAgain) {
    askAgain = false;
    askStatus();
  }
}

/** The request's card: its state in words, in both views. */
function renderMine() {
  const mine = load(KEYS.mine);
  const card = $("ph-mine");
  let text = "";
  let detail = "";
  let tone = "wait";
  if (sending) {
    text = slow ? T.phone_waiting_network : T.phone_sending;
    detail = sendNote;
  } else if (mine) {
    detail = [mine.name, mine.topic].filter(Boolean).join(" · ");
    if (mine.request_id === null) text = T.phone_sent;
    else if (!status || status.status === "pending") text = T.phone_pending;
    else if (status.status === "rejected") {
      text = fill(T.phone_rejected, { reason: status.reason });
      tone = "no";
    } else if (status.called) {
      text = T.phone_called;
      tone = "called";
    } else if (status.place != null) {
      text = status.place <= 2 ? T.phone_soon : fill(T.phone_place, { n: status.place });
      if (status.place <= 2) detail = fill(T.phone_place, { n: status.place });
      tone = status.place <= 2 ? "soon" : "ok";
    } else {
      text = T[`phone_${status.speaker_status}`] || T.phone_done;
      tone = "over";
    }
  }
  const called = tone === "called";
  if (called && !wasCalled && navigator.vibrate) navigator.vibrate([400, 200, 400, 200, 400]);
  wasCalled = called;
  card.hidden = !text;
  card.dataset.tone = tone;
  $("ph-mine-state").textContent = text;
  $("ph-mine-detail").textContent = detail;
  $("ph-again").hidden = !mine || sending || !(mine.request_id === null || finished());
}

function again() {
  save(KEYS.mine, null);
  status = null;
  const person = load(KEYS.person) || {};
  field("name").value = person.name || "";
  field("xom").value = person.xom || "";
  if (S) {
    $("ph-f-xom-list").dataset.key = "";
    renderXoms(S);
  }
  renderForm();
  renderMine();
  show("register");
  field("topic").focus();
}

/** Show one of the two views ("follow", "register"). */
export function show(view) {
  document.body.dataset.view = view;
  for (const tab of document.querySelectorAll(".ph-tabs [role=tab]")) {
    const on = tab.dataset.view === view;
    tab.setAttribute("aria-selected", String(on));
    $(tab.getAttribute("aria-controls")).hidden = !on;
  }
}

export function mount(connection) {
  live = connection;
  $("ph-f-xom-list").addEventListener("change", onXomChoice);
  form.addEventListener("input", () => say(""));
  form.addEventListener("submit", onSubmit);
  $("ph-again").addEventListener("click", again);
  document.querySelectorAll(".ph-tabs [role=tab]").forEach((tab) => tab.addEventListener("click", () => show(tab.dataset.view)));
  const person = load(KEYS.person);
  if (person) {
    field("name").value = person.name || "";
    field("xom").value = person.xom || "";
  }
  live.store.subscribe((state, change) => {
    S = state;
    if (change.touches("allocation")) renderXoms(state);
    renderForm();
    askStatus();
  });
  setInterval(askStatus, 10000);
  const pending = load(KEYS.pending);
  if (pending && pending.id && pending.payload) {
    show("register");
    send(pending); // sent before the reload, never answered: the same id again
  }
  renderMine();
}
