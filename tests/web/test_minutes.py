"""After the meeting, over HTTP with the PINs as headers: the minutes drafted from the record, edited,
finalised into an immutable .docx whose SHA-256 is recorded, every document and export to download,
the statistics, and the public results page."""

from __future__ import annotations

import hashlib
import io
import json
from urllib.parse import quote

import docx
import openpyxl
import pytest

from ..support.client import headers, office_screen


def test_the_minutes_are_drafted_from_the_record(client, store, held):
    got = client.get("/m/1/minutes", headers=headers(store, "secretary")).get_json()
    assert got["ok"] and got["latest"] is None and got["without_outcome"] == 1
    text = "\n".join(b["text"] for b in got["current"]["blocks"])
    assert "Công dân Nguyễn Văn An (demo) (Xóm Đông) phát biểu" in text
    assert "3 phút 20 giây" in text  # the time spoken
    assert text.index("Nguyễn Văn An (demo)") < text.index("Trần Thị Bích (demo)")  # in the order spoken
    assert "Giao Công chức Địa chính giải quyết, hạn giải quyết" in text
    assert "Vũ Thị Hạnh (Xóm Chùa): Hỗ trợ hộ nghèo." in text and "Chưa có kết quả xử lý." in text
    assert "Giao Địa chính trả lời trong 15 ngày làm việc." in text
    assert "Chủ trì hội nghị: đ/c Trần Văn Minh (demo) – Bí thư Đảng ủy - Chủ tịch HĐND xã" in text


def test_without_the_pin_nothing_is_read(client, store, held):
    assert client.get("/m/1/minutes").status_code == 403
    wrong = client.get("/m/1/minutes", headers={**headers(store, "secretary"), "X-Pin": "000000"})
    assert wrong.status_code == 403 and wrong.get_json()["errors"][0]["message"] == "Mã PIN không đúng."
    public = client.get("/m/1/documents/register.xlsx", headers={"X-Role": "public", "X-Pin": ""})
    assert public.status_code == 403
    chair = client.post(
        "/m/1/minutes", json={"blocks": [{"kind": "paragraph", "text": "x"}]}, headers=headers(store, "chair")
    )
    assert chair.status_code == 403  # the chair reads, the secretary and the office write


def test_edit_finalise_and_a_new_version_after(client, store, held):
    h = headers(store, "secretary")
    draft = client.get("/m/1/minutes", headers=h).get_json()["current"]["blocks"]
    draft[1]["text"] = "Thời gian: bắt đầu lúc 08 giờ 00 (đã sửa lời văn)."
    saved = client.post("/m/1/minutes", json={"blocks": draft, "base_version": None}, headers=h).get_json()
    assert saved["ok"] and saved["version"] == 1 and saved["finalised_at"] is None
    again = client.post("/m/1/minutes", json={"blocks": draft, "base_version": None}, headers=h)
    assert again.status_code == 409 and again.get_json()["errors"][0]["code"] == "changed_meanwhile"

    refused = client.post("/m/1/minutes", json={"blocks": draft, "base_version": 1, "finalise": True}, headers=h)
    assert refused.status_code == 409
    assert refused.get_json()["errors"][0]["message"].startswith("Còn 1 ý kiến chưa có kết quả xử lý.")
    body = {"blocks": draft, "base_version": 1, "finalise": True, "confirm_open": True}
    final = client.post("/m/1/minutes", json=body, headers=h).get_json()
    assert final["ok"] and final["version"] == 1 and final["finalised_at"] is not None

    data = client.get("/m/1/documents/minutes.docx?version=1", headers=h).data
    assert hashlib.sha256(data).hexdigest() == final["sha256"]
    assert client.get("/m/1/documents/minutes.docx?version=1", headers=headers(store, "office")).data == data
    paragraphs = "\n".join(p.text for p in docx.Document(io.BytesIO(data)).paragraphs)
    assert "(đã sửa lời văn)" in paragraphs and "Nguyễn Văn An (demo)" in paragraphs

    draft[1]["text"] = "Một sửa đổi sau khi đã ký."
    later = client.post("/m/1/minutes", json={"blocks": draft, "base_version": 1}, headers=h).get_json()
    assert later["version"] == 2  # the finalised version is never changed
    versions = client.get("/m/1/minutes", headers=h).get_json()["versions"]
    assert [(v["version"], v["sha256"]) for v in versions] == [(1, final["sha256"]), (2, None)]
    assert [r["name"] for r in store.log(1)][-3:] == ["minutes.save", "minutes.finalise", "minutes.save"]
    assert store.log(1)[-2]["person"] == "Nguyễn Thị Thu"


