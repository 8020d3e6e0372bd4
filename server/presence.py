"""Who is connected to each meeting: the chair's, the secretaries' and the door team's screens by
the name of the person at them, and how many public screens (projectors, phones).

Each process knows its own connections. With several processes (scale-out), each sends the list of
its own, tagged with a token of its own, and the screens show the union (``static/js/core/connection.js``).

A screen keeps the last list of each token until that token sends another. A lone process (no
message queue: the usual laptop in the hall) therefore uses the same token after a restart: its first
list replaces the one from before the restart on every screen, instead of standing beside it as a
ghost ("the chair twice, 3 projectors with 2 connected"). Processes of a scale-out need tokens of
their own: there a screen still shows a stopped process's last list until it reloads (see
docs/protocol.md, ``presence``). A screen whose connection is lost is dropped once the Engine.IO
ping misses it: ``PING_INTERVAL`` + ``PING_TIMEOUT`` seconds at most.
"""

from __future__ import annotations

import secrets
import threading
from collections import Counter
from typing import Any

from .domain import PUBLIC
from .domain.collation import sort_key

LONE = "local"  # the token of a process that runs alone: the same before and after a restart
# Engine.IO's ping (python-engineio's defaults are 25 s and 20 s: a lost screen stayed "connected" for
# up to 45 s). A ping is a few bytes; 500 phones make 100 a second.
PING_INTERVAL = 5
PING_TIMEOUT = 10


class Presence:
    """The screens of this process, per meeting."""

    def __init__(self, shared: bool = False) -> None:
        # this process among several (``shared``: a message queue joins them); a lone one is "local"
        self.token = secrets.token_hex(4) if shared else LONE
        self.lock = threading.Lock()
        self.screens: dict[int, dict[str, tuple[str, str]]] = {}  # meeting → sid → (role, person)

    def joined(self, meeting_id: int, sid: str, role: str, person: str) -> None:
        with self.lock:
            self.screens.setdefault(meeting_id, {})[sid] = (role, person)

    def left(self, sid: str) -> int | None:
        """Forget a screen; return the meeting it was in, if any."""
        with self.lock:
            for meeting_id, screens in self.screens.items():
                if screens.pop(sid, None) is not None:
                    return meeting_id
        return None

    def of(self, meeting_id: int) -> dict[str, Any]:
        """What the operators are sent: each operator screen (role and person, the names in
        Vietnamese order) and the number of public screens, for this process."""
        with self.lock:
            screens = list(self.screens.get(meeting_id, {}).values())
        operators = sorted(
            ((role, person) for role, person in screens if role != PUBLIC), key=lambda rp: (rp[0], sort_key(rp[1]))
        )
        public = Counter(kind for role, kind in screens if role == PUBLIC)  # "projector" or "phone"
        return {
            "process": self.token,
            "operators": [{"role": role, "name": person} for role, person in operators],
            "public": sum(public.values()),
            "projectors": public["projector"],
            "phones": public["phone"],
        }
