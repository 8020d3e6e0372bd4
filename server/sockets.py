"""Socket.IO events: ``join`` a meeting as a role (or the office), send a ``command``, read the
server ``time``, ask for a ``snapshot``, search earlier opinions, list the follow-up.
docs/protocol.md has them all.

Each event is declared once, with ``@event(name, roles, model)``: the roles that may send it and
the model of its data. The decorator answers every refusal, with the one error shape, before the
handler runs: a message too large or too deep (``extensions.PacketJSON``), data that is missing or
not an object (``bad_envelope``), a screen that has not joined (``not_joined``), a role that may
not send it (``forbidden``, always), a screen whose PIN has changed (``signed_out``), and data that
does not fit the model. So every event is answered, whatever is sent.

Each meeting has one room per role. A screen gets the full snapshot in the ``join`` ack (on first
connect and after every reconnect); after each command every room gets its role's ``patch`` of what
changed. A screen that sees a gap in the versions asks for a ``snapshot``.
"""

from __future__ import annotations

import hmac
import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, TypeVar

from flask import request, session
from flask_socketio import close_room, join_room, leave_room
from pydantic import ValidationError

from . import context, pipeline
from .domain import CHAIR, LIMITS, OFFICE, OPERATORS, PIN_ROLES, PUBLIC, ROLES, SECRETARY, Meeting, Problem
from .domain.fields import TextRefused, check_text
from .domain.payloads import TEXT_CODES
from .domain.requests import status_of
from .domain.workdays import working_days_left
from .events import Command, Event, FollowupList, Identify, Join, MeetingRef, Nothing, PinRef, RequestStatus, Search
from .extensions import Refused, socketio
from .i18n.refusals import error_ack

log = logging.getLogger(__name__)

Ack = dict[str, Any]
M = TypeVar("M", bound=Event)
MEETING_ROLES = frozenset(ROLES)  # the screens that joined a meeting


def room(meeting_id: int, role: str) -> str:
    return f"meeting-{meeting_id}-{role}"


def broadcast(state: Meeting, patches: dict[str, dict[str, Any]]) -> None:
    """Send every role's room of the meeting its patch; the office screens following the meeting
    get the secretary's (the office reads what the secretary reads)."""
    for role in ROLES:
        socketio.emit("patch", patches[role], to=room(state.id, role))
    socketio.emit("patch", patches[SECRETARY], to=room(state.id, OFFICE))


PUBLIC_SCREENS = ("projector", "phone")  # what a public screen says it is, for the operators' count


def _check_pin(join: Join, expected: str | None) -> dict[str, Any] | None:
    """None if the PIN is right; else the refusal. Wrong PINs are throttled per address."""
    guard = context.pin_guard()
    address = request.remote_addr or "?"
    if guard.blocked(address):
        return error_ack(Problem("too_many_attempts"))
    pin = join.pin if isinstance(join.pin, str) else ""
    sent = pin.encode(errors="surrogatepass")  # a lone surrogate is just a wrong PIN
    if expected is None or not pin or not hmac.compare_digest(sent, expected.encode()):
        guard.failed(address, f"join {join.role} of meeting {join.meeting_id or '-'}")
        return error_ack(Problem("wrong_pin", "pin"))
    return None


def _person(name: object, role: str) -> tuple[str, dict[str, Any] | None]:
    """The name of the person at an operator's screen (required: the log records who did what),
    NFC-normalised and trimmed; or the refusal."""
    if not isinstance(name, str):
        return "", error_ack(Problem("wrong_type", "name"))
    try:
        name = check_text(name, LIMITS["name"], required=False)
    except TextRefused as refused:
        return "", error_ack(Problem(refused.code, "name", refused.params))
    if not name and role in PIN_ROLES:
        return "", error_ack(Problem("name_required", "name"))
    return name, None


def _signed_out() -> dict[str, Any] | None:
    """The refusal for an operator's screen whose PIN the office has changed since it joined."""
    if session.get("role") in PIN_ROLES and session.get("meeting_id") is not None:
        current = context.store().pin(session["meeting_id"], session["role"])
        if current is None or not hmac.compare_digest(current.encode(), session.get("pin", "").encode()):
            return error_ack(Problem("signed_out"))
    return None


