"""Socket.IO events: ``join`` a meeting as a role (or the office), send a ``command``, read the
server ``time``, ask for a ``snapshot``, search earlier opinions, list the follow-up.
docs/protocol.md has them all.

Each meeting has one room per role. A screen gets the full snapshot in the ``join`` ack (on first
connect and after every reconnect); after each command every room gets its role's ``patch`` of what
changed. A screen that sees a gap in the versions asks for a ``snapshot``.
"""

from __future__ import annotations

import hmac
from datetime import date, datetime
from typing import Any

from flask import current_app, request, session
from flask_socketio import close_room, join_room, leave_room

from . import pipeline
from .domain import CHAIR, LIMITS, OFFICE, OPERATORS, PIN_ROLES, PUBLIC, ROLES, SECRETARY, Meeting, Problem, project
from .domain.payloads import clean_text
from .domain.requests import status_of
from .domain.workdays import working_days_left
from .events import Join, MeetingRef, PinRef, RequestStatus, Search, parse
from .extensions import socketio
from .messages import error_ack
from .throttle import SubmitLimiter


def room(meeting_id: int, role: str) -> str:
    return f"meeting-{meeting_id}-{role}"


def broadcast(state: Meeting, patches: dict[str, dict[str, Any]]) -> None:
    """Send every role's room of the meeting its patch; the office screens following the meeting
    get the secretary's (the office reads what the secretary reads)."""
    for role in ROLES:
        socketio.emit("patch", patches[role], to=room(state.id, role))
    socketio.emit("patch", patches[SECRETARY], to=room(state.id, OFFICE))


def snapshot(meeting_id: int, role: str) -> dict[str, Any] | None:
    """The role's full snapshot of the meeting as this process holds it, or None."""
    store = current_app.extensions["store"]
    with store.lock:  # no command changes the meeting while it is projected
        state = store.current(meeting_id)
        return None if state is None else project(state, role)


PUBLIC_SCREENS = ("projector", "phone")  # what a public screen says it is, for the operators' count


def _now() -> float:
    now: float = current_app.config["CLOCK"]()
    return now


def _check_pin(join: Join, expected: str | None) -> dict[str, Any] | None:
    """None if the PIN is right; else the refusal. Wrong PINs are throttled per address."""
    guard = current_app.extensions["pin_guard"]
    address = request.remote_addr or "?"
    if guard.blocked(address):
        return error_ack(Problem("too_many_attempts"))
    pin = join.pin if isinstance(join.pin, str) else ""
    if expected is None or not pin or not hmac.compare_digest(pin.encode(), expected.encode()):
        guard.failed(address, f"join {join.role} of meeting {join.meeting_id or '-'}")
        return error_ack(Problem("wrong_pin", "pin"))
    return None


def _person(name: object, role: str) -> tuple[str, dict[str, Any] | None]:
    """The name of the person at an operator's screen (required: the log records who did what),
    NFC-normalised and trimmed; or the refusal."""
    if not isinstance(name, str):
        return "", error_ack(Problem("wrong_type", "name"))
    name = clean_text(name)
    if len(name) > LIMITS["name"]:
        return "", error_ack(Problem("too_long", "name", {"max": LIMITS["name"]}))
    if not name and role in PIN_ROLES:
        return "", error_ack(Problem("name_required", "name"))
    return name, None


def _signed_out() -> dict[str, Any] | None:
    """The refusal for an operator's screen whose PIN the office has changed since it joined."""
    if session.get("role") in PIN_ROLES and session.get("meeting_id") is not None:
        current = current_app.extensions["store"].pin(session["meeting_id"], session["role"])
        if current is None or not hmac.compare_digest(current.encode(), session.get("pin", "").encode()):
            return error_ack(Problem("signed_out"))
    return None


def _enter(meeting_id: int | None, role: str, person: str) -> None:
    presence = current_app.extensions["presence"]
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
    who = current_app.extensions["presence"].of(meeting_id)
    for role in OPERATORS:
        socketio.emit("presence", who, to=room(meeting_id, role))


@socketio.on("disconnect")
def on_disconnect(*_args: Any) -> None:
    meeting_id = current_app.extensions["presence"].left(request.sid)  # type: ignore[attr-defined]
    if meeting_id is not None:
        announce(meeting_id)


