/* The hall projector: read-only, readable from 20 m, no controls, no private data. */
"use strict";

(() => {
  const $ = (id) => document.getElementById(id);
  const T = window.STRINGS;
  let S = null;

  /** Shrink an element's font until its text fits its box (never above its CSS size).
   * Height counts only against a CSS max-height: Vietnamese stacked diacritics (ễ, ỗ)
   * overflow the line box a little, and that must not shrink a name. */
  function fit(node) {
    node.style.fontSize = "";
    const max = parseFloat(getComputedStyle(node).fontSize);
    const maxHeight = parseFloat(getComputedStyle(node).maxHeight);
    const overflows = () =>
      node.scrollWidth > node.clientWidth + 1 || (maxHeight > 0 && node.scrollHeight > maxHeight + 1);
    let size = max;
    while (size > max * 0.4 && overflows()) {
      size *= 0.93;
      node.style.fontSize = `${size}px`;
    }
  }

  function fitAll() {
    document.querySelectorAll(".fit, .p-banner-line, .p-message-text, .p-stage").forEach(fit);
  }

  function render(state) {
    S = state;
    const sp = currentSpeaker(state);
    document.body.dataset.mode = sp ? "speaker" : "idle";
    $("p-banner").replaceChildren(...state.banner.map((line) => el("div", { class: "p-banner-line" }, line)));
    const cur = currentStage(state);
    $("p-stage").textContent = cur ? `${cur.index + 1}. ${cur.stage.title}` : "";
    $("p-name").textContent = sp ? sp.name : "";
    $("p-detail").textContent = sp ? [sp.xom, sp.topic].filter(Boolean).join(" · ") : "";
    const focus = state.focus;
    $("p-focus").hidden = !focus;
    document.body.dataset.focus = focus ? "1" : "";
    $("p-focus-q").textContent = focus ? `${T.opinion_of} ${focus.citizen}: ${focus.summary}` : "";
    $("p-focus-a").textContent = focus ? `${T.answering}: ${focus.answerer}` : "";
    const next = queueOf(state).slice(0, 3);
    // Names only: at a size readable from the back, a name and its xóm rarely fit one line.
    $("p-next").replaceChildren(...next.map((s) => el("li", {}, s.name)));
    // Before the meeting opens the banner stands alone.
    const showNext = next.length > 0 && state.stage_id !== null;
    document.querySelector(".p-next").hidden = !showNext;
    document.body.dataset.next = showNext ? "1" : "";
    $("p-message-text").textContent = state.message;
    $("p-message").hidden = !state.message;
    $("p-demo").hidden = !state.is_demo;
    tick();
    fitAll();
  }

  function tick() {
    if (!S) return;
    const countdown = $("p-countdown");
    if (!currentSpeaker(S)) {
      countdown.textContent = "";
      return;
    }
    const left = Timer.remaining(S.timer, Live.now());
    // Count down to 0:00, then count up in overtime, in red.
    countdown.textContent = Fmt.countdown(left);
    countdown.dataset.level = Timer.level(S, left);
    countdown.dataset.phase = Timer.phase(S);
  }

  // Keep the screen awake: NoSleep uses the Wake Lock API where the browser allows it and a
  // muted looping video elsewhere (a LAN address over plain http). Some browsers start the video
  // only after a user gesture, so the first click (which also goes full screen) enables it again.
  const noSleep = new NoSleep();
  const stayAwake = () => noSleep.enable().catch(() => {});
  stayAwake();
  document.addEventListener("click", () => {
    stayAwake();
    document.documentElement.requestFullscreen?.().catch(() => {});
  });
  window.addEventListener("resize", fitAll);

  setInterval(tick, 200);
  Live.start({
    meetingId: window.MEETING_ID,
    role: "public",
    onState: render,
    onJoinError: (ack) => {
      $("p-stage").textContent = ack.errors.map((e) => e.message).join(" ");
    },
  });
})();
