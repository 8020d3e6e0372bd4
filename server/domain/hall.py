"""The hall message on the projector, and the meeting's settings."""

from __future__ import annotations

from pydantic import Field

from .errors import refuse
from .fields import CategoryText, MessageText
from .model import Meeting
from .payloads import Payload
from .registry import CHAIR, OFFICE, OPERATORS, Empty, command


class MessageShow(Payload):
    text: MessageText


class SettingsUpdate(Payload):
    default_speech_minutes: int | None = Field(default=None, ge=1, le=30)
    warning_seconds: int | None = Field(default=None, ge=0, le=300)
    deadline_working_days: int | None = Field(default=None, ge=1, le=90)
    categories: list[CategoryText] | None = Field(default=None, min_length=1, max_length=30)
    chime: bool | None = None


@command("message.show", {CHAIR}, MessageShow)
def message_show(state: Meeting, p: MessageShow, now: float) -> None:
    """Show a short message over everything on the projector (replaces any earlier one)."""
    state.message = p.text


@command("message.clear", {CHAIR}, Empty)
def message_clear(state: Meeting, p: Empty, now: float) -> None:
    """Take the hall message down."""
    if not state.message:
        raise refuse("no_message")
    state.message = ""


@command("meeting.settings", OPERATORS | {OFFICE}, SettingsUpdate)
def meeting_settings(state: Meeting, p: SettingsUpdate, now: float) -> None:
    """Change the default speaking time of new registrations, the amber warning threshold, the
    working days an assignment gets by default, the list of opinion categories, and whether the
    projector chimes at the warning and at the end of a speaking time."""
    if all(value is None for value in p.model_dump(exclude_unset=True).values()):
        raise refuse("nothing_to_change")
    if p.categories is not None and len(set(p.categories)) != len(p.categories):
        raise refuse("duplicate_category", "categories")
    if p.deadline_working_days is not None:
        state.settings.deadline_working_days = p.deadline_working_days
    if p.categories is not None:
        state.settings.categories = list(p.categories)
    if p.default_speech_minutes is not None:
        state.settings.default_speech_seconds = p.default_speech_minutes * 60
    if p.warning_seconds is not None:
        state.settings.warning_seconds = p.warning_seconds
    if p.chime is not None:
        state.settings.chime = p.chime
