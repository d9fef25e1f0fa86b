"""``hooklint migrate``'s proof (issue 17, "Proof: run both"): every hook the suite has is
translated and run side by side with its Action in the differential harness
(tests/migrate_harness), on several scenarios per point; each hook must be equivalent to its
Action or have each difference named by a note of its Translation.

The hooks: every fixture under tests/fixtures/HL*/ whose point is known and that parses
(``translate`` returns ``Skipped`` for the others), examples/hooks/*.js, and the samples
modelled on Auth0's starter templates and documentation (tests/data/hook-samples/).
All of them run in one Node process.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from conftest import FIXTURES, REPO, TESTS
from hooklint.js.source import Source, preprocess
from hooklint.migrate.model import Skipped, Translation
from hooklint.migrate.command import checker
from hooklint.migrate.translate import translate
from migrate_harness import compare, jobs

pytestmark = pytest.mark.skipif(jobs.NODE is None,
                                reason="node is not installed: the differential harness runs hooks and Actions in Node")

SAMPLES = TESTS / "data" / "hook-samples"
MIN_HOOKS = 60


@dataclass(frozen=True)
class Hook:
    id: str             # the path from the repository's root
    text: str           # the hook as parsed (deploy-cli tokens replaced, as the check sees it)
    translation: Translation


def _paths() -> list[Path]:
    fixtures = sorted(path for path in FIXTURES.glob("HL*/**/*.js"))
    return fixtures + sorted((REPO / "examples" / "hooks").glob("*.js")) + sorted(SAMPLES.glob("*/*.js"))


@functools.cache
def _hooks() -> list[Hook]:
    check = checker()
    found = []
    for path in _paths():
        shown = path.relative_to(REPO).as_posix()
        source = Source(shown, path.read_text(encoding="utf-8"))
        translation = translate(source, check)
        if isinstance(translation, Skipped):
            continue
        found.append(Hook(shown, source.text, translation))
    return found


HOOKS = _hooks() if jobs.NODE is not None else []


@pytest.fixture(scope="module")
def runs() -> dict[str, list[dict[str, Any]]]:
    # The Action's code gets the same preprocessing as the hook's (deploy-cli tokens kept by
    # the translation become the same placeholders), so both run the same values.
    batch = [jobs.job(hook.id, hook.translation.point, hook.text, preprocess(hook.translation.code),
                      jobs.scenarios(hook.translation.point, hook.translation.secrets)) for hook in HOOKS]
    return jobs.run(batch)


def test_enough_hooks_run(runs):
    assert len(HOOKS) >= MIN_HOOKS
    assert len(runs) == len(HOOKS)
    points = {hook.translation.point for hook in HOOKS}
    assert points == {compare.CCE, compare.PRE, compare.POST, compare.PCP, compare.SPM}
    # every sample is a hook with a known point
    assert len([hook for hook in HOOKS if hook.id.startswith("tests/data/hook-samples/")]) == \
        len(list(SAMPLES.glob("*/*.js")))


# Hooks whose Action is known to differ where no note says so (docs: README, "Migrating from
# Hooks to Actions", Limitations). Strict: a fix makes the test fail until the entry goes.
KNOWN_GAPS = {
    # The hook reads `PreUserRegistrationError`, which its point's prelude lacks (HL107): a
    # ReferenceError in Hooks. The adapter declares a function of that name that throws when
    # called, so a bare read (`const F = PreUserRegistrationError`) no longer throws.
    "tests/fixtures/HL107/typeof-guarded-shared-code.js": "a bare read of a missing prelude class",
}


@pytest.mark.parametrize("hook", HOOKS, ids=[hook.id for hook in HOOKS])
def test_action_equivalent_to_hook(hook: Hook, runs):
    translation = hook.translation
    if hook.id in KNOWN_GAPS:
        pytest.xfail(KNOWN_GAPS[hook.id])  # checked below to still fail: see test_known_gaps_still_differ
    lines = []
    for result in runs[hook.id]:
        found = compare.differences(translation.point, result["hook"], result["action"])
        for difference in compare.unexplained(found, translation.codes):
            lines.append(f"{result['scenario']}: {difference}")
    assert not lines, (f"{hook.id} ({translation.form}) differs from its Action where no note says so "
                       f"(notes: {sorted(translation.codes)}):\n" + "\n".join(lines))


def test_known_gaps_still_differ(runs):
    """A gap that was fixed must leave ``KNOWN_GAPS`` (xfail above would hide the fix)."""
    by_id = {hook.id: hook for hook in HOOKS}
    for hook_id in KNOWN_GAPS:
        translation = by_id[hook_id].translation
        found = [difference for result in runs[hook_id]
                 for difference in compare.unexplained(
                     compare.differences(translation.point, result["hook"], result["action"]), translation.codes)]
        assert found, f"{hook_id} is equivalent now: remove it from KNOWN_GAPS"
