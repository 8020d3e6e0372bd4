"""A real nginx, on the shipped deploy/nginx.conf, in front of two server processes that share one
SQLite file and Redis: the pages, websocket screens on different processes, and a long-polling
screen that only works because the proxy is sticky.

The site part of the nginx configuration (map, upstream, server) is deploy/nginx.conf itself; the
test only changes its listen port and the two upstream ports, and wraps it in the main context
(pid, logs and temp paths in tmp_path, one worker, and an access log that records which process
served each request: ``$upstream_addr``).

``hash $remote_addr`` sends a client to a process by its address, so the clients here connect
from different loopback source addresses (all of 127.0.0.0/8 is local on Linux): HTTP through a
requests Session whose connections bind to the address, the websocket through a socket connected
from it and handed to websocket-client.
"""

from __future__ import annotations

import contextlib
import os
import re
import socket
import threading
import time
from pathlib import Path

import pytest
import requests
import socketio
from requests.adapters import HTTPAdapter

from ..support.live_server import ROOT, LiveServer, free_port
from ..support.services import Nginx, find_binary, nginx_site

pytestmark = pytest.mark.live

SHIPPED = ROOT / "deploy" / "nginx.conf"
HASH = "hash $remote_addr consistent;"


def nginx_binary() -> str:
    found = find_binary("nginx", "/usr/sbin/nginx")
    if not found:
        if os.environ.get("CI"):
            pytest.fail("nginx is required in CI and is missing")
        pytest.skip("no nginx (apt-get install nginx)")
    return found


class SourceAddressAdapter(HTTPAdapter):
    """Connections of a requests Session made from a given local address."""

    def __init__(self, address: str):
        self.address = address
        super().__init__()

    def init_poolmanager(self, *args, **kwargs):
        kwargs["source_address"] = (self.address, 0)
        super().init_poolmanager(*args, **kwargs)


def session_from(address: str) -> requests.Session:
    session = requests.Session()
    session.mount("http://", SourceAddressAdapter(address))
    return session


class Screen:
    """A python-socketio client joined to meeting 1 through the proxy, from a source address, on
    one transport only. It notes the version of every ``state`` or ``patch`` event it receives."""

    def __init__(self, proxy: Nginx, role: str, pin: str, source: str, transport: str):
        self.role, self.pin = role, pin
        options = {}
        if transport == "websocket":
            # websocket-client takes an already connected socket: connect it from the address.
            sock = socket.create_connection(("127.0.0.1", proxy.port), timeout=10, source_address=(source, 0))
            options["websocket_extra_options"] = {"socket": sock}
        self.sio = socketio.Client(reconnection=False, http_session=session_from(source), **options)
        self.version = -1
        self.changed = threading.Condition()
        self.sio.on("state", self._seen)
        self.sio.on("patch", self._seen)
        self.disconnects: list = []
        self.sio.on("disconnect", lambda *reason: self.disconnects.append(reason))
        self.url, self.transport = proxy.url, transport

    def open(self) -> Screen:
        self.sio.connect(self.url, transports=[self.transport], wait_timeout=10)
        assert self.sio.transport() == self.transport
        self.join()
        return self

    def _seen(self, event: dict) -> None:
        with self.changed:
            self.version = max(self.version, event.get("version", -1))
            self.changed.notify_all()

    def join(self) -> dict:
        """Join (again): the ack carries the full snapshot."""
        join = {"meeting_id": 1, "role": self.role, "pin": self.pin, "name": f"Người thử ({self.role})"}
        ack = self.sio.call("join", join, timeout=10)
        assert ack["ok"], ack["errors"][0]["code"]
        self._seen(ack["state"])
        self.snapshot = ack["state"]
        return ack["state"]

    def send(self, name: str, payload: dict) -> dict:
        envelope = {"id": f"proxy-{time.monotonic_ns()}", "name": name, "payload": payload}
        ack = self.sio.call("command", envelope, timeout=10)
        assert ack["ok"], ack
        return ack

    def reached(self, version: int, timeout: float = 10.0) -> dict:
        """Wait for a state or patch of at least this version, then return a fresh snapshot."""
        with self.changed:
            assert self.changed.wait_for(lambda: self.version >= version, timeout), (self.version, version)
        return self.join()

    def close(self) -> None:
        self.sio.disconnect()


