"""The three screens in real headless Chromium (the system's /usr/bin/chromium), driven by
Playwright against the real server. In CI a missing browser fails; elsewhere it skips."""

from __future__ import annotations

from datetime import date

import pytest

from server.domain.workdays import add_working_days

from ..support.browser import core, glyph_height, live_eval, login, wait_live

pytestmark = pytest.mark.browser


def test_chair_calls_and_starts_a_speaker_and_the_projector_follows_within_a_second(pages, server, tmp_path):
    projector = pages("/m/1/projector", 1920, 1080)
    projector.wait_for_function("() => document.querySelector('.p-banner-line') !== null")
    chair = pages("/m/1/chair")
    login(chair, server.pins["chair"])
    secretary = pages("/m/1/secretary", 1366, 768)
    login(secretary, server.pins["secretary"])

    chair.click("#stage-next")
    chair.wait_for_selector("#stage-count:has-text('1/6')")
    chair.click("#btn-next")
    chair.wait_for_selector("#cur-name:has-text('Nguyễn Văn An (demo)')")
    chair.click("#btn-start")

    # No reload: the projector shows the speaker and a running countdown within one second.
    projector.wait_for_selector("#p-name:has-text('Nguyễn Văn An (demo)')", timeout=1000)
    projector.wait_for_function(
        "() => /^(3:00|2:5[0-9])$/.test(document.querySelector('#p-countdown').textContent)", timeout=1000
    )
    assert projector.text_content("#p-detail") == "Xóm Đông · Cấp giấy chứng nhận quyền sử dụng đất ở"
    first = projector.text_content("#p-countdown")
    projector.wait_for_function(f"() => document.querySelector('#p-countdown').textContent !== {first!r}", timeout=2500)
    assert projector.locator("#p-next li").all_text_contents() == [
        "Trần Thị Bích (demo)",
        "Lê Văn Cường (demo)",
        "Phạm Thị Dung (demo)",
    ]
    secretary.wait_for_selector("#sec-current:has-text('Nguyễn Văn An (demo)')")

    for name, page in (("projector", projector), ("chair", chair), ("secretary", secretary)):
        page.screenshot(path=str(tmp_path / f"{name}.png"))
        assert (tmp_path / f"{name}.png").stat().st_size > 10_000


def test_projector_is_readable_from_the_back_and_changes_colour(pages, server):
    projector = pages("/m/1/projector", 1920, 1080)
    chair = pages("/m/1/chair")
    login(chair, server.pins["chair"])
    chair.click("#stage-next")
    chair.click("#btn-next")
    chair.click("#btn-start")
    projector.wait_for_selector("#p-countdown:has-text(':')")

    # The product's rule: countdown digits >= 270 px, the name >= 90 px, the rest >= 54 px at 1920x1080.
    assert glyph_height(projector, "#p-countdown") >= 270
    assert glyph_height(projector, "#p-name") >= 90
    font_px = lambda sel: float(projector.eval_on_selector(sel, "n => parseFloat(getComputedStyle(n).fontSize)"))  # noqa: E731
    assert font_px("#p-stage") >= 54 and font_px("#p-next li") >= 54 and font_px("#p-detail") >= 54

    level = lambda: projector.get_attribute("#p-countdown", "data-level")  # noqa: E731
    assert level() == "normal"
    for _ in range(2):  # 3:00 - 2 min = under a minute left
        chair.click("#btn-minus")
    chair.wait_for_selector("#timer:has-text('0:')")
    chair.click("#btn-minus")
    chair.wait_for_selector("#timer:has-text('+')")
    projector.wait_for_function("() => document.querySelector('#p-countdown').dataset.level === 'overtime'")
    # red, once the colour transition has run
    projector.wait_for_function(
        "() => getComputedStyle(document.querySelector('#p-countdown')).backgroundColor === 'rgb(255, 59, 48)'"
    )
    assert projector.text_content("#p-countdown").startswith("+")

    # No control and no private data on the projector.
    assert projector.locator("button, input, select, a").count() == 0


def test_warning_turns_amber_within_the_threshold(pages, server):
    projector = pages("/m/1/projector", 1920, 1080)
    secretary = pages("/m/1/secretary", 1366, 768)
    login(secretary, server.pins["secretary"])
    secretary.fill("input[name=warning_seconds]", "200")  # more than the 3 minutes requested
    secretary.click("#settings-form button")
    secretary.wait_for_selector("#toast:has-text('Đã lưu')")
    chair = pages("/m/1/chair")
    login(chair, server.pins["chair"])
    chair.click("#btn-next")
    chair.click("#btn-start")
    projector.wait_for_function("() => document.querySelector('#p-countdown').dataset.level === 'warning'")
    projector.wait_for_function(
        "() => getComputedStyle(document.querySelector('#p-countdown')).backgroundColor === 'rgb(255, 176, 0)'"
    )


