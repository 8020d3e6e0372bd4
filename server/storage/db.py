"""The database file: one connection and its lock, write transactions, the log row every write
appends, and how the meeting's fields are stored in their columns (the codecs).

One connection, guarded by a lock, serves the whole process (under eventlet every greenlet shares
it; under threading the lock serialises). The schema is ``migrations.py``.
"""

from __future__ import annotations

import json
import sqlite3
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, fields
from typing import Any

import sqlite_utils

from ..domain import Meeting
from ..domain.changes import SCALARS
from ..domain.model import COLLECTIONS, ROW_CLASSES, Paperwork, Settings, Timer
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


def encode(name: str, value: Any) -> Any:
    """A field's value as stored in its column."""
    if value is None:
        return None
    if name in _JSON_FIELDS:
        return json.dumps(value if isinstance(value, (list, dict)) else asdict(value), ensure_ascii=False)
    if name in _BOOL_FIELDS:
        return int(value)
    return value


def decode(name: str, value: Any) -> Any:
    """A column's value as the field holds it."""
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


def read_meeting(db: sqlite_utils.Database, meeting_id: int) -> Meeting | None:
    """The full state of a meeting as the file holds it, or None (the store's connection, or the
    read side's read-only one)."""
    rows = list(db.query("select * from meeting where id = ?", [meeting_id]))
    if not rows:
        return None
    values = {name: decode(name, rows[0][name]) for name in SCALARS}
    values["banner"] = values["banner"] or []
    values["settings"] = Settings(**values["settings"])
    values["timer"] = Timer(**values["timer"])
    values["paperwork"] = Paperwork(**(values["paperwork"] or {}))
    for name, (table, cls) in TABLES.items():
        names = {f.name for f in fields(cls)}
        values[name] = [
            cls(**{k: decode(k, v) for k, v in r.items() if k in names})
            for r in db.query(f"select * from [{table}] where meeting_id = ? order by position", [meeting_id])
        ]
    return Meeting(**values)


def storable(meeting_id: int) -> bool:
    """Whether ``meeting_id`` can be an id at all (SQLite's integers are 64-bit): a bigger one from a
    URL or an event names no meeting, rather than failing in the query."""
    return isinstance(meeting_id, int) and 0 < meeting_id < 2**63


@dataclass(frozen=True, kw_only=True)
class LogEntry:
    """One row of the append-only log: who (``role`` and ``person``) sent which command (``name``,
    its ``command_id``) at ``at``, what it asked (``payload``), what it did (``effect``: None for
    writes outside the meeting's rows, such as a document or a PIN) and the ``version`` it made."""

    meeting_id: int
    command_id: str
    at: float
    role: str
    name: str
    payload: Any
    version: int
    effect: dict[str, Any] | None = None
    person: str = ""


class Database:
    """The connection of one server process to the file, and its write transactions."""

    def __init__(self, path: str, offload: Callable[..., Any] | None = None):
        """``offload(fn, *args)`` runs the commit (and its fsync) off the event loop, e.g. eventlet's
        ``tpool.execute``; by default it runs in place."""
        self.offload = offload or (lambda fn, *args: fn(*args))
        conn = sqlite3.connect(path, check_same_thread=False, isolation_level=None)
        self.db = sqlite_utils.Database(conn)
        self.conn = conn
        self.lock = threading.RLock()
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

    def append_log(self, entry: LogEntry) -> None:
        """Append ``entry`` to the log, inside ``write()``: every write of a meeting logs itself in
        the same transaction."""
        self.conn.execute(
            "insert into log (meeting_id, command_id, at, role, name, payload, version, effect, person) "
            "values (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                entry.meeting_id,
                entry.command_id,
                entry.at,
                entry.role,
                entry.name,
                json.dumps(entry.payload, ensure_ascii=False),
                entry.version,
                None if entry.effect is None else json.dumps(entry.effect, ensure_ascii=False),
                entry.person,
            ],
        )

    def write_row(self, name: str, meeting_id: int, position: int | None, item: dict[str, Any]) -> None:
        """Insert or update one entity of collection ``name``; its position only if given."""
        values = {"meeting_id": meeting_id, "position": position, **item}
        self.conn.execute(_UPSERT[name], [encode(c, values[c]) for c in _COLUMNS[name]])

    def meeting_version(self, meeting_id: int) -> int | None:
        """The meeting's ``version`` in the file (None: no such meeting): read inside ``write()``,
        it says whether another process committed since."""
        found = self.conn.execute("select version from meeting where id = ?", [meeting_id]).fetchone()
        return None if found is None else int(found[0])
