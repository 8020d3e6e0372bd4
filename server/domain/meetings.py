"""Preparing a meeting: creating it from the statutory procedure, and correcting its particulars.

``meeting.create`` needs no prior state: the pipeline gives it a blank meeting, and the store adds
it with fresh PINs and a log row whose effect is the whole meeting (so it is replayable like any
other command)."""

from __future__ import annotations

import re
from datetime import datetime
from typing import Annotated

from pydantic import AfterValidator, Field
from pydantic_core import PydanticCustomError

from .model import Meeting, Stage
from .payloads import Payload, Text
from .registry import LIMITS, OFFICE, SECRETARY, changes_sent, command

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
BannerLines = Annotated[list[Text(LIMITS["banner_line"], required=False)], Field(max_length=6)]  # type: ignore[valid-type]


class MeetingCreate(Payload):
    title: Text(LIMITS["title"])  # type: ignore[valid-type]
    hamlet: Text(LIMITS["hamlet"])  # type: ignore[valid-type]
    place: Text(LIMITS["place"], required=False) = ""  # type: ignore[valid-type]
    organiser: Text(LIMITS["organiser"], required=False) = ""  # type: ignore[valid-type]
    starts_at: LocalDateTime
    banner: BannerLines = []


class MeetingUpdate(Payload):
    title: Text(LIMITS["title"]) | None = None  # type: ignore[valid-type]
    hamlet: Text(LIMITS["hamlet"]) | None = None  # type: ignore[valid-type]
    place: Text(LIMITS["place"], required=False) | None = None  # type: ignore[valid-type]
    organiser: Text(LIMITS["organiser"], required=False) | None = None  # type: ignore[valid-type]
    starts_at: LocalDateTime | None = None
    banner: BannerLines | None = None


@command("meeting.create", {OFFICE}, MeetingCreate, creates=True)
def meeting_create(state: Meeting, p: MeetingCreate, now: float) -> None:
    """Create a meeting (title, hamlet, place, organiser, date and time, banner lines) with the six
    stages of the statutory procedure; the office's ack carries its id and its new PINs."""
    state.title, state.hamlet, state.place, state.organiser = p.title, p.hamlet, p.place, p.organiser
    state.starts_at = p.starts_at
    state.banner = [line for line in p.banner if line]
    for title, minutes in PROCEDURE:
        state.stages.append(Stage(state.new_id(), title, minutes))


@command("meeting.update", {OFFICE, SECRETARY}, MeetingUpdate)
def meeting_update(state: Meeting, p: MeetingUpdate, now: float) -> None:
    """Correct the meeting's particulars; only the fields sent change (the screens follow at once:
    the projector shows the banner)."""
    for key, value in changes_sent(p).items():
        setattr(state, key, [line for line in value if line] if key == "banner" else value)
