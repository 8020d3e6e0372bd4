"""Opinions and petitions: recording, answering, outcomes, working-day deadlines, follow-up,
search. Pure tests first, then through the socket pipeline."""

from __future__ import annotations

import copy
from datetime import date, datetime

import pytest

from server.demo import demo_meeting
from server.domain import CommandError, execute, project
from server.domain.workdays import add_working_days, working_days_left
from server.storage.queries import fold

from ..support.client import Client, office_screen

T0 = 1_685_000_000.0  # 25/05/2023


def run(state, name, payload=None, role="secretary", now=T0):
    return execute(state, name, payload or {}, role, now)


def codes(exc_info):
    return [(p.code, p.field) for p in exc_info.value.problems]


@pytest.fixture
def m():
    """The An Bộ meeting with its first speaker at the microphone, speaking."""
    m = demo_meeting(T0)
    m = run(m, "speaker.call_next", {"expected_speaker_id": None}, role="chair")
    return run(m, "timer.start", {"speaker_id": m.speaker_id}, role="chair")


def add(m, **fields):
    payload = {
        "summary": "Đề nghị cấp giấy chứng nhận quyền sử dụng đất",
        "category": "Đất đai & giấy chứng nhận",
        "speaker_id": m.speaker_id,
    } | fields
    m = run(m, "opinion.add", payload)
    return m, m.opinions[-1]


# ---------------------------------------------------------------- working days


def test_deadlines_skip_weekends():
    # Thursday 25/05/2023 + 15 working days: three weekends skipped, no holiday.
    assert add_working_days(date(2023, 5, 25), 15) == date(2023, 6, 15)
    assert add_working_days(date(2023, 5, 26), 1) == date(2023, 5, 29)  # Friday -> Monday


def test_deadlines_skip_tet_of_a_real_year():
    # Tết Quý Mão: the state's break ran from Friday 20/01 to Thursday 26/01/2023.
    assert add_working_days(date(2023, 1, 18), 1) == date(2023, 1, 19)
    assert add_working_days(date(2023, 1, 18), 2) == date(2023, 1, 27)
    # Giỗ Tổ Hùng Vương and 30/4-1/5 in 2023, observed on 2 and 3 May.
    assert add_working_days(date(2023, 4, 27), 2) == date(2023, 5, 4)


def test_a_substituted_saturday_is_a_working_day():
    # In 2025 Saturday 26/04 was worked in exchange for Friday 02/05.
    assert add_working_days(date(2025, 4, 25), 1) == date(2025, 4, 26)


def test_days_left_and_overdue():
    assert working_days_left(date(2023, 6, 12), date(2023, 6, 15)) == 3
    assert working_days_left(date(2023, 6, 15), date(2023, 6, 15)) == 0
    assert working_days_left(date(2023, 6, 19), date(2023, 6, 15)) == -4  # calendar days overdue


# ---------------------------------------------------------------- recording


def test_an_opinion_is_linked_to_the_turn_and_time_stamped(m):
    m, o = add(m, kind="kien_nghi", level="xa", unit="Công chức địa chính", text="Gia đình tôi nộp hồ sơ từ 2021.")
    assert (o.speaker_id, o.raised_at, o.unit) == (m.speaker_id, T0, "Công chức địa chính")
    m, second = add(m, summary="Đường nội đồng xuống cấp", category="Giao thông & thủy lợi")
    assert second.speaker_id == o.speaker_id and second.id != o.id  # one speech, several opinions


def test_a_written_opinion_needs_no_turn(m):
    m = run(
        m,
        "opinion.add",
        {
            "summary": "Đèn đường hỏng",
            "category": "Khác",
            "speaker_id": None,
            "citizen": "Mai Văn Tâm",
            "xom": "Xóm Ngoài",
        },
    )
    assert (m.opinions[-1].speaker_id, m.opinions[-1].citizen) == (None, "Mai Văn Tâm")


