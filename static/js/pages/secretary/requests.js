/* The secretary's panel of the requests to speak sent from phones (templates/_requests.html): each
 * pending one is accepted into the queue, merged with the paper form of the same person (chosen among
 * the queued speakers, those with the same name or xóm first), or rejected with a reason that the
 * citizen's phone shows. Keyboard first: every action is a button, the reason and the choice of paper
 * form are small forms (Enter confirms, Esc cancels), and the focus moves on to the next request.
 * Rows keyed by request id: a pending row is made once and kept (a half-typed reason survives). */

import { $, el, text, toast } from "../../core/dom.js";
import { KeyedList } from "../../core/list.js";
import { fill, fold, moment } from "../../core/format.js";
import { queueOf } from "../../core/meeting.js";
import { rules, T } from "../../core/page.js";
import { Steady } from "../../core/steady.js";
import * as limits from "./limits.js";

let S = null;
let live = null;
let decisions = null; // the guard of accept and reject (core/steady.js)
let knownOpen = true; // registration by phone, where the snapshot does not say
let first = true; // the first list is not "new"
const givenName = (s) => fold(s).split(" ").pop();

const pendingList = new KeyedList($("req-pending"), {
  make(r) {
    const li = row(r);
    if (!first) {
      li.classList.add("req-new");
      setTimeout(() => li.classList.remove("req-new"), 8000);
    }
    return li;
  },
  update() {}, // a pending request does not change until it is decided; its row is kept as typed
});
const decidedList = new KeyedList($("req-decided"), { make: decidedRow, extra: (r) => outcomeOf(r) });

function onState(state, change) {
  S = state;
  if (typeof state.registration_open === "boolean") knownOpen = state.registration_open;
  if (change.touches("requests", "speakers", "registration_open", "ended_at")) render();
}

function render() {
  const requests = S.requests || [];
  const pending = requests.filter((r) => r.status === "pending");
  const decided = requests.filter((r) => r.status !== "pending").sort((a, b) => (b.decided_at || 0) - (a.decided_at || 0));
  const count = $("req-count");
  count.hidden = !pending.length;
  text(count, String(pending.length));
  count.setAttribute("aria-label", fill(T.req_pending_n, { n: pending.length }));
  $("req-none").hidden = pending.length > 0;
  text($("req-none"), T.req_none);
  pendingList.render(pending); // in order, oldest first
  for (const r of pending) {
    const merge = pendingList.node(r.id).querySelector(".req-merge");
    if (!merge.hidden) candidates(r, merge.querySelector("select"));
  }
  first = false;

  $("req-decided-box").hidden = !decided.length;
  text($("req-decided-title"), fill(T.req_decided_n, { n: decided.length }));
  decidedList.render(decided);

  const open = knownOpen && !S.ended_at;
  $("req-bar").dataset.open = String(open);
  text($("req-state"), open ? T.req_open : T.req_closed);
  text($("req-toggle"), knownOpen ? T.req_close_button : T.req_open_button);
}

const who = (r) => [r.name, r.xom].filter(Boolean).join(" · ");
const sentAt = (r) => fill(T.req_sent_at, { time: moment(r.submitted_at, S.starts_at) });

function row(r) {
  // The reason's limit is said as it is typed (limits.js), never a maxlength that cuts a pasted text.
  const reason = el("input", { name: "reason", "data-limit": rules.limits.note, required: true, autocomplete: "off" });
  // Enter on the choice confirms it (a <select> does not submit its form by itself).
  const select = el("select", {
    name: "speaker_id",
    required: true,
    onkeydown: (e) => {
      if (e.key === "Enter") {
        e.preventDefault();
        mergeForm.requestSubmit();
      }
    },
  });
  const cancel = () => {
    mergeForm.hidden = true;
    rejectForm.hidden = true;
    li.querySelector("[data-act=accept]").focus();
  };
  const escape = (e) => {
    if (e.key === "Escape") {
      e.preventDefault();
      cancel();
    }
  };
  const mergeForm = el(
    "form",
    { class: "req-form req-merge", hidden: true, onkeydown: escape, onsubmit: (e) => submit(e, r, "merge") },
    el("label", {}, T.req_merge_with, select),
    el("button", { type: "submit", class: "primary" }, T.req_merge_do),
    el("button", { type: "button", onclick: cancel }, T.req_cancel)
  );
  const rejectForm = el(
    "form",
    { class: "req-form req-reject", hidden: true, novalidate: true, onkeydown: escape, onsubmit: (e) => submit(e, r, "reject") },
    el("label", {}, T.req_reason, reason),
    el("button", { type: "submit", class: "primary" }, T.req_reject),
    el("button", { type: "button", onclick: cancel }, T.req_cancel)
  );
  limits.attach(rejectForm);
  const li = el(
    "li",
    { class: "req", dataset: { id: r.id } },
    el(
      "div",
      { class: "req-body" },
      el("div", {}, el("b", {}, r.name), r.xom ? ` · ${r.xom}` : "", " ", el("span", { class: "muted" }, sentAt(r))),
      el("div", { class: "req-topic" }, r.topic),
      r.text ? el("div", { class: "req-text" }, r.text) : null
    ),
    el(
      "div",
      { class: "req-actions" },
      decisions.guard(el("button", { type: "button", class: "primary", dataset: { act: "accept" } }, T.req_accept), () =>
        decide(r, "request.accept", { request_id: r.id }, T.added)
      ),
      el(
        "button",
        {
          type: "button",
          dataset: { act: "merge" },
          onclick: () => {
            rejectForm.hidden = true;
            mergeForm.hidden = false;
            candidates(r, select);
            select.focus();
          },
        },
        T.req_merge
      ),
      el(
        "button",
        {
          type: "button",
          dataset: { act: "reject" },
        },
        T.req_reject
      )
    ),
    mergeForm,
    rejectForm
  );
  // Reject only opens its form (no double tap to fear), but not for a moment after a row above was
  // decided and this one moved up under the finger.
  const reject = decisions.watch(li.querySelector("[data-act=reject]"));
  reject.onclick = () => {
    if (decisions.settling()) return decisions.mark();
    mergeForm.hidden = true;
    rejectForm.hidden = false;
    reason.focus();
  };
  return li;
}

