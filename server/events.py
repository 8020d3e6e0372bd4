"""The data of the Socket.IO events other than ``command``, as payload models.

Commands have their models beside their handlers (``server/domain``); these are the envelopes of
``join`` and the office's and phones' questions. Same rules: strict types, no unknown key. Data
that does not fit is refused with ``bad_envelope`` (the person's name has its own codes, checked
after, in ``sockets._person``).
"""

from __future__ import annotations

from typing import Literal, TypeVar

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from .domain import OFFICE, PIN_ROLES, ROLES


class Event(BaseModel):
    model_config = ConfigDict(strict=True, extra="forbid", frozen=True)


class Join(Event):
    """Join a meeting as a role; the office joins no meeting, but may follow one (``meeting_id``)."""

    role: Literal[tuple(ROLES) + (OFFICE,)]  # type: ignore[valid-type]  # built from the registry
    meeting_id: int | None = None
    pin: object = None  # none for a public screen; anything but the right string is a wrong PIN
    name: object = ""  # its own refusals: sockets._person
    screen: str = Field("", max_length=32)  # a public screen says what it is: "projector" or "phone"


class MeetingRef(Event):
    meeting_id: int


class PinRef(Event):
    meeting_id: int
    role: Literal[tuple(sorted(PIN_ROLES))]  # type: ignore[valid-type]


class RequestStatus(Event):
    request_id: int
    device: str = Field(max_length=128)


class Search(Event):
    q: str = Field(max_length=300)
    any: bool = False


E = TypeVar("E", bound=Event)


def parse(model: type[E], data: object) -> E | None:
    """``data`` as ``model``, or None if it does not fit."""
    if not isinstance(data, dict):
        return None
    try:
        return model.model_validate(data)
    except ValidationError:
        return None
