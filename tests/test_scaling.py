"""Analysis cost grows linearly with the input: each generated shape of
``benchmarks/shapes.py`` (every kind of code that once made a service quadratic or worse)
is linted at N and 4N, and the growth per doubling (the square root of the time ratio)
must stay below 2.6 (2.0 is linear; a quadratic spot gives about 4). Ratios measured side
by side in this test, never an absolute time: the machines are shared.
``benchmarks/sizes.py`` prints the full series. One Action shape of ``benchmarks/actions.py``
(post-login, the richest) is measured the same way, from a smaller start: each of its
helpers is a dozen lines. So is a post-login Action whose handler is one long block of
``api`` calls and early exits (``actions.post_login_flat``).

Two doublings, not one: on this project's CI machines (virtual, with neighbours) the CPU
time of one file varies by up to a third between runs, and a single doubling measured
from N to 2N left too little room between linear (2.0) and the bar. Over two doublings
the same noise moves the per-doubling figure half as much (a square root), while a
quadratic spot still gives about 4 per doubling.

What earlier tests left alive is frozen while a file is measured, so the analysis runs in
``frozen_heap``'s nested branch (the collector paused, not the tree frozen): this test
measures the growth of the analysis itself. The collector's share, in the path a command
line run takes, is measured by ``benchmarks/sizes.py`` (and ``--gc-default`` against
Python's default thresholds).
"""

from __future__ import annotations

import gc
import sys
import time

import pytest

from conftest import REPO, assert_linear
from hooklint.checks import registry as registry_mod
from hooklint.run.config import Config
from hooklint.run.engine import Engine
from hooklint.js.source import Source

sys.path.insert(0, str(REPO / "benchmarks"))
from actions import ACTION_SHAPES, MARKER, post_login_flat
from shapes import SHAPES

N = 400


@pytest.fixture(scope="module")
def engine():
    reg = registry_mod.load()
    checker = Engine(reg, Config(), {i for i, d in reg.docs.items() if d.default_enabled})
    checker.check_source(Source(path="warm.js", text=SHAPES["plain"](10)[0]))  # imports and docs, once
    return checker


def _seconds(engine: Engine, text: str, claim_line: int, marker: str = "HL204") -> float:
    gc.collect()
    gc.freeze()  # what earlier tests left alive stays out of every collection measured here
    # (the analysis runs in parse.frozen_heap, which leaves a caller's frozen set frozen)
    # CPU time of this process (the analysis runs on its deep-stack thread): time spent
    # waiting for a core that other processes hold does not count, wall time would.
    started = time.process_time()
    result, error = engine.check_source(Source(path="generated.js", text=text))
    elapsed = time.process_time() - started
    gc.unfreeze()
    assert error is None, error
    # the whole file was analysed: the hook's last claim (the Action's key) is found at its line
    assert [f.region.start_line for f in result.findings if f.rule_id == marker] == [claim_line]
    return elapsed


@pytest.mark.parametrize("shape", sorted(SHAPES))
def test_doubling_the_input_at_most_doubles_the_time(engine, shape):
    _assert_linear(engine, shape, SHAPES[shape], N, "HL204")


ACTION_N = 25  # helpers of the Action shape (each about 16 lines: 400 lines at the start)


def test_doubling_an_action_at_most_doubles_the_time(engine):
    _assert_linear(engine, "action-post-login", ACTION_SHAPES["action-post-login"], ACTION_N, MARKER)


FLAT_N = 100  # groups of the flat handler (three guarded api calls each, an early exit every fourth)


def test_doubling_a_flat_handler_at_most_doubles_the_time():
    """One long handler block of api calls: the guards of each call (HL220, HL221, HL305)
    include the early exits before it in the block, which must be indexed once per block,
    not scanned again for each call. Only those rules (and the marker's) run: the rest of
    the analysis is linear, and would dilute a quadratic term at a size quick to test."""
    reg = registry_mod.load()
    checker = Engine(reg, Config(), {"HL220", "HL221", "HL305", MARKER})
    checker.check_source(Source(path="warm.js", text=post_login_flat(2)[0]))
    _assert_linear(checker, "action-post-login-flat", post_login_flat, FLAT_N, MARKER)


def _assert_linear(engine, shape, generate, start, marker):
    texts: dict[int, tuple[str, int]] = {}  # each size generated once

    def measure(n: int) -> float:
        return _seconds(engine, *texts.setdefault(n, generate(n)), marker)

    assert_linear(measure, start, shape)
