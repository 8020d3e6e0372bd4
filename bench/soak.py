"""A soak: the hall's screens and 300 phones follow a scripted meeting for ten minutes.

    python bench/soak.py [--minutes 10] [--phones 300] [--json soak.json]
                         [--max-rss-slope 1] [--max-ack-p99 250] [--max-disconnects 0]

Starts the real server (``python -m server``, eventlet by default) on a fresh database with the demo
meeting, as ``bench/load.py`` does, and connects the hall: N citizens' phones (public, ``screen:
"phone"``, each from its own loopback address as in a hall where every phone has its own address),
one projector, and the operators' screens, a chair, a secretary and a door device, each with the PIN
the server printed at start-up. Then a scripted meeting runs for ``--minutes``, about fifteen times
faster than a real one (``--pace`` seconds of thought between two taps of one operator):

- the opening: the secretary imports the invited citizens and marks the delegates present, the chair
  puts the QR code and then the delegates on the projector, starts the meeting and reaches the
  citizens' stage;
- then turn after turn: the secretary decides the phones' requests to speak (accepts most, merges one
  with a paper form now and then, rejects a few with a reason) and types paper registrations when the
  queue runs short; the chair calls the next speaker, starts, pauses, resumes and extends the timer,
  shows and clears hall messages, ends the turn; the secretary searches earlier opinions while typing,
  records the turn's opinions and gives them outcomes; every third turn an official answers (the
  chair assigns the opinion, gives the floor, times the answer); every few turns the chair moves to
  the next stage (sometimes undoing it), and at the last stage wraps around, back to the citizens'
  stage or to a stage the secretary adds to the agenda, so the script can run for as long as asked;
- meanwhile the door checks the invited citizens in (and walk-ins, and now and then undoes a wrong
  tap), phones ask to speak at ``--requests-per-minute`` and follow their request with
  ``request.status`` on every patch and every 10 s as the phone page does, and ``--churn-per-minute``
  phones leave (a phone's screen sleeps) and come back a few seconds later with a fresh join;
- the closing: the secretary answers the requests still waiting, the chair writes the conclusion and
  closes the meeting.

Every ack must be ok: the script only sends what the state its screen shows allows (each operator
reads its own screen's state, kept by patches, after the last change reached it), so a refusal is
an error of the script or of the server, and counted as one. Every 10 s the server's VmRSS and CPU
are sampled; every chair ack is timed (a threaded ``socketio.Client``, as in load.py, so that its
acks are not read behind the phones' work). At the end every screen's state, kept by patches, must
equal a fresh snapshot of its role (no lost patch).

Prints Markdown tables for docs/performance.md and, with ``--json PATH``, writes every figure. Exits 1
when a check fails: an error, a disconnect beyond ``--max-disconnects``, a screen whose state differs
from a fresh snapshot, an RSS slope (least squares over the samples after ``--warmup`` minutes) above
``--max-rss-slope`` MiB a minute, or a chair ack p99 above ``--max-ack-p99`` ms. The server, the
script's clients and the phones share this machine's cores: run it on an idle machine (the report
gives the machine's load average and how long the server waited for a CPU). ``SERVER_PYTHON`` runs
the server on another interpreter, as for load.py (bench/README.md).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import copy
import functools
import json
import math
import os
import random
import statistics
import sys
import tempfile
import threading
import time
import traceback
import uuid
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))
sys.path.insert(0, str(ROOT))
from load import (  # noqa: E402
    RECONNECT,
    BenchError,
    PatientAsyncClient,
    PatientClient,
    bound_session,
    cpu_seconds,
    log,
    loopback_source,
    machine,
    pct,
    raise_file_limit,
    tail,
    vmrss_mib,
)

from server.domain.changes import apply_effect  # noqa: E402
from tests.support.live_server import LiveServer  # noqa: E402

MEETING = 1
GAP_WAIT = 3.0  # seconds a hole in the patches' versions may last before the screen asks for a snapshot
STATUS_EVERY = 10.0  # the phone page asks its request's status every 10 s besides on every patch
ACK_TIMEOUT = 30.0

FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đỗ", "Bùi", "Đặng", "Ngô", "Dương", "Lý"]
MIDDLE = ["Văn", "Thị", "Đức", "Minh", "Thu", "Hữu", "Ngọc", "Quang"]
GIVEN = "An Bình Cường Dung Giang Hà Hải Hoa Hùng Lan Long Mai Nam Phúc Quang Sơn Tâm Thảo Tuấn Vinh Yến".split()
TOPICS = [
    "Cấp giấy chứng nhận quyền sử dụng đất",
    "Đường giao thông nội đồng xuống cấp",
    "Nước sạch cho Xóm Chùa",
    "Rác thải ven kênh",
    "Đèn chiếu sáng đường làng",
    "Chế độ cho người có công",
    "Bảo hiểm y tế hộ cận nghèo",
    "Trật tự an ninh ban đêm",
]
SUMMARIES = [
    ("Đề nghị sớm cấp giấy chứng nhận quyền sử dụng đất ở cho các hộ Xóm Đông", "Đất đai & giấy chứng nhận"),
    ("Đường nội đồng từ Xóm Trong ra cánh đồng xuống cấp, đề nghị sửa chữa", "Giao thông & thủy lợi"),
    ("Rác thải tồn đọng ven kênh gây ô nhiễm môi trường", "Môi trường"),
    ("Đề nghị lắp đèn chiếu sáng trục đường chính của thôn", "Giao thông & thủy lợi"),
    ("Chậm chi trả chế độ cho người có công với cách mạng", "Chính sách xã hội"),
    ("Đề nghị tăng cường tuần tra an ninh trật tự ban đêm", "An ninh trật tự"),
    ("Thủ tục chứng thực tại xã còn phải chờ lâu", "Cán bộ & thủ tục hành chính"),
    ("Giá vật tư nông nghiệp tăng, đề nghị hỗ trợ giống lúa", "Nông nghiệp"),
]
MESSAGES = [
    "Đề nghị bà con giữ trật tự",
    "Mời đại biểu ổn định chỗ ngồi",
    "Mỗi ý kiến phát biểu không quá 5 phút",
    "Đề nghị tắt chuông điện thoại",
]
REJECTIONS = [
    "Nội dung đã được trả lời tại hội nghị tháng trước",
    "Nội dung không thuộc phạm vi hội nghị, đề nghị gửi đơn đến Bộ phận một cửa",
]
XOMS = ["Xóm Đông", "Xóm Trong", "Xóm Ngoài", "Xóm Chùa"]
# The demo meeting's allocation per xóm (server/demo.py): the office's list of invited citizens.
INVITED = [("Xóm Đông", 30), ("Xóm Trong", 25), ("Xóm Ngoài", 25), ("Xóm Chùa", 20)]


def envelope(name: str, payload: dict) -> dict:
    return {"id": f"soak-{uuid.uuid4().hex}", "name": name, "payload": payload}


def ok(ack) -> bool:
    return isinstance(ack, dict) and ack.get("ok") is True


def created(ack: dict, collection: str) -> int | None:
    ids = ack.get("created", {}).get(collection) if ok(ack) else None
    return ids[0] if ids else None


class Names:
    """Vietnamese names, each (name, xóm) used once: the server refuses a second request or walk-in
    of the same person, as it should."""

    def __init__(self, rng: random.Random):
        self.rng, self.used, self.lock = rng, set(), threading.Lock()

    def new(self, xom: str | None = None) -> tuple[str, str]:
        with self.lock:
            for attempt in range(200):
                name = f"{self.rng.choice(FAMILY)} {self.rng.choice(MIDDLE)} {self.rng.choice(GIVEN)}"
                if attempt > 50:
                    name += f" {attempt}"
                where = xom or self.rng.choice(XOMS)
                if (name, where) not in self.used:
                    self.used.add((name, where))
                    return name, where
            raise BenchError("no unused name left")


# --- What happened ----------------------------------------------------------------------------------


class Stats:
    """Every call and its ack (thread-safe): latencies by role and command, errors, the last version."""

    def __init__(self):
        self.lock = threading.Lock()
        self.t0: float | None = None  # perf_counter when the script started
        self.acks: dict[str, list[tuple[float, float, str]]] = defaultdict(list)  # role -> (sent - t0, ms, name)
        self.commands: Counter[tuple[str, str]] = Counter()  # (role, name) -> acked ok
        self.errors: list[dict] = []
        self.error_count = 0
        self.max_version = 0
        self.status_calls = 0
        self.status_ms: list[float] = []

    def record(self, role: str, name: str, sent: float, acked: float, ack, command: bool = True) -> bool:
        good = ok(ack) and not ack.get("duplicate")
        with self.lock:
            if isinstance(ack, dict) and isinstance(ack.get("version"), int):
                self.max_version = max(self.max_version, ack["version"])
            if good:
                if command:
                    self.commands[(role, name)] += 1
                if self.t0 is not None:
                    self.acks[role].append((sent - self.t0, (acked - sent) * 1000, name))
        if not good:
            self.error(role, name, ack)
        return good

    def status(self, ms: float) -> None:
        with self.lock:
            self.status_calls += 1
            self.status_ms.append(ms)

    def error(self, role: str, what: str, detail) -> None:
        with self.lock:
            self.error_count += 1
            if len(self.errors) < 50:
                self.errors.append({"role": role, "what": what, "detail": detail, "at": time.strftime("%H:%M:%S")})
        log(f"ERROR {role} {what}: {json.dumps(detail, ensure_ascii=False, default=str)[:300]}")


# --- Screens that keep their state by patches -------------------------------------------------------


class Follower:
    """A screen's state as static/js/live.js keeps it: the join's snapshot, then each patch whose
    version is the next one (server/domain/changes.py ``apply_effect``). Patches that arrive early
    (before the snapshot, or after a hole) wait; a hole that lasts ``GAP_WAIT`` s is a lost patch,
    and the screen asks for a snapshot (counted)."""

    def __init__(self):
        self.state: dict | None = None
        self.pending: dict[int, dict] = {}
        self.gap_since: float | None = None
        self.applied = 0

    @property
    def version(self) -> int:
        return -1 if self.state is None else self.state["version"]

    def reset(self, state: dict) -> None:
        """A join's snapshot: the truth whatever its version (after a reconnect)."""
        self.state = state
        self._drain()

    def snapshot(self, state: dict) -> None:
        """A snapshot asked for after a hole: kept unless an older answer arrived late."""
        if state["version"] >= self.version:
            self.state = state
        self._drain()

    def patch(self, patch) -> None:
        if isinstance(patch, dict) and isinstance(patch.get("version"), int) and patch["version"] > self.version:
            self.pending[patch["version"]] = patch
            self._drain()

    def _drain(self) -> None:
        if self.state is None:
            return
        for v in [v for v in self.pending if v <= self.version]:
            del self.pending[v]
        while self.version + 1 in self.pending:
            apply_effect(self.state, self.pending.pop(self.version + 1))
            self.applied += 1
        if not self.pending:
            self.gap_since = None
        elif self.gap_since is None:
            self.gap_since = time.monotonic()

    def stale_gap(self) -> bool:
        return self.gap_since is not None and time.monotonic() - self.gap_since > GAP_WAIT


