"""The minutes (biên bản hội nghị): a draft written from the record, as blocks of text the
secretary then edits in the browser.

A block is ``{"kind": "heading" | "paragraph" | "bullet", "text": str}``. The draft says what the
record says and no more: times, who chaired and who took the minutes, attendance, each stage with
its speakers (name, xóm, time spoken), the opinions they raised, who answered and the outcome of
each, and the chair's conclusion. Whatever is missing (no conclusion yet, opinions without an
outcome) is said plainly, so a reader of the draft sees what still needs doing.
"""

from __future__ import annotations

import unicodedata
from typing import Any

from ..domain.model import Opinion
from ..domain.opinions import without_title
from . import vn
from .facts import Facts, citizen_of, local

Block = dict[str, str]
KINDS = ("heading", "paragraph", "bullet")


def _b(kind: str, text: str) -> Block:
    return {"kind": kind, "text": text}


def people_line(people: list[dict[str, str]]) -> str:
    """ "Đ/c Trần Văn Minh – Bí thư Đảng ủy; đ/c Lê Thị Lan – Chủ tịch UBND xã"."""
    return "; ".join(f"đ/c {without_title(p['name'])}" + (f" – {p['title']}" if p.get("title") else "") for p in people)


def outcome_text(facts: Facts, o: Opinion) -> str:
    """What became of an opinion, in one sentence."""
    if o.outcome == "answered":
        by = f" ({o.answered_by})" if o.answered_by else ""
        return f"Đã trả lời tại hội nghị{by}: {o.answer}".rstrip(": ")
    if o.outcome == "assigned":
        deadline = f", hạn giải quyết {vn.ddmmyyyy(o.deadline)}" if o.deadline else ""
        return f"Giao {o.unit} giải quyết{deadline}."
    if o.outcome == "forwarded":
        return f"Chuyển {o.forwarded_to} xem xét, giải quyết theo thẩm quyền."
    if o.outcome == "declined":
        when = f" ngày {vn.ddmmyyyy(o.prior_date)}" if o.prior_date else ""
        return f"Không xem xét lại: đã được giải quyết theo văn bản số {o.prior_ref}{when} của {o.prior_body}."
    if o.outcome == "noted":
        return "Hội nghị ghi nhận ý kiến."
    return "Chưa có kết quả xử lý."


def opinion_line(facts: Facts, o: Opinion, with_citizen: bool) -> str:
    who = ""
    if with_citizen:
        name, xom = citizen_of(facts.meeting, o)
        who = f"{name}{f' ({xom})' if xom else ''}: " if name else ""
    answerer = f" Chủ trì phân công {o.answerer} trả lời." if o.answerer and o.outcome != "answered" else ""
    return f"{who}{o.summary}.{answerer} Kết quả: {outcome_text(facts, o)}"


