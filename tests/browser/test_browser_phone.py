"""Citizens' phones in the hall (issue 10), in real Chromium against the real server: the projector
shows the QR code of the phone page; a phone-sized page follows the meeting and asks to speak; the
secretary's laptop sees the request at once and accepts, merges or rejects it; the phone follows
its request to the microphone. The chair is a python-socketio client."""

from __future__ import annotations

import json
import re
import urllib.request
from urllib.parse import urlparse

import pytest
import segno

from ..support.browser import login
from ..support.client import Client

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844, "has_touch": True, "is_mobile": True}
DEMO_QUEUE = 5  # the demo meeting's registered speakers
# Calls to navigator.vibrate, recorded (headless Chromium has nothing to vibrate).
RECORD_VIBRATIONS = (
    "window.vibrations = []; navigator.vibrate = (pattern) => (window.vibrations.push(pattern), true); 0"
)


@pytest.fixture
def phone(pages):
    """A phone-sized page of meeting 1 (a new phone each call: its own localStorage)."""

    def open_phone(path: str = "/m/1/phone"):
        page = pages(path, PHONE["width"], PHONE["height"], has_touch=True, is_mobile=True)
        page.wait_for_selector("#ph-stage:not(:empty)")
        return page

    return open_phone


@pytest.fixture
def chair(server):
    client = Client(server.url, "chair", server.pins["chair"])
    yield client
    client.close()


def send(client: Client, name: str, payload: dict) -> dict:
    ack = client.send(name, payload)
    assert ack["ok"], (name, ack)
    client.wait_for(lambda s: s["version"] >= ack["version"])
    return ack


def call_next(chair: Client) -> None:
    send(chair, "speaker.call_next", {"expected_speaker_id": chair.state["speaker_id"]})


def register(page, name: str, xom: str, topic: str, text: str = "") -> None:
    """Fill the phone's form, as a thumb does, and send it."""
    page.tap("#tab-register")
    page.fill("#ph-f-name", name)
    if xom in page.eval_on_selector_all("#ph-f-xom-list option", "os => os.map((o) => o.value)"):
        page.select_option("#ph-f-xom-list", xom)
    else:
        page.select_option("#ph-f-xom-list", "\u0000other")
        page.fill("#ph-f-xom", xom)
    page.fill("#ph-f-topic", topic)
    page.fill("#ph-f-text", text)
    page.tap("#ph-send")


def mine(page) -> str:
    return page.text_content("#ph-mine-state")


def pending_row(secretary, name: str):
    return secretary.locator("#req-pending li", has_text=name)


