"""SQLite persistence through sqlite-utils: the live meetings in memory, their changes on disk.

Each process keeps the meetings it serves in memory (``current``). A command runs inside
``write()`` (``BEGIN IMMEDIATE``): the meeting's ``version`` is read there, and only if another
process committed since (scale-out) is the meeting read again from the file. The command changes
the meeting in place; ``save`` writes the rows its effect names, with plain SQL, and ``append_log``
the log row with that effect. Nothing is copied or compared whole.

One connection, guarded by a lock, serves the whole process (under eventlet every greenlet shares
it; under threading the lock serialises).
"""

from __future__ import annotations

import hashlib
import json
import secrets
import sqlite3
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, fields
from typing import Any

import sqlite_utils

from . import search
from .domain import ROLES, Journal, Meeting, project
from .domain.changes import SCALARS, full_effect
from .domain.model import (
    COLLECTIONS,
    DELETED,
    FOLLOWED_UP,
    ROW_CLASSES,
    Opinion,
    Paperwork,
    Settings,
    Timer,
    phase_of,
)
from .domain.registry import PIN_ROLES
from .migrations import migrations

# Each collection of the meeting: its table and row class.
_TABLE = {"stages": "stage", "delegates": "delegate", "speakers": "speaker", "opinions": "opinion"}
_TABLE |= {"citizens": "citizen", "requests": "request"}
_TABLE |= {"duties": "duty"}  # m010
TABLES = {name: (_TABLE[name], cls) for name, cls in ROW_CLASSES.items()}  # a new collection needs its table
_JSON_FIELDS = {
    "banner",
    "settings",
    "timer",
    "paperwork",
    "answers",
    "runs",
    "units",
    "chairs",
    "secretaries",
    "allocation",
}
_BOOL_FIELDS = {"is_demo", "walk_in", "official", "citizen_accepted", "present", "registration_open"}


def _encode(name: str, value: Any) -> Any:
    """A field's value as stored in its column."""
    if value is None:
        return None
    if name in _JSON_FIELDS:
        return json.dumps(value if isinstance(value, (list, dict)) else asdict(value), ensure_ascii=False)
    if name in _BOOL_FIELDS:
        return int(value)
    return value


def _decode(name: str, value: Any) -> Any:
    if value is None:
        return None
    if name in _JSON_FIELDS:
        return json.loads(value)
    if name in _BOOL_FIELDS:
        return bool(value)
    return value


def _upsert_sql(table: str, columns: tuple[str, ...]) -> str:
    """Insert a row, or update every column; the position only when one is given (not null)."""
    updates = ", ".join(f"[{c}] = excluded.[{c}]" for c in columns if c not in ("meeting_id", "id", "position"))
    updates += ", [position] = coalesce(excluded.[position], [position])"
    return (
        f"insert into [{table}] ({', '.join(f'[{c}]' for c in columns)}) "
        f"values ({', '.join('?' for _ in columns)}) "
        f"on conflict (meeting_id, id) do update set {updates}"
    )


_COLUMNS = {name: ("meeting_id", "position", *(f.name for f in fields(cls))) for name, (_t, cls) in TABLES.items()}
_UPSERT = {name: _upsert_sql(TABLES[name][0], _COLUMNS[name]) for name in COLLECTIONS}


# Opinions with their meeting and the citizen who raised them (from the turn, or the written form).
_OPINION_LISTING = """
    select o.*, m.title as meeting_title, m.hamlet, m.starts_at,
           coalesce(s.name, o.citizen) as citizen_name, coalesce(s.xom, o.xom) as citizen_xom
    from opinion o
    join meeting m on m.id = o.meeting_id
    left join speaker s on s.meeting_id = o.meeting_id and s.id = o.speaker_id"""


