"""Static files over HTTP from the real server (eventlet): compressed when the browser asks, cached for
a year under a prefix that names the static tree's version, and linked by the pages at that prefix."""

from __future__ import annotations

import gzip
import json
import re
import shutil
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import brotli
import pytest

from server.security import HEADERS
from server.static_files import tree_hash

from ..support.live_server import LiveServer

pytestmark = pytest.mark.live

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    s = LiveServer(tmp_path_factory.mktemp("static") / "static.db").start()
    yield s
    s.stop()


def get(url: str, **headers: str):
    """(status, headers, body as sent on the wire); an error status is returned, not raised."""
    request = urllib.request.Request(url, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as refused:
        with refused:
            return refused.code, refused.headers, refused.read()


def linked_scripts(server: LiveServer, path: str) -> list[str]:
    """The scripts a page loads: its module (or classic) scripts, then the modules it preloads."""
    status, _, html = get(server.url + path)
    assert status == 200
    page = html.decode()
    return re.findall(r'<script\b[^>]*\bsrc="([^"]+)"', page) + re.findall(
        r'<link rel="modulepreload" href="([^"]+)"', page
    )


def imported(server: LiveServer, url: str) -> set[str]:
    """The URLs a module served at ``url`` imports by a relative specifier, as the browser resolves them."""
    _, _, body = get(server.url + url)
    specifiers = re.findall(r"""^\s*(?:import|export)\b[^;"']*?["'](\.\.?/[^"']+)["']""", body.decode(), re.M)
    return {urllib.parse.urljoin(url, specifier) for specifier in specifiers}


def test_pages_link_their_files_under_the_version_they_and_healthz_announce(server):
    _, _, health = get(server.url + "/healthz")
    version = json.loads(health)["version"]
    assert re.fullmatch(r"[0-9a-f]{12}", version)
    for path in ("/m/1/chair", "/m/1/phone", "/office"):
        scripts = linked_scripts(server, path)
        assert scripts and all(src.startswith(f"/static/{version}/") for src in scripts), scripts
        _, _, html = get(server.url + path)
        data = re.search(r'<script type="application/json" id="page-data">(.*?)</script>', html.decode(), re.S)
        assert json.loads(data.group(1))["version"] == version  # a page tells a newer server by it
        styles = re.findall(r'<link rel="stylesheet" href="([^"]+)"', html.decode())
        assert styles and all(href.startswith(f"/static/{version}/") for href in styles), styles


@pytest.mark.parametrize("path", ["/m/1/phone", "/m/1/projector", "/m/1/chair", "/m/1/secretary", "/m/1/door"])
def test_a_page_preloads_every_module_it_imports_so_none_waits_for_its_importer(server, path):
    """Each import level would cost a round trip (150 ms on a loaded hall Wi-Fi): the page names every
    module of its graph up front, and each one once."""
    _, _, html = get(server.url + path)
    entry = re.search(r'<script type="module" src="([^"]+)"', html.decode()).group(1)
    preloaded = re.findall(r'<link rel="modulepreload" href="([^"]+)"', html.decode())
    graph: set[str] = set()
    todo = [entry]
    while todo:
        for target in imported(server, todo.pop()) - graph:
            graph.add(target)
            todo.append(target)
    assert len(preloaded) == len(set(preloaded))
    assert set(preloaded) == graph - {entry}
    for url in preloaded:
        assert get(server.url + url)[0] == 200, url


def test_the_phones_first_load_stays_under_40_kb_on_the_wire(server):
    """Issue 16: a hundred phones join the hall's Wi-Fi at once. The page, its style sheet and every
    module it loads, as a browser asks for them (brotli), headers included, leave room within 40 KB for
    Socket.IO's polling handshake (~1.1 KB, bench/pages.py measures it all in Chromium)."""
    status, headers, html = get(server.url + "/m/1/phone", **{"Accept-Encoding": "br, gzip"})
    assert status == 200 and headers["Content-Encoding"] == "br"
    page = brotli.decompress(html).decode()
    files = re.findall(r'<link rel="(?:stylesheet|modulepreload)" href="([^"]+)"', page)
    files += re.findall(r'<script type="module" src="([^"]+)"', page)
    assert len(files) == len(set(files)) >= 10, files
    total = len(html) + len(str(headers))
    for url in files:
        status, headers, body = get(server.url + url, **{"Accept-Encoding": "br, gzip"})
        assert status == 200, url
        total += len(body) + len(str(headers))
    assert total <= 40_000 - 1_100, total


@pytest.mark.parametrize("encoding, decode", [("br", brotli.decompress), ("gzip", gzip.decompress)])
def test_a_script_comes_compressed_as_asked_and_cached_for_a_year(server, encoding, decode):
    src = next(s for s in linked_scripts(server, "/m/1/phone") if s.endswith("/socket.io.esm.min.js"))
    original = (ROOT / "static" / "vendor" / "socket.io" / "socket.io.esm.min.js").read_bytes()
    for _ in range(2):  # the second answer comes from the compressed bytes kept in memory
        status, headers, body = get(server.url + src, **{"Accept-Encoding": f"{encoding}, identity;q=0.5"})
        assert status == 200 and headers["Content-Encoding"] == encoding
        assert decode(body) == original and len(body) < len(original) / 2
        assert int(headers["Content-Length"]) == len(body)
        assert headers["Cache-Control"] == "public, max-age=31536000, immutable"
        assert "Accept-Encoding" in headers["Vary"]
        # A script carries nosniff and none of the document's policies (server/security.py).
        assert headers["X-Content-Type-Options"] == "nosniff"
        assert not (set(HEADERS) - {"X-Content-Type-Options"}) & set(headers), headers
    status, headers, body = get(server.url + src, **{"Accept-Encoding": "identity"})
    assert status == 200 and "Content-Encoding" not in headers and body == original
    # A browser that asks again anyway (a reload) is told it has the file already.
    for encoding in ("br", "identity"):
        _, headers, _ = get(server.url + src, **{"Accept-Encoding": encoding})
        status, _, body = get(server.url + src, **{"Accept-Encoding": encoding, "If-None-Match": headers["ETag"]})
        assert status == 304 and body == b"", encoding


def test_a_range_request_gets_the_whole_file_and_does_not_spoil_the_next_one(server):
    src = next(s for s in linked_scripts(server, "/m/1/phone") if s.endswith("/core/connection.js"))
    original = (ROOT / "static" / "js" / "core" / "connection.js").read_bytes()
    status, _, body = get(server.url + src, Range="bytes=0-9999", **{"Accept-Encoding": "gzip"})
    assert status == 200 and gzip.decompress(body) == original  # the whole file, as HTTP allows
    status, headers, body = get(server.url + src, **{"Accept-Encoding": "gzip"})
    assert status == 200 and gzip.decompress(body) == original


def test_an_old_or_missing_version_prefix_answers_404(server):
    src = linked_scripts(server, "/m/1/chair")[0]
    version, path = re.fullmatch(r"/static/([0-9a-f]{12})(/.+)", src).groups()
    assert get(server.url + src)[0] == 200
    old = "0" * 12 if version != "0" * 12 else "1" * 12
    for url in (f"/static/{old}{path}", f"/static{path}", f"/static/{version}/../server/app.py"):
        assert get(server.url + url)[0] == 404, url


def test_pages_and_json_are_compressed_and_socketio_still_connects(server):
    status, headers, body = get(server.url + "/m/1/secretary", **{"Accept-Encoding": "br"})
    assert status == 200 and headers["Content-Encoding"] == "br"
    assert b'id="page-data"' in brotli.decompress(body)
    assert "immutable" not in headers.get("Cache-Control", "")  # a page is asked for again every time
    # Socket.IO's own endpoint is Engine.IO's, not Flask's: its handshake is untouched.
    status, _, body = get(server.url + "/socket.io/?EIO=4&transport=polling", **{"Accept-Encoding": "br, gzip"})
    assert status == 200 and body.startswith(b"0{") and b'"sid"' in body


def test_any_change_to_the_static_tree_changes_the_version(tmp_path):
    tree = tmp_path / "static"
    shutil.copytree(ROOT / "static", tree)
    before = tree_hash(tree)
    assert before == tree_hash(ROOT / "static")
    (tree / "js" / "core" / "format.js").write_bytes((tree / "js" / "core" / "format.js").read_bytes() + b" ")
    edited = tree_hash(tree)
    (tree / "js" / "core" / "format.js").rename(tree / "js" / "core" / "format2.js")
    assert len({before, edited, tree_hash(tree)}) == 3
