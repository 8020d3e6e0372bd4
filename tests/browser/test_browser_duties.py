"""The preparation duties on the office page, in real Chromium: the office adds one, ticks one done,
corrects one in place, and sees the overdue ones stand out (a meeting three days away whose plan
asks for things ten working days before)."""

from __future__ import annotations

import json
import urllib.request
from datetime import date, timedelta

import pytest

from ..support.office import new_meeting, open_editor

pytestmark = pytest.mark.browser


def dueness(server, mid: int) -> dict:
    """What the server says of each duty today (GET /m/<id>/duties, as the office page asks)."""
    request = urllib.request.Request(
        f"{server.url}/m/{mid}/duties", headers={"X-Role": "office", "X-Pin": server.office_pin, "X-Person": ""}
    )
    with urllib.request.urlopen(request, timeout=10) as response:
        return json.load(response)


def test_the_office_adds_a_duty_marks_one_done_and_sees_the_overdue_ones(pages, server, office_client):
    soon = date.today() + timedelta(days=3)
    mid = new_meeting(office_client, starts_at=f"{soon.isoformat()}T08:00")
    page = open_editor(pages, server, mid)
    page.wait_for_selector("#duty-rows tr")
    held = dueness(server, mid)["duties"]
    overdue = {d["id"] for d in held if d["overdue"]}
    assert overdue, "a plan's duties ten days ahead are overdue three days before"
    page.wait_for_selector("#duty-rows tr.overdue")
    shown = set(page.eval_on_selector_all("#duty-rows tr.overdue", "rows => rows.map((r) => Number(r.dataset.id))"))
    assert shown == overdue
    first = page.locator(f"#duty-rows tr[data-id='{min(overdue)}']")
    assert "Quá hạn" in first.locator(".due").text_content()
    color = first.evaluate("(r) => getComputedStyle(r).backgroundColor")
    plain = page.locator("#duty-rows tr:not(.overdue)")
    assert plain.count() == 0 or plain.first.evaluate("(r) => getComputedStyle(r).backgroundColor") != color
    assert page.text_content("#duty-overdue") == f"{len(overdue)} việc quá hạn"

    # Add one: due the day before the meeting, so not overdue.
    form = page.locator("#duty-add")
    form.locator("[name=unit]").fill("Văn phòng UBND xã")
    form.locator("[name=task]").fill("Chuẩn bị nước uống cho đại biểu")
    form.locator("[name=days_before]").fill("1")
    form.locator("button[type=submit]").click()
    page.wait_for_selector("#toast.ok:has-text('Đã thêm nhiệm vụ.')")
    added = next(d for d in office_client.snapshot(mid)["duties"] if d["task"] == "Chuẩn bị nước uống cho đại biểu")
    row = page.locator(f"#duty-rows tr[data-id='{added['id']}']")
    row.wait_for()
    assert row.get_attribute("class") is None or "overdue" not in row.get_attribute("class")
    assert added["days_before"] == 1 and added["status"] == "todo"

    # Mark an overdue one done: it no longer stands out, and the count drops.
    done = min(overdue)
    page.locator(f"#duty-rows tr[data-id='{done}'] input.duty-done").check()
    page.wait_for_selector(f"#duty-rows tr[data-id='{done}'].done:not(.overdue)")
    assert next(d for d in office_client.snapshot(mid)["duties"] if d["id"] == done)["status"] == "done"
    remaining = len(overdue) - 1
    page.wait_for_selector(f"#duty-overdue:text-is('{remaining} việc quá hạn')" if remaining else "#duty-overdue:empty")

    # Corrected in place: Enter saves the changed field only.
    person = row.locator("[name=person]")
    person.fill("Nguyễn Thị Văn")
    person.press("Enter")
    page.wait_for_selector("#toast.ok")
    changed = next(d for d in office_client.snapshot(mid)["duties"] if d["id"] == added["id"])
    assert changed["person"] == "Nguyễn Thị Văn" and changed["task"] == added["task"]
