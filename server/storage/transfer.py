"""Moving a whole meeting to another laptop: export as one JSON file, import losing nothing.

The file (UTF-8, canonical JSON: keys sorted, no ASCII escapes, fixed separators)::

    {"format": "hoi-nghi-doi-thoai/meeting", "format_version": 1,
     "exported_at": 1685000000.0,
     "meeting": full_effect(meeting) with no "id" in its "set",
     "log": [{"command_id", "at", "role", "name", "person", "version",
              "payload": {...}, "effect": {...} or null}, ...],          # in the log's order
     "documents": [{"kind", "version", "created_at", "person", "content": [...] or {...},
                    "finalised_at", "sha256", "profile", "docx": base64 or null}, ...],  # by kind, then version
     "sha256": SHA-256 of the canonical JSON of everything but "exported_at" and "sha256"}

``Transfer.import_meeting`` stores what ``read_export`` read as a new meeting of this database.

The meeting's id is the database's, not the meeting's: it is left out of the meeting, and in the
log's effects that set it (the row that created the meeting) it is exported as null and becomes the
new id on import. PINs are never exported: the laptop that imports a meeting gives it fresh ones.
The file holds the citizens' private details (phones, identity numbers): hand it over like the
paper list. The hash detects damage and hand edits; it is no signature (anyone could recompute it).

Export → import → export gives the same bytes but ``exported_at`` (``tests/storage/test_transfer.py``).
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
from dataclasses import fields
from functools import cache
from typing import Any, get_type_hints

from pydantic import BaseModel, ConfigDict, TypeAdapter, ValidationError

from ..domain import ROLES, project
from ..domain.changes import apply_effect, full_effect
from ..domain.errors import Problem
from ..domain.model import COLLECTIONS, ROW_CLASSES, Meeting, Paperwork, Settings, Timer
from .db import LogEntry
from .live import Live

FORMAT = "hoi-nghi-doi-thoai/meeting"
FORMAT_VERSION = 1
MAX_BYTES = 50 * 1024 * 1024  # a meeting's file is far smaller; more is not one of ours

_NESTED: dict[str, type] = {"settings": Settings, "timer": Timer, "paperwork": Paperwork}
_LOG_FIELDS = ("command_id", "at", "role", "name", "person", "version", "payload", "effect")
# Collections added after the first files were written: a file without one has none of them.
_LATER_COLLECTIONS = frozenset({"duties"})


class TransferProblem(Exception):
    """An export file refused, or an import that would duplicate a meeting; ``code`` is a
    ``server/i18n/problems.py`` problem code (``problem`` gives it as a ``Problem``)."""

    def __init__(self, code: str, **params: Any):
        super().__init__(code)
        self.code = code
        self.params = params

    @property
    def problem(self) -> Problem:
        return Problem(self.code, None, dict(self.params))


def canonical(value: Any) -> bytes:
    """The one byte form of a JSON value: keys sorted, diacritics as UTF-8, no spaces."""
    return json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def _digest(document: dict[str, Any]) -> str:
    return hashlib.sha256(
        canonical({k: v for k, v in document.items() if k not in ("exported_at", "sha256")})
    ).hexdigest()


def _json(value: Any) -> Any:
    """A log column as JSON: parsed if it is the stored text."""
    if isinstance(value, (str, bytes)):
        return json.loads(value)
    return value


def _effect_out(effect: Any) -> Any:
    """A log effect without the meeting's id (null where it set it)."""
    if isinstance(effect, dict) and "id" in effect.get("set", {}):
        return {**effect, "set": {**effect["set"], "id": None}}
    return effect


