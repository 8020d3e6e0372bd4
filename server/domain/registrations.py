"""Registrations to speak: the queue as the secretary types it from the paper forms."""

from __future__ import annotations

from pydantic import Field

from .errors import refuse
from .fields import NameText, NoteTextOrEmpty, TopicTextOrEmpty, XomTextOrEmpty
from .model import CURRENT, QUEUED, SKIPPED, WITHDRAWN, Meeting, Speaker
from .payloads import Payload, Phone
from .registry import OPERATORS, SECRETARY, changes_sent, command, speaker_in
from .turns import SpeakerRef


class SpeakerAdd(Payload):
    name: NameText
    xom: XomTextOrEmpty = ""
    topic: TopicTextOrEmpty = ""
    requested_minutes: int | None = Field(default=None, ge=1, le=30)
    walk_in: bool = False
    phone: Phone = ""
    note: NoteTextOrEmpty = ""
    follows_opinion_id: int | None = None


class SpeakerUpdate(Payload):
    speaker_id: int
    name: NameText | None = None
    xom: XomTextOrEmpty | None = None
    topic: TopicTextOrEmpty | None = None
    requested_minutes: int | None = Field(default=None, ge=1, le=30)
    phone: Phone | None = None
    note: NoteTextOrEmpty | None = None


class SpeakerMove(Payload):
    speaker_id: int
    before_id: int | None = Field(description="the queued speaker to move in front of; null for the end")


@command("speaker.add", OPERATORS, SpeakerAdd)
def speaker_add(state: Meeting, p: SpeakerAdd, now: float) -> None:
    """Register a speaker at the end of the queue (from a paper form, or a walk-in from the floor);
    a follow-up turn names the earlier opinion it follows up."""
    if p.follows_opinion_id is not None and state.opinion(p.follows_opinion_id) is None:
        raise refuse("no_such_opinion", "follows_opinion_id")
    minutes = p.requested_minutes
    seconds = minutes * 60 if minutes else state.settings.default_speech_seconds
    state.speakers.append(
        Speaker(
            id=state.new_id(),
            name=p.name,
            xom=p.xom,
            topic=p.topic,
            requested_seconds=seconds,
            walk_in=p.walk_in,
            phone=p.phone,
            note=p.note,
            registered_at=now,
            follows_opinion_id=p.follows_opinion_id,
        )
    )


@command("speaker.update", {SECRETARY}, SpeakerUpdate)
def speaker_update(state: Meeting, p: SpeakerUpdate, now: float) -> None:
    """Correct a registration. Only the fields sent change; a new requested time applies to a
    turn that has not started yet."""
    speaker = speaker_in(state, p.speaker_id)
    changes = changes_sent(p, "speaker_id")
    minutes = changes.pop("requested_minutes", None)
    for key, value in changes.items():
        setattr(speaker, key, value)
    if minutes is not None:
        speaker.requested_seconds = minutes * 60
        if speaker.status == CURRENT and speaker.started_at is None:
            state.timer.duration = speaker.requested_seconds


@command("speaker.move", OPERATORS, SpeakerMove)
def speaker_move(state: Meeting, p: SpeakerMove, now: float) -> None:
    """Reorder the queue: put a queued speaker in front of another queued one, or at the end."""
    speaker = speaker_in(state, p.speaker_id, QUEUED)
    if p.before_id == p.speaker_id:
        raise refuse("move_onto_itself", "before_id")
    before = None
    if p.before_id is not None:
        before = state.speaker(p.before_id)
        if before is None or before.status != QUEUED:
            raise refuse("not_in_queue", "before_id")
    state.speakers.move(speaker, before)


@command("speaker.withdraw", {SECRETARY}, SpeakerRef)
def speaker_withdraw(state: Meeting, p: SpeakerRef, now: float) -> None:
    """Take a queued speaker out of the queue at the citizen's request."""
    speaker = speaker_in(state, p.speaker_id, QUEUED)
    speaker.status = WITHDRAWN


@command("speaker.restore", OPERATORS, SpeakerRef)
def speaker_restore(state: Meeting, p: SpeakerRef, now: float) -> None:
    """Put a skipped or withdrawn speaker back in the place they had: ahead of everyone who was
    behind them (a skipped or withdrawn speaker keeps their place in the list), not at the end of
    the queue."""
    speaker = speaker_in(state, p.speaker_id, SKIPPED, WITHDRAWN)
    speaker.status = QUEUED
    # Taken out and put back at the same index: the journal then records the order, so that the
    # hall's screens, which no longer listed the speaker, put them back where they stand.
    index = state.speakers.position(speaker)
    state.speakers.remove(speaker)
    state.speakers.insert(index, speaker)
