"""The preparation duties as the office keeps them: a new meeting starts with the duties a commune's
plan names, each due some working days before the meeting; the office and the secretary team add,
correct, mark done and remove them over Socket.IO; the operators' screens follow, the public screens
and the door never see them; the overdue ones are flagged when read; the plan lists them."""

from __future__ import annotations

import io
import json
from datetime import datetime

import docx

from server.app import create_app
from server.storage import transfer

from ..support.client import codes, headers, office_screen
from ..support.meetings import TWO_TIER

# TWO_TIER is held on Tuesday 20/06/2023: the deadlines the defaults get, counted back in working
# days (no holiday in June 2023).
DEADLINES = {10: "2023-06-06", 7: "2023-06-09", 5: "2023-06-13", 3: "2023-06-15", 2: "2023-06-16", 1: "2023-06-19"}


def new_meeting(app, store) -> tuple[object, dict]:
    office = office_screen(app, store)
    ack = office.send("meeting.create", TWO_TIER)
    assert ack["ok"], ack
    return office, ack


def test_a_new_meeting_gets_the_plans_duties_which_only_the_operators_see(app, store, screen):
    _office, ack = new_meeting(app, store)
    mid = ack["meeting_id"]
    secretary = screen("secretary", mid, pin=ack["pins"]["secretary"])
    duties = secretary.state["duties"]
    units = [d["unit"] for d in duties]
    for unit in ("Văn phòng Đảng ủy - HĐND - UBND xã", "Đảng ủy - UBND - UBMTTQ xã", "Thôn Tân Hưng"):
        assert unit in units
    for unit in ("Các ban, ngành chuyên môn, đoàn thể xã", "Công chức văn hóa xã", "Đài Truyền thanh xã"):
        assert unit in units
    assert "Công an - Quân sự xã" in units
    tasks = " ".join(d["task"] for d in duties)
    for said in ("phân bổ số công dân tham dự về từng xóm", "tăng âm, loa đài", "ghi âm", "họp chuẩn bị"):
        assert said in tasks
    assert all(d["status"] == "todo" and d["done_at"] is None for d in duties)
    assert {d["days_before"]: d["deadline"] for d in duties} == DEADLINES
    assert secretary.state["recording_started_at"] is None

    chair = screen("chair", mid, pin=ack["pins"]["chair"])
    assert chair.state["duties"] == duties
    for role in ("public", "door"):
        other = screen(role, mid, pin=None if role == "public" else ack["pins"]["door"])
        assert "duties" not in other.state and "recording_started_at" not in other.state


def test_the_secretary_adds_corrects_marks_done_and_removes_a_duty(screen, clock):
    secretary, chair, public = screen("secretary"), screen("chair"), screen("public")
    before = len(secretary.state["duties"])
    duty = {"unit": "Đoàn Thanh niên xã", "task": "Đón tiếp, hướng dẫn đại biểu", "days_before": 0}
    ack = secretary.ok("duty.add", duty)
    (duty_id,) = ack["created"]["duties"]
    added = secretary.state["duties"][-1]
    assert len(secretary.state["duties"]) == before + 1
    # The demo meeting is held on 25/05/2023: due on the day itself.
    assert added == {**duty, "id": duty_id, "person": "", "status": "todo", "done_at": None, "deadline": "2023-05-25"}

    secretary.ok("duty.update", {"duty_id": duty_id, "person": "Phạm Văn Đoàn", "expected": {"person": ""}})
    assert secretary.state["duties"][-1]["person"] == "Phạm Văn Đoàn"
    stale = secretary.send("duty.update", {"duty_id": duty_id, "person": "Người khác", "expected": {"person": ""}})
    assert codes(stale) == ["changed_meanwhile"]

    clock.advance(60)
    secretary.ok("duty.done", {"duty_id": duty_id, "done": True})
    assert secretary.state["duties"][-1]["status"] == "done"
    assert secretary.state["duties"][-1]["done_at"] == clock()
    again = secretary.send("duty.done", {"duty_id": duty_id, "done": True})
    assert codes(again) == ["nothing_to_change"] and again["errors"][0]["message"] == "Không có gì để thay đổi."
    secretary.ok("duty.done", {"duty_id": duty_id, "done": False})
    assert secretary.state["duties"][-1]["done_at"] is None

    secretary.ok("duty.remove", {"duty_id": duty_id})
    assert duty_id not in [d["id"] for d in secretary.state["duties"]]
    # The chair's screen followed every change (each patch equals a fresh snapshot), and the
    # public screen's patches carried none of it.
    chair.states()
    assert chair.state["duties"] == secretary.state["duties"]
    public.states()
    assert "duties" not in public.state


