"""The chair's tablet in real Chromium with touch, at the sizes of the tablets it runs on: what the
chair needs during stages 3-5 fits one screen without page scrolling, every control is big enough
for a finger, a stage change can be undone, the queue can be reordered, and the three kinds of
"next" (stage, next speaker, this speaker) are told apart. The meeting is driven to stage 3 by
python-socketio clients (tests/support/client.py) playing the other screens."""

from __future__ import annotations

import time

import pytest

from ..support.browser import SIZES, SMALL_TARGETS, TAP
from ..support.client import Client

pytestmark = pytest.mark.browser

# Where each part the chair needs is, and the page's own size.
LAYOUT = """(selectors) => ({
    scrollHeight: document.documentElement.scrollHeight,
    scrollWidth: document.documentElement.scrollWidth,
    innerHeight, innerWidth,
    rects: Object.fromEntries(selectors.map((sel) => {
        const node = document.querySelector(sel);
        if (!node || !node.getClientRects().length) return [sel, null];
        const r = node.getBoundingClientRect();
        return [sel, {top: r.top, left: r.left, bottom: r.bottom, right: r.right, width: r.width, height: r.height}];
    })),
    queueScrolls: (() => { const q = document.querySelector('#queue'); return q.scrollHeight > q.clientHeight; })(),
})"""

NEEDED = {
    "stage bar": ".stagebar",
    "next stage": "#stage-next",
    "previous stage": "#stage-prev",
    "go to stage": "#stage-goto",
    "speaker at the microphone": "#cur-name",
    "timer": "#timer",
    "start": "#btn-start",
    "−1 min": "#btn-minus",
    "+1 min": "#btn-plus",
    "end turn": "#btn-end",
    "next speaker": "#btn-next",
    "queue": "#queue",
    "first queued row": "#queue li",
    "walk-in name": "#walkin-form input[name=name]",
    "opinions panel": ".opinion-panel",
    "opinion list": "#opinion-list",
    "who answers": "#answerer-select",
    "assign (last opinion)": "#opinion-list li:last-child .assign",
    "give the floor (last opinion)": "#opinion-list li:last-child .answer",
    "hall message input": "#message-form input[name=text]",
    "show message": "#message-form button[type=submit]",
    "clear message": "#message-clear",
    "presets": ".presets",
}


@pytest.fixture
def staged(server):
    """The demo meeting in stage 3 (citizens speak): Nguyễn Văn An called to the microphone, two
    opinions of his recorded by the secretary, a message on the projector. Yields the chair's client."""
    chair = Client(server.url, "chair", server.pins["chair"])
    secretary = Client(server.url, "secretary", server.pins["secretary"])
    try:
        state = chair.state
        assert chair.send("stage.goto", {"stage_id": state["stages"][2]["id"]})["ok"]
        assert chair.send("speaker.call_next", {"expected_speaker_id": None})["ok"]
        speaker_id = chair.wait_for(lambda s: s["speaker_id"] is not None)["speaker_id"]
        categories = state["settings"]["categories"]
        for summary, category in [
            ("Đề nghị sớm cấp giấy chứng nhận quyền sử dụng đất cho 12 hộ", categories[0]),
            ("Đường nội đồng xuống cấp, đề nghị bê tông hóa tuyến từ xóm Đông ra cánh đồng", categories[1]),
        ]:
            ack = secretary.send("opinion.add", {"summary": summary, "category": category, "speaker_id": speaker_id})
            assert ack["ok"], ack
        assert chair.send("message.show", {"text": "Đề nghị giữ trật tự"})["ok"]
        chair.wait_for(lambda s: len(s["opinions"]) == 2 and s["message"])
        yield chair
    finally:
        chair.close()
        secretary.close()


def queued_names(state: dict) -> list[str]:
    return [s["name"] for s in state["speakers"] if s["status"] == "queued"]


