"""The Word files the commune office edits, signs and stamps. This module makes the minutes (biên
bản) and gathers the others, one module each:

- ``notice.py``: the conclusion notice (thông báo kết luận);
- ``report.py``: the results report (báo cáo kết quả), with its chart and stage table;
- ``plan.py``: before the meeting, the plan (kế hoạch tổ chức);
- ``invitations.py``: before the meeting, the invitation letters (giấy mời), merged into one file;
- ``letterhead.py``: the heading, numbering, date line, "Nơi nhận" and signature of both profiles
  (Decree 30/2020 for the state, Guidance 36 for the Party);
- ``docx_kit.py``: the python-docx plumbing (page, fonts, paragraphs, tables, rules, bytes).

Each document is a pure function of ``Facts`` (or the meeting) returning .docx bytes; nothing here
knows Flask or the store, and nothing reads the clock (a date of issue is passed in, or the
meeting's date is used), so the same record gives the same bytes.

Why python-docx in code rather than docxtpl templates: the documents are mostly variable
structure (the secretary's blocks of three kinds, sections present only when they have items, tables
with a row per opinion, two letterheads, a sentence instead of an empty table, a letter per person),
which in a template becomes Jinja loops and conditions inside Word's XML, harder to read and to test
than Python, and easily broken by editing the template in Word (a tag split across runs). What the
office adjusts (its header, the stamp's place, wording) it adjusts in the .docx it downloads, which
is an ordinary editable Word file. Every user text goes in as a run's text, so markup stays text.

The documents are always Vietnamese, whatever the interface language, so their vocabulary is
written in Vietnamese instead of going through gettext (``server/i18n/``).
"""

from __future__ import annotations

from .docx_kit import heading, new_document, para, save
from .facts import Facts
from .letterhead import bodies, is_party, letterhead, meeting_day, recipients, signature, signature_table, title
from .notice import notice_docx
from .report import report_docx

__all__ = ["minutes_docx", "notice_docx", "report_docx"]


def minutes_docx(facts: Facts, blocks: list[dict], *, finalised_at: float | None) -> bytes:
    """The minutes: letterhead with "Số: …/BB-…", "BIÊN BẢN" and the meeting's title, the
    secretary's text (``blocks``: ``{"kind": "heading" | "paragraph" | "bullet", "text": …}``), the
    signatures of the secretary and the chair, and "Nơi nhận". Dated the meeting's day; "DỰ THẢO"
    in the page header until ``finalised_at`` is given."""
    m = facts.meeting
    doc = new_document(draft=finalised_at is None)
    letterhead(doc, m, kind="minutes", given_number="", day=meeting_day(m))
    title(doc, m, "BIÊN BẢN", m.title)
    for block in blocks:
        kind, value = block.get("kind"), str(block.get("text") or "")
        if kind == "heading":
            heading(doc, value)
        elif kind == "bullet":
            para(doc, value if value.lstrip().startswith(("-", "–", "+")) else f"- {value}", indent=True)
        else:
            para(doc, value, indent=True)
    if not blocks:
        para(doc, "Biên bản chưa có nội dung.", italic=True, indent=True)
    chair = m.chairs[0] if m.chairs else {}
    secretary = m.secretaries[0] if m.secretaries else {}
    left, right = signature_table(doc)
    signature(left, ["THƯ KÝ HỘI NGHỊ"], secretary.get("name", ""), note="(Ký, ghi rõ họ tên)")
    signature(right, ["CHỦ TRÌ HỘI NGHỊ"], chair.get("name", ""), note="(Ký, ghi rõ họ tên)")
    left, _ = signature_table(doc)
    keep = "Lưu Văn phòng Đảng ủy, hồ sơ hội nghị" if is_party(m) else "Lưu: VT, hồ sơ hội nghị"
    recipients(left, m, ["Người chủ trì hội nghị", keep])
    return save(doc, f"Biên bản {m.title}", bodies(m)[1], finalised_at or m.ended_at or m.started_at)
