"""The pure core: literal states, fixed times, no Flask, no database."""

from __future__ import annotations

import copy

import pytest

from server.demo import demo_meeting
from server.domain import CommandError, estimated_end, execute, project

T0 = 1_685_000_000.0


@pytest.fixture
def m():
    return demo_meeting(T0)


def run(state, name, payload=None, role="chair", now=T0):
    return execute(state, name, payload or {}, role, now)


def codes(exc_info):
    return [p.code for p in exc_info.value.problems]


def started(m, now=T0):
    """The meeting at stage 3 with the first speaker's timer started at ``now``."""
    m = run(m, "stage.next", {"expected_stage_id": None}, now=now)
    m = run(m, "stage.goto", {"stage_id": m.stages[2].id}, now=now)
    m = run(m, "speaker.call_next", {"expected_speaker_id": None}, now=now)
    return run(m, "timer.start", {"speaker_id": m.speaker_id}, now=now)


# ---------------------------------------------------------------- timer


def test_timer_counts_down_pauses_resumes_and_runs_into_overtime(m):
    m = started(m)
    sid = m.speaker_id
    assert m.timer.remaining_at(T0 + 10) == 170
    m = run(m, "timer.pause", {"speaker_id": sid}, now=T0 + 10)
    assert m.timer.remaining_at(T0 + 500) == 170  # paused: time does not pass
    m = run(m, "timer.resume", {"speaker_id": sid}, now=T0 + 100)
    assert m.timer.remaining_at(T0 + 130) == 140
    m = run(m, "timer.adjust", {"speaker_id": sid, "seconds": 60}, now=T0 + 130)
    assert m.timer.remaining_at(T0 + 130) == 200
    m = run(m, "timer.adjust", {"speaker_id": sid, "seconds": -60}, now=T0 + 130)
    m = run(m, "timer.adjust", {"speaker_id": sid, "seconds": -60}, now=T0 + 130)
    assert m.timer.remaining_at(T0 + 130) == 80
    assert m.timer.remaining_at(T0 + 250) == -40  # overtime counts on


def test_turn_records_spoken_time_when_ended(m):
    m = started(m)
    sid = m.speaker_id
    m = run(m, "timer.pause", {"speaker_id": sid}, now=T0 + 30)
    m = run(m, "timer.resume", {"speaker_id": sid}, now=T0 + 60)
    m = run(m, "speaker.end", {"speaker_id": sid}, now=T0 + 100)
    spoke = m.speaker(sid)
    assert spoke.status == "done"
    assert spoke.spoken_seconds == 70
    assert spoke.started_at == T0 and spoke.ended_at == T0 + 100
    assert m.speaker_id is None


@pytest.mark.parametrize(
    "name, code",
    [("timer.start", "timer_already_started"), ("timer.resume", "timer_not_paused")],
)
def test_timer_commands_refused_in_the_wrong_phase(m, name, code):
    m = started(m)
    with pytest.raises(CommandError) as e:
        run(m, name, {"speaker_id": m.speaker_id})
    assert codes(e) == [code]


def test_timer_pause_refused_when_not_running(m):
    m = run(m, "speaker.call_next", {"expected_speaker_id": None})
    with pytest.raises(CommandError) as e:
        run(m, "timer.pause", {"speaker_id": m.speaker_id})
    assert codes(e) == ["timer_not_running"]


def test_timer_command_for_a_speaker_no_longer_at_the_microphone_is_refused(m):
    m = started(m)
    old = m.speaker_id
    m = run(m, "speaker.call_next", {"expected_speaker_id": old}, now=T0 + 5)
    with pytest.raises(CommandError) as e:
        run(m, "timer.pause", {"speaker_id": old})
    assert codes(e) == ["not_current_speaker"]


def test_timer_adjust_stays_within_zero_and_sixty_minutes(m):
    m = started(m)
    with pytest.raises(CommandError) as e:
        run(m, "timer.adjust", {"speaker_id": m.speaker_id, "seconds": -240})
    assert codes(e) == ["duration_range"]
    with pytest.raises(CommandError) as e:
        run(m, "timer.adjust", {"speaker_id": m.speaker_id, "seconds": 0})
    assert codes(e) == ["zero_adjust"]


# ---------------------------------------------------------------- stages


