"""Load benchmarks of the real server, side by side with the stack's own floor, per async mode.

    python bench/load.py [--sizes 100,300,1000] [--modes eventlet,gevent,threading] [--quick]
                         [--commands 30] [--duration 5] [--json results.json] [--processes 2]

For each async mode, one after another in the same run, on a fresh database with the demo meeting:

1. Fan-out vs floor: N public screens (``socketio.AsyncClient``, websocket, one asyncio process)
   join meeting 1; a chair (a threaded ``socketio.Client``) sends K ``message.show`` commands one
   after another; each is timed from send until every screen has an event (``state`` or ``patch``)
   with ``version`` >= the ack's. Interleaved round by round, the same number of screens on a bare
   Flask-SocketIO server (``bench/floor_server.py``, same async mode) time one broadcast of a
   payload as large on the wire as the real one. Reported: p50/p99 of both and real/floor.
2. Durable commands/s: 1, 4 and 16 chair connections send ``message.show`` back to back
   (unique ids) for a fixed time; acked ``ok`` commands per second, in total.
3. RSS: the server's VmRSS before the largest N screens connect and after they joined and idled.
4. Restart: with the largest N screens joined (reconnecting like the pages do), ``kill -9`` the
   server and start it again on the same port and database; the time from the restart until every
   screen has re-joined and has the last message shown before the kill.

With ``--processes 2`` only the fan-out runs, and the real server is two processes on one SQLite
file and a throwaway redis-server (``--message-queue``, ``--behind-proxy``), behind a real nginx on
deploy/nginx.conf (ports changed); the screens and the chair connect through nginx, each screen from
its own loopback address (127.0.0.2, …) so that ``hash $remote_addr`` spreads them (``--spread
even``: addresses chosen so that each process gets half), and nginx's access log says where each
went. The floor stays one process.

Prints one Markdown table per measure (for docs/performance.md) and, with ``--json PATH``, writes
every figure. Server and clients share this machine's cores: compare the modes and the real
server with its floor within one run, not with another day's numbers.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import functools
import itertools
import json
import os
import platform
import resource
import statistics
import subprocess
import sys
import tempfile
import time
import traceback
import urllib.request
import uuid
from collections import Counter
from importlib import metadata
from pathlib import Path

import aiohttp
import engineio
import socketio

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from tests.support.live_server import LiveServer, free_port, stop_process  # noqa: E402
from tests.support.services import Nginx, RedisServer, find_binary, nginx_site  # noqa: E402

MEETING = 1
THROUGHPUT_SENDERS = (1, 4, 16)
PUBLIC_JOIN = {"meeting_id": MEETING, "role": "public"}
# --phones: the screens are citizens' phones (static/js/pages/phone/): each joins as a phone, one in ten
# asks to speak once (request.submit; the limiter refuses most of those from one address), and every
# phone asks request.status on each patch, as the phone page does.
PHONE_JOIN = {**PUBLIC_JOIN, "screen": "phone"}


def chair_join(pin: str) -> dict:
    """A chair screen's join: the PIN, and the person's name the server requires of operators."""
    return {"meeting_id": MEETING, "role": "chair", "pin": pin, "name": "Bench"}


# The pages' own reconnection settings (static/js/core/connection.js), so that the restart is timed as a hall sees it.
RECONNECT = {"reconnection_delay": 0.3, "reconnection_delay_max": 1, "randomization_factor": 0.5}


class BenchError(RuntimeError):
    """A measure could not be taken; the message says which and why."""


def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


# --- Clients that survive a late ping -------------------------------------------------------------
#
# python-engineio's client aborts a connection on which it has written nothing for
# max(pingInterval, pingTimeout) + 5 s (the write loop's "packet queue is empty, aborting"), and one
# on which it has read nothing for pingInterval + pingTimeout. An idle screen writes only its pongs, so
# a server ping that comes a few seconds late under load (or a client loop busy with 2,000 sockets)
# drops a healthy connection (python-engineio#454). The server's timeouts are the product's; the
# benchmark's clients just wait longer. Disconnects that still happen are counted and reported.

PING_GRACE = 120.0


class _Patient:
    """Adds PING_GRACE to the ping timeout the server announced, for the client's own timeouts only."""

    @property
    def ping_timeout(self):
        return None if self._ping_timeout is None else self._ping_timeout + PING_GRACE

    @ping_timeout.setter
    def ping_timeout(self, value):
        self._ping_timeout = value


class PatientAsyncEngineIO(_Patient, engineio.AsyncClient):
    pass


class PatientEngineIO(_Patient, engineio.Client):
    pass


class PatientAsyncClient(socketio.AsyncClient):
    def _engineio_client_class(self):
        return PatientAsyncEngineIO

    async def connect(self, url, *args, wait_timeout: float = 10, **kwargs):
        # A reconnection calls connect() without wait_timeout, whose default (1 s) is shorter than a
        # namespace handshake takes while a thousand screens reconnect at once.
        return await super().connect(url, *args, wait_timeout=max(wait_timeout, 10), **kwargs)


class PatientClient(socketio.Client):
    def _engineio_client_class(self):
        return PatientEngineIO


# --- Servers --------------------------------------------------------------------------------------


def vmrss_mib(pid: int) -> float:
    """The process's resident set size (VmRSS) in MiB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise BenchError(f"no VmRSS in /proc/{pid}/status")


def cpu_seconds(pid: int) -> float:
    """User + system CPU time the process has used (/proc/PID/stat)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def tail(path: Path, lines: int = 30) -> str:
    try:
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return "(no log)"


