"""HL203 scope-may-be-undefined: the `scope` parameter (or an alias) used as an array unguarded.

The fix: ``(<holder> || [])`` in place of the holder read (``scope``, ``access_token.scope``)
where the use throws, when the edit is certain to keep the code's meaning on every path
where it did not throw: not where the use writes (``scope.length = 0``,
``[scope.x] = …``: the write would go to a throwaway array), not for a method that changes
the array in place (``scope.push('x')``: the push would be lost instead of failing), not for
a holder read through optional chaining, not through a helper's parameter (other callers
may pass other values: ``first(client.name || '')``), and not where the ``(`` would start a statement
after one with no semicolon (``f()\\n(scope || [])…`` is a call of ``f()``'s result)."""

from __future__ import annotations

from hooklint.checks.base import Rule
from hooklint.findings import Edit, Fix
from hooklint.hooks.callback_results import unguarded_scope_uses
from hooklint.js.estree import Node, property_name

# Array methods that change the array in place: on ``(scope || [])`` the change is lost.
_MUTATORS = frozenset({"push", "pop", "shift", "unshift", "splice", "sort", "reverse", "fill", "copyWithin"})
# Statements that end with a block: a `(` after them starts a new statement.
_BLOCK_ENDED = frozenset({"FunctionDeclaration", "ClassDeclaration", "BlockStatement", "TryStatement",
                          "SwitchStatement"})
_PATTERNS = frozenset({"ArrayPattern", "ObjectPattern", "RestElement", "AssignmentPattern"})


class ScopeMayBeUndefined(Rule):
    id = "HL203"
    name = "scope-may-be-undefined"

    def check(self, ctx) -> None:
        param = ctx.hook.param_name("scope") or "scope"
        for site, holder in unguarded_scope_uses(ctx.hook):
            name = ctx.source.slice(holder)
            what = f"`{name}` is" if name == param else f"`{name}` holds the `{param}` parameter, which is"
            use = f"for (... of {name})" if site is holder else _short(ctx.source.slice(site))
            ctx.report(self, site,
                       f"{what} `undefined` when the client requests no scope: `{use}` then throws a TypeError "
                       f"and the token request fails; use `({param} || [])` or guard it",
                       fix=_default_to_empty(ctx, site, holder))


def _default_to_empty(ctx, site: Node, holder: Node) -> Fix | None:
    """``(`` before the holder and `` || [])`` after it (see the module's docstring), where
    the edit maps back to the file (``FileContext.report``)."""
    source = ctx.source
    tree = ctx.hook.tree
    if not _plain_read(holder) or _helper_parameter(ctx.hook, holder):
        return None
    if site.type == "MemberExpression":
        if _written(tree, site):
            return None
        parent = tree.parent(site)
        if parent is not None and parent.type == "CallExpression" and parent.callee is site \
                and property_name(site) in _MUTATORS:
            return None
    if not _may_start_with_paren(source, tree, holder):
        return None
    start, end = holder.loc.start, holder.loc.end
    name = source.slice(holder)
    return Fix(f"Default `{name}` to an empty array: `({name} || [])`",
               (Edit(source.point_region(start.line, start.column, 0), "("),
                Edit(source.point_region(end.line, end.column, 0), " || [])")))


def _helper_parameter(hook, holder: Node) -> bool:
    """Is the holder read through a parameter of a function other than the hook's (a helper
    the scope is handed to)? Other callers may hand it other values, for which ``|| []``
    would change what the helper does where it did not throw."""
    root = holder
    while root.type == "MemberExpression":
        root = root.object
    if root.type != "Identifier":
        return False
    variable = hook.scopes.variable(root)
    return variable is not None and variable.kind == "param" and variable.scope.node is not hook.function


def _plain_read(node: Node) -> bool:
    """An identifier, or a chain of plain (not optional) members on one."""
    while node.type == "MemberExpression":
        if node.optional:
            return False
        node = node.object
    return node.type in ("Identifier", "ThisExpression")


def _written(tree, member: Node) -> bool:
    """Is the member written (assigned, updated, deleted, a destructuring or loop target)?"""
    child = member
    for parent in tree.ancestors(member):
        kind = parent.type
        if kind == "AssignmentExpression":
            return parent.left is child
        if kind in ("ForInStatement", "ForOfStatement"):
            return parent.left is child
        if kind == "UpdateExpression" or kind == "UnaryExpression" and parent.operator == "delete":
            return True
        if kind == "Property" and parent.value is child:
            child = parent  # an object pattern's property: the pattern above decides
            continue
        if kind not in _PATTERNS and kind not in ("ObjectExpression", "ArrayExpression"):
            return False
        child = parent  # inside a literal that may be a pattern: its parent decides
    return False


def _may_start_with_paren(source, tree, holder: Node) -> bool:
    """May ``(`` go before the holder? Not when it would begin an expression statement that
    follows, in its block, a statement not ended by `;` or a block (the ``(`` would call
    what that statement ends with)."""
    statement = None
    for parent in tree.ancestors(holder):
        if parent.range[0] != holder.range[0]:
            return True  # something before the holder in its statement
        if parent.type == "ExpressionStatement":
            statement = parent
            break
    if statement is None:
        return True
    block = tree.parent(statement)
    statements = block.consequent if block is not None and block.type == "SwitchCase" else \
        block.body if block is not None and block.type in ("BlockStatement", "Program") else None
    if statements is None:
        return True  # the body of an `if`, a loop, a label: after `)`, `else`, `do`, `:`
    position = next((n for n, s in enumerate(statements) if s is statement), None)
    if position is None or position == 0:
        return True
    before = statements[position - 1]
    # closed by its last token `;` (within its range), or by a block of its own
    return before.type in _BLOCK_ENDED or source.slice(before).endswith(";")


def _short(text: str, limit: int = 50) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 3] + "..."


RULE = ScopeMayBeUndefined()
