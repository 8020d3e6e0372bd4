"""The pipeline through Flask-SocketIO's test client: acks, what each screen received,
rooms and projections, refusals that change and broadcast nothing."""

from __future__ import annotations

import json

import pytest

from server.demo import demo_meeting

from ..support.client import Client, office_screen


def test_join_gives_each_role_its_snapshot(screen, store):
    chair, secretary, public = screen("chair"), screen("secretary"), screen("public")
    for s, role in ((chair, "chair"), (secretary, "secretary"), (public, "public")):
        assert s.join_ack["ok"] and s.state["role"] == role
        assert s.state["title"].startswith("Hội nghị tiếp xúc, đối thoại trực tiếp")
        assert s.state["banner"][2] == "THÔN AN BỘ"
        assert len(s.state["stages"]) == 6
    assert "phone" in secretary.state["speakers"][0]
    assert "phone" not in chair.state["speakers"][0]
    assert "phone" not in public.state["speakers"][0] and "note" not in public.state["speakers"][0]


@pytest.mark.parametrize(
    "role, pin, code",
    [("chair", "000000", "wrong_pin"), ("secretary", "", "wrong_pin"), ("chair", 123456, "wrong_pin")],
)
def test_wrong_pin_is_refused_in_vietnamese(screen, role, pin, code):
    s = screen(role, pin=pin)
    assert s.join_ack == {
        "ok": False,
        "errors": [{"code": code, "field": "pin", "message": "Mã PIN không đúng."}],
    }
    ack = s.send("stage.next", {"expected_stage_id": None})
    assert ack["errors"][0]["code"] == "not_joined"


def test_the_secretary_pin_does_not_open_the_chair(screen, store):
    s = screen("chair", pin=store.pin(1, "secretary"))
    assert not s.join_ack["ok"]


def test_too_many_wrong_pins_lock_the_address_out(screen, store):
    for _ in range(5):
        assert screen("chair", pin="111111").join_ack["errors"][0]["code"] == "wrong_pin"
    # Even the right PIN is refused for the rest of the minute.
    locked = screen("chair")
    assert locked.join_ack["errors"][0]["code"] == "too_many_attempts"
    assert "chờ một phút" in locked.join_ack["errors"][0]["message"]


def test_wrong_pins_and_the_lock_out_are_logged_with_the_address(screen, caplog):
    with caplog.at_level("WARNING", logger="server.throttle"):
        for _ in range(5):
            screen("secretary", pin="222222")
        screen("secretary")
    lines = [r.getMessage() for r in caplog.records if r.name == "server.throttle"]
    assert lines.count("throttle: wrong PIN from '127.0.0.1' for 'join secretary of meeting 1'") == 5
    assert lines[-1] == "throttle: '127.0.0.1' is locked out after too many wrong PINs"


def test_unknown_meeting(screen):
    s = screen("public", meeting_id=99)
    assert s.join_ack["errors"][0]["code"] == "no_such_meeting"


def test_a_command_reaches_every_screen_with_its_projection(screen, store):
    chair, secretary, public = screen("chair"), screen("secretary"), screen("public")
    ack = secretary.send(
        "speaker.add", {"name": "Ngô Thị Mai", "xom": "Xóm Trong", "topic": "Nước sạch", "phone": "0987654321"}
    )
    assert ack == {"ok": True, "version": 1, "created": {"speakers": [ack["created"]["speakers"][0]]}}
    for s in (chair, secretary, public):
        got = s.states()
        assert len(got) == 1 and got[0]["version"] == 1
    assert chair.state["speakers"][-1]["name"] == secretary.state["speakers"][-1]["name"] == "Ngô Thị Mai"
    # The hall sees the next three (projection.PUBLIC_NEXT): the sixth in the queue is not among them.
    queued = [s["id"] for s in chair.state["speakers"] if s["status"] == "queued"]
    assert [s["id"] for s in public.state["speakers"]] == queued[:3]
    assert secretary.state["speakers"][-1]["phone"] == "0987654321"
    assert "0987654321" not in repr(chair.state) and "0987654321" not in repr(public.state)
    row = next(r for r in store.db["speaker"].rows_where("name = ?", ["Ngô Thị Mai"]))
    assert row["phone"] == "0987654321" and row["status"] == "queued"
    created, entry = store.log(1)
    assert (created["name"], created["version"]) == ("meeting.create", 0)
    assert (entry["role"], entry["name"], entry["version"]) == ("secretary", "speaker.add", 1)
    # The log says what the command did, not only what was asked: the new speaker, with its id.
    [added] = json.loads(entry["effect"])["speakers"]["put"]
    assert (added["name"], added["phone"], added["status"]) == ("Ngô Thị Mai", "0987654321", "queued")
    assert added["id"] == secretary.state["speakers"][-1]["id"]


