"""Backups of the database during a live meeting (server/backup.py): online copies that never stop
the commands, the restore, the rotation, the check, the office's endpoints, and the schedule of the
real server."""

from __future__ import annotations

import os
import threading
import time
from pathlib import Path

import pytest

from server import backup as backups
from server import pipeline
from server.app import create_app
from server.backup import BackupError, backup, restore, rotate
from server.demo import demo_meeting
from server.storage import Store

from ..support.browser import login
from ..support.live_server import LiveServer

T0 = 1_685_000_000.0


def add_speaker(store: Store, name: str, command_id: str) -> dict:
    envelope = {"id": command_id, "name": "speaker.add", "payload": {"name": name}}
    return pipeline.handle(store, 1, "secretary", envelope, T0, lambda *sent: None)


def names(meeting) -> set[str]:
    return {s.name for s in meeting.speakers}


def test_a_backup_taken_while_commands_keep_coming_has_every_acknowledged_one(store, tmp_path, monkeypatch):
    """Another thread sends commands through the pipeline all along; the copy, made a page or two at
    a time, completes while they go on, and holds every command acknowledged before it began."""
    monkeypatch.setattr(backups, "PAGES", 2)  # many small steps: the commands run between them
    monkeypatch.setattr(backups, "PAUSE", 0.01)
    acks: list[tuple[str, dict]] = []
    stop = threading.Event()

    def secretary() -> None:
        n = 0
        while not stop.is_set() or n < 40:
            name = f"Người {n:04d}"
            acks.append((name, add_speaker(store, name, f"backup-test-{n:06d}")))
            n += 1

    start = store.load(1).version
    copies: list[Path] = []
    copier = threading.Thread(target=lambda: copies.append(backup(store, tmp_path / "backups")))
    thread = threading.Thread(target=secretary)
    thread.start()
    try:
        while len(acks) < 20:
            time.sleep(0.005)
        before = [name for name, _ack in list(acks)]  # acknowledged before the backup began
        copier.start()
        copier.join(30)
        # A copy that starts again at every commit made meanwhile would never end.
        assert copies, "the copy did not finish while the commands went on"
        during = len(acks) - len(before)
    finally:
        stop.set()
        thread.join(30)
        if copier.is_alive():
            copier.join(30)
    assert not thread.is_alive()
    made = copies[0]
    assert all(ack["ok"] for _name, ack in acks), [ack for _name, ack in acks if not ack["ok"]]
    assert during > 0, "no command was acknowledged while the copy was made"
    assert made.parent == tmp_path / "backups" and backups.NAME.match(made.name)
    assert not list(made.parent.glob("*.part"))
    assert not Path(f"{made}-wal").exists()  # one self-contained file
    saved = Store(str(made))
    copy = saved.load(1)
    assert copy is not None
    assert set(before) <= names(copy)
    # One moment: the first n commands, each in the meeting and in the log, none after them.
    ours = sorted(name for name in names(copy) if name.startswith("Người "))
    assert ours == [f"Người {n:04d}" for n in range(len(ours))]
    assert copy.version == start + len(ours)
    assert max(row["version"] for row in saved.log(1)) == copy.version
    assert len(ours) < len(acks)  # the later commands are only in the live database


def test_restore_brings_back_the_meeting_as_it_was_at_the_backup(tmp_path):
    path = tmp_path / "dialogue.db"
    app = create_app({"DATABASE": str(path), "TESTING": True})
    store = app.extensions["store"]
    for n in range(3):
        assert add_speaker(store, f"Trước {n}", f"before-{n:04d}")["ok"]
    at_backup = store.load(1)
    made = backup(store, tmp_path / "backups")
    for n in range(3):
        assert add_speaker(store, f"Sau {n}", f"after-{n:04d}")["ok"]
    later = store.load(1)
    store.close()  # the server is stopped

    aside = restore(made, path)

    assert aside == tmp_path / "dialogue.db.before-restore"
    assert not Path(f"{path}-shm").exists()
    reopened = create_app({"DATABASE": str(path), "TESTING": True})
    try:
        assert reopened.extensions["store"].load(1) == at_backup
        assert reopened.extensions["store"].logged("after-0000") is None
    finally:
        reopened.extensions["store"].close()
    # Nothing is lost: the database that was replaced is kept, with its last commits.
    assert Store(str(aside)).load(1) == later