@pytest.mark.parametrize(
    "fields, problem",
    [
        ({"summary": ""}, ("empty", "summary")),
        ({"category": "Thể thao"}, ("unknown_category", "category")),
        ({"kind": "khac"}, ("not_allowed", "kind")),
        ({"level": "tinh"}, ("not_allowed", "level")),
        ({"speaker_id": 999}, ("no_such_speaker", "speaker_id")),
        ({"citizen": "Người khác"}, ("not_for_turn", "citizen")),
        ({"summary": "x" * 301}, ("too_long", "summary")),
    ],
)
def test_bad_opinions_are_refused(m, fields, problem):
    with pytest.raises(CommandError) as e:
        add(m, **fields)
    assert codes(e) == [problem]


def test_an_opinion_needs_a_turn_that_happened(m):
    waiting = m.queue()[0].id
    with pytest.raises(CommandError) as e:
        add(m, speaker_id=waiting)
    assert codes(e) == [("speaker_status", "speaker_id")]


def test_only_the_secretary_records(m):
    with pytest.raises(CommandError) as e:
        run(m, "opinion.add", {"summary": "x", "category": "Khác", "speaker_id": None}, role="chair")
    assert codes(e) == [("forbidden", None)]


# ---------------------------------------------------------------- answering


def test_the_chair_assigns_who_answers_and_the_hall_sees_it(m):
    m, o = add(m)
    chu_tich = next(d for d in m.delegates if d.title == "Chủ tịch UBND xã")
    m = run(m, "opinion.assign", {"opinion_id": o.id, "delegate_id": chu_tich.id}, role="chair")
    assert m.opinion(o.id).answerer == "Lê Thị Lan (demo) – Chủ tịch UBND xã"
    focus = project(m, "public")["focus"]
    assert focus == {
        "opinion_id": o.id,
        "summary": o.summary,
        "citizen": "Nguyễn Văn An (demo)",
        "answerer": "Lê Thị Lan (demo) – Chủ tịch UBND xã",
    }
    m = run(m, "opinion.focus_clear", role="chair")
    assert project(m, "public")["focus"] is None


def test_an_answer_is_a_timed_turn_linked_to_the_opinions(m):
    m, a = add(m)
    m, b = add(m, summary="Hỏi về tiến độ cấp sổ đỏ")
    citizen = m.speaker_id
    chu_tich = next(d for d in m.delegates if d.title == "Chủ tịch UBND xã")
    m = run(
        m,
        "answer.call",
        {
            "opinion_ids": [a.id, b.id],
            "delegate_id": chu_tich.id,
            "expected_speaker_id": citizen,
            "requested_minutes": 5,
        },
        role="chair",
        now=T0 + 120,
    )
    turn = m.current_speaker()
    assert (turn.name, turn.topic, turn.official, turn.answers) == (
        "Lê Thị Lan (demo)",
        "Chủ tịch UBND xã",
        True,
        [a.id, b.id],
    )
    assert m.timer.duration == 300 and m.speaker(citizen).status == "done"
    assert m.focus_opinion_id == a.id
    # An answer is not a citizen's opinion.
    with pytest.raises(CommandError) as e:
        add(m, speaker_id=turn.id)
    assert codes(e) == [("not_a_citizen_turn", "speaker_id")]
    # Calling the next citizen takes the answered opinion off the screen.
    m = run(m, "speaker.call_next", {"expected_speaker_id": turn.id}, role="chair")
    assert m.focus_opinion_id is None


def test_a_follow_up_turn_names_the_opinion_it_follows(m):
    m, o = add(m)
    m = run(m, "speaker.add", {"name": "Nguyễn Văn An (demo)", "follows_opinion_id": o.id})
    assert m.queue()[-1].follows_opinion_id == o.id
    with pytest.raises(CommandError) as e:
        run(m, "speaker.add", {"name": "X", "follows_opinion_id": 999})
    assert codes(e) == [("no_such_opinion", "follows_opinion_id")]


