"""HTTP for what comes after the meeting: the minutes (draft, edit, finalise), the documents and
exports to download, the statistics, the import of a meeting from another laptop, and the public
results page.

Everything but the public page is PIN-checked per request (``server/access.py``): the secretary and
the chair of the meeting, or the office. Documents are built by the read side, off the event loop.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date
from typing import Any

from flask import Blueprint, Response, request
from flask.typing import ResponseReturnValue

from .. import context
from ..access import caller
from ..domain import CHAIR, OFFICE, SECRETARY, logged_payload
from ..domain.errors import Problem
from ..errors import Refused
from ..storage import DocumentConflict, transfer
from ..storage.readside import Reader
from ..uploads import read_body
from . import figures, minutes, register
from .facts import facts

bp = Blueprint("reports", __name__)

READERS = {OFFICE, SECRETARY, CHAIR}  # who may read a meeting's documents
WRITERS = {OFFICE, SECRETARY}  # who may edit and finalise the minutes, and take the whole record away
# The whole record, private fields included (export.json, dossier.zip): the secretary's and the office's.
ARCHIVES = {"export.json", "dossier.zip"}
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
TYPES = {"docx": DOCX, "xlsx": XLSX, "csv": "text/csv", "zip": "application/zip"}  # werkzeug adds "; charset=utf-8"
TYPES["json"] = "application/json"
VERSION_FIELDS = ("version", "created_at", "person", "finalised_at", "sha256")


def _read(fn: Callable[..., Any], *args: Any) -> Any:
    return context.readside().run(fn, *args)


def _file(data: bytes, name: str) -> Response:
    """A download, named in ASCII and in UTF-8 (RFC 6266), never cached."""
    response = Response(data, mimetype=TYPES[name.rsplit(".", 1)[1]])
    response.headers["Content-Disposition"] = f"attachment; filename=\"{name}\"; filename*=UTF-8''{name}"
    response.headers["Cache-Control"] = "no-store"
    return response


def _slug(meeting_id: int) -> str:
    return f"hoi-nghi-{meeting_id}"


# ---------------------------------------------------------------- the minutes


def _minutes_view(reader: Reader, meeting_id: int, fresh: bool) -> dict[str, Any]:
    meeting = reader.meeting(meeting_id)
    if meeting is None:
        return {}
    f = facts(meeting)
    versions = reader.documents(meeting_id, "minutes")
    latest = versions[-1] if versions else None
    if latest is not None and latest["finalised_at"] is None and not fresh:
        current = {"version": latest["version"], "blocks": latest["content"], "finalised": False}
    else:  # a fresh draft from the record (saved only when the secretary saves it)
        current = {"version": None, "blocks": minutes.draft(f), "finalised": False}
    return {
        "ok": True,
        "latest": latest["version"] if latest else None,
        "current": current,
        "versions": [{k: v[k] for k in VERSION_FIELDS} for v in versions],
        "without_outcome": len(f.without_outcome),
    }


@bp.get("/m/<int:meeting_id>/minutes")
def minutes_get(meeting_id: int) -> dict[str, Any]:
    """The minutes being written: the latest draft, or a fresh one from the record (``?fresh=1``,
    or when every version is finalised), with every version's time, person and hash."""
    caller(meeting_id, READERS)
    view: dict[str, Any] = _read(_minutes_view, meeting_id, request.args.get("fresh") == "1")
    if not view:
        raise Refused(404, Problem("no_such_meeting"))
    return view


MINUTES_BYTES = 2 * 1024 * 1024  # the minutes' text is a few pages; more is not a draft of ours


def _json(data: bytes) -> Any:
    """``data`` parsed as JSON, or None: not JSON, not UTF-8, too deeply nested, or over its limit."""
    if len(data) > MINUTES_BYTES:
        return None
    try:
        return json.loads(data)
    except (ValueError, RecursionError):
        return None


