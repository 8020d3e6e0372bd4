/* The office's follow-up of every meeting's assignments until the written reply
 * (templates/followup.html): the list (list.js), the reply form, and the figures across meetings
 * (across.js). */

import { $, toast } from "../../core/dom.js";
import * as dates from "../../core/dates.js";
import { T } from "../../core/page.js";
import { startWithPin } from "../../core/pin.js";
import { loadAcross } from "./across.js";
import { live } from "./connection.js";
import { load, today, whenReply } from "./list.js";

export { live };

const form = $("reply-form");
const field = (name) => form.elements.namedItem(name);

whenReply((item) => {
  form.reset();
  form.hidden = false;
  field("opinion_id").value = item.id;
  field("meeting_id").value = item.meeting_id;
  $("reply-title").textContent = `${item.citizen_name}: ${item.summary}`;
  dates.set(field("reply_date"), item.reply_date || today);
  field("reply_ref").value = item.reply_ref || "";
  field("reply_summary").value = item.reply_summary || "";
  field("citizen_accepted").value = item.citizen_accepted === null ? "" : item.citizen_accepted ? "yes" : "no";
  field("reply_summary").focus();
});

form.addEventListener("submit", async (e) => {
  e.preventDefault();
  const accepted = field("citizen_accepted").value;
  // Typed dd/mm/yyyy, sent as ISO; a value that is not a date is said next to it, and nothing is sent.
  const replyDate = dates.read(field("reply_date"));
  if (!replyDate) {
    if (replyDate === "") dates.say(field("reply_date"), T.date_format);
    field("reply_date").focus();
    return;
  }
  const payload = {
    opinion_id: Number(field("opinion_id").value),
    reply_date: replyDate,
    reply_summary: field("reply_summary").value,
    reply_ref: field("reply_ref").value,
    citizen_accepted: accepted === "" ? null : accepted === "yes",
    close: field("close").checked,
  };
  const ack = await live.send("opinion.reply", payload, { meetingId: Number(field("meeting_id").value) });
  toast(ack, T.saved);
  if (ack.ok) {
    form.hidden = true;
    load();
  } else {
    const date = ack.errors.find((x) => x.field === "reply_date");
    if (date) dates.say(field("reply_date"), date.message);
  }
});
form.addEventListener("keydown", (e) => e.key === "Escape" && (form.hidden = true));
$("reply-cancel").addEventListener("click", () => (form.hidden = true));
dates.attach(field("reply_date"));
document.addEventListener("visibilitychange", () => !document.hidden && live.joined && load());

startWithPin(live, null, "office", () => {
  load();
  loadAcross();
});
