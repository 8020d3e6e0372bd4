"""The Word files the commune office edits, signs and stamps after a meeting: the minutes (biên
bản), the conclusion notice (thông báo kết luận) and the results report (báo cáo kết quả).

Three pure functions of ``Facts`` return .docx bytes; nothing here knows Flask or the store, and
nothing reads the clock (a date of issue is passed in, or the meeting's date is used), so the same
record gives the same bytes.

Layout. A4 portrait, Times New Roman 14 pt (13 pt in the letterhead, 12 pt in tables), margins of
Decree 30/2020/NĐ-CP (top and bottom 20 mm, left 30 mm, right 15 mm), page numbers at the top from
page 2. The letterhead and the signature follow the document's ``Paperwork.profile``:

- "state" (Decree 30): issuing body under the body above it, "Số: …/TB-UBND" | national title and
  motto, "<place>, ngày … tháng … năm …"; signed "TM. ỦY BAN NHÂN DÂN", "Nơi nhận:" bottom left;
- "party" (Guidance 36-HD/VPTW): "ĐẢNG BỘ …" / "ĐẢNG ỦY …" / "*" / "Số …-TB/ĐU" | "ĐẢNG CỘNG SẢN
  VIỆT NAM", the date line; signed "T/M BAN CHẤP HÀNH".

An empty paperwork field falls back on the meeting: the body on the organiser, the body above on
the second administrative unit, the place on the first unit, the signer on the first chair; a
number not yet given is left blank to fill in by hand ("Số:      /TB-UBND").

Why python-docx in code rather than docxtpl templates: the documents are mostly variable
structure (the secretary's blocks of three kinds, sections present only when they have items, tables
with a row per opinion, two letterheads, a sentence instead of an empty table), which in a template
becomes Jinja loops and conditions inside Word's XML, harder to read and to test than the Python
below, and easily broken by editing the template in Word (a tag split across runs). What the office
adjusts (its header, the stamp's place, wording) it adjusts in the .docx it downloads, which is an
ordinary editable Word file. Every user text goes in as a run's text, so markup stays text.

The documents are always Vietnamese, whatever the interface language, so their vocabulary is
written here in Vietnamese instead of going through gettext (``server/messages.py``).

A denunciation (tố cáo) is never attributed by name in the notice or the report: the Law on
Denunciations (2018, art. 47) requires keeping the denouncer's identity confidential.
"""

from __future__ import annotations

import re
import textwrap
import unicodedata
from collections.abc import Iterable
from datetime import UTC, date, datetime
from io import BytesIO
from zipfile import ZIP_DEFLATED, ZipFile, ZipInfo

from docx import Document
from docx.blkcntnr import BlockItemContainer
from docx.document import Document as DocxDocument
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph

from ..domain.model import OUTCOMES, Meeting, Opinion
from . import vn
from .facts import Facts, citizen_of, local

# ---------------------------------------------------------------- the documents' vocabulary

OUTCOME_NAMES = vn.OUTCOME  # one vocabulary for every document (server/reports/vn.py)
# The notice's sections, in the order of the outcomes (then the opinions still without one).
NOTICE_SECTIONS = {
    "answered": "CÁC Ý KIẾN ĐÃ ĐƯỢC TRẢ LỜI TẠI HỘI NGHỊ",
    "assigned": "CÁC Ý KIẾN GIAO ĐƠN VỊ GIẢI QUYẾT",
    "forwarded": "CÁC Ý KIẾN CHUYỂN CƠ QUAN CÓ THẨM QUYỀN",
    "declined": "CÁC Ý KIẾN ĐÃ ĐƯỢC GIẢI QUYẾT, KHÔNG XEM XÉT LẠI",
    "noted": "CÁC Ý KIẾN HỘI NGHỊ GHI NHẬN",
    None: "CÁC Ý KIẾN CHƯA CÓ HƯỚNG XỬ LÝ",
}
KIND_VERBS = {"kien_nghi": "kiến nghị", "phan_anh": "phản ánh", "khieu_nai": "khiếu nại", "to_cao": "tố cáo"}
ROMAN = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X"]
# The Party committee of an administrative level, for the report's addressees.
COMMITTEES = {"tỉnh": "Tỉnh ủy", "thành phố": "Thành ủy", "thị xã": "Thị ủy", "huyện": "Huyện ủy", "quận": "Quận ủy"}
NO_OPINIONS = "Không có ý kiến nào được nêu."
UNCATEGORISED = "Chưa phân loại"
HIDDEN_DENOUNCER = "Một công dân (giữ bí mật thông tin người tố cáo)"

