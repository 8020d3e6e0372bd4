"""Working days in Vietnam: weekends, public holidays (lunar ones included: Tết, Giỗ Tổ Hùng
Vương) and the government's substituted days, from the ``holidays`` library rather than a
hand-written table that would need updating every year."""

from __future__ import annotations

from datetime import date

import holidays

_VN = holidays.VN()  # fills in each year on first use


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
