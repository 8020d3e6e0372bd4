"""Reading the commune office's spreadsheets of invited citizens and delegates, and the preview of
what importing one would do, before anything is saved.

The office keeps its lists in Excel (.xlsx, or the old .xls of Excel 97-2003, read with ``xlrd``) or
exports them as .csv, often from a Vietnamese Windows (Windows-1258, ``;`` between cells), sometimes
typed in a legacy Vietnamese font (TCVN3, VNI: ``server/legacy.py``). ``read_table`` turns such a
file into rows of text, refusing anything that is not a small list (``ImportProblem``); ``preview``
converts a list in a legacy encoding (listing every conversion for the office to confirm), maps the
header to the fields, validates every row with the same models the import commands use
(``CitizenRow``, ``DelegateRow``), and sorts the rows into those to import, those that cannot be (and
why), the duplicates, and the namesakes only the office can tell apart. The page shows the preview;
what the office confirms is sent as ``citizens.import`` / ``delegates.import``.

Pure: no Flask, no store. Messages are codes (``Problem``); ``server/i18n/refusals.py`` words them.
"""

from __future__ import annotations

import codecs
import csv
import io
import unicodedata
import warnings
import zipfile
from collections.abc import Iterable
from datetime import date, time
from typing import Any

import openpyxl
import xlrd

from . import legacy
from .domain.errors import CommandError, Problem
from .domain.payloads import Payload, validate
from .domain.people import IMPORT_ROWS, CitizenRow, CitizensImport, DelegateRow, DelegatesImport
from .import_rows import Sorter, field_value

MAX_BYTES = 5 * 1024 * 1024  # a list of 3000 people is well under 1 MB
MAX_ROWS = IMPORT_ROWS  # data rows of one file at most
MAX_UNPACKED = 50 * 1024 * 1024  # an .xlsx whose members add up to more is refused unopened
MAX_RATIO = 200  # ... and so is one packed more than this (a real sheet packs 5-20 times)
ZIP_MAGIC = b"PK\x03\x04"  # an .xlsx is a zip: a file that starts so is read as one, whatever its name
OLE_MAGIC = b"\xd0\xcf\x11\xe0"  # old binary Excel (.xls), and password-protected workbooks

# A table: the non-empty rows of the file, each with its 1-based row number in the file (the
# number Excel shows, so the office finds the row), cells as stripped strings.
Table = list[tuple[int, list[str]]]


class ImportProblem(Exception):
    """The whole file is refused (not a list we can read); ``problem`` says why."""

    def __init__(self, problem: Problem):
        super().__init__(problem.code)
        self.problem = problem


def _refuse(code: str, **params: Any) -> ImportProblem:
    return ImportProblem(Problem(code, None, params))


# ---------------------------------------------------------------- reading the file


