"""Where an Action's handler makes promises, and whether each is consumed: the promise
service (HL112, actions-rules.md; auth0-actions.md §2.1, §2.9, A3).

What makes a promise (``origins``), inside the functions that run per execution
(``auth0.reach``: the entry points and the functions of the file they call or hand on):

- HTTP clients (``auth0.http``): ``axios`` and its instances, ``fetch``/``node-fetch``,
  ``got``, ``superagent`` (a builder that sends on ``.then``; ``.end(cb)`` is callback
  style) and ``request-promise``; not the ``request`` module, ``needle`` or ``https``,
  which take callbacks;
- the ``auth0`` SDK's Management API methods (``auth0.management``): a promise when called
  without a callback, and always from v4 on (``client_version``, as HL300 reads it);
- ``api.groups.*`` and ``api.roles.*`` (``actions.roles``);
- a call of an ``async`` function of the file (an async IIFE too), of a
  ``util.promisify(…)`` result, ``new Promise(…)``, ``items.map(async …)`` (an array of
  promises) and ``items.forEach(async …)`` (whose promises nobody can await);
- ``.then``/``.catch``/``.finally`` on a call that is none of these.

A promise is carried up through ``.then``/``.catch``/``.finally`` chains (and the builder
methods of ``got``/``superagent``), ``?:``, ``&&``/``||``/``??`` and the last expression of
a sequence, to the expression that holds it; that one is consumed when it is awaited,
returned (from an arrow's body too; a function handed to ``forEach`` discards what it
returns, one handed to ``map`` gives it to the array), handed to ``Promise.all``,
``allSettled``, ``any`` or ``race`` whose result is consumed, stored in a variable (or
pushed into an array, set in a map) that is later used so, or used in any way the
analysis does not model (handed to another function, stored on an object, a condition):
precision first. ``void promise`` is deliberate. It floats when it is an expression
statement, or when every use of the variable it is stored in floats (a variable never
read, or only pushed into, measured, or chained onto and dropped).

``lost_commands`` are the callback-style calls (an HTTP client's or a v3 SDK method's,
with a callback) whose callback issues an ``api`` command: the handler returns before the
callback runs, so the command is lost (§2.9: Auth0's own Rules→Actions sample). A call
inside the executor of a ``new Promise(…)`` is left to that promise.
"""

from __future__ import annotations

from typing import Literal, NamedTuple

from hooklint.actions.model import Action
from hooklint.actions.roles import ApiCall, api_calls, is_command
from hooklint.auth0 import binding, client_version, http_calls, in_entry, management_calls, version_tuple
from hooklint.auth0.http import is_callback
from hooklint.auth0.program import per_program
from hooklint.js.estree import FUNCTION_TYPES, Node, is_async, is_function, member_path, property_name, subtree, unwrap
from hooklint.js.scope import Variable
from hooklint.js.values import local_function, resolve

_CHAINS = frozenset({"then", "catch", "finally"})
# Builder methods that keep a request a promise-like value (``got(url).json()``,
# ``superagent.post(url).set(…).send(…)``); anything else ends the chain.
_BUILDERS: dict[str, frozenset[str]] = {
    "got": frozenset({"json", "text", "buffer"}),
    "superagent": frozenset({"set", "send", "query", "type", "accept", "auth", "timeout", "retry", "field",
                             "attach", "withCredentials", "ok", "redirects", "responseType", "use"}),
}
_COMBINATORS = frozenset({"Promise.all", "Promise.allSettled", "Promise.any", "Promise.race"})
# Uses of a container (an array, a map, a set) that put into it or measure it: they do
# not consume the promises it holds.
_FILLS = frozenset({"push", "unshift", "set", "add"})
_MEASURES = frozenset({"length", "size"})
_PROMISE_LIBRARIES = frozenset({"axios", "fetch", "got", "superagent"})
_AWAITABLE = frozenset({"CallExpression", "NewExpression", "MemberExpression", "ChainExpression"})
_MAX_DEPTH = 64  # steps followed from a promise to its use: deeper is consumed (precision first)


class Origin(NamedTuple):
    """Where a promise is made: the call (or ``new``) and what it is, for messages."""

    node: Node
    what: str  # "`axios.post(…)`", "`new Promise(…)`"
    library: str | None = None  # "got", "superagent": whose builder methods carry it on
    array: bool = False  # `items.map(async …)`: an array of promises