class Operator:
    """An operator's screen (chair, secretary, door) or a fresh screen of any role: a threaded
    ``socketio.Client`` whose acks are read on its own threads. python-socketio runs each event's
    handler in a thread of its own, so patches may be handled out of order: the Follower sorts them."""

    def __init__(self, url: str, join: dict, stats: Stats, hall: Hall | None = None):
        self.role, self.join, self.stats, self.hall = join["role"], join, stats, hall
        self.follower = Follower()
        self.cond = threading.Condition()
        self.closing = False
        self.gaps = 0
        self.sio = PatientClient(reconnection=False)
        self.sio.on("patch", self._on_patch)
        self.sio.on("disconnect", self._on_disconnect)
        try:
            self.sio.connect(url, transports=["websocket"], wait_timeout=10)
            ack = self.sio.call("join", join, timeout=ACK_TIMEOUT)
        except Exception:
            self.close()
            raise
        if not ok(ack):
            self.close()
            raise BenchError(f"the {self.role} could not join: {ack}")
        with self.cond:
            self.follower.reset(ack["state"])
            self.cond.notify_all()

    def _on_patch(self, patch) -> None:
        with self.cond:
            self.follower.patch(patch)
            self.cond.notify_all()

    def _on_disconnect(self, reason=None) -> None:
        if not self.closing and self.hall is not None:
            self.hall.disconnect(self.role, reason)

    def command(self, name: str, payload: dict) -> dict:
        return self.call("command", envelope(name, payload), name)

    def call(self, event: str, data: dict, name: str | None = None) -> dict:
        """Send and wait for the ack; it is recorded (and counted as an error unless ok)."""
        sent = time.perf_counter()
        try:
            ack = self.sio.call(event, data, timeout=ACK_TIMEOUT)
        except Exception as exc:  # no ack in time, or disconnected
            ack = {"ok": False, "errors": [{"code": "no_ack", "message": repr(exc)}]}
        self.stats.record(self.role, name or event, sent, time.perf_counter(), ack, command=event == "command")
        return ack

    def view(self, version: int | None = None, timeout: float = 15.0) -> dict:
        """A copy of this screen's state once it has ``version`` (default: every change acked so far),
        as a person reads their screen before the next tap."""
        version = self.stats.max_version if version is None else version
        deadline = time.monotonic() + timeout
        with self.cond:
            while self.follower.version < version and time.monotonic() < deadline:
                if self.follower.stale_gap():
                    break
                self.cond.wait(0.2)
            missing = self.follower.version < version
        if missing:  # a lost patch, or one that never came: a fresh snapshot, as the pages do
            self.gaps += 1
            ack = self.call("snapshot", {})
            if ok(ack):
                with self.cond:
                    self.follower.snapshot(ack["state"])
            if self.follower.version < version:
                self.stats.error(self.role, "sync", f"version {self.follower.version}, expected {version}")
        with self.cond:
            return copy.deepcopy(self.follower.state)

    def close(self) -> None:
        self.closing = True
        with contextlib.suppress(Exception):
            self.sio.disconnect()


