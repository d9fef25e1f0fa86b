"""HL101 wrong-hook-signature: parameters that do not fit the extensibility point."""

from __future__ import annotations

from hooklint.checks.base import Rule
from hooklint.hooks.points import ROLES

_SHAPES = {
    "RestElement": "a rest parameter",
    "AssignmentPattern": "a parameter with a default value",
    "ObjectPattern": "a destructuring pattern",
    "ArrayPattern": "a destructuring pattern",
}


class WrongHookSignature(Rule):
    id = "HL101"
    name = "wrong-hook-signature"

    def check(self, ctx) -> None:
        fn = ctx.hook.function
        point = ctx.point
        if fn is None or point is None:
            return
        params = fn.params
        where = ctx.source.span(params[0], params[-1]) if params else _head(ctx, fn)
        roles = ROLES[point]
        if len(params) != len(roles):
            expected = ", ".join("cb" if r == "callback" else r for r in roles)
            ctx.report(self, where,
                       f"{point} hooks take {len(roles)} parameters ({expected}), this one takes {len(params)}: "
                       f"Auth0 passes them by position, so the callback is not where the code expects it")
            return
        last = params[-1]
        shape = _SHAPES.get(last.type)
        if shape is not None:
            ctx.report(self, where,
                       f"the callback position holds {shape}: Auth0 passes the callback function there; "
                       "name it plainly, e.g. `cb`")


def _head(ctx, fn):
    """Where a function's (empty) parameter list is: from its start to its body."""
    from hooklint.findings import Region

    start = ctx.source.region(fn)
    body = ctx.source.region(fn.body)
    return Region(start.start_line, start.start_column, body.start_line, body.start_column)


RULE = WrongHookSignature()
