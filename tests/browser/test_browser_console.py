"""The secretary's console under real hands (issue 18), in Chromium at the laptop's 1366×768: the
speaker, the countdown and the opinion form in view together without the page scrolling, with 40
speakers and 120 opinions; a follow-up turn picked by the opinion's words and shown in the hall; a
category chosen, never defaulted; a text over its limit said as it is typed, never cut; the radio's
mark."""

from __future__ import annotations

import pytest

from ..support.browser import live_eval, login, wait_live
from ..support.client import Client

pytestmark = pytest.mark.browser

W, H = 1366, 768


def snapshot(client: Client) -> dict:
    ack = client.sio.call("snapshot", {}, timeout=10)
    assert ack["ok"], ack
    return ack["state"]


def a_long_meeting(server) -> None:
    """40 registrations and 120 opinions, through the protocol: 20 citizens spoke, 6 opinions each,
    the 21st is at the microphone with the timer running."""
    chair = Client(server.url, "chair", server.pins["chair"])
    secretary = Client(server.url, "secretary", server.pins["secretary"])
    try:
        chair.ok("stage.next", {"expected_stage_id": None})
        categories = secretary.state["settings"]["categories"]
        for i in range(40 - len(secretary.state["speakers"])):
            secretary.ok(
                "speaker.add", {"name": f"Nguyễn Văn Người Nói {i}", "xom": "Xóm Đông", "topic": f"Đường số {i}"}
            )
        current = None
        for i in range(21):
            chair.ok("speaker.call_next", {"expected_speaker_id": current})
            current = chair.state["speaker_id"]
            chair.ok("timer.start", {"speaker_id": current})
            for j in range(6 if i < 20 else 0):
                summary = f"Ý kiến {i}-{j} về đất đai và giao thông nông thôn"
                payload = {"summary": summary, "category": categories[j % len(categories)], "speaker_id": current}
                secretary.ok("opinion.add", payload)
        state = secretary.wait_for(lambda s: len(s["opinions"]) == 120)
        assert len(state["speakers"]) == 40
    finally:
        chair.close()
        secretary.close()


# Where an element is in the viewport: inside it whole, and not covered (the element itself or a
# child is what the point at its centre hits).
IN_VIEW = """(sel) => { const n = document.querySelector(sel); const r = n.getBoundingClientRect();
  const inside = r.width > 0 && r.height > 0 && r.top >= 0 && r.left >= 0
    && r.bottom <= innerHeight && r.right <= innerWidth;
  const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
  return inside && !!hit && (hit === n || n.contains(hit) || hit.contains(n)); }"""
SCROLLS = "() => [document.scrollingElement.scrollHeight, innerHeight, scrollY]"
FORM = [
    "#sec-current",
    "#sec-timer",
    "#op-source",
    "#op-form [name=summary]",
    "#op-form [name=text]",
    "#op-category",
    "#op-form [name=unit]",
    "#op-form button[type=submit]",
]


def test_the_console_fits_the_laptop_during_a_speech(pages, server, tmp_path):
    a_long_meeting(server)
    page = pages("/m/1/secretary", W, H)
    login(page, server.pins["secretary"])
    wait_live(page, "state.opinions.length === 120")
    page.wait_for_selector("#sec-timer:not(:empty)")
    page.screenshot(path=str(tmp_path / "console.png"))
    height, viewport, _ = page.evaluate(SCROLLS)
    assert height <= viewport, f"the page scrolls: {height} px in a {viewport} px window"
    for sel in FORM:
        assert page.evaluate(IN_VIEW, sel), f"{sel} is not in view"
    current = live_eval(page, "state.speakers.find((s) => s.status === 'current').name")
    assert page.text_content("#sec-current") == current

    # The lists scroll in their own panes.
    for pane in (".op-pane", ".side-pane"):
        assert page.locator(pane).evaluate("(p) => p.scrollHeight > p.clientHeight"), pane
    page.locator(".side-pane").evaluate("(p) => p.scrollTop = p.scrollHeight")
    page.locator(".op-pane").evaluate("(p) => p.scrollTop = 0")
    assert page.evaluate(IN_VIEW, "#op-form [name=summary]") and page.evaluate(IN_VIEW, "#sec-timer")

    # An opinion typed and recorded with the keyboard: the window never scrolls meanwhile.
    page.click("#op-form [name=summary]")
    page.keyboard.type("Đề nghị nạo vét kênh mương nội đồng trước vụ mùa")
    page.keyboard.press("Tab")
    page.keyboard.type("Kênh N2 bị bồi lấp")
    page.select_option("#op-category", "Giao thông & thủy lợi")
    page.press("#op-form [name=summary]", "Enter")
    wait_live(page, "state.opinions.length === 121")
    page.wait_for_function("() => document.querySelector('#op-form [name=summary]').value === ''")  # the next one
    assert page.evaluate(SCROLLS)[2] == 0

    # Offline: the banner says so, in view, and the form stays in view under it.
    page.context.set_offline(True)
    page.wait_for_selector("#connection:not([hidden])", timeout=15000)
    assert page.evaluate(IN_VIEW, "#connection")
    for sel in FORM:
        assert page.evaluate(IN_VIEW, sel), f"{sel} is not in view with the offline banner"
    assert page.evaluate(SCROLLS)[0] <= H
    page.screenshot(path=str(tmp_path / "console-offline.png"))
    page.context.set_offline(False)


