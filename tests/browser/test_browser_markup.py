"""Markup and formulas, across the board: one meeting whose every user-entered text field holds a
hostile marker, sent through the real pipeline of the real server, then every screen opened in real
Chromium and every document downloaded.

Each marker is unique to its field (``pwnNN``) and looks like ``=HYPERLINK("x")<img src=x
id=pwn07>"'&``: HTML that would make an element with the id ``pwnNN`` if a page ever inserted it as
markup, quotes and an ampersand that would break an attribute or an entity, and, for most, a first
character (``=``, ``+``, ``-``, ``@``) that makes a spreadsheet read a cell as a formula. The test
asserts that

- no page has an element whose id starts with ``pwn``, no page reports a violation of the
  Content-Security-Policy or a script error, and every marker a screen shows is in that screen's
  text (``innerText``) or in the value of one of its fields, literally, character for character;
- every document holds every marker it quotes, literally: the Word files' text (python-docx), the
  register's cells (openpyxl: a string cell, never a formula, with the quote prefix when it starts
  like one), the CSVs' cells (prefixed with ``'`` when they start like a formula, as
  ``server/reports/sheets.py`` documents), the export's strings, and the dossier's files.

Only fields that take free text carry a marker: a phone number, an identity number, a date, a
device token and the numbers are validated and would be refused (see ``FIELDS`` below).
"""

from __future__ import annotations

import csv
import io
import json
import re
import urllib.parse
import urllib.request
import zipfile
from collections.abc import Iterator
from datetime import date

import docx
import openpyxl
import pytest
from docx.oxml.ns import qn

from server.reports.sheets import FORMULA_START

from ..support.browser import Watch, login
from ..support.client import Client

pytestmark = pytest.mark.browser

# ------------------------------------------------------------------------------------------------
# The markers, one per free-text field (key: "entity.field"), in the order they are sent.

FIELDS = [
    # The meeting's particulars (meeting.update, by the office).
    "meeting.title",
    "meeting.hamlet",
    "meeting.place",
    "meeting.organiser",
    "meeting.banner",
    "meeting.unit_level",
    "meeting.unit_name",
    "meeting.chair_name",
    "meeting.chair_title",
    "meeting.secretary_name",
    "meeting.secretary_title",
    "meeting.allocation_xom",
    # Settings and the agenda.
    "settings.category",
    "stage.title",
    "stage.added_title",
    # Delegates.
    "delegate.name",
    "delegate.title",
    "delegate.unit",
    "delegate.group",
    # Invited citizens (phone and identity number are digits: refused), a walk-in at the door.
    "citizen.name",
    "citizen.xom",
    "citizen.note",
    "walk_in.name",
    "walk_in.xom",
    # Registrations typed by the secretary (phone: digits only, refused).
    "speaker.name",
    "speaker.xom",
    "speaker.topic",
    "speaker.note",
    "next.name",
    "next.xom",
    "next.topic",
    # Requests to speak from phones: one rejected (the phone shows the reason), one accepted into the
    # queue, one left pending for the secretary.
    "rejected.name",
    "rejected.xom",
    "rejected.topic",
    "rejected.text",
    "rejected.reason",
    "accepted.name",
    "accepted.xom",
    "accepted.topic",
    "accepted.text",
    "pending.name",
    "pending.xom",
    "pending.topic",
    "pending.text",
    # Opinions and their outcomes.
    "opinion.summary",
    "opinion.text",
    "opinion.unit",
    "opinion.answerer",
    "opinion.answer",
    "opinion.answered_by",
    "assigned.summary",
    "assigned.unit",
    "assigned.reply_summary",
    "assigned.reply_ref",
    "forwarded.summary",
    "forwarded.forwarded_to",
    "declined.summary",
    "declined.prior_ref",
    "declined.prior_body",
    "written.summary",
    "written.citizen",
    "written.xom",
    "official.answerer",
    # The hall.
    "message.text",
    # After the meeting.
    "conclusion.text",
    "paperwork.parent_body",
    "paperwork.body",
    "paperwork.place_name",
    "paperwork.notice_number",
    "paperwork.report_number",
    "paperwork.signer_name",
    "paperwork.signer_title",
    "paperwork.recipient",
    "minutes.block",
    # The people typed at join (the log records them).
    "person.chair",
    "person.secretary",
    "person.door",
    "person.office",
    "person.documents",
]

PREFIXES = ('=HYPERLINK("x")', "+", "-", "@", "")


def _marker(n: int) -> str:
    return f"{PREFIXES[n % len(PREFIXES)]}<img src=x id=pwn{n:02d}>\"'&"


M = {field: _marker(n) for n, field in enumerate(FIELDS)}
assert max(len(m) for m in M.values()) <= 40  # the shortest limit that carries one: a unit's level
PRIOR_DATE = "2023-01-10"  # before the demo meeting's date (25/05/2023)
REPLY_DATE = date.today().isoformat()  # on or after the day it is held (today), never after today

