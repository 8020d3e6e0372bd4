"""A command's effect: what it changed, in one JSON-able shape used three times.

- The store writes exactly these rows and fields (``server/storage/live.py``).
- The log keeps it with the command, so the log alone replays and narrates the meeting.
- Each screen is sent its role's projection of it (``projection.patch``).

The shape (every key but ``version`` only when something of that kind changed)::

    {"version": 12,
     "set": {"speaker_id": 7, "timer": {...}},                    # fields of the meeting
     "speakers": {"put": [{...row...}], "drop": [3], "order": [4, 7, 5]},
     "opinions": {...}, "stages": {...}, "delegates": {...}}

The pipeline may add ``"created": {collection: [ids]}`` (what the command appended), for the
sender's ack and the log only: no patch carries it.

``put`` rows are whole entities (new or changed); an id not yet known goes at the end, in ``put``
order. ``drop`` lists ids removed. ``order`` (every id, in order) is there only when the order
changed otherwise than by appending. ``apply_effect`` is the one reference for applying it; the
pages' ``static/js/core/store.js`` does the same.
"""

from __future__ import annotations

from dataclasses import asdict, fields
from typing import Any

from .model import COLLECTIONS, Meeting
from .tracking import Journal

# The meeting's fields that are not collections, in declaration order.
SCALARS = tuple(f.name for f in fields(Meeting) if f.name not in COLLECTIONS)
_ROW_FIELDS: dict[type, tuple[str, ...]] = {}


def row(entity: Any, names: tuple[str, ...] | None = None) -> dict[str, Any]:
    """An entity as a plain dict, of every field or of ``names`` (lists copied, so later
    assignments cannot reach it)."""
    if names is None:
        names = _ROW_FIELDS.get(type(entity))
        if names is None:
            names = _ROW_FIELDS[type(entity)] = tuple(f.name for f in fields(entity))
    out = {}
    for name in names:
        value = getattr(entity, name)
        out[name] = list(value) if isinstance(value, list) else value
    return out


def scalar(state: Meeting, name: str) -> Any:
    """A field of the meeting as plain JSON values."""
    value = getattr(state, name)
    if name in ("settings", "timer", "paperwork"):
        return asdict(value)
    if isinstance(value, list):
        return list(value)
    return value


def effect(state: Meeting, journal: Journal) -> dict[str, Any]:
    """What the command recorded in ``journal`` did to ``state`` (read after it ran)."""
    out: dict[str, Any] = {"version": state.version}
    changed = {name: scalar(state, name) for name in SCALARS if name in journal.fields}
    if changed:
        out["set"] = changed
    for name in COLLECTIONS:
        part = _collection_effect(state, journal, name)
        if part:
            out[name] = part
    return out


def full_effect(state: Meeting) -> dict[str, Any]:
    """The effect that creates ``state`` from nothing: every field and every entity, in order (the
    log's first row for a meeting, so that the log alone replays it)."""
    out: dict[str, Any] = {"version": state.version, "set": {name: scalar(state, name) for name in SCALARS}}
    for name in COLLECTIONS:
        items = getattr(state, name)
        out[name] = {"put": [row(x) for x in items], "order": [x.id for x in items]}
    return out


def _collection_effect(state: Meeting, journal: Journal, name: str) -> dict[str, Any]:
    items = getattr(state, name)
    touched = journal.touched.get(name, {})
    order = journal.orders.get(name)
    part: dict[str, Any] = {}
    new_items = []
    if order is not None and order.appends_only:
        new_items = list.__getitem__(items, slice(order.length, None))
    new_ids = {x.id for x in new_items}
    put = [row(x) for i in touched if i not in new_ids and (x := items.get(i)) is not None]
    put += [row(x) for x in new_items]
    if put:
        part["put"] = put
    if order is not None and not order.appends_only:
        ids = [x.id for x in items]
        present = set(ids)
        dropped = [i for i in order.ids_before() if i not in present]
        if dropped:
            part["drop"] = dropped
        part["order"] = ids
    return part


def apply_effect(view: dict[str, Any], change: dict[str, Any]) -> dict[str, Any]:
    """Apply an effect (or a role's patch) to a snapshot held as plain dicts, in place; return it.

    The reference implementation of what a screen does with a ``patch`` and what a replay of the
    log does with each effect.
    """
    view.update(change.get("set", {}))
    for name in COLLECTIONS:
        part = change.get(name)
        if not part:
            continue
        items = view.setdefault(name, [])
        dropped = set(part.get("drop", ()))
        by_id = {x["id"]: x for x in items if x["id"] not in dropped}
        for item in part.get("put", ()):
            if item["id"] not in by_id:
                items.append(item)
            by_id[item["id"]] = item
        if "order" in part:
            items[:] = [by_id[i] for i in part["order"]]
        else:
            items[:] = [by_id[x["id"]] for x in items if x["id"] in by_id]
    view["version"] = change["version"]
    return view