@socketio.on("join")
def on_join(data: Any) -> dict[str, Any]:
    """``{"meeting_id": int, "role": "chair"|"secretary"|"public", "pin": str, "name": str}`` → ack
    with the snapshot; or ``{"role": "office", "pin": str, "name": str}`` for the follow-up of every
    meeting. ``name``, the person at the screen, is required of the chair and the secretaries."""
    store = current_app.extensions["store"]
    join = parse(Join, data)
    if join is not None and join.role == OFFICE:
        person, refused = _person(join.name, OFFICE)
        refused = refused or _check_pin(join, store.office_pin())
        if refused:
            return refused
        _enter(None, OFFICE, person)
        return _follow(join.meeting_id)
    if join is None or join.meeting_id is None:
        return error_ack(Problem("bad_envelope"))
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
    state = snapshot(meeting_id, role)
    if state is None:
        return error_ack(Problem("no_such_meeting"))
    return {"ok": True, "role": role, "state": state, "now": _now()}


def _follow(meeting_id: int | None) -> dict[str, Any]:
    """The office's join: with a ``meeting_id``, its screen follows that meeting (the office's room
    of it, which gets the secretary's patches) and the ack carries the secretary's snapshot; it
    still joins no meeting as an operator (its commands name their meeting, as before)."""
    followed = session.pop("follows", None)
    if followed is not None:
        leave_room(room(followed, OFFICE))
    if meeting_id is None:
        return {"ok": True, "role": OFFICE, "now": _now()}
    join_room(room(meeting_id, OFFICE))  # into the room first, then the snapshot (as on_join)
    state = snapshot(meeting_id, SECRETARY)
    if state is None:
        leave_room(room(meeting_id, OFFICE))
        return error_ack(Problem("no_such_meeting"))
    session["follows"] = meeting_id
    return {"ok": True, "role": OFFICE, "state": state, "now": _now()}


@socketio.on("snapshot")
def on_snapshot(_data: Any = None) -> dict[str, Any]:
    """The full snapshot of the joined meeting (or the one an office screen follows), for a screen
    that missed a patch (a version gap)."""
    if session.get("role") == OFFICE and session.get("follows") is not None:
        state = snapshot(session["follows"], SECRETARY)
        return error_ack(Problem("no_such_meeting")) if state is None else {"ok": True, "state": state, "now": _now()}
    if session.get("meeting_id") is None:
        return error_ack(Problem("not_joined"))
    refused = _signed_out()
    if refused:
        return refused
    state = snapshot(session["meeting_id"], session["role"])
    if state is None:
        return error_ack(Problem("no_such_meeting"))
    return {"ok": True, "state": state, "now": _now()}


@socketio.on("meetings.list")
def on_meetings(_data: Any = None) -> dict[str, Any]:
    """Every meeting, newest first, with its operators' PINs: the office prepares the meetings and
    hands the PINs out (office only)."""
    if session.get("role") != OFFICE:
        return error_ack(Problem("not_joined"))
    store = current_app.extensions["store"]
    return {"ok": True, "meetings": [{**m, "pins": store.pins(m["id"])} for m in store.meetings()]}


@socketio.on("meeting.snapshot")
def on_meeting_snapshot(data: Any) -> dict[str, Any]:
    """``{"meeting_id": int}`` → the secretary's snapshot of that meeting, for the office's editor
    (office only)."""
    if session.get("role") != OFFICE:
        return error_ack(Problem("not_joined"))
    ref = parse(MeetingRef, data)
    if ref is None:
        return error_ack(Problem("bad_envelope"))
    state = snapshot(ref.meeting_id, SECRETARY)
    if state is None:
        return error_ack(Problem("no_such_meeting"))
    return {"ok": True, "state": state}


@socketio.on("pin.regenerate")
def on_pin_regenerate(data: Any) -> dict[str, Any]:
    """``{"meeting_id": int, "role": "chair"|"secretary"}`` → a new random PIN for that role of that
    meeting (office only). The screens that joined with the old one are signed out at once: they
    leave the meeting's room, are told (``signed_out``), and every command they send is refused."""
    if session.get("role") != OFFICE:
        return error_ack(Problem("not_joined"))
    ref = parse(PinRef, data)
    if ref is None:
        return error_ack(Problem("bad_envelope"))
    meeting_id, role = ref.meeting_id, ref.role
    store = current_app.extensions["store"]
    pin = store.regenerate_pin(meeting_id, role, _now(), session.get("person", ""))
    if pin is None:
        return error_ack(Problem("no_such_meeting"))
    socketio.emit("signed_out", {}, to=room(meeting_id, role))
    close_room(room(meeting_id, role))
    return {"ok": True, "pin": pin}