# ---------------------------------------------------------------- outcomes


def test_answered_needs_the_answer_and_who_gave_it(m):
    m, o = add(m)
    with pytest.raises(CommandError) as e:
        run(m, "opinion.outcome", {"opinion_id": o.id, "outcome": "answered"})
    assert codes(e) == [("required", "answer"), ("required", "answered_by")]
    m = run(
        m,
        "opinion.outcome",
        {
            "opinion_id": o.id,
            "outcome": "answered",
            "answer": "Hồ sơ đủ, cấp trong tháng 6",
            "answered_by": "Chủ tịch UBND xã",
        },
    )
    assert (m.opinion(o.id).outcome, m.opinion(o.id).outcome_at) == ("answered", T0)


def test_assigned_gets_a_working_day_deadline_from_the_meeting_date(m):
    m, o = add(m)
    with pytest.raises(CommandError) as e:
        run(m, "opinion.outcome", {"opinion_id": o.id, "outcome": "assigned"})
    assert codes(e) == [("required", "unit")]
    m = run(m, "opinion.outcome", {"opinion_id": o.id, "outcome": "assigned", "unit": "Công chức địa chính"})
    assert (m.opinion(o.id).deadline, m.opinion(o.id).deadline_days) == ("2023-06-15", 15)
    m = run(
        m,
        "opinion.outcome",
        {"opinion_id": o.id, "outcome": "assigned", "unit": "Công chức địa chính", "working_days": 5},
    )
    assert m.opinion(o.id).deadline == "2023-06-01"


def test_assigned_takes_the_unit_recorded_with_the_opinion(m):
    m, o = add(m, unit="Công an xã")
    m = run(m, "opinion.outcome", {"opinion_id": o.id, "outcome": "assigned"})
    assert m.opinion(o.id).unit == "Công an xã"


def test_two_screens_recording_an_outcome_at_once_never_overwrite_each_other(m):
    """Both forms opened on an opinion with no outcome; the one saved second is told, and the first
    outcome stands until it is replaced knowingly (with the outcome_at the second screen now sees)."""
    m, o = add(m)
    m = run(m, "opinion.outcome", {"opinion_id": o.id, "outcome": "noted", "expected_outcome_at": None}, now=T0 + 5)
    before = copy.deepcopy(m)
    late = {"opinion_id": o.id, "outcome": "assigned", "unit": "Địa chính", "expected_outcome_at": None}
    with pytest.raises(CommandError) as refused:
        run(m, "opinion.outcome", late, role="chair", now=T0 + 6)
    assert codes(refused) == [("changed_meanwhile", "outcome")]
    assert m == before and m.opinion(o.id).outcome == "noted"
    m = run(m, "opinion.outcome", late | {"expected_outcome_at": T0 + 5}, role="chair", now=T0 + 7)
    assert (m.opinion(o.id).outcome, m.opinion(o.id).unit) == ("assigned", "Địa chính")


def test_a_correction_of_a_field_changed_meanwhile_is_refused(m):
    m, o = add(m)
    seen = {"summary": o.summary, "category": o.category}
    m = run(m, "opinion.update", {"opinion_id": o.id, "summary": "Đề nghị cấp sổ đỏ", "expected": seen})
    with pytest.raises(CommandError) as refused:
        run(m, "opinion.update", {"opinion_id": o.id, "summary": "Cấp giấy chứng nhận", "expected": seen})
    assert codes(refused) == [("changed_meanwhile", "summary")]
    # Another field, unchanged since the form was loaded, is corrected.
    m = run(m, "opinion.update", {"opinion_id": o.id, "category": "Môi trường", "expected": seen})
    assert (m.opinion(o.id).summary, m.opinion(o.id).category) == ("Đề nghị cấp sổ đỏ", "Môi trường")


