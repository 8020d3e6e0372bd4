"""The office's spreadsheets of invited citizens and delegates: reading them, the preview of the
import, the refusals of files that are not a list, and the upload endpoint. Every file is made here
(openpyxl for .xlsx, bytes for .csv), as the office's Excel or Vietnamese Windows would write it."""

from __future__ import annotations

import io
import unicodedata
import zipfile
from datetime import date
from types import SimpleNamespace
from urllib.parse import quote

import pytest

from server.domain.model import Citizen, Meeting
from server.imports import MAX_BYTES, MAX_ROWS, ImportProblem, preview, read_table
from server.uploads import bp

from ..support.files import xlsx

HEADER = ["STT", "Họ và tên", "Xóm", "Số điện thoại", "Số CCCD", "Ghi chú"]
XOMS = {"Xóm Đông": 15, "Xóm Đoài": 15, "Xóm Trại": 10}
FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi"]
GIVEN = ["Văn Ất", "Thị Hường", "Đức Thắng", "Thị Ánh", "Quốc Việt"]
TONES = "\u0300\u0301\u0303\u0309\u0323"  # huyền, sắc, ngã, hỏi, nặng


def csv_text(rows: list[list[str]], delimiter: str = ",") -> str:
    return "\r\n".join(delimiter.join(row) for row in rows) + "\r\n"


def cp1258(text: str) -> bytes:
    """``text`` as Vietnamese Windows writes it: the letters Windows-1258 has (ă, ê, ơ, ư, đ…),
    each followed by its tone mark as a combining character. Python's codec only maps characters,
    so split each letter the code page lacks into its letter and its tone first."""
    out = b""
    for ch in text:
        try:
            out += ch.encode("cp1258")
        except UnicodeEncodeError:
            decomposed = unicodedata.normalize("NFD", ch)
            tone = next(mark for mark in decomposed if mark in TONES)
            out += unicodedata.normalize("NFC", decomposed.replace(tone, "")).encode("cp1258") + tone.encode("cp1258")
    return out


def citizens_list() -> list[list]:
    """40 citizens in 3 xóm, numbered like the office's lists."""
    people = [
        (f"{FAMILY[i % 8]} {GIVEN[i // 8]}", xom) for i, xom in enumerate(x for x, n in XOMS.items() for _ in range(n))
    ]
    return [HEADER] + [[n, name, xom, f"09{n:08d}", "", ""] for n, (name, xom) in enumerate(people, 1)]


def refusal(data: bytes, filename: str, kind: str = "citizens") -> ImportProblem:
    with pytest.raises(ImportProblem) as caught:
        preview(kind, read_table(data, filename), [])
    return caught.value


# ---------------------------------------------------------------- reading good files


def test_a_good_xlsx_of_40_citizens_in_3_xom():
    rows = citizens_list()
    rows[5][1] = unicodedata.normalize("NFD", rows[5][1])  # typed with a decomposing keyboard
    got = preview("citizens", read_table(xlsx(rows), "Danh sách cử tri.xlsx"), [])
    assert len(got["rows"]) == 40 and got["lines"] == list(range(2, 42))
    assert got["problems"] == got["duplicates"] == got["ignored_columns"] == []
    assert got["per_xom"] == XOMS
    assert got["rows"][0] == {
        "name": "Nguyễn Văn Ất",
        "xom": "Xóm Đông",
        "phone": "0900000001",
        "id_number": "",
        "note": "",
        "year_of_birth": None,
        "gender": "",
    }
    assert got["rows"][4]["name"] == unicodedata.normalize("NFC", rows[5][1]) == "Hoàng Văn Ất"
    assert all(unicodedata.is_normalized("NFC", r["name"]) for r in got["rows"])


def test_numbers_typed_in_excel_come_out_as_typed():
    rows = [
        ["Họ và tên", "Xóm", "Điện thoại", "CCCD", "Ghi chú"],
        ["Lê Thị Hường", "Xóm Đông", 912345678, 1203004567, date(2023, 5, 25)],  # lost their zeros
        ["Đặng Văn Ất", "Xóm Đông", 84912345678, 123456789.0, 3.5],  # +84 without the +, CMND as float
        ["Vũ Đức Thắng", "Xóm Đông", "0987 654 321", 36123456789.0, None],  # CCCD 036… as a float
    ]
    got = preview("citizens", read_table(xlsx(rows), "ds.xlsx"), [])
    assert got["problems"] == []
    assert [(r["phone"], r["id_number"], r["note"]) for r in got["rows"]] == [
        ("0912345678", "001203004567", "25/05/2023"),
        ("84912345678", "123456789", "3.5"),
        ("0987654321", "036123456789", ""),
    ]


