"""The spreadsheets and the archive dossier made after a meeting, from a scripted meeting."""

from __future__ import annotations

import copy
import csv
import hashlib
import io
import json
import zipfile
from datetime import date, datetime

import openpyxl
import pytest
from openpyxl.utils import get_column_letter

from server.demo import demo_meeting
from server.domain import execute
from server.domain.collation import sort_key
from server.domain.model import Meeting
from server.reports.dossier import dossier_zip, verify_dossier
from server.reports.facts import local
from server.reports.register import DETAIL_COLUMNS, HEADER_ROW, REGISTER_COLUMNS, register_xlsx
from server.reports.sheets import VI, audit_csv, csv_safe, timeline_csv

T0 = 1_685_000_000.0  # 25/05/2023
LAND = "Đất đai & giấy chứng nhận"
ROADS = "Giao thông & thủy lợi"
ENV = "Môi trường"


class Script:
    """A meeting run command by command through ``execute``, keeping the log rows the pipeline
    would write (``Store.log``'s shape)."""

    def __init__(self) -> None:
        self.state: Meeting = demo_meeting(T0)
        self.state.id = 1
        self.log: list[dict] = []

    def run(self, name: str, payload: dict, role: str, at: float, person: str = "") -> Meeting:
        self.state = execute(self.state, name, payload, role, T0 + at)
        self.log.append(
            {
                "seq": len(self.log) + 1,
                "meeting_id": 1,
                "command_id": f"cmd-{len(self.log) + 1:04d}",
                "at": T0 + at,
                "role": role,
                "name": name,
                "payload": json.dumps(payload, ensure_ascii=False),
                "version": self.state.version,
                "effect": None,
                "person": person,
            }
        )
        return self.state

    def speaker(self, name: str) -> int:
        return next(s.id for s in self.state.speakers if s.name.startswith(name))

    def delegate(self, name: str) -> int:
        return next(d.id for d in self.state.delegates if d.name.startswith(name))

    def last_opinion(self) -> int:
        return self.state.opinions[-1].id


def opinion(s: Script, at: float, summary: str, category: str, speaker: int | None, **more) -> int:
    s.run("opinion.add", {"summary": summary, "category": category, "speaker_id": speaker, **more}, "secretary", at)
    return s.last_opinion()