def test_first_stage_starts_the_meeting_clock(m):
    assert m.stage_id is None and m.started_at is None
    m = run(m, "stage.next", {"expected_stage_id": None}, now=T0 + 5)
    assert m.stage_id == m.stages[0].id
    assert m.started_at == T0 + 5 and m.stage_started_at == T0 + 5
    m = run(m, "stage.next", {"expected_stage_id": m.stages[0].id}, now=T0 + 600)
    assert m.stage_id == m.stages[1].id
    assert m.started_at == T0 + 5 and m.stage_started_at == T0 + 600


def test_stage_next_with_a_stale_expectation_is_refused_so_a_double_tap_moves_once(m):
    first = run(m, "stage.next", {"expected_stage_id": None})
    with pytest.raises(CommandError) as e:
        run(first, "stage.next", {"expected_stage_id": None})  # the same tap, again
    assert codes(e) == ["stale_stage"]


def test_stage_bounds(m):
    with pytest.raises(CommandError) as e:
        run(m, "stage.previous", {"expected_stage_id": None})
    assert codes(e) == ["first_stage"]
    last = m.stages[-1].id
    m = run(m, "stage.goto", {"stage_id": last})
    with pytest.raises(CommandError) as e:
        run(m, "stage.next", {"expected_stage_id": last})
    assert codes(e) == ["last_stage"]
    m = run(m, "stage.previous", {"expected_stage_id": last})
    assert m.stage_id == m.stages[-2].id
    with pytest.raises(CommandError) as e:
        run(m, "stage.goto", {"stage_id": 999})
    assert codes(e) == ["no_such_stage"]


def test_estimated_end_adds_the_remaining_plan(m):
    assert estimated_end(m, T0) is None
    m = run(m, "stage.next", {"expected_stage_id": None}, now=T0)
    # stages planned 10 + 15 + 60 + 30 + 20 + 15 minutes
    assert estimated_end(m, T0) == T0 + 150 * 60
    # 20 minutes into a 10-minute stage: the overrun pushes the end
    assert estimated_end(m, T0 + 20 * 60) == T0 + 160 * 60


def test_going_back_to_a_stage_loses_no_recorded_time(m):
    """A stray ▶ then ◀: the first stage's 29 minutes are still there, and so is the minute the
    second one ran; the estimated end stays honest."""
    first, second = m.stages[0].id, m.stages[1].id
    m = run(m, "stage.next", {"expected_stage_id": None}, now=T0)
    m = run(m, "stage.next", {"expected_stage_id": first}, now=T0 + 29 * 60)
    m = run(m, "stage.previous", {"expected_stage_id": second}, now=T0 + 30 * 60)
    assert m.stages[0].runs == [[T0, T0 + 29 * 60], [T0 + 30 * 60, None]]
    assert m.stages[1].runs == [[T0 + 29 * 60, T0 + 30 * 60]]
    assert m.stages[0].elapsed_at(T0 + 31 * 60) == 30 * 60  # 29 minutes, then one more
    assert m.stages[1].elapsed_at(T0 + 31 * 60) == 60
    # Stage 1 is 20 minutes over its 10; stage 2 has 14 of its 15 left; then 60 + 30 + 20 + 15.
    assert estimated_end(m, T0 + 31 * 60) == T0 + 31 * 60 + (14 + 125) * 60
    # Forth again: the second stage goes on from its minute.
    m = run(m, "stage.goto", {"stage_id": second}, now=T0 + 40 * 60)
    assert m.stages[0].elapsed_at(T0 + 50 * 60) == 39 * 60
    assert m.stages[1].elapsed_at(T0 + 50 * 60) == 11 * 60
    assert [r[1] is None for s in m.stages for r in s.runs].count(True) == 1


