"""Extensions bound late by the app factory (``create_app``), importable without a cycle.

``socketio`` is created here unbound, so that the async mode (eventlet, gevent or threading) is
chosen by the entry point alone.
"""

from __future__ import annotations

import json
from typing import Any

from flask_socketio import SocketIO


class CompactJSON:
    """JSON for Socket.IO packets with Vietnamese as UTF-8, not ``\\uXXXX`` escapes: "Nguyễn Thị
    Hòa" is 19 bytes instead of 44."""

    @staticmethod
    def dumps(obj: Any, **kwargs: Any) -> str:
        kwargs["ensure_ascii"] = False
        return json.dumps(obj, **kwargs)

    @staticmethod
    def loads(text: str | bytes, **kwargs: Any) -> Any:
        return json.loads(text, **kwargs)


socketio = SocketIO(json=CompactJSON)
