"""HL301 retry-without-backoff: a 429 retried at once, or after a short fixed delay."""

from __future__ import annotations

from hooklint.checks.base import Rule
from hooklint.auth0 import retries

_FIX = ("wait until `X-RateLimit-Reset` (or `Retry-After`), or back off exponentially (1 s, 2 s, 4 s…), "
        "before retrying")


class RetryWithoutBackoff(Rule):
    id = "HL301"
    name = "retry-without-backoff"

    def check(self, ctx) -> None:
        for retry in retries(ctx.program):
            if not retry.rate_limited:
                continue
            what = _what(retry)
            if retry.delay is None:
                ctx.report(self, retry.node, f"{what} after a 429 with no delay: an immediate retry cannot succeed "
                                             f"and keeps the tenant at its rate limit; {_FIX}")
            elif retry.delay.short:
                amount = f"{retry.delay.amount:g} ms"
                ctx.report(self, retry.node, f"{what} after a 429 with a fixed {amount} delay, which neither grows "
                                             f"nor follows the rate-limit headers; {_FIX}")


def _what(retry) -> str:
    if retry.kind == "recursion":
        return f"`{retry.name}(...)` retries"
    if retry.kind == "loop":
        return f"this `{retry.name}` loop retries the request"
    return f"`{retry.name}` is issued again"


RULE = RetryWithoutBackoff()