def test_the_agenda_is_edited_before_and_during_the_meeting(m):
    """Add, rename, re-plan, move and remove stages; a stage that ran keeps its record and cannot be
    removed, and the estimated end follows the new plan."""
    ids = [s.id for s in m.stages]
    m = run(
        m, "stage.add", {"title": "Giới thiệu đại biểu cấp tỉnh", "planned_minutes": 5, "before_id": ids[1]}, "office"
    )
    added = m.stages[1]
    assert (added.title, added.planned_minutes, added.runs) == ("Giới thiệu đại biểu cấp tỉnh", 5, [])
    m = run(m, "stage.next", {"expected_stage_id": None}, now=T0)
    assert estimated_end(m, T0) == T0 + (150 + 5) * 60
    m = run(m, "stage.update", {"stage_id": ids[2], "planned_minutes": 90}, "secretary")
    assert estimated_end(m, T0) == T0 + (150 + 5 + 30) * 60
    m = run(m, "stage.move", {"stage_id": ids[-1], "before_id": ids[2]}, "secretary")
    assert [s.id for s in m.stages] == [ids[0], added.id, ids[1], ids[-1], *ids[2:-1]]
    m = run(m, "stage.move", {"stage_id": added.id, "before_id": None}, "secretary")
    assert m.stages[-1].id == added.id
    m = run(m, "stage.remove", {"stage_id": added.id}, "secretary")
    assert added.id not in [s.id for s in m.stages]
    with pytest.raises(CommandError) as e:
        run(m, "stage.remove", {"stage_id": ids[0]}, "secretary")  # running now
    assert codes(e) == ["stage_ran"]
    m = run(m, "stage.next", {"expected_stage_id": ids[0]}, now=T0 + 60)
    with pytest.raises(CommandError) as e:
        run(m, "stage.remove", {"stage_id": ids[0]}, "secretary")  # ran: its minute is on record
    assert codes(e) == ["stage_ran"]
    m = run(m, "stage.update", {"stage_id": ids[0], "title": "Khai mạc"}, "secretary")
    assert (m.stages[0].title, m.stages[0].runs) == ("Khai mạc", [[T0, T0 + 60]])


@pytest.mark.parametrize(
    "name, payload, code",
    [
        ("stage.add", {"title": "Giải lao", "planned_minutes": 0}, "too_small"),
        ("stage.add", {"title": "Giải lao", "planned_minutes": 10_000}, "too_large"),
        ("stage.add", {"title": "  ", "planned_minutes": 10}, "empty"),
        ("stage.add", {"title": "Giải lao", "planned_minutes": 10, "before_id": 999}, "no_such_stage"),
        ("stage.update", {"stage_id": 1}, "nothing_to_change"),
        ("stage.update", {"stage_id": 999, "title": "X"}, "no_such_stage"),
        ("stage.move", {"stage_id": 1, "before_id": 1}, "move_onto_itself"),
        ("stage.remove", {"stage_id": 999}, "no_such_stage"),
    ],
)
def test_bad_agenda_edits_are_refused(m, name, payload, code):
    with pytest.raises(CommandError) as e:
        run(m, name, payload, "office")
    assert codes(e) == [code]


def test_an_agenda_keeps_at_least_one_stage(m):
    for stage in m.stages[:-1]:
        m = run(m, "stage.remove", {"stage_id": stage.id}, "office")
    with pytest.raises(CommandError) as e:
        run(m, "stage.remove", {"stage_id": m.stages[0].id}, "office")
    assert codes(e) == ["agenda_needs_a_stage"]


def test_the_chair_and_the_public_do_not_edit_the_agenda(m):
    for role in ("chair", "public"):
        with pytest.raises(CommandError) as e:
            run(m, "stage.add", {"title": "Giải lao", "planned_minutes": 10}, role)
        assert codes(e) == ["forbidden"]


# ---------------------------------------------------------------- the queue


def test_call_next_takes_the_first_in_queue_and_a_stale_call_never_skips_anyone(m):
    first, second = m.queue()[0].id, m.queue()[1].id
    m = run(m, "speaker.call_next", {"expected_speaker_id": None})
    assert m.speaker_id == first
    with pytest.raises(CommandError) as e:
        run(m, "speaker.call_next", {"expected_speaker_id": None})  # a second tablet, same screen
    assert codes(e) == ["stale_speaker"]
    m = run(m, "speaker.call_next", {"expected_speaker_id": first})
    assert m.speaker_id == second
    assert m.speaker(first).status == "skipped"  # called but never started


def test_call_next_after_speaking_records_done(m):
    m = started(m)
    first = m.speaker_id
    m = run(m, "speaker.call_next", {"expected_speaker_id": first}, now=T0 + 200)
    assert m.speaker(first).status == "done"
    assert m.speaker(first).spoken_seconds == 200


def test_call_next_with_an_empty_queue_is_refused(m):
    for s in m.queue():
        m = run(m, "speaker.skip", {"speaker_id": s.id})
    with pytest.raises(CommandError) as e:
        run(m, "speaker.call_next", {"expected_speaker_id": None})
    assert codes(e) == ["queue_empty"]