class FloorServer:
    """``bench/floor_server.py`` in a subprocess."""

    def __init__(self, workdir: Path, async_mode: str):
        self.port, self.async_mode = free_port(), async_mode
        self.url = f"http://127.0.0.1:{self.port}"
        self.log_path = workdir / f"floor.{self.port}.log"
        self.proc: subprocess.Popen | None = None

    def start(self) -> FloorServer:
        self.log_file = self.log_path.open("a")
        self.proc = subprocess.Popen(
            [sys.executable, str(ROOT / "bench" / "floor_server.py"), "--port", str(self.port)]
            + ["--async-mode", self.async_mode],
            cwd=ROOT,
            env={**os.environ, "PYTHONUNBUFFERED": "1"},
            stdout=self.log_file,
            stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise BenchError(f"floor server exited with {self.proc.returncode}:\n{tail(self.log_path)}")
            try:
                with urllib.request.urlopen(self.url + "/healthz", timeout=1) as r:
                    if r.status == 200:
                        return self
            except OSError:
                time.sleep(0.1)
        raise BenchError(f"floor server did not answer /healthz in 30 s:\n{tail(self.log_path)}")

    def stop(self) -> None:
        stop_process(self.proc, *([self.log_file] if self.proc else []))


# --- Several processes behind nginx (--processes 2) -----------------------------------------------
#
# As docs/deploy.md runs them and tests/ops/test_proxy.py tests them: the processes share one SQLite file
# and a throwaway redis-server (their message queue), run with --behind-proxy, behind a real nginx on
# deploy/nginx.conf with only its ports changed. ``hash $remote_addr consistent`` sends a client to a
# process by its address, so every screen connects from its own loopback address (all of 127.0.0.0/8
# is local on Linux).


def required_binary(name: str, *fallbacks: str) -> str:
    found = find_binary(name, *fallbacks)
    if not found:
        raise BenchError(f"--processes 2 needs {name} (apt-get install {name})")
    return found


def loopback_source(index: int) -> str:
    """The ``index``-th source address: 127.0.0.2 … 127.0.0.254, 127.0.1.2, … (127.0.0.1 is the chair's)."""
    high, low = divmod(index, 253)
    return f"127.{high // 256}.{high % 256}.{low + 2}"


def bound_session(address: str) -> aiohttp.ClientSession:
    """An aiohttp session whose connections start from ``address``: python-engineio's AsyncClient takes
    it as ``http_session`` (a callable: called, in the event loop, at every connect)."""
    return aiohttp.ClientSession(connector=aiohttp.TCPConnector(local_addr=(address, 0)))


class Servers:
    """The real server (one process, or ``processes`` behind nginx) and the floor (always one process)
    for one async mode; ``stop()`` ends whichever are running."""

    def __init__(self, workdir: Path, async_mode: str, processes: int = 1, screens: int = 0):
        self.workdir, self.async_mode, self.processes, self.screens = workdir, async_mode, processes, screens
        self.real: LiveServer | None = None  # the first process: it creates the demo meeting
        self.others: list[LiveServer] = []  # the second, with --processes 2
        self.floor: FloorServer | None = None
        self.redis: RedisServer | None = None
        self.nginx: Nginx | None = None
        self.placement: dict[str, int] = {}  # source address -> process (1, 2), probed through nginx

    def start(self) -> None:
        extra: tuple[str, ...] = ()
        if self.processes > 1:
            self.redis = RedisServer(self.workdir, required_binary("redis-server"))
            self.redis.start()
            # As deploy/run-processes.sh runs them: sharing broadcasts, trusting nginx's X-Forwarded-For.
            extra = ("--message-queue", self.redis.url, "--behind-proxy")
        self.real = LiveServer(self.workdir / "bench.db", async_mode=self.async_mode, extra=extra)
        self.real.start()
        if "chair" not in self.real.pins:
            raise BenchError(f"no chair PIN for meeting {MEETING} in the server's output:\n{tail(self.real.log_path)}")
        if self.processes > 1:
            for _ in range(1, self.processes):  # one after the other: the first created the database
                self.others.append(LiveServer(self.real.db, async_mode=self.async_mode, extra=(*extra, "--no-demo")))
                self.others[-1].start()
            self.redis.wait_for_subscribers(self.processes)
            port = free_port()
            site = nginx_site(port, [p.port for p in self.processes_list])
            binary = required_binary("nginx", "/usr/sbin/nginx")
            self.nginx = Nginx(self.workdir / "nginx", binary, site, port, screens=self.screens)
            self.nginx.start()
        self.floor = FloorServer(self.workdir, self.async_mode).start()

    @property
    def processes_list(self) -> list[LiveServer]:
        return [self.real, *self.others]

    @property
    def url(self) -> str:
        """Where the real server's screens and chair connect: nginx, or the one process."""
        return self.nginx.url if self.nginx else self.real.url

    def process_of(self, upstream: str) -> int:
        """1, 2, …: which process ``127.0.0.1:PORT`` is (0 if none of them); of several (nginx tried
        more than one), the one that answered last."""
        upstream = upstream.split(", ")[-1]
        ports = [p.port for p in self.processes_list]
        port = int(upstream.rsplit(":", 1)[1]) if upstream.count(":") == 1 else -1
        return ports.index(port) + 1 if port in ports else 0

    def sources(self, n: int, spread: str) -> list[str]:
        """Source addresses for ``n`` screens. ``hash``: the first n addresses, wherever nginx sends
        them. ``even``: addresses probed through nginx (one /healthz each, read back from its access
        log) and kept until every process has n / processes of them."""
        if spread == "hash":
            return [loopback_source(i) for i in range(n)]
        quotas = [n // self.processes + (1 if k < n % self.processes else 0) for k in range(self.processes)]
        chosen: list[list[str]] = [[] for _ in range(self.processes)]
        index, limit = 0, 20 * n + 200
        while any(len(c) < q for c, q in zip(chosen, quotas, strict=True)):
            if index >= limit:
                raise BenchError(f"{limit} source addresses probed, and nginx did not spread {n} of them evenly")
            address = loopback_source(index)
            index += 1
            if address not in self.placement:
                self.probe(loopback_source(k) for k in range(index - 1, min(limit, index + 63)))
            process = self.placement[address]
            if len(chosen[process - 1]) < quotas[process - 1]:
                chosen[process - 1].append(address)
        # Interleaved, so that each batch of connections reaches every process.
        return [a for group in itertools.zip_longest(*chosen) for a in group if a is not None]

    def probe(self, addresses) -> None:
        addresses = [a for a in addresses if a not in self.placement]
        start = len(self.nginx.entries())
        for address in addresses:
            self.nginx.probe(address)
        deadline = time.monotonic() + 10
        while True:  # nginx logs a request once it is answered: wait for every line
            seen = {e["remote"]: e["upstream"] for e in self.nginx.entries(start) if e["uri"] == "/healthz"}
            if all(a in seen for a in addresses):
                break
            if time.monotonic() > deadline:
                raise BenchError(f"nginx's access log lacks the probes of {sorted(set(addresses) - set(seen))[:3]}")
            time.sleep(0.05)
        for address in addresses:
            process = self.process_of(seen[address])
            if not process:
                raise BenchError(f"nginx sent {address} to {seen[address]!r}, none of the processes")
            self.placement[address] = process

    async def landed(self, sources: list[str], start: int, timeout: float = 30) -> dict:
        """Where the screens' websockets went, from nginx's access log (a websocket is logged, with
        its status 101, when it closes: call after the screens closed), and where the chair's did."""
        wanted = set(sources)
        deadline = time.monotonic() + timeout
        while True:
            entries = [e for e in self.nginx.entries(start) if e["uri"] == "/socket.io/"]
            screens = [e for e in entries if e["remote"] in wanted]
            if {e["remote"] for e in screens} >= wanted or time.monotonic() > deadline:
                break
            await asyncio.sleep(0.1)
        per_process = [0] * self.processes
        where: dict[str, set[int]] = {}
        for e in screens:
            where.setdefault(e["remote"], set()).add(self.process_of(e["upstream"]))
        for processes in where.values():
            for process in processes:
                if process:
                    per_process[process - 1] += 1
        chair = sorted({self.process_of(e["upstream"]) for e in entries if e["remote"] == "127.0.0.1"})
        return {
            "screens_per_process": per_process,
            "screens_not_logged": len(wanted - set(where)),
            "screens_on_several_processes": sum(1 for p in where.values() if len(p) > 1),
            "websocket_statuses": dict(Counter(e["status"] for e in screens)),
            "chair_process": chair,
        }

    def kill_real(self) -> None:
        """``kill -9`` the real server (nothing runs on its way out)."""
        self.real.proc.kill()
        self.real.proc.wait(10)
        self.real.stop()  # closes its log

    def restart_real(self) -> None:
        """Start the real server again on the same port and database (blocks until /healthz answers)."""
        self.real = LiveServer(self.real.db, port=self.real.port, async_mode=self.async_mode)
        self.real.start()

    def stop(self) -> None:
        # nginx first (the screens' way in), then the processes, the floor, Redis last.
        for server in (self.nginx, *self.others, self.real, self.floor, self.redis):
            if server is None:
                continue
            try:
                server.stop()
            except Exception as exc:  # keep stopping the others
                log(f"could not stop {type(server).__name__} cleanly: {exc!r}")
                if server.proc and server.proc.poll() is None:
                    server.proc.kill()

    def logs(self) -> str:
        parts = []
        for k, server in enumerate(self.processes_list if self.real is not None else [], 1):
            name = "real server" if self.processes == 1 else f"real server, process {k}"
            parts.append(f"--- {name} log ({server.log_path}):\n{tail(server.log_path)}")
        if self.floor is not None:
            parts.append(f"--- floor server log ({self.floor.log_path}):\n{tail(self.floor.log_path)}")
        if self.nginx is not None:
            parts.append(f"--- nginx error log ({self.nginx.error_log}):\n{tail(self.nginx.error_log)}")
        return "\n".join(parts)


# --- Screens --------------------------------------------------------------------------------------


def utf8_bytes(payload) -> int:
    return len(json.dumps(payload, ensure_ascii=False).encode())


def wire_bytes(payload) -> int:
    """The payload's JSON as python-socketio writes it (compact, non-ASCII as \\u escapes)."""
    return len(json.dumps(payload, separators=(",", ":")))


def message_text(state) -> str | None:
    message = state.get("message") if isinstance(state, dict) else None
    return message.get("text") if isinstance(message, dict) else message


class Screen:
    """One screen of a pool: joins on every connect (as the pages do) and reports each change."""

    def __init__(self, pool: Pool, index: int):
        self.pool, self.index = pool, index
        options = {}
        if pool.sources is not None:  # through nginx: from this screen's own address (and on every reconnect)
            options["http_session"] = functools.partial(bound_session, pool.sources[index])
        self.sio = PatientAsyncClient(reconnection=True, **RECONNECT, **options)
        self.settled = asyncio.Event()  # joined, or gave up joining (join_error)
        self.join_error: str | None = None
        self.connects = 0
        self.sio.on("connect", self._on_connect)
        self.sio.on("disconnect", self._on_disconnect)
        for name in ("state", "patch"):
            self.sio.on(name, functools.partial(pool.changed, index, name))
        self.device = f"bench-phone-{uuid.uuid4().hex}"
        self.request_id = 0
        self.statuses = 0
        if pool.phones:
            self.sio.on("patch", self._phone_patch)

    def _phone_patch(self, patch) -> None:
        self.pool.changed(self.index, "patch", patch)
        self.sio.start_background_task(self._status)

    async def _status(self) -> None:
        with contextlib.suppress(Exception):
            await self.sio.call("request.status", {"request_id": self.request_id, "device": self.device}, timeout=20)
            self.statuses += 1

    async def _ask_to_speak(self) -> None:
        payload = {"name": f"Công dân {self.index}", "xom": "Xóm Đông", "topic": "Nước sạch", "device": self.device}
        envelope = {"id": f"bench-{self.device}", "name": "request.submit", "payload": payload}
        with contextlib.suppress(Exception):
            ack = await self.sio.call("command", envelope, timeout=20)
            if isinstance(ack, dict) and ack.get("ok"):
                self.request_id = ack.get("created", {}).get("requests", [0])[0]
                self.pool.requests_accepted += 1
            else:
                self.pool.requests_refused += 1

    async def open(self, timeout: float) -> None:
        await asyncio.wait_for(self.sio.connect(self.pool.url, transports=["websocket"], wait_timeout=timeout), timeout)
        await asyncio.wait_for(self.settled.wait(), timeout)
        if self.join_error:
            raise BenchError(f"join refused or unanswered: {self.join_error}")

    async def _on_connect(self) -> None:
        self.connects += 1
        if self.connects > 1:
            self.pool.reconnects += 1
        # Not awaited here: the ack of a call made inside the connect handler could not be read.
        self.sio.start_background_task(self._join)

    def _on_disconnect(self, reason=None) -> None:
        if not self.pool.closing:
            self.pool.disconnects += 1

    async def _join(self) -> None:
        last = None
        for _attempt in range(3):
            try:
                ack = await self.sio.call("join", self.pool.join_data, timeout=20)
            except Exception as exc:  # a timeout, or the connection dropped meanwhile
                last = exc
                if not self.sio.connected:
                    return  # the next connect joins again
                continue
            if isinstance(ack, dict) and ack.get("ok"):
                self.join_error = None
                self.pool.joined(self.index, ack)
                if self.pool.phones and self.index % 10 == 0 and self.connects == 1:
                    await self._ask_to_speak()
                self.settled.set()
                return
            last = ack
            break
        self.join_error = repr(last)
        self.pool.join_failures.append(self.join_error)
        self.settled.set()


class Pool:
    """N screens on one server (or nginx: then each from its own source address in ``sources``).
    A round (``begin`` … ``finish``) times a change until all have it."""

    def __init__(
        self, name: str, url: str, n: int, join_data: dict, sources: list[str] | None = None, phones: bool = False
    ):
        self.name, self.url, self.n, self.join_data = name, url, n, join_data
        self.phones = phones
        self.requests_accepted = self.requests_refused = 0
        self.sources = sources
        self.screens: list[Screen] = []
        self.disconnects = self.reconnects = 0
        self.join_failures: list[str] = []
        self.closing = False
        self.event_names: Counter[str] = Counter()
        self.sizes: dict[int, tuple[str, int, int]] = {}  # version -> (event, UTF-8 bytes, wire bytes)
        self.done: list[float | None] | None = None
        self.pending: list[list[tuple[int, float]]] = []
        self.target: int | None = None
        self.count = 0
        self.complete = asyncio.Event()
        self.expected_message: str | None = None
        self.restored: list[float | None] = []
        self.restored_count = 0
        self.all_restored = asyncio.Event()

    async def connect(self, batch: int, timeout: float) -> None:
        """Connect and join every screen, ``batch`` at a time."""
        for start in range(0, self.n, batch):
            group = [Screen(self, i) for i in range(start, min(self.n, start + batch))]
            self.screens.extend(group)
            results = await asyncio.gather(*(s.open(timeout) for s in group), return_exceptions=True)
            failed = [r for r in results if isinstance(r, BaseException)]
            if failed:
                detail = self.join_failures[0] if self.join_failures else repr(failed[0])
                raise BenchError(
                    f"{len(failed)} of {len(group)} screens could not connect and join the {self.name}"
                    f" (screens {start}-{start + len(group) - 1}): {detail}"
                )

    async def close(self) -> None:
        self.closing = True
        for start in range(0, len(self.screens), 200):
            group = self.screens[start : start + 200]
            await asyncio.gather(*(asyncio.wait_for(s.sio.disconnect(), 10) for s in group), return_exceptions=True)
        self.screens = []

    def changed(self, index: int, event: str, payload) -> None:
        """A screen got an event (or, re-joining, a snapshot) carrying ``version``."""
        now = time.perf_counter()
        if not isinstance(payload, dict) or not isinstance(payload.get("version"), int):
            return
        version = payload["version"]
        if index == 0 and event != "join":
            self.event_names[event] += 1
            if version not in self.sizes:  # measured on one screen only: it costs client time
                self.sizes[version] = (event, utf8_bytes(payload), wire_bytes(payload))
        if event in ("state", "join"):  # a full snapshot: is it the one the restart must bring back?
            self._restored(index, payload, now)
        if self.done is None or self.done[index] is not None:
            return
        if self.target is None:
            self.pending[index].append((version, now))
        elif version >= self.target:
            self._arrived(index, now)

    def _arrived(self, index: int, at: float) -> None:
        self.done[index] = at
        self.count += 1
        if self.count >= self.n:
            self.complete.set()

    def joined(self, index: int, ack: dict) -> None:
        # A screen that re-joined mid-round has the change from its snapshot, as a page would.
        self.changed(index, "join", ack.get("state"))

    def _restored(self, index: int, state: dict, at: float) -> None:
        expected = self.expected_message
        if expected is not None and self.restored[index] is None and message_text(state) == expected:
            self.restored[index] = at
            self.restored_count += 1
            if self.restored_count >= self.n:
                self.all_restored.set()

    def begin(self) -> None:
        """Start a round: arrivals are kept until the ack says which version to wait for."""
        self.done = [None] * self.n
        self.pending = [[] for _ in range(self.n)]
        self.target, self.count = None, 0
        self.complete.clear()

    async def finish(self, version: int, timeout: float) -> tuple[float | None, int]:
        """(the last arrival of ``version`` or later, screens missing after ``timeout`` s)."""
        self.target = version
        for index, seen in enumerate(self.pending):
            if self.done[index] is None:
                for got, at in seen:
                    if got >= version:
                        self._arrived(index, at)
                        break
        self.pending = []
        if self.count < self.n:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self.complete.wait(), timeout)
        missing = self.n - self.count
        last = max(self.done) if missing == 0 else None
        self.done, self.target = None, None
        return last, missing

    def expect_after_restart(self, text: str) -> None:
        self.expected_message = text
        self.restored = [None] * self.n
        self.restored_count = 0
        self.all_restored.clear()


class Chair:
    """A threaded client (its acks are read off this process's event loop) that sends one event at a time."""

    def __init__(self, url: str, join_data: dict | None):
        self.sio = PatientClient(reconnection=False)
        try:
            self.sio.connect(url, transports=["websocket"], wait_timeout=10)
            if join_data is not None:
                ack = self.sio.call("join", join_data, timeout=15)
                if not (isinstance(ack, dict) and ack.get("ok")):
                    raise BenchError(f"the chair could not join {url}: {ack}")
        except Exception:
            self.close()
            raise

    def call(self, event: str, data: dict) -> tuple[float, float, dict]:
        """(when it was sent, when the ack came, the ack), timed on this thread."""
        sent = time.perf_counter()
        try:
            ack = self.sio.call(event, data, timeout=30)
        except socketio.exceptions.TimeoutError:
            raise BenchError(f"{event}: no ack in 30 s") from None
        acked = time.perf_counter()
        if not isinstance(ack, dict) or not ack.get("ok") or not isinstance(ack.get("version"), int):
            raise BenchError(f"{event} was not acked with a version: {ack}")
        return sent, acked, ack

    def close(self) -> None:
        try:
            self.sio.disconnect()
        except Exception as exc:
            log(f"chair disconnect: {exc!r}")


def show(text: str) -> dict:
    """A ``message.show`` envelope with a fresh id."""
    return {"id": f"load-{uuid.uuid4().hex}", "name": "message.show", "payload": {"text": text[:120]}}


# --- Measures -------------------------------------------------------------------------------------


def pct(values: list[float], p: float) -> float | None:
    if not values:
        return None
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))]


