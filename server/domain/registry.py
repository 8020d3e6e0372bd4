"""The command registry: every change to a meeting is a named command registered here.

A command has a name (``noun.verb``), the roles that may send it, a payload model and an apply
function that changes the meeting in place. Running one is two steps:

- ``check(name, payload, role)`` needs no state: the command exists, the role may send it, the
  payload is valid. The server does this before it takes the write lock.
- ``apply(state, prepared, now)`` applies it to the meeting and returns the ``Journal`` of what
  changed; a refusal (``CommandError``) leaves the meeting exactly as it was.

``execute`` does both on a copy, for tests and tools that want a new state and an untouched old one.

Commands that depend on what the sender saw carry it (``expected_stage_id``,
``expected_speaker_id``, ``speaker_id``) and are refused when it is stale, so a double tap or two
operators pressing at once never skips a speaker.
"""

from __future__ import annotations

import copy
import inspect
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, TypeVar

from pydantic import Field

from .errors import refuse
from .fields import LIMITS  # noqa: F401  (importers read the limits here too)
from .model import CLOSED, Meeting, Speaker
from .payloads import Payload, validate
from .tracking import Journal

CHAIR = "chair"
SECRETARY = "secretary"
PUBLIC = "public"
DOOR = "door"  # the door team's phones and laptops: check-in
ROLES = (CHAIR, SECRETARY, DOOR, PUBLIC)  # the roles of a meeting's screens, each with its room
OFFICE = "office"  # the commune office: follows up every meeting's assignments, joins no meeting
OPERATORS = frozenset({CHAIR, SECRETARY})
PIN_ROLES = frozenset({CHAIR, SECRETARY, DOOR})  # a meeting's roles that need its PIN (and a name)


ApplyFn = TypeVar("ApplyFn", bound=Callable[[Meeting, Any, float], None])


@dataclass(frozen=True)
class Command:
    name: str
    roles: frozenset[str]
    payload: type[Payload]
    apply: Callable[[Meeting, Any, float], None]
    doc: str
    creates: bool = False  # applied to a blank meeting, which it creates
    source: str | None = None  # (creates) the payload field naming the meeting the blank one copies


@dataclass(frozen=True)
class Prepared:
    """A command that passed the checks that need no state."""

    command: Command
    payload: Payload


REGISTRY: dict[str, Command] = {}


def command(
    name: str,
    roles: frozenset[str] | set[str],
    payload: type[Payload],
    creates: bool = False,
    source: str | None = None,
) -> Callable[[ApplyFn], ApplyFn]:
    """Register ``fn(state, payload, now)`` as the command ``name`` (``creates``: it makes a new
    meeting out of a blank one; ``source``: the payload field naming the earlier meeting the blank
    one is made from, by ``meetings.template``)."""

    def register(fn: ApplyFn) -> ApplyFn:
        if name in REGISTRY:
            raise ValueError(f"command {name} registered twice")
        REGISTRY[name] = Command(name, frozenset(roles), payload, fn, inspect.getdoc(fn) or "", creates, source)
        return fn

    return register


def check(name: str, raw_payload: Any, role: str) -> Prepared:
    """The checks that need no state: the command exists, ``role`` may send it, the payload is
    valid. Raises ``CommandError``."""
    cmd = REGISTRY.get(name)
    if cmd is None:
        raise refuse("unknown_command", "name", name=name)
    if role not in cmd.roles:
        raise refuse("forbidden", None, name=name)
    return Prepared(cmd, validate(cmd.payload, raw_payload))


def apply(state: Meeting, prepared: Prepared, now: float) -> Journal:
    """Apply a checked command to ``state`` in place and return what changed. Raises
    ``CommandError`` when it is not valid in this state, and then ``state`` is unchanged."""
    if state.status in CLOSED and prepared.command.name != "meeting.unarchive":
        raise refuse("meeting_closed", None, phase=state.status)
    journal = Journal()
    with journal.recording():
        prepared.command.apply(state, prepared.payload, now)
        state.version += 1
    return journal


def execute(state: Meeting, name: str, raw_payload: Any, role: str, now: float) -> Meeting:
    """Check and apply one command on a copy of ``state``; return the new state (``state`` is
    never modified). Raises ``CommandError``."""
    prepared = check(name, raw_payload, role)
    new = copy.deepcopy(state)
    apply(new, prepared, now)
    return new


# ---------------------------------------------------------------- helpers shared by commands


class Empty(Payload):
    pass


def speaker_in(state: Meeting, speaker_id: int, *allowed: str) -> Speaker:
    """The speaker ``speaker_id``, whose status must be one of ``allowed`` (if given)."""
    speaker = state.speaker(speaker_id)
    if speaker is None:
        raise refuse("no_such_speaker", "speaker_id")
    if allowed and speaker.status not in allowed:
        raise refuse("speaker_status", "speaker_id", status=speaker.status)
    return speaker


def Expected() -> Any:
    """The ``expected`` field of a correction command: the values the sender's form was loaded
    with, by field name."""
    return Field(
        default_factory=dict,
        description="the values the sender's form was loaded with, by field: a field another screen has "
        "changed since is refused, and nothing changes",
    )


def unchanged(expected: dict[str, Any], fields: Iterable[str], current: Callable[[str], Any]) -> None:
    """Refuse (``changed_meanwhile``) when one of ``fields`` the sender says it saw has another value
    now: two screens that correct the same thing at once never overwrite each other silently."""
    for key in fields:
        if key in expected and expected[key] != current(key):
            raise refuse("changed_meanwhile", key)


def changes_sent(p: Payload, *keys: str) -> dict[str, Any]:
    """The fields a correction command sent besides ``keys`` (the entity's id): at least one, and
    none null."""
    changes = p.model_dump(exclude_unset=True, exclude=set(keys))
    if not changes:
        raise refuse("nothing_to_change")
    for name, value in changes.items():
        if value is None:
            raise refuse("wrong_type", name)
    return changes
