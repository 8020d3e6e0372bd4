"""The sentences a page's scripts show (``js_strings(page)``): the common set and the page's own,
as ``server/i18n/page_keys.py`` lists them, from ``sentences_meeting`` and ``sentences_office``.

Nothing to add here for a new sentence: see those modules.
"""

from __future__ import annotations

from .page_keys import COMMON_STRINGS, PAGE_PREFIXES, PAGE_STRINGS
from .sentences_meeting import meeting_sentences
from .sentences_office import office_sentences


def js_strings(page: str | None = None) -> dict[str, str]:
    """The sentences a page's scripts show, translated for the current request: those of every page
    (COMMON_STRINGS) and the page's own (PAGE_STRINGS); every sentence for a page not listed there."""
    strings = {**meeting_sentences(), **office_sentences()}
    if page not in PAGE_STRINGS:
        return strings
    keep = COMMON_STRINGS | PAGE_STRINGS[page]
    prefixes = PAGE_PREFIXES.get(page, ())
    return {k: v for k, v in strings.items() if k in keep or k.startswith(prefixes)}
