"""The secretary's laptop and the follow-up page in real Chromium (issue 8): reordering by touch,
Esc that never wipes a half-typed registration, dates typed dd/mm/yyyy whatever the browser's
language, and the time each opinion was raised."""

from __future__ import annotations

import re
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from ..support.browser import core, live_eval, login, wait_live
from ..support.client import Client

pytestmark = pytest.mark.browser

HALL_TZ = "Asia/Ho_Chi_Minh"  # the pages' local time in these tests
REGISTRATION = ("name", "xom", "topic", "minutes", "phone", "note")
# The pages' formatting (static/js/core/format.js, an ES module) of 1685012400 at a meeting held then.
MOMENT = f"async (iso) => (await {core('format')}).moment(1685012400, iso)"


@pytest.fixture
def open_page(pages):
    """test_browser's `pages` at the secretary laptop's size, in the hall's time zone."""

    def open_(path: str, width: int = 1366, height: int = 768, **options):
        return pages(path, width, height, **{"timezone_id": HALL_TZ, **options})

    return open_


def snapshot(client: Client) -> dict:
    """The server's state now, in the client's role (not the client's patched copy)."""
    ack = client.sio.call("snapshot", {}, timeout=10)
    assert ack["ok"], ack
    return ack["state"]


def queued(state: dict) -> list[int]:
    return [s["id"] for s in state["speakers"] if s["status"] == "queued"]


def registration(page) -> dict:
    return page.evaluate(
        "(names) => Object.fromEntries(names.map((n) => [n, document.querySelector(`#reg-form [name=${n}]`).value]))",
        list(REGISTRATION),
    )


def raised_text(raised_at: float, meeting_starts_at: str) -> str:
    """What a row should say, computed here in the pages' time zone: HH:MM on the meeting's day,
    else with the date, day first."""
    when = datetime.fromtimestamp(raised_at, ZoneInfo(HALL_TZ))
    hhmm = when.strftime("%H:%M")
    return f"nêu lúc {hhmm}" if when.date().isoformat() == meeting_starts_at[:10] else f"nêu lúc {when:%d/%m/%Y} {hhmm}"


def add_written_opinion(secretary: Client, summary: str) -> dict:
    category = secretary.state["settings"]["categories"][0]
    payload = {"summary": summary, "category": category, "speaker_id": None}
    ack = secretary.send("opinion.add", {**payload, "citizen": "Hoàng Văn Minh", "xom": "Xóm Đông"})
    assert ack["ok"], ack
    return next(o for o in snapshot(secretary)["opinions"] if o["summary"] == summary)


def test_a_tap_on_the_down_button_reorders_the_queue(open_page, server, tmp_path):
    page = open_page("/m/1/secretary", has_touch=True)
    login(page, server.pins["secretary"])
    rows = page.locator("#rows tr[data-status=queued]")
    rows.first.wait_for()
    before = queued(live_eval(page, "state"))
    assert len(before) >= 3 and rows.count() == len(before)

    # Every queued row has ▲ ▼, big enough for a finger; the ends cannot go further.
    for i in range(rows.count()):
        for button in rows.nth(i).locator("button.move").all():
            box = button.bounding_box()
            assert box["width"] >= 44 and box["height"] >= 44, box
    assert rows.first.locator("button[data-move=up]").is_disabled()
    assert rows.last.locator("button[data-move=down]").is_disabled()
    assert rows.first.locator("button[data-move=down]").get_attribute("aria-label") == "Chuyển xuống"

    rows.first.locator("button[data-move=down]").tap()
    wait_live(page, f"state.speakers.find((s) => s.status === 'queued').id === {before[1]}")
    chair = Client(server.url, "chair", server.pins["chair"])  # the server's order, as the chair sees it
    try:
        assert queued(chair.state) == [before[1], before[0], *before[2:]]
    finally:
        chair.close()
    assert rows.nth(1).get_attribute("data-id") == str(before[0])

    # ▲ on the same speaker puts them back first.
    rows.nth(1).locator("button[data-move=up]").tap()
    wait_live(page, f"state.speakers.find((s) => s.status === 'queued').id === {before[0]}")
    chair = Client(server.url, "chair", server.pins["chair"])
    try:
        assert queued(chair.state) == before
    finally:
        chair.close()
    page.screenshot(path=str(tmp_path / "secretary-touch.png"))
    assert (tmp_path / "secretary-touch.png").stat().st_size > 10_000


