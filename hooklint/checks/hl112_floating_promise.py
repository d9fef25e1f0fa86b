"""HL112 floating-promise: a promise the handler never awaits, or an ``api`` command issued
in the callback of a callback-style call, which runs after the handler has returned.

Action-only. Where promises are made and whether each is consumed is the promise service
(``actions.promises``: ``floating_promises``, ``lost_commands``). The fix, when certain:
``await `` before a floating call that is an expression statement of an ``async`` function.
"""

from __future__ import annotations

from hooklint.actions.model import Action
from hooklint.actions.paths import calls_after_deny
from hooklint.actions.promises import Floating, LostCommand, floating_promises, lost_commands
from hooklint.checks.base import Rule
from hooklint.findings import Edit, Fix
from hooklint.js.estree import is_async

_AFTER = ("the handler can return before it settles, and Auth0 does not wait for it: the request may never be "
          "made, its errors go unseen, and an `api` command in its callbacks is lost")


class FloatingPromise(Rule):
    id = "HL112"
    name = "floating-promise"

    def check(self, ctx) -> None:
        action: Action = ctx.program
        # actions-rules.md, precedence: HL112 does not fire for a call that HL115 reports
        # (whether or not HL115 is selected: the call's one cause is the deny before it)
        excluded = calls_after_deny(action)
        for floating in floating_promises(action):
            if id(floating.node) in excluded or id(floating.origin.node) in excluded:
                continue
            ctx.report(self, floating.node, _message(floating), fix=_await(ctx, floating))
        for lost in lost_commands(action):
            if id(lost.call) not in excluded:
                ctx.report(self, lost.call, _lost_message(lost))


def _message(floating: Floating) -> str:
    what = floating.origin.what
    if floating.discarded:
        return (f"{what} starts one promise per item and `forEach` drops them all: {_AFTER}; use "
                f"`await Promise.all(items.map(async …))` or a `for…of` loop with `await`")
    if floating.variable is not None:
        return (f"the promise of {what} is stored in `{floating.variable}` but never awaited or returned: {_AFTER}; "
                f"`await` it (or hand it to an awaited `Promise.all`)")
    if floating.holder is not None:  # `Promise.all([…]);`, `items.map((i) => axios.get(i));`
        return (f"the promise of {what} (line {floating.holder.loc.start.line}) is never awaited or returned: this "
                f"statement drops it; {_AFTER}; `await` it (`await Promise.all(…)` for an array of promises)")
    if floating.origin.array:
        return (f"{what} returns promises that are never awaited or returned: {_AFTER}; "
                f"`await Promise.all(…)` them")
    return f"{what} returns a promise that is never awaited or returned: {_AFTER}; add `await`"


def _lost_message(lost: LostCommand) -> str:
    command = ".".join(lost.command_path)
    return (f"`{command}(…)` runs in the callback of {lost.name}, after the handler has returned: Auth0 has "
            f"already ended the Action, so the command is lost; use the promise form and `await` it "
            f"(line {lost.command.loc.start.line})")


def _await(ctx, floating: Floating) -> Fix | None:
    """``await `` before a floating call that is a whole expression statement of an ``async``
    function (where the edit maps back to the file: ``FileContext.report``)."""
    source = ctx.source
    if not floating.statement or floating.discarded:
        return None
    function = ctx.program.tree.enclosing_function(floating.node)
    if function is None or not is_async(function):
        return None
    start = floating.node.loc.start
    return Fix("Await the promise", (Edit(source.point_region(start.line, start.column, 0), "await "),))


RULE = FloatingPromise()
