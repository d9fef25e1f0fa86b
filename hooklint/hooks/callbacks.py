"""The hook's callback: which variable it is, its aliases, and where it is called.

Shared by the callback rules (HL105, HL106) and the flow rules (HL102-HL104).

- ``callback_param(hook)``: the parameter Auth0 passes the callback in.
- ``callback_variables(hook)``: that parameter's variable plus its aliases
  (``var done = cb;``, followed transitively).
- ``callback_calls(hook)``: every ``cb(...)``, ``cb.call(...)``, ``cb.apply(...)``
  (and, with ``passed=True``, every call that receives ``cb`` as an argument).
- ``misnamed_calls(hook)``: the same for a usual callback name that is declared
  nowhere (``callback(...)`` in a hook whose parameter is ``cb``): HL106 reports those,
  and the flow rules count them as callback calls (one root cause, one finding).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Literal, NamedTuple, TYPE_CHECKING

from hooklint.js.estree import Node, property_name, unwrap
from hooklint.js.flow import CALLBACK_NAMES
from hooklint.hooks.points import ROLES
from hooklint.js.scope import Variable, pattern_identifiers
from hooklint.auth0.program import per_program

if TYPE_CHECKING:
    from hooklint.hooks.model import Hook

CallbackCallKind = Literal["direct", "call", "apply", "passed"]

# Callers that pass values, never a continuation, to the function they receive.
_VALUE_CALLERS = frozenset({"then", "catch", "finally", "forEach", "map", "filter", "some", "every",
                            "find", "findIndex", "flatMap", "reduce"})


class CallbackCall(NamedTuple):
    """One call that invokes (or receives) the callback."""

    call: Node  # the CallExpression
    identifier: Node  # the Identifier naming the callback in it
    kind: CallbackCallKind

    @property
    def name(self) -> str:
        """The callee as written: `cb`, `done`, `cb.call`."""
        return self.identifier.name if self.kind in ("direct", "passed") else f"{self.identifier.name}.{self.kind}"

    @property
    def arguments(self) -> list[Node] | None:
        """What the callback receives, in order; ``None`` when not known statically."""
        args = self.call.arguments
        if self.kind == "direct":
            return list(args)
        if self.kind == "call":
            return list(args[1:])
        if self.kind == "apply":
            if len(args) < 2:
                return []
            array = args[1]
            if array.type == "ArrayExpression" and all(e is not None and e.type != "SpreadElement"
                                                       for e in array.elements):
                return list(array.elements)
        return None


def callback_param(hook: Hook) -> Node | None:
    """The callback parameter (a plain identifier), or ``None``.

    The point's ``callback`` role; when the point is unknown, the last of three or more
    parameters.
    """
    point = hook.point.point
    if point is not None and hook.function is not None and len(hook.function.params) != len(ROLES[point]):
        return None  # HL101's finding: the callback is not where the code expects it
    param = hook.param("callback")
    if param is None and hook.point.point is None and hook.function is not None:
        params = hook.function.params
        param = params[-1] if len(params) >= 3 else None
    return param if param is not None and param.type == "Identifier" else None


def callback_variable(hook: Hook) -> Variable | None:
    param = callback_param(hook)
    return hook.scopes.variable(param) if param is not None else None


def callback_variables(hook: Hook) -> list[Variable]:
    """The callback's variable and every alias of it (``var done = cb;``)."""
    return list(_variables(hook))


@per_program
def _variables(hook: Hook) -> list[Variable]:
    """The callback's variable, then its aliases: a variable whose constant value is the name
    of one already found. Each variable names at most one other, so the aliases form a tree
    under the callback, walked once from it (a fixed point over every variable, with a test
    of membership in a list, cost K² to K³ for a chain of K aliases).

    The order is the one the former fixed point gave, which went through the variables in
    scope order again and again until nothing was added: an alias comes in the same round
    as the variable it names when it comes after it in that order, else one round later."""
    found = callback_variable(hook)
    if found is None:
        return []
    candidates = [v for scope in hook.scopes.scopes for v in scope.variables.values() if v is not found]
    position = {id(v): i for i, v in enumerate(candidates)}
    aliases: dict[int, list[Variable]] = {}  # variable id -> the candidates whose value names it
    for variable in candidates:
        value = unwrap(variable.constant_value())
        named = hook.scopes.variable(value) if value is not None and value.type == "Identifier" else None
        if named is not None:
            aliases.setdefault(id(named), []).append(variable)
    rounds = {id(found): 0}
    work = [found]
    while work:
        variable = work.pop()
        for alias in aliases.get(id(variable), ()):
            if id(alias) in rounds:
                continue
            same = variable is not found and position[id(variable)] < position[id(alias)]
            rounds[id(alias)] = rounds[id(variable)] + (0 if same else 1)
            work.append(alias)
    reached = [v for v in candidates if id(v) in rounds]
    reached.sort(key=lambda v: (rounds[id(v)], position[id(v)]))
    return [found, *reached]


@per_program
def callback_calls(hook: Hook, passed: bool = False) -> list[CallbackCall]:
    """Calls of the callback or of an alias, in source order (computed once per file)."""
    variables = {id(v) for v in callback_variables(hook)}

    def refers(identifier: Node) -> bool:
        ref = hook.scopes.reference(identifier)
        return ref is not None and ref.variable is not None and id(ref.variable) in variables

    return _calls(hook, refers, passed) if variables else []


