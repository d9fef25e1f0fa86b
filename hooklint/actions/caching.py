"""What an Action keeps between executions in ``api.cache`` (auth0-actions.md §2.5, §2.9):
the answer HL303 needs beside the module-scope caches every kind has (``auth0.tokens``).

``cache_kept(action, node)``: the value ``node`` produces (a token request) is kept between
executions when a function that encloses it reads ``api.cache.get`` before it and writes
``api.cache.set`` after it (``const cached = api.cache.get('token'); if (!cached) { … await
clientCredentialsGrant(…); api.cache.set('token', …) }``), the calls found through the roles
service (aliases, destructuring, helpers that receive ``api``).

``record_misuses(action)``: the ``api.cache.get`` calls whose result, the record
``{value, expires_at}`` or ``undefined`` (§2.5), is used as if it were the cached string
(HL222), directly or through a constant variable; ``non_string_values(action)``: the
``api.cache.set`` calls whose value is certainly not a string (§2.5: values are strings).

Why a service here and not a ``Program`` method: ``hooklint.auth0`` cannot ask the roles
service (it is above it), and ``actions.model`` cannot import ``actions.roles``, which is
built on the model. It answers for any program (False for a hook), so HL303 asks it beside
``auth0.is_module_cached`` without looking at the kind.
"""

from __future__ import annotations

from typing import NamedTuple

from hooklint.actions.model import Action
from hooklint.actions.roles import api_calls, is_command, role_path
from hooklint.auth0.program import Program, per_program
from hooklint.js.estree import FUNCTION_TYPES, Node, is_function, member_path, property_name, unwrap
from hooklint.js.values import property_key, resolve

_GET = ("api", "cache", "get")
_SET = ("api", "cache", "set")


@per_program
def _cache_calls(action: Action) -> tuple[list[Node], list[Node]]:
    """The ``api.cache.get`` and ``api.cache.set`` calls, in source order."""
    calls = api_calls(action)
    return [c.call for c in calls if c.path == _GET], [c.call for c in calls if c.path == _SET]


def cache_kept(program: Program, node: Node) -> bool:
    """Is what ``node`` produces kept in ``api.cache``: read before it and written after it in
    a function that encloses it? Any program can ask: only an Action has ``api.cache``, so
    for a hook the answer is False."""
    if not isinstance(program, Action):
        return False
    action = program
    gets, sets = _cache_calls(action)
    if not gets or not sets:
        return False
    start, end = node.range
    for fn in action.tree.ancestors(node):
        if fn.type not in FUNCTION_TYPES:
            continue
        low, high = fn.range
        if any(low <= g.range[0] and g.range[1] <= start for g in gets) and \
                any(end <= s.range[0] and s.range[1] <= high for s in sets):
            return True
    return False


# ----- what a cache record is (§2.5) -------------------------------------------------------

# `api.cache.get(key)` returns `{value, expires_at}` or `undefined`; the cached string is `.value`.
RECORD_KEYS = frozenset({"value", "expires_at"})
# Names every object has (Object.prototype): reading them is no mistake about the record.
_OBJECT_NAMES = frozenset({"constructor", "hasOwnProperty", "isPrototypeOf", "propertyIsEnumerable",
                           "toLocaleString", "toString", "valueOf", "__proto__"})
# Object keys whose value is a credential or a header: a record there is sent as "[object Object]".
_TOKEN_KEYS = frozenset({"token", "accesstoken", "access_token", "idtoken", "id_token", "authorization",
                         "bearer", "apikey", "api_key", "x-api-key", "password", "secret", "clientsecret",
                         "client_secret"})
_READ_FOR = "read for a `."  # how a property read of the record is described
_ALIAS_DEPTH = 4  # `const cached = api.cache.get(k); const record = cached; …`


class RecordMisuse(NamedTuple):
    """An ``api.cache.get`` call whose record is used as the cached value: ``use`` is the
    expression that holds the record there (the call itself, or a read of ``name``, the
    constant variable it was stored in), ``how`` says what is done with it."""

    call: Node
    use: Node
    how: str
    name: str | None  # None: the call itself is used

    @property
    def direct(self) -> bool:
        return self.name is None

    @property
    def in_place_of_value(self) -> bool:
        """Does the record stand where the cached string should (not: a property other than
        ``value`` read from it, whose intent is not certain)?"""
        return not self.how.startswith(_READ_FOR)


