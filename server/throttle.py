"""Counting what must not happen too often: wrong PINs per address, and phones' requests to speak.

The counts are moving windows kept by the ``limits`` library: in this process's memory when the
server runs alone, and in Redis at the message-queue URL when several processes share meetings, so
that an address locked out by one process is locked out by all of them (a guesser behind the proxy
cannot spread guesses over the processes). If Redis cannot be reached, each process goes on
counting in its own memory and says so in its log: throttling gets weaker, the meeting goes on.

Every refusal is logged (logger ``server.throttle``) with the address, so the office can see who
tried.
"""

from __future__ import annotations

import logging
from typing import Any

from limits import RateLimitItem, RateLimitItemPerMinute
from limits.storage import MemoryStorage, storage_from_string
from limits.strategies import MovingWindowRateLimiter

from .domain.errors import Problem
from .i18n.refusals import error_ack

log = logging.getLogger(__name__)


class Counter:
    """Moving-window counts shared through ``storage_uri`` (``redis://…``) or in memory (None)."""

    def __init__(self, storage_uri: str | None = None, prefix: str = "dialogue"):
        self.local = MovingWindowRateLimiter(MemoryStorage())
        self.limiter = self.local
        if storage_uri:
            self.limiter = MovingWindowRateLimiter(storage_from_string(storage_uri, key_prefix=prefix))

    def _call(self, method: str, limit: RateLimitItem, key: str) -> bool:
        """``test`` or ``hit`` on the shared counts; on this process's own once they fail."""
        try:
            return bool(getattr(self.limiter, method)(limit, key))
        except Exception as error:  # noqa: BLE001  (any storage failure: keep counting here)
            if self.limiter is self.local:
                raise
            log.error("throttle: shared counts unreachable (%s); counting in this process only", error)
            self.limiter = self.local
            return bool(getattr(self.local, method)(limit, key))

    def full(self, limit: RateLimitItem, key: str) -> bool:
        """Whether ``key`` has used up ``limit`` in the current window."""
        return not self._call("test", limit, key)

    def add(self, limit: RateLimitItem, key: str) -> None:
        self._call("hit", limit, key)


class PinGuard:
    """At most ``limit`` wrong PINs a minute from one address; then every attempt from it is
    refused, right PIN or not, until the window has room again."""

    def __init__(self, counter: Counter, limit: int = 5):
        self.counter, self.limit = counter, RateLimitItemPerMinute(limit)

    def blocked(self, address: str) -> bool:
        if self.counter.full(self.limit, f"pin/{address}"):
            log.warning("throttle: %r is locked out after too many wrong PINs", address)
            return True
        return False

    def failed(self, address: str, what: str) -> None:
        """Count a wrong PIN from ``address``; ``what`` says what it tried to open, for the log."""
        log.warning("throttle: wrong PIN from %r for %r", address, what)
        self.counter.add(self.limit, f"pin/{address}")


class SubmitLimiter:
    """Requests to speak from phones, at most ``per_device`` a minute from one phone (its token) and
    ``per_address`` from one address, and ``per_meeting`` a minute for a whole meeting: a flood gets
    a polite refusal before it reaches the write lock, so it never slows the live screens.

    Only accepted requests count (``count``, after the ack): a phone's refused request
    (``already_registered``, a validation error, registration closed) and every other command or
    role never use up the limit. ``refuse`` only reads the counts."""

    def __init__(self, counter: Counter, per_device: int = 3, per_address: int = 10, per_meeting: int = 120):
        self.counter = counter
        self.limits = {
            "device": RateLimitItemPerMinute(per_device),
            "address": RateLimitItemPerMinute(per_address),
            "meeting": RateLimitItemPerMinute(per_meeting),
        }

    @staticmethod
    def _keys(meeting_id: int, data: Any, address: str | None) -> dict[str, str]:
        payload = data.get("payload") if isinstance(data, dict) else None
        device = payload.get("device") if isinstance(payload, dict) else None
        return {
            "meeting": f"submit/{meeting_id}",
            "address": f"submit/{meeting_id}/address/{address or '?'}",
            "device": f"submit/{meeting_id}/device/{str(device)[:64]}",
        }

    def refuse(self, meeting_id: int, data: Any, address: str | None) -> dict[str, Any] | None:
        """``slow_down`` when the phone, its address or the meeting has used up its limit, else None."""
        for kind, key in self._keys(meeting_id, data, address).items():
            if self.counter.full(self.limits[kind], key):
                log.warning("throttle: request to speak refused (%s over its limit) from %r", kind, address)
                return error_ack(Problem("slow_down"))
        return None

    def count(self, meeting_id: int, data: Any, address: str | None) -> None:
        """Count a request to speak that was accepted."""
        for kind, key in self._keys(meeting_id, data, address).items():
            self.counter.add(self.limits[kind], key)
