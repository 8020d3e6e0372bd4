"""Files as the office's programs write them."""

from __future__ import annotations

import io

import docx
import docx.table
import openpyxl


def xlsx(rows: list[list]) -> bytes:
    """An Excel workbook whose first sheet holds ``rows`` (None: an empty cell)."""
    book = openpyxl.Workbook()
    for row in rows:
        book.active.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


# Real samples: the same names typed with the .VnTime font (TCVN3) and the VNI-Times font (VNI), as
# Excel stores them (the font's bytes read as Western letters).
TCVN3_NAMES = {
    "NguyÔn V¨n An": "Nguyễn Văn An",
    "TrÇn ThÞ H­¬ng": "Trần Thị Hương",
    "Lª V¨n B¶y": "Lê Văn Bảy",
    "§Æng §øc Th¾ng": "Đặng Đức Thắng",
    "Hoµng ThÞ Thanh": "Hoàng Thị Thanh",
    "Xãm §«ng": "Xóm Đông",
}
VNI_NAMES = {
    "Nguyeãn Vaên An": "Nguyễn Văn An",
    "Tröông Thò Höôøng": "Trương Thị Hường",
    "Ñoã Ñöùc Thaéng": "Đỗ Đức Thắng",
    "Phaïm Vaên Khoa": "Phạm Văn Khoa",
    "Xoùm Ñoâng": "Xóm Đông",
}


def docx_lines(document) -> list[str]:
    """Every paragraph's text and every table cell's of a python-docx document, in its order."""
    out = []
    for block in document.iter_inner_content():
        if isinstance(block, docx.table.Table):
            out += [cell.text for row in block.rows for cell in row.cells]
        else:
            out.append(block.text)
    return out
