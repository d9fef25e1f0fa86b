"""Conditions on a path, shared by the other services of this package (its lowest layer).

Answers: under which tests does a node run (``path_tests``, ``test_of``; enclosing ``if``s,
early exits (``js.flow.terminates``), ``case`` labels, ``catch`` clauses, rejection handlers),
does an expression read given variables (``refers_to``), is a call a global ``setTimeout``
(``is_timer``), is a use of a global written for where it may be missing
(``typeof_guarded``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from collections.abc import Iterator

from hooklint.js.estree import FUNCTION_TYPES, Node, member_path, property_name, subtree, unwrap, walk
from hooklint.js.flow import terminates

if TYPE_CHECKING:
    from hooklint.auth0.program import Program


def refers_to(hook: Program, node: Node | None, variables: set[int]) -> bool:
    """Does ``node`` read one of ``variables`` (the ``id`` of each scope variable)?"""
    if node is None:
        return False
    for inner in subtree(node):
        if inner.type == "Identifier":
            variable = hook.scopes.variable(inner)
            if variable is not None and id(variable) in variables:
                return True
    return False


def path_tests(hook: Program, node: Node, boundary: Node | None) -> Iterator[tuple[Node, bool]]:
    """The conditions under which ``node`` runs, walking up to ``boundary``: enclosing
    ``if``/``?:``/``&&`` tests, early-exit guards before it, ``case`` labels, ``catch``
    clauses and rejection handlers (``.catch(fn)``, ``.then(_, fn)``)."""
    current = node
    for parent in hook.tree.ancestors(node):
        if parent is boundary:
            return
        kind = parent.type
        if kind in ("IfStatement", "ConditionalExpression") and current is not parent.test:
            yield parent.test, current is parent.consequent
        elif kind == "LogicalExpression" and current is parent.right and parent.operator in ("&&", "||"):
            yield parent.left, parent.operator == "&&"
        elif kind == "CatchClause" and current is parent.body:
            yield parent, True
        elif kind in FUNCTION_TYPES and _is_rejection_handler(hook, parent):
            yield parent, True
        elif kind in ("BlockStatement", "SwitchCase", "Program"):
            body = parent.consequent if kind == "SwitchCase" else parent.body
            for statement in body:
                if statement is current:
                    break
                if statement.type == "IfStatement" and statement.alternate is None and terminates(statement.consequent):
                    yield statement.test, False
            if kind == "SwitchCase":
                yield parent, True
        current = parent


def test_of(condition: Node) -> Node | None:
    """The expression of a condition from ``path_tests`` (a ``case`` label's value; none for
    a ``catch`` clause or a rejection handler)."""
    if condition.type == "SwitchCase":
        return condition.test
    return None if condition.type == "CatchClause" or condition.type in FUNCTION_TYPES else condition


def _is_rejection_handler(hook: Program, fn: Node) -> bool:
    parent = hook.tree.parent(fn)
    if parent is None or parent.type != "CallExpression":
        return False
    callee = unwrap(parent.callee)
    name = property_name(callee) if callee.type == "MemberExpression" else None
    args = parent.arguments
    return (name == "catch" and args and args[0] is fn) or (name == "then" and len(args) > 1 and args[1] is fn)


def is_timer(hook: Program, node: Node) -> bool:
    """Is ``node`` a call of the global ``setTimeout``?"""
    return node.type == "CallExpression" and _callee_name(hook, node) == "setTimeout"


def _callee_name(hook: Program, call: Node) -> str | None:
    """``setTimeout`` for the global timers (``setTimeout``, ``global.setTimeout``)."""
    callee = unwrap(call.callee)
    if callee.type == "Identifier" and hook.scopes.variable(callee) is None:
        return callee.name
    path = member_path(callee)
    if path is not None and path.split(".")[0] in ("global", "globalThis") and len(path.split(".")) == 2:
        return path.split(".")[1]
    return None


# The part of a node whose ``typeof NAME`` test guards the code under it.
_TYPEOF_GUARDS = {"IfStatement": "test", "ConditionalExpression": "test", "LogicalExpression": "left"}


def typeof_guarded(hook: Program, identifier: Node) -> bool:
    """Is this use of a name the operand of ``typeof``, or inside an ``if``, ``?:`` or
    ``&&``/``||`` whose test checks ``typeof NAME`` (code written to run where the name may
    be missing: HL107, HL113)?"""
    parent = hook.tree.parent(identifier)
    if parent is not None and parent.type == "UnaryExpression" and parent.operator == "typeof":
        return True
    for ancestor in hook.tree.ancestors(identifier):
        key = _TYPEOF_GUARDS.get(ancestor.type)
        if key is not None and _tests_typeof(getattr(ancestor, key), identifier.name):
            return True
    return False


def _tests_typeof(test: Node, name: str) -> bool:
    found: list[Node] = []

    def visit(node: Node) -> None:
        if node.type == "UnaryExpression" and node.operator == "typeof" \
                and node.argument.type == "Identifier" and node.argument.name == name:
            found.append(node)

    walk(test, visit)
    return bool(found)
