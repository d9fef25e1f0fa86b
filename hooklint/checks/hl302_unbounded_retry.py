"""HL302 unbounded-retry: a retry on 429 or error with no attempt limit."""

from __future__ import annotations

from hooklint.checks.base import Rule
from hooklint.auth0 import retries

_FIX = ("count the attempts and give up with `cb(err)` after 2 or 3, so the hook fails cleanly inside "
        "its 20 s budget")


class UnboundedRetry(Rule):
    id = "HL302"
    name = "unbounded-retry"

    def check(self, ctx) -> None:
        for retry in retries(ctx.hook):
            if retry.bounded:
                continue
            cause = "a 429" if retry.rate_limited else "an error"
            if retry.kind == "recursion":
                what = f"`{retry.name}` calls itself again after {cause} with no attempt limit"
            else:
                what = f"this `{retry.name}` loop retries the request after {cause} with no attempt limit"
            ctx.report(self, retry.anchor, f"{what}: it can only end when Auth0 kills the hook; {_FIX}")


RULE = UnboundedRetry()
