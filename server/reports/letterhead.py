"""The heading and the signature of every Word file, in the profile the office chose
(``Meeting.paperwork.profile``):

- "state", Decree 30/2020/NĐ-CP: the issuing body in bold (under the body above it only when one is
  given: a commune's People's Committee writes none), a short rule under it; "Số: 05/TB-UBND";
  the national title and motto; "Hiệp Hòa, ngày 05 tháng 01 năm 2026" in italics; the kind of
  document and its subject, a short rule under the subject; "Nơi nhận:" bottom left; signed
  "TM. ỦY BAN NHÂN DÂN" / "CHỦ TỊCH" (a deputy: "KT. CHỦ TỊCH" / "PHÓ CHỦ TỊCH").
- "party", Guidance 36-HD/VPTW: "ĐẢNG BỘ …" (the committee above, from the second administrative
  unit when not given) / "ĐẢNG ỦY …" / "*"; "Số 25-TB/ĐU"; "ĐẢNG CỘNG SẢN VIỆT NAM" underlined;
  the date line; "-----" under the subject; signed "T/M ĐẢNG ỦY" / "BÍ THƯ".

An empty paperwork field falls back on the meeting: the issuing body on the organiser when it is
of the profile's kind (else the commune's People's Committee or Party committee, from the first
administrative unit), the place on the first unit, the signer on the chair whose title matches the
issuer (the Chủ tịch UBND for the state, the Bí thư for the Party), a number not yet given left
blank to fill in by hand ("Số:      /TB-UBND").
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date

from docx.document import Document as DocxDocument
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt
from docx.table import _Cell

from ..domain.model import Meeting
from . import vn
from .docx_kit import TEXT_WIDTH_MM, estimated_width_mm, grid, lines, para, rule
from .facts import local

STATE_ISSUER = "ỦY BAN NHÂN DÂN"
PARTY_ISSUER = "ĐẢNG ỦY"
# The symbol of each kind of document (Decree 30, Appendix III; Guidance 36, annex).
KINDS = {"minutes": "BB", "notice": "TB", "report": "BC", "plan": "KH", "invitation": "GM"}
# A blank number or date, to be filled in by hand, in each profile.
BLANK_NUMBER = {"state": "Số:        /{kind}-UBND", "party": "Số        -{kind}/ĐU"}
BLANK_DATE = "ngày      tháng      năm"


# Examples for the paperwork form's empty fields, in the profile chosen (so that a Party office is
# not shown the state's "UBND …" and "25/TB-UBND"): for a page that renders the form.
PLACEHOLDERS = {
    "state": {
        "parent_body": "(để trống với UBND xã)",
        "body": "ỦY BAN NHÂN DÂN XÃ HIỆP HÒA",
        "place_name": "Hiệp Hòa",
        "notice_number": "25/TB-UBND",
        "report_number": "31/BC-UBND",
        "signer_title": "CHỦ TỊCH",
    },
    "party": {
        "parent_body": "ĐẢNG BỘ TỈNH HẢI DƯƠNG",
        "body": "ĐẢNG ỦY XÃ HIỆP HÒA",
        "place_name": "Hiệp Hòa",
        "notice_number": "25-TB/ĐU",
        "report_number": "31-BC/ĐU",
        "signer_title": "BÍ THƯ",
    },
}


def is_party(m: Meeting) -> bool:
    return m.paperwork.profile == "party"


def _unit(m: Meeting, i: int) -> dict[str, str]:
    return m.units[i] if len(m.units) > i else {}


def bodies(m: Meeting) -> tuple[str, str]:
    """The body above the issuer ("" when none) and the issuer, upper case."""
    pw, party = m.paperwork, is_party(m)
    commune = _unit(m, 0)
    if pw.body:
        body = pw.body
    elif m.organiser and m.organiser.casefold().startswith(("đảng ủy",) if party else ("ubnd", "ủy ban")):
        body = m.organiser
    else:
        body = f"{PARTY_ISSUER if party else STATE_ISSUER} {commune.get('level', '')} {commune.get('name', '')}"
    parent = pw.parent_body
    if not parent and party and _unit(m, 1):  # Guidance 36: a Party committee is named under its superior
        above = _unit(m, 1)
        parent = f"ĐẢNG BỘ {above.get('level', '')} {above.get('name', '')}"
    return " ".join(parent.upper().split()), " ".join(body.upper().split())


def number(m: Meeting, given: str, kind: str) -> str:
    """ "Số: 05/TB-UBND" (state) or "Số 25-TB/ĐU" (Party); a number below 10 gets its zero
    (Decree 30); blank to fill in by hand when not given."""
    given = given.strip()
    if given.casefold().startswith("số"):
        return given
    if not given:
        return BLANK_NUMBER[m.paperwork.profile if is_party(m) else "state"].format(kind=KINDS[kind])
    given = re.sub(r"^(\d)(?=\D|$)", r"0\1", given)
    return f"Số {given}" if is_party(m) else f"Số: {given}"


def place(m: Meeting) -> str:
    return m.paperwork.place_name or _unit(m, 0).get("name", "")


def date_line(m: Meeting, day: date | None) -> str:
    """ "Hiệp Hòa, ngày 05 tháng 01 năm 2026"."""
    words = vn.date_words(day) if day else BLANK_DATE
    return f"{place(m)}, {words}" if place(m) else words[:1].upper() + words[1:]


def _position(title: str) -> str:
    """The signer's position without the body it belongs to, upper case: "Chủ tịch UBND xã" →
    "CHỦ TỊCH", "Bí thư Đảng ủy - Chủ tịch HĐND xã" → "BÍ THƯ"."""
    body = r"\s+(?:UBND|Ủy ban|ủy ban|ỦY BAN|Đảng ủy|đảng ủy|ĐẢNG ỦY|HĐND|xã|XÃ)\b"
    cut = re.split(body + r"|\s+[-–]\s+", title, maxsplit=1)
    return cut[0].strip().upper()


def signer(m: Meeting) -> tuple[str, str]:
    """The signer's title as written (its case kept) and name: the paperwork's, or the chair of
    the issuer's kind (the Chủ tịch UBND for the state, the Bí thư for the Party), or the first."""
    pw = m.paperwork
    if pw.signer_name or pw.signer_title:
        return pw.signer_title, pw.signer_name
    words = ("bí thư",) if is_party(m) else ("ubnd", "ủy ban nhân dân")
    matching = [c for c in m.chairs if any(w in c.get("title", "").casefold() for w in words)]
    chair = (matching or m.chairs or [{}])[0]
    return chair.get("title", ""), chair.get("name", "")


