"""The office prepares the people of a meeting in its editor, in real Chromium: imports the invited
citizens from an Excel file after a preview, keeps the list in Vietnamese order, seats the
delegates, and prints the papers of the day (the attendance sheet, one xóm a page)."""

from __future__ import annotations

import re
import subprocess
import unicodedata

import pytest

from ..support.browser import record_commands
from ..support.office import command, meeting_day, new_meeting, open_editor, write_xlsx

pytestmark = pytest.mark.browser

WEEKDAYS = ["Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ Nhật"]  # date.weekday()
ALLOCATION = [{"xom": "Xóm Đông", "count": 15}, {"xom": "Xóm Chùa", "count": 15}, {"xom": "Xóm Giữa", "count": 12}]


def print_paper(page, which: str) -> None:
    """Press a print button (on screen), then look at the page as the printer gets it."""
    page.emulate_media(media="screen")
    page.click(f"button[data-print={which}]")
    page.emulate_media(media="print")


def names_shown(page) -> list[str]:
    return page.eval_on_selector_all("#citizen-rows tr", "rows => rows.map((r) => r.dataset.name)")


def quota(page) -> list[str]:
    return page.locator("#citizen-quota li").all_text_contents()


# 38 people of three xóm (14 + 13 + 11); a few names typed decomposed (NFD), as some keyboards do.
FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô", "Dương", "Lý"]
GIVEN = ["Văn An", "Thị Bình", "Văn Cường", "Thị Dung", "Văn Đạt", "Thị Hạnh", "Văn Hùng", "Thị Lan", "Văn Lợi"]
PEOPLE = [
    (f"{FAMILY[i % len(FAMILY)]} {GIVEN[(i * 5) % len(GIVEN)]}", xom)
    for i, xom in enumerate(["Xóm Đông"] * 14 + ["Xóm Chùa"] * 13 + ["Xóm Giữa"] * 11)
]