@bp.post("/m/<int:meeting_id>/minutes")
def minutes_save(meeting_id: int) -> ResponseReturnValue:
    """``{"blocks": [...], "base_version": int | null, "finalise": bool, "confirm_open": bool}``:
    save the text as the draft and, with ``finalise``, make the immutable .docx and its SHA-256.
    Finalising while opinions have no outcome needs ``confirm_open``."""
    who = caller(meeting_id, WRITERS)
    body = _json(read_body(MINUTES_BYTES))
    if not isinstance(body, dict):
        raise Refused(400, Problem("bad_envelope"))
    blocks = minutes.check_blocks(body.get("blocks"))
    base = body.get("base_version")
    if blocks is None or not (base is None or isinstance(base, int)):
        raise Refused(400, Problem("invalid", "blocks"))
    docx = None
    if body.get("finalise") is True:
        open_items = _read(lambda r: len(facts(r.meeting(meeting_id)).without_outcome))
        if open_items and body.get("confirm_open") is not True:
            raise Refused(409, Problem("opinions_without_outcome", None, {"n": open_items}))
        docx = _read(_render_minutes, meeting_id, blocks, context.now())
    store = context.store()
    try:
        row = store.save_document(meeting_id, "minutes", blocks, base, context.now(), who.role, who.person, docx)
    except DocumentConflict as conflict:
        raise Refused(409, Problem("changed_meanwhile", "blocks", {"latest": conflict.latest})) from None
    return {"ok": True, **row}


def _render_minutes(reader: Reader, meeting_id: int, blocks: list[dict[str, str]], at: float) -> bytes:
    from . import word

    meeting = reader.meeting(meeting_id)
    assert meeting is not None  # caller() found it (it is never deleted, only marked so)
    return word.minutes_docx(facts(meeting), blocks, finalised_at=at)


# ---------------------------------------------------------------- downloads


def _minutes_file(reader: Reader, meeting_id: int, version: int | None) -> bytes | None:
    versions = reader.documents(meeting_id, "minutes")
    chosen = [v for v in versions if version is None or v["version"] == version]
    meeting = reader.meeting(meeting_id)
    if meeting is None:
        return None
    if not chosen:  # nothing saved: the draft from the record
        from . import word

        f = facts(meeting)
        return word.minutes_docx(f, minutes.draft(f), finalised_at=None)
    v = chosen[-1]
    if v["finalised_at"] is not None:
        return bytes(v["docx"])  # the very bytes whose hash was recorded
    from . import word

    return word.minutes_docx(facts(meeting), v["content"], finalised_at=None)


def _document(reader: Reader, meeting_id: int, name: str, now: float, role: str) -> bytes | None:
    meeting = reader.meeting(meeting_id)
    if meeting is None:
        return None
    if name == "notice.docx":
        from . import word

        return word.notice_docx(facts(meeting))
    if name == "report.docx":
        from . import word

        return word.report_docx(facts(meeting))
    from . import sheets

    if name == "register.xlsx":
        return register.register_xlsx([meeting], today=date.fromtimestamp(now))
    if name == "timeline.csv":
        return sheets.timeline_csv(meeting)
    if name == "audit.csv":
        return sheets.audit_csv(_log(reader, meeting_id, role))
    if name == "export.json":
        return transfer.export_meeting(meeting, reader.log(meeting_id), reader.documents(meeting_id), now)
    if name == "dossier.zip":
        return _dossier(reader, meeting, now)
    return None


def _dossier(reader: Reader, meeting: Any, now: float) -> bytes:
    """The archive's .zip: every finalised version of the minutes, the notice and the report, the
    register, the timeline, the log as JSON, and the manifest of their hashes."""
    from . import dossier, sheets, word

    f = facts(meeting)
    files = {
        f"bien-ban-v{v['version']}.docx": bytes(v["docx"])
        for v in reader.documents(meeting.id, "minutes")
        if v["finalised_at"] is not None
    }
    files["thong-bao-ket-luan.docx"] = word.notice_docx(f)
    files["bao-cao-ket-qua.docx"] = word.report_docx(f)
    files["so-theo-doi-y-kien.xlsx"] = register.register_xlsx([meeting], today=date.fromtimestamp(now))
    files["dong-thoi-gian-phat-bieu.csv"] = sheets.timeline_csv(meeting)
    if meeting.recording_started_at is not None:  # the radio's label track and chapters (recording.py)
        from . import recording

        files["nhan-ghi-am.txt"] = recording.label_track(meeting)
        files["chuong-ghi-am.vtt"] = recording.chapters_vtt(meeting)
    log = [{k: v for k, v in row.items() if k != "seq"} for row in reader.log(meeting.id)]
    files["nhat-ky.json"] = json.dumps(log, ensure_ascii=False, indent=1).encode()
    return dossier.dossier_zip(files, meeting, made_at=now)


