"""The commune office prepares a meeting on /office in real Chromium: creates it (dates typed
dd/mm/yyyy, checked in the page), hands out its PINs, edits its agenda; then the new meeting runs
on its own chair and projector screens while the demo meeting stays exactly as it was."""

from __future__ import annotations

import re

import pytest
import socketio

from .test_browser import browser, login, pages, server  # noqa: F401

pytestmark = pytest.mark.browser

TITLE = "Hội nghị đối thoại trực tiếp với nhân dân thôn Đông Tiến năm 2025"
BANNER = ["HỘI NGHỊ ĐỐI THOẠI TRỰC TIẾP VỚI NHÂN DÂN", "THÔN ĐÔNG TIẾN NĂM 2025"]
OFFICE_NAME = "Trần Thị Văn Phòng"


class Office:
    """A python-socketio client joined as the commune office: reads what the server holds, not what
    the page shows."""

    def __init__(self, server):  # noqa: F811
        self.sio = socketio.Client()
        self.sio.connect(server.url, transports=["websocket"], wait_timeout=10)
        ack = self.sio.call("join", {"role": "office", "pin": server.office_pin, "name": "Kiểm tra"}, timeout=10)
        assert ack["ok"], ack

    def meetings(self) -> list[dict]:
        ack = self.sio.call("meetings.list", {}, timeout=10)
        assert ack["ok"], ack
        return ack["meetings"]

    def snapshot(self, meeting_id: int) -> dict:
        ack = self.sio.call("meeting.snapshot", {"meeting_id": meeting_id}, timeout=10)
        assert ack["ok"], ack
        return ack["state"]

    def close(self) -> None:
        self.sio.disconnect()


@pytest.fixture
def office_client(server):  # noqa: F811
    client = Office(server)
    yield client
    client.close()


def stage_titles(page) -> list[str]:
    return page.eval_on_selector_all("#stage-list textarea[name=title]", "fields => fields.map((f) => f.value)")


def total_minutes(page) -> int:
    return int(page.get_attribute("#agenda-minutes", "data-minutes"))


def wait_total(page, minutes: int) -> None:
    page.wait_for_selector(f"#agenda-minutes[data-minutes='{minutes}']")


def small_targets(page) -> list:
    """Visible controls of the office page smaller than 44×44 px (a finger on a tablet)."""
    return page.evaluate(
        """() => [...document.querySelectorAll('#app button, #app a, #app input, #app textarea')]
            .filter((n) => n.offsetParent !== null)
            .map((n) => [n.textContent || n.name, n.getBoundingClientRect()])
            .filter(([, r]) => r.height < 44 || (r.width < 44 && r.width > 0))
            .map(([name, r]) => [name, Math.round(r.width), Math.round(r.height)])"""
    )


