"""HL119 redirect-and-render: a handler that both redirects and renders a form, or renders twice.

Action-only (post-login, password-reset-post-challenge). Auth0 aborts the Action when one
execution calls both ``api.redirect.sendUserTo`` and ``api.prompt.render``, or
``api.prompt.render`` twice. Which calls a handler reaches comes from the Action path
service (``actions.paths.reached_calls``: the flow service over the handler, helpers
followed, code after a ``return`` not reached). Both methods reachable in one handler is
reported at the second of the two (in source order); a render reached on a path that has
already rendered, at that render.
"""

from __future__ import annotations

from hooklint.actions.model import Action
from hooklint.actions.paths import clashes
from hooklint.checks.base import Rule

_REDIRECT = frozenset({("api", "redirect", "sendUserTo")})
_RENDER = frozenset({("api", "prompt", "render")})


class RedirectAndRender(Rule):
    id = "HL119"
    name = "redirect-and-render"

    def check(self, ctx) -> None:
        action: Action = ctx.program
        # a render reached with a redirect, or a second render on one path
        for clash in clashes(action, _RENDER, _REDIRECT):
            if clash.other is not None:
                ctx.report(self, clash.call,
                           f"this handler both redirects (`api.redirect.sendUserTo`) and renders a form "
                           f"(`api.prompt.render`; the other at line {clash.other.loc.start.line}): Auth0 aborts the "
                           f"Action when one execution does both; render the form or redirect, not both")
            else:
                ctx.report(self, clash.call,
                           "`api.prompt.render` on a path that has already rendered a form: Auth0 aborts the "
                           "Action when one execution renders twice; render one form per execution")


RULE = RedirectAndRender()
