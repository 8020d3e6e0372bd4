/* The door team's check-in (a phone held in one hand, or a laptop): find an invited citizen by a
 * few letters of the name, with or without diacritics (names.js), and tap to check them in
 * (citizen.checkin); a tap on one already present offers to undo it (citizen.checkout); someone not
 * on the list is added as a walk-in, present (citizen.walk_in). The counts on top (state.attendance)
 * are the server's, kept up to date by the patches.
 *
 * The door role's snapshot carries the citizens (id, name, xóm, year of birth, gender, present,
 * walk_in, checked_in_at). Where a name repeats in a xóm, each row shows the year of birth and the
 * gender, so the team tells two "Trần Thị Hương" of Xóm Đông apart.
 * Should a page's patches not bring the citizens' changes along, the list would fall behind the
 * counts: whenever the list disagrees with state.attendance, the page asks for a fresh snapshot of
 * its own and shows that list (see `sync`). Two door devices tapping the same person: the server
 * checks in the first and tells the second (already_present), in its words. At most 30 rows are
 * shown, keyed by citizen: 1,000 citizens cost a filter, never a list rebuilt. */

import { Connection } from "../../core/connection.js";
import { $, el, text, toast } from "../../core/dom.js";
import { KeyedList } from "../../core/list.js";
import { fill as fmt, timeOfDay } from "../../core/format.js";
import { meetingId, T } from "../../core/page.js";
import { startWithPin } from "../../core/pin.js";
import { byName, matches, words, wordsOf } from "./names.js";

export const live = new Connection(); // exported for the browser tests (import() of this module)

const MAX_ROWS = 30; // rows shown for a search; more means "type more letters"
const RECENT = 8; // when nothing is typed: the last ones checked in, to undo a wrong tap

let S = null; // the state
let list = { version: -1, citizens: [] }; // the citizens shown, and the version they are of
let fetching = false;
let open = null; // the id of the present citizen whose row offers to undo
const busy = new Set(); // ids with a command on its way (a second tap does nothing)


/** The list agrees with the server's counts. */
function consistent(citizens, att) {
  if (!att) return true;
  let present = 0;
  let walkIns = 0;
  for (const c of citizens) {
    if (c.present) present += 1;
    if (c.walk_in) walkIns += 1;
  }
  return present === att.present && walkIns === att.walk_ins && citizens.length - walkIns === att.listed;
}

/** Take the state's citizens when they are new (a snapshot, or a patch that brought them), and
 * ask for a snapshot when the list shown disagrees with the counts. */
function sync(state, change) {
  if (state.citizens && change.touches("citizens")) {
    if (state.version >= list.version) list = { version: state.version, citizens: state.citizens };
  }
  if (!consistent(list.citizens, state.attendance)) refresh();
}

async function refresh() {
  if (fetching) return;
  fetching = true;
  const ack = await live.ask("snapshot", {});
  fetching = false;
  if (ack.ok && ack.state.citizens && ack.state.version >= list.version) {
    list = { version: ack.state.version, citizens: ack.state.citizens };
    render();
  }
  // Still behind a newer patch: once more.
  if (ack.ok && S && !consistent(list.citizens, S.attendance) && S.version > ack.state.version) refresh();
}

function citizen(id) {
  return list.citizens.find((c) => c.id === id) || null;
}

// ---------------------------------------------------------------- rendering

function onState(state, change) {
  S = state;
  sync(state, change);
  if (change.touches("citizens", "attendance")) render();
}

function render() {
  if (!S) return;
  renderCounts(S.attendance);
  renderResults();
  renderXomChoices(S.attendance);
}

function renderCounts(att) {
  if (!att) return;
  $("door-total").textContent = att.invited
    ? fmt(T.att_present, { n: att.present, total: att.invited })
    : fmt(T.att_present_n, { n: att.present });
  $("door-walk-ins").textContent = att.walk_ins ? fmt(T.att_walk_ins, { n: att.walk_ins }) : "";
  $("door-xoms").replaceChildren(
    ...att.per_xom.map((x) => {
      const of = x.invited || x.allocated;
      return el(
        "li",
        { class: of && x.present >= of ? "full" : null },
        el("span", { class: "xom" }, x.xom),
        " ",
        el("b", {}, of ? `${x.present}/${of}` : String(x.present))
      );
    })
  );
}

/** A citizen's name and xóm as one person's key (letter case and spacing aside). */
const personKey = (c) => `${words(c.name).join(" ")}|${words(c.xom).join(" ")}`;
let repeated = new Set(); // keys of the names that more than one citizen of a xóm bear

function findRepeated() {
  const seen = new Set();
  const twice = new Set();
  for (const c of list.citizens) {
    const key = personKey(c);
    if (seen.has(key)) twice.add(key);
    seen.add(key);
  }
  repeated = twice;
}

