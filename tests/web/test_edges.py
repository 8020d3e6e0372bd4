"""Every input answered and nothing odd stored (issue 20), through the doors users come in by:
Socket.IO events and commands, and the language switch. The real transports' answers to messages
too large or too deep are in tests/web/test_edges_live.py."""

from __future__ import annotations

import json
import types
import typing
from urllib.parse import quote

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import BaseModel

from server.app import socketio
from server.domain import REGISTRY
from server.domain.fields import TextField

from ..support.client import codes, office_screen

DEVICE = "edge-device-token-0001"

# The raw Flask-SocketIO test clients below (``socketio.test_client``, and the one client's ``.sio``)
# are on purpose: these tests send what the one test client never sends (no data, data of the wrong
# shape, joins with broken names, events before any join).


# ---------------------------------------------------------------- every event answered


def test_every_event_answers_data_that_is_missing_or_not_an_object(app, store, screen):
    """No argument, null, a string, a list, a number, two arguments: ``bad_envelope`` for every
    event, whoever sends it, and the same connection still answers ``time``."""
    from server.sockets import EVENTS

    assert {"join", "command", "time", "snapshot", "opinion.search", "request.status"} <= set(EVENTS)
    for client in (screen("secretary").sio, office_screen(app, store).sio, socketio.test_client(app)):
        for name in EVENTS:
            for args in ((), (None,), ("chuỗi",), ([1, 2],), (7,), ({}, {})):
                ack = client.emit(name, *args, callback=True)
                assert ack is not None and ack["ok"] is False, (name, args, ack)
                assert codes(ack) == ["bad_envelope"], (name, args, ack)
                assert ack["errors"][0]["message"], ack
            assert client.emit("time", {}, callback=True)["ok"] is True


def test_an_event_the_server_does_not_know_is_answered(app, screen):
    for client in (screen("chair").sio, socketio.test_client(app)):
        ack = client.emit("speaker.fly", {"x": 1}, callback=True)
        assert codes(ack) == ["unknown_event"] and "speaker.fly" in ack["errors"][0]["message"], ack
        assert client.emit("time", {}, callback=True)["ok"] is True


def test_binary_data_is_refused_as_the_wrong_type_not_a_server_error(screen, store):
    """A binary Socket.IO packet puts bytes where JSON has none: refused on its field, in any field,
    even one no model checks (``expected``)."""
    secretary = screen("secretary")
    log = len(store.log(1))
    ack = secretary.send("speaker.add", {"name": b"\x00abc"})
    assert [(e["code"], e["field"]) for e in ack["errors"]] == [("wrong_type", "name")]
    ack = secretary.send("meeting.update", {"title": "Hội nghị", "expected": {"title": b"abc"}})
    assert [(e["code"], e["field"]) for e in ack["errors"]] == [("wrong_type", "expected.title")]
    ack = secretary.send("meeting.update", {"title": "Hội nghị", "expected": {"title": "A\udc00"}})
    assert [(e["code"], e["field"]) for e in ack["errors"]] == [("bad_unicode", "expected.title")]
    for odd, code in [("\x00", "control_character"), ("\u2066", "bidi_control"), ("\x9b", "control_character")]:
        ack = secretary.send("meeting.update", {"title": "Hội nghị", "expected": {"title": f"A{odd}"}})
        assert [(e["code"], e["field"]) for e in ack["errors"]] == [(code, "expected.title")]
    assert len(store.log(1)) == log


def test_a_wrong_role_always_gets_the_same_code(app, store, screen):
    """Before any join: ``not_joined``. Joined as a role that may not send the event: ``forbidden``,
    for every event, the office included."""
    stranger = socketio.test_client(app)
    projector, office = screen("public"), office_screen(app, store).sio
    assert codes(stranger.emit("snapshot", {}, callback=True)) == ["not_joined"]
    assert codes(stranger.emit("meetings.list", {}, callback=True)) == ["not_joined"]
    assert codes(stranger.emit("command", {"id": "x" * 8, "name": "x", "payload": {}}, callback=True)) == ["not_joined"]
    assert codes(projector.sio.emit("meetings.list", {}, callback=True)) == ["forbidden"]
    assert codes(projector.sio.emit("opinion.search", {"q": "đất"}, callback=True)) == ["forbidden"]
    assert codes(projector.sio.emit("screen.identify", {}, callback=True)) == ["forbidden"]
    assert codes(office.emit("snapshot", {}, callback=True)) == ["forbidden"]
    assert codes(office.emit("screen.identify", {}, callback=True)) == ["forbidden"]
    assert codes(office.emit("request.status", {"request_id": 1, "device": DEVICE}, callback=True)) == ["forbidden"]


