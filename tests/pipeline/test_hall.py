"""In the hall, through the socket layer: the door team checks citizens in (never twice), walk-ins,
attendance on every screen (counts only in public), requests to speak from phones moderated by the
secretary, followed by the phone that sent them and by no other, and limited per device."""

from __future__ import annotations

import pytest

DEVICE = "phone-token-abcdefghijklmnop"


@pytest.fixture
def invited(screen):
    secretary = screen("secretary")
    rows = [
        {"name": "Nguyễn Văn An", "xom": "Xóm Đông", "phone": "0912345678"},
        {"name": "Trần Thị Bình", "xom": "Xóm Đông"},
        {"name": "Lê Văn Cường", "xom": "Xóm Chùa"},
    ]
    secretary.ok("citizens.import", {"rows": rows})
    return {c["name"]: c["id"] for c in secretary.state["citizens"]}


def test_two_door_devices_never_count_one_citizen_twice(screen, invited, clock):
    door_a, door_b, chair, public = screen("door"), screen("door"), screen("chair"), screen("public")
    assert door_a.join_ack["ok"] and "phone" not in door_a.state["citizens"][0]
    an = invited["Nguyễn Văn An"]
    door_a.ok("citizen.checkin", {"citizen_id": an})
    late = door_b.send("citizen.checkin", {"citizen_id": an})
    assert [e["code"] for e in late["errors"]] == ["already_present"]
    assert "đã được điểm danh" in late["errors"][0]["message"]
    door_b.ok("citizen.walk_in", {"name": "Phạm Văn Dũng", "xom": "Xóm Mới"})
    seen = public.states()[-1]["attendance"]
    assert (seen["present"], seen["walk_ins"], seen["invited"]) == (2, 1, 100)  # the plan invites 100
    assert {x["xom"]: x["present"] for x in seen["per_xom"]}["Xóm Đông"] == 1
    assert "citizens" not in public.state  # counts, never names, in public
    assert chair.states()[-1]["attendance"] == seen
    door_a.ok("citizen.checkout", {"citizen_id": an})
    assert public.states()[-1]["attendance"]["present"] == 1
    assert [e["code"] for e in chair.send("citizen.checkin", {"citizen_id": an})["errors"]] == ["forbidden"]


def test_a_wrong_door_pin_is_refused_and_the_door_needs_a_name(screen, store):
    assert screen("door", pin="000000").join_ack["errors"][0]["code"] == "wrong_pin"


def test_a_request_from_a_phone_is_moderated_and_followed_by_that_phone_only(screen, store):
    phone, other, secretary, chair = screen("public"), screen("public"), screen("secretary"), screen("chair")
    ask = {"name": "Vũ Thị Hạnh", "xom": "Xóm Chùa", "topic": "Nước sạch <b>khẩn</b> 🙂", "device": DEVICE}
    phone.ok("request.submit", ask)
    [request] = secretary.states()[-1]["requests"]
    assert request["status"] == "pending" and request["topic"] == "Nước sạch <b>khẩn</b> 🙂"
    assert "device" not in request and "requests" not in chair.states()[-1]
    status = phone.sio.emit("request.status", {"request_id": request["id"], "device": DEVICE}, callback=True)
    assert (status["ok"], status["status"]) == (True, "pending")
    stranger = other.sio.emit(
        "request.status", {"request_id": request["id"], "device": "another-device-token-xx"}, callback=True
    )
    assert stranger["errors"][0]["code"] == "no_such_request"
    again = phone.send("request.submit", {**ask, "topic": "Lần nữa"})
    assert again["errors"][0]["code"] == "already_registered"

    secretary.ok("request.accept", {"request_id": request["id"]})
    status = phone.sio.emit("request.status", {"request_id": request["id"], "device": DEVICE}, callback=True)
    assert (status["status"], status["place"], status["called"]) == ("accepted", 6, False)  # after the 5 of the demo
    # The hall sees the next three, not the whole queue: the phone learns its place from the status.
    secretary.states(), phone.states()
    queued = [s["name"] for s in secretary.state["speakers"] if s["status"] == "queued"]
    assert queued[-1] == "Vũ Thị Hạnh"
    assert [s["name"] for s in phone.state["speakers"]] == queued[:3]
    chair.ok("speaker.call", {"speaker_id": status_speaker(secretary, request["id"]), "expected_speaker_id": None})
    status = phone.sio.emit("request.status", {"request_id": request["id"], "device": DEVICE}, callback=True)
    assert status["called"] is True and status["place"] is None


def status_speaker(secretary, request_id: int) -> int:
    secretary.states()
    return next(r["speaker_id"] for r in secretary.state["requests"] if r["id"] == request_id)