def test_the_office_imports_the_invited_citizens_after_a_preview(pages, server, office_client, tmp_path):
    assert len(set(PEOPLE)) == 38
    mid = new_meeting(office_client, allocation=ALLOCATION, invited_count=42)
    rows = [
        [n + 1, unicodedata.normalize("NFD", name) if n % 7 == 0 else name, xom, f"09{n:08d}", "", 1960 + n, "Kinh"]
        for n, (name, xom) in enumerate(PEOPLE)
    ]
    rows.insert(10, [0, "Trịnh Văn Sai", "Xóm Chùa", "12ab", "số điện thoại ghi nhầm", 1970, "Kinh"])  # file line 12
    rows.insert(20, [0, PEOPLE[3][0], PEOPLE[3][1], "", "ghi hai lần", 1963, "Kinh"])  # line 22 repeats line 5
    header = ["STT", "Họ và tên", "Xóm", "Số điện thoại", "Ghi chú", "Năm sinh", "Dân tộc"]
    path = write_xlsx(tmp_path / "moi.xlsx", header, rows)

    page = open_editor(pages, server, mid)
    part = page.locator(".import[data-kind=citizens]")
    part.locator("input[type=file]").set_input_files(path)
    preview = part.locator(".import-preview")
    preview.locator(".preview-title").wait_for()

    # The preview, before anything is saved: who would be imported, the bad row and the repeat.
    assert preview.locator(".preview-title").text_content().startswith("Sẽ nhập 38 người")
    assert preview.locator(".preview-rows tbody tr").count() == 10
    assert preview.locator(".preview-rows tbody tr").first.text_content().startswith(f"2{PEOPLE[0][0]}Xóm Đông")
    assert "… và 28 người nữa" in preview.text_content()
    bad = preview.locator(".preview-problems li[data-line='12']")
    assert bad.text_content() == "Dòng 12: Điện thoại: Số điện thoại gồm 8 đến 15 chữ số. (“12ab”)"
    assert "Không nhập được: 1 dòng" in preview.locator(".preview-problems h5").text_content()
    repeat = preview.locator(".preview-duplicates li[data-line='22']")
    assert repeat.text_content() == f"Dòng 22: {PEOPLE[3][0]} – trùng dòng 5"
    assert preview.locator(".ignored").text_content() == "Các cột không dùng: Dân tộc"
    assert preview.locator(".quota.after li").all_text_contents() == [
        "Xóm Đông: 14 / 15",
        "Xóm Chùa: 13 / 15",
        "Xóm Giữa: 11 / 12",
        "Tổng: 38 / 42",
    ]
    assert office_client.snapshot(mid)["citizens"] == []  # nothing saved yet
    preview.screenshot(path=str(tmp_path / "preview.png"))
    assert (tmp_path / "preview.png").stat().st_size > 10_000

    # Confirmed: one command adds the 38; the page says so and shows the list against the allocation.
    go = preview.locator("button.do-import")
    assert go.text_content() == "Nhập 38 người"
    go.click()
    page.wait_for_selector("#toast.ok:has-text('Đã nhập 38 người.')")
    assert preview.is_hidden()
    page.wait_for_function("() => document.querySelectorAll('#citizen-rows tr').length === 38")
    held = office_client.snapshot(mid)["citizens"]
    assert sorted((c["name"], c["xom"]) for c in held) == sorted(PEOPLE)
    assert all(unicodedata.is_normalized("NFC", c["name"]) for c in held)
    assert {c["phone"] for c in held if c["name"] == PEOPLE[0][0]} == {"0900000000"}
    assert quota(page) == ["Xóm Đông: 14 / 15", "Xóm Chùa: 13 / 15", "Xóm Giữa: 11 / 12", "Tổng: 38 / 42"]
    assert page.text_content("#citizen-count") == "(38)"

    # The same file again: everyone is already there, and there is nothing to confirm.
    part.locator("input[type=file]").set_input_files(path)
    page.wait_for_selector(".import[data-kind=citizens] .preview-title:has-text('Sẽ nhập 0 người')")
    assert preview.locator(".preview-duplicates li[data-reason=already_invited]").count() == 39
    assert "đã có trong danh sách" in preview.locator(".preview-duplicates li").first.text_content()
    assert preview.locator(".preview-problems li[data-line='12']").count() == 1
    assert preview.locator(".preview-rows").count() == 0
    assert go.text_content() == "Không có ai mới" and go.is_disabled()
    preview.locator("button.cancel-import").click()
    assert preview.is_hidden()
    assert len(office_client.snapshot(mid)["citizens"]) == 38

    # A file that cannot be read is refused whole: the server's reason, and nothing else.
    old = tmp_path / "danh-sach.xls"
    old.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600)  # an .xls damaged past reading
    part.locator("input[type=file]").set_input_files(str(old))
    refused = preview.locator(".import-refused")
    refused.wait_for()
    assert refused.text_content() == (
        "Không đọc được tệp .xls này: tệp có thể bị hỏng hoặc được đặt mật khẩu. "
        "Hãy mở bằng Excel, lưu lại dưới dạng .xlsx rồi tải lên lại."
    )
    assert preview.locator("button").count() == 0 and preview.locator("table").count() == 0


