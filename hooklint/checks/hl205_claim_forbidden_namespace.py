"""HL205 claim-forbidden-namespace: a claim under auth0.com, webtask.io, webtask.run or urn:auth0."""

from __future__ import annotations

from hooklint.auth0.facts import RESERVED_URN, forbidden_namespace
from hooklint.checks.base import Rule
from hooklint.hooks.callback_results import token_claims


class ClaimForbiddenNamespace(Rule):
    id = "HL205"
    name = "claim-forbidden-namespace"

    def check(self, ctx) -> None:
        for entry in token_claims(ctx.hook):
            assert entry.key is not None  # token_claims keeps the known keys only
            reserved = forbidden_namespace(entry.key)
            if reserved is None:
                continue
            under = f"a `{RESERVED_URN}` name" if reserved == RESERVED_URN else f"under `{reserved}`"
            ctx.report(self, entry.node,
                       f"claim `{entry.key}` is {under}, a namespace Auth0 reserves: it is always dropped from "
                       "the access token; use a domain you own, such as `https://example.com/`")


RULE = ClaimForbiddenNamespace()