def _enter(meeting_id: int | None, role: str, person: str) -> None:
    presence = context.presence()
    left = presence.left(request.sid)  # type: ignore[attr-defined]
    if session.get("meeting_id") is not None:
        leave_room(room(session["meeting_id"], session["role"]))
    session["meeting_id"], session["role"], session["person"] = meeting_id, role, person
    if meeting_id is not None:
        join_room(room(meeting_id, role))
        presence.joined(meeting_id, request.sid, role, person)  # type: ignore[attr-defined]
        announce(meeting_id)
    if left is not None and left != meeting_id:
        announce(left)


def announce(meeting_id: int) -> None:
    """Tell the meeting's operators which screens this process serves."""
    who = context.presence().of(meeting_id)
    for role in OPERATORS:
        socketio.emit("presence", who, to=room(meeting_id, role))


@dataclass(frozen=True)
class EventSpec:
    """An event a screen may send: who may send it (None: any connection, joined or not) and the
    model of its data."""

    name: str
    roles: frozenset[str] | None
    model: type[Event]


EVENTS: dict[str, EventSpec] = {}


def event(name: str, roles: Iterable[str] | None, model: type[M]) -> Callable[[Callable[[M], Ack]], Callable[[M], Ack]]:
    """Declare the handler of the event ``name``: it runs only for a connection whose role is one of
    ``roles`` (None: any), with its data validated as ``model``; every refusal is answered here."""
    spec = EventSpec(name, None if roles is None else frozenset(roles), model)
    if name in EVENTS:
        raise ValueError(f"event {name} declared twice")
    EVENTS[name] = spec

    def register(fn: Callable[[M], Ack]) -> Callable[[M], Ack]:
        def handler(*args: Any) -> Ack:
            refused, data = _admit(spec, args)
            if refused is not None:
                return refused
            try:
                return fn(data)
            except Exception:  # a fault of ours: still answered, and logged to be fixed
                log.exception("event %s failed", name)
                return error_ack(Problem("server_error"))

        handler.__name__, handler.__doc__ = fn.__name__, fn.__doc__
        socketio.on(name)(handler)
        return fn

    return register


def _admit(spec: EventSpec, args: tuple[Any, ...]) -> tuple[Ack | None, Any]:
    """``(None, the data as the event's model)``, or ``(the refusal, None)``."""
    data = args[0] if len(args) == 1 else None
    if isinstance(data, Refused):  # too large or too deep: not even decoded
        return error_ack(Problem(data.code, None, data.params)), None
    if not isinstance(data, dict) or len(args) != 1:  # nothing, null, a string, a list, two arguments
        return error_ack(Problem("bad_envelope")), None
    if spec.roles is not None:
        role = session.get("role")
        if role is None:
            return error_ack(Problem("not_joined")), None
        if role not in spec.roles:
            return error_ack(Problem("forbidden", None, {"name": spec.name})), None
        refused = _signed_out()
        if refused:
            return refused, None
    try:
        return None, spec.model.model_validate(data)
    except ValidationError as exc:
        return error_ack(*(_event_problem(e["type"], e["loc"], e.get("ctx")) for e in exc.errors())), None


def _event_problem(kind: str, loc: tuple[int | str, ...], ctx: dict[str, Any] | None) -> Problem:
    """A field of an event's data that does not fit: the text check's own code, else ``bad_envelope``."""
    field = ".".join(str(part) for part in loc) or None
    if kind in TEXT_CODES:
        return Problem(kind, field, {k: v for k, v in (ctx or {}).items() if isinstance(v, int)})
    return Problem("bad_envelope", field)


@socketio.on("disconnect")
def on_disconnect(*_args: Any) -> None:
    meeting_id = context.presence().left(request.sid)  # type: ignore[attr-defined]
    if meeting_id is not None:
        announce(meeting_id)


def _applied_before(store: Any, data: Any) -> bool:
    return isinstance(data, dict) and isinstance(data.get("id"), str) and store.logged(data["id"]) is not None


