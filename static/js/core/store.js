/* The meeting's state as the server last described it, and what each patch changed.
 *
 * A snapshot replaces the state (a "reset" change); a patch is applied in place as
 * server/domain/changes.py apply_effect applies it. Items a patch does not touch keep their
 * identity, so a view may compare item objects to know which rows to redraw.
 *
 * Subscribers get (state, change):
 *   change.reset         true for a snapshot: everything may have changed
 *   change.fields        Set of the meeting fields the patch set (every field on a reset)
 *   change.collections   {name: {put: Set(ids), drop: Set(ids), order: bool}} for each collection the
 *                        patch touched; order is true when the order changed (an explicit order, or an
 *                        item added)
 *   change.touches(...names)  whether any of these fields or collections changed (always on a reset)
 */

import { rules } from "./page.js";

/** The collections a patch may carry, from the server's model (page data: model.COLLECTIONS). */
const COLLECTIONS = rules.collections;

function describe(reset, fields, collections) {
  return {
    reset,
    fields,
    collections,
    touches(...names) {
      return reset || names.some((n) => fields.has(n) || n in collections);
    },
  };
}

/** Apply `patch` to `state` in place; returns the change. */
export function applyPatch(state, patch) {
  const set = patch.set || {};
  Object.assign(state, set);
  const collections = {};
  for (const name of COLLECTIONS) {
    const part = patch[name];
    if (!part) continue;
    const items = state[name] || (state[name] = []);
    const drop = new Set(part.drop || []);
    const put = new Set();
    const byId = new Map();
    for (const item of items) if (!drop.has(item.id)) byId.set(item.id, item);
    const added = [];
    for (const item of part.put || []) {
      if (!byId.has(item.id)) added.push(item.id);
      byId.set(item.id, item);
      put.add(item.id);
    }
    if (part.order) state[name] = part.order.map((id) => byId.get(id)).filter(Boolean);
    else if (drop.size || added.length) {
      state[name] = items.filter((x) => byId.has(x.id)).map((x) => byId.get(x.id));
      for (const id of added) state[name].push(byId.get(id));
    } else {
      // Only replacements: swap the items in place, the order stays.
      for (let i = 0; i < items.length; i++) if (put.has(items[i].id)) items[i] = byId.get(items[i].id);
    }
    collections[name] = { put, drop, order: Boolean(part.order) || added.length > 0 };
  }
  state.version = patch.version;
  return describe(false, new Set(Object.keys(set)), collections);
}

/** The change a snapshot makes: everything. */
export function resetChange(state) {
  const collections = {};
  for (const name of COLLECTIONS) {
    collections[name] = { put: new Set((state[name] || []).map((x) => x.id)), drop: new Set(), order: true };
  }
  return describe(true, new Set(Object.keys(state)), collections);
}

/** The state and its subscribers. */
export class Store {
  constructor() {
    this.state = null;
    this.subscribers = [];
  }

  /** Call `fn(state, change)` after every snapshot and patch; a state already there is given at once. */
  subscribe(fn) {
    this.subscribers.push(fn);
    if (this.state) fn(this.state, resetChange(this.state));
  }

  /** A snapshot: the truth whatever it replaces (an older one arriving late is ignored unless `force`). */
  reset(snapshot, force = false) {
    if (!force && this.state && snapshot.version < this.state.version) return;
    this.state = snapshot;
    this.emit(resetChange(snapshot));
  }

  /** Apply the next version's patch. */
  patch(patch) {
    this.emit(applyPatch(this.state, patch));
  }

  emit(change) {
    for (const fn of this.subscribers) fn(this.state, change);
  }
}