NAMES = ["Nguyễn Thị Hường", "Đặng Văn Ất", "Trần Quốc Việt", "Phạm Thị Ngọc Ánh"]


@pytest.mark.parametrize(
    ("encode", "delimiter"),
    [
        (lambda text: text.encode("utf-8"), ","),
        (lambda text: text.encode("utf-8-sig"), ";"),  # Excel's "CSV UTF-8"
        (cp1258, ";"),  # Excel's "CSV" on a Vietnamese Windows
    ],
    ids=["utf-8", "utf-8-bom", "cp1258"],
)
def test_csv_in_the_encodings_the_office_saves(encode, delimiter):
    text = csv_text([["Họ và tên", "Xóm"]] + [[name, "Xóm Trại"] for name in NAMES], delimiter)
    data = encode(text)
    got = preview("citizens", read_table(data, "cu tri.CSV"), [])
    assert [r["name"] for r in got["rows"]] == NAMES
    assert got["per_xom"] == {"Xóm Trại": 4}


def test_the_cp1258_bytes_are_what_vietnamese_windows_writes():
    data = cp1258("Nguyễn Thị Hường, Đặng")
    assert b"\xea\xde" in data and b"\xe3\xf2" in data  # ê + tilde for ễ, ă + dot below for ặ
    assert unicodedata.normalize("NFC", data.decode("cp1258")) == "Nguyễn Thị Hường, Đặng"


def test_csv_from_a_western_windows():
    names = ["José Müller", "François Lefèvre", "Ana Núñez", "Jürgen Groß"]
    data = csv_text([["Name", "Hamlet"]] + [[n, "Đông"] for n in names]).replace("Đông", "Dong").encode("cp1252")
    got = preview("citizens", read_table(data, "guests.csv"), [])
    assert [r["name"] for r in got["rows"]] == names


def test_empty_rows_keep_the_line_numbers_of_the_file():
    rows = [["Họ và tên", "Xóm"], ["Lê Văn An", "Xóm Đông"], [None, None], [None], ["Lê Văn Bình", ""]]
    rows += [["Lê Văn Cường", "Xóm Đông"]]
    for data, name in [(xlsx(rows), "a.xlsx"), (csv_text([[c or "" for c in r] for r in rows]).encode(), "a.csv")]:
        got = preview("citizens", read_table(data, name), [])
        assert got["lines"] == [2, 6]
        assert [(p["line"], p["field"], p["code"]) for p in got["problems"]] == [(5, "xom", "empty")]


def test_blank_rows_above_the_header():
    data = xlsx([[None], [None, None], ["Họ và tên", "Xóm"], ["Lê Văn An", "Xóm Đông"]])
    assert preview("citizens", read_table(data, "a.xlsx"), [])["lines"] == [4]


# ---------------------------------------------------------------- the header


def test_title_lines_above_the_header_are_passed_over():
    """Commune lists start with their title, as printed: the column titles come after it."""
    rows = [
        ["DANH SÁCH CÔNG DÂN DỰ HỘI NGHỊ ĐỐI THOẠI"],
        ["Thôn An Bộ - ngày 25/5/2023"],
        ["STT", "Họ và tên", "Xóm"],
        [1, "Lê Văn An", "Xóm Đông"],
    ]
    got = preview("citizens", read_table(xlsx(rows), "a.xlsx"), [])
    assert (got["lines"], got["rows"][0]["name"]) == ([4], "Lê Văn An")


def test_header_aliases_without_diacritics():
    header = ["TT", "HO VA TEN", "Thon / xom", "SDT", "So CMND/CCCD", "Ghi chu"]
    got = preview(
        "citizens",
        read_table(xlsx([header, [1, "Bùi Thị Ánh", "Xóm Đoài", "0912345678", "", "Hộ nghèo"]]), "a.xlsx"),
        [],
    )
    assert got["rows"] == [
        {
            "name": "Bùi Thị Ánh",
            "xom": "Xóm Đoài",
            "phone": "0912345678",
            "id_number": "",
            "note": "Hộ nghèo",
            "year_of_birth": None,
            "gender": "",
        }
    ]
    header = ["No.", "Full name", "Position", "Cơ quan", "Thanh phan"]
    got = preview(
        "delegates", read_table(xlsx([header, [1, "Trần Văn Hải", "Chủ tịch", "UBND xã", "Xã"]]), "a.xlsx"), []
    )
    assert got["rows"] == [{"name": "Trần Văn Hải", "title": "Chủ tịch", "unit": "UBND xã", "group": "Xã"}]
    assert "per_xom" not in got


