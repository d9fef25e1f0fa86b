"""HL205 claim-forbidden-namespace: a claim under auth0.com, webtask.io, webtask.run or urn:auth0.

One module for both kinds: the claims come from each kind's ``written_claims`` service (a
hook's credentials-exchange result keys, an Action's ``setCustomClaim`` keys), each of
which answers none for the other kind, so the rule never asks which kind it runs on.
"""

from __future__ import annotations

from hooklint.actions.roles import written_claims as action_claims
from hooklint.auth0.facts import RESERVED_URN, forbidden_namespace
from hooklint.checks.base import Rule
from hooklint.hooks.callback_results import written_claims as hook_claims


class ClaimForbiddenNamespace(Rule):
    id = "HL205"
    name = "claim-forbidden-namespace"

    def check(self, ctx) -> None:
        for claim in (*hook_claims(ctx.program), *action_claims(ctx.program)):
            reserved = forbidden_namespace(claim.key)
            if reserved is None:
                continue
            under = f"a `{RESERVED_URN}` name" if reserved == RESERVED_URN else f"under `{reserved}`"
            ctx.report(self, claim.node,
                       f"claim `{claim.key}` is {under}, a namespace Auth0 reserves: it is always dropped from "
                       f"the {claim.token}; use a domain you own, such as `https://example.com/`")


RULE = ClaimForbiddenNamespace()