def test_ending_a_call_that_never_started_puts_the_speaker_back_first(m):
    first = m.queue()[0].id
    m = run(m, "speaker.call_next", {"expected_speaker_id": None})
    m = run(m, "speaker.end", {"speaker_id": first})
    assert [s.id for s in m.queue()][0] == first
    assert m.speaker_id is None and m.speaker(first).status == "queued"


def test_call_out_of_order_and_skip_and_restore(m):
    ids = [s.id for s in m.queue()]
    m = run(m, "speaker.call", {"speaker_id": ids[3], "expected_speaker_id": None})
    assert m.speaker_id == ids[3]
    m = run(m, "speaker.skip", {"speaker_id": ids[0]}, role="secretary")
    assert [s.id for s in m.queue()] == [ids[1], ids[2], ids[4]]
    m = run(m, "speaker.restore", {"speaker_id": ids[0]})
    assert [s.id for s in m.queue()] == [ids[0], ids[1], ids[2], ids[4]]  # back in the place they had


def test_skipping_someone_who_already_spoke_is_refused(m):
    m = started(m)
    with pytest.raises(CommandError) as e:
        run(m, "speaker.skip", {"speaker_id": m.speaker_id})
    assert codes(e) == ["already_speaking"]


def test_add_uses_the_default_minutes_and_goes_to_the_end(m):
    m = run(m, "meeting.settings", {"default_speech_minutes": 4}, role="secretary")
    m = run(m, "speaker.add", {"name": " Nguyễn  Thị Hoa ", "xom": "Xóm Đông", "topic": "Đất đai"}, role="secretary")
    last = m.queue()[-1]
    assert (last.name, last.requested_seconds, last.walk_in) == ("Nguyễn Thị Hoa", 240, False)
    m = run(m, "speaker.add", {"name": "Bùi Văn Khoa", "requested_minutes": 2, "walk_in": True})
    assert (m.queue()[-1].requested_seconds, m.queue()[-1].walk_in) == (120, True)


def test_text_is_stored_in_nfc_so_decomposed_vietnamese_matches(m):
    decomposed = "Nguye\u0302\u0303n"  # "Nguyễn" typed with combining marks
    m = run(m, "speaker.add", {"name": decomposed}, role="secretary")
    assert m.queue()[-1].name == "Nguyễn"


def test_move_reorders_the_queue(m):
    a, b, c, d, e = (s.id for s in m.queue())
    m = run(m, "speaker.move", {"speaker_id": d, "before_id": b}, role="secretary")
    assert [s.id for s in m.queue()] == [a, d, b, c, e]
    m = run(m, "speaker.move", {"speaker_id": a, "before_id": None}, role="secretary")
    assert [s.id for s in m.queue()] == [d, b, c, e, a]
    with pytest.raises(CommandError) as exc:
        run(m, "speaker.move", {"speaker_id": a, "before_id": a}, role="secretary")
    assert codes(exc) == ["move_onto_itself"]


def test_update_changes_only_the_fields_sent(m):
    sid = m.queue()[0].id
    m = run(m, "speaker.update", {"speaker_id": sid, "topic": "Nước sạch", "phone": "0912 345 678"}, role="secretary")
    s = m.speaker(sid)
    assert (s.name, s.topic, s.phone) == ("Nguyễn Văn An (demo)", "Nước sạch", "0912345678")
    with pytest.raises(CommandError) as e:
        run(m, "speaker.update", {"speaker_id": sid}, role="secretary")
    assert codes(e) == ["nothing_to_change"]


def test_withdraw_and_restore(m):
    sid = m.queue()[0].id
    m = run(m, "speaker.withdraw", {"speaker_id": sid}, role="secretary")
    assert m.speaker(sid).status == "withdrawn" and sid not in [s.id for s in m.queue()]
    with pytest.raises(CommandError) as e:
        run(m, "speaker.withdraw", {"speaker_id": sid}, role="secretary")
    assert codes(e) == ["speaker_status"]
    m = run(m, "speaker.restore", {"speaker_id": sid}, role="secretary")
    assert m.queue()[0].id == sid  # back in the place they had, not at the end


# ---------------------------------------------------------------- validation and roles


