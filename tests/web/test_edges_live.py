"""Messages too large or too deep, sent over the real transports to the real server (eventlet):
each event answers with an error ack within a second and the same connection still answers
``time``. The messages are written by hand, as any client could send them: a Socket.IO client
library could not even encode 5,000 levels.

The client speaks Engine.IO v4 itself (``0`` open, ``40`` connect, ``42<id>[...]`` an event with
an ack id, ``43<id>[...]`` its ack, ``2``/``3`` ping/pong), over websocket (simple-websocket) and
long-polling (urllib).
"""

from __future__ import annotations

import contextlib
import json
import threading
import time
import urllib.error
import urllib.request

import pytest
import simple_websocket

from server.extensions import MAX_DEPTH, MAX_MESSAGE, MAX_TRANSPORT
from server.sockets import EVENTS

from ..support.client import codes
from ..support.live_server import LiveServer

DEEP = 5000
BIG = 2_000_000


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    s = LiveServer(tmp_path_factory.mktemp("edges") / "live.db").start()
    yield s
    s.stop()


class Websocket:
    """Connected as the pages' client does: long-polling first, then upgraded to a websocket."""

    def __init__(self, url: str):
        polling = Polling(url)
        self.ws = simple_websocket.Client.connect(
            url.replace("http", "ws") + f"/socket.io/?EIO=4&transport=websocket&sid={polling.sid}"
        )
        self.ws.send("2probe")
        assert self.ws.receive(10) == "3probe"
        self.ws.send("5")  # upgrade
        self.ids = iter(range(1, 10_000))

    def emit_raw(self, body: str, timeout: float = 5) -> tuple[dict | None, float]:
        """Send ``42<id>`` + ``body``; the ack and how long it took (None: the connection closed)."""
        ack_id = next(self.ids)
        start = time.monotonic()
        self.ws.send(f"42{ack_id}{body}")
        while True:
            try:
                message = self.ws.receive(timeout)
            except simple_websocket.ConnectionClosed:
                return None, time.monotonic() - start
            if message is None:
                raise TimeoutError(body[:80])
            if message == "2":
                self.ws.send("3")
            elif message.startswith(f"43{ack_id}["):
                return json.loads(message[len(f"43{ack_id}") :])[0], time.monotonic() - start

    def emit(self, event: str, data: object) -> dict | None:
        return self.emit_raw(json.dumps([event, data], ensure_ascii=False))[0]

    def close(self) -> None:
        with contextlib.suppress(simple_websocket.ConnectionClosed):  # the server closed it first
            self.ws.close()


class Polling:
    def __init__(self, url: str):
        self.base = url + "/socket.io/?EIO=4&transport=polling"
        opened = self._get(self.base)
        self.sid = json.loads(opened[1:])["sid"]
        self.url = f"{self.base}&sid={self.sid}"
        self._post("40")
        assert self._get(self.url).startswith("40")
        self.ids = iter(range(1, 10_000))

    def _get(self, url: str) -> str:
        with urllib.request.urlopen(url, timeout=30) as r:
            return r.read().decode()

    def _post(self, body: str) -> int:
        request = urllib.request.Request(self.url, data=body.encode(), method="POST")
        request.add_header("Content-Type", "text/plain;charset=UTF-8")
        with urllib.request.urlopen(request, timeout=30) as r:
            return r.status

    def emit_raw(self, body: str) -> tuple[dict | None, float]:
        ack_id = next(self.ids)
        start = time.monotonic()
        self._post(f"42{ack_id}{body}")
        while True:
            for packet in self._get(self.url).split("\x1e"):
                if packet == "2":
                    self._post("3")
                elif packet.startswith(f"43{ack_id}["):
                    return json.loads(packet[len(f"43{ack_id}") :])[0], time.monotonic() - start

    def emit(self, event: str, data: object) -> dict | None:
        return self.emit_raw(json.dumps([event, data], ensure_ascii=False))[0]

    def close(self) -> None:
        pass


def deep(event: str) -> str:
    """The event with data nested ``DEEP`` levels, inside a command's payload for ``command``."""
    nested = "[" * DEEP + "]" * DEEP
    if event == "command":
        return f'["command",{{"id":"deep-0001","name":"speaker.add","payload":{{"name":{nested}}}}}]'
    return f'["{event}",{{"q":{nested}}}]'


