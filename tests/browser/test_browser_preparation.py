"""A commune that has never used the product prepares its own meeting and holds it, in real Chromium,
from an empty database started with --no-demo: the office creates the meeting for its hamlet under
today's two-tier structure, with three chairs and an eight-stage agenda, imports the forty invited
citizens from its Excel file, gives the chair a new PIN, and the chair's tablet and the projector
of that meeting run its first stage."""

from __future__ import annotations

import re
from datetime import date, timedelta

import openpyxl
import pytest

from ..support.browser import login
from ..support.client import Client
from ..support.live_server import LiveServer

pytestmark = pytest.mark.browser

CHAIRS = [
    ("Phạm Văn Chiến", "Bí thư Đảng ủy xã"),
    ("Đào Thị Hạnh", "Chủ tịch HĐND xã"),
    ("Ngô Văn Tuấn", "Chủ tịch UBND xã"),
]
XOMS = ["Xóm Thượng", "Xóm Trung", "Xóm Hạ"]
FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi"]
GIVEN = ["An", "Bình", "Cường", "Dũng", "Giang"]


def citizens() -> list[tuple[str, str]]:
    """Forty invited citizens of three xóm, every name different."""
    names = [
        f"{f} Văn {g}" if i % 2 else f"{f} Thị {g}" for i, (f, g) in enumerate((f, g) for f in FAMILY for g in GIVEN)
    ]
    return [(name, XOMS[i % 3]) for i, name in enumerate(names)]


@pytest.fixture
def empty_server(tmp_path):
    server = LiveServer(tmp_path / "commune.db", extra=("--no-demo",)).start()
    yield server
    server.stop()


