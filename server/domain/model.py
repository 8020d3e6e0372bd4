"""The meeting's state: plain dataclasses, no I/O.

Times are wall-clock timestamps in seconds (``time.time()``), so a state read back
after a server restart continues exactly where it was: remaining time is always
computed from timestamps, never stored as a ticking counter.
"""

from __future__ import annotations

from dataclasses import dataclass, field

# A speaker's status. The queue is the speakers with status QUEUED, in list order.
QUEUED = "queued"
CURRENT = "current"  # called to the microphone (the timer may not have started yet)
DONE = "done"
SKIPPED = "skipped"  # called or passed over without speaking; can be restored
WITHDRAWN = "withdrawn"  # the citizen withdrew the registration; can be restored
SPEAKER_STATUSES = (QUEUED, CURRENT, DONE, SKIPPED, WITHDRAWN)


@dataclass
class Settings:
    """Per-meeting settings that the secretary or the chair may change."""

    default_speech_seconds: int = 180
    warning_seconds: int = 30


@dataclass
class Stage:
    """One step of the agenda (the procedure has six)."""

    id: int
    title: str
    planned_minutes: int


@dataclass
class Delegate:
    """An official or guest at the table; public information."""

    id: int
    name: str
    title: str
    unit: str = ""


@dataclass
class Speaker:
    """A registration to speak, and the speaking turn it becomes.

    ``phone`` and ``note`` are private: they never reach the public projection.
    """

    id: int
    name: str
    xom: str
    topic: str
    requested_seconds: int
    status: str = QUEUED
    walk_in: bool = False
    phone: str = ""
    note: str = ""
    registered_at: float = 0.0
    started_at: float | None = None  # first time the timer started
    ended_at: float | None = None
    spoken_seconds: float = 0.0


@dataclass
class Timer:
    """The speaking timer of the current turn.

    ``elapsed`` holds the seconds run before ``started_at``; while running,
    ``started_at`` is when the current run began. ``duration`` includes any
    minutes added or removed by the chair.
    """

    duration: float = 0.0
    elapsed: float = 0.0
    started_at: float | None = None

    @property
    def running(self) -> bool:
        return self.started_at is not None

    def elapsed_at(self, now: float) -> float:
        """Seconds spoken so far at ``now``."""
        if self.started_at is None:
            return self.elapsed
        return self.elapsed + max(0.0, now - self.started_at)

    def remaining_at(self, now: float) -> float:
        """Seconds left at ``now``; negative in overtime."""
        return self.duration - self.elapsed_at(now)


@dataclass
class Meeting:
    """The whole live state of one meeting."""

    id: int
    title: str
    banner: list[str] = field(default_factory=list)
    organiser: str = ""
    hamlet: str = ""
    place: str = ""
    starts_at: str = ""  # ISO local date-time of the planned start, e.g. 2023-05-25T08:00
    is_demo: bool = False
    settings: Settings = field(default_factory=Settings)
    stages: list[Stage] = field(default_factory=list)
    delegates: list[Delegate] = field(default_factory=list)
    speakers: list[Speaker] = field(default_factory=list)
    version: int = 0
    next_id: int = 1  # ids of stages, delegates and speakers are per meeting
    stage_id: int | None = None
    stage_started_at: float | None = None
    started_at: float | None = None  # when the first stage began: the meeting clock
    speaker_id: int | None = None
    timer: Timer = field(default_factory=Timer)
    message: str = ""

    def new_id(self) -> int:
        self.next_id += 1
        return self.next_id - 1

    def queue(self) -> list[Speaker]:
        return [s for s in self.speakers if s.status == QUEUED]

    def speaker(self, speaker_id: int) -> Speaker | None:
        return next((s for s in self.speakers if s.id == speaker_id), None)

    def current_speaker(self) -> Speaker | None:
        return None if self.speaker_id is None else self.speaker(self.speaker_id)

    def stage_index(self) -> int | None:
        for i, stage in enumerate(self.stages):
            if stage.id == self.stage_id:
                return i
        return None


def estimated_end(meeting: Meeting, now: float) -> float | None:
    """When the meeting should end if every remaining stage takes its planned time.

    The current stage counts for the rest of its plan, or for nothing if it is
    already over its plan. None before the meeting has started.
    """
    index = meeting.stage_index()
    if index is None or meeting.stage_started_at is None:
        return None
    current = meeting.stages[index]
    end_of_current = max(now, meeting.stage_started_at + current.planned_minutes * 60)
    later = sum(s.planned_minutes for s in meeting.stages[index + 1 :]) * 60
    return end_of_current + later
