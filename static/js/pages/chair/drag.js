/* Drag a queued speaker by touch (or mouse) on the chair's queue: a long press (LONG_PRESS_MS, the
 * finger still) on a row picks it up, the row follows the finger, a line shows where it will land,
 * and lifting the finger sends speaker.move (before the row under it, or at the end). A finger that
 * moves before the long press is a scroll of the queue, left to the browser. ▲ ▼ stay for
 * one-place moves. Pointer events, with touchmove held back while a row is carried (else the
 * browser would scroll and cancel the pointer). */

const LONG_PRESS_MS = 400;
const SLOP_PX = 10; // a finger moving more before the long press is scrolling

/** Make the rows of `list` (an <ol>/<ul> of li[data-id]) draggable; `drop(id, beforeId)` is called
 * with the dragged row's id and the id of the row it lands before (null: after the last row shown). */
export function draggable(list, drop) {
  let press = null; // {id, row, x, y, timer, pointerId}
  let carried = null; // {id, row, startY, pointerId}

  const clearMarks = () => list.querySelectorAll(".drop-before, .drop-after").forEach((n) => n.classList.remove("drop-before", "drop-after"));

  /** Where the finger is: the row it lands before, or null (after the last). */
  function target(y) {
    const rows = [...list.children].filter((r) => r !== carried.row && r.dataset.id);
    for (const r of rows) {
      const box = r.getBoundingClientRect();
      if (y < box.top + box.height / 2) return r;
    }
    return null;
  }

  function cancelPress() {
    if (press) clearTimeout(press.timer);
    press = null;
  }

  function end(commit, y) {
    if (!carried) return;
    const { id, row } = carried;
    const at = commit ? target(y) : undefined;
    row.classList.remove("dragging");
    row.style.transform = "";
    clearMarks();
    list.classList.remove("carrying");
    carried = null;
    if (commit) drop(Number(id), at ? Number(at.dataset.id) : null);
  }

  list.addEventListener("pointerdown", (e) => {
    const row = e.target.closest("li[data-id]");
    if (!row || e.target.closest("button") || (e.pointerType === "mouse" && e.button !== 0)) return;
    cancelPress();
    press = {
      id: row.dataset.id,
      row,
      x: e.clientX,
      y: e.clientY,
      pointerId: e.pointerId,
      timer: setTimeout(() => {
        carried = { id: press.id, row, startY: press.y, pointerId: press.pointerId };
        press = null;
        row.classList.add("dragging");
        list.classList.add("carrying");
        try {
          row.setPointerCapture(carried.pointerId);
        } catch (err) {
          // the pointer is gone already: the next pointerup or cancel ends it
        }
      }, LONG_PRESS_MS),
    };
  });
  list.addEventListener("pointermove", (e) => {
    if (press && Math.hypot(e.clientX - press.x, e.clientY - press.y) > SLOP_PX) cancelPress();
    if (!carried || e.pointerId !== carried.pointerId) return;
    carried.row.style.transform = `translateY(${e.clientY - carried.startY}px)`;
    clearMarks();
    const at = target(e.clientY);
    if (at) at.classList.add("drop-before");
    else [...list.children].filter((r) => r !== carried.row).pop()?.classList.add("drop-after");
  });
  list.addEventListener("pointerup", (e) => {
    cancelPress();
    if (carried && e.pointerId === carried.pointerId) end(true, e.clientY);
  });
  list.addEventListener("pointercancel", () => {
    cancelPress();
    end(false);
  });
  // While a row is carried the finger's moves are the drag's, not a scroll.
  list.addEventListener("touchmove", (e) => carried && e.cancelable && e.preventDefault(), { passive: false });
  // A long press on a touch screen would open the context menu.
  list.addEventListener("contextmenu", (e) => (press || carried) && e.preventDefault());
}
