"""HL302 unbounded-retry: a retry on 429 or error with no attempt limit."""

from __future__ import annotations

from hooklint.checks.base import Rule
from hooklint.auth0 import retries



class UnboundedRetry(Rule):
    id = "HL302"
    name = "unbounded-retry"

    def check(self, ctx) -> None:
        program = ctx.program
        fix = (f"count the attempts and give up {program.give_up} after 2 or 3, so the {program.noun} fails "
               f"cleanly inside its 20 s budget")
        for retry in retries(program):
            if retry.bounded:
                continue
            cause = "a 429" if retry.rate_limited else "an error"
            if retry.kind == "recursion":
                what = f"`{retry.name}` calls itself again after {cause} with no attempt limit"
            else:
                what = f"this `{retry.name}` loop retries the request after {cause} with no attempt limit"
            ctx.report(self, retry.anchor, f"{what}: it can only end {program.run_ends}; {fix}")


RULE = UnboundedRetry()