def test_duties_are_refused_to_other_roles_and_bad_input_changes_nothing(screen, store):
    secretary = screen("secretary")
    version = store.load(1).version
    duty_id = secretary.state["duties"][0]["id"]
    for role in ("chair", "door", "public"):
        refused = screen(role).send("duty.done", {"duty_id": duty_id, "done": True})
        assert codes(refused) == ["forbidden"], role
        assert "không được" in refused["errors"][0]["message"]
    police = {"unit": "công an - quân sự xã", "task": secretary.state["duties"][-1]["task"], "days_before": 2}
    cases = [
        ("duty.add", {"unit": "Xã đội", "task": "Bảo vệ", "days_before": 61}, ["too_large"]),
        ("duty.add", {"unit": "Xã đội", "task": "Bảo vệ", "days_before": "3"}, ["wrong_type"]),
        ("duty.add", {"unit": "   ", "task": "Bảo vệ", "days_before": 1}, ["empty"]),
        ("duty.add", {"unit": "Xã đội", "task": "x" * 501, "days_before": 1}, ["too_long"]),
        ("duty.add", {"unit": "Xã đội", "task": "Bảo vệ", "days_before": 1, "status": "done"}, ["unknown_field"]),
        ("duty.add", police, ["duplicate_duty"]),  # the same unit and task, in other letter case
        ("duty.update", {"duty_id": 999, "person": "Ai đó"}, ["no_such_duty"]),
        ("duty.update", {"duty_id": duty_id}, ["nothing_to_change"]),
        ("duty.done", {"duty_id": duty_id, "done": 1}, ["wrong_type"]),
        ("duty.remove", {"duty_id": 999}, ["no_such_duty"]),
    ]
    for name, payload, expected in cases:
        ack = secretary.send(name, payload)
        assert codes(ack) == expected, (name, payload, ack)
    assert secretary.send("duty.remove", {"duty_id": 999})["errors"][0]["message"] == "Không có nhiệm vụ chuẩn bị này."
    dup = secretary.send("duty.add", police)
    assert dup["errors"][0]["message"] == "Đơn vị này đã có nhiệm vụ này."
    assert store.load(1).version == version


def test_moving_the_meeting_moves_every_deadline_on_the_screens(app, store, screen):
    office, ack = new_meeting(app, store)
    mid = ack["meeting_id"]
    secretary = screen("secretary", mid, pin=ack["pins"]["secretary"])
    # One week later, across a public holiday: Monday 04/09/2023 (National Day, observed with 01/09).
    assert office.send("meeting.update", {"starts_at": "2023-09-05T08:00"}, meeting_id=mid)["ok"]
    secretary.states()  # the patch put every duty again: it equals a fresh snapshot
    deadlines = {d["days_before"]: d["deadline"] for d in secretary.state["duties"]}
    assert deadlines[1] == "2023-08-31" and deadlines[2] == "2023-08-30"


def test_the_office_reads_which_duties_are_overdue(app, store, client, clock):
    office, ack = new_meeting(app, store)
    mid = ack["meeting_id"]
    read = client.get(f"/m/{mid}/duties", headers=headers(store, "office")).get_json()
    assert read["today"] == "2023-05-25" and read["meeting_date"] == "2023-06-20"
    assert not any(d["overdue"] for d in read["duties"])
    clock.now = datetime(2023, 6, 8, 9, 0).timestamp()  # Thursday: the 10-day duty (06/06) is late
    read = client.get(f"/m/{mid}/duties", headers=headers(store, "office")).get_json()
    late = [d for d in read["duties"] if d["overdue"]]
    assert [d["days_before"] for d in late] == [10] and late[0]["days_left"] == -2
    seven = next(d for d in read["duties"] if d["days_before"] == 7)
    assert (seven["overdue"], seven["days_left"]) == (False, 1)

    assert office.send("duty.done", {"duty_id": late[0]["id"], "done": True}, meeting_id=mid)["ok"]
    read = client.get(f"/m/{mid}/duties", headers=headers(store, "office")).get_json()
    assert not any(d["overdue"] for d in read["duties"])
    refused = client.get(f"/m/{mid}/duties", headers={"X-Role": "public", "X-Pin": ""})
    assert refused.status_code == 403 and refused.get_json()["errors"][0]["code"] == "forbidden"