@pytest.mark.parametrize("width, height", SIZES, ids=[f"{w}x{h}" for w, h in SIZES])
def test_everything_the_chair_needs_in_stages_3_to_5_fits_one_screen(tablet, staged, width, height, tmp_path):
    # A long queue (walk-ins from the floor): it scrolls inside its panel, never the page.
    for n in range(8):
        name = f"Người đăng ký tại chỗ {n + 1} (demo)"
        ack = staged.send("speaker.add", {"name": name, "xom": "Xóm Chùa", "topic": "Điện chiếu sáng", "walk_in": True})
        assert ack["ok"], ack
    page = tablet(width, height)
    page.wait_for_selector("#cur-name:has-text('Nguyễn Văn An (demo)')")
    page.wait_for_function("() => document.querySelectorAll('#opinion-list li').length === 2")
    page.wait_for_function("() => document.querySelectorAll('#queue li').length === 12")
    page.wait_for_selector("#message-current:has-text('Đề nghị giữ trật tự')")
    path = tmp_path / f"chair-{width}x{height}.png"
    page.screenshot(path=str(path))
    print(f"screenshot: {path}")

    layout = page.evaluate(LAYOUT, list(NEEDED.values()))
    assert layout["scrollHeight"] <= layout["innerHeight"], f"the page scrolls: {layout['scrollHeight']} px tall"
    assert layout["scrollWidth"] <= layout["innerWidth"], f"the page scrolls sideways: {layout['scrollWidth']} px"
    outside = []
    for what, selector in NEEDED.items():
        r = layout["rects"][selector]
        if r is None or r["width"] == 0 or r["height"] == 0:
            outside.append(f"{what} ({selector}): not shown")
        elif r["top"] < 0 or r["left"] < 0 or r["bottom"] > height + 0.5 or r["right"] > width + 0.5:
            outside.append(f"{what} ({selector}): {r}")
    assert not outside, f"outside the {width}x{height} screen: {outside}"
    assert layout["queueScrolls"], "twelve queued speakers should scroll inside the queue panel"

    small = page.evaluate(SMALL_TARGETS, TAP)
    assert not small, f"touch targets under {TAP}x{TAP} px at {width}x{height}: {small}"

    # The set-aside list opens inside the queue panel: still no page scroll, still big targets.
    first = next(s["id"] for s in staged.state["speakers"] if s["status"] == "queued")
    assert staged.send("speaker.skip", {"speaker_id": first})["ok"]
    page.wait_for_selector("#set-aside li", state="attached")
    page.tap("#set-aside-box summary")
    page.wait_for_selector("#set-aside .restore")
    assert page.evaluate("document.documentElement.scrollHeight <= innerHeight")
    small = page.evaluate(SMALL_TARGETS, TAP)
    assert not small, f"touch targets under {TAP}x{TAP} px with the set-aside list open: {small}"


def test_a_stage_change_can_be_undone_for_a_few_seconds(tablet, staged, tmp_path):
    stages = staged.state["stages"]
    third, fourth, fifth = (s["id"] for s in stages[2:5])
    before = {s["id"]: s["runs"] for s in staged.state["stages"]}
    page = tablet()
    page.wait_for_selector("#stage-count:has-text('3/6')")

    page.tap("#stage-next")
    staged.wait_for(lambda s: s["stage_id"] == fourth)
    page.wait_for_selector("#stage-undo:has-text('Đã chuyển sang nội dung 4')")
    undo = page.get_by_role("button", name="Hoàn tác", exact=True)
    box = undo.bounding_box()
    assert box["width"] >= TAP and box["height"] >= TAP, box
    page.screenshot(path=str(tmp_path / "chair-undo.png"))

    undo.tap()
    state = staged.wait_for(lambda s: s["stage_id"] == third)
    page.wait_for_selector("#stage-undo", state="hidden")
    page.wait_for_selector("#toast:has-text('Đã quay lại nội dung 3')")
    page.wait_for_selector("#stage-count:has-text('3/6')")
    runs = {s["id"]: s["runs"] for s in state["stages"]}
    # The third stage keeps its first run (closed when the chair tapped) and runs again.
    assert len(runs[third]) == 2
    assert runs[third][0][0] == before[third][0][0] and runs[third][0][1] is not None
    assert runs[third][1][1] is None
    assert len(runs[fourth]) == 1 and runs[fourth][0][1] is not None  # the few seconds by mistake
    assert all(runs[s["id"]] == before[s["id"]] for s in stages[:2])  # earlier stages untouched

    # Jumping with the list offers the same undo, which goes away by itself after about 8 s.
    page.select_option("#stage-goto", str(fifth))
    staged.wait_for(lambda s: s["stage_id"] == fifth)
    page.wait_for_selector("#stage-undo:has-text('Đã chuyển sang nội dung 5')")
    shown = time.monotonic()
    page.wait_for_selector("#stage-undo", state="hidden", timeout=12000)
    assert 6 < time.monotonic() - shown < 11
    assert staged.state["stage_id"] == fifth


