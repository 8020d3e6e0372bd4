"""The results report (báo cáo kết quả) to the Party standing committee above the commune and its
mass-mobilisation board: time, place, chairs and attendance; each stage's planned against actual
time; speakers and opinions by category and by outcome (tables and a bar chart), each opinion with
its outcome; speaking time per turn and per xóm, overruns; the opinions still open."""

from __future__ import annotations

import textwrap
from datetime import datetime
from io import BytesIO

from docx.document import Document as DocxDocument
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Mm

from ..domain.model import OUTCOMES, Meeting
from . import vn
from .docx_kit import heading, new_document, para, save, table
from .facts import Facts, local
from .letterhead import bodies, closing, issue_day, letterhead, lower_first, people, title
from .notice import NO_OPINIONS, disposal, raised, who_raised

OUTCOME_NAMES = vn.OUTCOME  # one vocabulary for every document (server/reports/vn.py)
UNCATEGORISED = "Chưa phân loại"
# The Party committee of an administrative level, for the report's addressees.
COMMITTEES = {"tỉnh": "Tỉnh ủy", "thành phố": "Thành ủy", "thị xã": "Thị ủy", "huyện": "Huyện ủy", "quận": "Quận ủy"}


def report_docx(facts: Facts, *, issued_at: float | None = None) -> bytes:
    """The results report. Dated ``issued_at``'s day, or the meeting's."""
    m = facts.meeting
    doc = new_document()
    letterhead(doc, m, kind="report", given_number=m.paperwork.report_number, day=issue_day(m, issued_at))
    title(doc, m, "BÁO CÁO", f"Kết quả tổ chức {lower_first(m.title)}")
    _addressees(doc, m)
    heading(doc, "I. THỜI GIAN, ĐỊA ĐIỂM, THÀNH PHẦN")
    _attendance(doc, facts)
    heading(doc, "II. KẾT QUẢ TIẾP XÚC, ĐỐI THOẠI")
    _stages(doc, facts)
    _opinions(doc, facts)
    _speaking(doc, facts)
    heading(doc, "III. CÁC Ý KIẾN CHƯA HOÀN THÀNH")
    _still_open(doc, facts)
    closing(doc, m, ["Như trên", *m.paperwork.recipients])
    return save(doc, f"Báo cáo kết quả {m.title}", bodies(m)[1], issued_at or m.ended_at or m.started_at)


def _addressees(doc: DocxDocument, m: Meeting) -> None:
    """ "Kính gửi:" the standing committee and the mass-mobilisation board of the Party committee
    above the commune (named after the second administrative unit, when its level is known)."""
    above = m.units[1] if len(m.units) > 1 else {}
    committee = COMMITTEES.get(above.get("level", "").casefold())
    name = f"{committee} {above.get('name', '')}".strip() if committee else "cấp ủy cấp trên"
    para(doc, "Kính gửi:", center=True, space_after=0)
    para(doc, f"- Ban Thường vụ {name};", center=True, space_after=0)
    para(doc, f"- Ban Dân vận {name}.", center=True, space_after=12)


def _attendance(doc: DocxDocument, facts: Facts) -> None:
    m = facts.meeting
    start, end = local(facts.started_at), local(facts.ended_at)
    if start:
        span = f"từ {vn.clock_words(start)}" + (f" đến {vn.clock_words(end)}" if end else "")
        when = f"{span}, {vn.date_words(start.date())}"
    else:
        planned = datetime.fromisoformat(m.starts_at) if m.starts_at else None
        when = "chưa xác định"
        if planned:
            when = f"{vn.clock_words(planned)}, {vn.date_words(planned.date())} (theo kế hoạch)"
    para(doc, f"1. Thời gian: {when}.", indent=True)
    para(doc, f"2. Địa điểm: {m.place or 'chưa ghi'}.", indent=True)
    para(doc, f"3. Chủ trì: {people(m.chairs)}.", indent=True)
    para(doc, f"Thư ký: {people(m.secretaries)}.", indent=True)
    para(doc, "4. Thành phần dự:", indent=True)
    if not facts.delegates_present:
        para(doc, "- Đại biểu: không có đại biểu nào được ghi nhận.", indent=True)
    for group, delegates in facts.delegates_present.items():
        names = "; ".join(f"đồng chí {d.name} – {d.title}" if d.title else f"đồng chí {d.name}" for d in delegates)
        para(doc, f"- {group or 'Đại biểu'} ({len(delegates)}): {names}.", indent=True)
    if facts.present is None:
        allocation = ", ".join(f"{a['xom']}: {a['count']}" for a in m.allocation)
        para(
            doc,
            f"- Công dân được mời: {facts.invited} người" + (f" ({allocation})." if allocation else "."),
            indent=True,
        )
        return
    came = f"{facts.present}/{facts.invited} người được mời có mặt"
    para(doc, f"- Công dân: {came} (điểm danh tại hội nghị).", indent=True)
    # A xóm nobody invited (a walk-in from elsewhere) shows "—" invited, never "0" against its present.
    rows = [[a.xom, str(a.invited or a.allocated or "—"), str(a.present)] for a in facts.attendance]
    rows.append(["Tổng cộng", str(facts.invited), str(facts.present)])
    table(doc, ["Xóm", "Được mời", "Có mặt"], rows, [85, 40, 40], total=True)


