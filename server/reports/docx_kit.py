"""python-docx plumbing shared by every Word file: the page, paragraphs, letterhead cells, tables,
the short rules of the heading, and deterministic bytes.

Layout (Decree 30/2020/NĐ-CP, Appendix I; Guidance 36-HD/VPTW has the same ranges): A4 portrait,
margins top and bottom 20 mm (20–25 allowed), left 30 mm (30–35), right 15 mm (15–20); Times New
Roman, the body in 14 pt; every style, the defaults included, in that one font, so that Word and
LibreOffice never substitute a theme font for part of the text.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from datetime import UTC, datetime
from io import BytesIO
from zipfile import ZIP_DEFLATED, ZipFile, ZipInfo

from docx import Document
from docx.blkcntnr import BlockItemContainer
from docx.document import Document as DocxDocument
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph

FONT = "Times New Roman"
BODY_PT = 14
TEXT_WIDTH_MM = 165  # A4 210 mm less the 30 and 15 mm margins

_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def text(value: str) -> str:
    """User text as a run takes it: NFC, without the control characters XML cannot hold."""
    return _NOT_XML.sub("", unicodedata.normalize("NFC", str(value)))


def new_document(*, draft: bool = False, page_numbers: bool = True) -> DocxDocument:
    """An A4 portrait document in Times New Roman 14 pt with Decree 30's margins, its page number
    at the top from page 2 (not for letters printed as a batch), "DỰ THẢO" in a draft's header."""
    doc = Document()
    section = doc.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(20), Mm(20)
    section.left_margin, section.right_margin = Mm(30), Mm(15)
    section.header_distance = section.footer_distance = Mm(10)
    normal = doc.styles["Normal"]
    normal.font.name, normal.font.size = FONT, Pt(BODY_PT)
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
    if page_numbers:
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


def para(
    container: DocxDocument | BlockItemContainer,
    value: str,
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
    """A paragraph of ``value`` (justified, first line indented 1 cm if ``indent``)."""
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
    if value:
        run = p.add_run(text(value))
        run.bold, run.italic = bold or None, italic or None
        if size:
            run.font.size = Pt(size)
    return p


def heading(doc: DocxDocument, value: str) -> None:
    """A section heading ("I. MỤC ĐÍCH, YÊU CẦU"): bold, kept with what follows."""
    para(doc, value, bold=True, space_before=6, keep_next=True)


def page_break(doc: DocxDocument) -> None:
    """The next block starts a new page (between the letters of a mail merge)."""
    doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)


def lines(
    cell: _Cell,
    rows: list[tuple[str, str]],
    *,
    size: float,
    align: WD_ALIGN_PARAGRAPH | None = WD_ALIGN_PARAGRAPH.CENTER,
) -> None:
    """Lines of a letterhead or signature cell, each ``(text, style)``: "b" bold, "i" italic,
    "u" underlined. The cell's first (empty) paragraph takes the first line."""
    for value, style in rows:
        first = cell.paragraphs[0]
        p = first if not first.text and not first.runs and not _has_border(first) else cell.add_paragraph()
        p.alignment = align
        p.paragraph_format.space_after = Pt(0)
        run = p.add_run(text(value))
        run.font.size = Pt(size)
        run.bold, run.italic, run.underline = ("b" in style) or None, ("i" in style) or None, ("u" in style) or None


def estimated_width_mm(value: str, size: float, *, bold: bool = True) -> float:
    """About how wide ``value`` prints in Times New Roman at ``size`` pt (upper case is wider):
    enough to size a rule as a fraction of the line above it."""
    em = sum(0.72 if c.isupper() else 0.5 if c.isalpha() or c.isdigit() else 0.3 for c in value)
    return em * size * (1.04 if bold else 1.0) * 25.4 / 72


def rule(container: _Cell | DocxDocument, width_mm: float, box_mm: float) -> Paragraph:
    """A short solid line, centred in a box ``box_mm`` wide (a table cell, or the text width):
    an empty paragraph whose top border runs between its indents, 2 pt high. Decree 30 puts one
    under the issuing body and under the subject line, 1/3 to 1/2 as long as the line above."""
    p = container.add_paragraph()
    fmt = p.paragraph_format
    side = max(0.0, (box_mm - width_mm) / 2)
    fmt.left_indent = fmt.right_indent = Mm(side)
    fmt.space_before, fmt.space_after = Pt(7), Pt(0)  # clear of the line above: not its underline
    ppr = p._p.get_or_add_pPr()
    mark = OxmlElement("w:rPr")  # the empty line's height is its paragraph mark's: 2 pt
    size = OxmlElement("w:sz")
    size.set(qn("w:val"), "4")
    mark.append(size)
    ppr.append(mark)
    borders = OxmlElement("w:pBdr")
    top = OxmlElement("w:top")
    for key, value in (("val", "single"), ("sz", "6"), ("space", "1"), ("color", "000000")):
        top.set(qn(f"w:{key}"), value)
    borders.append(top)
    ppr.insert_element_before(borders, "w:shd", "w:tabs", "w:spacing", "w:ind", "w:jc", "w:rPr")
    return p


def _has_border(p: Paragraph) -> bool:
    ppr = p._p.pPr
    return ppr is not None and ppr.find(qn("w:pBdr")) is not None


def grid(doc: DocxDocument, rows: int, widths_mm: Sequence[float], *, borders: bool) -> Table:
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
    for row in table.rows:  # a row never splits across pages: a signature stays with its title
        row._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))
    return table


def table(
    doc: DocxDocument,
    header: list[str],
    rows: list[list[str]],
    widths_mm: Sequence[float],
    *,
    total: bool = False,
    size: float = 12,
) -> Table:
    """A gridded table, 12 pt, its header row bold and repeated on each page (a total row bold);
    no row splits across two pages (``grid``)."""
    made = grid(doc, 1 + len(rows), widths_mm, borders=True)
    for r, values in enumerate([header, *rows]):
        bold = r == 0 or (total and r == len(rows))
        for cell, value in zip(made.rows[r].cells, values, strict=True):
            centered = bold or re.fullmatch(r"[\d:/+−-]*", value)  # headers, totals, numbers, times, dates
            align = WD_ALIGN_PARAGRAPH.CENTER if centered else None
            lines(cell, [(value, "b" if bold else "")], size=size, align=align)
    made.rows[0]._tr.get_or_add_trPr().append(OxmlElement("w:tblHeader"))
    para(doc, "", space_after=0)
    return made


def save(doc: DocxDocument, title: str, author: str, when: float | None) -> bytes:
    """The .docx bytes: the same document gives the same bytes (fixed times in the zip)."""
    props = doc.core_properties
    props.title, props.author, props.last_modified_by = text(title[:250]), text(author), ""
    if when is not None:
        props.created = props.modified = datetime.fromtimestamp(when, UTC)
    raw = BytesIO()
    doc.save(raw)
    out = BytesIO()
    with ZipFile(BytesIO(raw.getvalue())) as src, ZipFile(out, "w", ZIP_DEFLATED) as dst:
        for item in src.infolist():
            dst.writestr(ZipInfo(item.filename, date_time=(1980, 1, 1, 0, 0, 0)), src.read(item), ZIP_DEFLATED)
    return out.getvalue()