# ------------------------------------------------------------------------------------------------
# Operators over Socket.IO: the one test client (support.client.Client) over the network


def http(server, path: str, *, role: str, pin: str, person: str, body: dict | None = None) -> bytes:
    headers = {"X-Role": role, "X-Pin": pin, "X-Person": urllib.parse.quote(person)}
    data = None
    if body is not None:
        data = json.dumps(body).encode()
        headers["Content-Type"] = "application/json"
    request = urllib.request.Request(server.url + path, data=data, headers=headers)
    with urllib.request.urlopen(request, timeout=30) as response:
        return response.read()


# ------------------------------------------------------------------------------------------------
# What a page shows

# Every element a marker would have made, the page's visible text and the values of its fields.
PROBE = """() => {
    const made = [...document.querySelectorAll('[id^=pwn]')].map((n) => n.outerHTML);
    const values = [...document.querySelectorAll('input, textarea, select')].map((n) => n.value);
    return {made, text: document.body.innerText, values, all: document.body.textContent};
}"""


def shown(page) -> dict:
    return page.evaluate(PROBE)


def check_screen(page, name: str, fields: list[str], problems: list[str]) -> None:
    """No element made from a marker; each of ``fields`` shown literally (visible text or a field's
    value)."""
    got = shown(page)
    if got["made"]:
        problems.append(f"{name}: markup became elements: {got['made']}")
    for field in fields:
        marker = M[field]
        if marker not in got["text"] and not any(marker in v for v in got["values"]):
            where = "only in hidden text" if marker in got["all"] else "absent"
            problems.append(f"{name}: {field} not shown literally ({where})")


# ------------------------------------------------------------------------------------------------
# Documents


def docx_text(data: bytes) -> str:
    """Every paragraph of a Word file (body, tables, headers and footers), one per line."""
    document = docx.Document(io.BytesIO(data))
    parts = [document.element.body]
    for section in document.sections:
        parts += [section.header._element, section.footer._element]
    lines = []
    for part in parts:
        for p in part.iter(qn("w:p")):
            lines.append("".join(t.text or "" for t in p.iter(qn("w:t"))))
    return "\n".join(lines)


# The Word files write the issuing bodies and the signer's title in capitals (the letterhead of
# Decree 30/2020 and Guidance 36), and each recipient as a "- …;" line, without a leading dash.
IN_WORD = {
    "paperwork.parent_body": str.upper,
    "paperwork.body": str.upper,
    "paperwork.signer_title": str.upper,
    "paperwork.recipient": lambda text: text.lstrip("-– "),
}


def check_docx(name: str, data: bytes, fields: list[str], problems: list[str]) -> None:
    text = docx_text(data)
    for field in fields:
        if IN_WORD.get(field, str)(M[field]) not in text:
            problems.append(f"{name}: {field} missing")
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        for entry in z.namelist():
            if entry.endswith(".xml"):
                xml = z.read(entry).decode("utf-8")
                # a field code (HYPERLINK…) or a raw element made from a marker
                for code in re.findall(r"<w:instrText[^>]*>([^<]*)<", xml) + re.findall(r'w:instr="([^"]*)"', xml):
                    if "HYPERLINK" in code or "pwn" in code:
                        problems.append(f"{name}: {entry} has a field code from user text: {code}")
                if "<img" in xml:
                    problems.append(f"{name}: {entry} holds raw markup")


def check_xlsx(name: str, data: bytes, fields: list[str], problems: list[str]) -> None:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        for entry in z.namelist():
            if entry.startswith("xl/worksheets/") and entry.endswith(".xml") and "<f>" in z.read(entry).decode():
                problems.append(f"{name}: {entry} has a formula element")
    book = openpyxl.load_workbook(io.BytesIO(data))
    texts = []
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if cell.data_type == "f":
                    problems.append(f"{name}: {cell.coordinate} is a formula: {cell.value!r}")
                if isinstance(cell.value, str):
                    texts.append(cell.value)
                    guarded = cell.data_type == "s" and cell.quotePrefix
                    if cell.value.startswith(FORMULA_START) and not guarded:
                        problems.append(f"{name}: {cell.coordinate} {cell.value!r} not guarded")
    for field in fields:
        if not any(M[field] in t for t in texts):
            problems.append(f"{name}: {field} missing")


def check_csv(name: str, data: bytes, fields: list[str], problems: list[str]) -> None:
    assert data.startswith(b"\xef\xbb\xbf"), name  # UTF-8 with a BOM
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    cells = [c for row in rows for c in row]
    for c in cells:
        if c.startswith(FORMULA_START):
            problems.append(f"{name}: cell starts like a formula: {c[:60]!r}")
    for field in fields:
        marker = M[field]
        guarded = "'" + marker if marker.startswith(FORMULA_START) else marker
        if not any(guarded in c for c in cells):
            problems.append(f"{name}: {field} missing (as {guarded!r})")