/** What tells a namesake apart: "sinh 1951 · nữ" (only where the name repeats in the xóm). */
function details(c) {
  if (!repeated.has(personKey(c))) return "";
  const parts = [];
  if (c.year_of_birth) parts.push(fmt(T.door_born, { year: c.year_of_birth }));
  if (c.gender) parts.push(T[`door_gender_${c.gender}`] || c.gender);
  return parts.join(" · ");
}

function renderResults() {
  findRepeated();
  const query = $("door-search").value;
  const typed = words(query);
  let rows;
  let title = "";
  if (typed.length) {
    rows = list.citizens.filter((c) => matches(typed, wordsOf(c.name)));
    // Those still to check in first: whoever stands at the door usually is.
    rows.sort((a, b) => Number(a.present) - Number(b.present) || byName(a, b));
  } else {
    rows = list.citizens
      .filter((c) => c.present)
      .sort((a, b) => (b.checked_in_at || 0) - (a.checked_in_at || 0) || b.id - a.id)
      .slice(0, RECENT);
    title = rows.length ? document.querySelector("#door-results-title").dataset.recent : "";
  }
  $("door-results-title").textContent = title;
  $("door-results-title").hidden = !title;
  $("door-hint").hidden = typed.length > 0 || rows.length > 0;
  const shown = rows.slice(0, MAX_ROWS);
  if (open !== null && !shown.some((c) => c.id === open && c.present)) open = null;
  // Rows keyed by citizen: only a row whose citizen, undo or busy state changed is made again (a
  // focused button hands its focus to the new row).
  results.render(shown);
  $("door-more").hidden = rows.length <= MAX_ROWS;
  $("door-more").textContent = rows.length > MAX_ROWS ? fmt(T.door_more, { n: rows.length - MAX_ROWS }) : "";
  const none = typed.length > 0 && rows.length === 0;
  $("door-none").hidden = !none;
  $("door-none").textContent = none ? fmt(T.door_no_match, { q: query.trim() }) : "";
  $("walkin-open").classList.toggle("suggested", none);
}

const results = new KeyedList($("door-list"), { make: row, extra: (c) => `${open === c.id}|${busy.has(c.id)}|${details(c)}` });

function row(c) {
  const status = c.present
    ? el(
        "span",
        { class: "status present" },
        `✓ ${T.door_present}`,
        c.checked_in_at ? el("small", {}, fmt(T.door_at, { time: timeOfDay(c.checked_in_at) })) : null
      )
    : el("span", { class: "status todo" }, T.door_check_in);
  const more = details(c);
  const who = more ? `${c.name}, ${c.xom}, ${more}` : `${c.name}, ${c.xom}`;
  const label = c.present ? `${who}: ${T.door_present}` : `${T.door_check_in}: ${who}`;
  return el(
    "li",
    { dataset: { id: c.id }, class: [c.present ? "present" : "", open === c.id ? "open" : ""].filter(Boolean).join(" ") || null },
    el(
      "button",
      {
        type: "button",
        class: "who",
        "aria-label": label,
        "aria-expanded": c.present ? String(open === c.id) : null,
        disabled: busy.has(c.id),
        onclick: () => tap(c.id),
      },
      el(
        "span",
        { class: "who-text" },
        el("b", { class: "name" }, c.name),
        more ? el("span", { class: "born" }, more) : null,
        el("span", { class: "xom" }, c.xom, c.walk_in ? ` · ${T.door_walk_in}` : "")
      ),
      status
    ),
    open === c.id
      ? el(
          "div",
          { class: "undo-row" },
          el(
            "button",
            { type: "button", class: "undo", "aria-label": `${T.door_undo}: ${c.name}`, onclick: () => checkOut(c.id) },
            T.door_undo
          )
        )
      : null
  );
}

/** The xóm a walk-in may be from: those the meeting knows, then "Other…" (typed in). */
let xomKey = null;
function renderXomChoices(att) {
  const names = att ? att.per_xom.map((x) => x.xom) : [];
  const key = JSON.stringify(names);
  if (key === xomKey) return;
  xomKey = key;
  const select = $("walkin-xom");
  const keep = select.value;
  select.replaceChildren(
    el("option", { value: "" }, T.door_choose_xom),
    ...names.map((name) => el("option", { value: name }, name)),
    el("option", { value: "\u0000other" }, T.door_other_xom)
  );
  if ([...select.options].some((o) => o.value === keep)) select.value = keep;
  otherXom();
}

function otherXom() {
  const other = $("walkin-xom").value === "\u0000other";
  $("walkin-xom-other").hidden = !other;
  $("walkin-xom-other-label").hidden = !other;
  $("walkin-xom-other").required = other;
}

// ---------------------------------------------------------------- actions

