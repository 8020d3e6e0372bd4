"""The real server killed with SIGKILL mid-meeting and restarted on the same file.

Three operators' screens (chair, secretary, door) and the projector are connected; the chair's
speaking timer runs; each operator's thread sends commands one after another. The server process is
killed with SIGKILL while they do, the screens keep sending for a moment while it is down, then it
is started again on the same port and database. What a user would check:

- every command whose ack came back ok is in the record once (the log, with the version its ack
  gave) and its effect is in the state: the queue, the walk-ins, the message, the timer's allowance;
- every command sent while the server was down failed visibly (the screen's call raised: no ack),
  and none of them is in the record;
- every screen joined again by itself and shows exactly what a fresh snapshot shows;
- the running timer was neither reset nor paused: it started at the same instant and shows what it
  would have shown had nothing happened (the outage counted as time spoken);
- resending the failed commands with the same ids applies each exactly once, including those whose
  first attempt landed just before the kill (answered as a duplicate, with the version it made);
  resending acknowledged ones changes nothing.

docs/reliability.md, first row of the failure table.
"""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import threading
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

import pytest
import socketio

from ..support.client import Client
from ..support.live_server import LiveServer

pytestmark = pytest.mark.live

CALL_TIMEOUT = 3.0  # how long a screen waits for an ack before it reports the command as not sent
TIMER_TOLERANCE = 2.0  # seconds, between the server's countdown and the test's own clock
DOWN_FOR = 3.0  # seconds at least without a server: a timer paused by the crash would be off by more
SECRETARY_PREFIX = "Người đăng ký "
DOOR_PREFIX = "Khách vãng lai "
XOM = "Xóm Thử"


@dataclass
class Sent:
    """One command as a screen sent it, and what came back."""

    envelope: dict
    sent_at: float  # wall clock (the server's clock too: the same machine), just before sending
    ack: dict | None = None
    error: str | None = None  # the exception the call raised: no ack

    @property
    def id(self) -> str:
        return self.envelope["id"]


@dataclass
class Operator:
    """A screen whose thread sends a command, waits for its ack (or the timeout), then the next."""

    screen: Client
    make: Callable[[int], tuple[str, dict]]  # the n-th command: (name, payload)
    sent: list[Sent] = field(default_factory=list)
    crash: BaseException | None = None
    stop: threading.Event = field(default_factory=threading.Event)
    busy: bool = False  # waiting for an ack
    thread: threading.Thread | None = None

    def start(self) -> None:
        self.thread = threading.Thread(target=self._run, name=f"operator-{self.screen.role}", daemon=True)
        self.thread.start()

    def _run(self) -> None:
        try:
            n = 0
            while not self.stop.is_set():
                n += 1
                name, payload = self.make(n)
                sent = Sent({"id": f"crash-{self.screen.role}-{n:05d}", "name": name, "payload": payload}, time.time())
                self.busy = True
                try:
                    sent.ack = self.screen.sio.call("command", sent.envelope, timeout=CALL_TIMEOUT)
                except socketio.exceptions.SocketIOError as exc:  # TimeoutError, BadNamespaceError
                    sent.error = type(exc).__name__
                finally:
                    self.busy = False
                self.sent.append(sent)
                # A screen that cannot reach the server tries again a little later, as a person would.
                time.sleep(0.2 if sent.error else 0.01)
        except BaseException as exc:  # reported by the test, never lost in a thread
            self.crash = exc

    def acked(self) -> list[Sent]:
        return [s for s in self.sent if s.ack is not None and s.ack.get("ok")]

    def failed(self) -> list[Sent]:
        return [s for s in self.sent if s.error is not None]

    def refused(self) -> list[Sent]:
        return [s for s in self.sent if s.ack is not None and not s.ack.get("ok")]

    def halt(self) -> None:
        self.stop.set()
        if self.thread is not None:
            self.thread.join(CALL_TIMEOUT + 10)
            assert not self.thread.is_alive(), f"{self.screen.role}'s thread did not stop"


