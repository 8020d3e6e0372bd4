"""Static files: compressed, cached for a year, under a URL prefix that names their version.

The prefix is ``/static/<hash>``, where the hash is of the whole ``static/`` tree (every file's
path and bytes), computed once at start-up. Any change to any file gives every file a new URL, so
a browser may keep what it fetched for a year without asking again (``immutable``), and a new
version is never mixed with an old one. Templates get the prefix through ``url_for('static', …)``;
ES modules' relative imports (``import … from "../core/live.js"``) resolve against the importing
module's own URL, so they get it without knowing it. An old prefix (a page left open across an
upgrade) answers 404. docs/design.md ("Static files") says why this over per-file hashed names.

Compression is Flask-Compress's (brotli, else gzip, as the browser asks), on every compressible
response: pages, JSON and static files. The static files' compressed bytes are kept in memory by
their URL, which never names other bytes while the server runs: a hundred phones joining at once
cost one compression per file, not a hundred. Everything still goes through Flask, so every static
response gets its security headers where any other does (server/security.py: nosniff on scripts and
styles, every header on the rest).

Module preloads: an ES module's imports are found only once the module has arrived, so each level of
the import graph costs a round trip (150 ms on a loaded hall Wi-Fi). :func:`module_graph` walks every
page's entry module (``js/pages/<page>/main.js``) once at start-up and the page lists every module it
will import as ``<link rel="modulepreload">`` (``modulepreload`` in templates/_page_data.html): the
browser asks for all of them at once. Walked from the files themselves, the list never goes stale.
"""

from __future__ import annotations

import gzip
import hashlib
import posixpath
import re
from collections.abc import Callable
from pathlib import Path

import brotli  # type: ignore[import-untyped]
from flask import Flask, Request, Response, request, send_from_directory, url_for
from markupsafe import Markup, escape
from werkzeug.security import safe_join

ONE_YEAR = 365 * 24 * 3600
# A static file's compression, once per process: the smallest each algorithm makes.
BEST: dict[str, Callable[[bytes], bytes]] = {
    "br": lambda data: brotli.compress(data, quality=11),
    "gzip": lambda data: gzip.compress(data, compresslevel=9, mtime=0),
}


def tree_hash(folder: Path) -> str:
    """12 hex digits of the SHA-256 of every file under ``folder``: its relative path and its bytes,
    in path order (a rename changes the hash as an edit does)."""
    digest = hashlib.sha256()
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        data = path.read_bytes()
        name = path.relative_to(folder).as_posix().encode()
        digest.update(f"{len(name)}:{len(data)}:".encode() + name + data)
    return digest.hexdigest()[:12]


# A static import or re-export at the start of a line (`import {a} from "./a.js";`, `import "./b.js";`,
# `export {c} from "./c.js";`), over several lines if need be; a comment line starts with `*` or `//`.
IMPORT = re.compile(r"""^[ \t]*(?:import|export)\b[^;"'`]*?["']([^"'\n]+)["']""", re.MULTILINE)


def module_imports(folder: Path, module: str) -> list[str]:
    """The modules ``module`` (a path under ``folder``) imports statically by a relative specifier,
    as paths under ``folder``, in the order written. Dynamic ``import()`` is not followed."""
    source = (folder / module).read_text(encoding="utf-8")
    found = []
    for specifier in IMPORT.findall(source):
        if specifier.startswith(("./", "../")):
            target = posixpath.normpath(posixpath.join(posixpath.dirname(module), specifier))
            if (folder / target).is_file():
                found.append(target)
    return found


def module_graph(folder: Path, entry: str) -> list[str]:
    """Every module ``entry`` loads, directly or not, breadth first (the shallowest first, as the
    browser would find them), without ``entry`` itself."""
    seen = {entry}
    order: list[str] = []
    level = [entry]
    while level:
        following = []
        for module in level:
            for target in module_imports(folder, module):
                if target not in seen:
                    seen.add(target)
                    order.append(target)
                    following.append(target)
        level = following
    return order


