"""Who is connected to each meeting: the chair's, the secretaries' and the door team's screens by
the name of the person at them, and how many public screens (projectors, phones).

Each process knows its own connections. With several processes (scale-out), each sends the list of
its own, tagged with a token of its own, and the screens show the union (``static/js/live.js``).
"""

from __future__ import annotations

import secrets
import threading
from collections import Counter
from typing import Any

from .domain import PUBLIC


class Presence:
    """The screens of this process, per meeting."""

    def __init__(self) -> None:
        self.token = secrets.token_hex(4)  # this process, among several
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
        """What the operators are sent: each operator screen (role and person, sorted) and the
        number of public screens, for this process."""
        with self.lock:
            screens = list(self.screens.get(meeting_id, {}).values())
        operators = sorted((role, person) for role, person in screens if role != PUBLIC)
        public = Counter(kind for role, kind in screens if role == PUBLIC)  # "projector" or "phone"
        return {
            "process": self.token,
            "operators": [{"role": role, "name": person} for role, person in operators],
            "public": sum(public.values()),
            "projectors": public["projector"],
            "phones": public["phone"],
        }