class Phone:
    """A public screen in the one asyncio loop: a citizen's phone (``screen: "phone"``, from its own
    loopback address) or the projector. Joins on every connect, keeps its state by patches; a phone
    that asked to speak asks ``request.status`` on every patch (one at a time, as static/js/pages/phone/request.js
    does) and every 10 s."""

    def __init__(self, hall: Hall, index: int, screen: str, source: str | None):
        self.hall, self.index, self.screen, self.source = hall, index, screen, source
        self.join_data = {"meeting_id": MEETING, "role": "public", "screen": screen}
        self.follower = Follower()
        self.device = f"soak-{uuid.uuid4().hex}"
        self.request_id: int | None = None
        self.last_status: dict | None = None
        self.asking = self.ask_again = False
        self.busy = False  # submitting, or leaving and coming back
        self.leaving = False
        self.joined = asyncio.Event()
        self.join_error: str | None = None
        self.sio: PatientAsyncClient | None = None
        self.gaps = 0

    def _client(self) -> PatientAsyncClient:
        options = {"http_session": functools.partial(bound_session, self.source)} if self.source else {}
        sio = PatientAsyncClient(reconnection=True, **RECONNECT, **options)
        connects = 0

        async def on_connect():
            nonlocal connects
            connects += 1
            if connects > 1:  # this connection dropped and came back (a phone that left has a new one)
                self.hall.reconnects += 1
            sio.start_background_task(self._join, sio)

        def on_disconnect(reason=None):
            if sio is self.sio and not self.leaving and not self.hall.closing:
                self.joined.clear()
                self.hall.disconnect(self.screen, reason)

        def on_patch(patch):
            if sio is self.sio:
                self.follower.patch(patch)
                if self.request_id is not None:
                    self.ask()

        sio.on("connect", on_connect)
        sio.on("disconnect", on_disconnect)
        sio.on("patch", on_patch)
        return sio

    async def open(self, timeout: float) -> None:
        self.sio = self._client()
        self.joined.clear()
        self.join_error = None
        await asyncio.wait_for(self.sio.connect(self.hall.url, transports=["websocket"], wait_timeout=timeout), timeout)
        await asyncio.wait_for(self.joined.wait(), timeout)
        if self.join_error:
            raise BenchError(f"{self.screen} {self.index} could not join: {self.join_error}")

    async def _join(self, sio: PatientAsyncClient) -> None:
        last = None
        for _attempt in range(3):
            try:
                ack = await sio.call("join", self.join_data, timeout=ACK_TIMEOUT)
            except Exception as exc:  # a timeout, or the connection dropped meanwhile
                last = exc
                if not sio.connected:
                    return  # the next connect joins again
                continue
            if ok(ack):
                self.follower.reset(ack["state"])
                self.joined.set()
                if self.request_id is not None:
                    self.ask()
                return
            last = ack
            break
        self.join_error = repr(last)
        self.hall.stats.error(self.screen, "join", self.join_error)
        self.joined.set()

    def ask(self) -> None:
        """Ask the request's status now, or right after the question on its way."""
        if self.asking:
            self.ask_again = True
            return
        self.asking = True
        task = asyncio.ensure_future(self._ask())
        self.hall.tasks.add(task)  # a reference, so that the task is not collected while it runs
        task.add_done_callback(self.hall.tasks.discard)

    async def _ask(self) -> None:
        try:
            while True:
                self.ask_again = False
                sio = self.sio
                if self.leaving or sio is None or not sio.connected:
                    return  # asked again after the next join
                data = {"request_id": self.request_id, "device": self.device}
                sent = time.perf_counter()
                try:
                    ack = await sio.call("request.status", data, timeout=ACK_TIMEOUT)
                except Exception as exc:
                    if sio is self.sio and sio.connected and not self.leaving:
                        self.hall.stats.error("phone", "request.status", repr(exc))
                    return
                if ok(ack):
                    self.hall.stats.status((time.perf_counter() - sent) * 1000)
                    self.last_status = ack
                else:
                    self.hall.stats.error("phone", "request.status", ack)
                if not self.ask_again:
                    return
        finally:
            self.asking = False

    async def submit(self, names: Names, rng: random.Random) -> None:
        """Ask to speak, as the phone page's form sends it."""
        name, xom = names.new()
        payload = {"name": name, "xom": xom, "topic": rng.choice(TOPICS), "device": self.device}
        if rng.random() < 0.5:
            payload["text"] = "Tôi xin phát biểu về vấn đề của xóm, mong hội nghị xem xét."
        sent = time.perf_counter()
        try:
            ack = await self.sio.call("command", envelope("request.submit", payload), timeout=ACK_TIMEOUT)
        except Exception as exc:
            ack = {"ok": False, "errors": [{"code": "no_ack", "message": repr(exc)}]}
        if self.hall.stats.record("phone", "request.submit", sent, time.perf_counter(), ack):
            self.request_id = created(ack, "requests")
            self.hall.requests_submitted += 1
            self.ask()

    async def leave_and_return(self, away: float, timeout: float) -> None:
        """The phone's screen sleeps (its connection closes) and wakes ``away`` s later: a new
        connection, a new join and its snapshot."""
        self.leaving = True
        try:
            with contextlib.suppress(Exception):
                await asyncio.wait_for(self.sio.disconnect(), 10)
            await asyncio.sleep(away)
            self.leaving = False
            await self.open(timeout)
            self.hall.churned += 1
        except Exception as exc:
            self.hall.stats.error(self.screen, "leave and return", repr(exc))
        finally:
            self.leaving = False
            self.busy = False

    async def close(self) -> None:
        self.leaving = True
        if self.sio is not None:
            with contextlib.suppress(Exception):
                await asyncio.wait_for(self.sio.disconnect(), 10)


class Hall:
    """Everything connected to the server, and the counts of what happened to them."""

    def __init__(self, url: str, stats: Stats):
        self.url, self.stats = url, stats
        self.phones: list[Phone] = []
        self.projector: Phone | None = None
        self.operators: dict[str, Operator] = {}
        self.closing = False
        self.disconnects: Counter[str] = Counter()
        self.reconnects = 0
        self.churned = 0
        self.requests_submitted = 0
        self.lock = threading.Lock()
        self.tasks: set[asyncio.Future] = set()

    def disconnect(self, who: str, reason) -> None:
        with self.lock:
            self.disconnects[who] += 1
        log(f"  {who} disconnected ({reason})")

    @property
    def screens(self) -> list[Phone]:
        return [*self.phones, *([self.projector] if self.projector else [])]


# --- The script -----------------------------------------------------------------------------------


