"""SQLite persistence through sqlite-utils: schema migrations, loading and saving states.

One connection, guarded by a lock, serves the whole process (under eventlet every
greenlet shares it; under threading the lock serialises). A command's write runs
in ``BEGIN IMMEDIATE``, and its state is loaded inside that transaction, so two
processes sharing the file (scale-out) still apply commands one at a time.
"""

from __future__ import annotations

import json
import re
import secrets
import sqlite3
import threading
import unicodedata
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, fields
from typing import Any

import sqlite_utils
from sqlite_utils import Migrations

from .domain.model import FOLLOWED_UP, Delegate, Meeting, Opinion, Settings, Speaker, Stage, Timer

migrations = Migrations("dialogue")


@migrations()
def m001_core(db: sqlite_utils.Database) -> None:
    db["meeting"].create(
        {
            "id": int,
            "title": str,
            "banner": str,  # JSON list of lines
            "organiser": str,
            "hamlet": str,
            "place": str,
            "starts_at": str,
            "is_demo": int,
            "settings": str,  # JSON
            "version": int,
            "next_id": int,
            "stage_id": int,
            "stage_started_at": float,
            "started_at": float,
            "speaker_id": int,
            "timer": str,  # JSON
            "message": str,
        },
        pk="id",
        not_null={"title", "version", "next_id"},
    )
    db["access"].create(
        {"meeting_id": int, "role": str, "pin": str},
        pk=("meeting_id", "role"),
        foreign_keys=[("meeting_id", "meeting", "id")],
    )
    db["stage"].create(
        {"meeting_id": int, "id": int, "position": int, "title": str, "planned_minutes": int},
        pk=("meeting_id", "id"),
        foreign_keys=[("meeting_id", "meeting", "id")],
    )
    db["delegate"].create(
        {"meeting_id": int, "id": int, "position": int, "name": str, "title": str, "unit": str},
        pk=("meeting_id", "id"),
        foreign_keys=[("meeting_id", "meeting", "id")],
    )
    db["speaker"].create(
        {
            "meeting_id": int,
            "id": int,
            "position": int,
            "name": str,
            "xom": str,
            "topic": str,
            "requested_seconds": int,
            "status": str,
            "walk_in": int,
            "phone": str,
            "note": str,
            "registered_at": float,
            "started_at": float,
            "ended_at": float,
            "spoken_seconds": float,
        },
        pk=("meeting_id", "id"),
        foreign_keys=[("meeting_id", "meeting", "id")],
    )
    # The append-only log of every applied command: what the minutes are written from.
    db["log"].create(
        {
            "seq": int,
            "meeting_id": int,
            "command_id": str,
            "at": float,
            "role": str,
            "name": str,
            "payload": str,  # JSON
            "version": int,
        },
        pk="seq",
        foreign_keys=[("meeting_id", "meeting", "id")],
    )
    db["log"].create_index(["command_id"], unique=True)
    db["log"].create_index(["meeting_id", "seq"])


@migrations()
def m002_opinions(db: sqlite_utils.Database) -> None:
    db["meeting"].add_column("focus_opinion_id", int)
    db["speaker"].add_column("official", int, not_null_default=0)
    db["speaker"].add_column("answers", str, not_null_default="[]")  # JSON list of opinion ids
    db["speaker"].add_column("follows_opinion_id", int)
    db["opinion"].create(
        {
            "meeting_id": int,
            "id": int,
            "position": int,
            "summary": str,
            "text": str,
            "kind": str,
            "category": str,
            "level": str,
            "unit": str,
            "speaker_id": int,
            "citizen": str,
            "xom": str,
            "raised_at": float,
            "answerer": str,
            "answerer_delegate_id": int,
            "outcome": str,
            "outcome_at": float,
            "answer": str,
            "answered_by": str,
            "deadline_days": int,
            "deadline": str,
            "forwarded_to": str,
            "prior_ref": str,
            "prior_date": str,
            "prior_body": str,
            "reply_date": str,
            "reply_summary": str,
            "reply_ref": str,
            "citizen_accepted": int,
            "closed_at": float,
        },
        pk=("meeting_id", "id"),
        foreign_keys=[("meeting_id", "meeting", "id")],
    )
    db["opinion"].create_index(["outcome", "closed_at"])
    # Full-text search over opinions of every meeting. SQLite's unicode61 tokenizer removes
    # accents but keeps "đ" (a letter of its own), so "dat dai" would not find "đất đai":
    # the indexed text is folded by fold() first, and so is every query.
    db.execute(
        "create virtual table opinion_fts using fts5("
        "body, meeting_id unindexed, opinion_id unindexed, tokenize = 'unicode61 remove_diacritics 2')"
    )
    # The commune office's PIN, for the follow-up of every meeting.
    db["office_access"].create({"id": int, "pin": str}, pk="id")
    db["office_access"].insert({"id": 1, "pin": f"{secrets.randbelow(10**6):06d}"})


