"""HL104 unhandled-async-error: an error that escapes instead of reaching ``cb(err)``."""

from __future__ import annotations

from hooklint.hooks.callflow import escapes
from hooklint.checks.base import Rule


class UnhandledAsyncError(Rule):
    id = "HL104"
    name = "unhandled-async-error"

    def check(self, ctx) -> None:
        for escape in escapes(ctx.hook):
            cb = escape.name
            if escape.kind in ("await", "for-await"):
                keyword = "`for await`" if escape.kind == "for-await" else "`await`"
                message = (f"{keyword} outside a `try` whose `catch` calls `{cb}`: if it rejects, the error "
                           f"escapes the hook and Auth0 never hears of it (the hook times out); "
                           f"wrap it and call `{cb}(err)` in the `catch`")
            elif escape.kind == "throw":
                message = (f"`throw` escapes the hook instead of reaching `{cb}`: Auth0 ignores thrown errors "
                           f"and returned promises; use `return {cb}(new Error(...))`")
            else:
                message = (f"promise chain without a `.catch` that calls `{cb}`: a rejection never reaches "
                           "the callback and the hook times out")
            ctx.report(self, escape.node, message)


RULE = UnhandledAsyncError()