def test_meetings_are_isolated(app, screen, store, clock):
    other = demo_meeting(clock())
    other.title = "Hội nghị thôn khác"
    store.create_meeting(other)
    chair1, public1, public2 = screen("chair", 1), screen("public", 1), screen("public", 2)
    chair1.ok("stage.next", {"expected_stage_id": None})
    assert len(public1.states()) == 1
    assert public2.states() == []
    assert store.load(2).stage_id is None
    # A PIN of meeting 1 does not open meeting 2 (they are random per meeting).
    if store.pin(1, "chair") != store.pin(2, "chair"):
        assert not screen("chair", 2, pin=store.pin(1, "chair")).join_ack["ok"]


def test_a_refused_command_changes_and_broadcasts_nothing(screen, store):
    chair, public = screen("chair"), screen("public")
    before = store.load(1)
    ack = chair.send("speaker.add", {"name": "", "requested_minutes": 99})
    assert ack["ok"] is False
    assert {e["code"] for e in ack["errors"]} == {"empty", "too_large"}
    assert all(e["message"] for e in ack["errors"])
    assert public.states() == [] and chair.states() == []
    assert store.load(1) == before
    assert [r["name"] for r in store.log(1)] == ["meeting.create"]


@pytest.mark.parametrize(
    "envelope",
    [
        None,
        "stage.next",
        {"name": "stage.next", "payload": {}},  # no id
        {"id": "short", "name": "stage.next", "payload": {}},
        {"id": "abcdefgh-1", "name": "stage.next", "payload": []},
        {"id": "abcdefgh-1", "name": "stage.next", "payload": {}, "extra": 1},
        {"id": "abc def gh", "name": "stage.next", "payload": {}},
    ],
)
def test_malformed_envelopes(screen, envelope):
    chair = screen("chair")
    ack = chair.sio.emit("command", envelope, callback=True)
    assert ack["ok"] is False and ack["errors"][0]["code"] == "bad_envelope"
    assert ack["errors"][0]["message"] == "Lệnh không đúng định dạng."


def test_a_role_may_not_send_another_roles_command(screen, store):
    public, secretary = screen("public"), screen("secretary")
    assert public.send("message.show", {"text": "Hacked"})["errors"][0]["code"] == "forbidden"
    assert secretary.send("timer.start", {"speaker_id": 1})["errors"][0]["code"] == "forbidden"
    assert store.load(1).message == ""


def test_a_retried_command_id_is_applied_once(screen, store):
    chair, public = screen("chair"), screen("public")
    first = chair.send("speaker.call_next", {"expected_speaker_id": None}, command_id="retry-me-0001")
    again = chair.send("speaker.call_next", {"expected_speaker_id": None}, command_id="retry-me-0001")
    assert first == {"ok": True, "version": 1}
    assert again == {"ok": True, "version": 1, "duplicate": True}
    assert len(public.states()) == 1
    assert [r["command_id"] for r in store.log(1)][1:] == ["retry-me-0001"]
    assert store.load(1).speaker_id == public.state["speaker_id"]


def test_two_chairs_pressing_next_at_once_call_one_speaker(screen, store):
    tablet, laptop = screen("chair"), screen("chair")
    seen = tablet.state["speaker_id"]
    a = tablet.send("speaker.call_next", {"expected_speaker_id": seen})
    b = laptop.send("speaker.call_next", {"expected_speaker_id": seen})
    assert a["ok"] and not b["ok"]
    assert b["errors"][0]["code"] == "stale_speaker"
    assert "màn hình khác" in b["errors"][0]["message"]
    state = store.load(1)
    assert [s.status for s in state.speakers].count("skipped") == 0
    assert len(state.queue()) == 4


def test_the_chair_runs_a_turn_and_the_projector_follows(screen, clock):
    chair, public = screen("chair"), screen("public")
    chair.ok("stage.next", {"expected_stage_id": None})
    chair.ok("speaker.call_next", {"expected_speaker_id": None})
    sid = chair.state["speaker_id"]
    chair.ok("timer.start", {"speaker_id": sid})
    clock.advance(20)
    chair.ok("timer.pause", {"speaker_id": sid})
    chair.ok("timer.adjust", {"speaker_id": sid, "seconds": 60})
    public.states()
    p = public.state
    assert p["speaker_id"] == sid
    current = next(s for s in p["speakers"] if s["id"] == sid)
    assert current["name"] == "Nguyễn Văn An (demo)" and current["xom"] == "Xóm Đông"
    assert p["timer"] == {"duration": 240, "elapsed": 20, "started_at": None}