def test_the_office_creates_a_meeting_edits_its_agenda_and_the_new_meeting_runs_on_its_own(
    pages,  # noqa: F811
    server,  # noqa: F811
    office_client,
    tmp_path,
):
    demo_before = office_client.snapshot(1)
    listed_before = office_client.meetings()
    assert [m["id"] for m in listed_before] == [1]

    office = pages("/office", 1366, 768, timezone_id="Asia/Ho_Chi_Minh")
    login(office, server.office_pin, OFFICE_NAME)
    # The demo is listed with its DEMO tag and the PINs the server printed.
    demo = office.locator("#meeting-list li[data-id='1']")
    demo.wait_for()
    assert demo.locator(".demo-badge").text_content() == "DEMO"
    assert demo.locator("[data-pin=chair] b").text_content() == server.pins["chair"]
    assert demo.locator("[data-pin=secretary] b").text_content() == server.pins["secretary"]
    # The work starts in the new meeting's title.
    assert office.evaluate("document.activeElement.name") == "title"

    # A date that does not exist is refused in the page, in Vietnamese, and nothing is sent.
    form = office.locator("#create-form")
    form.locator("textarea[name=title]").fill(TITLE)
    form.locator("input[name=hamlet]").fill("Đông Tiến")
    form.locator("input[name=place]").fill("Nhà văn hóa thôn Đông Tiến")
    form.locator("input[name=organiser]").fill("Đảng ủy - HĐND - UBND xã Hiệp Hòa")
    form.locator("input[name=date]").fill("31/02/2025")
    form.locator("input[name=time]").fill("8:00")
    form.locator("textarea[name=banner]").fill("\n".join(BANNER))
    form.locator("input[name=time]").press("Enter")
    error = office.locator("#create-form-date-error")
    error.wait_for()
    assert error.text_content() == "Không có ngày 31/02/2025 trên lịch: kiểm tra lại ngày và tháng."
    assert form.locator("input[name=date]").get_attribute("aria-invalid") == "true"
    assert office.evaluate("document.activeElement.name") == "date"
    office.wait_for_timeout(300)  # a command would have been acknowledged by now
    assert office_client.meetings() == listed_before
    assert office.locator("#meeting-list li").count() == 1
    # Nothing typed is lost; the time was tidied to HH:MM.
    assert form.locator("textarea[name=title]").input_value() == TITLE
    assert form.locator("textarea[name=banner]").input_value() == "\n".join(BANNER)
    assert form.locator("input[name=time]").input_value() == "08:00"

    # Corrected, Enter creates it: it is listed (newest first) with its two PINs and opens in the editor.
    form.locator("input[name=date]").fill("15/06/2025")
    assert error.is_hidden()
    form.locator("input[name=date]").press("Enter")
    office.wait_for_selector("#editor:not([hidden])")
    listed = office_client.meetings()
    assert [m["id"] for m in listed][1:] == [1]
    new = listed[0]
    mid = new["id"]
    assert new["title"] == TITLE and new["hamlet"] == "Đông Tiến" and new["starts_at"].startswith("2025-06-15T08:00")
    item = office.locator(f"#meeting-list li[data-id='{mid}']")
    assert office.locator("#meeting-list li").first.get_attribute("data-id") == str(mid)
    assert item.get_attribute("aria-current") == "true"
    assert item.locator(".demo-badge").count() == 0
    assert TITLE in item.locator("h3").text_content()
    assert "Thôn Đông Tiến" in item.text_content() and "15/06/2025 08:00" in item.text_content()
    pins = {role: item.locator(f"[data-pin={role}] b").text_content() for role in ("chair", "secretary")}
    assert all(re.fullmatch(r"\d{6}", pin) for pin in pins.values()), pins
    assert pins == new["pins"]
    for screen in ("chair", "secretary", "projector"):
        assert item.locator(f"a[data-screen={screen}]").get_attribute("href") == f"/m/{mid}/{screen}"
    assert form.is_hidden() and form.locator("textarea[name=title]").input_value() == ""

    # The editor holds what was typed, read back from the server; the agenda is the procedure's six stages.
    editor = office.locator("#editor")
    assert editor.locator("#editor-title").text_content() == TITLE
    assert editor.locator("textarea[name=banner]").input_value() == "\n".join(BANNER)
    assert editor.locator("input[name=date]").input_value() == "15/06/2025"
    assert editor.locator("input[name=time]").input_value() == "08:00"
    state = office_client.snapshot(mid)
    assert state["banner"] == BANNER and state["starts_at"].startswith("2025-06-15T08:00")
    assert state["speakers"] == [] and state["delegates"] == [] and state["stage_id"] is None
    planned = [s["planned_minutes"] for s in state["stages"]]
    assert len(planned) == 6 and stage_titles(office) == [s["title"] for s in state["stages"]]
    assert total_minutes(office) == sum(planned)
    total = sum(planned)
    assert f"Tổng thời gian dự kiến: {total // 60} giờ {total % 60} phút" in office.text_content("#agenda-total")
    end = 8 * 60 + total
    assert f"dự kiến kết thúc lúc {end // 60:02d}:{end % 60:02d}" in office.text_content("#agenda-total")

    # A correction sends only the field that changed; the list follows.
    office.evaluate(
        """() => {
            window.sent = [];
            const send = Live.send;
            Live.send = (...args) => (window.sent.push(args), send(...args));
        }"""
    )
    editor.locator("input[name=place]").fill("Hội trường thôn Đông Tiến")
    editor.locator("input[name=place]").press("Enter")
    office.wait_for_selector("#toast.ok:has-text('Đã lưu')")
    assert office.evaluate("window.sent") == [["meeting.update", {"place": "Hội trường thôn Đông Tiến"}, mid]]
    assert office_client.snapshot(mid)["place"] == "Hội trường thôn Đông Tiến"
    office.wait_for_selector(f"#meeting-list li[data-id='{mid}'] .m-meta:has-text('Hội trường thôn Đông Tiến')")

    # Add a 10-minute break at the end (Enter in the form).
    office.fill("#stage-add input[name=title]", "Giải lao")
    office.fill("#stage-add input[name=planned_minutes]", "10")
    office.press("#stage-add input[name=title]", "Enter")
    wait_total(office, total + 10)
    assert stage_titles(office)[-1] == "Giải lao"
    assert office.evaluate("document.activeElement.closest('#stage-add') !== null")  # ready for the next one

    # ▲ moves it before the last stage; the server holds the same order.
    office.click("#stage-list li[data-title='Giải lao'] button[data-move=up]")
    office.wait_for_selector("#stage-list li:nth-last-child(2)[data-title='Giải lao']")
    titles = stage_titles(office)
    assert titles[-1] == state["stages"][-1]["title"]
    assert [s["title"] for s in office_client.snapshot(mid)["stages"]] == titles

    # Rename another stage and change its minutes: Enter saves the row; the total follows.
    second = office.locator("#stage-list li").nth(1)
    second.locator("textarea[name=title]").fill("Người chủ trì thông báo nội dung đối thoại")
    second.locator("input[name=planned_minutes]").fill(str(planned[1] + 5))
    second.locator("textarea[name=title]").press("Enter")
    wait_total(office, total + 15)
    assert second.locator("button.save").is_disabled()  # saved: nothing left to save in that row
    stages = office_client.snapshot(mid)["stages"]
    assert stages[1]["title"] == "Người chủ trì thông báo nội dung đối thoại"
    assert stages[1]["planned_minutes"] == planned[1] + 5

    # ✕ removes the break, after a confirmation.
    office.once("dialog", lambda dialog: dialog.accept())
    office.click("#stage-list li[data-title='Giải lao'] button.remove")
    wait_total(office, total + 5)
    assert "Giải lao" not in stage_titles(office)
    stages = office_client.snapshot(mid)["stages"]
    assert [s["title"] for s in stages] == stage_titles(office) and len(stages) == 6
    office.evaluate("window.scrollTo(0, 0)")
    office.screenshot(path=str(tmp_path / "office.png"), full_page=True)
    assert (tmp_path / "office.png").stat().st_size > 10_000
    assert small_targets(office) == []

    # The new meeting runs on its own screens, with the PIN the office handed out (not the demo's).
    projector = pages(f"/m/{mid}/projector", 1920, 1080)
    projector.wait_for_function("document.querySelectorAll('.p-banner-line').length === 2")
    assert projector.locator(".p-banner-line").all_text_contents() == BANNER
    chair = pages(f"/m/{mid}/chair")
    if server.pins["chair"] != pins["chair"]:  # (one chance in a million that they are equal)
        chair.fill("#person", "Lê Văn Chủ Trì")
        chair.fill("#pin", server.pins["chair"])
        chair.press("#pin", "Enter")
        chair.wait_for_selector("#pin-error:has-text('Mã PIN không đúng')")
    login(chair, pins["chair"], "Lê Văn Chủ Trì")
    chair.click("#stage-next")
    chair.wait_for_selector("#stage-count:has-text('1/6')")
    projector.wait_for_selector(f"#p-stage:has-text('1. {stages[0]['title'][:40]}')")
    assert projector.locator("#p-next li").count() == 0  # none of the demo's speakers

    # A stage that ran cannot be removed: the office sees the server's reason, and the row says it ran.
    office.once("dialog", lambda dialog: dialog.accept())
    office.locator("#stage-list li").first.locator("button.remove").click()
    office.wait_for_selector("#toast.error:has-text('Nội dung này đã diễn ra')")
    office.wait_for_selector("#stage-list li.ran:first-child .ran:has-text('đã diễn ra')")
    assert len(office_client.snapshot(mid)["stages"]) == 6

    # The demo meeting never saw any of it.
    assert office_client.snapshot(1) == demo_before


