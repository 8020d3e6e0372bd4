"""Every Word file the product makes, downloaded over HTTP as the office does, read back with
python-docx and checked against the format rules of Decree 30/2020/NĐ-CP (state) and Guidance
36-HD/VPTW (Party), in both profiles: A4, margins in the decree's ranges, Times New Roman 13–14 in
the body, the heading's words and order, "Số" and the document's symbol, the date line with its
zeros ("ngày 05 tháng 01 năm 2026"), the subject's rule, "Nơi nhận" and the signature of the issuer.

The meeting is prepared from an empty database by the office (no demo), dated 05/01/2026 (a day
below 10 and a month below 3, so the zeros show), the papers before it made on 02/01/2026; then it
is held, so that the documents after it exist too.
"""

from __future__ import annotations

import io
import re
from datetime import datetime
from urllib.parse import quote

import docx
import pytest
from docx.oxml.ns import qn

from server.app import create_app

from ..support.client import office_screen
from ..support.clock import FakeClock
from ..support.files import docx_lines

PREPARED_ON = datetime(2026, 1, 2, 9, 0).timestamp()
HELD_AT = datetime(2026, 1, 5, 8, 0).timestamp()
MEETING = {
    "title": "Hội nghị tiếp xúc, đối thoại trực tiếp của Bí thư Đảng ủy và Chủ tịch UBND xã với nhân dân thôn Đồng Lạc",
    "hamlet": "Đồng Lạc",
    "place": "Nhà văn hóa thôn Đồng Lạc",
    "organiser": "Đảng ủy xã Tân Tiến",
    "starts_at": "2026-01-05T08:00",
    "banner": ["HỘI NGHỊ", "TIẾP XÚC, ĐỐI THOẠI TRỰC TIẾP VỚI NHÂN DÂN THÔN ĐỒNG LẠC", "Tân Tiến, ngày 05/01/2026"],
    "units": [{"level": "xã", "name": "Tân Tiến"}, {"level": "tỉnh", "name": "Hưng Yên"}],
    "chairs": [
        {"name": "Phạm Văn Chiến", "title": "Bí thư Đảng ủy xã"},
        {"name": "Ngô Văn Tuấn", "title": "Chủ tịch UBND xã"},
    ],
    "secretaries": [{"name": "Lý Thị Thu", "title": "Văn phòng HĐND-UBND xã"}],
    "invited_count": 40,
    "allocation": [{"xom": "Xóm 1", "count": 15}, {"xom": "Xóm 2", "count": 15}, {"xom": "Xóm 3", "count": 10}],
}
DELEGATES = [
    {"name": "Trần Quốc Huy", "title": "Tỉnh ủy viên", "unit": "Tỉnh ủy Hưng Yên", "group": "Đại biểu tỉnh"},
    {"name": "Phạm Văn Chiến", "title": "Bí thư Đảng ủy xã", "unit": "Đảng ủy xã", "group": "Đại biểu xã"},
    {"name": "Ngô Văn Tuấn", "title": "Chủ tịch UBND xã", "unit": "UBND xã", "group": "Đại biểu xã"},
]
CITIZENS = [("Nguyễn Thị Hoa", "Xóm 1"), ("Đỗ Văn Long", "Xóm 1"), ("Vũ Thị Mận", "Xóm 2")]
PROFILES = {
    "state": {"profile": "state", "notice_number": "5/TB-UBND", "report_number": "7/BC-UBND"},
    "party": {"profile": "party", "notice_number": "5-TB/ĐU", "report_number": "7-BC/ĐU"},
}
SYMBOLS = {"minutes": "BB", "notice": "TB", "report": "BC", "plan": "KH", "invitations": "GM"}
BEFORE = {
    "plan": "plan.docx",
    "invitations": "invitations.docx?to=delegates",
    "invitations-citizens": "invitations.docx?to=citizens",
    "invitations-xom": "invitations.docx?to=xom",
}
AFTER = {"minutes": "minutes.docx", "notice": "notice.docx", "report": "report.docx"}


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(PREPARED_ON)


@pytest.fixture
def app(tmp_path, clock):
    app = create_app({"DATABASE": str(tmp_path / "empty.db"), "CLOCK": clock, "TESTING": True, "SEED_DEMO": False})
    yield app
    app.extensions["store"].close()


