/* The server's clock, and timers that turn with it.
 *
 * The offset is measured with the `time` event (the sample with the shortest of 5 round trips
 * bounds the error best; docs/protocol.md). `every(fn, phase)` calls `fn` at each second boundary
 * of the server's clock (shifted by `phase()` seconds, e.g. where a countdown turns), scheduled with
 * setTimeout to the boundary itself: any two screens redraw within a few milliseconds of each other,
 * not at a moment that depends on when each page was loaded.
 */

let offset = 0; // server clock minus local clock, in seconds
let bestRtt = Infinity;
const retimers = new Set(); // running `every` loops, rescheduled when the offset changes

/** The server's time now, in Unix seconds. */
export function now() {
  return Date.now() / 1000 + offset;
}

/** Take the server's time from a join's ack (one sample, its round trip unknown). */
export function roughly(serverNow) {
  offset = serverNow - Date.now() / 1000;
  bestRtt = Infinity;
  retimers.forEach((f) => f());
}

/** Measure the offset over `socket`: 5 round trips of `time`, the shortest wins. */
export async function sync(socket) {
  for (let i = 0; i < 5 && socket.connected; i++) {
    const t0 = Date.now() / 1000;
    let reply;
    try {
      reply = await socket.timeout(3000).emitWithAck("time", {});
    } catch (e) {
      return;
    }
    const t1 = Date.now() / 1000;
    const rtt = t1 - t0;
    if (rtt < bestRtt) {
      bestRtt = rtt;
      offset = reply.now - (t0 + t1) / 2;
      retimers.forEach((f) => f());
    }
  }
}

/** Call `fn()` at every second boundary of the server's clock plus `phase()` seconds (0 to 1; read
 * again at each turn); returns a function that stops it. */
export function every(fn, phase = () => 0) {
  let timer = null;
  let stopped = false;
  const schedule = () => {
    clearTimeout(timer);
    if (stopped) return;
    const t = now() - (phase() || 0);
    const ms = (Math.floor(t) + 1 - t) * 1000;
    // 1 ms past the boundary, so that the second read there has turned.
    timer = setTimeout(turn, Math.ceil(ms) + 1);
  };
  const turn = () => {
    fn();
    schedule();
  };
  retimers.add(schedule);
  schedule();
  return () => {
    stopped = true;
    clearTimeout(timer);
    retimers.delete(schedule);
  };
}

/** Reschedule every loop now (after a change of what `phase()` returns, e.g. a timer started). */
export function realign() {
  retimers.forEach((f) => f());
}
