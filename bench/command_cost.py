"""CPU per command against the meeting's size, for this code and a baseline commit, in one run.

For each meeting size (speakers × opinions) it stores a meeting in a fresh SQLite file (WAL,
``synchronous=FULL``, as the server runs) and sends commands through the real pipeline
(``server.pipeline.handle``): check, apply, write, log, and the encoding of what the broadcast sends
(JSON, as Socket.IO encodes it once per room). It reports the median CPU time per command
(``time.process_time``: the fsync's wait is not CPU) for commands that touch no big collection:
``message.show``, ``timer.start``/``timer.pause`` and ``speaker.call_next``.

Usage:
    python bench/command_cost.py                      # this checkout only
    python bench/command_cost.py --baseline e7d7e91   # and a baseline commit, same run, interleaved
    python bench/command_cost.py --quick              # a smoke run (CI)

The baseline runs from a temporary ``git worktree`` of that commit, in a subprocess of its own
(``--root``), size by size, alternating with this checkout, so both see the same machine load.
"""

from __future__ import annotations

import argparse
import importlib
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent.parent
T0 = 1_685_000_000.0
SIZES = [(10, 0), (10, 100), (10, 1000), (100, 0), (100, 100), (100, 1000), (500, 0), (500, 100), (500, 1000)]
QUICK_SIZES = [(10, 0), (50, 20)]
COMMANDS = ("message.show", "timer.start/pause", "speaker.call_next")
SUMMARY = (
    "Ý kiến về việc cấp giấy chứng nhận quyền sử dụng đất ở cho các hộ gia đình xóm Đông, hồ sơ đã nộp từ năm 2021 "
    "nhưng đến nay chưa được giải quyết, đề nghị xã trả lời rõ thời hạn"
)


def measure(root: Path, speakers: int, opinions: int, repeat: int) -> dict[str, float]:
    """Median CPU milliseconds per command, for the code at ``root``."""
    sys.path.insert(0, str(root))
    demo = importlib.import_module("server.demo")
    model = importlib.import_module("server.domain.model")
    pipeline = importlib.import_module("server.pipeline")
    try:
        store_module = importlib.import_module("server.storage")
    except ModuleNotFoundError:  # a baseline from before the store was split into server.storage
        store_module = importlib.import_module("server.store")
    projection = importlib.import_module("server.domain.projection")

    meeting = demo.demo_meeting(T0)
    while len(meeting.speakers) < speakers:
        n = len(meeting.speakers)
        meeting.speakers.append(
            model.Speaker(meeting.new_id(), f"Nguyễn Văn Người {n}", "Xóm Đông", "Đất đai, giao thông", 180)
        )
    for n in range(opinions):
        meeting.opinions.append(
            model.Opinion(meeting.new_id(), f"{SUMMARY} ({n})", text=SUMMARY * 3, category="Môi trường", raised_at=T0)
        )
    with tempfile.TemporaryDirectory() as tmp:
        store = store_module.Store(str(Path(tmp) / "bench.db"))
        store.create_meeting(meeting)
        counter = iter(range(10**9))

        def broadcast(*sent):
            # Encode what each room is sent, once per room, as python-socketio does.
            if len(sent) == 1:  # the baseline: the whole snapshot per role
                for role in ("chair", "secretary", "public"):
                    json.dumps(projection.project(sent[0], role), separators=(",", ":"))
            else:
                for patch in sent[1].values():
                    json.dumps(patch, separators=(",", ":"), ensure_ascii=False)

        def send(name: str, payload: dict) -> float:
            envelope = {"id": f"bench-{next(counter):010d}", "name": name, "payload": payload}
            start = time.process_time()
            ack = pipeline.handle(store, 1, "chair", envelope, T0, broadcast)
            spent = time.process_time() - start
            assert ack["ok"], ack
            return spent * 1000

        results: dict[str, list[float]] = {name: [] for name in COMMANDS}
        send("speaker.call_next", {"expected_speaker_id": None})
        current = store.load(1).speaker_id
        for i in range(repeat):
            results["message.show"].append(send("message.show", {"text": f"Giữ trật tự {i}"}))
            name = "timer.start" if i == 0 else "timer.resume"
            results["timer.start/pause"].append(send(name, {"speaker_id": current}))
            results["timer.start/pause"].append(send("timer.pause", {"speaker_id": current}))
        for _ in range(min(repeat, speakers - 2)):
            results["speaker.call_next"].append(send("speaker.call_next", {"expected_speaker_id": current}))
            current += 1  # demo speakers have consecutive ids
        store.close()
    return {name: statistics.median(values) for name, values in results.items() if values}


def child(args: argparse.Namespace) -> None:
    speakers, opinions = (int(x) for x in args.size.split("x"))
    print(json.dumps(measure(Path(args.root), speakers, opinions, args.repeat)))


def run_in(root: Path, speakers: int, opinions: int, repeat: int) -> dict[str, float]:
    out = subprocess.run(
        [sys.executable, __file__, "--child", "--root", str(root), "--size", f"{speakers}x{opinions}"]
        + ["--repeat", str(repeat)],
        check=True,
        capture_output=True,
        text=True,
        cwd=root,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--baseline", help="a commit to compare with, e.g. e7d7e91")
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument("--quick", action="store_true", help="tiny sizes, a smoke run")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--root", help=argparse.SUPPRESS)
    parser.add_argument("--size", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args)
        return
    sizes = QUICK_SIZES if args.quick else SIZES
    repeat = 3 if args.quick else args.repeat
    roots = {"this": HERE}
    worktree = None
    if args.baseline:
        worktree = Path(tempfile.mkdtemp(prefix="bench-baseline-")) / "tree"
        git = ["git", "-C", str(HERE), "worktree"]
        subprocess.run([*git, "add", "--detach", str(worktree), args.baseline], check=True)
        roots = {args.baseline: worktree, "this": HERE}
    try:
        rows = []
        for speakers, opinions in sizes:
            got = {label: run_in(root, speakers, opinions, repeat) for label, root in roots.items()}
            rows.append(((speakers, opinions), got))
            print(f"{speakers} speakers, {opinions} opinions: {json.dumps(got)}", file=sys.stderr, flush=True)
    finally:
        if worktree is not None:
            subprocess.run(["git", "-C", str(HERE), "worktree", "remove", "--force", str(worktree)], check=False)

    labels = list(roots)
    print(f"\nCPU per command, median ms ({os.cpu_count()} cores, Python {sys.version.split()[0]})\n")
    head = "| speakers | opinions | " + " | ".join(f"{c} ({label})" for c in COMMANDS for label in labels) + " |"
    print(head)
    print("|" + "---|" * (2 + len(COMMANDS) * len(labels)))
    for (speakers, opinions), got in rows:
        cells = [f"{got[label].get(c, float('nan')):.2f}" for c in COMMANDS for label in labels]
        print(f"| {speakers} | {opinions} | " + " | ".join(cells) + " |")
    empty = rows[0][1]["this"]
    worst = {c: max(got["this"].get(c, 0) for _size, got in rows) / empty[c] for c in COMMANDS if c in empty}
    ratios = ", ".join(f"{c} {r:.2f}×" for c, r in worst.items())
    print(f"\nThe costliest size against the smallest meeting (this code): {ratios}")


if __name__ == "__main__":
    main()
