"""The pure domain core: the meeting's state and the commands that change it.

Nothing here imports Flask, Socket.IO or a database, and nothing reads the clock:
``now`` is always an argument. See ``docs/design.md``.
"""

from . import opinions  # noqa: F401  (registers the opinion commands)
from .commands import CHAIR, LIMITS, OFFICE, OPERATORS, PUBLIC, REGISTRY, ROLES, SECRETARY, execute
from .errors import CommandError, Problem, refuse
from .model import Meeting, Opinion, Settings, Speaker, Stage, Timer, estimated_end
from .projection import project

__all__ = [
    "CHAIR",
    "LIMITS",
    "OFFICE",
    "OPERATORS",
    "PUBLIC",
    "REGISTRY",
    "ROLES",
    "SECRETARY",
    "CommandError",
    "Meeting",
    "Opinion",
    "Problem",
    "Settings",
    "Speaker",
    "Stage",
    "Timer",
    "estimated_end",
    "execute",
    "project",
    "refuse",
]
