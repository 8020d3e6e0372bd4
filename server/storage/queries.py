"""Reading across meetings: the listing of meetings, the log, the full-text search over every
meeting's opinions (with or without diacritics) and the follow-up of the opinions assigned.

An FTS5 table holds a *folded* copy of each opinion's text (lower case, no diacritics, "đ" as "d"):
SQLite's ``remove_diacritics`` alone keeps "đ" as a letter of its own, so "dat dai" would not find
"đất đai". Queries are folded the same way.
"""

from __future__ import annotations

import re
import sqlite3
import unicodedata
from collections.abc import Iterable
from typing import Any

from ..domain.model import DELETED, FOLLOWED_UP, Meeting, Opinion, phase_of
from .db import Database, storable

# The opinion fields whose text is searchable; the name of the citizen (from the turn) is too.
INDEXED = ("summary", "text", "category", "unit", "citizen", "answer", "prior_ref", "prior_body")


def fold(text: str) -> str:
    """Lower case without diacritics, "đ" included: "Đất đai" -> "dat dai"."""
    text = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return "".join(c for c in text if not unicodedata.combining(c)).lower()


def body(opinion: Opinion, speaker_name: str) -> str:
    """The folded text indexed for one opinion."""
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


def index(conn: sqlite3.Connection, state: Meeting, opinions: Iterable[Opinion]) -> None:
    """(Re)index these opinions of ``state``."""
    for opinion in opinions:
        speaker = state.speaker(opinion.speaker_id) if opinion.speaker_id is not None else None
        unindex(conn, state.id, opinion.id)
        conn.execute(
            "insert into opinion_fts (body, meeting_id, opinion_id) values (?, ?, ?)",
            [body(opinion, speaker.name if speaker else ""), state.id, opinion.id],
        )


def unindex(conn: sqlite3.Connection, meeting_id: int, opinion_id: int) -> None:
    conn.execute("delete from opinion_fts where meeting_id = ? and opinion_id = ?", [meeting_id, opinion_id])


def match_expression(query: str, any_word: bool) -> str | None:
    """The FTS5 query for ``query``: every word (or any, with ``any_word``), each also as a prefix."""
    words = re.findall(r"\w+", fold(query))
    if not words:
        return None
    return (" OR " if any_word else " ").join(f'"{w}"*' for w in words)


def search_sql(listing: str) -> str:
    """``listing`` (a select of opinions aliased ``o``) narrowed to a match, best first."""
    return f"""{listing}
        join opinion_fts f on f.meeting_id = o.meeting_id and f.opinion_id = o.id
        where opinion_fts match ? order by f.rank limit ?"""


# Opinions with their meeting and the citizen who raised them (from the turn, or the written form).
_OPINION_LISTING = """
    select o.*, m.title as meeting_title, m.hamlet, m.starts_at,
           coalesce(s.name, o.citizen) as citizen_name, coalesce(s.xom, o.xom) as citizen_xom
    from opinion o
    join meeting m on m.id = o.meeting_id
    left join speaker s on s.meeting_id = o.meeting_id and s.id = o.speaker_id"""


class Queries(Database):
    """Reads of the store's connection that serve listings, not commands."""

    def meeting_ids(self) -> list[int]:
        """Every meeting's id, deleted ones included."""
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

    def log(self, meeting_id: int) -> list[dict[str, Any]]:
        """The meeting's log rows, in order."""
        with self.lock:
            return list(self.db.query("select * from log where meeting_id = ? order by seq", [meeting_id]))

    def search(self, query: str, limit: int = 30, any_word: bool = False) -> list[dict[str, Any]]:
        """Opinions of every meeting matching all words of ``query`` (``any_word``: any of them,
        the rarest weighing most), with or without diacritics, each word also as a prefix, best
        first."""
        match = match_expression(query, any_word)
        if match is None:
            return []
        with self.lock:
            return list(self.db.query(search_sql(_OPINION_LISTING), [match, limit]))

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