def export_meeting(
    meeting: Meeting, log_rows: list[dict[str, Any]], documents: list[dict[str, Any]], exported_at: float
) -> bytes:
    """The export file of ``meeting`` with its log (rows of the ``log`` table, in order) and its
    documents (rows of the ``document`` table as the read side gives them: ``content`` parsed, as
    JSON in the file, not JSON in a string)."""
    state = full_effect(meeting)
    state["set"] = {k: v for k, v in state["set"].items() if k != "id"}
    log = []
    for row in log_rows:
        entry = {k: row.get(k) for k in _LOG_FIELDS}
        entry["person"] = entry["person"] or ""
        entry["payload"] = _json(entry["payload"])
        entry["effect"] = _effect_out(_json(entry["effect"]))
        log.append(entry)
    docs = []
    for row in sorted(documents, key=lambda r: (r["kind"], r["version"])):
        doc = {k: v for k, v in row.items() if k != "meeting_id"}
        blob = doc.get("docx")
        doc["docx"] = None if blob is None else base64.b64encode(bytes(blob)).decode("ascii")
        docs.append(doc)
    document = {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "exported_at": exported_at,
        "meeting": state,
        "log": log,
        "documents": docs,
    }
    document["sha256"] = _digest(document)
    return canonical(document)


def meeting_from_view(view: dict[str, Any]) -> Meeting:
    """A ``Meeting`` built from its plain-dict form (``apply_effect`` of its full effect), the way
    ``read_meeting`` builds one from its rows, every value checked against the model's types (a hash
    anyone can recompute proves nothing: a value of the wrong type is ``transfer_foreign``). A field
    this program does not know means the file was made by a newer one: ``transfer_newer``."""
    values = dict(_known(Meeting, view))
    hints = _hints(Meeting)
    for name, value in values.items():
        if name in _NESTED:
            values[name] = None if value is None else _typed(_NESTED[name], _known(_NESTED[name], value))
        elif name in ROW_CLASSES:
            if not isinstance(value, list):
                raise TransferProblem("transfer_foreign")
            row_class = ROW_CLASSES[name]
            values[name] = [_typed(row_class, _known(row_class, row)) for row in value]
        else:
            values[name] = _typed(hints[name], value)
    return Meeting(**values)


@cache
def _hints(cls: type) -> dict[str, Any]:
    return get_type_hints(cls)


@cache
def _adapter(kind: Any) -> TypeAdapter[Any]:
    return TypeAdapter(kind)


def _typed(kind: Any, value: Any) -> Any:
    """``value`` as ``kind`` (a type hint or a dataclass, from a dict), or ``transfer_foreign``."""
    try:
        return _adapter(kind).validate_python(value)
    except ValidationError:
        raise TransferProblem("transfer_foreign") from None


class _LogRow(BaseModel):
    model_config = ConfigDict(strict=True, extra="forbid")
    command_id: str
    at: float
    role: str
    name: str
    person: str
    version: int
    payload: dict[str, Any]
    effect: dict[str, Any] | None


class _DocumentRow(BaseModel):
    model_config = ConfigDict(strict=True, extra="allow")  # a column this database lacks: transfer_newer, later
    kind: str
    version: int
    created_at: float
    person: str | None
    content: list[Any] | dict[str, Any]  # the document's text as JSON (the minutes' blocks)
    finalised_at: float | None
    docx: str | None  # base64
    sha256: str | None
    profile: str | None = None


def _known(cls: type, values: dict[str, Any]) -> dict[str, Any]:
    names = {f.name for f in fields(cls)}
    if not isinstance(values, dict):
        raise TransferProblem("transfer_foreign")
    if not set(values) <= names:
        raise TransferProblem("transfer_newer")
    return values


