"""The rows of an imported list (``server/imports.py``'s preview): each cell as its field takes it
(``field_value``), and who is already there, who is listed twice, and the namesakes only the office
can tell apart (``Sorter``: the rules of ``server/domain/people.py`` applied to the rows of a file
before anything is saved)."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from types import SimpleNamespace
from typing import Any

from .domain.errors import CommandError, Problem
from .domain.people import DISTINGUISHING, person_key, same_citizen


def field_value(field: str, text: str) -> Any:
    """A cell's text as its field takes it. Undo Excel's dropping of leading zeros in a number cell:
    a 9-digit mobile number lost its 0; every CCCD starts with 0 (province codes 001-096), so 10 or
    11 digits lost one or two. A year of birth is a year, or the year of a date of birth; a gender
    "Nam" or "Nữ" (or M/F). Raises ``CommandError`` for one that is neither."""
    if field == "phone" and re.fullmatch(r"[1-9][0-9]{8}", text):
        return "0" + text
    if field == "id_number" and re.fullmatch(r"[1-9][0-9]{9,10}", text):
        return text.zfill(12)
    if field == "year_of_birth":
        if not text:
            return None
        found = re.fullmatch(r"(?:[0-9]{1,2}[/.\-]){0,2}([0-9]{4})|([0-9]{4})-[0-9]{2}-[0-9]{2}", text)
        if not found:
            raise CommandError(Problem("bad_year", field))
        return int(found[1] or found[2])
    if field == "gender":
        folded = "".join(
            ch
            for ch in unicodedata.normalize("NFD", text.casefold().replace("đ", "d"))
            if ch.isalpha() and not unicodedata.combining(ch)
        )
        if folded and folded not in GENDERS:
            raise CommandError(Problem("bad_gender", field))
        return GENDERS.get(folded, "")
    return text


GENDERS = {
    "nam": "nam",
    "m": "nam",
    "male": "nam",
    "nu": "nu",
    "f": "nu",
    "female": "nu",
}  # folded: no case, no diacritics


def _detailed(entry: Any) -> bool:
    """Whether a citizen's row gives a detail that tells people apart (year, gender, identity)."""
    return any(getattr(entry, f, None) not in (None, "") for f in DISTINGUISHING)


KEY_FIELDS = {"citizens": ("name", "xom"), "delegates": ("name", "unit")}  # see ``person_key``


class Sorter:
    """Tells each valid row of a list from those already there and from the earlier rows: a
    delegate by name and unit; a citizen as ``people.same_citizen`` does: one already invited is
    left out (``already_invited``), and so is a row that repeats an earlier one down to its year of
    birth, gender or identity number (``repeated``); a namesake nothing tells apart (two rows of one
    name and xóm and no such detail, or one with a year and one without) is left to the office
    (``same_name``)."""

    def __init__(self, kind: str, existing: Iterable[Any]):
        self.kind = kind
        self.existing = list(existing)
        self.earlier: list[tuple[int, SimpleNamespace]] = []  # (line, row) of the citizens' rows so far
        self.keys = {self._key(e): 0 for e in self.existing}  # delegates: key → first line (0: already there)
        self.duplicates: list[dict[str, Any]] = []

    def _key(self, entry: Any) -> tuple[str, ...]:
        return person_key(*(getattr(entry, f) for f in KEY_FIELDS[self.kind]))

    def sort(self, line: int, row: dict[str, Any]) -> bool:
        """Whether the row is to be imported; if not, it is listed in ``duplicates``."""
        if self.kind != "citizens":
            return self._delegate(line, row)
        entry = SimpleNamespace(**row)
        matches = [same_citizen(entry, e) for e in self.existing]
        if "same" in matches:
            self.duplicates.append({"line": line, "name": row["name"], "reason": "already_invited"})
            return False
        twice = next((n for n, r in self.earlier if same_citizen(entry, r) == "same" and _detailed(entry)), None)
        if twice is not None:  # the same name, xóm and year (or gender, or identity number) twice: one person
            self.duplicates.append({"line": line, "name": row["name"], "reason": "repeated", "first_line": twice})
            return False
        namesake = next((n for n, r in self.earlier if same_citizen(entry, r)), None)
        if matches.count("unsure") or namesake is not None:
            duplicate = {"line": line, "name": row["name"], "reason": "same_name"}
            if namesake is not None:
                duplicate["first_line"] = namesake
            self.duplicates.append(duplicate | {"row": row | {"another_person": True}})
            self.earlier.append((line, entry))  # a later namesake points to this row
            return False
        self.earlier.append((line, entry))
        return True

    def _delegate(self, line: int, row: dict[str, Any]) -> bool:
        key = self._key(SimpleNamespace(**row))
        first = self.keys.get(key)
        if first == 0:
            self.duplicates.append({"line": line, "name": row["name"], "reason": "already_invited"})
        elif first is not None:
            self.duplicates.append({"line": line, "name": row["name"], "reason": "repeated", "first_line": first})
        else:
            self.keys[key] = line
        return first is None