def strings(value) -> Iterator[str]:
    if isinstance(value, str):
        yield value
        try:  # the log's payloads and effects are JSON inside JSON
            inner = json.loads(value)
        except ValueError:
            return
        if not isinstance(inner, str):
            yield from strings(inner)
    elif isinstance(value, dict):
        for k, v in value.items():
            yield k
            yield from strings(v)
    elif isinstance(value, list):
        for v in value:
            yield from strings(v)


def check_json(name: str, data: bytes, fields: list[str], problems: list[str]) -> None:
    found = list(strings(json.loads(data)))
    for field in fields:
        if not any(M[field] in s for s in found):
            problems.append(f"{name}: {field} missing")


# ------------------------------------------------------------------------------------------------
# The meeting


def door_pin(server) -> str:
    office = Client(server.url, "office", server.office_pin, name="Kiểm tra")
    try:
        meetings = office.sio.call("meetings.list", {}, timeout=10)["meetings"]
        return next(m for m in meetings if m["id"] == 1)["pins"]["door"]
    finally:
        office.close()


DEVICES = {kind: f"markup{kind}".ljust(24, "x") for kind in ("rejected", "accepted", "pending")}


def prepare(server, office: Client, secretary: Client, door: Client) -> dict:
    """Before the meeting: its particulars, settings, agenda, people, registrations and requests to
    speak, every text a marker. Returns the ids the meeting goes on with."""
    state = office.snapshot(1)
    office.ok(
        "meeting.update",
        {
            "title": M["meeting.title"],
            "hamlet": M["meeting.hamlet"],
            "place": M["meeting.place"],
            "organiser": M["meeting.organiser"],
            "banner": [M["meeting.banner"], *state["banner"][1:]],
            "units": [{"level": M["meeting.unit_level"], "name": M["meeting.unit_name"]}, *state["units"][1:]],
            "chairs": [{"name": M["meeting.chair_name"], "title": M["meeting.chair_title"]}],
            "secretaries": [{"name": M["meeting.secretary_name"], "title": M["meeting.secretary_title"]}],
            "allocation": [*state["allocation"], {"xom": M["meeting.allocation_xom"], "count": 5}],
        },
    )
    office.ok("meeting.settings", {"categories": [M["settings.category"], *state["settings"]["categories"]]})
    office.ok("stage.update", {"stage_id": state["stages"][0]["id"], "title": M["stage.title"]})
    office.ok("stage.add", {"title": M["stage.added_title"], "planned_minutes": 5, "before_id": None})

    delegate = {f: M[f"delegate.{f}"] for f in ("name", "title", "unit", "group")}
    delegate_id = secretary.ok("delegate.add", delegate)["created"]["delegates"][0]
    secretary.ok("delegate.present", {"delegate_id": delegate_id, "present": True})
    citizen = {"name": M["citizen.name"], "xom": M["citizen.xom"], "note": M["citizen.note"]}
    citizen_id = secretary.ok("citizen.add", citizen)["created"]["citizens"][0]
    door.ok("citizen.checkin", {"citizen_id": citizen_id})
    door.ok("citizen.walk_in", {"name": M["walk_in.name"], "xom": M["walk_in.xom"]})

    speaker = {f: M[f"speaker.{f}"] for f in ("name", "xom", "topic", "note")}
    first = secretary.ok("speaker.add", speaker)["created"]["speakers"][0]
    second = secretary.ok("speaker.add", {f: M[f"next.{f}"] for f in ("name", "xom", "topic")})["created"]["speakers"][
        0
    ]

    requests = {}
    phone = Client(server.url, "public", screen="phone")
    try:
        for kind in ("rejected", "accepted", "pending"):
            payload = {f: M[f"{kind}.{f}"] for f in ("name", "xom", "topic", "text")}
            ack = phone.ok("request.submit", {**payload, "device": DEVICES[kind]})
            requests[kind] = ack["created"]["requests"][0]
    finally:
        phone.close()
    secretary.ok("request.reject", {"request_id": requests["rejected"], "reason": M["rejected.reason"]})
    secretary.ok("request.accept", {"request_id": requests["accepted"]})
    accepted = next(s["id"] for s in secretary.fresh()["speakers"] if s["name"] == M["accepted.name"])
    # The three at the head of the queue, so that the projector shows them as the next ones.
    head = next(s["id"] for s in secretary.fresh()["speakers"] if s["status"] == "queued")
    for moved in (accepted, second, first):
        secretary.ok("speaker.move", {"speaker_id": moved, "before_id": head})
        head = moved
    return {"speaker": first, "requests": requests, "delegate": delegate_id}


