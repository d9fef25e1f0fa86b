"""HL106 undefined-callback-name: a callback name declared nowhere, or the callback shadowed."""

from __future__ import annotations

from hooklint.hooks.callbacks import callback_param, misnamed_calls, shadowing
from hooklint.checks.base import Rule
from hooklint.js.estree import Node

_DECLARED = {"var": "`var {}`", "let": "`let {}`", "const": "`const {}`", "function": "`function {}`",
             "class": "`class {}`", "catch": "`catch ({})`", "function-name": "`function {}`"}


class UndefinedCallbackName(Rule):
    id = "HL106"
    name = "undefined-callback-name"

    def check(self, ctx) -> None:
        hook = ctx.hook
        param = callback_param(hook)
        own = f"the hook's callback parameter is `{param.name}`" if param is not None else \
            "the hook has no callback parameter"
        for use in misnamed_calls(hook, passed=True):
            name = use.identifier.name
            ctx.report(self, use.identifier if use.kind == "passed" else use.call,
                       f"`{name}` is not defined anywhere ({own}): this throws a ReferenceError at run time "
                       "and the hook fails or hangs until the 20-second timeout")
        if param is not None:
            self._shadows(ctx, param)

    def _shadows(self, ctx, param: Node) -> None:
        hook, name = ctx.hook, param.name
        for shadow in shadowing(hook):
            variable = shadow.variable
            if shadow.redeclares:
                ctx.report(self, shadow.identifier,
                           f"this redeclares the callback parameter `{name}`: every later `{name}(...)` reaches "
                           "the new value, not the callback Auth0 passed in; give it another name")
                continue
            if variable.kind == "param":
                where = f"the parameter `{name}` shadows the hook's callback: `{name}(...)` in this function " \
                        "calls what the function is given (here not a callback)"
            else:
                where = f"{_DECLARED.get(variable.kind, '`{}`').format(name)} shadows the hook's callback: " \
                        f"`{name}(...)` in this scope calls the local value"
            ctx.report(self, shadow.identifier, f"{where}, not the callback Auth0 passed in; rename it")


RULE = UndefinedCallbackName()
