"""Shared helpers: lint text in-process, find the installed console script."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest

from hooklint import registry as registry_mod
from hooklint.config import Config
from hooklint.engine import Engine
from hooklint.parse import RECURSION_LIMIT
from hooklint.source import Source

# hooklint raises the recursion limit for deep nesting on its first analysis; do it up
# front so that tools that watch the limit (Hypothesis) see no change during a test.
sys.setrecursionlimit(max(sys.getrecursionlimit(), RECURSION_LIMIT))

TESTS = Path(__file__).resolve().parent
REPO = TESTS.parent
FIXTURES = TESTS / "fixtures"


@pytest.fixture(scope="session")
def registry():
    return registry_mod.load()


def lint(text: str, select: set[str] | None = None, path: str = "hook.js", config: Config | None = None):
    """Findings (suppressed ones included) of linting ``text`` as the file ``path``."""
    reg = registry_mod.load()
    chosen = select if select is not None else {i for i, d in reg.docs.items() if d.default_enabled}
    engine = Engine(reg, config or Config(), set(chosen))
    result, error = engine.check_source(Source(path=path, text=text))
    assert error is None, error
    return result


def active(result, rule_id: str | None = None):
    """Unsuppressed findings of a file result, optionally of one rule."""
    return [f for f in result.findings if not f.suppressed and (rule_id is None or f.rule_id == rule_id)]


@pytest.fixture(scope="session")
def hooklint_exe() -> str:
    """The installed console script (next to this interpreter, or on PATH)."""
    beside = Path(sys.executable).parent / "hooklint"
    if beside.exists():
        return str(beside)
    found = shutil.which("hooklint")
    if found is None:
        pytest.fail("the hooklint console script is not installed: run `pip install .[test]` first")
    return found
