"""The office uploads a spreadsheet of invited citizens or delegates and gets the preview back.

Nothing is saved here: the page shows the preview, and what the office confirms goes through the
ordinary commands (``citizens.import`` / ``delegates.import``) over Socket.IO, checked and logged
like every other change. The body is the raw file, so no multipart parsing and no temporary file;
its size is checked before it is read. The office PIN travels in headers (``server/access.py``).
"""

from __future__ import annotations

from typing import Any
from urllib.parse import unquote

from flask import Blueprint, request

from . import context
from .access import caller
from .domain import OFFICE
from .domain.errors import Problem
from .i18n.refusals import describe, error_ack
from .imports import MAX_BYTES, ImportProblem, preview, read_table
from .storage.readside import Reader

bp = Blueprint("uploads", __name__)

KINDS = ("citizens", "delegates")


def _refusal(status: int, problem: Problem) -> tuple[dict[str, Any], int]:
    return error_ack(problem), status


def read_body(limit: int = MAX_BYTES) -> bytes:
    """The request body, read to its end (one ``read`` may return part of it), but never more than
    ``limit`` and one chunk: a body sent without a length is refused once it is too large (the
    caller sees more than ``limit`` bytes)."""
    chunks: list[bytes] = []
    size = 0
    while size <= limit:
        chunk = request.stream.read(64 * 1024)
        if not chunk:
            break
        chunks.append(chunk)
        size += len(chunk)
    return b"".join(chunks)


def _preview(reader: Reader, meeting_id: int, kind: str, data: bytes, filename: str) -> dict[str, Any]:
    """The preview of ``data`` against the people the meeting already has (read-only connection)."""
    state = reader.meeting(meeting_id)
    return preview(kind, read_table(data, filename), getattr(state, kind) if state else [])


@bp.post("/office/import/<kind>")
def import_preview(kind: str) -> tuple[dict[str, Any], int] | dict[str, Any]:
    """``POST /office/import/citizens?meeting_id=1`` with the file as the body, its name in
    ``X-Filename`` (URL-encoded UTF-8) and the office's ``X-Role``/``X-Pin`` (``server/access.py``):
    the preview of ``server.imports.preview`` with ``"ok": true``, each problem and duplicate with a
    ``message``."""
    if kind not in KINDS:
        return _refusal(404, Problem("not_allowed", "kind", {"expected": ", ".join(KINDS)}))
    caller(None, {OFFICE})  # a refusal is answered by the app's handler (server/errors.py)
    if (request.content_length or 0) > MAX_BYTES:  # refused before a byte of it is read
        return _refusal(413, Problem("import_too_large", None, {"mb": MAX_BYTES // (1024 * 1024)}))
    meeting_id = request.args.get("meeting_id", type=int)
    if meeting_id is None or not context.store().exists(meeting_id):
        return _refusal(404, Problem("no_such_meeting", "meeting_id"))
    data, filename = read_body(), unquote(request.headers.get("X-Filename", ""))
    try:  # parsing a spreadsheet is heavy: the read side does it, off the event loop
        result = context.readside().run(_preview, meeting_id, kind, data, filename)
    except ImportProblem as exc:
        return _refusal(413 if exc.problem.code == "import_too_large" else 400, exc.problem)
    for entry in result["problems"]:
        entry["message"] = describe(Problem(entry["code"], entry["field"], entry["params"]))["message"]
    for entry in result["duplicates"]:
        params = {"first_line": entry["first_line"]} if "first_line" in entry else {}
        entry["message"] = describe(Problem(f"import_{entry['reason']}", None, params))["message"]
    return {"ok": True, **result}
