"""HL201 scope-dropped: the claims object of a credentials-exchange hook never sets `scope`."""

from __future__ import annotations

from hooklint.checks.base import Rule
from hooklint.findings import Edit, Fix
from hooklint.hooks.callback_results import missing_claims, results


class ScopeDropped(Rule):
    id = "HL201"
    name = "scope-dropped"

    def check(self, ctx) -> None:
        for result in results(ctx.hook):
            if not result.is_object or result.sets_scope or missing_claims(result) is not None:
                continue
            argument = result.argument
            assert argument is not None  # is_object: there is one
            name = argument.name if argument.type == "Identifier" else "the claims object"
            fix = f"{argument.name}.scope = scope" if argument.type == "Identifier" else "scope: scope"
            what = f"`{name}`" if argument.type == "Identifier" else name
            ctx.report(self, result.call.call,
                       f"{what} never sets `scope`: Auth0 issues the access token with no scopes at all, "
                       f"whatever the client was granted; add `{fix}`",
                       fix=_insert_scope(ctx, result.call.call, argument))


def _insert_scope(ctx, call, argument) -> Fix | None:
    """``<claims>.scope = <scope>;`` on its own line before the statement that calls back.

    Offered when the claims object is a variable, the scope parameter has a plain name,
    and the call is a statement of a block (where the edit maps back to the file:
    ``FileContext.report``)."""
    scope = ctx.hook.param_name("scope")
    source = ctx.source
    if argument.type != "Identifier" or scope is None:
        return None
    statement = call
    for parent in ctx.hook.tree.ancestors(call):
        if parent.type in ("BlockStatement", "Program", "SwitchCase"):
            break
        if parent.type in ("ArrowFunctionExpression", "FunctionExpression", "FunctionDeclaration"):
            return None  # an expression body: no line to insert before
        statement = parent
    line = statement.loc.start.line
    text = source.lines[line - 1] if line <= len(source.lines) else ""
    indent = text[: len(text) - len(text.lstrip())]
    at = source.point_region(line, statement.loc.start.column, 0)
    return Fix(f"Set `{argument.name}.scope = {scope}` before calling back",
               (Edit(at, f"{argument.name}.scope = {scope};\n{indent}"),))


RULE = ScopeDropped()