def read_export(data: bytes) -> dict[str, Any]:
    """Read an export file: ``{"meeting": Meeting (id 0), "log": [rows as exported], "documents":
    [rows as the ``document`` table stores them: content as JSON text, docx as bytes], "exported_at",
    "format_version", "sha256"}``. Raises ``TransferProblem``:
    ``transfer_too_large`` (checked before parsing), ``transfer_not_json``, ``transfer_foreign``,
    ``transfer_newer``, ``transfer_tampered``."""
    if len(data) > MAX_BYTES:
        raise TransferProblem("transfer_too_large", mb=MAX_BYTES // (1024 * 1024))
    try:
        document = json.loads(data)
    except (ValueError, RecursionError):  # not JSON, not text (UnicodeDecodeError), or nested too deep
        raise TransferProblem("transfer_not_json") from None
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise TransferProblem("transfer_foreign")
    version = document.get("format_version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise TransferProblem("transfer_foreign")
    if version > FORMAT_VERSION:
        raise TransferProblem("transfer_newer")
    if document.get("sha256") != _digest(document):
        raise TransferProblem("transfer_tampered")
    try:
        state = document["meeting"]
        view = apply_effect({}, state)
        view["id"] = 0
        meeting = meeting_from_view(view)
        log = [_LogRow.model_validate({k: row[k] for k in _LOG_FIELDS}).model_dump() for row in document["log"]]
        docs = []
        for row in document["documents"]:
            _DocumentRow.model_validate(row)
            doc = {**row, "content": json.dumps(row["content"], ensure_ascii=False)}  # as ``save_document`` stores it
            if doc.get("docx") is not None:
                doc["docx"] = base64.b64decode(doc["docx"], validate=True)
            docs.append(doc)
    except TransferProblem:
        raise
    except (KeyError, TypeError, ValueError, AttributeError, binascii.Error, ValidationError):
        # The hash matched, yet it is not a meeting as this program writes one.
        raise TransferProblem("transfer_foreign") from None
    if not all(name in state for name in COLLECTIONS if name not in _LATER_COLLECTIONS):
        raise TransferProblem("transfer_foreign")
    return {
        "format_version": version,
        "exported_at": document.get("exported_at"),
        "sha256": document["sha256"],
        "meeting": meeting,
        "log": log,
        "documents": docs,
    }


class Transfer(Live):
    """Storing a meeting read from another laptop's export."""

    def import_meeting(
        self, state: Meeting, log_rows: list[dict[str, Any]], documents: list[dict[str, Any]]
    ) -> tuple[int, dict[str, str]]:
        """Store a meeting read from another laptop's export (``read_export``) as a new meeting, in
        one transaction: every row of it with a new id and fresh PINs, its log in order with the
        original times, roles, persons, payloads and effects (new ``seq``; an effect that set the
        meeting's id sets the new one), and its documents. Refused with
        ``TransferProblem("transfer_already_here")`` if a command of its log is already in this
        database (the same meeting imported twice, or brought back where it was made); nothing is
        written then. Returns the new id and the PINs."""
        ids = [row["command_id"] for row in log_rows]
        try:  # every screen must be able to show it: a file that only looks like a meeting is refused
            for role in ROLES:
                project(state, role)
        except (AttributeError, KeyError, LookupError, TypeError, ValueError):
            raise TransferProblem("transfer_foreign") from None
        with self.write():
            columns = set(self.db["document"].columns_dict) - {"meeting_id"}
            if any(not set(doc) <= columns for doc in documents):
                raise TransferProblem("transfer_newer")  # a document column this database lacks
            for start in range(0, len(ids), 500):
                chunk = ids[start : start + 500]
                marks = ", ".join("?" for _ in chunk)
                if self.conn.execute(f"select 1 from log where command_id in ({marks}) limit 1", chunk).fetchone():
                    raise TransferProblem("transfer_already_here")
            state.id = 0
            pins = self.insert_meeting(state)
            for row in log_rows:
                effect = row["effect"]
                if isinstance(effect, dict) and "id" in effect.get("set", {}):
                    effect = {**effect, "set": {**effect["set"], "id": state.id}}
                self.append_log(
                    LogEntry(
                        meeting_id=state.id,
                        command_id=row["command_id"],
                        at=row["at"],
                        role=row["role"],
                        name=row["name"],
                        payload=row["payload"],
                        version=row["version"],
                        effect=effect,
                        person=row.get("person") or "",
                    )
                )
            for doc in documents:
                self.db.table("document").insert({**doc, "meeting_id": state.id})
        return state.id, pins
