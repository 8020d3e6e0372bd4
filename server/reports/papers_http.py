"""HTTP for the papers made before the meeting, next to the documents made after it (same
blueprint, same PIN check, same readers): the plan and the invitation letters, as .docx.

- ``GET /m/<id>/documents/plan.docx``: the plan (kế hoạch tổ chức), dated today;
- ``GET /m/<id>/documents/invitations.docx?to=delegates|citizens|xom``: the invitation letters
  merged into one file (one per delegate; one per invited citizen; one per xóm with its list).
"""

from __future__ import annotations

from datetime import date

from flask import request
from flask.typing import ResponseReturnValue

from .. import context
from ..access import caller
from ..domain.errors import Problem
from ..errors import Refused
from ..storage.readside import Reader
from .http import READERS, _file, _read, _slug, bp

INVITATION_NAMES = {"delegates": "giay-moi-dai-bieu", "citizens": "giay-moi-cong-dan", "xom": "giay-moi-theo-xom"}


def _plan(reader: Reader, meeting_id: int, today: date) -> bytes | None:
    from . import plan

    meeting = reader.meeting(meeting_id)
    return None if meeting is None else plan.plan_docx(meeting, issued=today)


def _invitations(reader: Reader, meeting_id: int, audience: str, today: date) -> bytes | str | None:
    from . import invitations

    meeting = reader.meeting(meeting_id)
    if meeting is None:
        return None
    try:
        return invitations.invitations_docx(meeting, audience, issued=today)
    except invitations.NobodyToInvite:
        return "no_delegates_to_invite" if audience == "delegates" else "no_citizens_to_invite"


@bp.get("/m/<int:meeting_id>/documents/plan.docx")
def plan_download(meeting_id: int) -> ResponseReturnValue:
    """The plan of the meeting (kế hoạch tổ chức), in the office's profile, dated today."""
    caller(meeting_id, READERS)
    data = _read(_plan, meeting_id, date.fromtimestamp(context.now()))
    if data is None:
        raise Refused(404, Problem("no_such_meeting"))
    return _file(data, f"{_slug(meeting_id)}-ke-hoach.docx")


@bp.get("/m/<int:meeting_id>/documents/invitations.docx")
def invitations_download(meeting_id: int) -> ResponseReturnValue:
    """The invitation letters merged into one file, dated today: ``?to=delegates`` (one per
    delegate, the default), ``citizens`` (one per invited citizen) or ``xom`` (one per xóm, with
    its list)."""
    caller(meeting_id, READERS)
    audience = request.args.get("to", "delegates")
    if audience not in INVITATION_NAMES:
        raise Refused(400, Problem("not_allowed", None, {"expected": ", ".join(INVITATION_NAMES)}))
    data = _read(_invitations, meeting_id, audience, date.fromtimestamp(context.now()))
    if data is None:
        raise Refused(404, Problem("no_such_meeting"))
    if isinstance(data, str):
        raise Refused(409, Problem(data))
    return _file(data, f"{_slug(meeting_id)}-{INVITATION_NAMES[audience]}.docx")
