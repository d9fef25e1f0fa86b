"""HL115 code-after-deny: a command or an outbound call on a path after ``api.access.deny``.

Action-only, blocking triggers. ``deny`` (and ``api.validation.error``) records the
decision and returns: the handler goes on, and what it does next still runs (a claim set,
a redirect, a Management API write; auth0-actions.md §2.6). What runs after a deny comes
from the Action path service (``actions.paths.after_deny``: the flow service over each
handler, helpers followed); logging is neither a command nor an outbound call. One
finding per deny, at the first such call. The fix, offered when certain: ``return``
before a ``deny`` whose statement is followed by more code in its block.
"""

from __future__ import annotations

from hooklint.actions.model import Action
from hooklint.actions.paths import DENIALS, AfterDeny, after_deny
from hooklint.actions.roles import role_path
from hooklint.checks.base import Rule
from hooklint.findings import Edit, Fix
from hooklint.js.estree import member_path, unwrap


class CodeAfterDeny(Rule):
    id = "HL115"
    name = "code-after-deny"

    def check(self, ctx) -> None:
        action: Action = ctx.program
        for found in after_deny(action):
            deny = _describe(action, found.deny)
            what = _describe(action, found.call)
            where = "every path" if found.definitely else "a path"
            ctx.report(self, found.call,
                       f"{what} runs on {where} after {deny} (line {found.deny.loc.start.line}): denying does not "
                       f"stop the Action, so this still happens; return there (`return {deny.strip('`')}`)",
                       fix=_return_at_deny(ctx, action, found))


def _describe(action: Action, call) -> str:
    path = role_path(action, call.callee)
    if path is not None:
        return f"`{'.'.join(path)}(…)`"
    name = member_path(unwrap(call.callee))
    return f"`{name}(…)`" if name else "this call"


def _return_at_deny(ctx, action: Action, found: AfterDeny) -> Fix | None:
    """``return `` before the deny: offered when the deny call is itself an expression
    statement (``api.access.deny(…);``) followed by more statements in its block (where the
    edit maps back to the file: ``FileContext.report``)."""
    deny = found.deny
    source = ctx.source
    if role_path(action, deny.callee) not in DENIALS:
        return None
    statement = action.tree.parent(deny)
    if statement is None or statement.type != "ExpressionStatement" or unwrap(statement.expression) is not deny:
        return None
    block = action.tree.parent(statement)
    if block is None:
        return None
    statements = block.consequent if block.type == "SwitchCase" else \
        block.body if block.type in ("BlockStatement", "Program") else None
    if not statements or statements[-1] is statement or not any(s is statement for s in statements):
        return None
    at = source.point_region(statement.loc.start.line, statement.loc.start.column, 0)
    return Fix("Return at the deny", (Edit(at, "return "),))


RULE = CodeAfterDeny()