def _stages(doc: DocxDocument, facts: Facts) -> None:
    """Each stage of the agenda, its planned minutes against the time it actually ran."""
    para(doc, "1. Thời gian các bước của hội nghị (phút:giây):", indent=True, keep_next=True)
    rows = []
    planned_total = actual_total = 0.0
    for i, sf in enumerate(facts.stages, 1):
        planned = sf.stage.planned_minutes * 60
        ran = bool(sf.stage.runs)
        difference = sf.elapsed_seconds - planned
        sign = "+" if difference > 0 else "−" if difference < 0 else ""
        rows.append(
            [
                str(i),
                sf.stage.title,
                _mmss(planned),
                _mmss(sf.elapsed_seconds) if ran else "",
                f"{sign}{_mmss(abs(difference))}" if ran else "",
            ]
        )
        planned_total += planned
        actual_total += sf.elapsed_seconds
    if not rows:
        para(doc, "Chương trình hội nghị không có bước nào.", indent=True)
        return
    difference = actual_total - planned_total
    sign = "+" if difference > 0 else "−" if difference < 0 else ""
    rows.append(["", "Tổng cộng", _mmss(planned_total), _mmss(actual_total), f"{sign}{_mmss(abs(difference))}"])
    table(doc, ["STT", "Bước", "Kế hoạch", "Thực tế", "Chênh lệch"], rows, [12, 77, 25, 25, 26], total=True)


def _opinions(doc: DocxDocument, facts: Facts) -> None:
    citizen_turns = facts.citizen_turns
    answers = len(facts.turns) - len(citizen_turns)
    if citizen_turns:
        spoke = f"Có {facts.speakers} công dân phát biểu ({len(citizen_turns)} lượt)"
    else:
        spoke = "Không có công dân nào phát biểu"
    para(doc, f"2. {spoke}; {answers} lượt đại biểu trả lời.", indent=True)
    if not facts.opinions:
        para(doc, f"3. {NO_OPINIONS}", indent=True)
        return
    para(doc, f"3. Tổng số ý kiến, kiến nghị: {len(facts.opinions)}.", indent=True)
    categories = _by_category(facts)
    shown = [*OUTCOMES, None] if facts.by_outcome.get(None) else OUTCOMES  # every outcome, even at 0
    outcomes = [(OUTCOME_NAMES[k], facts.by_outcome.get(k, 0)) for k in shown]
    total = ["", "Tổng cộng", str(len(facts.opinions))]
    para(doc, "a) Theo lĩnh vực:", indent=True, keep_next=True)
    rows = [[str(i), name, str(n)] for i, (name, n) in enumerate(categories, 1)]
    table(doc, ["STT", "Lĩnh vực", "Số ý kiến"], [*rows, total], [15, 115, 35], total=True)
    para(doc, "b) Theo kết quả xử lý:", indent=True, keep_next=True)
    rows = [[str(i), name, str(n)] for i, (name, n) in enumerate(outcomes, 1)]
    table(doc, ["STT", "Kết quả", "Số ý kiến"], [*rows, total], [15, 115, 35], total=True)
    doc.add_picture(BytesIO(_chart_png(categories, outcomes)), width=Mm(150))
    doc.paragraphs[-1].alignment = WD_ALIGN_PARAGRAPH.CENTER
    doc.paragraphs[-1].paragraph_format.keep_with_next = True
    para(doc, "Biểu đồ: ý kiến, kiến nghị theo lĩnh vực và theo kết quả xử lý.", italic=True, center=True, size=13)
    para(doc, "c) Các ý kiến, kiến nghị và kết quả xử lý:", indent=True, keep_next=True)
    rows = [
        [str(i), raised(facts.meeting, o), o.category or UNCATEGORISED, disposal(o)]
        for i, o in enumerate(facts.opinions, 1)
    ]
    table(doc, ["STT", "Ý kiến, kiến nghị", "Lĩnh vực", "Kết quả xử lý"], rows, [12, 68, 35, 50])