FONT = "Times New Roman"
TEXT_WIDTH_MM = 165  # A4 210 mm less the 30 and 15 mm margins


# ---------------------------------------------------------------- the three documents


def minutes_docx(facts: Facts, blocks: list[dict], *, finalised_at: float | None) -> bytes:
    """The minutes: letterhead, "BIÊN BẢN" and the meeting's title, the secretary's text
    (``blocks``: ``{"kind": "heading" | "paragraph" | "bullet", "text": …}``), and the signatures of
    the secretary and the chair. Dated the meeting's day; "DỰ THẢO" in the page header until
    ``finalised_at`` is given."""
    m = facts.meeting
    doc = _new_document(draft=finalised_at is None)
    _letterhead(doc, m, number=None, day=_meeting_day(m))
    _title(doc, "BIÊN BẢN", m.title)
    for block in blocks:
        kind, text = block.get("kind"), str(block.get("text") or "")
        if kind == "heading":
            _heading(doc, text)
        elif kind == "bullet":
            _para(doc, text if text.lstrip().startswith(("-", "–", "+")) else f"- {text}", indent=True)
        else:
            _para(doc, text, indent=True)
    if not blocks:
        _para(doc, "Biên bản chưa có nội dung.", italic=True, indent=True)
    chair = m.chairs[0] if m.chairs else {}
    secretary = m.secretaries[0] if m.secretaries else {}
    left, right = _signature_table(doc)
    _signature(left, ["THƯ KÝ HỘI NGHỊ"], secretary.get("name", ""), note="(Ký, ghi rõ họ tên)")
    _signature(right, ["CHỦ TRÌ HỘI NGHỊ"], chair.get("name", ""), note="(Ký, ghi rõ họ tên)")
    return _save(doc, m, f"Biên bản {m.title}", finalised_at)


def notice_docx(facts: Facts, *, issued_at: float | None = None) -> bytes:
    """The conclusion notice: the chair's conclusion, then the opinions by outcome (answered: the
    answer and who gave it; assigned: the unit and the deadline; forwarded: to whom; declined: the
    earlier decision; noted; and any still without an outcome), "Nơi nhận" and the signer. Dated
    ``issued_at``'s day, or the meeting's."""
    m = facts.meeting
    doc = _new_document(draft=False)
    _letterhead(doc, m, number=_number(m, m.paperwork.notice_number, "TB"), day=_issue_day(m, issued_at))
    _title(doc, "THÔNG BÁO", f"Kết luận của {_chair_phrase(m)} tại {_lower_first(m.title)}")
    _para(doc, _held_sentence(m), indent=True)
    _para(doc, f"Sau khi nghe ý kiến của nhân dân và các đại biểu, {_chair_phrase(m)} kết luận như sau:", indent=True)

    section = iter(ROMAN)
    _heading(doc, f"{next(section)}. Ý KIẾN KẾT LUẬN CỦA NGƯỜI CHỦ TRÌ")
    conclusion = [line for line in m.conclusion.splitlines() if line.strip()]
    for line in conclusion:
        _para(doc, line, indent=True)
    if not conclusion:
        _para(doc, "Người chủ trì chưa ghi ý kiến kết luận tại hội nghị.", indent=True)

    if not facts.opinions:
        _heading(doc, f"{next(section)}. CÁC Ý KIẾN, KIẾN NGHỊ CỦA NHÂN DÂN")
        _para(doc, NO_OPINIONS, indent=True)
    for outcome, heading in NOTICE_SECTIONS.items():
        items = [o for o in facts.opinions if o.outcome == outcome]
        if items:
            _heading(doc, f"{next(section)}. {heading}")
            for n, o in enumerate(items, 1):
                _para(doc, f"{n}. {_raised(m, o)}", indent=True)
                _para(doc, _disposal(o), indent=True, italic=outcome is None)

    _para(
        doc,
        "Trên đây là thông báo kết luận tại hội nghị; đề nghị các cơ quan, đơn vị, cá nhân liên quan "
        "biết, thực hiện./.",
        indent=True,
    )
    _closing(doc, m, m.paperwork.recipients)
    return _save(doc, m, f"Thông báo kết luận {m.title}", issued_at)