def test_the_list_is_in_vietnamese_order_and_found_without_diacritics(pages, server, office_client):
    mid = new_meeting(office_client, allocation=ALLOCATION)
    scrambled = ["Phạm Thị Em", "Nguyễn Văn Đạt", "Lê Thị Bình", "Hoàng Thị Ánh", "Trần Văn An", "Nguyễn Văn Dũng"]
    rows = [{"name": name, "xom": "Xóm Đông"} for name in scrambled]
    assert command(office_client, "citizens.import", {"rows": rows}, mid)["ok"]
    page = open_editor(pages, server, mid)
    page.wait_for_function("() => document.querySelectorAll('#citizen-rows tr').length === 6")

    # One more, typed in the add row (Enter adds it; the xóm stays for the next one).
    add = page.locator("#citizen-add")
    add.locator("input[name=name]").fill("Vũ Thị Ân")
    add.locator("input[name=xom]").fill("Xóm Chùa")
    add.locator("input[name=phone]").fill("0912 345 678")
    add.locator("input[name=name]").press("Enter")
    page.wait_for_selector("#citizen-rows tr[data-name='Vũ Thị Ân']")
    assert (
        add.locator("input[name=name]").input_value() == ""
        and add.locator("input[name=xom]").input_value() == "Xóm Chùa"
    )
    assert page.evaluate("document.activeElement.name") == "name"

    # By given name, in the Vietnamese alphabet: a < ă < â, d < đ; then the family and middle names.
    assert names_shown(page) == [
        "Trần Văn An",
        "Hoàng Thị Ánh",
        "Vũ Thị Ân",
        "Lê Thị Bình",
        "Nguyễn Văn Dũng",
        "Nguyễn Văn Đạt",
        "Phạm Thị Em",
    ]
    row = page.locator("#citizen-rows tr[data-name='Vũ Thị Ân']")
    assert row.locator(".c-phone").text_content() == "0912345678"  # as the server holds it
    assert quota(page) == ["Xóm Đông: 6 / 15", "Xóm Chùa: 1 / 15", "Xóm Giữa: 0 / 12", "Tổng: 7"]

    # Typed without diacritics, the filter finds the name written with them.
    page.fill("#citizen-filter", "nguyen van dat")
    page.wait_for_function("() => document.querySelectorAll('#citizen-rows tr').length === 1")
    assert names_shown(page) == ["Nguyễn Văn Đạt"]
    assert page.text_content("#citizen-shown") == "Hiện 1 / 7 người"
    page.fill("#citizen-filter", "NGUYỄN")
    page.wait_for_function("() => document.querySelectorAll('#citizen-rows tr').length === 2")
    page.fill("#citizen-filter", "")
    page.wait_for_function("() => document.querySelectorAll('#citizen-rows tr').length === 7")

    # Corrected in place: Enter saves the changed field only.
    record_commands(page)
    binh = page.locator("#citizen-rows tr[data-name='Lê Thị Bình']")
    binh.locator("button.edit").click()
    phone = page.locator("#citizen-rows tr.editing input[name=phone]")
    phone.fill("0987654321")
    phone.press("Enter")
    page.wait_for_selector("#citizen-rows tr[data-name='Lê Thị Bình'] .c-phone:has-text('0987654321')")
    citizen_id = next(c["id"] for c in office_client.snapshot(mid)["citizens"] if c["name"] == "Lê Thị Bình")
    sent = ["citizen.update", {"citizen_id": citizen_id, "phone": "0987654321"}, {"meetingId": mid}]
    assert page.evaluate("window.sent") == [sent]

    # ✕ takes one off the list, after a confirmation.
    page.once("dialog", lambda dialog: dialog.accept())
    page.locator("#citizen-rows tr[data-name='Phạm Thị Em'] button.remove").click()
    page.wait_for_selector("#citizen-rows tr[data-name='Phạm Thị Em']", state="detached")
    assert "Phạm Thị Em" not in {c["name"] for c in office_client.snapshot(mid)["citizens"]}