async def fanout(servers: Servers, real: Pool, floor: Pool, commands: int, timeout: float) -> dict:
    """K rounds each of the real server and the floor, alternating; ms from send to the last screen."""
    # With several processes the chair goes through nginx too (from 127.0.0.1), as the chair's tablet would.
    chair = await asyncio.to_thread(Chair, servers.url, chair_join(servers.real.pins["chair"]))
    floor_chair = None
    try:
        floor_chair = await asyncio.to_thread(Chair, servers.floor.url, None)  # sends, never joins the room
        out = {"real": [], "floor": [], "ack": [], "utf8_bytes": [], "wire_bytes": []}
        out["incomplete"] = {"real": 0, "floor": 0}

        async def one_round(kind: str, i: int) -> None:
            """Round ``i`` (-1: warm-up, not kept) of the real server or the floor."""
            pool = real if kind == "real" else floor
            pool.begin()
            if kind == "real":
                text = f"Thông báo số {i} ({real.n} màn hình)"
                sent, acked, ack = await asyncio.to_thread(chair.call, "command", show(text))
                if i >= 0:
                    out["ack"].append((acked - sent) * 1000)
            else:
                sent, _acked, ack = await asyncio.to_thread(floor_chair.call, "fire", {"size": out["wire_bytes"][-1]})
            last, missing = await pool.finish(ack["version"], timeout)
            if missing:
                out["incomplete"][kind] += 1
                log(f"  {kind} round {i}: {missing}/{pool.n} screens lack version {ack['version']} after {timeout} s")
            elif i >= 0:
                out[kind].append((last - sent) * 1000)
            if kind == "real" and ack["version"] in real.sizes:
                _event, utf8, wire = real.sizes[ack["version"]]
                out["utf8_bytes"].append(utf8)
                out["wire_bytes"].append(wire)

        # Warm-up, untimed: learns the real event's size and touches both servers' code paths once.
        await one_round("real", -1)
        if not out["wire_bytes"]:
            raise BenchError(f"the first screen of the {real.name} received no event with a version")
        await one_round("floor", -1)
        for i in range(commands):
            for kind in ("floor", "real"):
                await one_round(kind, i)
                await asyncio.sleep(0.02)
        return out
    finally:
        # Both at once: the client's disconnect waits up to 3 s for some servers to close the socket.
        await asyncio.gather(*(asyncio.to_thread(c.close) for c in (chair, floor_chair) if c is not None))


