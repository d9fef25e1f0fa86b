"""HL002 unknown-extensibility-point: the point of a hook could not be decided."""

from __future__ import annotations

from hooklint.checks.base import Rule

_CONSEQUENCE = "only point-independent rules checked this hook"


class UnknownExtensibilityPoint(Rule):
    id = "HL002"
    name = "unknown-extensibility-point"

    def check(self, ctx) -> None:
        decision = ctx.decision
        if decision is None or decision.point is not None:
            return
        if ctx.hook.function is None and decision.invalid is None:
            return  # no hook function at all: HL100's finding, not a second one
        if decision.invalid is not None and decision.how == "inferred":
            message = f"{decision.evidence}, which no longer runs: {_CONSEQUENCE}"
        elif decision.invalid is not None:
            message = f"{decision.evidence}: {_CONSEQUENCE}"
        else:
            message = (f"extensibility point unknown ({decision.evidence}): add `// hooklint: point=NAME`; "
                       f"{_CONSEQUENCE}")
        ctx.report(self, decision.region, message, path=decision.where)


RULE = UnknownExtensibilityPoint()
