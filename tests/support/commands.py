"""Commands to send in the property tests: a payload for any command, often valid for the meeting
and sometimes not, and the commands to draw (tests/domain/test_properties.py, tests/pipeline/test_changes.py,
tests/web/test_access.py)."""

from __future__ import annotations

from server.domain import REGISTRY
from server.domain.model import Meeting

T0 = 1_685_000_000.0
ROLES = ["chair", "secretary", "door", "public", "office"]


def payload_for(pick, state: Meeting, name: str) -> dict:
    """A payload for ``name`` that is often valid for ``state`` and sometimes not; ``pick(options)``
    chooses one of a list (hypothesis's draw, or a seeded random choice)."""
    speaker_ids = [s.id for s in state.speakers] + [999]
    stage_ids = [s.id for s in state.stages] + [996]
    opinion_ids = [o.id for o in state.opinions] * 3 + [998]
    delegate_ids = [d.id for d in state.delegates] + [997]
    citizen_ids = [c.id for c in state.citizens] + [995]
    request_ids = [r.id for r in state.requests] * 2 + [994]
    duty_ids = [d.id for d in state.duties] + [993]
    mark = [state.recording_started_at, state.recording_started_at, None, T0]
    citizen = lambda: {  # noqa: E731
        "name": pick(text),
        "xom": pick(["Xóm Đông", "xóm đông", ""]),
        "phone": pick(["", "0912345678", "12"]),
        "id_number": pick(["", "001234567890", "123"]),
        "year_of_birth": pick([None, 1951, 1988, 1850]),
        "gender": pick(["", "nu", "nam"]),
        "another_person": pick([False, False, True]),
    }
    # The speaker at the microphone is the one most commands are about: pick it most often.
    current = [state.speaker_id] * len(speaker_ids) if state.speaker_id is not None else []
    speaker = current + speaker_ids
    expected = [state.speaker_id, state.speaker_id, None, *speaker_ids[:2]]
    text = ["Nguyễn Thị Hoa", "Đường nội đồng", "Nước sạch", "", "  ", "x" * 400]
    category = state.settings.categories[:2] * 2 + ["Không có"]
    choices = {
        "stage.next": lambda: {"expected_stage_id": pick([state.stage_id, None, 2])},
        "stage.previous": lambda: {"expected_stage_id": pick([state.stage_id, None])},
        "stage.goto": lambda: {"stage_id": pick([s.id for s in state.stages] + [0])},
        "stage.add": lambda: {
            "title": pick(text),
            "planned_minutes": pick([5, 0, 601, 30]),
            "before_id": pick([None, *stage_ids]),
        },
        "stage.update": lambda: {"stage_id": pick(stage_ids), "planned_minutes": pick([1, 45, 0])},
        "stage.move": lambda: {"stage_id": pick(stage_ids), "before_id": pick([None, *stage_ids])},
        "stage.remove": lambda: {"stage_id": pick(stage_ids)},
        "meeting.update": lambda: pick(
            [
                {"title": pick(text)},
                {"title": "Hội nghị", "expected": {"title": pick([state.title, "Một tên khác"])}},
                {"banner": [pick(text), "THÔN AN BỘ"]},
                {"starts_at": pick(["2023-05-25T14:00", "2023-02-30T08:00", "25/05/2023", "2020-01-01T08:00"])},
                {"units": [{"level": "xã", "name": "Hiệp Hòa"}, {"level": "tỉnh", "name": pick(text)}]},
                {"chairs": [{"name": pick(text), "title": "Bí thư Đảng ủy"}]},
                {"secretaries": [{"name": "Nguyễn Thị Thư"}]},
                {"invited_count": pick([100, -1, 5001])},
                {"allocation": [{"xom": "Xóm Đông", "count": 30}, {"xom": pick(["xóm đông", "Xóm Chùa"]), "count": 5}]},
            ]
        ),
        "meeting.schedule": lambda: {},
        "meeting.unschedule": lambda: {},
        "meeting.archive": lambda: {},
        "meeting.unarchive": lambda: {},
        "meeting.delete": lambda: {},
        "meeting.close": lambda: {},
        "meeting.reopen": lambda: {},
        "hall.show": lambda: {"what": pick(["delegates", "attendance", "qr", "", "opinions"])},
        "meeting.conclude": lambda: {"text": pick(text)},
        "meeting.paperwork": lambda: pick(
            [
                {"profile": pick(["state", "party", "other"])},
                {"body": "UBND XÃ HIỆP HÒA", "signer_name": pick(text)},
                {"recipients": ["Ban Dân vận Thị ủy", pick(text)]},
                {"hide_names": pick([True, False, "yes"])},
            ]
        ),
        "results.publish": lambda: {},
        "results.unpublish": lambda: {},
        "delegate.add": lambda: {"name": pick(text), "unit": pick(["UBND xã", ""]), "group": "Thôn"},
        "delegate.update": lambda: {"delegate_id": pick(delegate_ids), "group": pick(text)},
        "delegate.move": lambda: {"delegate_id": pick(delegate_ids), "before_id": pick([None, *delegate_ids])},
        "delegate.remove": lambda: {"delegate_id": pick(delegate_ids)},
        "delegate.present": lambda: {"delegate_id": pick(delegate_ids), "present": pick([True, False])},
        "delegates.import": lambda: {"rows": [{"name": pick(text)}, {"name": "Trần Văn Bảy", "unit": "Thôn"}]},
        "citizen.add": citizen,
        "citizen.update": lambda: pick(
            [
                {"citizen_id": pick(citizen_ids), "xom": pick(["Xóm Chùa", ""])},
                {"citizen_id": pick(citizen_ids), "year_of_birth": pick([None, 1951, 1988])},
            ]
        ),
        "citizen.remove": lambda: {"citizen_id": pick(citizen_ids)},
        "citizen.checkin": lambda: {"citizen_id": pick(citizen_ids)},
        "citizen.checkout": lambda: {"citizen_id": pick(citizen_ids)},
        "citizen.walk_in": lambda: {
            "name": pick(text),
            "xom": pick(["Xóm Đông", "Xóm Mới", ""]),
            "year_of_birth": pick([None, 1990]),
        },
        "request.submit": lambda: {
            "name": pick(text),
            "xom": pick(["Xóm Đông", ""]),
            "topic": pick(["Nước sạch", "", "<script>x</script> 🙂"]),
            "device": pick(["phone-device-token-0001", "short"]),
        },
        "request.accept": lambda: {"request_id": pick(request_ids), "requested_minutes": pick([None, 3, 0])},
        "request.merge": lambda: {"request_id": pick(request_ids), "speaker_id": pick(speaker_ids)},
        "request.reject": lambda: {"request_id": pick(request_ids), "reason": pick(["Trùng nội dung", ""])},
        "registration.open": lambda: {},
        "registration.close": lambda: {},
        "citizens.import": lambda: {
            "rows": [pick([citizen(), {"name": "Trần Văn Bảy", "xom": "Xóm Chùa"}]), citizen()]
        },
        "duty.add": lambda: {"unit": pick(text), "task": pick(text), "days_before": pick([0, 3, 61])},
        "duty.update": lambda: {"duty_id": pick(duty_ids), "person": pick(text), "days_before": pick([1, -1])},
        "duty.done": lambda: {"duty_id": pick(duty_ids), "done": pick([True, False])},
        "duty.remove": lambda: {"duty_id": pick(duty_ids)},
        "recording.mark": lambda: {"expected_at": pick(mark)},
        "recording.clear": lambda: {"expected_at": pick(mark)},
        "speaker.call_next": lambda: {"expected_speaker_id": pick(expected)},
        "speaker.call": lambda: {"speaker_id": pick(speaker), "expected_speaker_id": pick(expected)},
        "speaker.end": lambda: {"speaker_id": pick(speaker)},
        "speaker.skip": lambda: {"speaker_id": pick(speaker)},
        "speaker.withdraw": lambda: {"speaker_id": pick(speaker)},
        "speaker.restore": lambda: {"speaker_id": pick(speaker)},
        "speaker.move": lambda: {
            "speaker_id": pick(speaker),
            "before_id": pick([None, *speaker_ids]),
        },
        "speaker.add": lambda: {
            "name": pick(text),
            "requested_minutes": pick([1, 3, 0, 40]),
            # a follow-up turn: the projection's ``follows`` then changes with the turn and the opinion
            "follows_opinion_id": pick([None, None, *opinion_ids]),
        },
        "speaker.update": lambda: {"speaker_id": pick(speaker), "topic": pick(text)},
        "timer.start": lambda: {"speaker_id": pick(speaker)},
        "timer.pause": lambda: {"speaker_id": pick(speaker)},
        "timer.resume": lambda: {"speaker_id": pick(speaker)},
        "timer.adjust": lambda: {
            "speaker_id": pick(speaker),
            "seconds": pick([60, -60, -600, 0]),
        },
        "message.show": lambda: {"text": pick(text)},
        "message.clear": lambda: {},
        "meeting.settings": lambda: pick([{"warning_seconds": pick([0, 30, 301])}, {"chime": pick([True, "on"])}]),
        "opinion.add": lambda: {
            "summary": pick(text),
            "category": pick(category),
            "speaker_id": pick([None, *speaker_ids]),
        },
        "opinion.update": lambda: {"opinion_id": pick(opinion_ids), "summary": pick(text)},
        "opinion.assign": lambda: {
            "opinion_id": pick(opinion_ids),
            "delegate_id": pick([None, *delegate_ids]),
        },
        "opinion.focus_clear": lambda: {},
        "answer.call": lambda: {
            "opinion_ids": [pick(opinion_ids)],
            "delegate_id": pick(delegate_ids),
            "expected_speaker_id": pick(expected),
        },
        "opinion.outcome": lambda: {
            "opinion_id": pick(opinion_ids),
            **pick(
                [
                    {"outcome": "noted"},
                    {"outcome": "assigned", "unit": "Địa chính"},
                    {"outcome": "answered", "answer": "Đã rõ", "answered_by": "Chủ tịch UBND xã"},
                    {"outcome": "answered", "answer": "Đã rõ"},
                ]
            ),
        },
        "opinion.reply": lambda: {
            "opinion_id": pick(opinion_ids),
            "reply_date": "2023-05-25",  # the meeting day: a walk never reaches the next
            "reply_summary": "Đã trả lời",
            "close": pick([True, False]),
        },
    }
    return choices[name]()


# Commands that only succeed after others (a turn, an opinion) are drawn more often.
LATER = [
    "speaker.call_next",
    "timer.start",
    "timer.pause",
    "timer.resume",
    "opinion.add",
    "opinion.assign",
    "opinion.outcome",
    "opinion.reply",
    "answer.call",
    "citizen.add",
    "citizen.update",
    "results.publish",
    "results.unpublish",
    "request.submit",
    "request.accept",
    "request.merge",
    "request.reject",
    "citizen.checkin",
    "citizen.checkout",
    # so that a walk does not stay long in an archived or closed meeting, which refuses most commands
    "meeting.unarchive",
    "meeting.reopen",
]
# Commands on an existing meeting (creating one is the store's and the pipeline's: tests/web/test_sockets.py).
# The demo has speakers, so ``meeting.delete`` is always refused on it (tests/domain/test_domain.py has it).
ON_A_MEETING = sorted(name for name, cmd in REGISTRY.items() if not cmd.creates and name != "meeting.delete")
NAMES = ON_A_MEETING + LATER * 4