class Floating(NamedTuple):
    """A promise nobody awaits: ``node`` is where it is dropped (a statement's expression:
    the outermost call of its chain, or the ``Promise.all(…)`` that holds it) or, stored in
    a variable, the expression that holds it; ``origin`` where it is made; ``variable`` the
    name it is stored in (when it is); ``statement`` whether ``await `` before ``node``
    (a whole expression statement) awaits it."""

    node: Node
    origin: Origin
    variable: str | None
    statement: bool
    holder: Node | None = None  # the expression that holds the promise, when ``node`` is a statement around it
    discarded: bool = False  # items.forEach(async …): no one can await those promises


class LostCommand(NamedTuple):
    """A callback-style call whose callback issues an ``api`` command (``command``)."""

    call: Node
    name: str
    command: Node
    command_path: tuple[str, ...]


# ----- what makes a promise --------------------------------------------------------------------


@per_program
def origins(action: Action) -> list[Origin]:
    """Every expression that makes a promise inside the functions that run per execution,
    in source order (see the module's docstring)."""
    if action.function is None:
        return []
    found: dict[int, Origin] = {}
    for http in http_calls(action):
        library = _promise_library(action, http.call, http.library)
        if library is not None:
            found[id(http.call)] = Origin(http.call, f"`{http.name}(…)`", library)
    for management in management_calls(action):
        if management.client is not None and _sdk_promise(action, management.call, management.client):
            found[id(management.call)] = Origin(management.call, _named(management.call))
    for call in api_calls(action):
        if call.path[1] in ("groups", "roles"):
            found[id(call.call)] = Origin(call.call, f"`{'.'.join(call.path)}(…)`")
    scopes = action.scopes
    for node in action.tree.of_types("CallExpression", "NewExpression"):
        if id(node) in found:
            continue
        if node.type == "NewExpression":
            callee = unwrap(node.callee)
            if callee.type == "Identifier" and callee.name == "Promise" and scopes.variable(callee) is None:
                found[id(node)] = Origin(node, "`new Promise(…)`")
            continue
        origin = _call_origin(action, node)
        if origin is not None:
            found[id(node)] = origin
    # source order, the innermost first where several start together (`helper().then(…)`: `helper`)
    return sorted((o for o in found.values() if in_entry(action, o.node)),
                  key=lambda o: (o.node.range[0], o.node.range[1]))


def _named(call: Node) -> str:
    name = member_path(call.callee)
    return f"`{name}(…)`" if name else "the call"


def _promise_library(action: Action, call: Node, library: str) -> str | None:
    """The library whose call makes a promise, if this HTTP call does: not a callback-style one."""
    if library in _PROMISE_LIBRARIES:
        return library
    if library == "request":
        found = binding(action, call.callee)
        module = found.module if found is not None else ""
        if module.startswith("request-promise") and not _has_callback(action, call):
            return library
    return None


def _sdk_promise(action: Action, call: Node, client: Node) -> bool:
    """An SDK method returns a promise without a callback, and always from v4 on (callbacks
    are gone there); a v3 method given a callback is callback style."""
    if not _has_callback(action, call):
        return True
    version = version_tuple(client_version(action, client))
    return version is not None and version[0] >= 4


def _has_callback(action: Action, call: Node) -> bool:
    """Is the call's last argument a callback: a function, or a name that certainly is one
    (``cb``, ``callback``, ``done``, a variable the file calls): ``auth0.http.is_callback``."""
    args = call.arguments
    return bool(args) and args[-1].type != "SpreadElement" and is_callback(action, args[-1])


def _callback_argument(action: Action, call: Node) -> Node | None:
    """The function a call is given as its last argument (a callback), through variables."""
    args = call.arguments
    if not args or args[-1].type == "SpreadElement":
        return None
    return local_function(args[-1], action.scopes)