@pytest.mark.parametrize(
    "blocks",
    [[], [{"kind": "script", "text": "x"}], [{"kind": "paragraph"}], [{"kind": "paragraph", "text": 3}], "text"],
)
def test_bad_minutes_change_nothing(client, store, held, blocks):
    h = headers(store, "secretary")
    assert client.post("/m/1/minutes", json={"blocks": blocks, "base_version": None}, headers=h).status_code == 400
    assert client.get("/m/1/minutes", headers=h).get_json()["versions"] == []


def test_every_document_downloads_for_the_office(client, store, held):
    h = headers(store, "office")
    for name, check in [
        (
            "notice.docx",
            lambda d: "Công chức Địa chính" in "\n".join(p.text for p in docx.Document(io.BytesIO(d)).paragraphs),
        ),
        ("report.docx", lambda d: docx.Document(io.BytesIO(d)).inline_shapes),
        ("register.xlsx", lambda d: openpyxl.load_workbook(io.BytesIO(d)).active.max_row == 3 + 4),  # title, header
        ("timeline.csv", lambda d: "Trần Thị Bích (demo)" in d.decode("utf-8-sig")),
        ("audit.csv", lambda d: "meeting.close" in d.decode("utf-8-sig")),
        ("export.json", lambda d: json.loads(d)["format_version"] == 1),
        ("dossier.zip", lambda d: d[:2] == b"PK"),
    ]:
        response = client.get(f"/m/1/documents/{name}", headers=h)
        assert response.status_code == 200, name
        assert "attachment" in response.headers["Content-Disposition"]
        assert check(response.data), name


def test_statistics_say_what_the_report_says(client, store, held):
    stats = client.get("/m/1/statistics", headers=headers(store, "chair")).get_json()
    assert (stats["speakers"], stats["opinions"], stats["without_outcome"]) == (2, 4, 1)
    assert stats["by_outcome"] == {"assigned": 1, "answered": 1, "noted": 1, "None": 1}
    assert [t["overrun_seconds"] for t in stats["turns"]] == [20.0, 0]
    across = client.get("/office/statistics", headers=headers(store, "office")).get_json()
    assert across["open_by_unit"] == {"Công chức Địa chính": 1}


def test_the_results_page_is_public_once_published_and_hides_names_on_request(app, client, store, held):
    assert client.get("/m/1/results").status_code == 404
    office = office_screen(app, store)
    ack = office.sio.emit(
        "command", {"id": "publish-0001", "name": "results.publish", "payload": {}, "meeting_id": 1}, callback=True
    )
    assert ack["ok"]
    page = client.get("/m/1/results").get_data(as_text=True)
    assert "Nguyễn Văn An (demo)" in page and "Giao Công chức Địa chính giải quyết" in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page and "<script>alert" not in page
    assert "0912" not in page  # no phone number, ever
    hide = {"id": "hide-names-01", "name": "meeting.paperwork", "payload": {"hide_names": True}, "meeting_id": 1}
    assert office.sio.emit("command", hide, callback=True)["ok"]
    page = client.get("/m/1/results").get_data(as_text=True)
    assert "Nguyễn Văn An (demo)" not in page and "Xóm Đông" in page


def test_a_meeting_moves_to_another_laptop_through_its_export(client, store, held, tmp_path):
    from server.app import create_app

    exported = client.get("/m/1/documents/export.json", headers=headers(store, "office")).data
    other = create_app({"DATABASE": str(tmp_path / "other.db"), "TESTING": True, "SEED_DEMO": False})
    try:
        other_store = other.extensions["store"]
        h = {"X-Role": "office", "X-Pin": other_store.office_pin(), "X-Person": quote("Văn phòng")}
        got = other.test_client().post("/office/import-meeting", data=exported, headers=h).get_json()
        assert got["ok"] and set(got["pins"]) == {"chair", "secretary", "door"}
        moved = other_store.load(got["meeting_id"])
        assert [o.summary for o in moved.opinions] == [o.summary for o in store.load(1).opinions]
        again = other.test_client().post("/office/import-meeting", data=exported, headers=h)
        assert again.status_code == 400 and again.get_json()["errors"][0]["code"] == "transfer_already_here"
        tampered = exported.replace("Hỗ trợ hộ nghèo".encode(), "Hỗ trợ hộ giàu".encode())
        refused = other.test_client().post("/office/import-meeting", data=tampered, headers=h)
        assert refused.get_json()["errors"][0]["code"] == "transfer_tampered"
        assert other_store.meeting_ids() == [got["meeting_id"]]
    finally:
        other.extensions["store"].close()
