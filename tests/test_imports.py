"""The package's layers, read from its import graph (deferred imports and
type-checking-only ones included: a cycle or an upward import is a layering mistake even
when a function-level import hides it from Python).

Each module imports only from its own layer and the layers below it (``LAYERS``, bottom
first; docs/architecture.md says what each owns), and there is no cycle.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

import hooklint

PACKAGE = Path(hooklint.__file__).resolve().parent


# Bottom first. A module belongs to the first entry that is its name or a package above it.
LAYERS: list[tuple[str, ...]] = [
    ("hooklint.findings",),                        # value types: a finding, its region, a point decision
    ("hooklint.js",),                              # the JavaScript front end: no Auth0 knowledge
    ("hooklint.outcome",),                         # a run's outcome: problems, file and run results
    ("hooklint.auth0",),                           # what Auth0 code means, for every kind of program
    ("hooklint.hooks", "hooklint.actions"),        # what only one kind has: a hook (model, point, callback,
                                                   # result), an Action (model, trigger); never each other
    ("hooklint.checks",),                          # the rules, their docs and their registry
    ("hooklint.run",),                             # discovery, metadata, config, engine, suppressions, cache
    ("hooklint.fixes",),                           # applying fixes until stable (given a way to lint a text)
    ("hooklint.reporters",),                       # rendering a run
    ("hooklint.migrate",),                         # hooks -> Actions: translation, layouts, migration report
    ("hooklint.baseline", "hooklint.init", "hooklint.cli", "hooklint.__main__",
     "hooklint.server", "hooklint.fixing"),        # the commands (the language server is one; fixing: --fix on files)
]


def _layer(module: str) -> int:
    for rank, members in enumerate(LAYERS):
        if any(module == m or module.startswith(m + ".") for m in members):
            return rank
    raise AssertionError(f"{module} is in no layer of LAYERS")


def _module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _graph() -> dict[str, set[str]]:
    modules = {_module_name(p): p for p in PACKAGE.rglob("*.py")}
    graph: dict[str, set[str]] = {name: set() for name in modules}
    for name, path in modules.items():
        package = name if path.name == "__init__.py" else name.rpartition(".")[0]
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            targets: list[str] = []
            if isinstance(node, ast.Import):
                targets = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                    base = ".".join(anchor + ([base] if base else []))
                # `from hooklint import model` imports the module hooklint.hooks.model
                targets = [f"{base}.{alias.name}" if f"{base}.{alias.name}" in modules else base
                           for alias in node.names]
            for target in targets:
                while target and target not in modules:
                    target = target.rpartition(".")[0]
                # a package's __init__ is not an edge of its own modules' layering
                if target and target != name and not name.startswith(target + ".") and target != "hooklint":
                    graph[name].add(target)
    return graph


def _cycle(graph: dict[str, set[str]]) -> list[str] | None:
    state: dict[str, int] = {}  # 1 on the path, 2 done
    path: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        path.append(node)
        for nxt in sorted(graph[node]):
            if state.get(nxt) == 1:
                return path[path.index(nxt):] + [nxt]
            if nxt not in state:
                found = visit(nxt)
                if found:
                    return found
        path.pop()
        state[node] = 2
        return None

    for start in sorted(graph):
        if start not in state:
            found = visit(start)
            if found:
                return found
    return None


def test_the_graph_is_read():
    graph = _graph()
    assert "hooklint.outcome" in graph["hooklint.run.engine"]
    assert "hooklint.checks.base" in graph["hooklint.checks.hl100_missing_hook_export"]


def test_no_import_cycle():
    cycle = _cycle(_graph())
    assert cycle is None, "import cycle: " + " -> ".join(cycle or [])


def test_a_cycle_is_found():
    assert _cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]


def test_only_the_commands_import_the_engine():
    # ``hooklint check``, ``hooklint migrate`` (which checks the hooks it reads and the
    # Actions it writes) and ``hooklint server`` (its documents) run the engine; nothing below them does.
    importers = sorted(name for name, targets in _graph().items() if "hooklint.run.engine" in targets)
    assert "hooklint.cli" in importers
    assert set(importers) <= {"hooklint.cli", "hooklint.migrate.command", "hooklint.server.documents"}, importers


def test_every_module_has_a_layer():
    for name in _graph():
        if name != "hooklint":
            _layer(name)


def test_no_module_imports_a_layer_above_its_own():
    upward = sorted(f"{name} -> {target}" for name, targets in _graph().items() if name != "hooklint"
                    for target in targets if _layer(target) > _layer(name))
    assert upward == [], "imports from a higher layer:\n" + "\n".join(upward)


def test_hooks_and_actions_never_import_each_other():
    """They share a rank: each kind's package may use the services below, not the other kind."""
    pairs = (("hooklint.hooks", "hooklint.actions"), ("hooklint.actions", "hooklint.hooks"))
    crossing = sorted(f"{name} -> {target}" for name, targets in _graph().items() for target in targets
                      for mine, other in pairs if name.startswith(mine) and target.startswith(other))
    assert crossing == [], "a kind's package imports the other's:\n" + "\n".join(crossing)


def test_an_upward_import_is_found(monkeypatch):
    graph = {"hooklint.js.scope": {"hooklint.hooks.model"}, "hooklint.hooks.model": {"hooklint.js.scope"}}
    monkeypatch.setattr(__import__(__name__), "_graph", lambda: graph)
    with pytest.raises(AssertionError, match=re.escape("hooklint.js.scope -> hooklint.hooks.model")):
        test_no_module_imports_a_layer_above_its_own()
