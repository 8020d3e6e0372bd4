/* The PIN-and-name form of the operator screens (templates/_pin.html): the person's name (remembered
 * by this browser, for the log) and the PIN (kept for this tab, so reconnects and reloads rejoin
 * silently). On a good join the form hides and #app shows; a refused one (or a PIN the office
 * changed) brings the form back with why. */

import { pinKey } from "./http.js";

/** Join `live` (a Connection) as `role` of `meetingId` through the PIN form; `onJoined()` after each
 * join. */
export function startWithPin(live, meetingId, role, onJoined = () => {}) {
  const key = pinKey(role, meetingId);
  const form = document.getElementById("pin-form");
  const app = document.getElementById("app");
  const error = document.getElementById("pin-error");
  const pinInput = form.querySelector("#pin");
  const nameInput = form.querySelector("#person");
  let started = false;
  let shown = false;
  nameInput.value = localStorage.getItem("person-name") || "";

  function begin(pin, name) {
    started = true;
    live.start({
      meetingId,
      role,
      pin,
      name,
      onJoined() {
        sessionStorage.setItem(key, pin);
        localStorage.setItem("person-name", name);
        form.hidden = true;
        app.hidden = false;
        onJoined();
        if (shown) return;
        shown = true;
        // Where the work starts: the element a page marks for it, else the page itself, never a
        // button that a stray Enter would press.
        const first = app.querySelector("[data-autofocus]");
        if (first) first.focus();
        else {
          app.tabIndex = -1;
          app.focus();
        }
      },
      onJoinError(ack) {
        sessionStorage.removeItem(key);
        live.stop();
        started = false;
        app.hidden = true;
        form.hidden = false;
        error.textContent = ack.errors.map((e) => e.message).join(" ");
        error.hidden = false;
        const field = ack.errors.some((e) => e.field === "name") ? nameInput : pinInput;
        field.select();
        field.focus();
      },
    });
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