def test_the_office_seats_the_delegates_in_groups(pages, server, office_client, tmp_path):
    mid = new_meeting(office_client)
    page = open_editor(pages, server, mid)
    add = page.locator("#delegate-add")
    for name, title, unit, group in [
        ("Nguyễn Văn Hòa", "Chủ tịch UBND xã", "UBND xã Hiệp Hòa", "Đại biểu cấp xã"),
        ("Trần Thị Tỉnh", "Phó Chủ tịch HĐND tỉnh", "HĐND tỉnh", "Đại biểu cấp tỉnh"),
        ("Lê Văn Xuân", "Bí thư Đảng ủy xã", "Đảng ủy xã Hiệp Hòa", "Đại biểu cấp xã"),
    ]:
        add.locator("input[name=name]").fill(name)
        add.locator("input[name=title]").fill(title)
        add.locator("input[name=unit]").fill(unit)
        add.locator("input[name=group]").fill(group)
        add.locator("input[name=name]").press("Enter")
        page.wait_for_selector(f"#delegate-groups li[data-name='{name}']")
    # Grouped in the order of the table; the datalist offers the usual groups.
    assert page.eval_on_selector_all("#delegate-groups .delegate-group", "g => g.map((n) => n.dataset.group)") == [
        "Đại biểu cấp xã",
        "Đại biểu cấp tỉnh",
    ]
    options = page.eval_on_selector_all("#delegate-group-options option", "o => o.map((n) => n.value)")
    assert {"Đại biểu cấp tỉnh", "Đại biểu cấp xã", "Đảng ủy – HĐND – UBND xã", "Thôn"} <= set(options)

    # Present on the day; ▲ moves Lê Văn Xuân ahead of Nguyễn Văn Hòa within their group.
    page.locator("#delegate-groups li[data-name='Trần Thị Tỉnh'] input[name=present]").check()
    page.wait_for_selector("#delegate-groups li.is-present[data-name='Trần Thị Tỉnh']")
    xuan = page.locator("#delegate-groups li[data-name='Lê Văn Xuân']")
    assert page.locator("#delegate-groups li[data-name='Nguyễn Văn Hòa'] button[data-role=up]").is_disabled()
    xuan.locator("button[data-role=up]").click()
    page.wait_for_selector("[data-group='Đại biểu cấp xã'] li:first-child[data-name='Lê Văn Xuân']")
    held = office_client.snapshot(mid)["delegates"]
    assert [d["name"] for d in held] == ["Lê Văn Xuân", "Nguyễn Văn Hòa", "Trần Thị Tỉnh"]
    assert [d["present"] for d in held] == [False, False, True]
    assert page.text_content("#delegate-count") == "(1/3 có mặt)"

    # Corrected in place: Enter sends only the changed field.
    record_commands(page)
    title = page.locator("#delegate-groups li[data-name='Trần Thị Tỉnh'] input[name=title]")
    title.fill("Chủ tịch HĐND tỉnh")
    title.press("Enter")
    page.wait_for_selector("#toast.ok:has-text('Đã lưu')")
    tinh = next(d for d in office_client.snapshot(mid)["delegates"] if d["name"] == "Trần Thị Tỉnh")
    assert tinh["title"] == "Chủ tịch HĐND tỉnh"
    assert page.evaluate("window.sent") == [
        ["delegate.update", {"delegate_id": tinh["id"], "title": "Chủ tịch HĐND tỉnh"}, {"meetingId": mid}]
    ]

    # The same person twice is refused by the server, and the page says why.
    add.locator("input[name=name]").fill("Lê Văn Xuân")
    add.locator("input[name=unit]").fill("Đảng ủy xã Hiệp Hòa")
    add.locator("input[name=name]").press("Enter")
    page.wait_for_selector("#delegate-add .field-error:has-text('đã có')")
    assert len(office_client.snapshot(mid)["delegates"]) == 3

    # A list from a file: previewed, then added after the table's own.
    path = write_xlsx(
        tmp_path / "dai-bieu.xlsx",
        ["Họ và tên", "Chức vụ", "Đơn vị", "Nhóm"],
        [
            ["Phạm Văn Thôn", "Trưởng thôn", "Thôn Đông Tiến", "Thôn"],
            ["Lê Văn Xuân", "Bí thư Đảng ủy xã", "Đảng ủy xã Hiệp Hòa", "Đại biểu cấp xã"],
        ],
    )
    part = page.locator(".import[data-kind=delegates]")
    part.locator("input[type=file]").set_input_files(path)
    part.locator(".preview-title:has-text('Sẽ nhập 1 người')").wait_for()
    assert "đã có trong danh sách" in part.locator(".preview-duplicates li[data-line='3']").text_content()
    part.locator("button.do-import").click()
    page.wait_for_selector("#toast.ok:has-text('Đã nhập 1 người.')")
    page.wait_for_selector("[data-group='Thôn'] li[data-name='Phạm Văn Thôn']")

    # ✕ removes a delegate, after a confirmation.
    page.once("dialog", lambda dialog: dialog.accept())
    page.locator("#delegate-groups li[data-name='Phạm Văn Thôn'] button[data-role=remove]").click()
    page.wait_for_selector("#delegate-groups li[data-name='Phạm Văn Thôn']", state="detached")
    assert [d["name"] for d in office_client.snapshot(mid)["delegates"]] == [
        "Lê Văn Xuân",
        "Nguyễn Văn Hòa",
        "Trần Thị Tỉnh",
    ]


