"""The meeting's state: plain dataclasses, no I/O.

Times are wall-clock timestamps in seconds (``time.time()``), so a state read back
after a server restart continues exactly where it was: remaining time is always
computed from timestamps, never stored as a ticking counter.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Literal, cast, get_args

from .roster import Citizen, Delegate, Duty, SpeakRequest
from .tracking import Entity, EntityList, Tracked, recording

# A speaker's status. The queue is the speakers with status QUEUED, in list order.
QUEUED = "queued"
CURRENT = "current"  # called to the microphone (the timer may not have started yet)
DONE = "done"
SKIPPED = "skipped"  # called or passed over without speaking; can be restored
WITHDRAWN = "withdrawn"  # the citizen withdrew the registration; can be restored
SPEAKER_STATUSES = (QUEUED, CURRENT, DONE, SKIPPED, WITHDRAWN)

# Opinions and petitions (ý kiến, kiến nghị)
# One source for each vocabulary: the Literal types validate payloads, the tuples are for code.
Kind = Literal["kien_nghi", "phan_anh", "khieu_nai", "to_cao", "gop_y"]
Level = Literal["xa", "cap_tren"]  # within the commune's authority, or a higher level's
Outcome = Literal["answered", "assigned", "forwarded", "declined", "noted"]
OPINION_KINDS: tuple[str, ...] = get_args(Kind)
LEVELS: tuple[str, ...] = get_args(Level)
OUTCOMES: tuple[str, ...] = get_args(Outcome)
# Answered at the meeting; assigned to a unit with a deadline; forwarded to a higher level; declined
# as already resolved by the competent authority (with the earlier decision); noted.
ANSWERED, ASSIGNED, FORWARDED, DECLINED, NOTED = OUTCOMES
FOLLOWED_UP = (ASSIGNED, FORWARDED)  # outcomes that wait for a written reply after the meeting

DEFAULT_CATEGORIES = [
    "Đất đai & giấy chứng nhận",
    "Giải phóng mặt bằng & bồi thường",
    "Môi trường",
    "Giao thông & thủy lợi",
    "Chính sách xã hội",
    "Y tế & giáo dục",
    "An ninh trật tự",
    "Cán bộ & thủ tục hành chính",
    "Nông nghiệp",
    "Khác",
]


@dataclass
class Settings(Tracked):
    """Per-meeting settings that the secretary or the chair may change."""

    _field = "settings"

    default_speech_seconds: int = 180
    warning_seconds: int = 30
    deadline_working_days: int = 15
    categories: list[str] = field(default_factory=lambda: list(DEFAULT_CATEGORIES))
    chime: bool = False  # the projector plays a short chime at the warning and at the end of a speaking time


@dataclass
class Paperwork(Tracked):
    """The letterhead and signature of the documents made after the meeting.

    ``profile`` "state" is the state administrative format (Decree 30/2020/NĐ-CP: national motto,
    issuing body, number and symbol, place and date); "party" the Party's (Guidance 36-HD/VPTW:
    "ĐẢNG CỘNG SẢN VIỆT NAM", the Party body under its superior, "T/M BAN CHẤP HÀNH").
    """

    _field = "paperwork"

    profile: str = "state"
    parent_body: str = ""  # the body above the issuer, e.g. "UBND THỊ XÃ KINH MÔN" / "ĐẢNG BỘ THỊ XÃ KINH MÔN"
    body: str = ""  # the issuing body, e.g. "UBND XÃ HIỆP HÒA" / "ĐẢNG ỦY XÃ HIỆP HÒA"
    place_name: str = ""  # for the date line: "Hiệp Hòa, ngày … tháng … năm …"
    notice_number: str = ""  # number and symbol, e.g. "25/TB-UBND"
    report_number: str = ""  # e.g. "31/BC-UBND"
    signer_name: str = ""
    signer_title: str = ""  # e.g. "CHỦ TỊCH" / "BÍ THƯ"
    recipients: list[str] = field(default_factory=list)  # "Nơi nhận" lines
    hide_names: bool = False  # the public results page does not name the speakers


@dataclass
class Stage(Entity):
    """One step of the agenda (the procedure has six)."""

    _collection = "stages"

    id: int
    title: str
    planned_minutes: int
    # Each time the stage ran, [start, end] (end null while it runs): going back to a stage and
    # forth again adds a run and loses no recorded time. Assigned whole, never mutated in place.
    runs: list[list[float | None]] = field(default_factory=list)

    def elapsed_at(self, now: float) -> float:
        """Seconds the stage has run in all, at ``now``."""
        # a run's start is always set (only its end is null): the cast only tells the checker so
        return sum((now if end is None else end) - cast(float, start) for start, end in self.runs)


@dataclass
class Speaker(Entity):
    """A registration to speak, and the speaking turn it becomes.

    ``phone`` and ``note`` are private: they never reach the public projection.
    """

    _collection = "speakers"

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
    # The allowance the turn had when it ended (the requested time with the chair's ± minutes): the
    # overtime the hall saw is counted against it. None for turns recorded before it was kept.
    allowed_seconds: float | None = None
    official: bool = False  # an official's answer turn (name and title from the delegate)
    answers: list[int] = field(default_factory=list)  # opinions an answer turn answers
    follows_opinion_id: int | None = None  # the opinion a citizen's follow-up turn follows up


@dataclass
class Opinion(Entity):
    """An opinion or petition raised at the meeting, and what became of it.

    Raised in a speaking turn (``speaker_id``) or handed in on paper (``speaker_id`` None,
    ``citizen`` and ``xom`` from the form). ``outcome`` is None until the secretary records one;
    an assigned or forwarded opinion is followed up until the written reply closes it.
    """

    _collection = "opinions"

    id: int
    summary: str
    text: str = ""
    kind: str = "kien_nghi"
    category: str = ""
    level: str = "xa"
    unit: str = ""  # the unit or official responsible
    speaker_id: int | None = None
    citizen: str = ""
    xom: str = ""
    raised_at: float = 0.0
    answerer: str = ""  # who the chair assigned to answer at the meeting
    answerer_delegate_id: int | None = None
    outcome: str | None = None
    outcome_at: float | None = None
    answer: str = ""  # answered: the answer's summary
    answered_by: str = ""
    deadline_days: int | None = None  # assigned: working days from the meeting date
    deadline: str | None = None  # assigned: ISO date
    forwarded_to: str = ""
    prior_ref: str = ""  # declined: number, date and body of the earlier decision
    prior_date: str | None = None
    prior_body: str = ""
    reply_date: str | None = None  # the written reply, after the meeting
    reply_summary: str = ""
    reply_ref: str = ""
    citizen_accepted: bool | None = None
    closed_at: float | None = None


@dataclass
class Timer(Tracked):
    """The speaking timer of the current turn.

    ``elapsed`` holds the seconds run before ``started_at``; while running,
    ``started_at`` is when the current run began. ``duration`` includes any
    minutes added or removed by the chair.
    """

    _field = "timer"

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


# A meeting's status as the office sets it; ``phase`` adds "live" and "ended" from its clock.
Status = Literal["draft", "scheduled", "archived", "deleted"]
DRAFT, SCHEDULED, ARCHIVED, DELETED = get_args(Status)
CLOSED = (ARCHIVED, DELETED)  # a closed meeting takes no command (but meeting.unarchive)
Showing = Literal["", "delegates", "attendance", "qr"]

# The meeting's collections and the class of their items, in the order the screens list them.
ROW_CLASSES: dict[str, type[Any]] = {  # each an Entity dataclass
    "stages": Stage,
    "delegates": Delegate,
    "speakers": Speaker,
    "opinions": Opinion,
    "citizens": Citizen,
    "requests": SpeakRequest,
    "duties": Duty,
}
COLLECTIONS = tuple(ROW_CLASSES)


@dataclass
class Meeting(Tracked):
    """The whole live state of one meeting.

    Commands change it in place; ``tracking.Journal`` records what they changed. Each collection
    is an ``EntityList``: display order, and lookup by id in constant time.
    """

    id: int
    title: str
    banner: list[str] = field(default_factory=list)
    organiser: str = ""
    hamlet: str = ""
    place: str = ""
    starts_at: str = ""  # ISO local date-time of the planned start, e.g. 2023-05-25T08:00
    is_demo: bool = False
    # The administrative units the meeting belongs to, lowest first, each with the level it has
    # (no level is assumed: the 2023 "xã / thị xã / tỉnh" and today's "xã / tỉnh" are both data):
    # [{"level": "xã", "name": "Hiệp Hòa"}, {"level": "thị xã", "name": "Kinh Môn"}, …]
    units: list[dict[str, str]] = field(default_factory=list)
    chairs: list[dict[str, str]] = field(default_factory=list)  # [{"name", "title"}], one or several
    secretaries: list[dict[str, str]] = field(default_factory=list)  # the secretary team, [{"name", "title"}]
    invited_count: int = 0  # citizens the plan invites (the An Bộ plan: 100)
    allocation: list[dict[str, Any]] = field(default_factory=list)  # invitations per xóm: [{"xom", "count"}]
    status: str = DRAFT  # DRAFT, SCHEDULED, ARCHIVED or DELETED; see ``phase``
    ended_at: float | None = None  # when the chair closed the meeting
    showing: str = ""  # what the projector shows over the live view: "", "delegates", "attendance", "qr"
    registration_open: bool = True  # citizens may ask to speak from their phones
    conclusion: str = ""  # the chair's conclusion, as the minutes and the notice will say it
    # How the documents after the meeting are headed and signed (``Paperwork``), and when the
    # results were published (the 10-day duty), with whether the public page names the speakers.
    paperwork: Paperwork = field(default_factory=lambda: Paperwork())
    published_at: float | None = None
    settings: Settings = field(default_factory=Settings)
    stages: EntityList[Stage] = field(default_factory=EntityList)
    delegates: EntityList[Delegate] = field(default_factory=EntityList)
    speakers: EntityList[Speaker] = field(default_factory=EntityList)
    opinions: EntityList[Opinion] = field(default_factory=EntityList)
    citizens: EntityList[Citizen] = field(default_factory=EntityList)
    requests: EntityList[SpeakRequest] = field(default_factory=EntityList)
    duties: EntityList[Duty] = field(default_factory=EntityList)  # preparation duties (``duties.py``)
    version: int = 0
    next_id: int = 1  # ids of stages, delegates and speakers are per meeting
    stage_id: int | None = None
    stage_started_at: float | None = None
    started_at: float | None = None  # when the first stage began: the meeting clock
    speaker_id: int | None = None
    timer: Timer = field(default_factory=Timer)
    message: str = ""
    focus_opinion_id: int | None = None  # the opinion being answered, shown in the hall
    recording_started_at: float | None = None  # the radio's mark: when its recording began

    def __setattr__(self, name: str, value: Any) -> None:
        if name in COLLECTIONS:
            if recording() and name in self.__dict__:  # (a meeting being built may set its own)
                raise TypeError("a command changes a collection by append, insert and remove, never replaces it")
            if not (isinstance(value, EntityList) and value.name == name):
                value = EntityList(value, name)
        super().__setattr__(name, value)

    def opinion(self, opinion_id: int) -> Opinion | None:
        return self.opinions.get(opinion_id)

    def delegate(self, delegate_id: int) -> Delegate | None:
        return self.delegates.get(delegate_id)

    def meeting_date(self) -> str:
        """The ISO date the meeting is held on: once it has started, the local date it started on
        (it may have been held on another day than planned); before, the planned date. Deadlines,
        replies and documents count from it."""
        if self.started_at is not None:
            return datetime.fromtimestamp(self.started_at).date().isoformat()
        return self.starts_at[:10]

    def new_id(self) -> int:
        self.next_id += 1
        return self.next_id - 1

    def queue(self) -> list[Speaker]:
        return [s for s in self.speakers if s.status == QUEUED]

    def first_queued(self) -> Speaker | None:
        return next((s for s in self.speakers if s.status == QUEUED), None)

    def speaker(self, speaker_id: int) -> Speaker | None:
        return self.speakers.get(speaker_id)

    def current_speaker(self) -> Speaker | None:
        return None if self.speaker_id is None else self.speaker(self.speaker_id)

    def stage_index(self) -> int | None:
        for i, stage in enumerate(self.stages):
            if stage.id == self.stage_id:
                return i
        return None


def phase(meeting: Meeting) -> str:
    """Where the meeting stands: draft, scheduled, live, ended, archived or deleted."""
    return phase_of(meeting.status, meeting.started_at, meeting.ended_at)


def phase_of(status: str, started_at: float | None, ended_at: float | None) -> str:
    """``phase`` from the three fields it depends on (the store's listing has only those)."""
    if status in CLOSED:
        return status
    if ended_at is not None:
        return "ended"
    return "live" if started_at is not None else status


# What makes a meeting's record worth keeping (``happened``), as data the pages read too
# (server/views.py page_data): any of these fields set, or any item in these collections.
HAPPENED_FIELDS = ("started_at",)
HAPPENED_COLLECTIONS = ("speakers", "opinions")


def happened(meeting: Meeting) -> bool:
    """Whether anything has happened in the meeting that the record must keep (it then cannot be
    deleted, only archived): it started, someone registered to speak, an opinion was recorded."""
    return any(getattr(meeting, f) is not None for f in HAPPENED_FIELDS) or any(
        getattr(meeting, c) for c in HAPPENED_COLLECTIONS
    )


def estimated_end(meeting: Meeting, now: float) -> float | None:
    """When the meeting should end if the current stage and every later one take what is left of
    their plan (nothing, for a stage already over it), counting the time each has already run. None
    before the meeting has started."""
    index = meeting.stage_index()
    if index is None or meeting.stage_started_at is None:
        return None
    return now + sum(max(0.0, s.planned_minutes * 60 - s.elapsed_at(now)) for s in meeting.stages[index:])
