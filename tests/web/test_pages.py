"""The HTTP side: pages, language, and that every page is self-contained (no outside URL)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def test_index_lists_the_demo_meeting_in_vietnamese(client):
    page = client.get("/")
    assert page.status_code == 200
    assert "Các hội nghị" in page.text and "thôn An Bộ" in page.text
    assert "25/05/2023 08:00" in page.text
    assert "/m/1/chair" in page.text and "/m/1/projector" in page.text


@pytest.mark.parametrize(
    "screen, vietnamese",
    [("chair", "Mời người tiếp theo"), ("secretary", "Đăng ký phát biểu mới"), ("projector", "Tiếp theo")],
)
def test_screens_speak_vietnamese_by_default_and_english_on_request(client, screen, vietnamese):
    page = client.get(f"/m/1/{screen}")
    assert page.status_code == 200 and vietnamese in page.text
    assert '<html lang="vi">' in page.text
    client.get("/lang/en")
    page = client.get(f"/m/1/{screen}")
    assert '<html lang="en">' in page.text and vietnamese not in page.text


def test_pins_are_never_in_a_page(client, store):
    for screen in ("chair", "secretary", "projector"):
        text = client.get(f"/m/1/{screen}").text
        assert store.pin(1, "chair") not in text and store.pin(1, "secretary") not in text


def test_unknown_pages(client):
    page = client.get("/m/99/chair")
    assert page.status_code == 404 and "Trang này không tồn tại." in page.text
    assert client.get("/m/1/admin").status_code == 404
    assert client.get("/lang/fr").status_code == 404


def test_language_switch_only_redirects_inside_the_site(client):
    assert client.get("/lang/en?next=/m/1/chair").headers["Location"] == "/m/1/chair"
    assert client.get("/lang/en?next=//evil.example/").headers["Location"] == "/"


def test_no_page_loads_anything_from_outside(client):
    """The hall may have no internet: every src/href is served by the project itself."""
    for url in ("/", "/m/1/chair", "/m/1/secretary", "/m/1/projector", "/followup", "/office"):
        html = client.get(url).text
        for ref in re.findall(r'(?:src|href)="([^"]+)"', html):
            assert not re.match(r"^(https?:)?//", ref), (url, ref)
            if ref.startswith("/static/"):
                with client.get(ref) as response:
                    assert response.status_code == 200, ref
    for path in (ROOT / "static").rglob("*"):
        if path.suffix in {".css", ".js"} and "vendor" not in path.parts:
            # a CSS url(), or a module's import: from "…", import("…")
            assert not re.search(r"(url\(['\"]?|(import|from)\s*\(?\s*['\"])(https?:)?//", path.read_text()), path


def test_vendored_files_are_listed_with_version_and_licence():
    listing = (ROOT / "static" / "vendor" / "README.md").read_text()
    for path in (ROOT / "static" / "vendor").rglob("*"):
        if path.is_file() and path.name not in {"README.md"}:
            assert path.parent.name in listing, path
    assert "4.8.4" in listing and "MIT" in listing


@pytest.mark.parametrize("screen", ["projector", "secretary", "phone", "chair", "door"])
def test_a_page_is_served_every_sentence_its_modules_read_and_no_other_pages(client, screen):
    """The strings come per page (server/i18n/pages.py js_strings: the core's and the page's own): every
    T.key that static/js/core and the page's modules read is in the page's data, and the page does not
    carry the whole catalogue (the phone's first load stays small)."""
    import json

    html = client.get(f"/m/1/{screen}").text
    data = json.loads(re.search(r'<script type="application/json" id="page-data">(.*?)</script>', html, re.S).group(1))
    read = set()
    for folder in (ROOT / "static/js/core", ROOT / "static/js/pages" / screen):
        for path in folder.glob("*.js"):
            read |= set(re.findall(r"\bT\.(\w+)", path.read_text()))
    assert read - set(data["strings"]) == set()
    assert "people_full_name" not in data["strings"] and "docs_loading" not in data["strings"]
    assert data["meeting_id"] == 1 and data["rules"]["limits"]["name"] == 80


@pytest.mark.parametrize(
    "page, path", [("office", "/office"), ("documents", "/m/1/documents"), ("followup", "/followup")]
)
def test_the_office_pages_are_served_every_sentence_their_modules_read(client, page, path):
    """The office's pages get the core's sentences and their own (with the phases or outcomes they
    read by a value), not the whole catalogue; the office's rules come from the server's models."""
    import json

    html = client.get(path).text
    data = json.loads(re.search(r'<script type="application/json" id="page-data">(.*?)</script>', html, re.S).group(1))
    read = set()
    for folder in (ROOT / "static/js/core", ROOT / "static/js/pages" / page):
        for file in folder.glob("*.js"):
            read |= set(re.findall(r"\bT\.(\w+)", file.read_text()))
    assert read - set(data["strings"]) == set()
    assert "phone_choose_xom" not in data["strings"] and "intro_delegates" not in data["strings"]
    if page == "office":
        assert {"phase_draft", "phase_archived"} <= set(data["strings"])
        assert data["rules"]["ranges"]["invited_count"] == [0, 5000] and data["rules"]["closed"] == [
            "archived",
            "deleted",
        ]
    if page == "documents":
        assert "outcome_assigned" in data["strings"] and "people_full_name" not in data["strings"]


IMPORT = re.compile(r"^import\s*\{([^}]*)\}\s*from\s*\"([^\"]+)\";", re.M)
EXPORT = re.compile(r"^export\s+(?:async\s+)?(?:function\*?|class|const|let|var)\s+([\w$]+)", re.M)
EXPORT_LIST = re.compile(r"\bexport\s*\{([^}]*)\}")  # minified files (the vendored client) too


def test_every_module_imports_only_what_its_modules_export():
    """The pages are ES modules loaded as they are (no build step checks them): a name imported that
    its module does not export stops the whole page in the browser. Every relative import of every
    module names a file that exists and names it exports."""
    root = ROOT / "static" / "js"
    for path in sorted(root.rglob("*.js")):
        for names, target in IMPORT.findall(path.read_text()):
            if not target.startswith("."):
                continue
            source = (path.parent / target).resolve()
            assert source.is_file(), f"{path.relative_to(ROOT)} imports {target}, which is not there"
            text = source.read_text()
            exported = set(EXPORT.findall(text))
            exported |= {n.split(" as ")[-1].strip() for group in EXPORT_LIST.findall(text) for n in group.split(",")}
            wanted = {n.split(" as ")[0].strip() for n in names.split(",") if n.strip()}
            missing = wanted - exported
            assert not missing, f"{path.relative_to(ROOT)} imports {sorted(missing)} from {target}, which exports none"
