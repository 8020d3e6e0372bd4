"""Moving a meeting to another laptop, through the doors the office uses: the export downloaded
over HTTP once the minutes are saved and finalised, imported over HTTP on a second server (another
database), and exported there again gives the same file."""

from __future__ import annotations

import json
import re
from urllib.parse import quote

import pytest

from server.app import create_app
from server.domain import apply_effect
from server.domain.changes import full_effect
from server.pipeline import handle
from server.storage.transfer import FORMAT, MAX_BYTES, TransferProblem, _digest, canonical, read_export

from ..support.clock import FakeClock

T0 = 1_685_000_000.0
LAND = "Đất đai & giấy chứng nhận"


def blank_time(data: bytes) -> bytes:
    out, n = re.subn(rb'"exported_at":[0-9.e+-]+', b'"exported_at":0', data)
    assert n == 1
    return out


def keys(value) -> set[str]:
    """Every key of a JSON value, at any depth."""
    if isinstance(value, dict):
        return set(value) | {k for v in value.values() for k in keys(v)}
    if isinstance(value, list):
        return {k for v in value for k in keys(v)}
    return set()


def office(store) -> dict[str, str]:
    """The office's headers (``server/access.py``)."""
    return {"X-Role": "office", "X-Pin": store.office_pin(), "X-Person": quote("Văn phòng xã")}


def export(app) -> bytes:
    """Meeting 1's export, downloaded as the office downloads it."""
    store = app.extensions["store"]
    answer = app.test_client().get("/m/1/documents/export.json", headers=office(store))
    assert answer.status_code == 200, answer.get_data(as_text=True)
    return answer.data


def import_(app, data: bytes) -> dict:
    """The answer to uploading ``data`` as the office's import of a meeting."""
    store = app.extensions["store"]
    return app.test_client().post("/office/import-meeting", data=data, headers=office(store)).get_json()


def save_minutes(app, blocks: list[dict], base: int | None, finalise: bool) -> dict:
    """The minutes saved (and finalised) as the secretary's documents page does."""
    store = app.extensions["store"]
    h = {"X-Role": "secretary", "X-Pin": store.pin(1, "secretary"), "X-Person": quote("Nguyễn Thị Thu")}
    body = {"blocks": blocks, "base_version": base, "finalise": finalise, "confirm_open": True}
    answer = app.test_client().post("/m/1/minutes", json=body, headers=h).get_json()
    assert answer["ok"], answer
    return answer


@pytest.fixture
def minuted(app, store, screen, clock):
    """The demo meeting (id 1) held: turns, opinions with outcomes, a reply by the office, a PIN
    changed, the minutes saved and finalised, then a new draft of them saved."""
    chair, secretary = screen("chair"), screen("secretary")
    chair.ok("stage.next", {"expected_stage_id": None})
    clock.advance(60)
    chair.ok("speaker.call_next", {"expected_speaker_id": None})
    an = chair.state["speaker_id"]
    chair.ok("timer.start", {"speaker_id": an})
    clock.advance(95)
    secretary.ok(
        "opinion.add",
        {"summary": "Cấp giấy chứng nhận quyền sử dụng đất ở", "category": LAND, "speaker_id": an, "text": "=1+1"},
    )
    secretary.ok(
        "opinion.add",
        {
            "summary": "Đèn đường hỏng",
            "category": "Giao thông & thủy lợi",
            "speaker_id": None,
            "citizen": "Ngô Thị Hoa",
        },
    )
    ids = [o["id"] for o in secretary.state["opinions"]]
    clock.advance(30)
    chair.ok("speaker.call_next", {"expected_speaker_id": an})
    secretary.ok(
        "opinion.outcome",
        {"opinion_id": ids[0], "outcome": "answered", "answer": "Xã cấp trong tháng 6", "answered_by": "Lê Thị Lan"},
    )
    secretary.ok("opinion.outcome", {"opinion_id": ids[1], "outcome": "assigned", "unit": "Ban Giao thông xã"})
    # Every collection is in the file: a citizen checked in at the door, a phone's request taken.
    secretary.ok("citizen.add", {"name": "Trần Văn Bình", "xom": "Xóm Đông", "phone": "0912345678"})
    screen("door").ok("citizen.checkin", {"citizen_id": secretary.state["citizens"][-1]["id"]})
    phone = screen("public")
    ask = {"name": "Phạm Thị Mai", "xom": "Xóm Tây", "topic": "Nước sạch", "device": "a" * 24}
    request_id = phone.send("request.submit", ask)["created"]["requests"][0]
    secretary.states()
    secretary.ok("request.accept", {"request_id": request_id})
    clock.advance(60)
    chair.ok("meeting.close")
    clock.advance(86400 * 12)  # the reply is recorded once it has come (not dated in the future)
    reply = {
        "id": "office-reply-0001",
        "name": "opinion.reply",
        "meeting_id": 1,
        "payload": {
            "opinion_id": ids[1],
            "reply_date": "2023-06-05",
            "reply_summary": "Đã thay bóng đèn",
            "close": True,
        },
    }
    assert handle(store, None, "office", reply, clock(), lambda *a: None, "Văn phòng xã")["ok"]
    store.regenerate_pin(1, "chair", clock(), "Văn phòng xã")
    # The minutes: saved, finalised (an immutable .docx), then a new draft saved after it.
    blocks = [{"kind": "heading", "text": "BIÊN BẢN"}, {"kind": "paragraph", "text": 'Thôn An Bộ, "=1+1"'}]
    first = save_minutes(app, blocks, None, finalise=False)
    clock.advance(5)
    assert save_minutes(app, blocks, first["version"], finalise=True)["sha256"]
    clock.advance(5)
    save_minutes(app, [*blocks, {"kind": "paragraph", "text": "Bản sửa"}], 1, finalise=False)
    return app