@per_program
def misnamed_calls(hook: Hook, passed: bool = False) -> list[CallbackCall]:
    """Calls of a usual callback name that is declared nowhere and is not the parameter's
    name (computed once per file)."""
    param = callback_param(hook)
    own = param.name if param is not None else None
    unresolved = {id(r.identifier) for r in hook.scopes.through
                  if r.identifier.name in CALLBACK_NAMES and r.identifier.name != own}
    return _calls(hook, lambda identifier: id(identifier) in unresolved, passed) if unresolved else []


def _calls(hook: Hook, refers: Callable[[Node], bool], passed: bool) -> list[CallbackCall]:
    found = []
    for node in hook.tree.of_type("CallExpression"):
        callee = unwrap(node.callee)
        if callee.type == "Identifier" and refers(callee):
            found.append(CallbackCall(node, callee, "direct"))
        elif (callee.type == "MemberExpression" and (method := property_name(callee)) in ("call", "apply")
              and unwrap(callee.object).type == "Identifier" and refers(unwrap(callee.object))):
            found.append(CallbackCall(node, unwrap(callee.object), "call" if method == "call" else "apply"))
        elif passed:
            for arg in node.arguments:
                if arg.type == "Identifier" and refers(arg):
                    found.append(CallbackCall(node, arg, "passed"))
    return found


class Shadow(NamedTuple):
    """A declaration that hides the callback where the author meant the callback."""

    variable: Variable
    identifier: Node  # the declaring identifier
    redeclares: bool  # True: a second declaration of the parameter itself (`var cb` in the hook)


@per_program
def shadowing(hook: Hook) -> list[Shadow]:
    """Declarations that shadow the callback parameter and are then called as if they
    were it. A parameter of an inner function that is given a continuation (a helper's
    own callback, a library's `next`) is that function's own callback, not a shadow."""
    found: list[Shadow] = []
    param = callback_param(hook)
    outer = callback_variable(hook)
    if param is not None and outer is not None:
        name = param.name
        for identifier, definition in zip(outer.identifiers, outer.definitions):
            if identifier is not param and definition is not hook.function:
                found.append(Shadow(outer, identifier, True))
        for scope in hook.scopes.scopes:
            variable = scope.variables.get(name)
            if variable is None or variable is outer or not _inside(scope, outer.scope) \
                    or not _used_as_callback(hook, variable):
                continue
            if variable.kind == "param" and _receives_continuation(hook, variable.definitions[0], variable):
                continue
            found.append(Shadow(variable, variable.identifiers[0], False))
    return found


def _inside(scope, outer) -> bool:
    while scope is not None:
        if scope is outer:
            return True
        scope = scope.parent
    return False


def _used_as_callback(hook: Hook, variable) -> bool:
    """Is the variable called (``cb(...)``, ``cb.call(...)``, ``cb.apply(...)``)?"""
    for ref in variable.reads:
        parent = hook.tree.parent(ref.identifier)
        if parent is None:
            continue
        if parent.type == "CallExpression" and unwrap(parent.callee) is ref.identifier:
            return True
        if parent.type == "MemberExpression" and parent.object is ref.identifier \
                and property_name(parent) in ("call", "apply"):
            return True
    return False


def _receives_continuation(hook: Hook, fn: Node, variable) -> bool:
    """Does the function declaring this parameter receive a function in it (a helper's own
    continuation, a library's `next`)? Unknown callers count as yes."""
    declared = variable.identifiers[0]
    position = next((i for i, p in enumerate(fn.params) if _among(declared, pattern_identifiers(p))), 0)
    parent = hook.tree.parent(fn)
    if parent is not None and parent.type == "CallExpression" and unwrap(parent.callee) is fn:
        return _passes(parent, position)
    if parent is not None and parent.type in ("CallExpression", "NewExpression") and _among(fn, parent.arguments):
        callee = unwrap(parent.callee)
        return not (callee.type == "MemberExpression" and property_name(callee) in _VALUE_CALLERS)
    if fn.type == "FunctionDeclaration":
        binding = hook.scopes.variable(fn.id)
    elif parent is not None and parent.type == "VariableDeclarator" and parent.id.type == "Identifier":
        binding = hook.scopes.variable(parent.id)
    else:
        return True  # stored on an object, returned, exported: callers unknown
    if binding is None:
        return True
    calls = []
    for ref in binding.reads:
        call = hook.tree.parent(ref.identifier)
        if call is None or call.type != "CallExpression" or unwrap(call.callee) is not ref.identifier:
            return True  # the function escapes: whoever calls it may pass a continuation
        calls.append(call)
    return not calls or any(_passes(call, position) for call in calls)


def _passes(call: Node, position: int) -> bool:
    args = call.arguments
    return len(args) > position or any(a.type == "SpreadElement" for a in args)


def _among(node: Node, nodes: list[Node]) -> bool:
    return any(n is node for n in nodes)


__all__ = ["CallbackCall", "callback_calls", "callback_param", "callback_variable",
           "callback_variables", "misnamed_calls", "shadowing", "Shadow"]
