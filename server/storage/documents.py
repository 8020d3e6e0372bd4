"""The documents written after the meeting (the minutes), as versions: a draft is edited in place,
a finalised version (its .docx and SHA-256) never changes again."""

from __future__ import annotations

import hashlib
import json
import secrets
from typing import Any

from .db import Database, LogEntry


class DocumentConflict(Exception):
    """Another version of the document was saved since the sender loaded it (``latest``)."""

    def __init__(self, latest: int | None):
        super().__init__(latest)
        self.latest = latest


class Documents(Database):
    """Saving and finalising the versions of a meeting's documents."""

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
        never inside the write lock) finalise it; return its row (without the .docx).
        ``base_version`` is the version the sender edited (None if it started from a fresh draft):
        if another was saved since, raise ``DocumentConflict``. A finalised version never changes:
        a later save makes a new version. Logged (``<kind>.save`` / ``<kind>.finalise``) without the
        text, with the hash."""
        with self.write():
            meeting_version = self.meeting_version(meeting_id)
            if meeting_version is None:
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
            self.append_log(
                LogEntry(
                    meeting_id=meeting_id,
                    command_id=command_id,
                    at=at,
                    role=role,
                    name=name,
                    payload=payload,
                    version=meeting_version,
                    person=person,
                )
            )
            row = self.conn.execute(
                "select version, created_at, person, finalised_at, sha256 from document "
                "where meeting_id = ? and kind = ? and version = ?",
                [meeting_id, kind, version],
            ).fetchone()
        return dict(zip(("version", "created_at", "person", "finalised_at", "sha256"), row, strict=True))
