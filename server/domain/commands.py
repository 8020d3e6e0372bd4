"""Every change to a meeting is a named command, registered here.

A command has a name (``noun.verb``), the roles that may send it, a payload model
and an apply function that mutates a copy of the state. ``execute`` is the pure
entry point: (state, command, role, now) -> new state, or ``CommandError``.

Commands that depend on what the sender saw carry it (``expected_stage_id``,
``expected_speaker_id``, ``speaker_id``) and are refused when it is stale, so a
double tap or two operators pressing at once never skips a speaker.
"""

from __future__ import annotations

import copy
import inspect
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from pydantic import Field

from .errors import refuse
from .model import (
    CURRENT,
    DONE,
    QUEUED,
    SKIPPED,
    WITHDRAWN,
    Meeting,
    Speaker,
    Timer,
)
from .payloads import Payload, Phone, Text, validate

CHAIR = "chair"
SECRETARY = "secretary"
PUBLIC = "public"
ROLES = (CHAIR, SECRETARY, PUBLIC)  # the roles of a meeting's screens, each with its room
OFFICE = "office"  # the commune office: follows up every meeting's assignments, joins no meeting
OPERATORS = frozenset({CHAIR, SECRETARY})

# Text limits (characters), shared with the pages' maxlength attributes.
LIMITS = {"name": 80, "xom": 60, "topic": 200, "note": 500, "message": 120}


@dataclass(frozen=True)
class Command:
    name: str
    roles: frozenset[str]
    payload: type[Payload]
    apply: Callable[[Meeting, Any, float], None]
    doc: str


REGISTRY: dict[str, Command] = {}


def command(name: str, roles: frozenset[str] | set[str], payload: type[Payload]):
    """Register ``fn(state, payload, now)`` as the command ``name``."""

    def register(fn: Callable[[Meeting, Any, float], None]):
        if name in REGISTRY:
            raise ValueError(f"command {name} registered twice")
        REGISTRY[name] = Command(name, frozenset(roles), payload, fn, inspect.getdoc(fn) or "")
        return fn

    return register


def execute(state: Meeting, name: str, raw_payload: Any, role: str, now: float) -> Meeting:
    """Authorize, validate and apply one command; return the new state.

    ``state`` is never modified. Raises ``CommandError`` when the command is
    unknown, not allowed for ``role``, malformed, or not valid in this state.
    """
    cmd = REGISTRY.get(name)
    if cmd is None:
        raise refuse("unknown_command", "name", name=name)
    if role not in cmd.roles:
        raise refuse("forbidden", None, name=name)
    payload = validate(cmd.payload, raw_payload)
    new = copy.deepcopy(state)
    cmd.apply(new, payload, now)
    new.version += 1
    return new


# ---------------------------------------------------------------- helpers


def _speaker(state: Meeting, speaker_id: int, *allowed: str) -> Speaker:
    speaker = state.speaker(speaker_id)
    if speaker is None:
        raise refuse("no_such_speaker", "speaker_id")
    if allowed and speaker.status not in allowed:
        raise refuse("speaker_status", "speaker_id", status=speaker.status)
    return speaker


def _current(state: Meeting, speaker_id: int) -> Speaker:
    """The current speaker, who must be ``speaker_id`` (else the sender's screen was stale)."""
    current = state.current_speaker()
    if current is None or current.id != speaker_id:
        raise refuse("not_current_speaker", "speaker_id")
    return current


def close_turn(state: Meeting, now: float) -> None:
    """End the current turn: done if the speaker spoke, skipped if they never started."""
    current = state.current_speaker()
    if current is None:
        return
    if current.started_at is None:
        current.status = SKIPPED
    else:
        current.status = DONE
        current.ended_at = now
        current.spoken_seconds = round(state.timer.elapsed_at(now), 3)
    state.speaker_id = None
    state.timer = Timer()


def changes_sent(p: Payload, key: str) -> dict[str, Any]:
    """The fields a correction command sent besides ``key``: at least one, and none null."""
    changes = p.model_dump(exclude_unset=True, exclude={key})
    if not changes:
        raise refuse("nothing_to_change")
    for name, value in changes.items():
        if value is None:
            raise refuse("wrong_type", name)
    return changes


def make_current(state: Meeting, speaker: Speaker) -> None:
    speaker.status = CURRENT
    state.speaker_id = speaker.id
    state.timer = Timer(duration=speaker.requested_seconds)


def _move_to_end(state: Meeting, speaker: Speaker) -> None:
    state.speakers.remove(speaker)
    state.speakers.append(speaker)


# ---------------------------------------------------------------- stages


