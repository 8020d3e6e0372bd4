"""The petition register (sổ theo dõi ý kiến, kiến nghị) as an .xlsx workbook, pure (bytes out):
one row per opinion with its whole life, for one meeting or for every meeting the office keeps, and
a second sheet with the counts by category and outcome.

What the office sees and prints: a title row naming the register and the meeting (or how many
meetings), then the header; dates and the moment an opinion was raised as real dates and date-times
(they sort and filter as such); Times New Roman throughout; A4 landscape, as wide as the page, the
title and header rows repeated on every page. A text that starts like a formula is stored as text
(``sheets.py`` explains why and how).
"""

from __future__ import annotations

import io
from collections import Counter
from collections.abc import Iterable
from datetime import date
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from ..domain.model import ANSWERED, DECLINED, FOLLOWED_UP, NOTED, OUTCOMES, Meeting, Opinion
from . import vn
from .facts import citizen_of, facts, local
from .sheets import FORMULA_START, VI, clean

FONT = "Times New Roman"
DATE_FORMAT = "DD/MM/YYYY"
DATETIME_FORMAT = "DD/MM/YYYY HH:MM"
TITLE = "SỔ THEO DÕI Ý KIẾN, KIẾN NGHỊ CỦA NHÂN DÂN"
SUMMARY_TITLE = "TỔNG HỢP Ý KIẾN, KIẾN NGHỊ THEO LĨNH VỰC VÀ KẾT QUẢ XỬ LÝ"
HEADER_ROW = 3  # under the title and the line naming the meeting
UNCATEGORISED = "Chưa phân loại"

# (header, column width in characters) in the register's order; long texts wrap in their column.
REGISTER_COLUMNS: list[tuple[str, int]] = [
    ("STT", 5),
    ("Hội nghị", 26),
    ("Ngày họp", 11),
    ("Thôn", 11),
    ("Người nêu", 18),
    ("Xóm", 11),
    ("Loại", 10),
    ("Lĩnh vực", 16),
    ("Thẩm quyền", 10),
    ("Nội dung tóm tắt", 30),
    ("Nội dung chi tiết", 36),
    ("Thời điểm nêu", 16),
    ("Kết quả", 16),
    ("Trả lời tại hội nghị", 30),
    ("Người trả lời", 18),
    ("Đơn vị được giao", 18),
    ("Hạn giải quyết", 11),
    ("Chuyển đến", 18),
    ("Văn bản đã giải quyết trước", 24),
    ("Ngày trả lời bằng văn bản", 11),
    ("Nội dung trả lời", 30),
    ("Số văn bản", 12),
    ("Công dân đồng ý", 9),
    ("Ngày đóng", 11),
    ("Trạng thái", 14),
]
# The columns a paper copy can do without: grouped in an outline and collapsed, so that the rest
# prints large enough to read on A4 landscape (the "+" above the header opens them; nothing is
# lost: they are in the file, sorted and filtered with the rest). The meeting's own columns join
# them when the register is one meeting's (its title row names it).
DETAIL_COLUMNS = {
    "Thẩm quyền",
    "Nội dung chi tiết",
    "Thời điểm nêu",
    "Trả lời tại hội nghị",
    "Người trả lời",
    "Văn bản đã giải quyết trước",
    "Nội dung trả lời",
    "Số văn bản",
    "Công dân đồng ý",
    "Ngày đóng",
}
MEETING_COLUMNS = {"Hội nghị", "Ngày họp", "Thôn"}
_DATE_COLUMNS = {"Ngày họp", "Hạn giải quyết", "Ngày trả lời bằng văn bản", "Ngày đóng"}
_DATETIME_COLUMNS = {"Thời điểm nêu"}


def _iso_date(value: str | None) -> date | None:
    """An ISO date of the record ("2023-06-15") as a date; None if absent or malformed."""
    if not value:
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None


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
    parts = [opinion.prior_ref, f"ngày {vn.ddmmyyyy(prior_date)}" if prior_date else "", opinion.prior_body]
    return ", ".join(p for p in parts if p)


def register_rows(meetings: Iterable[Meeting], today: date) -> list[list[Any]]:
    """The register's rows (without the header), as Python values: dates as ``date``, the moment
    an opinion was raised as a local ``datetime``."""
    rows: list[list[Any]] = []
    for meeting in meetings:
        meeting_date = _iso_date(meeting.starts_at)
        for opinion in facts(meeting).opinions:
            name, xom = citizen_of(meeting, opinion)
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
                    local(opinion.raised_at) if opinion.raised_at else None,
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


def _set(cell: Any, value: Any, font: Font) -> None:
    """A value into a cell, in the register's font; text never becomes a formula."""
    if isinstance(value, str):
        cell.value = clean(value)
        if cell.value.startswith(FORMULA_START):
            cell.data_type = "s"
            cell.quotePrefix = True
    elif value is not None:
        cell.value = value
    cell.font = font


