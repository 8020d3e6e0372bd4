"""The one Socket.IO test client: a screen joined to a meeting as a role, which keeps the meeting as
``static/js/core/connection.js`` does (the join's snapshot, then each patch applied in order; on a version gap,
a snapshot asked again).

It reaches the server one of two ways, with the same methods:

- ``Client(app, role, pin)``: in this process, through Flask-SocketIO's test client (no server, no
  thread). What arrived is applied when the test asks (``states()``, ``ok()``, ``wait_for()``),
  and every patched state is checked against a fresh snapshot: the patches lose nothing and leak
  nothing a role should not see.
- ``Client(url, role, pin)``: over the network to a live server (``support.live_server``), with
  python-socketio's client. It reconnects by itself and joins again, and the join's snapshot is
  then the truth whatever its version; a snapshot asked on a dead connection holds nothing back. It
  counts its joins and never raises in a background thread (what went wrong is in
  ``background_errors``).

``role`` ``office`` joins as the office (its commands name their meeting); ``not_joined`` connects
without joining.
"""

from __future__ import annotations

import copy
import itertools
import threading
import time
from datetime import date
from typing import Any
from urllib.parse import quote

import socketio
from flask import Flask

from server.app import socketio as server_socketio
from server.domain import REGISTRY, apply_effect

_ids = itertools.count(1)