def hold(chair: Client, secretary: Client, ids: dict) -> dict:
    """The meeting starts; the first registration speaks and raises opinions; the first is put to an
    answerer (the projector's focus) and a message goes up. Returns the opinions' ids."""
    chair.ok("stage.next", {"expected_stage_id": None})
    first = ids["speaker"]
    chair.ok("speaker.call_next", {"expected_speaker_id": None})
    chair.ok("timer.start", {"speaker_id": first})
    category = M["settings.category"]
    opinions = {}
    opinion = {"summary": M["opinion.summary"], "text": M["opinion.text"], "unit": M["opinion.unit"]}
    for kind, payload in (
        ("opinion", opinion),
        ("assigned", {"summary": M["assigned.summary"]}),
        ("forwarded", {"summary": M["forwarded.summary"], "level": "cap_tren"}),
        ("declined", {"summary": M["declined.summary"]}),
    ):
        ack = secretary.ok("opinion.add", {**payload, "category": category, "speaker_id": first})
        opinions[kind] = ack["created"]["opinions"][0]
    written = {"summary": M["written.summary"], "citizen": M["written.citizen"], "xom": M["written.xom"]}
    ack = secretary.ok("opinion.add", {**written, "category": category, "speaker_id": None})
    opinions["written"] = ack["created"]["opinions"][0]
    chair.ok(
        "opinion.assign", {"opinion_id": opinions["opinion"], "delegate_id": None, "answerer": M["opinion.answerer"]}
    )
    chair.ok("message.show", {"text": M["message.text"]})
    return opinions


def answer(chair: Client, ids: dict, opinions: dict) -> int:
    """An official, named by hand, is given the floor to answer the first opinion."""
    call = {"opinion_ids": [opinions["opinion"]], "delegate_id": None, "answerer": M["official.answerer"]}
    chair.ok("answer.call", {**call, "expected_speaker_id": ids["speaker"]})
    official = chair.fresh()["speaker_id"]
    chair.ok("timer.start", {"speaker_id": official})
    return official


def record_outcomes(chair: Client, secretary: Client, office: Client, official: int, opinions: dict) -> None:
    """The official's turn ends; every opinion gets an outcome, the assigned one a written reply."""
    chair.ok("speaker.end", {"speaker_id": official})
    outcomes = {
        "opinion": {"outcome": "answered", "answer": M["opinion.answer"], "answered_by": M["opinion.answered_by"]},
        "assigned": {"outcome": "assigned", "unit": M["assigned.unit"]},
        "forwarded": {"outcome": "forwarded", "forwarded_to": M["forwarded.forwarded_to"]},
        "declined": {
            "outcome": "declined",
            "prior_ref": M["declined.prior_ref"],
            "prior_date": PRIOR_DATE,
            "prior_body": M["declined.prior_body"],
        },
        "written": {"outcome": "noted"},
    }
    for kind, outcome in outcomes.items():
        secretary.ok("opinion.outcome", {"opinion_id": opinions[kind], **outcome})
    reply = {
        "reply_date": REPLY_DATE,
        "reply_summary": M["assigned.reply_summary"],
        "reply_ref": M["assigned.reply_ref"],
    }
    office.ok("opinion.reply", {"opinion_id": opinions["assigned"], **reply})


def after(server, chair: Client, secretary: Client) -> None:
    """The chair closes the meeting; the conclusion, the letterhead, the minutes (finalised, with a
    paragraph of its own) and the publication of the results."""
    chair.ok("meeting.close")
    secretary.ok("meeting.conclude", {"text": M["conclusion.text"]})
    paperwork = {
        f: M[f"paperwork.{f}"] for f in ("parent_body", "body", "place_name", "notice_number", "report_number")
    }
    paperwork |= {"signer_name": M["paperwork.signer_name"], "signer_title": M["paperwork.signer_title"]}
    secretary.ok("meeting.paperwork", {**paperwork, "recipients": [M["paperwork.recipient"], "Lưu: VT."]})
    pin = server.pins["secretary"]
    person = M["person.documents"]
    draft = json.loads(http(server, "/m/1/minutes?fresh=1", role="secretary", pin=pin, person=person))["current"]
    blocks = [*draft["blocks"], {"kind": "paragraph", "text": M["minutes.block"]}]
    body = {"blocks": blocks, "base_version": None, "finalise": True, "confirm_open": True}
    saved = json.loads(http(server, "/m/1/minutes", role="secretary", pin=pin, person=person, body=body))
    assert saved["ok"] and saved["version"] == 1, saved
    # A later draft (v2), which the documents page then shows in its editor.
    body = {"blocks": blocks, "base_version": 1, "finalise": False}
    saved = json.loads(http(server, "/m/1/minutes", role="secretary", pin=pin, person=person, body=body))
    assert saved["ok"] and saved["version"] == 2, saved
    secretary.ok("results.publish")