def _titled(ws: Worksheet, title: str, subtitle: str, header: list[tuple[str, int]]) -> None:
    """The title row, the line naming the meeting(s), and the bold header, all in Times New Roman;
    printed A4 landscape, as wide as the page, rows 1 to the header repeated on every page."""
    last = get_column_letter(len(header))
    heads = ((1, title, Font(name=FONT, size=14, bold=True)), (2, subtitle, Font(name=FONT, italic=True)))
    for row, text, font in heads:
        ws.merge_cells(f"A{row}:{last}{row}")
        _set(ws.cell(row=row, column=1), text, font)
        ws.cell(row=row, column=1).alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    ws.row_dimensions[2].height = 32
    ws.row_dimensions[HEADER_ROW].height = 45  # headers of three short lines
    thin = Side(style="thin")
    for col, (name, width) in enumerate(header, start=1):
        head = ws.cell(row=HEADER_ROW, column=col)
        _set(head, name, Font(name=FONT, bold=True))
        head.fill = PatternFill("solid", fgColor="DDEBF7")
        head.alignment = Alignment(wrap_text=True, vertical="center", horizontal="center")
        head.border = Border(top=thin, bottom=thin, left=thin, right=thin)
        ws.column_dimensions[get_column_letter(col)].width = width
    ws.freeze_panes = f"A{HEADER_ROW + 1}"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    page_setup_pr = ws.sheet_properties.pageSetUpPr
    assert page_setup_pr is not None  # WorksheetProperties always makes one
    page_setup_pr.fitToPage = True
    ws.page_margins.left = ws.page_margins.right = 0.4
    ws.page_margins.top = ws.page_margins.bottom = 0.5
    ws.print_title_rows = f"1:{HEADER_ROW}"
    ws.print_options.horizontalCentered = True


def _fit_rows(ws: Worksheet, rows: list[list[Any]], widths: list[int]) -> None:
    """Each row as tall as its longest wrapped text in a shown column (``widths``: 0 for a folded
    one; about a character per width unit, 15 pt a line): spreadsheet programs do not all grow a
    row for wrapped text by themselves."""
    for r, values in enumerate(rows, start=HEADER_ROW + 1):
        lines = max(
            (
                sum(len(part) // max(1, w - 1) + 1 for part in v.split("\n"))
                for v, w in zip(values, widths, strict=True)
                if isinstance(v, str) and w
            ),
            default=1,
        )
        ws.row_dimensions[r].height = 15 * min(max(lines, 1), 20)


def _subtitle(meetings: list[Meeting]) -> str:
    if len(meetings) == 1:
        m = meetings[0]
        held = _iso_date(m.starts_at)
        return m.title + (f", {vn.date_words(held)}" if held else "")
    return f"Các hội nghị tiếp xúc, đối thoại ({len(meetings)} hội nghị)"


def register_xlsx(meetings: list[Meeting], *, today: date | None = None) -> bytes:
    """The register of ``meetings`` (one row per opinion in the order raised, meeting after
    meeting) and its summary sheet. ``today`` (by default the local date) decides which
    assignments are overdue."""
    today = today or date.today()
    wb = Workbook()
    ws = wb.active
    assert isinstance(ws, Worksheet)  # a new workbook's one sheet
    ws.title = "Sổ theo dõi ý kiến"
    _titled(ws, TITLE, _subtitle(meetings), REGISTER_COLUMNS)
    formats = {i: DATE_FORMAT for i, (t, _w) in enumerate(REGISTER_COLUMNS, start=1) if t in _DATE_COLUMNS}
    formats |= {i: DATETIME_FORMAT for i, (t, _w) in enumerate(REGISTER_COLUMNS, start=1) if t in _DATETIME_COLUMNS}
    wrap = Alignment(wrap_text=True, vertical="top")
    font = Font(name=FONT)
    rows = register_rows(meetings, today)
    for r, values in enumerate(rows, start=HEADER_ROW + 1):
        for col, value in enumerate(values, start=1):
            cell = ws.cell(row=r, column=col)
            _set(cell, value, font)
            if col in formats:
                cell.number_format = formats[col]
            cell.alignment = wrap
    ws.auto_filter.ref = f"A{HEADER_ROW}:{get_column_letter(len(REGISTER_COLUMNS))}{HEADER_ROW + len(rows)}"
    folded = DETAIL_COLUMNS | (MEETING_COLUMNS if len(meetings) == 1 else set())
    for col, (name, _w) in enumerate(REGISTER_COLUMNS, start=1):
        if name in folded:
            dimension = ws.column_dimensions[get_column_letter(col)]
            dimension.outlineLevel, dimension.hidden = 1, True
    _fit_rows(ws, rows, [0 if n in folded else w for n, w in REGISTER_COLUMNS])  # what prints
    _summary(wb.create_sheet("Tổng hợp"), meetings)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _summary(ws: Worksheet, meetings: list[Meeting]) -> None:
    """Opinions by category (rows, in the meetings' order of categories) and outcome (columns, in
    the record's order, then those without one), with totals; numbers, not formulas."""
    opinions = [o for m in meetings for o in m.opinions]
    order: list[str] = []
    for m in meetings:
        order += [c for c in m.settings.categories if c not in order]
    counts = Counter((o.category or "", o.outcome) for o in opinions)
    categories = [c for c in order if any(k[0] == c for k in counts)]
    categories += sorted({c for c, _o in counts if c not in categories})
    outcomes: list[str | None] = [*OUTCOMES, None]
    header = [("STT", 5), ("Lĩnh vực", 30), *[(vn.OUTCOME[o], 14) for o in outcomes], ("Tổng cộng", 11)]
    _titled(ws, SUMMARY_TITLE, _subtitle(meetings), header)
    font, bold = Font(name=FONT), Font(name=FONT, bold=True)
    rows = [
        [i, c or UNCATEGORISED, *[counts[(c, o)] for o in outcomes], sum(counts[(c, o)] for o in outcomes)]
        for i, c in enumerate(categories, start=1)
    ]
    rows.append(["", "Tổng cộng", *[sum(counts[(c, o)] for c in categories) for o in outcomes], len(opinions)])
    thin = Side(style="thin")
    for r, values in enumerate(rows, start=HEADER_ROW + 1):
        for col, value in enumerate(values, start=1):
            cell = ws.cell(row=r, column=col)
            _set(cell, value, bold if values is rows[-1] else font)
            cell.border = Border(top=thin, bottom=thin, left=thin, right=thin)
            cell.alignment = Alignment(horizontal="left" if col == 2 else "center", vertical="top", wrap_text=True)