def test_the_meeting_setting_changes_the_default_deadline(m):
    m = run(m, "meeting.settings", {"deadline_working_days": 10})
    m, o = add(m)
    m = run(m, "opinion.outcome", {"opinion_id": o.id, "outcome": "assigned", "unit": "Văn phòng UBND"})
    assert m.opinion(o.id).deadline == add_working_days(date(2023, 5, 25), 10).isoformat()


DECLINED = {"outcome": "declined", "prior_ref": "125/QĐ-UBND", "prior_date": "2022-11-10", "prior_body": "UBND thị xã"}


@pytest.mark.parametrize(
    "change, problems",
    [
        ({"prior_date": None, "prior_body": None}, [("required", "prior_date"), ("required", "prior_body")]),
        ({"prior_date": "2023-02-30"}, [("bad_date", "prior_date")]),
        ({"prior_date": "10/11/2022"}, [("bad_date", "prior_date")]),
        ({"prior_date": "2023-06-01"}, [("prior_after_meeting", "prior_date")]),
        ({"unit": "Địa chính"}, [("not_for_outcome", "unit")]),
    ],
)
def test_declined_needs_the_earlier_decision(m, change, problems):
    m, o = add(m)
    payload = {k: v for k, v in ({"opinion_id": o.id} | DECLINED | change).items() if v is not None}
    with pytest.raises(CommandError) as e:
        run(m, "opinion.outcome", payload)
    assert codes(e) == problems


def test_declined_keeps_the_reference_of_the_earlier_decision(m):
    m, o = add(m)
    m = run(m, "opinion.outcome", {"opinion_id": o.id} | DECLINED)
    o = m.opinion(o.id)
    assert (o.outcome, o.prior_ref, o.prior_date, o.prior_body) == (
        "declined",
        "125/QĐ-UBND",
        "2022-11-10",
        "UBND thị xã",
    )


def test_forwarded_and_noted(m):
    m, o = add(m)
    with pytest.raises(CommandError) as e:
        run(m, "opinion.outcome", {"opinion_id": o.id, "outcome": "forwarded"})
    assert codes(e) == [("required", "forwarded_to")]
    m = run(m, "opinion.outcome", {"opinion_id": o.id, "outcome": "forwarded", "forwarded_to": "UBND thị xã"})
    assert m.opinion(o.id).forwarded_to == "UBND thị xã"
    with pytest.raises(CommandError) as e:
        run(m, "opinion.outcome", {"opinion_id": o.id, "outcome": "noted", "forwarded_to": "UBND thị xã"})
    assert codes(e) == [("not_for_outcome", "forwarded_to")]
    m = run(m, "opinion.outcome", {"opinion_id": o.id, "outcome": "noted"})
    assert (m.opinion(o.id).outcome, m.opinion(o.id).forwarded_to) == ("noted", "")


def test_every_opinion_without_an_outcome_is_visible(m):
    m, a = add(m)
    m, b = add(m, summary="Ô nhiễm ven kênh", category="Môi trường")
    m = run(m, "opinion.outcome", {"opinion_id": a.id, "outcome": "noted"})
    assert [o.id for o in m.opinions if o.outcome is None] == [b.id]


# ---------------------------------------------------------------- follow-up


def assigned(m):
    m, o = add(m)
    return run(m, "opinion.outcome", {"opinion_id": o.id, "outcome": "assigned", "unit": "Địa chính"}), o.id