@event("join", None, Join)
def on_join(join: Join) -> Ack:
    """``{"meeting_id": int, "role": "chair"|"secretary"|"door"|"public", "pin": str, "name": str}``
    → ack with the snapshot; or ``{"role": "office", "pin": str, "name": str}`` for the follow-up of
    every meeting. ``name``, the person at the screen, is required of the PIN roles."""
    store = context.store()
    if join.role == OFFICE:
        person, refused = _person(join.name, OFFICE)
        refused = refused or _check_pin(join, store.office_pin())
        if refused:
            return refused
        _enter(None, OFFICE, person)
        return _follow(join.meeting_id)
    if join.meeting_id is None:
        return error_ack(Problem("bad_envelope", "meeting_id"))
    meeting_id, role = join.meeting_id, join.role
    if not store.exists(meeting_id):
        return error_ack(Problem("no_such_meeting"))
    person = join.screen if join.screen in PUBLIC_SCREENS else "projector"
    if role != PUBLIC:
        person, refused = _person(join.name, role)
        refused = refused or _check_pin(join, store.pin(meeting_id, role))
        if refused:
            return refused
    # Into the room first, then the snapshot: a patch committed in between is newer than the
    # snapshot and reaches the screen, which applies those it holds after the ack.
    _enter(meeting_id, role, person)
    session["pin"] = join.pin if role != PUBLIC and isinstance(join.pin, str) else ""
    state = context.snapshot(meeting_id, role)
    if state is None:
        return error_ack(Problem("no_such_meeting"))
    return {"ok": True, "role": role, "state": state, "now": context.now()}


def _follow(meeting_id: int | None) -> dict[str, Any]:
    """The office's join: with a ``meeting_id``, its screen follows that meeting (the office's room
    of it, which gets the secretary's patches) and the ack carries the secretary's snapshot; it
    still joins no meeting as an operator (its commands name their meeting, as before)."""
    followed = session.pop("follows", None)
    if followed is not None:
        leave_room(room(followed, OFFICE))
    if meeting_id is None:
        return {"ok": True, "role": OFFICE, "now": context.now()}
    join_room(room(meeting_id, OFFICE))  # into the room first, then the snapshot (as on_join)
    state = context.snapshot(meeting_id, SECRETARY)
    if state is None:
        leave_room(room(meeting_id, OFFICE))
        return error_ack(Problem("no_such_meeting"))
    session["follows"] = meeting_id
    return {"ok": True, "role": OFFICE, "state": state, "now": context.now()}


@event("snapshot", MEETING_ROLES | {OFFICE}, Nothing)
def on_snapshot(_data: Nothing) -> Ack:
    """The full snapshot of the joined meeting (or of the one an office screen follows), for a
    screen that missed a patch (a version gap). An office screen that follows no meeting may not."""
    if session.get("role") == OFFICE:
        if session.get("follows") is None:
            return error_ack(Problem("forbidden", None, {"name": "snapshot"}))
        state = context.snapshot(session["follows"], SECRETARY)
        return (
            error_ack(Problem("no_such_meeting"))
            if state is None
            else {"ok": True, "state": state, "now": context.now()}
        )
    state = context.snapshot(session["meeting_id"], session["role"])
    if state is None:
        return error_ack(Problem("no_such_meeting"))
    return {"ok": True, "state": state, "now": context.now()}


@event("meetings.list", {OFFICE}, Nothing)
def on_meetings(_data: Nothing) -> Ack:
    """Every meeting, newest first, with its PINs: the office prepares the meetings and hands the
    PINs out."""
    store = context.store()
    return {
        "ok": True,
        "meetings": [{**m, "is_demo": bool(m["is_demo"]), "pins": store.pins(m["id"])} for m in store.meetings()],
    }


@event("meeting.snapshot", {OFFICE}, MeetingRef)
def on_meeting_snapshot(ref: MeetingRef) -> Ack:
    """``{"meeting_id": int}`` → the secretary's snapshot of that meeting, for the office's editor."""
    state = context.snapshot(ref.meeting_id, SECRETARY)
    if state is None:
        return error_ack(Problem("no_such_meeting"))
    return {"ok": True, "state": state}


