"""Full-text search over every meeting's opinions, with or without diacritics.

An FTS5 table holds a *folded* copy of each opinion's text (lower case, no diacritics, "đ" as "d"):
SQLite's ``remove_diacritics`` alone keeps "đ" as a letter of its own, so "dat dai" would not find
"đất đai". Queries are folded the same way.
"""

from __future__ import annotations

import re
import sqlite3
import unicodedata
from collections.abc import Iterable

from .domain.model import Meeting, Opinion

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
