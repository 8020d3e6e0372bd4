"""Preparing a meeting through the one pipeline, as the commune office does it: particulars with the
administrative units as data, the meeting's status from draft to archived, copying an earlier
meeting, delegates and the invited citizens, two office screens at once, closing the meeting."""

from __future__ import annotations

import itertools
import json

import pytest

from ..support.client import codes, office_screen
from ..support.meetings import TWO_TIER

_ids = itertools.count(1)


def command(office, name: str, payload: dict, meeting_id: int | None = None, command_id: str | None = None) -> dict:
    envelope = {"id": command_id or f"prep-{next(_ids):06d}", "name": name, "payload": payload}
    if meeting_id is not None:
        envelope["meeting_id"] = meeting_id
    return office.sio.emit("command", envelope, callback=True)


def listed(office) -> dict[int, dict]:
    return {m["id"]: m for m in office.sio.emit("meetings.list", {}, callback=True)["meetings"]}


def test_a_meeting_under_the_two_tier_structure_with_three_chairs(app, screen, store):
    office = office_screen(app, store)
    ack = command(office, "meeting.create", TWO_TIER)
    assert ack["ok"], ack
    new = ack["meeting_id"]
    m = store.load(new)
    assert [u["level"] for u in m.units] == ["xã", "tỉnh"]  # no district: nothing assumed in code
    assert [c["name"] for c in m.chairs] == ["Phạm Văn Chiến", "Đào Thị Hạnh", "Ngô Văn Tuấn"]
    assert (m.invited_count, m.status) == (40, "draft")
    assert listed(office)[new]["phase"] == "draft" and listed(office)[1]["phase"] == "scheduled"

    assert command(office, "meeting.schedule", {}, new)["ok"]
    assert listed(office)[new]["phase"] == "scheduled"
    again = command(office, "meeting.schedule", {}, new)
    assert codes(again) == ["meeting_phase"] and "đã lên lịch" in again["errors"][0]["message"]

    public = screen("public", new)
    assert public.state["chairs"] == TWO_TIER["chairs"] and public.state["units"] == TWO_TIER["units"]
    chair = screen("chair", new, pin=ack["pins"]["chair"])
    chair.ok("stage.next", {"expected_stage_id": None})
    assert listed(office)[new]["phase"] == "live"


@pytest.mark.parametrize(
    "change, code",
    [
        ({"starts_at": "2023-05-24T08:00"}, "date_in_past"),  # the fake clock is 25/05/2023
        ({"allocation": [{"xom": "Xóm 1", "count": 5}, {"xom": "xóm 1", "count": 5}]}, "duplicate_xom"),
        ({"invited_count": 5001}, "too_large"),
        ({"units": [{"level": "", "name": "Tân Tiến"}]}, "empty"),
        ({"chairs": [{"name": "x" * 81}]}, "too_long"),
    ],
)
def test_a_bad_particular_creates_nothing(app, store, change, code):
    office = office_screen(app, store)
    ack = command(office, "meeting.create", {**TWO_TIER, **change})
    assert codes(ack) == [code] and ack["errors"][0]["message"]
    assert store.meeting_ids() == [1]


def test_the_date_in_the_past_is_told_in_vietnamese(app, store):
    office = office_screen(app, store)
    ack = command(office, "meeting.create", {**TWO_TIER, "starts_at": "2023-05-24T08:00"})
    assert ack["errors"][0]["message"].endswith("Ngày này đã qua: chỉ chuẩn bị hội nghị cho hôm nay hoặc các ngày sau.")