@pytest.fixture(scope="module")
def script() -> Script:
    s = Script()
    s.run("stage.next", {"expected_stage_id": None}, "chair", 0, "Trần Văn Minh")
    s.run("stage.next", {"expected_stage_id": s.state.stage_id}, "chair", 30)
    # Nguyễn Văn An: 01:05 → 04:10
    s.run("speaker.call_next", {"expected_speaker_id": None}, "chair", 60)
    an = s.speaker("Nguyễn Văn An")
    s.run("timer.start", {"speaker_id": an}, "chair", 65)
    s.ids = {}
    s.ids["answered"] = opinion(
        s, 120, "Đề nghị cấp giấy chứng nhận quyền sử dụng đất ở cho 12 hộ", LAND, an, text="Hồ sơ nộp từ năm 2019."
    )
    s.ids["formula"] = opinion(s, 130, "=1+1", LAND, an)
    # Trần Thị Bích: 04:15 → 06:40, paused 10 s
    s.run("speaker.call_next", {"expected_speaker_id": an}, "chair", 250)
    bich = s.speaker("Trần Thị Bích")
    s.run("timer.start", {"speaker_id": bich}, "chair", 255)
    s.run("timer.pause", {"speaker_id": bich}, "chair", 300)
    s.run("timer.resume", {"speaker_id": bich}, "chair", 310)
    s.ids["assigned"] = opinion(s, 320, "@SUM(A1)", ROADS, bich, kind="phan_anh")
    # Lê Thị Lan answers: 06:45 → 08:20
    s.run(
        "answer.call",
        {"opinion_ids": [s.ids["answered"]], "delegate_id": s.delegate("Lê Thị Lan"), "expected_speaker_id": bich},
        "chair",
        400,
    )
    lan = s.state.speaker_id
    s.run("timer.start", {"speaker_id": lan}, "chair", 405)
    # Lê Văn Cường: 08:25 → 11:40
    s.run("speaker.call_next", {"expected_speaker_id": lan}, "chair", 500)
    cuong = s.speaker("Lê Văn Cường")
    s.run("timer.start", {"speaker_id": cuong}, "chair", 505)
    s.ids["forwarded"] = opinion(s, 600, "-2+3", ENV, cuong, level="cap_tren")
    s.ids["declined"] = opinion(s, 610, "Đòi bồi thường lại đất làm đường năm 2020", LAND, cuong, kind="khieu_nai")
    s.run("speaker.end", {"speaker_id": cuong}, "chair", 700)
    # Written opinions (phiếu ý kiến)
    s.ids["noted"] = opinion(
        s, 720, "Góp ý tổ chức hội nghị vào buổi tối", ENV, None, kind="gop_y", citizen="Ngô Thị Hoa", xom="Xóm Chùa"
    )
    s.ids["overdue"] = opinion(s, 730, "Đèn đường xóm Ngoài hỏng", ROADS, None, citizen="Đặng Văn Ích", xom="Xóm Ngoài")
    s.ids["none"] = opinion(
        s, 740, "Tố cáo đổ trộm phế thải ven kênh", ENV, None, kind="to_cao", citizen="Bùi Văn Khải"
    )
    # Outcomes
    out = "opinion.outcome"
    s.run(
        out,
        {
            "opinion_id": s.ids["answered"],
            "outcome": "answered",
            "answer": "Xã sẽ cấp trong tháng 6",
            "answered_by": "Lê Thị Lan – Chủ tịch UBND xã",
        },
        "secretary",
        800,
    )
    s.run(out, {"opinion_id": s.ids["formula"], "outcome": "noted"}, "secretary", 801)
    s.run(out, {"opinion_id": s.ids["assigned"], "outcome": "assigned", "unit": "Ban Giao thông xã"}, "secretary", 802)
    s.run(
        out,
        {"opinion_id": s.ids["forwarded"], "outcome": "forwarded", "forwarded_to": "UBND thị xã Kinh Môn"},
        "secretary",
        803,
    )
    s.run(
        out,
        {
            "opinion_id": s.ids["declined"],
            "outcome": "declined",
            "prior_ref": "Quyết định số 123/QĐ-UBND",
            "prior_date": "2022-03-01",
            "prior_body": "UBND thị xã Kinh Môn",
        },
        "secretary",
        804,
    )
    s.run(out, {"opinion_id": s.ids["noted"], "outcome": "noted"}, "secretary", 805)
    s.run(
        out,
        {"opinion_id": s.ids["overdue"], "outcome": "assigned", "unit": "Trưởng thôn An Bộ", "working_days": 5},
        "secretary",
        806,
    )
    s.run("meeting.close", {}, "chair", 900)
    # The written reply, after the meeting
    s.run(
        "opinion.reply",
        {
            "opinion_id": s.ids["assigned"],
            "reply_date": "2023-06-12",
            "reply_summary": "Đã khảo sát, sửa đường trong quý III",
            "reply_ref": "45/UBND-GT",
            "citizen_accepted": True,
            "close": True,
        },
        "office",
        20 * 86400,
        "Văn phòng xã",
    )
    return s


# ---------------------------------------------------------------- the register


def read_register(data: bytes):
    wb = openpyxl.load_workbook(io.BytesIO(data))
    ws = wb.active
    header = [c.value for c in ws[HEADER_ROW]]
    rows = [{h: c for h, c in zip(header, row, strict=True)} for row in ws.iter_rows(min_row=HEADER_ROW + 1)]
    return ws, header, rows


