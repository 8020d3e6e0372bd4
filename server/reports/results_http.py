"""The public results page (``/m/<id>/results``), for the notice board and the loudspeaker, and
its content alone (``/m/<id>/results/content``), which the open page asks for to follow the record
(``static/js/pages/results/main.js``): each promise's status and written reply as the follow-up
records them, and when the record last changed. Same blueprint as the other documents; no PIN.
"""

from __future__ import annotations

from typing import Any

from flask import Response, abort, render_template, request
from flask.typing import ResponseReturnValue

from ..storage.readside import Reader
from . import figures
from .facts import local
from .http import _read, bp


def _published_version(reader: Reader, meeting_id: int) -> int | None:
    """The version of a published meeting (None if there is none, or it is not published)."""
    found = list(
        reader.db.query(
            "select version from meeting where id = ? and published_at is not null and status != 'deleted'",
            [meeting_id],
        )
    )
    return found[0]["version"] if found else None


def _results(reader: Reader, meeting_id: int) -> dict[str, Any] | None:
    data = figures.public_results(reader.meeting(meeting_id))
    if data is None:
        return None
    last = list(reader.db.query("select max(at) as at from log where meeting_id = ?", [meeting_id]))
    return {**data, "updated": local(max(last[0]["at"] or 0.0, data["meeting"].published_at))}


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
