"""Conditions on a path, shared by the other services of this package (its lowest layer).

Answers: under which tests does a node run (``path_tests``, ``test_of``, and whether one of
them holds a property, ``path_holds``; enclosing ``if``s,
early exits (``js.flow.terminates``), ``case`` labels, ``catch`` clauses, rejection handlers),
does an expression read given variables (``refers_to``), is a call a global ``setTimeout``
(``is_timer``), is a use of a global written for where it may be missing
(``typeof_guarded``).
"""

from __future__ import annotations

from bisect import bisect_left
from typing import TYPE_CHECKING, NamedTuple

from collections.abc import Callable, Hashable, Iterator

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
    for step in _path(hook, node, boundary):
        if isinstance(step, _Exits):
            yield from ((test, False) for test in _block_exits(hook, step.block)[2][:step.before])
        else:
            yield step


def path_holds(hook: Program, node: Node, boundary: Node | None, accepts: Callable[[Node, bool], bool],
               key: Hashable) -> bool:
    """Does ``accepts(condition, taken)`` hold for one of the ``path_tests`` of ``node``?
    ``key`` names ``accepts`` (the same key, the same question, for every node of the
    program): the early exits of a block are asked about in order, once per key, and the
    first that holds is kept, so that the cost is the conditions around ``node``, not the
    exits before it (asked for every call of a long block, quadratic)."""
    for step in _path(hook, node, boundary):
        if isinstance(step, _Exits):
            if _exit_holds(hook, step, accepts, key):
                return True
        elif accepts(*step):
            return True
    return False


class _Exits(NamedTuple):
    """The first ``before`` early exits of ``block`` (``_block_exits``): those before a node."""

    block: Node
    before: int


def _path(hook: Program, node: Node, boundary: Node | None) -> Iterator[tuple[Node, bool] | _Exits]:
    """``path_tests``, with the early exits of a block as one step."""
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
            positions, indices, tests = _block_exits(hook, parent)
            index = positions.get(id(current))  # none for a `case` label: all the exits
            count = len(tests) if index is None else bisect_left(indices, index)
            if count:
                yield _Exits(parent, count)
            if kind == "SwitchCase":
                yield parent, True
        current = parent


def _block_exits(hook: Program, block: Node) -> tuple[dict[int, int], list[int], list[Node]]:
    """The index of each statement of ``block`` (a block, a ``case``'s statements, the
    program) by ``id``, and the indices and tests of its early exits (``if (…) return;``, no
    ``else``), in order: found once per block and kept, where a scan of the statements
    before each node asked about would be quadratic in a long block."""
    table = hook.table(_block_exits)
    found = table.get(id(block))
    if found is None:
        body = block.consequent if block.type == "SwitchCase" else block.body
        exits = [(i, s.test) for i, s in enumerate(body)
                 if s.type == "IfStatement" and s.alternate is None and terminates(s.consequent)]
        found = table[id(block)] = ({id(s): i for i, s in enumerate(body)},
                                    [i for i, _ in exits], [test for _, test in exits])
    return found


def _exit_holds(hook: Program, exits: _Exits, accepts: Callable[[Node, bool], bool], key: Hashable) -> bool:
    """Does ``accepts`` hold for one of ``exits`` (taken: false)? Per block and key, the
    exits asked about so far and the first that held: each exit is asked once."""
    memo = hook.table(_exit_holds).setdefault(id(exits.block), {})
    asked, first = memo.get(key, (0, None))
    if first is None and asked < exits.before:
        tests = _block_exits(hook, exits.block)[2]
        while first is None and asked < exits.before:
            if accepts(tests[asked], False):
                first = asked
            asked += 1
        memo[key] = (asked, first)
    return first is not None and first < exits.before


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