def test_esc_and_a_refused_command_keep_a_half_typed_registration(pages, server):
    page = pages("/m/1/secretary", 1366, 768)
    login(page, server.pins["secretary"])
    page.wait_for_selector("#rows tr[data-status=queued]")
    version = live_eval(page, "state.version")
    typed = {
        "name": "Trịnh Văn Lợi",
        "xom": "Xóm Chùa",
        "topic": "Đường liên xóm ngập khi mưa",
        "minutes": "4",
        "phone": "12ab",
        "note": "Đi xe lăn",
    }
    for name, value in typed.items():
        page.fill(f"#reg-form [name={name}]", value)

    # The server refuses the phone number: everything typed is still there, the phone focused.
    page.press("#reg-form [name=name]", "Enter")
    page.wait_for_selector("#toast.error:has-text('Số điện thoại gồm 8 đến 15 chữ số')")
    assert registration(page) == typed
    assert page.evaluate("document.activeElement.name") == "phone"
    # Esc, from the refused field or any other, wipes nothing.
    page.keyboard.press("Escape")
    assert registration(page) == typed
    page.press("#reg-form [name=topic]", "Escape")
    assert registration(page) == typed

    # A blank name (spaces pass the browser's `required`) is refused by the server: still all there.
    page.fill("#reg-form [name=name]", "   ")
    page.fill("#reg-form [name=phone]", "0912 345 678")
    page.press("#reg-form [name=phone]", "Enter")
    page.wait_for_selector("#toast.error:has-text('Họ và tên: Không được để trống')")
    page.press("#reg-form [name=name]", "Escape")
    assert registration(page) == {**typed, "name": "   ", "phone": "0912 345 678"}
    assert live_eval(page, "state.version") == version  # nothing reached the queue
    page.fill("#reg-form [name=name]", "Trịnh Văn Lợi")
    typed = {**typed, "phone": "0912 345 678"}

    # Esc still cancels an edit of an existing row; the registration being typed comes back.
    page.locator("#rows tr[data-status=queued]").first.get_by_role("button", name="Sửa").click()
    assert page.input_value("#reg-form [name=name]") == "Nguyễn Văn An (demo)"
    assert page.locator("#reg-cancel").is_visible()
    page.keyboard.press("Escape")
    assert registration(page) == typed
    assert page.locator("#reg-cancel").is_hidden()
    assert page.text_content("#form-title") == "Đăng ký phát biểu mới"

    # And once added, the form is empty for the next paper form.
    page.press("#reg-form [name=name]", "Enter")
    page.wait_for_selector("#rows tr:has-text('Trịnh Văn Lợi')")
    assert registration(page) == dict.fromkeys(REGISTRATION, "")


