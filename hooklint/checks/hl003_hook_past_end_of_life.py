"""HL003 hook-past-end-of-life: Hooks stopped running on 2026-11-18 (off by default)."""

from __future__ import annotations

from hooklint.checks.base import Rule
from hooklint.hooks.points import ACTIONS


class HookPastEndOfLife(Rule):
    id = "HL003"
    name = "hook-past-end-of-life"

    def check(self, ctx) -> None:
        export = ctx.hook.exports.export
        if export is None or export.function is None and export.not_callable is not None:
            return
        if ctx.point in ACTIONS:
            trigger, handler = ACTIONS[ctx.point]
            target = f"an Action on the `{trigger}` trigger (`exports.{handler} = async (event, api) => {{...}}`)"
        else:
            target = "an Action on the matching trigger"
        statement = export.statement
        # Where the export is named (`module.exports`, or the `return` line), not the whole function.
        if statement.type == "ExpressionStatement" and statement.expression.type == "AssignmentExpression":
            where = statement.expression.left
        else:
            where = ctx.source.line_region(statement.loc.start.line)
        ctx.report(self, where,
                   f"Auth0 Hooks reached end of life on 2026-11-18 and no longer run: move this hook to {target}")


RULE = HookPastEndOfLife()
