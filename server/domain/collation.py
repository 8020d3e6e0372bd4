"""Vietnamese collation: the order a Vietnamese reader expects of names, xóm and categories.

CLDR's Vietnamese tailoring of the Unicode Collation Algorithm (``common/collation/vi.xml``)::

    &̀<<̉<<̃<<́<<̣            tones, after the letters: ngang, huyền, hỏi, ngã, sắc, nặng
    &a<ă<<<Ă<â<<<Â
    &d<đ<<<Đ
    &e<ê<<<Ê
    &o<ô<<<Ô<ơ<<<Ơ
    &u<ư<<<Ư

so "a ă â b c d đ e ê …" are letters of their own (primary differences: "Đất đai" sorts after every
"D…", not last as by code point), and a tone only decides between words of the same letters
(secondary: "Ba" < "Bà" < "Bả" < "Bã" < "Bá" < "Bạ" < "Bác").

The base order of every character is the Unicode one (DUCET) from ``pyuca``, a pure-Python
implementation of the algorithm that installs anywhere. It has no locale tailorings, so the six
lines above are applied on top of it here. ICU would have them built in, but from PyPI it is either
PyICU (no wheels: it needs ICU's headers and a compiler), an unofficial 67 MB repackaging of it, or
``icu4py`` (wheels, but no collation yet); see docs/design.md.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache
from typing import Any

from pyuca import Collator  # type: ignore[import-untyped]  # (no type hints shipped)

_COLLATOR = Collator()

# The marks that make a letter of its own, ranked after the bare letter: ă (breve) < â (circumflex)
# after a; ô < ơ (horn) after o; ê after e, ư after u. "đ" does not decompose: it is d, ranked 1.
_LETTER_MARKS = {"\u0306": 1, "\u0302": 2, "\u031b": 3}
# The tones, in CLDR's order (the bare letter first): huyền, hỏi, ngã, sắc, nặng.
_TONES = {"\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}


@lru_cache(maxsize=4096)
def _primary(char: str) -> tuple[int, ...]:
    """The DUCET primary weights of one base character (lower case), from pyuca's sort key: the
    weights before its first 0 separator."""
    key = _COLLATOR.sort_key(char)
    return tuple(key[: key.index(0)]) if 0 in key else tuple(key)


def sort_key(text: str) -> tuple[Any, ...]:
    """The key that sorts ``text`` in Vietnamese order (CLDR): letters first, then tones, then case
    (lower case first). ``sorted(names, key=sort_key)``."""
    primary: list[tuple[tuple[int, ...], int]] = []
    secondary: list[int] = []
    tertiary: list[int] = []
    for char in unicodedata.normalize("NFD", text):
        mark = unicodedata.combining(char)
        if mark and primary:
            if char in _LETTER_MARKS:
                weights, rank = primary[-1]
                primary[-1] = (weights, rank + _LETTER_MARKS[char])
            else:  # a tone (or another language's accent, after the tones)
                secondary[-1] = _TONES.get(char, 10 + ord(char) % 1000)
            continue
        lower = char.casefold()
        base, rank = ("d", 1) if lower == "đ" else (lower, 0)
        weights = _primary(base)
        if not weights:  # an ignorable character (a control, a joiner): no part in the order
            continue
        primary.append((weights, rank))
        secondary.append(0)
        tertiary.append(0 if char == lower else 1)
    return (tuple(primary), tuple(secondary), tuple(tertiary), text)
