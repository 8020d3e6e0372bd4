"""The one command pipeline: authorize → validate → apply → commit (+ log) → broadcast → ack.

Every state change of every screen goes through ``handle``. Nothing is broadcast
unless the transaction committed, and a refused command changes nothing.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from pydantic import Field, ValidationError

from .domain import CommandError, Meeting, Problem, execute
from .domain.payloads import Payload
from .messages import error_ack
from .store import Store

log = logging.getLogger(__name__)


class Envelope(Payload):
    """What a screen sends on the ``command`` event."""

    id: str = Field(min_length=8, max_length=64, pattern=r"^[A-Za-z0-9_-]+$")
    name: str = Field(max_length=64)
    payload: dict[str, Any]
    meeting_id: int | None = None  # only from the office, which joins no meeting


def handle(
    store: Store,
    joined_meeting_id: int | None,
    role: str,
    raw: Any,
    now: float,
    broadcast: Callable[[Meeting], None],
) -> dict[str, Any]:
    """Run one command from a screen that joined ``joined_meeting_id`` as ``role`` (the office
    joins no meeting and names one in each envelope); return the ack."""
    try:
        envelope = Envelope.model_validate(raw) if isinstance(raw, dict) else None
    except ValidationError:
        envelope = None
    if envelope is None or (joined_meeting_id is not None and envelope.meeting_id not in (None, joined_meeting_id)):
        return error_ack(Problem("bad_envelope"))
    meeting_id = joined_meeting_id if joined_meeting_id is not None else envelope.meeting_id

    try:
        with store.write():
            seen = store.logged(envelope.id)
            if seen is not None:
                # A retry of a command already applied (the ack was lost): apply it once only.
                return {"ok": True, "version": seen["version"], "duplicate": True}
            state = store.load(meeting_id)
            if state is None:
                raise CommandError(Problem("no_such_meeting"))
            new = execute(state, envelope.name, envelope.payload, role, now)
            store.save(state, new)
            store.append_log(meeting_id, envelope.id, now, role, envelope.name, envelope.payload, new.version)
    except CommandError as refused:
        return error_ack(*refused.problems)
    except Exception:
        log.exception("command %s failed", envelope.name)
        return error_ack(Problem("server_error"))

    broadcast(new)
    return {"ok": True, "version": new.version}