def test_extra_columns_are_listed_and_left_out():
    header = ["STT", "Họ và tên", "Dân tộc", "Xóm", "Nghề nghiệp"]
    got = preview(
        "citizens", read_table(xlsx([header, [1, "Lê Văn An", "Kinh", "Xóm Đông", "Làm ruộng"]]), "a.xlsx"), []
    )
    assert got["ignored_columns"] == ["Dân tộc", "Nghề nghiệp"]
    assert got["rows"] == [
        {
            "name": "Lê Văn An",
            "xom": "Xóm Đông",
            "phone": "",
            "id_number": "",
            "note": "",
            "year_of_birth": None,
            "gender": "",
        }
    ]


def test_missing_columns_are_named():
    problem = refusal(xlsx([["STT", "Họ và tên", "Số điện thoại"], [1, "Lê Văn An", "0912345678"]]), "a.xlsx").problem
    assert (problem.code, problem.params) == ("import_missing_columns", {"columns": "Xóm"})
    problem = refusal(xlsx([["Chức vụ", "Đơn vị"], ["Chủ tịch", "UBND xã"]]), "a.xlsx", "delegates").problem
    assert (problem.code, problem.params) == ("import_missing_columns", {"columns": "Họ và tên"})


def test_a_list_without_a_header_is_not_guessed():
    problem = refusal(xlsx([["Lê Văn An", "Xóm Đông"], ["Lê Văn Bình", "Xóm Đông"]]), "a.xlsx").problem
    assert (problem.code, problem.params) == ("import_no_header", {"columns": "Họ và tên, Xóm"})


def test_two_columns_for_one_field_are_refused():
    problem = refusal(xlsx([["Họ và tên", "Xóm", "CMND", "CCCD"], ["Lê Văn An", "Xóm Đông", "", ""]]), "a.xlsx").problem
    assert (problem.code, problem.params) == ("import_repeated_column", {"columns": "CMND, CCCD"})


def test_a_header_without_rows_is_refused():
    rows = [["STT", "Họ và tên", "Xóm"], [1, None, None], [2]]  # a template's numbered lines, left blank
    assert refusal(xlsx(rows), "a.xlsx").problem.code == "import_no_rows"


# ---------------------------------------------------------------- rows that cannot be imported


def test_a_bad_phone_and_a_bad_id_number_are_reported_with_line_and_field():
    rows = [["Họ và tên", "Xóm", "SĐT", "CCCD"], ["Lê Văn An", "Xóm Đông", "0912", ""], [None]]
    rows += [["Lê Văn Bình", "Xóm Đông", "", "12345"], ["Lê Văn Cường", "Xóm Đông", "0912 345 678", "001203004567"]]
    got = preview("citizens", read_table(xlsx(rows), "a.xlsx"), [])
    assert [(p["line"], p["field"], p["code"], p["value"]) for p in got["problems"]] == [
        (2, "phone", "bad_phone", "0912"),
        (4, "id_number", "bad_id_number", "12345"),
    ]
    assert got["lines"] == [5]


def test_the_same_name_twice_in_a_file_is_left_to_the_office():
    """Same names are common in a hamlet: a second row nothing tells apart is never dropped, nor
    added on a guess; the preview holds it ready to send if the office says it is another person."""
    rows = [["Họ và tên", "Xóm"], ["Lê Văn Ân", "Xóm Đông"], ["Lê Văn An", "Xóm Đông"], ["lê  văn ân", "XÓM ĐÔNG"]]
    rows += [["Lê Văn Ân", "Xóm Đoài"]]  # a namesake in another xóm is another person
    got = preview("citizens", read_table(xlsx(rows), "a.xlsx"), [])
    assert got["lines"] == [2, 3, 5]  # "Ân" is not "An"
    [namesake] = got["duplicates"]
    assert (namesake["line"], namesake["name"], namesake["reason"], namesake["first_line"]) == (
        4,
        "lê văn ân",
        "same_name",
        2,
    )
    assert namesake["row"]["another_person"] is True and namesake["row"]["xom"] == "XÓM ĐÔNG"
    assert got["per_xom"] == {"Xóm Đông": 2, "Xóm Đoài": 1}