@pytest.fixture
def prepared(app, store):
    """The meeting as the office prepares it, from nothing: particulars, delegates, a few invited
    citizens (Xóm 3 not listed yet)."""
    assert store.meeting_ids() == []
    office = office_screen(app, store)
    ack = office.send("meeting.create", MEETING)
    assert ack["ok"], ack
    meeting_id = ack["meeting_id"]
    for row in DELEGATES:
        assert office.send("delegate.add", row, meeting_id=meeting_id)["ok"]
    return {"office": office, "id": meeting_id, "pins": ack["pins"]}


def get(client, store, meeting_id: int, name: str, role: str = "office"):
    pin = store.office_pin() if role == "office" else store.pin(meeting_id, role)
    headers = {"X-Role": role, "X-Pin": pin, "X-Person": quote("Văn phòng")}
    return client.get(f"/m/{meeting_id}/documents/{name}", headers=headers)


def download(client, store, meeting_id: int, name: str):
    response = get(client, store, meeting_id, name)
    assert response.status_code == 200, (name, response.get_json(silent=True))
    assert (
        response.mimetype.endswith("wordprocessingml.document")
        and "attachment" in response.headers["Content-Disposition"]
    )
    return docx.Document(io.BytesIO(response.data))


def all_text(document) -> str:
    return "\n".join(docx_lines(document))


def has_rule(paragraph) -> bool:
    ppr = paragraph._p.pPr
    return ppr is not None and ppr.find(qn("w:pBdr")) is not None


def letterheads(document) -> list:
    """The heading tables: one per document, or one per letter of a mail merge."""
    titles = ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "ĐẢNG CỘNG SẢN VIỆT NAM")
    return [t for t in document.tables if t.cell(0, 1).text.startswith(titles)]


# ---------------------------------------------------------------- the format, rule by rule


def check_page_and_fonts(document, name: str) -> None:
    for section in document.sections:
        assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297), name
        assert 20 <= round(section.top_margin.mm) <= 25 and 20 <= round(section.bottom_margin.mm) <= 25, name
        assert 30 <= round(section.left_margin.mm) <= 35 and 15 <= round(section.right_margin.mm) <= 20, name
    normal = document.styles["Normal"]
    assert normal.font.name == "Times New Roman" and 13 <= normal.font.size.pt <= 14, name
    for fonts in document.styles.element.iter(qn("w:rFonts")):  # no theme font anywhere, defaults included
        assert fonts.get(qn("w:ascii")) == fonts.get(qn("w:hAnsi")) == "Times New Roman", name
        assert fonts.get(qn("w:asciiTheme")) is None, name
    for table in document.tables:  # no row splits across pages: a signature stays with its title
        assert all(row._tr.trPr is not None and row._tr.trPr.find(qn("w:cantSplit")) is not None for row in table.rows)
    for p in document.paragraphs:  # the body text: 13–14 pt (the kind of a Party document: 15)
        for run in p.runs:
            assert run.font.name in (None, "Times New Roman"), (name, run.text)
            size = run.font.size.pt if run.font.size else normal.font.size.pt
            assert 13 <= size <= 14 or (run.bold and size == 15), (name, run.text, size)


def check_heading(document, head, profile: str, kind: str, date_text: str, number: str | None) -> None:
    body_cell, title_cell = head.cell(0, 0), head.cell(0, 1)
    issuer = [p for p in body_cell.paragraphs if p.text]
    if profile == "state":
        assert [p.text for p in title_cell.paragraphs] == [
            "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
            "Độc lập - Tự do - Hạnh phúc",
        ], kind
        motto = title_cell.paragraphs[1].runs[0]
        assert motto.bold and motto.underline, kind
        assert " ".join(p.text for p in issuer) == "ỦY BAN NHÂN DÂN XÃ TÂN TIẾN", kind  # no parent body given
        assert all(r.bold for p in issuer for r in p.runs), kind
        assert has_rule(body_cell.paragraphs[-1]) and not body_cell.paragraphs[-1].text, kind  # the short rule
        pattern = rf"Số: ({number}|\s*)/{SYMBOLS[kind]}-UBND"
    else:
        assert [p.text for p in title_cell.paragraphs] == ["ĐẢNG CỘNG SẢN VIỆT NAM"], kind
        title = title_cell.paragraphs[0].runs[0]
        assert title.bold and title.underline, kind
        assert [p.text for p in issuer] == ["ĐẢNG BỘ TỈNH HƯNG YÊN", "ĐẢNG ỦY XÃ TÂN TIẾN", "*"], kind
        assert not issuer[0].runs[0].bold and issuer[1].runs[0].bold, kind
        pattern = rf"Số ({number}|\s*)-{SYMBOLS[kind]}/ĐU"
    assert re.fullmatch(pattern, head.cell(1, 0).text), (kind, head.cell(1, 0).text)
    date_line = head.cell(1, 1).paragraphs[0]
    assert date_line.text == f"Tân Tiến, {date_text}", kind
    assert re.fullmatch(r"Tân Tiến, ngày (0[1-9]|[12]\d|3[01]) tháng (0[12]|[3-9]|1[012]) năm \d{4}", date_line.text)
    assert all(r.italic for r in date_line.runs), kind


