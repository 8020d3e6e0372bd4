"""Typed access to what the app holds: the store (and a role's snapshot of a meeting in it), the
read side, the PIN guard, the phones' limiter, the presence of screens and the clock
(``create_app`` puts them in ``app.extensions`` and ``app.config``). Each takes the app, or by
default the one serving the current request. The one place that reads ``app.extensions``."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, cast

from flask import Flask, current_app

from .domain import project
from .presence import Presence
from .storage import Store
from .storage.readside import ReadSide
from .throttle import PinGuard, SubmitLimiter


def _app(app: Flask | None) -> Flask:
    return app or current_app


def store(app: Flask | None = None) -> Store:
    """The store of this process."""
    return cast(Store, _app(app).extensions["store"])


def snapshot(meeting_id: int, role: str) -> dict[str, Any] | None:
    """The role's full snapshot of the meeting as this process holds it, or None."""
    held = store()
    with held.lock:  # no command changes the meeting while it is projected
        state = held.current(meeting_id)
        return None if state is None else project(state, role)


def readside(app: Flask | None = None) -> ReadSide:
    """The read side, which builds documents and exports off the event loop."""
    return cast(ReadSide, _app(app).extensions["read_side"])


def pin_guard(app: Flask | None = None) -> PinGuard:
    """The throttle of wrong PINs."""
    return cast(PinGuard, _app(app).extensions["pin_guard"])


def submit_limiter(app: Flask | None = None) -> SubmitLimiter:
    """The limiter of the phones' requests to speak."""
    return cast(SubmitLimiter, _app(app).extensions["submit_limiter"])


def presence(app: Flask | None = None) -> Presence:
    """Which screens are connected to which meeting."""
    return cast(Presence, _app(app).extensions["presence"])


def clock(app: Flask | None = None) -> Callable[[], float]:
    """The app's clock (``time.time``; a fake one in the tests)."""
    return cast(Callable[[], float], _app(app).config["CLOCK"])


def now() -> float:
    """The time now, by the clock of the app serving the request."""
    return clock()()
