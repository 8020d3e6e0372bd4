"""HTTP pages: the meeting list, the screens, and the citizens' phone page with its QR code. All live data
comes over Socket.IO."""

from __future__ import annotations

import io
from typing import Any

import segno
from flask import Blueprint, Response, abort, current_app, make_response, redirect, render_template, request, url_for

from . import context
from .domain import LIMITS, PUBLIC
from .domain.hall import SettingsUpdate
from .domain.meetings import Allocation, MeetingCreate
from .domain.model import CLOSED, COLLECTIONS, HAPPENED_COLLECTIONS, HAPPENED_FIELDS
from .domain.stages import StageAdd
from .i18n.catalogs import LANGUAGES, local_target
from .i18n.pages import js_strings
from .i18n.vocabularies import KIND_NAMES, LEVEL_NAMES, OUTCOME_NAMES, PHASE_NAMES
from .reports.letterhead import PLACEHOLDERS

bp = Blueprint("views", __name__)

SCREENS = ("chair", "secretary", "projector", "door")


@bp.get("/")
def index() -> str:
    meetings = [m for m in context.store().meetings() if m["phase"] != "archived"]
    return render_template("index.html", meetings=meetings, phase_names=PHASE_NAMES)


def page_data(page: str, meeting_id: int | None) -> dict:
    """What a page's ES modules read (static/js/core/page.js): the meeting, the page's sentences, and
    the rules the server decides, from the domain's own definitions rather than copied into the
    scripts: the text limits, the collections a patch may carry, and the vocabularies. ``page`` names
    the page's entry module (``js/pages/<page>/main.js``), whose imports templates/_page_data.html
    preloads."""
    return {
        "page": page,
        "meeting_id": meeting_id,
        # The static tree's hash (server/static_files.py): after a reconnect a page compares it with
        # /healthz's and offers to reload when the server was updated.
        "version": current_app.config["STATIC_VERSION"],
        "strings": js_strings(page),
        "rules": {
            "limits": LIMITS,
            "collections": list(COLLECTIONS),
            "kinds": {k: str(v) for k, v in KIND_NAMES.items()},
            "levels": {k: str(v) for k, v in LEVEL_NAMES.items()},
            "outcomes": {k: str(v) for k, v in OUTCOME_NAMES.items()},
            **(meeting_rules() if page == "office" else {}),
            # each profile's examples for the paperwork form (a state or a Party letterhead)
            **({"placeholders": PLACEHOLDERS} if page == "documents" else {}),
        },
    }


def _bounds(model: Any, name: str) -> list[int | None]:
    """[least, most] a payload model's field takes: a number's bounds or a list's length."""
    low: int | None = None
    high: int | None = None
    for rule in model.model_fields[name].metadata:
        low = getattr(rule, "ge", getattr(rule, "min_length", low))
        high = getattr(rule, "le", getattr(rule, "max_length", high))
    return [low, high]


def meeting_rules() -> dict[str, Any]:
    """What the office's pages check before sending, from the commands' own payload models: the
    number ranges and list lengths, and the phase's closed statuses and what counts as having
    happened (``model.phase_of``, ``model.happened``)."""
    settings = ("default_speech_minutes", "warning_seconds", "deadline_working_days", "categories")
    ranges = {name: _bounds(SettingsUpdate, name) for name in settings}
    for name in ("invited_count", "banner", "units", "chairs", "secretaries", "allocation"):
        ranges[name] = _bounds(MeetingCreate, name)
    ranges["allocation_count"] = _bounds(Allocation, "count")
    ranges["planned_minutes"] = _bounds(StageAdd, "planned_minutes")
    happened = {"fields": list(HAPPENED_FIELDS), "collections": list(HAPPENED_COLLECTIONS)}
    return {"ranges": ranges, "closed": list(CLOSED), "happened": happened}


@bp.get("/m/<int:meeting_id>/<screen>")
def screen(meeting_id: int, screen: str) -> str:
    if screen not in SCREENS:
        abort(404)
    if not context.store().exists(meeting_id):
        abort(404)
    return render_template(
        f"{screen}.html",
        meeting_id=meeting_id,
        screen=screen,
        page_data=page_data(screen, meeting_id),
        limits=LIMITS,
        opinion_kinds=[(k, str(v)) for k, v in KIND_NAMES.items()],
        levels=[(k, str(v)) for k, v in LEVEL_NAMES.items()],
        outcomes=[(k, str(v)) for k, v in OUTCOME_NAMES.items()],
    )