def test_a_copy_takes_the_agenda_delegates_and_settings_but_no_people_or_records(app, screen, store, clock):
    chair, secretary = screen("chair"), screen("secretary")
    secretary.ok("meeting.settings", {"warning_seconds": 45, "categories": ["Đất đai", "Môi trường"]})
    secretary.ok("stage.update", {"stage_id": 3, "planned_minutes": 75})
    secretary.ok("citizen.add", {"name": "Nguyễn Văn An", "xom": "Xóm Đông", "phone": "0912345678"})
    secretary.ok("delegate.present", {"delegate_id": 7, "present": True})
    letterhead = {"body": "UBND XÃ HIỆP HÒA", "signer_name": "Lê Thị Lan", "notice_number": "25/TB-UBND"}
    secretary.ok("meeting.paperwork", letterhead)
    chair.ok("stage.next", {"expected_stage_id": None})
    clock.advance(120)
    chair.ok("speaker.call_next", {"expected_speaker_id": None})
    secretary.ok(
        "opinion.add", {"summary": "Đường nội đồng", "category": "Đất đai", "speaker_id": chair.state["speaker_id"]}
    )

    office = office_screen(app, store)
    payload = {"source_meeting_id": 1, "title": "Hội nghị với thôn Bích Nham", "hamlet": "Bích Nham"}
    payload["starts_at"] = "2023-07-01T08:00"
    ack = command(office, "meeting.copy", payload, command_id="copy-bich-nham-1")
    assert ack["ok"], ack
    assert command(office, "meeting.copy", payload, command_id="copy-bich-nham-1")["meeting_id"] == ack["meeting_id"]
    source, copy = store.load(1), store.load(ack["meeting_id"])
    assert (copy.title, copy.hamlet, copy.starts_at, copy.status) == (
        "Hội nghị với thôn Bích Nham",
        "Bích Nham",
        "2023-07-01T08:00",
        "draft",
    )
    assert [(s.title, s.planned_minutes, s.runs) for s in copy.stages] == [
        (s.title, s.planned_minutes, []) for s in source.stages
    ]
    assert [(d.name, d.title, d.present) for d in copy.delegates] == [
        (d.name, d.title, False) for d in source.delegates
    ]
    assert copy.settings == source.settings and copy.units == source.units and copy.chairs == source.chairs
    assert (copy.paperwork.body, copy.paperwork.signer_name, copy.paperwork.notice_number) == (
        "UBND XÃ HIỆP HÒA",
        "Lê Thị Lan",
        "",  # a new meeting's notice gets a number of its own
    )
    assert (copy.speakers, copy.opinions, copy.citizens, copy.stage_id, copy.started_at) == ([], [], [], None, None)
    assert ack["pins"] != store.pins(1)
    assert json.loads(store.log(copy.id)[0]["effect"])["set"]["title"] == "Hội nghị với thôn Bích Nham"

    missing = command(office, "meeting.copy", {**payload, "source_meeting_id": 99})
    assert codes(missing) == ["no_such_meeting"]


def test_invited_citizens_are_private_and_never_twice(app, screen, store):
    secretary, chair, public = screen("secretary"), screen("chair"), screen("public")
    office = office_screen(app, store)
    rows = [
        {"name": "Nguyễn Thị Hoa", "xom": "Xóm Đông", "phone": "0987 654 321", "id_number": "001190012345"},
        {"name": "Trần Văn Bảy", "xom": "Xóm Chùa"},
        {"name": "nguyễn thị  hoa", "xom": "xóm đông"},  # the same person, typed again
        {"name": "Nguyễn Thị Hòa", "xom": "Xóm Đông"},  # another person: the diacritics count
    ]
    ack = command(office, "citizens.import", {"rows": rows}, 1)
    assert ack["ok"], ack
    [state] = secretary.states()
    assert [(c["name"], c["phone"], c["id_number"]) for c in state["citizens"]] == [
        ("Nguyễn Thị Hoa", "0987654321", "001190012345"),
        ("Trần Văn Bảy", "", ""),
        ("Nguyễn Thị Hòa", "", ""),
    ]
    # The chair sees who is invited, not their phone or identity number; the public only counts.
    assert chair.states()[-1]["citizens"][0] == {
        "id": state["citizens"][0]["id"],
        "name": "Nguyễn Thị Hoa",
        "xom": "Xóm Đông",
        "present": False,
        "walk_in": False,
        "checked_in_at": None,
    }
    assert "citizens" not in public.states()[-1] and public.state["attendance"]["listed"] == 3
    again = command(office, "citizens.import", {"rows": rows}, 1)
    assert codes(again) == ["nothing_new"] and len(store.load(1).citizens) == 3

    bad = command(
        office, "citizens.import", {"rows": [rows[1], {"name": "Lê Văn Cường", "xom": "", "id_number": "12"}]}, 1
    )
    assert sorted((e["field"], e["code"]) for e in bad["errors"]) == [
        ("rows.1.id_number", "bad_id_number"),
        ("rows.1.xom", "empty"),
    ]
    assert len(store.load(1).citizens) == 3  # nothing half-saved

    hoa = state["citizens"][0]["id"]
    assert codes(secretary.send("citizen.update", {"citizen_id": hoa, "name": "Nguyễn Thị Hòa"})) == [
        "duplicate_citizen"
    ]
    secretary.ok("citizen.remove", {"citizen_id": hoa})
    assert [c.name for c in store.load(1).citizens] == ["Trần Văn Bảy", "Nguyễn Thị Hòa"]
    assert codes(chair.send("citizen.add", {"name": "Lê Văn Cường", "xom": "Xóm Ngoài"})) == ["forbidden"]


