"""Speaking turns and the speaking timer: who is at the microphone, and for how long."""

from __future__ import annotations

from pydantic import Field

from .errors import refuse
from .model import CURRENT, DONE, QUEUED, SKIPPED, Meeting, Speaker, Timer
from .payloads import Payload
from .registry import CHAIR, OPERATORS, command, speaker_in


def current_turn(state: Meeting, speaker_id: int) -> Speaker:
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
        current.allowed_seconds = state.timer.duration
    state.speaker_id = None
    state.timer = Timer()


def make_current(state: Meeting, speaker: Speaker) -> None:
    if state.ended_at is not None:
        raise refuse("meeting_ended")
    speaker.status = CURRENT
    state.speaker_id = speaker.id
    state.timer = Timer(duration=speaker.requested_seconds)


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
    first = state.first_queued()
    if first is None:
        raise refuse("queue_empty")
    close_turn(state, now)
    make_current(state, first)
    state.focus_opinion_id = None


@command("speaker.call", {CHAIR}, CallOne)
def speaker_call(state: Meeting, p: CallOne, now: float) -> None:
    """Call a given queued speaker out of order, closing the current turn as ``speaker.call_next`` does."""
    if p.expected_speaker_id != state.speaker_id:
        raise refuse("stale_speaker", "expected_speaker_id")
    speaker = speaker_in(state, p.speaker_id, QUEUED)
    close_turn(state, now)
    make_current(state, speaker)
    state.focus_opinion_id = None


@command("speaker.end", {CHAIR}, SpeakerRef)
def speaker_end(state: Meeting, p: SpeakerRef, now: float) -> None:
    """End the current turn. A speaker whose timer never started goes back to the head of the queue
    (the call is undone); otherwise the turn is recorded as done with its spoken time."""
    speaker = current_turn(state, p.speaker_id)
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
    speaker = speaker_in(state, p.speaker_id, QUEUED, CURRENT)
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
    speaker = current_turn(state, p.speaker_id)
    if speaker.started_at is not None:
        raise refuse("timer_already_started")
    speaker.started_at = now
    state.timer.started_at = now


@command("timer.pause", {CHAIR}, SpeakerRef)
def timer_pause(state: Meeting, p: SpeakerRef, now: float) -> None:
    """Pause the running timer; the time spoken so far is kept."""
    current_turn(state, p.speaker_id)
    if not state.timer.running:
        raise refuse("timer_not_running")
    state.timer.elapsed = state.timer.elapsed_at(now)
    state.timer.started_at = None


@command("timer.resume", {CHAIR}, SpeakerRef)
def timer_resume(state: Meeting, p: SpeakerRef, now: float) -> None:
    """Resume a paused timer."""
    speaker = current_turn(state, p.speaker_id)
    if state.timer.running or speaker.started_at is None:
        raise refuse("timer_not_paused")
    state.timer.started_at = now


@command("timer.adjust", {CHAIR}, TimerAdjust)
def timer_adjust(state: Meeting, p: TimerAdjust, now: float) -> None:
    """Add (positive) or remove (negative) seconds from the current turn's allowance; 0 to 60 minutes."""
    current_turn(state, p.speaker_id)
    if p.seconds == 0:
        raise refuse("zero_adjust", "seconds")
    duration = state.timer.duration + p.seconds
    if duration < 0 or duration > 3600:
        raise refuse("duration_range", "seconds")
    state.timer.duration = duration
