"""Registrations to speak sent from citizens' phones: they wait for the secretary, who accepts one
into the queue (where it is a registration like any other), merges it with the paper registration
of the same person, or rejects it with a reason. The phone follows its own request by the token it
made (``device``); only a hash of it is kept.

The public role may send one command, ``request.submit``; the socket layer also limits how often a
device and a meeting may send it (``server/sockets.py``)."""

from __future__ import annotations

import hashlib

from pydantic import Field

from .errors import refuse
from .fields import NameText, NoteText, NoteTextOrEmpty, TopicText, XomText
from .model import QUEUED, Meeting, Speaker, SpeakRequest
from .payloads import Payload
from .people import person_key
from .registry import CHAIR, PUBLIC, SECRETARY, Empty, command
from .roster import ACCEPTED, PENDING, REJECTED

DEVICE = Field(min_length=16, max_length=64, pattern=r"^[A-Za-z0-9_-]+$")


def device_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()[:32]


class RequestSubmit(Payload):
    name: NameText
    xom: XomText
    topic: TopicText
    text: NoteTextOrEmpty = ""
    device: str = DEVICE


class RequestRef(Payload):
    request_id: int


class RequestAccept(Payload):
    request_id: int
    requested_minutes: int | None = Field(default=None, ge=1, le=30)


class RequestMerge(Payload):
    request_id: int
    speaker_id: int = Field(description="the paper registration of the same person")


class RequestReject(Payload):
    request_id: int
    reason: NoteText


def _pending(state: Meeting, request_id: int) -> SpeakRequest:
    request = state.requests.get(request_id)
    if request is None:
        raise refuse("no_such_request", "request_id")
    if request.status != PENDING:
        raise refuse("request_decided", "request_id")
    return request


@command("request.submit", {PUBLIC}, RequestSubmit)
def request_submit(state: Meeting, p: RequestSubmit, now: float) -> None:
    """A citizen asks to speak from a phone (name, xóm, topic, a few lines of what they want to say).
    Refused when registration is closed or the meeting ended, and when the same person already has
    a request waiting or accepted, or is in the queue."""
    if not state.registration_open or state.ended_at is not None:
        raise refuse("registration_closed")
    key = person_key(p.name, p.xom)
    waiting: list[SpeakRequest | Speaker] = [r for r in state.requests if r.status in (PENDING, ACCEPTED)]
    queued = [s for s in state.speakers if s.status == QUEUED]
    if any(person_key(x.name, x.xom) == key for x in [*waiting, *queued]):
        raise refuse("already_registered")
    state.requests.append(
        SpeakRequest(state.new_id(), p.name, p.xom, p.topic, p.text, device=device_hash(p.device), submitted_at=now)
    )


@command("request.accept", {SECRETARY}, RequestAccept)
def request_accept(state: Meeting, p: RequestAccept, now: float) -> None:
    """Accept a request into the queue: a registration at its end, like one typed from paper."""
    request = _pending(state, p.request_id)
    minutes = p.requested_minutes
    speaker = Speaker(
        id=state.new_id(),
        name=request.name,
        xom=request.xom,
        topic=request.topic,
        requested_seconds=minutes * 60 if minutes else state.settings.default_speech_seconds,
        note=request.text,
        registered_at=now,
    )
    state.speakers.append(speaker)
    request.status, request.speaker_id, request.decided_at = ACCEPTED, speaker.id, now


@command("request.merge", {SECRETARY}, RequestMerge)
def request_merge(state: Meeting, p: RequestMerge, now: float) -> None:
    """The same person also handed in a paper form: the request follows that registration (its
    place in the queue is the phone's to see), and adds nobody."""
    request = _pending(state, p.request_id)
    speaker = state.speaker(p.speaker_id)
    if speaker is None:
        raise refuse("no_such_speaker", "speaker_id")
    request.status, request.speaker_id, request.decided_at = ACCEPTED, speaker.id, now


@command("request.reject", {SECRETARY}, RequestReject)
def request_reject(state: Meeting, p: RequestReject, now: float) -> None:
    """Reject a request, with the reason the citizen's phone shows."""
    request = _pending(state, p.request_id)
    request.status, request.reason, request.decided_at = REJECTED, p.reason, now


@command("registration.close", {CHAIR, SECRETARY}, Empty)
def registration_close(state: Meeting, p: Empty, now: float) -> None:
    """Stop taking requests to speak from phones (the paper forms are the secretary's to type)."""
    if not state.registration_open:
        raise refuse("nothing_to_change")
    state.registration_open = False


@command("registration.open", {CHAIR, SECRETARY}, Empty)
def registration_open(state: Meeting, p: Empty, now: float) -> None:
    """Take requests to speak from phones again."""
    if state.registration_open:
        raise refuse("nothing_to_change")
    state.registration_open = True


def status_of(state: Meeting, request_id: int, token: str) -> dict | None:
    """What the phone that sent request ``request_id`` may see of it: its status, the reason of a
    rejection, its place in the queue, and whether it is called. None for another phone."""
    request = state.requests.get(request_id)
    if request is None or request.device != device_hash(token):
        return None
    out: dict = {"request_id": request.id, "status": request.status, "reason": request.reason}
    out.update(place=None, called=False, speaker_status=None)  # every field, also while pending
    speaker = state.speaker(request.speaker_id) if request.speaker_id is not None else None
    if speaker is not None:
        queue = [s.id for s in state.speakers if s.status == QUEUED]
        out["place"] = queue.index(speaker.id) + 1 if speaker.id in queue else None
        out["called"] = speaker.id == state.speaker_id
        out["speaker_status"] = speaker.status
    return out