def test_the_qr_code_leads_a_phone_to_speak_at_the_microphone(pages, phone, server, chair):
    projector = pages("/m/1/projector", 1920, 1080)
    projector.wait_for_function("() => document.querySelector('.p-banner-line') !== null")
    send(chair, "stage.next", {"expected_stage_id": None})
    send(chair, "hall.show", {"what": "qr"})

    # The projector: a large code, the phone page's address under it, and what to do with it.
    projector.wait_for_function("() => document.body.dataset.mode === 'qr'")
    projector.wait_for_function("() => document.querySelector('#p-qr-img').naturalWidth > 0")
    box = projector.locator("#p-qr-img").bounding_box()
    assert box["width"] >= 600 and box["height"] >= 600, box
    assert box["y"] + box["height"] <= 1080
    url = server.url + "/m/1/phone"
    assert projector.text_content("#p-qr-url") == url
    assert projector.locator("#p-qr-url").bounding_box()["y"] >= box["y"] + box["height"]
    assert projector.text_content("#p-qr-title") == "Quét mã để theo dõi và đăng ký phát biểu"
    assert projector.locator("button, input, select, a").count() == 0
    # The SVG encodes exactly that address (the code segno makes of it, module for module).
    with urllib.request.urlopen(server.url + "/m/1/qr.svg") as response:
        assert response.headers["Content-Type"].startswith("image/svg+xml")
        svg = response.read().decode()
    expected = segno.make(url, error="m", micro=False)
    dark = lambda text: re.findall(r' d="([^"]+)"', text)[-1]  # noqa: E731  (the dark modules' path)
    assert dark(svg) == dark(expected.svg_inline(scale=1))

    secretary = pages("/m/1/secretary", 1366, 768)
    login(secretary, server.pins["secretary"])
    assert secretary.text_content("#req-none") == "Không có đăng ký nào đang chờ."

    # The phone opens the address the projector gives and asks to speak.
    citizen = phone(projector.text_content("#p-qr-url").removeprefix(server.url))
    citizen.add_init_script(RECORD_VIBRATIONS)
    citizen.evaluate(RECORD_VIBRATIONS)
    register(citizen, "Vũ Thị Hạnh", "Xóm Chùa", "Nước sạch cho xóm Chùa", "Giếng khoan nhiễm phèn.\nXin xã hỗ trợ.")
    citizen.wait_for_selector("#ph-mine-state:has-text('Đang chờ tổ thư ký xem xét')")
    assert citizen.is_hidden("#ph-form")

    # The secretary sees it at once, with a count, and accepts it from the keyboard.
    row = pending_row(secretary, "Vũ Thị Hạnh")
    row.wait_for(timeout=2000)
    assert secretary.text_content("#req-count") == "1"
    assert "Nước sạch cho xóm Chùa" in row.text_content() and "Giếng khoan nhiễm phèn." in row.text_content()
    assert "Xóm Chùa" in row.text_content()
    row.locator("[data-act=accept]").focus()
    secretary.keyboard.press("Enter")
    secretary.wait_for_selector("#rows tr:has-text('Vũ Thị Hạnh')")
    secretary.wait_for_selector("#req-count", state="hidden")
    assert secretary.is_hidden("#req-decided")  # decided ones are listed below, collapsed
    assert "Đã nhận vào danh sách" in secretary.text_content("#req-decided")

    citizen.wait_for_selector(f"#ph-mine-state:has-text('Đã nhận: bạn ở vị trí số {DEMO_QUEUE + 1}')")
    # The chair calls the speakers before her; two places before her turn, she is told it is near.
    for _ in range(DEMO_QUEUE - 1):
        call_next(chair)
    citizen.wait_for_selector("#ph-mine-state:has-text('Sắp đến lượt bạn')")
    assert "vị trí số 2" in citizen.text_content("#ph-mine-detail")
    assert citizen.evaluate("window.vibrations") == []
    send(chair, "hall.show", {"what": ""})
    call_next(chair)
    call_next(chair)
    citizen.wait_for_selector("#ph-mine-state:has-text('Mời bạn lên phát biểu')")
    assert citizen.evaluate("window.vibrations.length") == 1
    projector.wait_for_selector("#p-name:has-text('Vũ Thị Hạnh')")
    # The phone follows the hall too: who speaks, the countdown, as the projector shows them.
    assert citizen.text_content("#ph-name") == "Vũ Thị Hạnh"
    assert citizen.text_content("#ph-countdown") == "3:00"
    send(chair, "timer.start", {"speaker_id": chair.state["speaker_id"]})
    citizen.wait_for_function(
        "() => /^2:5\\d$/.test(document.querySelector('#ph-countdown').textContent)", timeout=3000
    )

    # A reload still follows the same request (kept by the phone).
    citizen.reload()
    citizen.wait_for_selector("#ph-mine-state:has-text('Mời bạn lên phát biểu')")


def test_the_phone_follows_the_hall_as_the_projector_shows_it(phone, server, chair):
    citizen = phone()
    assert citizen.text_content("#ph-stage") == "Chưa bắt đầu"
    send(chair, "stage.next", {"expected_stage_id": None})
    citizen.wait_for_selector("#ph-stage:has-text('Nội dung 1/')")
    assert citizen.locator("#ph-next li").count() == 3
    assert citizen.locator("#ph-next li").first.text_content() == "Nguyễn Văn An (demo) · Xóm Đông"
    send(chair, "message.show", {"text": "Xin giữ trật tự"})
    citizen.wait_for_selector("#ph-message-text:has-text('Xin giữ trật tự')")
    call_next(chair)
    citizen.wait_for_selector("#ph-name:has-text('Nguyễn Văn An (demo)')")
    assert citizen.text_content("#ph-detail") == "Xóm Đông · Cấp giấy chứng nhận quyền sử dụng đất ở"
    assert citizen.text_content("#ph-timer-state") == "Sẵn sàng"
    assert citizen.locator("#ph-next li").first.text_content().startswith("Trần Thị Bích (demo)")
    # Readable at arm's length, in the phone's width: no sideways scrolling, large enough text.
    assert citizen.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    size = lambda sel: citizen.eval_on_selector(sel, "n => parseFloat(getComputedStyle(n).fontSize)")  # noqa: E731
    assert size("#ph-name") >= 28 and size("#ph-countdown") >= 48 and size("#ph-next li") >= 18
    tabs = [citizen.locator(f"#tab-{t}").bounding_box() for t in ("follow", "register")]
    assert all(t["height"] >= 48 and t["y"] + t["height"] <= PHONE["height"] for t in tabs)


