"""Two of every operator's screen acting at once: two chairs, two secretaries, two door devices and
two office screens, one of each pair on each of two server processes that share one SQLite file
and a Redis message queue (the harder case: the version check runs under ``BEGIN IMMEDIATE``
across processes). Each pair fires at the same moment (a barrier), round after round, while two
projectors follow the meeting by patches.

What a user checks: exactly one of a pair's commands moves the meeting and the other is told, in
Vietnamese, that it already changed, and its screen shows the change; nobody is called twice,
skipped or counted twice; every screen, the projectors too, ends exactly on a fresh snapshot; the
log has each applied command once, with one version each, and nothing of a refused one.
"""

from __future__ import annotations

import contextlib
import json
import sqlite3
import threading
import time
import uuid
from collections import Counter
from concurrent.futures import ThreadPoolExecutor

import pytest

from ..support.client import Client
from ..support.live_server import LiveServer

pytestmark = pytest.mark.live

ROUNDS = 10
WAIT = 20.0  # seconds a screen may take to show a change (two processes on a loaded machine)

# What the loser of each race reads (the server's Vietnamese, server/translations/vi).
STALE_SPEAKER = "Người phát biểu đã được thay đổi trên màn hình khác. Hãy kiểm tra lại màn hình rồi thử lại."
STALE_STAGE = "Nội dung hội nghị đã được chuyển trên màn hình khác. Hãy kiểm tra lại màn hình rồi thử lại."
TIMER_STARTED = "Đồng hồ đã bắt đầu chạy."
ALREADY_PRESENT = "Công dân này đã được điểm danh (có thể trên máy khác ở cửa)."
REQUEST_DECIDED = "Tổ thư ký đã xử lý đăng ký này."
CHANGED_MEANWHILE = (
    "Trong lúc đó đã có người sửa mục này trên màn hình khác. "
    "Giá trị hiện tại đang được hiển thị: hãy kiểm tra rồi lưu lại."
)

# The two secretaries' outcomes for the same opinion, deliberately different in every field.
OUTCOMES = {
    "A": {"outcome": "answered", "answer": "Xã đã bố trí kinh phí năm 2023.", "answered_by": "Chủ tịch UBND xã"},
    "B": {"outcome": "assigned", "unit": "Công chức Địa chính - Xây dựng", "working_days": 10},
}


def new_id() -> str:
    return f"race-{uuid.uuid4().hex}"


class Sent:
    """Every command sent, by id, with its ack: the log is checked against it at the end."""

    def __init__(self):
        self.acks: dict[str, tuple[str, dict]] = {}
        self.lock = threading.Lock()

    def __call__(self, screen, name: str, payload: dict) -> dict:
        command_id = new_id()
        ack = screen.send(name, payload, command_id)  # the office's names its meeting (1)
        with self.lock:
            self.acks[command_id] = (name, ack)
        return ack


def ok(ack: dict) -> dict:
    assert ack["ok"], ack
    return ack


def one_wins(acks: list[dict], code: str, message: str) -> dict:
    """Exactly one of a pair's acks is ok; the other is refused with ``code`` and its sentence."""
    won = [a for a in acks if a["ok"]]
    lost = [a for a in acks if not a["ok"]]
    assert len(won) == 1 and len(lost) == 1, acks
    assert [(e["code"], e["message"]) for e in lost[0]["errors"]] == [(code, message)], lost[0]
    return won[0]


def by_id(items: list[dict], item_id: int) -> dict:
    return next(x for x in items if x["id"] == item_id)


def queued(state: dict) -> list[int]:
    return [s["id"] for s in state["speakers"] if s["status"] == "queued"]


def guarded(action, *barriers):
    """Run one screen's part of a round; if it fails, break the barriers so that its partners fail
    at once instead of waiting for it."""

    def run(*args):
        try:
            return action(*args)
        except BaseException:
            for b in barriers:
                b.abort()
            raise

    return run


# ------------------------------------------------------------------ each screen's part of a round


def chair_round(send, go, pair, chair, head, stage_command, stage_to):
    """Both chairs press "next speaker" for the speaker they see, start the timer of the one called,
    and move the stage, each time at the same moment as the other chair."""
    seen = chair.state["speaker_id"]
    go.wait()
    call = send(chair, "speaker.call_next", {"expected_speaker_id": seen})
    chair.wait_for(lambda s: s["speaker_id"] == head, WAIT)  # the loser's screen shows who was called
    pair.wait()
    start = send(chair, "timer.start", {"speaker_id": head})
    chair.wait_for(lambda s: s["timer"]["started_at"] is not None, WAIT)
    stage_seen = chair.state["stage_id"]
    pair.wait()
    move = send(chair, stage_command, {"expected_stage_id": stage_seen})
    chair.wait_for(lambda s: s["stage_id"] == stage_to, WAIT)
    return {"call": call, "start": start, "stage": move}


def secretary_round(send, go, pair, secretary, tag, request_id, opinion_id):
    """Both secretaries accept the same phone's request, then give the same opinion an outcome."""
    go.wait()
    accept = send(secretary, "request.accept", {"request_id": request_id})
    secretary.wait_for(lambda s: by_id(s["requests"], request_id)["status"] == "accepted", WAIT)
    seen = by_id(secretary.state["opinions"], opinion_id)["outcome_at"]  # the form opens: no outcome yet
    pair.wait()
    outcome = send(
        secretary, "opinion.outcome", {"opinion_id": opinion_id, "expected_outcome_at": seen, **OUTCOMES[tag]}
    )
    secretary.wait_for(lambda s: by_id(s["opinions"], opinion_id)["outcome"] is not None, WAIT)
    return {"accept": accept, "outcome": outcome}


def door_round(send, go, pair, door, first, second):
    """Both door devices tap the same citizen, then the same next one."""
    go.wait()
    a = send(door, "citizen.checkin", {"citizen_id": first})
    door.wait_for(lambda s: by_id(s["citizens"], first)["present"], WAIT)
    pair.wait()
    b = send(door, "citizen.checkin", {"citizen_id": second})
    door.wait_for(lambda s: by_id(s["citizens"], second)["present"], WAIT)
    return {"first": a, "second": b}


def office_round(send, go, pair, office, tag, rnd):
    """Both office screens correct the title from the same loaded value; then each corrects a
    different field (A the place, B the organiser), which must both land."""
    loaded = office.snapshot(1)
    title = f"Hội nghị đối thoại thôn An Bộ (bản sửa {rnd} của văn phòng {tag})"
    go.wait()
    edit = send(office, "meeting.update", {"title": title, "expected": {"title": loaded["title"]}})
    shown = office.snapshot(1)  # the page reads the meeting again after the ack
    field = "place" if tag == "A" else "organiser"
    value = f"{'Nhà văn hóa' if tag == 'A' else 'Ủy ban MTTQ xã'} (lần {rnd})"
    pair.wait()
    other = send(office, "meeting.update", {field: value, "expected": {field: shown[field]}})
    return {"title": title, "edit": edit, "shown": shown["title"], "field": field, "value": value, "other": other}


# ------------------------------------------------------------------ the test


