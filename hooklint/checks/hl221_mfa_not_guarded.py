"""HL221 mfa-not-guarded: an MFA challenge that may run on a refresh-token exchange.

Action-only (post-login). ``api.multifactor.enable``, ``api.authentication.challengeWith*``
and ``enrollWith*`` fail a refresh-token exchange, which cannot show a challenge
(auth0-actions.md §2.8). A call is silent when the guard service (``actions.guards``) finds
it under a check of ``event.transaction.protocol``, or of a helper that may read it.
"""

from __future__ import annotations

from hooklint.actions.guards import MFA, guarded
from hooklint.actions.model import Action
from hooklint.actions.roles import RolePath, api_calls
from hooklint.checks.base import Rule


def _is_challenge(path: RolePath) -> bool:
    if path == ("api", "multifactor", "enable"):
        return True
    return len(path) == 3 and path[1] == "authentication" and path[2].startswith(("challengeWith", "enrollWith"))


class MfaNotGuarded(Rule):
    id = "HL221"
    name = "mfa-not-guarded"

    def check(self, ctx) -> None:
        action: Action = ctx.program
        for call in api_calls(action):
            if _is_challenge(call.path) and not guarded(action, call.call, MFA):
                method = ".".join(call.path)
                ctx.report(self, call.call,
                           f"`{method}` also runs on refresh-token exchanges, which cannot show an MFA challenge "
                           f"and fail: skip it when `event.transaction.protocol === 'oauth2-refresh-token'`")


RULE = MfaNotGuarded()
