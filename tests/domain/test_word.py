"""The Word documents after a meeting (server/reports/word.py), read back with python-docx: a
meeting scripted through the domain's commands, each document in both letterhead profiles."""

from __future__ import annotations

import copy
from datetime import datetime
from io import BytesIO

import docx
import pytest

from server.demo import demo_meeting
from server.domain import execute
from server.domain.model import Citizen
from server.reports.facts import facts
from server.reports.word import minutes_docx, notice_docx, report_docx

from ..support.files import docx_lines

T0 = 1_685_000_000.0  # 25/05/2023

STATE = {
    "profile": "state",
    "parent_body": "UBND THỊ XÃ KINH MÔN",
    "body": "UBND XÃ HIỆP HÒA",
    "place_name": "Hiệp Hòa",
    "notice_number": "25/TB-UBND",
    "report_number": "31/BC-UBND",
    "signer_name": "Lê Thị Lan (demo)",
    "signer_title": "Chủ tịch",
    "recipients": ["Thường trực Đảng ủy xã", "Các đơn vị được giao", "Ban công tác Mặt trận thôn An Bộ"],
}
PARTY = {
    "profile": "party",
    "parent_body": "ĐẢNG BỘ THỊ XÃ KINH MÔN",
    "body": "ĐẢNG ỦY XÃ HIỆP HÒA",
    "notice_number": "25-TB/ĐU",
    "report_number": "31-BC/ĐU",
    "signer_name": "Trần Văn Minh (demo)",
    "signer_title": "Bí thư",
}
SCRIPT = "<script>alert('x')</script> & <b>rác</b>"
# (name, seconds spoken, summary, category, kind) of the five registered speakers, in the queue's order
TURNS = [
    ("Nguyễn Văn An (demo)", 200, "Cấp giấy chứng nhận quyền sử dụng đất ở", "Đất đai & giấy chứng nhận", "kien_nghi"),
    ("Trần Thị Bích (demo)", 260, "Đường giao thông nội đồng xuống cấp", "Giao thông & thủy lợi", "phan_anh"),
    ("Lê Văn Cường (demo)", 170, f"Rác thải ven kênh {SCRIPT}", "Môi trường", "kien_nghi"),
    ("Phạm Thị Dung (demo)", 240, "Chế độ cho người có công", "Chính sách xã hội", "khieu_nai"),
    ("Hoàng Văn Em (demo)", 100, "Tụ tập đánh bạc ban đêm ở bãi sông", "An ninh trật tự", "to_cao"),
]
BLOCKS = [
    {"kind": "heading", "text": "I. THỜI GIAN, ĐỊA ĐIỂM"},
    {"kind": "paragraph", "text": "Hồi 08 giờ 00, ngày 25 tháng 5 năm 2023, tại Hội trường Trung tâm văn hóa xã."},
    {"kind": "heading", "text": "II. NỘI DUNG"},
    {"kind": "bullet", "text": "Ông Nguyễn Văn An (demo), Xóm Đông: cấp giấy chứng nhận."},
    {"kind": "bullet", "text": f"Ông Lê Văn Cường (demo): {SCRIPT}"},
]


class Clock:
    """Runs commands on the meeting at a moving time: ``after`` seconds from the previous one."""

    def __init__(self, meeting):
        self.m, self.now = meeting, T0

    def do(self, name, payload=None, role="chair", after=0.0):
        self.now += after
        self.m = execute(self.m, name, payload or {}, role, self.now)
        return self.m