def test_the_papers_print_on_a4_with_only_the_paper_visible(pages, server, office_client):
    mid = new_meeting(
        office_client,
        allocation=ALLOCATION,
        banner=["HỘI NGHỊ ĐỐI THOẠI TRỰC TIẾP VỚI NHÂN DÂN", "THÔN ĐÔNG TIẾN"],
        chairs=[{"name": "Nguyễn Văn Hòa", "title": "Chủ tịch UBND xã"}],
        secretaries=[{"name": "Trần Thị Thư", "title": "Công chức Văn phòng - Thống kê"}],
    )
    rows = [
        {"name": "Phạm Thị Em", "xom": "Xóm Giữa"},
        {"name": "Nguyễn Văn Đạt", "xom": "Xóm Đông"},
        {"name": "Lê Thị Bình", "xom": "Xóm Đông"},
        {"name": "Trần Văn An", "xom": "Xóm Đông"},
        {"name": "Ngô Văn Dũng", "xom": "Xóm Chùa"},
        {"name": "Bùi Thị Ánh", "xom": "Xóm Chùa"},
    ]
    assert command(office_client, "citizens.import", {"rows": rows}, mid)["ok"]
    page = open_editor(pages, server, mid)
    page.wait_for_function("() => document.querySelectorAll('#citizen-rows tr').length === 6")
    # No print dialog in the test: count the calls instead.
    page.evaluate("() => { window.printed = 0; window.print = () => { window.printed += 1; }; }")

    # On screen the paper stays hidden.
    page.click("button[data-print=attendance]")
    assert page.evaluate("window.printed") == 1
    assert page.locator("#paper").is_hidden()

    page.emulate_media(media="print")
    sections = page.locator("#paper section.attendance")
    assert sections.count() == 3
    assert page.eval_on_selector_all("#paper section.attendance", "s => s.map((n) => n.dataset.xom)") == [
        "Xóm Đông",
        "Xóm Chùa",
        "Xóm Giữa",
    ]
    dong = sections.nth(0)
    assert dong.locator("tbody td.who").all_text_contents() == ["Trần Văn An", "Lê Thị Bình", "Nguyễn Văn Đạt"]
    assert "Số được mời: 3" in dong.locator(".particulars").text_content()
    assert dong.locator("h2").text_content() == "DANH SÁCH ĐIỂM DANH"
    assert dong.locator("thead tr.columns th").all_text_contents() == ["STT", "Họ và tên", "Ghi chú", "Ký tên"]
    assert sections.nth(1).locator("tbody td.who").all_text_contents() == ["Bùi Thị Ánh", "Ngô Văn Dũng"]
    # Each xóm starts a new page; rows are tall enough to sign.
    assert [sections.nth(i).evaluate("n => getComputedStyle(n).breakBefore") for i in range(3)] == [
        "auto",
        "page",
        "page",
    ]
    assert dong.locator("tbody tr").first.evaluate("r => r.getBoundingClientRect().height") >= 40  # 11 mm
    # Only the paper is visible, in a serif type, black on white.
    visible = page.evaluate(
        """() => [...document.body.children]
            .filter((n) => getComputedStyle(n).display !== 'none')
            .map((n) => n.id || n.tagName)"""
    )
    assert visible == ["paper"]
    style = page.eval_on_selector(
        "#paper", "n => [getComputedStyle(n).fontFamily, getComputedStyle(n).fontSize, getComputedStyle(n).color]"
    )
    assert style[0].startswith('"Times New Roman"') and style[2] == "rgb(0, 0, 0)"
    assert float(style[1].removesuffix("px")) == pytest.approx(13 * 96 / 72, abs=0.01)  # 13 pt

    # The agenda: banner, title, the day in Vietnamese and each stage's planned clock times.
    print_paper(page, "agenda")
    assert page.locator("#paper").count() == 1 and page.locator("#paper.paper-agenda").count() == 1
    day = meeting_day()
    when = f"{WEEKDAYS[day.weekday()]}, ngày {day.day} tháng {day.month} năm {day.year}, 08:00"
    assert page.locator("#paper .particulars p").first.text_content() == f"Thời gian: {when}"
    assert page.locator("#paper .banner p").all_text_contents() == [
        "HỘI NGHỊ ĐỐI THOẠI TRỰC TIẾP VỚI NHÂN DÂN",
        "THÔN ĐÔNG TIẾN",
    ]
    stages = office_client.snapshot(mid)["stages"]
    clocks = page.locator("#paper .agenda-table tbody td.clock").all_text_contents()
    assert len(clocks) == len(stages) and clocks[0] == f"08:00 – 08:{stages[0]['planned_minutes']:02d}"
    assert "Nguyễn Văn Hòa – Chủ tịch UBND xã" in page.text_content("#paper")
    assert "Trần Thị Thư – Công chức Văn phòng - Thống kê" in page.text_content("#paper")

    # The registration form: two to an A4 page, the national motto on each (laid out on the width
    # of an A4 page within its margins, 210 - 40 mm).
    page.set_viewport_size({"width": round(170 * 96 / 25.4), "height": 900})
    print_paper(page, "registration")
    sheets = page.locator("#paper .reg-sheet")
    assert sheets.count() == 2
    first = sheets.first
    assert first.locator(".motto").text_content() == "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAMĐộc lập - Tự do - Hạnh phúc"
    assert first.locator("h2").text_content() == "PHIẾU ĐĂNG KÝ PHÁT BIỂU Ý KIẾN"
    labels = first.locator(".field .label").all_text_contents()
    assert labels == [
        "Họ và tên:",
        "Xóm:",
        "Số điện thoại (không bắt buộc):",
        "Nội dung ý kiến:",
        "Thời gian đăng ký (phút):",
    ]
    # Both fit in an A4 page's printable height (297 - 40 mm).
    height = page.eval_on_selector("#paper .reg-page", "n => n.getBoundingClientRect().height")
    assert height <= 257 * 96 / 25.4 + 1
    for i in range(2):
        assert sheets.nth(i).evaluate("n => n.scrollHeight <= n.clientHeight + 1"), "a form is cut off"
    assert page.evaluate("window.printed") == 3