def page_graphs(folder: Path) -> dict[str, list[str]]:
    """:func:`module_graph` of every page's entry module ``js/pages/<page>/main.js``, by page."""
    return {
        entry.parent.name: module_graph(folder, entry.relative_to(folder).as_posix())
        for entry in sorted((folder / "js" / "pages").glob("*/main.js"))
    }


class VersionedStaticFlask(Flask):
    """Flask whose static view serves each file whole (read into the response) with a year's
    ``Cache-Control: public, max-age=31536000, immutable``. Whole, not streamed: Flask-Compress
    compresses (and caches) only responses that are not streamed, and the files are small. No
    range requests (a range is answered with the whole file, as HTTP allows): a part of a file,
    compressed, would be neither what the range asked nor what the cache may keep."""

    def send_static_file(self, filename: str) -> Response:
        assert self.static_folder is not None  # the app is made with one (server/app.py)
        response = send_from_directory(self.static_folder, filename, max_age=ONE_YEAR, conditional=False)
        response.cache_control.immutable = True
        response.direct_passthrough = False
        response.make_sequence()
        response.make_conditional(request)  # If-None-Match (Flask-Compress does it for its ETags)
        # Nothing a year-long immutable file needs, on each of a page's dozen files: the ETag answers
        # a reload, Cache-Control outranks Expires, and a script is never saved as a file.
        for name in ("Last-Modified", "Expires", "Content-Disposition"):
            del response.headers[name]
        return response


class StaticCache:
    """Flask-Compress's cache backend for the static files (keys are ``"<algorithm>;<path>"``): a
    static file is compressed once, at the algorithm's best level (brotli 11, gzip 9; ~60 ms for the
    Socket.IO client, once per process), not at the level pages get on every request. On the
    phone's first load that is ~2.5 KB less of ~40 KB. A page or a JSON answer under the same path
    changes from request to request, so any other key is never stored and always misses."""

    def __init__(self, prefix: str, folder: Path | None = None):
        self.prefix = prefix.rstrip("/") + "/"
        self.folder = folder
        self.data: dict[str, bytes] = {}

    def get(self, key: str) -> bytes | None:
        found = self.data.get(key)
        if found is None and self.folder is not None:
            algorithm, _, path = key.partition(";")
            if path.startswith(self.prefix) and algorithm in BEST:
                name = safe_join(str(self.folder), path.removeprefix(self.prefix))
                if name is not None and Path(name).is_file():
                    found = self.data[key] = BEST[algorithm](Path(name).read_bytes())
        return found

    def set(self, key: str, value: bytes) -> None:
        if key.partition(";")[2].startswith(self.prefix):
            self.data.setdefault(key, value)


def cache_key(request: Request) -> str:
    """The cache's key for a response: its path (with the version in it for a static file)."""
    return request.path


def configure(app: Flask) -> None:
    """Compress the app's responses with Flask-Compress, caching the static files' compressed bytes."""
    from flask_compress import Compress

    assert app.static_url_path is not None
    prefix = app.static_url_path
    app.config.update(
        # brotli first (smaller), gzip for the rest; zstd and deflate bring nothing more to a browser.
        COMPRESS_ALGORITHM=["br", "gzip"],
        # brotli 5: smaller than gzip 6 (4 is not), ~1.5 ms for the 47 KB Socket.IO client; a page is
        # compressed on every request, so 11 (~60 ms) is out of reach even though static files are cached.
        COMPRESS_BR_LEVEL=5,
        # Streamed responses (the documents and exports sent with send_file) go out as they are.
        COMPRESS_STREAMS=False,
        COMPRESS_CACHE_KEY=cache_key,
        COMPRESS_CACHE_BACKEND=lambda: StaticCache(prefix, Path(app.static_folder or "")),
    )
    Compress(app)

    assert app.static_folder is not None
    graphs = page_graphs(Path(app.static_folder))

    def modulepreload(page: str) -> Markup:
        """``<link rel="modulepreload">`` for each module the page's entry module imports."""
        return Markup("\n").join(
            Markup('<link rel="modulepreload" href="%s">') % escape(url_for("static", filename=module))
            for module in graphs[page]
        )

    app.jinja_env.globals["modulepreload"] = modulepreload
