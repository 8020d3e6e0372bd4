"""Preparing a meeting: creating it from the statutory procedure or from an earlier meeting,
correcting its particulars, moving it from draft to scheduled to archived; and closing it.

``meeting.create`` needs no prior state: the pipeline gives it a blank meeting, and the store adds
it with fresh PINs and a log row whose effect is the whole meeting (so it is replayable like any
other command)."""

from __future__ import annotations

import re
from datetime import datetime
from typing import Annotated, Any

from pydantic import AfterValidator, Field
from pydantic_core import PydanticCustomError

from .changes import scalar
from .duties import add_defaults
from .errors import refuse
from .fields import (
    BannerLineTextOrEmpty,
    ConclusionLinesOrEmpty,
    HamletText,
    NameText,
    OrganiserTextOrEmpty,
    PersonTitleTextOrEmpty,
    PlaceTextOrEmpty,
    TitleText,
    UnitLevelText,
    UnitNameText,
    XomText,
)
from .model import ARCHIVED, DELETED, DRAFT, SCHEDULED, Meeting, Showing, Stage, happened, phase
from .payloads import Payload
from .registry import CHAIR, OFFICE, SECRETARY, Empty, Expected, changes_sent, command, unchanged
from .turns import close_turn

# The procedure every meeting starts from (the six steps of the plan's "Bước 2", the order the
# regulation sets), with planned minutes the office can change.
PROCEDURE = [
    ("Tuyên bố lý do, giới thiệu đại biểu; thông qua chương trình, nội quy; giới thiệu chủ tọa, tổ thư ký", 10),
    ("Người chủ trì thông báo nội dung tiếp xúc, đối thoại", 15),
    ("Nhân dân phát biểu ý kiến theo thứ tự đã đăng ký", 60),
    ("Người chủ trì tổng hợp, trả lời hoặc phân công trả lời", 30),
    ("Nhân dân tiếp tục trao đổi sau khi nghe trả lời", 20),
    ("Người chủ trì kết luận hội nghị", 15),
]


def _local_datetime(value: str) -> str:
    """An ISO local date and time to the minute, "2023-05-25T08:00", that exists on the calendar."""
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}", value):
        raise PydanticCustomError("bad_date", "bad date")
    try:
        datetime.fromisoformat(value)
    except ValueError:
        raise PydanticCustomError("bad_date", "bad date") from None
    return value


LocalDateTime = Annotated[str, AfterValidator(_local_datetime)]
BannerLine = BannerLineTextOrEmpty
BannerLines = Annotated[list[BannerLine], Field(max_length=6)]


class Unit(Payload):
    """One administrative unit: its level as the law of the day names it, and its name."""

    level: UnitLevelText
    name: UnitNameText


class Person(Payload):
    """A chair or a member of the secretary team."""

    name: NameText
    title: PersonTitleTextOrEmpty = ""


class Allocation(Payload):
    """How many citizens the plan invites from one xóm."""

    xom: XomText
    count: int = Field(ge=0, le=5000)


Units = Annotated[list[Unit], Field(max_length=5)]
People = Annotated[list[Person], Field(max_length=12)]
Allocations = Annotated[list[Allocation], Field(max_length=60)]
InvitedCount = Annotated[int, Field(ge=0, le=5000)]


class MeetingCreate(Payload):
    title: TitleText
    hamlet: HamletText
    place: PlaceTextOrEmpty = ""
    organiser: OrganiserTextOrEmpty = ""
    starts_at: LocalDateTime
    banner: BannerLines = []
    units: Units = []
    chairs: People = []
    secretaries: People = []
    invited_count: InvitedCount = 0
    allocation: Allocations = []


class MeetingUpdate(Payload):
    title: TitleText | None = None
    hamlet: HamletText | None = None
    place: PlaceTextOrEmpty | None = None
    organiser: OrganiserTextOrEmpty | None = None
    starts_at: LocalDateTime | None = None
    banner: BannerLines | None = None
    units: Units | None = None
    chairs: People | None = None
    secretaries: People | None = None
    invited_count: InvitedCount | None = None
    allocation: Allocations | None = None
    expected: dict[str, Any] = Expected()