# ------------------------------------------------------------------------------------------------
# Where each field is shown

PARTICULARS = [f for f in FIELDS if f.startswith("meeting.")]
SUMMARIES = ["opinion.summary", "assigned.summary", "forwarded.summary", "declined.summary", "written.summary"]
OUTCOMES = [
    "opinion.answer",
    "opinion.answered_by",
    "assigned.unit",
    "forwarded.forwarded_to",
    "declined.prior_ref",
    "declined.prior_body",
    "written.citizen",
    "written.xom",
]
OPERATORS = ["person.chair", "person.secretary", "person.door"]
QUEUE = ["next.name", "next.xom", "next.topic", "accepted.name", "accepted.xom", "accepted.topic"]
AT_THE_MICROPHONE = ["speaker.name", "speaker.xom", "speaker.topic"]

SCREENS = {
    # The projector: the stage, who speaks and the next ones (names only), the opinion being answered
    # and by whom, the chair's message over everything.
    "projector": [
        "stage.title",
        *AT_THE_MICROPHONE,
        "next.name",
        "accepted.name",
        "opinion.summary",
        "opinion.answerer",
        "message.text",
    ],
    "projector answering": ["stage.title", "official.answerer", "opinion.summary", "message.text"],
    "projector intro": [
        "meeting.chair_name",
        "meeting.chair_title",
        "meeting.secretary_name",
        "meeting.secretary_title",
        "delegate.name",
        "delegate.title",
        "delegate.unit",
        "delegate.group",
    ],
    "projector attendance": ["meeting.allocation_xom", "citizen.xom", "walk_in.xom"],
    "projector qr": ["message.text"],
    "projector ended": ["meeting.banner"],
    # A phone follows what the projector shows, and its own request's answer.
    "phone": [
        "meeting.title",
        "stage.title",
        *AT_THE_MICROPHONE,
        "next.name",
        "next.xom",
        "accepted.name",
        "accepted.xom",
        "opinion.summary",
        "opinion.answerer",
        "message.text",
        "rejected.reason",
    ],
    "phone ended": ["meeting.title", "rejected.reason"],
    "chair": [
        "stage.title",
        "stage.added_title",
        "delegate.name",
        "delegate.title",
        *AT_THE_MICROPHONE,
        "speaker.note",
        *QUEUE,
        *SUMMARIES,
        "written.citizen",
        "opinion.answerer",
        "message.text",
        *OPERATORS,
    ],
    # answer.call makes the official the opinion's answerer: the one assigned before is gone
    "chair answering": ["official.answerer", "opinion.summary"],
    "secretary": [
        "settings.category",
        "stage.title",
        *AT_THE_MICROPHONE,
        "speaker.note",
        *QUEUE,
        "accepted.text",
        *[f"pending.{f}" for f in ("name", "xom", "topic", "text")],
        *[f"rejected.{f}" for f in ("name", "xom", "topic", "reason")],
        *SUMMARIES,
        "opinion.text",
        "opinion.answerer",
        "written.citizen",
        *OPERATORS,
    ],
    "door": ["meeting.allocation_xom", "citizen.name", "citizen.xom", "walk_in.name", "walk_in.xom", "person.door"],
    "documents": [
        "meeting.title",
        "meeting.hamlet",
        "meeting.place",
        "meeting.chair_name",
        "meeting.chair_title",
        "meeting.secretary_name",
        "meeting.secretary_title",
        "meeting.allocation_xom",
        "settings.category",
        "stage.title",
        "stage.added_title",
        "delegate.name",
        "delegate.title",
        "delegate.group",
        "citizen.xom",
        "walk_in.xom",
        *AT_THE_MICROPHONE,
        *SUMMARIES,
        *OUTCOMES,
        "official.answerer",
        "conclusion.text",
        *[f for f in FIELDS if f.startswith("paperwork.")],
        "minutes.block",
        *OPERATORS,
        "person.office",
        "person.documents",
    ],
    "office list": ["meeting.title", "meeting.hamlet", "meeting.place", "person.office"],
    "office editor": [
        *PARTICULARS,
        "settings.category",
        "stage.title",
        "stage.added_title",
        *[f"delegate.{f}" for f in ("name", "title", "unit", "group")],
        *[f"citizen.{f}" for f in ("name", "xom", "note")],
        "walk_in.name",
        "walk_in.xom",
        "person.office",
    ],
    "followup": [
        "meeting.title",
        "speaker.name",
        "speaker.xom",
        "assigned.summary",
        "assigned.unit",
        "assigned.reply_summary",
        "assigned.reply_ref",
        "forwarded.summary",
        "forwarded.forwarded_to",
        "person.office",
    ],
    "results": [
        "meeting.title",
        "meeting.place",
        "speaker.name",
        "speaker.xom",
        *SUMMARIES,
        *OUTCOMES,
        "conclusion.text",
    ],
}