def test_secretary_registers_from_the_keyboard_and_reorders(pages, server):
    secretary = pages("/m/1/secretary", 1366, 768)
    login(secretary, server.pins["secretary"])
    projector = pages("/m/1/projector", 1920, 1080)
    chair = pages("/m/1/chair")
    login(chair, server.pins["chair"])
    chair.click("#stage-next")  # the meeting is open: the projector lists who is next

    secretary.focus("input[name=name]")
    secretary.keyboard.type("Đặng Thị Hạnh")
    secretary.keyboard.press("Tab")
    secretary.keyboard.type("Xóm Chùa")
    secretary.keyboard.press("Tab")
    secretary.keyboard.type("Hỗ trợ học phí cho con hộ nghèo")
    secretary.keyboard.press("Enter")
    secretary.wait_for_selector("#rows tr:has-text('Đặng Thị Hạnh')")
    # Focus is back on the name, ready for the next paper form.
    assert secretary.evaluate("document.activeElement.name") == "name"
    chair.wait_for_selector("#queue li:has-text('Đặng Thị Hạnh')")

    # Alt+Up three times moves her from 6th to 3rd; the projector's next three follow.
    for _ in range(3):
        row = secretary.locator("#rows tr:has-text('Đặng Thị Hạnh')")
        row.focus()
        secretary.keyboard.press("Alt+ArrowUp")
        secretary.wait_for_timeout(150)
    secretary.wait_for_function(
        "() => [...document.querySelectorAll('#rows tr')][2].textContent.includes('Đặng Thị Hạnh')"
    )
    projector.wait_for_selector("#p-next li:nth-child(3):has-text('Đặng Thị Hạnh')")


def test_errors_are_shown_to_the_person_who_caused_them(pages, server):
    secretary = pages("/m/1/secretary", 1366, 768)
    assert secretary.evaluate("document.activeElement.id") == "person"  # the name first, once per browser
    secretary.fill("#person", "Nguyễn Thị Thư Ký")
    secretary.fill("#pin", "000000")
    secretary.press("#pin", "Enter")
    secretary.wait_for_selector("#pin-error:has-text('Mã PIN không đúng')")
    assert secretary.evaluate("document.activeElement.id") == "pin"
    login(secretary, server.pins["secretary"])
    # After the PIN, the work starts at once: the registration form's name field has the focus.
    secretary.wait_for_function("() => document.activeElement && document.activeElement.name === 'name'")
    secretary.fill("input[name=name]", "Trịnh Văn Lợi")
    secretary.fill("input[name=phone]", "12ab")
    secretary.press("input[name=name]", "Enter")
    secretary.wait_for_selector("#toast.error:has-text('Số điện thoại gồm 8 đến 15 chữ số')")
    assert secretary.locator("#rows tr:has-text('Trịnh Văn Lợi')").count() == 0


def test_a_screen_shows_the_lost_connection_and_recovers_by_itself(pages, server):
    chair = pages("/m/1/chair")
    login(chair, server.pins["chair"])
    projector = pages("/m/1/projector", 1920, 1080)
    chair.click("#stage-next")
    chair.wait_for_selector("#stage-count:has-text('1/6')")
    server.stop()
    chair.wait_for_selector("#connection:has-text('Mất kết nối')", timeout=10000)
    projector.wait_for_selector(".p-connection:has-text('Mất kết nối')", timeout=10000)
    # A tap while the network is down is sent once the screen is back (within 15 s), and only once.
    chair.click("#stage-next")
    server.start()
    chair.wait_for_selector("#connection", state="hidden", timeout=15000)
    chair.wait_for_selector("#stage-count:has-text('2/6')", timeout=15000)
    projector.wait_for_selector("#p-stage:has-text('2. Người chủ trì thông báo')", timeout=15000)
    assert projector.locator(".p-connection").is_hidden()
    chair.click("#stage-next")
    chair.wait_for_selector("#stage-count:has-text('3/6')")