def test_the_chair_reorders_the_queue_with_up_and_down(tablet, staged):
    page = tablet()
    start = ["Trần Thị Bích (demo)", "Lê Văn Cường (demo)", "Phạm Thị Dung (demo)", "Hoàng Văn Em (demo)"]
    assert queued_names(staged.state) == start
    page.wait_for_function("() => document.querySelectorAll('#queue li').length === 4")
    rows = page.locator("#queue li")
    assert rows.first.locator(".up").is_disabled() and rows.last.locator(".down").is_disabled()

    page.tap("#queue li:first-child .down")  # Bích goes below Cường
    staged.wait_for(lambda s: queued_names(s) == [start[1], start[0], start[2], start[3]])
    page.wait_for_selector("#queue li:first-child:has-text('Lê Văn Cường (demo)')")

    page.tap("#queue li:last-child .up")  # Em goes above Dung
    staged.wait_for(lambda s: queued_names(s) == [start[1], start[0], start[3], start[2]])

    page.wait_for_selector("#queue li:nth-child(3):has-text('Hoàng Văn Em (demo)')")
    page.tap("#queue li:nth-child(3) .down")  # down from second to last: to the end (before_id null)
    staged.wait_for(lambda s: queued_names(s) == [start[1], start[0], start[2], start[3]])
    page.wait_for_selector("#queue li:last-child:has-text('Hoàng Văn Em (demo)')")


def touch_drag(page, source: str, to_y: float, hold_ms: int = 600) -> None:
    """A finger on `source` held still for `hold_ms`, then moved to `to_y` and lifted (Chromium's
    touch input: the page gets touch and pointer events as from a touch screen)."""
    box = page.locator(source).bounding_box()
    assert box is not None, f"{source} is not shown"
    x, y = box["x"] + 30, box["y"] + box["height"] / 2
    cdp = page.context.new_cdp_session(page)
    cdp.send("Input.dispatchTouchEvent", {"type": "touchStart", "touchPoints": [{"x": x, "y": y}]})
    page.wait_for_timeout(hold_ms)
    steps = 8
    for i in range(1, steps + 1):
        cdp.send(
            "Input.dispatchTouchEvent",
            {"type": "touchMove", "touchPoints": [{"x": x, "y": y + (to_y - y) * i / steps}]},
        )
        page.wait_for_timeout(30)
    cdp.send("Input.dispatchTouchEvent", {"type": "touchEnd", "touchPoints": []})


def test_the_chair_drags_a_speaker_by_touch(tablet, staged):
    """Issue 18: a long press picks a queued row up, the finger carries it, lifting drops it there
    (speaker.move); a quick swipe is a scroll and moves nobody."""
    page = tablet()
    start = queued_names(staged.state)
    page.wait_for_function(f"() => document.querySelectorAll('#queue li').length === {len(start)}")
    third = page.locator("#queue li:nth-child(3)").bounding_box()
    # Bích, first, dropped on the lower half of the third row: after Dung.
    touch_drag(page, "#queue li:first-child .info", third["y"] + third["height"] * 0.75)
    staged.wait_for(lambda s: queued_names(s) == [start[1], start[2], start[0], *start[3:]])
    page.wait_for_selector("#queue li:nth-child(3):has-text('Trần Thị Bích (demo)')")
    # Last to first.
    first = page.locator("#queue li:first-child").bounding_box()
    touch_drag(page, "#queue li:last-child .info", first["y"] + 5)
    before = queued_names(staged.wait_for(lambda s: queued_names(s)[0] == start[-1]))
    # The page shows the new order before the next finger lands (its rows are redrawn meanwhile).
    page.wait_for_selector(f"#queue li:first-child:has-text('{start[-1]}')")
    # A finger that moves at once is not a long press: nothing moves.
    touch_drag(page, "#queue li:first-child .info", third["y"] + third["height"] * 0.75, hold_ms=50)
    page.wait_for_timeout(800)
    assert queued_names(staged.state) == before


