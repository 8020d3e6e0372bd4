"""The office's import preview and citizen form tell people apart as a commune does, in real
Chromium: by name, xóm and year of birth (and gender). Two "Trần Thị Hương" of Xóm Đông born in
different years are both imported; one nothing tells apart is shown for the office to decide, never
dropped nor added on a guess. An .xls list is read, and a list typed in TCVN3 is imported with the
right Unicode names only after the preview has shown each conversion and the office confirmed it."""

from __future__ import annotations

import pytest
import xlwt

from ..support.files import TCVN3_NAMES
from ..support.office import new_meeting, open_editor, write_xlsx

pytestmark = pytest.mark.browser

HEADER = ["STT", "Họ và tên", "Xóm", "Năm sinh", "Giới tính"]


def held(client, mid: int) -> list[tuple]:
    return sorted(
        ((c["name"], c["xom"], c["year_of_birth"] or 0, c["gender"]) for c in client.snapshot(mid)["citizens"]),
    )


def test_namesakes_born_in_different_years_are_both_imported_and_one_without_a_year_is_decided(
    pages, server, office_client, tmp_path
):
    mid = new_meeting(office_client)
    rows = [
        [1, "Trần Thị Hương", "Xóm Đông", 1951, "Nữ"],
        [2, "Trần Thị Hương", "Xóm Đông", 1988, "Nữ"],
        [3, "Lê Văn Bảy", "Xóm Chùa", 1960, "Nam"],
        [4, "Trần Thị Hương", "Xóm Đông", None, None],  # file line 5: nothing tells her apart
    ]
    path = write_xlsx(tmp_path / "cu-tri.xlsx", HEADER, rows)
    page = open_editor(pages, server, mid)
    part = page.locator(".import[data-kind=citizens]")
    part.locator("input[type=file]").set_input_files(path)
    preview = part.locator(".import-preview")
    preview.locator(".preview-title").wait_for()

    # The two born in different years are two people; the year and gender are in the preview.
    assert preview.locator(".preview-title").text_content().startswith("Sẽ nhập 3 người")
    heads = preview.locator(".preview-rows thead th").all_text_contents()
    assert heads[:5] == ["Dòng", "Họ và tên", "Xóm", "Năm sinh", "Giới tính"]
    cells = [
        r.split("|")
        for r in preview.locator(".preview-rows tbody tr").evaluate_all(
            "rows => rows.map((r) => [...r.cells].slice(0, 5).map((c) => c.textContent).join('|'))"
        )
    ]
    assert cells == [
        ["2", "Trần Thị Hương", "Xóm Đông", "1951", "Nữ"],
        ["3", "Trần Thị Hương", "Xóm Đông", "1988", "Nữ"],
        ["4", "Lê Văn Bảy", "Xóm Chùa", "1960", "Nam"],
    ]

    # The one with no year: shown with its two choices, and the import waits for the decision.
    same = preview.locator(".preview-same-name li[data-line='5']")
    assert "Trần Thị Hương" in same.text_content()
    assert same.locator("label").all_text_contents() == [" Thêm như người khác", " Bỏ qua"]
    go = preview.locator("button.do-import")
    assert go.is_disabled()
    assert "quyết định" in preview.locator(".waiting").text_content()
    assert office_client.snapshot(mid)["citizens"] == []

    same.locator("label.skip input").check()
    page.wait_for_selector(".import[data-kind=citizens] button.do-import:not([disabled]):text-is('Nhập 3 người')")
    assert "Xóm Đông: 2" in preview.locator(".quota.after").text_content()
    preview.locator(".preview-same-name li[data-line='5'] label.another input").check()
    page.wait_for_selector(".import[data-kind=citizens] button.do-import:not([disabled]):text-is('Nhập 4 người')")
    assert "Xóm Đông: 3" in preview.locator(".quota.after").text_content()  # the one added is counted
    preview.locator("button.do-import").click()
    page.wait_for_selector("#toast.ok:has-text('Đã nhập 4 người.')")
    assert held(office_client, mid) == [
        ("Lê Văn Bảy", "Xóm Chùa", 1960, "nam"),
        ("Trần Thị Hương", "Xóm Đông", 0, ""),
        ("Trần Thị Hương", "Xóm Đông", 1951, "nu"),
        ("Trần Thị Hương", "Xóm Đông", 1988, "nu"),
    ]
    # The list shows the year and the gender that tell them apart.
    page.wait_for_function("() => document.querySelectorAll('#citizen-rows tr').length === 4")
    years = page.locator("#citizen-rows tr td.c-year").all_text_contents()
    assert sorted(years) == ["", "1951", "1960", "1988"]
    assert "Nữ" in page.locator("#citizen-rows tr td.c-gender").all_text_contents()

    # The same file again: nobody new, and no question left to answer.
    part.locator("input[type=file]").set_input_files(path)
    page.wait_for_selector(".import[data-kind=citizens] .preview-title:has-text('Sẽ nhập 0 người')")
    assert preview.locator(".preview-same-name").count() == 0
    assert preview.locator(".preview-duplicates li[data-reason=already_invited]").count() == 4