def test_the_decision_date_is_typed_day_first_on_an_english_browser(open_page, server, tmp_path):
    secretary = Client(server.url, "secretary", server.pins["secretary"])
    try:
        opinion = add_written_opinion(secretary, "Đề nghị làm lại cống thoát nước xóm Đông")
        page = open_page("/m/1/secretary", locale="en-US")
        login(page, server.pins["secretary"])
        assert page.evaluate("navigator.language") == "en-US"
        row = page.locator(f"#op-rows tr[data-id='{opinion['id']}']")
        row.locator(".primary").click()
        page.select_option("#outcome-form select[name=outcome]", "declined")
        date = page.locator("#outcome-form input[name=prior_date]")
        assert date.evaluate("(n) => [n.type, n.placeholder, n.inputMode]") == ["text", "dd/mm/yyyy", "numeric"]
        page.fill("#outcome-form input[name=prior_ref]", "15/QĐ-UBND")
        page.fill("#outcome-form input[name=prior_body]", "UBND xã An Bộ")

        # Not a date (31 February, an English month-first date, a year alone): said next to the
        # field in Vietnamese, and nothing is sent.
        error = page.locator("#outcome-form .field-error")
        before = snapshot(secretary)
        for typed, message in (
            ("31/02/2023", "Không có ngày 31/02/2023 trên lịch"),
            ("05/25/2023", "Không có ngày 05/25/2023 trên lịch"),
            ("2023", "Nhập ngày theo dạng dd/mm/yyyy"),
        ):
            date.fill(typed)
            page.click("#outcome-form button[type=submit]")
            page.wait_for_selector(f"#outcome-form .field-error:has-text('{message}')")
            assert date.get_attribute("aria-invalid") == "true"
            assert page.locator("#outcome-form").is_visible()
        page.screenshot(path=str(tmp_path / "secretary-bad-date.png"))
        page.wait_for_timeout(300)
        assert snapshot(secretary) == before

        # 25/05/2023 (the meeting's day) is sent as ISO and shown day first.
        date.fill("25/05/2023")
        assert error.is_hidden()  # editing the field takes the message away
        page.click("#outcome-form button[type=submit]")
        page.wait_for_selector("#outcome-form", state="hidden")
        row.filter(has_text="15/QĐ-UBND, 25/05/2023, UBND xã An Bộ").wait_for()
        saved = next(o for o in snapshot(secretary)["opinions"] if o["id"] == opinion["id"])
        assert (saved["outcome"], saved["prior_date"]) == ("declined", "2023-05-25")
        row.locator(".primary").click()
        assert date.input_value() == "25/05/2023"
    finally:
        secretary.close()


def test_the_reply_date_is_typed_day_first_on_an_english_browser(open_page, server, tmp_path):
    secretary = Client(server.url, "secretary", server.pins["secretary"])
    try:
        opinion = add_written_opinion(secretary, "Đèn chiếu sáng ngõ 3 hỏng")
        assigned = {"opinion_id": opinion["id"], "outcome": "assigned", "unit": "Ban quản lý thôn"}
        ack = secretary.send("opinion.outcome", assigned)
        assert ack["ok"], ack
        office = open_page("/followup", locale="en-US")
        login(office, server.office_pin)
        row = office.locator("#fu-rows tr:has-text('Đèn chiếu sáng ngõ 3')")
        row.wait_for()
        # When it was raised, with who raised it (the meeting's date is in the first column).
        expected = raised_text(opinion["raised_at"], secretary.state["starts_at"])
        assert row.locator(".raised-at").text_content() == expected
        assert "Hoàng Văn Minh" in row.locator("td").nth(1).text_content()

        row.locator("button").click()
        date = office.locator("#reply-form input[name=reply_date]")
        assert date.evaluate("(n) => [n.type, n.placeholder, n.inputMode]") == ["text", "dd/mm/yyyy", "numeric"]
        assert re.fullmatch(r"\d{2}/\d{2}/\d{4}", date.input_value())  # today, day first
        office.fill("#reply-form textarea[name=reply_summary]", "Đã thay 2 bóng đèn")
        office.fill("#reply-form input[name=reply_ref]", "12/BC-BQL")

        before = snapshot(secretary)
        date.fill("31/02/2023")
        office.click("#reply-form button[type=submit]")
        office.wait_for_selector("#reply-form .field-error:has-text('Không có ngày 31/02/2023 trên lịch')")
        date.fill("")
        office.click("#reply-form button[type=submit]")
        office.wait_for_selector("#reply-form .field-error:has-text('Nhập ngày theo dạng dd/mm/yyyy')")
        office.wait_for_timeout(300)
        assert snapshot(secretary) == before
        assert office.locator("#reply-form").is_visible()

        # Eight digits from a numeric keypad are tidied when the field is left.
        date.fill("25052023")
        date.press("Tab")
        assert date.input_value() == "25/05/2023"
        office.click("#reply-form button[type=submit]")
        office.wait_for_selector("#fu-rows tr:has-text('25/05/2023 12/BC-BQL: Đã thay 2 bóng đèn')")
        saved = next(o for o in snapshot(secretary)["opinions"] if o["id"] == opinion["id"])
        assert saved["reply_date"] == "2023-05-25"
        office.screenshot(path=str(tmp_path / "followup-en-US.png"))
    finally:
        secretary.close()


