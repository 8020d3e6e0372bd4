"""The people of a meeting before it starts: the delegates at the table and the citizens invited
from the hamlet's list, typed one by one or imported from the office's spreadsheet (the file is read
and previewed by ``server/imports.py``; what the office confirms arrives here as rows).

The same person is never added twice: a delegate is the same when the name and the unit are
(letter case and spacing aside, every diacritic counted). Citizens are told apart as a commune does:
two of one name and xóm are two people when their year of birth, gender or identity number differ
(``told_apart``); the same person when nothing tells them apart and they carry the same details; and
when one has a year of birth and the other none, only the office can say: the import's preview asks
it (``server/imports.py``), and ``another_person`` carries its answer.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Literal

from pydantic import Field

from .errors import refuse
from .fields import DelegateTitleTextOrEmpty, GroupTextOrEmpty, NameText, NoteTextOrEmpty, UnitTextOrEmpty, XomText
from .model import Citizen, Delegate, Meeting
from .payloads import IdNumber, Payload, Phone, clean_text
from .registry import CHAIR, DOOR, OFFICE, SECRETARY, changes_sent, command
from .roster import Gender

PREPARERS = {OFFICE, SECRETARY}  # the office prepares the lists; the secretary keeps them up to date
DOOR_TEAM = {DOOR, SECRETARY}  # who checks citizens in at the door
IMPORT_ROWS = 3000  # rows of one import at most (a hamlet invites about a hundred)


def person_key(*parts: str) -> tuple[str, ...]:
    """What makes two entries the same person: the parts compared NFC, spacing and letter case
    aside (diacritics count: "Ân" is not "An")."""
    return tuple(clean_text(part).casefold() for part in parts)


# What tells two citizens of one name and xóm apart, when both have it and they differ.
DISTINGUISHING = ("year_of_birth", "gender", "id_number")
OLDEST_YEAR = 1900  # a year of birth before it is a typing mistake


def told_apart(a: Any, b: Any) -> bool:
    """Whether two citizens (entities or rows) of one name and xóm are two people: a distinguishing
    field (year of birth, gender, identity number) that both have, with different values."""
    given = [(getattr(a, f, None), getattr(b, f, None)) for f in DISTINGUISHING]
    return any(x not in (None, "") and y not in (None, "") and x != y for x, y in given)


def same_citizen(a: Any, b: Any) -> str | None:
    """How ``a`` stands to ``b``: "same" when one name and xóm and the same distinguishing details
    (a list imported again), "unsure" when one name and xóm and nothing tells them apart but one
    has a detail the other lacks (only the office knows), None when they are two people."""
    if person_key(a.name, a.xom) != person_key(b.name, b.xom) or told_apart(a, b):
        return None
    if all((getattr(a, f, None) or None) == (getattr(b, f, None) or None) for f in DISTINGUISHING):
        return "same"
    return "unsure"


# ---------------------------------------------------------------- delegates


class DelegateRow(Payload):
    name: NameText
    title: DelegateTitleTextOrEmpty = ""
    unit: UnitTextOrEmpty = ""
    group: GroupTextOrEmpty = ""


class DelegateUpdate(Payload):
    delegate_id: int
    name: NameText | None = None
    title: DelegateTitleTextOrEmpty | None = None
    unit: UnitTextOrEmpty | None = None
    group: GroupTextOrEmpty | None = None


class DelegateRef(Payload):
    delegate_id: int


class DelegateMove(Payload):
    delegate_id: int
    before_id: int | None = Field(description="the delegate to move in front of; null for the end")


class DelegatePresent(Payload):
    delegate_id: int
    present: bool


class DelegatesImport(Payload):
    rows: list[DelegateRow] = Field(min_length=1, max_length=500)


def _delegate(state: Meeting, delegate_id: int) -> Delegate:
    delegate = state.delegate(delegate_id)
    if delegate is None:
        raise refuse("no_such_delegate", "delegate_id")
    return delegate


def _delegate_keys(state: Meeting, skip: int | None = None) -> set[tuple[str, ...]]:
    return {person_key(d.name, d.unit) for d in state.delegates if d.id != skip}


@command("delegate.add", PREPARERS, DelegateRow)
def delegate_add(state: Meeting, p: DelegateRow, now: float) -> None:
    """Add a delegate at the end of the table (name, title, unit, group)."""
    if person_key(p.name, p.unit) in _delegate_keys(state):
        raise refuse("duplicate_delegate", "name")
    state.delegates.append(Delegate(state.new_id(), p.name, p.title, p.unit, p.group))


@command("delegate.update", PREPARERS, DelegateUpdate)
def delegate_update(state: Meeting, p: DelegateUpdate, now: float) -> None:
    """Correct a delegate; only the fields sent change."""
    delegate = _delegate(state, p.delegate_id)
    _correct(
        delegate,
        changes_sent(p, "delegate_id"),
        ("name", "unit"),
        _delegate_keys(state, delegate.id),
        "duplicate_delegate",
    )


@command("delegate.move", PREPARERS, DelegateMove)
def delegate_move(state: Meeting, p: DelegateMove, now: float) -> None:
    """Move a delegate in front of another (the order they are introduced in), or to the end."""
    delegate = _delegate(state, p.delegate_id)
    if p.before_id == delegate.id:
        raise refuse("move_onto_itself", "before_id")
    before = None if p.before_id is None else _delegate(state, p.before_id)
    state.delegates.move(delegate, before)


@command("delegate.remove", PREPARERS, DelegateRef)
def delegate_remove(state: Meeting, p: DelegateRef, now: float) -> None:
    """Remove a delegate who will not come; not one the chair has named to answer an opinion."""
    delegate = _delegate(state, p.delegate_id)
    if any(o.answerer_delegate_id == delegate.id for o in state.opinions):
        raise refuse("delegate_in_use", "delegate_id")
    state.delegates.remove(delegate)


@command("delegate.present", PREPARERS | {CHAIR}, DelegatePresent)
def delegate_present(state: Meeting, p: DelegatePresent, now: float) -> None:
    """Mark a delegate present on the day (or not)."""
    delegate = _delegate(state, p.delegate_id)
    if delegate.present == p.present:
        raise refuse("nothing_to_change")
    delegate.present = p.present


@command("delegates.import", PREPARERS, DelegatesImport)
def delegates_import(state: Meeting, p: DelegatesImport, now: float) -> None:
    """Add the delegates of an imported list, in its order; one already at the table (same name and
    unit), or twice in the list, is added once."""
    _add_new(state, "delegates", p.rows, _delegate_keys(state), lambda r: (r.name, r.unit), _new_delegate)


def _new_delegate(state: Meeting, r: DelegateRow) -> Delegate:
    return Delegate(state.new_id(), r.name, r.title, r.unit, r.group)


# ---------------------------------------------------------------- invited citizens


def YearOfBirth() -> Any:
    """The optional ``year_of_birth`` field of a citizen's payload."""
    return Field(default=None, ge=OLDEST_YEAR, le=2100, description="the year of birth, e.g. 1951")