def read_log(db) -> dict[str, list[dict]]:
    """The log rows of meeting 1 by command id, read from the file with a read-only connection."""
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    conn.row_factory = sqlite3.Row
    try:
        rows = conn.execute("select * from log where meeting_id = 1 order by seq").fetchall()
    finally:
        conn.close()
    out: dict[str, list[dict]] = {}
    for row in rows:
        out.setdefault(row["command_id"], []).append(dict(row))
    return out


def log_payloads(log: dict[str, list[dict]], name: str) -> list[tuple[int, dict]]:
    """(seq, payload) of every logged command ``name``, in the order applied."""
    found = [(r["seq"], json.loads(r["payload"])) for rows in log.values() for r in rows if r["name"] == name]
    return sorted(found, key=lambda x: x[0])


def server_now(screen: Client) -> float:
    ack = screen.sio.call("time", {}, timeout=10)
    assert ack["ok"], ack
    return ack["now"]


def remaining(timer: dict, now: float) -> float:
    """docs/protocol.md: remaining = duration − (elapsed + (now − started_at) if started_at else elapsed)."""
    spoken = timer["elapsed"] + (now - timer["started_at"] if timer["started_at"] else 0)
    return timer["duration"] - spoken


def wait_until(predicate, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        assert time.monotonic() < deadline, what
        time.sleep(0.02)


def test_a_sigkill_mid_meeting_loses_no_acknowledged_command_and_retries_apply_once(tmp_path):
    db = tmp_path / "crash.db"
    server = LiveServer(db)
    screens: list[Client] = []
    operators: list[Operator] = []
    try:
        server.start()
        chair = Client(server.url, "chair", server.pins["chair"])
        screens.append(chair)
        secretary = Client(server.url, "secretary", server.pins["secretary"])
        screens.append(secretary)
        door = Client(server.url, "door", server.pins["door"])
        screens.append(door)
        projector = Client(server.url, "public")
        screens.append(projector)

        # The meeting runs: the first speaker is at the microphone and the timer is running.
        assert chair.send("stage.next", {"expected_stage_id": None}, command_id="crash-setup-0001")["ok"]
        ack = chair.send("speaker.call_next", {"expected_speaker_id": None}, command_id="crash-setup-0002")
        assert ack["ok"], ack
        sid = chair.wait_for(lambda s: s["speaker_id"] is not None)["speaker_id"]
        before_start = time.time()
        ack = chair.send("timer.start", {"speaker_id": sid}, command_id="crash-setup-0003")
        after_start = time.time()
        assert ack["ok"], ack
        timer0 = chair.wait_for(lambda s: s["version"] >= ack["version"])["timer"]
        assert timer0["started_at"] is not None and before_start - 0.5 <= timer0["started_at"] <= after_start + 0.5

        def chair_command(n):
            if n % 2:
                return "message.show", {"text": f"Thông báo số {n:04d}"}
            return "timer.adjust", {"speaker_id": sid, "seconds": 1}

        operators = [
            Operator(chair, chair_command),
            Operator(
                secretary,
                lambda n: ("speaker.add", {"name": f"{SECRETARY_PREFIX}{n:04d}", "xom": XOM, "topic": "Đường"}),
            ),
            Operator(door, lambda n: ("citizen.walk_in", {"name": f"{DOOR_PREFIX}{n:04d}", "xom": XOM})),
        ]
        for op in operators:
            op.start()

        # Commands flow from the three screens; then the laptop's server process dies mid-flight.
        wait_until(lambda: all(len(op.acked()) >= 15 for op in operators), 30, "the screens' commands did not flow")
        deadline = time.monotonic() + 2  # at a moment when every screen waits for an ack, if one comes soon
        while not all(op.busy for op in operators) and time.monotonic() < deadline:
            time.sleep(0.0005)
        pid = server.proc.pid
        os.kill(pid, signal.SIGKILL)
        server.proc.wait(10)
        dead_at = time.time()
        down_since = time.monotonic()

        # While it is down the screens keep trying: each gets a visible failure, not an ack.
        wait_until(
            lambda: (
                time.monotonic() - down_since >= DOWN_FOR
                and all(sum(s.sent_at > dead_at for s in op.sent) >= 2 for op in operators)
            ),
            CALL_TIMEOUT + DOWN_FOR + 15,
            "the screens did not try while the server was down",
        )
        for op in operators:
            op.halt()
            assert op.crash is None, f"{op.screen.role}'s thread crashed: {op.crash!r}"
            assert not op.refused(), [s.ack for s in op.refused()]
            while_down = [s for s in op.sent if s.sent_at > dead_at]
            assert while_down and all(s.ack is None and s.error for s in while_down), while_down
            assert not any(s.sent_at > dead_at for s in op.acked())
        acked = [s for op in operators for s in op.acked()]
        failed = [s for op in operators for s in op.failed()]
        in_flight = [s for s in failed if s.sent_at <= dead_at]  # sent before the death: may have landed

        # The server comes back on the same port and file; the screens come back by themselves.
        server.stop()  # the dead process's log file
        server.start()
        up_at = time.monotonic()
        for screen in screens:
            wait_until(lambda screen=screen: screen.joins >= 2, 20, f"{screen.role} did not join again by itself")
        rejoined_after = max(s.joined_at[-1] for s in screens) - up_at
        outage = min(s.joined_at[-1] for s in screens) - down_since
        assert outage > TIMER_TOLERANCE + 1  # long enough for the timer check to tell

        # The record: every acknowledged command is there once, with the version its ack gave; none
        # sent while the server was down is; one in flight at the kill is there at most once.
        log = read_log(db)
        assert all(len(rows) == 1 for rows in log.values()), "a command id logged twice"
        missing = [s.id for s in acked if s.id not in log]
        assert not missing, f"acknowledged commands lost by the crash: {missing}"
        assert all(log[s.id][0]["version"] == s.ack["version"] for s in acked)
        assert not [s.id for s in failed if s.sent_at > dead_at and s.id in log]
        landed = {s.id for s in in_flight if s.id in log}
        ours = {i for i in log if i.startswith("crash-")}
        assert ours == {f"crash-setup-000{n}" for n in (1, 2, 3)} | {s.id for s in acked} | landed

        # The state holds exactly what the record says, and each screen shows exactly that.
        state = secretary.assert_matches_a_fresh_snapshot()
        for screen in (chair, door, projector):
            screen.assert_matches_a_fresh_snapshot()
        check_state(state, log, sid)
        for s in acked:  # what each acknowledged command did is there
            if s.envelope["name"] == "speaker.add":
                assert s.envelope["payload"]["name"] in {x["name"] for x in state["speakers"]}
            elif s.envelope["name"] == "citizen.walk_in":
                assert s.envelope["payload"]["name"] in {x["name"] for x in state["citizens"]}

        # The timer ran on through the crash: same start, nothing lost, nothing added.
        check_timer(chair, timer0, log, sid, before_start)

        # The screens resend what failed, with the same ids: each applies once; one that had landed
        # before the kill is answered as a duplicate, with the version it made then.
        by_role = {op.screen.role: op for op in operators}
        for s in failed:
            screen = by_role[s.envelope["id"].split("-")[1]].screen
            ack = screen.sio.call("command", s.envelope, timeout=10)
            assert ack["ok"], (s.envelope, ack)
            if s.id in landed:
                assert ack["duplicate"] is True and ack["version"] == log[s.id][0]["version"], ack
            else:
                assert "duplicate" not in ack, ack
        # Resending an acknowledged command (its ack lost, as far as the screen knows) changes nothing.
        for op in operators:
            for s in op.acked()[-3:]:
                ack = op.screen.sio.call("command", s.envelope, timeout=10)
                assert ack == {**s.ack, "duplicate": True}, ack

        log = read_log(db)
        assert all(len(rows) == 1 for rows in log.values()), "a command id logged twice"
        ours = {i for i in log if i.startswith("crash-")}
        assert ours == {f"crash-setup-000{n}" for n in (1, 2, 3)} | {s.id for s in acked + failed}
        state = secretary.assert_matches_a_fresh_snapshot()
        for screen in (chair, door, projector):
            screen.assert_matches_a_fresh_snapshot()
        check_state(state, log, sid)
        sent = [s for op in operators for s in op.sent]
        added = Counter(x["name"] for x in state["speakers"] if x["name"].startswith(SECRETARY_PREFIX))
        assert added == Counter(s.envelope["payload"]["name"] for s in sent if s.envelope["name"] == "speaker.add")
        walked_in = Counter(x["name"] for x in state["citizens"] if x["name"].startswith(DOOR_PREFIX))
        assert walked_in == Counter(
            s.envelope["payload"]["name"] for s in sent if s.envelope["name"] == "citizen.walk_in"
        )
        adjusts = sum(s.envelope["name"] == "timer.adjust" for s in sent)
        assert state["timer"]["duration"] == timer0["duration"] + adjusts
        check_timer(chair, timer0, log, sid, before_start)

        # The chair goes on where it was.
        ack = chair.send("timer.pause", {"speaker_id": sid}, command_id="crash-after-0001")
        assert ack["ok"], ack
        projector.wait_for(lambda s: s["version"] >= ack["version"] and s["timer"]["started_at"] is None)
        assert not [a for s in screens for a in s.refused_joins]

        print(
            f"\nacked {len(acked)}, failed {len(failed)} (in flight at the kill {len(in_flight)}, "
            f"of which landed {len(landed)}), outage {outage:.1f} s, "
            f"screens back {rejoined_after:.1f} s after the restart; "
            f"failures {dict(Counter(s.error for s in failed))}, gaps {[s.gaps for s in screens]}"
        )
    finally:
        for op in operators:
            op.stop.set()
        for screen in screens:
            screen.close()
        for op in operators:
            if op.thread is not None:
                op.thread.join(CALL_TIMEOUT + 10)
        server.stop()


def check_state(state: dict, log: dict[str, list[dict]], sid: int) -> None:
    """The meeting's state is exactly what its log says our commands did."""
    added = [p["name"] for _, p in log_payloads(log, "speaker.add")]
    assert Counter(x["name"] for x in state["speakers"] if x["name"].startswith(SECRETARY_PREFIX)) == Counter(added)
    walked_in = [p["name"] for _, p in log_payloads(log, "citizen.walk_in")]
    citizens = [x for x in state["citizens"] if x["name"].startswith(DOOR_PREFIX)]
    assert Counter(x["name"] for x in citizens) == Counter(walked_in)
    assert all(x["present"] and x["walk_in"] for x in citizens)
    shown = log_payloads(log, "message.show")
    assert state["message"] == (shown[-1][1]["text"] if shown else "")
    assert state["speaker_id"] == sid


def check_timer(chair: Client, timer0: dict, log: dict[str, list[dict]], sid: int, started: float) -> None:
    """The timer runs from the instant it was started before the crash; its allowance is the first
    one plus every logged adjustment; the countdown equals the test's own clock's."""
    timer = chair.state["timer"]
    adjusts = sum(p["seconds"] for _, p in log_payloads(log, "timer.adjust") if p["speaker_id"] == sid)
    assert timer["started_at"] == timer0["started_at"], "the timer was restarted"
    assert timer["elapsed"] == timer0["elapsed"], "the timer lost or gained spoken time"
    assert timer["duration"] == timer0["duration"] + adjusts
    now = server_now(chair)
    assert abs(now - time.time()) < TIMER_TOLERANCE  # one machine, one clock
    expected = timer0["duration"] + adjusts - timer0["elapsed"] - (time.time() - started)
    assert abs(remaining(timer, now) - expected) < TIMER_TOLERANCE, (remaining(timer, now), expected)