def test_the_register_has_a_row_per_opinion_with_its_whole_life(script):
    data = register_xlsx([script.state], today=date(2023, 7, 1))
    ws, header, rows = read_register(data)
    assert header == [title for title, _w in REGISTER_COLUMNS]
    assert len(rows) == len(script.state.opinions) == 8
    assert [r["STT"].value for r in rows] == list(range(1, 9))
    by_summary = {r["Nội dung tóm tắt"].value: r for r in rows}
    # In the order raised, with the citizen of the turn or of the written form.
    assert rows[0]["Người nêu"].value == "Nguyễn Văn An (demo)" and rows[0]["Xóm"].value == "Xóm Đông"
    assert rows[5]["Người nêu"].value == "Ngô Thị Hoa" and rows[5]["Xóm"].value == "Xóm Chùa"

    first = rows[0]
    assert first["Hội nghị"].value == script.state.title  # diacritics intact
    assert first["Ngày họp"].is_date and first["Ngày họp"].value == datetime(2023, 5, 25)
    assert first["Thôn"].value == "An Bộ"
    assert first["Loại"].value == "Kiến nghị"
    assert first["Lĩnh vực"].value == LAND
    assert first["Thẩm quyền"].value == "Cấp xã"
    assert first["Nội dung chi tiết"].value == "Hồ sơ nộp từ năm 2019."
    raised = first["Thời điểm nêu"]  # a date-time that sorts and filters, shown dd/mm/yyyy hh:mm
    assert raised.is_date and raised.value == local(T0 + 120).replace(microsecond=0)
    assert raised.number_format == "DD/MM/YYYY HH:MM"
    assert first["Kết quả"].value == "Đã trả lời tại hội nghị"
    assert first["Trả lời tại hội nghị"].value == "Xã sẽ cấp trong tháng 6"
    assert first["Người trả lời"].value == "Lê Thị Lan – Chủ tịch UBND xã"
    assert first["Trạng thái"].value == "Đã trả lời tại hội nghị"
    assert first["Công dân đồng ý"].value == "—"

    assigned = rows[2]
    o = script.state.opinion(script.ids["assigned"])
    deadline = assigned["Hạn giải quyết"]
    assert deadline.is_date and deadline.number_format == "DD/MM/YYYY"
    assert deadline.value.date() == date.fromisoformat(o.deadline)
    assert assigned["Loại"].value == "Phản ánh" and assigned["Đơn vị được giao"].value == "Ban Giao thông xã"
    assert assigned["Ngày trả lời bằng văn bản"].value == datetime(2023, 6, 12)
    assert assigned["Nội dung trả lời"].value == "Đã khảo sát, sửa đường trong quý III"
    assert assigned["Số văn bản"].value == "45/UBND-GT"
    assert assigned["Công dân đồng ý"].value == "Có"
    assert assigned["Ngày đóng"].value.date() == local(T0 + 20 * 86400).date()
    assert assigned["Trạng thái"].value == "Đã đóng"

    forwarded = rows[3]
    assert forwarded["Thẩm quyền"].value == "Cấp trên" and forwarded["Chuyển đến"].value == "UBND thị xã Kinh Môn"
    assert forwarded["Kết quả"].value == "Chuyển cấp trên" and forwarded["Trạng thái"].value == "Đang theo dõi"
    declined = by_summary["Đòi bồi thường lại đất làm đường năm 2020"]
    assert declined["Văn bản đã giải quyết trước"].value == (
        "Quyết định số 123/QĐ-UBND, ngày 01/03/2022, UBND thị xã Kinh Môn"
    )
    assert declined["Kết quả"].value == "Từ chối: đã được giải quyết"
    assert by_summary["Đèn đường xóm Ngoài hỏng"]["Trạng thái"].value == "Quá hạn"
    assert by_summary["Đèn đường xóm Ngoài hỏng"]["Hạn giải quyết"].value.date() < date(2023, 7, 1)
    none = by_summary["Tố cáo đổ trộm phế thải ven kênh"]
    assert none["Kết quả"].value == "Chưa có kết quả" and none["Loại"].value == "Tố cáo"
    assert none["Hạn giải quyết"].value is None
    # Before the deadline, the same assignment is still followed.
    _ws, _h, early = read_register(register_xlsx([script.state], today=date(2023, 5, 26)))
    assert early[6]["Trạng thái"].value == "Đang theo dõi"


def test_the_register_header_is_bold_frozen_filtered_and_wrapped(script):
    ws, header, rows = read_register(register_xlsx([script.state], today=date(2023, 7, 1)))
    assert all(c.font.b for c in ws[HEADER_ROW])
    assert ws.freeze_panes == "A4"
    assert ws.auto_filter.ref == f"A3:Y{len(rows) + 3}"
    assert ws.column_dimensions["J"].width == 30
    assert rows[0]["Nội dung tóm tắt"].alignment.wrap_text


