"""The conclusion notice (thông báo kết luận): the chair's conclusion, then the opinions by outcome,
issued and signed by the body of the office's profile (the People's Committee and its Chủ tịch, or
the Party committee "T/M ĐẢNG ỦY"), so its subject names the one who signs it.

A denunciation (tố cáo) is never attributed by name in the notice or the report: the Law on
Denunciations (2018, art. 47) requires keeping the denouncer's identity confidential.
"""

from __future__ import annotations

from ..domain.model import Meeting, Opinion
from . import vn
from .docx_kit import heading, new_document, para, save
from .facts import Facts, citizen_of
from .letterhead import (
    bodies,
    closing,
    issue_day,
    letterhead,
    lower_first,
    meeting_day,
    people,
    sentence,
    signer_phrase,
    title,
)

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
NO_OPINIONS = "Không có ý kiến nào được nêu."
HIDDEN_DENOUNCER = "Một công dân (giữ bí mật thông tin người tố cáo)"


def notice_docx(facts: Facts, *, issued_at: float | None = None) -> bytes:
    """The conclusion notice: the chair's conclusion, then the opinions by outcome (answered: the
    answer and who gave it; assigned: the unit and the deadline; forwarded: to whom; declined: the
    earlier decision; noted; and any still without an outcome), "Nơi nhận" and the signer. Dated
    ``issued_at``'s day, or the meeting's."""
    m = facts.meeting
    doc = new_document()
    letterhead(doc, m, kind="notice", given_number=m.paperwork.notice_number, day=issue_day(m, issued_at))
    who = signer_phrase(m)
    title(doc, m, "THÔNG BÁO", f"Kết luận của {who} tại {lower_first(m.title)}")
    para(doc, held_sentence(m), indent=True)
    para(doc, f"Sau khi nghe ý kiến của nhân dân và các đại biểu, {who} kết luận như sau:", indent=True)

    section = iter(ROMAN)
    heading(doc, f"{next(section)}. Ý KIẾN KẾT LUẬN CỦA NGƯỜI CHỦ TRÌ")
    conclusion = [line for line in m.conclusion.splitlines() if line.strip()]
    for line in conclusion:
        para(doc, line, indent=True)
    if not conclusion:
        para(doc, "Người chủ trì chưa ghi ý kiến kết luận tại hội nghị.", indent=True)

    if not facts.opinions:
        heading(doc, f"{next(section)}. CÁC Ý KIẾN, KIẾN NGHỊ CỦA NHÂN DÂN")
        para(doc, NO_OPINIONS, indent=True)
    for outcome, name in NOTICE_SECTIONS.items():
        items = [o for o in facts.opinions if o.outcome == outcome]
        if items:
            heading(doc, f"{next(section)}. {name}")
            for n, o in enumerate(items, 1):
                para(doc, f"{n}. {raised(m, o)}", indent=True)
                para(doc, disposal(o), indent=True, italic=outcome is None)

    para(
        doc,
        "Trên đây là thông báo kết luận tại hội nghị; đề nghị các cơ quan, đơn vị, cá nhân liên quan "
        "biết, thực hiện./.",
        indent=True,
    )
    closing(doc, m, m.paperwork.recipients)
    return save(doc, f"Thông báo kết luận {m.title}", bodies(m)[1], issued_at or m.ended_at or m.started_at)


def held_sentence(m: Meeting) -> str:
    """ "Ngày 25 tháng 5 năm 2023, tại <place>, <organiser> tổ chức <title>. Chủ trì hội nghị: …" """
    day = meeting_day(m)
    parts = [vn.date_words(day) if day else "", f"tại {m.place}" if m.place else ""]
    parts.append(f"{m.organiser or 'cấp ủy, chính quyền xã'} tổ chức {lower_first(m.title)}")
    said = sentence(", ".join(p for p in parts if p))
    chairs = f" Chủ trì hội nghị: {people(m.chairs)}." if m.chairs else ""
    return said[:1].upper() + said[1:] + chairs


def raised(m: Meeting, o: Opinion) -> str:
    """ "Công dân Nguyễn Văn An, Xóm Đông kiến nghị: <summary>." """
    verb = KIND_VERBS.get(o.kind, "góp ý")
    return f"{who_raised(m, o)} {verb}: {sentence(o.summary)}"


def disposal(o: Opinion) -> str:
    """What became of the opinion, in one sentence."""
    if o.outcome == "answered":
        return f"{o.answered_by} trả lời: {sentence(o.answer)}" if o.answered_by else f"Trả lời: {sentence(o.answer)}"
    if o.outcome == "assigned":
        return f"Giao {o.unit} kiểm tra, giải quyết, trả lời công dân trước ngày {vn.ddmmyyyy(o.deadline)}."
    if o.outcome == "forwarded":
        return f"Chuyển {o.forwarded_to} xem xét, giải quyết theo thẩm quyền."
    if o.outcome == "declined":
        ref = f"văn bản số {o.prior_ref}" if o.prior_ref[:1].isdigit() else o.prior_ref
        return (
            f"Nội dung đã được giải quyết tại {ref} ngày {vn.ddmmyyyy(o.prior_date)} của {o.prior_body}; "
            "hội nghị không xem xét lại."
        )
    if o.outcome == "noted":
        return "Hội nghị ghi nhận ý kiến."
    return "Chưa có hướng xử lý."


def who_raised(m: Meeting, o: Opinion) -> str:
    if o.kind == "to_cao":
        return HIDDEN_DENOUNCER
    name, xom = citizen_of(m, o)
    return f"Công dân {name}, {xom}" if xom else f"Công dân {name}"
