"""The meeting's rules under real hands (issue 18), through Socket.IO and HTTP as the screens use
them: a restored speaker goes back to their place, the date the meeting was held governs replies and
deadlines, attendance closes with the meeting, overtime is the overtime the hall saw, nothing is
changed silently, lists come in Vietnamese order, and who is connected is true after a restart."""

from __future__ import annotations

import io
from datetime import date, datetime

import docx

from server.app import create_app, socketio
from server.domain.collation import sort_key

from ..support.client import codes, headers

DAY = 86400


# ---------------------------------------------------------------- the queue


def test_a_restored_speaker_goes_back_to_their_place_not_to_the_end(screen):
    chair, secretary = screen("chair"), screen("secretary")
    a, b, c, *_ = (s["id"] for s in chair.state["speakers"] if s["status"] == "queued")
    chair.ok("speaker.call_next", {"expected_speaker_id": None})  # A is called, does not come forward
    chair.ok("speaker.skip", {"speaker_id": a})
    secretary.ok("speaker.withdraw", {"speaker_id": c})
    chair.ok("speaker.call_next", {"expected_speaker_id": None})  # B at the microphone
    chair.ok("speaker.restore", {"speaker_id": a})
    secretary.ok("speaker.restore", {"speaker_id": c})
    chair.states()
    queue = [s["id"] for s in chair.state["speakers"] if s["status"] == "queued"]
    assert queue[:2] == [a, c]  # A first again, C where C was (not both at the end)
    assert chair.state["speaker_id"] == b


# ---------------------------------------------------------------- the date it was held


def assigned_opinion(chair, secretary) -> int:
    chair.ok("speaker.call_next", {"expected_speaker_id": None})
    speaker = chair.state["speaker_id"]
    chair.ok("timer.start", {"speaker_id": speaker})
    opinion = {"summary": "Đường liên xóm hỏng", "category": "Giao thông & thủy lợi", "speaker_id": speaker}
    secretary.ok("opinion.add", opinion)
    oid = secretary.state["opinions"][-1]["id"]
    secretary.ok("opinion.outcome", {"opinion_id": oid, "outcome": "assigned", "unit": "UBND xã", "working_days": 5})
    return oid


def test_the_date_it_was_held_governs_replies_and_deadlines(screen, clock, store):
    """Planned for Thursday 25/05/2023, held two days earlier: the deadline counts from the 23rd, a
    reply dated the 23rd is accepted, and one dated after today is refused."""
    clock.now -= 2 * DAY  # Tuesday 23/05/2023
    chair, secretary = screen("chair"), screen("secretary")
    chair.ok("stage.next", {"expected_stage_id": None})
    oid = assigned_opinion(chair, secretary)
    held = datetime.fromtimestamp(clock.now).date()
    assert held == date(2023, 5, 23) and store.load(1).starts_at.startswith("2023-05-25")
    assert secretary.state["opinions"][-1]["deadline"] == "2023-05-30"  # 5 working days from Tue 23/05
    clock.advance(10 * DAY)  # the reply comes in on 02/06/2023
    future = {"opinion_id": oid, "reply_date": "2023-08-01", "reply_summary": "Đã sửa đường"}
    refused = secretary.send("opinion.reply", future)
    assert codes(refused) == ["reply_in_future"]
    assert "Ngày trả lời không thể sau hôm nay" in refused["errors"][0]["message"]
    secretary.ok("opinion.reply", future | {"reply_date": "2023-05-23"})
    assert codes(secretary.send("opinion.reply", future | {"reply_date": "2023-05-22"})) == ["reply_before_meeting"]


def test_the_minutes_are_dated_the_day_the_meeting_was_held(screen, clock, store, client):
    """Planned for 25/05/2023, held on the 23rd: the letterhead's place-and-date line says the 23rd,
    as the body does."""
    clock.now -= 2 * DAY
    chair = screen("chair")
    chair.ok("stage.next", {"expected_stage_id": None})
    clock.advance(3600)
    chair.ok("meeting.close")
    h = headers(store, "secretary")
    draft = client.get("/m/1/minutes?fresh=1", headers=h).get_json()["current"]["blocks"]
    body = {"blocks": draft, "base_version": None, "finalise": True, "confirm_open": True}
    assert client.post("/m/1/minutes", json=body, headers=h).get_json()["ok"]
    data = client.get("/m/1/documents/minutes.docx?version=1", headers=h).data
    document = docx.Document(io.BytesIO(data))
    letterhead = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    text = "\n".join([p.text for p in document.paragraphs] + letterhead)
    assert any("ngày 23 tháng 5 năm 2023" in cell for cell in letterhead)
    assert "ngày 23 tháng 5 năm 2023" in text and "25 tháng 5" not in text


# ---------------------------------------------------------------- attendance