def test_the_written_reply_closes_an_assignment(m):
    m, oid = assigned(m)
    m = run(
        m,
        "opinion.reply",
        {
            "opinion_id": oid,
            "reply_date": "2023-06-10",
            "reply_summary": "Đã cấp giấy",
            "reply_ref": "56/TB-UBND",
            "citizen_accepted": True,
        },
        role="office",
        now=T0 + 20 * 86400,  # the reply is recorded once written, weeks later
    )
    o = m.opinion(oid)
    assert (o.reply_date, o.reply_ref, o.citizen_accepted, o.closed_at) == ("2023-06-10", "56/TB-UBND", True, None)
    m = run(
        m,
        "opinion.reply",
        {"opinion_id": oid, "reply_date": "2023-06-12", "reply_summary": "Đã cấp giấy", "close": True},
        now=T0 + 21 * 86400,
    )
    assert m.opinion(oid).closed_at == T0 + 21 * 86400
    with pytest.raises(CommandError) as e:
        again = {"opinion_id": oid, "reply_date": "2023-06-12", "reply_summary": "Lại"}
        run(m, "opinion.reply", again, now=T0 + 30 * 86400)
    assert codes(e) == [("already_closed", "opinion_id")]
    with pytest.raises(CommandError) as e:
        run(m, "opinion.outcome", {"opinion_id": oid, "outcome": "noted"})
    assert codes(e) == [("already_closed", "opinion_id")]


def test_a_reply_needs_an_assignment_and_a_sane_date(m):
    m, o = add(m)
    with pytest.raises(CommandError) as e:
        run(m, "opinion.reply", {"opinion_id": o.id, "reply_date": "2023-06-10", "reply_summary": "x"})
    assert codes(e) == [("not_followed_up", "opinion_id")]
    m, oid = assigned(m)
    with pytest.raises(CommandError) as e:
        run(m, "opinion.reply", {"opinion_id": oid, "reply_date": "2023-05-01", "reply_summary": "x"})
    assert codes(e) == [("reply_before_meeting", "reply_date")]
    before = copy.deepcopy(m)
    with pytest.raises(CommandError) as e:
        run(m, "opinion.reply", {"opinion_id": oid, "reply_date": "10/06/2023", "reply_summary": ""})
    assert codes(e) == [("bad_date", "reply_date"), ("empty", "reply_summary")]
    assert m == before


def test_the_projector_never_sees_the_opinions_list(m):
    m, o = add(m, text="Chi tiết riêng")
    public = project(m, "public")
    assert "opinions" not in public and "Chi tiết riêng" not in repr(public)
    assert project(m, "chair")["opinions"][0]["summary"] == o.summary


# ---------------------------------------------------------------- search


def test_fold_removes_every_vietnamese_mark():
    assert fold("Đất đai, GIẤY chứng nhận; Ô nhiễm ỗ ữ") == "dat dai, giay chung nhan; o nhiem o u"


def test_search_is_diacritics_insensitive_across_meetings(screen, store, clock):
    other = demo_meeting(clock())
    other.title = "Hội nghị năm 2022"
    store.create_meeting(other)
    for meeting_id, summary in [
        (1, "Đề nghị cấp giấy chứng nhận quyền sử dụng đất đai"),
        (2, "Tranh chấp đất đai ở Xóm Đông"),
    ]:
        chair, secretary = screen("chair", meeting_id), screen("secretary", meeting_id)
        chair.ok("speaker.call_next", {"expected_speaker_id": None})
        secretary.ok(
            "opinion.add",
            {"summary": summary, "category": "Đất đai & giấy chứng nhận", "speaker_id": chair.state["speaker_id"]},
        )
    secretary = screen("secretary", 1)

    def search(q):
        ack = secretary.sio.emit("opinion.search", {"q": q}, callback=True)
        assert ack["ok"]
        return sorted(r["meeting_id"] for r in ack["results"])

    assert search("dat dai") == [1, 2]
    assert search("đất đai") == [1, 2]
    assert search("DAT DAI") == [1, 2]
    assert search("quyen su dung") == [1]
    assert search("tranh chap") == [2]
    assert search("quyền sử d") == [1]  # the last word is a prefix, as one types
    assert search("xe máy") == []
    assert search('"; drop table opinion; --') == []
    # "Similar" mode: any word, the best 5, for the hint shown while a summary is typed.
    similar = secretary.sio.emit("opinion.search", {"q": "tranh chấp ranh giới", "any": True}, callback=True)
    assert [r["meeting_id"] for r in similar["results"]] == [2]
    result = secretary.sio.emit("opinion.search", {"q": "tranh chap"}, callback=True)["results"][0]
    assert (result["meeting_title"], result["citizen_name"]) == ("Hội nghị năm 2022", "Nguyễn Văn An (demo)")
    assert screen("public").sio.emit("opinion.search", {"q": "dat"}, callback=True)["ok"] is False