def _speaking(doc: DocxDocument, facts: Facts) -> None:
    para(doc, "4. Thời gian phát biểu (phút:giây):", indent=True, keep_next=True)
    if not facts.turns:
        para(doc, "Không có lượt phát biểu nào.", indent=True)
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
        widths = [12, 52, 40, 20, 21, 20]
        table(doc, ["STT", "Người phát biểu", "Xóm / chức vụ", "Đăng ký", "Thực tế", "Vượt"], rows, widths)
        rows = [[a.xom, str(a.speakers), _mmss(a.spoken_seconds)] for a in facts.attendance if a.speakers]
        if "" in facts.speaking_seconds_per_xom:
            anonymous = {t.speaker.name for t in facts.citizen_turns if not t.speaker.xom}
            rows.append(["(không ghi xóm)", str(len(anonymous)), _mmss(facts.speaking_seconds_per_xom[""])])
        if rows:
            para(doc, "Theo xóm:", indent=True, keep_next=True)
            table(doc, ["Xóm", "Số người phát biểu", "Tổng thời gian"], rows, [85, 40, 40])
    para(doc, "5. Phát biểu vượt thời gian đăng ký:", indent=True, keep_next=True)
    if not facts.overruns:
        para(doc, "Không có lượt phát biểu nào vượt thời gian đăng ký.", indent=True)
    for t in facts.overruns:
        where = f", {t.speaker.xom}" if t.speaker.xom else ""
        para(
            doc,
            f"- {t.speaker.name}{where}: đăng ký {vn.duration_words(t.speaker.requested_seconds)}, phát biểu "
            f"{vn.duration_words(t.spoken_seconds)}, vượt {vn.duration_words(t.overrun_seconds)}.",
            indent=True,
        )


def _still_open(doc: DocxDocument, facts: Facts) -> None:
    if not facts.still_open:
        para(doc, "Không còn ý kiến nào chưa hoàn thành.", indent=True)
        return
    rows = []
    for i, o in enumerate(facts.still_open, 1):
        where = o.unit if o.outcome == "assigned" else o.forwarded_to if o.outcome == "forwarded" else ""
        if o.reply_date:
            status = f"Đã trả lời ngày {vn.ddmmyyyy(o.reply_date)}, chưa kết thúc"
        else:
            status = {"assigned": "Đang giải quyết", "forwarded": "Chờ trả lời"}.get(
                o.outcome or "", OUTCOME_NAMES[None]
            )
        rows.append([str(i), f"{o.summary}\n{who_raised(facts.meeting, o)}", where, vn.ddmmyyyy(o.deadline), status])
    header = ["STT", "Ý kiến, kiến nghị", "Đơn vị giải quyết", "Thời hạn", "Tình trạng"]
    table(doc, header, rows, [12, 62, 36, 27, 28])


def _by_category(facts: Facts) -> list[tuple[str, int]]:
    """Categories with opinions, in the meeting's order of categories, then any other."""
    order = [c for c in facts.meeting.settings.categories if facts.by_category.get(c)]
    order += [c for c in facts.by_category if c not in order]
    return [(c or UNCATEGORISED, facts.by_category[c]) for c in order]


def _mmss(seconds: float) -> str:
    minutes, secs = divmod(round(seconds), 60)
    return f"{minutes:02d}:{secs:02d}"


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
        for ax, (name, rows) in zip(axes, panels, strict=True):
            labels = [textwrap.fill(label, 30).replace("$", r"\$") for label, _ in rows]  # "$": no mathtext
            bars = ax.barh(labels, [n for _, n in rows], color="#2f5597")
            ax.invert_yaxis()  # the first row on top, as in the table
            ax.bar_label(bars, padding=3)
            ax.set_title(name, loc="left", fontweight="bold")
            ax.xaxis.set_major_locator(MaxNLocator(integer=True))
            ax.set_xlim(0, max([n for _, n in rows] + [1]) * 1.15)
            ax.spines[["top", "right"]].set_visible(False)
        fig.tight_layout()
        out = BytesIO()
        fig.savefig(out, format="png", metadata={"Software": None})
    return out.getvalue()