def held_meeting():
    """The An Bộ meeting held to the end: five citizens spoke (Bích over her 3 minutes by 1:20),
    one opinion each and a written one, every outcome, an official's answer, a conclusion."""
    c = Clock(demo_meeting(T0))
    delegates = {d.name: d.id for d in c.m.delegates}
    for name in ("Nguyễn Văn Hùng (demo)", "Trần Văn Minh (demo)", "Lê Thị Lan (demo)"):
        c.do("delegate.present", {"delegate_id": delegates[name], "present": True})
    for _ in range(3):
        c.do("stage.next", {"expected_stage_id": c.m.stage_id}, after=600)
    opinions = []
    for name, seconds, summary, category, kind in TURNS:
        c.do("speaker.call_next", {"expected_speaker_id": c.m.speaker_id}, after=30)
        assert c.m.current_speaker().name == name
        c.do("timer.start", {"speaker_id": c.m.speaker_id})
        payload = {"summary": summary, "category": category, "kind": kind, "speaker_id": c.m.speaker_id}
        c.do("opinion.add", payload, role="secretary", after=10)
        opinions.append(c.m.opinions[-1].id)
        c.do("speaker.end", {"speaker_id": c.m.speaker_id}, after=seconds - 10)
    written = {"summary": "Xin hỗ trợ sửa nhà văn hóa xóm", "category": "Khác", "speaker_id": None}
    c.do("opinion.add", written | {"citizen": "Đỗ Thị Hoa", "xom": "Xóm Chùa"}, role="secretary")
    c.do("stage.next", {"expected_stage_id": c.m.stage_id}, after=30)
    answer = {"opinion_ids": [opinions[1]], "delegate_id": delegates["Lê Thị Lan (demo)"], "expected_speaker_id": None}
    c.do("answer.call", answer, after=30)
    c.do("timer.start", {"speaker_id": c.m.speaker_id})
    c.do("speaker.end", {"speaker_id": c.m.speaker_id}, after=150)
    an, bich, cuong, dung, em = opinions
    outcomes = [
        {"opinion_id": an, "outcome": "assigned", "unit": "Công chức Địa chính - Xây dựng", "working_days": 15},
        {
            "opinion_id": bich,
            "outcome": "answered",
            "answer": "Xã đưa tuyến đường vào kế hoạch cứng hóa năm 2024.",
            "answered_by": "Lê Thị Lan (demo) – Chủ tịch UBND xã",
        },
        {"opinion_id": cuong, "outcome": "forwarded", "forwarded_to": "Phòng Tài nguyên và Môi trường thị xã"},
        {
            "opinion_id": dung,
            "outcome": "declined",
            "prior_ref": "123/QĐ-UBND",
            "prior_date": "2022-03-10",
            "prior_body": "UBND thị xã Kinh Môn",
        },
        {"opinion_id": em, "outcome": "noted"},
    ]
    for payload in outcomes:
        c.do("opinion.outcome", payload, role="secretary")
    c.do("stage.next", {"expected_stage_id": c.m.stage_id}, after=60)
    c.do("stage.next", {"expected_stage_id": c.m.stage_id}, after=60)
    c.do("meeting.conclude", {"text": "Hội nghị đã lắng nghe 6 ý kiến; các đơn vị giải quyết đúng hạn."})
    c.do("meeting.paperwork", STATE, role="secretary")
    return c.do("meeting.close", after=300)


@pytest.fixture(scope="module")
def held():
    return held_meeting()


def as_party(meeting):
    return execute(meeting, "meeting.paperwork", PARTY, "secretary", T0 + 9000)


def read(data: bytes):
    return docx.Document(BytesIO(data))


def text(document) -> str:
    return "\n".join(docx_lines(document))


def runs_of(document, wanted: str):
    """The runs whose text is ``wanted``, wherever they are (body or tables)."""
    found = [r for p in document.paragraphs for r in p.runs if r.text == wanted]
    for table in document.tables:
        for row in table.rows:
            for cell in row.cells:
                found += [r for p in cell.paragraphs for r in p.runs if r.text == wanted]
    return found


def header_text(document) -> str:
    section = document.sections[0]
    return "\n".join(p.text for h in (section.first_page_header, section.header) for p in h.paragraphs)


def documents(meeting):
    f = facts(meeting)
    return {
        "minutes": minutes_docx(f, BLOCKS, finalised_at=T0 + 86400),
        "notice": notice_docx(f),
        "report": report_docx(f),
    }


# ---------------------------------------------------------------- page and letterheads


@pytest.mark.parametrize("kind", ["minutes", "notice", "report"])
def test_a4_portrait_with_decree_30_margins_and_times_new_roman(held, kind):
    document = read(documents(held)[kind])
    section = document.sections[0]
    assert round(section.page_width.mm) == 210 and round(section.page_height.mm) == 297
    margins = (section.top_margin, section.bottom_margin, section.left_margin, section.right_margin)
    assert [round(m.mm) for m in margins] == [20, 20, 30, 15]
    normal = document.styles["Normal"]
    assert normal.font.name == "Times New Roman" and normal.font.size.pt == 14