def test_each_opinion_shows_when_it_was_raised(open_page, server, tmp_path):
    chair = Client(server.url, "chair", server.pins["chair"])
    try:
        assert chair.send("stage.next", {"expected_stage_id": None})["ok"]
        assert chair.send("speaker.call_next", {"expected_speaker_id": None})["ok"]
        page = open_page("/m/1/secretary", 1366, 900)
        login(page, server.pins["secretary"])
        page.wait_for_function(
            "() => document.querySelector('#op-source').selectedOptions[0]"
            "?.textContent.startsWith('Nguyễn Văn An (demo)')"
        )
        page.fill("#op-form input[name=summary]", "Đề nghị cấp giấy chứng nhận cho 12 hộ")
        page.select_option("#op-category", "Đất đai & giấy chứng nhận")
        page.press("#op-form input[name=summary]", "Enter")
        row = page.locator("#op-rows tr:has-text('cho 12 hộ')")
        row.wait_for()
        opinion, starts_at = live_eval(page, "[state.opinions.at(-1), state.starts_at]")
        cell = row.locator("td").nth(1)  # with the speaker who raised it
        assert cell.text_content().startswith("Nguyễn Văn An (demo)")
        assert cell.locator(".raised-at").text_content() == raised_text(opinion["raised_at"], starts_at)
        assert re.search(r"\b\d{2}:\d{2}$", cell.locator(".raised-at").text_content())
        # On the meeting's own day it is the time alone, on the 24-hour clock.
        assert page.evaluate(MOMENT, "2023-05-25T08:00") == "18:00"  # 18:00 in Hà Nội
        assert page.evaluate(MOMENT, "2023-05-24T08:00") == "25/05/2023 18:00"
        row.scroll_into_view_if_needed()
        page.screenshot(path=str(tmp_path / "secretary-raised-at.png"))

        # Esc does not wipe a new opinion being typed either (it cancels an edit only).
        page.fill("#op-form input[name=summary]", "Hỏi thêm về tiến độ cấp giấy")
        page.press("#op-form input[name=summary]", "Escape")
        assert page.input_value("#op-form input[name=summary]") == "Hỏi thêm về tiến độ cấp giấy"
    finally:
        chair.close()


