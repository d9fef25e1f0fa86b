"""The result object: what a hook hands back to Auth0 as the second argument of a
successful callback call (shared by the HL2xx rules).

``results(hook)`` gives, for every successful call (first argument absent, ``null`` or
``undefined``; calls of the callback inside helpers of this file that receive it count):

- the possible *shapes* of the result (object, string, undefined, unknown ...), the
  argument followed through variables assigned on several paths, conditionals, ``||``,
  ``Object.assign`` and helper functions of this file that return it;
- the *entries*: every key set on the object, at any depth, with its full path from the
  result (``('user', 'app_metadata', 'plan')``), its key node (for locations) and its
  value node. Keys come from object literals (nested ones too), spread, member
  assignments (dot and computed) on the variable and on its aliases (``var t = token``,
  a helper's parameter), and ``Object.assign(target, ...)``. Key names are resolved with
  ``values.property_key`` / ``values.string_value``; a key that cannot be resolved is kept
  with ``None`` in its path (it may be any key, so it is never reported, and it may be
  ``scope``). Content that cannot be seen (a parameter, a call's result, the object
  handed to a function of another module) is an entry with an unknown key too.

Order is not modelled: every assignment in the file counts, before or after the call.
A helper's returns are evaluated per call (its parameters hold that call's arguments).
Each answer is computed once per file (``per_program``).

Also: ``result_entries``/``token_claims`` (entries of all results, once per key node),
``object_entries`` (the same analysis on any object, e.g. a Management API payload),
``value_shapes``, ``missing_claims`` (HL200's question, also asked by HL201), and
``unguarded_scope_uses`` (HL203: uses of the credentials-exchange ``scope`` parameter,
or of an alias of it, that throw when it is ``undefined``, with the guards that protect
them).
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable
from contextlib import contextmanager
from typing import Literal, NamedTuple

from hooklint.hooks.callbacks import CallbackCall, callback_calls, callback_variables
from hooklint.js.estree import FUNCTION_TYPES, Node, children, member_path, property_name, unwrap
from hooklint.js.flow import terminates
from hooklint.js.values import local_function, property_key, string_value
from hooklint.auth0.facts import Claim
from hooklint.auth0.program import Program, per_program
from hooklint.hooks.model import Hook

ShapeKind = Literal["object", "array", "string", "number", "boolean", "null", "undefined", "function", "unknown"]

_MAX_DEPTH = 24
# Callees that read an object and never add keys to it.
_READERS = frozenset({"JSON.stringify", "Object.keys", "Object.values", "Object.entries", "Object.freeze",
                      "Array.isArray", "String", "Boolean", "util.inspect"})
_TRUTHY = frozenset({"object", "array", "function"})
_NULLISH = frozenset({"null", "undefined"})
# Entries that set a key the author wrote (not content that cannot be seen).
SET_ORIGINS = ("literal", "member", "spread")


class Entry(NamedTuple):
    """A key set on the result (``origin`` says how); ``None`` in ``path`` is an unknown key."""

    path: tuple[str | None, ...]
    node: Node  # the key node, or the expression that brings in unknown keys
    value: Node | None
    origin: str  # literal, member, spread, unknown (content not visible), escape (passed to unknown code)

    @property
    def key(self) -> str | None:
        return self.path[-1]

    @property
    def known(self) -> bool:
        return None not in self.path


class Shape(NamedTuple):
    """One value the result may have: object array string number boolean null undefined
    function unknown."""

    kind: ShapeKind
    node: Node | None


class Result(NamedTuple):
    call: CallbackCall
    argument: Node | None  # the second argument as written; None when absent
    shapes: tuple[Shape, ...]
    entries: tuple[Entry, ...]

    @property
    def kinds(self) -> set[str]:
        return {shape.kind for shape in self.shapes}

    @property
    def is_object(self) -> bool:
        """Certainly an object on every path (so its keys are all it carries)."""
        return bool(self.shapes) and self.kinds == {"object"}

    def may_set(self, path: tuple[str, ...]) -> bool:
        """Is ``path`` set, or possibly set through an unknown key on the way?"""
        return any(len(e.path) == len(path) and all(p is None or p == q for p, q in zip(e.path, path))
                   for e in self.entries)

    @property
    def sets_scope(self) -> bool:
        return self.may_set(("scope",))


@per_program
def results(hook: Hook) -> list[Result]:
    """The result of every successful callback call of the hook, in source order."""
    analysis = _Analysis(hook)
    return [analysis.result(call) for call in success_calls(hook)]


@per_program
def result_entries(hook: Hook) -> list[Entry]:
    """Every entry of every result, once per key node (several calls may pass one object);
    computed once per file."""
    seen: set[tuple[int, tuple]] = set()
    out = []
    for result in results(hook):
        for entry in result.entries:
            if (id(entry.node), entry.path) not in seen:
                seen.add((id(entry.node), entry.path))
                out.append(entry)
    return out


def token_claims(hook: Hook) -> list[Entry]:
    """The resolved top-level keys set on the results (the claims, at credentials-exchange)."""
    return [e for e in result_entries(hook) if len(e.path) == 1 and e.known and e.origin in SET_ORIGINS]


def written_claims(program: Program) -> list[Claim]:
    """``token_claims`` as the claims a program writes (``auth0.facts.Claim``): a hook's
    go to the access token; a program of another kind has no result object, so none."""
    if not isinstance(program, Hook):
        return []
    return [Claim(e.key, e.node, "access token") for e in token_claims(program) if e.key is not None]


def object_entries(hook: Hook, node: Node | None, prefix: tuple[str, ...] = ()) -> list[Entry]:
    """The entries of any object expression (a metadata payload ...), paths under ``prefix``."""
    return _Analysis(hook).entries(node, prefix, set(), 0)


def value_shapes(hook: Hook, node: Node | None) -> list[Shape]:
    """The shapes an expression may have (see ``Shape``)."""
    return _Analysis(hook).shapes(node, set(), 0)


def missing_claims(result: Result) -> str | None:
    """What a credentials-exchange result is instead of an object, when it is certainly
    not one: ``None`` when it is (or may be) an object."""
    if result.argument is None:
        return "no claims object"
    kinds = result.kinds
    if not kinds or kinds & {"object", "unknown"}:
        return None
    order = ("undefined", "null", "string", "number", "boolean", "array", "function")
    names = {"undefined": "`undefined`", "null": "`null`", "string": "a string", "number": "a number",
             "boolean": "a boolean", "array": "an array", "function": "a function"}
    return " or ".join(names[k] for k in order if k in kinds)


def is_nullish(node: Node | None) -> bool:
    """``null``, ``undefined`` (the global) or ``void x``."""
    node = unwrap(node)
    if node is None:
        return False
    if node.type == "Literal":
        return node.raw == "null"
    if node.type == "Identifier":
        return node.name == "undefined"
    return node.type == "UnaryExpression" and node.operator == "void"


def success_calls(hook: Hook) -> list[CallbackCall]:
    """Calls of the callback (or of a helper's parameter that receives it) that succeed."""
    out = []
    for call in _callback_family(hook)[0]:
        args = call.arguments
        if args is not None and (not args or is_nullish(args[0])):
            out.append(call)
    return out


@per_program
def _callback_family(hook: Hook) -> tuple[list[CallbackCall], list]:
    """Every call of the callback, of its aliases and of the parameters of helpers of this
    file that receive it (``function finish(t, done) { done(null, t); }``), with those
    variables."""
    calls = list(callback_calls(hook))
    known = list(callback_variables(hook))
    work = [c for c in callback_calls(hook, passed=True) if c.kind == "passed"]
    while work:
        passed = work.pop()
        fn = local_function(passed.call.callee, hook.scopes)
        index = next((i for i, a in enumerate(passed.call.arguments) if a is passed.identifier), None)
        if fn is None or index is None or index >= len(fn.params) or fn.params[index].type != "Identifier":
            continue
        variable = hook.scopes.variable(fn.params[index])
        if variable is None or variable in known:
            continue
        known.append(variable)
        for ref in variable.reads:
            parent = hook.tree.parent(ref.identifier)
            if parent is None or parent.type != "CallExpression":
                continue
            if unwrap(parent.callee) is ref.identifier:
                calls.append(CallbackCall(parent, ref.identifier, "direct"))
            elif any(a is ref.identifier for a in parent.arguments):
                work.append(CallbackCall(parent, ref.identifier, "passed"))
    calls.sort(key=lambda c: c.call.range[0])
    return calls, known


def own_returns(fn: Node) -> list[Node | None]:
    """What a function returns: the arguments of its own ``return`` statements (``None``
    for a bare ``return;``), or an arrow's expression body."""
    if fn.body.type != "BlockStatement":
        return [fn.body]
    found: list[Node | None] = []
    stack = list(fn.body.body)
    while stack:
        node = stack.pop()
        if node is None or node.type in FUNCTION_TYPES or node.type in ("ClassDeclaration", "ClassExpression"):
            continue
        if node.type == "ReturnStatement":
            found.append(node.argument)
            continue
        stack.extend(children(node))
    return found


def member_key(member: Node, scopes) -> str | None:
    """The key a member expression names: ``a.b``, ``a['b']``, ``a[NS + 'b']``."""
    name = property_name(member)
    if name is None and member.computed:
        name = string_value(member.property, scopes)
    return name


class _Analysis:
    def __init__(self, hook: Hook) -> None:
        self.hook = hook
        self.scopes = hook.scopes
        self.tree = hook.tree
        self.callbacks = set(map(id, _callback_family(hook)[1]))
        self.frames: list[tuple[Node, Node]] = []  # helper calls being evaluated (function, call)

    def result(self, call: CallbackCall) -> Result:
        args = call.arguments or []
        second = args[1] if len(args) > 1 else None
        if second is not None and second.type == "SpreadElement":
            return Result(call, second, (Shape("unknown", second),), ())
        shapes = self.shapes(second, set(), 0) if second is not None else [Shape("undefined", None)]
        entries = self.entries(second, (), set(), 0) if second is not None else []
        unique: dict[tuple[int, tuple], Entry] = {}
        for entry in entries:
            unique.setdefault((id(entry.node), entry.path), entry)
        return Result(call, second, tuple(shapes), tuple(unique.values()))

    # ----- shapes ------------------------------------------------------------------

    def shapes(self, node: Node | None, seen: set, depth: int) -> list[Shape]:
        """The shapes ``node``'s value may have: the kind its type always gives
        (``_TYPE_SHAPES``), else its type's handler in ``_SHAPES``, else unknown."""
        node = unwrap(node)
        if node is None:
            return [Shape("undefined", None)]
        if depth > _MAX_DEPTH:
            return [Shape("unknown", node)]
        kind = _TYPE_SHAPES.get(node.type)
        if kind is not None:
            return [Shape(kind, node)]
        shapes = _SHAPES.get(node.type)
        if shapes is None:
            return [Shape("unknown", node)]
        return shapes(self, node, seen, depth)

    def _literal_shapes(self, node: Node, seen: set, depth: int) -> list[Shape]:
        if getattr(node, "regex", None) is not None:
            return [Shape("object", node)]
        value = node.value
        if node.raw == "null":
            return [Shape("null", node)]
        if isinstance(value, bool):
            return [Shape("boolean", node)]
        return [Shape("string" if isinstance(value, str) else "number", node)]

    def _new_shapes(self, node: Node, seen: set, depth: int) -> list[Shape]:
        return [Shape("array" if member_path(node.callee) == "Array" else "object", node)]

    def _unary_shapes(self, node: Node, seen: set, depth: int) -> list[Shape]:
        return [Shape(_UNARY_SHAPES.get(node.operator, "number"), node)]

    def _binary_shapes(self, node: Node, seen: set, depth: int) -> list[Shape]:
        if node.operator == "+":
            sides = self.shapes(node.left, seen, depth + 1) + self.shapes(node.right, seen, depth + 1)
            return [Shape("string" if any(s.kind == "string" for s in sides) else "unknown", node)]
        arithmetic = node.operator in ("-", "*", "/", "%", "**", "|", "&", "^", "<<", ">>", ">>>")
        return [Shape("number" if arithmetic else "boolean", node)]

    def _conditional_shapes(self, node: Node, seen: set, depth: int) -> list[Shape]:
        return self.shapes(node.consequent, seen, depth + 1) + self.shapes(node.alternate, seen, depth + 1)

    def _sequence_shapes(self, node: Node, seen: set, depth: int) -> list[Shape]:
        return self.shapes(node.expressions[-1], seen, depth + 1)

    def _assignment_shapes(self, node: Node, seen: set, depth: int) -> list[Shape]:
        if node.operator == "=":
            return self.shapes(node.right, seen, depth + 1)
        return [Shape("unknown", node)]

    def _call_shapes(self, node: Node, seen: set, depth: int) -> list[Shape]:
        """What a call returns: known for a few globals and ``.join()``; for a local
        function that is not async and not already being evaluated, what it returns."""
        name = member_path(node.callee)
        if name == "Object.assign":
            return [Shape("object", node)]
        if name in ("String", "JSON.stringify") or unwrap(node.callee).type == "MemberExpression" \
                and property_name(unwrap(node.callee)) == "join":
            return [Shape("string", node)]
        fn = local_function(node.callee, self.hook.scopes)
        if fn is not None and not getattr(fn, "isAsync", False) and not self._active(fn):
            with self._frame(fn, node):
                out = [s for value in own_returns(fn) for s in self.shapes(value, set(), depth + 1)]
            return out or [Shape("undefined", node)]
        return [Shape("unknown", node)]

    def _logical(self, node: Node, seen: set, depth: int) -> list[Shape]:
        left = self.shapes(node.left, seen, depth + 1)
        right = self.shapes(node.right, seen, depth + 1)
        if node.operator == "??":
            kept = [s for s in left if s.kind not in _NULLISH]
            return kept + (right if any(s.kind in _NULLISH or s.kind == "unknown" for s in left) else [])
        truthy = [s for s in left if s.kind not in _NULLISH]  # may be truthy
        falsy = [s for s in left if s.kind not in _TRUTHY]  # may be falsy
        if node.operator == "||":
            return truthy + (right if falsy else [])
        return falsy + (right if truthy else [])

    def _identifier_shapes(self, node: Node, seen: set, depth: int) -> list[Shape]:
        variable = self.scopes.variable(node)
        if variable is None:
            return [Shape("undefined" if node.name == "undefined" else "unknown", node)]
        if id(variable) in seen:
            return []
        seen.add(id(variable))
        values = self.assigned(variable)
        if values is None:
            return [Shape("unknown", node)]
        return [s for value in values for s in self.shapes(value, seen, depth + 1)]

    def assigned(self, variable) -> list[Node | None] | None:
        """The expressions a variable is given (``None``: declared without a value), or
        ``None`` when one of them cannot be seen (a parameter, a destructuring, a loop)."""
        values: list[Node | None] = []
        for definition in variable.definitions:
            if definition.type == "VariableDeclarator" and definition.id.type == "Identifier":
                values.append(definition.init)
            elif definition.type in ("FunctionDeclaration", "ClassDeclaration") and variable.kind != "param":
                values.append(definition)
            elif variable.kind == "param" and len(variable.definitions) == 1:
                bound = self._bound(definition, variable.identifiers[0])
                passed = bound if bound is not None else self.arguments(definition, variable.identifiers[0])
                if passed is None:
                    return None
                values += passed
            else:
                return None
        writes = variable.writes
        for ref in writes:
            writer = ref.writer
            if writer is None or writer.type != "AssignmentExpression" or writer.left is not ref.identifier \
                    or writer.operator not in ("=", "||=", "??="):
                return None
            values.append(writer.right)
        if writes:  # `var t; ... t = {...}`: the declaration's undefined is assumed overwritten
            values = [v for v in values if v is not None] or values
        return values

    @contextmanager
    def _frame(self, fn: Node, call: Node):
        """Evaluate a helper's returns for one call: its parameters hold that call's arguments."""
        self.frames.append((fn, call))
        try:
            yield
        finally:
            self.frames.pop()

    def _active(self, fn: Node) -> bool:
        return any(frame is fn for frame, _ in self.frames)

    def _bound(self, fn: Node, param: Node) -> list[Node | None] | None:
        """The argument the innermost call of ``fn`` being evaluated passes to ``param``."""
        for frame, call in reversed(self.frames):
            if frame is fn:
                index = next((i for i, p in enumerate(fn.params) if p is param), None)
                args = call.arguments
                if index is None or any(a.type == "SpreadElement" for a in args[: index + 1]):
                    return None
                return [args[index] if index < len(args) else None]
        return None

    def arguments(self, fn: Node, param: Node) -> list[Node | None] | None:
        """What every call of a helper of this file passes to a plain parameter, when all
        its calls are visible (the function is only ever called by name)."""
        index = next((i for i, p in enumerate(fn.params) if p is param), None)
        if index is None or fn is self.hook.function:
            return None
        parent = self.tree.parent(fn)
        if fn.type == "FunctionDeclaration":
            binding = self.scopes.variable(fn.id)
        elif parent is not None and parent.type == "VariableDeclarator" and parent.init is fn \
                and parent.id.type == "Identifier":
            binding = self.scopes.variable(parent.id)
        else:
            return None
        if binding is None or binding.constant_value() is not fn or not binding.reads:
            return None
        out: list[Node | None] = []
        for ref in binding.reads:
            call = self.tree.parent(ref.identifier)
            if call is None or call.type != "CallExpression" or call.callee is not ref.identifier \
                    or any(a.type == "SpreadElement" for a in call.arguments[: index + 1]):
                return None
            out.append(call.arguments[index] if index < len(call.arguments) else None)
        return out

    # ----- entries -----------------------------------------------------------------

    def entries(self, node: Node | None, prefix: tuple, seen: set, depth: int) -> list[Entry]:
        node = unwrap(node)
        if node is None or (id(node), prefix) in seen:
            return []
        seen.add((id(node), prefix))
        if depth > _MAX_DEPTH:
            return [Entry(prefix + (None,), node, None, "unknown")]
        kind = node.type
        if kind == "ObjectExpression":
            out: list[Entry] = []
            for prop in node.properties:
                if prop.type == "SpreadElement":
                    out += self._spread(prop, prefix, seen, depth)
                    continue
                key = property_key(prop, self.scopes)
                out.append(Entry(prefix + (key,), prop.key, prop.value, "literal"))
                if key is not None:
                    out += self.entries(prop.value, prefix + (key,), seen, depth + 1)
            return out
        if kind == "Identifier":
            return self._identifier_entries(node, prefix, seen, depth)
        if kind == "CallExpression":
            if member_path(node.callee) == "Object.assign":
                return [e for arg in node.arguments for e in
                        (self._spread(arg, prefix, seen, depth) if arg.type == "SpreadElement"
                         else self.entries(arg, prefix, seen, depth + 1))]
            fn = local_function(node.callee, self.hook.scopes)
            if fn is not None and not getattr(fn, "isAsync", False) and not self._active(fn):
                with self._frame(fn, node):
                    return [e for value in own_returns(fn) for e in self.entries(value, prefix, set(), depth + 1)]
        if kind in ("ConditionalExpression",):
            return self.entries(node.consequent, prefix, seen, depth + 1) + \
                self.entries(node.alternate, prefix, seen, depth + 1)
        if kind == "LogicalExpression":
            return self.entries(node.left, prefix, seen, depth + 1) + self.entries(node.right, prefix, seen, depth + 1)
        if kind == "SequenceExpression":
            return self.entries(node.expressions[-1], prefix, seen, depth + 1)
        if kind == "AssignmentExpression":
            return self.entries(node.right, prefix, seen, depth + 1)
        if kind in ("Literal", "TemplateLiteral", "ArrayExpression", "UnaryExpression", "BinaryExpression",
                    "UpdateExpression") or kind in FUNCTION_TYPES:
            return []
        return [Entry(prefix + (None,), node, None, "unknown")]

    def _spread(self, spread: Node, prefix: tuple, seen: set, depth: int) -> list[Entry]:
        inner = self.entries(spread.argument, prefix, seen, depth + 1)
        return [Entry(e.path, e.node, e.value, "spread" if e.origin == "literal" else e.origin) for e in inner]

    def _identifier_entries(self, node: Node, prefix: tuple, seen: set, depth: int) -> list[Entry]:
        variable = self.scopes.variable(node)
        if variable is None:
            return [] if node.name == "undefined" else [Entry(prefix + (None,), node, None, "unknown")]
        if (id(variable), prefix) in seen:
            return []
        seen.add((id(variable), prefix))
        values = self.assigned(variable)
        out: list[Entry] = []
        if values is None:
            out.append(Entry(prefix + (None,), node, None, "unknown"))
        else:
            for value in values:
                out += self.entries(value, prefix, seen, depth + 1)
        return out + self._member_entries(variable, prefix, seen, depth)

    def _member_entries(self, variable, prefix: tuple, seen: set, depth: int) -> list[Entry]:
        """Keys set through the variable and its aliases: ``v.k = x``, ``v.a[K] = x``,
        ``Object.assign(v.a, {...})``; aliases are ``var w = v`` and helpers' parameters."""
        group = [(variable, prefix)]
        out: list[Entry] = []
        for current, base in group:
            for ref in current.references:
                if not ref.is_read:
                    continue
                node, path = ref.identifier, base
                parent = self.tree.parent(node)
                while parent is not None and parent.type == "MemberExpression" and parent.object is node:
                    path = path + (member_key(parent, self.scopes),)
                    node, parent = parent, self.tree.parent(parent)
                alias = self._alias(node, parent)
                if alias is not None:
                    if (alias, path) not in group and len(group) < 64:
                        group.append((alias, path))
                elif parent is None:
                    continue
                elif parent.type == "AssignmentExpression" and parent.left is node and len(path) > len(base):
                    out.append(Entry(path, node.property, parent.right, "member"))
                    if parent.operator in ("=", "||=", "??="):
                        out += self.entries(parent.right, path, seen, depth + 1)
                elif parent.type == "CallExpression" and any(a is node for a in parent.arguments):
                    out += self._passed(node, parent, path, seen, depth)
        return out

    def _alias(self, node: Node, parent: Node | None):
        """The variable that receives the same object: ``var w = v``, ``w = v``, a helper's parameter."""
        if parent is None:
            return None
        target = None
        if parent.type == "VariableDeclarator" and parent.init is node:
            target = parent.id
        elif parent.type == "AssignmentExpression" and parent.right is node and parent.operator == "=":
            target = parent.left
        elif parent.type == "CallExpression" and not member_path(parent.callee) == "Object.assign":
            fn = local_function(parent.callee, self.hook.scopes)
            index = next((i for i, a in enumerate(parent.arguments) if a is node), None)
            if fn is not None and index is not None and index < len(fn.params):
                target = fn.params[index]
        if target is None or target.type != "Identifier":
            return None
        return self.scopes.variable(target)

    def _passed(self, node: Node, call: Node, path: tuple, seen: set, depth: int) -> list[Entry]:
        callee = unwrap(call.callee)
        name = member_path(callee)
        if name == "Object.assign":
            if call.arguments[0] is not node:
                return []
            return [e for arg in call.arguments[1:] for e in
                    (self._spread(arg, path, seen, depth) if arg.type == "SpreadElement"
                     else self.entries(arg, path, seen, depth + 1))]
        if name is not None and (name in _READERS or name.startswith("console.")):
            return []
        base = callee.object if callee.type == "MemberExpression" and property_name(callee) in ("call", "apply") \
            else callee
        if base.type == "Identifier":
            variable = self.scopes.variable(base)
            if variable is not None and id(variable) in self.callbacks:
                return []
        return [Entry(path + (None,), node, None, "escape")]


# The shape a node of these types always has.
_TYPE_SHAPES: dict[str, ShapeKind] = {
    "TemplateLiteral": "string", "ObjectExpression": "object", "ArrayExpression": "array",
    "UpdateExpression": "number", "ClassExpression": "function", "FunctionExpression": "function",
    "ArrowFunctionExpression": "function"}
# The shape of a unary operator's result (any other: a number).
_UNARY_SHAPES: dict[str, ShapeKind] = {"void": "undefined", "!": "boolean", "delete": "boolean", "typeof": "string"}
# The handler of each type whose shape depends on the node; any other type is unknown.
_SHAPES: dict[str, Callable[[_Analysis, Node, set, int], list[Shape]]] = {
    "Literal": _Analysis._literal_shapes,
    "NewExpression": _Analysis._new_shapes,
    "UnaryExpression": _Analysis._unary_shapes,
    "BinaryExpression": _Analysis._binary_shapes,
    "ConditionalExpression": _Analysis._conditional_shapes,
    "LogicalExpression": _Analysis._logical,
    "SequenceExpression": _Analysis._sequence_shapes,
    "AssignmentExpression": _Analysis._assignment_shapes,
    "CallExpression": _Analysis._call_shapes,
    "Identifier": _Analysis._identifier_shapes,
}


# ----- the scope parameter (credentials-exchange) ----------------------------------------

@per_program
def unguarded_scope_uses(hook: Hook) -> list[tuple[Node, Node]]:
    """(site, holder) for each use of the ``scope`` parameter, or of an alias of it, that
    throws when it is ``undefined`` (a member access, an index, a spread into an array or
    call, a ``for...of``) with no guard before it. Aliases: ``var s = scope``,
    ``x.scope = scope`` (then ``x.scope``), ``{scope: scope}``, a helper's parameter."""
    param = hook.param("scope")
    variable = hook.scopes.variable(param) if param is not None and param.type == "Identifier" else None
    return _ScopeHolders(hook, variable).unguarded() if variable is not None else []


_EQUALITY = ("===", "==", "!==", "!=")


class _GuardBlock(NamedTuple):
    """The statements of a block (a ``Program``, a ``SwitchCase``'s consequent) and which of
    them guard the statements after them, kept up to date as holders are added."""
    statements: list[Node]
    positions: dict[int, int]  # statement id -> its position (not `index`: that is tuple.index)
    flags: list[bool]  # guard_statement of each
    first: list[int]  # [position of the first guard] (len(statements) when none)


class _ScopeHolders:
    def __init__(self, hook: Hook, variable) -> None:
        self.hook = hook
        self.tree = hook.tree
        self.scopes = hook.scopes
        self.variables = {id(variable): variable}
        self.members: set[tuple[int, str]] = set()
        # Whether a use is guarded depends on the holders, which grow while aliases are
        # collected: ``version`` counts the additions, a cached answer is good for its version.
        self.version = 0
        self._guarded: dict[int, tuple[int, bool]] = {}  # use id -> (version, guarded)
        self._blocks: dict[int, _GuardBlock] = {}  # block id -> its guard statements
        self._member_uses: dict[tuple[int, str], list[Node]] | None = None
        self._queue: deque[Node] = deque(ref.identifier for ref in variable.reads)
        self._collect()

    def _collect(self) -> None:
        """Aliases: only an unguarded copy of ``scope`` may be undefined.

        A worklist: the uses of each new holder are looked at once, when it is added (redoing
        every use and guard each time one alias was found was cubic in a chain of aliases).
        Then a round over every use with the holders found confirms the fixed point, since a
        guard may stop counting when a holder is added (``var s = t`` once ``t`` is one)."""
        while True:
            while self._queue:
                use = self._queue.popleft()
                if not self.guarded(use):
                    self._alias(use)
            version = self.version
            for use in self.uses():
                if not self.guarded(use):
                    self._alias(use)
            if self.version == version:
                return

    def _alias(self, use: Node) -> None:
        """Add the holder an unguarded use copies ``scope`` into, if any."""
        parent = self.tree.parent(use)
        target = None
        if parent is None:
            return
        if parent.type == "VariableDeclarator" and parent.init is use:
            target = parent.id
        elif parent.type == "AssignmentExpression" and parent.right is use and parent.operator == "=":
            target = parent.left
        elif parent.type == "Property" and parent.value is use and not parent.computed:
            literal = self.tree.parent(parent)
            holder = self.tree.parent(literal) if literal is not None else None
            if holder is not None and holder.type == "VariableDeclarator" and holder.init is literal \
                    and holder.id.type == "Identifier":
                self._add_member(holder.id, property_key(parent, self.scopes))
        elif parent.type == "CallExpression" and any(a is use for a in parent.arguments):
            fn = local_function(parent.callee, self.hook.scopes)
            index = next(i for i, a in enumerate(parent.arguments) if a is use)
            if fn is not None and fn is not self.hook.function and index < len(fn.params):
                target = fn.params[index]
        if target is not None and target.type == "Identifier":
            variable = self.scopes.variable(target)
            if variable is not None and id(variable) not in self.variables:
                self.variables[id(variable)] = variable
                self._added(variable)
                self._queue.extend(ref.identifier for ref in variable.reads)
        elif target is not None and target.type == "MemberExpression" \
                and unwrap(target.object).type == "Identifier":
            self._add_member(unwrap(target.object), member_key(target, self.scopes))

    def _add_member(self, identifier: Node, key: str | None) -> bool:
        variable = self.scopes.variable(identifier)
        if variable is None or key is None or (id(variable), key) in self.members:
            return False
        self.members.add((id(variable), key))
        self._added(variable)
        self._queue.extend(self.member_uses().get((id(variable), key), ()))
        return True

    def _added(self, variable) -> None:
        """A holder was added: ``is_holder`` now answers otherwise only for the identifiers of
        ``variable`` (and the member accesses on them), so only the block statements around
        them may become guards (or stop being ones)."""
        self.version += 1
        identifiers = [ref.identifier for ref in variable.references] + list(variable.identifiers)
        for identifier in identifiers:
            for node in self.tree.ancestors(identifier):
                block = self._blocks.get(id(self.tree.parent(node)))
                position = block.positions.get(id(node)) if block is not None else None
                if block is None or position is None:
                    continue
                flag = self.guard_statement(node)
                if flag == block.flags[position]:
                    continue
                block.flags[position] = flag
                if flag and position < block.first[0]:
                    block.first[0] = position
                elif not flag and position == block.first[0]:
                    block.first[0] = next((i for i in range(position + 1, len(block.flags)) if block.flags[i]),
                                          len(block.flags))

    def member_uses(self) -> dict[tuple[int, str], list[Node]]:
        """Member accesses ``x.key`` that are not assigned to, by (variable of ``x``, key), in
        pre-order (the ones ``uses`` lists once ``(x, key)`` is a holder)."""
        if self._member_uses is None:
            self._member_uses = {}
            for node in self.tree.of_type("MemberExpression"):
                if unwrap(node.object).type != "Identifier":
                    continue
                variable = self.scopes.variable(unwrap(node.object))
                key = member_key(node, self.scopes)
                parent = self.tree.parent(node)
                if variable is not None and key is not None and \
                        not (parent is not None and parent.type == "AssignmentExpression" and parent.left is node):
                    self._member_uses.setdefault((id(variable), key), []).append(node)
        return self._member_uses

    def is_holder(self, node: Node | None) -> bool:
        node = unwrap(node)
        if node is None:
            return False
        if node.type == "Identifier":
            variable = self.scopes.variable(node)
            return variable is not None and id(variable) in self.variables
        if node.type == "MemberExpression" and unwrap(node.object).type == "Identifier":
            variable = self.scopes.variable(unwrap(node.object))
            return variable is not None and (id(variable), member_key(node, self.scopes)) in self.members
        return False

    def uses(self) -> list[Node]:
        found = [ref.identifier for v in list(self.variables.values()) for ref in v.reads]
        if self.members:
            for node in self.tree.of_type("MemberExpression"):
                if self.is_holder(node):
                    parent = self.tree.parent(node)
                    if not (parent is not None and parent.type == "AssignmentExpression" and parent.left is node):
                        found.append(node)
        return found

    def unguarded(self) -> list[tuple[Node, Node]]:
        out = []
        for use in self.uses():
            site = self.site(use)
            if site is not None and not self.guarded(use):
                out.append((site, use))
        return sorted(out, key=lambda pair: pair[0].range[0])

    def site(self, use: Node) -> Node | None:
        """Where the use throws when the holder is undefined."""
        parent = self.tree.parent(use)
        if parent is None:
            return None
        if parent.type == "MemberExpression" and parent.object is use and not parent.optional:
            return parent
        if parent.type == "SpreadElement":
            outer = self.tree.parent(parent)
            return parent if outer is not None and outer.type in ("ArrayExpression", "CallExpression",
                                                                  "NewExpression") else None
        if parent.type == "ForOfStatement" and parent.right is use:
            return use
        return None

    # ----- guards -------------------------------------------------------------------

    def guarded(self, use: Node) -> bool:
        known = self._guarded.get(id(use))
        if known is not None and known[0] == self.version:
            return known[1]
        answer = self._guard_above(use)
        self._guarded[id(use)] = (self.version, answer)
        return answer

    def _guard_above(self, use: Node) -> bool:
        child = use
        for node in self.tree.ancestors(use):
            kind = node.type
            if kind == "LogicalExpression" and node.right is child:
                if node.operator == "&&" and self.truthy(node.left) or \
                        node.operator == "||" and self.falsy(node.left):
                    return True
            elif kind in ("IfStatement", "ConditionalExpression"):
                if node.consequent is child and self.truthy(node.test) or \
                        node.alternate is child and self.falsy(node.test):
                    return True
            elif kind == "TryStatement" and node.block is child and node.handler is not None:
                return True
            elif kind in ("BlockStatement", "Program", "SwitchCase"):
                # a guard statement before ``child`` (all of them when it is a case's test); the
                # guard statements of a block are found once and kept up to date (``_added``),
                # not looked for again before each use
                block = self._guard_block(node)
                if block.first[0] < block.positions.get(id(child), len(block.statements)):
                    return True
            child = node
        return False

    def _guard_block(self, node: Node) -> _GuardBlock:
        block = self._blocks.get(id(node))
        if block is None:
            statements = node.consequent if node.type == "SwitchCase" else node.body
            flags = [self.guard_statement(s) for s in statements]
            block = _GuardBlock(statements, {id(s): i for i, s in enumerate(statements)}, flags,
                                [next((i for i, f in enumerate(flags) if f), len(flags))])
            self._blocks[id(node)] = block
        return block

    def truthy(self, test: Node | None) -> bool:
        """Does ``test`` being truthy mean the holder is defined?"""
        test = unwrap(test)
        if test is None:
            return False
        kind = test.type
        if kind == "LogicalExpression":
            if test.operator == "&&":
                return self.truthy(test.left) or self.truthy(test.right)
            return test.operator == "||" and self.truthy(test.left) and self.truthy(test.right)
        if kind == "UnaryExpression":
            return test.operator == "!" and self.falsy(test.argument)
        if kind == "CallExpression" and member_path(test.callee) == "Array.isArray":
            return bool(test.arguments) and self.is_holder(test.arguments[0])
        if kind == "BinaryExpression":
            return self._compared(test, defined=True)
        return self._rooted(test)

    def falsy(self, test: Node | None) -> bool:
        """Does ``test`` being falsy mean the holder is defined?"""
        test = unwrap(test)
        if test is None:
            return False
        if test.type == "UnaryExpression" and test.operator == "!":
            return self.truthy(test.argument)
        if test.type == "LogicalExpression":
            if test.operator == "||":
                return self.falsy(test.left) or self.falsy(test.right)
            return test.operator == "&&" and self.falsy(test.left) and self.falsy(test.right)
        return test.type == "BinaryExpression" and self._compared(test, defined=False)

    def _rooted(self, node: Node) -> bool:
        """``scope``, ``scope.length``, ``scope?.includes('x')``: truthy only when defined."""
        while node is not None:
            if self.is_holder(node):
                return True
            if node.type == "MemberExpression":
                node = unwrap(node.object)
            elif node.type == "CallExpression":
                node = unwrap(node.callee)
            else:
                return False
        return False

    def _compared(self, test: Node, defined: bool) -> bool:
        """``scope !== undefined``, ``typeof scope === 'undefined'``, ``scope.length > 0`` ..."""
        op, left, right = test.operator, unwrap(test.left), unwrap(test.right)
        if op == "instanceof":
            return defined and self.is_holder(left)
        if op in (">", ">=", "<", "<="):
            return defined and (self._rooted(left) or self._rooted(right))
        if op not in _EQUALITY:
            return False
        for side, other in ((left, right), (right, left)):
            typeof = side.type == "UnaryExpression" and side.operator == "typeof" and self.is_holder(side.argument)
            if not (typeof or self.is_holder(side)):
                continue
            if typeof:
                text = other.value if other.type == "Literal" and isinstance(other.value, str) else None
                if text is None:
                    return False
                undefined_test = text == "undefined"
            elif is_nullish(other):
                undefined_test = op in ("==", "!=") or other.type != "Literal"
                if not undefined_test:
                    return False  # `scope === null` says nothing about undefined
            else:
                return defined and op in ("===", "==") and other.type == "Literal"
            # `x === undefined` false, or `x !== undefined` true: defined
            return defined == (op in ("!==", "!=")) if undefined_test else defined == (op in ("===", "=="))
        return False

    def guard_statement(self, statement: Node) -> bool:
        kind = statement.type
        if kind == "ExpressionStatement":
            return self._reassigns(statement.expression)
        if kind == "VariableDeclaration":
            return any(d.init is not None and self.is_holder(d.id) and not self.is_holder(d.init)
                       for d in statement.declarations)
        if kind == "IfStatement":
            if self.falsy(statement.test) and (terminates(statement.consequent) or self._assigns(statement.consequent)):
                return True
            return statement.alternate is not None and self.truthy(statement.test) and terminates(statement.alternate)
        return False

    def _assigns(self, statement: Node) -> bool:
        if statement.type == "BlockStatement":
            return any(self._assigns(s) for s in statement.body)
        return statement.type == "ExpressionStatement" and self._reassigns(statement.expression)

    def _reassigns(self, expression: Node) -> bool:
        """``scope = scope || []``, ``scope ||= []``, ``x.scope = ['a']``: the holder gets
        another value (anything but itself or ``undefined``)."""
        expression = unwrap(expression)
        if expression.type == "SequenceExpression":
            return any(self._reassigns(e) for e in expression.expressions)
        if expression.type != "AssignmentExpression" or not self.is_holder(expression.left):
            return False
        right = unwrap(expression.right)
        return not (expression.operator == "=" and (self.is_holder(right) or is_nullish(right)))


__all__ = ["Entry", "Result", "SET_ORIGINS", "Shape", "is_nullish", "member_key",
           "missing_claims", "object_entries", "own_returns", "result_entries", "results", "success_calls",
           "token_claims", "unguarded_scope_uses", "value_shapes"]
