/* The office's follow-up of every meeting's assignments until the written reply. */
"use strict";

(() => {
  const T = window.STRINGS;
  const $ = (id) => document.getElementById(id);
  const form = $("reply-form");
  const field = (name) => form.elements.namedItem(name);
  let today = ""; // the server's date (ISO), the reply date offered by default

  function daysText(item) {
    if (item.closed_at) return el("span", { class: "muted" }, T.closed);
    if (item.days_left === null) return "";
    if (item.days_left < 0) return el("span", { class: "badge-over" }, T.overdue.replace("{n}", -item.days_left));
    if (item.days_left === 0) return el("span", { class: "badge-warn" }, T.due_today);
    return T.days_left.replace("{n}", item.days_left);
  }

  async function load() {
    const ack = await Live.ask("followup.list", { closed: $("fu-closed").checked });
    if (!ack.ok) return toast(ack);
    today = ack.today;
    $("fu-count").textContent = `(${ack.items.filter((i) => !i.closed_at).length})`;
    $("fu-rows").replaceChildren(
      ...ack.items.map((item) =>
        el(
          "tr",
          { dataset: { id: `${item.meeting_id}-${item.id}` }, class: item.days_left < 0 && !item.closed_at ? "overdue" : null },
          el("td", {}, item.meeting_title, el("div", { class: "muted" }, Fmt.date(item.starts_at))),
          el(
            "td",
            {},
            item.citizen_name,
            item.citizen_xom ? el("div", { class: "muted" }, item.citizen_xom) : null,
            item.raised_at
              ? el("div", { class: "muted raised-at" }, T.raised_at.replace("{time}", Fmt.moment(item.raised_at, item.starts_at)))
              : null
          ),
          el("td", {}, item.summary),
          el("td", {}, item.outcome === "forwarded" ? item.forwarded_to : item.unit),
          el("td", {}, Fmt.date(item.deadline), el("div", {}, daysText(item))),
          el(
            "td",
            {},
            item.reply_date ? `${Fmt.date(item.reply_date)} ${item.reply_ref}: ${item.reply_summary}` : "",
            item.citizen_accepted === null ? null : el("div", { class: "muted" }, item.citizen_accepted ? T.accepted : T.not_accepted)
          ),
          el("td", {}, item.closed_at ? null : el("button", { type: "button", class: "primary", onclick: () => open(item) }, T.reply))
        )
      )
    );
  }

  /** The figures across meetings: open opinions by unit, the overdue ones, repeated topics. */
  async function loadAcross() {
    const { body } = await Http.json("/office/statistics", "office", null);
    if (!body.ok) return toast(body);
    const rows = (counts) =>
      Object.entries(counts).map(([name, n]) => el("tr", {}, el("td", {}, name || T.no_unit), el("td", { class: "num" }, String(n))));
    const none = (cells) => (cells.length ? cells : [el("tr", {}, el("td", { class: "muted" }, T.none))]);
    $("open-by-unit").replaceChildren(...none(rows(body.open_by_unit)));
    $("repeated").replaceChildren(...none(rows(body.repeated)));
    $("overdue-count").textContent = `(${body.overdue.length})`;
    $("overdue-list").replaceChildren(
      ...body.overdue.map((o) =>
        el("li", {}, el("b", {}, Fmt.date(o.deadline)), ` ${o.unit}: ${o.summary} `, el("span", { class: "muted" }, `(${o.citizen}, ${o.meeting})`))
      )
    );
  }

  $("register-all").onclick = async (event) => {
    const button = event.currentTarget;
    button.disabled = true;
    const problem = await Http.download("/office/register.xlsx", "office", null, "so-theo-doi-y-kien.xlsx");
    button.disabled = false;
    if (problem) toast(problem);
  };

  function open(item) {
    form.reset();
    form.hidden = false;
    field("opinion_id").value = item.id;
    field("meeting_id").value = item.meeting_id;
    $("reply-title").textContent = `${item.citizen_name}: ${item.summary}`;
    DateField.set(field("reply_date"), item.reply_date || today);
    field("reply_ref").value = item.reply_ref || "";
    field("reply_summary").value = item.reply_summary || "";
    field("citizen_accepted").value = item.citizen_accepted === null ? "" : item.citizen_accepted ? "yes" : "no";
    field("reply_summary").focus();
  }

  form.addEventListener("submit", async (e) => {
    e.preventDefault();
    const accepted = field("citizen_accepted").value;
    // Typed dd/mm/yyyy, sent as ISO; a value that is not a date is said next to it, and nothing is sent.
    const replyDate = DateField.read(field("reply_date"));
    if (!replyDate) {
      if (replyDate === "") DateField.say(field("reply_date"), T.date_format);
      field("reply_date").focus();
      return;
    }
    const ack = await Live.send(
      "opinion.reply",
      {
        opinion_id: Number(field("opinion_id").value),
        reply_date: replyDate,
        reply_summary: field("reply_summary").value,
        reply_ref: field("reply_ref").value,
        citizen_accepted: accepted === "" ? null : accepted === "yes",
        close: field("close").checked,
      },
      Number(field("meeting_id").value)
    );
    toast(ack, T.saved);
    if (ack.ok) {
      form.hidden = true;
      load();
    } else {
      const date = ack.errors.find((x) => x.field === "reply_date");
      if (date) DateField.say(field("reply_date"), date.message);
    }
  });
  form.addEventListener("keydown", (e) => e.key === "Escape" && (form.hidden = true));
  $("reply-cancel").onclick = () => (form.hidden = true);
  $("fu-closed").onchange = load;
  DateField.attach(field("reply_date"));

  startWithPin(null, "office", () => {
    load();
    loadAcross();
  });
})();