def test_the_plan_lists_each_duty_with_its_person_and_deadline(app, store, client):
    office, ack = new_meeting(app, store)
    mid = ack["meeting_id"]
    duties = store.load(mid).duties
    radio = next(d for d in duties if d.unit == "Đài Truyền thanh xã")
    assert office.send("duty.update", {"duty_id": radio.id, "person": "Nguyễn Văn Thanh"}, meeting_id=mid)["ok"]
    assert office.send("duty.done", {"duty_id": duties[0].id, "done": True}, meeting_id=mid)["ok"]
    response = client.get(f"/m/{mid}/documents/plan.docx", headers=headers(store, "office"))
    assert response.status_code == 200
    document = docx.Document(io.BytesIO(response.data))
    said = "\n".join(p.text for p in document.paragraphs)
    for n, duty in enumerate(duties, 1):
        assert f"{n}. {duty.unit}: {duty.task.rstrip('.')}." in said
    assert "Hoàn thành chậm nhất ngày 06/06/2023 (10 ngày làm việc trước hội nghị)." in said
    due = "Hoàn thành chậm nhất ngày 19/06/2023 (1 ngày làm việc trước hội nghị)."
    assert f"{due} Người thực hiện: Nguyễn Văn Thanh." in said
    # The appendix: the list the office ticks off, one row per duty with its person, date and status.
    assert "BẢNG PHÂN CÔNG NHIỆM VỤ CHUẨN BỊ HỘI NGHỊ" in said
    listed = document.tables[-1]
    header = ["STT", "Đơn vị", "Nhiệm vụ", "Người thực hiện", "Thời hạn", "Tình trạng"]
    assert [c.text for c in listed.rows[0].cells] == header
    rows = [[c.text for c in row.cells] for row in listed.rows[1:]]
    assert [r[1] for r in rows] == [d.unit for d in duties]
    assert rows[0][4:] == ["06/06/2023", "Đã xong"] and rows[1][5] == "Chưa"
    assert next(r for r in rows if r[1] == "Đài Truyền thanh xã")[3:5] == ["Nguyễn Văn Thanh", "19/06/2023"]


def test_a_copy_gets_the_plans_duties_for_its_own_hamlet(app, store):
    office = office_screen(app, store)
    payload = {"source_meeting_id": 1, "title": "Hội nghị với thôn Bích Nham", "hamlet": "Bích Nham"}
    ack = office.send("meeting.copy", {**payload, "starts_at": "2023-07-04T08:00"})
    assert ack["ok"], ack
    units = [d.unit for d in store.load(ack["meeting_id"]).duties]
    assert "Thôn Bích Nham" in units and "Thôn An Bộ" not in units


def test_an_export_made_before_the_duties_still_imports(app, store, clock, tmp_path):
    """A file written by the version before the duties has no ``duties`` and no recording mark: it
    is a meeting without them, not a foreign file."""
    exported = app.test_client().get("/m/1/documents/export.json", headers=headers(store, "office"))
    assert exported.status_code == 200
    data = json.loads(exported.get_data())
    del data["meeting"]["duties"]
    del data["meeting"]["set"]["recording_started_at"]
    data["sha256"] = transfer._digest(data)
    other = create_app({"DATABASE": str(tmp_path / "other.db"), "CLOCK": clock, "TESTING": True})
    there = other.extensions["store"]
    try:
        body = transfer.canonical(data)
        response = other.test_client().post("/office/import-meeting", data=body, headers=headers(there, "office"))
        assert response.status_code == 200, response.get_json()
        imported = there.load(response.get_json()["meeting_id"])
        assert list(imported.duties) == [] and imported.recording_started_at is None
    finally:
        there.close()