def _call_origin(action: Action, call: Node) -> Origin | None:
    """A call of the file's own promise makers (an ``async`` function, a ``promisify``
    result), an array method given an ``async`` function, or a chain on an unknown call."""
    scopes = action.scopes
    callee = unwrap(call.callee)
    function = local_function(callee, scopes)
    if function is not None:
        if not is_async(function):
            return None  # a helper that returns a promise: what it returns counts as consumed (precision first)
        return Origin(call, "the async function" if is_function(callee) else _named(call))
    maker = resolve(callee, scopes)  # `util.promisify(f)(x)`, or a variable that holds it
    if maker is not None and maker.type == "CallExpression":
        found = binding(action, maker.callee)
        if found is not None and found.module == "util" and found.path == ("promisify",):
            return Origin(call, _named(call))
    if callee.type != "MemberExpression":
        return None
    method = property_name(callee)
    if method in ("map", "forEach") and call.arguments:
        given = local_function(call.arguments[0], scopes)
        if given is not None and is_async(given):
            return Origin(call, f"`{member_path(callee) or method}(async …)`", array=method == "map")
    if method in _CHAINS and unwrap(callee.object).type == "CallExpression":
        return Origin(call, _named(call))  # `sdk.send(x).then(…)`: a thenable (known makers are found first)
    return None


# ----- is it consumed --------------------------------------------------------------------------


@per_program
def floating_promises(action: Action) -> list[Floating]:
    """The promises of ``origins`` that nobody consumes, one finding per place that drops
    them (a statement, a variable), in source order."""
    found: list[Floating] = []
    seen: set[int] = set()
    dropped: set[int] = set()
    for origin in origins(action):
        top = _carrier(action, origin.node, origin.library)
        if top is None or id(top) in seen:
            continue
        seen.add(id(top))
        if _is_discarding(origin.node):
            found.append(Floating(top, origin, None, False, discarded=True))
            continue
        verdict = _use(action, top, 0, origin.array)
        if verdict is True or verdict.key in dropped or _settles_executor(action, top):
            continue
        dropped.add(verdict.key)
        node = verdict.node or top
        found.append(Floating(node, origin, verdict.variable, verdict.fixable, None if node is top else top))
    return found


class _Drop(NamedTuple):
    """Where a promise is dropped: a statement's expression (``node``), or a variable no
    use of which consumes it (``variable``); ``None`` for the expression that holds it.
    ``fixable`` when ``await `` before ``node`` awaits the promise itself (not an array)."""

    key: int  # one finding per drop
    node: Node | None = None
    variable: str | None = None
    fixable: bool = False


def _is_discarding(call: Node) -> bool:
    """``items.forEach(async …)``: forEach drops what its callback returns."""
    callee = unwrap(call.callee) if call.type == "CallExpression" else None
    return callee is not None and callee.type == "MemberExpression" and property_name(callee) == "forEach"


def _carrier(action: Action, node: Node, library: str | None = None) -> Node | None:
    """The outermost expression that holds the promise ``node`` makes: up through chains,
    builder methods, ``?.`` wrappers. None when the chain ends in a callback-style
    ``.end(cb)`` (not a promise)."""
    tree = action.tree
    builders = _BUILDERS.get(library or "", frozenset())
    while True:
        parent = tree.parent(node)
        if parent is None:
            return node
        if parent.type == "ChainExpression":
            node = parent
            continue
        if parent.type != "MemberExpression" or parent.object is not node:
            return node
        call = tree.parent(parent)
        if call is None or call.type != "CallExpression" or call.callee is not parent:
            return node
        name = property_name(parent)
        if name in _CHAINS or name in builders:
            node = call
            continue
        if library == "superagent" and name == "end":
            return None
        return node


def _use(action: Action, node: Node, depth: int, array: bool) -> Literal[True] | _Drop:
    """Is the promise held by ``node`` (an array of promises when ``array``) consumed?
    True (consumed, or used in a way not modelled), else where it is dropped."""
    tree = action.tree
    parent = tree.parent(node)
    if parent is None or depth > _MAX_DEPTH:
        return True
    kind = parent.type
    if kind == "ExpressionStatement":  # `await ` binds tighter than `?:`, `||`, `,`: only before a call or member
        return _Drop(id(parent), node, fixable=not array and node.type in _AWAITABLE)
    if kind == "LogicalExpression" or (kind == "ConditionalExpression" and parent.test is not node):
        return _use(action, _carrier(action, parent) or parent, depth + 1, array)
    if kind == "SequenceExpression":
        if parent.expressions[-1] is not node:
            return _Drop(id(node))
        verdict = _use(action, parent, depth + 1, array)
        return verdict if verdict is True else verdict._replace(fixable=False)  # `await a, b` awaits `a`
    if kind == "ReturnStatement":
        return _returned(action, node, tree.enclosing_function(parent), depth)
    if kind == "ArrowFunctionExpression" and parent.body is node:
        return _returned(action, node, parent, depth)
    if kind == "VariableDeclarator" and parent.init is node and parent.id.type == "Identifier":
        return _stored(action, parent.id, depth)
    if kind == "AssignmentExpression" and parent.right is node and parent.operator == "=" \
            and parent.left.type == "Identifier":
        return _stored(action, parent.left, depth)
    if kind == "ArrayExpression":
        return _use(action, parent, depth + 1, True)
    if kind in ("CallExpression", "NewExpression") and node in parent.arguments:
        return _argument(action, parent, depth)
    return True  # awaited, `void`, stored on an object, a condition, an operand: consumed or not modelled