def test_text_typed_by_a_citizen_never_becomes_a_formula(script):
    _ws, _h, rows = read_register(register_xlsx([script.state]))
    cells = {r["Nội dung tóm tắt"].value: r["Nội dung tóm tắt"] for r in rows}
    for text in ("=1+1", "@SUM(A1)", "-2+3"):
        cell = cells[text]  # the text itself, no apostrophe added
        assert cell.data_type == "s" and cell.quotePrefix, text
    # An ordinary text cell keeps the ordinary style.
    assert not cells["Đèn đường xóm Ngoài hỏng"].quotePrefix
    # And in the file itself: no formula element anywhere.
    sheet = zipfile.ZipFile(io.BytesIO(register_xlsx([script.state]))).read("xl/worksheets/sheet1.xml")
    assert b"<f>" not in sheet and b"<f " not in sheet


def test_the_register_spans_several_meetings(script):
    other = demo_meeting(T0)
    other.id = 2
    other.title = "Hội nghị đối thoại thôn Bắc"
    other.hamlet = "Bắc"
    other.starts_at = "2023-06-02T08:00"
    other = execute(other, "stage.next", {"expected_stage_id": None}, "chair", T0)
    other = execute(
        other, "opinion.add", {"summary": "Nạo vét kênh", "category": ENV, "speaker_id": None}, "secretary", T0
    )
    _ws, _h, rows = read_register(register_xlsx([script.state, other]))
    assert len(rows) == 9 and [r["STT"].value for r in rows] == list(range(1, 10))
    assert rows[-1]["Hội nghị"].value == "Hội nghị đối thoại thôn Bắc" and rows[-1]["Thôn"].value == "Bắc"
    assert rows[-1]["Ngày họp"].value == datetime(2023, 6, 2)


def test_an_empty_register_is_a_header(script):
    empty = demo_meeting(T0)
    _ws, header, rows = read_register(register_xlsx([empty]))
    assert header[0] == "STT" and rows == []


def test_the_vocabulary_is_the_catalogs(app):
    """The sheets' Vietnamese names are the Vietnamese the screens show for the same things."""
    from server.i18n.vocabularies import KIND_NAMES, LEVEL_NAMES, OUTCOME_NAMES

    with app.test_request_context():
        assert {k: str(v) for k, v in KIND_NAMES.items()} == VI["kind"]
        assert {k: str(v) for k, v in LEVEL_NAMES.items()} == VI["level"]
        assert {k: str(v) for k, v in OUTCOME_NAMES.items()} == {k: v for k, v in VI["outcome"].items() if k}


# ---------------------------------------------------------------- CSV files


def read_csv(data: bytes) -> list[list[str]]:
    assert data.startswith(b"\xef\xbb\xbf")  # the BOM: Excel reads UTF-8
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))


def test_the_timeline_lists_the_turns_in_order_from_the_meetings_start(script):
    header, *rows = read_csv(timeline_csv(script.state))
    assert header[:3] == ["STT", "Bắt đầu (từ khai mạc)", "Kết thúc (từ khai mạc)"]
    assert [r[5] for r in rows] == [
        "Nguyễn Văn An (demo)",
        "Trần Thị Bích (demo)",
        "Lê Thị Lan (demo)",
        "Lê Văn Cường (demo)",
    ]
    assert [(r[1], r[2]) for r in rows] == [
        ("00:01:05", "00:04:10"),
        ("00:04:15", "00:06:40"),
        ("00:06:45", "00:08:20"),
        ("00:08:25", "00:11:40"),
    ]
    assert rows[0][3] == local(T0 + 65).strftime("%H:%M:%S") and rows[0][4] == local(T0 + 250).strftime("%H:%M:%S")
    assert rows[0][6] == "Xóm Đông" and rows[0][7] == "Công dân"
    assert rows[2][6] == "" and rows[2][7] == "Đại biểu" and rows[2][8] == "Chủ tịch UBND xã"
    assert rows[1][8] == "Đường giao thông nội đồng xuống cấp"
    assert [int(r[9]) for r in rows] == [185, 135, 95, 195]  # Bích paused for 10 s


