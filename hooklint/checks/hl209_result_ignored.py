"""HL209 result-ignored: a non-empty result passed where Auth0 ignores it."""

from __future__ import annotations

from typing import TYPE_CHECKING

from hooklint.checks.base import Rule
from hooklint.js.estree import unwrap
from hooklint.hooks.callback_results import SET_ORIGINS, results, value_shapes

if TYPE_CHECKING:
    from hooklint.hooks.model import Hook


class ResultIgnored(Rule):
    id = "HL209"
    name = "result-ignored"

    def check(self, ctx) -> None:
        for result in results(ctx.hook):
            argument = result.argument
            if argument is None:
                continue
            keyed = any(len(e.path) == 1 and e.origin in SET_ORIGINS for e in result.entries)
            if keyed or _truthy_literal(ctx.hook, argument):
                ctx.report(self, argument,
                           f"the result passed to `{result.call.name}` is ignored at {ctx.point}: Auth0 uses a "
                           "hook's result only at credentials-exchange and pre-user-registration, so nothing "
                           "is stored; call it without a result")


def _truthy_literal(hook: Hook, node) -> bool:
    """A value that is certainly a non-empty literal (`'ok'`, `true`, `[1]`) on every path."""
    shapes = value_shapes(hook, node)
    if not shapes:
        return False
    for shape in shapes:
        value = unwrap(shape.node)
        if value is None:
            return False
        if value.type == "Literal" and getattr(value, "regex", None) is None:
            if not value.value:
                return False
        elif value.type == "ArrayExpression":
            if not value.elements:
                return False
        elif value.type != "TemplateLiteral" or not any(q.value.cooked for q in value.quasis):
            return False
    return True


RULE = ResultIgnored()