async def throughput(url: str, pin: str, pid: int, senders: int, seconds: float) -> dict:
    """``senders`` chairs send back to back for ``seconds``; acked ok commands per second in total."""
    clients: list[PatientAsyncClient] = []
    try:
        for _ in range(senders):
            sio = PatientAsyncClient(reconnection=False)
            clients.append(sio)
            await asyncio.wait_for(sio.connect(url, transports=["websocket"], wait_timeout=10), 15)
            ack = await sio.call("join", chair_join(pin), timeout=15)
            if not (isinstance(ack, dict) and ack.get("ok")):
                raise BenchError(f"a sender could not join as chair: {ack}")

        cpu_start, start = cpu_seconds(pid), time.perf_counter()
        stop = start + seconds

        async def send(k: int, sio: PatientAsyncClient) -> tuple[int, list]:
            ok, refused, i = 0, [], 0
            while time.perf_counter() < stop:
                i += 1
                try:
                    ack = await sio.call("command", show(f"Người gửi {k}, lệnh {i}"), timeout=30)
                except socketio.exceptions.SocketIOError as exc:  # no ack in 30 s, or disconnected
                    refused.append(repr(exc))
                    if not sio.connected:
                        break
                    continue
                if isinstance(ack, dict) and ack.get("ok") and not ack.get("duplicate"):
                    ok += 1
                else:
                    refused.append(ack)
            return ok, refused

        results = await asyncio.gather(*(send(k, sio) for k, sio in enumerate(clients)))
        elapsed = time.perf_counter() - start
        cpu = cpu_seconds(pid) - cpu_start
        ok = sum(r[0] for r in results)
        refused = [a for r in results for a in r[1]]
        if refused:
            log(f"  {len(refused)} commands not acked ok, e.g. {refused[0]}")
        return {
            "senders": senders,
            "ok": ok,
            "not_ok": len(refused),
            "seconds": elapsed,
            "per_second": ok / elapsed,
            "server_cpu_percent": 100 * cpu / elapsed,
        }
    finally:
        await asyncio.gather(*(asyncio.wait_for(c.disconnect(), 10) for c in clients), return_exceptions=True)


