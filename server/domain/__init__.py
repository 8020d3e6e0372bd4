"""The pure domain core: the meeting's state and the commands that change it.

Nothing here imports Flask, Socket.IO or a database, and nothing reads the clock:
``now`` is always an argument. See ``docs/design.md``.
"""

from .commands import CHAIR, LIMITS, OPERATORS, PUBLIC, REGISTRY, ROLES, SECRETARY, execute
from .errors import CommandError, Problem, refuse
from .model import Meeting, Settings, Speaker, Stage, Timer, estimated_end
from .projection import project

__all__ = [
    "CHAIR",
    "LIMITS",
    "OPERATORS",
    "PUBLIC",
    "REGISTRY",
    "ROLES",
    "SECRETARY",
    "CommandError",
    "Meeting",
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