class MeetingCopy(Payload):
    source_meeting_id: int
    title: TitleText
    hamlet: HamletText
    starts_at: LocalDateTime


class Conclude(Payload):
    text: ConclusionLinesOrEmpty


class HallShow(Payload):
    what: Showing = Field(description='"delegates" (the introductions) or "" (back to the live view)')


def _set_particulars(state: Meeting, values: dict[str, Any]) -> None:
    for key, value in values.items():
        if key == "banner":
            value = [line for line in value if line]
        elif key in ("units", "chairs", "secretaries", "allocation"):
            value = [dict(item) for item in value]
        setattr(state, key, value)


def _not_in_the_past(starts_at: str, now: float) -> None:
    """A meeting is prepared for today or later (the server's local date)."""
    if starts_at[:10] < datetime.fromtimestamp(now).date().isoformat():
        raise refuse("date_in_past", "starts_at")


def _allocation_unique(allocation: list[Allocation] | None) -> None:
    if allocation is not None and len({a.xom.casefold() for a in allocation}) != len(allocation):
        raise refuse("duplicate_xom", "allocation")


@command("meeting.create", {OFFICE}, MeetingCreate, creates=True)
def meeting_create(state: Meeting, p: MeetingCreate, now: float) -> None:
    """Create a draft meeting (title, hamlet, place, organiser, date and time, banner lines,
    administrative units, chairs, secretary team, invited citizens and their allocation per xóm) with
    the six stages of the statutory procedure; the office's ack carries its id and its new PINs."""
    _not_in_the_past(p.starts_at, now)
    _allocation_unique(p.allocation)
    _set_particulars(state, p.model_dump())
    state.status = DRAFT
    for title, minutes in PROCEDURE:
        state.stages.append(Stage(state.new_id(), title, minutes))
    add_defaults(state)  # the preparation duties a commune's plan names, for the office to edit


@command("meeting.copy", {OFFICE}, MeetingCopy, creates=True, source="source_meeting_id")
def meeting_copy(state: Meeting, p: MeetingCopy, now: float) -> None:
    """Create a draft meeting from an earlier one: its agenda, delegates (none marked present),
    settings, particulars and letterhead (without document numbers), with a new title, hamlet, date
    and time; not its speakers, opinions or invited citizens (a meeting is with one hamlet). The ack
    is as for ``meeting.create``."""
    _not_in_the_past(p.starts_at, now)
    state.title, state.hamlet, state.starts_at = p.title, p.hamlet, p.starts_at
    add_defaults(state)  # the plan's duties afresh (the earlier ones name the earlier hamlet)


def template(source: Meeting) -> Meeting:
    """The blank meeting ``meeting.copy`` starts from: what of ``source`` carries over to a new one."""
    new = Meeting(id=0, title=source.title, status=DRAFT)
    for name in ("banner", "organiser", "place", "units", "chairs", "secretaries", "invited_count"):
        setattr(new, name, scalar(source, name))
    new.settings = type(source.settings)(**scalar(source, "settings"))
    # The letterhead and signature carry over (the same commune); the numbers of its documents do not.
    new.paperwork = type(source.paperwork)(**{**scalar(source, "paperwork"), "notice_number": "", "report_number": ""})
    for stage in source.stages:
        new.stages.append(Stage(new.new_id(), stage.title, stage.planned_minutes))
    for d in source.delegates:
        new.delegates.append(type(d)(new.new_id(), d.name, d.title, d.unit, d.group))
    return new


@command("meeting.update", {OFFICE, SECRETARY}, MeetingUpdate)
def meeting_update(state: Meeting, p: MeetingUpdate, now: float) -> None:
    """Correct the meeting's particulars; only the fields sent change (the screens follow at once:
    the projector shows the banner). With ``expected``, a field another screen changed meanwhile is
    refused (the sender is told, and reads the meeting again)."""
    changes = changes_sent(p, "expected")
    unchanged(p.expected, changes, lambda key: scalar(state, key))
    if "starts_at" in changes and state.started_at is None and changes["starts_at"] != state.starts_at:
        _not_in_the_past(changes["starts_at"], now)
    _allocation_unique(p.allocation)
    _set_particulars(state, changes)


