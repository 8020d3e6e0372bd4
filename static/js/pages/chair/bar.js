/* The chair's meeting bar: the introductions on the projector, the delegates present, the citizens
 * present (the door's check-in, per xóm, and on the projector), the QR code, registration by phone,
 * the chime, "which screen is this?", the radio's recording mark, the close of the meeting and its reopening. */

import { $, el, text, toast } from "../../core/dom.js";
import { fill, moment } from "../../core/format.js";
import { currentStage, isEnded } from "../../core/meeting.js";
import { T } from "../../core/page.js";

let S = null;
let live = null;

let presentKey = null; // the delegates the dialog's rows were built from

function renderMeeting(state, change) {
  S = state;
  const ended = isEnded(state);
  const showing = state.showing === "delegates";
  const cur = currentStage(state);
  const toggle = $("intro-toggle");
  toggle.textContent = showing ? T.intro_hide : T.intro_show;
  toggle.classList.toggle("on", showing);
  // The introductions belong to the first stage: the button stands out there.
  toggle.classList.toggle("suggested", !showing && !ended && cur !== null && cur.index === 0);
  toggle.hidden = ended && !showing; // a closed meeting shows its close, not the introductions
  const present = state.delegates.filter((d) => d.present).length;
  $("present-count").textContent = `(${present}/${state.delegates.length})`;
  $("meeting-close").hidden = ended || state.started_at === null;
  $("meeting-reopen").hidden = !ended;
  const line = $("ended-line");
  line.hidden = !ended;
  line.textContent = ended
    ? `${T.meeting_has_closed} ${fill(T.closed_at, { time: moment(state.ended_at, state.starts_at) })}`
    : "";
  document.body.dataset.ended = ended ? "1" : "";
  renderRecording(state);
  if (change.touches("delegates")) renderPresent(state);
  if (change.touches("attendance", "showing", "registration_open", "ended_at")) renderAttendance(state);
}

/** The radio's recording mark: "Bắt đầu ghi âm" until it is set, then the time it was set (a mark is
 * not moved by a stray tap: ✕ takes it away, and the next tap marks again). */
function renderRecording(state) {
  const at = state.recording_started_at;
  const mark = $("recording-mark");
  text(mark, at === null || at === undefined ? T.rec_mark : fill(T.rec_since, { time: moment(at, state.starts_at) }));
  mark.disabled = at !== null && at !== undefined;
  mark.classList.toggle("on", mark.disabled);
  $("recording-clear").hidden = !mark.disabled;
}

/** Who came, from the door's check-in: "Có mặt 37/100 (khách 2)" in the bar, per xóm in the
 * dialog, and the toggle that puts the count on the projector. */
function renderAttendance(state) {
  const att = state.attendance || { invited: 0, present: 0, walk_ins: 0, per_xom: [] };
  const total = att.invited
    ? fill(T.att_present, { n: att.present, total: att.invited })
    : fill(T.att_present_n, { n: att.present });
  const walkIns = att.walk_ins ? fill(T.att_walk_ins, { n: att.walk_ins }) : "";
  $("attendance-open").textContent = [total, walkIns].filter(Boolean).join(" ");
  $("attendance-total").textContent = [total, walkIns].filter(Boolean).join(" ");
  const showing = state.showing === "attendance";
  for (const button of document.querySelectorAll(".attendance-toggle")) {
    button.textContent = showing ? T.att_hide : T.att_show;
    button.classList.toggle("on", showing);
  }
  $("attendance-toggle").hidden = isEnded(state) && !showing;
  $("qr-toggle").textContent = state.showing === "qr" ? T.att_hide : T.qr_show;
  $("qr-toggle").classList.toggle("on", state.showing === "qr");
  $("registration-toggle").textContent = state.registration_open ? T.req_close_button : T.req_open_button;
  const allocated = att.per_xom.some((x) => x.allocated !== null && x.allocated !== undefined);
  document.querySelector(".attendance-table").classList.toggle("no-allocation", !allocated);
  $("attendance-rows").replaceChildren(
    ...att.per_xom.map((x) =>
      el(
        "tr",
        {},
        el("th", { scope: "row" }, x.xom),
        el("td", { class: "num present" }, String(x.present)),
        el("td", { class: "num" }, String(x.invited)),
        el("td", { class: "num att-allocated" }, x.allocated === null || x.allocated === undefined ? "–" : String(x.allocated))
      )
    )
  );
}