@bp.get("/m/<int:meeting_id>/phone")
def phone(meeting_id: int) -> str:
    """A citizen's phone in the hall (the address the projector's QR code gives; no PIN): follow the
    meeting as the projector shows it, and ask to speak."""
    if not context.store().exists(meeting_id):
        abort(404)
    data = page_data("phone", meeting_id)
    # The hall's snapshot comes with the page, so a phone shows the meeting as soon as its modules
    # run, without waiting for the Socket.IO handshake and the join (a few round trips on a crowded
    # Wi-Fi); the join's snapshot then replaces it. It is what any phone may join for, a few KB
    # (projection.PUBLIC_NEXT), and never cached (the page is not).
    data["served"] = {"state": context.snapshot(meeting_id, PUBLIC), "now": context.now()}
    return render_template("phone.html", meeting_id=meeting_id, page_data=data, limits=LIMITS)


def phone_url(meeting_id: int) -> str:
    """The phone page's absolute address as the requester reached this server (the laptop's LAN
    address when the projector opened it by that address)."""
    return request.host_url.rstrip("/") + url_for("views.phone", meeting_id=meeting_id)


@bp.get("/m/<int:meeting_id>/qr.svg")
def qr(meeting_id: int) -> Response:
    """The QR code of the phone page's address, as SVG: shown by the projector and printable by the
    office (public: it only encodes an address anyone in the hall may open)."""
    if not context.store().exists(meeting_id):
        abort(404)
    url = phone_url(meeting_id)
    out = io.BytesIO()
    # No width and height, only a viewBox: it fills whatever box shows it, on screen or on paper.
    # The quiet zone (4 modules) is part of the white square. Crisp edges: no seams when scaled.
    segno.make(url, error="m", micro=False).save(
        out, kind="svg", scale=1, border=4, dark="#000", light="#fff", xmldecl=False, omitsize=True, title=url
    )
    svg = out.getvalue().decode().replace("<svg ", '<svg shape-rendering="crispEdges" ', 1)
    response = make_response(svg)
    response.headers["Content-Type"] = "image/svg+xml; charset=utf-8"
    response.headers["Cache-Control"] = "no-cache"  # the address depends on how the page was reached
    response.headers["Vary"] = "Host"
    return response


@bp.get("/m/<int:meeting_id>/documents")
def documents(meeting_id: int) -> str:
    """After the meeting: the conclusion, the minutes, the documents to download, the paperwork,
    the publication of the results, the figures and the log (secretary PIN, or ``?as=office``)."""
    if not context.store().exists(meeting_id):
        abort(404)
    return render_template(
        "documents.html", meeting_id=meeting_id, page_data=page_data("documents", meeting_id), limits=LIMITS
    )


@bp.get("/followup")
def followup() -> str:
    """The follow-up of every meeting's assignments, for the commune office (office PIN)."""
    return render_template("followup.html", page_data=page_data("followup", None), limits=LIMITS)


@bp.get("/office")
def office() -> str:
    """The commune office prepares its meetings: creates them, hands out the PINs, edits the agenda."""
    data = page_data("office", None)
    return render_template("office.html", page_data=data, limits=LIMITS, ranges=data["rules"]["ranges"])


@bp.get("/lang/<code>")
def set_language(code: str) -> Response:
    """Remember the language in a cookie and go back where the user was."""
    if code not in LANGUAGES:
        abort(404)
    response = make_response(redirect(local_target(request.args.get("next", ""))))
    response.set_cookie("lang", code, max_age=365 * 24 * 3600, samesite="Lax")
    return response


@bp.app_errorhandler(404)
def not_found(_error):
    return render_template("404.html"), 404


@bp.get("/healthz")
def healthz():
    """For monitors and proxies; ``version`` is the static tree's (the pages' data has theirs)."""
    return {"ok": True, "version": current_app.config["STATIC_VERSION"]}


@bp.app_template_filter("vn_datetime")
def vn_datetime(iso: str) -> str:
    """'2023-05-25T08:00' -> '25/05/2023 08:00' (Vietnamese order, 24-hour clock)."""
    date, _, clock = (iso or "").partition("T")
    parts = date.split("-")
    if len(parts) != 3:
        return iso or ""
    return f"{parts[2]}/{parts[1]}/{parts[0]}" + (f" {clock[:5]}" if clock else "")
