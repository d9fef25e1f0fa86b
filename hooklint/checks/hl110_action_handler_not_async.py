"""HL110 action-handler-not-async: an exported entry point that is not an ``async`` function."""

from __future__ import annotations

from hooklint.checks.base import Rule
from hooklint.findings import Region
from hooklint.js.estree import Node, is_async

_KEYWORD = len("function")


class ActionHandlerNotAsync(Rule):
    id = "HL110"
    name = "action-handler-not-async"

    def check(self, ctx) -> None:
        action = ctx.program
        names: dict[int, list[str]] = {}  # one finding per function, however many names export it
        functions: dict[int, Node] = {}
        for entry in action.entry_points:
            fn = entry.function
            if fn is None or (is_async(fn) and not fn.generator):
                continue  # a value that cannot be resolved to a function says nothing
            functions.setdefault(id(fn), fn)
            if entry.name not in names.setdefault(id(fn), []):
                names[id(fn)].append(entry.name)
        for key, fn in functions.items():
            exported = " and ".join(f"`{name}`" for name in names[key])
            what = "an `async` generator" if fn.generator and is_async(fn) else \
                "a generator function" if fn.generator else \
                "not an `async` function (returning a promise is not enough)"
            ctx.report(self, _head(ctx, fn),
                       f"the entry point {exported} is {what}: Auth0's loader accepts only an `AsyncFunction` "
                       f"as a handler and rejects the Action with \"Invalid function signature\"; make it an "
                       f"`async` function (`exports.{names[key][0]} = async (event, api) => {{ … }}`)")


def _head(ctx, fn: Node) -> Region:
    """The function's head: an arrow's parameters, a method's name, else the ``function``
    keyword (where ``async`` goes)."""
    if fn.type == "ArrowFunctionExpression":
        if fn.params:
            return ctx.source.span(fn.params[0], fn.params[-1])
        start, body = ctx.source.region(fn), ctx.source.region(fn.body)  # `() =>`
        return Region(start.start_line, start.start_column, body.start_line, body.start_column)
    parent = ctx.program.tree.parent(fn)
    if parent is not None and parent.type in ("Property", "MethodDefinition") and parent.value is fn \
            and (parent.type == "MethodDefinition" or parent.method):
        return ctx.source.region(parent.key)  # `onExecutePostLogin(event, api) {`: no keyword
    # a function that is not `async` starts with its keyword; an `async function*` with `async`
    width = len("async") if is_async(fn) else _KEYWORD
    return ctx.source.point_region(fn.loc.start.line, fn.loc.start.column, width)


RULE = ActionHandlerNotAsync()
