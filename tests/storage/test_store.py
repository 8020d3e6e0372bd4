"""Persistence: what was committed is what a restarted server reads back."""

from __future__ import annotations

import sqlite3

import pytest

from server.app import create_app
from server.demo import demo_meeting
from server.domain import apply, check, effect
from server.storage import LogEntry, Store

T0 = 1_685_000_000.0


def run(store: Store, name: str, payload: dict, role: str, now: float) -> int:
    """Apply one command as the pipeline does, without the log; return the rows it wrote."""
    with store.write():
        before = store.conn.total_changes
        state = store.current(1)
        journal = apply(state, check(name, payload, role), now)
        store.save(state, journal, effect(state, journal))
        return store.conn.total_changes - before


def test_first_start_creates_the_demo_meeting_once(tmp_path):
    path = str(tmp_path / "d.db")
    create_app({"DATABASE": path}).extensions["store"].close()
    store = create_app({"DATABASE": path}).extensions["store"]
    assert store.meeting_ids() == [1]
    m = store.load(1)
    assert m.is_demo and m.hamlet == "An Bộ" and m.starts_at == "2023-05-25T08:00"
    assert [s.planned_minutes for s in m.stages] == [10, 15, 60, 30, 20, 15]
    assert len(store.pin(1, "chair")) == 6 and len(store.pin(1, "secretary")) == 6


def test_a_running_timer_survives_a_restart(tmp_path):
    path = str(tmp_path / "d.db")
    store = Store(path)
    m = demo_meeting(T0)
    store.create_meeting(m)
    run(store, "stage.next", {"expected_stage_id": None}, "chair", T0)
    run(store, "speaker.call_next", {"expected_speaker_id": None}, "chair", T0)
    run(store, "timer.start", {"speaker_id": store.current(1).speaker_id}, "chair", T0 + 1)
    store.close()

    again = Store(path).load(1)
    # 61 s after the start, whatever happened to the process in between.
    assert again.timer.remaining_at(T0 + 62) == 180 - 61
    assert again.current_speaker().name == "Nguyễn Văn An (demo)"
    assert [s.name for s in again.queue()][0] == "Trần Thị Bích (demo)"


def test_save_writes_only_what_changed_and_reorders(tmp_path):
    store = Store(str(tmp_path / "d.db"))
    store.create_meeting(demo_meeting(T0))
    ids = [s.id for s in store.current(1).queue()]
    # The meeting row, and the positions of the five speakers that moved: nothing else.
    assert run(store, "speaker.move", {"speaker_id": ids[4], "before_id": ids[0]}, "secretary", T0) == 1 + 5
    assert [s.id for s in store.load(1).queue()] == [ids[4], *ids[:4]]
    assert store.load(1) == store.current(1)
    # A hall message is one row, however big the meeting.
    assert run(store, "message.show", {"text": "Giữ trật tự"}, "chair", T0) == 1
    # Calling the next speaker: the meeting row and the speaker called.
    assert run(store, "speaker.call_next", {"expected_speaker_id": None}, "chair", T0) == 2
    assert store.load(1) == store.current(1)


def test_a_failed_write_rolls_back_everything(tmp_path):
    store = Store(str(tmp_path / "d.db"))
    store.create_meeting(demo_meeting(T0))
    before = store.load(1)
    with pytest.raises(RuntimeError), store.write():
        state = store.current(1)
        journal = apply(state, check("message.show", {"text": "Giữ trật tự"}, "chair"), T0)
        store.save(state, journal, effect(state, journal))
        raise RuntimeError("crash between the state and the log")
    assert store.load(1) == before


def test_a_command_id_is_logged_once(tmp_path):
    store = Store(str(tmp_path / "d.db"))
    store.create_meeting(demo_meeting(T0))
    entry = {"meeting_id": 1, "command_id": "same-id-123", "at": T0, "role": "chair", "name": "message.clear"}
    with store.write():
        store.append_log(LogEntry(**entry, payload={}, version=1))
    with pytest.raises(sqlite3.IntegrityError), store.write():
        store.append_log(LogEntry(**entry, payload={}, version=2))
    assert [r["version"] for r in store.log(1)] == [0, 1]  # the meeting's creation, then the command


def test_migrations_are_recorded_and_not_reapplied(tmp_path):
    path = str(tmp_path / "d.db")
    Store(path).close()
    store = Store(path)
    names = [r["name"] for r in store.db["_sqlite_migrations"].rows]
    assert names == [
        "m001_core",
        "m002_opinions",
        "m003_effects",
        "m004_stage_runs",
        "m005_log_person",
        "m006_preparation",
        "m007_documents",
        "m008_hall",
        "m009_people",
        "m010_duties",
    ]
    assert store.db.execute("pragma journal_mode").fetchone()[0] == "wal"


def test_a_database_from_before_opinions_is_upgraded_in_place(tmp_path):
    """A meeting stored by the first version keeps its queue after the opinions migration."""
    import sqlite_utils

    from server.storage.migrations import migrations

    path = str(tmp_path / "old.db")
    db = sqlite_utils.Database(path)
    migrations.apply(db, stop_before="m002_opinions")
    db["meeting"].insert(
        {
            "id": 1,
            "title": "Hội nghị cũ",
            "banner": "[]",
            "settings": '{"default_speech_seconds": 120, "warning_seconds": 30}',
            "version": 3,
            "next_id": 2,
            "timer": '{"duration": 0, "elapsed": 0, "started_at": null}',
            "message": "",
            "is_demo": 0,
        }
    )
    db["speaker"].insert(
        {
            "meeting_id": 1,
            "id": 1,
            "position": 0,
            "name": "Vũ Thị Thu",
            "xom": "Xóm Đông",
            "topic": "Điện",
            "requested_seconds": 120,
            "status": "queued",
            "walk_in": 0,
            "phone": "",
            "note": "",
            "registered_at": T0,
            "spoken_seconds": 0,
        }
    )
    db.conn.close()

    m = Store(path).load(1)
    assert m.title == "Hội nghị cũ" and m.version == 3
    assert m.queue()[0].name == "Vũ Thị Thu" and m.queue()[0].answers == []
    assert m.settings.deadline_working_days == 15 and "Môi trường" in m.settings.categories
    assert m.opinions == []


