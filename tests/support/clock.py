"""A clock the tests set."""

from __future__ import annotations


class FakeClock:
    """A settable clock: ``clock()`` returns now; ``clock.advance(s)`` moves it."""

    def __init__(self, start: float = 1_685_000_000.0):  # 25/05/2023, the An Bộ meeting
        self.now = start

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds
