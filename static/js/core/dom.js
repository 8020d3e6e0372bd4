/* DOM helpers: $, el, the toast, text that changes only when it differs, and the keyed list. */

/** The element of this id. */
export const $ = (id) => document.getElementById(id);

/** el("tr", {class: "x", dataset: {id: 3}, onclick: fn}, child, [children], "text"). */
export function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
    else if (key === "dataset") Object.assign(node.dataset, value);
    else if (value === true) node.setAttribute(key, "");
    else if (value !== false && value !== null && value !== undefined) node.setAttribute(key, value);
  }
  for (const child of children.flat()) {
    if (child !== null && child !== undefined && child !== false) node.append(child);
  }
  return node;
}

/** Set a node's text only when it differs (no mutation, no layout, when nothing changed). */
export function text(node, value) {
  const s = String(value ?? "");
  if (node.textContent !== s) node.textContent = s;
}

/** Show an ack's errors (or a success note) in the page's #toast. */
export function toast(ack, successText) {
  const box = $("toast");
  if (!box) return;
  if (ack.ok) {
    if (!successText) return;
    box.className = "toast ok";
    box.textContent = successText;
  } else {
    box.className = "toast error";
    box.textContent = ack.errors.map((e) => e.message).join(" ");
  }
  box.hidden = false;
  clearTimeout(toast.timer);
  toast.timer = setTimeout(() => (box.hidden = true), ack.ok ? 2500 : 7000);
}

/** Whether `node` holds a field being typed in: a list never replaces such a row (nothing
 * half-typed is lost, the caret and selection stay). */
function holdsTyping(node) {
  const active = document.activeElement;
  return Boolean(active && node.contains(active) && active.matches("input, textarea, select, [contenteditable]"));
}

/** Replace `old` by `fresh`; a button or the row that had the focus hands it to its counterpart
 * (the same place in the new row), so that keyboard work goes on. */
function swap(old, fresh) {
  const active = document.activeElement;
  const path = [];
  if (active && old.contains(active)) {
    for (let n = active; n !== old; n = n.parentNode) path.unshift([...n.parentNode.children].indexOf(n));
  }
  old.replaceWith(fresh);
  if (!active || !old.contains(active)) return;
  let target = fresh;
  for (const i of path) target = target && target.children[i];
  if (target && typeof target.focus === "function" && !target.disabled) target.focus();
  else if (fresh.tabIndex >= 0) fresh.focus();
}

/**
 * Rows of a container keyed by id. `render(items, extra)` makes the container show exactly these
 * items in this order:
 *   - a row whose item is the same object as before (the store keeps untouched items' identity) and
 *     whose `extra(item, index)` key is unchanged is left alone;
 *   - a changed item's row is replaced (`make(item, index)`), or patched in place by `update(node,
 *     item, index)` when given; a row holding a field being typed in is patched in place or kept (redrawn
 *     once the typing leaves it), never replaced; a focused button hands the focus to its new row;
 *   - an item no longer there loses its row; an order change moves only the rows out of place.
 * So a change of one row costs one row, whatever the length: comparing identities is the only work
 * done per row.
 *
 * `limit`: show at most this many items (long lists are paged where a person would scroll anyway);
 * the caller decides which slice (e.g. the newest) and shows a "more" control.
 */
export class KeyedList {
  constructor(container, { key = (item) => item.id, make, update = null, extra = null } = {}) {
    this.container = container;
    this.key = key;
    this.make = make;
    this.update = update;
    this.extra = extra;
    this.rows = new Map(); // key -> {node, item, extra}
  }

  /** The row of this key (or null). */
  node(key) {
    const row = this.rows.get(key);
    return row ? row.node : null;
  }

  render(items) {
    const keys = items.map(this.key);
    const wanted = new Set(keys);
    for (const [k, row] of this.rows) {
      if (!wanted.has(k)) {
        row.node.remove();
        this.rows.delete(k);
      }
    }
    let cursor = this.container.firstChild;
    // Nodes that are not rows of this list (a header option, say) stay first.
    while (cursor && !cursor.__keyed) cursor = cursor.nextSibling;
    items.forEach((item, index) => {
      const k = keys[index];
      const extra = this.extra ? this.extra(item, index) : null;
      let row = this.rows.get(k);
      if (!row) {
        row = { node: this.make(item, index), item, extra };
        row.node.__keyed = true;
        this.rows.set(k, row);
      } else if (row.item !== item || row.extra !== extra) {
        if (this.update) {
          this.update(row.node, item, index);
          row.item = item;
          row.extra = extra;
        } else if (!holdsTyping(row.node)) {
          const fresh = this.make(item, index);
          fresh.__keyed = true;
          swap(row.node, fresh);
          if (cursor === row.node) cursor = fresh;
          row.node = fresh;
          row.item = item;
          row.extra = extra;
        } // else: redrawn at a later render, once the focus has left it
      }
      if (row.node === cursor) cursor = cursor.nextSibling;
      else if (cursor && cursor.nextSibling === row.node) {
        // The row here moved further down: leave it, it is moved when its place comes.
        cursor = row.node.nextSibling;
      } else this.container.insertBefore(row.node, cursor);
    });
  }
}

/**
 * A long list shown a page at a time, where a person would scroll anyway: the first (or, `fromEnd`,
 * the last) `step` items, and a button that shows `step` more. `slice(items)` gives the items to
 * show and updates the button (its text: `label(n)`, n the items not shown); `onMore()` is called after a
 * press, to render again. Keeps the page's DOM, and so its layout, the size of what is shown.
 */
export class Pager {
  constructor(button, { step = 50, fromEnd = false, label, onMore }) {
    this.button = button;
    this.step = step;
    this.shown = step;
    this.fromEnd = fromEnd;
    this.label = label;
    button.addEventListener("click", () => {
      this.shown += this.step;
      onMore();
    });
  }

  slice(items) {
    const hidden = Math.max(0, items.length - this.shown);
    this.hidden = hidden;
    this.button.hidden = hidden === 0;
    text(this.button, this.label(hidden));
    if (!hidden) return items;
    return this.fromEnd ? items.slice(hidden) : items.slice(0, this.shown);
  }
}