def report_docx(facts: Facts, *, issued_at: float | None = None) -> bytes:
    """The results report to the Party standing committee and its mass-mobilisation board: time,
    place, chairs and attendance; speakers and opinions, by category and by outcome (tables and a
    bar chart), each opinion with its outcome; speaking time per turn and per xóm, overruns; the
    opinions still open. Dated ``issued_at``'s day, or the meeting's."""
    m = facts.meeting
    doc = _new_document(draft=False)
    _letterhead(doc, m, number=_number(m, m.paperwork.report_number, "BC"), day=_issue_day(m, issued_at))
    _title(doc, "BÁO CÁO", f"Kết quả tổ chức {_lower_first(m.title)}")
    _addressees(doc, m)
    _heading(doc, "I. THỜI GIAN, ĐỊA ĐIỂM, THÀNH PHẦN")
    _report_attendance(doc, facts)
    _heading(doc, "II. KẾT QUẢ TIẾP XÚC, ĐỐI THOẠI")
    _report_opinions(doc, facts)
    _report_speaking(doc, facts)
    _heading(doc, "III. CÁC Ý KIẾN CHƯA HOÀN THÀNH")
    _report_still_open(doc, facts)
    _closing(doc, m, ["Như trên", *m.paperwork.recipients])
    return _save(doc, m, f"Báo cáo kết quả {m.title}", issued_at)


# ---------------------------------------------------------------- letterhead, title, signature