def test_the_delegates_are_introduced_on_the_projector_by_group(screen):
    secretary, chair, public = screen("secretary"), screen("chair"), screen("public")
    secretary.ok(
        "delegates.import", {"rows": [{"name": "Hoàng Văn Sơn", "title": "Tỉnh ủy viên", "group": "Đại biểu cấp tỉnh"}]}
    )
    new = secretary.state["delegates"][-1]
    secretary.ok("delegate.move", {"delegate_id": new["id"], "before_id": secretary.state["delegates"][0]["id"]})
    secretary.ok("delegate.present", {"delegate_id": new["id"], "present": True})
    chair.ok("hall.show", {"what": "delegates"})
    seen = public.states()[-1]
    assert seen["showing"] == "delegates"
    assert (seen["delegates"][0]["name"], seen["delegates"][0]["group"], seen["delegates"][0]["present"]) == (
        "Hoàng Văn Sơn",
        "Đại biểu cấp tỉnh",
        True,
    )
    assert codes(chair.send("hall.show", {"what": "delegates"})) == ["nothing_to_change"]
    assert codes(secretary.send("delegate.add", {"name": "hoàng văn sơn"})) == ["duplicate_delegate"]


def test_two_office_screens_editing_the_same_field(app, store, screen):
    first, second = office_screen(app, store), office_screen(app, store)
    loaded = store.load(1).title
    ok = command(first, "meeting.update", {"title": "Hội nghị (bản sửa 1)", "expected": {"title": loaded}}, 1)
    assert ok["ok"]
    late = command(second, "meeting.update", {"title": "Hội nghị (bản sửa 2)", "expected": {"title": loaded}}, 1)
    assert codes(late) == ["changed_meanwhile"] and late["errors"][0]["field"] == "title"
    assert store.load(1).title == "Hội nghị (bản sửa 1)"
    # Different fields edited at once both land.
    assert command(second, "meeting.update", {"place": "Nhà văn hóa", "expected": {"place": store.load(1).place}}, 1)[
        "ok"
    ]


def test_a_meeting_is_deleted_only_while_nothing_happened_and_archived_otherwise(app, store, screen, client):
    office = office_screen(app, store)
    assert codes(command(office, "meeting.delete", {}, 1)) == ["meeting_happened"]  # the demo has speakers
    draft = command(office, "meeting.create", TWO_TIER)["meeting_id"]
    assert command(office, "meeting.delete", {}, draft)["ok"]
    assert draft not in listed(office) and "Tân Hưng" not in client.get("/").get_data(as_text=True)
    assert store.log(draft)[-1]["name"] == "meeting.delete"  # nothing is lost: the rows and the log stay

    chair = screen("chair")
    chair.ok("stage.next", {"expected_stage_id": None})
    assert codes(command(office, "meeting.archive", {}, 1)) == ["meeting_phase"]  # not while it runs
    chair.ok("meeting.close")
    assert command(office, "meeting.archive", {}, 1)["ok"]
    refused = chair.send("message.show", {"text": "Giải lao 10 phút"})
    assert codes(refused) == ["meeting_closed"] and "đã lưu trữ" in refused["errors"][0]["message"]
    assert command(office, "meeting.unarchive", {}, 1)["ok"]
    chair.ok("message.show", {"text": "Giải lao 10 phút"})


def test_closing_ends_the_turn_and_the_stage_and_reopening_continues(screen, clock, store):
    chair = screen("chair")
    assert codes(chair.send("meeting.close")) == ["meeting_phase"]
    chair.ok("stage.next", {"expected_stage_id": None})
    chair.ok("speaker.call_next", {"expected_speaker_id": None})
    speaker = chair.state["speaker_id"]
    chair.ok("timer.start", {"speaker_id": speaker})
    clock.advance(90)
    chair.ok("meeting.close")
    m = store.load(1)
    assert m.ended_at == clock.now and m.speaker_id is None
    assert (m.speaker(speaker).status, m.speaker(speaker).spoken_seconds) == ("done", 90)
    assert m.stages[0].runs == [[clock.now - 90, clock.now]]
    assert codes(chair.send("stage.next", {"expected_stage_id": m.stage_id})) == ["meeting_ended"]
    assert codes(chair.send("speaker.call_next", {"expected_speaker_id": None})) == ["meeting_ended"]
    clock.advance(30)
    chair.ok("meeting.reopen")
    assert store.load(1).stages[0].runs == [[clock.now - 120, clock.now - 30], [clock.now, None]]
