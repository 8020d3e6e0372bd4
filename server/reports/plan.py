"""Before the meeting: the plan (Kế hoạch tổ chức hội nghị tiếp xúc, đối thoại trực tiếp …), laid
out as a commune's real plan is (the An Bộ plan of 2023): purposes and requirements; content,
participants (the delegates by group, the citizens invited with their allocation per xóm), form,
time and place, and the method in three steps whose second is the meeting's own agenda; the duties
of each unit, with the banner's text; "Nơi nhận" and the issuer's signature.

Everything particular to the meeting comes from its record (title, hamlet, chairs, delegates,
allocation, agenda, banner, place, date); the rest is the standard wording of such plans, which the
office edits in the .docx like any draft. The duties of section III are the meeting's preparation
duties (``server/domain/duties.py``), each with its unit, person and deadline.
"""

from __future__ import annotations

from datetime import date, datetime

from docx.document import Document as DocxDocument
from docx.text.paragraph import Paragraph

from ..domain.duties import deadline_of
from ..domain.model import Meeting
from ..domain.roster import DONE_DUTY
from . import vn
from .docx_kit import heading, new_document, page_break, para, save, table, text
from .letterhead import bodies, closing, is_party, issuer_name, letterhead, lower_first, people, title
from .notice import ROMAN

PURPOSES = [
    "{leaders} trực tiếp lắng nghe tâm tư, nguyện vọng và ý kiến của nhân dân thôn {hamlet}. Trên cơ sở đó, "
    "tiếp thu ý kiến phản ánh của nhân dân; đảm bảo quyền làm chủ và vai trò giám sát của nhân dân; kiểm tra "
    "tính đúng đắn của việc thực hiện các quy định đã ban hành; kịp thời phát hiện những vấn đề vướng mắc, "
    "phát sinh để chỉ đạo giải quyết, kiến nghị giải quyết hoặc nghiên cứu bổ sung, điều chỉnh chủ trương, "
    "chính sách chưa phù hợp.",
    "Tuyên truyền, phổ biến chủ trương của Đảng, chính sách, pháp luật của Nhà nước, chủ trương của cấp ủy và "
    "các quy định của chính quyền địa phương; góp phần củng cố, tăng cường sự thống nhất về tư tưởng chính "
    "trị, tạo sự đồng thuận trong xã hội.",
    "Tăng cường và đổi mới phương thức lãnh đạo của cấp ủy đảng, hoạt động quản lý điều hành của chính "
    "quyền; củng cố mối quan hệ giữa cấp ủy, chính quyền với nhân dân và phát huy vai trò giám sát, phản "
    "biện xã hội của Mặt trận Tổ quốc (MTTQ) và các tổ chức chính trị - xã hội.",
]
REQUIREMENTS = [
    "Bảo đảm sự lãnh đạo của cấp ủy, quản lý điều hành của chính quyền; phát huy vai trò của MTTQ và các "
    "tổ chức chính trị - xã hội.",
    "Tổ chức tiếp xúc, đối thoại phải đảm bảo dân chủ, bình đẳng, công khai, khách quan, minh bạch trên tinh "
    "thần xây dựng, với phương châm “dân biết, dân bàn, dân làm, dân kiểm tra, dân giám sát, dân thụ hưởng”.",
    "Những ý kiến, kiến nghị đã được cấp có thẩm quyền xem xét, giải quyết trên cơ sở các quy định của pháp "
    "luật nhưng người được tiếp xúc, đối thoại vẫn tiếp tục có ý kiến, kiến nghị làm ảnh hưởng đến cuộc tiếp "
    "xúc, đối thoại thì có quyền từ chối xem xét trả lời.",
]
CONTENT = [
    "Thông báo khái quát về tình hình kinh tế - xã hội; những vấn đề mà dư luận xã hội và nhân dân quan tâm.",
    "Thu thập ý kiến đóng góp của nhân dân về các chủ trương, chính sách của Đảng, Nhà nước và của cấp ủy, "
    "chính quyền địa phương có nội dung liên quan trực tiếp đến quyền và lợi ích của nhân dân.",
    "Nghe ý kiến nhân dân phản ánh về phương thức lãnh đạo, chỉ đạo của cấp ủy; hoạt động quản lý, điều hành "
    "của chính quyền; hoạt động của MTTQ và các tổ chức chính trị - xã hội; về đạo đức, lối sống, tinh thần "
    "trách nhiệm của cán bộ, đảng viên; những vấn đề bức xúc phát sinh tại địa phương.",
    "Trực tiếp trả lời, chỉ đạo, giải quyết những kiến nghị cụ thể của nhân dân hoặc kiến nghị với cấp trên, "
    "với cơ quan có thẩm quyền để giải quyết.",
]