def test_an_events_data_that_does_not_fit_is_refused_on_its_field(app, store, screen):
    chair = screen("chair")
    ack = chair.sio.emit("opinion.search", {"q": 3}, callback=True)
    assert [(e["code"], e["field"]) for e in ack["errors"]] == [("bad_envelope", "q")]
    ack = chair.sio.emit("opinion.search", {"q": "đất\u202e"}, callback=True)
    assert [(e["code"], e["field"]) for e in ack["errors"]] == [("bidi_control", "q")]
    assert codes(chair.sio.emit("snapshot", {"extra": 1}, callback=True)) == ["bad_envelope"]
    ack = screen("secretary").sio.emit("followup.list", {"closed": "yes"}, callback=True)
    assert [(e["code"], e["field"]) for e in ack["errors"]] == [("bad_envelope", "closed")]


def test_a_name_typed_at_join_goes_through_the_same_text_check(app, store):
    for name, code in [("An\x00", "control_character"), ("\u200b\u200d", "invisible_only"), ("A\ud800", "bad_unicode")]:
        client = socketio.test_client(app)
        ack = client.emit(
            "join", {"meeting_id": 1, "role": "chair", "pin": store.pin(1, "chair"), "name": name}, callback=True
        )
        assert [(e["code"], e["field"]) for e in ack["errors"]] == [(code, "name")], name
        assert codes(client.emit("snapshot", {}, callback=True)) == ["not_joined"]


def test_a_lone_surrogate_where_no_text_check_runs_is_still_answered(app, store, screen):
    """A PIN or a device token is not a text field: a lone surrogate there is a wrong PIN, a token
    that does not fit, never an unanswered event."""
    client = socketio.test_client(app)
    ack = client.emit("join", {"meeting_id": 1, "role": "chair", "pin": "1\ud800", "name": "An"}, callback=True)
    assert codes(ack) == ["wrong_pin"]
    ack = client.emit("join", {"role": "office", "pin": "\udfff", "name": "An"}, callback=True)
    assert codes(ack) == ["wrong_pin"]
    ack = screen("public").sio.emit("request.status", {"request_id": 1, "device": "abc\ud800"}, callback=True)
    assert [(e["code"], e["field"]) for e in ack["errors"]] == [("bad_envelope", "device")]


# ---------------------------------------------------------------- every text field of every command


def _text_field(annotation) -> bool:
    return typing.get_origin(annotation) is typing.Annotated and any(
        isinstance(getattr(m, "func", None), TextField) for m in annotation.__metadata__
    )


def text_paths(model: type[BaseModel], prefix: tuple = ()) -> list[tuple]:
    """Every text field of a payload model, as its path: ``("units", 0, "name")``."""
    found = []
    for name, info in model.model_fields.items():
        if any(isinstance(getattr(m, "func", None), TextField) for m in info.metadata):
            found.append((*prefix, name))
            continue
        for member in _members(info.annotation):
            if _text_field(member):
                found.append((*prefix, name))
            elif typing.get_origin(member) is list:
                (item,) = typing.get_args(member)
                if _text_field(item):
                    found.append((*prefix, name, 0))
                elif isinstance(item, type) and issubclass(item, BaseModel):
                    found += text_paths(item, (*prefix, name, 0))
            elif isinstance(member, type) and issubclass(member, BaseModel):
                found += text_paths(member, (*prefix, name))
    return found


def _members(annotation) -> list:
    if typing.get_origin(annotation) in (typing.Union, types.UnionType):
        return [a for a in typing.get_args(annotation) if a is not type(None)]
    return [annotation]


def nest(path: tuple, value) -> dict:
    """``{"units": [{"name": value}]}`` for ``("units", 0, "name")``."""
    for part in reversed(path):
        value = [value] if isinstance(part, int) else {part: value}
    return value