class Script:
    """The operators' side of the meeting, one tap after another (a thread): each decision is made
    on the state the operator's own screen shows once every change so far reached it."""

    def __init__(self, hall: Hall, rng: random.Random, names: Names, pace: float, stage_every: int):
        self.hall, self.rng, self.names, self.pace, self.stage_every = hall, rng, names, pace, stage_every
        self.chair, self.secretary = hall.operators["chair"], hall.operators["secretary"]
        self.turns = self.wraps = self.answers = 0
        self.requests = Counter()
        self.stop = threading.Event()

    def think(self, factor: float = 1.0) -> None:
        self.stop.wait(self.pace * factor * self.rng.uniform(0.5, 1.5))

    # the opening

    def opening(self) -> None:
        sec = self.secretary.view()
        if not sec["citizens"]:  # the office's list of invited citizens, as imported before the day
            rows = [
                {"name": name, "xom": xom}
                for where, count in INVITED
                for name, xom in (self.names.new(where) for _ in range(count))
            ]
            self.secretary.command("citizens.import", {"rows": rows})
        self.secretary.command("meeting.settings", {"warning_seconds": 45})
        self.chair.call("screen.identify", {})
        self.chair.command("hall.show", {"what": "qr"})
        for delegate in sec["delegates"][:5]:
            self.think(0.3)
            self.secretary.command("delegate.present", {"delegate_id": delegate["id"], "present": True})
        chair = self.chair.view()
        self.chair.command("stage.next", {"expected_stage_id": chair["stage_id"]})  # the meeting clock starts
        self.chair.command("hall.show", {"what": "delegates"})
        self.think(3)
        self.chair.command("hall.show", {"what": ""})
        chair = self.chair.view()
        self.chair.command("stage.next", {"expected_stage_id": chair["stage_id"]})
        self.chair.command("message.show", {"text": "Kính chào các đại biểu và bà con nhân dân thôn An Bộ"})
        self.think()
        self.chair.command("message.clear", {})
        chair = self.chair.view()
        self.chair.command("stage.next", {"expected_stage_id": chair["stage_id"]})  # the citizens speak

    # turn after turn

    def run(self, deadline: float) -> None:
        try:
            self.opening()
            while time.perf_counter() < deadline and not self.stop.is_set():
                self.turn()
        except Exception as exc:
            self.hall.stats.error("script", "exception", traceback.format_exc())
            raise BenchError(f"the script stopped: {exc!r}") from exc

    def decide_requests(self, closing: bool = False) -> None:
        for request in [r for r in self.secretary.view()["requests"] if r["status"] == "pending"]:
            self.think(0.5)
            roll = self.rng.random()
            if closing:
                reason = "Hết thời gian hội nghị: xin gửi ý kiến bằng văn bản"
                self.secretary.command("request.reject", {"request_id": request["id"], "reason": reason})
                self.requests["rejected at the close"] += 1
            elif roll < 0.15:
                reason = self.rng.choice(REJECTIONS)
                self.secretary.command("request.reject", {"request_id": request["id"], "reason": reason})
                self.requests["rejected"] += 1
            elif roll < 0.3:  # the same person also handed in a paper form: one registration
                paper = {"name": request["name"], "xom": request["xom"], "topic": request["topic"]}
                speaker_id = created(self.secretary.command("speaker.add", paper), "speakers")
                if speaker_id is not None:
                    payload = {"request_id": request["id"], "speaker_id": speaker_id}
                    self.secretary.command("request.merge", payload)
                    self.requests["merged"] += 1
            else:
                payload = {"request_id": request["id"]}
                if self.rng.random() < 0.5:
                    payload["requested_minutes"] = self.rng.choice([2, 3, 5])
                self.secretary.command("request.accept", payload)
                self.requests["accepted"] += 1

    def keep_queue(self) -> None:
        """Paper forms, and now and then a citizen from the floor, when the queue runs short; and the
        secretary's corrections to the queue."""
        sec = self.secretary.view()
        queued = [s for s in sec["speakers"] if s["status"] == "queued"]
        while len(queued) < 2:
            self.think(0.5)
            name, xom = self.names.new()
            payload = {"name": name, "xom": xom, "topic": self.rng.choice(TOPICS)}
            if self.rng.random() < 0.3:
                payload["walk_in"] = True
            if self.rng.random() < 0.3:
                payload["phone"] = f"09{self.rng.randrange(10**8):08d}"
            if not ok(self.secretary.command("speaker.add", payload)):
                return  # counted as an error; the chair's call then finds what it finds
            queued = [s for s in self.secretary.view()["speakers"] if s["status"] == "queued"]
        roll = self.rng.random()
        if roll < 0.1:
            self.secretary.command("speaker.update", {"speaker_id": queued[-1]["id"], "topic": self.rng.choice(TOPICS)})
        elif roll < 0.15 and len(queued) >= 3:  # withdrawn at the citizen's request, then put back
            self.secretary.command("speaker.withdraw", {"speaker_id": queued[-1]["id"]})
            self.think(0.5)
            self.secretary.command("speaker.restore", {"speaker_id": queued[-1]["id"]})

    def turn(self) -> None:
        self.turns += 1
        self.decide_requests()
        self.keep_queue()
        chair = self.chair.view()
        queued = [s for s in chair["speakers"] if s["status"] == "queued"]
        if len(queued) >= 3 and self.rng.random() < 0.1:  # the chair lets an elderly citizen go first
            self.chair.command("speaker.move", {"speaker_id": queued[-1]["id"], "before_id": queued[0]["id"]})
            chair = self.chair.view()
        if not ok(self.chair.command("speaker.call_next", {"expected_speaker_id": chair["speaker_id"]})):
            return
        speaker_id = self.chair.view()["speaker_id"]
        self.think()
        self.chair.command("timer.start", {"speaker_id": speaker_id})
        opinions = []
        for _ in range(self.rng.choice([1, 1, 2])):
            self.think()
            summary, category = self.rng.choice(SUMMARIES)
            self.secretary.call("opinion.search", {"q": summary[:20], "any": True})  # similar ones, while typing
            payload = {"summary": summary, "category": category, "speaker_id": speaker_id}
            payload["kind"] = self.rng.choice(["kien_nghi", "kien_nghi", "phan_anh", "gop_y"])
            if self.rng.random() < 0.3:
                payload["level"], payload["unit"] = "cap_tren", "UBND thị xã Kinh Môn"
            opinion_id = created(self.secretary.command("opinion.add", payload), "opinions")
            if opinion_id is not None:
                opinions.append(opinion_id)
        if self.rng.random() < 0.3:
            self.think(0.5)
            self.chair.command("timer.pause", {"speaker_id": speaker_id})
            self.think(0.5)
            self.chair.command("timer.resume", {"speaker_id": speaker_id})
        if self.rng.random() < 0.2:
            self.chair.command("timer.adjust", {"speaker_id": speaker_id, "seconds": 60})
        chair = self.chair.view()
        if chair["message"]:
            self.chair.command("message.clear", {})
        elif self.rng.random() < 0.25:
            self.chair.command("message.show", {"text": self.rng.choice(MESSAGES)})
        self.think()
        self.chair.command("speaker.end", {"speaker_id": speaker_id})
        unanswered = []
        for opinion_id in opinions:
            roll = self.rng.random()
            self.think(0.5)
            if roll < 0.2:
                self.secretary.command("opinion.outcome", {"opinion_id": opinion_id, "outcome": "noted"})
            elif roll < 0.4:
                payload = {"opinion_id": opinion_id, "outcome": "assigned", "unit": "UBND xã Hiệp Hòa"}
                self.secretary.command("opinion.outcome", payload)
            elif roll < 0.5:
                payload = {"opinion_id": opinion_id, "outcome": "forwarded", "forwarded_to": "UBND thị xã Kinh Môn"}
                self.secretary.command("opinion.outcome", payload)
            else:
                unanswered.append(opinion_id)
        if unanswered and self.turns % 3 == 0:
            self.answer(unanswered)
        chair = self.chair.view()
        if chair["showing"] == "attendance":
            self.chair.command("hall.show", {"what": ""})
        elif self.rng.random() < 0.1:
            self.chair.command("hall.show", {"what": "attendance"})
        if self.turns % self.stage_every == 0:
            self.next_stage()

    def answer(self, opinion_ids: list[int]) -> None:
        """An official answers: the chair names who answers, gives them the floor and times it; the
        secretary records the answer."""
        self.answers += 1
        chair = self.chair.view()
        delegate = self.rng.choice(chair["delegates"][:3])
        self.chair.command("opinion.assign", {"opinion_id": opinion_ids[0], "delegate_id": delegate["id"]})
        self.think()
        payload = {"opinion_ids": opinion_ids, "delegate_id": delegate["id"]}
        payload["expected_speaker_id"] = self.chair.view()["speaker_id"]
        if not ok(self.chair.command("answer.call", payload)):
            return
        official = self.chair.view()["speaker_id"]
        self.chair.command("timer.start", {"speaker_id": official})
        self.think(2)
        self.chair.command("speaker.end", {"speaker_id": official})
        for opinion_id in opinion_ids:
            self.think(0.5)
            answer = {"answer": "Xã đã có kế hoạch, sẽ triển khai trong quý tới", "answered_by": delegate["name"]}
            self.secretary.command("opinion.outcome", {"opinion_id": opinion_id, "outcome": "answered", **answer})
        if self.chair.view()["focus"] is not None:
            self.chair.command("opinion.focus_clear", {})

    def next_stage(self) -> None:
        """The next stage of the agenda; from the last one, around again: back to the citizens' stage,
        or to a stage the secretary adds before the conclusion."""
        chair = self.chair.view()
        stages = [s["id"] for s in chair["stages"]]
        current = chair["stage_id"]
        if stages.index(current) < len(stages) - 1:
            self.chair.command("stage.next", {"expected_stage_id": current})
            if self.rng.random() < 0.15:  # a wrong tap, undone at once
                self.think(0.5)
                self.chair.command("stage.previous", {"expected_stage_id": self.chair.view()["stage_id"]})
                self.think(0.5)
                self.chair.command("stage.next", {"expected_stage_id": self.chair.view()["stage_id"]})
            return
        self.wraps += 1
        if self.wraps % 2:
            payload = {"title": f"Trao đổi bổ sung (lượt {self.wraps})", "planned_minutes": 15, "before_id": current}
            stage_id = created(self.secretary.command("stage.add", payload), "stages")
            if stage_id is None:
                return
            self.chair.view()
        else:
            stage_id = stages[2]  # back to the citizens' stage
            if stage_id == current:
                return
            self.secretary.command("stage.update", {"stage_id": stage_id, "planned_minutes": self.rng.randint(40, 90)})
        self.chair.command("stage.goto", {"stage_id": stage_id})

    # the closing

    def closing(self) -> None:
        self.decide_requests(closing=True)
        chair = self.chair.view()
        if chair["message"]:
            self.chair.command("message.clear", {})
        if chair["showing"]:
            self.chair.command("hall.show", {"what": ""})
        text = (
            f"Hội nghị đã nghe {self.turns} lượt ý kiến của nhân dân; các ý kiến chưa trả lời được giao"
            " các bộ phận chuyên môn trả lời bằng văn bản trong thời hạn quy định."
        )
        self.chair.command("meeting.conclude", {"text": text})
        self.chair.command("meeting.close", {})


