"""A tap acts on what the person saw (issue 18): on the chair's tablet (touch, 1280×800) a double tap
150 ms apart moves the meeting once, and so do two chairs tapping at once or one just after the
other. The state is read back over the network by a python-socketio client (tests/support/client.py).
"""

from __future__ import annotations

import time

import pytest

from ..support.client import Client

pytestmark = pytest.mark.browser


@pytest.fixture
def chair(server):
    """The chair's client, with the demo meeting in stage 3 (citizens speak), nobody called yet."""
    client = Client(server.url, "chair", server.pins["chair"])
    try:
        third = client.state["stages"][2]["id"]
        assert client.send("stage.goto", {"stage_id": third})["ok"]
        client.wait_for(lambda s: s["stage_id"] == third)
        yield client
    finally:
        client.close()


def ready(page) -> None:
    """The tablet shows stage 3 and the queue, and nothing has just changed under the finger."""
    page.wait_for_selector("#stage-count:has-text('3/6')")
    page.wait_for_selector("#queue li")
    page.wait_for_timeout(700)


def double_tap(page, selector: str, gap_ms: int = 150) -> None:
    """Two touches on the same spot `gap_ms` apart, as a hurried finger does (no waiting in between
    for the control to be ready: the second lands on whatever is there then)."""
    box = page.locator(selector).bounding_box()
    x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    page.touchscreen.tap(x, y)
    page.wait_for_timeout(gap_ms)
    page.touchscreen.tap(x, y)


def settled(client: Client) -> dict:
    """The server's state once every tap had time to arrive and be applied."""
    time.sleep(1.2)
    return client.state


def statuses(state: dict) -> dict[str, list[int]]:
    out: dict[str, list[int]] = {}
    for s in state["speakers"]:
        out.setdefault(s["status"], []).append(s["id"])
    return out


def test_a_double_tap_on_next_speaker_calls_one_and_skips_no_one(tablet, chair):
    queued = [s["id"] for s in chair.state["speakers"] if s["status"] == "queued"]
    assert len(queued) >= 3
    page = tablet()
    ready(page)

    double_tap(page, "#btn-next")
    state = settled(chair)
    assert state["speaker_id"] == queued[0]
    assert statuses(state).get("skipped", []) == []
    assert statuses(state)["queued"] == queued[1:]
    # The button showed that it changed under the finger.
    page.wait_for_selector("#cur-name:not(:has-text('–'))")


def test_a_double_tap_on_next_stage_moves_one_stage(tablet, chair):
    stages = chair.state["stages"]
    page = tablet()
    ready(page)

    double_tap(page, "#stage-next")
    state = settled(chair)
    assert state["stage_id"] == stages[3]["id"]
    after = next(s for s in state["stages"] if s["id"] == stages[4]["id"])
    assert after["runs"] == []  # no time recorded on the stage after it
    page.wait_for_selector("#stage-count:has-text('4/6')")


def test_two_chairs_tapping_next_speaker_move_once(tablet, chair):
    queued = [s["id"] for s in chair.state["speakers"] if s["status"] == "queued"]
    first, second = tablet(), tablet()
    ready(first)
    ready(second)

    # At the same moment: both carry "nobody at the microphone"; the server takes one.
    for page in (first, second):
        box = page.locator("#btn-next").bounding_box()
        page.touchscreen.tap(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    state = settled(chair)
    assert state["speaker_id"] == queued[0]
    assert statuses(state).get("skipped", []) == [] and statuses(state)["queued"] == queued[1:]

    # One just after the other (150 ms), the first speaker having spoken: the second tablet's button
    # changed meaning under the finger (its screen now shows the second speaker called), so that tap
    # does nothing (before, it closed the second speaker's turn unheard and called the third).
    assert chair.send("timer.start", {"speaker_id": queued[0]})["ok"]
    first.wait_for_timeout(700)
    box_a = first.locator("#btn-next").bounding_box()
    box_b = second.locator("#btn-next").bounding_box()
    first.touchscreen.tap(box_a["x"] + box_a["width"] / 2, box_a["y"] + box_a["height"] / 2)
    second.wait_for_timeout(150)
    second.touchscreen.tap(box_b["x"] + box_b["width"] / 2, box_b["y"] + box_b["height"] / 2)
    state = settled(chair)
    assert state["speaker_id"] == queued[1]
    assert statuses(state)["queued"] == queued[2:]
    assert statuses(state).get("skipped", []) == []
    assert statuses(state)["done"] == [queued[0]]


def test_a_double_tap_on_start_does_not_pause(tablet, chair):
    assert chair.send("speaker.call_next", {"expected_speaker_id": None})["ok"]
    page = tablet()
    ready(page)

    double_tap(page, "#btn-start")  # the second touch lands on "pause", which took its place
    state = settled(chair)
    assert state["timer"]["started_at"] is not None  # running, not paused
    page.wait_for_selector("#btn-pause:visible")