FIELDS = sorted({(name, path) for name, command in REGISTRY.items() for path in text_paths(command.payload)}, key=repr)

# Each class of refused character, with a strategy for it, and its code.
REFUSED = {
    "bad_unicode": st.characters(min_codepoint=0xD800, max_codepoint=0xDFFF),
    "control_character": st.one_of(
        st.sampled_from([chr(c) for c in range(0x20) if chr(c) not in "\t\n\r"]),
        st.characters(min_codepoint=0x7F, max_codepoint=0x9F),
    ),
    "bidi_control": st.sampled_from([chr(c) for c in (*range(0x202A, 0x202F), *range(0x2066, 0x206A))]),
}
INVISIBLE = "\u200b\u200c\u200d\u2060\ufeff\u00ad\u180e\u3164\u115f\ufe0f\u034f\u2800"


def test_every_command_has_text_fields_found():
    assert len(FIELDS) > 80
    assert ("meeting.create", ("units", 0, "name")) in FIELDS
    assert ("meeting.settings", ("categories", 0)) in FIELDS
    assert ("opinion.add", ("summary",)) in FIELDS


class Hall:
    """One screen per role, the office, and what each received: a refused command must change
    nothing and send nothing."""

    def __init__(self, app, store, screen):
        self.app, self.store = app, store
        self.screens = {role: screen(role) for role in ("chair", "secretary", "door", "public")}
        self.office = office_screen(app, store).sio

    def send(self, name: str, payload: dict) -> dict:
        command = REGISTRY[name]
        envelope = {"id": f"edge-{abs(hash((name, json.dumps(payload, default=str)))):x}", "name": name}
        envelope["payload"] = payload
        role = next((r for r in ("secretary", "chair", "door", "public") if r in command.roles), None)
        if role is None:  # the office's own
            return self.office.emit(
                "command", {**envelope, "meeting_id": None if command.creates else 1}, callback=True
            )
        return self.screens[role].sio.emit("command", envelope, callback=True)

    def seen(self) -> tuple:
        """What a refusal must leave as it was: every meeting, the log, what the screens received."""
        received = [s.sio.get_received() for s in self.screens.values()] + [self.office.get_received()]
        return (self.store.meetings(), self.store.load(1), len(self.store.log(1)), received)


@pytest.fixture
def hall(app, store, screen):
    h = Hall(app, store, screen)
    h.seen()
    return h


def _assert_refused(hall, name: str, path: tuple, value: str, code: str) -> None:
    before = hall.seen()
    ack = hall.send(name, nest(path, value))
    field = ".".join(str(p) for p in path)
    assert ack["ok"] is False and (code, field) in [(e["code"], e["field"]) for e in ack["errors"]], (name, ack)
    message = next(e["message"] for e in ack["errors"] if e["code"] == code)
    assert message and "This text" not in message, message  # Vietnamese, the default language
    after = hall.seen()
    assert after[:3] == before[:3], (name, path)
    assert after[3] == [[] for _ in after[3]], (name, path)  # no broadcast


@pytest.mark.parametrize("code", [*REFUSED, "invisible_only"])
def test_every_text_field_of_every_command_refuses_each_class(hall, code):
    """Each class of character, in every text field of every command, refused with its own code on
    that field; the meeting, the log and every screen unchanged."""
    sample = {
        "bad_unicode": "Nguyễn\ud800 Văn An",
        "control_character": "Nguyễn\x00Văn An",
        "bidi_control": "Nguyễn \u202eVăn An",
        "invisible_only": "\u200b\u200d \ufeff",
    }[code]
    for name, path in FIELDS:
        _assert_refused(hall, name, path, sample, code)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    field=st.sampled_from(FIELDS),
    code=st.sampled_from([*REFUSED, "invisible_only"]),
    text=st.text(st.characters(codec="utf-8", categories=("L", "N", "P", "Zs")), min_size=1, max_size=20).filter(
        lambda t: t.strip()
    ),
    where=st.integers(0, 40),
    data=st.data(),
)
def test_any_refused_character_anywhere_in_any_text_field(hall, field, code, text, where, data):
    if code == "invisible_only":
        value = data.draw(st.text(st.sampled_from(INVISIBLE + " "), min_size=1, max_size=8).filter(lambda t: t.strip()))
    else:
        where = where % (len(text) + 1)
        value = text[:where] + data.draw(REFUSED[code]) + text[where:]
    _assert_refused(hall, field[0], field[1], value, code)