def test_the_three_kinds_of_next_have_distinct_names_and_looks(tablet, staged):
    page = tablet()
    page.wait_for_selector("#queue li .call")
    stage = page.get_by_role("button", name="Nội dung tiếp theo", exact=True)
    speaker = page.get_by_role("button", name="Mời người tiếp theo", exact=True)
    one = page.get_by_role("button", name="Mời phát biểu: Trần Thị Bích (demo)", exact=True)
    assert stage.get_attribute("id") == "stage-next"
    assert speaker.get_attribute("id") == "btn-next"
    assert one.get_attribute("class") == "call"
    texts = [b.inner_text().strip() for b in (stage, speaker, one)]
    assert texts == ["Nội dung tiếp theo »", "Mời người tiếp theo ▶", "Mời phát biểu"]

    def look(locator):
        return locator.evaluate(
            "(b) => { const s = getComputedStyle(b); return [s.backgroundColor, s.borderTopColor, s.color].join(' '); }"
        )

    looks = [look(b) for b in (stage, speaker, one)]
    assert len(set(looks)) == 3, looks
    # Each queued row names its speaker, so two rows' buttons are never confused either.
    names = page.locator("#queue .call").evaluate_all("(bs) => bs.map((b) => b.getAttribute('aria-label'))")
    assert len(set(names)) == len(names) == 4


def test_an_assigned_opinion_gets_the_floor_without_choosing_again(tablet, staged):
    """Once the chair has assigned who answers, "Mời trả lời" needs no second trip to the list."""
    opinion = staged.state["opinions"][1]
    delegate = staged.state["delegates"][2]  # Lê Thị Lan (demo), Chủ tịch UBND xã
    page = tablet()
    page.wait_for_function("() => document.querySelectorAll('#opinion-list li').length === 2")
    page.select_option("#answerer-select", str(delegate["id"]))
    page.tap(f"#opinion-list li[data-id='{opinion['id']}'] .assign")
    staged.wait_for(lambda s: s["focus"] and s["focus"]["opinion_id"] == opinion["id"])

    page.reload()  # a fresh screen (the tab rejoins by itself): nobody is chosen in the list
    page.wait_for_selector("#app:not([hidden])")
    page.wait_for_selector(f"#opinion-list li[data-id='{opinion['id']}']")
    assert page.input_value("#answerer-select") == ""
    page.tap(f"#opinion-list li[data-id='{opinion['id']}'] .answer")
    state = staged.wait_for(lambda s: any(sp["official"] and sp["status"] == "current" for sp in s["speakers"]))
    current = next(sp for sp in state["speakers"] if sp["id"] == state["speaker_id"])
    assert current["name"] == delegate["name"] and current["answers"] == [opinion["id"]]


def test_who_answers_offers_the_chairs_and_the_delegates_present_by_group(tablet, staged):
    """Issue 18: the Bí thư and the Chủ tịch (the meeting's chairs) are offered, then the delegates
    present by group (an absent one is not, once who came is ticked), then another unit typed in."""
    state = staged.state
    chair_names = {c["name"] for c in state["chairs"]}
    present, absent = [d for d in state["delegates"] if d["name"] not in chair_names][:2]
    for d in state["delegates"]:
        if bool(d["present"]) != (d["id"] == present["id"]):
            assert staged.send("delegate.present", {"delegate_id": d["id"], "present": d["id"] == present["id"]})["ok"]
    staged.wait_for(lambda s: [d["present"] for d in s["delegates"]].count(True) == 1)
    page = tablet()
    page.wait_for_selector(f"#answerer-select option[value='{present['id']}']", state="attached")
    offered = page.evaluate(
        """() => [...document.querySelectorAll('#answerer-select > *')].map((n) =>
            n.tagName === 'OPTGROUP' ? [n.label, [...n.children].map((o) => o.textContent)] : n.textContent)"""
    )
    # A chair who is also a delegate is offered once, as that delegate (with the delegate's title).
    by_name = {d["name"]: d for d in state["delegates"]}
    chairs = [" – ".join(x for x in (c["name"], by_name.get(c["name"], c).get("title")) if x) for c in state["chairs"]]
    assert offered[0] == "Chọn người trả lời"
    assert offered[1] == ["Chủ trì hội nghị", chairs]
    assert offered[2] == [present["group"] or "Đại biểu có mặt", [f"{present['name']} – {present['title']}"]]
    assert offered[-1] == "Đơn vị, người khác (nhập bên dưới)" and len(offered) == 4
    assert absent["name"] not in str(offered)

    # A chair answers: the turn and the opinion name them once, with their title.
    opinion = state["opinions"][0]
    page.select_option("#answerer-select", label=chairs[0])
    page.tap(f"#opinion-list li[data-id='{opinion['id']}'] .answer")
    after = staged.wait_for(lambda s: s["focus"] and s["focus"]["opinion_id"] == opinion["id"])
    assert after["focus"]["answerer"] == chairs[0]


