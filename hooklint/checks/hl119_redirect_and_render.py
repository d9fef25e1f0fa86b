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
from hooklint.actions.paths import reached_calls
from hooklint.checks.base import Rule

_REDIRECT = frozenset({("api", "redirect", "sendUserTo")})
_RENDER = frozenset({("api", "prompt", "render")})


class RedirectAndRender(Rule):
    id = "HL119"
    name = "redirect-and-render"

    def check(self, ctx) -> None:
        action: Action = ctx.program
        reported: set[int] = set()
        for function in action.entry_functions:
            renders = reached_calls(action, function, _RENDER)
            redirects = reached_calls(action, function, _REDIRECT)
            if renders.sites and redirects.sites:
                render, redirect = renders.sites[0], redirects.sites[0]
                second = render if render.range[0] > redirect.range[0] else redirect
                first = redirect if second is render else render
                if id(second) not in reported:
                    reported.add(id(second))
                    ctx.report(self, second,
                               f"this handler both redirects (`api.redirect.sendUserTo`) and renders a form "
                               f"(`api.prompt.render`; the other at line {first.loc.start.line}): Auth0 aborts the "
                               f"Action when one execution does both; render the form or redirect, not both")
            for repeat in renders.repeats:
                if id(repeat) not in reported:
                    reported.add(id(repeat))
                    ctx.report(self, repeat,
                               "`api.prompt.render` on a path that has already rendered a form: Auth0 aborts the "
                               "Action when one execution renders twice; render one form per execution")


RULE = RedirectAndRender()
