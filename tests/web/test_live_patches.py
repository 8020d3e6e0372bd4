"""Screens that follow a meeting by patches, on the real server, while a chair and a secretary send
commands at the same time: when the commands stop, every screen of every role holds exactly the
snapshot a newly joined screen of its role gets. Nothing drifts, nothing is lost, nothing leaks."""

from __future__ import annotations

import random
import threading
import time

import pytest

from ..support.client import Client
from ..support.live_server import LiveServer

pytestmark = pytest.mark.live

TEXTS = ["Nước sạch", "Đường nội đồng xuống cấp", "Ô nhiễm môi trường", "Đất đai, giấy chứng nhận"]


def chair_command(rng: random.Random, state: dict) -> tuple[str, dict]:
    current = state["speaker_id"]
    queued = [s["id"] for s in state["speakers"] if s["status"] == "queued"]
    opinions = [o["id"] for o in state.get("opinions", []) if o["closed_at"] is None]
    choices = [
        ("speaker.call_next", {"expected_speaker_id": current}),
        ("stage.next", {"expected_stage_id": state["stage_id"]}),
        ("stage.previous", {"expected_stage_id": state["stage_id"]}),
        ("message.show", {"text": rng.choice(TEXTS)}),
        ("message.clear", {}),
    ]
    if current is not None:
        choices += [
            (name, {"speaker_id": current}) for name in ("timer.start", "timer.pause", "timer.resume", "speaker.end")
        ]
        choices.append(("timer.adjust", {"speaker_id": current, "seconds": rng.choice([60, -60])}))
    if len(queued) > 1:
        choices.append(("speaker.move", {"speaker_id": queued[-1], "before_id": queued[0]}))
    if opinions and state["delegates"]:
        choices.append(
            ("opinion.assign", {"opinion_id": rng.choice(opinions), "delegate_id": state["delegates"][0]["id"]})
        )
    return rng.choice(choices)


def secretary_command(rng: random.Random, state: dict, n: int) -> tuple[str, dict]:
    speakers = state["speakers"]
    queued = [s["id"] for s in speakers if s["status"] == "queued"]
    spoken = [s["id"] for s in speakers if s["status"] in ("current", "done") and not s["official"]]
    opinions = [o["id"] for o in state["opinions"] if o["closed_at"] is None]
    category = state["settings"]["categories"][0]
    choices = [("speaker.add", {"name": f"Người dân {n}", "xom": "Xóm Đông", "topic": rng.choice(TEXTS)})]
    if queued:
        choices += [
            ("speaker.update", {"speaker_id": rng.choice(queued), "topic": rng.choice(TEXTS)}),
            ("speaker.move", {"speaker_id": queued[0], "before_id": None}),
            ("speaker.withdraw", {"speaker_id": rng.choice(queued)}),
        ]
    withdrawn = [s["id"] for s in speakers if s["status"] in ("withdrawn", "skipped")]
    if withdrawn:
        choices.append(("speaker.restore", {"speaker_id": rng.choice(withdrawn)}))
    if spoken:
        summary = f"{rng.choice(TEXTS)} ({n})"
        choices.append(("opinion.add", {"summary": summary, "category": category, "speaker_id": rng.choice(spoken)}))
    if opinions:
        choices += [
            ("opinion.update", {"opinion_id": rng.choice(opinions), "summary": f"Đã sửa {n}"}),
            ("opinion.outcome", {"opinion_id": rng.choice(opinions), "outcome": "noted"}),
        ]
    choices.append(
        ("stage.update", {"stage_id": rng.choice(state["stages"])["id"], "planned_minutes": rng.randint(5, 60)})
    )
    return rng.choice(choices)


def test_screens_following_patches_end_identical_to_a_fresh_snapshot(tmp_path):
    server = LiveServer(tmp_path / "patches.db").start()
    clients: list[Client] = []
    try:
        chair = Client(server.url, "chair", server.pins["chair"])
        secretary = Client(server.url, "secretary", server.pins["secretary"])
        clients += [chair, secretary]
        clients += [Client(server.url, "public") for _ in range(4)]
        clients += [
            Client(server.url, "chair", server.pins["chair"]),
            Client(server.url, "secretary", server.pins["secretary"]),
        ]
        applied = {"chair": 0, "secretary": 0}

        def operate(client: Client, role: str, seed: int) -> None:
            rng = random.Random(seed)
            for n in range(80):
                name, payload = (
                    chair_command(rng, client.state) if role == "chair" else secretary_command(rng, client.state, n)
                )
                if client.send(name, payload)["ok"]:
                    applied[role] += 1

        threads = [
            threading.Thread(target=operate, args=(chair, "chair", 1)),
            threading.Thread(target=operate, args=(secretary, "secretary", 2)),
        ]
        for t in threads:
            t.start()
        for t in threads:
            t.join(120)
        assert applied["chair"] > 20 and applied["secretary"] > 20, applied

        fresh = {role: Client(server.url, role, server.pins.get(role, "")) for role in ("chair", "secretary", "public")}
        clients += fresh.values()
        version = fresh["chair"].state["version"]
        deadline = time.monotonic() + 10
        while any(c.state["version"] < version for c in clients) and time.monotonic() < deadline:
            time.sleep(0.05)
        for client in clients:
            assert client.state == fresh[client.role].state, (client.role, client.gaps)
    finally:
        for c in clients:
            c.close()
        server.stop()