def _letterhead(doc: DocxDocument, m: Meeting, *, number: str | None, day: date | None) -> None:
    """Two borderless rows: the issuing body | the national (or Party) title, then the number |
    the place-and-date line, so that the number and the date sit on one line."""
    party = _is_party(m)
    parent, body = _bodies(m)
    left = 80 if party else 60  # the national title needs the room in the state format
    table = _grid(doc, 2, [left, TEXT_WIDTH_MM - left], borders=False)
    bodies = [(parent, ""), (body, "b")] if parent else [(body, "b")]
    if party:
        _lines(table.cell(0, 0), [*bodies, ("*", "")], size=13)
        _lines(table.cell(0, 1), [("ĐẢNG CỘNG SẢN VIỆT NAM", "bu")], size=14)
    else:
        _lines(table.cell(0, 0), bodies, size=13)
        _lines(
            table.cell(0, 1),
            [("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "b"), ("Độc lập - Tự do - Hạnh phúc", "bu")],
            size=13,
        )
    _lines(table.cell(1, 0), [(number or "", "")], size=13)
    _lines(table.cell(1, 1), [(_date_line(m, day), "i")], size=14)
    table.cell(1, 1).paragraphs[0].paragraph_format.space_before = Pt(6)


def _title(doc: DocxDocument, kind: str, subject: str) -> None:
    _para(doc, kind, bold=True, center=True, space_before=18, space_after=0)
    _para(doc, subject, bold=True, center=True, space_after=12)


def _addressees(doc: DocxDocument, m: Meeting) -> None:
    """ "Kính gửi:" the standing committee and the mass-mobilisation board of the Party committee
    above the commune (named after the second administrative unit, when its level is known)."""
    above = m.units[1] if len(m.units) > 1 else {}
    committee = COMMITTEES.get(above.get("level", "").casefold())
    name = f"{committee} {above.get('name', '')}".strip() if committee else "cấp ủy cấp trên"
    _para(doc, "Kính gửi:", center=True, space_after=0)
    _para(doc, f"- Ban Thường vụ {name};", center=True, space_after=0)
    _para(doc, f"- Ban Dân vận {name}.", center=True, space_after=12)


def _closing(doc: DocxDocument, m: Meeting, recipients: list[str]) -> None:
    """ "Nơi nhận:" bottom left (12 and 11 pt), the signer's block on the right."""
    party = _is_party(m)
    left, right = _signature_table(doc)
    label = ("Nơi nhận:", "u" if party else "bi")
    keep = "- Lưu Văn phòng Đảng ủy." if party else "- Lưu: VT."
    lines = [f"- {r.lstrip('-– ').rstrip(';.,')};" for r in recipients if r.strip()]
    if not any("Lưu" in r for r in recipients):
        lines.append(keep)
    else:
        lines[-1] = lines[-1].rstrip(";") + "."
    _lines(left, [label], size=12, align=WD_ALIGN_PARAGRAPH.LEFT)
    _lines(left, [(line, "") for line in lines], size=11, align=WD_ALIGN_PARAGRAPH.LEFT)
    title, name = _signer(m)
    _signature(right, ["T/M BAN CHẤP HÀNH" if party else "TM. ỦY BAN NHÂN DÂN", title], name)


def _signature_table(doc: DocxDocument) -> tuple[_Cell, _Cell]:
    _para(doc, "", space_after=0)
    table = _grid(doc, 1, [TEXT_WIDTH_MM / 2, TEXT_WIDTH_MM / 2], borders=False)
    return table.cell(0, 0), table.cell(0, 1)


def _signature(cell: _Cell, headings: list[str], name: str, *, note: str = "") -> None:
    """Bold headings, room for the signature and the stamp, the signer's name."""
    lines = [(h, "b") for h in headings if h]
    if note:
        lines.append((note, "i"))
    _lines(cell, [*lines, *[("", "")] * 4, (name, "b")], size=14)


# ---------------------------------------------------------------- the notice's items


def _raised(m: Meeting, o: Opinion) -> str:
    """ "Công dân Nguyễn Văn An, Xóm Đông kiến nghị: <summary>." """
    verb = KIND_VERBS.get(o.kind, "góp ý")
    return f"{_who(m, o)} {verb}: {_sentence(o.summary)}"


def _disposal(o: Opinion) -> str:
    """What became of the opinion, in one sentence."""
    if o.outcome == "answered":
        return f"{o.answered_by} trả lời: {_sentence(o.answer)}" if o.answered_by else f"Trả lời: {_sentence(o.answer)}"
    if o.outcome == "assigned":
        return f"Giao {o.unit} kiểm tra, giải quyết, trả lời công dân trước ngày {_ddmmyyyy(o.deadline)}."
    if o.outcome == "forwarded":
        return f"Chuyển {o.forwarded_to} xem xét, giải quyết theo thẩm quyền."
    if o.outcome == "declined":
        ref = f"văn bản số {o.prior_ref}" if o.prior_ref[:1].isdigit() else o.prior_ref
        return (
            f"Nội dung đã được giải quyết tại {ref} ngày {_ddmmyyyy(o.prior_date)} của {o.prior_body}; "
            "hội nghị không xem xét lại."
        )
    if o.outcome == "noted":
        return "Hội nghị ghi nhận ý kiến."
    return "Chưa có hướng xử lý."


def _who(m: Meeting, o: Opinion) -> str:
    if o.kind == "to_cao":
        return HIDDEN_DENOUNCER
    name, xom = citizen_of(m, o)
    return f"Công dân {name}, {xom}" if xom else f"Công dân {name}"


# ---------------------------------------------------------------- the report's sections


def _report_attendance(doc: DocxDocument, facts: Facts) -> None:
    m = facts.meeting
    start, end = local(facts.started_at), local(facts.ended_at)
    if start:
        span = f"từ {_clock(start)}" + (f" đến {_clock(end)}" if end else "")
        when = f"{span}, {_date_words(start.date())}"
    else:
        planned = datetime.fromisoformat(m.starts_at) if m.starts_at else None
        when = f"{_clock(planned)}, {_date_words(planned.date())} (theo kế hoạch)" if planned else "chưa xác định"
    _para(doc, f"1. Thời gian: {when}.", indent=True)
    _para(doc, f"2. Địa điểm: {m.place or 'chưa ghi'}.", indent=True)
    _para(doc, f"3. Chủ trì: {_people(m.chairs)}.", indent=True)
    _para(doc, f"Thư ký: {_people(m.secretaries)}.", indent=True)
    _para(doc, "4. Thành phần dự:", indent=True)
    if not facts.delegates_present:
        _para(doc, "- Đại biểu: không có đại biểu nào được ghi nhận.", indent=True)
    for group, delegates in facts.delegates_present.items():
        names = "; ".join(f"đồng chí {d.name} – {d.title}" if d.title else f"đồng chí {d.name}" for d in delegates)
        _para(doc, f"- {group or 'Đại biểu'} ({len(delegates)}): {names}.", indent=True)
    if facts.present is None:
        allocation = ", ".join(f"{a['xom']}: {a['count']}" for a in m.allocation)
        _para(
            doc,
            f"- Công dân được mời: {facts.invited} người" + (f" ({allocation})." if allocation else "."),
            indent=True,
        )
        return
    _para(
        doc, f"- Công dân: {facts.present}/{facts.invited} người được mời có mặt (điểm danh tại hội nghị).", indent=True
    )
    rows = [[a.xom, str(a.invited or a.allocated or 0), str(a.present)] for a in facts.attendance]
    rows.append(["Tổng cộng", str(facts.invited), str(facts.present)])
    _table(doc, ["Xóm", "Được mời", "Có mặt"], rows, [85, 40, 40], total=True)


def _report_opinions(doc: DocxDocument, facts: Facts) -> None:
    citizen_turns = facts.citizen_turns
    answers = len(facts.turns) - len(citizen_turns)
    if citizen_turns:
        spoke = f"Có {facts.speakers} công dân phát biểu ({len(citizen_turns)} lượt)"
    else:
        spoke = "Không có công dân nào phát biểu"
    _para(doc, f"1. {spoke}; {answers} lượt đại biểu trả lời.", indent=True)
    if not facts.opinions:
        _para(doc, f"2. {NO_OPINIONS}", indent=True)
        return
    _para(doc, f"2. Tổng số ý kiến, kiến nghị: {len(facts.opinions)}.", indent=True)
    categories = _by_category(facts)
    shown = [*OUTCOMES, None] if facts.by_outcome.get(None) else OUTCOMES  # every outcome, even at 0
    outcomes = [(OUTCOME_NAMES[k], facts.by_outcome.get(k, 0)) for k in shown]
    _para(doc, "a) Theo lĩnh vực:", indent=True, keep_next=True)
    rows = [[str(i), name, str(n)] for i, (name, n) in enumerate(categories, 1)]
    _table(
        doc,
        ["STT", "Lĩnh vực", "Số ý kiến"],
        [*rows, ["", "Tổng cộng", str(len(facts.opinions))]],
        [15, 115, 35],
        total=True,
    )
    _para(doc, "b) Theo kết quả xử lý:", indent=True, keep_next=True)
    rows = [[str(i), name, str(n)] for i, (name, n) in enumerate(outcomes, 1)]
    _table(
        doc,
        ["STT", "Kết quả", "Số ý kiến"],
        [*rows, ["", "Tổng cộng", str(len(facts.opinions))]],
        [15, 115, 35],
        total=True,
    )
    doc.add_picture(BytesIO(_chart_png(categories, outcomes)), width=Mm(150))
    doc.paragraphs[-1].alignment = WD_ALIGN_PARAGRAPH.CENTER
    _para(doc, "Biểu đồ: ý kiến, kiến nghị theo lĩnh vực và theo kết quả xử lý.", italic=True, center=True, size=12)
    _para(doc, "c) Các ý kiến, kiến nghị và kết quả xử lý:", indent=True, keep_next=True)
    rows = [
        [str(i), _raised(facts.meeting, o), o.category or UNCATEGORISED, _disposal(o)]
        for i, o in enumerate(facts.opinions, 1)
    ]
    _table(doc, ["STT", "Ý kiến, kiến nghị", "Lĩnh vực", "Kết quả xử lý"], rows, [12, 68, 35, 50])


def _report_speaking(doc: DocxDocument, facts: Facts) -> None:
    _para(doc, "3. Thời gian phát biểu (phút:giây):", indent=True, keep_next=True)
    if not facts.turns:
        _para(doc, "Không có lượt phát biểu nào.", indent=True)
    else:
        rows = [
            [
                str(i),
                t.speaker.name + (" (trả lời)" if t.speaker.official else ""),
                t.speaker.topic if t.speaker.official else t.speaker.xom,
                _mmss(t.speaker.requested_seconds),
                _mmss(t.spoken_seconds),
                _mmss(t.overrun_seconds) if t.overrun_seconds else "",
            ]
            for i, t in enumerate(facts.turns, 1)
        ]
        _table(
            doc,
            ["STT", "Người phát biểu", "Xóm / chức vụ", "Đăng ký", "Thực tế", "Vượt"],
            rows,
            [12, 52, 40, 20, 21, 20],
        )
        rows = [[a.xom, str(a.speakers), _mmss(a.spoken_seconds)] for a in facts.attendance if a.speakers]
        if "" in facts.speaking_seconds_per_xom:
            anonymous = {t.speaker.name for t in facts.citizen_turns if not t.speaker.xom}
            rows.append(["(không ghi xóm)", str(len(anonymous)), _mmss(facts.speaking_seconds_per_xom[""])])
        if rows:
            _para(doc, "Theo xóm:", indent=True, keep_next=True)
            _table(doc, ["Xóm", "Số người phát biểu", "Tổng thời gian"], rows, [85, 40, 40])
    _para(doc, "4. Phát biểu vượt thời gian đăng ký:", indent=True, keep_next=True)
    if not facts.overruns:
        _para(doc, "Không có lượt phát biểu nào vượt thời gian đăng ký.", indent=True)
    for t in facts.overruns:
        where = f", {t.speaker.xom}" if t.speaker.xom else ""
        _para(
            doc,
            f"- {t.speaker.name}{where}: đăng ký {_duration(t.speaker.requested_seconds)}, phát biểu "
            f"{_duration(t.spoken_seconds)}, vượt {_duration(t.overrun_seconds)}.",
            indent=True,
        )


def _report_still_open(doc: DocxDocument, facts: Facts) -> None:
    if not facts.still_open:
        _para(doc, "Không còn ý kiến nào chưa hoàn thành.", indent=True)
        return
    rows = []
    for i, o in enumerate(facts.still_open, 1):
        where = o.unit if o.outcome == "assigned" else o.forwarded_to if o.outcome == "forwarded" else ""
        if o.reply_date:
            status = f"Đã trả lời ngày {_ddmmyyyy(o.reply_date)}, chưa kết thúc"
        else:
            status = {"assigned": "Đang giải quyết", "forwarded": "Chờ trả lời"}.get(
                o.outcome or "", OUTCOME_NAMES[None]
            )
        rows.append([str(i), f"{o.summary}\n{_who(facts.meeting, o)}", where, _ddmmyyyy(o.deadline), status])
    _table(doc, ["STT", "Ý kiến, kiến nghị", "Đơn vị giải quyết", "Thời hạn", "Tình trạng"], rows, [12, 62, 36, 27, 28])


def _by_category(facts: Facts) -> list[tuple[str, int]]:
    """Categories with opinions, in the meeting's order of categories, then any other."""
    order = [c for c in facts.meeting.settings.categories if facts.by_category.get(c)]
    order += [c for c in facts.by_category if c not in order]
    return [(c or UNCATEGORISED, facts.by_category[c]) for c in order]


def _chart_png(categories: list[tuple[str, int]], outcomes: list[tuple[str, int]]) -> bytes:
    """Two horizontal bar charts (by category, by outcome) as a PNG. Matplotlib is imported here,
    with the Agg canvas and no pyplot (no global state), so only the report pays for it."""
    import matplotlib
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    from matplotlib.ticker import MaxNLocator

    panels = [("Theo lĩnh vực", categories), ("Theo kết quả xử lý", outcomes)]
    heights = [max(2, len(rows)) for _, rows in panels]
    with matplotlib.rc_context({"font.family": "DejaVu Sans", "font.size": 9}):
        fig = Figure(figsize=(6.3, 0.45 * sum(heights) + 1.4), dpi=150)
        FigureCanvasAgg(fig)
        axes = fig.subplots(2, 1, gridspec_kw={"height_ratios": heights})
        for ax, (title, rows) in zip(axes, panels, strict=True):
            labels = [textwrap.fill(name, 30).replace("$", r"\$") for name, _ in rows]  # "$": no mathtext
            bars = ax.barh(labels, [n for _, n in rows], color="#2f5597")
            ax.invert_yaxis()  # the first row on top, as in the table
            ax.bar_label(bars, padding=3)
            ax.set_title(title, loc="left", fontweight="bold")
            ax.xaxis.set_major_locator(MaxNLocator(integer=True))
            ax.set_xlim(0, max([n for _, n in rows] + [1]) * 1.15)
            ax.spines[["top", "right"]].set_visible(False)
        fig.tight_layout()
        out = BytesIO()
        fig.savefig(out, format="png", metadata={"Software": None})
    return out.getvalue()


# ---------------------------------------------------------------- the meeting's words


def _is_party(m: Meeting) -> bool:
    return m.paperwork.profile == "party"


def _bodies(m: Meeting) -> tuple[str, str]:
    """The body above the issuer and the issuer, upper case, with the meeting's fallbacks."""
    pw, party = m.paperwork, _is_party(m)

    def of(unit: dict[str, str], prefix: str) -> str:
        return f"{prefix} {unit.get('level', '')} {unit.get('name', '')}".upper().strip() if unit else ""

    parent = pw.parent_body or of(m.units[1] if len(m.units) > 1 else {}, "ĐẢNG BỘ" if party else "UBND")
    body = pw.body or m.organiser or of(m.units[0] if m.units else {}, "ĐẢNG ỦY" if party else "UBND")
    return parent.upper(), body.upper()


def _number(m: Meeting, number: str, kind: str) -> str:
    """ "Số: 25/TB-UBND" (state) or "Số 25-TB/ĐU" (Party); blank to fill in when not given."""
    if number.strip().casefold().startswith("số"):
        return number
    if _is_party(m):
        return f"Số {number}" if number else f"Số        -{kind}/ĐU"
    return f"Số: {number}" if number else f"Số:        /{kind}-UBND"


def _date_line(m: Meeting, day: date | None) -> str:
    place = m.paperwork.place_name or (m.units[0].get("name", "") if m.units else "")
    words = _date_words(day) if day else "ngày      tháng      năm"
    return f"{place}, {words}" if place else words[:1].upper() + words[1:]


def _signer(m: Meeting) -> tuple[str, str]:
    """The signer's title (upper case) and name: the paperwork's, or the first chair's."""
    pw = m.paperwork
    if pw.signer_name or pw.signer_title:
        return pw.signer_title.upper(), pw.signer_name
    chair = m.chairs[0] if m.chairs else {}
    return chair.get("title", "").upper(), chair.get("name", "")


def _chair_phrase(m: Meeting) -> str:
    chair = m.chairs[0] if m.chairs else {}
    who = chair.get("title") or chair.get("name")
    return f"đồng chí {who}" if who else "người chủ trì"


def _held_sentence(m: Meeting) -> str:
    """ "Ngày 25 tháng 5 năm 2023, tại <place>, <organiser> tổ chức <title>. Chủ trì hội nghị: …" """
    day = _meeting_day(m)
    parts = [_date_words(day) if day else "", f"tại {m.place}" if m.place else ""]
    parts.append(f"{m.organiser or 'cấp ủy, chính quyền xã'} tổ chức {_lower_first(m.title)}")
    sentence = _sentence(", ".join(p for p in parts if p))
    chairs = f" Chủ trì hội nghị: {_people(m.chairs)}." if m.chairs else ""
    return sentence[:1].upper() + sentence[1:] + chairs


def _people(people: Iterable[dict[str, str]]) -> str:
    named = [
        f"đồng chí {p.get('name', '')} – {p['title']}" if p.get("title") else f"đồng chí {p.get('name', '')}"
        for p in people
    ]
    return "; ".join(named) or "chưa ghi"


def _meeting_day(m: Meeting) -> date | None:
    if m.starts_at:
        return date.fromisoformat(m.meeting_date())
    start = local(m.started_at)
    return start.date() if start else None


def _issue_day(m: Meeting, issued_at: float | None) -> date | None:
    issued = local(issued_at)
    return issued.date() if issued else _meeting_day(m)


def _lower_first(title: str) -> str:
    """ "Hội nghị tiếp xúc…" → "hội nghị tiếp xúc…" (not "UBND …", an abbreviation)."""
    return title[:1].lower() + title[1:] if title[1:2].islower() else title


def _sentence(text: str) -> str:
    text = text.strip()
    return text if not text or text[-1] in ".!?…" else text + "."


# ---------------------------------------------------------------- dates, times, durations


_date_words = vn.date_words
_clock = vn.clock_words
_ddmmyyyy = vn.ddmmyyyy


def _mmss(seconds: float) -> str:
    minutes, secs = divmod(round(seconds), 60)
    return f"{minutes:02d}:{secs:02d}"


_duration = vn.duration_words


# ---------------------------------------------------------------- python-docx plumbing

_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _text(value: str) -> str:
    """User text as a run takes it: NFC, without the control characters XML cannot hold."""
    return _NOT_XML.sub("", unicodedata.normalize("NFC", str(value)))


def _new_document(*, draft: bool) -> DocxDocument:
    """An A4 portrait document in Times New Roman 14 pt with Decree 30's margins, its page
    number at the top from page 2, and "DỰ THẢO" in the header of a draft."""
    doc = Document()
    section = doc.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(20), Mm(20)
    section.left_margin, section.right_margin = Mm(30), Mm(15)
    section.header_distance = section.footer_distance = Mm(10)
    normal = doc.styles["Normal"]
    normal.font.name, normal.font.size = FONT, Pt(14)
    normal.paragraph_format.space_after = Pt(6)
    normal.paragraph_format.line_spacing = 1.0
    styles = doc.styles.element
    for fonts in styles.iter(qn("w:rFonts")):  # every style, the defaults included, in one font
        for attr in ("asciiTheme", "hAnsiTheme", "eastAsiaTheme", "cstheme"):
            fonts.attrib.pop(qn(f"w:{attr}"), None)
        for attr in ("ascii", "hAnsi", "eastAsia", "cs"):
            fonts.set(qn(f"w:{attr}"), FONT)
    for lang in styles.iter(qn("w:lang")):
        lang.set(qn("w:val"), "vi-VN")

    section.different_first_page_header_footer = True
    number = section.header.paragraphs[0]
    number.alignment = WD_ALIGN_PARAGRAPH.CENTER
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), "PAGE")
    number._p.append(field)
    if draft:
        for header in (section.first_page_header, section.header):
            mark = header.paragraphs[0] if header is section.first_page_header else header.add_paragraph()
            mark.alignment = WD_ALIGN_PARAGRAPH.RIGHT
            mark.add_run("DỰ THẢO").bold = True
    return doc


