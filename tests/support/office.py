"""The office's helpers for the browser tests: a meeting made over the protocol, its editor opened in
Chromium, a list written as the office's spreadsheet program writes it."""

from __future__ import annotations

import itertools
from datetime import date, timedelta

import openpyxl

from .browser import OFFICE_NAME, login
from .client import Client

_ids = itertools.count(1)


def command(client: Client, name: str, payload: dict, meeting_id: int | None = None) -> dict:
    envelope = {"id": f"people-test-{next(_ids):06d}", "name": name, "payload": payload}
    if meeting_id is not None:
        envelope["meeting_id"] = meeting_id
    return client.sio.call("command", envelope, timeout=10)


def meeting_day() -> date:
    """The server runs on the real clock: a new meeting is dated in the future."""
    return date.today() + timedelta(days=30)


def new_meeting(client: Client, **fields) -> int:
    payload = {
        "title": "Hội nghị đối thoại trực tiếp với nhân dân thôn Đông Tiến",
        "hamlet": "Đông Tiến",
        "place": "Nhà văn hóa thôn Đông Tiến",
        "starts_at": f"{meeting_day().isoformat()}T08:00",
        **fields,
    }
    ack = command(client, "meeting.create", payload)
    assert ack["ok"], ack
    return ack["meeting_id"]


def open_editor(pages, server, meeting_id: int):
    page = pages(f"/office#meeting-{meeting_id}", 1366, 900, timezone_id="Asia/Ho_Chi_Minh")
    login(page, server.office_pin, OFFICE_NAME)
    page.wait_for_selector("#editor:not([hidden]) #people")
    return page


def write_xlsx(path, header: list[str], rows: list[list]) -> str:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    book.save(path)
    return str(path)
