"""HL206 restricted-claim: a credentials-exchange result key on Auth0's restricted-claim list."""

from __future__ import annotations

from hooklint.auth0.facts import RESTRICTED_CLAIMS
from hooklint.checks.base import Rule
from hooklint.hooks.callback_results import token_claims


class RestrictedClaim(Rule):
    id = "HL206"
    name = "restricted-claim"

    def check(self, ctx) -> None:
        for entry in token_claims(ctx.hook):
            key = entry.key
            if key in RESTRICTED_CLAIMS:
                own = ("app_" if key.startswith("client_") else "client_") + key
                ctx.report(self, entry.node,
                           f"claim `{key}` is restricted: Auth0 never lets a hook set it and drops it from the "
                           f"access token; use a name of your own such as `https://example.com/{own}`")


RULE = RestrictedClaim()
