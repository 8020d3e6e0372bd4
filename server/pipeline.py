"""The one command pipeline: check → apply → commit (+ log) → broadcast → ack.

Every state change of every screen goes through ``handle``:

1. the envelope, the role and the payload are checked, needing no state and no lock;
2. inside one ``BEGIN IMMEDIATE`` transaction: a retried command id is answered from the log; the
   meeting is taken from memory (read again only if another process committed); the command
   changes it in place and its journal says what changed (a refusal undoes itself); the changed
   rows and the log row with the command's effect are written, and each role's patch is built;
3. only after the commit is anything broadcast, then the sender gets its ack.

A refusal comes back as problems (``refusal``), not sentences: wording them is the web edge's job.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from typing import Any

from pydantic import Field, ValidationError

from .domain import ROLES, CommandError, Meeting, Prepared, Problem, apply, check, effect, patch
from .domain.changes import full_effect
from .domain.meetings import template
from .domain.model import DELETED
from .domain.payloads import Payload
from .storage import LogEntry, Store

log = logging.getLogger(__name__)

# What a broadcast gets: the meeting and each role's patch.
Broadcast = Callable[[Meeting, dict[str, dict[str, Any]]], None]


def refusal(*problems: Problem) -> dict[str, Any]:
    """A refused command's ack as the pipeline returns it: its problems, still codes. The web edge
    (``server/sockets.py``) words them in the user's language (``server/i18n/refusals.py``), so the
    pipeline needs no request and no translation."""
    return {"ok": False, "problems": list(problems)}


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
    broadcast: Broadcast,
    person: str = "",
) -> dict[str, Any]:
    """Run one command from a screen that joined ``joined_meeting_id`` as ``role`` (the office
    joins no meeting and names one in each envelope), used by ``person``; return the ack."""
    try:
        envelope = Envelope.model_validate(raw) if isinstance(raw, dict) else None
    except ValidationError:
        envelope = None
    if envelope is None or (joined_meeting_id is not None and envelope.meeting_id not in (None, joined_meeting_id)):
        return refusal(Problem("bad_envelope"))
    meeting_id = joined_meeting_id if joined_meeting_id is not None else envelope.meeting_id

    applied = False
    try:
        prepared = check(envelope.name, envelope.payload, role)
        if prepared.command.creates:
            return _create(store, envelope, prepared, role, now, person)
        with store.write():
            seen = store.logged(envelope.id)
            if seen is not None:
                # A retry of a command already applied (the ack was lost): apply it once only.
                ack: dict[str, Any] = {"ok": True, "version": seen["version"], "duplicate": True}
                created = json.loads(seen["effect"] or "{}").get("created")
                return {**ack, "created": created} if created else ack
            if meeting_id is None or (state := store.current(meeting_id)) is None:
                raise CommandError(Problem("no_such_meeting"))
            journal = apply(state, prepared, now)
            applied = True
            change = effect(state, journal)
            created = _created(state, journal)
            if created:  # kept in the log too, so a retried command's ack says it again
                change["created"] = created
            store.save(state, journal, change)
            store.append_log(_entry(meeting_id, envelope, now, role, state.version, change, person))
            patches = {r: patch(state, change, r) for r in ROLES}
            # Read now: the broadcast may yield to another command that changes this meeting.
            version = state.version
    except CommandError as refused:
        return refusal(*refused.problems)
    except Exception:
        log.exception("command %s failed", envelope.name)
        # the transaction rolled back: the file is the truth, read it again next time
        if applied and meeting_id is not None:
            store.forget(meeting_id)
        return refusal(Problem("server_error"))

    broadcast(state, patches)
    ack = {"ok": True, "version": version}
    if created:
        ack["created"] = created
    return ack


def _entry(
    meeting_id: int, envelope: Envelope, now: float, role: str, version: int, change: dict[str, Any], person: str
) -> LogEntry:
    """The log row of a command applied: the envelope's id, name and payload, with what it did."""
    return LogEntry(
        meeting_id=meeting_id,
        command_id=envelope.id,
        at=now,
        role=role,
        name=envelope.name,
        payload=envelope.payload,
        version=version,
        effect=change,
        person=person,
    )


def _created(state: Meeting, journal: Any) -> dict[str, list[int]]:
    """The ids of the entities a command appended, by collection (a phone learns its request's id)."""
    out = {}
    for name, order in journal.orders.items():
        if order.appends_only:
            new = list.__getitem__(getattr(state, name), slice(order.length, None))
            if new:
                out[name] = [x.id for x in new]
    return out


def _blank(store: Store, prepared: Prepared) -> Meeting:
    """The meeting a creating command starts from: empty, or made from the one it names."""
    field = prepared.command.source
    if field is None:
        return Meeting(id=0, title="")
    source = store.current(getattr(prepared.payload, field))
    if source is None or source.status == DELETED:
        raise CommandError(Problem("no_such_meeting", field))
    return template(source)


def _create(store: Store, envelope: Envelope, prepared: Prepared, role: str, now: float, person: str) -> dict[str, Any]:
    """A command that creates a meeting: applied to a blank one, stored whole with fresh PINs, and
    logged with the whole meeting as its effect. Only the office creates, joined to no meeting; the
    ack carries the new meeting's id and PINs (a retry gets the same ones). Nothing is broadcast:
    no screen has joined it yet."""
    if envelope.meeting_id is not None:
        return refusal(Problem("bad_envelope"))
    try:
        with store.write():
            seen = store.logged(envelope.id)
            if seen is None:
                state = _blank(store, prepared)
                apply(state, prepared, now)
                pins = store.insert_meeting(state)
                store.append_log(_entry(state.id, envelope, now, role, state.version, full_effect(state), person))
                return {"ok": True, "version": state.version, "meeting_id": state.id, "pins": pins}
    except CommandError as refused:
        return refusal(*refused.problems)
    except Exception:
        log.exception("command %s failed", envelope.name)
        return refusal(Problem("server_error"))
    meeting_id = seen["meeting_id"]
    return {
        "ok": True,
        "version": seen["version"],
        "meeting_id": meeting_id,
        "pins": store.pins(meeting_id),
        "duplicate": True,
    }