class Client:
    def __init__(
        self,
        where: Flask | str,
        role: str,
        pin: Any = None,
        meeting_id: int = 1,
        address: str = "",
        name: str | None = None,
        timeout: float = 10.0,
        screen: str = "",
        lang: str = "",
    ):
        """``where``: the app (in process) or the live server's URL; ``address``: the client's IP
        address in process (the PIN throttle counts per address); ``name``: the person at an
        operator's or the office's screen (the log records it); ``timeout``: how long a remote call
        waits for its ack; ``screen``: what a public screen says it is (``phone``); ``lang``: the
        language cookie of a client in process (``en``: the answers in English)."""
        self.role, self.pin, self.meeting_id = role, pin, meeting_id
        self.name, self.timeout, self.screen = name, timeout, screen
        self.state: dict | None = None
        self.join_ack: dict | None = None
        self.presence: dict | None = None
        self.lock = threading.Lock()
        self.got = threading.Event()
        self.joined = threading.Event()
        self.gaps = 0
        self.fetching = False
        self.early: list[dict] = []
        self.joins = 0
        self.joined_at: list[float] = []
        self.refused_joins: list[dict] = []
        self.background_errors: list[str] = []
        self.connection = 0  # how many times it connected
        self.websockets: list = []
        self.remote = isinstance(where, str)
        if isinstance(where, str):
            self.sio: Any = socketio.Client(reconnection=True, reconnection_delay=0.2, reconnection_delay_max=1)
            self.sio.on("patch", self._on_patch)
            self.sio.on("presence", self._on_presence)
            self.sio.on("connect", self._rejoin)
            self.sio.connect(where, transports=["websocket"], wait_timeout=10)
            assert self.joined.wait(10), self.refused_joins or self.background_errors
        else:
            flask_client = where.test_client()
            if address:
                flask_client.environ_base["REMOTE_ADDR"] = address
            if lang:
                flask_client.set_cookie("lang", lang)
            self.sio = server_socketio.test_client(where, flask_test_client=flask_client)
            if role != "not_joined":
                self.join_ack = self.sio.emit("join", self._join(), callback=True)
                self.state = self.join_ack.get("state")

    def _join(self) -> dict:
        """What this screen sends to join: the office joins no meeting; an operator gives a name."""
        if self.role == "office":
            return {"role": "office", "pin": self.pin, "name": self.name or "Văn phòng"}
        join = {"meeting_id": self.meeting_id, "role": self.role, "pin": self.pin}
        if self.role != "public":
            join["name"] = self.name or f"Người thử ({self.role})"  # the person at the screen: the log records it
        elif self.screen:
            join["screen"] = self.screen
        return join

    # ---------------------------------------------------------------- commands

    def send(self, name: str, payload: dict | None = None, command_id: str | None = None, meeting_id=None) -> dict:
        """Send a command and return its ack. The office's names ``meeting_id`` (by default its own),
        unless it creates a meeting."""
        envelope = {"id": command_id or f"test-cmd-{next(_ids):06d}", "name": name, "payload": payload or {}}
        command = REGISTRY.get(name)
        if self.role == "office" and not (command and command.creates):
            envelope["meeting_id"] = meeting_id or self.meeting_id
        return self.call("command", envelope)

    def call(self, event: str, data: dict) -> Any:
        """Emit ``event`` and return its ack."""
        if self.remote:
            return self.sio.call(event, data, timeout=self.timeout)
        return self.sio.emit(event, data, callback=True)

    def ok(self, name: str, payload: dict | None = None) -> dict:
        """Send a command that must be applied, and wait until this screen shows its version."""
        ack = self.send(name, payload)
        assert ack["ok"], ack
        if self.state is not None:
            self.wait_for(lambda s: s["version"] >= ack["version"])
        return ack

    def wait_for(self, predicate, timeout: float = 10.0) -> dict:
        """The state once ``predicate`` holds for it (the patches that arrived meanwhile applied)."""
        deadline = time.monotonic() + timeout
        while True:
            if not self.remote:
                self.states()
            if self.state is not None and predicate(self.state):
                return self.state
            if time.monotonic() >= deadline:
                raise AssertionError(f"state never matched; last: {self.state}")
            time.sleep(0.02)

    def fresh(self) -> dict:
        """A fresh snapshot of the meeting in this screen's role, from the server."""
        ack = self.call("snapshot", {})
        assert ack["ok"], ack
        return ack["state"]

    # ---------------------------------------------------------------- the office's reads

    def meetings(self) -> list[dict]:
        """The office's list of meetings, with their PINs."""
        ack = self.call("meetings.list", {})
        assert ack["ok"], ack
        return ack["meetings"]

    def snapshot(self, meeting_id: int) -> dict:
        """A meeting as the office reads it (what the server holds, not what a page shows)."""
        ack = self.call("meeting.snapshot", {"meeting_id": meeting_id})
        assert ack["ok"], ack
        return ack["state"]

    def create(self, title: str, hamlet: str, starts_at: str = f"{date.today().year + 1}-03-20T08:00") -> int:
        """A new meeting created by the office; its id."""
        ack = self.send("meeting.create", {"title": title, "hamlet": hamlet, "starts_at": starts_at})
        assert ack["ok"], ack
        return ack["meeting_id"]

    def assert_matches_a_fresh_snapshot(self) -> dict:
        """The screen's own state (join snapshot + patches) equals a fresh snapshot."""
        fresh = self.fresh()
        try:
            mine = self.wait_for(lambda s: s["version"] >= fresh["version"])
        except AssertionError:
            raise AssertionError(
                f"{self.role}: at version {(self.state or {}).get('version')}, fresh {fresh['version']}, "
                f"gaps {self.gaps}, fetching {self.fetching}, early {[c['version'] for c in self.early]}, "
                f"{self.background_errors}"
            ) from None
        assert mine == fresh, f"{self.role}'s screen differs from a fresh snapshot"
        return fresh

    # ---------------------------------------------------------------- in process: what arrived

    def received(self) -> list[dict]:
        """What arrived since the last call, but the presence reports (kept in ``presence``)."""
        out = []
        for message in self.sio.get_received():
            if message["name"] == "presence":  # who is connected, to the operators
                self.presence = message["args"][0]
            else:
                out.append(message)
        return out

    def states(self) -> list[dict]:
        """In process: the patches received since the last call, each applied to the snapshot as a
        screen does; returns the snapshot after each one and keeps the newest in ``state``. Every
        patched snapshot must equal a fresh one from the server."""
        got = []
        for message in self.received():
            assert message["name"] == "patch", message
            change = message["args"][0]
            assert change["version"] == self.state["version"] + 1, "a version gap in the test client"
            self.state = apply_effect(copy.deepcopy(self.state), change)
            got.append(self.state)
        if got:
            assert self.fresh() == self.state
        return got

    # ---------------------------------------------------------------- over the network

    def _on_presence(self, report: dict) -> None:
        self.presence = report

    def _rejoin(self) -> None:
        # The Engine.IO client leaves open the socket of a connection the server dropped: close it.
        for old in self.websockets:
            old.shutdown()
        self.websockets = [ws for ws in [getattr(self.sio.eio, "ws", None)] if ws is not None]
        with self.lock:
            self.connection += 1
            self.fetching = False  # a snapshot asked on the previous connection will never come
            self.early = []

        def join():
            try:
                ack = self.sio.call("join", self._join(), timeout=self.timeout)
            except socketio.exceptions.SocketIOError as exc:  # dropped again: the next connect joins
                self.background_errors.append(f"join: {exc!r}")
                return
            if not ack.get("ok"):
                self.refused_joins.append(ack)
                return
            self.join_ack = ack
            if "state" in ack:  # the office joins no meeting
                with self.lock:
                    self.state = None  # as live.js: the snapshot of a new join replaces whatever was shown
                self._on_state(ack["state"])
            self.joins += 1
            self.joined_at.append(time.monotonic())
            self.joined.set()

        self.sio.start_background_task(join)

    def _on_state(self, state: dict) -> None:
        with self.lock:
            if self.state is None or state["version"] >= self.state["version"]:
                self.state = state
            early, self.early = self.early, []
        for change in sorted(early, key=lambda c: c["version"]):
            self._on_patch(change)
        self.got.set()

    def _on_patch(self, change: dict) -> None:
        """As static/js/core/connection.js: the next version is applied; while a snapshot is on its way patches
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

    def _refetch(self) -> None:
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

    def close(self) -> None:
        """Disconnect (a remote client also stops reconnecting)."""
        if self.remote:
            self.sio.shutdown()  # also stops the reconnection attempts if the server is down
            for ws in self.websockets:
                ws.shutdown()
        elif self.sio.is_connected():
            self.sio.disconnect()


def office_screen(app: Flask, store: Any) -> Client:
    """A client in process joined as the office (which joins no meeting)."""
    office = Client(app, "office", store.office_pin())
    assert office.join_ack is not None and office.join_ack["ok"], office.join_ack
    return office


def codes(ack: dict | None) -> list[str]:
    """The codes of a refusal's errors, in order (none for an ack that went through)."""
    return [e["code"] for e in (ack or {}).get("errors", [])]


def headers(store: Any, role: str, meeting_id: int = 1, person: str = "Nguyễn Thị Thu") -> dict[str, str]:
    """What a page sends with an HTTP request to prove its role (docs/protocol.md): the role, its PIN
    and the person at the screen."""
    pin = store.office_pin() if role == "office" else store.pin(meeting_id, role)
    return {"X-Role": role, "X-Pin": pin, "X-Person": quote(person)}
