"""Is a node of an Action guarded by a condition that reads a given part of ``event``/``api``?

The one guard service of HL220 (redirect), HL221 (MFA) and HL305 (metadata writes)
(actions-rules.md, "Flow notes"). ``guarded(action, node, guard)`` says whether ``node``
runs only under a condition that checks what ``guard`` names, where the conditions come
from the dominance service ``auth0.conditions.path_tests`` (the branches of enclosing
``if``/``?:``/``&&``/``||``, ``switch`` cases, everything after an early exit) and the
parts of ``event``/``api`` from the roles service (``actions.roles.role_path``: aliases,
destructuring, ``?.``, helpers' parameters).

A ``Guard`` has two kinds of checks:

- ``paths``: parts whose read, anywhere in a condition, guards both of its branches
  (``event.transaction.protocol``: the ``else`` of a check for the refresh-token protocol is
  the interactive path as much as the ``then`` of a check against it);
- ``truthy``: ``api`` methods whose call guards only the code that runs when it returned
  truthy (the ``then`` of ``if (api.redirect.canRedirect())``, the code after
  ``if (!api.redirect.canRedirect()) return;``, never the ``else``).

A local constant derived from a checked part counts as that part
(``const plan = event.user.app_metadata.plan; if (!plan) …``). A call in a condition that
receives a part from which the checked one can be reached (``isInteractive(event)``,
``needsUpdate(event.user)`` for ``event.user.app_metadata``) counts as a guard when its
callee is not a function of the file, or one whose parameter the roles service cannot
follow (precision first); a function of the file is looked into. Code in a helper
of the file is guarded when every use of the helper is (``if (api.redirect.canRedirect())
await redirectToConsent(api, url)``); a helper never used is silent, and so is the code of
``onContinuePostLogin``, which only runs when the user comes back from a redirect.

Answers are memoised per node and guard on the program: each condition is read once per
guard, and the early exits of a block are asked about once per guard, in order, the first
that guards kept (``auth0.conditions.path_holds``); so the rules' cost is the calls they
check times the depth of the code around them, plus each block's exits, not the exits
before each call (a long handler of many calls). The ``continue``s of a loop's body are
indexed once per body, then listed for each node in it (``_loop_skips``).
"""

from __future__ import annotations

from bisect import bisect_left
from typing import NamedTuple

from hooklint.actions.model import Action
from hooklint.actions.roles import RolePath, role_path
from hooklint.auth0.conditions import path_holds, test_of
from hooklint.js.estree import FUNCTION_TYPES, Node, is_function, subtree, unwrap
from hooklint.js.scope import Variable


class Guard(NamedTuple):
    """What a guarding condition checks (see the module's docstring)."""

    name: str
    paths: frozenset[RolePath]
    truthy: frozenset[RolePath] = frozenset()


PROTOCOL: RolePath = ("event", "transaction", "protocol")

# HL220: a redirect only works on an interactive login (auth0-actions.md §2.8).
REDIRECT = Guard("redirect", frozenset({PROTOCOL, ("event", "request", "query", "prompt")}),
                 frozenset({("api", "redirect", "canRedirect")}))
# HL221: an MFA challenge fails on a refresh-token exchange (§2.8).
MFA = Guard("mfa", frozenset({PROTOCOL}))
# HL305: a metadata write only when what is stored differs (§2.9), or on some logins only
# (a check of the login count: `if (event.stats.logins_count === 1)`, the first login's setup).
METADATA = Guard("metadata", frozenset({("event", "user", "app_metadata"), ("event", "user", "user_metadata"),
                                        ("event", "stats", "logins_count")}))


# Entry points Auth0 only calls when the user comes back from a redirect: an interactive
# login, on which the handler already decided to act (auth0-actions.md §2.8).
_AFTER_REDIRECT = frozenset({"onContinuePostLogin"})


def guarded(action: Action, node: Node, guard: Guard) -> bool:
    """Does ``node`` run only under a condition that checks what ``guard`` names?"""
    memo = action.table(guarded).setdefault(id(node), {})
    if guard.name not in memo:
        memo[guard.name] = False  # provisional: a helper that (indirectly) calls itself
        memo[guard.name] = _guarded(action, node, guard)
    return memo[guard.name]