def read_meeting(db: sqlite_utils.Database, meeting_id: int) -> Meeting | None:
    """The full state of a meeting as the file holds it, or None (the store's connection, or the
    read side's read-only one)."""
    rows = list(db.query("select * from meeting where id = ?", [meeting_id]))
    if not rows:
        return None
    values = {name: _decode(name, rows[0][name]) for name in SCALARS}
    values["banner"] = values["banner"] or []
    values["settings"] = Settings(**values["settings"])
    values["timer"] = Timer(**values["timer"])
    values["paperwork"] = Paperwork(**(values["paperwork"] or {}))
    for name, (table, cls) in TABLES.items():
        names = {f.name for f in fields(cls)}
        values[name] = [
            cls(**{k: _decode(k, v) for k, v in r.items() if k in names})
            for r in db.query(f"select * from [{table}] where meeting_id = ? order by position", [meeting_id])
        ]
    return Meeting(**values)


def storable(meeting_id: int) -> bool:
    """Whether ``meeting_id`` can be an id at all (SQLite's integers are 64-bit): a bigger one from a
    URL or an event names no meeting, rather than failing in the query."""
    return isinstance(meeting_id, int) and 0 < meeting_id < 2**63


def _new_pin() -> str:
    """A random six-digit PIN."""
    return f"{secrets.randbelow(10**6):06d}"


class DocumentConflict(Exception):
    """Another version of the document was saved since the sender loaded it (``latest``)."""

    def __init__(self, latest: int | None):
        super().__init__(latest)
        self.latest = latest