def draft(facts: Facts) -> list[Block]:
    """The minutes as the record tells them."""
    m = facts.meeting
    start, end = local(facts.started_at), local(facts.ended_at)
    blocks: list[Block] = [_b("heading", "I. THỜI GIAN, ĐỊA ĐIỂM")]
    if start is None:
        blocks.append(_b("paragraph", "Hội nghị chưa bắt đầu."))
    else:
        ended = f"; kết thúc lúc {vn.clock_words(end)}" if end else "; chưa kết thúc"
        began = f"{vn.clock_words(start)}, {vn.date_words(start)}"
        blocks.append(_b("paragraph", f"Thời gian: bắt đầu lúc {began}{ended}."))
    blocks.append(_b("paragraph", f"Địa điểm: {m.place or '…'}."))

    blocks.append(_b("heading", "II. THÀNH PHẦN"))
    blocks.append(_b("paragraph", f"Chủ trì hội nghị: {people_line(m.chairs) or '…'}."))
    blocks.append(_b("paragraph", f"Thư ký hội nghị: {people_line(m.secretaries) or '…'}."))
    for group, delegates in facts.delegates_present.items():
        names = "; ".join(f"đ/c {d.name}" + (f" – {d.title}" if d.title else "") for d in delegates)
        blocks.append(_b("bullet", f"{group or 'Đại biểu'}: {names}."))
    if facts.present is not None:
        came = f"có mặt {facts.present}/{facts.invited} người được mời"
        blocks.append(_b("paragraph", f"Công dân thôn {m.hamlet}: {came}."))
        for x in facts.attendance:
            blocks.append(_b("bullet", f"{x.xom}: {vn.present_of(x.present, x.invited or x.allocated or 0)}."))
    else:
        blocks.append(_b("paragraph", f"Công dân thôn {m.hamlet}: {facts.invited} người được mời."))

    blocks.append(_b("heading", "III. NỘI DUNG HỘI NGHỊ"))
    for n, sf in enumerate(facts.stages, start=1):
        if not sf.stage.runs:
            continue
        blocks.append(_b("paragraph", f"{n}. {sf.stage.title} ({vn.duration_words(sf.elapsed_seconds)})."))
        for turn in sf.turns:
            s = turn.speaker
            span = f"từ {vn.hhmm(local(turn.started_at))}"
            if turn.ended_at:
                span += f" đến {vn.hhmm(local(turn.ended_at))}"
            spoken = vn.duration_words(turn.spoken_seconds)
            if s.official:
                answered = "; ".join(o.summary for o in turn.answers)
                # An answerer typed "Đ/c …" before this was fixed in the domain: one title only.
                text = f"Đ/c {without_title(s.name)}{f' – {s.topic}' if s.topic else ''} trả lời ({span}, {spoken})"
                blocks.append(_b("bullet", text + (f" các ý kiến: {answered}." if answered else ".")))
                for o in turn.answers:
                    if o.outcome == "answered" and o.answer:
                        blocks.append(_b("bullet", f"Trả lời ý kiến “{o.summary}”: {o.answer}"))
                continue
            xom = f" ({s.xom})" if s.xom else ""
            topic = f" về {s.topic}" if s.topic else ""
            blocks.append(_b("bullet", f"Công dân {s.name}{xom} phát biểu{topic} ({span}, {spoken})."))
            followed = m.opinion(s.follows_opinion_id) if s.follows_opinion_id is not None else None
            if followed is not None:  # a follow-up turn: the opinion it continues, and who raised it
                raiser, _xom = citizen_of(m, followed)
                by = f" của {raiser}" if raiser else ""
                blocks.append(_b("bullet", f"Tiếp tục ý kiến{by} về “{followed.summary}”."))
            for o in turn.opinions:
                blocks.append(_b("bullet", f"Ý kiến: {opinion_line(facts, o, with_citizen=False)}"))
    written = [o for o in facts.opinions if o.speaker_id is None]
    if written:
        blocks.append(_b("paragraph", "Ý kiến gửi bằng văn bản tại hội nghị:"))
        blocks += [_b("bullet", opinion_line(facts, o, with_citizen=True)) for o in written]
    if not facts.opinions:
        blocks.append(_b("paragraph", "Không có ý kiến nào được nêu tại hội nghị."))
    blocks.append(
        _b(
            "paragraph",
            f"Tổng số: {facts.speakers} công dân phát biểu, {len(facts.opinions)} ý kiến, kiến nghị"
            + (f"; còn {len(facts.without_outcome)} ý kiến chưa có kết quả xử lý." if facts.without_outcome else "."),
        )
    )

    blocks.append(_b("heading", "IV. KẾT LUẬN CỦA CHỦ TRÌ HỘI NGHỊ"))
    conclusion = [line for line in m.conclusion.splitlines() if line.strip()]
    blocks += [_b("paragraph", line) for line in conclusion] or [_b("paragraph", "(Chưa ghi kết luận của chủ trì.)")]
    if end is not None:
        blocks.append(_b("paragraph", f"Hội nghị kết thúc lúc {vn.clock_words(end)} cùng ngày."))
    return blocks


def check_blocks(raw: Any) -> list[Block] | None:
    """The blocks as a page sent them, or None if they are not blocks (at most 2000, each text at
    most 20,000 characters, kinds from ``KINDS``)."""
    if not isinstance(raw, list) or not 0 < len(raw) <= 2000:
        return None
    out = []
    for item in raw:
        if not isinstance(item, dict) or set(item) != {"kind", "text"} or item["kind"] not in KINDS:
            return None
        if not isinstance(item["text"], str) or len(item["text"]) > 20_000:
            return None
        out.append({"kind": item["kind"], "text": unicodedata.normalize("NFC", item["text"]).strip()})
    return out