def plan_docx(m: Meeting, *, issued: date | None) -> bytes:
    """The plan of ``m``, dated ``issued`` (blank to fill in by hand when None)."""
    doc = new_document()
    letterhead(doc, m, kind="plan", given_number="", day=issued)
    subject = f"Tổ chức {lower_first(m.title)}"
    title(doc, m, "KẾ HOẠCH", subject)
    issuer = issuer_name(m)
    para(
        doc,
        "Thực hiện Quy định số 11-QĐi/TW ngày 18/02/2019 của Bộ Chính trị về trách nhiệm của người đứng đầu "
        "cấp ủy trong việc tiếp dân, đối thoại trực tiếp với dân và xử lý những phản ánh, kiến nghị của dân "
        f"và các quy định của cấp trên; {issuer} xây dựng kế hoạch {lower_first(subject)} như sau:",
        indent=True,
    )
    section = iter(ROMAN)
    heading(doc, f"{next(section)}. MỤC ĐÍCH, YÊU CẦU")
    heading(doc, "1. Mục đích")
    leaders = " và ".join(c["title"] for c in m.chairs if c.get("title")) or "Người đứng đầu cấp ủy, chính quyền"
    hamlet = m.hamlet or "…"
    _bullets(doc, [PURPOSES[0].format(leaders=leaders, hamlet=hamlet), *PURPOSES[1:]])
    heading(doc, "2. Yêu cầu")
    _bullets(doc, REQUIREMENTS)

    heading(doc, f"{next(section)}. NỘI DUNG, THÀNH PHẦN, HÌNH THỨC, THỜI GIAN, PHƯƠNG PHÁP TỔ CHỨC")
    heading(doc, "1. Nội dung tiếp xúc, đối thoại")
    _bullets(doc, CONTENT)
    heading(doc, "2. Thành phần hội nghị")
    _participants(doc, m)
    heading(doc, "3. Hình thức tiếp xúc, đối thoại")
    para(doc, f"Tiếp xúc, đối thoại trực tiếp với nhân dân thôn {hamlet}.", indent=True)
    heading(doc, "4. Thời gian, địa điểm")
    para(doc, f"4.1. Thời gian: {when(m)}.", indent=True)
    para(doc, f"4.2. Địa điểm: {m.place or '…'}.", indent=True)
    heading(doc, "5. Phương pháp, cách thức tổ chức tiếp xúc, đối thoại")
    _method(doc, m, issuer)

    heading(doc, f"{next(section)}. TỔ CHỨC THỰC HIỆN")
    _duties(doc, m)
    para(
        doc,
        f"Trên đây là kế hoạch {lower_first(subject)}; {issuer} yêu cầu các đơn vị có liên quan triển khai "
        "thực hiện./.",
        indent=True,
    )
    if is_party(m):
        wanted = ["Ban Thường vụ Đảng ủy", "Ban Dân vận Đảng ủy", "HĐND, UBND, UBMTTQ xã"]
    else:
        wanted = ["Thường trực Đảng ủy, HĐND xã", "Chủ tịch, các Phó Chủ tịch UBND xã", "Ủy ban MTTQ Việt Nam xã"]
    wanted.append(f"Chi bộ, Ban công tác Mặt trận thôn {hamlet}")
    closing(doc, m, wanted)
    if m.duties:
        _duty_table(doc, m)
    return save(doc, f"Kế hoạch {m.title}", bodies(m)[1], None)


def _duty_table(doc: DocxDocument, m: Meeting) -> None:
    """The appendix: the duties as a list the office ticks off (unit, task, person, deadline and
    whether it is done), on a page of its own."""
    page_break(doc)
    para(doc, "PHỤ LỤC", bold=True, center=True, space_after=0)
    para(doc, "BẢNG PHÂN CÔNG NHIỆM VỤ CHUẨN BỊ HỘI NGHỊ", bold=True, center=True, space_after=0)
    para(doc, f"(Kèm theo Kế hoạch {lower_first(m.title)})", italic=True, center=True)
    rows = []
    for n, d in enumerate(m.duties, 1):
        deadline = deadline_of(m.starts_at[:10], d.days_before)
        status = "Đã xong" if d.status == DONE_DUTY else "Chưa"
        rows.append([str(n), d.unit, d.task, d.person, vn.ddmmyyyy(deadline) if deadline else "", status])
    header = ["STT", "Đơn vị", "Nhiệm vụ", "Người thực hiện", "Thời hạn", "Tình trạng"]
    table(doc, header, rows, [12, 32, 55, 24, 26, 16])


def when(m: Meeting) -> str:
    """ "08 giờ 00, thứ Năm, ngày 25 tháng 5 năm 2023" (or what of it is known)."""
    if not m.starts_at:
        return "… giờ …, ngày … tháng … năm …"
    start = datetime.fromisoformat(m.starts_at)
    return f"{vn.clock_words(start)}, {vn.weekday(start)}, {vn.date_words(start.date())}"


def _bullets(doc: DocxDocument, rows: list[str]) -> None:
    for row in rows:
        para(doc, f"- {row}", indent=True)