@pytest.mark.parametrize(
    "payload, expected",
    [
        ({}, [("required", "name")]),
        ({"name": ""}, [("empty", "name")]),
        ({"name": "   "}, [("empty", "name")]),
        ({"name": "x" * 81}, [("too_long", "name")]),
        ({"name": 5}, [("wrong_type", "name")]),
        ({"name": "A", "requested_minutes": "3"}, [("wrong_type", "requested_minutes")]),
        ({"name": "A", "requested_minutes": 0}, [("too_small", "requested_minutes")]),
        ({"name": "A", "requested_minutes": 31}, [("too_large", "requested_minutes")]),
        ({"name": "A", "requested_minutes": True}, [("wrong_type", "requested_minutes")]),
        ({"name": "A", "walk_in": 1}, [("wrong_type", "walk_in")]),
        ({"name": "A", "phone": "12ab"}, [("bad_phone", "phone")]),
        ({"name": "A", "colour": "red"}, [("unknown_field", "colour")]),
    ],
)
def test_bad_registrations_are_refused_and_change_nothing(m, payload, expected):
    before = copy.deepcopy(m)
    with pytest.raises(CommandError) as e:
        run(m, "speaker.add", payload, role="secretary")
    assert [(p.code, p.field) for p in e.value.problems] == expected
    assert m == before


@pytest.mark.parametrize(
    "name, role",
    [
        ("stage.next", "secretary"),
        ("timer.start", "secretary"),
        ("speaker.call_next", "secretary"),
        ("message.show", "secretary"),
        ("speaker.add", "public"),
        ("speaker.withdraw", "chair"),
        ("stage.next", "public"),
    ],
)
def test_roles_are_enforced_before_anything_else(m, name, role):
    with pytest.raises(CommandError) as e:
        run(m, name, {"nonsense": True}, role=role)
    assert codes(e) == ["forbidden"]


def test_unknown_command(m):
    with pytest.raises(CommandError) as e:
        run(m, "speaker.teleport", {})
    assert codes(e) == ["unknown_command"]


def test_execute_never_modifies_its_input(m):
    before = copy.deepcopy(m)
    after = run(m, "speaker.call_next", {"expected_speaker_id": None})
    assert m == before
    assert after.version == m.version + 1


# ---------------------------------------------------------------- message and projections


def test_hall_message_show_and_clear(m):
    m = run(m, "message.show", {"text": "Đề nghị giữ trật tự"})
    assert m.message == "Đề nghị giữ trật tự"
    m = run(m, "message.clear")
    assert m.message == ""
    with pytest.raises(CommandError) as e:
        run(m, "message.clear")
    assert codes(e) == ["no_message"]


def test_public_projection_has_no_private_data(m):
    sid = m.queue()[0].id
    m = run(
        m, "speaker.update", {"speaker_id": sid, "phone": "0912345678", "note": "Đã kiến nghị năm 2022"}, "secretary"
    )
    gone = m.queue()[1].id
    m = run(m, "speaker.withdraw", {"speaker_id": gone}, role="secretary")
    public = project(m, "public")
    text = repr(public)
    assert "0912345678" not in text and "Đã kiến nghị" not in text
    assert all(
        set(s) == {"id", "name", "xom", "topic", "requested_seconds", "status", "walk_in", "official", "started_at"}
        for s in public["speakers"]
    )
    assert gone not in [s["id"] for s in public["speakers"]]
    chair = project(m, "chair")
    assert "0912345678" not in repr(chair) and "Đã kiến nghị" in repr(chair)
    secretary = project(m, "secretary")
    assert "0912345678" in repr(secretary)


def test_vietnam_holidays_imported_alone_are_the_packages_own():
    """server/domain/workdays.py imports Vietnam's holidays without the 250 other countries; a process
    that imports the package as usual finds the same holidays and working days."""
    import subprocess
    import sys
    from datetime import date, timedelta

    from server.domain.workdays import _VN, add_working_days

    years = range(2023, 2031)
    ours = sorted(d.isoformat() for y in years for d in _VN.__class__(years=y))
    script = (
        "import holidays, json; print(json.dumps(sorted(d.isoformat() for y in range(2023, 2031) "
        "for d in holidays.VN(years=y))))"
    )
    theirs = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    assert ours == __import__("json").loads(theirs.stdout)
    assert "2024-02-10" in ours  # Tết Giáp Thìn
    # Over the Tết holiday of 2024, 15 working days from 01/02/2024 end on 29/02/2024.
    assert add_working_days(date(2024, 2, 1), 15) == date(2024, 2, 1) + timedelta(days=28)
