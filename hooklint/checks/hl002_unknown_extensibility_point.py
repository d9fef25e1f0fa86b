"""HL002 unknown-extensibility-point: the point of a hook could not be decided."""

from __future__ import annotations

from hooklint.checks.base import Rule

_PRAGMA_HELP = "add `// hooklint: point=NAME` (credentials-exchange, pre-user-registration, " \
               "post-user-registration, post-change-password or send-phone-message)"


class UnknownExtensibilityPoint(Rule):
    id = "HL002"
    name = "unknown-extensibility-point"

    def begin(self, ctx) -> None:
        decision = ctx.decision
        if decision is None or decision.point is not None or ctx.hook.function is None and decision.invalid is None:
            return  # decided, or no hook function at all (HL100's finding, not a second one)
        if decision.invalid is not None and decision.how == "inferred":
            message = (f"{decision.evidence}, which no longer runs; "
                       f"only point-independent rules checked this hook")
        elif decision.invalid is not None:
            message = f"{decision.evidence}; only point-independent rules checked this hook"
        else:
            message = (f"extensibility point unknown: {decision.evidence}; {_PRAGMA_HELP}; "
                       "only point-independent rules checked this hook")
        ctx.report(self, decision.region, message)


RULE = UnknownExtensibilityPoint()
