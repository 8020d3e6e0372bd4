"""Working days in Vietnam: weekends, public holidays (lunar ones included: Tết, Giỗ Tổ Hùng
Vương) and the government's substituted days, from the ``holidays`` library rather than a
hand-written table that would need updating every year."""

from __future__ import annotations

import importlib.util
import sys
from datetime import date
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from holidays.countries.vietnam import Vietnam


def _vietnam() -> Vietnam:
    """Vietnam's holidays, importing Vietnam's module only.

    The package ``holidays.countries`` imports all ~250 countries when it is run: about 8 MB and a
    tenth of a second at every start, for the one country we use. Its package object is made
    without running it, so that importing its ``vietnam`` submodule does not run it either (another
    country's submodule would still import as usual). ``tests/domain/test_domain.py`` checks the holidays
    against the package's ordinary ``holidays.VN()``.
    """
    name = "holidays.countries"
    if name not in sys.modules:
        spec = importlib.util.find_spec(name)
        assert spec is not None
        sys.modules[name] = importlib.util.module_from_spec(spec)
    from holidays.countries.vietnam import Vietnam

    return Vietnam()


_VN = _vietnam()  # fills in each year on first use


def add_working_days(start: date, days: int) -> date:
    """The date ``days`` working days after ``start`` (``start`` itself does not count)."""
    return _VN.get_nth_working_day(start, days)


def working_days_left(today: date, deadline: date) -> int:
    """Working days from ``today`` (exclusive) to ``deadline`` (inclusive); negative when overdue,
    counting the calendar days past the deadline."""
    if deadline < today:
        return -(today - deadline).days
    if deadline == today:
        return 0
    return _VN.get_working_days_count(date.fromordinal(today.toordinal() + 1), deadline)


def is_working_day(day: date) -> bool:
    return _VN.is_working_day(day)