def test_two_processes_sharing_the_file_lose_no_command(tmp_path):
    """Two server processes (scale-out) write one meeting at once: each command loads the state
    inside its BEGIN IMMEDIATE transaction, so none overwrites another's."""
    import threading

    from server import pipeline

    path = str(tmp_path / "shared.db")
    Store(path).create_meeting(demo_meeting(T0))
    stores = [Store(path), Store(path)]  # one connection each, as two processes would have
    acks: list[dict] = []

    def operator(n: int) -> None:
        for i in range(30):
            envelope = {"id": f"proc{n}-cmd-{i:04d}", "name": "speaker.add", "payload": {"name": f"Người {n}-{i}"}}
            acks.append(pipeline.handle(stores[n], 1, "secretary", envelope, T0 + i, lambda *sent: None))

    threads = [threading.Thread(target=operator, args=(n,)) for n in (0, 1)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert all(a["ok"] for a in acks), [a for a in acks if not a["ok"]]
    final = Store(path).load(1)
    assert final.version == 60
    assert len(final.speakers) == 5 + 60
    assert sorted(r["version"] for r in Store(path).log(1)) == list(range(0, 61))


def test_a_change_committed_by_another_process_is_read_again(tmp_path):
    """Each process holds the meeting in memory; a command sees what another process committed."""
    path = str(tmp_path / "shared.db")
    first, second = Store(path), Store(path)
    first.create_meeting(demo_meeting(T0))
    assert first.current(1).message == "" and second.current(1).message == ""
    run(first, "message.show", {"text": "Từ máy thứ nhất"}, "chair", T0)
    with second.lock:
        assert second.current(1).message == "Từ máy thứ nhất"
    assert first.current(1) == second.current(1) == Store(path).load(1)


def test_only_the_most_recently_used_meetings_stay_in_memory(tmp_path):
    store = Store(str(tmp_path / "many.db"))
    for _ in range(Store.LIVE_MEETINGS + 3):
        meeting = demo_meeting(T0)
        meeting.id = 0
        store.create_meeting(meeting)
    kept = store.current(1)
    for meeting_id in range(2, Store.LIVE_MEETINGS + 4):
        store.current(meeting_id)
        store.current(1)  # the live meeting is used all the time
    assert len(store._live) == Store.LIVE_MEETINGS
    assert store.current(1) is kept


def test_a_write_that_fails_after_the_command_applied_leaves_memory_as_the_file(tmp_path, monkeypatch, caplog):
    """The command changed the meeting in memory, then the write failed: the transaction rolls back,
    the sender is told, nothing is broadcast, and the meeting is read again from the file."""
    from server import pipeline

    store = Store(str(tmp_path / "d.db"))
    store.create_meeting(demo_meeting(T0))
    before = store.load(1)
    sent = []

    def broken_log(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(store, "append_log", broken_log)
    envelope = {"id": "fails-0001", "name": "speaker.call_next", "payload": {"expected_speaker_id": None}}
    ack = pipeline.handle(store, 1, "chair", envelope, T0, lambda *a: sent.append(a))
    assert ack["ok"] is False and ack["problems"][0].code == "server_error"
    assert sent == []
    assert store.load(1) == before
    assert store.current(1) == before  # not the changed meeting that was never written
    monkeypatch.undo()
    ack = pipeline.handle(store, 1, "chair", envelope, T0, lambda *a: sent.append(a))
    assert ack == {"ok": True, "version": 1}  # the same command, retried, applies once


def test_a_command_refused_for_its_role_or_payload_never_waits_for_the_write_lock(tmp_path):
    """Junk from a public screen, or a malformed command, is refused before the write lock: while
    another command holds it, the refusal still comes at once."""
    import threading

    from server import pipeline

    store = Store(str(tmp_path / "d.db"))
    store.create_meeting(demo_meeting(T0))
    holding, release = threading.Event(), threading.Event()

    def writer():
        with store.write():
            holding.set()
            release.wait(10)

    thread = threading.Thread(target=writer)
    thread.start()
    try:
        assert holding.wait(5)
        acks = []

        def refuse_all():
            for role, payload in (("public", {"text": "Xin chào"}), ("chair", {"text": 42})):
                envelope = {"id": f"refused-{role}-0001", "name": "message.show", "payload": payload}
                acks.append(pipeline.handle(store, 1, role, envelope, T0, lambda *a: None))

        sender = threading.Thread(target=refuse_all)
        sender.start()
        sender.join(2)
        assert not sender.is_alive(), "a refused command waited for the write lock"
        assert [a["problems"][0].code for a in acks] == ["forbidden", "wrong_type"]
    finally:
        release.set()
        thread.join()


def test_a_running_meeting_keeps_its_stage_time_through_the_stage_runs_migration(tmp_path):
    """A meeting stored before stages recorded their runs, mid-stage: after the upgrade its
    current stage has run since it started, and the other stages have not run."""
    import sqlite_utils

    from server.storage.migrations import migrations

    path = str(tmp_path / "old.db")
    db = sqlite_utils.Database(path)
    migrations.apply(db, stop_before="m004_stage_runs")
    db["meeting"].insert(
        {
            "id": 1,
            "title": "Hội nghị cũ",
            "banner": "[]",
            "settings": "{}",
            "version": 4,
            "next_id": 10,
            "timer": '{"duration": 0, "elapsed": 0, "started_at": null}',
            "message": "",
            "is_demo": 0,
            "stage_id": 2,
            "stage_started_at": T0,
            "started_at": T0 - 600,
        }
    )
    db["stage"].insert_all(
        [
            {"meeting_id": 1, "id": 1, "position": 0, "title": "Khai mạc", "planned_minutes": 10},
            {"meeting_id": 1, "id": 2, "position": 1, "title": "Phát biểu", "planned_minutes": 60},
        ]
    )
    db.conn.close()

    m = Store(path).load(1)
    assert [s.runs for s in m.stages] == [[], [[T0, None]]]
    assert m.stages[1].elapsed_at(T0 + 300) == 300


def test_stage_runs_survive_a_restart(tmp_path):
    """The intervals each stage ran are on disk: after a restart mid-stage, the stage's time goes on
    from where it was, and the earlier stage keeps its own."""
    path = str(tmp_path / "d.db")
    store = Store(path)
    store.create_meeting(demo_meeting(T0))
    first, second = store.current(1).stages[0].id, store.current(1).stages[1].id
    run(store, "stage.next", {"expected_stage_id": None}, "chair", T0)
    run(store, "stage.next", {"expected_stage_id": first}, "chair", T0 + 600)
    run(store, "stage.previous", {"expected_stage_id": second}, "chair", T0 + 660)
    store.close()

    again = Store(path).load(1)
    assert again.stage_id == first
    assert again.stages[0].runs == [[T0, T0 + 600], [T0 + 660, None]]
    assert again.stages[0].elapsed_at(T0 + 720) == 660
    assert again.stages[1].elapsed_at(T0 + 720) == 60