class StageStep(Payload):
    expected_stage_id: int | None = Field(description="the stage the sender's screen shows (null before the start)")


class StageGoto(Payload):
    stage_id: int


def _enter_stage(state: Meeting, index: int, now: float) -> None:
    state.stage_id = state.stages[index].id
    state.stage_started_at = now
    if state.started_at is None:
        state.started_at = now


@command("stage.next", {CHAIR}, StageStep)
def stage_next(state: Meeting, p: StageStep, now: float) -> None:
    """Move to the next stage of the agenda (the first one starts the meeting clock)."""
    if p.expected_stage_id != state.stage_id:
        raise refuse("stale_stage", "expected_stage_id")
    index = state.stage_index()
    target = 0 if index is None else index + 1
    if target >= len(state.stages):
        raise refuse("last_stage")
    _enter_stage(state, target, now)


@command("stage.previous", {CHAIR}, StageStep)
def stage_previous(state: Meeting, p: StageStep, now: float) -> None:
    """Go back to the previous stage; its elapsed time starts again."""
    if p.expected_stage_id != state.stage_id:
        raise refuse("stale_stage", "expected_stage_id")
    index = state.stage_index()
    if not index:
        raise refuse("first_stage")
    _enter_stage(state, index - 1, now)


@command("stage.goto", {CHAIR}, StageGoto)
def stage_goto(state: Meeting, p: StageGoto, now: float) -> None:
    """Jump to any stage. Going to the current stage changes nothing (a repeated tap is harmless)."""
    index = next((i for i, s in enumerate(state.stages) if s.id == p.stage_id), None)
    if index is None:
        raise refuse("no_such_stage", "stage_id")
    if state.stage_id != p.stage_id:
        _enter_stage(state, index, now)


# ---------------------------------------------------------------- turns


class CallNext(Payload):
    expected_speaker_id: int | None


class CallOne(Payload):
    speaker_id: int
    expected_speaker_id: int | None


class SpeakerRef(Payload):
    speaker_id: int


@command("speaker.call_next", {CHAIR}, CallNext)
def speaker_call_next(state: Meeting, p: CallNext, now: float) -> None:
    """Close the current turn (done if they spoke, skipped if not) and call the first speaker in the queue."""
    if p.expected_speaker_id != state.speaker_id:
        raise refuse("stale_speaker", "expected_speaker_id")
    queue = state.queue()
    if not queue:
        raise refuse("queue_empty")
    close_turn(state, now)
    make_current(state, queue[0])
    state.focus_opinion_id = None


@command("speaker.call", {CHAIR}, CallOne)
def speaker_call(state: Meeting, p: CallOne, now: float) -> None:
    """Call a given queued speaker out of order, closing the current turn as ``speaker.call_next`` does."""
    if p.expected_speaker_id != state.speaker_id:
        raise refuse("stale_speaker", "expected_speaker_id")
    speaker = _speaker(state, p.speaker_id, QUEUED)
    close_turn(state, now)
    make_current(state, speaker)
    state.focus_opinion_id = None


@command("speaker.end", {CHAIR}, SpeakerRef)
def speaker_end(state: Meeting, p: SpeakerRef, now: float) -> None:
    """End the current turn. A speaker whose timer never started goes back to the head of the queue
    (the call is undone); otherwise the turn is recorded as done with its spoken time."""
    speaker = _current(state, p.speaker_id)
    if speaker.started_at is None:
        speaker.status = QUEUED
        state.speakers.remove(speaker)
        first = next((i for i, s in enumerate(state.speakers) if s.status == QUEUED), len(state.speakers))
        state.speakers.insert(first, speaker)
        state.speaker_id = None
        state.timer = Timer()
        return
    close_turn(state, now)


@command("speaker.skip", OPERATORS, SpeakerRef)
def speaker_skip(state: Meeting, p: SpeakerRef, now: float) -> None:
    """Pass over a queued speaker, or the current one before their timer started."""
    speaker = _speaker(state, p.speaker_id, QUEUED, CURRENT)
    if speaker.status == CURRENT:
        if speaker.started_at is not None:
            raise refuse("already_speaking", "speaker_id")
        state.speaker_id = None
        state.timer = Timer()
    speaker.status = SKIPPED


# ---------------------------------------------------------------- timer


class TimerAdjust(Payload):
    speaker_id: int
    seconds: int = Field(ge=-600, le=600)


@command("timer.start", {CHAIR}, SpeakerRef)
def timer_start(state: Meeting, p: SpeakerRef, now: float) -> None:
    """Start the current speaker's timer for the first time."""
    speaker = _current(state, p.speaker_id)
    if speaker.started_at is not None:
        raise refuse("timer_already_started")
    speaker.started_at = now
    state.timer.started_at = now


