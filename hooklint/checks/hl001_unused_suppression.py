"""HL001 unused-suppression: a suppression comment that suppressed nothing.

The engine matches directives to findings (``hooklint.suppress``); this rule words what
is wrong with each directive and reports it on the comment.
"""

from __future__ import annotations

from hooklint.checks.base import Rule
from hooklint.suppress import Problem


class UnusedSuppression(Rule):
    id = "HL001"
    name = "unused-suppression"

    def report_problems(self, ctx, problems: list[Problem]) -> None:
        for problem in problems:
            directive = problem.directive
            form = f"hooklint-{directive.kind}"
            if problem.kind == "empty":
                message = f"`{form}` names no rule: list the ids to suppress (blanket suppressions are not supported)"
            elif problem.kind == "unknown":
                message = f"`{form}` names `{problem.token}`, which is not a hooklint rule id or name"
            else:
                assert problem.token is not None  # only an "empty" problem names no token
                rule_id = directive.ids[problem.token]
                message = f"`{form} {problem.token}` suppresses nothing: no {rule_id} finding here; remove it"
            ctx.report(self, directive.region, message)


RULE = UnusedSuppression()
