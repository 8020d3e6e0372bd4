"""Spreadsheets after the meeting, made from the record, pure (bytes out, no I/O):

- (the petition register, sổ theo dõi ý kiến, kiến nghị, is made in ``register.py`` with what this
  module shares: ``VI``, ``clean``, ``FORMULA_START``);
- ``timeline_csv``: the speaking timeline, for the commune radio to cut its recording;
- ``audit_csv``: the full audit log of a meeting.

The documents are always Vietnamese, whatever language the screen that asks for them uses, so the
vocabulary is hard-coded here (``VI``) instead of going through gettext: a pure function needs no
request or locale, and a register made from a screen set to English still files correctly. The kind,
level and outcome names are the catalog's Vietnamese for ``server/i18n/vocabularies.py``'s names
(``tests/domain/test_sheets.py`` checks that they agree).

Formula safety. A citizen's words end up in cells; text such as ``=1+1``, ``@SUM(A1)`` or ``-2+3``
must never become a formula (CSV/formula injection, OWASP). Every text cell starting with ``=``,
``+``, ``-``, ``@``, a tab or a carriage return is written so:

- in .xlsx, as an explicit string cell (``data_type = "s"``: openpyxl would otherwise store a
  leading ``=`` as a formula) with the ``quotePrefix`` style, so the text is shown unchanged, with
  no apostrophe added to it, and stays text even when someone edits the cell in Excel;
- in .csv, which has no types, prefixed with a single quote ``'`` as OWASP recommends: Excel shows
  the apostrophe but never evaluates the cell. (Cells are also quoted by the ``csv`` module where
  needed.) Numbers we write ourselves (versions, seconds) are not text and are left alone.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable
from datetime import datetime
from typing import Any

from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from ..domain.model import Meeting
from . import vn
from .facts import facts, local

# The documents' Vietnamese vocabulary: one place for every name a sheet writes.
VI: dict[str, dict[Any, str]] = {
    "kind": vn.KIND,
    "level": vn.LEVEL,
    "outcome": vn.OUTCOME,
    # Where an opinion stands today (the register's last column).
    "status": {
        "closed": "Đã đóng",
        "none": "Chưa có kết quả",
        "answered": "Đã trả lời tại hội nghị",
        "declined": "Đã được giải quyết trước",
        "noted": "Đã tiếp thu",
        "replied": "Đã trả lời bằng văn bản",
        "overdue": "Quá hạn",
        "open": "Đang theo dõi",
    },
    "accepted": {True: "Có", False: "Không", None: "—"},
    "role": {"chair": "Chủ trì", "secretary": "Thư ký", "office": "Văn phòng", "public": "Công chúng"},
    "turn": {True: "Đại biểu", False: "Công dân"},
}

# The first characters that make a spreadsheet read a cell as a formula.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def clean(text: str) -> str:
    """Text without the control characters a workbook cannot hold (openpyxl refuses them)."""
    return ILLEGAL_CHARACTERS_RE.sub("", text)


# ---------------------------------------------------------------- CSV files


def csv_safe(value: Any) -> Any:
    """A CSV cell that a spreadsheet never reads as a formula: text starting with a formula
    character gets a leading ``'`` (OWASP); other values are returned unchanged."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def _csv(header: list[str], rows: Iterable[list[Any]]) -> bytes:
    """UTF-8 with a BOM (Excel then reads the diacritics right), comma-separated, CRLF lines."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    for row in rows:
        writer.writerow([csv_safe(v) for v in row])
    return out.getvalue().encode("utf-8-sig")


def _hms(seconds: float) -> str:
    """Seconds as "HH:MM:SS" (hours may pass 24)."""
    total = max(0, int(round(seconds)))
    return f"{total // 3600:02d}:{total // 60 % 60:02d}:{total % 60:02d}"


def _clock(ts: float | None) -> str:
    moment = local(ts)
    return moment.strftime("%H:%M:%S") if moment else ""


TIMELINE_HEADER = [
    "STT",
    "Bắt đầu (từ khai mạc)",
    "Kết thúc (từ khai mạc)",
    "Giờ bắt đầu",
    "Giờ kết thúc",
    "Người phát biểu",
    "Xóm",
    "Đại biểu / Công dân",
    "Nội dung",
    "Số giây phát biểu",
]


def timeline_csv(meeting: Meeting) -> bytes:
    """The speaking timeline: one row per turn in the order spoken, with its start and end counted
    from the meeting's start (the first stage; or the first turn, if one began earlier), the local
    clock times, who spoke (no xóm for officials), the topic (an official's title), and the seconds
    actually spoken (pauses excluded). A turn still running has no end."""
    found = facts(meeting)
    starts = [t.started_at for t in found.turns]
    if meeting.started_at is not None:
        starts.append(meeting.started_at)
    origin = min(starts) if starts else 0.0
    rows = []
    for n, turn in enumerate(found.turns, start=1):
        speaker = turn.speaker
        rows.append(
            [
                n,
                _hms(turn.started_at - origin),
                "" if turn.ended_at is None else _hms(turn.ended_at - origin),
                _clock(turn.started_at),
                _clock(turn.ended_at),
                speaker.name,
                "" if speaker.official else speaker.xom,
                VI["turn"][bool(speaker.official)],
                speaker.topic,
                int(round(turn.spoken_seconds)),
            ]
        )
    return _csv(TIMELINE_HEADER, rows)


AUDIT_HEADER = ["Thời gian", "Vai trò", "Người thao tác", "Lệnh", "Nội dung lệnh", "Kết quả (phiên bản)", "Mã lệnh"]


def _compact(value: Any) -> str:
    """A payload as compact JSON with its diacritics (it may come as the log's JSON text)."""
    if isinstance(value, (str, bytes)):
        try:
            value = json.loads(value)
        except ValueError:
            return value if isinstance(value, str) else value.decode("utf-8", "replace")
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def audit_csv(log_rows: Iterable[dict[str, Any]]) -> bytes:
    """The meeting's whole audit log (``Store.log`` rows, in their order): when (local time), the
    role and the person at the screen, the command, what it asked, the version it made, its id."""
    rows = []
    for row in log_rows:
        at = local(row["at"])
        rows.append(
            [
                at.strftime("%d/%m/%Y %H:%M:%S") if isinstance(at, datetime) else "",
                VI["role"].get(row["role"], row["role"]),
                row.get("person") or "",
                row["name"],
                _compact(row.get("payload")),
                row["version"],
                row["command_id"],
            ]
        )
    return _csv(AUDIT_HEADER, rows)