def test_the_phone_shows_the_meeting_before_its_connection_is_up(browser, server, chair):
    """A phone on a crowded Wi-Fi shows the meeting as the page came (its snapshot), not a blank page
    while Socket.IO connects; once connected it follows the hall as any phone."""
    send(chair, "stage.next", {"expected_stage_id": None})
    call_next(chair)
    context = browser.new_context(viewport={"width": PHONE["width"], "height": PHONE["height"]}, locale="vi-VN")
    try:
        page = context.new_page()
        page.set_default_timeout(5000)
        live = re.compile(r"/socket\.io/\?")  # Engine.IO's requests, not the vendored client's file
        page.route(live, lambda route: route.abort())  # the live connection cannot get through
        page.goto(server.url + "/m/1/phone")
        page.wait_for_selector("#ph-name:has-text('Nguyễn Văn An (demo)')")
        assert page.text_content("#ph-stage").startswith("Nội dung 1/")
        assert page.locator("#ph-next li").count() == 3
        assert page.locator("#ph-next li").first.text_content() == "Trần Thị Bích (demo) · Xóm Trong"
        assert page.is_visible("#connection")  # and it says it is not live yet
        page.unroute(live)
        page.wait_for_selector("#connection", state="hidden", timeout=15000)
        send(chair, "message.show", {"text": "Xin giữ trật tự"})
        page.wait_for_selector("#ph-message-text:has-text('Xin giữ trật tự')")
    finally:
        context.close()


def test_a_rejection_shows_its_reason_on_the_phone(pages, phone, server):
    secretary = pages("/m/1/secretary", 1366, 768)
    login(secretary, server.pins["secretary"])
    citizen = phone()
    register(citizen, "Lý Văn Tám", "Xóm Ngoài", "Đường điện")
    row = pending_row(secretary, "Lý Văn Tám")
    row.wait_for(timeout=2000)
    row.locator("[data-act=reject]").click()
    reason = row.locator("input[name=reason]")
    assert secretary.evaluate("document.activeElement.name") == "reason"
    # Esc cancels, and the reason is required.
    secretary.keyboard.press("Escape")
    assert reason.is_hidden()
    assert secretary.evaluate("document.activeElement.dataset.act") == "accept"
    row.locator("[data-act=reject]").click()
    secretary.keyboard.press("Enter")
    secretary.wait_for_selector("#toast:has-text('Xin ghi lý do')")
    assert citizen.text_content("#ph-mine-state") == "Đang chờ tổ thư ký xem xét"
    reason.fill("Nội dung đã trả lời tại hội nghị trước")
    secretary.keyboard.press("Enter")
    row.wait_for(state="detached")

    citizen.wait_for_selector("#ph-mine-state:has-text('Chưa được nhận: Nội dung đã trả lời tại hội nghị trước')")
    assert citizen.get_attribute("#ph-mine", "data-tone") == "no"
    secretary.click("#req-decided-title")
    assert "Đã từ chối: Nội dung đã trả lời tại hội nghị trước" in secretary.text_content("#req-decided")
    # Rejected, the citizen may send another request.
    citizen.tap("#ph-again")
    assert citizen.input_value("#ph-f-name") == "Lý Văn Tám"
    assert citizen.is_visible("#ph-form")


