"""The one way an HTTP request is refused: raise ``Refused`` anywhere in a route, and the app's one
error handler (``register``) answers with the documented error shape, ``{"ok": false, "errors":
[{"code", "field", "message"}]}`` (``messages.error_ack``, in the request's language), and the status.
"""

from __future__ import annotations

from typing import Any

from flask import Flask

from .domain.errors import Problem
from .i18n.refusals import error_ack


class Refused(Exception):
    """An HTTP request that may not go on, with its ``status`` and its ``problems``."""

    def __init__(self, status: int, *problems: Problem):
        super().__init__(*(p.code for p in problems))
        self.status = status
        self.problems = problems

    @property
    def response(self) -> tuple[dict[str, Any], int]:
        """The JSON refusal and its status."""
        return error_ack(*self.problems), self.status


def register(app: Flask) -> None:
    """Answer every ``Refused`` raised by a route of ``app`` in the one error shape."""
    app.register_error_handler(Refused, lambda refused: refused.response)