def _para(
    container: DocxDocument | BlockItemContainer,
    text: str,
    *,
    bold: bool = False,
    italic: bool = False,
    center: bool = False,
    indent: bool = False,
    size: float | None = None,
    space_before: float | None = None,
    space_after: float | None = None,
    keep_next: bool = False,
) -> Paragraph:
    """A paragraph of ``text`` (justified, first line indented 1 cm if ``indent``)."""
    p = container.add_paragraph()
    fmt = p.paragraph_format
    if center:
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    elif indent:
        p.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
        fmt.first_line_indent = Mm(10)
    if space_before is not None:
        fmt.space_before = Pt(space_before)
    if space_after is not None:
        fmt.space_after = Pt(space_after)
    fmt.keep_with_next = keep_next or None
    if text:
        run = p.add_run(_text(text))
        run.bold, run.italic = bold or None, italic or None
        if size:
            run.font.size = Pt(size)
    return p


def _heading(doc: DocxDocument, text: str) -> None:
    _para(doc, text, bold=True, space_before=6, keep_next=True)


def _lines(
    cell: _Cell,
    lines: list[tuple[str, str]],
    *,
    size: float,
    align: WD_ALIGN_PARAGRAPH | None = WD_ALIGN_PARAGRAPH.CENTER,
) -> None:
    """Lines of a letterhead or signature cell, each ``(text, style)``: "b" bold, "i" italic,
    "u" underlined. The cell's first (empty) paragraph takes the first line."""
    for text, style in lines:
        p = cell.paragraphs[0] if not cell.paragraphs[0].text and not cell.paragraphs[0].runs else cell.add_paragraph()
        p.alignment = align
        p.paragraph_format.space_after = Pt(0)
        run = p.add_run(_text(text))
        run.font.size = Pt(size)
        run.bold, run.italic, run.underline = ("b" in style) or None, ("i" in style) or None, ("u" in style) or None