def signature_lines(m: Meeting) -> list[str]:
    """The bold lines above the signature: on behalf of the body, then the position."""
    position = _position(signer(m)[0])
    if is_party(m):
        return [f"T/M {PARTY_ISSUER}", position]
    if position.startswith("PHÓ "):
        return [f"TM. {STATE_ISSUER}", f"KT. {position[4:]}", position]
    return [f"TM. {STATE_ISSUER}", position or "CHỦ TỊCH"]


def signer_phrase(m: Meeting) -> str:
    """Who concludes, for a notice's subject: "đồng chí Chủ tịch UBND xã" (the signer's title,
    with the issuer added when the title alone does not name it)."""
    title = signer(m)[0].strip()
    if not title:
        return "đồng chí Bí thư Đảng ủy xã" if is_party(m) else "đồng chí Chủ tịch UBND xã"
    title = title[:1].upper() + title[1:].lower() if title.isupper() else title
    if not re.search(r"UBND|Ủy ban|Đảng ủy|HĐND|MTTQ", title, re.IGNORECASE):
        title += " Đảng ủy xã" if is_party(m) else " UBND xã"
    return f"đồng chí {title}"


def letterhead(doc: DocxDocument, m: Meeting, *, kind: str, given_number: str, day: date | None) -> None:
    """Two borderless rows: the issuing body | the national (or Party) title, then the number |
    the place-and-date line, so that the number and the date sit on one line."""
    party = is_party(m)
    parent, body = bodies(m)
    left = 80 if party else 62  # the national title needs 103 mm at 13 pt on one line
    head = grid(doc, 2, [left, TEXT_WIDTH_MM - left], borders=False)
    size = 14 if party else 13
    named = _broken(body, size, left)
    issuer = [*([(parent, "")] if parent else []), *[(line, "b") for line in named]]
    if party:
        lines(head.cell(0, 0), [*issuer, ("*", "")], size=size)
        lines(head.cell(0, 1), [("ĐẢNG CỘNG SẢN VIỆT NAM", "bu")], size=15)
    else:
        lines(head.cell(0, 0), issuer, size=size)
        width = max(estimated_width_mm(line, size) for line in named) * 0.4
        rule(head.cell(0, 0), min(max(width, 15.0), left * 0.5), left)
        lines(
            head.cell(0, 1),
            [("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "b"), ("Độc lập - Tự do - Hạnh phúc", "bu")],
            size=13,
        )
    lines(head.cell(1, 0), [(number(m, given_number, kind), "")], size=size)
    lines(head.cell(1, 1), [(date_line(m, day), "i")], size=14)
    for cell in (head.cell(1, 0), head.cell(1, 1)):
        cell.paragraphs[0].paragraph_format.space_before = Pt(6)


def _broken(body: str, size: float, width_mm: float) -> list[str]:
    """The issuing body on the lines it is written on when it does not fit on one: after the
    kind of body ("ỦY BAN NHÂN DÂN" / "XÃ HIỆP HÒA"), rather than wherever the line runs out."""
    if estimated_width_mm(body, size) <= width_mm - 4:
        return [body]
    for kind in (STATE_ISSUER, PARTY_ISSUER, "UBND"):
        if body.startswith(kind + " "):
            return [kind, body[len(kind) + 1 :]]
    return [body]


def title(doc: DocxDocument, m: Meeting, kind: str, subject: str) -> None:
    """The kind of document in capitals and its subject, with the rule (state) or dashes (Party)
    under it."""
    party = is_party(m)
    para(doc, kind, bold=True, center=True, space_before=18, space_after=0, size=15 if party else None)
    para(doc, subject, bold=True, center=True, space_after=0)
    if party:
        para(doc, "-----", center=True, space_after=12)
    else:
        width = min(estimated_width_mm(subject, 14), 165) * 0.4
        rule(doc, min(max(width, 30.0), 80.0), TEXT_WIDTH_MM)
        para(doc, "", space_after=6)


def signature_table(doc: DocxDocument) -> tuple[_Cell, _Cell]:
    """Two borderless halves under the text: "Nơi nhận" (or a second signer) and the signer."""
    para(doc, "", space_after=0)
    table = grid(doc, 1, [TEXT_WIDTH_MM / 2, TEXT_WIDTH_MM / 2], borders=False)
    return table.cell(0, 0), table.cell(0, 1)


def signature(cell: _Cell, headings: list[str], name: str, *, note: str = "") -> None:
    """Bold headings, room for the signature and the stamp, the signer's name."""
    rows = [(h, "b") for h in headings if h]
    if note:
        rows.append((note, "i"))
    lines(cell, [*rows, *[("", "")] * 4, (name, "b")], size=14)


def recipients(cell: _Cell, m: Meeting, wanted: Iterable[str]) -> None:
    """ "Nơi nhận:" and its lines, each "- …;" and the last "- Lưu: VT." (state: 12 pt bold
    italic, then 11 pt) or "- Lưu Văn phòng Đảng ủy." (Party: 14 pt underlined, then 12 pt)."""
    party = is_party(m)
    rows = [f"- {r.strip().lstrip('-– ').rstrip(';.,')};" for r in wanted if r.strip().lstrip("-– ")]
    if not any("Lưu" in r for r in rows):
        rows.append("- Lưu Văn phòng Đảng ủy." if party else "- Lưu: VT.")
    else:
        rows[-1] = rows[-1].rstrip(";") + "."
    left = WD_ALIGN_PARAGRAPH.LEFT
    lines(cell, [("Nơi nhận:", "u" if party else "bi")], size=14 if party else 12, align=left)
    lines(cell, [(row, "") for row in rows], size=12 if party else 11, align=left)


def closing(doc: DocxDocument, m: Meeting, wanted: Iterable[str]) -> None:
    """ "Nơi nhận" bottom left, the issuer's signer on the right."""
    left, right = signature_table(doc)
    recipients(left, m, wanted)
    signature(right, signature_lines(m), signer(m)[1])


# ---------------------------------------------------------------- the meeting's words


def meeting_day(m: Meeting) -> date | None:
    if m.starts_at:
        return date.fromisoformat(m.meeting_date())
    start = local(m.started_at)
    return start.date() if start else None


def issue_day(m: Meeting, issued_at: float | None) -> date | None:
    issued = local(issued_at)
    return issued.date() if issued else meeting_day(m)


def lower_first(value: str) -> str:
    """ "Hội nghị tiếp xúc…" → "hội nghị tiếp xúc…" (not "UBND …", an abbreviation)."""
    return value[:1].lower() + value[1:] if value[1:2].islower() else value


def sentence(value: str) -> str:
    value = value.strip()
    return value if not value or value[-1] in ".!?…" else value + "."


def people(rows: Iterable[dict[str, str]]) -> str:
    named = [
        f"đồng chí {p.get('name', '')} – {p['title']}" if p.get("title") else f"đồng chí {p.get('name', '')}"
        for p in rows
    ]
    return "; ".join(named) or "chưa ghi"


def issuer_name(m: Meeting) -> str:
    """The issuing body in a sentence: "ĐẢNG ỦY XÃ HIỆP HÒA" → "Đảng ủy xã Hiệp Hòa"."""
    body = bodies(m)[1]
    for upper, written in (("ỦY BAN NHÂN DÂN", "Ủy ban nhân dân"), ("ĐẢNG ỦY", "Đảng ủy"), ("UBND", "UBND")):
        if body.startswith(upper + " "):
            rest = body[len(upper) + 1 :]
            for level in ("XÃ", "PHƯỜNG", "THỊ TRẤN", "ĐẶC KHU"):
                if rest.startswith(level + " "):
                    return f"{written} {level.lower()} {rest[len(level) + 1 :].title()}"
            return f"{written} {rest.title()}"
    return body.title()
