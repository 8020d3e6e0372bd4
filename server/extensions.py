"""Extensions bound late by the app factory (``create_app``), importable without a cycle.

``socketio`` is created here unbound, so that the async mode (eventlet, gevent or threading) is
chosen by the entry point alone.

Its JSON module (``PacketJSON``) also sets how large and how deep a message may be. A message that
is too large or too deep is not decoded; it becomes the event's name and a ``Refused`` marker, so
that the event's handler answers it with an error ack (``sockets.event``) and the connection stays.
Python-socketio decodes an event packet (``42<ack id>["name", data]``) by reading its ack id first,
then handing the rest to this ``loads``: a ``loads`` that raised would leave the sender without an
ack (python-socketio logs the error and drops the packet), so it returns the marker instead.
"""

from __future__ import annotations

import json
import re
import sys
from dataclasses import dataclass
from typing import Any

from flask_socketio import SocketIO

# The largest message answered (characters of its JSON text): larger ones are refused unread with
# ``message_too_large``. A list of 3000 citizens with phone and identity numbers is ~300 000.
MAX_MESSAGE = 1_000_000
# Engine.IO's own limit (``max_http_buffer_size``): bytes of a polling request's body, characters of
# a websocket message. Above it Engine.IO closes the connection before any of it reaches
# Socket.IO (a websocket frame that long is refused by the websocket server); the page reconnects
# by itself. Between MAX_MESSAGE and this, the message is read, refused and answered.
MAX_TRANSPORT = 4 * MAX_MESSAGE
# The deepest message answered (nested arrays and objects, the event's own array counted): the
# deepest command (``meeting.update`` with ``expected`` units) is 6.
MAX_DEPTH = 20

_EVENT_NAME = re.compile(r'\[\s*"((?:[^"\\]|\\.){1,64})"')


@dataclass(frozen=True)
class Refused:
    """What a too large or too deep message's handler gets instead of its data."""

    code: str
    params: dict[str, int]


def depth(value: Any, limit: int) -> int:
    """How deep ``value`` nests arrays and objects, counted up to ``limit + 1`` at most."""
    deepest, level = 0, [(value, 1)]
    while level:
        item, d = level.pop()
        if isinstance(item, (list, dict)):
            deepest = max(deepest, d)
            if deepest > limit:
                return deepest
            level.extend((child, d + 1) for child in (item.values() if isinstance(item, dict) else item))
    return deepest


def _refused(text: str, code: str, params: dict[str, int]) -> list[Any]:
    """The packet as ``[event name, Refused]``; ValueError when no event name can be read (then
    it was no event: Engine.IO also tries this decoder on its own messages, and expects that)."""
    found = _EVENT_NAME.match(text)
    if found is None:
        raise ValueError(code)
    try:
        name = json.loads(f'"{found.group(1)}"')
    except ValueError:
        raise ValueError(code) from None
    return [name, Refused(code, params)]


class PacketJSON:
    """JSON for Socket.IO packets with Vietnamese as UTF-8, not ``\\uXXXX`` escapes: "Nguyễn Thị
    Hòa" is 19 bytes instead of 44. Reads at most ``MAX_MESSAGE`` characters, ``MAX_DEPTH`` deep."""

    @staticmethod
    def dumps(obj: Any, **kwargs: Any) -> str:
        kwargs["ensure_ascii"] = False
        return json.dumps(obj, **kwargs)

    @staticmethod
    def loads(text: str | bytes, **kwargs: Any) -> Any:
        if isinstance(text, bytes):
            text = text.decode()
        if len(text) > MAX_MESSAGE:
            return _refused(text, "message_too_large", {"max": MAX_MESSAGE})
        try:
            value = json.loads(text, **kwargs)
        except RecursionError:  # deeper than the decoder's own stack allows
            return _refused(text, "message_too_deep", {"max": MAX_DEPTH})
        except ValueError:  # not JSON, or a number of more than 4300 digits
            return _refused(text, "bad_envelope", {})
        # Cheap first: a text with few brackets cannot nest deep.
        if text.count("[") + text.count("{") > MAX_DEPTH and depth(value, MAX_DEPTH) > MAX_DEPTH:
            return _refused(text, "message_too_deep", {"max": MAX_DEPTH})
        return value


def unmask(data: bytes, mask: tuple[int, ...] | list[int], length: int | None = None, offset: int = 0) -> bytes:
    """Eventlet's websocket unmasks what a browser sends one byte at a time in Python: a second for
    2 MB, during which the server does nothing else. The same XOR as one big-integer operation
    (milliseconds). Same signature as ``RFC6455WebSocket._apply_mask``."""
    n = len(data) if length is None else length
    if n <= 0:
        return b""
    key = bytes(mask[(offset + i) % 4] for i in range(4))
    stream = (key * (n // 4 + 1))[:n]
    return (int.from_bytes(data[:n], "big") ^ int.from_bytes(stream, "big")).to_bytes(n, "big")


if "eventlet" in sys.modules:  # the entry point chose eventlet (and imported it before the app)
    from eventlet.websocket import RFC6455WebSocket

    RFC6455WebSocket._apply_mask = staticmethod(unmask)

socketio = SocketIO(json=PacketJSON, max_http_buffer_size=MAX_TRANSPORT)
