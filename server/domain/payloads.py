"""Strict payload validation with pydantic.

Every payload model rejects unknown keys and wrong types (``strict``: no "3" for 3,
no true for 1). Text is normalised to Unicode NFC, so Vietnamese typed with a
decomposed keyboard layout compares and searches like the rest, and trimmed;
then its length is checked. Pydantic's errors become ``Problem`` codes here.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Annotated, Any

from pydantic import AfterValidator, BaseModel, ConfigDict, ValidationError
from pydantic_core import ErrorDetails, PydanticCustomError

from .errors import CommandError, Problem


class Payload(BaseModel):
    """Base of every command payload."""

    model_config = ConfigDict(strict=True, extra="forbid", frozen=True)


def clean_text(value: str) -> str:
    """NFC-normalise, fold runs of white space, trim."""
    return re.sub(r"\s+", " ", unicodedata.normalize("NFC", value)).strip()


def clean_lines(value: str) -> str:
    """NFC-normalise, fold white space within each line, trim; keep the line breaks (one blank line
    at most between paragraphs)."""
    lines = [re.sub(r"[^\S\n]+", " ", line).strip() for line in unicodedata.normalize("NFC", value).splitlines()]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def _text_check(max_length: int, required: bool, multiline: bool = False) -> AfterValidator:
    def check(value: str) -> str:
        value = clean_lines(value) if multiline else clean_text(value)
        if required and not value:
            raise PydanticCustomError("empty", "empty")
        if len(value) > max_length:
            raise PydanticCustomError("too_long", "too long", {"max": max_length})
        return value

    return AfterValidator(check)


def Text(max_length: int, required: bool = True, multiline: bool = False) -> Any:
    """A trimmed, NFC-normalised string of at most ``max_length`` characters (``multiline``: its line
    breaks kept)."""
    return Annotated[str, _text_check(max_length, required, multiline)]


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
    if kind in {"empty", "too_long", "bad_phone", "bad_id_number", "bad_date"} or kind.startswith("x_"):
        return Problem(kind, field, ctx)
    return Problem("invalid", field)


def validate(model: type[Payload], raw: Any) -> Payload:
    """Validate ``raw`` against ``model``; raise ``CommandError`` listing every problem."""
    if not isinstance(raw, dict):
        raise CommandError(Problem("wrong_type", "payload"))
    try:
        return model.model_validate(raw)
    except ValidationError as exc:
        raise CommandError(*(_problem(e) for e in exc.errors())) from None
