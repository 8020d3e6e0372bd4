"""Moving a meeting to another laptop: export, import, export again gives the same file."""

from __future__ import annotations

import json
import re

import pytest

from server.demo import create_demo
from server.domain import apply_effect
from server.domain.changes import full_effect
from server.pipeline import handle
from server.reports.transfer import (
    FORMAT,
    MAX_BYTES,
    TransferProblem,
    canonical,
    export_from_store,
    import_file,
    read_export,
)
from server.store import Store

T0 = 1_685_000_000.0
LAND = "Đất đai & giấy chứng nhận"
DOCX = b"PK\x03\x04\x00\xff binary .docx bytes \x00\x01"


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


@pytest.fixture
def held(store, screen, clock):
    """The demo meeting (id 1) held: turns, opinions with outcomes, a reply by the office, a PIN
    changed, the minutes saved and finalised."""
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
    # The minutes: a finalised version and a draft after it (rows of the document table as saved).
    minutes = {"meeting_id": 1, "kind": "minutes", "person": "Nguyễn Thị Thu", "profile": "state"}
    with store.write():
        store.db["document"].insert(
            {**minutes, "version": 1, "created_at": clock(), "finalised_at": clock() + 1, "docx": DOCX}
            | {"content": json.dumps({"blocks": ["BIÊN BẢN", "Thôn An Bộ"]}, ensure_ascii=False), "sha256": "ab" * 32}
        )
        store.db["document"].insert(
            {**minutes, "version": 2, "created_at": clock() + 5, "content": '{"blocks": ["Bản sửa"]}'}
        )
    return store


def counts(store: Store) -> tuple[int, ...]:
    with store.lock:
        return tuple(
            store.conn.execute(f"select count(*) from [{t}]").fetchone()[0]
            for t in ("meeting", "log", "document", "opinion", "speaker", "access", "opinion_fts")
        )


@pytest.fixture
def other(tmp_path):
    """Another laptop's database, which already holds a meeting of its own."""
    other = Store(str(tmp_path / "other.db"))
    create_demo(other, T0)
    yield other
    other.close()


def test_export_import_export_gives_the_same_file(held, other):
    first = export_from_store(held, 1, T0 + 10**6)
    new_id, pins = import_file(other, first)
    assert new_id == 2
    again = export_from_store(other, new_id, T0 + 2 * 10**6)
    assert again != first  # the time differs …
    assert blank_time(again) == blank_time(first)  # … and nothing else
    # Fresh PINs, the ones the importing laptop stores, never the exporter's.
    assert other.pins(new_id) == pins and set(pins) == {"chair", "secretary", "door"}
    assert all(len(p) == 6 and p.isdigit() for p in pins.values())


def test_the_imported_meeting_is_the_same_meeting_but_its_id(held, other):
    new_id, _pins = import_file(other, export_from_store(held, 1, T0))
    original, imported = held.load(1), other.load(new_id)
    assert imported.id == new_id
    assert original.requests and original.citizens and original.delegates  # every collection travels
    imported.id = 1
    assert imported == original
    # The log: every row in order, with its times, roles, persons, payloads and effects.
    before, after = held.log(1), other.log(new_id)
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
    # The log alone still replays the meeting, the new id included.
    replayed: dict = {}
    for row in after:
        if row["effect"]:
            apply_effect(replayed, json.loads(row["effect"]))
    assert replayed == apply_effect({}, full_effect(other.load(new_id)))
    # The documents, every version, the finalised .docx byte for byte.
    with other.lock:
        docs = list(other.db.query("select * from document where meeting_id = ? order by version", [new_id]))
    with held.lock:
        originals = list(held.db.query("select * from document where meeting_id = 1 order by version"))
    assert [{**d, "meeting_id": 1} for d in docs] == originals
    assert docs[0]["docx"] == DOCX and docs[1]["docx"] is None
    # Searchable, and live: its screens' commands work on it.
    assert [r["meeting_id"] for r in other.search("giấy chứng nhận")] == [new_id]
    reopen = {"id": "after-import-0001", "name": "meeting.reopen", "payload": {}}
    assert handle(other, new_id, "chair", reopen, T0 + 10**6, lambda *a: None)["ok"]
    assert other.load(1).title == held.load(1).title  # the meeting already there is untouched