def test_secretary_records_an_opinion_during_a_speech_and_the_chair_assigns_who_answers(pages, server, tmp_path):
    projector = pages("/m/1/projector", 1920, 1080)
    chair = pages("/m/1/chair")
    login(chair, server.pins["chair"])
    secretary = pages("/m/1/secretary", 1366, 900)
    login(secretary, server.pins["secretary"])
    chair.click("#stage-next")
    chair.click("#btn-next")
    chair.click("#btn-start")

    # While Nguyễn Văn An speaks, the secretary types what he raises; it links to his turn by itself.
    secretary.wait_for_function(
        "() => document.querySelector('#op-source').selectedOptions[0]?.textContent.startsWith('Nguyễn Văn An (demo)')"
    )
    secretary.fill("#op-form input[name=summary]", "Đề nghị sớm cấp giấy chứng nhận quyền sử dụng đất cho 12 hộ")
    secretary.select_option("#op-category", "Đất đai & giấy chứng nhận")
    secretary.fill("#op-form input[name=unit]", "Công chức địa chính")
    secretary.press("#op-form input[name=summary]", "Enter")
    secretary.wait_for_selector("#op-rows tr:has-text('Nguyễn Văn An (demo)')")
    secretary.wait_for_selector("#no-outcome:has-text('1 ý kiến chưa có kết quả')")

    # The chair sees it and assigns the chair of the People's Committee to answer.
    chair.wait_for_selector("#opinion-list li:has-text('cấp giấy chứng nhận')")
    chair.select_option("#answerer-select", label="Lê Thị Lan (demo) – Chủ tịch UBND xã")
    chair.click("#opinion-list li .assign")
    projector.wait_for_selector("#p-focus-a:has-text('Trả lời: Lê Thị Lan (demo) – Chủ tịch UBND xã')", timeout=1000)
    assert "Ý kiến của Nguyễn Văn An (demo)" in projector.text_content("#p-focus-q")
    assert glyph_height(projector, "#p-countdown") >= 270  # the countdown keeps its size
    projector.screenshot(path=str(tmp_path / "projector-answering.png"))

    # The answer is a timed turn of its own.
    chair.click("#opinion-list li .answer")
    projector.wait_for_selector("#p-name:has-text('Lê Thị Lan (demo)')")
    assert projector.text_content("#p-detail") == "Chủ tịch UBND xã"

    # The secretary records the outcome: assigned, with a deadline 15 working days after the day the
    # meeting is held (today: the planned 25/05/2023 no longer counts once it has started).
    deadline = add_working_days(date.today(), 15).strftime("%d/%m/%Y")
    secretary.click("#op-rows tr .primary")
    secretary.select_option("#outcome-form select[name=outcome]", "assigned")
    secretary.click("#outcome-form button[type=submit]")
    secretary.wait_for_selector(f"#op-rows tr:has-text('Hạn {deadline}')")
    assert secretary.locator("#no-outcome").is_hidden()

    # Search without diacritics finds it.
    secretary.fill("#op-search", "dat dai 12 ho")
    secretary.wait_for_selector("#op-results li:has-text('cho 12 hộ')")
    # And typing a new opinion on the same matter shows it as a similar one, with its outcome.
    secretary.fill("#op-form input[name=summary]", "Hỏi lại việc cấp giấy chứng nhận")
    secretary.wait_for_selector(f"#op-similar li:has-text('cho 12 hộ'):has-text('Hạn {deadline}')")


def test_the_office_records_the_written_reply_on_the_follow_up_page(pages, server):
    chair = pages("/m/1/chair")
    login(chair, server.pins["chair"])
    chair.click("#btn-next")
    secretary = pages("/m/1/secretary", 1366, 900)
    login(secretary, server.pins["secretary"])
    secretary.fill("#op-form input[name=summary]", "Đèn chiếu sáng đường thôn hỏng")
    secretary.select_option("#op-category", "Giao thông & thủy lợi")
    secretary.press("#op-form input[name=summary]", "Enter")
    secretary.click("#op-rows tr .primary")
    secretary.select_option("#outcome-form select[name=outcome]", "assigned")
    secretary.fill("#outcome-form input[name=unit]", "Ban quản lý thôn An Bộ")
    secretary.fill("#outcome-form input[name=working_days]", "5")
    secretary.click("#outcome-form button[type=submit]")
    secretary.wait_for_selector("#op-rows tr:has-text('Hạn 01/06/2023')")  # no stage started: the planned day

    office = pages("/followup", 1366, 800)
    login(office, server.office_pin)
    row = office.locator("#fu-rows tr:has-text('Đèn chiếu sáng')")
    row.wait_for()
    assert "overdue" in row.get_attribute("class")  # 01/06/2023 is long past: it stands out
    assert "Quá hạn" in row.text_content()
    row.locator("button").click()
    office.fill("#reply-form input[name=reply_date]", "2023-05-31")
    office.fill("#reply-form textarea[name=reply_summary]", "Đã thay 6 bóng đèn")
    office.fill("#reply-form input[name=reply_ref]", "12/BC-BQL")
    office.select_option("#reply-form select[name=citizen_accepted]", "yes")
    office.check("#reply-form input[name=close]")
    office.click("#reply-form button[type=submit]")
    office.wait_for_selector("#fu-rows tr:has-text('Đèn chiếu sáng')", state="detached")
    office.check("#fu-closed")
    office.wait_for_selector("#fu-rows tr:has-text('12/BC-BQL: Đã thay 6 bóng đèn')")
    secretary.wait_for_selector("#op-rows tr:has-text('Đã kết thúc')")