def read_table(data: bytes, filename: str) -> Table:
    """The first sheet of an .xlsx or an .xls, or a .csv, as ``[(row number, [cell, …]), …]``:
    fully empty rows are dropped, the numbers stay those of the file. Raises ``ImportProblem`` for a
    file that is empty, too large, not a spreadsheet, an .xls that cannot be read (damaged, or
    protected by a password), damaged, or longer than ``MAX_ROWS``."""
    if not data:
        raise _refuse("import_empty")
    if len(data) > MAX_BYTES:
        raise _refuse("import_too_large", mb=MAX_BYTES // (1024 * 1024))
    extension = filename.rsplit(".", 1)[-1].casefold() if "." in filename else ""
    if extension == "xls" or data.startswith(OLE_MAGIC):
        return _read_xls(data)
    if extension == "xlsx" or data.startswith(ZIP_MAGIC):
        return _read_xlsx(data)
    if extension == "csv" and b"\x00" not in data:
        return _read_csv(data)
    raise _refuse("import_not_table")


def _collect(rows: Iterable[tuple[int, list[str]]]) -> Table:
    """Keep the rows with some text; stop as soon as there are more than a header and ``MAX_ROWS``."""
    table = []
    for number, cells in rows:
        if any(cells):
            table.append((number, cells))
            if len(table) > MAX_ROWS + 1:
                raise _refuse("import_too_many_rows", max=MAX_ROWS)
    if not table:
        raise _refuse("import_empty")
    return table


def _check_zip(data: bytes) -> None:
    """An .xlsx is a zip holding ``xl/workbook.xml``. A zip that cannot be read (cut short,
    damaged) is ``import_corrupt``; a file that is no zip at all, or a zip of something else (a
    Word file, an .ods), is ``import_not_table``. Refuse one that would unpack to far more than a
    list (a zip bomb) from its directory alone; ``zipfile`` never unpacks a member beyond the size
    its directory declares, so these sizes bound what openpyxl will read."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, ValueError):
        raise _refuse("import_corrupt" if data.startswith(ZIP_MAGIC) else "import_not_table") from None
    if "xl/workbook.xml" not in {m.filename for m in members}:
        raise _refuse("import_not_table")
    unpacked = sum(m.file_size for m in members)
    packed = sum(m.compress_size for m in members)
    if unpacked > MAX_UNPACKED or (unpacked > 1024 * 1024 and unpacked > MAX_RATIO * max(packed, 1)):
        raise _refuse("import_zip_bomb")


def _read_xlsx(data: bytes) -> Table:
    _check_zip(data)
    with warnings.catch_warnings():  # openpyxl warns about styles and extensions it ignores
        warnings.simplefilter("ignore")
        try:
            book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        except Exception:  # openpyxl raises many kinds for a damaged file
            raise _refuse("import_corrupt") from None
        try:
            sheet = book.worksheets[0]
            sheet.reset_dimensions()  # some programs store a wrong size: read every row there is
            rows = ((n, [_cell_text(v) for v in row]) for n, row in enumerate(sheet.iter_rows(values_only=True), 1))
            return _collect(rows)
        except ImportProblem:
            raise
        except Exception:
            raise _refuse("import_corrupt") from None
        finally:
            book.close()


def _read_xls(data: bytes) -> Table:
    """The first sheet of an Excel 97-2003 workbook. xlrd reads the whole file (at most
    ``MAX_BYTES``) in memory; an encrypted workbook (every password-protected one is an OLE file
    too) or a damaged one is refused as unreadable."""
    try:
        book = xlrd.open_workbook(file_contents=data, on_demand=True, logfile=io.StringIO())
    except Exception:  # xlrd raises XLRDError, CompDocError, struct errors… for what it cannot read
        raise _refuse("import_xls") from None
    try:
        sheet = book.sheet_by_index(0)
        rows = ((n + 1, [_xls_cell(cell, book.datemode) for cell in sheet.row(n)]) for n in range(sheet.nrows))
        return _collect(rows)
    except ImportProblem:
        raise
    except Exception:
        raise _refuse("import_xls") from None
    finally:
        book.release_resources()


def _xls_cell(cell: Any, datemode: Any) -> str:
    """An .xls cell as the office typed it (``_cell_text``): a date cell is a number in the file."""
    if cell.ctype == xlrd.XL_CELL_DATE:
        return _cell_text(xlrd.xldate.xldate_as_datetime(cell.value, datemode))
    return "" if cell.ctype in (xlrd.XL_CELL_ERROR, xlrd.XL_CELL_BOOLEAN) else _cell_text(cell.value)


def _cell_text(value: Any) -> str:
    """A cell as the office typed it: whole numbers without ".0", dates as dd/mm/yyyy."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, date):  # a datetime too
        return value.strftime("%d/%m/%Y")
    if isinstance(value, time):
        return value.strftime("%H:%M")
    return str(value).strip()


def _read_csv(data: bytes) -> Table:
    text = unicodedata.normalize("NFC", _decode(data))
    lines = text.splitlines()
    header = next((line for line in lines if line.strip()), "")
    delimiter = max(",;\t", key=header.count)  # the header holds no other comma, semicolon or tab
    try:
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
        # the row number is the record's (a quoted cell may span lines): the row Excel shows
        return _collect((n, [cell.strip() for cell in row]) for n, row in enumerate(reader, 1))
    except csv.Error:
        raise _refuse("import_not_table") from None


# The letters of Vietnamese beyond ASCII: the vowels with their tone marks, and đ.
_VIETNAMESE = {
    unicodedata.normalize("NFC", vowel + tone)
    for vowel in "aăâeêioôơuưyAĂÂEÊIOÔƠUƯY"
    for tone in ("", "\u0300", "\u0301", "\u0309", "\u0303", "\u0323")
} | {"đ", "Đ"}


def _decode(data: bytes) -> str:
    """UTF-8 (with or without BOM) when it is valid UTF-8. Otherwise Windows-1258 or Windows-1252,
    which share most bytes: Windows-1258 writes tone marks as combining characters after the vowel.
    Prefer Windows-1258 when the text it gives, NFC-normalised, leaves no loose mark, has only
    Vietnamese letters beyond ASCII, and some that Windows-1252 cannot write (ơ, ư, ệ…): a Western
    text read that way gets stray marks, or keeps letters like ü or ç."""
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8) :]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        text = unicodedata.normalize("NFC", data.decode("cp1258"))
        letters = {ch for ch in text if ch.isalpha() and not ch.isascii()}
        loose_mark = any(unicodedata.combining(ch) for ch in text)
        if not loose_mark and letters <= _VIETNAMESE and any(_not_cp1252(ch) for ch in letters):
            return text
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError:
        raise _refuse("import_encoding") from None


