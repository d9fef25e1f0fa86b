"""Module bindings: which npm module (and property path below it) a value certainly comes from.

Answers ``binding(hook, node)`` through ``require`` (with or without a ``@version``), ``.prop``
accesses, destructuring, ES imports, ``.default`` and instance factories (``axios.create``,
``got.extend``, ``request.defaults``); also the small helpers every other module uses
(``split_module``, ``version_tuple``, ``is_require``) and
``LIBRARIES`` (npm module -> HTTP library), which the factories need; and the modules the
Node 12 webtask runtime injected as globals (``INJECTED_GLOBALS``, ``implicit_globals``: HL108
reports them, ``hooklint migrate`` requires them in the Action).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import NamedTuple, TYPE_CHECKING

from hooklint.js.estree import Node, property_name, unwrap
from hooklint.js.scope import Variable
from hooklint.js.values import resolve, string_value
from hooklint.auth0.conditions import refers_to

if TYPE_CHECKING:
    from hooklint.auth0.program import Program


# ----- small helpers -----------------------------------------------------------------------

# A global the Node 12 webtask runtime injected -> the module to require instead (auth0-hooks.md §1).
INJECTED_GLOBALS = {
    "_": "lodash",
    "async": "async",
    "request": "request",
    "jwt": "jsonwebtoken",
    "uuid": "uuid",
    "q": "q",
    "xml2js": "xml2js",
    "xmldom": "xmldom",
    "xpath": "xpath",
    "querystring": "querystring",
}
CORE_INJECTED = frozenset({"querystring"})  # a Node core module: no dependency to declare


def implicit_globals(program: Program, every_use: bool = False) -> dict[str, Node]:
    """The injected globals the file uses without requiring or declaring them, each with its
    first use. By default (HL108) a ``typeof x`` test is not a use (it is how code checks for
    one) and a name declared anywhere in the file is left alone (a finding must be sure).
    ``every_use``: each unresolved reference counts, ``typeof`` too: a migration keeps what
    the code did where the global was there."""
    declared = set() if every_use else {name for scope in program.scopes.scopes for name in scope.variables}
    first: dict[str, Node] = {}
    for ref in program.scopes.through:
        identifier = ref.identifier
        name = identifier.name
        if name not in INJECTED_GLOBALS or name in declared:
            continue
        parent = program.tree.parent(identifier)
        if not every_use and parent is not None and parent.type == "UnaryExpression" \
                and parent.operator == "typeof":
            continue
        if name not in first or identifier.range[0] < first[name].range[0]:
            first[name] = identifier
    return dict(sorted(first.items(), key=lambda item: item[1].range[0]))



def split_module(spec: str) -> tuple[str, str | None]:
    """``'auth0@2.6.0'`` -> ('auth0', '2.6.0'); ``'@slack/webhook@6'`` -> ('@slack/webhook', '6')."""
    at = spec.find("@", 1)
    name, version = (spec[:at], spec[at + 1:] or None) if at > 0 else (spec, None)
    return (name[5:] if name.startswith("node:") else name), version


def version_tuple(version: str | None) -> tuple[int, ...] | None:
    """``'2.6.0'``, ``'^2.6.0'``, ``'v2.6'`` -> (2, 6, 0); ranges and tags -> None."""
    if version is None:
        return None
    match = re.fullmatch(r"[\^~=v]*\s*(\d+)(?:\.(\d+))?(?:\.(\d+))?(?:[-+][\w.-]*)?", version.strip())
    if match is None:
        return None
    return tuple(int(g) if g is not None else 0 for g in match.groups())


def is_require(hook: Program, callee: Node) -> bool:
    """Is ``callee`` the global ``require`` (not a local variable of that name)?"""
    return callee.type == "Identifier" and callee.name == "require" and hook.scopes.variable(callee) is None


# ----- module bindings ---------------------------------------------------------------------

# npm module -> the HTTP library it is (request-promise* are request with promises).
LIBRARIES = {
    "request": "request", "request-promise": "request", "request-promise-native": "request",
    "request-promise-any": "request", "axios": "axios", "got": "got", "node-fetch": "fetch",
    "cross-fetch": "fetch", "fetch": "fetch", "superagent": "superagent", "needle": "needle", "https": "https",
    "http": "http",
}
# Names that are these libraries without a require: Node 18+'s global fetch, and the Node 12
# webtask runtime's injected `request` (HL108 reports the missing require).
_GLOBALS = {"fetch": "fetch", "request": "request"}
# Methods that make an instance with defaults: axios.create({...}), got.extend({...}), request.defaults({...}).
_FACTORIES = {"axios": "create", "got": "extend", "request": "defaults"}


class Binding(NamedTuple):
    """What a value is, seen from the modules: ``require('axios').post`` is ('axios', ('post',))."""

    module: str  # the npm module name, without version and without a `node:` prefix
    path: tuple[str, ...]  # properties below the module's export
    version: str | None = None  # the version pinned in `require('name@x.y.z')`
    config: Node | None = None  # instance defaults: the argument of axios.create / got.extend / request.defaults


def binding(hook: Program, node: Node | None) -> Binding | None:
    """The module (and property path below it) an expression certainly comes from."""
    if node is None:
        return None
    memo = hook.table(binding)
    key = id(node)
    if key not in memo:
        memo[key] = None  # cycle guard
        memo[key] = _binding(hook, unwrap(node), 0)
    return memo[key]


def _binding(hook: Program, node: Node, depth: int) -> Binding | None:
    """The handler in ``_BINDINGS`` for the node's type; any other type comes from no module."""
    if node is None or depth > 16:
        return None
    handler = _BINDINGS.get(node.type)
    return handler(hook, node, depth) if handler is not None else None


