"""Documentation and catalogs that tests keep honest (as datasette's test_docs does)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

from server.domain import REGISTRY, refuse
from server.i18n.problems import PROBLEMS

from ..support.protocol import PROTOCOL, documented_commands

ROOT = Path(__file__).resolve().parents[2]


def test_every_command_is_documented_with_its_roles():
    documented = documented_commands()
    for name, command in REGISTRY.items():
        assert name in documented, f"{name} is not in docs/protocol.md"
        assert documented[name] == set(command.roles), name
    assert set(documented) == set(REGISTRY), "docs/protocol.md documents a command that does not exist"


def test_every_refusal_code_has_a_sentence():
    sources = "\n".join(p.read_text() for p in (ROOT / "server").rglob("*.py"))
    codes = set(re.findall(r'refuse\(\s*"([a-z_]+)"', sources)) | set(re.findall(r'Problem\(\s*"([a-z_]+)"', sources))
    assert codes, "no codes found"
    missing = codes - set(PROBLEMS)
    assert not missing, missing
    assert refuse("queue_empty").problems[0].code in PROBLEMS


def test_every_refusal_code_is_documented():
    for code in PROBLEMS:
        assert f"`{code}`" in PROTOCOL, code


def test_every_ui_string_has_a_vietnamese_translation():
    with (ROOT / "server/translations/vi/LC_MESSAGES/messages.po").open("rb") as f:
        catalog = read_po(f)
    method_map = [("server/**.py", "python"), ("templates/**.html", "jinja2")]
    keywords = {"_": None, "gettext": None, "_l": None, "lazy_gettext": None}
    used = {msg for _f, _l, msg, _c, _ctx in extract_from_dir(str(ROOT), method_map, keywords=keywords)}
    assert len(used) > 100
    untranslated = sorted(m for m in used if not (catalog.get(m) and catalog.get(m).string))
    assert not untranslated, untranslated
    # Diacritics are there: a catalog that lost them would still "translate".
    assert catalog.get("Next speaker").string == "Mời người tiếp theo"


def test_readme_shows_the_two_quick_start_commands():
    readme = (ROOT / "README.md").read_text()
    assert "pip install -r requirements.txt && python -m server" in readme
    assert "pip install -r requirements-dev.txt && python -m pytest" in readme


def test_every_socket_event_is_documented():
    events = re.findall(r'@event\("([^"]+)"', (ROOT / "server" / "sockets.py").read_text())
    assert {"join", "command", "time", "opinion.search", "followup.list"} <= set(events)
    for event in events:
        assert f"### `{event}`" in PROTOCOL, event


@pytest.mark.parametrize("path", ["/m/1/chair", "/m/1/secretary", "/m/1/projector", "/m/1/door", "/m/1/phone"])
def test_the_pages_apply_patches_to_every_collection_of_the_model(client, path):
    """The pages' store (static/js/core/store.js) applies a patch as changes.apply_effect does, to the
    collections the page data names: the model's own, not a copy written into a script."""
    from server.domain.model import COLLECTIONS

    page = client.get(path).text
    data = json.loads(re.search(r'<script type="application/json" id="page-data">(.*?)</script>', page, re.S)[1])
    assert data["rules"]["collections"] == list(COLLECTIONS)
    store = (ROOT / "static/js/core/store.js").read_text()
    assert "const COLLECTIONS = rules.collections;" in store and '"speakers"' not in store


def test_every_test_the_failure_table_names_exists():
    """docs/reliability.md says which test shows each guarantee: each file and test it names is there
    (``::name`` right after ``tests/x.py::…`` names another test of that file)."""
    table = (ROOT / "docs" / "reliability.md").read_text()
    named = re.findall(r"`(tests/[\w/]+\.py)(?:::(\w+))?`", table)
    named += re.findall(r"`(tests/[\w/]+\.py)::\w+`, `::(\w+)`", table)
    assert len(named) > 20
    for path, test in named:
        source = (ROOT / path).read_text()
        assert not test or re.search(rf"^def {test}\(", source, re.M), f"{path}::{test} is gone"