class Door:
    """The door device: checks the invited citizens in as they arrive, adds walk-ins, and now and then
    undoes a wrong tap (a thread)."""

    def __init__(self, hall: Hall, rng: random.Random, names: Names, pace: float):
        self.door, self.rng, self.names, self.pace = hall.operators["door"], rng, names, pace
        self.stop = threading.Event()

    def run(self, deadline: float) -> None:
        while time.perf_counter() < deadline and not self.stop.is_set():
            self.stop.wait(self.pace * self.rng.uniform(0.5, 1.5))
            citizens = self.door.view()["citizens"]
            waiting = [c for c in citizens if not c["present"]]
            present = [c for c in citizens if c["present"] and not c["walk_in"]]
            roll = self.rng.random()
            if present and roll < 0.05:  # checked out by a wrong tap, and in again at once
                wrong = self.rng.choice(present)
                self.door.command("citizen.checkout", {"citizen_id": wrong["id"]})
                self.stop.wait(self.pace * 0.3)
                self.door.command("citizen.checkin", {"citizen_id": wrong["id"]})
            elif waiting and roll < 0.8:
                self.door.command("citizen.checkin", {"citizen_id": self.rng.choice(waiting)["id"]})
            else:
                name, xom = self.names.new()
                self.door.command("citizen.walk_in", {"name": name, "xom": xom})


# --- The run ----------------------------------------------------------------------------------------


def operator_join(role: str, pin: str | None, name: str) -> dict:
    if role == "public":
        return {"meeting_id": MEETING, "role": "public", "screen": "projector"}
    return {"meeting_id": MEETING, "role": role, "pin": pin, "name": name}


async def connect_phones(hall: Hall, n: int, batch: int, timeout: float, sources: bool) -> None:
    hall.projector = Phone(hall, 0, "projector", None)
    await hall.projector.open(timeout)
    for start in range(0, n, batch):
        group = [
            Phone(hall, i, "phone", loopback_source(i) if sources else None)
            for i in range(start, min(n, start + batch))
        ]
        hall.phones.extend(group)
        results = await asyncio.gather(*(p.open(timeout) for p in group), return_exceptions=True)
        failed = [r for r in results if isinstance(r, BaseException)]
        if failed:
            raise BenchError(f"{len(failed)} of {len(group)} phones could not connect and join: {failed[0]!r}")


async def submitter(hall: Hall, names: Names, rng: random.Random, per_minute: float, start: float, deadline: float):
    """Phones ask to speak, a Poisson process of ``per_minute``; each phone once."""
    if per_minute <= 0:
        return
    at = start + min(2.0, (deadline - start) / 4)
    while True:
        await asyncio.sleep(max(0.0, at - time.perf_counter()))
        if time.perf_counter() >= deadline:
            return
        free = [p for p in hall.phones if p.request_id is None and not p.busy and p.joined.is_set()]
        if free:
            phone = rng.choice(free)
            phone.busy = True
            try:
                await phone.submit(names, rng)
            finally:
                phone.busy = False
        at += rng.expovariate(per_minute / 60)


async def churner(hall: Hall, rng: random.Random, per_minute: float, deadline: float, timeout: float) -> None:
    """Phones whose screen sleeps and wakes: each leaves and comes back 1-5 s later."""
    tasks = []
    if per_minute > 0:
        while True:
            await asyncio.sleep(rng.expovariate(per_minute / 60))
            if time.perf_counter() >= deadline - 6:
                break
            free = [p for p in hall.phones if not p.busy and p.joined.is_set()]
            if free:
                phone = rng.choice(free)
                phone.busy = True
                tasks.append(asyncio.ensure_future(phone.leave_and_return(rng.uniform(1, 5), timeout)))
    await asyncio.gather(*tasks)


async def status_ticker(hall: Hall, stop: asyncio.Event) -> None:
    """Every phone with a request asks its status every 10 s (and on every patch)."""
    while not stop.is_set():
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(stop.wait(), STATUS_EVERY)
        for phone in hall.phones:
            if phone.request_id is not None and phone.joined.is_set():
                phone.ask()


async def gap_watch(hall: Hall, stop: asyncio.Event) -> None:
    """A public screen with a hole in its patches for GAP_WAIT s asks for a snapshot (a lost patch)."""
    while not stop.is_set():
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(stop.wait(), 1.0)
        for screen in hall.screens:
            if screen.follower.stale_gap() and screen.sio is not None and screen.sio.connected:
                screen.gaps += 1
                screen.follower.gap_since = None
                try:
                    ack = await screen.sio.call("snapshot", {}, timeout=ACK_TIMEOUT)
                except Exception as exc:
                    hall.stats.error(screen.screen, "snapshot", repr(exc))
                    continue
                if ok(ack):
                    screen.follower.snapshot(ack["state"])
                else:
                    hall.stats.error(screen.screen, "snapshot", ack)


def runqueue_seconds(pid: int) -> float | None:
    """How long the server's main thread (the event loop) has waited for a CPU while ready to run
    (/proc/PID/schedstat): on a shared machine, the part of the latency that is other work's."""
    try:
        return int(Path(f"/proc/{pid}/schedstat").read_text().split()[1]) / 1e9
    except (OSError, IndexError, ValueError):
        return None