@pytest.mark.parametrize("kind", ["notice", "report"])
def test_state_letterhead_and_signature(held, kind):
    document = read(documents(held)[kind])
    head = document.tables[0]
    left, right = head.cell(0, 0).text, head.cell(0, 1).text
    assert left.splitlines() == ["UBND THỊ XÃ KINH MÔN", "UBND XÃ HIỆP HÒA"]
    assert right.splitlines() == ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc"]
    assert head.cell(1, 0).text == ("Số: 25/TB-UBND" if kind == "notice" else "Số: 31/BC-UBND")
    assert head.cell(1, 1).text == "Hiệp Hòa, ngày 25 tháng 5 năm 2023"
    assert all(r.bold for r in runs_of(document, "UBND XÃ HIỆP HÒA"))
    (motto,) = runs_of(document, "Độc lập - Tự do - Hạnh phúc")
    assert motto.bold and motto.underline
    (date_line,) = runs_of(document, "Hiệp Hòa, ngày 25 tháng 5 năm 2023")
    assert date_line.italic
    signature = document.tables[-1]
    assert [line for line in signature.cell(0, 1).text.splitlines() if line] == [
        "TM. ỦY BAN NHÂN DÂN",
        "CHỦ TỊCH",
        "Lê Thị Lan (demo)",
    ]
    recipients = signature.cell(0, 0).text.splitlines()
    assert recipients[0] == "Nơi nhận:" and recipients[-1] == "- Lưu: VT."
    assert "- Các đơn vị được giao;" in recipients
    (label,) = runs_of(document, "Nơi nhận:")
    assert label.bold and label.italic and label.font.size.pt == 12
    assert runs_of(document, "- Lưu: VT.")[0].font.size.pt == 11
    assert "ĐẢNG CỘNG SẢN VIỆT NAM" not in text(document)


@pytest.mark.parametrize("kind", ["notice", "report"])
def test_party_letterhead_and_signature(held, kind):
    document = read(documents(as_party(held))[kind])
    head = document.tables[0]
    assert head.cell(0, 0).text.splitlines() == ["ĐẢNG BỘ THỊ XÃ KINH MÔN", "ĐẢNG ỦY XÃ HIỆP HÒA", "*"]
    assert head.cell(0, 1).text == "ĐẢNG CỘNG SẢN VIỆT NAM"
    assert head.cell(1, 0).text == ("Số 25-TB/ĐU" if kind == "notice" else "Số 31-BC/ĐU")
    assert head.cell(1, 1).text == "Hiệp Hòa, ngày 25 tháng 5 năm 2023"  # the place from the unit
    (title,) = runs_of(document, "ĐẢNG CỘNG SẢN VIỆT NAM")
    assert title.bold and title.underline
    signature = [line for line in document.tables[-1].cell(0, 1).text.splitlines() if line]
    assert signature == ["T/M ĐẢNG ỦY", "BÍ THƯ", "Trần Văn Minh (demo)"]  # a commune Party committee signs so
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" not in text(document)