def test_a_second_restore_keeps_the_first_file_moved_aside(tmp_path):
    path = tmp_path / "d.db"
    Store(str(path)).create_meeting(demo_meeting(T0))
    made = backup(str(path), tmp_path / "b")
    first = restore(made, path)
    second = restore(made, path)
    assert first.exists() and second.exists() and first != second
    assert second.name.startswith("d.db.before-restore-")


def test_rotation_keeps_the_newest(tmp_path):
    path = tmp_path / "d.db"
    Store(str(path)).create_meeting(demo_meeting(T0))
    made = [backup(str(path), tmp_path / "b", keep=3) for _ in range(5)]
    assert sorted(p.name for p in (tmp_path / "b").iterdir()) == sorted(p.name for p in made[-3:])
    assert backups.backups(tmp_path / "b") == made[::-1][:3]

    folder = tmp_path / "named"
    folder.mkdir()
    for name in (
        "dialogue-20230525-095959.db",
        "dialogue-20230525-100000.db",
        "dialogue-20230525-100000-1.db",  # two in the same second: -1 is the later
        "dialogue-20230525-100000-2.db",
        "dialogue-20230524-235959.db",
        "notes.txt",
    ):
        (folder / name).write_text("x")
    stale, fresh = folder / "dialogue-20230525-090000.db.part", folder / "dialogue-20230525-100001.db.part"
    stale.write_text("x")
    fresh.write_text("x")
    os.utime(stale, (time.time() - 2 * backups.STALE_PART,) * 2)
    gone = rotate(folder, keep=2)
    assert sorted(p.name for p in folder.iterdir()) == [
        "dialogue-20230525-100000-1.db",
        "dialogue-20230525-100000-2.db",
        fresh.name,
        "notes.txt",
    ]
    assert [p.name for p in gone] == [
        "dialogue-20230525-100000.db",
        "dialogue-20230525-095959.db",
        "dialogue-20230524-235959.db",
    ]


def test_a_copy_that_fails_its_check_is_deleted_and_raises(tmp_path, monkeypatch):
    path = tmp_path / "d.db"
    Store(str(path)).create_meeting(demo_meeting(T0))
    kept = backup(str(path), tmp_path / "b")
    monkeypatch.setattr(backups, "integrity_check", lambda p: ["*** in database main ***", "Page 3: btreeInitPage"])
    with pytest.raises(BackupError, match="integrity check"):
        backup(str(path), tmp_path / "b")
    assert list((tmp_path / "b").iterdir()) == [kept]  # no bad copy, no .part, the earlier one kept


def test_restore_refuses_a_file_that_is_not_a_sound_database(tmp_path):
    path = tmp_path / "d.db"
    Store(str(path)).create_meeting(demo_meeting(T0))
    before = path.read_bytes()
    broken = tmp_path / "dialogue-20230525-100000.db"
    broken.write_bytes(b"not a database" * 500)
    with pytest.raises(BackupError):
        restore(broken, path)
    with pytest.raises(BackupError):
        restore(tmp_path / "missing.db", path)
    assert path.read_bytes() == before
    assert not (tmp_path / "d.db.before-restore").exists()
    assert not (tmp_path / "d.db.restore-part").exists()