def counts(store) -> tuple[int, ...]:
    with store.lock:
        return tuple(
            store.conn.execute(f"select count(*) from [{t}]").fetchone()[0]
            for t in ("meeting", "log", "document", "opinion", "speaker", "access", "opinion_fts")
        )


@pytest.fixture
def other(tmp_path):
    """A second server on another laptop's database, which already holds a meeting of its own (the
    demo), with a clock of its own."""
    other = create_app({"DATABASE": str(tmp_path / "other.db"), "CLOCK": FakeClock(T0 + 10**6), "TESTING": True})
    yield other
    other.extensions["store"].close()


def test_an_export_with_finalised_minutes_imports_and_exports_again_the_same(minuted, other):
    first = export(minuted)
    got = import_(other, first)
    assert got["ok"] and got["meeting_id"] == 2
    again = export_of(other, got["meeting_id"])
    assert again != first  # the time differs …
    assert blank_time(again) == blank_time(first)  # … and nothing else: the minutes are in it
    assert [d["version"] for d in json.loads(again)["documents"]] == [1, 2]
    # Fresh PINs, the ones the importing laptop stores, never the exporter's.
    pins = got["pins"]
    assert other.extensions["store"].pins(2) == pins and set(pins) == {"chair", "secretary", "door"}
    assert all(len(p) == 6 and p.isdigit() for p in pins.values())


def export_of(app, meeting_id: int) -> bytes:
    store = app.extensions["store"]
    answer = app.test_client().get(f"/m/{meeting_id}/documents/export.json", headers=office(store))
    assert answer.status_code == 200
    return answer.data


def test_the_imported_meeting_is_the_same_meeting_but_its_id(minuted, other, store):
    new_id = import_(other, export(minuted))["meeting_id"]
    there = other.extensions["store"]
    original, imported = store.load(1), there.load(new_id)
    assert imported.id == new_id
    assert original.requests and original.citizens and original.delegates  # every collection travels
    imported.id = 1
    assert imported == original
    # The log: every row in order, with its times, roles, persons, payloads and effects.
    before, after = store.log(1), there.log(new_id)
    assert len(after) == len(before) > 10

    # (The JSON columns are compared parsed: the file sorts their keys, so their text may differ.)
    def rows(log: list[dict], meeting_id: int) -> list[dict]:
        out = []
        for r in log:
            effect = json.loads(r["effect"]) if r["effect"] else None
            if effect and "id" in effect.get("set", {}):
                assert effect["set"]["id"] == meeting_id
                effect["set"]["id"] = "the meeting's"
            out.append({**r, "seq": None, "meeting_id": None, "payload": json.loads(r["payload"]), "effect": effect})
        return out

    assert rows(after, new_id) == rows(before, 1)
    assert [r["person"] for r in after if r["name"] == "opinion.reply"] == ["Văn phòng xã"]
    assert [r["name"] for r in after if r["name"].startswith("minutes.")] == [
        "minutes.save",
        "minutes.finalise",
        "minutes.save",
    ]
    # The log alone still replays the meeting, the new id included.
    replayed: dict = {}
    for row in after:
        if row["effect"]:
            apply_effect(replayed, json.loads(row["effect"]))
    assert replayed == apply_effect({}, full_effect(there.load(new_id)))
    # The minutes, every version as downloaded, the finalised .docx byte for byte.
    h = office(there)
    for version in (1, 2):
        here = minuted.test_client().get(f"/m/1/documents/minutes.docx?version={version}", headers=office(store))
        moved = other.test_client().get(f"/m/{new_id}/documents/minutes.docx?version={version}", headers=h)
        assert moved.status_code == 200
        if version == 1:  # finalised: the very bytes whose hash was recorded
            assert moved.data == here.data
    mine = minuted.test_client().get("/m/1/minutes", headers=office(store)).get_json()
    theirs = other.test_client().get(f"/m/{new_id}/minutes", headers=h).get_json()
    assert theirs["versions"] == mine["versions"] and theirs["current"] == mine["current"]
    assert theirs["current"]["blocks"][-1]["text"] == "Bản sửa"
    # Searchable, and live: its screens' commands work on it.
    assert [r["meeting_id"] for r in there.search("giấy chứng nhận")] == [new_id]
    reopen = {"id": "after-import-0001", "name": "meeting.reopen", "payload": {}}
    assert handle(there, new_id, "chair", reopen, T0 + 10**6, lambda *a: None)["ok"]
    assert there.load(1).title == store.load(1).title  # the meeting already there is untouched