def _grid(doc: DocxDocument, rows: int, widths_mm: list[float], *, borders: bool) -> Table:
    """A table of fixed column widths (long texts wrap inside them), gridded or borderless."""
    table: Table = doc.add_table(rows=rows, cols=len(widths_mm))  # (python-docx leaves it unannotated)
    if borders:
        table.style = doc.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    for column, width in zip(table.columns, widths_mm, strict=True):
        column.width = Mm(width)
        for cell in column.cells:
            cell.width = Mm(width)
    return table


def _table(
    doc: DocxDocument, header: list[str], rows: list[list[str]], widths_mm: list[float], *, total: bool = False
) -> None:
    """A gridded table, 12 pt, its header row bold and repeated on each page (a total row bold)."""
    table = _grid(doc, 1 + len(rows), widths_mm, borders=True)
    for r, values in enumerate([header, *rows]):
        bold = r == 0 or (total and r == len(rows))
        for cell, value in zip(table.rows[r].cells, values, strict=True):
            centered = bold or re.fullmatch(r"[\d:/]*", value)  # headers, totals, numbers, times, dates
            _lines(cell, [(value, "b" if bold else "")], size=12, align=WD_ALIGN_PARAGRAPH.CENTER if centered else None)
    flag = OxmlElement("w:tblHeader")
    table.rows[0]._tr.get_or_add_trPr().append(flag)
    _para(doc, "", space_after=0)


def _save(doc: DocxDocument, m: Meeting, title: str, when: float | None) -> bytes:
    """The .docx bytes: the same document gives the same bytes (fixed times in the zip)."""
    props = doc.core_properties
    props.title, props.author, props.last_modified_by = _text(title[:250]), _text(_bodies(m)[1]), ""
    stamp = when or m.ended_at or m.started_at
    if stamp is not None:
        props.created = props.modified = datetime.fromtimestamp(stamp, UTC)
    raw = BytesIO()
    doc.save(raw)
    out = BytesIO()
    with ZipFile(BytesIO(raw.getvalue())) as src, ZipFile(out, "w", ZIP_DEFLATED) as dst:
        for item in src.infolist():
            dst.writestr(ZipInfo(item.filename, date_time=(1980, 1, 1, 0, 0, 0)), src.read(item), ZIP_DEFLATED)
    return out.getvalue()