def test_a_check_in_after_the_close_is_refused_so_the_figures_stay_those_of_the_minutes(screen, store):
    chair, secretary, door = screen("chair"), screen("secretary"), screen("door")
    for name in ("Nguyễn Thị Hoa", "Trần Văn Bảy"):
        secretary.ok("citizen.add", {"name": name, "xom": "Xóm Đông"})
    hoa, bay = (c["id"] for c in secretary.state["citizens"][-2:])
    chair.ok("stage.next", {"expected_stage_id": None})
    door.ok("citizen.checkin", {"citizen_id": hoa})
    chair.ok("meeting.close")
    late = door.send("citizen.checkin", {"citizen_id": bay})
    assert codes(late) == ["attendance_closed"]
    assert late["errors"][0]["message"].startswith("Hội nghị đã bế mạc")
    assert codes(door.send("citizen.checkout", {"citizen_id": hoa})) == ["attendance_closed"]
    walk_in = {"name": "Lê Văn Tám", "xom": "Xóm Đoài"}
    assert codes(door.send("citizen.walk_in", walk_in)) == ["attendance_closed"]
    assert store.load(1).citizens.get(bay).present is False
    chair.ok("meeting.reopen")  # reopening the meeting reopens attendance
    door.ok("citizen.checkin", {"citizen_id": bay})


def test_the_statistics_present_figure_does_not_move_after_the_close(screen, store, client):
    chair, secretary, door = screen("chair"), screen("secretary"), screen("door")
    secretary.ok("citizen.add", {"name": "Nguyễn Thị Hoa", "xom": "Xóm Đông"})
    secretary.ok("citizen.add", {"name": "Trần Văn Bảy", "xom": "Xóm Đông"})
    hoa, bay = (c["id"] for c in secretary.state["citizens"][-2:])
    chair.ok("stage.next", {"expected_stage_id": None})
    door.ok("citizen.checkin", {"citizen_id": hoa})
    chair.ok("meeting.close")
    before = client.get("/m/1/statistics", headers=headers(store, "secretary")).get_json()["present"]
    door.send("citizen.checkin", {"citizen_id": bay})
    assert client.get("/m/1/statistics", headers=headers(store, "secretary")).get_json()["present"] == before == 1


# ---------------------------------------------------------------- overtime


def test_a_speaker_cut_to_two_minutes_who_spoke_2_25_is_reported_25_s_over(screen, clock, store, client):
    chair = screen("chair")
    chair.ok("stage.next", {"expected_stage_id": None})
    chair.ok("speaker.call_next", {"expected_speaker_id": None})
    sid = chair.state["speaker_id"]
    requested = next(s for s in chair.state["speakers"] if s["id"] == sid)["requested_seconds"]
    chair.ok("timer.adjust", {"speaker_id": sid, "seconds": 120 - requested})  # the chair cuts it to 2 min
    chair.ok("timer.start", {"speaker_id": sid})
    clock.advance(145)  # the projector showed 25 s in red
    chair.ok("speaker.end", {"speaker_id": sid})
    turn = next(t for t in client.get("/m/1/statistics", headers=headers(store, "secretary")).get_json()["turns"])
    assert (turn["spoken_seconds"], turn["overrun_seconds"]) == (145, 25)
    # a speaker given one more minute who stayed within it did not run over
    chair.ok("speaker.call_next", {"expected_speaker_id": None})
    second = chair.state["speaker_id"]
    chair.ok("timer.adjust", {"speaker_id": second, "seconds": 60})
    chair.ok("timer.start", {"speaker_id": second})
    allowance = next(s for s in chair.state["speakers"] if s["id"] == second)["requested_seconds"] + 60
    clock.advance(allowance - 10)
    chair.ok("speaker.end", {"speaker_id": second})
    turns = client.get("/m/1/statistics", headers=headers(store, "secretary")).get_json()["turns"]
    assert [t["overrun_seconds"] for t in turns] == [25, 0]


# ---------------------------------------------------------------- nothing changed silently


def test_a_topic_over_its_limit_is_refused_not_cut(screen, store):
    secretary = screen("secretary")
    ack = secretary.send("speaker.add", {"name": "Lê Văn Tám", "topic": "đất " * 75})  # 300 characters
    assert codes(ack) == ["too_long"] and ack["errors"][0]["field"] == "topic"
    assert not any(s.name == "Lê Văn Tám" for s in store.load(1).speakers)


def test_an_opinion_without_a_category_is_refused_not_defaulted(screen, store):
    chair, secretary = screen("chair"), screen("secretary")
    chair.ok("stage.next", {"expected_stage_id": None})
    chair.ok("speaker.call_next", {"expected_speaker_id": None})
    ack = secretary.send("opinion.add", {"summary": "Nước sạch", "speaker_id": chair.state["speaker_id"]})
    assert [(e["code"], e["field"]) for e in ack["errors"]] == [("required", "category")]
    assert not store.load(1).opinions
    other = {"summary": "Nước sạch", "speaker_id": chair.state["speaker_id"], "category": "Khác"}
    secretary.ok("opinion.add", other)


