"""The pure domain core: the meeting's state and the commands that change it.

Nothing here imports Flask, Socket.IO or a database, and nothing reads the clock:
``now`` is always an argument. See ``docs/design.md``.
"""

from . import aftermath, duties, hall, meetings, opinions, people, registrations, requests, stages, turns  # noqa: F401  (register their commands)
from .changes import apply_effect, effect
from .errors import CommandError, Problem, refuse
from .model import Meeting, Opinion, Settings, Speaker, Stage, Timer, estimated_end
from .projection import logged_payload, patch, project
from .registry import (
    CHAIR,
    DOOR,
    LIMITS,
    OFFICE,
    OPERATORS,
    PIN_ROLES,
    PUBLIC,
    REGISTRY,
    ROLES,
    SECRETARY,
    Prepared,
    apply,
    check,
    execute,
)
from .tracking import Journal

__all__ = [
    "CHAIR",
    "DOOR",
    "LIMITS",
    "OFFICE",
    "OPERATORS",
    "PIN_ROLES",
    "PUBLIC",
    "REGISTRY",
    "ROLES",
    "SECRETARY",
    "CommandError",
    "Journal",
    "Meeting",
    "Opinion",
    "Prepared",
    "Problem",
    "Settings",
    "Speaker",
    "Stage",
    "Timer",
    "apply",
    "apply_effect",
    "check",
    "effect",
    "estimated_end",
    "execute",
    "patch",
    "project",
    "logged_payload",
    "refuse",
]
