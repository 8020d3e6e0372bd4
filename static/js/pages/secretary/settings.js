/* The meeting's settings on the secretary's page: filled once from the first state (never over what
 * is being typed), saved with meeting.settings. */

import { $, toast } from "../../core/dom.js";
import { T } from "../../core/page.js";

export function mount(live) {
  const form = $("settings-form");
  let shown = false;
  live.store.subscribe((state) => {
    if (shown) return;
    shown = true;
    const f = form.elements;
    f.default_speech_minutes.value = state.settings.default_speech_seconds / 60;
    f.warning_seconds.value = state.settings.warning_seconds;
    f.deadline_working_days.value = state.settings.deadline_working_days;
    f.categories.value = state.settings.categories.join("\n");
  });
  form.addEventListener("submit", async (e) => {
    e.preventDefault();
    const f = form.elements;
    const ack = await live.send("meeting.settings", {
      default_speech_minutes: Number(f.default_speech_minutes.value),
      warning_seconds: Number(f.warning_seconds.value),
      deadline_working_days: Number(f.deadline_working_days.value),
      categories: f.categories.value
        .split("\n")
        .map((c) => c.trim())
        .filter(Boolean),
    });
    toast(ack, T.saved);
  });
}
