"""Who answers an opinion (issue 18): a chair picked, or an answerer typed with its own "Đ/c", is
named once with one title in the minutes, never "Đ/c Đ/c …"."""

from __future__ import annotations

from ..support.client import headers


def test_an_answerer_typed_with_a_title_gets_one_title_in_the_minutes(client, store, screen, clock):
    chair, secretary = screen("chair"), screen("secretary")
    chair.ok("stage.next", {"expected_stage_id": None})
    for stage in (1, 2):
        chair.ok("stage.next", {"expected_stage_id": stage})
    chair.ok("speaker.call_next", {"expected_speaker_id": None})
    first = chair.state["speaker_id"]
    chair.ok("timer.start", {"speaker_id": first})
    category = secretary.state["settings"]["categories"][0]
    secretary.ok(
        "opinion.add", {"summary": "Cấp giấy chứng nhận quyền sử dụng đất", "category": category, "speaker_id": first}
    )
    clock.advance(60)
    opinion = secretary.state["opinions"][0]["id"]
    chair.ok(
        "answer.call",
        {
            "opinion_ids": [opinion],
            "expected_speaker_id": first,
            "delegate_id": None,
            "answerer": "Đ/c Lê Thị Lan – Chủ tịch UBND xã",
        },
    )
    assert chair.state["speakers"][-1]["name"] == "Lê Thị Lan – Chủ tịch UBND xã"  # as the hall sees it
    assert next(o for o in chair.state["opinions"] if o["id"] == opinion)["answerer"] == "Lê Thị Lan – Chủ tịch UBND xã"
    answering = chair.state["speaker_id"]
    chair.ok("timer.start", {"speaker_id": answering})
    clock.advance(90)
    chair.ok("speaker.end", {"speaker_id": answering})
    got = client.get("/m/1/minutes", headers=headers(store, "secretary")).get_json()
    text = "\n".join(b["text"] for b in got["current"]["blocks"])
    assert "Đ/c Lê Thị Lan – Chủ tịch UBND xã trả lời" in text
    assert "Đ/c Đ/c" not in text and "đ/c Đ/c" not in text
