"""The live meetings: each process keeps the meetings it serves in memory, and a command's effect
is committed as exactly the rows it names, with its log row.

A command runs inside ``write()`` (``BEGIN IMMEDIATE``): the meeting's ``version`` is read there
(``current``), and only if another process committed since (scale-out) is the meeting read again
from the file. The command changes the meeting in place; ``save`` writes the rows its effect names,
with plain SQL, and ``append_log`` the ``LogEntry`` with that effect. Nothing is copied or compared
whole.
"""

from __future__ import annotations

import secrets
from collections import OrderedDict
from collections.abc import Callable
from typing import Any

from ..domain import Journal, Meeting
from ..domain.changes import full_effect
from ..domain.model import COLLECTIONS, Opinion
from ..domain.registry import PIN_ROLES
from . import queries
from .db import TABLES, Database, LogEntry, encode, read_meeting, storable
from .pins import new_pin


class Live(Database):
    """The meetings held in memory, and the writes of commands."""

    # Meetings held in memory at most, the most recently used: a process serves one or two live
    # meetings; the office's replies to older ones need not keep those in memory for ever.
    LIVE_MEETINGS = 8

    def __init__(self, path: str, offload: Callable[..., Any] | None = None):
        super().__init__(path, offload)
        self._live: OrderedDict[int, Meeting] = OrderedDict()

    def current(self, meeting_id: int) -> Meeting | None:
        """The meeting as this process holds it in memory, read again from the file only when
        another process committed a change since (its ``version`` differs). Call it holding
        ``lock`` (inside ``write()`` for a command), and change it only through a command."""
        if not storable(meeting_id):
            return None
        version = self.meeting_version(meeting_id)
        if version is None:
            self._live.pop(meeting_id, None)
            return None
        state = self._live.get(meeting_id)
        if state is None or state.version != version:
            state = self._live[meeting_id] = self.load(meeting_id)  # type: ignore[assignment]
            while len(self._live) > self.LIVE_MEETINGS:
                self._live.popitem(last=False)
        self._live.move_to_end(meeting_id)
        return state

    def forget(self, meeting_id: int) -> None:
        """Drop the meeting from memory (after a failed write: the file is the truth)."""
        with self.lock:
            self._live.pop(meeting_id, None)

    def load(self, meeting_id: int) -> Meeting | None:
        """The full state of a meeting read from the file, or None."""
        with self.lock:
            return read_meeting(self.db, meeting_id)

    def logged(self, command_id: str) -> dict[str, Any] | None:
        """The log row of an already applied command id, if any."""
        with self.lock:
            rows = list(self.db.query("select * from log where command_id = ?", [command_id]))
            return rows[0] if rows else None

    # ---------------------------------------------------------------- writing (inside ``write()``)

    def save(self, state: Meeting, journal: Journal, change: dict[str, Any]) -> None:
        """Write what a command changed: the meeting's changed fields, the rows it put (new or
        changed), the positions that moved, the rows it dropped, and the search index of the
        opinions whose text changed."""
        conn = self.conn
        changed = change.get("set", {})
        if changed:
            names = list(changed)
            conn.execute(
                f"update meeting set {', '.join(f'[{n}] = ?' for n in names)} where id = ?",
                [encode(n, changed[n]) for n in names] + [state.id],
            )
        for name in COLLECTIONS:
            part = change.get(name)
            if not part:
                continue
            table = TABLES[name][0]
            positions = self._positions(state, journal, name)
            put_ids = set()
            for item in part.get("put", ()):
                put_ids.add(item["id"])
                self.write_row(name, state.id, positions.get(item["id"]), item)
            moved = [(p, state.id, i) for i, p in positions.items() if i not in put_ids]
            conn.executemany(f"update [{table}] set position = ? where meeting_id = ? and id = ?", moved)
            for gone in part.get("drop", ()):
                conn.execute(f"delete from [{table}] where meeting_id = ? and id = ?", [state.id, gone])
                if name == "opinions":
                    queries.unindex(conn, state.id, gone)
        queries.index(conn, state, self._reindexed(state, journal))

    @staticmethod
    def _positions(state: Meeting, journal: Journal, name: str) -> dict[int, int]:
        """The new position of every entity of collection ``name`` that is new or moved."""
        order = journal.orders.get(name)
        items = getattr(state, name)
        if order is None:
            return {}
        if order.appends_only:
            return {x.id: n for n, x in enumerate(items[order.length :], start=order.length)}
        before = {i: n for n, i in enumerate(order.ids_before())}
        return {x.id: n for n, x in enumerate(items) if before.get(x.id) != n}

    @staticmethod
    def _reindexed(state: Meeting, journal: Journal) -> list[Opinion]:
        """The opinions whose indexed text changed: their own fields, or their citizen's name."""
        touched = journal.touched.get("opinions", {})
        ids = {i for i, names in touched.items() if not names.isdisjoint(queries.INDEXED)}
        renamed = {i for i, names in journal.touched.get("speakers", {}).items() if "name" in names}
        if renamed:
            ids |= {o.id for o in state.opinions if o.speaker_id in renamed}
        found = (state.opinion(i) for i in sorted(ids))
        return [o for o in found if o is not None]

    def insert_meeting(self, state: Meeting, pins: dict[str, str] | None = None) -> dict[str, str]:
        """Add a new meeting, every row of it, with fresh random PINs (or the given ones); return
        the PINs. Inside ``write()``; ``state.id`` 0 takes the next free id."""
        pins = pins or {role: new_pin() for role in sorted(PIN_ROLES)}
        if not state.id:
            state.id = self.conn.execute("select coalesce(max(id), 0) + 1 from meeting").fetchone()[0]
        change = full_effect(state)
        self.db.table("meeting").insert({n: encode(n, v) for n, v in change["set"].items()})
        for name in COLLECTIONS:
            for position, item in enumerate(change[name]["put"]):
                self.write_row(name, state.id, position, item)
        queries.index(self.conn, state, state.opinions)
        self.db.table("access").insert_all(
            [{"meeting_id": state.id, "role": role, "pin": pin} for role, pin in pins.items()]
        )
        return pins

    def create_meeting(self, state: Meeting, pins: dict[str, str] | None = None, at: float = 0.0) -> dict[str, str]:
        """Store a meeting built in code (the demo, tests) in a transaction of its own; the log starts
        with a ``meeting.create`` row whose effect is the whole meeting. The office creates meetings
        with the ``meeting.create`` command instead."""
        with self.write():
            pins = self.insert_meeting(state, pins)
            self.append_log(
                LogEntry(
                    meeting_id=state.id,
                    command_id=f"create-{state.id}-{secrets.token_hex(8)}",
                    at=at,
                    role="office",
                    name="meeting.create",
                    payload={},
                    version=state.version,
                    effect=full_effect(state),
                )
            )
        return pins
