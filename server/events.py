"""The data of every Socket.IO event, as strict models.

Commands have their payload models beside their handlers (``server/domain``); these are the
envelopes of the events themselves. Same rules as a payload: strict types, no unknown key, text
through the one text check (``domain.fields``). ``sockets.event`` validates an event's data
against its model before the handler runs: data that does not fit is refused with
``bad_envelope`` on the field at fault (a text field with the text check's own code), and the
person's name in ``join`` has its own codes (``sockets._person``).
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from .domain.fields import SearchTextOrEmpty


class Event(BaseModel):
    model_config = ConfigDict(strict=True, extra="forbid", frozen=True)


class Nothing(Event):
    """``{}``: an event that carries no data still sends an object."""


class Identify(Event):
    """``{}``: every projector of the meeting says which it is (its name, else its code and address);
    with ``code`` and ``name``, the projector showing that code takes that name (kept on it)."""

    code: str = Field(default="", max_length=8, pattern=r"^[A-Za-z0-9]*$")
    name: str = Field(default="", max_length=60)


class Join(Event):
    """Join a meeting as a role; the office joins no meeting, but may follow one (``meeting_id``)."""

    role: Literal["chair", "secretary", "door", "public", "office"]
    meeting_id: int | None = None
    pin: object = None  # none for a public screen; anything but the right string is a wrong PIN
    name: object = ""  # its own refusals: sockets._person
    screen: str = Field("", max_length=32)  # a public screen says what it is: "projector" or "phone"


class Command(Event):
    """The ``command`` envelope; ``pipeline.Envelope`` checks its fields."""

    id: object = None
    name: object = None
    payload: object = None
    meeting_id: object = None


class MeetingRef(Event):
    meeting_id: int


class PinRef(Event):
    meeting_id: int
    role: Literal["chair", "secretary", "door"]


class RequestStatus(Event):
    request_id: int
    device: str = Field(max_length=128, pattern=r"^[A-Za-z0-9_-]*$")  # the phone's token, as request.submit


class Search(Event):
    q: SearchTextOrEmpty
    any: bool = False


class FollowupList(Event):
    closed: bool = False