/** The dialog's rows, one checkbox a delegate; rebuilt only when the delegates change, so that a
 * tap keeps its focus when the patch comes back. */
function renderPresent(state) {
  const list = $("present-list");
  const key = JSON.stringify(state.delegates.map((d) => [d.id, d.name, d.title, d.unit, d.group]));
  if (key !== presentKey) {
    presentKey = key;
    const focused = document.activeElement && list.contains(document.activeElement) ? document.activeElement.dataset.id : null;
    list.replaceChildren(
      ...(state.delegates.length
        ? state.delegates.map((d) =>
            el(
              "li",
              {},
              el(
                "label",
                { class: "present-row" },
                el("input", { type: "checkbox", dataset: { id: d.id }, onchange: (e) => markPresent(d.id, e.target) }),
                el("span", { class: "who" }, el("b", {}, d.name), d.title ? el("span", { class: "muted" }, d.title) : null)
              )
            )
          )
        : [el("li", { class: "muted" }, T.no_delegates)])
    );
    if (focused) list.querySelector(`input[data-id="${focused}"]`)?.focus();
  }
  for (const d of state.delegates) {
    const box = list.querySelector(`input[data-id="${d.id}"]`);
    if (box) box.checked = Boolean(d.present);
  }
}

async function markPresent(id, box) {
  const ack = await live.run("delegate.present", { delegate_id: id, present: box.checked });
  if (!ack.ok) {
    const d = S.delegates.find((x) => x.id === id);
    box.checked = Boolean(d && d.present); // refused: show what the server holds
  }
}


export function mount(connection) {
  live = connection;
  live.store.subscribe(renderMeeting);
  $("intro-toggle").onclick = () => live.run("hall.show", { what: S.showing === "delegates" ? "" : "delegates" });
  $("present-open").onclick = () => $("present-dialog").showModal();
  $("attendance-open").onclick = () => $("attendance-dialog").showModal();
  for (const button of document.querySelectorAll(".attendance-toggle")) {
    button.onclick = () => live.run("hall.show", { what: S.showing === "attendance" ? "" : "attendance" });
  }
  $("qr-toggle").onclick = () => live.run("hall.show", { what: S.showing === "qr" ? "" : "qr" });
  $("registration-toggle").onclick = () => live.run(S.registration_open ? "registration.close" : "registration.open", {});
  const chimeLabel = () => ($("chime-toggle").textContent = localStorage.getItem("chair-chime") === "on" ? T.chime_on : T.chime_off);
  $("chime-toggle").onclick = () => {
    localStorage.setItem("chair-chime", localStorage.getItem("chair-chime") === "on" ? "off" : "on");
    chimeLabel();
  };
  chimeLabel();
  $("identify").onclick = async () => toast(await live.ask("screen.identify", {}), T.identify_sent);
  // Name the projector showing a code ("Màn chiếu 1 — sân khấu"): it keeps and shows that name.
  $("screen-name-set").onclick = async () => {
    const code = $("screen-code").value.trim().toUpperCase();
    if (!code) return $("screen-code").focus();
    const ack = await live.ask("screen.identify", { code, name: $("screen-name").value });
    toast(ack, T.identify_sent);
  };
  // How many projectors and phones follow the meeting (the presence report of each process, as the
  // connection keeps them: cleared at each join, so no ghost of a process gone with a restart).
  live.on("presence", () => {
    const all = [...live.presence.values()];
    const sum = (key) => all.reduce((n, r) => n + (r[key] || 0), 0);
    $("screens-count").textContent = fill(T.screens_count, { projectors: sum("projectors"), phones: sum("phones") });
  });
  // Both carry the mark the screen showed: two screens tapping at once mark once (changed_meanwhile).
  $("recording-mark").onclick = () => live.run("recording.mark", { expected_at: S.recording_started_at ?? null });
  $("recording-clear").onclick = () => {
    if (confirm(T.rec_confirm_clear)) live.run("recording.clear", { expected_at: S.recording_started_at });
  };
  $("meeting-close").onclick = () => {
    if (confirm(T.confirm_close)) live.run("meeting.close", {});
  };
  $("meeting-reopen").onclick = () => live.run("meeting.reopen", {});
}