def _not_cp1252(ch: str) -> bool:
    try:
        ch.encode("cp1252")
    except UnicodeEncodeError:
        return True
    return False


# ---------------------------------------------------------------- the preview

# Header titles per field, compared by ``_fold`` (letter case, diacritics, spaces and punctuation
# aside: "Ho va ten", "HỌ VÀ TÊN" and "Họ và tên" are one). The first names the column in messages.
ALIASES = {
    "name": ("Họ và tên", "Họ tên", "Tên", "Name", "Full name"),
    "xom": ("Xóm", "Thôn/xóm", "Tổ", "Hamlet"),
    "phone": ("Số điện thoại", "Điện thoại", "SĐT", "Số ĐT", "Phone"),
    "id_number": ("Số CCCD", "CCCD", "CMND", "Số CMND", "Số CMND/CCCD", "Số định danh", "ID"),
    "note": ("Ghi chú", "Note"),
    # a year, or a whole date of birth (its year is kept)
    "year_of_birth": ("Năm sinh", "Sinh năm", "Ngày sinh", "Ngày tháng năm sinh", "Year of birth", "Born", "Birth"),
    "gender": ("Giới tính", "Nam/Nữ", "Gender", "Sex"),
    "title": ("Chức vụ", "Chức danh", "Title", "Position"),
    "unit": ("Đơn vị", "Cơ quan", "Unit"),
    "group": ("Nhóm", "Thành phần", "Group"),
}
SKIPPED = ("STT", "TT", "No")  # the row numbers the lists carry: ignored without a word

ROW_MODELS: dict[str, type[Payload]] = {"citizens": CitizenRow, "delegates": DelegateRow}
IMPORT_MODELS: dict[str, type[Payload]] = {"citizens": CitizensImport, "delegates": DelegatesImport}


def _fold(title: str) -> str:
    text = unicodedata.normalize("NFD", title.casefold().replace("đ", "d"))
    return "".join(ch for ch in text if ch.isalnum() and not unicodedata.combining(ch))


def _columns(kind: str, header: list[str]) -> tuple[dict[int, str], list[str]]:
    """The field of each recognised column by index, and the titles of the columns left out."""
    model = ROW_MODELS[kind]
    lookup = {_fold(alias): field for field in model.model_fields for alias in ALIASES.get(field, ())}
    skipped = {_fold(title) for title in SKIPPED}
    columns: dict[int, str] = {}
    ignored: list[str] = []
    for index, title in enumerate(header):
        field = lookup.get(_fold(title))
        if field in columns.values():
            first = header[next(i for i, f in columns.items() if f == field)]
            raise _refuse("import_repeated_column", columns=f"{first}, {title}")
        if field:
            columns[index] = field
        elif _fold(title) and _fold(title) not in skipped:
            ignored.append(title)
    required = [f for f, info in model.model_fields.items() if info.is_required()]
    titles = ", ".join(ALIASES[f][0] for f in required if f not in columns.values())
    if not columns:  # even when the first row has the right number of cells: never guess
        raise _refuse("import_no_header", columns=titles)
    if titles:
        raise _refuse("import_missing_columns", columns=titles)
    return columns, ignored


HEADER_ROWS = 10  # a list often has a title line or two above its column titles


