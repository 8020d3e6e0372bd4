"""Strict payload validation with pydantic.

Every payload model rejects unknown keys and wrong types (``strict``: no "3" for 3,
no true for 1). Every text field is one of the types of ``fields``, whose one check refuses
broken, control, bidi and invisible-only text, normalises it to Unicode NFC (so Vietnamese
typed with a decomposed keyboard layout compares and searches like the rest), trims it and
checks its length. Pydantic's errors become ``Problem`` codes here.
"""

from __future__ import annotations

import json
import re
from typing import Annotated, Any

from pydantic import AfterValidator, BaseModel, ConfigDict, ValidationError
from pydantic_core import ErrorDetails, PydanticCustomError

from .errors import CommandError, Problem
from .fields import BIDI_CONTROLS, CONTROLS, SURROGATES, clean_lines, clean_text  # noqa: F401  (importers read them here)


class Payload(BaseModel):
    """Base of every command payload."""

    model_config = ConfigDict(strict=True, extra="forbid", frozen=True)


def _digits(pattern: str, code: str) -> Any:
    """A number typed with spaces, dots or dashes, kept as its digits, which must match ``pattern``
    ("" is allowed: these fields are optional)."""

    def check(value: str) -> str:
        value = re.sub(r"[\s.\-]", "", value)
        if value and not re.fullmatch(pattern, value):
            raise PydanticCustomError(code, code)
        return value

    return Annotated[str, AfterValidator(check)]


Phone = _digits(r"\+?[0-9]{8,15}", "bad_phone")
IdNumber = _digits(r"[0-9]{9}|[0-9]{12}", "bad_id_number")  # the old 9-digit CMND or the 12-digit CCCD

# pydantic error types that mean "this value has the wrong JSON type"
_TYPE_ERRORS = {
    "string_type",
    "int_type",
    "bool_type",
    "float_type",
    "dict_type",
    "list_type",
    "model_type",
    "model_attributes_type",
    "none_required",
    "int_from_float",
}
# the refusals of ``fields.check_text``, each its own code
TEXT_CODES = {"empty", "too_long", "bad_unicode", "control_character", "bidi_control", "invisible_only"}
_RANGE_ERRORS = {"greater_than_equal", "less_than_equal", "greater_than", "less_than"}


def _problem(error: ErrorDetails) -> Problem:
    kind = error["type"]
    field = ".".join(str(part) for part in error["loc"]) or None
    ctx = {k: v for k, v in (error.get("ctx") or {}).items() if isinstance(v, (int, float, str))}
    if kind == "missing":
        return Problem("required", field)
    if kind == "extra_forbidden":
        return Problem("unknown_field", field)
    if kind in _TYPE_ERRORS:
        return Problem("wrong_type", field)
    if kind in _RANGE_ERRORS:
        code = "too_small" if kind.startswith("greater") else "too_large"
        return Problem(code, field, {"limit": next(iter(ctx.values()), "")})
    if kind == "too_short" and "min_length" in ctx:  # a list with too few items
        return Problem("too_few", field, {"min": ctx["min_length"]})
    if kind == "too_long" and "max_length" in ctx:  # a list with too many items
        return Problem("too_many", field, {"max": ctx["max_length"]})
    if kind.startswith("date_"):
        return Problem("bad_date", field)
    if kind == "literal_error":
        return Problem("not_allowed", field, {"expected": ctx.get("expected", "")})
    if kind in TEXT_CODES or kind in {"bad_phone", "bad_id_number", "bad_date"} or kind.startswith("x_"):
        return Problem(kind, field, ctx)
    return Problem("invalid", field)


# In a payload dumped as JSON (C0 controls escaped by json, the rest raw): what might be a
# character refused anywhere. A hit is confirmed on the values themselves (``_odd``).
_SUSPECT = re.compile(r"\\u00[01][0-9a-fA-F]|\\u007[fF]|\\[bf]|[\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")


def _odd(text: str) -> str | None:
    """The code of a character no stored text may hold, whatever its field: broken, control (tab
    and line breaks aside), bidi."""
    if SURROGATES.search(text):
        return "bad_unicode"
    if CONTROLS.search(text):
        return "control_character"
    if BIDI_CONTROLS.search(text):
        return "bidi_control"
    return None


def unstorable(raw: Any, path: str = "") -> Problem | None:
    """What in ``raw`` no database, file or screen should get, whatever field holds it, even one no
    model reads (``expected`` takes any value): a text, key or value, with a lone surrogate, a
    control or a bidi character (``bad_unicode``, ``control_character``, ``bidi_control``), or a
    value JSON does not have, such as the bytes of a binary Socket.IO packet (``wrong_type``); with
    its path (``rows.3.name``). None when there is nothing of the kind, found at C speed."""
    if not path:
        try:
            if not _SUSPECT.search(json.dumps(raw, ensure_ascii=False)):
                return None
        except (TypeError, ValueError):  # bytes: found below
            pass
    if isinstance(raw, str):
        code = _odd(raw)
        return Problem(code, path or None) if code else None
    if isinstance(raw, (dict, list)):
        items = raw.items() if isinstance(raw, dict) else enumerate(raw)
        for key, value in items:
            where = f"{path}.{key}" if path else str(key)
            code = _odd(key) if isinstance(key, str) else None
            found = Problem(code, where) if code else unstorable(value, where)
            if found is not None:
                return found
        return None
    if raw is None or isinstance(raw, (bool, int, float)):
        return None
    return Problem("wrong_type", path or None)


def validate(model: type[Payload], raw: Any) -> Payload:
    """Validate ``raw`` against ``model``; raise ``CommandError`` listing every problem."""
    if not isinstance(raw, dict):
        raise CommandError(Problem("wrong_type", "payload"))
    problem = unstorable(raw)
    if problem is not None:
        raise CommandError(problem)
    try:
        return model.model_validate(raw)
    except ValidationError as exc:
        raise CommandError(*(_problem(e) for e in exc.errors())) from None