@command("timer.pause", {CHAIR}, SpeakerRef)
def timer_pause(state: Meeting, p: SpeakerRef, now: float) -> None:
    """Pause the running timer; the time spoken so far is kept."""
    _current(state, p.speaker_id)
    if not state.timer.running:
        raise refuse("timer_not_running")
    state.timer.elapsed = state.timer.elapsed_at(now)
    state.timer.started_at = None


@command("timer.resume", {CHAIR}, SpeakerRef)
def timer_resume(state: Meeting, p: SpeakerRef, now: float) -> None:
    """Resume a paused timer."""
    speaker = _current(state, p.speaker_id)
    if state.timer.running or speaker.started_at is None:
        raise refuse("timer_not_paused")
    state.timer.started_at = now


@command("timer.adjust", {CHAIR}, TimerAdjust)
def timer_adjust(state: Meeting, p: TimerAdjust, now: float) -> None:
    """Add (positive) or remove (negative) seconds from the current turn's allowance; 0 to 60 minutes."""
    _current(state, p.speaker_id)
    if p.seconds == 0:
        raise refuse("zero_adjust", "seconds")
    duration = state.timer.duration + p.seconds
    if duration < 0 or duration > 3600:
        raise refuse("duration_range", "seconds")
    state.timer.duration = duration


# ---------------------------------------------------------------- registrations


class SpeakerAdd(Payload):
    name: Text(LIMITS["name"])  # type: ignore[valid-type]
    xom: Text(LIMITS["xom"], required=False) = ""  # type: ignore[valid-type]
    topic: Text(LIMITS["topic"], required=False) = ""  # type: ignore[valid-type]
    requested_minutes: int | None = Field(default=None, ge=1, le=30)
    walk_in: bool = False
    phone: Phone = ""
    note: Text(LIMITS["note"], required=False) = ""  # type: ignore[valid-type]
    follows_opinion_id: int | None = None


class SpeakerUpdate(Payload):
    speaker_id: int
    name: Text(LIMITS["name"]) | None = None  # type: ignore[valid-type]
    xom: Text(LIMITS["xom"], required=False) | None = None  # type: ignore[valid-type]
    topic: Text(LIMITS["topic"], required=False) | None = None  # type: ignore[valid-type]
    requested_minutes: int | None = Field(default=None, ge=1, le=30)
    phone: Phone | None = None
    note: Text(LIMITS["note"], required=False) | None = None  # type: ignore[valid-type]


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
    speaker = _speaker(state, p.speaker_id)
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
    speaker = _speaker(state, p.speaker_id, QUEUED)
    if p.before_id == p.speaker_id:
        raise refuse("move_onto_itself", "before_id")
    if p.before_id is not None:
        before = state.speaker(p.before_id)
        if before is None or before.status != QUEUED:
            raise refuse("not_in_queue", "before_id")
    state.speakers.remove(speaker)
    if p.before_id is None:
        state.speakers.append(speaker)
    else:
        state.speakers.insert(state.speakers.index(before), speaker)


@command("speaker.withdraw", {SECRETARY}, SpeakerRef)
def speaker_withdraw(state: Meeting, p: SpeakerRef, now: float) -> None:
    """Take a queued speaker out of the queue at the citizen's request."""
    speaker = _speaker(state, p.speaker_id, QUEUED)
    speaker.status = WITHDRAWN


@command("speaker.restore", OPERATORS, SpeakerRef)
def speaker_restore(state: Meeting, p: SpeakerRef, now: float) -> None:
    """Put a skipped or withdrawn speaker back, at the end of the queue."""
    speaker = _speaker(state, p.speaker_id, SKIPPED, WITHDRAWN)
    speaker.status = QUEUED
    _move_to_end(state, speaker)


# ---------------------------------------------------------------- hall message and settings


class MessageShow(Payload):
    text: Text(LIMITS["message"])  # type: ignore[valid-type]


class Empty(Payload):
    pass


class SettingsUpdate(Payload):
    default_speech_minutes: int | None = Field(default=None, ge=1, le=30)
    warning_seconds: int | None = Field(default=None, ge=0, le=300)
    deadline_working_days: int | None = Field(default=None, ge=1, le=90)
    categories: list[Text(60)] | None = Field(default=None, min_length=1, max_length=30)  # type: ignore[valid-type]


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


@command("meeting.settings", OPERATORS, SettingsUpdate)
def meeting_settings(state: Meeting, p: SettingsUpdate, now: float) -> None:
    """Change the default speaking time of new registrations, the amber warning threshold, the
    working days an assignment gets by default, and the list of opinion categories."""
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
