/* Cues: a short chime (Web Audio, no sound file) at the warning (one tone) and at the end of a
 * speaking time (two). `watch(state, at, enabled)` is called at every turn of the countdown and chimes
 * when the running countdown crosses the warning or zero. Browsers let a page play sound only after
 * a user gesture: the first click or key on the page unlocks it. */

import { currentSpeaker, remaining, timerState } from "./meeting.js";

let audio = null;
let last = null; // {id, left, running} at the previous call

const unlock = () => {
  if (!audio && window.AudioContext) audio = new AudioContext();
  if (audio && audio.state === "suspended") audio.resume();
};
document.addEventListener("click", unlock);
document.addEventListener("keydown", unlock);

function chime(times) {
  window.chimes = (window.chimes || 0) + times; // what the tests count
  if (!audio) return;
  const start = audio.currentTime;
  for (let i = 0; i < times; i++) {
    const tone = audio.createOscillator();
    const gain = audio.createGain();
    const at = start + i * 0.45;
    tone.frequency.value = 880;
    gain.gain.setValueAtTime(0.0001, at);
    gain.gain.exponentialRampToValueAtTime(0.4, at + 0.02);
    gain.gain.exponentialRampToValueAtTime(0.0001, at + 0.35);
    tone.connect(gain).connect(audio.destination);
    tone.start(at);
    tone.stop(at + 0.4);
  }
}

/** Chime when the running countdown has crossed the warning (once) or zero (twice) since the last call. */
export function watch(state, at, enabled) {
  const sp = state && currentSpeaker(state);
  if (!sp) {
    last = null;
    return;
  }
  const left = remaining(state.timer, at);
  const running = timerState(state) === "running";
  const warnAt = state.settings.warning_seconds;
  if (enabled && running && last && last.id === sp.id && last.running) {
    if (last.left >= 0 && left < 0) chime(2);
    else if (last.left > warnAt && left <= warnAt && left >= 0) chime(1);
  }
  last = { id: sp.id, left, running };
}