def test_rejected_with_a_reason_merged_with_paper_and_closed(screen):
    phone, secretary, chair = screen("public"), screen("secretary"), screen("chair")
    phone.ok("request.submit", {"name": "Đỗ Văn Em", "xom": "Xóm Ngoài", "topic": "Đường", "device": DEVICE})
    phone.ok("request.submit", {"name": "Ngô Thị Gấm", "xom": "Xóm Ngoài", "topic": "Điện", "device": DEVICE + "b"})
    first, second = secretary.states()[-1]["requests"]
    secretary.ok("request.reject", {"request_id": first["id"], "reason": "Nội dung đã trả lời tại hội nghị trước"})
    status = phone.sio.emit("request.status", {"request_id": first["id"], "device": DEVICE}, callback=True)
    assert (status["status"], status["reason"]) == ("rejected", "Nội dung đã trả lời tại hội nghị trước")
    paper = secretary.state["speakers"][0]["id"]
    speakers_before = len(secretary.state["speakers"])
    secretary.ok("request.merge", {"request_id": second["id"], "speaker_id": paper})
    assert len(secretary.state["speakers"]) == speakers_before  # merged: nobody added
    assert secretary.send("request.accept", {"request_id": second["id"]})["errors"][0]["code"] == "request_decided"
    chair.ok("registration.close")
    closed = phone.send(
        "request.submit", {"name": "Bùi Văn Hòa", "xom": "Xóm Đông", "topic": "Y tế", "device": DEVICE + "c"}
    )
    assert closed["errors"][0]["code"] == "registration_closed"


def test_a_flood_from_one_phone_gets_a_polite_refusal_before_the_pipeline(screen, store):
    phone = screen("public")
    acks = [
        phone.send("request.submit", {"name": f"Người {n}", "xom": "Xóm Đông", "topic": "x", "device": DEVICE})
        for n in range(5)
    ]
    assert [a["ok"] for a in acks[:3]] == [True, True, True]
    assert [a["errors"][0]["code"] for a in acks[3:]] == ["slow_down", "slow_down"]
    assert "chờ một phút" in acks[3]["errors"][0]["message"]
    assert len(store.load(1).requests) == 3


def test_a_phone_over_its_limit_still_learns_what_became_of_a_request_it_sent(screen, store):
    """The answer to a phone's third request was lost; its retry, past the limit, gets that answer
    (the same request id), not "wait a minute", and adds nothing."""
    phone = screen("public")
    for n in range(3):
        ask = {"name": f"Người {n}", "xom": "Xóm Đông", "topic": "x", "device": DEVICE}
        ack = phone.send("request.submit", ask, command_id=f"phone-limit-{n}")
    retry = phone.send("request.submit", ask, command_id="phone-limit-2")
    assert retry["ok"] and retry["duplicate"] and retry["created"] == ack["created"]
    assert phone.send("request.submit", ask | {"name": "Người 3"})["errors"][0]["code"] == "slow_down"
    assert len(store.load(1).requests) == 3


def test_the_phone_learns_its_request_id_from_the_ack_even_on_a_retry(screen):
    phone = screen("public")
    ask = {"name": "Hà Văn Khánh", "xom": "Xóm Đông", "topic": "Điện", "device": DEVICE}
    ack = phone.send("request.submit", ask, command_id="phone-send-000042")
    retry = phone.send("request.submit", ask, command_id="phone-send-000042")  # the ack was lost on the Wi-Fi
    assert ack["created"] == {"requests": [ack["created"]["requests"][0]]}
    assert retry["duplicate"] and retry["created"] == ack["created"]
    status = phone.sio.emit(
        "request.status", {"request_id": ack["created"]["requests"][0], "device": DEVICE}, callback=True
    )
    assert status["status"] == "pending"
    assert all("created" not in message["args"][0] for message in phone.sio.get_received())  # acks only


def test_the_chair_makes_the_projectors_say_which_screen_they_are(screen):
    chair, projector, secretary = screen("chair"), screen("public"), screen("secretary")
    chair.ok("meeting.settings", {"chime": True})
    assert projector.states()[-1]["settings"]["chime"] is True
    assert chair.sio.emit("screen.identify", {}, callback=True) == {"ok": True}
    assert [m["args"][0] for m in projector.sio.get_received() if m["name"] == "identify"] == [
        {"seconds": 5, "code": "", "name": ""}
    ]
    # Naming the projector that shows a code: every projector hears it, the one with the code keeps it.
    named = {"code": "ab3k", "name": "  Màn chiếu 1 —  sân khấu "}
    assert chair.sio.emit("screen.identify", named, callback=True) == {"ok": True}
    heard = [m["args"][0] for m in projector.sio.get_received() if m["name"] == "identify"]
    assert heard[-1] == {"seconds": 5, "code": "AB3K", "name": "Màn chiếu 1 — sân khấu"}
    too_long = chair.sio.emit("screen.identify", {"code": "AB3K", "name": "x" * 61}, callback=True)
    assert too_long["ok"] is False and too_long["errors"][0]["field"] == "name"
    assert not [m for m in secretary.sio.get_received() if m["name"] == "identify"]
    assert projector.sio.emit("screen.identify", {}, callback=True)["errors"][0]["code"] == "forbidden"