def check_title(document, head, profile: str, kind_words: str, kind: str) -> None:
    """The kind of document and its subject right under the heading, then the rule (or dashes)."""
    after = head._element.getnext()
    paragraphs = []
    while after is not None and len(paragraphs) < 3:
        if after.tag == qn("w:p"):
            paragraphs.append(docx.text.paragraph.Paragraph(after, document._body))
        after = after.getnext()
    title, subject, under = paragraphs
    assert title.text == kind_words and title.runs[0].bold, kind
    assert subject.text and subject.runs[0].bold, kind
    assert (under.text == "-----") if profile == "party" else (has_rule(under) and not under.text), kind


def check_closing(document, profile: str, kind: str, letters: int) -> None:
    """ "Nơi nhận" bottom left, the issuer's signature on the right, once per letter (the minutes:
    the secretary and the chair sign, and "Nơi nhận" follows)."""
    closings = [t for t in document.tables if len(t.columns) == 2 and t.cell(0, 0).text.startswith("Nơi nhận:")]
    assert len(closings) == letters, kind
    for last in closings:
        sent = [line for line in last.cell(0, 0).text.splitlines() if line]
        assert all(line.startswith("- ") for line in sent[1:]), kind
        assert sent[-1].startswith("- Lưu") and sent[-1].endswith("."), kind
        assert all(line.endswith(";") for line in sent[1:-1]), kind
        if kind == "minutes":
            signed = document.tables[-2]
            secretary = signed.cell(0, 0).text
            assert secretary.startswith("THƯ KÝ HỘI NGHỊ") and secretary.endswith("Lý Thị Thu")
            assert signed.cell(0, 1).text.startswith("CHỦ TRÌ HỘI NGHỊ")
            continue
        signature = [line for line in last.cell(0, 1).text.splitlines() if line]
        if profile == "state":
            assert signature == ["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH", "Ngô Văn Tuấn"], kind
        else:
            assert signature == ["T/M ĐẢNG ỦY", "BÍ THƯ", "Phạm Văn Chiến"], kind


KIND_WORDS = {"plan": "KẾ HOẠCH", "invitations": "GIẤY MỜI", "minutes": "BIÊN BẢN", "notice": "THÔNG BÁO"}
KIND_WORDS["report"] = "BÁO CÁO"


def check_document(document, profile: str, kind: str, date_text: str, number: str | None = None) -> None:
    check_page_and_fonts(document, kind)
    heads = letterheads(document)
    assert heads and heads[0]._tbl is document.tables[0]._tbl, kind  # the heading comes first
    for head in heads:  # every letter of a mail merge is a whole letter
        check_heading(document, head, profile, kind, date_text, number)
        check_title(document, head, profile, KIND_WORDS[kind], kind)
    check_closing(document, profile, kind, len(heads))


# ---------------------------------------------------------------- before the meeting