def _participants(doc: DocxDocument, m: Meeting) -> None:
    groups: dict[str, list] = {}
    for d in m.delegates:
        groups.setdefault(d.group or "Đại biểu", []).append(d)
    for group, delegates in groups.items():
        para(doc, f"* {group}:", bold=True, italic=True, keep_next=True)
        for d in delegates:
            said = ", ".join(x for x in (d.title, d.unit if d.unit and d.unit not in d.title else "") if x)
            para(doc, f"- Đồng chí {d.name}" + (f", {said}" if said else "") + ";", indent=True)
    if m.chairs:
        para(doc, f"- Chủ trì hội nghị: {people(m.chairs)}.", indent=True)
    if m.secretaries:
        para(doc, f"- Tổ thư ký: {people(m.secretaries)}.", indent=True)
    invited = m.invited_count or sum(int(a.get("count") or 0) for a in m.allocation) or len(m.citizens)
    para(
        doc,
        f"- Nhân dân thôn {m.hamlet or '…'} (thôn {m.hamlet or '…'} mời {invited} công dân đến tham dự buổi "
        "tiếp xúc, đối thoại), phân bổ theo xóm như sau:"
        if m.allocation
        else f"- Nhân dân thôn {m.hamlet or '…'} (mời {invited} công dân đến tham dự buổi tiếp xúc, đối thoại).",
        indent=True,
        keep_next=bool(m.allocation),
    )
    if m.allocation:
        rows = [[str(i), a["xom"], str(a["count"])] for i, a in enumerate(m.allocation, 1)]
        total = sum(int(a["count"]) for a in m.allocation)
        rows.append(["", "Tổng cộng", str(total)])
        table(doc, ["STT", "Xóm", "Số công dân được mời"], rows, [15, 100, 50], total=True)


def _method(doc: DocxDocument, m: Meeting, issuer: str) -> None:
    start = datetime.fromisoformat(m.starts_at) if m.starts_at else None
    month = f"tháng {start.month:02d}/{start.year}" if start else "trước ngày tổ chức hội nghị"
    _step(doc, 1, f"{issuer} xây dựng kế hoạch tổ chức tiếp xúc, đối thoại {month}.")
    _step(doc, 2, "Tổ chức hội nghị tiếp xúc, đối thoại theo trình tự:").paragraph_format.keep_with_next = True
    for n, stage in enumerate(m.stages, 1):
        para(doc, f"{n}- {stage.title} (dự kiến {stage.planned_minutes} phút).", indent=True)
    total = sum(s.planned_minutes for s in m.stages)
    if m.stages:
        para(doc, f"Tổng thời gian dự kiến: {vn.duration_words(total * 60)}.", indent=True, italic=True)
    para(
        doc,
        "Tùy thuộc vào tình hình thực tế, diễn biến tại buổi tiếp xúc, đối thoại, người chủ trì có thể điều "
        "chỉnh cho phù hợp.",
        indent=True,
    )
    _step(
        doc,
        3,
        "Người chủ trì ra thông báo kết luận, chỉ đạo các cơ quan, đơn vị giải quyết các ý kiến, kiến "
        "nghị của nhân dân sau tiếp xúc, đối thoại; báo cáo kết quả với cấp ủy cấp trên; lưu trữ hồ sơ tiếp xúc, "
        "đối thoại theo quy định.",
    )


def _step(doc: DocxDocument, n: int, said: str) -> Paragraph:
    """ "Bước 2: …", the step's name in bold as the plan writes it."""
    p = para(doc, f"Bước {n}:", bold=True, indent=True)
    p.add_run(text(f" {said}"))
    return p


def _duties(doc: DocxDocument, m: Meeting) -> None:
    """Section III: each preparation duty (``Meeting.duties``, which the office edits) with its
    unit, who does it and its deadline; the banner's text after the culture officer's duty (or
    after the list, when no duty is the hall's)."""
    duties = list(m.duties)
    hall = next((n for n, d in enumerate(duties) if "văn hóa" in d.unit.casefold()), len(duties) - 1)
    if not duties:
        para(doc, "(Chưa phân công nhiệm vụ chuẩn bị.)", italic=True, indent=True)
    for n, duty in enumerate(duties):
        p = para(doc, f"{n + 1}. {duty.unit}:", bold=True, indent=True)
        p.add_run(text(f" {duty.task.rstrip('.')}. {_due(m, duty.days_before)}"))
        if duty.person:
            p.add_run(text(f" Người thực hiện: {duty.person}."))
        if n == hall:
            _banner(doc, m)
    if not duties:
        _banner(doc, m)


def _due(m: Meeting, days_before: int) -> str:
    """ "Hoàn thành chậm nhất ngày 19/06/2023 (1 ngày làm việc trước hội nghị)." """
    deadline = deadline_of(m.starts_at[:10], days_before)
    before = "ngày tổ chức hội nghị" if not days_before else f"{days_before} ngày làm việc trước hội nghị"
    if deadline is None:
        return f"Thời hạn: {before}."
    return f"Hoàn thành chậm nhất ngày {vn.ddmmyyyy(deadline)} ({before})."


def _banner(doc: DocxDocument, m: Meeting) -> None:
    if any(line.strip() for line in m.banner):
        para(doc, "Nội dung tip chữ:", italic=True, indent=True, keep_next=True)
        shown = [line for line in m.banner if line.strip()]
        for i, line in enumerate(shown):
            para(doc, line, bold=True, center=True, space_after=0, keep_next=i < len(shown) - 1)
        para(doc, "", space_after=0)