class NonStringValue(NamedTuple):
    """An ``api.cache.set(key, value)`` call whose ``value`` is certainly not a string:
    ``what`` names it ("an object literal", "a number", …), ``structured`` says whether it is
    structured data (JSON.stringify it) or a scalar (String(…) it)."""

    call: Node
    value: Node
    what: str
    structured: bool


@per_program
def record_misuses(action: Action) -> list[RecordMisuse]:
    """The ``api.cache.get`` calls whose record is used as the value, each with its first
    such use in source order; a use hooklint cannot judge (a helper's argument, a property
    of an object that is not a credential) is no misuse."""
    found = []
    for call in _cache_calls(action)[0]:
        misuse = _direct_misuse(action, call)
        if misuse is None:
            misuse = _variable_misuse(action, call, _holder(action, call), 0)
        if misuse is not None:
            found.append(misuse)
    return found


def _direct_misuse(action: Action, call: Node) -> RecordMisuse | None:
    how = _misuse(action, call)
    return RecordMisuse(call, call, how, None) if how is not None else None


def _holder(action: Action, node: Node) -> Node | None:
    """The identifier a ``const x = <node>`` (or ``await <node>``) declares, else ``None``."""
    node, parent = _value_parent(action, node)
    if parent is not None and parent.type == "VariableDeclarator" and parent.init is node \
            and parent.id.type == "Identifier":
        return parent.id
    return None


def _variable_misuse(action: Action, call: Node, identifier: Node | None, depth: int) -> RecordMisuse | None:
    """The first misuse of the record through the constant variable ``identifier`` declares
    (and the constant aliases of it)."""
    if identifier is None or depth > _ALIAS_DEPTH:
        return None
    variable = action.scopes.variable(identifier)
    if variable is None or variable.constant_value() is None:
        return None  # reassigned: on some paths it holds something else (flow is not followed)
    for reference in sorted(variable.reads, key=lambda r: r.identifier.range[0]):
        read = reference.identifier
        how = _misuse(action, read)
        if how is not None:
            return RecordMisuse(call, read, how, identifier.name)
        inner = _variable_misuse(action, call, _holder(action, read), depth + 1)
        if inner is not None:
            return inner
    return None


def _value_parent(action: Action, node: Node) -> tuple[Node, Node | None]:
    """``node`` widened through ``await`` (a record awaited is the record: ``get`` is
    synchronous), and the parent of that."""
    tree = action.tree
    parent = tree.parent(node)
    while parent is not None and parent.type == "AwaitExpression":
        node, parent = parent, tree.parent(parent)
    return node, parent


def _misuse(action: Action, node: Node) -> str | None:
    """What is done with the record that ``node`` certainly holds, when that treats it as
    the cached string, else ``None`` (a test of it, a read of ``.value``/``.expires_at``,
    destructuring, a use hooklint cannot judge)."""
    node, parent = _value_parent(action, node)
    if parent is None:
        return None
    kind = parent.type
    if kind == "MemberExpression" and parent.object is node:
        name = property_name(parent)
        if name is None or name in RECORD_KEYS or name in _OBJECT_NAMES:
            return None
        return f"{_READ_FOR}{name}`, which the record does not have (it has `value` and `expires_at`)"
    if kind == "BinaryExpression":
        other = parent.right if parent.left is node else parent.left
        if parent.operator == "+":
            return "concatenated into a string"
        if parent.operator in ("==", "===", "!=", "!==") and not _is_nullish(action, other):
            return "compared with a value"
        return None
    if kind == "TemplateLiteral":
        grand = action.tree.parent(parent)
        return "interpolated into a template string" if grand is None or grand.type != "TaggedTemplateExpression" \
            else None
    if kind == "CallExpression" and any(argument is node for argument in parent.arguments):
        callee = unwrap(parent.callee)
        if member_path(callee) == "JSON.parse" and _is_global(action, callee.object):
            return "parsed with `JSON.parse`"
        path = role_path(action, callee)
        if path is not None and is_command(path):
            return f"passed to `{'.'.join(path)}`"
        return None
    if kind == "Property" and parent.value is node:
        container = action.tree.parent(parent)
        key = property_key(parent, action.scopes)
        if container is not None and container.type == "ObjectExpression" and key is not None \
                and key.lower() in _TOKEN_KEYS:
            return f"set as the `{key}` of an object"
        return None
    if kind == "ReturnStatement":
        function = action.tree.enclosing_function(parent)
        if function is not None and _returns_other_value(action, function, parent):
            return "returned where the function returns the value itself on another path"
        return None
    return None


