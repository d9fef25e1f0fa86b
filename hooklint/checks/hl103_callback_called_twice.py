"""HL103 callback-called-twice: a call site reached after the callback was already called."""

from __future__ import annotations

from hooklint.hooks.callflow import callback_flow
from hooklint.checks.base import Rule
from hooklint.js.estree import property_name, unwrap


class CallbackCalledTwice(Rule):
    id = "HL103"
    name = "callback-called-twice"

    def check(self, ctx) -> None:
        flow = callback_flow(ctx.hook)
        if flow is None:
            return
        for item in flow.analysed:
            for repeat in item.result.repeats:
                name = item.name
                if repeat.in_iteration:
                    message = (f"`{name}` is called in a callback that runs once per element: "
                               "with two or more elements it is called twice")
                elif repeat.first is not None and repeat.first is not repeat.call:
                    line = repeat.first.loc.start.line
                    earlier = (f"it was already called on line {line}" if _is_call_of(repeat.first, item.target)
                               else f"the call on line {line} may already have called it, or will")
                    message = (f"`{name}` can be called a second time here: {earlier} on the same path; "
                               "`return` after the first call")
                else:
                    message = (f"`{name}` can be called again here on a later loop iteration: "
                               "leave the loop (`return`/`break`) after calling it")
                ctx.report(self, repeat.call, message)


def _is_call_of(call, target) -> bool:
    callee = unwrap(call.callee)
    if callee.type == "MemberExpression" and property_name(callee) in ("call", "apply"):
        callee = unwrap(callee.object)
    return callee.type == "Identifier" and target(callee)


RULE = CallbackCalledTwice()
