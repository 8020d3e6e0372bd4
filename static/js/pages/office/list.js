/* The list of meetings (`meetings.list`, with each operator's PIN): each with its phase, its
 * screens' addresses and PINs, and buttons to edit or copy it. Read again after each (re)join, after
 * a command that changes what the list shows, and when the tab comes back. */

import { $, el, toast } from "../../core/dom.js";
import { date, fill } from "../../core/format.js";
import { T } from "../../core/page.js";
import { openCopy } from "./create.js";
import { openEditor } from "./editor.js";
import { followed, live } from "./session.js";

/** The last meetings.list, newest first. */
export let meetings = [];

/** "Thôn {name}", unless the office already typed "Thôn Đông Tiến". */
export function hamletText(hamlet) {
  if (!hamlet) return "";
  const prefix = T.hamlet_of.split("{name}")[0].trim().toLowerCase();
  return prefix && hamlet.toLowerCase().startsWith(prefix) ? hamlet : fill(T.hamlet_of, { name: hamlet });
}

/** "Đang chuẩn bị": the phase's name, as a badge says it. */
export function phaseText(phase) {
  const text = T[`phase_${phase}`] || phase;
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** The screens of a meeting, with the PIN the office hands out next to each. */
function screens(m) {
  const row = (screen, label, pin) => {
    const path = `/m/${m.id}/${screen}`;
    return [
      el("a", { class: "button screen-link", href: path, target: "_blank", rel: "noopener", dataset: { screen } }, label),
      el("code", { class: "screen-url" }, location.origin + path),
      pin
        ? el(
            "span",
            { class: "pin", dataset: { pin: screen } },
            `${T.pin} `,
            el("b", {}, pin),
            " ",
            el("button", { type: "button", class: "new-pin", dataset: { newPin: screen }, onclick: () => newPin(m.id, screen) }, T.new_pin)
          )
        : el("span", { class: "pin muted" }, T.no_pin),
    ];
  };
  const pins = m.pins || {};
  return el(
    "div",
    { class: "screens-grid" },
    row("chair", T.role_chair, pins.chair),
    row("secretary", T.role_secretary, pins.secretary),
    row("door", T.role_door, pins.door),
    row("projector", T.role_projector, null),
    // The documents after the meeting, in this tab: the office PIN lives in this tab's sessionStorage.
    el("a", { class: "button screen-link", href: `/m/${m.id}/documents?as=office`, dataset: { screen: "documents" } }, T.documents_link),
    // The QR code of the phone page, to print for the hall's doors and tables.
    el("a", { class: "button screen-link", href: `/m/${m.id}/qr.svg`, target: "_blank", rel: "noopener", dataset: { screen: "qr" } }, T.qr_print)
  );
}

/** A new PIN for a role of a meeting: the screens using the old one are signed out at once. */
async function newPin(meetingId, role) {
  if (!confirm(T.confirm_new_pin)) return;
  const ack = await live.ask("pin.regenerate", { meeting_id: meetingId, role });
  if (!ack.ok) return toast(ack);
  await loadList();
}

function meetingItem(m) {
  return el(
    "li",
    { class: "office-meeting", dataset: { id: m.id, phase: m.phase }, "aria-current": m.id === followed ? "true" : null },
    el(
      "div",
      { class: "m-head" },
      el("h3", {}, m.is_demo ? el("span", { class: "demo-badge" }, T.demo) : null, m.is_demo ? " " : null, m.title),
      el(
        "span",
        { class: "m-actions" },
        el("button", { type: "button", class: "edit", "aria-label": `${T.edit}: ${m.title}`, onclick: () => openEditor(m.id, true) }, T.edit),
        el("button", { type: "button", class: "copy", "aria-label": `${T.copy}: ${m.title}`, onclick: () => openCopy(m) }, T.copy)
      )
    ),
    el(
      "p",
      { class: "muted m-meta" },
      el("span", { class: "phase-badge", dataset: { phase: m.phase } }, phaseText(m.phase)),
      " ",
      [hamletText(m.hamlet), m.place, date(m.starts_at)].filter(Boolean).join(" · ")
    ),
    screens(m)
  );
}

/** Read the list again and show it (a few dozen meetings: redrawn whole, it is not live). */
export async function loadList() {
  const ack = await live.ask("meetings.list", {});
  if (!ack.ok) return toast(ack);
  meetings = ack.meetings;
  const open = meetings.filter((m) => m.phase !== "archived");
  const archived = meetings.filter((m) => m.phase === "archived");
  $("meeting-count").textContent = `(${meetings.length})`;
  $("meeting-list").replaceChildren(...(meetings.length ? open.map(meetingItem) : [el("li", { class: "muted" }, T.no_meetings)]));
  $("archived-list").replaceChildren(...archived.map(meetingItem));
  $("archived-summary").textContent = fill(T.archived_n, { n: archived.length });
  $("archived").hidden = !archived.length;
  if (archived.some((m) => m.id === followed)) $("archived").open = true;
  $("create-empty").hidden = meetings.length > 0;
  if (followed !== null) showScreens();
}

/** Mark the meeting open in the editor in the list. */
export function markEditing() {
  for (const li of document.querySelectorAll("#meeting-list > li, #archived-list > li")) {
    if (Number(li.dataset.id) === followed) li.setAttribute("aria-current", "true");
    else li.removeAttribute("aria-current");
  }
}

/** The screens of the meeting open in the editor, at the top of the editor. */
export function showScreens() {
  const m = meetings.find((x) => x.id === followed);
  $("editor-screens").replaceWith(m ? Object.assign(screens(m), { id: "editor-screens" }) : el("div", { id: "editor-screens" }));
}