def fold(text: str) -> str:
    """Lower case without diacritics, "đ" included: "Đất đai" -> "dat dai"."""
    text = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return "".join(c for c in text if not unicodedata.combining(c)).lower()


def _opinion_bodies(state: Meeting) -> dict[int, str]:
    """The folded text indexed for each opinion of ``state``."""
    names = {s.id: s.name for s in state.speakers}
    return {
        o.id: _opinion_body(o, names.get(o.speaker_id, "") if o.speaker_id is not None else "") for o in state.opinions
    }


def _opinion_body(opinion: Opinion, speaker_name: str) -> str:
    parts = (
        opinion.summary,
        opinion.text,
        opinion.category,
        opinion.unit,
        opinion.citizen,
        speaker_name,
        opinion.answer,
        opinion.prior_ref,
        opinion.prior_body,
    )
    return fold(" ".join(p for p in parts if p))


# Child collections of a meeting: attribute, table, row class.
_CHILDREN: tuple[tuple[str, str, type], ...] = (
    ("stages", "stage", Stage),
    ("delegates", "delegate", Delegate),
    ("speakers", "speaker", Speaker),
    ("opinions", "opinion", Opinion),
)
_JSON_FIELDS = {"banner", "settings", "timer"}
_BOOL_FIELDS = {"is_demo", "walk_in", "official", "citizen_accepted"}
_LIST_FIELDS = {"answers"}
_SCALAR_FIELDS = [f.name for f in fields(Meeting) if f.name not in {c[0] for c in _CHILDREN}]


def _meeting_row(state: Meeting) -> dict[str, Any]:
    row = {}
    for name in _SCALAR_FIELDS:
        value = getattr(state, name)
        if name in _JSON_FIELDS:
            value = json.dumps(value if isinstance(value, list) else asdict(value), ensure_ascii=False)
        elif name in _BOOL_FIELDS:
            value = int(value)
        row[name] = value
    return row


def _child_rows(state: Meeting, attr: str) -> dict[int, dict[str, Any]]:
    rows = {}
    for position, item in enumerate(getattr(state, attr)):
        row = asdict(item)
        for name in _BOOL_FIELDS & row.keys():
            row[name] = None if row[name] is None else int(row[name])
        for name in _LIST_FIELDS & row.keys():
            row[name] = json.dumps(row[name])
        rows[item.id] = {"meeting_id": state.id, "position": position, **row}
    return rows


def _from_row(cls: type, row: dict[str, Any]) -> Any:
    names = {f.name for f in fields(cls)}
    values = {k: v for k, v in row.items() if k in names}
    for name in _BOOL_FIELDS & values.keys():
        values[name] = None if values[name] is None else bool(values[name])
    for name in _LIST_FIELDS & values.keys():
        values[name] = json.loads(values[name])
    return cls(**values)


# Opinions with their meeting and the citizen who raised them (from the turn, or the written form).
_OPINION_LISTING = """
    select o.*, m.title as meeting_title, m.hamlet, m.starts_at,
           coalesce(s.name, o.citizen) as citizen_name, coalesce(s.xom, o.xom) as citizen_xom
    from opinion o
    join meeting m on m.id = o.meeting_id
    left join speaker s on s.meeting_id = o.meeting_id and s.id = o.speaker_id"""


