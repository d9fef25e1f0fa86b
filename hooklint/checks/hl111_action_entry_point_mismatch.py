"""HL111 action-entry-point-mismatch: the Action exports no entry point of its trigger,
entry points of two triggers, or its metadata names the retired v1 contract. The problems
are ``actions.contract.entry_point_problems``; this rule only reports them."""

from __future__ import annotations

from hooklint.actions.contract import entry_point_problems
from hooklint.actions.model import Action
from hooklint.checks.base import Rule


class ActionEntryPointMismatch(Rule):
    id = "HL111"
    name = "action-entry-point-mismatch"

    def check(self, ctx) -> None:
        action: Action = ctx.program  # Action-only: the registry runs it on Actions (its doc's `kinds`)
        for problem in entry_point_problems(action):
            ctx.report(self, problem.node if problem.node is not None else problem.region, problem.message,
                       path=problem.where)


RULE = ActionEntryPointMismatch()
