"""Vietnamese typed in the legacy 8-bit encodings, as many commune lists still are: recognised and
converted to Unicode for the import's preview, which shows every conversion with its original for
the office to confirm (``server/imports.py``). Nothing is converted silently.

Before Unicode, Vietnamese was typed with special fonts whose glyphs sit at the positions of Western
letters. Excel stores the text as those Western letters, so a list typed in such a font arrives as
"NguyÔn V¨n An" (TCVN3) or "Nguyeãn Vaên An" (VNI) for "Nguyễn Văn An":

- **TCVN3** ("ABC", the .VnTime / .VnArial fonts): one byte per letter. The table is TCVN 5712:1993
  as glibc's iconv decodes it (``iconv -f TCVN5712-1``, generated once from it for bytes 0xA1-0xFF
  but its five combining tone marks 0xB0-0xB4, which the fonts do not use); the .VnTime fonts use
  its lower-case positions (their capitals are a separate font, .VnTimeH, on the same bytes: a
  toned capital such as the Á of "Ánh" arrives as "¸", converted to "á", as the preview shows).
- **VNI** (VNI-Windows, the VNI-Times fonts): a base letter followed by a byte for its marks, e.g.
  "a" + "ø" (0xF8) for "à", "e" + "ã" for "ễ"; "ô" is "ơ", "ö" "ư", "ñ" "đ", and i, y have their own
  bytes. The table is VNI Software's, as the open-source keyboards xvnkb and UniKey carry it
  (``vni.h``); no PyPI package converts these encodings (checked in 2026).

Recognising one is a judgement on the whole list, never on one cell (a Unicode "Toàn" reads as VNI
"Tồn"): a list with any Vietnamese letter outside Latin-1 (ă, ơ, ư, đ, ạ …) is Unicode; otherwise
it is TCVN3 when it has one of the bytes 0xA1-0xBF (ă â ê ô ơ ư đ and the tones of a in TCVN3:
symbols in Latin-1, which neither Unicode Vietnamese nor VNI writes), else VNI when a vowel is
followed by one of VNI's marks that no Vietnamese letter looks like (ø û ï å ä ë ü) or a word starts
with "ñ" (đ), and no letter VNI never writes (ç ß ð þ ÿ: a Western list) is there; else neither.
"""

from __future__ import annotations

import unicodedata

TCVN3, VNI = "tcvn3", "vni"

# ---------------------------------------------------------------- TCVN3

_TCVN3_FROM = "¡¢£¤¥¦§¨©ª«¬\xad®¯µ¶·¸¹º»¼½¾¿ÀÁÂÃÄÅÆÇÈÉÊËÌÍÎÏÐÑÒÓÔÕÖ×ØÙÚÛÜÝÞßàáâãäåæçèéêëìíîïðñòóôõö÷øùúûüýþÿ"
_TCVN3_TO = "ĂÂÊÔƠƯĐăâêôơưđẰàảãáạẲằẳẵắẴẮẦẨẪẤỀặầẩẫấậèỂẻẽéẹềểễếệìỉỄẾỒĩíịòỔỏõóọồổỗốộờởỡớợùỖủũúụừửữứựỳỷỹýỵỐ"
_TCVN3 = str.maketrans(_TCVN3_FROM, _TCVN3_TO)
# Bytes 0xA1-0xBF: ă â ê ô ơ ư đ (and capitals) and the tones of a. A Vietnamese list in TCVN3 has
# many; no Unicode Vietnamese text has any (they are symbols in Latin-1), nor has VNI.
_TCVN3_SIGNS = set(_TCVN3_FROM[: _TCVN3_FROM.index("¿") + 1])

# ---------------------------------------------------------------- VNI