def test_a_new_commune_prepares_and_opens_its_own_meeting(browser, empty_server, tmp_path):
    server = empty_server
    day = date.today() + timedelta(days=14)
    context = browser.new_context(
        viewport={"width": 1366, "height": 900}, locale="vi-VN", timezone_id="Asia/Ho_Chi_Minh"
    )
    errors: list[str] = []
    try:
        office = context.new_page()
        office.on("pageerror", lambda exc: errors.append(str(exc)))
        office.set_default_timeout(8000)
        office.goto(server.url + "/office")
        login(office, server.office_pin, "Văn phòng HĐND-UBND xã")
        office.wait_for_selector("#create-empty:not([hidden])")  # nothing yet: the page starts by creating

        form = office.locator("#create-form")
        form.locator("textarea[name=title]").fill("Hội nghị tiếp xúc, đối thoại trực tiếp với nhân dân thôn Tân Hưng")
        form.locator("input[name=hamlet]").fill("Tân Hưng")
        form.locator("input[name=place]").fill("Nhà văn hóa thôn Tân Hưng")
        form.locator("input[name=date]").fill(day.strftime("%d/%m/%Y"))
        form.locator("input[name=time]").fill("14:00")
        form.locator("input[name='units.0.level']").fill("xã")
        form.locator("input[name='units.0.name']").fill("Tân Tiến")
        form.locator("input[name='units.1.level']").fill("tỉnh")
        form.locator("input[name='units.1.name']").fill("Hưng Yên")
        for i, (name, title) in enumerate(CHAIRS):
            if i:
                form.locator("button.add-row[name=chairs]").click()
            form.locator(f"input[name='chairs.{i}.name']").fill(name)
            form.locator(f"input[name='chairs.{i}.title']").fill(title)
        form.locator("input[name=invited_count]").fill("40")
        for i, xom in enumerate(XOMS):
            if i:
                form.locator("button.add-row[name=allocation]").click()
            form.locator(f"input[name='allocation.{i}.xom']").fill(xom)
            form.locator(f"input[name='allocation.{i}.count']").fill(str(14 if i < 1 else 13))
        form.locator("input[name=hamlet]").press("Enter")
        office.wait_for_selector("#editor:not([hidden])")
        mid = int(office.locator("#meeting-list li").first.get_attribute("data-id"))

        # The agenda: the six stages of the procedure, and two more of this commune's.
        for title, minutes in [("Văn nghệ chào mừng", 10), ("Trao quà cho hộ nghèo", 15)]:
            office.fill("#stage-add input[name=title]", title)
            office.fill("#stage-add input[name=planned_minutes]", str(minutes))
            office.press("#stage-add input[name=planned_minutes]", "Enter")
            office.wait_for_function(
                "t => [...document.querySelectorAll('#stage-list textarea[name=title]')].some(f => f.value === t)",
                arg=title,
            )
        assert office.locator("#stage-list textarea[name=title]").count() == 8

        # The forty invited citizens, from the office's Excel file, after the preview.
        book = openpyxl.Workbook()
        sheet = book.active
        sheet.append(["DANH SÁCH CÔNG DÂN ĐƯỢC MỜI DỰ HỘI NGHỊ"])
        sheet.append(["STT", "Họ và tên", "Xóm", "Số điện thoại"])
        for n, (name, xom) in enumerate(citizens(), start=1):
            sheet.append([n, name, xom, f"0912{n:06d}"])
        path = tmp_path / "moi-du-hoi-nghi.xlsx"
        book.save(path)
        part = office.locator(".import[data-kind=citizens]")
        part.locator("input[type=file]").set_input_files(str(path))
        part.locator(".import-preview .preview-title:has-text('Sẽ nhập 40 người')").wait_for()
        part.locator("button.do-import").click()
        office.wait_for_selector("#toast.ok:has-text('Đã nhập 40 người.')")

        # A new PIN for the chair (the first one was handed to the wrong person).
        item = office.locator(f"#meeting-list li[data-id='{mid}']")
        old_pin = item.locator("[data-pin=chair] b").text_content()
        office.once("dialog", lambda dialog: dialog.accept())
        item.locator("[data-new-pin=chair]").click()
        office.wait_for_function(
            "([id, old]) => document.querySelector(`#meeting-list li[data-id='${id}'] [data-pin=chair] b`)"
            ".textContent !== old",
            arg=[mid, old_pin],
        )
        pin = item.locator("[data-pin=chair] b").text_content()
        assert re.fullmatch(r"\d{6}", pin) and pin != old_pin

        # What the server holds is what was prepared.
        check = Client(server.url, "office", server.office_pin, name="Kiểm tra")
        state = check.snapshot(mid)
        check.close()
        assert state["units"] == [{"level": "xã", "name": "Tân Tiến"}, {"level": "tỉnh", "name": "Hưng Yên"}]
        assert [c["name"] for c in state["chairs"]] == [name for name, _ in CHAIRS]
        assert len(state["stages"]) == 8 and sorted((c["name"], c["xom"]) for c in state["citizens"]) == sorted(
            citizens()
        )

        # The chair's tablet (with the new PIN) and the projector of this meeting run its first stage.
        projector = context.new_page()
        projector.on("pageerror", lambda exc: errors.append(str(exc)))
        projector.set_viewport_size({"width": 1920, "height": 1080})
        projector.goto(f"{server.url}/m/{mid}/projector")
        projector.wait_for_function("() => document.querySelector('.p-banner-line') !== null || document.title !== ''")
        chair = context.new_page()
        chair.on("pageerror", lambda exc: errors.append(str(exc)))
        chair.set_viewport_size({"width": 1280, "height": 800})
        chair.set_default_timeout(8000)
        chair.goto(f"{server.url}/m/{mid}/chair")
        chair.fill("#person", "Phạm Văn Chiến")
        chair.fill("#pin", old_pin)
        chair.press("#pin", "Enter")
        chair.wait_for_selector("#pin-error:has-text('Mã PIN không đúng.')")  # the old PIN no longer opens it
        login(chair, pin)
        chair.click("#stage-next")
        chair.wait_for_selector("#stage-count:has-text('1/8')")
        first = state["stages"][0]["title"]
        projector.wait_for_function(
            "t => document.querySelector('#p-stage').textContent.includes(t)", arg=first, timeout=2000
        )
        assert "Tân Hưng" not in projector.text_content("#p-demo")  # no demo badge on a real meeting
        assert projector.locator("#p-demo").is_hidden()
    finally:
        context.close()
    assert errors == []