def test_a_registration_whose_answer_was_lost_is_added_once_when_pressed_again(open_page, server):
    """The hall's Wi-Fi loses everything the server sends while the secretary adds a speaker: the
    server applies it, the page hears nothing and, after 15 s, says it may not have been done.
    Pressed again, it is the same command (the same id): the speaker is in the queue once, and the
    page shows the queue as it is."""
    secretary = open_page("/m/1/secretary")
    deaf = {"on": False}

    def route(ws):
        upstream = ws.connect_to_server()
        upstream.on_message(lambda message: None if deaf["on"] else ws.send(message))
        ws.on_message(lambda message: upstream.send(message))

    def polling(request):  # the lost Wi-Fi loses Engine.IO's HTTP requests too (a reconnect starts with them)
        if deaf["on"]:
            request.abort()
        else:
            request.continue_()

    secretary.route_web_socket("**/socket.io/**", route)
    secretary.route("**/socket.io/**", polling)
    secretary.reload()
    login(secretary, server.pins["secretary"])
    watcher = Client(server.url, "secretary", server.pins["secretary"])
    try:
        secretary.fill("input[name=name]", "Vũ Thị Lành")
        secretary.fill("input[name=xom]", "Xóm Giữa")
        deaf["on"] = True
        secretary.press("input[name=name]", "Enter")
        watcher.wait_for(lambda s: any(x["name"] == "Vũ Thị Lành" for x in s["speakers"]))  # applied
        secretary.wait_for_selector("#toast.error:has-text('Máy chủ chưa trả lời')", timeout=25000)
        assert secretary.locator("#rows tr:has-text('Vũ Thị Lành')").count() == 0  # it heard nothing
        deaf["on"] = False
        assert registration(secretary)["name"] == "Vũ Thị Lành"  # the form kept what was typed
        secretary.press("input[name=name]", "Enter")
        secretary.wait_for_selector("#rows tr:has-text('Vũ Thị Lành')", timeout=10000)
        state = snapshot(watcher)
        assert [x["name"] for x in state["speakers"]].count("Vũ Thị Lành") == 1
        assert secretary.locator("#rows tr:has-text('Vũ Thị Lành')").count() == 1
    finally:
        watcher.close()


def test_typing_an_opinion_is_never_disturbed_by_20_patches(pages, server):
    """Issue 16: the secretary types the opinion being spoken while the chair and another secretary
    change the meeting. Each change reaches the page (queue, opinions, the hall message) between
    keystrokes, and nothing typed is lost, moved or unfocused: the text, the caret,
    a half-typed registration and the follow-up chosen stay as they were."""
    page = pages("/m/1/secretary", 1366, 768)
    login(page, server.pins["secretary"])
    other = Client(server.url, "secretary", server.pins["secretary"])
    chair = Client(server.url, "chair", server.pins["chair"])
    try:
        page.fill("#reg-form [name=name]", "Trần Văn Bình")  # a registration half typed
        first_opinion = str(add_written_opinion(other, "Đèn đường xóm Đông hỏng")["id"])
        wait_live(page, f"state.opinions.some((o) => o.id === {first_opinion})")
        page.fill("#reg-follows-q", "den duong")  # the follow-up chosen, by its words
        page.press("#reg-follows-q", "Enter")
        assert page.input_value("#reg-follows") == first_opinion
        summary = page.locator("#op-form [name=summary]")
        summary.click()
        text = "Đề nghị xã sớm sửa tuyến đường liên thôn từ xóm Đông ra quốc lộ trước mùa mưa năm nay"
        chunks = [text[len(text) * i // 20 : len(text) * (i + 1) // 20] for i in range(20)]  # typed one by one
        category = other.state["settings"]["categories"][0]
        for i, chunk in enumerate(chunks):
            if i % 3 == 0:
                ack = other.send("speaker.add", {"name": f"Người nói {i}", "xom": "Xóm Tây"})
            elif i % 3 == 1:
                payload = {"summary": f"Ý kiến {i}", "category": category, "speaker_id": None, "citizen": "Dân"}
                ack = other.send("opinion.add", payload)
            else:
                ack = chair.send("message.show", {"text": f"Trật tự {i}"})
            assert ack["ok"], ack
            last = ack["version"]
            page.keyboard.type(chunk)
        wait_live(page, f"state.version >= {last}")
        typed = page.evaluate(
            """() => { const a = document.activeElement;
                return [a.name, a.value, a.selectionStart, a.selectionEnd]; }"""
        )
        assert typed == ["summary", text, len(text), len(text)]
        assert page.input_value("#reg-form [name=name]") == "Trần Văn Bình"
        assert page.input_value("#reg-follows") == first_opinion
        assert page.locator("#rows tr:has-text('Người nói 18')").count() == 1  # the patches were shown
    finally:
        other.close()
        chair.close()