def test_a_follow_up_is_picked_by_the_opinion_s_words_and_shown_in_the_hall(pages, server, tmp_path):
    secretary_client = Client(server.url, "secretary", server.pins["secretary"])
    chair = Client(server.url, "chair", server.pins["chair"])
    try:
        chair.ok("stage.next", {"expected_stage_id": None})
        category = secretary_client.state["settings"]["categories"][0]
        for summary in ("Đường giao thông xóm Tây xuống cấp", "Đề nghị cấp giấy chứng nhận đất đai cho 12 hộ"):
            secretary_client.ok(
                "opinion.add",
                {"summary": summary, "category": category, "speaker_id": None, "citizen": "Hoàng Văn Minh"},
            )
        wanted = secretary_client.state["opinions"][-1]

        page = pages("/m/1/secretary", W, H)
        login(page, server.pins["secretary"])
        wait_live(page, "state.opinions.length === 2")
        page.fill("#reg-form [name=name]", "Lê Văn Hỏi Thêm")
        page.fill("#reg-form [name=xom]", "Xóm Tây")
        # Without diacritics, a few words: the opinion, not an id.
        page.fill("#reg-follows-q", "giay chung nhan 12 ho")
        options = page.locator("#reg-follows-list li[role=option]")
        options.first.wait_for()
        assert options.all_text_contents() == [f"{wanted['summary']}Hoàng Văn Minh"]
        assert "#" not in page.text_content("#reg-follows-list")
        page.press("#reg-follows-q", "Enter")  # chooses the opinion, does not add the registration
        assert page.text_content("#reg-follows-text") == f"↩ {wanted['summary']}"
        assert live_eval(page, "state.speakers.some((s) => s.name === 'Lê Văn Hỏi Thêm')") is False
        page.screenshot(path=str(tmp_path / "follow-up-chosen.png"))
        page.press("#reg-form [name=name]", "Enter")
        wait_live(page, "state.speakers.some((s) => s.name === 'Lê Văn Hỏi Thêm')")
        added = next(s for s in snapshot(secretary_client)["speakers"] if s["name"] == "Lê Văn Hỏi Thêm")
        assert added["follows_opinion_id"] == wanted["id"]
        assert page.is_hidden("#reg-follows-chosen") and page.input_value("#reg-follows") == ""

        # Called to the microphone: the projector, the chair and the secretary say which opinion it continues.
        projector = pages("/m/1/projector", 1920, 1080)
        chair_page = pages("/m/1/chair")
        login(chair_page, server.pins["chair"], "Trần Văn Minh")
        chair.ok("speaker.call", {"speaker_id": added["id"], "expected_speaker_id": None})
        line = f"Tiếp tục ý kiến về “{wanted['summary']}”"
        projector.wait_for_selector(f"#p-detail:has-text('{line}')")
        chair_page.wait_for_selector(f"#cur-detail:has-text('{line}')")
        page.wait_for_selector(f"#sec-follows:has-text('{line}')")
        projector.screenshot(path=str(tmp_path / "projector-follow-up.png"))
    finally:
        secretary_client.close()
        chair.close()