def test_the_timeline_of_a_meeting_not_started_is_a_header():
    assert read_csv(timeline_csv(demo_meeting(T0))) == [read_csv(timeline_csv(demo_meeting(T0)))[0]]


def test_the_audit_csv_has_every_log_row(script):
    header, *rows = read_csv(audit_csv(script.log))
    assert header == [
        "Thời gian",
        "Vai trò",
        "Người thao tác",
        "Lệnh",
        "Nội dung lệnh",
        "Kết quả (phiên bản)",
        "Mã lệnh",
    ]
    assert len(rows) == len(script.log)
    assert [r[6] for r in rows] == [r["command_id"] for r in script.log]
    assert rows[0][:4] == [local(T0).strftime("%d/%m/%Y %H:%M:%S"), "Chủ trì", "Trần Văn Minh", "stage.next"]
    assert rows[0][4] == '{"expected_stage_id":null}'
    assert [int(r[5]) for r in rows] == [r["version"] for r in script.log]
    reply = rows[-1]
    assert reply[1] == "Văn phòng" and reply[2] == "Văn phòng xã"
    assert json.loads(reply[4])["reply_summary"] == "Đã khảo sát, sửa đường trong quý III"
    assert "Đã khảo sát" in reply[4]  # diacritics, not \\u escapes


def test_csv_cells_that_look_like_formulas_get_a_quote():
    for text in ("=1+1", "+1", "-2+3", "@SUM(A1)", "\tx", "\rx"):
        assert csv_safe(text) == "'" + text
    assert csv_safe("Xóm Đông") == "Xóm Đông" and csv_safe(12) == 12
    rows = [{"at": T0, "role": "secretary", "person": "=HYPERLINK(1)", "name": "x", "payload": "{}"}]
    rows[0].update(version=1, command_id="c1")
    _header, row = read_csv(audit_csv(rows))
    assert row[2] == "'=HYPERLINK(1)"


def test_a_citizens_formula_in_the_timeline_is_quoted(script):
    s = execute(demo_meeting(T0), "stage.next", {"expected_stage_id": None}, "chair", T0)
    first = s.first_queued()
    first.topic = "=cmd|' /C calc'!A0"
    s = execute(s, "speaker.call_next", {"expected_speaker_id": None}, "chair", T0 + 1)
    s = execute(s, "timer.start", {"speaker_id": first.id}, "chair", T0 + 2)
    _header, row = read_csv(timeline_csv(s))
    assert row[8] == "'=cmd|' /C calc'!A0"
    assert row[2] == ""  # still at the microphone: no end yet


# ---------------------------------------------------------------- the dossier


def dossier_files(script) -> dict[str, bytes]:
    return {
        "so-theo-doi.xlsx": register_xlsx([script.state], today=date(2023, 7, 1)),
        "dong-thoi-gian.csv": timeline_csv(script.state),
        "nhat-ky.json": json.dumps(script.log, ensure_ascii=False).encode(),
        "biên-bản/v1.docx": b"PK\x03\x04 not a real docx",
    }


def test_the_dossier_lists_every_file_with_its_hash(script):
    files = dossier_files(script)
    data = dossier_zip(files, script.state, made_at=T0 + 30 * 86400)
    assert verify_dossier(data) == []
    zf = zipfile.ZipFile(io.BytesIO(data))
    assert zf.namelist() == ["manifest.json", *sorted(files, key=lambda n: (sort_key(n), n))]
    manifest = json.loads(zf.read("manifest.json"))
    assert manifest["meeting"] == {
        "title": script.state.title,
        "date": "2023-05-25",
        "hamlet": "An Bộ",
        "place": script.state.place,
    }
    assert manifest["made_at"] == local(T0 + 30 * 86400).isoformat(timespec="seconds")
    listed = {f["name"]: f for f in manifest["files"]}
    for name, content in files.items():
        assert zf.read(name) == content
        assert listed[name] == {"name": name, "size": len(content), "sha256": hashlib.sha256(content).hexdigest()}
    assert {i.date_time for i in zf.infolist()} == {(2023, 5, 25, 0, 0, 0)}


