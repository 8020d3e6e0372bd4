"""People as a commune tells them apart, and lists as offices keep them (issue 18), through the
doors the users come in by: the office's upload (HTTP) and commands (Socket.IO), the door's and the
chair's snapshots. Two "Trần Thị Hương" of Xóm Đông, born 1951 and 1988, are two people; one with
no year is the office's to decide; an .xls list and lists typed in TCVN3 or VNI are read, the
conversion shown before anything is saved."""

from __future__ import annotations

import io
from datetime import datetime
from urllib.parse import quote

import pytest
import xlwt

from server.legacy import TCVN3, VNI, convert, recognise

from ..support.client import codes, office_screen
from ..support.files import TCVN3_NAMES, VNI_NAMES, xlsx

HEADER = ["STT", "Họ và tên", "Năm sinh", "Giới tính", "Xóm"]


def office_command(office, name: str, payload: dict, meeting_id: int = 1) -> dict:
    return office.send(name, payload, meeting_id=meeting_id)


@pytest.fixture
def upload(app, store):
    """``upload(data, filename)``: the office's preview of a list for meeting 1 → the response."""
    client = app.test_client()

    def post(data: bytes, filename: str = "danh sách.xlsx"):
        headers = {"X-Filename": quote(filename), "X-Role": "office", "X-Pin": store.office_pin()}
        return client.post("/office/import/citizens?meeting_id=1", data=data, headers=headers)

    return post


def huong(state: dict) -> list[tuple]:
    """The Trần Thị Hương of the snapshot (name, year of birth, gender), in the list's order."""
    return [
        (c["name"], c.get("year_of_birth"), c.get("gender")) for c in state["citizens"] if c["name"] == "Trần Thị Hương"
    ]


def test_two_namesakes_born_in_different_years_are_both_imported_and_told_apart_at_the_door(app, store, screen, upload):
    rows = [HEADER, [1, "Trần Thị Hương", 1951, "Nữ", "Xóm Đông"], [2, "Trần Thị Hương", 1988, "Nữ", "Xóm Đông"]]
    rows += [[3, "Lê Văn Tám", "12/03/1960", "Nam", "Xóm Đoài"]]  # a whole date of birth: its year is kept
    got = upload(xlsx(rows), filename="Danh sách cử tri.xlsx").get_json()
    assert got["ok"] and got["duplicates"] == [] and got["problems"] == []
    assert [(r["name"], r["year_of_birth"], r["gender"]) for r in got["rows"]] == [
        ("Trần Thị Hương", 1951, "nu"),
        ("Trần Thị Hương", 1988, "nu"),
        ("Lê Văn Tám", 1960, "nam"),
    ]
    door, chair, public = screen("door"), screen("chair"), screen("public")
    assert office_command(office_screen(app, store), "citizens.import", {"rows": got["rows"]})["ok"]
    # The door team sees the year of birth (and gender) to check in the right one; the chair has
    # no use for them, and the hall never sees a citizen.
    door.states()
    assert huong(door.state) == [("Trần Thị Hương", 1951, "nu"), ("Trần Thị Hương", 1988, "nu")]
    chair.states()
    assert {"year_of_birth", "gender"}.isdisjoint(chair.state["citizens"][0])
    public.states()
    assert "citizens" not in public.state
    # importing the same file again adds nobody
    again = upload(xlsx(rows), filename="Danh sách cử tri.xlsx").get_json()
    assert again["rows"] == [] and {d["reason"] for d in again["duplicates"]} == {"already_invited"}