def test_a_screen_that_misses_a_patch_fetches_the_snapshot_and_ends_identical(browser, server):
    """The page applies patches; when one is lost (here dropped on the wire) the next one shows a
    version gap, and the page fetches a snapshot instead of showing a wrong queue."""
    import json

    from ..support.client import Client

    context = browser.new_context(viewport={"width": 1920, "height": 1080})
    dropped: list[str] = []

    def route(ws):
        upstream = ws.connect_to_server()

        def from_server(message):
            # Drop the first patch that moves a speaker (Socket.IO frame: 42["patch",{...}]).
            if isinstance(message, str) and message.startswith('42["patch"') and '"order"' in message and not dropped:
                dropped.append(message)
                return
            ws.send(message)

        upstream.on_message(from_server)
        ws.on_message(lambda message: upstream.send(message))

    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.route_web_socket("**/socket.io/**", route)
    # Every frame goes through this test's Python handlers, which run only while the test waits on
    # Playwright: the load, the join and the upgrade to the WebSocket (a probe and its answer through
    # the relay) take longer than a page's usual 5 s on a loaded machine.
    page.set_default_timeout(15000)
    page.goto(server.url + "/m/1/projector")
    # The test drops a patch on the WebSocket: wait for the upgrade from polling too.
    wait_live(page, "state !== null && state.version === 0 && live.socket.io.engine.transport.name === 'websocket'")
    live_eval(page, "live.ask('time')")  # a round trip on the WebSocket: the server has switched to it too
    chair = Client(server.url, "chair", server.pins["chair"])
    try:
        assert chair.send("stage.next", {"expected_stage_id": None})["ok"]
        wait_live(page, "state.version === 1")
        last = chair.state["speakers"][-1]
        first = chair.state["speakers"][0]
        assert chair.send("speaker.move", {"speaker_id": last["id"], "before_id": first["id"]})["ok"]
        assert chair.send("message.show", {"text": "Mời bà con giữ trật tự"})["ok"]
        wait_live(page, "state.version === 3")
        assert len(dropped) == 1  # the move's patch never reached the page
        page.wait_for_function(f"() => document.querySelector('#p-next li').textContent === {json.dumps(last['name'])}")
        fresh = Client(server.url, "public")
        try:
            assert json.loads(live_eval(page, "JSON.stringify(state)")) == fresh.state
        finally:
            fresh.close()
    finally:
        chair.close()
        context.close()
    assert errors == []


def test_going_back_a_stage_keeps_its_time_on_the_chair_screen(pages, server):
    """▶ ▶ ◀: the first stage keeps the time it ran before, the second shows what it ran, and the
    page's arithmetic (stageElapsed, estimatedEnd) is the server's (Stage.elapsed_at, estimated_end)."""
    import re

    from server.domain.model import Meeting, Stage, estimated_end

    chair = pages("/m/1/chair")
    login(chair, server.pins["chair"])
    chair.click("#stage-next")
    wait_live(chair, "state.stage_id === state.stages[0].id")
    chair.wait_for_timeout(1200)
    chair.click("#stage-next")
    wait_live(chair, "state.stage_id === state.stages[1].id")
    chair.wait_for_timeout(1200)
    chair.click("#stage-prev")
    wait_live(chair, "state.stage_id === state.stages[0].id")
    # The page's own arithmetic, from the modules it runs (static/js/core/meeting.js and clock.js).
    state, at, elapsed, end = live_eval(
        chair,
        f"await (async () => {{ const m = await {core('meeting')}; "
        f"const at = (await {core('clock')}).now(); "
        "return [state, at, state.stages.map((s) => m.stageElapsed(s, at)), m.estimatedEnd(state, at)]; })()",
    )
    stages = [Stage(s["id"], s["title"], s["planned_minutes"], s["runs"]) for s in state["stages"]]
    assert [len(s.runs) for s in stages[:3]] == [2, 1, 0]
    assert elapsed == pytest.approx([s.elapsed_at(at) for s in stages])
    assert elapsed[0] > 1.0 and elapsed[1] > 1.0  # the first stage kept its first run
    meeting = Meeting(1, "", stages=stages, stage_id=state["stage_id"], stage_started_at=state["stage_started_at"])
    assert end == pytest.approx(estimated_end(meeting, at))
    second = chair.locator("#stage-goto option").nth(1).text_content()
    assert re.search(r"\(0:0[1-9] / 15:00\)$", second), second