def _returned(action: Action, node: Node, function: Node | None, depth: int) -> Literal[True] | _Drop:
    """A promise a function returns: consumed, unless the function is handed to ``forEach``
    (which drops it) or to ``map`` (whose array then holds it)."""
    if function is None:
        return True
    parent = action.tree.parent(function)
    if parent is not None and parent.type == "CallExpression" and parent.arguments and parent.arguments[0] is function:
        callee = unwrap(parent.callee)
        method = property_name(callee) if callee.type == "MemberExpression" else None
        if method == "forEach":
            return _Drop(id(node))
        if method == "map":
            return _use(action, _carrier(action, parent) or parent, depth + 1, True)
    return True


def _argument(action: Action, call: Node, depth: int) -> Literal[True] | _Drop:
    """A promise (or an array of them) handed to a call: a combinator's result holds it, a
    container's ``push``/``set``/``add`` stores it; any other function may consume it."""
    callee = unwrap(call.callee)
    if member_path(callee) in _COMBINATORS and action.scopes.variable(_base(callee)) is None:
        return _use(action, _carrier(action, call) or call, depth + 1, False)
    if callee.type == "MemberExpression" and property_name(callee) in _FILLS:
        owner = unwrap(callee.object)
        if owner.type == "Identifier":
            return _stored(action, owner, depth)
    return True


def _base(member: Node) -> Node:
    while member.type == "MemberExpression":
        member = unwrap(member.object)
    return member


def _stored(action: Action, identifier: Node, depth: int) -> Literal[True] | _Drop:
    """A promise (or a container of them) stored in a variable: consumed when some read
    of the variable consumes it (or is a use not modelled); dropped when the variable is
    never read, or only filled, measured, or chained onto and dropped."""
    variable = action.scopes.variable(identifier)
    if variable is None or depth > _MAX_DEPTH:
        return True
    memo = action.table(_stored)  # each variable is judged once, however many stores reach it
    if id(variable) not in memo:
        memo[id(variable)] = True  # provisional: a cycle of variables counts as consumed
        memo[id(variable)] = _reads_use(action, variable, depth)
    return memo[id(variable)]


def _reads_use(action: Action, variable: Variable, depth: int) -> Literal[True] | _Drop:
    tree = action.tree
    for ref in variable.reads:
        read = ref.identifier
        parent = tree.parent(read)
        if parent is not None and parent.type == "MemberExpression" and parent.object is read \
                and property_name(parent) in _FILLS | _MEASURES:
            holder = tree.parent(parent)
            if property_name(parent) in _MEASURES or (holder is not None and holder.type == "CallExpression"
                                                      and holder.callee is parent):
                continue
        top = _carrier(action, read)
        if top is not None and _use(action, top, depth + 1, False) is True:
            return True
    return _Drop(id(variable), variable=variable.name)


def _settles_executor(action: Action, node: Node) -> bool:
    """Is ``node`` in the executor of a ``new Promise`` and does it hand that executor's
    ``resolve``/``reject`` on (``fetch(x).then(resolve, reject)``)? The outer promise then
    waits for it. So it does when ``node`` hands on a callback parameter of a function of
    the file that every call gives a function settling such an executor: ``fetch(x).then(()
    => done())`` in ``function send(done)``, called only as ``new Promise((resolve, reject) =>
    send((e) => (e ? reject(e) : resolve())))`` (a hook run by a migration's adapter), through
    at most ``_MAX_HANDS`` such parameters."""
    return _hands_settler(action, node, 0)


def _hands_settler(action: Action, node: Node, depth: int) -> bool:
    """Does ``node`` use a settler (``_settler``) of a function that encloses it?"""
    for inner in subtree(node):
        variable = action.scopes.variable(inner) if inner.type == "Identifier" else None
        if variable is not None and variable.kind == "param" and _encloses(variable.definitions[0], node) \
                and _settler(action, variable, depth):
            return True
    return False