class Sampler:
    """The server's VmRSS and CPU every ``every`` s (in a thread: the asyncio loop may be busy)."""

    def __init__(self, pid: int, every: float, t0: float, directory: Path):
        self.pid, self.every, self.t0, self.probe = pid, every, t0, directory / "fsync-probe"
        self.samples: list[dict] = []
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._run, daemon=True)

    def sample(self) -> dict:
        now = time.perf_counter()
        cpu, waited = cpu_seconds(self.pid), runqueue_seconds(self.pid)
        last = self.samples[-1] if self.samples else None
        elapsed = now - last["at"] if last else 0
        sample = {"at": now, "minute": (now - self.t0) / 60, "rss_mib": vmrss_mib(self.pid), "cpu_s": cpu}
        sample["cpu_percent"] = 100 * (cpu - last["cpu_s"]) / elapsed if elapsed > 0 else None
        sample["waited_s"] = waited
        sample["fsync_ms"] = self.fsync_ms()
        if elapsed > 0 and waited is not None and last["waited_s"] is not None:
            sample["wait_percent"] = 100 * (waited - last["waited_s"]) / elapsed
        else:
            sample["wait_percent"] = None
        sample["load1"] = os.getloadavg()[0]  # the machine's: other work on it shows here
        self.samples.append(sample)
        return sample

    def fsync_ms(self) -> float:
        """One 4 KiB write and fsync next to the database: what a commit's sync costs on this disk now
        (other work on the machine slows it too, and under eventlet the server's event loop waits for it)."""
        began = time.perf_counter()
        with self.probe.open("wb") as f:
            f.write(os.urandom(4096))
            f.flush()
            os.fsync(f.fileno())
        return (time.perf_counter() - began) * 1000

    def _run(self) -> None:
        while not self.stop.wait(self.every):
            try:
                self.sample()
            except (OSError, BenchError) as exc:
                log(f"  could not sample the server: {exc!r}")
                return

    def start(self) -> Sampler:
        self.sample()
        self.thread.start()
        return self

    def finish(self) -> None:
        self.stop.set()
        self.thread.join(10)
        with contextlib.suppress(OSError, BenchError):
            self.sample()


async def progress(stats: Stats, sampler: Sampler, hall: Hall, stop: asyncio.Event) -> None:
    """One line a minute on stderr."""
    minute = 0
    while not stop.is_set():
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(stop.wait(), 60)
        if stop.is_set():
            return
        minute += 1
        chair = [ms for _at, ms, _name in stats.acks["chair"]]
        rss = sampler.samples[-1]["rss_mib"] if sampler.samples else float("nan")
        log(
            f"  minute {minute}: {sum(stats.commands.values())} commands, chair ack p99 {fmt(pct(chair, 99))} ms,"
            f" RSS {rss:.1f} MiB, {stats.error_count} errors, {sum(hall.disconnects.values())} disconnects"
        )


async def settle(hall: Hall, stats: Stats, timeout: float) -> int:
    """Wait until every public screen has the last version; the number that did not."""
    deadline = time.monotonic() + timeout
    while True:
        behind = [s for s in hall.screens if s.follower.version < stats.max_version]
        if not behind or time.monotonic() > deadline:
            return len(behind)
        await asyncio.sleep(0.2)


def differences(mine: dict | None, fresh: dict) -> list[str]:
    if mine is None:
        return ["no state"]
    keys = sorted(set(mine) | set(fresh))
    return [k for k in keys if mine.get(k) != fresh.get(k)]


def verify(hall: Hall, stats: Stats, pins: dict[str, str]) -> dict:
    """Every screen's state, kept by patches, against a fresh snapshot of its role."""
    fresh = {}
    for role in ("public", "chair", "secretary", "door"):
        screen = Operator(hall.url, operator_join(role, pins.get(role), "Kiểm tra (soak)"), stats)
        fresh[role] = screen.follower.state
        screen.close()
    checked, mismatched, examples = 0, 0, []
    followers = [(s.screen, s.index, s.follower) for s in hall.screens]
    followers += [(role, 0, op.follower) for role, op in hall.operators.items()]
    for who, index, follower in followers:
        role = "public" if who in ("phone", "projector") else who
        checked += 1
        if follower.state != fresh[role]:
            mismatched += 1
            if len(examples) < 5:
                examples.append({"screen": who, "index": index, "fields": differences(follower.state, fresh[role])})
    sizes = {role: len(json.dumps(state, ensure_ascii=False).encode()) for role, state in fresh.items()}
    sec = fresh["secretary"]
    counts = {name: len(sec.get(name, [])) for name in ("stages", "speakers", "opinions", "citizens", "requests")}
    counts["version"] = sec["version"]
    return {"checked": checked, "mismatched": mismatched, "examples": examples, "bytes": sizes, "counts": counts}


def slope(samples: list[dict], after_minute: float) -> float | None:
    """MiB per minute, least squares over the samples after ``after_minute``."""
    points = [(s["minute"], s["rss_mib"]) for s in samples if s["minute"] >= after_minute]
    if len(points) < 3 or len({x for x, _ in points}) < 2:
        return None
    return statistics.linear_regression([x for x, _ in points], [y for _, y in points]).slope


def latency(values: list[float]) -> dict:
    return {
        "n": len(values),
        "p50": pct(values, 50),
        "p95": pct(values, 95),
        "p99": pct(values, 99),
        "max": max(values) if values else None,
    }


