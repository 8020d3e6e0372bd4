"""Who comes to the meeting and how it is prepared: the delegates at the table, the invited
citizens, the requests to speak sent from phones, and the preparation duties. Rows of the meeting's
collections (``model.ROW_CLASSES``), plain dataclasses, no I/O, like the rest of ``model.py``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, get_args

from .tracking import Entity


@dataclass
class Delegate(Entity):
    """An official or guest at the table; public information."""

    _collection = "delegates"

    id: int
    name: str
    title: str
    unit: str = ""
    group: str = ""  # the table's group, as introduced: "Đại biểu cấp tỉnh", "Thôn", …
    present: bool = False  # marked on the day


@dataclass
class Citizen(Entity):
    """A citizen invited to the meeting, from the hamlet's list (typed or imported).

    ``phone``, ``id_number`` and ``note`` are private: only the secretary and the office see them.
    A commune tells two people of one name and xóm apart by their year of birth (and gender):
    those two the door team sees too, to check in the right one, but never the hall.
    """

    _collection = "citizens"

    id: int
    name: str
    xom: str
    phone: str = ""
    id_number: str = ""
    note: str = ""
    year_of_birth: int | None = None
    gender: str = ""  # "", or one of GENDERS
    present: bool = False  # checked in at the door (on the day)
    walk_in: bool = False  # came without an invitation, added at the door
    checked_in_at: float | None = None


Gender = Literal["nam", "nu"]  # as the lists write it: "Nam", "Nữ"
GENDERS: tuple[str, ...] = get_args(Gender)


# A request to speak sent from a citizen's phone, until the secretary decides on it.
PENDING, ACCEPTED, REJECTED = "pending", "accepted", "rejected"


@dataclass
class SpeakRequest(Entity):
    """A registration to speak sent from a phone, waiting for the secretary: accepted into the
    queue (``speaker_id``: the registration it became, or the paper one it was merged with) or
    rejected with a reason. ``device`` (a hash of the phone's own random token) is private: it lets
    that phone, and only it, follow its request."""

    _collection = "requests"

    id: int
    name: str
    xom: str
    topic: str
    text: str = ""
    status: str = PENDING
    reason: str = ""
    speaker_id: int | None = None
    device: str = ""
    submitted_at: float = 0.0
    decided_at: float | None = None


# A preparation duty's status (``Duty``): to do, or done.
TODO, DONE_DUTY = "todo", "done"


@dataclass
class Duty(Entity):
    """A preparation duty of the plan: a unit's task, who does it, and by when, counted in working
    days before the meeting (the date itself is derived from the meeting's, never stored)."""

    _collection = "duties"

    id: int
    unit: str
    task: str
    person: str = ""
    days_before: int = 0  # working days before the meeting day (0: on the day)
    status: str = TODO
    done_at: float | None = None