# ------------------------------------------------------------------------------------------------
# What each document quotes

MINUTES = [
    "meeting.title",
    "meeting.hamlet",
    "meeting.place",
    "meeting.chair_name",
    "meeting.chair_title",
    "meeting.secretary_name",
    "meeting.secretary_title",
    "meeting.allocation_xom",
    "stage.title",
    "delegate.name",
    "delegate.title",
    "delegate.group",
    "citizen.xom",
    "walk_in.xom",
    *AT_THE_MICROPHONE,
    *SUMMARIES,
    *OUTCOMES,
    "official.answerer",
    "conclusion.text",
    "paperwork.place_name",
    "minutes.block",
]
LETTER = [
    "paperwork.parent_body",
    "paperwork.body",
    "paperwork.place_name",
    "paperwork.signer_name",
    "paperwork.signer_title",
    "paperwork.recipient",
]
NOTICE = [
    "meeting.title",
    "meeting.place",
    "meeting.organiser",
    "meeting.chair_name",
    "meeting.chair_title",
    "speaker.name",
    "speaker.xom",
    *SUMMARIES,
    *OUTCOMES,
    "conclusion.text",
    "paperwork.notice_number",
    *LETTER,
]
REPORT = [
    "meeting.title",
    "meeting.place",
    "meeting.chair_name",
    "meeting.chair_title",
    "meeting.secretary_name",
    "meeting.secretary_title",
    "meeting.allocation_xom",
    "settings.category",
    "delegate.name",
    "delegate.title",
    "delegate.group",
    "citizen.xom",
    "walk_in.xom",
    "speaker.name",
    "speaker.xom",
    *SUMMARIES,
    *OUTCOMES,
    "official.answerer",
    "paperwork.report_number",
    *LETTER,
]
REGISTER = [
    "meeting.title",
    "meeting.hamlet",
    "settings.category",
    "speaker.name",
    "speaker.xom",
    *SUMMARIES,
    *OUTCOMES,
    "opinion.text",
    "opinion.unit",
    "assigned.reply_summary",
    "assigned.reply_ref",
]
TIMELINE = [*AT_THE_MICROPHONE, "official.answerer"]
PERSONS = [*OPERATORS, "person.office", "person.documents"]
# Every field sent in a command's payload (the log's), i.e. all but the names typed at join (the
# log's person) and the minutes' text (a document, not a command).
COMMANDED = [f for f in FIELDS if not f.startswith("person.") and f != "minutes.block"]


def check_audit_csv(data: bytes, problems: list[str]) -> None:
    """The names typed at join in the person column, every command's payload as JSON."""
    check_csv("audit.csv", data, PERSONS, problems)
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    payloads = [json.loads(row[4]) for row in rows[1:]]  # JSON objects: never a formula's first character
    found = list(strings(payloads))
    for field in COMMANDED:
        if not any(M[field] in s for s in found):
            problems.append(f"audit.csv: {field} missing from the payloads")


DOSSIER = (
    "manifest.json",
    "bien-ban-v1.docx",
    "thong-bao-ket-luan.docx",
    "bao-cao-ket-qua.docx",
    "so-theo-doi-y-kien.xlsx",
    "dong-thoi-gian-phat-bieu.csv",
    "nhat-ky.json",
)


def check_download(name: str, data: bytes, problems: list[str]) -> None:
    """One download (or a file of the dossier), by its name."""
    checks = {
        "minutes.docx": (check_docx, MINUTES),
        "notice.docx": (check_docx, NOTICE),
        "report.docx": (check_docx, REPORT),
        "register.xlsx": (check_xlsx, REGISTER),
        "timeline.csv": (check_csv, TIMELINE),
        "export.json": (check_json, FIELDS),
        # the dossier's files, by their Vietnamese names
        "bien-ban-v1.docx": (check_docx, MINUTES),
        "thong-bao-ket-luan.docx": (check_docx, NOTICE),
        "bao-cao-ket-qua.docx": (check_docx, REPORT),
        "so-theo-doi-y-kien.xlsx": (check_xlsx, REGISTER),
        "dong-thoi-gian-phat-bieu.csv": (check_csv, TIMELINE),
        "nhat-ky.json": (check_json, [*COMMANDED, *PERSONS]),
        "manifest.json": (check_json, ["meeting.title", "meeting.hamlet", "meeting.place"]),
    }
    base = name.split("?")[0]
    if base == "audit.csv":
        check_audit_csv(data, problems)
    elif base == "dossier.zip":
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            entries = sorted(z.namelist())
            assert entries == sorted(DOSSIER), entries
            for entry in entries:
                check_download(entry, z.read(entry), problems)
    else:
        check, fields = checks[base]
        check(name, data, fields, problems)


# ------------------------------------------------------------------------------------------------
# The test

