"""The project's own files agree: what pyproject.toml declares is what requirements.txt pins."""

from __future__ import annotations

import re
import subprocess
import sys
import tomllib
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parents[2]


def pins(path: Path) -> dict[str, str]:
    found = {}
    for line in path.read_text().splitlines():
        line = line.split("#")[0].strip()
        if line and not line.startswith("-r"):
            name, version = re.fullmatch(r"([A-Za-z0-9_.\-]+)==(\S+)", line).groups()
            found[canonicalize_name(name)] = version
    return found


def test_pyproject_declares_every_pinned_requirement_and_accepts_its_pin():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    declared = [Requirement(r) for r in project["dependencies"]]
    declared += [Requirement(r) for extra in project["optional-dependencies"].values() for r in extra]
    pinned = pins(ROOT / "requirements.txt")
    assert {canonicalize_name(r.name) for r in declared} == set(pinned)
    for requirement in declared:
        version = pinned[canonicalize_name(requirement.name)]
        assert requirement.specifier.contains(version), f"{requirement} does not accept the pinned {version}"


HIDE = """
import importlib.abc, sys
class Hide(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path, target=None):
        if name.split(".")[0] in {names!r}:
            raise ImportError(f"{{name}} is not installed")
sys.meta_path.insert(0, Hide())
"""


def test_the_server_runs_without_its_optional_extras(tmp_path):
    """gevent and redis are extras: the default server (eventlet, one process) works without them."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    extras = {Requirement(r).name for e in project["optional-dependencies"].values() for r in e}
    assert extras == {"gevent", "redis"}
    script = HIDE.format(names=extras) + (
        "from server.app import create_app, socketio\n"
        f"app = create_app({{'DATABASE': {str(tmp_path / 'x.db')!r}}})\n"
        "assert app.test_client().get('/m/1/projector').status_code == 200\n"
        "screen = socketio.test_client(app)\n"
        "ack = screen.emit('join', {'meeting_id': 1, 'role': 'public'}, callback=True)\n"
        "assert ack['ok'] and ack['state']['stages'], ack\n"
        "print(sorted(n for n in sys.modules if n.split('.')[0] in " + repr(extras) + "))\n"
    )
    done = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"
