"""HL201 scope-dropped: the claims object of a credentials-exchange hook never sets `scope`."""

from __future__ import annotations

from hooklint.checks.base import Rule
from hooklint.results import missing_claims, results


class ScopeDropped(Rule):
    id = "HL201"
    name = "scope-dropped"

    def begin(self, ctx) -> None:
        for result in results(ctx.hook):
            if not result.is_object or result.sets_scope or missing_claims(result) is not None:
                continue
            argument = result.argument
            name = argument.name if argument.type == "Identifier" else "the claims object"
            fix = f"{argument.name}.scope = scope" if argument.type == "Identifier" else "scope: scope"
            what = f"`{name}`" if argument.type == "Identifier" else name
            ctx.report(self, result.call.call,
                       f"{what} never sets `scope`: Auth0 issues the access token with no scopes at all, "
                       f"whatever the client was granted; add `{fix}`")


RULE = ScopeDropped()