def test_a_namesake_with_no_year_is_left_to_the_office_and_added_when_it_says_so(app, store, screen, upload):
    office = office_screen(app, store)
    first = [HEADER, [1, "Trần Thị Hương", 1951, "Nữ", "Xóm Đông"]]
    assert office_command(office, "citizens.import", {"rows": upload(xlsx(first)).get_json()["rows"]})["ok"]
    rows = [HEADER, [1, "Trần Thị Hương", None, None, "Xóm Đông"], [2, "Trần Thị Hương", None, None, "Xóm Đông"]]
    got = upload(xlsx(rows)).get_json()
    # Neither row is dropped, and neither is added on a guess: both are the office's to decide.
    assert got["rows"] == []
    first_row, second_row = got["duplicates"]
    assert (first_row["line"], first_row["reason"], "first_line" in first_row) == (2, "same_name", False)
    assert (second_row["line"], second_row["reason"], second_row["first_line"]) == (3, "same_name", 2)
    assert first_row["message"].startswith("Trùng họ tên và xóm")
    # Without its decision the row is not added; with it ("another person"), it is.
    plain = {k: v for k, v in first_row["row"].items() if k != "another_person"}
    assert codes(office_command(office, "citizens.import", {"rows": [plain]})) == ["nothing_new"]
    assert office_command(office, "citizens.import", {"rows": [first_row["row"]]})["ok"]
    secretary = screen("secretary")
    assert huong(secretary.state) == [("Trần Thị Hương", 1951, "nu"), ("Trần Thị Hương", None, "")]


def test_a_namesake_typed_by_hand_with_another_year_is_invited(screen):
    secretary = screen("secretary")
    secretary.ok("citizen.add", {"name": "Trần Thị Hương", "xom": "Xóm Đông", "year_of_birth": 1951})
    secretary.ok("citizen.add", {"name": "Trần Thị Hương", "xom": "Xóm Đông", "year_of_birth": 1988})
    again = secretary.send("citizen.add", {"name": "trần thị  hương", "xom": "Xóm Đông", "year_of_birth": 1988})
    assert codes(again) == ["duplicate_citizen"]
    assert "năm sinh" in again["errors"][0]["message"]  # says how to add another person
    no_year = {"name": "Trần Thị Hương", "xom": "Xóm Đông"}
    assert codes(secretary.send("citizen.add", no_year)) == ["duplicate_citizen"]
    secretary.ok("citizen.add", no_year | {"another_person": True})
    assert huong(secretary.state) == [
        ("Trần Thị Hương", 1951, ""),
        ("Trần Thị Hương", 1988, ""),
        ("Trần Thị Hương", None, ""),
    ]
    [young] = [c for c in secretary.state["citizens"] if c.get("year_of_birth") == 1988]
    # a correction that would make two of them one person is refused
    bad = secretary.send("citizen.update", {"citizen_id": young["id"], "year_of_birth": 1951})
    assert codes(bad) == ["duplicate_citizen"]
    # At the door: a third Hương born 1990 might be the one invited with no year; the door says not.
    door, walk_in = screen("door"), {"name": "Trần Thị Hương", "xom": "Xóm Đông", "year_of_birth": 1990}
    assert codes(door.send("citizen.walk_in", walk_in)) == ["duplicate_citizen"]
    door.ok("citizen.walk_in", walk_in | {"another_person": True})
    assert codes(secretary.send("citizen.add", {"name": "Lê An", "xom": "Xóm Đông", "year_of_birth": 1850})) == [
        "too_small"
    ]


def xls(rows: list[list]) -> bytes:
    """An Excel 97-2003 workbook (.xls) whose first sheet holds ``rows``; datetime cells as dates."""
    book = xlwt.Workbook(encoding="utf-8")
    sheet = book.add_sheet("Danh sách")
    as_date = xlwt.easyxf(num_format_str="DD/MM/YYYY")
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            if isinstance(value, datetime):
                sheet.write(r, c, value, as_date)
            elif value is not None:
                sheet.write(r, c, value)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_an_xls_list_from_excel_97_2003_is_read(upload):
    rows = [["DANH SÁCH CỬ TRI XÓM ĐÔNG"], ["STT", "Họ và tên", "Ngày sinh", "Xóm", "Số điện thoại"]]
    rows += [[1, "Nguyễn Văn Ất", datetime(1951, 3, 12), "Xóm Đông", 912345678]]  # Excel dropped the 0
    rows += [[2, "Trần Thị Hường", datetime(1988, 11, 2), "Xóm Đông", None]]
    response = upload(xls(rows), filename="Danh sách cử tri.xls")
    assert response.status_code == 200, response.get_json()
    got = response.get_json()
    assert [(r["name"], r["year_of_birth"], r["phone"]) for r in got["rows"]] == [
        ("Nguyễn Văn Ất", 1951, "0912345678"),
        ("Trần Thị Hường", 1988, ""),
    ]
    assert got["lines"] == [3, 4] and got["encoding"] is None and got["converted"] == []


