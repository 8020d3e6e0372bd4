"""Languages and gettext catalogs.

The ``.po`` files are the source. Each process compiles them once, in milliseconds, into a
temporary directory of its own: a clean clone needs no build step, a stale ``.mo`` can never be
served, the package directory may be read-only, and several server processes never write the same
file at once.
"""

from __future__ import annotations

import atexit
import shutil
import tempfile
from functools import cache
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from flask import request

TRANSLATIONS = Path(__file__).parent / "translations"
LANGUAGES = ("vi", "en")


def select_locale() -> str:
    """The ``lang`` cookie if it names a supported language, else Vietnamese."""
    lang = request.cookies.get("lang")
    return lang if lang in LANGUAGES else "vi"


@cache
def compiled_catalogs() -> str:
    """A directory with every catalog compiled to ``.mo``, made once per process."""
    target = Path(tempfile.mkdtemp(prefix="dialogue-i18n-"))
    atexit.register(shutil.rmtree, target, ignore_errors=True)
    for po_path in TRANSLATIONS.glob("*/LC_MESSAGES/messages.po"):
        mo_path = target / po_path.relative_to(TRANSLATIONS).with_suffix(".mo")
        mo_path.parent.mkdir(parents=True)
        with po_path.open("rb") as po:
            catalog = read_po(po)
        with mo_path.open("wb") as mo:
            write_mo(mo, catalog)
    return str(target)
