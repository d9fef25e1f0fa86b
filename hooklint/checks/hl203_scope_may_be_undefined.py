"""HL203 scope-may-be-undefined: the `scope` parameter (or an alias) used as an array unguarded."""

from __future__ import annotations

from hooklint.checks.base import Rule
from hooklint.hooks.callback_results import unguarded_scope_uses


class ScopeMayBeUndefined(Rule):
    id = "HL203"
    name = "scope-may-be-undefined"

    def check(self, ctx) -> None:
        param = ctx.hook.param_name("scope") or "scope"
        for site, holder in unguarded_scope_uses(ctx.hook):
            name = ctx.source.slice(holder)
            what = f"`{name}` is" if name == param else f"`{name}` holds the `{param}` parameter, which is"
            use = f"for (... of {name})" if site is holder else _short(ctx.source.slice(site))
            ctx.report(self, site,
                       f"{what} `undefined` when the client requests no scope: `{use}` then throws a TypeError "
                       f"and the token request fails; use `({param} || [])` or guard it")


def _short(text: str, limit: int = 50) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 3] + "..."


RULE = ScopeMayBeUndefined()
