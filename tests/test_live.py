"""The real eventlet server in a subprocess, with real python-socketio clients."""

from __future__ import annotations

import copy
import threading
import time

import pytest
import socketio

from server.domain import apply_effect

from .live_server import LiveServer

pytestmark = pytest.mark.live


class Client:
    """A python-socketio client that joined as a role and keeps the meeting as a screen does
    (``static/js/live.js``): the join snapshot, then each patch applied; on a version gap it asks for
    a snapshot. After a reconnect it joins again by itself and the join's snapshot is the truth
    whatever its version; a snapshot asked on a dead connection holds nothing back. It counts its
    joins and never raises in a background thread (what went wrong is in ``background_errors``)."""

    def __init__(self, url: str, role: str, pin: str = ""):
        self.sio = socketio.Client(reconnection=True, reconnection_delay=0.2, reconnection_delay_max=1)
        self.state: dict | None = None
        self.got = threading.Event()
        self.role, self.pin = role, pin
        self.lock = threading.Lock()
        self.gaps = 0
        self.fetching = False
        self.early: list[dict] = []
        self.joins = 0
        self.joined_at: list[float] = []
        self.refused_joins: list[dict] = []
        self.background_errors: list[str] = []
        self.connection = 0  # how many times it connected
        self.websockets: list = []
        self.sio.on("patch", self._on_patch)
        self.sio.on("connect", self._rejoin)
        self.joined = threading.Event()
        self.sio.connect(url, transports=["websocket"], wait_timeout=10)
        assert self.joined.wait(10), self.refused_joins or self.background_errors

    def _rejoin(self):
        # The Engine.IO client leaves open the socket of a connection the server dropped: close it.
        for old in self.websockets:
            old.shutdown()
        self.websockets = [ws for ws in [getattr(self.sio.eio, "ws", None)] if ws is not None]
        with self.lock:
            self.connection += 1
            self.fetching = False  # a snapshot asked on the previous connection will never come
            self.early = []

        def join():
            envelope = {"meeting_id": 1, "role": self.role, "pin": self.pin, "name": f"Người thử ({self.role})"}
            try:
                ack = self.sio.call("join", envelope, timeout=10)
            except socketio.exceptions.SocketIOError as exc:  # dropped again: the next connect joins
                self.background_errors.append(f"join: {exc!r}")
                return
            if not ack.get("ok"):
                self.refused_joins.append(ack)
                return
            with self.lock:
                self.state = None  # as live.js: the snapshot of a new join replaces whatever was shown
            self._on_state(ack["state"])
            self.joins += 1
            self.joined_at.append(time.monotonic())
            self.joined.set()

        self.sio.start_background_task(join)

    def _on_state(self, state):
        with self.lock:
            if self.state is None or state["version"] >= self.state["version"]:
                self.state = state
            early, self.early = self.early, []
        for change in sorted(early, key=lambda c: c["version"]):
            self._on_patch(change)
        self.got.set()

    def _on_patch(self, change):
        """As static/js/live.js: the next version is applied; while a snapshot is on its way patches
        are kept for after it; a gap fetches a snapshot."""
        with self.lock:
            if self.state is None or self.fetching:
                self.early.append(change)
                return
            if change["version"] <= self.state["version"]:
                return
            if change["version"] == self.state["version"] + 1:
                self.state = apply_effect(copy.deepcopy(self.state), change)
                self.got.set()
                return
            self.gaps += 1
            self.fetching = True
            self.early.append(change)
        self.sio.start_background_task(self._refetch)

    def _refetch(self):
        connection = self.connection
        try:
            ack = self.sio.call("snapshot", {}, timeout=8)
        except socketio.exceptions.SocketIOError as exc:
            ack = None
            self.background_errors.append(f"snapshot: {exc!r}")
        with self.lock:
            if connection != self.connection:
                return  # reconnected meanwhile: the join brought the snapshot
            self.fetching = False
        if ack and ack.get("ok"):
            self._on_state(ack["state"])
        else:  # as live.js: the patches held are applied (a gap in them asks again)
            with self.lock:
                early, self.early = self.early, []
            for change in sorted(early, key=lambda c: c["version"]):
                self._on_patch(change)

    def send(self, name, payload, command_id=None):
        envelope = {"id": command_id or f"live-{time.monotonic_ns()}", "name": name, "payload": payload}
        return self.sio.call("command", envelope, timeout=10)

    def wait_for(self, predicate, timeout=10.0):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.state is not None and predicate(self.state):
                return self.state
            time.sleep(0.02)
        raise AssertionError(f"state never matched; last: {self.state}")

    def close(self):
        self.sio.shutdown()  # also stops the reconnection attempts if the server is down
        for ws in self.websockets:
            ws.shutdown()


@pytest.fixture
def server(tmp_path):
    s = LiveServer(tmp_path / "live.db").start()
    yield s
    s.stop()


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
