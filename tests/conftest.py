"""Shared helpers: lint text in-process, find the installed console script, and the
external tools some tests need (Chromium, the SARIF Multitool): see ``need_tool``."""

from __future__ import annotations

import fcntl
import functools
import math
import os
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from hooklint.checks import registry as registry_mod
from hooklint.run.config import Config
from hooklint.run.engine import Engine
from hooklint.js.parse import RECURSION_LIMIT
from hooklint.js.source import Source

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


# ----- external tools --------------------------------------------------------------------
# Two tools are not Python packages: headless Chromium (tests/test_html.py) and Microsoft's
# SARIF Multitool (tests/test_sarif.py, tests/test_snapshots.py::test_sarif). A test that
# needs one asks ``need_tool``, which gives the tool or else, on a developer's machine, skips
# the test with a reason that says how to enable it (``pytest -ra``, the default, lists the
# reasons). Under CI=true a missing tool is a failure instead: CI must run every test.
#
# HOOKLINT_SKIP_BROWSER=1 / HOOKLINT_SKIP_MULTITOOL=1 are explicit opt-outs: the tests that
# need that tool skip even where it is installed, and the Multitool is not installed. They
# are honoured under CI=true too (a decision of whoever set them, not a missing tool):
# .ci/run sets both for its runs on the other supported Pythons, whose output the run on the
# default python3 has already shown to both tools, and clears both for that default run.

MULTITOOL_DIR = TESTS / ".multitool"
MULTITOOL_BINARY = MULTITOOL_DIR / "node_modules" / "@microsoft" / "sarif-multitool-linux" / "Sarif.Multitool"
MULTITOOL_INSTALL = ["install", "--prefix", str(MULTITOOL_DIR), "--no-audit", "--no-fund", "--loglevel=error",
                     "@microsoft/sarif-multitool"]


GROWTH_BAR = 2.6  # per doubling: 2.0 is linear, a quadratic spot gives about 4


def assert_linear(measure, start: int, label: str, span: int = 4, rounds: int = 3, max_rounds: int = 7) -> None:
    """Cost grows linearly: ``measure(n)`` (CPU seconds of one run at size ``n``) at n and
    ``span``·n, the growth per doubling (``span`` is two doublings: the noise of one shared
    machine moves the figure half as much as over one) below ``GROWTH_BAR``. n is doubled
    from ``start`` until a run takes 0.1 s (a shorter time is mostly noise); the sizes are
    measured interleaved, so that a slow moment of the machine hits both, ``rounds`` times
    and up to ``max_rounds`` while over the bar (a quadratic spot measures about 4 in every
    round, so more rounds never hide it). The best time of each size is compared."""
    n = start
    while n < 8 * start and measure(n) < 0.1:
        n *= 2
    doublings = math.log2(span)
    small: list[float] = []
    large: list[float] = []
    growth = float("inf")
    while len(small) < rounds or (growth >= GROWTH_BAR and len(small) < max_rounds):
        small.append(measure(n))
        large.append(measure(span * n))
        growth = (min(large) / min(small)) ** (1 / doublings)
    assert growth < GROWTH_BAR, (
        f"{label}: {min(small):.3f}s at {n}, {min(large):.3f}s at {span * n} (x{growth:.2f} per doubling)"
    )


def on_ci() -> bool:
    return os.environ.get("CI", "").lower() in ("true", "1", "yes")


def need_tool(tool: str, found: str | Path | None, missing: str, opt_out: str) -> str | Path:
    """``found`` (the tool), or else skip the calling test, saying why ``missing`` and how to
    enable it; under CI=true fail it instead. ``opt_out`` names the variable that skips it
    on purpose."""
    if os.environ.get(opt_out) == "1":
        pytest.skip(f"{tool} tests not run: {opt_out}=1")
    if found:
        return found
    message = f"{tool} is not available: {missing}"
    if on_ci():
        pytest.fail(f"{message} (CI=true: a missing tool is a failure, not a skip)", pytrace=False)
    pytest.skip(message)


def chromium() -> str:
    """Headless Chromium: $HOOKLINT_CHROMIUM, else ``chromium`` on PATH."""
    explicit = os.environ.get("HOOKLINT_CHROMIUM")
    found = shutil.which(explicit) if explicit else shutil.which("chromium")
    missing = (f"HOOKLINT_CHROMIUM={explicit} is not an executable" if explicit else
               "no `chromium` on PATH; install it (`apt-get install -y chromium`, what .ci/run does) "
               "or set HOOKLINT_CHROMIUM to a Chromium or Chrome binary")
    return need_tool("Chromium", found, missing, "HOOKLINT_SKIP_BROWSER")


def multitool() -> Path:
    """The SARIF Multitool: $HOOKLINT_MULTITOOL, else tests/.multitool, installed there with
    npm on first use."""
    found, missing = _find_multitool() if os.environ.get("HOOKLINT_SKIP_MULTITOOL") != "1" else (None, "")
    return need_tool("The SARIF Multitool", found, missing, "HOOKLINT_SKIP_MULTITOOL")


@functools.cache
def _find_multitool() -> tuple[Path | None, str]:
    """(the binary, "") or (None, why not); tries the npm install once per session."""
    explicit = os.environ.get("HOOKLINT_MULTITOOL")
    if explicit:
        path = Path(explicit)
        return (path, "") if path.is_file() else (None, f"HOOKLINT_MULTITOOL={explicit} is not a file")
    if not MULTITOOL_BINARY.is_file():
        npm = shutil.which("npm")
        if npm is None:
            return None, ("no `npm` on PATH to install it into tests/.multitool: install Node.js with npm and the "
                          "tests install it themselves, or set HOOKLINT_MULTITOOL to a Sarif.Multitool binary")
        error = _install_multitool(npm)
        if error:
            return None, error
    if not os.access(MULTITOOL_BINARY, os.X_OK):  # npm does not run the package's chmod postinstall
        MULTITOOL_BINARY.chmod(MULTITOOL_BINARY.stat().st_mode | stat.S_IXUSR)
    return MULTITOOL_BINARY, ""


def _install_multitool(npm: str) -> str:
    """``npm install`` the Multitool into tests/.multitool; "" or what went wrong.

    Under a lock: two test processes (pytest-xdist workers, two runs) must not install into
    the same directory at once; the second finds it installed."""
    MULTITOOL_DIR.mkdir(exist_ok=True)
    (MULTITOOL_DIR / ".gitignore").write_text("*\n", encoding="utf-8")  # never shows in git status
    with open(MULTITOOL_DIR / ".lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if MULTITOOL_BINARY.is_file():
            return ""
        package = MULTITOOL_DIR / "package.json"
        if not package.is_file():  # keeps npm from looking for a package.json further up
            package.write_text('{"private": true}\n', encoding="utf-8")
        command = [npm, *MULTITOOL_INSTALL]
        try:
            proc = subprocess.run(command, capture_output=True, text=True, timeout=600)
        except (OSError, subprocess.TimeoutExpired) as error:
            return f"`npm {' '.join(MULTITOOL_INSTALL)}` failed: {error}"
        if proc.returncode != 0 or not MULTITOOL_BINARY.is_file():
            tail = "\n".join((proc.stderr or proc.stdout).strip().splitlines()[-5:])
            return f"`npm {' '.join(MULTITOOL_INSTALL)}` failed (exit {proc.returncode}):\n{tail}"
    return ""
