/* DOM helpers: $, el, the toast, and text that changes only when it differs (lists: list.js). */

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
