"""HL002 unknown-extensibility-point: the point of a hook, or the trigger of an Action,
could not be decided."""

from __future__ import annotations

from hooklint.actions.contract import entry_point_problems
from hooklint.checks.base import Rule
from hooklint.hooks.points import NO_FUNCTION


class UnknownExtensibilityPoint(Rule):
    id = "HL002"
    name = "unknown-extensibility-point"

    def check(self, ctx) -> None:
        decision = ctx.decision
        if decision is None or decision.point is not None:
            return
        if decision.evidence == NO_FUNCTION and decision.invalid is None:
            return  # no hook function at all: HL100's finding, not a second one
        program = ctx.program
        if decision.invalid is None and entry_point_problems(program):
            return  # entry points of two triggers, or none at all: HL111's finding, not a second one
        consequence = f"only {program.point_noun.split()[-1]}-independent rules checked this {program.noun}"
        if decision.invalid is not None and decision.how == "inferred":
            message = f"{decision.evidence}, which no longer runs: {consequence}"
        elif decision.invalid is not None:
            message = f"{decision.evidence}: {consequence}"
        else:
            message = (f"{program.point_noun} unknown ({decision.evidence}): add `// hooklint: point=NAME`; "
                       f"{consequence}")
        ctx.report(self, decision.region, message, path=decision.where)


RULE = UnknownExtensibilityPoint()