def test_a_request_merged_with_the_paper_form_of_the_same_person(pages, phone, server, chair):
    secretary = pages("/m/1/secretary", 1366, 768)
    login(secretary, server.pins["secretary"])
    send(chair, "speaker.add", {"name": "Đặng Văn Hùng", "xom": "Xóm Trong", "topic": "Học phí"})
    citizen = phone()
    # Typed without diacritics on the phone: not the same person to the server, similar to the secretary.
    register(citizen, "Dang Van Hung", "Xóm Trong", "Hoc phi cho con")
    row = pending_row(secretary, "Dang Van Hung")
    row.wait_for(timeout=2000)
    row.locator("[data-act=merge]").click()
    select = row.locator("select[name=speaker_id]")
    assert secretary.evaluate("document.activeElement.name") == "speaker_id"
    groups = select.locator("optgroup").evaluate_all("gs => gs.map((g) => g.label)")
    assert groups == ["Trùng tên", "Cùng xóm", "Những người khác trong danh sách"]
    chosen = select.evaluate("s => s.selectedOptions[0].textContent")
    assert chosen.startswith("Đặng Văn Hùng · Xóm Trong")
    assert select.locator("optgroup[label='Cùng xóm'] option").all_text_contents()[0].startswith("Trần Thị Bích")
    secretary.keyboard.press("Enter")
    row.wait_for(state="detached")
    assert secretary.locator("#rows tr", has_text="Hùng").count() == 1  # nobody added
    citizen.wait_for_selector(f"#ph-mine-state:has-text('bạn ở vị trí số {DEMO_QUEUE + 1}')")
    assert "Đã gộp với phiếu giấy của Đặng Văn Hùng" in secretary.text_content("#req-decided")


def test_the_same_person_twice_markup_and_emoji_and_a_closed_registration(pages, phone, server, chair):
    secretary = pages("/m/1/secretary", 1366, 768)
    login(secretary, server.pins["secretary"])
    projector = pages("/m/1/projector", 1920, 1080)
    name = "<b>Bà</b> Tư 🙂"
    topic = "<img src=x onerror=alert(1)> Ruộng 🌾 & <script>alert(2)</script>"
    first = phone()
    register(first, name, "Xóm Đông", topic, "<i>khẩn</i> 🚜")
    first.wait_for_selector("#ph-mine-state:has-text('Đang chờ tổ thư ký xem xét')")
    assert first.text_content("#ph-mine-detail") == f"{name} · {topic}"

    # The same person from another phone: refused, in Vietnamese, and the form is kept.
    second = phone()
    register(second, "  <b>bà</b>  TƯ 🙂 ", "xóm đông", "Lần nữa")
    second.wait_for_selector("#ph-form-error:has-text('Bạn đã đăng ký phát biểu rồi: xin chờ đến lượt.')")
    assert second.is_visible("#ph-form") and second.input_value("#ph-f-topic") == "Lần nữa"
    assert second.is_hidden("#ph-mine")

    # Markup stays text everywhere it is shown.
    row = pending_row(secretary, "Tư")
    row.wait_for(timeout=2000)
    assert row.locator("b").first.text_content() == name
    assert row.locator(".req-topic").text_content() == topic
    assert row.locator(".req-text").text_content() == "<i>khẩn</i> 🚜"
    assert secretary.locator("#requests img, #requests script, #requests i").count() == 0
    row.locator("[data-act=accept]").click()
    send(chair, "stage.next", {"expected_stage_id": None})
    for _ in range(DEMO_QUEUE):
        call_next(chair)
    projector.wait_for_selector("#p-next li:has-text('Tư')")
    assert projector.locator("#p-next li").last.text_content() == name
    first.tap("#tab-follow")
    first.wait_for_selector("#ph-next li:has-text('Tư')")
    assert first.locator("#ph-next li").last.text_content() == f"{name} · Xóm Đông"
    assert first.locator("main img, main b").count() == 0

    # Registration closed by the secretary: the phone says so instead of the form (the server's own
    # refusal of a form sent anyway is tests/pipeline/test_hall.py's); open again, the form is back and goes.
    secretary.click("#req-toggle")
    secretary.wait_for_selector("#req-state:has-text('Đã khóa đăng ký qua điện thoại.')")
    assert secretary.text_content("#req-toggle") == "Mở lại đăng ký"
    late = phone()
    late.tap("#tab-register")
    late.wait_for_selector("#ph-closed:has-text('Đã khóa đăng ký phát biểu qua điện thoại')")
    assert late.is_hidden("#ph-form")
    secretary.click("#req-toggle")
    secretary.wait_for_selector("#req-state:has-text('Đang nhận đăng ký phát biểu qua điện thoại.')")
    late.wait_for_selector("#ph-form")
    register(late, "Bùi Văn Hòa", "Xóm Ngoài", "Y tế")
    late.wait_for_selector("#ph-mine-state:has-text('Đang chờ tổ thư ký xem xét')")

    # Once the meeting is closed, every phone's form says so.
    send(chair, "meeting.close", {})
    second.wait_for_selector("#ph-closed:has-text('Hội nghị đã bế mạc')")
    assert second.is_hidden("#ph-form")