async def restart(servers: Servers, pool: Pool, timeout: float) -> dict:
    """kill -9, start again on the same port and database; until every screen is back with the right state."""
    text = f"Khởi động lại {uuid.uuid4().hex[:8]}"
    chair = await asyncio.to_thread(Chair, servers.real.url, chair_join(servers.real.pins["chair"]))
    try:
        pool.begin()
        _sent, _acked, ack = await asyncio.to_thread(chair.call, "command", show(text))
        _last, missing = await pool.finish(ack["version"], timeout)
        if missing:
            raise BenchError(f"before the restart, {missing} of {pool.n} screens never got the last message")
        pool.expect_after_restart(text)
        drops_before = pool.disconnects
        await asyncio.to_thread(servers.kill_real)
    finally:
        # After the kill: a disconnect from a live server can wait 3 s for it to close the socket.
        await asyncio.to_thread(chair.close)
    started = time.perf_counter()
    await asyncio.to_thread(servers.restart_real)
    ready = time.perf_counter() - started
    try:
        await asyncio.wait_for(pool.all_restored.wait(), timeout)
    except TimeoutError:
        raise BenchError(
            f"{pool.n - pool.restored_count} of {pool.n} screens were not back with the last message"
            f" {timeout:.0f} s after the restart (join failures: {pool.join_failures[:3]})"
        ) from None
    back = sorted(t - started for t in pool.restored)
    return {
        "screens": pool.n,
        "server_ready_s": ready,
        "first_back_s": back[0],
        "median_back_s": statistics.median(back),
        "all_back_s": back[-1],
        "disconnects": pool.disconnects - drops_before,
    }


