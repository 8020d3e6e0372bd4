"""The shape of ``server/``: no import circle (every import, at module level or inside a function),
and small modules (none over 400 lines but vocabulary files that are only data); and the project
cites only files it contains."""

from __future__ import annotations

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
MAX_LINES = 400

# Files that are only data (vocabularies: words and their translations), allowed to be longer.
DATA_ONLY = {
    "server/i18n/page_keys.py",  # which sentence keys each page is sent
}

# Modules still over the limit, each to be split and then removed from this list (the test fails
# when one listed here is no longer over, so the list only shrinks).
KNOWN_OVER: set[str] = set()


def modules(root: Path = ROOT) -> dict[str, Path]:
    """Every module of ``root/server`` by its dotted name (a package by its own name)."""
    found = {}
    for path in sorted((root / "server").rglob("*.py")):
        parts = path.relative_to(root).with_suffix("").parts
        found[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = path
    return found


def imported(name: str, path: Path, known: dict[str, Path]) -> set[str]:
    """The modules of ``server`` that the module ``name`` imports, anywhere in its code (a function's
    import runs later, but a circle through it is still a circle)."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            # ``from package import module`` imports the module; ``from module import name`` the module.
            targets = [f"{base}.{a.name}" if f"{base}.{a.name}" in known else base for a in node.names]
        else:
            continue
        found |= {t for t in targets if t in known and t != name}
    return found


def circles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components of more than one module (Tarjan), each sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for other in sorted(graph[node]):
            if other not in index:
                visit(other)
                low[node] = min(low[node], low[other])
            elif other in on_stack:
                low[node] = min(low[node], index[other])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def test_the_walker_sees_imports_at_module_and_function_level(tmp_path):
    (tmp_path / "server" / "inner").mkdir(parents=True)
    files = {
        "server/__init__.py": "",
        "server/a.py": "from .inner import b\n",
        "server/inner/__init__.py": "",
        "server/inner/b.py": "def later():\n    from ..a import something\n",
        "server/c.py": "import server.a\n",
    }
    for name, text in files.items():
        (tmp_path / name).write_text(text)
    known = modules(tmp_path)
    graph = {name: imported(name, path, known) for name, path in known.items()}
    assert graph["server.a"] == {"server.inner.b"}
    assert graph["server.inner.b"] == {"server.a"}
    assert graph["server.c"] == {"server.a"}
    assert circles(graph) == [["server.a", "server.inner.b"]]


def test_server_has_no_import_circle():
    known = modules()
    graph = {name: imported(name, path, known) for name, path in known.items()}
    assert graph["server.storage"] >= {"server.storage.transfer"}  # the walker found the imports
    assert circles(graph) == []


def test_no_module_of_server_is_over_400_lines():
    lines = {str(p.relative_to(ROOT)): len(p.read_text().splitlines()) for p in modules().values()}
    over = {name for name, n in lines.items() if n > MAX_LINES} - DATA_ONLY
    assert over - KNOWN_OVER == set(), {name: lines[name] for name in over - KNOWN_OVER}
    assert KNOWN_OVER - over == set(), "split now: remove it from KNOWN_OVER"


# Citations of files that are gone, in files another change is rewriting: (citing file, cited path).
KNOWN_STALE: set[tuple[str, str]] = set()
CITED = re.compile(
    r"(?<![\w/.-])((?:server|tests|docs|bench|deploy|static|templates)/[\w./-]*\w"
    r"\.(?:py|md|js|css|html|conf|sh|txt|toml|json|png))"
)


def test_the_project_cites_only_files_it_contains():
    """Docs, comments and configuration name files of the project: each must be there."""
    sources = [ROOT / "README.md", ROOT / "pyproject.toml", *ROOT.glob("requirements*.txt"), *ROOT.glob("docs/*.md")]
    for folder in ("server", "static", "bench", "deploy", "tests/support"):
        sources += [p for p in (ROOT / folder).rglob("*") if p.suffix in (".py", ".md", ".js", ".sh", ".conf")]
    sources += [ROOT / "tests" / "conftest.py", *ROOT.glob("tests/*/test_*.py")]
    stale = set()
    for source in sources:
        name = str(source.relative_to(ROOT))
        if name == "tests/ops/test_layout.py":  # its own example tree
            continue
        for cited in CITED.findall(source.read_text(errors="replace")):
            if not (ROOT / cited).exists() and not cited.startswith("tests/x."):
                stale.add((name, cited))
    assert stale - KNOWN_STALE == set()
    assert KNOWN_STALE - stale == set(), "fixed now: remove it from KNOWN_STALE"