def test_a_category_is_chosen_never_defaulted(pages, server):
    chair = Client(server.url, "chair", server.pins["chair"])
    try:
        chair.ok("stage.next", {"expected_stage_id": None})
        chair.ok("speaker.call_next", {"expected_speaker_id": None})
        page = pages("/m/1/secretary", W, H)
        login(page, server.pins["secretary"])
        assert page.input_value("#op-category") == ""
        assert page.locator("#op-category option").first.text_content() == "— Chọn lĩnh vực —"
        page.fill("#op-form [name=summary]", "Đề nghị lắp đèn đường xóm Giữa")
        page.press("#op-form [name=summary]", "Enter")
        error = page.locator("#op-category-error")
        error.wait_for()
        assert error.text_content().startswith("Lĩnh vực")
        assert page.get_attribute("#op-category", "aria-invalid") == "true"
        assert page.input_value("#op-form [name=summary]") == "Đề nghị lắp đèn đường xóm Giữa"  # nothing lost
        assert live_eval(page, "state.opinions.length") == 0

        # "Khác" is a choice like any other, made on purpose.
        page.select_option("#op-category", "Khác")
        assert error.text_content() == "" and page.get_attribute("#op-category", "aria-invalid") is None
        page.press("#op-form [name=summary]", "Enter")
        wait_live(page, "state.opinions.length === 1")
        assert live_eval(page, "state.opinions[0].category") == "Khác"
        assert page.input_value("#op-category") == ""  # the next opinion is chosen again
    finally:
        chair.close()


def test_a_topic_over_its_limit_is_said_as_typed_and_never_cut(pages, server):
    page = pages("/m/1/secretary", W, H)
    login(page, server.pins["secretary"])
    version = live_eval(page, "state.version")
    topic = page.locator("#reg-form [name=topic]")
    assert topic.get_attribute("maxlength") is None
    counter = page.locator("#reg-form [name=topic] + .limit")
    topic.fill("Đ" * 150)
    assert counter.is_hidden()  # far from the limit: nothing to say
    topic.fill("Đ" * 170)
    assert counter.text_content() == "170/200"
    pasted = "Đường liên xóm ngập khi mưa, " * 10  # 300 characters pasted at once
    topic.fill(pasted)
    assert topic.input_value() == pasted  # nothing cut
    n = len(pasted.strip())
    assert counter.text_content() == f"{n}/200 ký tự: thừa {n - 200} ký tự. Cần rút gọn: không lưu được như thế này."
    assert topic.get_attribute("aria-invalid") == "true"
    page.fill("#reg-form [name=name]", "Trịnh Văn Lợi")
    page.press("#reg-form [name=name]", "Enter")
    page.wait_for_selector("#toast.error:has-text('Nội dung')")
    assert topic.input_value() == pasted and live_eval(page, "state.version") == version
    topic.fill("Đường liên xóm ngập khi mưa")
    assert counter.is_hidden() and topic.get_attribute("aria-invalid") is None
    page.press("#reg-form [name=name]", "Enter")
    page.wait_for_selector("#rows tr:has-text('Trịnh Văn Lợi')")


def test_the_radio_s_mark_is_set_from_the_secretary_s_screen(pages, server):
    page = pages("/m/1/secretary", W, H)
    login(page, server.pins["secretary"])
    button = page.locator("#rec-mark")
    assert button.text_content() == "Bắt đầu ghi âm" and page.is_hidden("#rec-clear")
    button.click()
    wait_live(page, "state.recording_started_at !== null")
    at = live_eval(page, "state.recording_started_at")
    watcher = Client(server.url, "secretary", server.pins["secretary"])
    try:
        assert snapshot(watcher)["recording_started_at"] == at
        page.wait_for_selector("#rec-state:has-text('Đang ghi âm từ')")
        assert button.text_content() == "Đánh dấu lại"
        page.once("dialog", lambda d: d.accept())
        page.click("#rec-clear")
        wait_live(page, "state.recording_started_at === null")
        assert snapshot(watcher)["recording_started_at"] is None
        assert button.text_content() == "Bắt đầu ghi âm"
    finally:
        watcher.close()