# The phone that sent the rejected request: its token and request, as phone.js keeps them.
PHONE_STORAGE = """
localStorage.setItem("phone-device", %(device)s);
localStorage.setItem("phone-request-1", JSON.stringify({request_id: %(request_id)d, device: %(device)s}));
"""

DOCUMENTS = (
    "minutes.docx?version=1",  # the finalised version, byte for byte as hashed
    "minutes.docx",  # the later draft
    "notice.docx",
    "report.docx",
    "register.xlsx",
    "timeline.csv",
    "audit.csv",
    "dossier.zip",
    "export.json",
)


def test_markup_in_every_field_is_text_on_every_screen_and_in_every_document(browser, server):
    watch = Watch(browser, server)  # every page records CSP violations and script errors
    office = Client(server.url, "office", server.office_pin, name=M["person.office"])
    secretary = Client(server.url, "secretary", server.pins["secretary"], name=M["person.secretary"])
    chair = Client(server.url, "chair", server.pins["chair"], name=M["person.chair"])
    pin = door_pin(server)
    door = Client(server.url, "door", pin, name=M["person.door"])
    problems: list[str] = []
    try:
        ids = prepare(server, office, secretary, door)
        projector = watch.open("/m/1/projector", 1920, 1080)
        script = PHONE_STORAGE % {"device": json.dumps(DEVICES["rejected"]), "request_id": ids["requests"]["rejected"]}
        phone = watch.open("/m/1/phone", 390, 844, script=script, has_touch=True, is_mobile=True)
        chair_page = watch.open("/m/1/chair")
        login(chair_page, server.pins["chair"], M["person.chair"])
        secretary_page = watch.open("/m/1/secretary", 1366, 768)
        login(secretary_page, server.pins["secretary"], M["person.secretary"])
        door_page = watch.open("/m/1/door", 390, 844, has_touch=True, is_mobile=True)
        login(door_page, pin, M["person.door"])

        # The meeting runs: the projector, a phone, the chair, the secretary and the door.
        opinions = hold(chair, secretary, ids)
        message = M["message.text"]
        for page in (projector, phone, chair_page):
            page.wait_for_function("(text) => document.body.innerText.includes(text)", arg=message)
        phone.wait_for_function("(text) => document.body.innerText.includes(text)", arg=M["rejected.reason"])
        door_page.wait_for_function("() => document.querySelectorAll('#door-list li').length > 0")
        secretary_page.wait_for_function("(text) => document.body.innerText.includes(text)", arg=M["opinion.answerer"])
        secretary_page.evaluate("() => { document.querySelector('#req-decided-box').open = true; }")
        for page, name in (
            (projector, "projector"),
            (phone, "phone"),
            (chair_page, "chair"),
            (secretary_page, "secretary"),
            (door_page, "door"),
        ):
            check_screen(page, name, SCREENS[name], problems)

        # The projector's other views: the introductions, the attendance, the QR code.
        for what, mode in (("delegates", "intro"), ("attendance", "attendance"), ("qr", "qr")):
            chair.ok("hall.show", {"what": what})
            projector.wait_for_function("(mode) => document.body.dataset.mode === mode", arg=mode)
            check_screen(projector, f"projector {mode}", SCREENS[f"projector {mode}"], problems)
        chair.ok("hall.show", {"what": ""})

        # An official answers, on the projector and the chair's tablet; then the outcomes.
        official = answer(chair, ids, opinions)
        projector.wait_for_function("(name) => document.body.innerText.includes(name)", arg=M["official.answerer"])
        check_screen(projector, "projector answering", SCREENS["projector answering"], problems)
        chair_page.wait_for_function("(name) => document.body.innerText.includes(name)", arg=M["official.answerer"])
        check_screen(chair_page, "chair answering", SCREENS["chair answering"], problems)
        record_outcomes(chair, secretary, office, official, opinions)

        # Closed, concluded, the minutes finalised, the results published.
        after(server, chair, secretary)
        projector.wait_for_function("() => document.body.dataset.mode === 'ended'")
        check_screen(projector, "projector ended", SCREENS["projector ended"], problems)
        phone.wait_for_function(
            "() => document.querySelector('#ph-closed') && !document.querySelector('#ph-closed').hidden"
        )
        check_screen(phone, "phone ended", SCREENS["phone ended"], problems)

        documents = watch.open("/m/1/documents", 1366, 768)
        login(documents, server.pins["secretary"], M["person.documents"])
        documents.wait_for_selector("#version-rows tr[data-version='2']")
        documents.wait_for_function("(text) => document.body.innerText.includes(text)", arg=M["person.documents"])
        documents.wait_for_function(
            "(text) => [...document.querySelectorAll('#blocks textarea')].some((t) => t.value === text)",
            arg=M["minutes.block"],
        )
        check_screen(documents, "documents", SCREENS["documents"], problems)

        office_page = watch.open("/office", 1366, 768)
        login(office_page, server.office_pin, M["person.office"])
        office_page.wait_for_selector("#meeting-list li[data-id='1']")
        check_screen(office_page, "office list", SCREENS["office list"], problems)
        office_page.click("#meeting-list li[data-id='1'] button.edit")
        office_page.wait_for_selector("#editor:not([hidden]) #stage-list li")
        office_page.wait_for_function(
            "(text) => [...document.querySelectorAll('#people input, #people textarea')].some((n) => n.value === text)"
            " || document.querySelector('#people').innerText.includes(text)",
            arg=M["citizen.note"],
        )
        check_screen(office_page, "office editor", SCREENS["office editor"], problems)

        followup = watch.open("/followup", 1366, 768)
        login(followup, server.office_pin, M["person.office"])
        followup.wait_for_function("(text) => document.body.innerText.includes(text)", arg=M["assigned.reply_ref"])
        check_screen(followup, "followup", SCREENS["followup"], problems)

        results = watch.open("/m/1/results", 412, 900)
        check_screen(results, "results", SCREENS["results"], problems)
        watch.check()  # no violation of the policy, no script error, on any page

        # Every document and export, and the office's register of every meeting.
        for name in DOCUMENTS:
            data = http(server, f"/m/1/documents/{name}", role="secretary", pin=server.pins["secretary"], person="")
            check_download(name, data, problems)
        data = http(server, "/office/register.xlsx", role="office", pin=server.office_pin, person="")
        check_download("register.xlsx", data, problems)
    finally:
        for operator in (office, secretary, chair, door):
            operator.close()
        watch.close()
    assert problems == [], "\n".join(problems)