/** The queued speakers to merge with: the same name (diacritics aside), or the same given name
 * in the same xóm, first; then the same xóm; then the rest. The choice made is kept. */
function candidates(r, select) {
  const keep = select.value;
  const queued = queueOf(S).filter((s) => !s.official);
  const sameName = (s) => fold(s.name) === fold(r.name) || (givenName(s.name) === givenName(r.name) && fold(s.xom) === fold(r.xom));
  const groups = [[T.req_same_name, []], [T.req_same_xom, []], [T.req_others, []]];
  for (const s of queued) groups[sameName(s) ? 0 : fold(s.xom) === fold(r.xom) && r.xom ? 1 : 2][1].push(s);
  const option = (s) => el("option", { value: s.id }, [s.name, s.xom, s.topic].filter(Boolean).join(" · "));
  select.replaceChildren(
    el("option", { value: "" }, queued.length ? "–" : T.req_nobody_queued),
    ...groups.filter(([, list]) => list.length).map(([label, list]) => el("optgroup", { label }, list.map(option)))
  );
  if ([...select.options].some((o) => o.value === keep && keep)) select.value = keep;
  else select.value = groups[0][1].length ? String(groups[0][1][0].id) : "";
}

async function submit(event, r, kind) {
  event.preventDefault();
  const form = event.target;
  if (kind === "merge") {
    const id = Number(form.elements.speaker_id.value);
    if (!id) {
      form.elements.speaker_id.focus();
      return;
    }
    decide(r, "request.merge", { request_id: r.id, speaker_id: id }, T.req_merged_ok);
  } else {
    const reason = form.elements.reason;
    if (!reason.value.trim()) {
      toast({ ok: false, errors: [{ message: T.req_reason_required }] });
      reason.focus();
      return;
    }
    decide(r, "request.reject", { request_id: r.id, reason: reason.value }, T.req_rejected_ok);
  }
}

/** Send a decision; once it is done, the focus goes to the next pending request (or the panel). */
async function decide(r, name, payload, okText) {
  const li = pendingList.node(r.id);
  const pending = [...$("req-pending").children];
  const next = pending[pending.indexOf(li) + 1] || pending[pending.indexOf(li) - 1] || null;
  li.querySelectorAll("button").forEach((b) => (b.disabled = true));
  const ack = await live.run(name, payload, okText);
  li.querySelectorAll("button").forEach((b) => (b.disabled = false));
  if (!ack.ok) return;
  const target = next && next.isConnected ? next.querySelector("[data-act=accept]") : $("req-toggle");
  target.focus();
}

/** What became of a decided request. */
function outcomeOf(r) {
  if (r.status === "rejected") return fill(T.req_rejected, { reason: r.reason });
  const sp = S.speakers.find((s) => s.id === r.speaker_id);
  const merged = sp && sp.registered_at !== r.decided_at;
  return merged ? fill(T.req_merged, { name: sp.name }) : T.req_accepted;
}

function decidedRow(r) {
  return el(
    "li",
    { dataset: { id: r.id, status: r.status } },
    el("b", {}, who(r)),
    ` — ${r.topic} `,
    el("span", { class: "muted" }, sentAt(r)),
    el("div", { class: "req-outcome" }, outcomeOf(r))
  );
}

export function mount(connection) {
  live = connection;
  // A decided request leaves the pending list and the rows below move up under the finger: accept and
  // reject ignore a tap for a moment after (core/steady.js); the server refuses a decided request.
  decisions = new Steady(live, (state) => String((state.requests || []).filter((r) => r.status !== "pending").length));
  $("req-toggle").addEventListener("click", async () => {
    const closing = knownOpen;
    const ack = await live.send(closing ? "registration.close" : "registration.open", {});
    if (ack.ok || ack.errors.some((e) => e.code === "nothing_to_change")) {
      knownOpen = !closing; // done now, or it already was (another screen)
      toast({ ok: true }, closing ? T.req_closed : T.req_open);
      render();
    } else toast(ack);
  });
  live.store.subscribe(onState);
}
