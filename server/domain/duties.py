"""Before the meeting: the preparation duties of the plan as data, and the radio's recording mark.

A duty is a unit's task, the person who does it, and a deadline counted in working days before the
meeting (``days_before``; 0 is the meeting day), to do or done. The date is derived from the
meeting's (``deadline_of``), so moving the meeting moves every deadline; whether a duty is overdue
is derived from that date and the day it is read (``overdue``), never stored. A meeting created
from the statutory procedure gets the duties a commune's plan names (``DEFAULTS``), which the
office then edits.

The recording mark (``recording.mark``) is when the commune radio started recording, tapped on
the chair's or the secretary's screen: the label track and the chapters of the recording
(``server/reports/recording.py``) count from it.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from pydantic import Field

from .errors import refuse
from .fields import LIMITS, NameTextOrEmpty, NoteText, text
from .model import Meeting
from .payloads import Payload
from .people import person_key
from .registry import CHAIR, OFFICE, SECRETARY, Expected, changes_sent, command, unchanged
from .roster import DONE_DUTY, TODO, Duty
from .workdays import add_working_days, working_days_left

PREPARERS = {OFFICE, SECRETARY}  # who keeps the duties (the office; the secretary team helps)
RECORDERS = {CHAIR, SECRETARY}  # whose tap marks the start of the recording
MAX_DAYS_BEFORE = 60

# The duties of a commune's plan (the An Bộ plan of 2023, section III), with working days before
# the meeting by which each is done: the plan and the invitations first, the hamlet's seats and
# letters a week ahead, the answers prepared in the last days, the hall, sound, recording and order
# the day before. ``{hamlet}`` is the meeting's hamlet.
DEFAULTS: list[tuple[str, str, int]] = [
    (
        "Văn phòng Đảng ủy - HĐND - UBND xã",
        "Tham mưu xây dựng kế hoạch, giấy mời và tài liệu hội nghị; tổng hợp ý kiến, kiến nghị của nhân dân; "
        "sau hội nghị hoàn thiện, lưu trữ hồ sơ.",
        10,
    ),
    ("Đảng ủy - UBND - UBMTTQ xã", "Phối hợp với Văn phòng chuẩn bị các điều kiện phục vụ hội nghị.", 7),
    (
        "Thôn {hamlet}",
        "Chi bộ thôn họp triển khai kế hoạch; phân bổ số công dân tham dự về từng xóm và gửi giấy mời đến từng người.",
        5,
    ),
    (
        "Đảng ủy - UBND xã",
        "Họp triển khai, phân công nhiệm vụ cho tập thể và cá nhân liên quan (họp chuẩn bị hội nghị).",
        3,
    ),
    (
        "Các ban, ngành chuyên môn, đoàn thể xã",
        "Chuẩn bị nội dung trả lời, giải quyết các ý kiến, kiến nghị thuộc lĩnh vực phụ trách; tham mưu cho "
        "người chủ trì giải trình tại hội nghị.",
        2,
    ),
    (
        "Công chức văn hóa xã",
        "Trang trí, khánh tiết, hội trường, bàn ghế, tăng âm, loa đài; tip chữ (khẩu hiệu) của hội nghị.",
        1,
    ),
    ("Đài Truyền thanh xã", "Chuẩn bị ghi âm, ghi hình; ghi âm, ghi hình và tuyên truyền hội nghị.", 1),
    ("Công an - Quân sự xã", "Phân công, bố trí lực lượng đảm bảo an ninh trật tự tại hội nghị.", 1),
]


def add_defaults(state: Meeting) -> None:
    """Give a new meeting the duties of a commune's plan (``DEFAULTS``)."""
    for unit, task, days in DEFAULTS:
        state.duties.append(Duty(state.new_id(), unit.format(hamlet=state.hamlet or "…"), task, "", days))


def deadline_of(meeting_date: str, days_before: int) -> str | None:
    """The ISO date ``days_before`` working days before ``meeting_date`` (the meeting day itself
    for 0); None while the meeting has no date. Callers give the planned day (``starts_at``): the
    duties prepare for it, even if the meeting is then held on another day."""
    try:
        day = date.fromisoformat(meeting_date)
    except ValueError:
        return None
    return (add_working_days(day, -days_before) if days_before else day).isoformat()


def overdue(duty: dict[str, Any], today: str) -> bool:
    """Whether a duty (its projection, with ``deadline``) is still to do past its deadline."""
    return duty["status"] == TODO and duty["deadline"] is not None and duty["deadline"] < today


