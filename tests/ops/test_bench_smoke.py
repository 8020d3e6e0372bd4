"""bench/load.py runs end to end (a smoke run: nothing here is timed or compared).

It starts the real server and the floor server itself, in subprocesses; its screens are
python-socketio AsyncClients, which need aiohttp.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.live

ROOT = Path(__file__).resolve().parents[2]
TABLES = (
    "### Fan-out vs the stack's floor",
    "### Durable commands per second",
    "### Server memory with idle screens",
    "### Restart after `kill -9`",
)


def bench(*args: str) -> subprocess.CompletedProcess:
    """Run a benchmark script from the project's root; it must exit 0."""
    run = subprocess.run([sys.executable, *args], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, f"exit {run.returncode}\n{run.stdout}\n{run.stderr}"
    return run


def test_load_benchmark_runs_and_prints_every_table(tmp_path):
    results = tmp_path / "load.json"
    options = ("--quick", "--sizes", "10", "--modes", "eventlet", "--commands", "3", "--phones")
    run = bench("bench/load.py", *options, "--json", str(results))
    for title in TABLES:
        assert title in run.stdout, f"{title!r} missing from:\n{run.stdout}"
    eventlet = json.loads(results.read_text())["modes"]["eventlet"]
    fanout = eventlet["fanout"][0]
    assert fanout["screens"] == 10 and fanout["real"] and fanout["floor"]
    # As phones: one in ten asked to speak and was heard; each asked its status on the patches.
    assert fanout["requests_accepted"] == 1 and fanout["status_calls"] >= 10
    assert [t["senders"] for t in eventlet["throughput"]] == [1, 4, 16]
    assert eventlet["rss"]["after_mib"] > 0
    assert eventlet["restart"]["screens"] == 10


def test_load_benchmark_runs_two_processes_behind_nginx(tmp_path):
    """--processes 2: the fan-out through a real nginx to two processes sharing Redis, and the
    screens (each from its own loopback address) on both of them."""
    missing = [
        name
        for name, found in (
            ("nginx", shutil.which("nginx") or os.access("/usr/sbin/nginx", os.X_OK)),
            ("redis-server", shutil.which("redis-server")),
        )
        if not found
    ]
    if missing:
        if os.environ.get("CI"):
            pytest.fail(f"{' and '.join(missing)} required in CI and missing")
        pytest.skip(f"no {' or '.join(missing)} (apt-get install nginx redis-server)")
    results = tmp_path / "load.json"
    options = ("--quick", "--sizes", "6", "--modes", "eventlet", "--processes", "2", "--commands", "3")
    run = bench("bench/load.py", *options, "--json", str(results))
    assert TABLES[0] in run.stdout, run.stdout
    # | mode | processes | screens | per process | rounds | …
    row = re.search(r"^\| eventlet \| (\d+) \| (\d+) \| (\d+) \+ (\d+) \| (\d+) \|", run.stdout, re.M)
    assert row, f"no fan-out row for two processes in:\n{run.stdout}"
    processes, screens, first, second, rounds = map(int, row.groups())
    assert (processes, screens, rounds) == (2, 6, 3)
    assert first > 0 and second > 0 and first + second == 6, row[0]
    fanout = json.loads(results.read_text())["modes"]["eventlet"]["fanout"][0]
    assert fanout["processes"] == 2 and fanout["floor_processes"] == 1
    assert fanout["screens_per_process"] == [first, second]
    assert fanout["screens_not_logged"] == 0 and fanout["websocket_statuses"] == {"101": 6}
    assert fanout["real"] and fanout["floor"] and fanout["incomplete"] == {"real": 0, "floor": 0}


@pytest.mark.parametrize(
    "command, expected",
    [
        (["bench/command_cost.py", "--quick"], "CPU per command, median ms"),
        (
            ["bench/commit_stall.py", "--senders", "2", "--seconds", "0.5", "--rounds", "1", "--modes", "eventlet"],
            "durable commands/s",
        ),
    ],
    ids=["command_cost", "commit_stall"],
)
def test_other_benchmarks_run(command, expected):
    assert expected in bench(*command).stdout


def test_soak_runs_a_short_meeting_without_an_error(tmp_path):
    """bench/soak.py at a tiny size: 20 phones, the projector, a chair, a secretary and the door through
    a 15-second scripted meeting. It exits 0 by its own gates (with bounds on the acks and the RSS
    slope that a shared CI machine can hold: nothing here is a measure), every call was acked ok,
    no screen dropped, and every screen's state equals a fresh snapshot."""
    results = tmp_path / "soak.json"
    options = ("--minutes", "0.25", "--phones", "20", "--pace", "0.3", "--door-pace", "1")
    options += ("--requests-per-minute", "12", "--sample-every", "2")
    options += ("--max-rss-slope", "1000", "--max-ack-p99", "5000")
    run = bench("bench/soak.py", *options, "--json", str(results))
    assert "### Soak: 20 phones" in run.stdout and "#### The chair's acks" in run.stdout, run.stdout
    soak = json.loads(results.read_text())
    assert soak["errors"] == 0 and not soak["server_log_errors"], soak["error_examples"]
    assert not soak["disconnects"]
    # 20 phones, the projector and the three operators, each against a fresh snapshot of its role.
    assert soak["final"]["checked"] == 24 and soak["final"]["mismatched"] == 0, soak["final"]["examples"]
    for sent in (
        "chair stage.next",
        "chair speaker.call_next",
        "chair timer.start",
        "chair meeting.close",
        "secretary opinion.add",
        "door citizen.checkin",
        "phone request.submit",
    ):
        assert soak["commands"].get(sent, 0) >= 1, f"no {sent} in {soak['commands']}"
    assert soak["status_calls"] >= 1 and soak["ack"]["chair"]["n"] >= 10
    assert soak["rss"]["end_mib"] > 0 and len(soak["samples"]) >= 3
    assert all(check["passed"] for check in soak["checks"]), soak["checks"]


def test_pages_benchmark_measures_a_page_on_both_servers(tmp_path):
    """bench/pages.py at a tiny size: the phone page on both servers, one round of one change of each
    kind, and the phone's first load. It gives a figure for every cell (not a timing: any number)."""
    if not shutil.which(os.environ.get("CHROMIUM", "/usr/bin/chromium")):
        if os.environ.get("CI"):
            pytest.fail("Chromium is required in CI and is missing")
        pytest.skip("no Chromium (apt-get install chromium)")
    results = tmp_path / "pages.json"
    options = ("--pages", "phone", "--rounds", "1", "--changes", "1", "--window", "0.3", "--idle", "0.5")
    options += ("--settle", "0.2", "--speakers", "3", "--opinions", "3", "--citizens", "4")
    run = bench("bench/pages.py", *options, "--json", str(results))
    assert "#### Main-thread ms per change" in run.stdout and "| phone |" in run.stdout, run.stdout
    pages = json.loads(results.read_text())
    assert pages["meeting"]["large"] == {"speakers": 3, "opinions": 3, "citizens": 4, "checked_in": 2}
    for kind in ("message", "speaker"):
        row = pages["summary"][kind]["phone"]
        assert row["small_ms"] >= 0 and row["large_ms"] >= 0, row
    assert set(pages["idle_ms_per_s"]["small"]) == {"phone"} and pages["idle_ms_per_s"]["large"]["phone"] >= 0
    for size in ("small", "large"):
        first = pages["phone"][size]["first"]
        assert first["shown_s"] > 0 and first["http_bytes"] > 0, first
        # Its own files came over the wire the first time, from the cache the second.
        assert any(path.endswith("/js/phone.js") or "/pages/phone" in path for path in first["requests"]), first
        assert pages["phone"][size]["again"]["http_bytes"] < first["http_bytes"]
    assert pages["page_errors"] == {}