_GRAVE, _ACUTE, _HOOK, _TILDE, _DOT = "\u0300", "\u0301", "\u0309", "\u0303", "\u0323"
_CIRCUMFLEX, _BREVE = "\u0302", "\u0306"
# The byte after a vowel, as the marks it adds (lower-case letters; the capitals' are the upper-case
# of the same characters).
_VNI_MARKS = {
    "ù": _ACUTE,
    "ø": _GRAVE,
    "û": _HOOK,
    "õ": _TILDE,
    "ï": _DOT,
    "â": _CIRCUMFLEX,
    "á": _CIRCUMFLEX + _ACUTE,
    "à": _CIRCUMFLEX + _GRAVE,
    "å": _CIRCUMFLEX + _HOOK,
    "ã": _CIRCUMFLEX + _TILDE,
    "ä": _CIRCUMFLEX + _DOT,
    "ê": _BREVE,
    "é": _BREVE + _ACUTE,
    "è": _BREVE + _GRAVE,
    "ú": _BREVE + _HOOK,
    "ü": _BREVE + _TILDE,
    "ë": _BREVE + _DOT,
}
_VNI_MARKS |= {k.upper(): v for k, v in _VNI_MARKS.items()}
# Letters of one byte: ơ, ư, đ, and i with its tones (í and ì are themselves).
_VNI_LETTERS = {"ô": "ơ", "ö": "ư", "ñ": "đ", "æ": "ỉ", "ó": "ĩ", "ò": "ị", "î": "ỵ"}
_VNI_LETTERS |= {k.upper(): v.upper() for k, v in _VNI_LETTERS.items()}
_VOWELS = set("aeiouyAEIOUY") | {"ơ", "ư", "Ơ", "Ư"}
# The signs of VNI: after a vowel, a mark no Vietnamese letter looks like (ø û ï å ä ë ü: huyền,
# hỏi, nặng, and the circumflex's and breve's); and "ñ" (đ) starting a word. Western names have
# these letters after consonants ("Müller", "Núñez"); letters VNI never writes (ç ß ð þ ÿ) say a
# list is Western.
_VNI_STRONG_MARKS = set("øûïåäëüØÛÏÅÄËÜ")
_VNI_VOWELS = _VOWELS | set("ôöÔÖ")  # ô and ö are VNI's ơ and ư
_WESTERN_ONLY = set("çßðþÿÇÐÞ")


def _vni(text: str) -> str:
    out: list[str] = []
    for char in text:
        marks = _VNI_MARKS.get(char)
        base = out[-1] if out else ""
        if marks and base in _VOWELS and not (marks[0] == _BREVE and base not in "aA"):
            out[-1] = unicodedata.normalize("NFC", base + marks)
        else:
            out.append(_VNI_LETTERS.get(char, char))
    return "".join(out)


# ---------------------------------------------------------------- recognising a list


def _unicode_vietnamese(char: str) -> bool:
    """A Vietnamese letter that only Unicode writes (beyond Latin-1): ă, ơ, ư, đ, ạ, ế …"""
    if ord(char) <= 0xFF or not char.isalpha():
        return False
    base = unicodedata.normalize("NFD", char)[0]
    return base.isascii() or char in "đĐ"


def recognise(texts: list[str]) -> str | None:
    """The legacy encoding the texts of one list are in (``TCVN3`` or ``VNI``), or None: Unicode,
    or plain ASCII, or too little to tell."""
    joined = "".join(texts)
    if any(_unicode_vietnamese(ch) for ch in joined):
        return None
    if any(ch in _TCVN3_SIGNS for ch in joined):  # VNI never writes these bytes
        return TCVN3
    if _WESTERN_ONLY & set(joined):
        return None
    pairs = zip(" " + joined, joined, strict=False)  # (each character with the one before it)
    if any(
        (ch in _VNI_STRONG_MARKS and prev in _VNI_VOWELS) or (ch in "ñÑ" and not prev.isalpha()) for prev, ch in pairs
    ):
        return VNI
    return None


def convert(text: str, encoding: str) -> str:
    """``text`` (as Excel or a Western code page shows it) in Unicode, NFC."""
    if encoding == TCVN3:
        return unicodedata.normalize("NFC", text.translate(_TCVN3))
    if encoding == VNI:
        return _vni(text)
    raise ValueError(f"unknown encoding {encoding!r}")


Table = list[tuple[int, list[str]]]  # as ``server/imports.py`` reads a file


def convert_table(table: Table) -> tuple[Table, str | None, list[tuple[int, int, str, str]]]:
    """The table in Unicode if its text is in a legacy encoding (``recognise``), the
    encoding, and each cell it changed: (line, column, original, converted)."""
    encoding = recognise([cell for _line, cells in table for cell in cells])
    if encoding is None:
        return table, None, []
    out: Table = []
    changed = []
    for line, cells in table:
        new = [convert(cell, encoding) for cell in cells]
        changed += [(line, i, a, b) for i, (a, b) in enumerate(zip(cells, new, strict=True)) if a != b]
        out.append((line, new))
    return out, encoding, changed
