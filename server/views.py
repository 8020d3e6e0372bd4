"""HTTP pages: the meeting list and the three screens. All live data comes over Socket.IO."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, make_response, redirect, render_template, request, url_for

from .domain import LIMITS
from .i18n import LANGUAGES
from .messages import KIND_NAMES, LEVEL_NAMES, OUTCOME_NAMES, PHASE_NAMES, js_strings

bp = Blueprint("views", __name__)

SCREENS = ("chair", "secretary", "projector")


@bp.get("/")
def index():
    meetings = [m for m in current_app.extensions["store"].meetings() if m["phase"] != "archived"]
    return render_template("index.html", meetings=meetings, phase_names=PHASE_NAMES)


@bp.get("/m/<int:meeting_id>/<screen>")
def screen(meeting_id: int, screen: str):
    if screen not in SCREENS:
        abort(404)
    if not current_app.extensions["store"].exists(meeting_id):
        abort(404)
    return render_template(
        f"{screen}.html",
        meeting_id=meeting_id,
        screen=screen,
        strings=js_strings(),
        limits=LIMITS,
        opinion_kinds=[(k, str(v)) for k, v in KIND_NAMES.items()],
        levels=[(k, str(v)) for k, v in LEVEL_NAMES.items()],
        outcomes=[(k, str(v)) for k, v in OUTCOME_NAMES.items()],
    )


@bp.get("/m/<int:meeting_id>/documents")
def documents(meeting_id: int):
    """After the meeting: the conclusion, the minutes, the documents to download, the paperwork,
    the publication of the results, the figures and the log (secretary PIN, or ``?as=office``)."""
    if not current_app.extensions["store"].exists(meeting_id):
        abort(404)
    return render_template("documents.html", meeting_id=meeting_id, strings=js_strings(), limits=LIMITS)


@bp.get("/followup")
def followup():
    """The follow-up of every meeting's assignments, for the commune office (office PIN)."""
    return render_template("followup.html", meeting_id=None, strings=js_strings(), limits=LIMITS)


@bp.get("/office")
def office():
    """The commune office prepares its meetings: creates them, hands out the PINs, edits the agenda."""
    return render_template("office.html", meeting_id=None, strings=js_strings(), limits=LIMITS)


@bp.get("/lang/<code>")
def set_language(code: str):
    """Remember the language in a cookie and go back where the user was."""
    if code not in LANGUAGES:
        abort(404)
    target = request.args.get("next", "")
    if not target.startswith("/") or target.startswith("//"):
        target = url_for("views.index")
    response = make_response(redirect(target))
    response.set_cookie("lang", code, max_age=365 * 24 * 3600, samesite="Lax")
    return response


@bp.app_errorhandler(404)
def not_found(_error):
    return render_template("404.html"), 404


@bp.get("/healthz")
def healthz():
    return {"ok": True}


@bp.app_template_filter("vn_datetime")
def vn_datetime(iso: str) -> str:
    """'2023-05-25T08:00' -> '25/05/2023 08:00' (Vietnamese order, 24-hour clock)."""
    date, _, clock = (iso or "").partition("T")
    parts = date.split("-")
    if len(parts) != 3:
        return iso or ""
    return f"{parts[2]}/{parts[1]}/{parts[0]}" + (f" {clock[:5]}" if clock else "")
