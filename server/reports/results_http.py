"""The public results page (``/m/<id>/results``), for the notice board and the loudspeaker, and
its content alone (``/m/<id>/results/content``), which the open page asks for to follow the record
(``static/js/pages/results/main.js``): each promise's status and written reply as the follow-up
records them, and when the record last changed. Same blueprint as the other documents; no PIN.
"""

from __future__ import annotations

from typing import Any

from flask import Response, abort, render_template, request
from flask.typing import ResponseReturnValue

from ..domain.model import FOLLOWED_UP
from . import minutes, vn
from .facts import citizen_of, facts, local
from .http import _read, bp
from .readside import Reader


def _published_version(reader: Reader, meeting_id: int) -> int | None:
    """The version of a published meeting (None if there is none, or it is not published)."""
    found = list(
        reader.db.query(
            "select version from meeting where id = ? and published_at is not null and status != 'deleted'",
            [meeting_id],
        )
    )
    return found[0]["version"] if found else None


def _status(o: Any) -> str:
    """Where an assigned or forwarded opinion stands, as the follow-up records it ("" otherwise)."""
    if o.outcome not in FOLLOWED_UP:
        return ""
    if o.closed_at is not None:
        return "Đã giải quyết xong"
    return "Đã có văn bản trả lời" if o.reply_date else "Đang giải quyết"


def _results(reader: Reader, meeting_id: int) -> dict[str, Any] | None:
    meeting = reader.meeting(meeting_id)
    if meeting is None or meeting.published_at is None or meeting.status == "deleted":
        return None
    f = facts(meeting)
    hide = meeting.paperwork.hide_names
    items = []
    for o in f.opinions:
        name, xom = citizen_of(meeting, o)
        reply = None
        if o.reply_date or o.reply_summary:  # the written reply, as the follow-up records it
            reply = {"date": vn.ddmmyyyy(o.reply_date), "summary": o.reply_summary, "ref": o.reply_ref}
        items.append(
            {
                "who": "" if hide else name,
                "xom": xom,
                "summary": o.summary,
                "outcome": vn.OUTCOME.get(o.outcome, ""),
                "detail": minutes.outcome_text(f, o),
                "status": _status(o),
                "closed": o.closed_at is not None,
                "reply": reply,
            }
        )
    last = list(reader.db.query("select max(at) as at from log where meeting_id = ?", [meeting_id]))
    updated = local(max(last[0]["at"] or 0.0, meeting.published_at))
    return {"meeting": meeting, "facts": f, "items": items, "vn": vn, "updated": updated}


def _etag(meeting_id: int, version: int) -> str:
    return f"results-{meeting_id}-{version}"


def _render_results(meeting_id: int, fragment: bool) -> ResponseReturnValue:
    data = _read(_results, meeting_id)
    if data is None:
        abort(404)
    published = local(data["meeting"].published_at)
    refresh = min(600, max(2, request.args.get("refresh", RESULTS_REFRESH, type=int)))
    page = render_template(
        "results.html",
        started=local(data["facts"].started_at),
        published=published,
        fragment=fragment,
        refresh=refresh,
        etag=_etag(meeting_id, data["meeting"].version),
        **data,
    )
    response = Response(page, mimetype="text/html")
    response.set_etag(_etag(meeting_id, data["meeting"].version))
    response.headers["Cache-Control"] = "no-cache"
    return response


# How often an open results page asks whether the record changed (``?refresh=`` seconds, 2–600).
RESULTS_REFRESH = 30


@bp.get("/m/<int:meeting_id>/results")
def results(meeting_id: int) -> ResponseReturnValue:
    """What was raised and what was decided, for the notice board and the loudspeaker: public,
    once published; no personal data beyond the speaker's name and xóm (which a setting hides).
    Each promise shows where the follow-up stands and its written reply; the page follows the
    record by itself (``static/js/pages/results/main.js`` asks ``results/content``)."""
    return _render_results(meeting_id, fragment=False)


@bp.get("/m/<int:meeting_id>/results/content")
def results_content(meeting_id: int) -> ResponseReturnValue:
    """The results page's content alone (the inside of its ``<main>``), with the meeting's version
    as its ETag: asked with ``If-None-Match``, an unchanged record costs a 304 and one small query."""
    version = _read(_published_version, meeting_id)
    if version is None:
        abort(404)
    if _etag(meeting_id, version) in request.if_none_match:
        response = Response(status=304)
        response.set_etag(_etag(meeting_id, version))
        return response
    return _render_results(meeting_id, fragment=True)