def test_the_dossier_is_dated_the_day_the_meeting_was_held_and_in_vietnamese_order(script):
    held = copy.deepcopy(script.state)
    held.starts_at = "2023-06-10T08:00"  # planned for June, held (started) on 25 May
    files = {"z.txt": b"z", "đơn-thư.txt": b"d", "e.txt": b"e", "dự-thảo.txt": b"u", "Đất-đai.txt": b"D"}
    zf = zipfile.ZipFile(io.BytesIO(dossier_zip(files, held, made_at=T0)))
    assert {i.date_time for i in zf.infolist()} == {(2023, 5, 25, 0, 0, 0)}
    assert json.loads(zf.read("manifest.json"))["meeting"]["date"] == "2023-05-25"
    # d < đ < e, and "Đất" < "đơn" (â before ơ), as a Vietnamese reader looks for them; code points put đ after z
    assert zf.namelist()[1:] == ["dự-thảo.txt", "Đất-đai.txt", "đơn-thư.txt", "e.txt", "z.txt"]
    planned = copy.deepcopy(held)
    planned.started_at = None  # not held yet: the planned day
    zf = zipfile.ZipFile(io.BytesIO(dossier_zip(files, planned, made_at=T0)))
    assert {i.date_time for i in zf.infolist()} == {(2023, 6, 10, 0, 0, 0)}


def test_the_same_files_make_the_same_dossier_but_the_manifests_time(script):
    files = dossier_files(script)
    a = dossier_zip(files, script.state, made_at=T0)
    b = dossier_zip(dict(reversed(list(files.items()))), script.state, made_at=T0)
    assert a == b
    c = dossier_zip(files, script.state, made_at=T0 + 60)
    za, zc = zipfile.ZipFile(io.BytesIO(a)), zipfile.ZipFile(io.BytesIO(c))
    assert [(i.filename, i.CRC, i.date_time) for i in za.infolist()[1:]] == [
        (i.filename, i.CRC, i.date_time) for i in zc.infolist()[1:]
    ]
    assert za.read("manifest.json") != zc.read("manifest.json")


def test_a_changed_or_damaged_dossier_is_found_out(script):
    files = dossier_files(script)
    data = dossier_zip(files, script.state, made_at=T0)
    # One byte of a file changed, with the zip rebuilt around it (its own checksums right).
    zf = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as changed:
        for info in zf.infolist():
            content = zf.read(info)
            if info.filename == "dong-thoi-gian.csv":
                content = content[:-3] + b"9" + content[-2:]
            changed.writestr(copy.copy(info), content)
    assert verify_dossier(out.getvalue()) == ["dong-thoi-gian.csv: SHA-256 differs from the manifest"]
    # A byte flipped in the zip itself, inside a file's compressed data.
    info = zipfile.ZipFile(io.BytesIO(data)).getinfo("nhat-ky.json")
    at = info.header_offset + 30 + len(info.filename.encode()) + 10
    flipped = data[:at] + bytes([data[at] ^ 0xFF]) + data[at + 1 :]
    problems = verify_dossier(flipped)
    assert problems and all(p.startswith("nhat-ky.json") for p in problems)
    # A file added, a file missing, not a zip.
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as extra:
        for info in zf.infolist():
            if info.filename != "nhat-ky.json":
                extra.writestr(copy.copy(info), zf.read(info))
        extra.writestr("thêm.txt", b"x")
    assert sorted(verify_dossier(out.getvalue())) == [
        "nhat-ky.json: listed in the manifest but missing",
        "thêm.txt: not listed in the manifest",
    ]
    assert verify_dossier(b"not a zip") == ["not a zip file"]


def test_a_dossier_refuses_names_that_escape_it(script):
    for name in ("manifest.json", "../x", "/etc/x", "a//b", "C:x", "a\\b", ""):
        with pytest.raises(ValueError):
            dossier_zip({name: b"x"}, script.state, made_at=T0)


# ---------------------------------------------------------------- the register over HTTP, as printed


