"""The read side: documents, statistics and exports are built from a read-only connection of their
own, off the event loop, so a big export never holds the live screens' lock or freezes them.

``ReadSide.run(fn, *args)`` runs ``fn`` with the read-only database off the event loop (eventlet's
thread pool in production; in place under the threading server of the tests). The connection is
opened per call: SQLite opens in microseconds, and a connection never crosses threads.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import sqlite_utils

from ..domain.model import Meeting
from .db import read_meeting

T = TypeVar("T")


class ReadSide:
    def __init__(self, path: str, offload: Callable[..., Any] | None = None):
        self.path = path
        self.offload = offload or (lambda fn, *args: fn(*args))

    def run(self, fn: Callable[..., T], *args: Any) -> T:
        """``fn(reader, *args)`` with a fresh read-only ``Reader``, off the event loop."""
        result: T = self.offload(self._call, fn, args)  # the thread pool hands back what fn returned
        return result

    def _call(self, fn: Callable[..., T], args: tuple[Any, ...]) -> T:
        conn = sqlite3.connect(f"{Path(self.path).resolve().as_uri()}?mode=ro", uri=True)
        try:
            return fn(Reader(sqlite_utils.Database(conn)), *args)
        finally:
            conn.close()


class Reader:
    """Reads of one read-only connection."""

    def __init__(self, db: sqlite_utils.Database):
        self.db = db

    def meeting(self, meeting_id: int) -> Meeting | None:
        return read_meeting(self.db, meeting_id)

    def meetings(self) -> list[Meeting]:
        """Every meeting but the deleted ones, oldest first."""
        ids = [r["id"] for r in self.db.query("select id from meeting where status != 'deleted' order by id")]
        return [m for i in ids if (m := read_meeting(self.db, i)) is not None]

    def log(self, meeting_id: int) -> list[dict[str, Any]]:
        return list(self.db.query("select * from log where meeting_id = ? order by seq", [meeting_id]))

    def documents(self, meeting_id: int, kind: str | None = None) -> list[dict[str, Any]]:
        """The versions of the meeting's documents (of ``kind``), oldest first, content parsed."""
        where, args = ("and kind = ?", [meeting_id, kind]) if kind else ("", [meeting_id])
        rows = self.db.query(f"select * from document where meeting_id = ? {where} order by kind, version", args)
        return [{**r, "content": json.loads(r["content"])} for r in rows]
