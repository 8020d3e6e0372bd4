"""Files as the office's programs write them."""

from __future__ import annotations

import io

import openpyxl


def xlsx(rows: list[list]) -> bytes:
    """An Excel workbook whose first sheet holds ``rows`` (None: an empty cell)."""
    book = openpyxl.Workbook()
    for row in rows:
        book.active.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