def test_message_reaches_the_projector(screen):
    chair, public = screen("chair"), screen("public")
    chair.ok("message.show", {"text": "Nghỉ giải lao 10 phút"})
    assert public.states()[-1]["message"] == "Nghỉ giải lao 10 phút"
    chair.ok("message.clear")
    assert public.states()[-1]["message"] == ""


def test_errors_follow_the_language_cookie(app, store):
    ack = Client(app, "chair", "nope", name="Lê Văn Tâm", lang="en").join_ack
    assert ack["errors"][0]["message"] == "Wrong PIN."


def test_server_time(screen, clock):
    assert screen("public").sio.emit("time", {}, callback=True) == {"ok": True, "now": clock()}


def test_every_refusal_has_the_same_shape(screen):
    chair = screen("chair")
    acks = [
        chair.send("no.such", {}),
        chair.send("stage.next", {"expected_stage_id": 12345}),
        chair.send("speaker.add", {"name": 1}),
        chair.sio.emit("command", {}, callback=True),
        screen("public").send("message.clear"),
    ]
    for ack in acks:
        assert set(ack) == {"ok", "errors"} and ack["ok"] is False and ack["errors"]
        for error in ack["errors"]:
            assert set(error) == {"code", "field", "message"}
            assert isinstance(error["message"], str) and error["message"]


def test_packets_carry_vietnamese_as_utf8_not_escapes(app):
    """A name of 14 characters goes out as 19 bytes of UTF-8, not 44 bytes of \\u escapes."""
    from server.app import socketio

    packet = socketio.server.packet_class(2, data=["patch", {"set": {"message": "Nguyễn Thị Hòa"}}])
    encoded = packet.encode()
    assert "Nguyễn Thị Hòa" in encoded and "\\u" not in encoded


def test_the_log_records_the_person_and_operators_see_who_is_connected(app, screen, store):
    """Each operator gives their name when joining; the log records it with every command, and the
    chair and secretaries see who else is connected (not the public screens' identity, only a count)."""
    from server.app import socketio

    # A raw test client: it must send joins the one client never sends (no name, a name too long).
    anonymous = socketio.test_client(app, flask_test_client=app.test_client())
    ack = anonymous.emit(
        "join", {"meeting_id": 1, "role": "secretary", "pin": store.pin(1, "secretary")}, callback=True
    )
    assert [e["code"] for e in ack["errors"]] == ["name_required"]
    long_name = {"meeting_id": 1, "role": "chair", "pin": store.pin(1, "chair"), "name": "x" * 81}
    assert [e["code"] for e in anonymous.emit("join", long_name, callback=True)["errors"]] == ["too_long"]

    chair = screen("chair")
    secretary = screen("secretary")
    public = screen("public")
    secretary.ok("speaker.add", {"name": "Đinh Văn Sơn"})
    assert store.log(1)[-1]["person"] == "Người thử (secretary)"
    chair.states()
    assert chair.presence["operators"] == [
        {"role": "chair", "name": "Người thử (chair)"},
        {"role": "secretary", "name": "Người thử (secretary)"},
    ]
    assert chair.presence["public"] == 1
    assert {m["name"] for m in public.sio.get_received()} == {"patch"}  # the public is told no names
    public.sio.disconnect()
    chair.states()
    assert chair.presence["public"] == 0


def test_the_agenda_edited_by_the_office_reaches_every_screen(app, screen, store):
    """The office adds and removes a stage of meeting 1 while its screens follow: each screen's
    patches (an entity dropped, the order changed) rebuild its fresh snapshot (checked by states())."""
    chair, public = screen("chair"), screen("public")
    office = office_screen(app, store)

    def send(name, payload, command_id):
        envelope = {"id": command_id, "name": name, "payload": payload, "meeting_id": 1}
        return office.sio.emit("command", envelope, callback=True)

    first = chair.state["stages"][0]["id"]
    assert send("stage.add", {"title": "Đón tiếp đại biểu", "planned_minutes": 5, "before_id": first}, "agenda-0001")[
        "ok"
    ]
    [added] = [s for s in chair.states()[-1]["stages"] if s["title"] == "Đón tiếp đại biểu"]
    assert public.states()[-1]["stages"][0] == {
        "id": added["id"],
        "title": "Đón tiếp đại biểu",
        "planned_minutes": 5,
        "runs": [],
    }
    assert send("stage.remove", {"stage_id": added["id"]}, "agenda-0002")["ok"]
    assert [s["id"] for s in public.states()[-1]["stages"]][0] == first
    assert store.log(1)[-1]["person"] == "Văn phòng"