def test_importing_the_same_file_again_gives_only_duplicates():
    data = xlsx(citizens_list())
    first = preview("citizens", read_table(data, "a.xlsx"), [])
    invited = [SimpleNamespace(**row) for row in first["rows"]]
    again = preview("citizens", read_table(data, "a.xlsx"), invited)
    assert again["rows"] == [] and again["per_xom"] == {}
    assert [d["line"] for d in again["duplicates"]] == list(range(2, 42))
    assert {d["reason"] for d in again["duplicates"]} == {"already_invited"}


def test_delegates_are_the_same_by_name_and_unit():
    rows = [["Họ và tên", "Chức vụ", "Đơn vị"], ["Trần Văn Hải", "Chủ tịch", "UBND xã"]]
    rows += [["Trần Văn Hải", "Bí thư", "Đảng ủy xã"], ["Nguyễn Thị Lan", "Trưởng thôn", "Thôn An Bộ"]]
    at_table = [SimpleNamespace(name="Nguyễn Thị Lan", unit="thôn an bộ")]
    got = preview("delegates", read_table(xlsx(rows), "dai bieu.xlsx"), at_table)
    assert got["lines"] == [2, 3]
    assert got["duplicates"] == [{"line": 4, "name": "Nguyễn Thị Lan", "reason": "already_invited"}]


def test_more_delegates_than_one_import_takes_are_refused():
    rows = [["Họ và tên", "Đơn vị"]] + [[f"Đại biểu {n}", "UBND"] for n in range(501)]
    problem = refusal(csv_text(rows).encode(), "a.csv", "delegates").problem
    assert (problem.code, problem.params) == ("import_too_many_rows", {"max": 500})


# ---------------------------------------------------------------- files that are not a list


def test_refused_files():
    assert refusal(b"", "a.xlsx").problem.code == "import_empty"
    assert refusal(b"\r\n ; \r\n\r\n", "a.csv").problem.code == "import_empty"
    assert refusal(b"Ho va ten,Xom\nLe Van An,Dong\n", "a.xlsx").problem.code == "import_not_table"
    assert refusal(b"Ho va ten,Xom\nLe Van An,Dong\n", "a.txt").problem.code == "import_not_table"
    assert refusal(b"Ho va ten,Xom\nLe Van An,Dong\x00\n", "a.csv").problem.code == "import_not_table"
    assert refusal(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600), "danh sach.xls").problem.code == "import_xls"
    assert refusal(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600), "renamed.xlsx").problem.code == "import_xls"
    assert refusal(b"x" * (MAX_BYTES + 1), "a.csv").problem.params == {"mb": 5}


def test_a_damaged_xlsx():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("xl/workbook.xml", "<not a workbook")
    assert refusal(out.getvalue(), "a.xlsx").problem.code == "import_corrupt"