def _guarded(action: Action, node: Node, guard: Guard) -> bool:
    if path_holds(action, node, None, lambda condition, taken: _condition_guards(action, condition, taken, guard),
                  ("guards", guard.name)):
        return True
    for test in _loop_skips(action, node):
        if _reads(action, test, guard) or _implies(action, test, False, guard, 0):
            return True
    entries = {id(e.function): e.name for e in action.entry_points if e.function is not None}
    for ancestor in action.tree.ancestors(node):
        if ancestor.type not in FUNCTION_TYPES:
            continue
        if id(ancestor) in entries:
            return entries[id(ancestor)] in _AFTER_REDIRECT
        variable = _bound_variable(action, ancestor)
        if variable is None:
            continue  # an inline callback: the code around it was walked by path_tests
        # a helper of the file: guarded where every use of it is
        return all(guarded(action, ref.identifier, guard) for ref in variable.reads)
    return False


def _condition_guards(action: Action, condition: Node, taken: bool, guard: Guard) -> bool:
    if condition.type == "SwitchCase":
        switch = action.tree.parent(condition)
        return switch is not None and _reads(action, switch.discriminant, guard)
    test = test_of(condition)
    if test is None:
        return False  # a catch clause or a rejection handler
    return _reads(action, test, guard) or _implies(action, test, taken, guard, 0)


_LOOPS = frozenset({"ForStatement", "ForInStatement", "ForOfStatement", "WhileStatement", "DoWhileStatement"})


def _loop_skips(action: Action, node: Node) -> list[Node]:
    """The tests of ``if (…) continue;`` before ``node`` in the bodies of the loops around
    it: the rest of the body runs only where they were falsy (``path_tests`` knows the exits
    that leave the function; a ``continue`` leaves one iteration)."""
    tests = []
    current = node
    for parent in action.tree.ancestors(node):
        if parent.type in FUNCTION_TYPES:
            break
        if parent.type == "BlockStatement":
            loop = action.tree.parent(parent)
            if loop is not None and loop.type in _LOOPS and loop.body is parent:
                positions, indices, skips = _body_skips(action, parent)
                tests.extend(skips[:bisect_left(indices, positions[id(current)])])
        current = parent
    return tests


def _body_skips(action: Action, body: Node) -> tuple[dict[int, int], list[int], list[Node]]:
    """The index of each statement of a loop's ``body`` (by ``id``), and the indices and
    tests of its ``if (…) continue;``, in order: found once per body and kept, where a scan
    of the statements before each node asked about would be quadratic in a long body."""
    table = action.table(_body_skips)
    found = table.get(id(body))
    if found is None:
        skips = [(i, s.test) for i, s in enumerate(body.body)
                 if s.type == "IfStatement" and s.alternate is None and _continues(s.consequent)]
        found = table[id(body)] = ({id(s): i for i, s in enumerate(body.body)},
                                   [i for i, _ in skips], [test for _, test in skips])
    return found


def _continues(statement: Node) -> bool:
    if statement.type == "BlockStatement":
        return any(_continues(s) for s in statement.body)
    return statement.type == "ContinueStatement" and statement.label is None


# ----- reading the checked parts, in either branch -----------------------------------------


def _matches(path: RolePath, guard: Guard) -> bool:
    return any(path[:len(g)] == g for g in guard.paths)


def _reaches(path: RolePath, guard: Guard) -> bool:
    """Can code that is handed ``path`` read a checked part?"""
    return any(g[:len(path)] == path or path[:len(g)] == g for g in (*guard.paths, *guard.truthy))


def _reads(action: Action, expression: Node | None, guard: Guard) -> bool:
    """Does ``expression`` read a part of ``guard.paths`` (through local constants), or hand
    a part from which one is reached to a function the analysis cannot see into?"""
    if expression is None:
        return False
    memo = action.table(_reads).setdefault(id(expression), {})
    if guard.name not in memo:
        memo[guard.name] = False  # provisional: constants defined through each other
        memo[guard.name] = _reads_now(action, expression, guard)
    return memo[guard.name]


def _reads_now(action: Action, expression: Node, guard: Guard) -> bool:
    for inner in subtree(expression):
        kind = inner.type
        if kind in ("Identifier", "MemberExpression"):
            path = role_path(action, inner)
            if path is not None and _matches(path, guard):
                return True
            if path is None and kind == "Identifier" and _reads(action, _constant_init(action, inner), guard):
                return True
        elif kind == "CallExpression" and _opaque_check(action, inner, guard):
            return True
    return False