def test_the_command_line_backs_up_and_restores(tmp_path, capsys):
    path = tmp_path / "d.db"
    Store(str(path)).create_meeting(demo_meeting(T0))
    assert backups.main(["--db", str(path), "--to", str(tmp_path / "b")]) == 0
    made = backups.backups(tmp_path / "b")
    assert len(made) == 1 and str(made[0]) in capsys.readouterr().out
    assert backups.main(["--db", str(path)]) == 0  # by default: backups next to the database
    assert len(backups.backups(tmp_path / "backups")) == 1
    assert backups.main(["--restore", str(made[0]), "--db", str(path)]) == 0
    assert "before-restore" in capsys.readouterr().out
    assert backups.main(["--db", str(tmp_path / "none.db")]) == 1
    assert "failed" in capsys.readouterr().err


# ---------------------------------------------------------------- the office's endpoints


def office(store, pin: str | None = None) -> dict[str, str]:
    return {
        "X-Role": "office",
        "X-Pin": store.office_pin() if pin is None else pin,
        "X-Person": "V%C4%83n%20ph%C3%B2ng",
    }


def test_backups_on_demand_need_the_office_pin(client, store, tmp_path):
    for path in ("/office/backup", "/office/backups"):
        send = client.post if path == "/office/backup" else client.get
        assert send(path).status_code == 403
        wrong = "000000" if store.office_pin() != "000000" else "111111"
        assert send(path, headers=office(store, wrong)).status_code == 403
        chair = {"X-Role": "chair", "X-Pin": store.pin(1, "chair")}
        assert send(path, headers=chair).status_code == 403
    assert not (tmp_path / "backups").exists()

    empty = client.get("/office/backups", headers=office(store)).get_json()
    assert empty["ok"] and empty["backups"] == [] and empty["directory"] == str(tmp_path / "backups")

    made = client.post("/office/backup", headers=office(store))
    assert made.status_code == 200
    body = made.get_json()
    assert body["ok"] is True and backups.NAME.match(body["file"]) and body["bytes"] > 0
    assert abs(body["at"] - time.time()) < 60
    assert (tmp_path / "backups" / body["file"]).stat().st_size == body["bytes"]

    listed = client.get("/office/backups", headers=office(store)).get_json()
    assert [b["name"] for b in listed["backups"]] == [body["file"]]
    assert listed["backups"][0]["bytes"] == body["bytes"]
    assert listed["restore"] == (
        f"python -m server.backup --restore {tmp_path / 'backups' / body['file']} --db {tmp_path / 'test.db'}"
    )


def test_a_failed_backup_on_demand_is_a_server_error(client, store, tmp_path, monkeypatch):
    monkeypatch.setattr(backups, "integrity_check", lambda p: ["wrong"])
    answer = client.post("/office/backup", headers=office(store))
    assert answer.status_code == 500
    assert answer.get_json()["errors"][0]["code"] == "server_error"
    assert list((tmp_path / "backups").iterdir()) == []


def test_the_backup_directory_is_the_app_setting(tmp_path, clock):
    app = create_app({"DATABASE": str(tmp_path / "d.db"), "BACKUP_DIR": str(tmp_path / "elsewhere"), "CLOCK": clock})
    try:
        pin = app.extensions["store"].office_pin()
        answer = app.test_client().post("/office/backup", headers=office(app.extensions["store"], pin))
        assert answer.status_code == 200
        assert (tmp_path / "elsewhere" / answer.get_json()["file"]).exists()
    finally:
        app.extensions["store"].close()


def test_the_office_page_has_the_backup_card_in_vietnamese(app, client):
    from server.i18n.pages import js_strings

    page = client.get("/office").get_data(as_text=True)
    assert "Sao lưu dữ liệu" in page and "Sao lưu ngay" in page and 'id="backup-list"' in page
    with app.test_request_context("/office"):
        strings = js_strings()
    assert strings["backup_restore"].startswith("Để khôi phục: dừng máy chủ")
    assert "{minutes}" in strings["backup_every"] and "{directory}" in strings["backup_every"]


# ---------------------------------------------------------------- the schedule


class Stop(Exception):
    pass


