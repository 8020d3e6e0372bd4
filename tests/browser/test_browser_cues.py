"""Cues and remote screens in real Chromium: the projector chimes at the warning and at the end of
a speaking time when the meeting's setting says so (and not otherwise), shows its address when the
chair asks which projector is which, and the chair's tablet counts the projectors and phones and
puts the phone page's QR code up and closes registration from phones."""

from __future__ import annotations

import pytest

from ..support.browser import login
from ..support.client import Client

pytestmark = pytest.mark.browser


def test_the_projector_chimes_at_the_warning_and_at_the_end_only_when_set(pages, server):
    projector = pages("/m/1/projector", 1920, 1080)
    projector.wait_for_function("() => document.querySelector('.p-banner-line') !== null")
    projector.click("body")  # the first click unlocks sound (and goes full screen)
    chair = Client(server.url, "chair", server.pins["chair"])
    try:
        chair.send("meeting.settings", {"default_speech_minutes": 1, "warning_seconds": 58})
        state = chair.wait_for(lambda s: s["settings"]["warning_seconds"] == 58)
        chair.send("stage.next", {"expected_stage_id": None})
        state = chair.wait_for(lambda s: s["stage_id"] is not None)
        chair.send("speaker.call_next", {"expected_speaker_id": None})
        state = chair.wait_for(lambda s: s["speaker_id"] is not None)
        chair.send("timer.adjust", {"speaker_id": state["speaker_id"], "seconds": -117})  # 3 min → 63 s
        chair.send("timer.start", {"speaker_id": state["speaker_id"]})
        projector.wait_for_function(
            "() => document.querySelector('#p-countdown').textContent === '0:57'", timeout=10000
        )
        assert projector.evaluate("window.chimes || 0") == 0  # the setting is off: colours only

        chair.send("meeting.settings", {"chime": True})
        chair.send("speaker.call_next", {"expected_speaker_id": state["speaker_id"]})
        state = chair.wait_for(lambda s: s["speaker_id"] not in (None, state["speaker_id"]))
        chair.send("timer.adjust", {"speaker_id": state["speaker_id"], "seconds": -118})  # 3 min → 62 s
        chair.send("timer.start", {"speaker_id": state["speaker_id"]})
        projector.wait_for_function("() => (window.chimes || 0) === 1", timeout=10000)  # the warning: one tone
        chair.send("timer.adjust", {"speaker_id": state["speaker_id"], "seconds": -55})
        projector.wait_for_function("() => (window.chimes || 0) === 3", timeout=10000)  # the end: two more
    finally:
        chair.close()


def test_the_chair_asks_which_projector_is_which_and_puts_up_the_qr_code(pages, server):
    projector = pages("/m/1/projector", 1920, 1080)
    projector.wait_for_function("() => document.querySelector('.p-banner-line') !== null")
    phone = pages("/m/1/phone", 390, 844)
    phone.wait_for_selector("#ph-stage")
    chair = pages("/m/1/chair")
    login(chair, server.pins["chair"], "Lê Văn Chủ Trì")
    chair.click("#attendance-open")
    chair.wait_for_selector("#screens-count:has-text('1 màn chiếu, 1 điện thoại')")

    other = pages("/m/1/projector", 1920, 1080)  # a second projector, on another laptop
    other.wait_for_function("() => document.querySelector('.p-banner-line') !== null")
    chair.click("#identify")
    identity = projector.locator("#p-identify")
    identity.wait_for()
    host = server.url.split("//")[1]
    text = identity.text_content()
    code = text.removeprefix("Màn chiếu này: ").split(" — ")[0]
    assert text == f"Màn chiếu này: {code} — {host}" and len(code) == 4
    other.locator("#p-identify").wait_for()
    other_code = other.text_content("#p-identify").removeprefix("Màn chiếu này: ").split(" — ")[0]
    assert other_code != code  # each projector says which it is, not just the server's address
    projector.wait_for_selector("#p-identify", state="hidden", timeout=7000)

    # The chair names the first by its code: it says its name from then on, after a reload too.
    chair.fill("#screen-code", code.lower())
    chair.fill("#screen-name", "Màn chiếu 1 — sân khấu")
    chair.click("#screen-name-set")
    projector.wait_for_selector(f"#p-identify:text-is('Màn chiếu này: Màn chiếu 1 — sân khấu ({code})')")
    assert other.text_content("#p-identify") == f"Màn chiếu này: {other_code} — {host}"
    projector.reload()
    projector.wait_for_function("() => document.querySelector('.p-banner-line') !== null")
    projector.wait_for_timeout(500)
    chair.click("#identify")
    projector.wait_for_selector(f"#p-identify:text-is('Màn chiếu này: Màn chiếu 1 — sân khấu ({code})')")
    projector.wait_for_selector("#p-identify", state="hidden", timeout=7000)

    chair.click("#qr-toggle")
    projector.wait_for_selector("#p-qr img", timeout=2000)
    assert chair.text_content("#qr-toggle") == "Trở lại màn hình chính"
    chair.click("#registration-toggle")
    chair.wait_for_selector("#registration-toggle:has-text('Mở lại đăng ký')")