def days_left(duty: dict[str, Any], today: str) -> int | None:
    """Working days from ``today`` to the duty's deadline (negative: calendar days overdue)."""
    if duty["deadline"] is None:
        return None
    return working_days_left(date.fromisoformat(today), date.fromisoformat(duty["deadline"]))


# ---------------------------------------------------------------- commands


# The duty's own text type (the others are the shared ones of ``fields.py``): the unit is required.
UnitText = Annotated[str, text(LIMITS["unit"])]


class DutyRow(Payload):
    unit: UnitText
    task: NoteText  # at most 500 characters, as a note
    person: NameTextOrEmpty = ""
    days_before: int = Field(ge=0, le=MAX_DAYS_BEFORE)


class DutyUpdate(Payload):
    duty_id: int
    unit: UnitText | None = None
    task: NoteText | None = None
    person: NameTextOrEmpty | None = None
    days_before: int | None = Field(default=None, ge=0, le=MAX_DAYS_BEFORE)
    expected: dict[str, Any] = Expected()


class DutyRef(Payload):
    duty_id: int


class DutyDone(Payload):
    duty_id: int
    done: bool


class RecordingMark(Payload):
    expected_at: float | None = Field(description="the mark the screen shows (null: none yet)")


def _duty(state: Meeting, duty_id: int) -> Duty:
    duty = state.duties.get(duty_id)
    if duty is None:
        raise refuse("no_such_duty", "duty_id")
    return duty


def _keys(state: Meeting, skip: int | None = None) -> set[tuple[str, ...]]:
    return {person_key(d.unit, d.task) for d in state.duties if d.id != skip}


@command("duty.add", PREPARERS, DutyRow)
def duty_add(state: Meeting, p: DutyRow, now: float) -> None:
    """Add a preparation duty: the unit, its task, who does it, and how many working days before
    the meeting it is due."""
    if person_key(p.unit, p.task) in _keys(state):
        raise refuse("duplicate_duty", "task")
    state.duties.append(Duty(state.new_id(), p.unit, p.task, p.person, p.days_before))


@command("duty.update", PREPARERS, DutyUpdate)
def duty_update(state: Meeting, p: DutyUpdate, now: float) -> None:
    """Correct a duty; only the fields sent change. With ``expected``, a field another screen
    changed meanwhile is refused."""
    duty = _duty(state, p.duty_id)
    changes = changes_sent(p, "duty_id", "expected")
    unchanged(p.expected, changes, lambda key: getattr(duty, key))
    if person_key(changes.get("unit", duty.unit), changes.get("task", duty.task)) in _keys(state, duty.id):
        raise refuse("duplicate_duty", "task")
    for key, value in changes.items():
        setattr(duty, key, value)


@command("duty.done", PREPARERS, DutyDone)
def duty_done(state: Meeting, p: DutyDone, now: float) -> None:
    """Mark a duty done (or to do again)."""
    duty = _duty(state, p.duty_id)
    status = DONE_DUTY if p.done else TODO
    if duty.status == status:
        raise refuse("nothing_to_change")
    duty.status, duty.done_at = status, (now if p.done else None)


@command("duty.remove", PREPARERS, DutyRef)
def duty_remove(state: Meeting, p: DutyRef, now: float) -> None:
    """Take a duty off the list."""
    state.duties.remove(_duty(state, p.duty_id))


@command("recording.mark", RECORDERS, RecordingMark)
def recording_mark(state: Meeting, p: RecordingMark, now: float) -> None:
    """Mark that the radio's recording starts now (tapped on the chair's or the secretary's screen
    when the radio says so); a later tap moves the mark. ``expected_at`` is the mark the screen
    showed: a tap on two screens at once is refused the second time instead of moving it."""
    if p.expected_at != state.recording_started_at:
        raise refuse("changed_meanwhile", "expected_at")
    state.recording_started_at = now


@command("recording.clear", RECORDERS, RecordingMark)
def recording_clear(state: Meeting, p: RecordingMark, now: float) -> None:
    """Take a mistaken recording mark away (no label track until it is marked again)."""
    if state.recording_started_at is None:
        raise refuse("no_recording_mark")
    if p.expected_at != state.recording_started_at:
        raise refuse("changed_meanwhile", "expected_at")
    state.recording_started_at = None