def test_every_field_carries_a_unique_marker_within_its_limit():
    assert len(set(M.values())) == len(FIELDS) == len(set(FIELDS))
    assert {m[0] for m in M.values()} >= set("=+-@")


def test_the_checks_catch_a_formula_and_an_unguarded_csv_cell():
    """The document checks above do fail: a formula in a workbook, a CSV cell that starts like one."""
    book = openpyxl.Workbook()
    book.active["A1"] = "=1+1"  # openpyxl stores a leading "=" as a formula
    out = io.BytesIO()
    book.save(out)
    problems: list[str] = []
    check_xlsx("bad.xlsx", out.getvalue(), [], problems)
    check_csv("bad.csv", "\ufeff=1+1,x\r\n".encode(), [], problems)
    assert len(problems) == 4, problems  # the <f> element, a formula cell, not a guarded string, the CSV cell


# Text that String.prototype.replace would expand were it the replacement of a sentence's
# placeholder ("$&" the placeholder itself, "$'" what follows it, "$$" one "$").
DOLLARS = "50$$ $& $' hết"


def test_text_with_dollar_patterns_is_shown_as_typed(browser, server):
    watch = Watch(browser, server)
    office = Client(server.url, "office", server.office_pin, name="Văn phòng")
    secretary = Client(server.url, "secretary", server.pins["secretary"], name="Thư ký")
    problems: list[str] = []
    try:
        office.ok("meeting.update", {"hamlet": f"Xóm {DOLLARS}"})
        phone = Client(server.url, "public", screen="phone")
        try:
            ask = {"name": "Người Hỏi", "xom": "Xóm Đông", "topic": "Đất", "device": DEVICES["rejected"]}
            request_id = phone.ok("request.submit", ask)["created"]["requests"][0]
        finally:
            phone.close()
        secretary.ok("request.reject", {"request_id": request_id, "reason": f"Lý do {DOLLARS}"})

        script = PHONE_STORAGE % {"device": json.dumps(DEVICES["rejected"]), "request_id": request_id}
        pages = {
            "phone": watch.open("/m/1/phone", 390, 844, script=script, has_touch=True, is_mobile=True),
            "secretary": watch.open("/m/1/secretary", 1366, 768),
            "office": watch.open("/office", 1366, 768),
        }
        login(pages["secretary"], server.pins["secretary"])
        pages["secretary"].wait_for_selector("#req-decided-box:not([hidden])")
        pages["secretary"].evaluate("() => { document.querySelector('#req-decided-box').open = true; }")
        login(pages["office"], server.office_pin, "Văn phòng")
        pages["office"].wait_for_selector("#meeting-list li[data-id='1']")
        pages["phone"].wait_for_function("() => document.body.innerText.includes('Lý do')")
        for name, page in pages.items():
            text = page.evaluate("() => document.body.innerText")
            if DOLLARS not in text:
                lines = [line for line in text.splitlines() if "hết" in line]
                problems.append(f"{name}: {DOLLARS!r} not shown as typed: {lines}")
        watch.check()
    finally:
        office.close()
        secretary.close()
        watch.close()
    assert problems == [], "\n".join(problems)
