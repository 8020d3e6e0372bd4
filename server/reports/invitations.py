"""Before the meeting: the invitation letters (giấy mời), merged into one .docx ready to print, a
page break between letters:

- ``delegates``: one letter per delegate, with the place kept for the delegate's group;
- ``citizens``: one letter per invited citizen, with the xóm's allocation of seats;
- ``xom``: one letter per xóm with its list of invited citizens (or, for a xóm whose list is not
  entered yet, as many numbered blank lines as it has seats, for the hamlet to fill in).

Each letter is headed and signed as the office's profile wants (Decree 30 or Guidance 36), its
number "Số: …/GM-UBND" or "Số …-GM/ĐU" left for the office to fill in.
"""

from __future__ import annotations

from datetime import date

from docx.document import Document as DocxDocument

from ..domain.model import Meeting
from .docx_kit import new_document, page_break, para, save, table, text
from .letterhead import bodies, closing, issuer_name, letterhead, lower_first, title
from .plan import when

AUDIENCES = ("delegates", "citizens", "xom")


class NobodyToInvite(Exception):
    """The meeting has nobody of the kind asked for: no delegate, or no invited citizen listed."""


def invitations_docx(m: Meeting, audience: str, *, issued: date | None) -> bytes:
    """The letters for ``audience`` (one of ``AUDIENCES``), dated ``issued``. Raises
    ``NobodyToInvite`` when there is no one to write to."""
    letters = _letters(m, audience)
    if not letters:
        raise NobodyToInvite(audience)
    doc = new_document(page_numbers=False)
    for i, letter in enumerate(letters):
        if i:
            page_break(doc)
        _letter(doc, m, issued, **letter)
    return save(doc, f"Giấy mời {m.title}", bodies(m)[1], None)


def _seats(m: Meeting) -> dict[str, int]:
    return {a["xom"].casefold(): int(a["count"]) for a in m.allocation}


def _letters(m: Meeting, audience: str) -> list[dict]:
    hamlet = f"thôn {m.hamlet}" if m.hamlet else ""
    if audience == "delegates":
        return [
            {
                "to": [("Kính gửi đồng chí:", d.name), ("Chức vụ:", ", ".join(filter(None, (d.title, d.unit))))],
                "seat": f"Đại biểu ngồi tại khu vực dành cho {lower_first(d.group)}." if d.group else "",
                "form": "đồng chí",
            }
            for d in m.delegates
        ]
    seats = _seats(m)
    if audience == "citizens":
        return [
            {
                "to": [("Kính gửi ông (bà):", c.name), ("Địa chỉ:", ", ".join(x for x in (c.xom, hamlet) if x))],
                "seat": _seat_line(c.xom, seats.get(c.xom.casefold())),
                "form": "ông (bà)",
            }
            for c in m.citizens
        ]
    letters = []
    xoms = [a["xom"] for a in m.allocation]
    xoms += sorted({c.xom for c in m.citizens if c.xom.casefold() not in seats})
    for xom in xoms:
        listed = [c.name for c in m.citizens if c.xom.casefold() == xom.casefold()]
        count = seats.get(xom.casefold())
        letters.append(
            {
                "to": [("Kính gửi:", f"Các ông (bà) có tên trong danh sách kèm theo – {xom}, {hamlet}".rstrip(", "))],
                "seat": _seat_line(xom, count),
                "form": "các ông (bà)",
                "listed": listed,
                "blank": (count or 0) if not listed else 0,
                "xom": xom,
            }
        )
    return letters


def _seat_line(xom: str, count: int | None) -> str:
    if not xom:
        return ""
    if count is None:
        return f"{xom}: ngoài phân bổ số công dân được mời theo xóm."
    return f"Số công dân được mời của {xom}: {count} người (theo phân bổ của thôn)."


def _letter(
    doc: DocxDocument,
    m: Meeting,
    issued: date | None,
    *,
    to: list[tuple[str, str]],
    seat: str,
    form: str,
    listed: list[str] | None = None,
    blank: int = 0,
    xom: str = "",
) -> None:
    letterhead(doc, m, kind="invitation", given_number="", day=issued)
    title(doc, m, "GIẤY MỜI", f"Dự {lower_first(m.title)}")
    para(doc, f"{issuer_name(m)} trân trọng kính mời:", indent=True)
    for label, value in to:
        p = para(doc, label, indent=True, space_after=0)
        p.add_run(text(f" {value}")).bold = True
    para(doc, "", space_after=0)
    para(doc, f"Tới dự: {m.title}.", indent=True)
    para(doc, f"Thời gian: {when(m)}.", indent=True)
    para(doc, f"Địa điểm: {m.place or '…'}.", indent=True)
    if seat:
        para(doc, seat, indent=True)
    para(doc, f"Đề nghị {form} mang theo giấy mời, đến dự đúng giờ./.", indent=True)
    closing(doc, m, ["Như trên"])
    if listed is None:
        return
    page_break(doc)
    para(doc, f"DANH SÁCH CÔNG DÂN {xom.upper()} ĐƯỢC MỜI", bold=True, center=True, space_after=0)
    para(doc, f"(Kèm theo giấy mời dự {lower_first(m.title)})", italic=True, center=True)
    names = listed or [""] * blank
    rows = [[str(i), name, ""] for i, name in enumerate(names, 1)]
    if rows:
        table(doc, ["STT", "Họ và tên", "Ký nhận giấy mời"], rows, [15, 95, 55], size=13)
    else:
        para(doc, "Chưa có danh sách.", italic=True, indent=True)