@pytest.mark.parametrize("profile", PROFILES)
def test_the_papers_before_the_meeting_pass_the_format_and_hold_the_meeting(app, client, store, prepared, profile):
    meeting_id = prepared["id"]
    assert prepared["office"].send("meeting.paperwork", PROFILES[profile], meeting_id=meeting_id)["ok"]
    refused = get(client, store, meeting_id, "invitations.docx?to=citizens")
    assert refused.status_code == 409  # nobody listed yet: said so, in Vietnamese
    assert refused.get_json()["errors"][0]["message"].startswith("Hội nghị chưa có danh sách công dân được mời")
    for name, xom in CITIZENS:
        assert prepared["office"].send("citizen.add", {"name": name, "xom": xom}, meeting_id=meeting_id)["ok"]

    today = "ngày 02 tháng 01 năm 2026"  # made on 02/01/2026
    plan = download(client, store, meeting_id, "plan.docx")
    check_document(plan, profile, "plan", today)
    said = all_text(plan)
    assert "Tổ chức " + MEETING["title"][:1].lower() + MEETING["title"][1:] in said
    assert "4.1. Thời gian: 08 giờ 00, thứ Hai, ngày 05 tháng 01 năm 2026." in said
    assert "4.2. Địa điểm: Nhà văn hóa thôn Đồng Lạc." in said
    for n, stage in enumerate(store.load(meeting_id).stages, 1):  # the meeting's own agenda, in order
        assert f"{n}- {stage.title} (dự kiến {stage.planned_minutes} phút)." in said
    allocation = next(t for t in plan.tables if t.cell(0, 1).text == "Xóm")
    rows = [[c.text for c in row.cells] for row in allocation.rows]
    assert rows[1:] == [["1", "Xóm 1", "15"], ["2", "Xóm 2", "15"], ["3", "Xóm 3", "10"], ["", "Tổng cộng", "40"]]
    assert "mời 40 công dân" in said and "Đồng chí Trần Quốc Huy, Tỉnh ủy viên, Tỉnh ủy Hưng Yên;" in said
    assert "TIẾP XÚC, ĐỐI THOẠI TRỰC TIẾP VỚI NHÂN DÂN THÔN ĐỒNG LẠC" in said  # the banner's text
    assert "MỤC ĐÍCH, YÊU CẦU" in said and "TỔ CHỨC THỰC HIỆN" in said and "Bước 3:" in said

    delegates = download(client, store, meeting_id, "invitations.docx?to=delegates")
    check_document(delegates, profile, "invitations", today)
    assert len(letterheads(delegates)) == len(DELEGATES)  # one letter each, each on its own page
    said = all_text(delegates)
    assert said.count("Thời gian: 08 giờ 00, thứ Hai, ngày 05 tháng 01 năm 2026.") == len(DELEGATES)
    assert said.count("Địa điểm: Nhà văn hóa thôn Đồng Lạc.") == len(DELEGATES)
    assert all(d["name"] in said for d in DELEGATES)
    assert said.count("Tới dự: " + MEETING["title"]) == len(DELEGATES)
    assert "khu vực dành cho đại biểu tỉnh" in said

    citizens = download(client, store, meeting_id, "invitations.docx?to=citizens")
    check_document(citizens, profile, "invitations", today)
    assert len(letterheads(citizens)) == len(CITIZENS)
    said = all_text(citizens)
    assert "Kính gửi ông (bà): Nguyễn Thị Hoa" in said and "Địa chỉ: Xóm 2, thôn Đồng Lạc" in said
    assert said.count("Số công dân được mời của Xóm 1: 15 người") == 2

    per_xom = download(client, store, meeting_id, "invitations.docx?to=xom")
    check_document(per_xom, profile, "invitations", today)
    assert len(letterheads(per_xom)) == 3
    lists = [t for t in per_xom.tables if t.cell(0, 1).text == "Họ và tên"]
    assert [[row.cells[1].text for row in t.rows[1:]] for t in lists[:2]] == [
        ["Nguyễn Thị Hoa", "Đỗ Văn Long"],
        ["Vũ Thị Mận"],
    ]
    assert len(lists[2].rows) == 1 + 10  # Xóm 3 not listed yet: its 10 seats as lines to fill in
    assert "Số công dân được mời của Xóm 3: 10 người" in all_text(per_xom)


def test_bad_requests_for_invitations_are_told_and_the_public_gets_nothing(client, store, prepared):
    meeting_id = prepared["id"]
    bad = get(client, store, meeting_id, "invitations.docx?to=everyone")
    assert bad.status_code == 400 and "delegates, citizens, xom" in bad.get_json()["errors"][0]["message"]
    public = client.get(f"/m/{meeting_id}/documents/plan.docx", headers={"X-Role": "public", "X-Pin": ""})
    assert public.status_code == 403
    assert get(client, store, meeting_id, "plan.docx", role="chair").status_code == 200  # as the other .docx