# ---------------------------------------------------------------- the meeting's life


@command("meeting.schedule", {OFFICE}, Empty)
def meeting_schedule(state: Meeting, p: Empty, now: float) -> None:
    """Move a draft meeting to scheduled: it is ready, and its screens are handed out."""
    if state.status != DRAFT:
        raise refuse("meeting_phase", None, phase=phase(state))
    state.status = SCHEDULED


@command("meeting.unschedule", {OFFICE}, Empty)
def meeting_unschedule(state: Meeting, p: Empty, now: float) -> None:
    """Move a scheduled meeting that has not started back to draft."""
    if state.status != SCHEDULED or state.started_at is not None:
        raise refuse("meeting_phase", None, phase=phase(state))
    state.status = DRAFT


@command("meeting.archive", {OFFICE}, Empty)
def meeting_archive(state: Meeting, p: Empty, now: float) -> None:
    """Archive a meeting that is not running: it keeps every record, takes no command and leaves
    the office's list of current meetings."""
    if phase(state) == "live":
        raise refuse("meeting_phase", None, phase="live")
    state.status = ARCHIVED


@command("meeting.unarchive", {OFFICE}, Empty)
def meeting_unarchive(state: Meeting, p: Empty, now: float) -> None:
    """Bring an archived meeting back (as scheduled)."""
    if state.status != ARCHIVED:
        raise refuse("meeting_phase", None, phase=phase(state))
    state.status = SCHEDULED


@command("meeting.delete", {OFFICE}, Empty)
def meeting_delete(state: Meeting, p: Empty, now: float) -> None:
    """Delete a meeting in which nothing has happened yet (not started, nobody registered to speak,
    no opinion); one with a record can only be archived. Its rows and log stay in the file."""
    if happened(state):
        raise refuse("meeting_happened")
    state.status = DELETED


@command("meeting.close", {CHAIR}, Empty)
def meeting_close(state: Meeting, p: Empty, now: float) -> None:
    """Close the meeting: the turn at the microphone ends, the stage's run ends, the meeting clock
    stops. ``meeting.reopen`` undoes it."""
    if state.started_at is None or state.ended_at is not None:
        raise refuse("meeting_phase", None, phase=phase(state))
    close_turn(state, now)
    stage = state.stages.get(state.stage_id)
    if stage is not None and stage.runs and stage.runs[-1][1] is None:
        stage.runs = [*stage.runs[:-1], [stage.runs[-1][0], now]]
    state.ended_at = now


@command("meeting.reopen", {CHAIR}, Empty)
def meeting_reopen(state: Meeting, p: Empty, now: float) -> None:
    """Reopen a closed meeting: its last stage runs again (the time it ran is kept)."""
    if state.ended_at is None:
        raise refuse("meeting_phase", None, phase=phase(state))
    stage = state.stages.get(state.stage_id)
    if stage is not None:
        stage.runs = [*stage.runs, [now, None]]
    state.stage_started_at = now
    state.ended_at = None


@command("hall.show", {CHAIR}, HallShow)
def hall_show(state: Meeting, p: HallShow, now: float) -> None:
    """Put the introductions of the delegates on the projector (by group, those marked present, or
    all while nobody is marked), or go back to the live view."""
    if state.showing == p.what:
        raise refuse("nothing_to_change")
    state.showing = p.what


@command("meeting.conclude", {CHAIR, SECRETARY}, Conclude)
def meeting_conclude(state: Meeting, p: Conclude, now: float) -> None:
    """Write (or correct) the chair's conclusion: what was discussed, what was resolved, what is
    still open and who must answer by when. The minutes and the conclusion notice quote it."""
    if p.text == state.conclusion:
        raise refuse("nothing_to_change")
    state.conclusion = p.text
