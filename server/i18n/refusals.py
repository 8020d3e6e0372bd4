"""The one error shape of every refusal, in the user's language: ``error_ack`` turns ``Problem``
codes (from the domain, the pipeline, the web layer) into ``{"ok": false, "errors": [{"code",
"field", "message"}]}``. Only the web edge calls it: the domain and the pipeline return problems.
"""

from __future__ import annotations

from typing import Any

from ..domain.errors import Problem
from .problems import ENVELOPE_CODES, FIELD_NAMES, PROBLEMS
from .vocabularies import PHASE_NAMES, STATUS_NAMES


def describe(problem: Problem) -> dict[str, Any]:
    """One problem as the client sees it: code, field, and a sentence in the user's language."""
    params = dict(problem.params)
    if "status" in params:
        params["status"] = str(STATUS_NAMES.get(params["status"], params["status"]))
    if "phase" in params:
        params["phase"] = str(PHASE_NAMES.get(params["phase"], params["phase"]))
    template = PROBLEMS.get(problem.code, PROBLEMS["invalid"])
    message = str(template) % params if params else str(template)
    if problem.field and problem.field in FIELD_NAMES and problem.code not in ENVELOPE_CODES:
        message = f"{FIELD_NAMES[problem.field]}: {message}"
    return {"code": problem.code, "field": problem.field, "message": message}


def error_ack(*problems: Problem) -> dict[str, Any]:
    """The one shape of every refusal."""
    return {"ok": False, "errors": [describe(p) for p in problems]}