# ---------------------------------------------------------------- through the pipeline


def test_recording_an_opinion_reaches_the_chair_not_the_projector(screen, store):
    chair, secretary, public = screen("chair"), screen("secretary"), screen("public")
    chair.ok("speaker.call_next", {"expected_speaker_id": None})
    sid = chair.state["speaker_id"]
    public.states()
    secretary.ok("opinion.add", {"summary": "Rác thải ven kênh", "category": "Môi trường", "speaker_id": sid})
    chair.states()
    assert chair.state["opinions"][0]["summary"] == "Rác thải ven kênh"
    assert "opinions" not in public.states()[-1]
    oid = chair.state["opinions"][0]["id"]
    chair.ok("opinion.assign", {"opinion_id": oid, "answerer": "Cán bộ môi trường xã"})
    assert public.states()[-1]["focus"]["answerer"] == "Cán bộ môi trường xã"
    row = next(store.db["opinion"].rows_where("id = ?", [oid]))
    assert (row["speaker_id"], row["answerer"]) == (sid, "Cán bộ môi trường xã")
    assert [r["name"] for r in store.log(1)][-2:] == ["opinion.add", "opinion.assign"]


@pytest.mark.parametrize(
    "role, name",
    [
        ("chair", "opinion.add"),
        ("chair", "opinion.update"),
        ("secretary", "opinion.assign"),
        ("secretary", "answer.call"),
        ("public", "opinion.outcome"),
        ("chair", "opinion.reply"),
        ("public", "opinion.focus_clear"),
    ],
)
def test_opinion_commands_check_the_role(screen, role, name):
    ack = screen(role).send(name, {})
    assert ack["errors"][0]["code"] == "forbidden"


def test_the_office_follows_up_every_meeting(app, screen, store, clock):
    chair, secretary = screen("chair"), screen("secretary")
    chair.ok("speaker.call_next", {"expected_speaker_id": None})
    secretary.ok(
        "opinion.add", {"summary": "Cấp nước sạch", "category": "Khác", "speaker_id": chair.state["speaker_id"]}
    )
    oid = secretary.state["opinions"][0]["id"]
    secretary.ok("opinion.outcome", {"opinion_id": oid, "outcome": "assigned", "unit": "HTX dịch vụ nông nghiệp"})

    wrong = Client(app, "office", "nope")
    assert wrong.join_ack is not None and wrong.join_ack["ok"] is False
    wrong.close()
    office = office_screen(app, store)
    clock.now = datetime(2023, 6, 14, 9, 0).timestamp()  # the day before the deadline, local time
    listing = office.call("followup.list", {})
    [item] = listing["items"]
    assert (item["summary"], item["deadline"], item["citizen_name"], item["days_left"]) == (
        "Cấp nước sạch",
        "2023-06-15",
        "Nguyễn Văn An (demo)",
        1,
    )
    # A command from the office names its meeting.
    envelope = {
        "id": "office-reply-0001",
        "name": "opinion.reply",
        "meeting_id": 1,
        "payload": {
            "opinion_id": oid,
            "reply_date": "2023-06-14",
            "reply_summary": "Đã lắp đường ống",
            "citizen_accepted": True,
            "close": True,
        },
    }
    assert office.call("command", envelope)["ok"]
    assert office.call("followup.list", {})["items"] == []
    assert len(office.call("followup.list", {"closed": True})["items"]) == 1
    assert secretary.states()[-1]["opinions"][0]["closed_at"] == clock()
    office.close()


