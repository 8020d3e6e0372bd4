"""The real eventlet server in a subprocess, with real python-socketio clients."""

from __future__ import annotations

import time

import pytest

from ..support.client import Client
from ..support.live_server import LiveServer

pytestmark = pytest.mark.live


@pytest.mark.parametrize("async_mode", ["eventlet", "gevent", "threading"])
def test_a_command_on_one_screen_reaches_the_others(tmp_path, async_mode):
    """The same code under each async mode: choosing one is a flag, not a port."""
    server = LiveServer(tmp_path / "live.db", async_mode=async_mode).start()
    chair = Client(server.url, "chair", server.pins["chair"])
    projector = Client(server.url, "public")
    try:
        assert chair.send("stage.next", {"expected_stage_id": None})["ok"]
        assert chair.send("speaker.call_next", {"expected_speaker_id": None})["ok"]
        state = projector.wait_for(lambda s: s["speaker_id"] is not None)
        current = next(s for s in state["speakers"] if s["id"] == state["speaker_id"])
        assert current["name"] == "Nguyễn Văn An (demo)"
        assert "phone" not in current
    finally:
        chair.close()
        projector.close()
        server.stop()


def test_a_restart_in_the_middle_of_a_running_timer_loses_nothing(server):
    chair = Client(server.url, "chair", server.pins["chair"])
    projector = Client(server.url, "public")
    try:
        chair.send("stage.next", {"expected_stage_id": None})
        chair.send("speaker.call_next", {"expected_speaker_id": None})
        sid = chair.wait_for(lambda s: s["speaker_id"] is not None)["speaker_id"]
        assert chair.send("timer.start", {"speaker_id": sid})["ok"]
        started_at = chair.wait_for(lambda s: s["timer"]["started_at"] is not None)["timer"]["started_at"]

        projector.joined.clear()
        chair.joined.clear()
        projector.state = None
        server.stop()  # the laptop's server process dies
        server.start()  # and comes back on the same port and file

        # The screens reconnect by themselves and receive the exact state again.
        assert projector.joined.wait(20)
        state = projector.wait_for(lambda s: s["speaker_id"] == sid)
        assert state["timer"]["started_at"] == started_at  # still running from the same instant
        remaining = state["timer"]["duration"] - (time.time() - state["timer"]["started_at"])
        assert 0 < 180 - remaining < 30  # counts as if no restart happened
        assert [s["name"] for s in state["speakers"] if s["status"] == "queued"][0] == "Trần Thị Bích (demo)"

        # The chair goes on where it was: pausing works on the restarted server.
        assert chair.joined.wait(20)
        ack = chair.send("timer.pause", {"speaker_id": sid})
        assert ack["ok"], ack
        projector.wait_for(lambda s: s["timer"]["started_at"] is None)
    finally:
        chair.close()
        projector.close()


def test_a_command_retried_after_a_lost_ack_is_applied_once(server):
    chair = Client(server.url, "chair", server.pins["chair"])
    try:
        first = chair.send("speaker.call_next", {"expected_speaker_id": None}, command_id="lost-ack-0001")
        second = chair.send("speaker.call_next", {"expected_speaker_id": None}, command_id="lost-ack-0001")
        assert first["ok"] and second == {"ok": True, "version": first["version"], "duplicate": True}
    finally:
        chair.close()
