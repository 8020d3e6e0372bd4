"""HTTP for the preparation duties as the office reads them, and for the radio's files (same
blueprint, same PIN check and readers as the other documents):

- ``GET /m/<id>/duties``: the duties with their deadline, the working days left and whether each is
  overdue, counted from the server's today (derived when read, never stored);
- ``GET /m/<id>/documents/labels.txt``: Audacity's label track of the recording;
- ``GET /m/<id>/documents/chapters.vtt``: the WebVTT chapters of the recording
  (``server/reports/recording.py``; 409 ``no_recording_mark`` until the start is marked).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from flask import Response
from flask.typing import ResponseReturnValue

from .. import context
from ..access import caller
from ..domain.duties import days_left, overdue
from ..domain.errors import Problem
from ..domain.projection import project
from ..domain.registry import SECRETARY
from ..errors import Refused
from ..storage.readside import Reader
from .http import READERS, _read, _slug, bp


def _duties(reader: Reader, meeting_id: int, today: str) -> dict[str, Any] | None:
    meeting = reader.meeting(meeting_id)
    if meeting is None:
        return None
    duties = project(meeting, SECRETARY)["duties"]  # each with its deadline, as the screens see it
    return {
        "ok": True,
        "today": today,
        "meeting_date": meeting.starts_at[:10] or None,  # the planned day: the duties prepare for it
        "duties": [{**d, "days_left": days_left(d, today), "overdue": overdue(d, today)} for d in duties],
    }


@bp.get("/m/<int:meeting_id>/duties")
def duties_list(meeting_id: int) -> ResponseReturnValue:
    """The preparation duties, each with ``deadline``, ``days_left`` and ``overdue`` as of today."""
    caller(meeting_id, READERS)
    data: dict[str, Any] | None = _read(_duties, meeting_id, date.fromtimestamp(context.now()).isoformat())
    if not data:
        raise Refused(404, Problem("no_such_meeting"))
    return data


RADIO = {
    "labels.txt": ("label_track", "text/plain; charset=utf-8", "nhan-ghi-am"),
    "chapters.vtt": ("chapters_vtt", "text/vtt; charset=utf-8", "chuong-ghi-am"),
}


def _radio(reader: Reader, meeting_id: int, name: str) -> bytes | str | None:
    from . import recording

    meeting = reader.meeting(meeting_id)
    if meeting is None:
        return None
    try:
        data: bytes = getattr(recording, RADIO[name][0])(meeting)
    except recording.NoMark:
        return "no_recording_mark"
    return data


def _radio_download(meeting_id: int, name: str) -> ResponseReturnValue:
    caller(meeting_id, READERS)
    data = _read(_radio, meeting_id, name)
    if data is None:
        raise Refused(404, Problem("no_such_meeting"))
    if isinstance(data, str):
        raise Refused(409, Problem(data))
    _fn, mimetype, stem = RADIO[name]
    filename = f"{_slug(meeting_id)}-{stem}.{name.rsplit('.', 1)[1]}"
    response = Response(data, mimetype=mimetype)
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.get("/m/<int:meeting_id>/documents/labels.txt")
def labels_download(meeting_id: int) -> ResponseReturnValue:
    """Audacity's label track: one line per turn, seconds from the recording mark."""
    return _radio_download(meeting_id, "labels.txt")


@bp.get("/m/<int:meeting_id>/documents/chapters.vtt")
def chapters_download(meeting_id: int) -> ResponseReturnValue:
    """WebVTT chapters: one cue per turn, from the recording mark."""
    return _radio_download(meeting_id, "chapters.vtt")
