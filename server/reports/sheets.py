"""Spreadsheets after the meeting, made from the record, pure (bytes out, no I/O):

- ``register_xlsx``: the petition register (sổ theo dõi ý kiến, kiến nghị), one row per opinion with
  its whole life, for one meeting or for every meeting the office keeps;
- ``timeline_csv``: the speaking timeline, for the commune radio to cut its recording;
- ``audit_csv``: the full audit log of a meeting.

The documents are always Vietnamese, whatever language the screen that asks for them uses, so the
vocabulary is hard-coded here (``VI``) instead of going through gettext: a pure function needs no
request or locale, and a register made from a screen set to English still files correctly. The kind,
level and outcome names are the catalog's Vietnamese for ``server/messages.py``'s names
(``tests/test_sheets.py`` checks that they agree).

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
from datetime import date, datetime
from typing import Any

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from ..domain.model import ANSWERED, DECLINED, FOLLOWED_UP, NOTED, Meeting, Opinion
from . import vn
from .facts import citizen_of, facts, local

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

DATE_FORMAT = "DD/MM/YYYY"

# ---------------------------------------------------------------- the register

# (header, column width in characters) in the register's order.
REGISTER_COLUMNS: list[tuple[str, int]] = [
    ("STT", 6),
    ("Hội nghị", 40),
    ("Ngày họp", 12),
    ("Thôn", 14),
    ("Người nêu", 24),
    ("Xóm", 14),
    ("Loại", 12),
    ("Lĩnh vực", 22),
    ("Thẩm quyền", 12),
    ("Nội dung tóm tắt", 40),
    ("Nội dung chi tiết", 60),
    ("Thời điểm nêu", 10),
    ("Kết quả", 22),
    ("Trả lời tại hội nghị", 50),
    ("Người trả lời", 28),
    ("Đơn vị được giao", 24),
    ("Hạn giải quyết", 13),
    ("Chuyển đến", 24),
    ("Văn bản đã giải quyết trước", 36),
    ("Ngày trả lời bằng văn bản", 13),
    ("Nội dung trả lời", 50),
    ("Số văn bản", 16),
    ("Công dân đồng ý", 11),
    ("Ngày đóng", 12),
    ("Trạng thái", 20),
]
_DATE_COLUMNS = {"Ngày họp", "Hạn giải quyết", "Ngày trả lời bằng văn bản", "Ngày đóng"}


def _clean(text: str) -> str:
    """Text without the control characters a workbook cannot hold (openpyxl refuses them)."""
    return ILLEGAL_CHARACTERS_RE.sub("", text)


def _iso_date(value: str | None) -> date | None:
    """An ISO date of the record ("2023-06-15") as a date; None if absent or malformed."""
    if not value:
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None


_ddmmyyyy = vn.ddmmyyyy


def opinion_status(opinion: Opinion, today: date) -> str:
    """Where an opinion stands on ``today``, in the register's words."""
    names = VI["status"]
    if opinion.closed_at is not None:
        return names["closed"]
    if opinion.outcome is None:
        return names["none"]
    if opinion.outcome == ANSWERED:
        return names["answered"]
    if opinion.outcome == DECLINED:
        return names["declined"]
    if opinion.outcome == NOTED:
        return names["noted"]
    if opinion.outcome in FOLLOWED_UP and opinion.reply_date:
        return names["replied"]
    deadline = _iso_date(opinion.deadline)
    if deadline is not None and deadline < today:
        return names["overdue"]
    return names["open"]


def _prior(opinion: Opinion) -> str:
    """The earlier decision a declined opinion refers to: number, date and issuing body."""
    prior_date = _iso_date(opinion.prior_date)
    parts = [opinion.prior_ref, f"ngày {_ddmmyyyy(prior_date)}" if prior_date else "", opinion.prior_body]
    return ", ".join(p for p in parts if p)


def register_rows(meetings: Iterable[Meeting], today: date) -> list[list[Any]]:
    """The register's rows (without the header), as Python values: dates as ``date``."""
    rows: list[list[Any]] = []
    for meeting in meetings:
        meeting_date = _iso_date(meeting.starts_at)
        for opinion in facts(meeting).opinions:
            name, xom = citizen_of(meeting, opinion)
            raised = local(opinion.raised_at) if opinion.raised_at else None
            closed = local(opinion.closed_at)
            rows.append(
                [
                    len(rows) + 1,
                    meeting.title,
                    meeting_date,
                    meeting.hamlet,
                    name,
                    xom,
                    VI["kind"].get(opinion.kind, opinion.kind),
                    opinion.category,
                    VI["level"].get(opinion.level, opinion.level),
                    opinion.summary,
                    opinion.text,
                    raised.strftime("%H:%M") if raised else "",
                    VI["outcome"].get(opinion.outcome, opinion.outcome or ""),
                    opinion.answer,
                    opinion.answered_by or opinion.answerer,
                    opinion.unit,
                    _iso_date(opinion.deadline),
                    opinion.forwarded_to,
                    _prior(opinion),
                    _iso_date(opinion.reply_date),
                    opinion.reply_summary,
                    opinion.reply_ref,
                    VI["accepted"].get(opinion.citizen_accepted, "—"),
                    closed.date() if closed else None,
                    opinion_status(opinion, today),
                ]
            )
    return rows


def _set_text(cell: Any, text: str) -> None:
    """Write text into a workbook cell so that it is never a formula (see the module's docstring)."""
    cell.value = _clean(text)
    if cell.value.startswith(FORMULA_START):
        cell.data_type = "s"
        cell.quotePrefix = True


def register_xlsx(meetings: list[Meeting], *, today: date | None = None) -> bytes:
    """The petition register of ``meetings`` (one meeting's page, or every meeting the office keeps)
    as an .xlsx workbook: one row per opinion in the order raised, meeting after meeting. ``today``
    (by default the local date) decides which assignments are overdue."""
    today = today or date.today()
    wb = Workbook()
    ws = wb.active
    assert isinstance(ws, Worksheet)  # a new workbook's one sheet
    ws.title = "Sổ theo dõi ý kiến"
    header_font = Font(bold=True)
    header_fill = PatternFill("solid", fgColor="DDEBF7")
    wrap = Alignment(wrap_text=True, vertical="top")
    for col, (title, width) in enumerate(REGISTER_COLUMNS, start=1):
        head = ws.cell(row=1, column=col, value=title)
        head.font = header_font
        head.fill = header_fill
        head.alignment = Alignment(wrap_text=True, vertical="center", horizontal="center")
        ws.column_dimensions[get_column_letter(col)].width = width
    date_columns = {i for i, (title, _w) in enumerate(REGISTER_COLUMNS, start=1) if title in _DATE_COLUMNS}
    rows = register_rows(meetings, today)
    for r, values in enumerate(rows, start=2):
        for col, value in enumerate(values, start=1):
            cell = ws.cell(row=r, column=col)
            if isinstance(value, str):
                _set_text(cell, value)
            elif value is not None:
                cell.value = value
            if col in date_columns:
                cell.number_format = DATE_FORMAT
            cell.alignment = wrap
    last = get_column_letter(len(REGISTER_COLUMNS))
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = f"A1:{last}{len(rows) + 1}"
    # Printed on A4 landscape, as wide as the page, the header repeated on every page.
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    page_setup_pr = ws.sheet_properties.pageSetUpPr
    assert page_setup_pr is not None  # WorksheetProperties always makes one
    page_setup_pr.fitToPage = True
    ws.print_title_rows = "1:1"
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


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