def _opaque_check(action: Action, call: Node, guard: Guard) -> bool:
    """A call of a function that is not an ``api`` method, handed a part from which a
    checked one is reached: a guard unless the function is one of the file that does not
    read it."""
    if role_path(action, call.callee) is not None:
        return False  # a method of event or api (event.user.email.endsWith(…)): its members are read as such
    positions = [i for i, arg in enumerate(call.arguments)
                 if arg.type != "SpreadElement" and (p := role_path(action, arg)) is not None and _reaches(p, guard)]
    if not positions:
        return False
    function = _local_function(action, call.callee)
    if function is None:
        return True  # a helper the analysis cannot see into (imported, a method, a parameter)
    for position in positions:
        if position >= len(function.params):
            return True  # read through `arguments`, say
        param = function.params[position]
        if param.type == "Identifier" and role_path(action, param) is None:
            return True  # the roles service cannot follow it into the helper
    return _helper_reads(action, function, guard)


def _helper_reads(action: Action, function: Node, guard: Guard) -> bool:
    """Does a function of the file read a checked part, or call a ``truthy`` method (its
    value's meaning is the helper's: either way it is a check)?"""
    if _reads(action, function.body, guard):
        return True
    for inner in subtree(function.body):
        if inner.type == "CallExpression" and role_path(action, inner.callee) in guard.truthy:
            return True
    return False


# ----- truthy checks: which branch ---------------------------------------------------------


def _implies(action: Action, expression: Node | None, taken: bool, guard: Guard, depth: int) -> bool:
    """When ``expression`` is truthy (``taken``) or falsy, did a ``guard.truthy`` call in it
    certainly return truthy?"""
    node = unwrap(expression)
    if node is None or depth > 8:
        return False
    kind = node.type
    if kind == "UnaryExpression" and node.operator == "!":
        return _implies(action, node.argument, not taken, guard, depth + 1)
    if kind == "AwaitExpression":
        return _implies(action, node.argument, taken, guard, depth + 1)
    if kind == "LogicalExpression" and node.operator in ("&&", "||"):
        left = _implies(action, node.left, taken, guard, depth + 1)
        right = _implies(action, node.right, taken, guard, depth + 1)
        if (node.operator == "&&") == taken:
            return left or right  # `a && b` truthy, `a || b` falsy: both sides were
        return left and right if taken else False  # `a || b` truthy: one side was; `a && b` falsy: unknown
    if kind == "BinaryExpression" and node.operator in ("===", "==", "!==", "!="):
        for side, other in ((node.left, node.right), (node.right, node.left)):
            if other.type == "Literal" and isinstance(other.value, bool):
                equal = node.operator in ("===", "==")
                same = taken if equal else not taken  # is `side` equal to the literal?
                # canRedirect() is a boolean: not equal to one literal is equal to the other
                return _implies(action, side, other.value if same else not other.value, guard, depth + 1)
        return False
    if kind == "CallExpression":
        return taken and role_path(action, node.callee) in guard.truthy
    if kind == "Identifier":
        return _implies(action, _constant_init(action, node), taken, guard, depth + 1)
    return False


# ----- the file's constants and functions --------------------------------------------------


def _constant_init(action: Action, identifier: Node) -> Node | None:
    """The initialiser of a ``const`` (or never reassigned ``let``/``var``) the identifier
    names, declared as a plain name or destructured (``const { plan } = …``)."""
    variable = action.scopes.variable(identifier)
    if variable is None or len(variable.definitions) != 1 or variable.is_reassigned:
        return None
    definition = variable.definitions[0]
    if definition.type != "VariableDeclarator" or definition.init is None:
        return None
    return definition.init


def _local_function(action: Action, callee: Node) -> Node | None:
    callee = unwrap(callee)
    if callee is None or callee.type != "Identifier":
        return None
    variable = action.scopes.variable(callee)
    value = variable.constant_value() if variable is not None else None
    return value if is_function(value) else None


def _bound_variable(action: Action, function: Node) -> Variable | None:
    """The variable a function of the file is bound to (a declaration, or the initialiser
    of a constant), whose every read is a use of the function; none for an inline one."""
    if function.type == "FunctionDeclaration" and function.id is not None:
        return action.scopes.variable(function.id)
    parent = action.tree.parent(function)
    if parent is not None and parent.type == "VariableDeclarator" and parent.init is function \
            and parent.id.type == "Identifier":
        variable = action.scopes.variable(parent.id)
        if variable is not None and len(variable.definitions) == 1 and not variable.is_reassigned:
            return variable
    return None