def test_the_chair_marks_and_clears_the_start_of_the_radio_recording(tablet, staged):
    """Issue 18: "Bắt đầu ghi âm" on the chair's screen sets the mark the label track counts from,
    shows it once set, and ✕ takes a mistaken one away."""
    page = tablet()
    mark = page.locator("#recording-mark")
    mark.wait_for()
    assert mark.text_content() == "Bắt đầu ghi âm"
    assert page.locator("#recording-clear").is_hidden()
    box = mark.bounding_box()
    assert box["height"] >= TAP, box
    mark.tap()
    state = staged.wait_for(lambda s: s.get("recording_started_at") is not None)
    page.wait_for_selector("#recording-mark:has-text('Đang ghi âm từ')")
    assert mark.is_disabled()  # a stray tap does not move the mark
    page.once("dialog", lambda d: d.accept())
    page.tap("#recording-clear")
    staged.wait_for(lambda s: s.get("recording_started_at") is None)
    page.wait_for_selector("#recording-mark:text-is('Bắt đầu ghi âm')")
    assert state["recording_started_at"] > 0


def test_stage_5_offers_the_follow_ups_and_stage_6_the_conclusion(tablet, staged):
    """Issue 18: the procedure's stage 5 (citizens follow up after the answers) offers "a citizen
    follows up", which queues them linked to the opinion picked by its words; stage 6 offers the
    chair's conclusion."""
    state = staged.state
    opinion = state["opinions"][1]
    page = tablet()
    page.wait_for_selector("#stage-count:has-text('3/6')")
    assert page.locator("#followup-open").is_hidden() and page.locator("#conclusion-open").is_hidden()

    assert staged.send("stage.goto", {"stage_id": state["stages"][4]["id"]})["ok"]
    page.locator("#followup-open").tap()
    page.select_option("#followup-opinion", label=opinion["summary"])
    page.fill("#followup-form input[name=name]", "Nguyễn Văn An (demo)")
    page.fill("#followup-form input[name=xom]", "Xóm Đông")
    page.tap("#followup-form button[type=submit]")
    added = staged.wait_for(lambda s: any(sp.get("follows_opinion_id") == opinion["id"] for sp in s["speakers"]))
    speaker = next(sp for sp in added["speakers"] if sp.get("follows_opinion_id") == opinion["id"])
    assert speaker["status"] == "queued" and speaker["xom"] == "Xóm Đông"
    page.wait_for_selector("#followup-dialog", state="hidden")
    assert page.locator("#conclusion-open").is_hidden()

    assert staged.send("stage.goto", {"stage_id": state["stages"][5]["id"]})["ok"]
    page.locator("#conclusion-open").tap()
    page.fill("#conclusion-text", "Hội nghị ghi nhận 2 ý kiến.\nGiao Địa chính trả lời trong 15 ngày làm việc.")
    page.tap("#conclusion-form button[type=submit]")
    staged.wait_for(lambda s: s["conclusion"].startswith("Hội nghị ghi nhận 2 ý kiến."))
    page.wait_for_selector("#toast:has-text('Đã lưu kết luận.')")
    assert page.locator("#followup-open").is_hidden()