def test_two_of_every_screen_at_once_on_two_processes_never_corrupt_or_double_count(tmp_path, redis):
    db = tmp_path / "shared.db"
    queue = f"redis://127.0.0.1:{redis.connection_pool.connection_kwargs['port']}/0"
    servers: list[LiveServer] = []
    screens: list = []
    pool = ThreadPoolExecutor(max_workers=8)
    try:
        for extra in ((), ("--no-demo",)):
            server = LiveServer(db, extra=("--message-queue", queue, "--backup-every", "0", *extra))
            servers.append(server)
            server.start()
        deadline = time.monotonic() + 15
        while dict(redis.pubsub_numsub("flask-socketio")).get(b"flask-socketio", 0) < 2:
            assert time.monotonic() < deadline, "the servers did not subscribe to the message queue"
            time.sleep(0.05)
        first, second = servers
        pins = first.pins

        def screen(make, *args, **kwargs):
            s = make(*args, timeout=20, **kwargs)
            screens.append(s)
            return s

        # One screen of each pair on each process.
        chairs = [screen(Client, s.url, "chair", pins["chair"]) for s in servers]
        secretaries = [screen(Client, s.url, "secretary", pins["secretary"]) for s in servers]
        doors = [screen(Client, s.url, "door", pins["door"]) for s in servers]
        offices = [
            screen(Client, s.url, "office", first.office_pin, name=f"VP {t}")
            for s, t in zip(servers, "AB", strict=True)
        ]
        projectors = [screen(Client, s.url, "public") for s in servers]
        phones = [screen(Client, s.url, "public") for s in servers]
        followers = [*chairs, *secretaries, *doors, *projectors]
        send = Sent()

        def run(action, go, pair, *args):
            """One screen's part of a round, in its own thread."""
            return pool.submit(guarded(action, go, pair), send, go, pair, *args)

        def settle(version: int) -> None:
            for s in followers:
                s.wait_for(lambda st: st["version"] >= version, WAIT)

        # The hall before the races: the meeting started, 2 citizens per round invited, one written
        # opinion and one phone's request to speak per round.
        secretary = secretaries[0]
        ok(send(chairs[0], "stage.next", {"expected_stage_id": None}))
        xoms = [a["xom"] for a in secretary.state["allocation"]]
        rows = [{"name": f"Công dân thử {i:02d}", "xom": xoms[i % len(xoms)]} for i in range(2 * ROUNDS)]
        citizens = ok(send(secretary, "citizens.import", {"rows": rows}))["created"]["citizens"]
        category = secretary.state["settings"]["categories"][0]
        opinions = []
        for i in range(ROUNDS):
            written = {"summary": f"Ý kiến thử số {i}", "category": category, "speaker_id": None}
            written |= {"citizen": f"Người viết phiếu {i}", "xom": xoms[0]}
            opinions += ok(send(secretary, "opinion.add", written))["created"]["opinions"]
        requests = []
        for i in range(ROUNDS):
            ask = {"name": f"Người xin phát biểu {i:02d}", "xom": xoms[i % len(xoms)], "topic": "Đường làng"}
            ask["device"] = f"thiet-bi-thu-{i:02d}-{uuid.uuid4().hex[:8]}"
            requests += ok(send(phones[i % 2], "request.submit", ask))["created"]["requests"]
        for phone in phones:
            phone.close()
        settle(max(a["version"] for _, a in send.acks.values() if a["ok"]))
        stages = [s["id"] for s in secretary.state["stages"]]
        assert secretary.state["stage_id"] == stages[0]

        applied_outcomes = {}
        for rnd in range(ROUNDS):
            before = secretary.state
            head = queued(before)[0]
            previous = before["speaker_id"]
            stage_command, stage_to = ("stage.next", stages[1]) if rnd % 2 == 0 else ("stage.previous", stages[0])
            go = threading.Barrier(8, timeout=WAIT)
            cz = citizens[2 * rnd : 2 * rnd + 2]
            chair_pair, secretary_pair, door_pair, office_pair = (threading.Barrier(2, timeout=WAIT) for _ in range(4))
            tasks = []
            for i, tag in enumerate("AB"):
                tasks += [
                    run(chair_round, go, chair_pair, chairs[i], head, stage_command, stage_to),
                    run(secretary_round, go, secretary_pair, secretaries[i], tag, requests[rnd], opinions[rnd]),
                    run(door_round, go, door_pair, doors[i], *cz),
                    run(office_round, go, office_pair, offices[i], tag, rnd),
                ]
            done = [t.result(timeout=120) for t in tasks]
            chair_acks, secretary_acks, door_acks, office_acks = done[0::4], done[1::4], done[2::4], done[3::4]

            # Two chairs: one speaker called (the head of the queue), one timer start, one stage step.
            one_wins([a["call"] for a in chair_acks], "stale_speaker", STALE_SPEAKER)
            one_wins([a["start"] for a in chair_acks], "timer_already_started", TIMER_STARTED)
            one_wins([a["stage"] for a in chair_acks], "stale_stage", STALE_STAGE)
            # Two secretaries: the request becomes one registration; the outcome is whole, not mixed.
            accepted = one_wins([a["accept"] for a in secretary_acks], "request_decided", REQUEST_DECIDED)
            [new_speaker] = accepted["created"]["speakers"]
            won = one_wins([a["outcome"] for a in secretary_acks], "changed_meanwhile", CHANGED_MEANWHILE)
            [tag] = [t for t, a in zip("AB", secretary_acks, strict=True) if a["outcome"] is won]
            applied_outcomes[opinions[rnd]] = tag
            # Two door devices: each citizen checked in once.
            one_wins([a["first"] for a in door_acks], "already_present", ALREADY_PRESENT)
            one_wins([a["second"] for a in door_acks], "already_present", ALREADY_PRESENT)
            # Two office screens: one title wins; the other is told and then shows the winner's.
            won = one_wins([a["edit"] for a in office_acks], "changed_meanwhile", CHANGED_MEANWHILE)
            [winner] = [a for a in office_acks if a["edit"] is won]
            [loser] = [a for a in office_acks if a["edit"] is not won]
            assert [e["field"] for e in loser["edit"]["errors"]] == ["title"]
            assert loser["shown"] == winner["shown"] == winner["title"]
            for a in office_acks:  # different fields edited at once both land
                ok(a["other"])

            settle(max(a["version"] for _, a in send.acks.values() if a["ok"]))
            for s in followers:
                st = s.state
                assert st["speaker_id"] == head and st["timer"]["started_at"] is not None
                assert st["stage_id"] == stage_to
                assert st["title"] == winner["title"]
                assert (st["place"], st["organiser"]) == tuple(a["value"] for a in office_acks)
                assert st["attendance"]["present"] == 2 * (rnd + 1)
                by_speaker = {x["id"]: x for x in st["speakers"]}
                if previous is not None and s.role in ("chair", "secretary"):  # the others see only the queue
                    assert by_speaker[previous]["status"] == "done"  # spoke: never skipped by a race
                if "citizens" in st:
                    assert all(by_id(st["citizens"], c)["present"] for c in cz)
            after = secretary.state
            assert [x["id"] for x in after["speakers"]].count(new_speaker) == 1
            assert by_id(after["requests"], requests[rnd])["speaker_id"] == new_speaker
            assert queued(after) == [*queued(before)[1:], new_speaker]  # nobody passed over or called twice

        # ---------------------------------------------------------------- the end: every screen
        final = max(a["version"] for _, a in send.acks.values() if a["ok"])
        settle(final)
        for s in followers:
            assert s.state["version"] == final
            fresh = s.sio.call("snapshot", {}, timeout=20)
            assert fresh["ok"] and fresh["state"] == s.state, f"{s.role}: the patched state drifted"
        assert projectors[0].state == projectors[1].state  # both processes' projectors show the same
        office_view = offices[1].snapshot(1)
        assert office_view == {**secretaries[0].state, "role": office_view["role"]}

        state = secretaries[1].state
        speakers = state["speakers"]
        ids = [x["id"] for x in speakers]
        assert len(ids) == len(set(ids)), "a speaker listed twice"
        people = Counter((x["name"], x["xom"]) for x in speakers)
        assert max(people.values()) == 1, f"registered twice: {people.most_common(3)}"
        assert len(speakers) == 5 + ROUNDS  # the demo's five and one per accepted request
        statuses = Counter(x["status"] for x in speakers)
        assert statuses == {"done": ROUNDS - 1, "current": 1, "queued": 5}  # nobody skipped
        assert all(r["status"] == "accepted" for r in state["requests"])
        assert sorted(r["speaker_id"] for r in state["requests"]) == sorted(ids[5:])
        present = [c["id"] for c in state["citizens"] if c["present"]]
        assert sorted(present) == sorted(citizens)
        for s in [*followers, offices[0]]:
            attendance = (s.snapshot(1) if s.role == "office" else s.state)["attendance"]
            assert attendance["present"] == len(citizens) == sum(x["present"] for x in attendance["per_xom"])
        for opinion_id, tag in applied_outcomes.items():
            opinion = by_id(state["opinions"], opinion_id)
            expected = OUTCOMES[tag]
            assert {k: opinion[k] for k in expected if k != "working_days"} == {
                k: v for k, v in expected.items() if k != "working_days"
            }
            if tag == "A":
                assert opinion["deadline"] is None
            else:
                assert opinion["answer"] == "" and opinion["deadline"] is not None

        # ---------------------------------------------------------------- the log
        with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as conn:
            rows = conn.execute(
                "select command_id, name, version, payload from log where meeting_id = 1 order by seq"
            ).fetchall()
            repeated = conn.execute("select command_id from log group by command_id having count(*) > 1").fetchall()
        conn.close()
        assert repeated == []
        versions = [r[2] for r in rows]
        assert versions == list(range(versions[0], versions[0] + len(versions))) and versions[-1] == final
        logged = {r[0]: (r[1], r[2]) for r in rows}
        for command_id, (name, ack) in send.acks.items():
            if ack["ok"]:  # the ack names the version its own command made
                assert command_id in logged and logged[command_id] == (name, ack["version"]), (command_id, name, ack)
            else:
                assert command_id not in logged, (command_id, name, ack)
        assert len(logged) == 1 + sum(a["ok"] for _, a in send.acks.values())  # and the demo's creation
        names = Counter(r[1] for r in rows)
        assert names["speaker.call_next"] == names["timer.start"] == names["request.accept"] == ROUNDS
        checkins = [json.loads(r[3])["citizen_id"] for r in rows if r[1] == "citizen.checkin"]
        assert sorted(checkins) == sorted(citizens)  # each citizen checked in once
    finally:
        pool.shutdown(wait=False, cancel_futures=True)
        for s in screens:
            with contextlib.suppress(Exception):  # a screen already closed (a phone), a broken connection
                s.close()
        for server in servers:
            server.stop()
