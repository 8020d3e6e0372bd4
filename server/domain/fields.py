"""Every text field's type, and the one check every text goes through.

A text field is a named type alias, ``Annotated[str, <the check>]``, checked by mypy like any other
type; the limits (characters, by field name) are here too, and the pages' ``maxlength`` attributes
read them (``LIMITS``). ``check_text`` is the one place where text from outside is refused or
cleaned, in this order:

1. ``bad_unicode``: a lone surrogate (half of a UTF-16 pair, ``\\ud800``), which no file or
   document can store;
2. ``control_character``: NUL and the other C0 controls, DEL and the C1 controls (U+0080–U+009F).
   Tab, line feed and carriage return are white space: kept as line breaks in a multi-line field,
   folded into one space in every other (a textarea's Enter is not an error);
3. ``bidi_control``: the bidirectional overrides and isolates U+202A–U+202E and U+2066–U+2069,
   which show a name reversed or hide part of it;
4. then the value is normalised to NFC, its white space folded and trimmed; empty is ``empty``
   where the field is required;
5. ``invisible_only``: a value with nothing visible once the invisible characters (zero-width
   spaces and joiners, word joiner, soft hyphen, byte order mark and other format characters,
   fillers, variation selectors) are set aside: an invisible speaker on the projector;
6. ``too_long``: more characters than the field's limit.

Invisible characters inside a visible text stay (a zero-width joiner is part of some emoji).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Annotated, Any

from pydantic import AfterValidator
from pydantic_core import PydanticCustomError

# Text limits (characters) of every text field, by field name: the payload models and the pages'
# maxlength attributes both read them here.
LIMITS = {
    "title": 300,
    "hamlet": 80,
    "place": 200,
    "organiser": 200,
    "banner_line": 200,
    "stage_title": 200,
    "name": 80,
    "xom": 60,
    "topic": 200,
    "note": 500,
    "message": 120,
    "category": 60,
    "summary": 300,
    "text": 4000,
    "unit": 120,
    "citizen": 80,
    "answerer": 120,
    "answer": 1000,
    "answered_by": 120,
    "forwarded_to": 120,
    "prior_ref": 60,
    "prior_body": 120,
    "reply_summary": 1000,
    "reply_ref": 60,
    "delegate_title": 150,
    "group": 80,
    "unit_level": 40,
    "unit_name": 80,
    "person_title": 150,
    "conclusion": 8000,
    "search": 300,
}

SURROGATES = re.compile("[\ud800-\udfff]")
# C0 but tab, line feed and carriage return (white space); DEL; C1.
CONTROLS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
BIDI_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069]")
# Not format characters (Cf) by category, yet drawn as nothing: Hangul fillers, the combining
# grapheme joiner, variation selectors, the Mongolian vowel separator, the braille blank.
_INVISIBLE_OTHERS = re.compile("[\u115f\u1160\u3164\uffa0\u034f\u180b-\u180f\ufe00-\ufe0f\u2800\U000e0100-\U000e01ef]")


class TextRefused(ValueError):
    """A text refused by ``check_text``: ``code`` and its parameters."""

    def __init__(self, code: str, **params: Any):
        super().__init__(code)
        self.code, self.params = code, params


def clean_text(value: str) -> str:
    """NFC-normalise, fold runs of white space, trim."""
    return re.sub(r"\s+", " ", unicodedata.normalize("NFC", value)).strip()


def clean_lines(value: str) -> str:
    """NFC-normalise, fold white space within each line, trim; keep the line breaks (one blank line
    at most between paragraphs)."""
    lines = [re.sub(r"[^\S\n]+", " ", line).strip() for line in unicodedata.normalize("NFC", value).splitlines()]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def visible(value: str) -> bool:
    """Whether ``value`` draws anything: a character that is not white space, a format character
    (zero-width space, joiners, soft hyphen, BOM…) or another invisible one."""
    for char in _INVISIBLE_OTHERS.sub("", value):
        if not char.isspace() and unicodedata.category(char) not in ("Cf", "Cc", "Zs", "Zl", "Zp"):
            return True
    return False


def check_text(value: str, max_length: int, required: bool = True, multiline: bool = False) -> str:
    """The one check of every text from outside (see the module's docstring): the cleaned value,
    or ``TextRefused`` with the first problem's code."""
    if SURROGATES.search(value):
        raise TextRefused("bad_unicode")
    if CONTROLS.search(value):
        raise TextRefused("control_character")
    if BIDI_CONTROLS.search(value):
        raise TextRefused("bidi_control")
    value = clean_lines(value) if multiline else clean_text(value)
    if required and not value:
        raise TextRefused("empty")
    if value and not visible(value):
        raise TextRefused("invisible_only")
    if len(value) > max_length:
        raise TextRefused("too_long", max=max_length)
    return value


@dataclass(frozen=True)
class TextField:
    """The check of one kind of text field: ``check_text`` with its limit, a refusal turned into a
    pydantic error whose type is the refusal's code (``payloads._problem`` makes it a ``Problem``)."""

    max_length: int
    required: bool = True
    multiline: bool = False

    def __call__(self, value: str) -> str:
        try:
            return check_text(value, self.max_length, self.required, self.multiline)
        except TextRefused as refused:
            raise PydanticCustomError(refused.code, refused.code, refused.params) from None


def text(max_length: int, required: bool = True, multiline: bool = False) -> AfterValidator:
    """The pydantic validator of a text field (see ``TextField``)."""
    return AfterValidator(TextField(max_length, required, multiline))


# ---------------------------------------------------------------- the text fields' types
# ``XText``: required (not empty); ``XTextOrEmpty``: may be "". Trimmed, NFC, at most LIMITS[x].

AnswerTextOrEmpty = Annotated[str, text(LIMITS["answer"], required=False)]
AnsweredByTextOrEmpty = Annotated[str, text(LIMITS["answered_by"], required=False)]
AnswererTextOrEmpty = Annotated[str, text(LIMITS["answerer"], required=False)]
BannerLineTextOrEmpty = Annotated[str, text(LIMITS["banner_line"], required=False)]
CategoryText = Annotated[str, text(LIMITS["category"])]
CitizenTextOrEmpty = Annotated[str, text(LIMITS["citizen"], required=False)]
ConclusionLinesOrEmpty = Annotated[str, text(LIMITS["conclusion"], required=False, multiline=True)]
DelegateTitleTextOrEmpty = Annotated[str, text(LIMITS["delegate_title"], required=False)]
ForwardedToTextOrEmpty = Annotated[str, text(LIMITS["forwarded_to"], required=False)]
GroupTextOrEmpty = Annotated[str, text(LIMITS["group"], required=False)]
HamletText = Annotated[str, text(LIMITS["hamlet"])]
MessageText = Annotated[str, text(LIMITS["message"])]
NameText = Annotated[str, text(LIMITS["name"])]
NameTextOrEmpty = Annotated[str, text(LIMITS["name"], required=False)]
NoteText = Annotated[str, text(LIMITS["note"])]
NoteTextOrEmpty = Annotated[str, text(LIMITS["note"], required=False)]
OrganiserText = Annotated[str, text(LIMITS["organiser"])]
OrganiserTextOrEmpty = Annotated[str, text(LIMITS["organiser"], required=False)]
PersonTitleTextOrEmpty = Annotated[str, text(LIMITS["person_title"], required=False)]
PlaceTextOrEmpty = Annotated[str, text(LIMITS["place"], required=False)]
PriorBodyTextOrEmpty = Annotated[str, text(LIMITS["prior_body"], required=False)]
PriorRefTextOrEmpty = Annotated[str, text(LIMITS["prior_ref"], required=False)]
ReplyRefTextOrEmpty = Annotated[str, text(LIMITS["reply_ref"], required=False)]
ReplySummaryText = Annotated[str, text(LIMITS["reply_summary"])]
SearchTextOrEmpty = Annotated[str, text(LIMITS["search"], required=False)]
StageTitleText = Annotated[str, text(LIMITS["stage_title"])]
SummaryText = Annotated[str, text(LIMITS["summary"])]
FullTextOrEmpty = Annotated[str, text(LIMITS["text"], required=False)]
TitleText = Annotated[str, text(LIMITS["title"])]
TopicText = Annotated[str, text(LIMITS["topic"])]
TopicTextOrEmpty = Annotated[str, text(LIMITS["topic"], required=False)]
UnitTextOrEmpty = Annotated[str, text(LIMITS["unit"], required=False)]
UnitLevelText = Annotated[str, text(LIMITS["unit_level"])]
UnitNameText = Annotated[str, text(LIMITS["unit_name"])]
UnitNameTextOrEmpty = Annotated[str, text(LIMITS["unit_name"], required=False)]
XomText = Annotated[str, text(LIMITS["xom"])]
XomTextOrEmpty = Annotated[str, text(LIMITS["xom"], required=False)]