def test_allowed_white_space_and_invisible_characters_inside_a_text(screen):
    """Tab and line breaks are white space: folded in a one-line field, kept in a multi-line one; a
    zero-width joiner inside a visible text stays (emoji need it)."""
    chair, secretary = screen("chair"), screen("secretary")
    secretary.ok("speaker.add", {"name": "Lê\tVăn\nAn", "topic": "Gia đình 👨\u200d👩\u200d👧"})
    speaker = secretary.state["speakers"][-1]
    assert (speaker["name"], speaker["topic"]) == ("Lê Văn An", "Gia đình 👨\u200d👩\u200d👧")
    chair.ok("meeting.conclude", {"text": "Một\r\n\tHai\n\n\n\nBa"})
    assert chair.state["conclusion"] == "Một\nHai\n\nBa"


# ---------------------------------------------------------------- the items of issue 20


def _current_opinion(screen):
    chair, secretary, projector = screen("chair"), screen("secretary"), screen("public")
    chair.ok("speaker.call_next", {"expected_speaker_id": None})
    secretary.states()
    category = secretary.state["settings"]["categories"][0]
    ack = secretary.ok(
        "opinion.add", {"summary": "Đường xóm Đông ngập", "category": category, "speaker_id": chair.state["speaker_id"]}
    )
    return chair, secretary, projector, ack["created"]["opinions"][0]


def test_answer_call_sets_the_answerer_it_names_and_the_focus_agrees(screen):
    chair, secretary, projector, opinion_id = _current_opinion(screen)
    chair.ok("opinion.assign", {"opinion_id": opinion_id, "answerer": "Công chức Địa chính"})
    chair.ok(
        "answer.call",
        {"opinion_ids": [opinion_id], "answerer": "Công an xã", "expected_speaker_id": chair.state["speaker_id"]},
    )
    projector.states()
    at_microphone = next(s for s in projector.state["speakers"] if s["id"] == projector.state["speaker_id"])
    assert at_microphone["name"] == "Công an xã"
    assert projector.state["focus"]["answerer"] == "Công an xã"
    secretary.states()
    assert next(o for o in secretary.state["opinions"] if o["id"] == opinion_id)["answerer"] == "Công an xã"


def test_answer_call_with_a_delegate_and_a_name_typed_shows_one_answerer(screen):
    chair, secretary, projector, opinion_id = _current_opinion(screen)
    secretary.states()
    delegate = secretary.state["delegates"][0]
    chair.ok(
        "answer.call",
        {
            "opinion_ids": [opinion_id],
            "delegate_id": delegate["id"],
            "answerer": "Phòng Tài nguyên",
            "expected_speaker_id": chair.state["speaker_id"],
        },
    )
    projector.states()
    at_microphone = next(s for s in projector.state["speakers"] if s["id"] == projector.state["speaker_id"])
    assert at_microphone["name"] == projector.state["focus"]["answerer"] == "Phòng Tài nguyên"
    chair.ok("speaker.end", {"speaker_id": at_microphone["id"]})
    chair.ok("answer.call", {"opinion_ids": [opinion_id], "delegate_id": delegate["id"], "expected_speaker_id": None})
    projector.states()
    at_microphone = next(s for s in projector.state["speakers"] if s["id"] == projector.state["speaker_id"])
    assert (at_microphone["name"], at_microphone["topic"]) == (delegate["name"], delegate["title"])
    assert projector.state["focus"]["answerer"] == f"{delegate['name']} – {delegate['title']}"


def test_a_pending_requests_status_carries_every_field(screen):
    phone = screen("public")
    ack = phone.ok("request.submit", {"name": "Vũ Thị Hạnh", "xom": "Xóm Chùa", "topic": "Nước", "device": DEVICE})
    status = phone.sio.emit(
        "request.status", {"request_id": ack["created"]["requests"][0], "device": DEVICE}, callback=True
    )
    assert status == {
        "ok": True,
        "request_id": ack["created"]["requests"][0],
        "status": "pending",
        "reason": "",
        "place": None,
        "called": False,
        "speaker_status": None,
    }


