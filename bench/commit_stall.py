"""Does the commit's fsync freeze the other screens? Measured with and without a worker thread.

Under eventlet and gevent one thread serves every screen, and SQLite's COMMIT (with
``synchronous=FULL``: an fsync) blocks it while the disk syncs. This starts the real server twice per
async mode, with ``--commit-in-thread off`` and ``on``, in alternating rounds; in each round K
chair screens of meeting 1 send ``message.show`` back to back (durable commands) while a probe
screen of another meeting asks the server's ``time`` every 5 ms. It reports the probe's round trip
(p50/p99: how long any other screen waits for the server) and the durable commands per second.

Usage: python bench/commit_stall.py [--senders 4] [--seconds 5] [--rounds 3] [--modes eventlet,gevent]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

import socketio

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from tests.support.live_server import LiveServer  # noqa: E402


def pct(values: list[float], p: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))] if values else float("nan")


def round_trip(server: LiveServer, senders: int, seconds: float) -> tuple[list[float], int]:
    stop = threading.Event()
    counts = [0] * senders
    clients = []
    for _ in range(senders):
        sio = socketio.Client(reconnection=False)
        sio.connect(server.url, transports=["websocket"], wait_timeout=10)
        join = {"meeting_id": 1, "role": "chair", "pin": server.pins["chair"], "name": "Bench"}
        assert sio.call("join", join, timeout=10)["ok"]
        clients.append(sio)
    probe = socketio.Client(reconnection=False)
    probe.connect(server.url, transports=["websocket"], wait_timeout=10)

    def send(n: int) -> None:
        i = 0
        while not stop.is_set():
            envelope = {"id": f"s{n}-{time.time_ns()}-{i}", "name": "message.show", "payload": {"text": f"{n} {i}"}}
            ack = clients[n].call("command", envelope, timeout=10)
            if ack.get("ok"):
                counts[n] += 1
            i += 1

    threads = [threading.Thread(target=send, args=(n,)) for n in range(senders)]
    for t in threads:
        t.start()
    rtts = []
    start = time.perf_counter()
    while time.perf_counter() - start < seconds:
        t0 = time.perf_counter()
        probe.call("time", {}, timeout=10)
        rtts.append((time.perf_counter() - t0) * 1000)
        time.sleep(0.005)
    stop.set()
    for t in threads:
        t.join()
    for sio in [*clients, probe]:
        sio.disconnect()
    return rtts, sum(counts)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--senders", type=int, default=4)
    parser.add_argument("--seconds", type=float, default=5)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--modes", default="eventlet,gevent")
    args = parser.parse_args()
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for mode in args.modes.split(","):
            results: dict[str, tuple[list[float], list[float]]] = {"off": ([], []), "on": ([], [])}
            servers = {}
            try:
                for setting in ("off", "on"):
                    db = Path(tmp) / f"{mode}-{setting}.db"
                    servers[setting] = LiveServer(db, async_mode=mode, extra=("--commit-in-thread", setting)).start()
                for _ in range(args.rounds):
                    for setting in ("off", "on"):
                        rtts, done = round_trip(servers[setting], args.senders, args.seconds)
                        results[setting][0].extend(rtts)
                        results[setting][1].append(done / args.seconds)
            finally:
                for server in servers.values():
                    server.stop()
            for setting, (rtts, rates) in results.items():
                rows.append((mode, setting, pct(rtts, 50), pct(rtts, 99), statistics.median(rates)))
    print(f"\n{args.senders} senders, {args.rounds} rounds of {args.seconds} s\n")
    print("| mode | commit in a thread | other screen's round trip p50 | p99 | durable commands/s |")
    print("|---|---|---|---|---|")
    for mode, setting, p50, p99, rate in rows:
        print(f"| {mode} | {setting} | {p50:.2f} ms | {p99:.2f} ms | {rate:.0f} |")


if __name__ == "__main__":
    main()