async def soak(server: LiveServer, args: argparse.Namespace, result: dict) -> None:
    stats, rng = Stats(), random.Random(args.seed)
    names = Names(random.Random(args.seed + 1))
    hall = Hall(server.url, stats)
    pins = server.pins
    pid = server.proc.pid
    rss = result["rss"] = {"server_started_mib": vmrss_mib(pid)}
    stop = asyncio.Event()
    background: list[asyncio.Future] = []
    script = door = None
    try:
        log(f"connecting the projector and {args.phones} phones")
        began = time.perf_counter()
        await connect_phones(hall, args.phones, args.batch, args.connect_timeout, not args.one_address)
        log(f"  joined in {time.perf_counter() - began:.1f} s")
        for role, name in (("chair", "Chủ tọa (soak)"), ("secretary", "Thư ký (soak)"), ("door", "Tổ đón tiếp (soak)")):
            join = operator_join(role, pins[role], name)
            hall.operators[role] = await asyncio.to_thread(Operator, server.url, join, stats, hall)
        rss["screens_joined_mib"] = vmrss_mib(pid)

        t0 = time.perf_counter()
        stats.t0 = t0
        deadline = t0 + args.minutes * 60
        warmup = min(args.warmup, args.minutes / 2)
        sampler = Sampler(pid, args.sample_every, t0, server.db.parent).start()
        script = Script(hall, random.Random(args.seed + 2), names, args.pace, args.stage_every)
        door = Door(hall, random.Random(args.seed + 3), names, args.door_pace)
        background = [
            asyncio.ensure_future(status_ticker(hall, stop)),
            asyncio.ensure_future(gap_watch(hall, stop)),
            asyncio.ensure_future(progress(stats, sampler, hall, stop)),
        ]
        log(f"the meeting runs for {args.minutes:g} min (warm-up {warmup:g} min)")
        cpu_bench = time.process_time()
        outcome = await asyncio.gather(
            asyncio.to_thread(script.run, deadline),
            asyncio.to_thread(door.run, deadline),
            submitter(hall, names, rng, args.requests_per_minute, t0, deadline),
            churner(hall, rng, args.churn_per_minute, deadline, args.connect_timeout),
            return_exceptions=True,
        )
        for failure in outcome:
            if isinstance(failure, BaseException):
                stats.error("script", "stopped", repr(failure))
        log("closing the meeting")
        await asyncio.to_thread(script.closing)
        ran = time.perf_counter() - t0
        behind = await settle(hall, stats, 60)
        if behind:
            stats.error("public", "settle", f"{behind} screens lack version {stats.max_version} after 60 s")
        for op in hall.operators.values():  # their patches are handled on threads: wait for the last one
            await asyncio.to_thread(op.view)
        sampler.finish()
        cpu_bench = time.process_time() - cpu_bench
        log("checking every screen against a fresh snapshot")
        checks = await asyncio.to_thread(verify, hall, stats, pins)
        server_log = server.log_path.read_text(errors="replace")
        log_errors = [
            line for line in server_log.splitlines() if "Traceback" in line or " ERROR " in line or "CRITICAL" in line
        ]
        samples = sampler.samples
        after = [s for s in samples if s["minute"] >= warmup]
        cpu = [s["cpu_percent"] for s in samples if s["cpu_percent"] is not None]
        waits = [s["wait_percent"] for s in samples if s["wait_percent"] is not None]
        fsyncs = [s["fsync_ms"] for s in samples]
        warnings = [line for line in server_log.splitlines() if " WARNING " in line]
        rss.update(
            after_warmup_mib=after[0]["rss_mib"] if after else None,
            end_mib=samples[-1]["rss_mib"],
            max_mib=max(s["rss_mib"] for s in samples),
            slope_mib_per_min=slope(samples, warmup),
            warmup_min=warmup,
        )
        chair = stats.acks["chair"]
        per_minute = []
        for minute in range(int(math.ceil(ran / 60)) or 1):
            values = [ms for at, ms, _name in chair if minute * 60 <= at < (minute + 1) * 60]
            per_minute.append({"minute": minute + 1, **latency(values)})
        public = [s for s in hall.screens]
        result.update(
            ran_s=ran,
            script={
                "turns": script.turns,
                "answers": script.answers,
                "wraps": script.wraps,
                "requests": script.requests,
            },
            commands={f"{role} {name}": n for (role, name), n in sorted(stats.commands.items())},
            commands_total=sum(stats.commands.values()),
            errors=stats.error_count,
            error_examples=stats.errors,
            server_log_errors=log_errors[:20],
            disconnects=dict(hall.disconnects),
            reconnects=hall.reconnects,
            churned=hall.churned,
            gaps=sum(s.gaps for s in public) + sum(op.gaps for op in hall.operators.values()),
            requests_submitted=hall.requests_submitted,
            status_calls=stats.status_calls,
            status_ms=latency(stats.status_ms),
            ack={role: latency([ms for _at, ms, _name in values]) for role, values in stats.acks.items()},
            chair_slowest=[
                {"minute": at / 60, "ms": ms, "name": name} for at, ms, name in sorted(chair, key=lambda a: -a[1])[:5]
            ],
            load_average_mean=statistics.fmean(s["load1"] for s in samples),
            chair_per_minute=per_minute,
            samples=[{k: v for k, v in s.items() if k != "at"} for s in samples],
            server_cpu_percent_mean=statistics.fmean(cpu) if cpu else None,
            server_wait_percent_mean=statistics.fmean(waits) if waits else None,
            fsync_ms={"median": statistics.median(fsyncs), "max": max(fsyncs)},
            server_log_warnings={"count": len(warnings), "first": warnings[:5]},
            bench_cpu_percent_mean=100 * cpu_bench / ran if ran else None,
            final=checks,
            db_bytes=server.db.stat().st_size,
            wal_bytes=wal.stat().st_size if (wal := server.db.with_name(server.db.name + "-wal")).exists() else 0,
        )
    finally:
        stop.set()
        for actor in (script, door):  # after a failure, the threads stop at their next tap
            if actor is not None:
                actor.stop.set()
        for task in background:
            task.cancel()
        await asyncio.gather(*background, return_exceptions=True)
        hall.closing = True
        for op in hall.operators.values():
            await asyncio.to_thread(op.close)
        screens = hall.screens
        for start in range(0, len(screens), 100):
            await asyncio.gather(*(s.close() for s in screens[start : start + 100]), return_exceptions=True)


# --- Report -----------------------------------------------------------------------------------------


def fmt(value: float | None, digits: int = 1) -> str:
    return "–" if value is None else f"{value:.{digits}f}"


def checks(result: dict, args: argparse.Namespace) -> list[tuple[str, str, str, bool]]:
    """(what, measured, bound, passed) for every gate."""
    if "final" not in result:
        return [("the soak ran to its end", result.get("error", "no"), "yes", False)]
    out = []
    out.append(("errors (refused or unanswered calls)", str(result["errors"]), "0", result["errors"] == 0))
    logged = len(result["server_log_errors"])
    out.append(("errors in the server's log", str(logged), "0", logged == 0))
    drops = sum(result["disconnects"].values())
    out.append(("disconnects", str(drops), f"≤ {args.max_disconnects}", drops <= args.max_disconnects))
    final = result["final"]
    out.append(
        (
            "screens whose state differs from a fresh snapshot",
            f"{final['mismatched']} of {final['checked']}",
            "0",
            final["mismatched"] == 0,
        )
    )
    p99 = result["ack"].get("chair", {}).get("p99")
    out.append(("chair ack p99 (ms)", fmt(p99), f"≤ {args.max_ack_p99:g}", p99 is not None and p99 <= args.max_ack_p99))
    s = result["rss"]["slope_mib_per_min"]
    if s is None:
        out.append(("RSS slope after warm-up (MiB/min)", "not measured (fewer than 3 samples)", "–", True))
    else:
        out.append(
            (
                "RSS slope after warm-up (MiB/min)",
                fmt(s, 2),
                f"≤ {args.max_rss_slope:g}",
                s <= args.max_rss_slope,
            )
        )
    return out


