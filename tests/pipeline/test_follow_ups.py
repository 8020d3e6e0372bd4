"""A follow-up turn stays linked to the opinion it follows up (issue 18): the hall is told which
opinion it continues (the projection's public ``follows``: its summary and who raised it, nothing
else of the opinion), and the minutes say it."""

from __future__ import annotations

from urllib.parse import quote

from server.domain import project


def minutes_text(client, store) -> str:
    headers = {"X-Role": "secretary", "X-Pin": store.pin(1, "secretary"), "X-Person": quote("Thư ký")}
    got = client.get("/m/1/minutes", headers=headers).get_json()
    assert got["ok"], got
    return "\n".join(b["text"] for b in got["current"]["blocks"])


def test_a_follow_up_turn_is_linked_on_every_screen_and_in_the_minutes(screen, client, store, clock):
    chair, secretary, hall = screen("chair"), screen("secretary"), screen("public")
    chair.ok("stage.next", {"expected_stage_id": None})
    first = chair.ok("speaker.call_next", {"expected_speaker_id": None}) and chair.state["speaker_id"]
    chair.ok("timer.start", {"speaker_id": first})
    category = secretary.state["settings"]["categories"][0]
    summary = "Đề nghị cấp giấy chứng nhận quyền sử dụng đất cho 12 hộ"
    secretary.ok("opinion.add", {"summary": summary, "category": category, "speaker_id": first, "text": "riêng tư"})
    opinion = secretary.state["opinions"][-1]
    clock.advance(60)
    chair.ok("speaker.end", {"speaker_id": first})
    raiser = next(s["name"] for s in chair.state["speakers"] if s["id"] == first)

    # Registered as a follow-up of that opinion, then called: every screen is told which one it continues.
    secretary.ok("speaker.add", {"name": "Lê Văn Hỏi Thêm", "xom": "Xóm Tây", "follows_opinion_id": opinion["id"]})
    follower = secretary.state["speakers"][-1]["id"]
    assert hall.state["follows"] is None  # not at the microphone yet
    queue = [s["id"] for s in chair.state["speakers"] if s["status"] == "queued"]
    chair.ok("speaker.call", {"speaker_id": follower, "expected_speaker_id": None})
    chair.ok("timer.start", {"speaker_id": follower})
    assert queue  # the follower was called out of order, ahead of the others
    expected = {"opinion_id": opinion["id"], "summary": summary, "citizen": raiser}
    for s in (hall, chair, secretary):
        s.wait_for(lambda state: state["follows"] is not None)
        assert s.state["follows"] == expected
    assert "riêng tư" not in repr(hall.state)  # the opinion's full text stays with the operators

    # The summary corrected: the hall's line follows.
    secretary.ok("opinion.update", {"opinion_id": opinion["id"], "summary": summary + " ở Xóm Đông"})
    hall.wait_for(lambda state: state["follows"]["summary"].endswith("ở Xóm Đông"))
    assert project(store.current(1), "public")["follows"]["summary"] == summary + " ở Xóm Đông"

    clock.advance(90)
    chair.ok("speaker.end", {"speaker_id": follower})
    hall.wait_for(lambda state: state["follows"] is None)
    text = minutes_text(client, store)
    line = f"Tiếp tục ý kiến của {raiser} về “{summary} ở Xóm Đông”."
    assert line in text
    # Right after the follower's own turn.
    assert text.index("Công dân Lê Văn Hỏi Thêm (Xóm Tây) phát biểu") < text.index(line)