def test_the_index_links_the_office_page_which_fits_a_portrait_tablet(pages, server, office_client):  # noqa: F811
    index = pages("/")
    index.click("a:has-text('Chuẩn bị hội nghị (văn phòng)')")
    index.wait_for_url("**/office")

    tablet = pages("/office", 800, 1280, has_touch=True)
    login(tablet, server.office_pin, OFFICE_NAME)
    tablet.wait_for_selector("#meeting-list li[data-id='1']")
    tablet.click("#meeting-list li[data-id='1'] button.edit")
    tablet.wait_for_selector("#editor:not([hidden]) #stage-list li")
    assert len(stage_titles(tablet)) == 6
    assert tablet.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    assert small_targets(tablet) == []

    # A bad time is refused next to its field; Enter with nothing changed sends nothing.
    tablet.fill("#edit-form input[name=time]", "25:00")
    tablet.press("#edit-form input[name=time]", "Enter")
    tablet.wait_for_selector("#edit-form-time-error:has-text('Nhập giờ theo dạng HH:MM')")
    tablet.fill("#edit-form input[name=time]", "08:00")
    tablet.press("#edit-form input[name=time]", "Enter")
    tablet.wait_for_selector("#toast:has-text('Không có gì để thay đổi')")
    assert office_client.snapshot(1)["version"] == 0