class Hall:
    """Redis, two server processes on one database file, and nginx on the shipped configuration."""

    def __init__(self, tmp_path: Path, redis_port: int):
        self.tmp_path, self.redis_port = tmp_path, redis_port
        self.servers: list[LiveServer] = []
        self.proxies: list[Nginx] = []
        self.screens: list[Screen] = []

    def start(self, redis_client) -> Hall:
        db = self.tmp_path / "shared.db"
        # As deploy/run-processes.sh runs them: sharing broadcasts, trusting nginx's X-Forwarded-For.
        queue = ("--message-queue", f"redis://127.0.0.1:{self.redis_port}/0", "--behind-proxy")
        for extra in (queue, (*queue, "--no-demo")):  # the first creates the demo meeting
            self.servers.append(LiveServer(db, extra=extra))  # listed first: stopped even if it fails
            self.servers[-1].start()
        deadline = time.monotonic() + 10
        while dict(redis_client.pubsub_numsub("flask-socketio")).get(b"flask-socketio", 0) < 2:
            assert time.monotonic() < deadline, "the servers did not subscribe to the message queue"
            time.sleep(0.05)
        self.proxy = self.nginx("shipped", SHIPPED.read_text())
        return self

    @property
    def upstreams(self) -> list[str]:
        return [f"127.0.0.1:{s.port}" for s in self.servers]

    @property
    def pins(self) -> dict[str, str]:
        return self.servers[0].pins

    def nginx(self, name: str, text: str) -> Nginx:
        """Another nginx in front of the same two processes, on a variant of the configuration."""
        port = free_port()
        upstreams = (self.servers[0].port, self.servers[1].port)
        proxy = Nginx(self.tmp_path / f"nginx-{name}", nginx_binary(), nginx_site(port, upstreams, text), port)
        self.proxies.append(proxy)
        return proxy.start()

    def screen(self, role: str, source: str, transport: str, pin: str | None = None) -> Screen:
        """A screen joined through the proxy (with its role's PIN unless another is given)."""
        screen = Screen(self.proxy, role, self.pins.get(role, "") if pin is None else pin, source, transport)
        self.screens.append(screen)  # listed first: closed at the end even if joining fails
        return screen.open()

    def addresses_by_process(
        self, proxy: Nginx | None = None, wanted: int = 2, tries: int = 60
    ) -> dict[str, list[str]]:
        """Loopback source addresses (127.0.0.2, .3, …), grouped by the process nginx sends them to,
        read from its log; stops when each process has ``wanted`` of them, or after ``tries``."""
        proxy = proxy or self.proxy
        found: dict[str, list[str]] = {}
        for last in range(2, 2 + tries):
            address = f"127.0.0.{last}"
            with session_from(address) as http:
                assert http.get(proxy.url + "/healthz", timeout=10).json()["ok"] is True
            entry = proxy.wait_for_entries(lambda e, a=address: e["remote"] == a and e["uri"] == "/healthz")[-1]
            found.setdefault(entry["upstream"], []).append(address)
            if len(found) == 2 and all(len(a) >= wanted for a in found.values()):
                break
        return found

    def stop(self) -> None:
        try:
            for screen in self.screens:
                with contextlib.suppress(Exception):  # already closed, or broken: stop the rest anyway
                    screen.close()
        finally:
            try:
                for proxy in self.proxies:
                    proxy.stop()
            finally:
                for server in self.servers:
                    server.stop()


@pytest.fixture
def hall(tmp_path, redis):
    nginx_binary()  # skip (or fail in CI) before starting anything
    hall = Hall(tmp_path, redis.connection_pool.connection_kwargs["port"])
    try:
        yield hall.start(redis)
    finally:
        hall.stop()