async def run_mode(servers: Servers, args: argparse.Namespace) -> dict:
    """Every measure for one async mode; the largest size first, on the fresh server, for RSS and restart.
    With several processes, the fan-out only (through nginx)."""
    result: dict = {"fanout": [], "throughput": [], "rss": None, "restart": None, "events": {}}
    single = servers.processes == 1
    sizes = sorted(set(args.sizes), reverse=True)
    for n in sizes:
        largest = single and n == sizes[0]
        sources, logged_from = None, 0
        if not single:
            log(f"  {n} screens: choosing their source addresses ({args.spread} spread over the processes)")
            sources = await asyncio.to_thread(servers.sources, n, args.spread)
            logged_from = len(servers.nginx.entries())
        real = Pool("real server", servers.url, n, PHONE_JOIN if args.phones else PUBLIC_JOIN, sources, args.phones)
        floor = Pool("floor server", servers.floor.url, n, {})
        try:
            rss_before = vmrss_mib(servers.real.proc.pid) if largest else None
            log(f"  {n} screens: connecting to the real server")
            began = time.perf_counter()
            await real.connect(args.batch, args.connect_timeout)
            log(f"  {n} screens joined in {time.perf_counter() - began:.1f} s")
            if largest:
                await asyncio.sleep(args.idle)
                rss_after = vmrss_mib(servers.real.proc.pid)
                result["rss"] = {
                    "screens": n,
                    "before_mib": rss_before,
                    "after_mib": rss_after,
                    "per_screen_kib": (rss_after - rss_before) * 1024 / n,
                    "idle_s": args.idle,
                }
            log(f"  {n} screens: connecting to the floor server")
            await floor.connect(args.batch, args.connect_timeout)
            log(f"  {n} screens: {args.commands} rounds each of floor and real")
            f = await fanout(servers, real, floor, args.commands, args.round_timeout)
            await floor.close()
            if args.phones:
                f.update(
                    phones=True,
                    requests_accepted=real.requests_accepted,
                    requests_refused=real.requests_refused,
                    status_calls=sum(s.statuses for s in real.screens),
                )
            f.update(
                screens=n,
                processes=servers.processes,
                floor_processes=1,
                disconnects=real.disconnects + floor.disconnects,
                reconnects=real.reconnects + floor.reconnects,
            )
            if not single:
                await real.close()  # nginx logs a websocket when it closes
                f["spread"] = args.spread
                f.update(await servers.landed(sources, logged_from))
                log(
                    f"  {n} screens: {' + '.join(map(str, f['screens_per_process']))} on processes"
                    f" {', '.join(str(k) for k in range(1, servers.processes + 1))}; the chair on process"
                    f" {', '.join(map(str, f['chair_process'])) or '?'}"
                )
            result["fanout"].append(f)
            for name, count in real.event_names.items():
                result["events"].setdefault(name, {"count": 0, "utf8_bytes": [], "wire_bytes": []})
                result["events"][name]["count"] += count
            for event, utf8, wire in real.sizes.values():
                result["events"][event]["utf8_bytes"].append(utf8)
                result["events"][event]["wire_bytes"].append(wire)
            if largest:
                log(f"  {n} screens: kill -9 and restart")
                result["restart"] = await restart(servers, real, args.restart_timeout)
        finally:
            await floor.close()
            await real.close()
    if not single:
        log("  --processes 2: fan-out only (no commands/s, memory or restart)")
        return result
    for senders in THROUGHPUT_SENDERS:
        log(f"  durable commands/s, {senders} sender(s), {args.duration} s")
        real = servers.real
        result["throughput"].append(
            await throughput(real.url, real.pins["chair"], real.proc.pid, senders, args.duration)
        )
    return result