def test_a_refusal_from_the_server_is_shown_next_to_the_field_it_names(pages, server, office_client):  # noqa: F811
    office = pages("/office", 1366, 768)
    login(office, server.office_pin, OFFICE_NAME)
    office.wait_for_selector("#meeting-list li[data-id='1']")
    # What the page does not check itself (the field's maxlength lifted: a paste from elsewhere, an
    # older page), the server refuses, and the page says it next to the field; nothing typed is lost.
    office.eval_on_selector("#create-form textarea[name=title]", "t => t.removeAttribute('maxlength')")
    office.fill("#create-form textarea[name=title]", "Hội nghị " * 40)
    office.fill("#create-form input[name=hamlet]", "Đông Tiến")
    office.fill("#create-form input[name=date]", "15062025")
    office.fill("#create-form input[name=time]", "0800")
    office.press("#create-form input[name=time]", "Enter")
    office.wait_for_selector("#create-form-title-error:has-text('tối đa 300 ký tự')")
    assert office.evaluate("document.activeElement.name") == "title"
    assert office.input_value("#create-form input[name=date]") == "15/06/2025"
    assert office.input_value("#create-form input[name=hamlet]") == "Đông Tiến"
    assert [m["id"] for m in office_client.meetings()] == [1]


def test_a_new_pin_from_the_office_signs_out_the_chair_screen(pages, server):  # noqa: F811
    """The office gives the chair a new PIN: the tablet that used the old one is back at the PIN form
    at once, saying why, and the new PIN shown on the office page opens it again."""
    chair = pages("/m/1/chair")
    login(chair, server.pins["chair"], "Lê Văn Chủ Trì")
    office = pages("/office", 1366, 768)
    login(office, server.office_pin, OFFICE_NAME)
    demo = office.locator("#meeting-list li[data-id='1']")
    demo.wait_for()
    office.once("dialog", lambda dialog: dialog.accept())
    demo.locator("[data-new-pin=chair]").click()
    office.wait_for_function(
        "old => document.querySelector(\"#meeting-list li[data-id='1'] [data-pin=chair] b\").textContent !== old",
        arg=server.pins["chair"],
    )
    new_pin = demo.locator("[data-pin=chair] b").text_content()
    assert re.fullmatch(r"\d{6}", new_pin) and new_pin != server.pins["chair"]
    chair.wait_for_selector("#pin-form:not([hidden])")
    assert "đổi mã PIN" in chair.locator("#pin-error").text_content()
    login(chair, new_pin)
    chair.wait_for_selector("#app:not([hidden])")
