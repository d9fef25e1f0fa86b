"""HL102 callback-not-called: a path that ends without calling the callback."""

from __future__ import annotations

from hooklint.hooks.callflow import callback_flow
from hooklint.checks.base import Rule
from hooklint.js.estree import member_path, property_name, unwrap
from hooklint.findings import Region

_TIMEOUT = "Auth0 waits for it and the hook times out after 20 s"


class CallbackNotCalled(Rule):
    id = "HL102"
    name = "callback-not-called"

    def check(self, ctx) -> None:
        flow = callback_flow(ctx.hook)
        if flow is None:
            return
        for item in flow.analysed:
            for miss in item.result.misses:
                where = "the function" if miss.function is item.function else _describe(ctx, miss.function)
                when = f" when {miss.why[0]} (line {miss.why[1]})" if miss.why else ""
                if miss.at_end:
                    message = (f"`{item.name}` is not called on every path: {where} can end{when} "
                               f"without calling it; {_TIMEOUT}")
                    ctx.report(self, _closing(ctx, miss.function), message)
                else:
                    message = f"`return` without calling `{item.name}`{when}: {_TIMEOUT}"
                    ctx.report(self, miss.node, message)


def _describe(ctx, fn) -> str:
    """"the callback passed to `request.post(...)`" for a continuation."""
    parent = ctx.hook.tree.parent(fn)
    while parent is not None and parent.type not in ("CallExpression", "NewExpression"):
        parent = ctx.hook.tree.parent(parent)
    if parent is None:
        return "this callback"
    callee = unwrap(parent.callee)
    name = member_path(callee)
    method = property_name(callee) if callee.type == "MemberExpression" else None
    if name is None and method:
        name = "." + method
    return f"the callback passed to `{name}(...)`" if name else "this callback"


def _closing(ctx, fn) -> Region:
    """The closing brace of a function body (or the end of an arrow's expression body)."""
    end = ctx.source.region(fn.body)
    if fn.body.type == "BlockStatement":
        return Region(end.end_line, end.end_column - 1, end.end_line, end.end_column)
    return end


RULE = CallbackNotCalled()
