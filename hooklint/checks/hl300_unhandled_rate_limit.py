"""HL300 unhandled-rate-limit: a Management API call with no 429 handling."""

from __future__ import annotations

from hooklint.auth0.program import Program
from hooklint.checks.base import Rule
from hooklint.auth0 import (MANAGEMENT_PATH, client_version, handled, management_calls, sdk_retry_disabled,
                                url_parts, url_path)

_FIX = "retry after `X-RateLimit-Reset` with a bounded back-off"


class UnhandledRateLimit(Rule):
    id = "HL300"
    name = "unhandled-rate-limit"

    def check(self, ctx) -> None:
        hook = ctx.program
        for call in management_calls(hook):
            if not handled(hook, call):
                ctx.report(self, call.call, _message(hook, call))


def _message(hook: Program, call) -> str:
    if call.http is not None:
        where = url_path(url_parts(hook, call.http), MANAGEMENT_PATH) or "the Management API"
        return (f"`{call.name}` to {where} has no 429 handling: check `X-RateLimit-Remaining` and {_FIX} "
                f"(Auth0 answers 429 when the tenant's Management API limit is used up)")
    built = call.client.loc.start.line
    if sdk_retry_disabled(hook, call.client):
        return (f"`{call.name}` uses a ManagementClient built with `retry: {{enabled: false}}` (line {built}) "
                f"and nothing here handles 429: remove the option so the SDK retries, or check "
                f"`err.statusCode === 429` and {_FIX}")
    return (f"`{call.name}` uses auth0@{client_version(hook, call.client)}, which does not retry on 429 "
            f"(the SDK's built-in retry came in 2.9.0): require auth0 2.9.0 or later, or check "
            f"`err.statusCode === 429` and {_FIX}")


RULE = UnhandledRateLimit()
