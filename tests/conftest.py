"""Fixtures in the style of Flask's tutorial: an app on a database in tmp_path, a test
client, and a Socket.IO client per role. The clock is fake, so times are exact."""

from __future__ import annotations

import copy
import itertools
import os
import shutil
import tempfile

import pytest

from server.app import create_app, socketio
from server.domain import apply_effect


def pytest_configure(config):
    """Every test's files (databases, servers' logs, backups) on a memory file system when the
    machine has one (/dev/shm): the store commits with ``synchronous=FULL``, and on a loaded
    machine thousands of fsyncs to disk made tests time out. ``TEST_TMPDIR`` chooses another place;
    ``--basetemp`` wins over both. The files are removed after a run that passed, and kept (the
    path is printed) after one that failed."""
    if config.option.basetemp:
        return
    where = os.environ.get("TEST_TMPDIR") or "/dev/shm"
    if os.path.isdir(where) and os.access(where, os.W_OK):
        config.option.basetemp = config.stash[TEMP] = tempfile.mkdtemp(prefix="pytest-dialogue-", dir=where)


def pytest_sessionfinish(session, exitstatus):
    made = session.config.stash.get(TEMP, None)
    if made and exitstatus == 0:
        shutil.rmtree(made, ignore_errors=True)
    elif made:
        print(f"\nthe tests' files are kept in {made}")


TEMP = pytest.StashKey[str]()


class FakeClock:
    """A settable clock: ``clock()`` returns now; ``clock.advance(s)`` moves it."""

    def __init__(self, start: float = 1_685_000_000.0):  # 25/05/2023, the An Bộ meeting
        self.now = start

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def app(tmp_path, clock):
    app = create_app({"DATABASE": str(tmp_path / "test.db"), "CLOCK": clock, "TESTING": True})
    yield app
    app.extensions["store"].close()


@pytest.fixture
def store(app):
    return app.extensions["store"]


@pytest.fixture
def client(app):
    return app.test_client()


_ids = itertools.count(1)


class Screen:
    """A Socket.IO test client that joined a meeting as a role."""

    def __init__(self, app, meeting_id: int, role: str, pin: str | None):
        self.sio = socketio.test_client(app, flask_test_client=app.test_client())
        join = {"meeting_id": meeting_id, "role": role, "pin": pin}
        if role != "public":
            join["name"] = f"Người thử ({role})"  # the person at the screen: the log records it
        self.join_ack = self.sio.emit("join", join, callback=True)
        self.state = self.join_ack.get("state")
        self.presence: dict | None = None

    def send(self, name: str, payload: dict | None = None, command_id: str | None = None) -> dict:
        command_id = command_id or f"test-cmd-{next(_ids):06d}"
        return self.sio.emit("command", {"id": command_id, "name": name, "payload": payload or {}}, callback=True)

    def states(self) -> list[dict]:
        """The patches received since the last call, each applied to the snapshot as a screen does
        (``apply_effect`` is what static/js/live.js does); returns the snapshot after each one and
        keeps the newest in ``self.state``. Every patched snapshot must equal a fresh one from the
        server: the patches lose nothing and leak nothing a role should not see."""
        got = []
        for message in self.sio.get_received():
            if message["name"] == "presence":  # who is connected, to the operators
                self.presence = message["args"][0]
                continue
            assert message["name"] == "patch", message
            change = message["args"][0]
            assert change["version"] == self.state["version"] + 1, "a version gap in the test client"
            self.state = apply_effect(copy.deepcopy(self.state), change)
            got.append(self.state)
        if got:
            fresh = self.sio.emit("snapshot", {}, callback=True)
            assert fresh["ok"] and fresh["state"] == self.state
        return got

    def ok(self, name: str, payload: dict | None = None) -> dict:
        ack = self.send(name, payload)
        assert ack["ok"], ack
        self.states()
        return ack


@pytest.fixture
def screen(app, store):
    """``screen(role, meeting_id=1)``: a joined client with the right PIN."""
    made = []

    def make(role: str, meeting_id: int = 1, pin: str | None = None) -> Screen:
        if pin is None and role != "public":
            pin = store.pin(meeting_id, role)
        s = Screen(app, meeting_id, role, pin)
        made.append(s)
        return s

    yield make
    for s in made:
        if s.sio.is_connected():
            s.sio.disconnect()