def test_invitations_to_delegates_of_a_meeting_without_any_are_refused(app, client, store):
    office = office_screen(app, store)
    meeting_id = office.send("meeting.create", MEETING)["meeting_id"]
    refused = get(client, store, meeting_id, "invitations.docx")
    assert refused.status_code == 409
    assert refused.get_json()["errors"][0]["message"].startswith("Hội nghị chưa có đại biểu nào")


# ---------------------------------------------------------------- after the meeting


@pytest.fixture
def held(app, screen, store, clock, prepared):
    """The meeting held on 05/01/2026: a citizen speaks, one opinion assigned, a walk-in from a
    xóm nobody invited, the conclusion, the meeting closed."""
    meeting_id, pins = prepared["id"], prepared["pins"]
    clock.now = HELD_AT
    chair = screen("chair", meeting_id, pin=pins["chair"])
    secretary = screen("secretary", meeting_id, pin=pins["secretary"])
    door = screen("door", meeting_id, pin=pins["door"])
    door.ok("citizen.walk_in", {"name": "Lê Văn Bãi", "xom": "Xóm Bãi Sông"})
    chair.ok("stage.next", {"expected_stage_id": None})
    clock.advance(600)
    chair.ok("stage.next", {"expected_stage_id": chair.state["stage_id"]})
    secretary.ok("speaker.add", {"name": "Nguyễn Thị Hoa", "xom": "Xóm 1", "topic": "Đường làng"})
    chair.ok("speaker.call_next", {"expected_speaker_id": None})
    speaker = chair.state["speaker_id"]
    chair.ok("timer.start", {"speaker_id": speaker})
    payload = {"summary": "Sửa đường làng xóm 1", "category": "Giao thông & thủy lợi", "speaker_id": speaker}
    secretary.ok("opinion.add", payload)
    opinion = secretary.state["opinions"][-1]["id"]
    clock.advance(150)
    chair.ok("speaker.end", {"speaker_id": speaker})
    outcome = {"opinion_id": opinion, "outcome": "assigned", "unit": "Công chức Giao thông", "working_days": 10}
    secretary.ok("opinion.outcome", outcome)
    chair.ok("meeting.conclude", {"text": "Giao Công chức Giao thông trả lời trong 10 ngày làm việc."})
    clock.advance(300)
    chair.ok("meeting.close")
    return prepared


@pytest.mark.parametrize("profile", PROFILES)
def test_every_document_after_the_meeting_passes_the_format(client, store, held, profile):
    meeting_id = held["id"]
    assert held["office"].send("meeting.paperwork", PROFILES[profile], meeting_id=meeting_id)["ok"]
    held_on = "ngày 05 tháng 01 năm 2026"
    numbers = {"minutes": None, "notice": "05", "report": "07"}  # "5/TB-UBND" as typed: its zero added
    for kind, name in AFTER.items():
        document = download(client, store, meeting_id, name)
        check_document(document, profile, kind, held_on, numbers[kind])
        said = all_text(document)
        assert "1/0" not in said and "/0 " not in said, kind  # the walk-in from a xóm nobody invited
    notice = all_text(download(client, store, meeting_id, "notice.docx"))
    concludes = "đồng chí Chủ tịch UBND xã" if profile == "state" else "đồng chí Bí thư Đảng ủy xã"
    assert f"Kết luận của {concludes} tại hội nghị tiếp xúc" in notice  # who signs it concludes
    report = download(client, store, meeting_id, "report.docx")
    attendance = next(t for t in report.tables if t.cell(0, 1).text == "Được mời")
    assert ["Xóm Bãi Sông", "—", "1"] in [[c.text for c in row.cells] for row in attendance.rows]
    stages = next(t for t in report.tables if t.cell(0, 1).text == "Bước")
    rows = [[c.text for c in row.cells] for row in stages.rows]
    assert rows[0] == ["STT", "Bước", "Kế hoạch", "Thực tế", "Chênh lệch"]
    assert rows[1][2:] == ["10:00", "10:00", "00:00"] and rows[-1][1] == "Tổng cộng"
    assert len(rows) == 2 + len(store.load(meeting_id).stages)
    draft = client.get(
        f"/m/{meeting_id}/minutes", headers={"X-Role": "office", "X-Pin": store.office_pin(), "X-Person": ""}
    ).get_json()
    text = "\n".join(b["text"] for b in draft["current"]["blocks"])
    assert "Xóm Bãi Sông: có mặt 1 (ngoài danh sách mời)." in text
