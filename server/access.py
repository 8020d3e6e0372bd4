"""Who may read or fetch what over HTTP: the same PINs as the Socket.IO ``join``, sent as headers.

A page that downloads a document or uploads a list sends ``X-Role`` (office, chair or secretary),
``X-Pin`` and ``X-Person`` (the name typed with the PIN, URL-encoded, for the log). Headers rather
than cookies: a page of another site cannot send them without a CORS preflight this server never
grants, so there is no cross-site request to forge; and no session outlives the tab. Wrong PINs are
throttled per address by the same guard as ``join``.
"""

from __future__ import annotations

import hmac
from dataclasses import dataclass
from urllib.parse import unquote

from flask import request

from . import context
from .domain import OFFICE
from .domain.errors import Problem
from .domain.payloads import clean_text
from .errors import Refused


@dataclass(frozen=True)
class Caller:
    role: str
    person: str


def caller(meeting_id: int | None, roles: set[str]) -> Caller:
    """The role and person of the request, if its PIN opens ``meeting_id`` for one of ``roles``
    (the office's PIN opens every meeting). Raises ``Refused`` (``server/errors.py``)."""
    store = context.store()
    guard = context.pin_guard()
    address = request.remote_addr or "?"
    if guard.blocked(address):
        raise Refused(429, Problem("too_many_attempts"))
    role = request.headers.get("X-Role", "")
    if role not in roles:
        raise Refused(403, Problem("forbidden", None, {"name": request.path}))
    if meeting_id is not None and not store.exists(meeting_id):
        raise Refused(404, Problem("no_such_meeting"))
    expected = store.office_pin() if role == OFFICE else store.pin(meeting_id, role) if meeting_id else None
    pin = request.headers.get("X-Pin", "")
    if expected is None or not hmac.compare_digest(pin.encode(), expected.encode()):
        guard.failed(address, f"{role} {request.method} {request.path}")
        raise Refused(403, Problem("wrong_pin", "pin"))
    return Caller(role, clean_text(unquote(request.headers.get("X-Person", "")))[:80])
