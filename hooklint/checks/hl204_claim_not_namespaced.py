"""HL204 claim-not-namespaced: a credentials-exchange result key that is not `scope` nor a URL."""

from __future__ import annotations

import re

from hooklint.auth0.facts import RESTRICTED_CLAIMS, forbidden_namespace, is_url_claim
from hooklint.checks.base import Rule
from hooklint.hooks.callback_results import token_claims


class ClaimNotNamespaced(Rule):
    id = "HL204"
    name = "claim-not-namespaced"

    def check(self, ctx) -> None:
        for entry in token_claims(ctx.hook):
            key = entry.key
            assert key is not None  # token_claims keeps the known keys only
            if key == "scope" or is_url_claim(key) or key in RESTRICTED_CLAIMS or forbidden_namespace(key):
                continue  # kept, or reported by HL206 / HL205 (one root cause, one finding)
            name = re.split(r"[/:]", key.rstrip("/:"))[-1] or "claim"
            ctx.report(self, entry.node,
                       f"claim `{key}` is not namespaced: Auth0 drops it from the access token; use a URL "
                       f"such as `https://example.com/{name}`")


RULE = ClaimNotNamespaced()