def test_empty_paperwork_falls_back_on_the_meeting(held):
    """In the state format the People's Committee of the commune issues (not the organiser, a Party
    committee), under no parent body unless one is given, and its Chủ tịch signs; in the Party
    format the Party committee under the committee above it, signed by the Bí thư."""
    bare = copy.deepcopy(held)
    bare.paperwork = type(held.paperwork)()
    symbols = {"minutes": "BB", "notice": "TB", "report": "BC"}
    for kind, data in documents(bare).items():
        document = read(data)
        head = document.tables[0]
        assert head.cell(0, 0).text.splitlines() == ["ỦY BAN NHÂN DÂN", "XÃ HIỆP HÒA"]
        assert head.cell(1, 1).text == "Hiệp Hòa, ngày 25 tháng 5 năm 2023"
        assert head.cell(1, 0).text.replace(" ", "") == f"Số:/{symbols[kind]}-UBND"
        if kind != "minutes":
            signature = [line for line in document.tables[-1].cell(0, 1).text.splitlines() if line]
            assert signature == ["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH", "Lê Thị Lan (demo)"]
        assert "None" not in text(document) + header_text(document)
    bare.paperwork.profile = "party"
    for kind, data in documents(bare).items():
        document = read(data)
        head = document.tables[0]
        assert head.cell(0, 0).text.splitlines() == ["ĐẢNG BỘ THỊ XÃ KINH MÔN", "ĐẢNG ỦY XÃ HIỆP HÒA", "*"]
        assert head.cell(1, 0).text.replace(" ", "") == f"Số-{symbols[kind]}/ĐU"
        if kind != "minutes":
            signature = [line for line in document.tables[-1].cell(0, 1).text.splitlines() if line]
            assert signature == ["T/M ĐẢNG ỦY", "BÍ THƯ", "Trần Văn Minh (demo)"]


# ---------------------------------------------------------------- the minutes


def test_minutes_hold_the_secretarys_blocks_between_letterhead_and_signatures(held):
    document = read(documents(held)["minutes"])
    all_lines = docx_lines(document)
    assert all_lines.index("BIÊN BẢN") < all_lines.index(held.title) < all_lines.index("I. THỜI GIAN, ĐỊA ĐIỂM")
    body = [p for p in document.paragraphs if p.text]
    heading = next(p for p in body if p.text == "II. NỘI DUNG")
    assert heading.runs[0].bold
    assert "- Ông Nguyễn Văn An (demo), Xóm Đông: cấp giấy chứng nhận." in all_lines
    assert f"- Ông Lê Văn Cường (demo): {SCRIPT}" in all_lines  # markup stays text
    assert document.tables[0].cell(1, 0).text.replace(" ", "") == "Số:/BB-UBND"  # to fill in when signed
    secretary, chair = (document.tables[-2].cell(0, i).text for i in (0, 1))
    assert secretary.startswith("THƯ KÝ HỘI NGHỊ") and secretary.endswith("Nguyễn Thị Thu (demo)")
    assert chair.startswith("CHỦ TRÌ HỘI NGHỊ") and chair.endswith("Trần Văn Minh (demo)")


def test_a_draft_says_so_in_the_header_and_a_final_one_does_not(held):
    f = facts(held)
    draft = read(minutes_docx(f, BLOCKS, finalised_at=None))
    assert "DỰ THẢO" in header_text(draft)
    assert "DỰ THẢO" in "".join(p.text for p in draft.sections[0].first_page_header.paragraphs)
    final = read(minutes_docx(f, BLOCKS, finalised_at=T0 + 86400))
    assert "DỰ THẢO" not in header_text(final) + text(final)


def test_long_text_and_control_characters(held):
    long = "Ý kiến rất dài về đường làng. " * 400
    blocks = [{"kind": "paragraph", "text": long + "\x01\x0b"}, {"kind": "heading", "text": "III. KẾT LUẬN"}]
    document = read(minutes_docx(facts(held), blocks, finalised_at=None))
    assert long in docx_lines(document)
    assert "III. KẾT LUẬN" in docx_lines(document)


# ---------------------------------------------------------------- the notice