def _call_binding(hook: Program, node: Node, depth: int) -> Binding | None:
    """``require('axios@1.6')``, or an instance factory: ``axios.create({...})``."""
    callee = unwrap(node.callee)
    if is_require(hook, callee) and node.arguments:
        spec = string_value(node.arguments[0], hook.scopes)
        return _module(spec) if spec else None
    base = binding(hook, callee)
    if base is not None and len(base.path) == 1 and _FACTORIES.get(LIBRARIES.get(base.module, "")) == base.path[0]:
        config = resolve(node.arguments[0], hook.scopes) if node.arguments else None
        return Binding(base.module, (), base.version, config)
    return None


def _member_binding(hook: Program, node: Node, depth: int) -> Binding | None:
    """``base.name``: one property more below the module (``.default`` of the module is the module)."""
    name = property_name(node)
    base = binding(hook, node.object) if name is not None else None
    if base is None or name is None:
        return None
    if name == "default" and not base.path:
        return base
    return Binding(base.module, base.path + (name,), base.version, base.config)


def _await_binding(hook: Program, node: Node, depth: int) -> Binding | None:
    """``await import('node-fetch')``."""
    return binding(hook, node.argument)


def _import_expression_binding(hook: Program, node: Node, depth: int) -> Binding | None:
    spec = string_value(node.source, hook.scopes)
    return _module(spec) if spec else None


def _identifier_binding(hook: Program, node: Node, depth: int) -> Binding | None:
    """A global (``_GLOBALS``), a variable written more than once with one module value, or
    the handler in ``_DEFINITIONS`` for the single definition of the variable."""
    variable = hook.scopes.variable(node)
    if variable is None:
        return Binding(_GLOBALS[node.name], ()) if node.name in _GLOBALS else None
    if variable.is_reassigned:
        return _cached_binding(hook, variable, depth)
    if len(variable.definitions) != 1:
        return None
    definition = variable.definitions[0]
    handler = _DEFINITIONS.get(definition.type)
    return handler(hook, definition, variable) if handler is not None else None


def _declarator_binding(hook: Program, definition: Node, variable: Variable) -> Binding | None:
    """``const x = <module value>``, or ``const {a: {b}} = <module value>`` (then ``.a.b``)."""
    if definition.init is None:
        return None
    path = _pattern_path(definition.id, variable.identifiers[0])
    if path is None:
        return None
    base = binding(hook, definition.init)
    return None if base is None else Binding(base.module, base.path + path, base.version, base.config)


def _import_binding(hook: Program, definition: Node, variable: Variable) -> Binding | None:
    """``import x from 'mod'``, ``import * as x from 'mod'``, ``import {name} from 'mod'``
    (``import {default as x}`` is the module itself)."""
    declaration = hook.tree.parent(definition)
    spec = declaration.source.value if declaration is not None else None
    if not isinstance(spec, str):
        return None
    module, version = split_module(spec)
    if definition.type == "ImportSpecifier":
        imported = definition.imported
        name = imported.name if imported.type == "Identifier" else str(imported.value)
        return Binding(module, () if name == "default" else (name,), version)
    return Binding(module, (), version)


# The handler of each node type that may come from a module; any other type does not.
_BINDINGS: dict[str, Callable[[Program, Node, int], Binding | None]] = {
    "CallExpression": _call_binding,
    "MemberExpression": _member_binding,
    "AwaitExpression": _await_binding,
    "ImportExpression": _import_expression_binding,
    "Identifier": _identifier_binding,
}
# The handler of each kind of definition a variable's single definition may be.
_DEFINITIONS: dict[str, Callable[[Program, Node, Variable], Binding | None]] = {
    "VariableDeclarator": _declarator_binding,
    "ImportDefaultSpecifier": _import_binding,
    "ImportNamespaceSpecifier": _import_binding,
    "ImportSpecifier": _import_binding,
}


def _cached_binding(hook: Program, variable, depth: int) -> Binding | None:
    """A variable written more than once, every time with the same module value (or nothing):
    ``let api; ... api = api || axios.create({...})``."""
    values = [d.init for d in variable.definitions if d.type == "VariableDeclarator" and d.init is not None]
    for ref in variable.writes:
        writer = ref.writer
        if writer is None or writer.type != "AssignmentExpression" or writer.operator not in ("=", "||=", "??="):
            return None
        values.append(writer.right)
    found = None
    for written in values:
        value = unwrap(written)
        while value.type == "LogicalExpression" and value.operator in ("||", "??") and \
                refers_to(hook, value.left, {id(variable)}):
            value = unwrap(value.right)
        if (value.type == "Literal" and value.value is None) or getattr(value, "name", None) == "undefined":
            continue
        current = binding(hook, value)
        if current is None or (found is not None and current != found):
            return None
        found = current
    return found


def _module(spec: str) -> Binding:
    module, version = split_module(spec)
    return Binding(module, (), version)


def _pattern_path(pattern: Node, target: Node) -> tuple[str, ...] | None:
    """The property path that destructures ``target`` out of a value (``{a: {b}}`` -> ('a', 'b'))."""
    if pattern is target:
        return ()
    if pattern.type == "AssignmentPattern":
        return _pattern_path(pattern.left, target)
    if pattern.type != "ObjectPattern":
        return None
    for prop in pattern.properties:
        if prop.type != "Property" or prop.computed:
            continue
        key = prop.key.name if prop.key.type == "Identifier" else str(prop.key.value)
        inner = _pattern_path(prop.value, target)
        if inner is not None:
            return (key,) + inner
    return None