def test_the_office_creates_a_meeting_that_runs_on_its_own(app, screen, store, clock):
    """meeting.create goes through the pipeline: a blank meeting from the statutory procedure, fresh
    PINs in the office's ack, one log row with the whole meeting; its screens never see the demo's."""
    office = office_screen(app, store)
    payload = {
        "title": "Hội nghị đối thoại với nhân dân thôn Đông Tiến",
        "hamlet": "Đông Tiến",
        "place": "Nhà văn hóa thôn Đông Tiến",
        "starts_at": "2023-06-15T08:00",
        "banner": ["HỘI NGHỊ", "THÔN ĐÔNG TIẾN", ""],
    }
    envelope = {"id": "create-dong-tien-01", "name": "meeting.create", "payload": payload}
    ack = office.sio.emit("command", envelope, callback=True)
    assert ack["ok"] and ack["meeting_id"] == 2 and ack["version"] == 1
    assert set(ack["pins"]) == {"chair", "secretary", "door"} and all(len(p) == 6 for p in ack["pins"].values())
    again = office.sio.emit("command", envelope, callback=True)  # the ack was lost: the same meeting and PINs
    assert again == {**ack, "duplicate": True}
    listed = office.sio.emit("meetings.list", {}, callback=True)["meetings"]
    assert [m["id"] for m in listed] == [2, 1] and listed[0]["pins"] == ack["pins"]

    m = store.load(2)
    assert (m.title, m.hamlet, m.starts_at, m.banner) == (
        payload["title"],
        "Đông Tiến",
        "2023-06-15T08:00",
        ["HỘI NGHỊ", "THÔN ĐÔNG TIẾN"],
    )
    assert [s.planned_minutes for s in m.stages] == [10, 15, 60, 30, 20, 15] and m.speakers == [] and not m.is_demo
    [created] = store.log(2)
    assert (created["name"], created["person"], json.loads(created["payload"])) == (
        "meeting.create",
        "Văn phòng",
        payload,
    )

    chair = screen("chair", 2, pin=ack["pins"]["chair"])
    assert chair.join_ack["ok"] and chair.state["title"] == payload["title"]
    demo_public = screen("public", 1)
    chair.ok("stage.next", {"expected_stage_id": None})
    assert demo_public.states() == [] and store.load(1).stage_id is None
    snap = office.sio.emit("meeting.snapshot", {"meeting_id": 2}, callback=True)
    assert snap["ok"] and snap["state"]["stage_id"] == m.stages[0].id

    update = {
        "id": "update-dong-tien-01",
        "name": "meeting.update",
        "meeting_id": 2,
        "payload": {"banner": ["HỘI NGHỊ"]},
    }
    assert office.sio.emit("command", update, callback=True)["ok"]
    assert chair.states()[-1]["banner"] == ["HỘI NGHỊ"]


def test_two_office_screens_following_a_meeting_see_each_others_edits(app, store):
    """An office screen that follows a meeting gets the secretary's snapshot of it, then the patch of
    every command on it, another office screen's too; following another meeting leaves the first."""
    first, second = office_screen(app, store).sio, office_screen(app, store).sio
    follow = {"role": "office", "pin": store.office_pin(), "name": "Văn phòng", "meeting_id": 1}
    joined = [c.emit("join", follow, callback=True) for c in (first, second)]
    assert all(j["ok"] and j["state"]["id"] == 1 for j in joined)
    assert "phone" in joined[0]["state"]["speakers"][0]  # the secretary's projection
    first.get_received()
    second.get_received()
    update = {"id": "office-title-0001", "name": "meeting.update", "meeting_id": 1, "payload": {"place": "Hội trường"}}
    ack = first.emit("command", update, callback=True)
    assert ack["ok"]
    [patch] = [e["args"][0] for e in second.get_received() if e["name"] == "patch"]
    assert patch["version"] == ack["version"] and patch["set"]["place"] == "Hội trường"
    assert first.emit("snapshot", {}, callback=True)["state"]["place"] == "Hội trường"
    assert [e["args"][0] for e in first.get_received() if e["name"] == "patch"] == [patch]  # its own too

    assert not first.emit("join", {**follow, "meeting_id": 999}, callback=True)["ok"]
    assert first.emit("join", {**follow, "meeting_id": None}, callback=True)["ok"]
    second.emit("command", {**update, "id": "office-title-0002", "payload": {"place": "Nhà văn hóa"}}, callback=True)
    assert [e for e in first.get_received() if e["name"] == "patch"] == []
    assert first.emit("snapshot", {}, callback=True)["errors"][0]["code"] == "forbidden"