class Store:
    """The database of one server process."""

    def __init__(self, path: str):
        conn = sqlite3.connect(path, check_same_thread=False, isolation_level=None)
        self.db = sqlite_utils.Database(conn)
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
            self.db.conn.close()

    @contextmanager
    def write(self) -> Iterator[sqlite_utils.Database]:
        """One write transaction, taken with BEGIN IMMEDIATE; rolled back on any exception."""
        with self.lock:
            self.db.execute("BEGIN IMMEDIATE")
            try:
                yield self.db
            except BaseException:
                self.db.execute("ROLLBACK")
                raise
            self.db.execute("COMMIT")

    # ---------------------------------------------------------------- reading

    def meeting_ids(self) -> list[int]:
        with self.lock:
            return [r["id"] for r in self.db.query("select id from meeting order by id")]

    def meetings(self) -> list[dict[str, Any]]:
        """A short listing of every meeting, newest first (for the index page)."""
        with self.lock:
            return list(
                self.db.query("select id, title, hamlet, place, starts_at, is_demo from meeting order by id desc")
            )

    def load(self, meeting_id: int) -> Meeting | None:
        """The full state of a meeting, or None."""
        with self.lock:
            rows = list(self.db.query("select * from meeting where id = ?", [meeting_id]))
            if not rows:
                return None
            row = rows[0]
            values = {k: row[k] for k in _SCALAR_FIELDS}
            values["banner"] = json.loads(row["banner"] or "[]")
            values["settings"] = Settings(**json.loads(row["settings"]))
            values["timer"] = Timer(**json.loads(row["timer"]))
            values["is_demo"] = bool(row["is_demo"])
            for attr, table, cls in _CHILDREN:
                values[attr] = [
                    _from_row(cls, r)
                    for r in self.db.query(
                        f"select * from [{table}] where meeting_id = ? order by position", [meeting_id]
                    )
                ]
            return Meeting(**values)

    def pin(self, meeting_id: int, role: str) -> str | None:
        with self.lock:
            rows = list(self.db.query("select pin from access where meeting_id = ? and role = ?", [meeting_id, role]))
            return rows[0]["pin"] if rows else None

    def office_pin(self) -> str:
        with self.lock:
            return self.db.execute("select pin from office_access where id = 1").fetchone()[0]

    def search(self, query: str, limit: int = 30, any_word: bool = False) -> list[dict[str, Any]]:
        """Opinions of every meeting matching all words of ``query`` (``any_word``: any of them,
        the rarest weighing most), with or without diacritics, each word also as a prefix, best
        first."""
        words = re.findall(r"\w+", fold(query))
        if not words:
            return []
        match = (" OR " if any_word else " ").join(f'"{w}"*' for w in words)
        with self.lock:
            return list(
                self.db.query(
                    f"""{_OPINION_LISTING}
                        join opinion_fts f on f.meeting_id = o.meeting_id and f.opinion_id = o.id
                        where opinion_fts match ? order by f.rank limit ?""",
                    [match, limit],
                )
            )

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

    def save(self, old: Meeting | None, new: Meeting) -> None:
        """Write what changed from ``old`` to ``new`` (``old`` None: a new meeting)."""
        db = self.db
        db["meeting"].upsert(_meeting_row(new), pk="id")
        for attr, table, _cls in _CHILDREN:
            before = _child_rows(old, attr) if old is not None else {}
            after = _child_rows(new, attr)
            changed = [row for key, row in after.items() if before.get(key) != row]
            if changed:
                db[table].upsert_all(changed, pk=("meeting_id", "id"))
            for gone in before.keys() - after.keys():
                db[table].delete((new.id, gone))
        self._index_opinions(old, new)

    def _index_opinions(self, old: Meeting | None, new: Meeting) -> None:
        """Keep the search index up to date for every opinion whose indexed text changed (its own
        fields, or the name of the citizen whose turn it was raised in)."""
        before = _opinion_bodies(old) if old is not None else {}
        for opinion_id, body in _opinion_bodies(new).items():
            if before.get(opinion_id) == body:
                continue
            self.db.execute("delete from opinion_fts where meeting_id = ? and opinion_id = ?", [new.id, opinion_id])
            self.db.execute(
                "insert into opinion_fts (body, meeting_id, opinion_id) values (?, ?, ?)", [body, new.id, opinion_id]
            )

    def append_log(
        self, meeting_id: int, command_id: str, at: float, role: str, name: str, payload: Any, version: int
    ) -> None:
        self.db["log"].insert(
            {
                "meeting_id": meeting_id,
                "command_id": command_id,
                "at": at,
                "role": role,
                "name": name,
                "payload": json.dumps(payload, ensure_ascii=False),
                "version": version,
            }
        )

    def create_meeting(self, state: Meeting, pins: dict[str, str] | None = None) -> dict[str, str]:
        """Insert a new meeting with fresh random PINs (or the given ones); return the PINs."""
        pins = pins or {role: f"{secrets.randbelow(10**6):06d}" for role in ("chair", "secretary")}
        with self.write():
            if state.id is None or state.id == 0:
                state.id = self.db.execute("select coalesce(max(id), 0) + 1 from meeting").fetchone()[0]
            self.save(None, state)
            self.db["access"].insert_all(
                [{"meeting_id": state.id, "role": role, "pin": pin} for role, pin in pins.items()]
            )
        return pins