# --- Report ---------------------------------------------------------------------------------------


def ms(value: float | None) -> str:
    return "–" if value is None else f"{value:.1f}"


def ratio(a: float | None, b: float | None) -> str:
    return "–" if a is None or not b else f"{a / b:.2f}×"


def tables(results: dict) -> str:
    modes = results["modes"]
    out = []
    fanout_only = results["args"].get("processes", 1) > 1
    out.append("### Fan-out vs the stack's floor (ms from the chair's send until the last screen has it)\n")
    out.append(
        "| mode | processes | screens | per process | rounds | real p50 | real p99 | floor p50 | floor p99 |"
        " real/floor p50 | real/floor p99 | ack p50 | event bytes (UTF-8 / wire) | incomplete rounds | disconnects |"
    )
    out.append("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|")
    several = False
    for mode, r in modes.items():
        if "error" in r:
            out.append(f"| {mode} | error: {r['error'].splitlines()[0]} |" + " |" * 13)
            continue
        for f in sorted(r["fanout"], key=lambda f: f["screens"]):
            rp50, rp99 = pct(f["real"], 50), pct(f["real"], 99)
            fp50, fp99 = pct(f["floor"], 50), pct(f["floor"], 99)
            inc = f["incomplete"]
            processes = f.get("processes", 1)
            several = several or processes > 1
            spread = " + ".join(map(str, f["screens_per_process"])) if processes > 1 else str(f["screens"])
            out.append(
                f"| {mode} | {processes} | {f['screens']} | {spread} | {len(f['real'])} |"
                f" {ms(rp50)} | {ms(rp99)} | {ms(fp50)} | {ms(fp99)} |"
                f" {ratio(rp50, fp50)} | {ratio(rp99, fp99)} | {ms(pct(f['ack'], 50))} |"
                f" {int(statistics.median(f['utf8_bytes']))} / {int(statistics.median(f['wire_bytes']))} |"
                f" {inc['real']} real, {inc['floor']} floor | {f['disconnects']} |"
            )
    phones = [f for r in modes.values() for f in r.get("fanout", []) if f.get("phones")]
    if phones:
        out.append(
            "\nThe real server's screens were phones (`--phones`): each joined as a phone, one in ten asked to"
            " speak (accepted / refused by the limiter: "
            + ", ".join(f"{f['requests_accepted']} / {f['requests_refused']}" for f in phones)
            + "), and every phone asked its request's status on each patch ("
            + ", ".join(str(f["status_calls"]) for f in phones)
            + " status calls in all). The floor's screens only listen."
        )
    if several:
        chairs = sorted({k for r in modes.values() for f in r.get("fanout", []) for k in f.get("chair_process", [])})
        out.append(
            "\nSeveral processes: the real server's processes share one SQLite file and Redis, behind nginx on"
            " deploy/nginx.conf; every screen connects through nginx from its own loopback address, and"
            " *per process* counts where nginx sent them (its access log). The chair also goes through nginx"
            f" (from 127.0.0.1: process {', '.join(map(str, chairs)) or '?'}). The floor is one process,"
            " with all the screens."
        )
    events = {m: r["events"] for m, r in modes.items() if "events" in r}
    if events:
        seen = sorted({name for e in events.values() for name in e})
        described = []
        for name in seen:
            utf8 = [b for e in events.values() for b in e.get(name, {}).get("utf8_bytes", [])]
            wire = [b for e in events.values() for b in e.get(name, {}).get("wire_bytes", [])]
            utf8, wire = int(statistics.median(utf8)), int(statistics.median(wire))
            described.append(f"`{name}` (median {utf8} B UTF-8, {wire} B on the wire)")
        out.append(f"\nThe real server sent the public screens: {', '.join(described)}.")

    titles = (
        "### Durable commands per second (`message.show`, acked after the SQLite commit)",
        "### Server memory with idle screens (VmRSS)",
        "### Restart after `kill -9` (s from the restart until every screen is back with the right state)",
    )
    if fanout_only:  # with several processes only the fan-out runs
        for title in titles:
            out.append(f"\n{title}\n\nNot measured: with `--processes 2` only the fan-out runs.")
        return "\n".join(out)

    out.append(f"\n{titles[0]}\n")
    out.append("| mode | senders | commands/s | acked ok | not ok | seconds | server CPU |")
    out.append("|---|---|---|---|---|---|---|")
    for mode, r in modes.items():
        for t in r.get("throughput", []):
            out.append(
                f"| {mode} | {t['senders']} | {t['per_second']:.0f} | {t['ok']} | {t['not_ok']} | {t['seconds']:.1f} |"
                f" {t['server_cpu_percent']:.0f} % |"
            )

    out.append(f"\n{titles[1]}\n")
    out.append("| mode | screens | before (MiB) | after (MiB) | per screen (KiB) |")
    out.append("|---|---|---|---|---|")
    for mode, r in modes.items():
        if r.get("rss"):
            m = r["rss"]
            out.append(
                f"| {mode} | {m['screens']} | {m['before_mib']:.1f} | {m['after_mib']:.1f} |"
                f" {m['per_screen_kib']:.1f} |"
            )

    out.append(f"\n{titles[2]}\n")
    out.append("| mode | screens | server up | first screen back | median | all back |")
    out.append("|---|---|---|---|---|---|")
    for mode, r in modes.items():
        if r.get("restart"):
            s = r["restart"]
            out.append(
                f"| {mode} | {s['screens']} | {s['server_ready_s']:.2f} | {s['first_back_s']:.2f} |"
                f" {s['median_back_s']:.2f} | {s['all_back_s']:.2f} |"
            )
    return "\n".join(out)