def _encloses(function: Node, node: Node) -> bool:
    return function.range[0] < node.range[0] and node.range[1] <= function.range[1]


_MAX_HANDS = 4


def _settler(action: Action, variable: Variable | None, depth: int) -> bool:
    """Does ``variable`` hold what settles a ``new Promise`` executor: its ``resolve`` or
    ``reject``, or a callback parameter that every call of its function fills with a
    function (or a parameter) that uses one?"""
    if variable is None or variable.kind != "param" or depth > _MAX_HANDS:
        return False
    function = variable.definitions[0]
    index = next((i for i, p in enumerate(function.params) if p is variable.identifiers[0]), None)
    if index is None:
        return False
    parent = action.tree.parent(function)
    if index < 2 and parent is not None and parent.type == "NewExpression" and parent.arguments \
            and parent.arguments[0] is function and getattr(unwrap(parent.callee), "name", None) == "Promise":
        return True
    calls = _local_calls(action, function)
    return bool(calls) and all(index < len(call.arguments) and _settles(action, call.arguments[index], depth)
                               for call in calls)


def _settles(action: Action, argument: Node, depth: int) -> bool:
    argument = unwrap(argument)
    if argument.type == "Identifier":
        variable = action.scopes.variable(argument)
        return variable is not None and variable.kind == "param" \
            and _encloses(variable.definitions[0], argument) and _settler(action, variable, depth + 1)
    return is_function(argument) and _hands_settler(action, argument, depth + 1)


def _local_calls(action: Action, function: Node) -> list[Node]:
    """The calls of a function of the file by its name (``function f`` or ``const f =
    function``); none when it is used any other way (its callers are then not all known)."""
    parent = action.tree.parent(function)
    if function.type == "FunctionDeclaration" and function.id is not None:
        binding = action.scopes.variable(function.id)
    elif parent is not None and parent.type == "VariableDeclarator" and parent.init is function \
            and parent.id.type == "Identifier":
        binding = action.scopes.variable(parent.id)
    else:
        return []
    if binding is None or binding.writes:
        return []
    calls = []
    for ref in binding.reads:
        call = action.tree.parent(ref.identifier)
        if call is None or call.type != "CallExpression" or call.callee is not ref.identifier:
            return []
        calls.append(call)
    return calls


# ----- callback-style calls whose callback issues a command ------------------------------------


@per_program
def lost_commands(action: Action) -> list[LostCommand]:
    """The callback-style calls (an HTTP client's callback, a v3 SDK method's) whose callback
    issues an ``api`` command, in source order, outside a ``new Promise`` executor."""
    if action.function is None:
        return []
    commands = _commands_inside(action)
    if not commands:
        return []
    calls: dict[int, Node] = {}
    promised = {id(o.node) for o in origins(action)}
    for http in http_calls(action):
        calls[id(http.call)] = http.call
    for management in management_calls(action):
        if management.client is not None:
            calls[id(management.call)] = management.call
    found = []
    for call in calls.values():
        if id(call) in promised or not in_entry(action, call):
            continue
        callback = _callback_argument(action, call)
        command = commands.get(id(callback)) if callback is not None else None
        if command is not None and not _in_promise_executor(action, call):
            found.append(LostCommand(call, _named(call), command.call, command.path))
    return sorted(found, key=lambda c: c.call.range[0])


def _commands_inside(action: Action) -> dict[int, ApiCall]:
    """The functions of the file (by ``id``) that contain an ``api`` command, with the first."""
    found: dict[int, ApiCall] = {}
    for call in api_calls(action):
        if not is_command(call.path):
            continue
        for ancestor in action.tree.ancestors(call.call):
            if ancestor.type in FUNCTION_TYPES:
                if id(ancestor) in found:
                    break  # its ancestors have an earlier command already
                found[id(ancestor)] = call
    return found


def _in_promise_executor(action: Action, node: Node) -> bool:
    """Is ``node`` inside the executor of a ``new Promise(…)`` (which settles it)?"""
    tree = action.tree
    for ancestor in tree.ancestors(node):
        if ancestor.type in FUNCTION_TYPES:
            parent = tree.parent(ancestor)
            if parent is not None and parent.type == "NewExpression" and parent.arguments \
                    and parent.arguments[0] is ancestor and getattr(unwrap(parent.callee), "name", None) == "Promise":
                return True
    return False

