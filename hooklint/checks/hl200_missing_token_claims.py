"""HL200 missing-token-claims: a credentials-exchange hook succeeds without a claims object."""

from __future__ import annotations

from hooklint.checks.base import Rule
from hooklint.hooks.callback_results import missing_claims, results


class MissingTokenClaims(Rule):
    id = "HL200"
    name = "missing-token-claims"

    def check(self, ctx) -> None:
        for result in results(ctx.hook):
            what = missing_claims(result)
            if what is None:
                continue
            call = ctx.source.slice(result.call.call)
            if result.argument is None:
                head = f"`{call}` succeeds without a claims object"
            else:
                head = f"`{call}` passes {what} as the access token's claims"
            ctx.report(self, result.call.call,
                       f"{head}: at credentials-exchange the second argument is the token's content and must "
                       f"be an object; pass `{result.call.name}(null, {{ scope: scope }})` to keep the token "
                       "unchanged")


RULE = MissingTokenClaims()