def test_pages_and_healthz_are_served_through_the_proxy(hall):
    by_process = hall.addresses_by_process(wanted=1)
    assert sorted(by_process) == sorted(hall.upstreams), by_process
    vendor = ROOT / "static" / "vendor" / "socket.io" / "socket.io.esm.min.js"
    for upstream, addresses in by_process.items():
        with session_from(addresses[0]) as http:
            assert http.get(hall.proxy.url + "/healthz", timeout=10).json()["ok"] is True
            home = http.get(hall.proxy.url + "/", timeout=10)
            assert home.status_code == 200 and "text/html" in home.headers["Content-Type"]
            for screen in ("chair", "secretary", "projector"):
                page = http.get(f"{hall.proxy.url}/m/1/{screen}", timeout=10)
                assert page.status_code == 200, (screen, page.status_code)
            # Larger than nginx's proxy buffers (8 × 4 KiB) uncompressed: streamed through them, whole.
            src = re.search(
                r'modulepreload" href="([^"]+/vendor/socket\.io/socket\.io\.esm\.min\.js)"', page.text
            ).group(1)
            script = http.get(hall.proxy.url + src, headers={"Accept-Encoding": "identity"}, timeout=10)
            assert script.status_code == 200 and script.content == vendor.read_bytes()
        served = hall.proxy.wait_for_entries(lambda e, a=addresses[0]: e["remote"] == a and e["uri"].endswith(".js"))
        assert {e["upstream"] for e in served} == {upstream}
    assert "[error]" not in hall.proxy.errors() and "[crit]" not in hall.proxy.errors(), hall.proxy.errors()


def test_ip_hash_would_send_the_whole_hall_to_one_process(hall):
    """Why the configuration says ``hash $remote_addr``: ip_hash keys on 127.0.0 here (on
    192.168.1 in a hall) and gives every client the same process."""
    assert HASH in SHIPPED.read_text()
    with_ip_hash = hall.nginx("ip-hash", SHIPPED.read_text().replace(HASH, "ip_hash;"))
    by_process = hall.addresses_by_process(with_ip_hash, tries=20)
    assert len(by_process) == 1 and len(next(iter(by_process.values()))) == 20, by_process
    # The shipped hash spreads the same 20 addresses (all on one process: a chance of 2 in a million).
    assert len(hall.addresses_by_process(wanted=1, tries=20)) == 2


def test_screens_on_different_processes_see_each_others_changes(hall):
    by_process = hall.addresses_by_process()
    first, second = (by_process[u] for u in hall.upstreams)
    chair = hall.screen("chair", first[0], "websocket")
    projector = hall.screen("public", second[0], "websocket")
    secretary = hall.screen("secretary", second[1], "websocket")

    # A chair command on the first process reaches the projector on the second.
    ack = chair.send("message.show", {"text": "Đề nghị giữ trật tự"})
    assert projector.reached(ack["version"])["message"] == "Đề nghị giữ trật tự"
    # And back: the secretary on the second process adds a speaker; the chair on the first sees it.
    ack = secretary.send("speaker.add", {"name": "Đinh Văn Sơn"})
    assert chair.reached(ack["version"])["speakers"][-1]["name"] == "Đinh Văn Sơn"

    # Where each one landed, by nginx's log (a websocket is logged, with 101, when it closes).
    for screen in (chair, projector, secretary):
        screen.close()
    for addresses, upstream in ((first[:1], hall.upstreams[0]), (second[:2], hall.upstreams[1])):
        for address in addresses:
            lines = hall.proxy.wait_for_entries(lambda e, a=address: e["remote"] == a and e["uri"] == "/socket.io/")
            assert [(e["upstream"], e["status"], e["transport"]) for e in lines] == [(upstream, "101", "websocket")]