# The names the downloads are saved under, in the office's language.
FILE_NAMES = {
    "minutes": "bien-ban",
    "notice": "thong-bao-ket-luan",
    "report": "bao-cao-ket-qua",
    "register": "so-theo-doi-y-kien",
    "timeline": "dong-thoi-gian-phat-bieu",
    "audit": "nhat-ky",
    "dossier": "ho-so-luu-tru",
    "export": "du-lieu-hoi-nghi",
}
NAMES = ("notice.docx", "report.docx", "register.xlsx", "timeline.csv", "audit.csv", "export.json", "dossier.zip")


@bp.get("/m/<int:meeting_id>/documents/<name>")
def download(meeting_id: int, name: str) -> ResponseReturnValue:
    """A document or export of the meeting (``minutes.docx?version=N``: that version; the
    finalised one is returned byte for byte as hashed)."""
    who = caller(meeting_id, WRITERS if name in ARCHIVES else READERS)
    if name == "minutes.docx":
        data = _read(_minutes_file, meeting_id, request.args.get("version", type=int))
    elif name in NAMES:
        data = _read(_document, meeting_id, name, context.now(), who.role)
    else:
        known = ", ".join(("minutes.docx", *NAMES))
        raise Refused(404, Problem("not_allowed", "name", {"expected": known}))
    if data is None:
        raise Refused(404, Problem("no_such_meeting"))
    stem, ext = name.rsplit(".", 1)
    return _file(data, f"{_slug(meeting_id)}-{FILE_NAMES.get(stem, stem)}.{ext}")


@bp.get("/office/register.xlsx")
def register_all():
    """The petition register of every meeting, for the office."""
    caller(None, {OFFICE})

    today = date.fromtimestamp(context.now())
    return _file(_read(lambda r: register.register_xlsx(r.meetings(), today=today)), "so-theo-doi-y-kien.xlsx")


def _log(reader: Reader, meeting_id: int, role: str) -> list[dict[str, Any]]:
    """The meeting's log as ``role`` may read it: the chair reads no phone, identity number or
    citizen's note in what was asked."""
    rows = reader.log(meeting_id)
    if role in WRITERS:
        return rows
    # The log keeps each payload as its JSON text: hidden in the parsed payload, kept as text.
    return [
        {
            **row,
            "payload": json.dumps(logged_payload(row["name"], json.loads(row["payload"]), role), ensure_ascii=False),
        }
        for row in rows
    ]


@bp.get("/m/<int:meeting_id>/audit")
def audit(meeting_id: int) -> dict[str, Any]:
    """The meeting's log, newest last: time, role, person, command, what was asked, version made."""
    who = caller(meeting_id, READERS)
    rows = _read(_log, meeting_id, who.role)
    keys = ("at", "role", "person", "name", "payload", "version")
    return {"ok": True, "log": [{k: row[k] for k in keys} for row in rows]}


@bp.post("/office/import-meeting")
def import_meeting():
    """A meeting exported on another laptop (the body: the .json file): added with a new id and
    fresh PINs; a tampered, foreign, newer or already imported file changes nothing."""
    caller(None, {OFFICE})
    body = read_body(transfer.MAX_BYTES) if (request.content_length or 0) <= transfer.MAX_BYTES else None
    if body is None or len(body) > transfer.MAX_BYTES:
        raise Refused(413, Problem("transfer_too_large", None, {"mb": transfer.MAX_BYTES // (1024 * 1024)}))
    try:
        data = transfer.read_export(body)
        meeting_id, pins = context.store().import_meeting(data["meeting"], data["log"], data["documents"])
    except transfer.TransferProblem as problem:
        raise Refused(400, Problem(problem.code)) from None
    return {"ok": True, "meeting_id": meeting_id, "pins": pins}


# ---------------------------------------------------------------- statistics


@bp.get("/m/<int:meeting_id>/statistics")
def statistics(meeting_id: int) -> ResponseReturnValue:
    """The figures of the results report, for charts and tables on screen."""
    caller(meeting_id, READERS)
    data = _read(_statistics, meeting_id)
    if data is None:
        raise Refused(404, Problem("no_such_meeting"))
    return {"ok": True, **data}


def _statistics(reader: Reader, meeting_id: int) -> dict[str, Any] | None:
    meeting = reader.meeting(meeting_id)
    return None if meeting is None else figures.statistics(meeting)


@bp.get("/office/statistics")
def statistics_across():
    caller(None, {OFFICE})
    today = date.fromtimestamp(context.now()).isoformat()
    return {"ok": True, **_read(lambda r: figures.across(r.meetings(), today))}