def _header(kind: str, table: Table) -> tuple[int, dict[int, str], list[str]]:
    """The header: the first of the first ``HEADER_ROWS`` rows that names every required column
    (title lines above it are passed over); its index, columns and ignored titles. When none does,
    the most telling refusal: a row that named some columns says which are missing."""
    refusals = []
    for index, (_line, cells) in enumerate(table[:HEADER_ROWS]):
        try:
            return (index, *_columns(kind, cells))
        except ImportProblem as exc:
            refusals.append(exc)
    raise next((r for r in refusals if r.problem.code != "import_no_header"), refusals[0])


def _max_rows(kind: str) -> int:
    """How many rows one import command takes (its payload model says)."""
    metadata = IMPORT_MODELS[kind].model_fields["rows"].metadata
    limit: int = next(m.max_length for m in metadata if getattr(m, "max_length", None))
    return limit


def preview(kind: str, table: Table, existing: Iterable[Any]) -> dict[str, Any]:
    """What importing ``table`` (from ``read_table``) into a meeting that already has ``existing``
    (its citizens or delegates) would do. The header is the first row naming the columns, among the
    first ``HEADER_ROWS``. A list typed in a legacy encoding (TCVN3, VNI) is converted first, and
    every cell that changed is listed with its original.

    Returns ``{"kind", "rows": [row as the import command takes it, …], "lines": [row number of
    each], "problems": [{"line", "field", "code", "params", "value"}, …] (rows left out, one entry
    per problem), "duplicates": [{"line", "name", "reason", "first_line"?, "row"?}, …],
    "ignored_columns": [title, …], "encoding": "tcvn3"|"vni"|null, "converted": [{"line", "field",
    "original", "converted"}, …], "per_xom": {xóm: rows} (citizens only)}``. A duplicate's reason is
    "already_invited" or "repeated" (the same person: left out), or for citizens "same_name": one of
    the same name and xóm whom nothing tells apart (no year of birth, gender or identity number that
    differs) but who is not the same either; only the office knows, so the row is not in ``rows``
    but in the duplicate's ``row``, with ``another_person`` set, ready to send if the office says it
    is another person. Raises ``ImportProblem`` when the header lacks a required column or there is
    nothing to read.
    """
    if kind not in ROW_MODELS:
        raise ValueError(f"unknown import kind {kind!r}")
    table, encoding, changed = legacy.convert_table(table)
    start, columns, ignored = _header(kind, table)
    data_rows = table[start + 1 :]
    converted = [
        {"line": line, "field": columns[i], "original": original, "converted": text}
        for line, i, original, text in changed
        if i in columns and line > table[start][0]
    ]
    people = Sorter(kind, existing)
    rows: list[dict[str, Any]] = []
    lines: list[int] = []
    problems: list[dict[str, Any]] = []
    for line, cells in data_rows:
        raw = {field: cells[i] if i < len(cells) else "" for i, field in columns.items()}
        if not any(raw.values()):  # only a row number or an ignored column: an unused line
            continue
        try:
            values = {f: field_value(f, v) for f, v in raw.items()}
            row = validate(ROW_MODELS[kind], values).model_dump(exclude={"another_person"})  # the office decides it
        except CommandError as exc:
            for p in exc.problems:
                value = raw.get(p.field or "", "")
                problems.append({"line": line, "field": p.field, "code": p.code, "params": p.params, "value": value})
            continue
        if people.sort(line, row):
            rows.append(row)
            lines.append(line)
    if not (rows or problems or people.duplicates):
        raise _refuse("import_no_rows")
    if len(rows) > _max_rows(kind):
        raise _refuse("import_too_many_rows", max=_max_rows(kind))
    result: dict[str, Any] = {
        "kind": kind,
        "rows": rows,
        "lines": lines,
        "problems": problems,
        "duplicates": people.duplicates,
        "ignored_columns": ignored,
        "encoding": encoding,
        "converted": converted,
    }
    if kind == "citizens":
        result["per_xom"] = _per_xom(rows)
    return result


def _per_xom(rows: list[dict[str, Any]]) -> dict[str, int]:
    """Rows to import per xóm, spelled as first met ("Xóm Đông" and "xóm đông" are one xóm)."""
    spelling: dict[str, str] = {}
    counts: dict[str, int] = {}
    for row in rows:
        xom = spelling.setdefault(row["xom"].casefold(), row["xom"])
        counts[xom] = counts.get(xom, 0) + 1
    return counts