def test_the_file_holds_no_pin_and_no_meeting_id(minuted, store):
    data = export(minuted)
    document = json.loads(data)
    assert document["format"] == FORMAT and document["format_version"] == 1
    assert data == canonical(document)
    assert not keys(document) & {"pin", "pins", "access"}
    for pin in store.pins(1).values():
        assert f'"{pin}"'.encode() not in data
    assert "id" not in document["meeting"]["set"]
    assert document["log"][0]["effect"]["set"]["id"] is None
    assert not keys(document["log"]) & {"seq", "meeting_id"}
    assert not keys(document["documents"]) & {"meeting_id"}
    assert document["documents"][0]["content"][0] == {"kind": "heading", "text": "BIÊN BẢN"}  # JSON, not a string
    assert "Cấp giấy chứng nhận" in data.decode("utf-8")  # UTF-8, not \\u escapes
    found = read_export(data)
    assert found["meeting"].id == 0 and found["meeting"].title == store.load(1).title
    assert found["documents"][0]["docx"][:2] == b"PK"  # the .docx, as bytes
    assert found["exported_at"] == minuted.config["CLOCK"]()


def test_a_second_import_is_refused_and_changes_nothing(minuted, other):
    data = export(minuted)
    assert import_(other, data)["ok"]
    before = counts(other.extensions["store"])
    assert refused(other, data) == "transfer_already_here"
    assert counts(other.extensions["store"]) == before
    # Nor can it come back to the laptop it was made on.
    assert refused(minuted, data) == "transfer_already_here"


def refused(app, data: bytes) -> str:
    """The code the import of ``data`` is refused with; nothing changed."""
    store = app.extensions["store"]
    before = counts(store)
    answer = app.test_client().post("/office/import-meeting", data=data, headers=office(store))
    assert answer.status_code in (400, 413)
    assert counts(store) == before
    return answer.get_json()["errors"][0]["code"]


def test_damaged_foreign_newer_and_other_files_are_refused(minuted, other, store):
    data = export(minuted)
    # Changed by hand: a letter, a number, a key.
    assert refused(other, data.replace("An Bộ".encode(), "An Bô".encode())) == "transfer_tampered"
    assert refused(other, data.replace(b'"version":', b'"version":1', 1)) == "transfer_tampered"
    document = json.loads(data)
    document["log"] = document["log"][:-1]
    assert refused(other, canonical(document)) == "transfer_tampered"
    # The time of export is outside the hash: it may be anything.
    assert read_export(blank_time(data))["meeting"].title == store.load(1).title
    # Newer: checked before the hash, which a newer format may compute otherwise.
    newer = json.loads(data)
    newer["format_version"] = 2
    assert refused(other, canonical(newer)) == "transfer_newer"
    # Not ours.
    assert refused(other, b'{"format": "something-else", "format_version": 1}') == "transfer_foreign"
    assert refused(other, b"[1, 2, 3]") == "transfer_foreign"
    assert refused(other, json.dumps({**json.loads(data), "format_version": "1"}).encode()) == "transfer_foreign"
    # A document whose text is not JSON text of ours (a string where the blocks go), hash recomputed.
    document = json.loads(data)
    document["documents"][0]["content"] = "BIÊN BẢN"
    document["sha256"] = _digest(document)
    assert refused(other, canonical(document)) == "transfer_foreign"
    # Not JSON: a spreadsheet, cut short, not text.
    assert refused(other, b"PK\x03\x04\x14\x00") == "transfer_not_json"
    assert refused(other, data[: len(data) // 2]) == "transfer_not_json"
    assert refused(other, b"\xff\xfe\x00garbage") == "transfer_not_json"
    assert refused(other, b"") == "transfer_not_json"
    # Too large, before it is read.
    assert refused(other, b"[" + b" " * MAX_BYTES + b"]") == "transfer_too_large"


def test_a_file_from_a_newer_program_with_unknown_fields_is_refused(minuted, other):
    document = json.loads(export(minuted))
    document["meeting"]["opinions"]["put"][0]["mood"] = "vui"
    document["sha256"] = _digest(document)
    assert refused(other, canonical(document)) == "transfer_newer"


def test_every_transfer_code_has_a_sentence(app):
    from server.i18n.problems import PROBLEMS
    from server.i18n.refusals import describe

    codes = ("not_json", "foreign", "newer", "tampered", "too_large", "already_here")
    with app.test_request_context(headers={"Cookie": "lang=vi"}):
        for code in codes:
            problem = TransferProblem(f"transfer_{code}", mb=50).problem
            assert problem.code in PROBLEMS
            message = describe(problem)["message"]
            assert message and "%(" not in message
        assert "50 MB" in describe(TransferProblem("transfer_too_large", mb=50).problem)["message"]
        assert "máy" in describe(TransferProblem("transfer_already_here").problem)["message"]