function tap(id) {
  const c = citizen(id);
  if (!c || busy.has(id)) return;
  if (c.present) {
    open = open === id ? null : id;
    renderResults();
    if (open !== null) $("door-list").querySelector(`li[data-id="${id}"] .undo`)?.focus({ preventScroll: true });
    return;
  }
  checkIn(c);
}

/** After a command that changed someone: the search is emptied for the next person. */
function ready() {
  $("door-search").value = "";
  open = null;
  renderResults();
  $("door-search").focus({ preventScroll: true });
  window.scrollTo({ top: 0 });
}

async function send(id, name, payload, success) {
  busy.add(id);
  renderResults();
  const ack = await live.send(name, payload);
  busy.delete(id);
  toast(ack, success);
  if (!ack.ok && ack.errors.some((e) => e.code === "already_present" || e.code === "not_present")) {
    refresh(); // another door device was first: show what the server holds
  }
  if (ack.ok) ready();
  else renderResults();
  return ack;
}

function checkIn(c) {
  return send(c.id, "citizen.checkin", { citizen_id: c.id }, fmt(T.door_checked_in, { name: c.name }));
}

function checkOut(id) {
  const c = citizen(id);
  if (!c) return;
  open = null;
  return send(id, "citizen.checkout", { citizen_id: id }, fmt(T.door_checked_out, { name: c.name }));
}

$("door-search").addEventListener("input", () => {
  open = null;
  renderResults();
});
// Enter (a laptop's keyboard): checks in the one person found, if there is exactly one to check in.
$("door-search-form").addEventListener("submit", (event) => {
  event.preventDefault();
  const typed = words($("door-search").value);
  if (!typed.length) return;
  const found = list.citizens.filter((c) => matches(typed, wordsOf(c.name)));
  const todo = found.filter((c) => !c.present);
  if (found.length === 1 && todo.length === 1) checkIn(todo[0]);
  else $("door-list").querySelector("button.who")?.focus();
});
$("door-search").addEventListener("keydown", (event) => {
  if (event.key === "Escape" && $("door-search").value) {
    $("door-search").value = "";
    renderResults();
  }
});

// ---------------------------------------------------------------- walk-ins

function showWalkIn(show) {
  const form = $("walkin-form");
  form.hidden = !show;
  $("walkin-open").hidden = show;
  $("walkin-open").setAttribute("aria-expanded", String(show));
  if (show) {
    const name = $("walkin-name");
    // What was typed in the search is usually the name: a start, to correct.
    if (!name.value && words($("door-search").value).length) name.value = $("door-search").value.trim();
    name.focus();
    form.scrollIntoView({ block: "nearest" });
  }
}

$("walkin-open").onclick = () => showWalkIn(true);
$("walkin-close").onclick = () => {
  $("walkin-more").hidden = true;
  showWalkIn(false);
  $("door-search").focus({ preventScroll: true });
};
$("walkin-xom").onchange = () => {
  otherXom();
  if (!$("walkin-xom-other").hidden) $("walkin-xom-other").focus();
};
$("walkin-form").onsubmit = async (event) => {
  event.preventDefault();
  const form = event.target;
  const choice = $("walkin-xom").value;
  const xom = choice === "\u0000other" ? $("walkin-xom-other").value : choice;
  const name = $("walkin-name").value;
  const payload = { name, xom };
  if (!$("walkin-more").hidden) {
    // After a "same name" refusal: what tells this person apart, as the team gives it.
    const year = $("walkin-year").value.trim();
    if (year) payload.year_of_birth = /^[0-9]{4}$/.test(year) ? Number(year) : year;
    payload.another_person = $("walkin-another").checked;
  }
  const submit = form.querySelector("button[type=submit]");
  submit.disabled = true;
  const ack = await live.send("citizen.walk_in", payload);
  submit.disabled = false;
  const sameName = !ack.ok && ack.errors.some((e) => e.code === "duplicate_citizen");
  // A "same name" refusal is said in the form, next to what answers it (a toast would cover the button).
  if (!sameName) toast(ack, fmt(T.door_walk_in_added, { name: name.trim() }));
  if (ack.ok) {
    form.reset();
    otherXom();
    $("walkin-more").hidden = true;
    showWalkIn(false);
    ready();
  } else if (sameName) {
    // Already on the list: find them there, to check them in with a tap; or, if this is another
    // person of the same name, give the year of birth (or say so) and add again.
    $("door-search").value = name;
    renderResults();
    const said = ack.errors.find((e) => e.code === "duplicate_citizen").message;
    $("walkin-same").textContent = `${said} ${T.door_same_name}`;
    $("walkin-more").hidden = false;
    $("walkin-year").focus();
  }
};

live.store.subscribe(onState);
startWithPin(live, meetingId, "door");
