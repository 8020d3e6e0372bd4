"""Why a command was refused, as codes with parameters.

The core never writes a sentence: the server turns each code into a message in
the user's language (``server/i18n/``), so the core stays free of Flask.
"""

from __future__ import annotations

from dataclasses import dataclass
from dataclasses import field as dc_field
from typing import Any


@dataclass(frozen=True)
class Problem:
    """One reason for refusing a command. ``field`` names the payload field, if any."""

    code: str
    field: str | None = None
    params: dict[str, Any] = dc_field(default_factory=dict)


class CommandError(Exception):
    """A command was refused; nothing was changed."""

    def __init__(self, *problems: Problem):
        super().__init__(", ".join(p.code for p in problems))
        self.problems = list(problems)


def refuse(code: str, field: str | None = None, **params: Any) -> CommandError:
    """Build the error for one problem: ``raise refuse("stale_stage")``."""
    return CommandError(Problem(code, field, params))