def test_the_file_holds_no_pin_and_no_meeting_id(held):
    data = export_from_store(held, 1, T0)
    document = json.loads(data)
    assert document["format"] == FORMAT and document["format_version"] == 1
    assert data == canonical(document)
    assert not keys(document) & {"pin", "pins", "access"}
    for pin in held.pins(1).values():
        assert f'"{pin}"'.encode() not in data
    assert "id" not in document["meeting"]["set"]
    assert document["log"][0]["effect"]["set"]["id"] is None
    assert not keys(document["log"]) & {"seq", "meeting_id"}
    assert not keys(document["documents"]) & {"meeting_id"}
    assert "Cấp giấy chứng nhận" in data.decode("utf-8")  # UTF-8, not \\u escapes
    found = read_export(data)
    assert found["meeting"].id == 0 and found["meeting"].title == held.load(1).title
    assert found["documents"][0]["docx"] == DOCX
    assert found["exported_at"] == T0


def test_a_second_import_is_refused_and_changes_nothing(held, other):
    data = export_from_store(held, 1, T0)
    import_file(other, data)
    before = counts(other)
    with pytest.raises(TransferProblem) as refused:
        import_file(other, data)
    assert refused.value.code == "transfer_already_here"
    assert counts(other) == before
    # Nor can it come back to the laptop it was made on.
    with pytest.raises(TransferProblem) as refused:
        import_file(held, data)
    assert refused.value.code == "transfer_already_here"


def refused(other: Store, data: bytes) -> str:
    before = counts(other)
    with pytest.raises(TransferProblem) as problem:
        import_file(other, data)
    assert counts(other) == before
    return problem.value.code


def test_damaged_foreign_newer_and_other_files_are_refused(held, other):
    data = export_from_store(held, 1, T0)
    # Changed by hand: a letter, a number, a key.
    assert refused(other, data.replace("An Bộ".encode(), "An Bô".encode())) == "transfer_tampered"
    assert refused(other, data.replace(b'"version":', b'"version":1', 1)) == "transfer_tampered"
    document = json.loads(data)
    document["log"] = document["log"][:-1]
    assert refused(other, canonical(document)) == "transfer_tampered"
    # The time of export is outside the hash: it may be anything.
    assert read_export(blank_time(data))["meeting"].title == held.load(1).title
    # Newer: checked before the hash, which a newer format may compute otherwise.
    newer = json.loads(data)
    newer["format_version"] = 2
    assert refused(other, canonical(newer)) == "transfer_newer"
    # Not ours.
    assert refused(other, b'{"format": "something-else", "format_version": 1}') == "transfer_foreign"
    assert refused(other, b"[1, 2, 3]") == "transfer_foreign"
    assert refused(other, json.dumps({**json.loads(data), "format_version": "1"}).encode()) == "transfer_foreign"
    # Not JSON: a spreadsheet, cut short, not text.
    assert refused(other, b"PK\x03\x04\x14\x00") == "transfer_not_json"
    assert refused(other, data[: len(data) // 2]) == "transfer_not_json"
    assert refused(other, b"\xff\xfe\x00garbage") == "transfer_not_json"
    assert refused(other, b"") == "transfer_not_json"
    # Too large, before it is parsed.
    assert refused(other, b"[" + b" " * MAX_BYTES + b"]") == "transfer_too_large"


def test_a_file_from_a_newer_program_with_unknown_fields_is_refused(held, other):
    document = json.loads(export_from_store(held, 1, T0))
    document["meeting"]["opinions"]["put"][0]["mood"] = "vui"
    from server.reports.transfer import _digest

    document["sha256"] = _digest(document)
    assert refused(other, canonical(document)) == "transfer_newer"


def test_every_transfer_code_has_a_sentence(app):
    from server.messages import PROBLEMS, describe

    codes = ("not_json", "foreign", "newer", "tampered", "too_large", "already_here")
    with app.test_request_context(headers={"Cookie": "lang=vi"}):
        for code in codes:
            problem = TransferProblem(f"transfer_{code}", mb=50).problem
            assert problem.code in PROBLEMS
            message = describe(problem)["message"]
            assert message and "%(" not in message
        assert "50 MB" in describe(TransferProblem("transfer_too_large", mb=50).problem)["message"]
        assert "máy" in describe(TransferProblem("transfer_already_here").problem)["message"]