def big(event: str) -> str:
    """The event with ``BIG`` characters of text (Vietnamese: more bytes than characters)."""
    text = "Nguyễn Văn An " * (BIG // 14 + 1)
    if event == "command":
        return json.dumps(["command", {"id": "big-00001", "name": "speaker.add", "payload": {"name": text}}])
    return json.dumps([event, {"q": text}], ensure_ascii=False)


@pytest.mark.parametrize("transport", [Websocket, Polling], ids=["websocket", "polling"])
def test_every_event_answers_every_malformed_message_and_the_connection_stays(server, transport):
    client = transport(server.url)
    try:
        joined = client.emit(
            "join", {"meeting_id": 1, "role": "secretary", "pin": server.pins["secretary"], "name": "Thư ký"}
        )
        assert joined["ok"], joined
        for event in sorted(EVENTS):
            cases = {
                "no argument": (f'["{event}"]', "bad_envelope"),
                "null": (f'["{event}",null]', "bad_envelope"),
                "a string": (f'["{event}","chuỗi"]', "bad_envelope"),
                f"{DEEP} levels": (deep(event), "message_too_deep"),
                f"{BIG} characters": (big(event), "message_too_large"),
            }
            for case, (body, code) in cases.items():
                ack, took = client.emit_raw(body)
                assert codes(ack) == [code], (event, case, ack)
                assert took < 1.0, (event, case, took)
                assert ack["errors"][0]["message"], ack
                assert client.emit("time", {})["ok"] is True, (event, case)
        # and the connection is still the secretary's, in its meeting
        assert client.emit("snapshot", {})["state"]["role"] == "secretary"
    finally:
        client.close()


@pytest.mark.parametrize("transport", [Websocket, Polling], ids=["websocket", "polling"])
def test_text_that_is_no_json_is_answered_too(server, transport):
    """Broken JSON, a number of 5,000 digits (Python refuses to read more than 4,300), an event the
    server does not know: each answered, and the connection stays."""
    client = transport(server.url)
    try:
        for body, code in [
            ('["time",{', "bad_envelope"),
            ('["time",{"x":' + "9" * 5000 + "}]", "bad_envelope"),
            ('["command",{"id":"num-000001","name":"timer.adjust","payload":{"seconds":1e999999}}]', "not_joined"),
            ('["nope",{}]', "unknown_event"),
        ]:
            ack, took = client.emit_raw(body)
            assert codes(ack) == [code] and took < 1.0, (body[:40], ack, took)
            assert client.emit("time", {})["ok"] is True
    finally:
        client.close()


def test_the_limits_are_where_the_docs_say(server):
    """A message just under the limit is read; one level or character more is refused; above
    Engine.IO's own cap the websocket is closed and a new connection works."""
    client = Websocket(server.url)
    try:
        nested = "[" * (MAX_DEPTH - 2) + "]" * (MAX_DEPTH - 2)  # + the event's array + its object
        assert codes(client.emit_raw(f'["time",{{"x":{nested}}}]')[0]) == ["bad_envelope"]  # read: unknown key
        nested = "[" * (MAX_DEPTH - 1) + "]" * (MAX_DEPTH - 1)
        assert codes(client.emit_raw(f'["time",{{"x":{nested}}}]')[0]) == ["message_too_deep"]
        body = f'["time",{{"x":"{"a" * (MAX_MESSAGE - 20)}"}}]'
        assert len(body) <= MAX_MESSAGE and codes(client.emit_raw(body)[0]) == ["bad_envelope"]
        body = f'["time",{{"x":"{"a" * (MAX_MESSAGE - 10)}"}}]'
        assert len(body) > MAX_MESSAGE and codes(client.emit_raw(body)[0]) == ["message_too_large"]
        ack, _took = client.emit_raw(f'["time",{{"x":"{"a" * MAX_TRANSPORT}"}}]')
        assert ack is None  # closed by Engine.IO: docs/protocol.md says so
        assert client.ws.close_reason == 1009  # "message too big"
    finally:
        client.close()
    again = Websocket(server.url)
    assert again.emit("time", {})["ok"] is True
    again.close()
    # Over long-polling, Engine.IO reads no byte of a body over its limit and closes the session:
    # the pending poll ends with a close packet (or, once gone, 400) and the page reconnects.
    polling = Polling(server.url)
    body = f'421["time",{{"x":"{"a" * MAX_TRANSPORT}"}}]'.encode()
    request = urllib.request.Request(polling.url, data=body, method="POST")
    sender = threading.Thread(target=_send, args=(request,), daemon=True)
    sender.start()
    try:
        closed = polling._get(polling.url)
        assert closed.split("\x1e")[-1] in ("1", "6"), closed  # close (6: noop before it)
    except urllib.error.HTTPError as gone:
        assert gone.code == 400
    with pytest.raises(urllib.error.HTTPError):  # that session is closed
        polling._get(polling.url)
    assert Polling(server.url).emit("time", {})["ok"] is True


def _send(request: urllib.request.Request) -> None:
    with contextlib.suppress(OSError):
        urllib.request.urlopen(request, timeout=5).close()
