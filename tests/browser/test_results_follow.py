"""The public results page follows the record: a reply recorded in the follow-up after publication
appears on the published page without publishing again, over HTTP and in an open Chromium page
that does not reload; nothing private shows; the page says when the record was last changed."""

from __future__ import annotations

import re
import time
from datetime import date, datetime

import pytest

from ..support.browser import ok
from ..support.client import Client, office_screen
from ..support.live_server import LiveServer

OPINION = "Đề nghị sửa đường nội đồng xóm Đông trước mùa mưa"
REPLY = "UBND xã đã bố trí kinh phí, thi công xong ngày 30/06/2023"
REF = "45/UBND-ĐC"


def hold_and_publish(screen, clock) -> int:
    """The demo meeting: one citizen speaks, the opinion is assigned to a unit, the meeting is
    closed and the results are published. Returns the opinion's id."""
    chair, secretary = screen("chair"), screen("secretary")
    chair.ok("stage.next", {"expected_stage_id": None})
    chair.ok("speaker.call_next", {"expected_speaker_id": None})
    speaker = chair.state["speaker_id"]
    chair.ok("timer.start", {"speaker_id": speaker})
    category = secretary.state["settings"]["categories"][3]
    ack = secretary.ok("opinion.add", {"summary": OPINION, "category": category, "speaker_id": speaker})
    (opinion,) = ack["created"]["opinions"]
    secretary.ok("opinion.outcome", {"opinion_id": opinion, "outcome": "assigned", "unit": "Địa chính - Xây dựng"})
    clock.advance(600)
    chair.ok("meeting.close")
    secretary.ok("results.publish")
    return opinion


def test_a_reply_recorded_in_the_follow_up_appears_on_the_published_page(app, client, store, screen, clock):
    opinion = hold_and_publish(screen, clock)
    published = store.load(1).published_at
    page = client.get("/m/1/results").get_data(as_text=True)
    assert OPINION in page and "Tình trạng: <strong>Đang giải quyết</strong>" in page
    assert REPLY not in page
    assert re.search(r'<script type="module" src="/static/[^"]*js/pages/results/main\.js"', page)
    assert "<script>" not in page
    content = client.get("/m/1/results/content")
    etag = content.headers["ETag"]
    assert content.status_code == 200 and "<html" not in content.get_data(as_text=True)
    unchanged = client.get("/m/1/results/content", headers={"If-None-Match": etag})
    assert unchanged.status_code == 304 and unchanged.data == b""

    clock.advance(5 * 86400)  # five days later, at the office
    office = office_screen(app, store)
    reply = {"opinion_id": opinion, "reply_date": "2023-05-30", "reply_summary": REPLY, "reply_ref": REF}
    assert office.send("opinion.reply", {**reply, "citizen_accepted": False, "close": True}, meeting_id=1)["ok"]

    changed = client.get("/m/1/results/content", headers={"If-None-Match": etag})
    assert changed.status_code == 200 and changed.headers["ETag"] != etag
    for said in (changed.get_data(as_text=True), client.get("/m/1/results").get_data(as_text=True)):
        assert "Tình trạng: <strong>Đã giải quyết xong</strong>" in said
        assert f"Trả lời ngày 30/05/2023 (văn bản số {REF}): {REPLY}" in said
        moment = datetime.fromtimestamp(clock())
        assert f"Cập nhật đến {moment:%H:%M} ngày {moment:%d/%m/%Y}." in said  # printed with the page
        assert "không chấp nhận" not in said.lower()  # whether the citizen accepted it is not public
    assert store.load(1).published_at == published  # not published again

    secretary = screen("secretary")
    secretary.ok("results.unpublish")
    assert client.get("/m/1/results/content").status_code == 404


# ---------------------------------------------------------------- in Chromium


@pytest.fixture
def live(tmp_path):
    s = LiveServer(tmp_path / "results.db").start()
    yield s
    s.stop()


@pytest.mark.browser
def test_the_open_results_page_shows_a_reply_without_a_reload(browser, live):
    chair = Client(live.url, "chair", live.pins["chair"])
    secretary = Client(live.url, "secretary", live.pins["secretary"])
    try:
        ok(chair, "stage.next", {"expected_stage_id": None})
        speaker = ok(chair, "speaker.call_next", {"expected_speaker_id": None})["speaker_id"]
        ok(chair, "timer.start", {"speaker_id": speaker})
        category = secretary.state["settings"]["categories"][3]
        ok(secretary, "opinion.add", {"summary": OPINION, "category": category, "speaker_id": speaker})
        opinion = secretary.wait_for(lambda s: len(s["opinions"]) == 1)["opinions"][0]["id"]
        ok(secretary, "opinion.outcome", {"opinion_id": opinion, "outcome": "assigned", "unit": "Địa chính"})
        ok(chair, "meeting.close")
        ok(secretary, "results.publish")

        context = browser.new_context(locale="vi-VN")
        errors: list[str] = []
        try:
            page = context.new_page()
            page.on("pageerror", lambda exc: errors.append(str(exc)))
            page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
            page.goto(live.url + "/m/1/results?refresh=2")
            page.wait_for_selector("text=Đang giải quyết")
            page.evaluate("() => { window.stillTheSamePage = true; }")
            time.sleep(2.5)  # a poll or two of an unchanged record: nothing moves
            assert page.evaluate("() => window.stillTheSamePage") is True

            today = date.today().isoformat()
            reply = {"opinion_id": opinion, "reply_date": today, "reply_summary": REPLY, "reply_ref": REF}
            ok(secretary, "opinion.reply", {**reply, "close": True})
            page.wait_for_selector(f"text={REPLY}", timeout=10000)
            assert "Đã giải quyết xong" in page.text_content("main")
            assert page.evaluate("() => window.stillTheSamePage") is True  # no reload
        finally:
            context.close()
        assert errors == [], errors  # no script error, no CSP violation
    finally:
        chair.close()
        secretary.close()