def test_the_phone_limit_counts_only_accepted_requests_from_phones(screen, store):
    projector, phone = screen("public"), screen("public")
    for _ in range(6):  # a public screen sending what it may not: refused, never "slow down"
        assert codes(projector.send("message.show", {"text": "Xin chào"})) == ["forbidden"]
    ask = {"name": "Vũ Thị Hạnh", "xom": "Xóm Chùa", "topic": "Nước", "device": DEVICE}
    assert phone.send("request.submit", ask)["ok"]
    for _ in range(4):  # the same person again, and a malformed request: refused, not counted
        assert codes(phone.send("request.submit", ask)) == ["already_registered"]
        assert codes(phone.send("request.submit", {**ask, "name": ""})) == ["empty"]
    assert phone.send("request.submit", {**ask, "name": "Đỗ Văn Em"})["ok"]
    assert phone.send("request.submit", {**ask, "name": "Ngô Thị Gấm"})["ok"]
    assert codes(phone.send("request.submit", {**ask, "name": "Bùi Văn Hòa"})) == ["slow_down"]  # 3 accepted
    assert len(store.load(1).requests) == 3


def test_an_unknown_command_is_refused_on_the_envelopes_name(screen):
    ack = screen("chair").send("speaker.fly", {})
    [error] = ack["errors"]
    assert (error["code"], error["field"]) == ("unknown_command", "name")
    assert error["message"] == "Lệnh không tồn tại: speaker.fly."  # not "Họ và tên: …"


def test_the_office_list_says_is_demo_as_a_boolean(app, store):
    meetings = office_screen(app, store).sio.emit("meetings.list", {}, callback=True)["meetings"]
    assert [m["is_demo"] for m in meetings if m["id"] == 1] == [True]
    assert all(isinstance(m["is_demo"], bool) for m in meetings)
    assert set(meetings[0]["pins"]) == {"chair", "secretary", "door"}


def test_a_csv_download_names_its_charset_once(client, store):
    headers = {"X-Role": "secretary", "X-Pin": store.pin(1, "secretary"), "X-Person": quote("Thư ký")}
    for name in ("timeline.csv", "audit.csv"):
        response = client.get(f"/m/1/documents/{name}", headers=headers)
        assert response.status_code == 200
        assert response.headers["Content-Type"] == "text/csv; charset=utf-8"


# ---------------------------------------------------------------- the language switch

TRICKS = [
    "/%09/example.com",
    "/%0d/example.com",
    "/%0a/example.com",
    "/%0d%0aSet-Cookie:%20x=1",
    "//example.com",
    "///example.com",
    "/\\example.com",
    "/%5Cexample.com",
    "\\\\example.com",
    "%2F%2Fexample.com",
    "/%2F%2Fexample.com",
    "/%252F%252Fexample.com",
    "/%2F/example.com",
    "http://example.com/",
    "https:example.com",
    "HTTP://example.com",
    "javascript:alert(1)",
    "//%09example.com",
    "/\t/example.com",
    "/%E2%80%A8/example.com",
    "/%00/x",
    "example.com",
    "",
]


@pytest.mark.parametrize("trick", TRICKS)
def test_the_language_switch_never_leaves_the_site(client, trick):
    response = client.get(f"/lang/en?next={trick}")
    assert response.status_code == 302, response.status_code
    location = response.headers["Location"]
    assert location == "/", (trick, location)
    assert response.headers["Set-Cookie"].startswith("lang=en")


@pytest.mark.parametrize(
    ("target", "normalised"),
    [
        ("/m/1/chair", "/m/1/chair"),
        ("/m/1/../2/projector", "/m/2/projector"),
        ("/office?tab=people", "/office?tab=people"),
        ("/m/1/./phone", "/m/1/phone"),
    ],
)
def test_the_language_switch_goes_back_to_a_path_of_the_site(client, target, normalised):
    response = client.get(f"/lang/vi?next={quote(target)}")
    assert (response.status_code, response.headers["Location"]) == (302, normalised)