def test_notice_lists_each_outcome_with_its_particulars(held):
    document = read(documents(held)["notice"])
    all_lines = docx_lines(document)
    assert all_lines[all_lines.index("THÔNG BÁO") + 1].startswith(
        "Kết luận của đồng chí Chủ tịch UBND xã tại hội nghị tiếp xúc, đối thoại trực tiếp"
    )  # the one who signs it for the People's Committee that issues it
    body = text(document)
    assert "Hội nghị đã lắng nghe 6 ý kiến; các đơn vị giải quyết đúng hạn." in body
    order = [
        "CÁC Ý KIẾN ĐÃ ĐƯỢC TRẢ LỜI TẠI HỘI NGHỊ",
        "CÁC Ý KIẾN GIAO ĐƠN VỊ GIẢI QUYẾT",
        "CÁC Ý KIẾN CHUYỂN CƠ QUAN CÓ THẨM QUYỀN",
        "CÁC Ý KIẾN ĐÃ ĐƯỢC GIẢI QUYẾT, KHÔNG XEM XÉT LẠI",
        "CÁC Ý KIẾN HỘI NGHỊ GHI NHẬN",
        "CÁC Ý KIẾN CHƯA CÓ HƯỚNG XỬ LÝ",
    ]
    headings = [line for line in all_lines if any(line.endswith(h) for h in order)]
    assert headings == [f"{n}. {h}" for n, h in zip(["II", "III", "IV", "V", "VI", "VII"], order, strict=True)]
    assert "1. Công dân Trần Thị Bích (demo), Xóm Trong phản ánh: Đường giao thông nội đồng xuống cấp." in all_lines
    assert (
        "Lê Thị Lan (demo) – Chủ tịch UBND xã trả lời: Xã đưa tuyến đường vào kế hoạch cứng hóa năm 2024." in all_lines
    )
    assert "1. Công dân Nguyễn Văn An (demo), Xóm Đông kiến nghị: Cấp giấy chứng nhận quyền sử dụng đất ở." in all_lines
    assert "Giao Công chức Địa chính - Xây dựng kiểm tra, giải quyết, trả lời công dân trước ngày 15/06/2023." in body
    assert "Chuyển Phòng Tài nguyên và Môi trường thị xã xem xét" in body
    assert f"Rác thải ven kênh {SCRIPT}." in body  # literally, not as markup
    assert "tại văn bản số 123/QĐ-UBND ngày 10/03/2022 của UBND thị xã Kinh Môn" in body
    assert "Công dân Đỗ Thị Hoa, Xóm Chùa kiến nghị: Xin hỗ trợ sửa nhà văn hóa xóm." in body  # written, no outcome


def test_notice_does_not_name_a_denouncer(held):
    body = text(read(documents(held)["notice"]))
    assert "Một công dân (giữ bí mật thông tin người tố cáo) tố cáo: Tụ tập đánh bạc" in body
    assert "Hoàng Văn Em" not in body


def test_notice_says_when_no_conclusion_was_written(held):
    silent = copy.deepcopy(held)
    silent.conclusion = ""
    assert "Người chủ trì chưa ghi ý kiến kết luận tại hội nghị." in text(read(notice_docx(facts(silent))))


def test_notice_is_dated_the_day_it_is_issued_when_given(held):
    document = read(notice_docx(facts(held), issued_at=datetime(2023, 5, 31, 12, 0).timestamp()))
    assert document.tables[0].cell(1, 1).text == "Hiệp Hòa, ngày 31 tháng 5 năm 2023"


# ---------------------------------------------------------------- the report


def test_report_counts_and_addressees(held):
    document = read(documents(held)["report"])
    body = text(document)
    assert "- Ban Thường vụ Thị ủy Kinh Môn;" in body and "- Ban Dân vận Thị ủy Kinh Môn." in body
    assert "2. Có 5 công dân phát biểu (5 lượt); 1 lượt đại biểu trả lời." in body
    assert "3. Tổng số ý kiến, kiến nghị: 6." in body
    assert "- Công dân được mời: 100 người (Xóm Đông: 30, Xóm Trong: 25, Xóm Ngoài: 25, Xóm Chùa: 20)." in body
    assert "- Đại biểu thị xã (1): đồng chí Nguyễn Văn Hùng (demo) – Thị ủy viên phụ trách xã Hiệp Hòa." in body
    assert "Địa điểm: Hội trường Trung tâm văn hóa xã Hiệp Hòa." in body
    by_category = next(t for t in document.tables if t.cell(0, 1).text == "Lĩnh vực")
    by_outcome = next(t for t in document.tables if t.cell(0, 1).text == "Kết quả")
    rows = [[c.text for c in row.cells] for row in by_category.rows]
    assert rows[0] == ["STT", "Lĩnh vực", "Số ý kiến"]
    assert ["3", "Giao thông & thủy lợi", "1"] in rows  # in the order of the meeting's categories
    assert rows[-1] == ["", "Tổng cộng", "6"]
    rows = {row.cells[1].text: row.cells[2].text for row in by_outcome.rows}
    # The same names as the register and the public page (server/reports/vn.py).
    assert rows["Đã trả lời tại hội nghị"] == "1" and rows["Giao đơn vị giải quyết"] == "1"
    assert rows["Chuyển cấp trên"] == "1" and rows["Từ chối: đã được giải quyết"] == "1"
    assert rows["Tiếp thu"] == "1" and rows["Chưa có kết quả"] == "1" and rows["Tổng cộng"] == "6"


