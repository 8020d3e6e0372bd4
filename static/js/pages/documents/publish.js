/* 5. Publishing the results (/m/<id>/results) and the regulation's ten days to do it. */

import { $ } from "../../core/dom.js";
import { now } from "../../core/clock.js";
import { fill } from "../../core/format.js";
import { T } from "../../core/page.js";
import { ID, command, ddmmyyyy, stamp, state } from "./context.js";

const DUTY_DAYS = 10; // the regulation's ten days to publish the results

export function renderPublish() {
  const path = `/m/${ID}/results`;
  const link = $("public-link");
  link.href = path;
  link.textContent = location.origin + path;
  const published = state().published_at !== null && state().published_at !== undefined;
  $("publish-state").textContent = published ? fill(T.docs_published_at, { time: stamp(state().published_at) }) : T.docs_not_published;
  $("publish-state").dataset.published = published ? "yes" : "no";
  $("publish").hidden = published;
  $("unpublish").hidden = !published;
  link.classList.toggle("muted", !published);
  const duty = $("publish-duty");
  duty.className = "publish-duty";
  if (!state().ended_at) {
    duty.textContent = T.docs_duty_not_ended;
    return;
  }
  const ended = new Date(state().ended_at * 1000);
  const due = new Date(ended.getFullYear(), ended.getMonth(), ended.getDate() + DUTY_DAYS);
  const today = new Date(now() * 1000);
  const midnight = new Date(today.getFullYear(), today.getMonth(), today.getDate());
  const left = Math.round((due - midnight) / 86400000);
  let when;
  if (published) when = fill(T.docs_duty_done, { date: ddmmyyyy(new Date(state().published_at * 1000)) });
  else if (left > 0) when = fill(T.docs_duty_left, { n: left });
  else if (left === 0) when = T.docs_duty_today;
  else {
    when = fill(T.docs_duty_overdue, { n: -left });
    duty.classList.add("overdue");
  }
  if (!published && left <= 2) duty.classList.add("soon");
  duty.textContent = `${fill(T.docs_duty, { date: ddmmyyyy(due) })} – ${when}`;
}

$("publish").addEventListener("click", () => command("results.publish", {}, T.docs_publish_ok));
$("unpublish").addEventListener("click", () => {
  if (confirm(T.docs_confirm_unpublish)) command("results.unpublish", {}, T.docs_unpublish_ok);
});
