"""Languages and gettext catalogs: the language a request is answered in (``select_locale``), the
catalogs compiled for this process, and where the language switch goes back to.

The ``.po`` files are the source. Each process compiles them once, in milliseconds, into a
temporary directory of its own: a clean clone needs no build step, a stale ``.mo`` can never be
served, the package directory may be read-only, and several server processes never write the same
file at once.
"""

from __future__ import annotations

import atexit
import posixpath
import re
import shutil
import tempfile
from functools import cache
from pathlib import Path
from urllib.parse import quote, unquote, urlsplit

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from flask import request

TRANSLATIONS = Path(__file__).parent.parent / "translations"
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


# Anything a browser or a proxy might drop, fold or read as a separator inside a URL: controls
# (tab, CR, LF…), spaces and other invisible or format characters, and the backslash, which
# browsers read as a slash ("/\\evil.example" is "//evil.example").
_NOT_IN_A_PATH = re.compile("[\x00-\x20\x7f-\xa0\\\\\u1680\u180e\u2000-\u200f\u2028-\u202f\u205f-\u206f\u3000\ufeff]")


def local_target(target: str) -> str:
    """Where the language switch goes back to: ``target`` if it is a path of this site, normalised
    (``..`` and ``.`` resolved, percent-encoded again) with its query; else ``/``. A path that
    leaves the site in any reading (``//host``, ``/\\host``, ``/%09/host``, an absolute URL, any of
    them percent-encoded once or twice) or holds a control character goes to ``/``: nothing from
    the address bar reaches a header unchecked."""
    decoded = target
    for _ in range(3):  # what any layer between here and the browser might decode once more
        decoded = unquote(decoded)
    if not decoded.startswith("/") or decoded.startswith("//") or _NOT_IN_A_PATH.search(decoded):
        return "/"
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not parts.path.startswith("/"):
        return "/"
    path = posixpath.normpath(unquote(parts.path))
    if not path.startswith("/") or path.startswith("//"):
        return "/"
    query = f"?{quote(unquote(parts.query), safe='=&')}" if parts.query else ""
    return quote(path, safe="/") + query