def test_the_register_downloaded_has_a_title_real_date_times_one_font_a_print_setup_and_a_summary(
    client, store, screen, clock
):
    chair, secretary = screen("chair"), screen("secretary")
    chair.ok("stage.next", {"expected_stage_id": None})
    chair.ok("speaker.call_next", {"expected_speaker_id": None})
    speaker = chair.state["speaker_id"]
    clock.advance(65)
    categories = secretary.state["settings"]["categories"]
    for summary, category in [("Cấp sổ đỏ", categories[0]), ("Đường nội đồng", categories[3]), ("=1+1", categories[0])]:
        secretary.ok("opinion.add", {"summary": summary, "category": category, "speaker_id": speaker})
    first = secretary.state["opinions"][0]["id"]
    secretary.ok("opinion.outcome", {"opinion_id": first, "outcome": "noted"})
    headers = {"X-Role": "secretary", "X-Pin": store.pin(1, "secretary"), "X-Person": ""}
    response = client.get("/m/1/documents/register.xlsx", headers=headers)
    assert response.status_code == 200
    book = openpyxl.load_workbook(io.BytesIO(response.data))
    ws = book["Sổ theo dõi ý kiến"]
    assert ws["A1"].value == "SỔ THEO DÕI Ý KIẾN, KIẾN NGHỊ CỦA NHÂN DÂN" and ws["A1"].font.b
    meeting = store.load(1)
    assert ws["A2"].value == f"{meeting.title}, ngày 25 tháng 5 năm 2023"  # the meeting it is the register of
    assert "A1:Y1" in {str(r) for r in ws.merged_cells.ranges}
    header = [c.value for c in ws[3]]
    raised = ws.cell(row=4, column=header.index("Thời điểm nêu") + 1)
    assert isinstance(raised.value, datetime) and raised.value == local(clock.now).replace(microsecond=0)
    assert raised.number_format == "DD/MM/YYYY HH:MM"
    assert [ws.cell(row=r, column=header.index("Nội dung tóm tắt") + 1).value for r in (4, 5, 6)] == [
        "Cấp sổ đỏ",
        "Đường nội đồng",
        "=1+1",
    ]
    for sheet in book.worksheets:  # Times New Roman in every cell written, titles and headers included
        fonts = {c.font.name for row in sheet.iter_rows() for c in row if c.value is not None}
        assert fonts == {"Times New Roman"}, sheet.title
        setup = sheet.page_setup
        assert (setup.orientation, setup.paperSize, setup.fitToWidth, setup.fitToHeight) == ("landscape", 9, 1, 0)
        assert sheet.sheet_properties.pageSetUpPr.fitToPage
        assert sheet.print_title_rows == "$1:$3"  # the title and the header on every printed page

    folded = {name for col, name in enumerate(header, start=1) if ws.column_dimensions[get_column_letter(col)].hidden}
    assert folded == DETAIL_COLUMNS | {"Hội nghị", "Ngày họp", "Thôn"}  # what a paper copy does without
    assert all(ws.column_dimensions[get_column_letter(header.index(n) + 1)].outlineLevel == 1 for n in folded)
    shown = sum(w for name, w in REGISTER_COLUMNS if name not in folded)
    assert shown <= 190  # fits an A4 landscape width at about 70 %: readable

    summary = book["Tổng hợp"]
    assert summary["A1"].value == "TỔNG HỢP Ý KIẾN, KIẾN NGHỊ THEO LĨNH VỰC VÀ KẾT QUẢ XỬ LÝ"
    header = [c.value for c in summary[3]]
    assert header[:3] == ["STT", "Lĩnh vực", "Đã trả lời tại hội nghị"]
    assert header[-2:] == ["Chưa có kết quả", "Tổng cộng"]
    rows = {r[1]: r for r in summary.iter_rows(min_row=4, values_only=True)}
    tiep_thu = header.index("Tiếp thu")
    assert rows[categories[0]][tiep_thu] == 1 and rows[categories[0]][-2] == 1 and rows[categories[0]][-1] == 2
    assert rows[categories[3]][-2] == 1 and rows[categories[3]][-1] == 1 and len(rows) == 3
    assert rows["Tổng cộng"][-1] == 3 and rows["Tổng cộng"][tiep_thu] == 1 and rows["Tổng cộng"][-2] == 2

    office = {"X-Role": "office", "X-Pin": store.office_pin(), "X-Person": ""}
    every = openpyxl.load_workbook(io.BytesIO(client.get("/office/register.xlsx", headers=office).data))
    assert every.active["A2"].value == ws["A2"].value  # the office keeps one meeting: its register names it