def test_the_citizen_form_takes_a_year_of_birth_and_gender_and_tells_namesakes_apart(pages, server, office_client):
    mid = new_meeting(office_client)
    page = open_editor(pages, server, mid)
    form = page.locator("#citizen-add")
    for year in ("1951", "1988"):
        form.locator("[name=name]").fill("Trần Thị Hương")
        form.locator("[name=xom]").fill("Xóm Đông")
        form.locator("[name=year_of_birth]").fill(year)
        form.locator("[name=gender]").select_option("nu")
        form.locator("button[type=submit]").click()
        page.wait_for_selector(f"#citizen-rows td.c-year:text-is('{year}')")
    assert held(office_client, mid) == [
        ("Trần Thị Hương", "Xóm Đông", 1951, "nu"),
        ("Trần Thị Hương", "Xóm Đông", 1988, "nu"),
    ]

    # A year corrected in place.
    row = page.locator("#citizen-rows tr:has(td.c-year:text-is('1988'))")
    row.locator("button.edit").click()
    editing = page.locator("#citizen-rows tr.editing")
    assert editing.locator("[name=gender]").input_value() == "nu"
    editing.locator("[name=year_of_birth]").fill("1989")
    editing.locator("[name=year_of_birth]").press("Enter")
    page.wait_for_selector("#citizen-rows td.c-year:text-is('1989')")
    assert held(office_client, mid)[1][2] == 1989


def xls_file(path, rows: list[list]) -> str:
    book = xlwt.Workbook(encoding="utf-8")
    sheet = book.add_sheet("Danh sách")
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            if value is not None:
                sheet.write(r, c, value)
    book.save(str(path))
    return str(path)


def test_an_xls_list_and_a_tcvn3_list_import_with_the_right_unicode_names(pages, server, office_client, tmp_path):
    mid = new_meeting(office_client)
    page = open_editor(pages, server, mid)
    part = page.locator(".import[data-kind=citizens]")
    preview = part.locator(".import-preview")

    # Excel 97-2003 (.xls), in Unicode: read as it is, nothing converted.
    path = xls_file(tmp_path / "danh-sach.xls", [HEADER, [1, "Nguyễn Văn Ất", "Xóm Đông", 1951, "Nam"]])
    part.locator("input[type=file]").set_input_files(path)
    preview.locator(".preview-title").wait_for()
    assert preview.locator(".preview-conversion").count() == 0
    preview.locator("button.do-import").click()
    page.wait_for_selector("#toast.ok:has-text('Đã nhập 1 người.')")
    assert held(office_client, mid) == [("Nguyễn Văn Ất", "Xóm Đông", 1951, "nam")]

    # An .xlsx typed with the .VnTime font (TCVN3): each conversion shown, original → Unicode.
    names = [n for n in TCVN3_NAMES if not n.startswith("Xãm")][:4]
    rows = [[i + 1, name, "Xãm §«ng", 1950 + i] for i, name in enumerate(names)]
    path = write_xlsx(tmp_path / "tcvn3.xlsx", ["STT", "Hä vµ tªn", "Xãm", "N¨m sinh"], rows)  # the header too
    part.locator("input[type=file]").set_input_files(path)
    conversion = preview.locator(".preview-conversion")
    conversion.wait_for()
    assert conversion.get_attribute("data-encoding") == "tcvn3"
    assert "TCVN3" in conversion.locator("h5").text_content()
    shown = conversion.locator("tbody tr").evaluate_all(
        "rows => rows.filter((r) => r.dataset.field === 'name')"
        ".map((r) => [r.querySelector('.original').textContent, r.querySelector('.converted').textContent])"
    )
    assert shown == [[n, f"→ {TCVN3_NAMES[n]}"] for n in names]
    assert conversion.locator("tbody tr[data-field=xom]").count() == 4
    first = preview.locator(".preview-rows tbody tr").first.locator("td").nth(1).text_content()
    assert first == TCVN3_NAMES[names[0]]

    # Not imported before the office confirms the conversion.
    go = preview.locator("button.do-import")
    assert go.is_disabled() and "chuyển mã" in preview.locator(".waiting").text_content()
    conversion.locator("input.conversion-ok").check()
    page.wait_for_selector(".import[data-kind=citizens] button.do-import:not([disabled]):text-is('Nhập 4 người')")
    preview.locator("button.do-import").click()
    page.wait_for_selector("#toast.ok:has-text('Đã nhập 4 người.')")
    got = {name for name, xom, *_ in held(office_client, mid) if xom == "Xóm Đông"}
    assert got == {"Nguyễn Văn Ất"} | {TCVN3_NAMES[n] for n in names}