def test_legacy_text_is_recognised_and_converted():
    assert recognise(list(TCVN3_NAMES)) == TCVN3
    assert [convert(k, TCVN3) for k in TCVN3_NAMES] == list(TCVN3_NAMES.values())
    assert recognise(list(VNI_NAMES)) == VNI
    assert [convert(k, VNI) for k in VNI_NAMES] == list(VNI_NAMES.values())
    # Unicode Vietnamese, and Western names, are left alone (a Unicode "Toàn" reads as VNI "Tồn").
    assert recognise(["Võ Văn Toàn", "Lê Thị Hà"]) is None
    assert recognise(["Toàn", "Lê Hà"]) is None
    assert recognise(["José Müller", "Ana Núñez", "Jürgen Groß"]) is None


def test_a_list_typed_in_tcvn3_is_converted_in_the_preview_with_its_originals(upload):
    names = list(TCVN3_NAMES)[:5]
    rows = [["Hä vµ tªn", "Xãm"]] + [[name, "Xãm §«ng"] for name in names]  # the header too
    got = upload(xlsx(rows), filename="danh sach.xlsx").get_json()
    assert got["ok"] and got["encoding"] == "tcvn3"
    assert [r["name"] for r in got["rows"]] == [TCVN3_NAMES[n] for n in names]
    assert {r["xom"] for r in got["rows"]} == {"Xóm Đông"}
    # every conversion is listed with its original, for the office to confirm: never silent
    first = {"line": 2, "field": "name", "original": "NguyÔn V¨n An", "converted": "Nguyễn Văn An"}
    assert got["converted"][0] == first
    assert len(got["converted"]) == 10  # five names and five xóm


def test_a_csv_typed_in_vni_is_converted_in_the_preview(upload):
    names = list(VNI_NAMES)[:4]
    text = "Ho va ten;Xom\r\n" + "".join(f"{n};Xoùm Ñoâng\r\n" for n in names)
    got = upload(text.encode("cp1252"), filename="danh sach.csv").get_json()
    assert got["encoding"] == "vni"
    assert [(r["name"], r["xom"]) for r in got["rows"]] == [(VNI_NAMES[n], "Xóm Đông") for n in names]
    assert {c["original"] for c in got["converted"] if c["field"] == "name"} == set(names)


@pytest.mark.parametrize(
    "cell, code",
    [("năm 51", "bad_year"), ("1850", "too_small"), ("không rõ", "bad_gender")],
)
def test_a_bad_year_or_gender_is_reported_with_its_line(upload, cell, code):
    row = [1, "Lê Văn An", cell, "", "Xóm Đông"] if code != "bad_gender" else [1, "Lê Văn An", 1950, cell, "Xóm Đông"]
    got = upload(xlsx([HEADER, row])).get_json()
    assert [(p["line"], p["code"]) for p in got["problems"]] == [(2, code)]
    assert got["problems"][0]["message"]


def test_a_row_typed_twice_down_to_its_year_is_one_person(upload):
    rows = [HEADER, [1, "Trần Thị Hương", 1951, "Nữ", "Xóm Đông"], [2, "Trần Thị Hương", 1951, "Nữ", "Xóm Đông"]]
    got = upload(xlsx(rows)).get_json()
    assert len(got["rows"]) == 1
    assert [(d["line"], d["reason"], d["first_line"]) for d in got["duplicates"]] == [(3, "repeated", 2)]