@pytest.mark.parametrize(
    "payload, code",
    [
        ({"title": "Hội nghị", "hamlet": "Đông Tiến", "starts_at": "2023-02-30T08:00"}, "bad_date"),
        ({"title": "Hội nghị", "hamlet": "Đông Tiến", "starts_at": "15/06/2023 08:00"}, "bad_date"),
        ({"title": "", "hamlet": "Đông Tiến", "starts_at": "2023-06-15T08:00"}, "empty"),
        ({"title": "Hội nghị", "starts_at": "2023-06-15T08:00"}, "required"),
        (
            {"title": "Hội nghị", "hamlet": "Đông Tiến", "starts_at": "2023-06-15T08:00", "banner": ["x"] * 7},
            "too_many",
        ),
    ],
)
def test_a_bad_meeting_is_not_created(app, store, payload, code):
    office = office_screen(app, store)
    ack = office.sio.emit(
        "command", {"id": "bad-create-0001", "name": "meeting.create", "payload": payload}, callback=True
    )
    assert [e["code"] for e in ack["errors"]] == [code]
    assert store.meeting_ids() == [1]


def test_only_the_office_creates_meetings(screen, store):
    secretary = screen("secretary")
    ack = secretary.send("meeting.create", {"title": "X", "hamlet": "Y", "starts_at": "2023-06-15T08:00"})
    assert [e["code"] for e in ack["errors"]] == ["forbidden"]
    assert secretary.sio.emit("meetings.list", {}, callback=True)["ok"] is False
    assert store.meeting_ids() == [1]


def test_a_new_pin_signs_out_the_screens_that_used_the_old_one(app, screen, store):
    office = office_screen(app, store)
    old = store.pin(1, "chair")
    chair, secretary = screen("chair"), screen("secretary")
    ack = office.sio.emit("pin.regenerate", {"meeting_id": 1, "role": "chair"}, callback=True)
    assert ack["ok"] and ack["pin"] != old and len(ack["pin"]) == 6 and store.pin(1, "chair") == ack["pin"]
    assert [m["name"] for m in chair.sio.get_received()].count("signed_out") == 1
    refused = chair.send("message.show", {"text": "Xin chào"})
    assert [e["code"] for e in refused["errors"]] == ["signed_out"]
    assert [e["code"] for e in chair.sio.emit("snapshot", {}, callback=True)["errors"]] == ["signed_out"]
    assert store.load(1).message == ""
    secretary.ok("speaker.add", {"name": "Đinh Văn Sơn"})  # the other role is not affected
    assert [m["name"] for m in chair.sio.get_received() if m["name"] == "patch"] == []  # out of the room
    assert not screen("chair", pin=old).join_ack["ok"]
    renewed = screen("chair", pin=ack["pin"])
    assert renewed.join_ack["ok"]
    assert renewed.send("message.show", {"text": "Xin chào"})["ok"]
    [logged] = [r for r in store.log(1) if r["name"] == "pin.regenerate"]
    assert (logged["person"], json.loads(logged["payload"])) == ("Văn phòng", {"role": "chair"})  # not the PIN
    assert [
        e["code"] for e in chair.sio.emit("pin.regenerate", {"meeting_id": 1, "role": "chair"}, callback=True)["errors"]
    ] == ["forbidden"]  # a role that may not send it, joined or signed out: always the same code


def test_the_pin_guard_keeps_counting_in_the_process_when_redis_is_gone(caplog):
    """With the shared counts unreachable, throttling falls back to this process, and says so."""
    from server.throttle import Counter, PinGuard

    from ..support.live_server import free_port

    guard = PinGuard(Counter(f"redis://127.0.0.1:{free_port()}/0"))
    with caplog.at_level("WARNING", logger="server.throttle"):
        for _ in range(5):
            assert not guard.blocked("10.0.0.7")
            guard.failed("10.0.0.7", "join chair of meeting 1")
        assert guard.blocked("10.0.0.7")
        assert not guard.blocked("10.0.0.8")
    errors = [r.getMessage() for r in caplog.records if r.levelname == "ERROR"]
    assert len(errors) == 1 and "counting in this process only" in errors[0]