@event("pin.regenerate", {OFFICE}, PinRef)
def on_pin_regenerate(ref: PinRef) -> Ack:
    """``{"meeting_id": int, "role": "chair"|"secretary"|"door"}`` → a new random PIN for that role
    of that meeting. The screens that joined with the old one are signed out at once: they leave the
    meeting's room, are told (``signed_out``), and every event they send is refused."""
    meeting_id, role = ref.meeting_id, ref.role
    store = context.store()
    pin = store.regenerate_pin(meeting_id, role, context.now(), session.get("person", ""))
    if pin is None:
        return error_ack(Problem("no_such_meeting"))
    socketio.emit("signed_out", {}, to=room(meeting_id, role))
    close_room(room(meeting_id, role))
    return {"ok": True, "pin": pin}


@event("command", MEETING_ROLES | {OFFICE}, Command)
def on_command(envelope: Command) -> Ack:
    """``{"id": str, "name": "noun.verb", "payload": {...}}`` → ``{"ok": true, "version": n}`` or errors."""
    store = context.store()
    data = envelope.model_dump(exclude_unset=True)
    # A phone asking to speak: limited per device, address and meeting. Only accepted requests
    # count; a retry of a request already applied is not checked: it gets its first ack.
    limited = session["role"] == PUBLIC and data.get("name") == "request.submit"
    limiter = context.submit_limiter()
    if limited and not _applied_before(store, data):
        refused = limiter.refuse(session["meeting_id"], data, request.remote_addr)
        if refused:
            return refused
    ack = pipeline.handle(
        store, session.get("meeting_id"), session["role"], data, context.now(), broadcast, session.get("person", "")
    )
    if not ack["ok"]:
        return error_ack(*ack["problems"])  # worded here, at the edge, in the user's language
    if limited and not ack.get("duplicate"):
        limiter.count(session["meeting_id"], data, request.remote_addr)
    return ack


@event("screen.identify", OPERATORS, Identify)
def on_identify(data: Identify) -> Ack:
    """The chair or a secretary asks the meeting's projectors to say which screen they are, and may
    name the one showing ``code`` ("Màn chiếu 1 — sân khấu"): the name is kept by that projector."""
    name = " ".join(data.name.split())
    socketio.emit(
        "identify", {"seconds": 5, "code": data.code.upper(), "name": name}, to=room(session["meeting_id"], PUBLIC)
    )
    return {"ok": True}


@event("request.status", MEETING_ROLES, RequestStatus)
def on_request_status(ask: RequestStatus) -> Ack:
    """``{"request_id": int, "device": str}`` → what that phone may see of its own request to speak
    (status, reason, place in the queue, called), from the joined meeting."""
    store = context.store()
    with store.lock:
        state = store.current(session["meeting_id"])
        found = None if state is None else status_of(state, ask.request_id, ask.device)
    if found is None:
        return error_ack(Problem("no_such_request"))
    return {"ok": True, **found}


@event("opinion.search", {CHAIR, SECRETARY, OFFICE}, Search)
def on_search(search: Search) -> Ack:
    """``{"q": str, "any": bool}`` → earlier opinions of every meeting, diacritics-insensitive, with
    all the words (``any``: any of them, to find similar ones)."""
    limit = 5 if search.any else 30
    return {"ok": True, "results": context.store().search(search.q, limit, search.any)}


@event("followup.list", {SECRETARY, OFFICE}, FollowupList)
def on_followups(ask: FollowupList) -> Ack:
    """Open assignments of every meeting with working days left (negative: days overdue).
    ``{"closed": true}`` includes closed ones."""
    today = datetime.fromtimestamp(context.now()).date()
    rows = context.store().followups(ask.closed)
    for row in rows:
        row["days_left"] = working_days_left(today, date.fromisoformat(row["deadline"])) if row["deadline"] else None
    return {"ok": True, "today": today.isoformat(), "items": rows}


@socketio.on("*")
def on_unknown(name: Any, *_args: Any) -> Ack:
    """Any other event: answered too, so a screen never waits for an ack that cannot come."""
    return error_ack(Problem("unknown_event", None, {"name": str(name)[:64]}))


@event("time", None, Nothing)
def on_time(_data: Nothing) -> Ack:
    """The server's clock, for the screens to measure their offset."""
    return {"ok": True, "now": context.now()}