def test_report_has_the_chart(held):
    document = read(documents(held)["report"])
    assert len(document.inline_shapes) == 1
    image = document.part.related_parts[document.inline_shapes[0]._inline.graphic.graphicData.pic.blipFill.blip.embed]
    assert image.blob.startswith(b"\x89PNG")
    assert "Biểu đồ: ý kiến, kiến nghị theo lĩnh vực và theo kết quả xử lý." in text(document)


def test_report_lists_every_opinion_with_its_outcome(held):
    document = read(documents(held)["report"])
    table = next(t for t in document.tables if t.cell(0, 3).text == "Kết quả xử lý")
    rows = [[c.text for c in row.cells] for row in table.rows[1:]]
    assert [r[0] for r in rows] == ["1", "2", "3", "4", "5", "6"]  # in the order raised
    assert rows[0][1] == "Công dân Nguyễn Văn An (demo), Xóm Đông kiến nghị: Cấp giấy chứng nhận quyền sử dụng đất ở."
    assert rows[0][3].endswith("trước ngày 15/06/2023.")
    assert rows[1][1].endswith("Đường giao thông nội đồng xuống cấp.") and rows[1][2] == "Giao thông & thủy lợi"
    assert rows[2][1].endswith(f"Rác thải ven kênh {SCRIPT}.")
    assert rows[4][1].startswith("Một công dân (giữ bí mật thông tin người tố cáo) tố cáo")
    assert rows[5][3] == "Chưa có hướng xử lý."


def test_report_speaking_times_in_order_and_overruns(held):
    document = read(documents(held)["report"])
    table = next(t for t in document.tables if t.cell(0, 1).text == "Người phát biểu")
    rows = [[c.text for c in row.cells] for row in table.rows[1:]]
    assert [r[1] for r in rows] == [name for name, *_ in TURNS] + ["Lê Thị Lan (demo) (trả lời)"]
    assert rows[0] == ["1", "Nguyễn Văn An (demo)", "Xóm Đông", "03:00", "03:20", "00:20"]
    assert rows[1][3:] == ["03:00", "04:20", "01:20"]
    assert rows[3][3:] == ["05:00", "04:00", ""]
    assert rows[5][2:] == ["Chủ tịch UBND xã", "03:00", "02:30", ""]
    per_xom = next(t for t in document.tables if t.cell(0, 0).text == "Xóm" and t.cell(0, 1).text.startswith("Số"))
    assert [[c.text for c in row.cells] for row in per_xom.rows][1] == ["Xóm Đông", "2", "07:20"]
    body = text(document)
    assert "- Trần Thị Bích (demo), Xóm Trong: đăng ký 3 phút, phát biểu 4 phút 20 giây, vượt 1 phút 20 giây." in body
    assert "- Nguyễn Văn An (demo), Xóm Đông: đăng ký 3 phút, phát biểu 3 phút 20 giây, vượt 20 giây." in body


def test_report_lists_what_is_still_open(held):
    document = read(documents(held)["report"])
    table = document.tables[-2]  # the last before the signature
    rows = [[c.text for c in row.cells] for row in table.rows]
    assert rows[0] == ["STT", "Ý kiến, kiến nghị", "Đơn vị giải quyết", "Thời hạn", "Tình trạng"]
    assert rows[1] == [
        "1",
        "Cấp giấy chứng nhận quyền sử dụng đất ở\nCông dân Nguyễn Văn An (demo), Xóm Đông",
        "Công chức Địa chính - Xây dựng",
        "15/06/2023",
        "Đang giải quyết",
    ]
    assert rows[2][2:] == ["Phòng Tài nguyên và Môi trường thị xã", "", "Chờ trả lời"]
    assert rows[3][1].startswith("Xin hỗ trợ sửa nhà văn hóa xóm") and rows[3][4] == "Chưa có kết quả"
    assert len(rows) == 4