class CitizenRow(Payload):
    name: NameText
    xom: XomText
    phone: Phone = ""
    id_number: IdNumber = ""
    note: NoteTextOrEmpty = ""
    year_of_birth: int | None = YearOfBirth()
    gender: Gender | Literal[""] = ""
    another_person: bool = Field(
        default=False,
        description="the office says this is another person than an invited one of the same name and xóm "
        "whom nothing tells apart from it (never stored)",
    )


class CitizenUpdate(Payload):
    citizen_id: int
    name: NameText | None = None
    xom: XomText | None = None
    phone: Phone | None = None
    id_number: IdNumber | None = None
    note: NoteTextOrEmpty | None = None
    year_of_birth: int | None = YearOfBirth()
    gender: Gender | Literal[""] | None = None


class CitizenRef(Payload):
    citizen_id: int


class CitizensImport(Payload):
    rows: list[CitizenRow] = Field(min_length=1, max_length=IMPORT_ROWS)


def _citizen(state: Meeting, citizen_id: int) -> Citizen:
    citizen = state.citizens.get(citizen_id)
    if citizen is None:
        raise refuse("no_such_citizen", "citizen_id")
    return citizen


def _not_invited(state: Meeting, row: Any, skip: int | None = None, another: bool = False) -> None:
    """Refuse (``duplicate_citizen``) a citizen nothing tells apart from one already invited, unless
    the office says it is ``another`` person."""
    if not another and any(same_citizen(row, c) for c in state.citizens if c.id != skip):
        raise refuse("duplicate_citizen", "name")


@command("citizen.add", PREPARERS, CitizenRow)
def citizen_add(state: Meeting, p: CitizenRow, now: float) -> None:
    """Invite one citizen (name, xóm; phone, identity number and note are optional and private; year
    of birth and gender tell apart two of one name and xóm). One nothing tells apart from a citizen
    already invited is refused, unless the office says it is ``another_person``."""
    _not_invited(state, p, another=p.another_person)
    state.citizens.append(_new_citizen(state, p))


@command("citizen.update", PREPARERS, CitizenUpdate)
def citizen_update(state: Meeting, p: CitizenUpdate, now: float) -> None:
    """Correct an invited citizen; only the fields sent change (``year_of_birth`` null clears it),
    unless the result is a citizen nothing tells apart from another one invited."""
    citizen = _citizen(state, p.citizen_id)
    changes = p.model_dump(exclude_unset=True, exclude={"citizen_id"})
    if not changes:
        raise refuse("nothing_to_change")
    for name, value in changes.items():
        if value is None and name != "year_of_birth":
            raise refuse("wrong_type", name)
    corrected = _Row(**{f: changes.get(f, getattr(citizen, f)) for f in ("name", "xom", *DISTINGUISHING)})
    if any(same_citizen(corrected, c) for c in state.citizens if c.id != citizen.id):
        raise refuse("duplicate_citizen", "name")
    for key, value in changes.items():
        setattr(citizen, key, value)


