"""HL206 restricted-claim: a claim key on Auth0's restricted-claim list, or one the claim
setter refuses (``scope`` in a post-login ``setCustomClaim``: it throws).

One module for both kinds: the claims come from each kind's ``written_claims`` service (a
hook's credentials-exchange result keys, an Action's ``setCustomClaim`` keys, which alone
may be ``throws``), each of which answers none for the other kind; the program's ``noun``
names who sets it.
"""

from __future__ import annotations

from hooklint.actions.roles import written_claims as action_claims
from hooklint.auth0.facts import RESTRICTED_CLAIMS
from hooklint.checks.base import Rule
from hooklint.hooks.callback_results import written_claims as hook_claims


class RestrictedClaim(Rule):
    id = "HL206"
    name = "restricted-claim"

    def check(self, ctx) -> None:
        noun = ctx.program.noun
        article = "an" if noun[:1].lower() in "aeiou" else "a"
        for claim in (*hook_claims(ctx.program), *action_claims(ctx.program)):
            key = claim.key
            if claim.throws:
                ctx.report(self, claim.node,
                           f"claim `{key}` cannot be set: `setCustomClaim` throws `The \"{key}\" claim cannot be "
                           f"set.` and the login fails; change scopes with `api.accessToken.addScope`/`removeScope`, "
                           f"or use a name of your own such as `https://example.com/{key}`")
            elif key in RESTRICTED_CLAIMS:
                own = ("app_" if key.startswith("client_") else "client_") + key
                ctx.report(self, claim.node,
                           f"claim `{key}` is restricted: Auth0 never lets {article} {noun} set it and drops it "
                           f"from the {claim.token}; use a name of your own such as `https://example.com/{own}`")


RULE = RestrictedClaim()
