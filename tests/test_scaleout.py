"""Two server processes share meetings: one SQLite file for the state, Redis (Flask-SocketIO's
message queue) for the broadcasts. A command on one process reaches screens on the other."""

from __future__ import annotations

import os
import time

import pytest

from .live_server import LiveServer
from .services import RedisServer, find_binary
from .test_live import Client

pytestmark = pytest.mark.live


@pytest.fixture
def redis(tmp_path):
    """A throwaway redis-server on a free loopback port; yields a client to it."""
    binary = find_binary("redis-server")
    if not binary:
        if os.environ.get("CI"):
            pytest.fail("redis-server is required in CI and is missing")
        pytest.skip("no redis-server (apt-get install redis-server)")
    server = RedisServer(tmp_path, binary).start()
    yield server.client
    server.stop()


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