def test_a_damaged_xlsx_is_told_apart_from_a_file_that_is_no_table():
    """A workbook cut short is damaged (``import_corrupt``: save it again); a zip of another kind,
    or a file that is no zip, is not a spreadsheet (``import_not_table``: choose another file)."""
    whole = io.BytesIO()
    with zipfile.ZipFile(whole, "w") as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>" * 200)
    cut = whole.getvalue()[: len(whole.getvalue()) // 2]
    assert refusal(cut, "a.xlsx").problem.code == "import_corrupt"
    assert refusal(cut, "danh sach").problem.code == "import_corrupt"  # a zip, whatever its name
    word = io.BytesIO()
    with zipfile.ZipFile(word, "w") as archive:
        archive.writestr("word/document.xml", "<document/>")
    assert refusal(word.getvalue(), "a.xlsx").problem.code == "import_not_table"
    assert refusal(b"%PDF-1.4 not a list", "a.xlsx").problem.code == "import_not_table"


@pytest.mark.parametrize("megabytes", [60, 10], ids=["too-large-unpacked", "packed-too-tightly"])
def test_a_zip_bomb_is_refused_unopened(megabytes):
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>")
        archive.writestr("xl/worksheets/sheet1.xml", bytes(megabytes * 1024 * 1024))
    assert len(out.getvalue()) < MAX_BYTES
    assert refusal(out.getvalue(), "a.xlsx").problem.code == "import_zip_bomb"


def test_at_most_3000_rows():
    rows = [["Họ và tên", "Xóm"]] + [[f"Người {n}", "Xóm Đông"] for n in range(MAX_ROWS)]
    assert len(preview("citizens", read_table(csv_text(rows).encode(), "a.csv"), [])["rows"]) == 3000
    rows.append(["Người thừa", "Xóm Đông"])
    assert refusal(csv_text(rows).encode(), "a.csv").problem.params == {"max": 3000}
    assert refusal(xlsx(rows), "a.xlsx").problem.code == "import_too_many_rows"


# ---------------------------------------------------------------- the endpoint


@pytest.fixture
def upload(app, store):
    """``upload(data, filename, kind=…, meeting_id=…, pin=…)`` → the response."""
    if "uploads" not in app.blueprints:
        app.register_blueprint(bp)
    client = app.test_client()

    def post(data=None, filename="danh sách.xlsx", kind="citizens", meeting_id=1, pin=None, **kwargs):
        headers = {
            "X-Filename": quote(filename),
            "X-Role": "office",
            "X-Pin": store.office_pin() if pin is None else pin,
        }
        return client.post(f"/office/import/{kind}?meeting_id={meeting_id}", data=data, headers=headers, **kwargs)

    return post


def messages(response) -> list[str]:
    return [e["message"] for e in response.get_json()["errors"]]


def test_a_wrong_pin_is_refused_then_throttled(upload):
    data = xlsx(citizens_list())
    for _ in range(5):
        response = upload(data, pin="0000000")
        assert response.status_code == 403 and messages(response) == ["Mã PIN không đúng."]
    response = upload(data)  # even the right PIN, for the rest of the minute
    assert response.status_code == 429 and "chờ một phút" in messages(response)[0]


def test_no_such_meeting_or_list(upload):
    response = upload(xlsx(citizens_list()), meeting_id=999)
    assert response.status_code == 404 and messages(response) == ["Không có hội nghị này."]
    assert upload(xlsx(citizens_list()), kind="speakers").status_code == 404


def test_a_file_too_large_is_refused_before_it_is_read(upload):
    class Unread(io.RawIOBase):
        """A body of MAX_BYTES + 1 bytes as far as its length goes, that fails the test if read."""

        position = 0

        def seekable(self):
            return True

        def tell(self):
            return self.position

        def seek(self, offset, whence=io.SEEK_SET):
            self.position = MAX_BYTES + 1 if whence == io.SEEK_END else offset
            return self.position

        def readinto(self, buffer):
            raise AssertionError("the body was read")

    response = upload(input_stream=Unread())
    assert response.status_code == 413 and "5 MB" in messages(response)[0]


def test_a_refused_file_says_what_to_do_in_vietnamese(upload):
    response = upload(b"\xd0\xcf\x11\xe0" + bytes(100), filename="Danh sách cử tri.xls")
    assert response.status_code == 400
    assert response.get_json()["errors"][0]["code"] == "import_xls"
    assert messages(response) == [
        "Không đọc được tệp .xls này: tệp có thể bị hỏng hoặc được đặt mật khẩu. Hãy mở bằng Excel, "
        "lưu lại dưới dạng .xlsx rồi tải lên lại."
    ]


def test_a_good_upload_returns_the_preview_with_vietnamese_messages(upload, store):
    meeting = Meeting(0, "Hội nghị đối thoại thôn An Bộ")
    meeting.citizens.append(Citizen(meeting.new_id(), "Nguyễn Văn Ất", "Xóm Đông"))
    store.create_meeting(meeting)
    rows = citizens_list()
    rows[2][3] = "0912"  # Trần Văn Ất: a phone number too short
    rows[11][4] = "12345"  # an identity number too short
    rows.append([41, "Lê Văn Ất", "Xóm Đông", "", "", ""])  # the same as line 4
    response = upload(xlsx(rows), filename="Danh sách cử tri xóm Đông.xlsx", meeting_id=meeting.id)
    assert response.status_code == 200
    got = response.get_json()
    assert got["ok"] and got["kind"] == "citizens"
    assert len(got["rows"]) == 37 and got["per_xom"] == {"Xóm Đông": 12, "Xóm Đoài": 15, "Xóm Trại": 10}
    phone, id_number = got["problems"]
    assert phone == {
        "line": 3,
        "field": "phone",
        "code": "bad_phone",
        "params": {},
        "value": "0912",
        "message": "Điện thoại: Số điện thoại gồm 8 đến 15 chữ số.",
    }
    assert (id_number["line"], id_number["value"]) == (12, "12345")
    assert id_number["message"] == "Số CMND có 9 chữ số, số CCCD có 12 chữ số."
    already, repeated = got["duplicates"]
    assert (already["line"], already["name"], already["reason"]) == (2, "Nguyễn Văn Ất", "already_invited")
    assert already["message"].startswith("Đã có trong danh sách của hội nghị")
    assert (repeated["line"], repeated["first_line"], repeated["reason"]) == (42, 4, "same_name")
    assert repeated["message"].startswith("Trùng họ tên và xóm với một dòng trước")
