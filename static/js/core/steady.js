/* A tap acts on what the person saw (issue 18): the one guard of every control whose meaning
 * depends on the meeting's state (next speaker, call, end turn, next/previous stage, start/pause,
 * an opinion's outcome, accept/reject a phone's request).
 *
 *   const next = new Steady(live, (state) => `${state.speaker_id}`);   // what the control means now
 *   next.guard(button, (seen) => live.run("speaker.call_next", { expected_speaker_id: seen.speaker_id }));
 *
 * - The payload is built from the state the screen showed when the finger came down (pointerdown),
 *   not when the click arrives: the command carries it and the server refuses it when stale.
 * - For SETTLE_MS after the control's meaning changed (a patch from this screen or another), a tap
 *   does nothing: the control is marked `aria-disabled` and `.settling` (a brief visual cue, so the
 *   person sees that it changed under their finger).
 * - A second tap on the same control within SETTLE_MS of the first is a double tap: ignored.
 * - While its own command waits for its ack the control does nothing (`aria-busy`).
 *
 * One Steady may guard several buttons that change meaning together (every queued row's "call"):
 * `guard` each one; the cue goes to every button wrapped and still in the page.
 */

/** How long a control whose meaning changed ignores taps, and two taps count as one (ms). */
export const SETTLE_MS = 500;
const DOWN_VALID_MS = 2000; // a pointerdown older than this is not the click's own (a long press elsewhere)

export class Steady {
  /** `meaning(state)`: a string of what the control does in that state; a change starts the settling. */
  constructor(live, meaning) {
    this.live = live;
    this.meaning = meaning;
    this.current = undefined; // the meaning last seen (undefined: no state yet, so no change to settle)
    this.changedAt = -Infinity;
    this.lastTap = -Infinity;
    this.busy = false;
    this.buttons = new Set();
    this.timer = null;
    live.store.subscribe((state) => this.observe(state));
  }

  observe(state) {
    const m = this.meaning(state);
    if (this.current !== undefined && m !== this.current) this.settle();
    this.current = m;
  }

  /** The control now means what the screen shows, without a cue (a form just opened on it). */
  rebase() {
    if (this.live.state) this.current = this.meaning(this.live.state);
  }

  /** The meaning just changed: ignore taps for SETTLE_MS and show it. */
  settle() {
    this.changedAt = performance.now();
    this.mark();
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.mark(), SETTLE_MS);
  }

  settling(at = performance.now()) {
    return at - this.changedAt < SETTLE_MS;
  }

  /** Reflect the settling and the waiting on every guarded button still in the page. */
  mark() {
    const settling = this.settling();
    for (const b of this.buttons) {
      if (!b.isConnected) {
        this.buttons.delete(b);
        continue;
      }
      b.classList.toggle("settling", settling);
      if (settling) {
        b.classList.remove("settled");
        void b.offsetWidth; // restart the cue's animation
        b.classList.add("settled");
      }
      const off = settling || this.busy;
      if (off) b.setAttribute("aria-disabled", "true");
      else b.removeAttribute("aria-disabled");
      if (this.busy) b.setAttribute("aria-busy", "true");
      else b.removeAttribute("aria-busy");
    }
  }

  /** Make `button`'s click call `act(seen)` (a promise, e.g. live.run) with the state the screen
   * showed when the finger came down, unless the tap must be ignored (see the module's head).
   * Returns the button. */
  guard(button, act) {
    let down = null; // {at, seen}: the last pointerdown on this button
    this.buttons.add(button);
    button.addEventListener("pointerdown", () => {
      const state = this.live.state;
      down = { at: performance.now(), seen: state && this.snapshot(state) };
    });
    button.onclick = async () => {
      if (!this.tap()) return null;
      const fresh = down && performance.now() - down.at < DOWN_VALID_MS;
      const seen = fresh ? down.seen : this.live.state && this.snapshot(this.live.state);
      down = null;
      return seen ? this.hold(() => act(seen)) : null;
    };
    if (this.settling() || this.busy) this.mark();
    return button;
  }

  /** Show the cue on `button` too (a form's submit button, whose form calls tap() and hold()). */
  watch(button) {
    this.buttons.add(button);
    return button;
  }

  /** A tap on a guarded control (a form's submit too): false when it must be ignored (waiting for
   * its ack, a double tap, or the meaning changed under the finger, which the cue shows again). */
  tap() {
    const at = performance.now();
    const previous = this.lastTap;
    this.lastTap = at;
    if (this.settling(at)) this.mark();
    return !(this.busy || at - previous < SETTLE_MS || this.settling(at));
  }

  /** Run `act()` (a promise) with the guarded controls waiting for it. */
  async hold(act) {
    this.busy = true;
    this.mark();
    try {
      return await act();
    } finally {
      this.busy = false;
      this.mark();
    }
  }

  /** What the screen showed: the fields a command may carry (a copy, since a patch applies in place). */
  snapshot(state) {
    return {
      speaker_id: state.speaker_id,
      stage_id: state.stage_id,
      timer: { ...state.timer },
      meaning: this.meaning(state),
    };
  }
}