def machine() -> dict:
    versions = {}
    for package in (
        "Flask",
        "Flask-SocketIO",
        "python-socketio",
        "python-engineio",
        "simple-websocket",
        "eventlet",
        "gevent",
        "aiohttp",
    ):
        try:
            versions[package] = metadata.version(package)
        except metadata.PackageNotFoundError:
            versions[package] = None
    return {
        "python": platform.python_version(),
        "platform": platform.platform(),
        "cpus": os.cpu_count(),
        "load_average": os.getloadavg(),
        "packages": versions,
        "date": time.strftime("%Y-%m-%d %H:%M:%S %z"),
    }


def raise_file_limit(needed: int) -> None:
    """Every screen is a socket in this process and in a server (which inherits the limit)."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    target = hard if hard != resource.RLIM_INFINITY else max(soft, 65536)
    if soft < target:
        resource.setrlimit(resource.RLIMIT_NOFILE, (target, hard))
    if target < needed:
        log(f"warning: the open-file limit is {target}, and about {needed} sockets are needed")


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="100,300,1000", help="numbers of screens, comma-separated")
    parser.add_argument("--modes", default="eventlet,gevent,threading")
    parser.add_argument("--quick", action="store_true", help="few rounds and short waits: a smoke run, not a measure")
    parser.add_argument("--commands", type=int, help="fan-out rounds per size, each of real and floor (30; quick 5)")
    parser.add_argument("--duration", type=float, help="seconds per throughput run (5; quick 1)")
    parser.add_argument("--idle", type=float, help="seconds the screens idle before the RSS is read (5; quick 1)")
    parser.add_argument("--batch", type=int, default=50, help="screens connected at once")
    parser.add_argument("--connect-timeout", type=float, default=60, help="seconds for a batch to connect and join")
    parser.add_argument("--round-timeout", type=float, default=15, help="seconds for a change to reach every screen")
    parser.add_argument("--restart-timeout", type=float, default=180, help="seconds for every screen to be back")
    parser.add_argument(
        "--processes",
        type=int,
        default=1,
        choices=(1, 2),
        help="real server processes for the fan-out: 2 runs them on one SQLite file and a throwaway redis-server,"
        " behind nginx on deploy/nginx.conf (the other measures then do not run)",
    )
    parser.add_argument(
        "--spread",
        choices=("even", "hash"),
        default="even",
        help="with --processes 2, the screens' source addresses: chosen so that nginx sends half to each process"
        " (even), or the first N whatever nginx's hash does with them (hash)",
    )
    parser.add_argument(
        "--phones",
        action="store_true",
        help="the screens behave as citizens' phones: join as phones, one in ten asks to speak, every one asks"
        " its request's status on each patch",
    )
    parser.add_argument("--json", type=Path, help="write every figure to this file")
    args = parser.parse_args(argv)
    try:
        args.sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    except ValueError:
        parser.error(f"--sizes: comma-separated whole numbers, not {args.sizes!r}")
    if not args.sizes or min(args.sizes) < 1:
        parser.error("--sizes: at least one size, each at least 1")
    args.modes = [m.strip() for m in args.modes.split(",") if m.strip()]
    unknown = set(args.modes) - {"eventlet", "gevent", "threading"}
    if unknown or not args.modes:
        parser.error(f"--modes: eventlet, gevent or threading, not {sorted(unknown)}")
    defaults = {"commands": (30, 5), "duration": (5.0, 1.0), "idle": (5.0, 1.0)}
    for name, (full, quick) in defaults.items():
        if getattr(args, name) is None:
            setattr(args, name, quick if args.quick else full)
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    raise_file_limit(2 * max(args.sizes) + 100)
    results = {"machine": machine(), "args": {k: str(v) if isinstance(v, Path) else v for k, v in vars(args).items()}}
    results["modes"] = {}
    failed = False
    for mode in args.modes:
        log(f"== {mode}: sizes {args.sizes}, {args.commands} rounds, {args.duration} s per throughput run")
        if args.processes > 1:
            log(f"   the real server as {args.processes} processes behind nginx; the floor as one")
        with tempfile.TemporaryDirectory(prefix=f"bench-load-{mode}-") as tmp:
            servers = Servers(Path(tmp), mode, args.processes, max(args.sizes))
            try:
                servers.start()
                results["modes"][mode] = asyncio.run(run_mode(servers, args))
            # Ctrl-C arrives as KeyboardInterrupt, or as CancelledError through the clients' own handler.
            except (Exception, KeyboardInterrupt, asyncio.CancelledError) as exc:
                failed = True
                message = str(exc) or repr(exc)
                log(f"{mode} failed: {message}")
                if not isinstance(exc, (BenchError, KeyboardInterrupt, asyncio.CancelledError)):
                    traceback.print_exc()
                log(servers.logs())
                results["modes"][mode] = {"error": message}
                if isinstance(exc, (KeyboardInterrupt, asyncio.CancelledError)):
                    break
            finally:
                servers.stop()
    print(tables(results))
    if args.json:
        args.json.write_text(json.dumps(results, indent=2, ensure_ascii=False))
        log(f"results written to {args.json}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
