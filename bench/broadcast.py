"""How long a command takes to reach every screen, per async mode, measured in one run.

Starts the real server (``python -m server``) in a subprocess for each mode, connects N public
screens (socketio.AsyncClient, one process) and one chair, then sends K ``message.show``
commands one after another. For each command it records the ack latency and the time until the
last of the N screens has received the snapshot with that version.

The machine is shared and noisy: compare the modes with each other within one run, not with
numbers from another day. Usage: python bench/broadcast.py [--clients 100] [--commands 30]
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
import time
from pathlib import Path

import socketio

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from tests.live_server import LiveServer  # noqa: E402


def pct(values: list[float], p: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))]


async def run(url: str, pin: str, n_clients: int, n_commands: int) -> dict[str, list[float]]:
    arrivals: dict[int, list[float]] = {}
    screens = []

    async def screen():
        sio = socketio.AsyncClient(reconnection=False)

        @sio.on("state")
        async def on_state(state):
            arrivals.setdefault(state["version"], []).append(time.perf_counter())

        await sio.connect(url, transports=["websocket"])
        ack = await sio.call("join", {"meeting_id": 1, "role": "public"})
        assert ack["ok"]
        screens.append(sio)

    for start in range(0, n_clients, 50):
        await asyncio.gather(*(screen() for _ in range(min(50, n_clients - start))))
    # The chair is a separate (threaded) client, so that the screens' work in this event loop
    # does not delay the reading of its acks.
    chair = socketio.Client(reconnection=False)
    chair.connect(url, transports=["websocket"])
    assert chair.call("join", {"meeting_id": 1, "role": "chair", "pin": pin})["ok"]

    def command(i: int) -> dict:
        envelope = {
            "id": f"bench-{i:08d}-{time.time_ns()}",
            "name": "message.show",
            "payload": {"text": f"Thông báo số {i}"},
        }
        return chair.call("command", envelope)

    acks, fanout = [], []
    for i in range(n_commands):
        sent = time.perf_counter()
        ack = await asyncio.to_thread(command, i)
        acks.append(time.perf_counter() - sent)
        version = ack["version"]
        deadline = time.perf_counter() + 10
        while len(arrivals.get(version, [])) < n_clients and time.perf_counter() < deadline:
            await asyncio.sleep(0.001)
        got = arrivals.get(version, [])
        assert len(got) == n_clients, f"only {len(got)} of {n_clients} screens got version {version}"
        fanout.append(max(got) - sent)
    chair.disconnect()
    for sio in screens:
        await sio.disconnect()
    return {"ack": acks, "all_screens": fanout}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--clients", type=int, default=100)
    parser.add_argument("--commands", type=int, default=30)
    parser.add_argument("--modes", default="eventlet,gevent,threading")
    args = parser.parse_args()
    print(f"{args.clients} public screens + 1 chair, {args.commands} commands, server and clients on this machine")
    print(f"{'mode':<10} {'ack p50':>9} {'ack p99':>9} {'all p50':>9} {'all p99':>9}   (milliseconds)")
    for mode in args.modes.split(","):
        with tempfile.TemporaryDirectory() as tmp:
            server = LiveServer(Path(tmp) / "bench.db", async_mode=mode).start()
            try:
                result = asyncio.run(run(server.url, server.pins["chair"], args.clients, args.commands))
            finally:
                server.stop()
        ms = {k: [v * 1000 for v in vals] for k, vals in result.items()}
        print(
            f"{mode:<10} {statistics.median(ms['ack']):9.1f} {pct(ms['ack'], 99):9.1f}"
            f" {statistics.median(ms['all_screens']):9.1f} {pct(ms['all_screens'], 99):9.1f}"
        )


if __name__ == "__main__":
    main()