def test_a_long_polling_screen_works_because_the_proxy_is_sticky(hall):
    by_process = hall.addresses_by_process()
    first, second = (by_process[u] for u in hall.upstreams)
    chair = hall.screen("chair", first[0], "websocket")
    projector = hall.screen("public", second[0], "polling")

    ack = chair.send("message.show", {"text": "Giải lao 10 phút"})
    assert projector.reached(ack["version"])["message"] == "Giải lao 10 phút"
    ack = chair.send("message.clear", {})
    assert projector.reached(ack["version"])["message"] in (None, "")

    # Many HTTP requests, every one to the second process, every one answered: a request that
    # reached the other process would have been refused (400) and the screen disconnected.
    # (Read before closing: the poll in flight when the client closes may get a 400 once the
    # process has dropped the session; that is the end of the session, not a lost request.)
    polled = [e for e in hall.proxy.entries() if e["remote"] == second[0] and e["uri"] == "/socket.io/"]
    assert projector.sio.connected and not projector.disconnects
    assert len(polled) >= 6, polled
    assert {(e["upstream"], e["transport"], e["status"]) for e in polled} == {(hall.upstreams[1], "polling", "200")}
    projector.close()
    after = [e for e in hall.proxy.entries() if e["remote"] == second[0] and e["uri"] == "/socket.io/"]
    assert {e["upstream"] for e in after} == {hall.upstreams[1]}

    # The control: the same configuration without the hash line (round robin). The session's
    # second request reaches the process that did not open it, which refuses it.
    assert HASH in SHIPPED.read_text()
    round_robin = hall.nginx("round-robin", SHIPPED.read_text().replace(HASH, ""))
    for proxy, expected in ((hall.proxy, 200), (round_robin, 400)):
        with session_from(second[1]) as http:
            opened = http.get(proxy.url + "/socket.io/?EIO=4&transport=polling", timeout=10)
            assert opened.status_code == 200 and opened.text.startswith("0{"), opened.text
            sid = re.search(r'"sid":"([^"]+)"', opened.text)[1]
            connect = http.post(f"{proxy.url}/socket.io/?EIO=4&transport=polling&sid={sid}", data="40", timeout=10)
            assert connect.status_code == expected, (proxy.url, connect.status_code, connect.text)
    round_robin.wait_for_entries(lambda e: e["remote"] == second[1] and e["method"] == "POST")
    lines = [e for e in round_robin.entries() if e["remote"] == second[1] and e["uri"] == "/socket.io/"]
    assert [(e["method"], e["status"]) for e in lines] == [("GET", "200"), ("POST", "400")]
    assert lines[0]["upstream"] != lines[1]["upstream"]


def test_when_a_process_stops_nginx_sends_its_screens_to_another(hall):
    by_process = hall.addresses_by_process(wanted=1)
    address = by_process[hall.upstreams[0]][0]
    before = len(hall.proxy.entries())
    hall.servers[0].stop()
    with session_from(address) as http:
        assert http.get(hall.proxy.url + "/healthz", timeout=10).json()["ok"] is True
    # The screen (reconnecting, as the pages do) joins again, on the process that is left.
    screen = hall.screen("public", address, "polling")
    assert screen.snapshot["version"] >= 0
    screen.close()
    # ($upstream_addr lists every process tried, the one that answered last.)
    entries = [e for e in hall.proxy.entries()[before:] if e["remote"] == address]
    assert {e["upstream"].split(", ")[-1] for e in entries} == {hall.upstreams[1]}
    assert any(e["uri"] == "/socket.io/" and e["status"] == "200" for e in entries)


def test_wrong_pins_on_one_phone_do_not_lock_out_the_chair(hall):
    """Behind nginx every screen reaches the server from 127.0.0.1; with --behind-proxy the server
    throttles wrong PINs by the address nginx forwards, so one phone cannot lock out the chair."""
    by_process = hall.addresses_by_process()
    phone, chair = by_process[hall.upstreams[0]][:2]  # two screens on the same process
    for _ in range(5):  # the throttle's limit: five wrong PINs a minute
        with pytest.raises(AssertionError, match="wrong_pin"):
            hall.screen("chair", phone, "polling", pin="000000")
    hall.screen("chair", chair, "polling")  # the chair's tablet still joins
    with pytest.raises(AssertionError, match="too_many_attempts"):
        hall.screen("chair", phone, "polling")  # while the phone is throttled