def test_report_with_check_in_gives_present_of_invited_per_xom(held):
    checked = copy.deepcopy(held)
    for i, (xom, present) in enumerate([("Xóm Đông", True), ("Xóm Đông", False), ("Xóm Trong", True)]):
        checked.citizens.append(Citizen(900 + i, f"Công dân {i}", xom, present=present))
    document = read(report_docx(facts(checked)))
    assert "- Công dân: 2/100 người được mời có mặt (điểm danh tại hội nghị)." in text(document)
    table = next(t for t in document.tables if t.cell(0, 0).text == "Xóm" and t.cell(0, 1).text == "Được mời")
    rows = [[c.text for c in row.cells] for row in table.rows]
    assert rows[1] == ["Xóm Đông", "2", "1"] and rows[2] == ["Xóm Trong", "1", "1"]
    assert rows[3] == ["Xóm Ngoài", "25", "0"]  # nobody listed: the plan's allocation
    assert rows[-1] == ["Tổng cộng", "100", "2"]


# ---------------------------------------------------------------- text, determinism, an empty meeting


def test_diacritics_survive_in_every_document(held):
    for kind, data in documents(held).items():
        body = text(read(data))
        assert "Hiệp Hòa" in body, kind
        if kind != "minutes":
            assert "Nguyễn Văn An (demo)" in body and "Đường giao thông nội đồng" in body, kind


def test_the_same_record_gives_the_same_bytes(held):
    assert documents(held) == documents(held)


def test_a_meeting_without_speakers_or_opinions_says_so():
    c = Clock(demo_meeting(T0))
    c.do("stage.next", {"expected_stage_id": None})
    c.do("meeting.close", after=1200)
    f = facts(c.m)
    notice = text(read(notice_docx(f)))
    assert "Không có ý kiến nào được nêu." in notice
    assert "CÁC Ý KIẾN ĐÃ ĐƯỢC TRẢ LỜI" not in notice
    document = read(report_docx(f))
    report = text(document)
    assert "2. Không có công dân nào phát biểu; 0 lượt đại biểu trả lời." in report
    assert "3. Không có ý kiến nào được nêu." in report
    assert "Không có lượt phát biểu nào." in report
    assert "Không có lượt phát biểu nào vượt thời gian đăng ký." in report
    assert "Không còn ý kiến nào chưa hoàn thành." in report
    assert len(document.inline_shapes) == 0
    minutes = read(minutes_docx(f, [], finalised_at=None))
    assert "Biên bản chưa có nội dung." in text(minutes)


def test_a_deputy_signs_for_the_chair_and_a_given_number_gets_its_zero(held):
    deputy = execute(
        held,
        "meeting.paperwork",
        {"signer_title": "Phó Chủ tịch UBND xã", "signer_name": "Đào Văn Phó", "notice_number": "7/TB-UBND"},
        "secretary",
        T0 + 9000,
    )
    document = read(notice_docx(facts(deputy)))
    signature = [line for line in document.tables[-1].cell(0, 1).text.splitlines() if line]
    assert signature == ["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "Đào Văn Phó"]
    assert document.tables[0].cell(1, 0).text == "Số: 07/TB-UBND"
    assert "Kết luận của đồng chí Phó Chủ tịch UBND xã tại" in text(document)


@pytest.mark.parametrize("profile", ["state", "party"])
def test_the_placeholders_of_each_profile_are_numbers_as_its_documents_write_them(held, profile):
    from server.reports.letterhead import PLACEHOLDERS

    example = PLACEHOLDERS[profile]
    m = execute(
        held,
        "meeting.paperwork",
        {"profile": profile, **{k: example[k] for k in ("notice_number",)}},
        "secretary",
        T0 + 9000,
    )
    number = read(notice_docx(facts(m))).tables[0].cell(1, 0).text
    assert number == ("Số: 25/TB-UBND" if profile == "state" else "Số 25-TB/ĐU")
    assert ("UBND" in example["notice_number"]) == (profile == "state")
