/* The phone's "follow" view: what the projector shows (the public projection, nothing private): the
 * stage, who speaks and their countdown, the opinion being answered, who is next, the delegates while
 * they are introduced, the hall message. A patch redraws only the parts it changed. */

import * as clock from "../../core/clock.js";
import { $, el, text } from "../../core/dom.js";
import { countdown, fill, timeOfDay } from "../../core/format.js";
import { currentSpeaker, level as levelOf, queueOf, remaining, stageLabel, timerPhase, timerState } from "../../core/meeting.js";
import { T } from "../../core/page.js";

let S = null;
let nextKey = "";

function render(state, change) {
  S = state;
  text($("ph-title"), state.title || $("ph-title").textContent);
  $("ph-demo").hidden = !state.is_demo;
  text($("ph-message-text"), state.message);
  $("ph-message").hidden = !state.message;
  text($("ph-stage"), stageLabel(state));
  const ended = !!state.ended_at;
  $("ph-ended").hidden = !ended;
  text($("ph-ended"), ended ? `${T.meeting_has_closed} ${fill(T.closed_at, { time: timeOfDay(state.ended_at) })}` : "");
  const sp = currentSpeaker(state);
  $("ph-turn").hidden = !sp;
  if (sp) {
    text($("ph-name"), sp.name);
    text($("ph-detail"), [sp.xom, sp.topic].filter(Boolean).join(" · "));
  }
  const focus = state.focus;
  $("ph-focus").hidden = !focus;
  if (focus) {
    text($("ph-focus-q"), `${T.opinion_of} ${focus.citizen}: ${focus.summary}`);
    text($("ph-focus-a"), `${T.answering}: ${focus.answerer}`);
  }
  const next = queueOf(state); // the next few: the server sends the hall no more (projection.PUBLIC_NEXT)
  $("ph-next-box").hidden = !next.length || ended;
  const key = JSON.stringify(next.map((s) => [s.name, s.xom]));
  if (key !== nextKey) {
    nextKey = key;
    $("ph-next").replaceChildren(...next.map((s) => el("li", {}, s.name, s.xom ? el("span", { class: "ph-xom" }, ` · ${s.xom}`) : null)));
  }
  const introducing = state.showing === "delegates" && !ended;
  $("ph-delegates-box").hidden = !introducing;
  if (introducing && change.touches("delegates", "showing")) {
    const present = state.delegates.filter((d) => d.present);
    $("ph-delegates").replaceChildren(
      ...(present.length ? present : state.delegates).map((d) => {
        const role = [d.title, d.unit].filter(Boolean).join(" · ");
        return el("li", {}, el("b", {}, d.name), role ? el("div", {}, role) : null);
      })
    );
  }
  if (change.touches("timer")) clock.realign();
  tick();
}

function tick() {
  if (!S || !currentSpeaker(S)) return;
  const left = remaining(S.timer, clock.now());
  const phase = timerState(S);
  const level = levelOf(S, left);
  const box = $("ph-countdown");
  text(box, countdown(left));
  box.dataset.level = level;
  box.dataset.phase = phase;
  const word = phase === "running" ? { warning: T.time_short, overtime: T.overtime }[level] : T[phase];
  text($("ph-timer-state"), word || "");
}

export function mount(live) {
  live.store.subscribe(render);
  clock.every(tick, () => timerPhase(S));
}