def _returns_other_value(action: Action, function: Node, this: Node) -> bool:
    """Does ``function`` return, on another ``return``, the cached string itself: a string
    (a literal, a template, a concatenation with one), or what it stores with
    ``api.cache.set`` (``if (cached) return cached; … api.cache.set('t', token); return
    token``)? A function that only hands the record on (a wrapper of ``api.cache.get``), or
    whose other returns are unknown (``return api.access.deny(…)``), does not."""
    tree = action.tree
    low, high = function.range
    stored = {member_path(call.arguments[1]) for call in _cache_calls(action)[1]
              if low <= call.range[0] and call.range[1] <= high and len(call.arguments) > 1}
    stored.discard(None)
    for statement in tree.within(function, "ReturnStatement"):
        if statement is this or tree.enclosing_function(statement) is not function:
            continue
        value = unwrap(statement.argument)
        while value is not None and value.type == "AwaitExpression":
            value = unwrap(value.argument)
        if value is not None and (_is_string(value) or member_path(value) in stored):
            return True
    return False


def _is_string(node: Node) -> bool:
    """Is ``node`` certainly a string: a string literal, a template, or ``+`` with one?"""
    node = unwrap(node)
    if node.type == "Literal":
        return isinstance(node.value, str)
    if node.type == "TemplateLiteral":
        return True
    return node.type == "BinaryExpression" and node.operator == "+" and (_is_string(node.left) or
                                                                         _is_string(node.right))


def _is_nullish(action: Action, node: Node | None) -> bool:
    node = unwrap(node)
    if node is None:
        return False
    if node.type == "Literal" and node.value is None and getattr(node, "regex", None) is None:
        return True
    if node.type == "Identifier" and node.name == "undefined" and _is_global(action, node):
        return True
    return node.type == "UnaryExpression" and node.operator == "void"


def _is_global(action: Action, identifier: Node | None) -> bool:
    """Is ``identifier`` a name the file does not declare (the global of that name)?"""
    return identifier is not None and identifier.type == "Identifier" and action.scopes.variable(identifier) is None


@per_program
def non_string_values(action: Action) -> list[NonStringValue]:
    """The ``api.cache.set(key, value)`` calls whose value, followed through constant
    variables, is certainly not a string: an object or array literal, a number or boolean
    literal, ``JSON.parse(…)``, ``Date.now()``, ``new X(…)`` (not ``new String``)."""
    found = []
    for call in _cache_calls(action)[1]:
        if len(call.arguments) < 2 or call.arguments[1].type == "SpreadElement":
            continue
        value = call.arguments[1]
        what = _non_string(action, resolve(value, action.scopes))
        if what is not None:
            found.append(NonStringValue(call, value, *what))
    return found


def _non_string(action: Action, node: Node | None) -> tuple[str, bool] | None:
    node = unwrap(node)
    while node is not None and node.type == "AwaitExpression":
        node = unwrap(node.argument)
    if node is None:
        return None
    kind = node.type
    if kind == "ObjectExpression":
        return "an object literal", True
    if kind == "ArrayExpression":
        return "an array", True
    if kind == "Literal" and getattr(node, "regex", None) is None:
        if isinstance(node.value, bool):
            return "a boolean", False
        if isinstance(node.value, (int, float)):
            return "a number", False
        return None
    if kind == "UnaryExpression" and node.operator in ("-", "+") and node.argument.type == "Literal" \
            and isinstance(node.argument.value, (int, float)) and not isinstance(node.argument.value, bool):
        return "a number", False
    if kind == "CallExpression":
        callee = unwrap(node.callee)
        path = member_path(callee)
        if path == "JSON.parse" and _is_global(action, callee.object):
            return "the result of `JSON.parse`", True
        if path == "Date.now" and _is_global(action, callee.object):
            return "a number (`Date.now()`)", False
        return None
    if kind == "NewExpression" and node.callee.type == "Identifier" and node.callee.name != "String" \
            and not is_function(node.callee):
        return f"an object (`new {node.callee.name}(…)`)", True
    return None
