"""The Flask app factory."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from flask import Flask
from flask_babel import Babel, get_locale

from . import static_files
from .extensions import socketio
from .i18n import catalogs

ROOT = Path(__file__).resolve().parent.parent


def create_app(config: dict[str, Any] | None = None) -> Flask:
    """Build the app. ``config`` keys: DATABASE (path), ASYNC_MODE, CLOCK (callable), SEED_DEMO,
    MESSAGE_QUEUE, BEHIND_PROXY, COMMIT_OFFLOAD (a callable that runs the commit off the event loop,
    or None), READ_OFFLOAD (the same for the read side's documents and exports)."""
    # The static files' URLs name the version of the whole static tree (server/static_files.py).
    version = static_files.tree_hash(ROOT / "static")
    app = static_files.VersionedStaticFlask(
        __name__,
        template_folder=str(ROOT / "templates"),
        static_folder=str(ROOT / "static"),
        static_url_path=f"/static/{version}",
    )
    app.config.update(
        DATABASE=str(ROOT / "dialogue.db"),
        ASYNC_MODE="threading",
        CLOCK=time.time,
        SEED_DEMO=True,
        MESSAGE_QUEUE=None,
        BEHIND_PROXY=False,
        COMMIT_OFFLOAD=None,
        READ_OFFLOAD=None,
        BABEL_DEFAULT_LOCALE="vi",
        BABEL_TRANSLATION_DIRECTORIES=catalogs.compiled_catalogs(),
        STATIC_VERSION=version,
    )
    app.config.update(config or {})
    static_files.configure(app)  # compressed responses, the static files' compressed bytes kept
    # JSON keeps a dict's order (Flask sorts keys by default: by code point, "Đất đai" last): the
    # figures are ordered on purpose, by count then in Vietnamese order (server/domain/collation.py).
    app.json.sort_keys = False  # type: ignore[attr-defined]

    Babel(app, locale_selector=catalogs.select_locale)
    app.jinja_env.globals["get_locale"] = get_locale
    app.jinja_env.globals["version"] = version  # in the pages' data: a page can tell a newer server

    from .storage import Store

    store = Store(app.config["DATABASE"], offload=app.config["COMMIT_OFFLOAD"])
    app.extensions["store"] = store  # typed access: server/context.py
    from .storage.readside import ReadSide

    app.extensions["read_side"] = ReadSide(app.config["DATABASE"], offload=app.config["READ_OFFLOAD"])
    from .throttle import Counter, PinGuard, SubmitLimiter

    # Wrong PINs and phones' requests are counted across processes when they share a Redis queue.
    queue = app.config["MESSAGE_QUEUE"] or ""
    counter = Counter(queue if queue.startswith(("redis://", "rediss://")) else None)
    app.extensions["pin_guard"] = PinGuard(counter)
    app.extensions["submit_limiter"] = SubmitLimiter(counter)
    from .presence import PING_INTERVAL, PING_TIMEOUT, Presence

    app.extensions["presence"] = Presence(shared=bool(queue))

    if app.config["SEED_DEMO"] and not store.meeting_ids():
        from .demo import create_demo

        create_demo(store, app.config["CLOCK"]())

    from . import backup, sockets, uploads, views  # noqa: F401  (registers the handlers)
    from .errors import register as answer_refusals
    from .reports import http as reports
    from .reports import papers_http, prep_http, results_http  # noqa: F401  (their routes, on the reports' blueprint)
    from .security import add_headers

    app.register_blueprint(views.bp)
    app.register_blueprint(uploads.bp)
    app.register_blueprint(reports.bp)
    app.register_blueprint(backup.bp)
    answer_refusals(app)  # one handler turns every Refused into the documented error shape

    app.after_request(add_headers)  # the CSP and the other headers on every response
    socketio.init_app(
        app,
        async_mode=app.config["ASYNC_MODE"],
        message_queue=app.config["MESSAGE_QUEUE"],
        cors_allowed_origins=None,  # type: ignore[arg-type]  # None: same origin only (engineio); the stubs omit it
        ping_interval=PING_INTERVAL,  # a lost screen leaves the presence within seconds
        ping_timeout=PING_TIMEOUT,
    )
    if app.config["BEHIND_PROXY"]:
        # Behind one reverse proxy every screen comes from 127.0.0.1: take the address the proxy
        # forwards, so that one phone's wrong PINs do not lock out the chair's tablet. Outermost, so
        # that Socket.IO's requests get it too. Only when asked: without a proxy, a client could
        # claim any address in that header.
        from werkzeug.middleware.proxy_fix import ProxyFix

        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=1)  # type: ignore[method-assign]
    return app