class _Row:
    def __init__(self, **values: Any):
        self.__dict__.update(values)


@command("citizen.remove", PREPARERS, CitizenRef)
def citizen_remove(state: Meeting, p: CitizenRef, now: float) -> None:
    """Take a citizen off the invitation list; not one already checked in at the door."""
    citizen = _citizen(state, p.citizen_id)
    if citizen.present:
        raise refuse("citizen_present", "citizen_id")
    state.citizens.remove(citizen)


@command("citizens.import", PREPARERS, CitizensImport)
def citizens_import(state: Meeting, p: CitizensImport, now: float) -> None:
    """Add the citizens of an imported list, in its order. A row nothing tells apart from a citizen
    already invited or an earlier row (one name and xóm, no year of birth, gender or identity number
    that differs) is added once, so importing the same file again adds nobody; unless the office
    said it is ``another_person`` (the preview asks it)."""
    added = 0
    for r in p.rows:
        if not r.another_person and any(same_citizen(r, c) for c in state.citizens):
            continue
        state.citizens.append(_new_citizen(state, r))
        added += 1
    if not added:
        raise refuse("nothing_new")


def _new_citizen(state: Meeting, r: CitizenRow) -> Citizen:
    return Citizen(
        state.new_id(), r.name, r.xom, r.phone, r.id_number, r.note, year_of_birth=r.year_of_birth, gender=r.gender
    )


def _correct(entity: Any, changes: dict[str, Any], key_fields: tuple[str, str], others: set, code: str) -> None:
    """Apply a correction, unless it makes the entity the same person as another (``others``)."""
    if person_key(*(changes.get(f, getattr(entity, f)) for f in key_fields)) in others:
        raise refuse(code, "name")
    for key, value in changes.items():
        setattr(entity, key, value)


def _add_new(
    state: Meeting,
    collection: str,
    rows: list[Any],
    keys: set[tuple[str, ...]],
    key_parts: Callable[[Any], tuple[str, ...]],
    make: Callable[[Meeting, Any], Any],
) -> None:
    """Append ``make(state, row)`` to ``collection`` for each row whose person is not in ``keys``
    yet; refuse when that is none of them (nothing new to add)."""
    added = 0
    for r in rows:
        key = person_key(*key_parts(r))
        if key in keys:
            continue
        keys.add(key)
        getattr(state, collection).append(make(state, r))
        added += 1
    if not added:
        raise refuse("nothing_new")


# ---------------------------------------------------------------- check-in at the door


class WalkIn(Payload):
    name: NameText
    xom: XomText
    year_of_birth: int | None = YearOfBirth()
    gender: Gender | Literal[""] = ""
    another_person: bool = False


def _attendance_open(state: Meeting) -> None:
    """Attendance is closed with the meeting: the figures the documents are made from (and a
    finalised minutes' version states) cannot change after the close. Reopening reopens it."""
    if state.ended_at is not None:
        raise refuse("attendance_closed")


@command("citizen.checkin", DOOR_TEAM, CitizenRef)
def citizen_checkin(state: Meeting, p: CitizenRef, now: float) -> None:
    """Mark an invited citizen present at the door. Two door devices tapping the same person: the
    second is told, and nobody is counted twice. Refused once the meeting is closed."""
    _attendance_open(state)
    citizen = _citizen(state, p.citizen_id)
    if citizen.present:
        raise refuse("already_present", "citizen_id")
    citizen.present, citizen.checked_in_at = True, now


@command("citizen.checkout", DOOR_TEAM, CitizenRef)
def citizen_checkout(state: Meeting, p: CitizenRef, now: float) -> None:
    """Undo a check-in (a wrong tap); not once the meeting is closed."""
    _attendance_open(state)
    citizen = _citizen(state, p.citizen_id)
    if not citizen.present:
        raise refuse("not_present", "citizen_id")
    citizen.present, citizen.checked_in_at = False, None


@command("citizen.walk_in", DOOR_TEAM, WalkIn)
def citizen_walk_in(state: Meeting, p: WalkIn, now: float) -> None:
    """Add a citizen who came without an invitation, present. One already on the list is checked in
    instead (``citizen.checkin``): one nothing tells apart from an invited citizen is refused as a
    duplicate (unless ``another_person``), so nobody is on the list twice. Not once the meeting is
    closed."""
    _attendance_open(state)
    _not_invited(state, p, another=p.another_person)
    state.citizens.append(
        Citizen(
            state.new_id(),
            p.name,
            p.xom,
            year_of_birth=p.year_of_birth,
            gender=p.gender,
            present=True,
            walk_in=True,
            checked_in_at=now,
        )
    )