def _applied_before(store: Any, data: Any) -> bool:
    return isinstance(data, dict) and isinstance(data.get("id"), str) and store.logged(data["id"]) is not None


@socketio.on("command")
def on_command(data: Any) -> dict[str, Any]:
    """``{"id": str, "name": "noun.verb", "payload": {...}}`` → ``{"ok": true, "version": n}`` or errors."""
    if "role" not in session:
        return error_ack(Problem("not_joined"))
    refused = _signed_out()
    if refused:
        return refused
    store = current_app.extensions["store"]
    # A phone asking to speak: limited per device, address and meeting; but a retry of a request
    # already applied is not counted: it gets its first ack, with the request's id.
    if session["role"] == PUBLIC and not _applied_before(store, data):
        limiter: SubmitLimiter = current_app.extensions["submit_limiter"]
        refused = limiter.refuse(session["meeting_id"], data, request.remote_addr)
        if refused:
            return refused
    return pipeline.handle(
        store, session["meeting_id"], session["role"], data, _now(), broadcast, session.get("person", "")
    )


@socketio.on("screen.identify")
def on_identify(_data: Any = None) -> dict[str, Any]:
    """The chair or a secretary asks the meeting's projectors to say which screen they are."""
    if session.get("role") not in OPERATORS or session.get("meeting_id") is None:
        return error_ack(Problem("forbidden", None, {"name": "screen.identify"}))
    socketio.emit("identify", {"seconds": 5}, to=room(session["meeting_id"], PUBLIC))
    return {"ok": True}


@socketio.on("request.status")
def on_request_status(data: Any) -> dict[str, Any]:
    """``{"request_id": int, "device": str}`` → what that phone may see of its own request to speak
    (status, reason, place in the queue, called), from the joined meeting."""
    if "role" not in session or session.get("meeting_id") is None:
        return error_ack(Problem("not_joined"))
    ask = parse(RequestStatus, data)
    if ask is None:
        return error_ack(Problem("bad_envelope"))
    store = current_app.extensions["store"]
    with store.lock:
        state = store.current(session["meeting_id"])
        found = None if state is None else status_of(state, ask.request_id, ask.device)
    if found is None:
        return error_ack(Problem("no_such_request"))
    return {"ok": True, **found}


@socketio.on("opinion.search")
def on_search(data: Any) -> dict[str, Any]:
    """``{"q": str, "any": bool}`` → earlier opinions of every meeting, diacritics-insensitive, with
    all the words (``any``: any of them, to find similar ones) (chair, secretary, office)."""
    if session.get("role") not in (CHAIR, SECRETARY, OFFICE):
        return error_ack(Problem("not_joined"))
    search = parse(Search, data)
    if search is None:
        return error_ack(Problem("bad_envelope"))
    limit = 5 if search.any else 30
    return {"ok": True, "results": current_app.extensions["store"].search(search.q, limit, search.any)}


@socketio.on("followup.list")
def on_followups(data: Any = None) -> dict[str, Any]:
    """Open assignments of every meeting with working days left (negative: days overdue), for the
    office and secretaries. ``{"closed": true}`` includes closed ones."""
    if session.get("role") not in (SECRETARY, OFFICE):
        return error_ack(Problem("not_joined"))
    include_closed = isinstance(data, dict) and data.get("closed") is True  # any other data: open ones
    today = datetime.fromtimestamp(_now()).date()
    rows = current_app.extensions["store"].followups(include_closed)
    for row in rows:
        row["days_left"] = working_days_left(today, date.fromisoformat(row["deadline"])) if row["deadline"] else None
    return {"ok": True, "today": today.isoformat(), "items": rows}


@socketio.on("time")
def on_time(_data: Any = None) -> dict[str, Any]:
    """The server's clock, for the screens to measure their offset."""
    return {"ok": True, "now": _now()}