# ---------------------------------------------------------------- Vietnamese order


def test_vietnamese_collation_letters_then_tones():
    categories = ["Đất đai", "Dân số", "Giao thông", "An ninh", "Ăn ở", "Âm thanh", "Ô nhiễm", "Ơn", "Ư", "Uy"]
    assert sorted(categories, key=sort_key) == [
        "An ninh",
        "Ăn ở",
        "Âm thanh",
        "Dân số",
        "Đất đai",  # đ after every d, not after z as by code point
        "Giao thông",
        "Ô nhiễm",
        "Ơn",
        "Uy",
        "Ư",
    ]
    tones = ["Bạ", "Bá", "Bã", "Bả", "Bà", "Ba", "Bác"]
    assert sorted(tones, key=sort_key) == ["Ba", "Bà", "Bả", "Bã", "Bá", "Bạ", "Bác"]  # CLDR: tones after letters
    names = ["Trần Văn An", "Trần Thị Hường", "trần thị hương", "Trần Thị Hương", "Đỗ Văn Ba", "Dương Thị Ân"]
    assert sorted(names, key=sort_key) == [
        "Dương Thị Ân",
        "Đỗ Văn Ba",
        "trần thị hương",
        "Trần Thị Hương",
        "Trần Thị Hường",
        "Trần Văn An",
    ]


def test_the_statistics_list_equal_categories_in_vietnamese_order(screen, store, client):
    chair, secretary = screen("chair"), screen("secretary")
    secretary.ok("meeting.settings", {"categories": ["Môi trường", "Đất đai", "An ninh", "Điện"]})
    chair.ok("stage.next", {"expected_stage_id": None})
    chair.ok("speaker.call_next", {"expected_speaker_id": None})
    sid = chair.state["speaker_id"]
    for category in ("Môi trường", "Điện", "Đất đai", "An ninh", "Đất đai"):
        secretary.ok("opinion.add", {"summary": f"Về {category}", "category": category, "speaker_id": sid})
    figures = client.get("/m/1/statistics", headers=headers(store, "secretary")).get_json()
    assert list(figures["by_category"]) == ["Đất đai", "An ninh", "Điện", "Môi trường"]


def test_the_attendance_lists_the_xom_beyond_the_plan_in_vietnamese_order(screen):
    secretary = screen("secretary")
    for xom in ("Xóm Đình", "Xóm Ao", "Xóm Dưới", "Xóm Chùa"):
        secretary.ok("citizen.add", {"name": f"Người ở {xom}", "xom": xom})
    planned = [x["xom"] for x in secretary.state["allocation"]]
    listed = [x["xom"] for x in secretary.state["attendance"]["per_xom"]]
    extra = [x for x in listed if x not in planned]
    assert extra == sorted(extra, key=sort_key) and extra.index("Xóm Dưới") < extra.index("Xóm Đình")


# ---------------------------------------------------------------- who is connected


def test_after_a_restart_the_presence_replaces_the_one_before_instead_of_a_ghost(tmp_path, clock):
    """The screens keep the last list of each process token: a lone server restarted must report
    under the same token, or the chair appears twice and 3 projectors show with 2 connected."""
    config = {"DATABASE": str(tmp_path / "d.db"), "CLOCK": clock, "TESTING": True}
    tokens = []
    for _start in range(2):
        app = create_app(config)
        store = app.extensions["store"]
        chair = socketio.test_client(app, flask_test_client=app.test_client())
        join = {"meeting_id": 1, "role": "chair", "pin": store.pin(1, "chair"), "name": "Phạm Văn Chiến"}
        assert chair.emit("join", join, callback=True)["ok"]
        [report] = [m["args"][0] for m in chair.get_received() if m["name"] == "presence"]
        tokens.append(report["process"])
        chair.disconnect()
        store.close()
    assert tokens[0] == tokens[1]


def test_a_lost_screen_leaves_the_presence_within_seconds(client):
    """Engine.IO's handshake tells every client the ping: a screen that vanishes without a word is
    dropped after ping interval + timeout (15 s), not python-engineio's default 45 s."""
    handshake = client.get("/socket.io/?EIO=4&transport=polling").get_data(as_text=True)
    assert '"pingInterval":5000' in handshake and '"pingTimeout":10000' in handshake


def test_the_operators_see_who_is_connected_in_vietnamese_order(app, store):
    screens = []
    for name in ("Hà Văn Hải", "Đỗ Thị Lan"):  # by code point "Đ" would come after "H"
        s = socketio.test_client(app, flask_test_client=app.test_client())
        join = {"meeting_id": 1, "role": "secretary", "pin": store.pin(1, "secretary"), "name": name}
        assert s.emit("join", join, callback=True)["ok"]
        screens.append(s)
    reports = [m["args"][0] for m in screens[0].get_received() if m["name"] == "presence"]
    assert [o["name"] for o in reports[-1]["operators"]] == ["Đỗ Thị Lan", "Hà Văn Hải"]