def pdf_pages(page, tmp_path) -> list[str]:
    """The page printed to an A4 PDF by Chromium, as the text of each printed page (poppler's
    pdftotext, in the page's layout)."""
    pdf = tmp_path / "paper.pdf"
    page.pdf(path=str(pdf), prefer_css_page_size=True, print_background=True)
    out = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, check=True, text=True)
    return [unicodedata.normalize("NFC", text) for text in out.stdout.split("\f") if text.strip()]


def test_the_attendance_sheet_repeats_each_xoms_heading_on_every_page_and_leaves_no_name_alone(
    pages,
    server,
    office_client,
    tmp_path,
):
    """Printed to PDF (A4): a xóm whose list runs onto another page has its heading and the column
    names at the top of each of its pages; no page holds a single name of a list (the 20th name of
    a xóm is not left alone), and no row is split."""
    families = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ"]
    given = ["An", "Bình", "Chi", "Dũng", "Hà", "Hải", "Hoa", "Hùng", "Lan", "Long", "Mai", "Minh", "Nam"]
    names = [f"{f} {m} {g}" for g in given for f in families for m in ("Văn", "Thị")]
    sizes = {"Xóm Đông": 20, "Xóm Chùa": 45, "Xóm Giữa": 2}
    allocation = [{"xom": xom, "count": n} for xom, n in sizes.items()]
    mid = new_meeting(office_client, allocation=allocation, invited_count=sum(sizes.values()))
    rows, taken = [], iter(names)
    for xom, n in sizes.items():
        rows += [{"name": next(taken), "xom": xom} for _ in range(n)]
    assert command(office_client, "citizens.import", {"rows": rows}, mid)["ok"]
    page = open_editor(pages, server, mid)
    page.wait_for_function("() => document.querySelector('#citizen-count').textContent === '(67)'")
    page.evaluate("() => { window.print = () => {}; }")
    print_paper(page, "attendance")
    whole = "rows => rows.every((r) => getComputedStyle(r).breakInside === 'avoid')"
    assert page.eval_on_selector_all("#paper tbody tr", whole)  # no row split across pages

    printed = pdf_pages(page, tmp_path)
    heading = re.compile(r"(Xóm \S+) · Số được mời: (\d+)")
    row = re.compile(r"^\s*(\d+)\s+(\S.*?)\s*$", re.M)
    seen: dict[str, list[int]] = {xom: [] for xom in sizes}
    for number, text in enumerate(printed, 1):
        found = heading.findall(text)
        assert len(found) == 1, f"page {number} names no xóm, or two: {found}"
        xom, invited = found[0]
        assert int(invited) == sizes[xom]
        assert text.index(xom) < text.index("STT") < text.index("Họ và tên"), f"page {number}: heading, then columns"
        numbers = [int(n) for n, _name in row.findall(text[text.index("Ký tên") :])]
        assert len(numbers) >= 2, f"page {number} holds {numbers} of {xom} alone"
        seen[xom] += numbers
    assert {xom: sorted(n) for xom, n in seen.items()} == {xom: list(range(1, n + 1)) for xom, n in sizes.items()}
    assert len(printed) > len(sizes)  # the long lists did run onto more pages
    assert sum(1 for text in printed if "Xóm Đông" in text) == 2  # 20 names: 18 and 2, not 19 and 1