def test_a_meeting_screen_cannot_write_to_another_meeting(screen, store, clock):
    store.create_meeting(demo_meeting(clock()))
    secretary = screen("secretary", 1)
    ack = secretary.sio.emit(
        "command",
        {"id": "cross-meeting-1", "name": "speaker.add", "meeting_id": 2, "payload": {"name": "Kẻ lạ"}},
        callback=True,
    )
    assert ack["errors"][0]["code"] == "bad_envelope"
    assert all(s.name != "Kẻ lạ" for s in store.load(2).speakers)


def test_answer_update_and_focus_commands_through_the_pipeline(screen, store):
    chair, secretary, public = screen("chair"), screen("secretary"), screen("public")
    chair.ok("speaker.call_next", {"expected_speaker_id": None})
    citizen = chair.state["speaker_id"]
    chair.ok("timer.start", {"speaker_id": citizen})
    secretary.ok(
        "opinion.add", {"summary": "Kênh tưới bị bồi lắng", "category": "Giao thông & thủy lợi", "speaker_id": citizen}
    )
    oid = secretary.state["opinions"][0]["id"]
    secretary.ok(
        "opinion.update", {"opinion_id": oid, "summary": "Kênh tưới xóm Đông bị bồi lắng", "level": "cap_tren"}
    )
    assert (store.load(1).opinion(oid).summary, store.load(1).opinion(oid).level) == (
        "Kênh tưới xóm Đông bị bồi lắng",
        "cap_tren",
    )

    delegate = next(d for d in chair.state["delegates"] if d["title"] == "Chủ tịch UBND xã")
    stale = chair.send(
        "answer.call", {"opinion_ids": [oid], "delegate_id": delegate["id"], "expected_speaker_id": None}
    )
    assert stale["errors"][0]["code"] == "stale_speaker"
    chair.ok("answer.call", {"opinion_ids": [oid], "delegate_id": delegate["id"], "expected_speaker_id": citizen})
    shown = public.states()[-1]
    answering = next(s for s in shown["speakers"] if s["id"] == shown["speaker_id"])
    assert (answering["name"], answering["topic"], answering["official"]) == (
        "Lê Thị Lan (demo)",
        "Chủ tịch UBND xã",
        True,
    )
    assert shown["focus"]["summary"] == "Kênh tưới xóm Đông bị bồi lắng"
    assert secretary.states()[-1]["speakers"][-1]["answers"] == [oid]

    chair.ok("opinion.focus_clear")
    assert public.states()[-1]["focus"] is None
    again = chair.send("opinion.focus_clear")
    assert again["errors"][0] == {
        "code": "no_focus",
        "field": None,
        "message": "Không có ý kiến nào đang được trả lời.",
    }
    assert [r["name"] for r in store.log(1)][-3:] == ["opinion.update", "answer.call", "opinion.focus_clear"]


def test_correcting_a_speakers_name_updates_the_search(screen):
    chair, secretary = screen("chair"), screen("secretary")
    chair.ok("speaker.call_next", {"expected_speaker_id": None})
    sid = chair.state["speaker_id"]
    secretary.ok("opinion.add", {"summary": "Nước sạch", "category": "Khác", "speaker_id": sid})
    secretary.ok("speaker.update", {"speaker_id": sid, "name": "Nguyễn Văn Ân"})
    found = secretary.sio.emit("opinion.search", {"q": "nguyen van an nuoc"}, callback=True)["results"]
    assert [(r["citizen_name"], r["citizen_xom"]) for r in found] == [("Nguyễn Văn Ân", "Xóm Đông")]
    assert secretary.sio.emit("opinion.search", {"q": "demo nuoc"}, callback=True)["results"] == []