class FakeSocketIO:
    """Runs the background task in place; its ``sleep`` runs ``between`` and ends it after ``times``."""

    def __init__(self, times: int, between):
        self.times, self.between, self.slept = times, between, []

    def start_background_task(self, target):
        with pytest.raises(Stop):
            target()

    def sleep(self, seconds):
        self.slept.append(seconds)
        if len(self.slept) == self.times:
            raise Stop
        self.between(len(self.slept))


def test_the_schedule_logs_a_failure_and_goes_on_and_skips_a_time_without_change(app, store, monkeypatch, caplog):
    calls = []
    real = backups.backup

    def flaky(*args):
        calls.append(args)
        if len(calls) == 1:
            raise OSError("No space left on device")
        return real(*args)

    monkeypatch.setattr(backups, "backup", flaky)

    def between(n: int) -> None:
        if n == 3:  # a command between the third and the fourth time
            assert add_speaker(store, "Người mới", "schedule-0001")["ok"]

    fake = FakeSocketIO(5, between)
    backups.schedule(app, fake, 0.5)
    assert fake.slept == [30.0] * 5
    # 1: failed (logged), 2: copied, 3: nothing new, 4: the command copied, 5: nothing new.
    assert len(calls) == 3
    assert "No space left on device" in caplog.text and "backup" in caplog.text
    made = backups.backups(backups.directory_of(app))
    assert len(made) == 2 and "Người mới" in names(Store(str(made[0])).load(1))
    never = FakeSocketIO(1, None)
    never.start_background_task = lambda target: pytest.fail("a task with --backup-every 0")
    backups.schedule(app, never, 0)


# ---------------------------------------------------------------- the schedule of the real server


@pytest.mark.live
def test_the_server_backs_up_on_its_schedule(tmp_path):
    """``--backup-every 0.02`` (1.2 s): a backup at start, and another after each change."""
    folder = tmp_path / "saved"
    live = LiveServer(tmp_path / "live.db", extra=("--backup-every", "0.02", "--backup-dir", str(folder))).start()
    try:
        assert f"Backups: {folder}" in live.log_path.read_text()

        def wait_for(count: int) -> list[Path]:
            deadline = time.monotonic() + 20
            while time.monotonic() < deadline:
                found = backups.backups(folder)
                if len(found) >= count:
                    return found
                time.sleep(0.1)
            raise AssertionError(f"{len(backups.backups(folder))} backups, not {count}: {live.log_path.read_text()}")

        first = wait_for(1)
        time.sleep(2.5)  # two more times of the schedule: nothing changed, nothing copied
        assert backups.backups(folder) == first
        # Another process (scale-out) adds a meeting: the next time copies it.
        other = Store(str(tmp_path / "live.db"))
        meeting = demo_meeting(T0)
        meeting.id = 0
        other.create_meeting(meeting)
        other.close()
        newest = wait_for(2)[0]
        assert Store(str(newest)).meeting_ids() == [1, 2]
        assert live.proc.poll() is None
    finally:
        live.stop()


@pytest.mark.browser
def test_the_office_makes_a_backup_from_its_page(pages, server, tmp_path):
    """The card lists the backup made at start; "Sao lưu ngay" makes another, and says so."""
    page = pages("/office", 1366, 768)
    login(page, server.office_pin, "Văn phòng xã")
    page.wait_for_selector("#backup-list li:has-text('dialogue-')")
    assert "mỗi 10 phút" in page.inner_text("#backup-auto")
    assert "python -m server.backup --restore" in page.inner_text("#backup-restore code")
    page.click("#backup-now")
    page.wait_for_selector("#toast:has-text('Đã sao lưu: dialogue-')")
    page.wait_for_selector("#backup-list li:nth-child(2)")
    newest = backups.backups(tmp_path / "backups")[0].name
    assert newest in page.inner_text("#backup-list li:first-child")
    assert newest in page.inner_text("#backup-restore code")