def test_a_list_of_1200_citizens_shows_a_page_at_a_time_and_a_patch_touches_only_its_row(
    pages,
    server,
    office_client,
):
    """1,200 invited citizens: the table shows 200 (more on demand, the filter searches them all);
    a correction made on another screen redraws its own row only, every other row's node stays."""
    families = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Ngô"]
    middles = ["Văn", "Thị", "Hữu", "Minh"]
    given = [
        "An", "Bình", "Chi", "Dũng", "Hà", "Hải", "Hoa", "Hùng", "Lan", "Long",
        "Mai", "Minh", "Nam", "Ngọc", "Phúc", "Quân", "Sơn", "Tâm", "Thảo", "Tuấn",
        "Vân", "Yến", "Cường", "Đức", "Giang", "Hằng", "Khánh", "Linh", "Nga", "Phong",
    ]  # fmt: skip
    names = [f"{f} {m} {g}" for g in given for f in families for m in middles][:1200]
    mid = new_meeting(office_client, allocation=ALLOCATION)
    rows = [{"name": name, "xom": ["Xóm Đông", "Xóm Chùa", "Xóm Giữa"][i % 3]} for i, name in enumerate(names)]
    assert command(office_client, "citizens.import", {"rows": rows}, mid)["ok"]
    page = open_editor(pages, server, mid)
    page.wait_for_function("() => document.querySelector('#citizen-count').textContent === '(1200)'")
    assert page.locator("#citizen-rows tr").count() == 200
    assert "200" in page.text_content("#citizen-more") and "1200" in page.text_content("#citizen-more")

    # Another screen corrects the phone of the 3rd citizen shown: only its row is redrawn.
    page.evaluate("() => document.querySelectorAll('#citizen-rows tr').forEach((r, i) => (r.dataset.mark = i))")
    third = page.locator("#citizen-rows tr").nth(2).get_attribute("data-name")
    target = next(c for c in office_client.snapshot(mid)["citizens"] if c["name"] == third)
    assert command(office_client, "citizen.update", {"citizen_id": target["id"], "phone": "0912345678"}, mid)["ok"]
    page.wait_for_selector(f"#citizen-rows tr[data-name='{third}'] .c-phone:has-text('0912345678')")
    marks = page.eval_on_selector_all("#citizen-rows tr", "rows => rows.map((r) => r.dataset.mark)")
    assert marks == [str(i) for i in range(200)]  # the same nodes, in the same order

    page.click("#citizen-more")
    assert page.locator("#citizen-rows tr").count() == 400
    page.fill("#citizen-filter", "bui minh khanh")  # beyond the pages shown: the filter searches all
    page.wait_for_function("() => document.querySelectorAll('#citizen-rows tr').length === 1")
    assert page.locator("#citizen-rows tr").first.get_attribute("data-name") == "Bùi Minh Khánh"
    assert page.locator("#citizen-more").is_hidden()


def test_an_archived_meeting_shows_its_people_and_changes_nothing(pages, server, office_client):
    mid = new_meeting(office_client, allocation=ALLOCATION)
    assert command(office_client, "delegate.add", {"name": "Nguyễn Văn Hòa", "group": "Đại biểu cấp xã"}, mid)["ok"]
    assert command(office_client, "citizen.add", {"name": "Trần Văn An", "xom": "Xóm Đông"}, mid)["ok"]
    assert command(office_client, "meeting.archive", {}, mid)["ok"]
    page = open_editor(pages, server, mid)
    page.wait_for_selector("#citizen-rows tr[data-name='Trần Văn An']")
    page.wait_for_selector("#delegate-groups li[data-name='Nguyễn Văn Hòa']")
    enabled = page.eval_on_selector_all(
        "#people button, #people input", "nodes => nodes.filter((n) => !n.matches(':disabled')).map((n) => n.outerHTML)"
    )
    assert enabled == []
    page.dblclick("#citizen-rows tr[data-name='Trần Văn An'] td.c-name")
    assert page.locator("#citizen-rows tr.editing").count() == 0