class Store:
    """The database of one server process, and the meetings it holds in memory."""

    # Meetings held in memory at most, the most recently used: a process serves one or two live
    # meetings; the office's replies to older ones need not keep those in memory for ever.
    LIVE_MEETINGS = 8

    def __init__(self, path: str, offload: Callable[..., Any] | None = None):
        """``offload(fn, *args)`` runs the commit (and its fsync) off the event loop, e.g. eventlet's
        ``tpool.execute``; by default it runs in place."""
        self.offload = offload or (lambda fn, *args: fn(*args))
        conn = sqlite3.connect(path, check_same_thread=False, isolation_level=None)
        self.db = sqlite_utils.Database(conn)
        self.conn = conn
        self.lock = threading.RLock()
        self._live: OrderedDict[int, Meeting] = OrderedDict()
        self.db.execute("PRAGMA busy_timeout = 5000")
        if path != ":memory:":
            self.db.enable_wal()
        self.db.execute("PRAGMA foreign_keys = ON")
        # synchronous=FULL: an acknowledged command survives a power cut, not only a crash.
        self.db.execute("PRAGMA synchronous = FULL")
        with self.lock:
            migrations.apply(self.db)

    def close(self) -> None:
        with self.lock:
            self.conn.close()

    @contextmanager
    def write(self) -> Iterator[sqlite_utils.Database]:
        """One write transaction, taken with BEGIN IMMEDIATE; rolled back on any exception."""
        with self.lock:
            self.conn.execute("BEGIN IMMEDIATE")
            try:
                yield self.db
            except BaseException:
                self.conn.execute("ROLLBACK")
                raise
            self.offload(self.conn.execute, "COMMIT")

    # ---------------------------------------------------------------- the live meetings

    def current(self, meeting_id: int) -> Meeting | None:
        """The meeting as this process holds it in memory, read again from the file only when
        another process committed a change since (its ``version`` differs). Call it holding
        ``lock`` (inside ``write()`` for a command), and change it only through a command."""
        if not storable(meeting_id):
            return None
        found = self.conn.execute("select version from meeting where id = ?", [meeting_id]).fetchone()
        if found is None:
            self._live.pop(meeting_id, None)
            return None
        state = self._live.get(meeting_id)
        if state is None or state.version != found[0]:
            state = self._live[meeting_id] = self.load(meeting_id)  # type: ignore[assignment]
            while len(self._live) > self.LIVE_MEETINGS:
                self._live.popitem(last=False)
        self._live.move_to_end(meeting_id)
        return state

    def forget(self, meeting_id: int) -> None:
        """Drop the meeting from memory (after a failed write: the file is the truth)."""
        with self.lock:
            self._live.pop(meeting_id, None)

    # ---------------------------------------------------------------- reading

    def meeting_ids(self) -> list[int]:
        with self.lock:
            return [r["id"] for r in self.db.query("select id from meeting order by id")]

    def meetings(self) -> list[dict[str, Any]]:
        """A short listing of every meeting but the deleted ones, newest first, with where each
        stands (``phase``: draft, scheduled, live, ended, archived)."""
        with self.lock:
            rows = self.db.query(
                "select id, title, hamlet, place, starts_at, is_demo, status, started_at, ended_at "
                "from meeting where status != ? order by id desc",
                [DELETED],
            )
            return [{**r, "phase": phase_of(r["status"], r["started_at"], r["ended_at"])} for r in rows]

    def exists(self, meeting_id: int) -> bool:
        """Whether the meeting exists for its screens (a deleted one does not)."""
        if not storable(meeting_id):
            return False
        with self.lock:
            found = self.conn.execute("select status from meeting where id = ?", [meeting_id]).fetchone()
            return found is not None and found[0] != DELETED

    def load(self, meeting_id: int) -> Meeting | None:
        """The full state of a meeting read from the file, or None."""
        with self.lock:
            return read_meeting(self.db, meeting_id)

    def pin(self, meeting_id: int, role: str) -> str | None:
        return self.pins(meeting_id).get(role)

    def office_pin(self) -> str:
        with self.lock:
            pin: str = self.conn.execute("select pin from office_access where id = 1").fetchone()[0]
            return pin

    def search(self, query: str, limit: int = 30, any_word: bool = False) -> list[dict[str, Any]]:
        """Opinions of every meeting matching all words of ``query`` (``any_word``: any of them,
        the rarest weighing most), with or without diacritics, each word also as a prefix, best
        first."""
        match = search.match_expression(query, any_word)
        if match is None:
            return []
        with self.lock:
            return list(self.db.query(search.search_sql(_OPINION_LISTING), [match, limit]))

    def followups(self, include_closed: bool = False) -> list[dict[str, Any]]:
        """Assigned and forwarded opinions of every meeting, the earliest deadline first."""
        outcomes = ", ".join(f"'{o}'" for o in FOLLOWED_UP)
        closed = "" if include_closed else "and o.closed_at is null"
        with self.lock:
            return list(
                self.db.query(
                    f"""{_OPINION_LISTING}
                        where o.outcome in ({outcomes}) {closed}
                        order by o.deadline is null, o.deadline, o.meeting_id, o.id"""
                )
            )

    def logged(self, command_id: str) -> dict[str, Any] | None:
        """The log row of an already applied command id, if any."""
        with self.lock:
            rows = list(self.db.query("select * from log where command_id = ?", [command_id]))
            return rows[0] if rows else None

    def log(self, meeting_id: int) -> list[dict[str, Any]]:
        with self.lock:
            return list(self.db.query("select * from log where meeting_id = ? order by seq", [meeting_id]))

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
                [_encode(n, changed[n]) for n in names] + [state.id],
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
                self._write_row(name, state.id, positions.get(item["id"]), item)
            moved = [(p, state.id, i) for i, p in positions.items() if i not in put_ids]
            conn.executemany(f"update [{table}] set position = ? where meeting_id = ? and id = ?", moved)
            for gone in part.get("drop", ()):
                conn.execute(f"delete from [{table}] where meeting_id = ? and id = ?", [state.id, gone])
                if name == "opinions":
                    search.unindex(conn, state.id, gone)
        search.index(conn, state, self._reindexed(state, journal))

    def _write_row(self, name: str, meeting_id: int, position: int | None, item: dict[str, Any]) -> None:
        """Insert or update one entity of collection ``name``; its position only if given."""
        values = {"meeting_id": meeting_id, "position": position, **item}
        self.conn.execute(_UPSERT[name], [_encode(c, values[c]) for c in _COLUMNS[name]])

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
        ids = {i for i, names in touched.items() if not names.isdisjoint(search.INDEXED)}
        renamed = {i for i, names in journal.touched.get("speakers", {}).items() if "name" in names}
        if renamed:
            ids |= {o.id for o in state.opinions if o.speaker_id in renamed}
        found = (state.opinion(i) for i in sorted(ids))
        return [o for o in found if o is not None]

    def append_log(
        self,
        meeting_id: int,
        command_id: str,
        at: float,
        role: str,
        name: str,
        payload: Any,
        version: int,
        effect: dict[str, Any] | None = None,
        person: str = "",
    ) -> None:
        """One row of the append-only log: who (role and person) sent which command when, what it
        asked (payload) and what it did (effect), and the version it made."""
        self.conn.execute(
            "insert into log (meeting_id, command_id, at, role, name, payload, version, effect, person) "
            "values (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                meeting_id,
                command_id,
                at,
                role,
                name,
                json.dumps(payload, ensure_ascii=False),
                version,
                None if effect is None else json.dumps(effect, ensure_ascii=False),
                person,
            ],
        )

    def insert_meeting(self, state: Meeting, pins: dict[str, str] | None = None) -> dict[str, str]:
        """Add a new meeting, every row of it, with fresh random PINs (or the given ones); return
        the PINs. Inside ``write()``; ``state.id`` 0 takes the next free id."""
        pins = pins or {role: _new_pin() for role in sorted(PIN_ROLES)}
        if not state.id:
            state.id = self.conn.execute("select coalesce(max(id), 0) + 1 from meeting").fetchone()[0]
        change = full_effect(state)
        self.db.table("meeting").insert({n: _encode(n, v) for n, v in change["set"].items()})
        for name in COLLECTIONS:
            for position, item in enumerate(change[name]["put"]):
                self._write_row(name, state.id, position, item)
        search.index(self.conn, state, state.opinions)
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
            command_id = f"create-{state.id}-{secrets.token_hex(8)}"
            self.append_log(state.id, command_id, at, "office", "meeting.create", {}, state.version, full_effect(state))
        return pins

    # ---------------------------------------------------------------- documents (after the meeting)

    def save_document(
        self,
        meeting_id: int,
        kind: str,
        content: Any,
        base_version: int | None,
        at: float,
        role: str,
        person: str,
        docx: bytes | None = None,
    ) -> dict[str, Any]:
        """Save a document's text as its draft, and with ``docx`` (made from that text, before:
        never inside the write lock) finalise it; return its row (without the .docx). ``base_version`` is the version
        the sender edited (None if it started from a fresh draft): if another was saved since, raise
        ``DocumentConflict``. A finalised version never changes: a later save makes a new version.
        Logged (``<kind>.save`` / ``<kind>.finalise``) without the text, with the hash."""
        with self.write():
            found = self.conn.execute("select version from meeting where id = ?", [meeting_id]).fetchone()
            if found is None:
                raise KeyError(meeting_id)
            latest = self.conn.execute(
                "select version, finalised_at from document where meeting_id = ? and kind = ? "
                "order by version desc limit 1",
                [meeting_id, kind],
            ).fetchone()
            if (latest[0] if latest else None) != base_version:
                raise DocumentConflict(latest[0] if latest else None)
            text = json.dumps(content, ensure_ascii=False)
            if latest and latest[1] is None:  # the draft is still a draft: it is edited in place
                version = latest[0]
                self.conn.execute(
                    "update document set content = ?, created_at = ?, person = ? "
                    "where meeting_id = ? and kind = ? and version = ?",
                    [text, at, person, meeting_id, kind, version],
                )
            else:
                version = (latest[0] if latest else 0) + 1
                self.conn.execute(
                    "insert into document (meeting_id, kind, version, created_at, person, content) "
                    "values (?, ?, ?, ?, ?, ?)",
                    [meeting_id, kind, version, at, person, text],
                )
            payload: dict[str, Any] = {"version": version}
            if docx is not None:
                digest = hashlib.sha256(docx).hexdigest()
                self.conn.execute(
                    "update document set finalised_at = ?, docx = ?, sha256 = ? "
                    "where meeting_id = ? and kind = ? and version = ?",
                    [at, docx, digest, meeting_id, kind, version],
                )
                payload["sha256"] = digest
            name = f"{kind}.finalise" if docx is not None else f"{kind}.save"
            command_id = f"{name}-{meeting_id}-{version}-{secrets.token_hex(6)}"
            self.append_log(meeting_id, command_id, at, role, name, payload, found[0], None, person)
            row = self.conn.execute(
                "select version, created_at, person, finalised_at, sha256 from document "
                "where meeting_id = ? and kind = ? and version = ?",
                [meeting_id, kind, version],
            ).fetchone()
        return dict(zip(("version", "created_at", "person", "finalised_at", "sha256"), row, strict=True))

    def pins(self, meeting_id: int) -> dict[str, str]:
        """The PINs of a meeting's operator roles (for the office, which hands them out)."""
        if not storable(meeting_id):
            return {}
        with self.lock:
            return {
                r["role"]: r["pin"]
                for r in self.db.query("select role, pin from access where meeting_id = ?", [meeting_id])
            }

    def regenerate_pin(self, meeting_id: int, role: str, at: float, person: str = "") -> str | None:
        """A new random PIN for ``role`` of the meeting (never the old one), logged without the PIN
        itself; None if there is no such meeting."""
        if not storable(meeting_id):
            return None
        with self.write():
            found = self.conn.execute("select version from meeting where id = ?", [meeting_id]).fetchone()
            if found is None:
                return None
            old = self.conn.execute(
                "select pin from access where meeting_id = ? and role = ?", [meeting_id, role]
            ).fetchone()
            pin = old[0] if old else ""
            while old and pin == old[0]:
                pin = _new_pin()
            self.conn.execute(
                "insert into access (meeting_id, role, pin) values (?, ?, ?) "
                "on conflict (meeting_id, role) do update set pin = excluded.pin",
                [meeting_id, role, pin],
            )
            command_id = f"pin-{meeting_id}-{role}-{secrets.token_hex(6)}"
            self.append_log(
                meeting_id, command_id, at, "office", "pin.regenerate", {"role": role}, found[0], None, person
            )
        return pin

    # ---------------------------------------------------------------- moving a meeting (server/reports/transfer.py)

    def import_meeting(
        self, state: Meeting, log_rows: list[dict[str, Any]], documents: list[dict[str, Any]]
    ) -> tuple[int, dict[str, str]]:
        """Store a meeting read from another laptop's export (``transfer.read_export``) as a new
        meeting, in one transaction: every row of it with a new id and fresh PINs, its log in order
        with the original times, roles, persons, payloads and effects (new ``seq``; an effect that
        set the meeting's id sets the new one), and its documents. Refused with
        ``TransferProblem("transfer_already_here")`` if a command of its log is already in this
        database (the same meeting imported twice, or brought back where it was made); nothing is
        written then. Returns the new id and the PINs."""
        from .reports.transfer import TransferProblem

        ids = [row["command_id"] for row in log_rows]
        try:  # every screen must be able to show it: a file that only looks like a meeting is refused
            for role in ROLES:
                project(state, role)
        except (AttributeError, KeyError, LookupError, TypeError, ValueError):
            raise TransferProblem("transfer_foreign") from None
        with self.write():
            columns = set(self.db["document"].columns_dict) - {"meeting_id"}
            if any(not set(doc) <= columns for doc in documents):
                raise TransferProblem("transfer_newer")  # a document column this database lacks
            for start in range(0, len(ids), 500):
                chunk = ids[start : start + 500]
                marks = ", ".join("?" for _ in chunk)
                if self.conn.execute(f"select 1 from log where command_id in ({marks}) limit 1", chunk).fetchone():
                    raise TransferProblem("transfer_already_here")
            state.id = 0
            pins = self.insert_meeting(state)
            for row in log_rows:
                effect = row["effect"]
                if isinstance(effect, dict) and "id" in effect.get("set", {}):
                    effect = {**effect, "set": {**effect["set"], "id": state.id}}
                self.append_log(
                    state.id,
                    row["command_id"],
                    row["at"],
                    row["role"],
                    row["name"],
                    row["payload"],
                    row["version"],
                    effect,
                    row.get("person") or "",
                )
            for doc in documents:
                self.db.table("document").insert({**doc, "meeting_id": state.id})
        return state.id, pins
