"""HL121 require-with-version: an Action's ``require`` pins a version in the code, or names
a package its metadata does not list. The problems are
``actions.dependencies.require_problems``; this rule only reports them."""

from __future__ import annotations

from hooklint.actions.dependencies import require_problems
from hooklint.actions.model import Action
from hooklint.checks.base import Rule


class RequireWithVersion(Rule):
    id = "HL121"
    name = "require-with-version"

    def check(self, ctx) -> None:
        action: Action = ctx.program  # Action-only: the registry runs it on Actions (its doc's `kinds`)
        for problem in require_problems(action):
            ctx.report(self, problem.node, problem.message)


RULE = RequireWithVersion()
