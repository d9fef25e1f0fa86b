"""HL220 redirect-not-guarded: ``api.redirect.sendUserTo`` where the login may not be interactive.

Action-only (post-login). A redirect on a refresh-token exchange, a password (ROPG) grant
or a ``prompt=none`` login fails the login (auth0-actions.md §2.8). A call is silent when
the guard service (``actions.guards``) finds it under a check of
``api.redirect.canRedirect()`` (on its truthy side), ``event.transaction.protocol`` or
``event.request.query.prompt``, or of a helper that may read them.
"""

from __future__ import annotations

from hooklint.actions.guards import REDIRECT, guarded
from hooklint.actions.model import Action
from hooklint.actions.roles import calls_to
from hooklint.checks.base import Rule

_SEND = ("api", "redirect", "sendUserTo")


class RedirectNotGuarded(Rule):
    id = "HL220"
    name = "redirect-not-guarded"

    def check(self, ctx) -> None:
        action: Action = ctx.program
        for call in calls_to(action, _SEND):
            if not guarded(action, call.call, REDIRECT):
                ctx.report(self, call.call,
                           "`api.redirect.sendUserTo` runs whatever the kind of login, so also on refresh-token, "
                           "password (ROPG) and `prompt=none` logins, where a redirect fails the login: call it "
                           "only `if (api.redirect.canRedirect())`")


RULE = RedirectNotGuarded()