def tables(result: dict, args: argparse.Namespace) -> str:
    out = [f"### Soak: {args.phones} phones, a projector, a chair, a secretary and a door, {args.minutes:g} min\n"]
    if "final" not in result:
        out.append(f"The soak did not finish: {result.get('error')}")
        return "\n".join(out)
    out.append("| check | measured | bound | |")
    out.append("|---|---|---|---|")
    for what, measured, bound, passed in checks(result, args):
        out.append(f"| {what} | {measured} | {bound} | {'ok' if passed else '**FAILED**'} |")

    s = result["script"]
    by_role = Counter()
    for key, n in result["commands"].items():
        by_role[key.split(" ", 1)[0]] += n
    out.append(
        f"\n{result['commands_total']} commands acked ok in {result['ran_s'] / 60:.1f} min"
        f" ({', '.join(f'{role} {n}' for role, n in by_role.most_common())}): {s['turns']} speaking turns,"
        f" {s['answers']} answers by officials, {s['wraps']} times around the agenda;"
        f" {result['requests_submitted']} requests to speak from phones"
        f" ({', '.join(f'{k} {v}' for k, v in sorted(s['requests'].items())) or 'none decided'}),"
        f" {result['status_calls']} status questions (p50 {fmt(result['status_ms']['p50'])} ms);"
        f" {result['churned']} phones left and came back; {result['reconnects']} reconnections;"
        f" {result['gaps']} snapshots asked after a hole in the patches."
    )

    out.append("\n#### The chair's acks (ms from the tap to the ack)\n")
    out.append("| minute | commands | p50 | p95 | p99 | max |")
    out.append("|---|---|---|---|---|---|")
    for m in result["chair_per_minute"]:
        closing = " (the last turn, the closing)" if m["minute"] - 1 >= args.minutes else ""
        values = " | ".join(fmt(m[k]) for k in ("p50", "p95", "p99", "max"))
        out.append(f"| {m['minute']}{closing} | {m['n']} | {values} |")
    a = result["ack"].get("chair", latency([]))
    out.append(f"| all | {a['n']} | {fmt(a['p50'])} | {fmt(a['p95'])} | {fmt(a['p99'])} | {fmt(a['max'])} |")
    if result["chair_slowest"]:
        out.append(
            "\nThe slowest: "
            + ", ".join(f"`{x['name']}` {fmt(x['ms'])} ms (minute {x['minute']:.1f})" for x in result["chair_slowest"])
            + "."
        )
    others = [(role, v) for role, v in result["ack"].items() if role != "chair"]
    if others:
        out.append(
            "\nOther senders' acks: "
            + "; ".join(f"{role} p50 {fmt(v['p50'])} / p99 {fmt(v['p99'])} ms ({v['n']})" for role, v in others)
            + "."
        )

    r = result["rss"]
    out.append("\n#### The server's memory (VmRSS) and CPU\n")
    out.append(
        "| started | screens joined | after warm-up | end | max | slope after warm-up | CPU mean | waiting for a CPU |"
    )
    out.append("|---|---|---|---|---|---|---|---|")
    out.append(
        f"| {fmt(r['server_started_mib'])} MiB | {fmt(r['screens_joined_mib'])} | {fmt(r['after_warmup_mib'])} |"
        f" {fmt(r['end_mib'])} | {fmt(r['max_mib'])} | {fmt(r['slope_mib_per_min'], 2)} MiB/min |"
        f" {fmt(result['server_cpu_percent_mean'], 0)} % | {fmt(result['server_wait_percent_mean'], 0)} % |"
    )
    out.append(
        f"\nWarm-up {r['warmup_min']:g} min; {len(result['samples'])} samples every {args.sample_every:g} s;"
        f" the benchmark's own process used {fmt(result['bench_cpu_percent_mean'], 0)} % of a core meanwhile;"
        f" the machine's load average was {fmt(result['load_average_mean'], 2)} on average"
        f" ({os.cpu_count()} cores). *Waiting for a CPU*: the share of the time the server's event loop was"
        " ready to run and waited for a core (/proc/PID/schedstat), the part of the latency due to other work."
        f" A 4 KiB write and fsync next to the database took {fmt(result['fsync_ms']['median'])} ms (median of the"
        f" samples; max {fmt(result['fsync_ms']['max'])} ms): each command's commit waits for one."
    )

    f = result["final"]
    c = f["counts"]
    out.append("\n#### The meeting at the end\n")
    out.append(
        "| version | stages | speakers | opinions | citizens | requests |"
        " snapshot bytes (public / chair / secretary / door) | database (+ WAL) |"
    )
    out.append("|---|---|---|---|---|---|---|---|")
    b = f["bytes"]
    out.append(
        f"| {c['version']} | {c['stages']} | {c['speakers']} | {c['opinions']} | {c['citizens']} | {c['requests']} |"
        f" {b['public']:,} / {b['chair']:,} / {b['secretary']:,} / {b['door']:,} |"
        f" {result['db_bytes'] / 1024:,.0f} KiB (+ {result['wal_bytes'] / 1024:,.0f}) |"
    )
    if result["error_examples"]:
        out.append(
            "\nFirst errors: "
            + "; ".join(
                f"{e['role']} {e['what']}: {json.dumps(e['detail'], ensure_ascii=False, default=str)[:200]}"
                for e in result["error_examples"][:5]
            )
        )
    if f["examples"]:
        out.append(
            "\nScreens that differ: "
            + "; ".join(f"{e['screen']} {e['index']} ({', '.join(e['fields'])})" for e in f["examples"])
        )
    if result["server_log_errors"]:
        out.append("\nThe server's log: " + " / ".join(result["server_log_errors"][:5]))
    return "\n".join(out)


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--minutes", type=float, default=10, help="how long the meeting runs (10)")
    parser.add_argument("--phones", type=int, default=300, help="citizens' phones (300)")
    parser.add_argument("--mode", default="eventlet", choices=("eventlet", "gevent", "threading"), help="async mode")
    parser.add_argument("--pace", type=float, default=1.0, help="an operator's seconds between two taps, ±50%% (1)")
    parser.add_argument("--door-pace", type=float, default=4.0, help="seconds between two taps at the door, ±50%% (4)")
    parser.add_argument("--stage-every", type=int, default=3, help="speaking turns per stage (3)")
    parser.add_argument("--requests-per-minute", type=float, default=4, help="phones asking to speak (4 a minute)")
    parser.add_argument("--churn-per-minute", type=float, default=10, help="phones leaving and coming back (10)")
    parser.add_argument(
        "--one-address",
        action="store_true",
        help="every phone from 127.0.0.1 (the limiter then allows 10 requests a minute)",
    )
    parser.add_argument("--sample-every", type=float, default=10, help="seconds between RSS and CPU samples (10)")
    parser.add_argument(
        "--warmup", type=float, default=2, help="minutes left out of the RSS slope (2; at most half the run)"
    )
    parser.add_argument(
        "--backup-every",
        type=float,
        metavar="MINUTES",
        help="the server's --backup-every (default: the server's own, 10: a backup at start and one near the end"
        " of a 10-minute soak, as in a hall)",
    )
    parser.add_argument("--seed", type=int, default=1, help="the script's random choices")
    parser.add_argument("--batch", type=int, default=50, help="phones connected at once")
    parser.add_argument("--connect-timeout", type=float, default=60, help="seconds for a batch to connect and join")
    parser.add_argument("--max-rss-slope", type=float, default=1.0, help="MiB a minute after warm-up (1)")
    parser.add_argument("--max-ack-p99", type=float, default=250.0, help="the chair's ack p99 in ms (250)")
    parser.add_argument("--max-disconnects", type=int, default=0, help="unplanned disconnects allowed (0)")
    parser.add_argument("--json", type=Path, help="write every figure to this file")
    args = parser.parse_args(argv)
    if args.minutes <= 0 or args.phones < 1 or args.pace <= 0 or args.door_pace <= 0 or args.stage_every < 1:
        parser.error("--minutes, --pace and --door-pace must be positive, --phones and --stage-every at least 1")
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    raise_file_limit(args.phones + 100)
    result: dict = {
        "machine": machine(),
        "args": {k: str(v) if isinstance(v, Path) else v for k, v in vars(args).items()},
    }
    log(f"== soak: {args.phones} phones, {args.minutes:g} min, {args.mode}")
    with tempfile.TemporaryDirectory(prefix="bench-soak-") as tmp:
        extra = ("--backup-every", f"{args.backup_every:g}") if args.backup_every is not None else ()
        server = LiveServer(Path(tmp) / "soak.db", async_mode=args.mode, extra=extra)
        try:
            server.start()
            if "chair" not in server.pins or "secretary" not in server.pins:
                raise BenchError(f"no chair or secretary PIN in the server's output:\n{tail(server.log_path)}")
            asyncio.run(soak(server, args, result))
        except (Exception, KeyboardInterrupt, asyncio.CancelledError) as exc:
            message = str(exc) or repr(exc)
            log(f"the soak failed: {message}")
            if not isinstance(exc, (BenchError, KeyboardInterrupt, asyncio.CancelledError)):
                traceback.print_exc()
            if server.proc is not None:
                log(f"--- server log ({server.log_path}):\n{tail(server.log_path)}")
            result["error"] = message
        finally:
            server.stop()
    result["machine"]["load_average_end"] = os.getloadavg()
    result["checks"] = [
        {"check": what, "measured": measured, "bound": bound, "passed": passed}
        for what, measured, bound, passed in checks(result, args)
    ]
    print(tables(result, args))
    if args.json:
        args.json.write_text(json.dumps(result, indent=2, ensure_ascii=False, default=str))
        log(f"results written to {args.json}")
    failed = [c["check"] for c in result["checks"] if not c["passed"]]
    if failed:
        log(f"FAILED: {'; '.join(failed)}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
