"""Two server processes share meetings: one SQLite file for the state, Redis (Flask-SocketIO's
message queue) for the broadcasts. A command on one process reaches screens on the other."""

from __future__ import annotations

import json
import time
import urllib.error
import urllib.request

import pytest

from ..support.client import Client
from ..support.live_server import LiveServer

pytestmark = pytest.mark.live


def test_a_command_on_one_process_reaches_screens_on_the_other(tmp_path, redis):
    db = tmp_path / "shared.db"
    url = f"redis://127.0.0.1:{redis.connection_pool.connection_kwargs['port']}/0"
    first = LiveServer(db, extra=("--message-queue", url)).start()
    second = LiveServer(db, extra=("--message-queue", url, "--no-demo")).start()
    chair = projector = None
    try:
        # Each process listens to the queue from its start, before any screen connects.
        deadline = time.monotonic() + 10
        while dict(redis.pubsub_numsub("flask-socketio")).get(b"flask-socketio", 0) < 2:
            assert time.monotonic() < deadline, "the servers did not subscribe to the message queue"
            time.sleep(0.05)
        chair = Client(first.url, "chair", first.pins["chair"])
        projector = Client(second.url, "public")
        assert chair.send("message.show", {"text": "Đề nghị giữ trật tự"})["ok"]
        assert projector.wait_for(lambda s: s["message"] == "Đề nghị giữ trật tự")["version"] == 1
        # And back: a command on the second process reaches a screen of the first.
        secretary = Client(second.url, "secretary", first.pins["secretary"])
        try:
            assert secretary.send("speaker.add", {"name": "Đinh Văn Sơn"}, command_id="scale-out-0001")["ok"]
            chair.wait_for(lambda s: s["speakers"][-1]["name"] == "Đinh Văn Sơn")
        finally:
            secretary.close()
    finally:
        for c in (chair, projector):
            if c:
                c.close()
        first.stop()
        second.stop()


def test_wrong_pins_on_one_process_lock_the_address_out_of_the_other(tmp_path, redis):
    """The PIN throttle counts in Redis when the processes share it: a guesser cannot spread
    guesses over the processes behind the proxy."""
    db = tmp_path / "shared.db"
    url = f"redis://127.0.0.1:{redis.connection_pool.connection_kwargs['port']}/0"
    first = LiveServer(db, extra=("--message-queue", url)).start()
    second = LiveServer(db, extra=("--message-queue", url, "--no-demo")).start()

    def backups(server: LiveServer, pin: str) -> tuple[int, dict]:
        ask = urllib.request.Request(server.url + "/office/backups", headers={"X-Role": "office", "X-Pin": pin})
        try:
            with urllib.request.urlopen(ask, timeout=10) as r:
                return r.status, json.load(r)
        except urllib.error.HTTPError as refused:
            return refused.code, json.load(refused)

    try:
        assert backups(second, first.office_pin)[0] == 200
        wrong = "000000" if first.office_pin != "000000" else "111111"
        for _ in range(5):
            status, body = backups(first, wrong)
            assert (status, body["errors"][0]["code"]) == (403, "wrong_pin")
        # The right PIN, on the other process, from the same address: locked out for the minute.
        status, body = backups(second, first.office_pin)
        assert (status, body["errors"][0]["code"]) == (429, "too_many_attempts")
        assert any(key.startswith(b"dialogue") for key in redis.keys("*"))
    finally:
        first.stop()
        second.stop()
    assert "wrong PIN from '127.0.0.1'" in first.log_path.read_text()
    assert "locked out after too many wrong PINs" in second.log_path.read_text()