def test_a_request_sent_before_a_reload_is_sent_again_with_the_same_id(pages, phone, server):
    secretary = pages("/m/1/secretary", 1366, 768)
    login(secretary, server.pins["secretary"])
    citizen = phone()
    device = "phone-test-device-0123456789"
    pending = {
        "id": "phone-envelope-000000000001",
        "payload": {"name": "Mai Văn Sáu", "xom": "Xóm Đông", "topic": "Điện", "text": "", "device": device},
    }
    # As if the Wi-Fi dropped right after the tap: the envelope is kept, its answer never came.
    citizen.evaluate("(p) => localStorage.setItem('phone-pending-1', JSON.stringify(p))", pending)
    citizen.reload()
    citizen.wait_for_selector("#ph-mine-state:has-text('Đang chờ tổ thư ký xem xét')")
    pending_row(secretary, "Mai Văn Sáu").wait_for(timeout=2000)
    stored = citizen.evaluate("JSON.parse(localStorage.getItem('phone-request-1'))")
    assert stored["device"] == device and isinstance(stored["request_id"], int)
    assert citizen.evaluate("localStorage.getItem('phone-pending-1')") is None

    # Its answer was lost once more: the same id again is applied once, and names the same request.
    citizen.evaluate("(p) => localStorage.setItem('phone-pending-1', JSON.stringify(p))", pending)
    citizen.evaluate("localStorage.removeItem('phone-request-1')")
    citizen.reload()
    citizen.wait_for_selector("#ph-mine-state:has-text('Đang chờ tổ thư ký xem xét')")
    assert citizen.evaluate("JSON.parse(localStorage.getItem('phone-request-1'))") == stored
    assert secretary.locator("#req-pending li").count() == 1

    # The phone's own token: random, base64url, 22+ characters, kept.
    fresh = phone()
    register(fresh, "Cao Thị Bảy", "Xóm Trong", "Chợ")
    fresh.wait_for_selector("#ph-mine-state:has-text('Đang chờ tổ thư ký xem xét')")
    token = fresh.evaluate("localStorage.getItem('phone-device')")
    assert re.fullmatch(r"[A-Za-z0-9_-]{22,64}", token)
    assert fresh.evaluate("JSON.parse(localStorage.getItem('phone-request-1')).device") == token


def test_the_phone_page_loads_in_under_100_kb(browser, server):
    context = browser.new_context(viewport={"width": 390, "height": 844}, has_touch=True, is_mobile=True)
    try:
        page = context.new_page()
        loaded = []
        page.on("response", lambda r: loaded.append(r))
        page.goto(server.url + "/m/1/phone")
        page.wait_for_selector("#ph-stage:not(:empty)")
        # Everything the page loads but the live connection's own traffic (socket.io's polling).
        sizes = {r.url: len(r.body()) for r in loaded if not urlparse(r.url).path.startswith("/socket.io/")}
        with urllib.request.urlopen(server.url + "/healthz") as health:  # the static files' version
            static = f"{server.url}/static/{json.load(health)['version']}"
        assert set(sizes) >= {
            server.url + "/m/1/phone",
            static + "/js/pages/phone/main.js",
            static + "/css/phone.css",
            static + "/js/core/connection.js",
            static + "/vendor/socket.io/socket.io.esm.min.js",
        }
        assert not any(r.request.resource_type == "font" for r in loaded)
        total = sum(sizes.values())
        print(f"phone page first load: {total} bytes: {sizes}")
        # Decoded, as the phone parses it; the page carries the hall's snapshot (~5 KB on the demo
        # meeting, the same at any size: projection.PUBLIC_NEXT), which the join's ack sent before.
        assert total <= 110_000, sizes
    finally:
        context.close()


def test_the_qr_and_phone_routes(server):
    for path in ("/m/99/phone", "/m/99/qr.svg"):
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(server.url + path)
        assert refused.value.code == 404
        refused.value.close()
    # Reached by another address (the laptop's LAN address), the code gives that one.
    request = urllib.request.Request(server.url + "/m/1/qr.svg", headers={"Host": "192.168.1.20:5000"})
    with urllib.request.urlopen(request) as response:
        svg = response.read().decode()
    assert "<title>http://192.168.1.20:5000/m/1/phone</title>" in svg and "viewBox" in svg
