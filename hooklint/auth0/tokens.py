"""Management API tokens (HL303): where a hook obtains a token, and whether it is cached.

Answers ``token_requests(hook)`` (clients built with credentials, ``AuthenticationClient``,
``clientCredentialsGrant``, ``POST /oauth/token`` with ``client_credentials``) and
``is_module_cached(hook, node)`` (the token or client is kept in a module-scope or global
cache that outlives the invocation).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Literal, NamedTuple

from hooklint.js.estree import FUNCTION_TYPES, Node, property_name, subtree, unwrap
from hooklint.js.values import property_key, resolve
from hooklint.auth0.conditions import path_tests, test_of
from hooklint.auth0.http import HttpCall, http_calls, url_parts
from hooklint.auth0.management import (authentication_clients, client_credentials as _client_credentials,
                                           management_clients)
from hooklint.auth0.program import Program, per_program

TokenRequestKind = Literal["management-client", "authentication-client", "client-credentials-grant", "oauth-token"]


class TokenRequest(NamedTuple):
    node: Node  # the NewExpression or CallExpression that obtains a token
    kind: TokenRequestKind
    http: HttpCall | None = None


@per_program
def token_requests(hook: Program) -> list[TokenRequest]:
    """Everything in the file that obtains a Management API token, in source order."""
    found = []
    for client in management_clients(hook):
        options = resolve(client.arguments[0], hook.scopes) if client.arguments else None
        if options is None or options.type != "ObjectExpression":
            continue
        keys = {property_key(p, hook.scopes) for p in options.properties if p.type == "Property"}
        if keys & {"clientId", "clientSecret"} and "token" not in keys:
            found.append(TokenRequest(client, "management-client"))
    found += [TokenRequest(c, "authentication-client") for c in authentication_clients(hook)]
    for node in hook.tree.of_type("CallExpression"):
        callee = unwrap(node.callee)
        if callee.type == "MemberExpression" and property_name(callee) == "clientCredentialsGrant":
            found.append(TokenRequest(node, "client-credentials-grant"))
    for http in http_calls(hook):
        if http.method in ("POST", None) and any(p is not None and "/oauth/token" in p for p in url_parts(hook, http)) \
                and any(_client_credentials(hook, a) for a in http.call.arguments):
            found.append(TokenRequest(http.call, "oauth-token", http))
    return sorted(found, key=lambda t: t.node.range[0])


def is_module_cached(hook: Program, node: Node) -> bool:
    """Is the client or token that ``node`` produces kept in a module-scope cache?

    - assigned to a module-scope variable (or a property of one) behind a test of it:
      ``m = m || new ManagementClient(...)``, ``m ??= ...``, ``if (!m) m = ...``, or of a
      local read from it (``let m = cache.m; if (!m) m = cache.m = ...``);
    - the same with a property of the global object, which outlives the invocation like a
      module-scope variable (``if (!global.management) global.management = ...``);
    - produced behind a test of a module-scope variable that the same function assigns
      (``if (token && Date.now() < expires) return token; ... token = ...``);
    - produced in a local function whose every call is itself cached.
    """
    return _cached_value(hook, node, 0)


def _cached_value(hook: Program, node: Node, depth: int) -> bool:
    if depth > 4:
        return False
    if _assigned_to_cache(hook, node):
        return True
    functions = [a for a in hook.tree.ancestors(node) if a.type in FUNCTION_TYPES]
    for fn in functions:
        if _tests_own_cache(hook, fn, node):
            return True
        if any(fn is entry for entry in hook.entry_functions):
            break
    helper = functions[0] if functions else None
    if helper is None or any(helper is entry for entry in hook.entry_functions):
        return False
    variable = _function_variable(hook, helper)
    if variable is None:
        return False
    calls = [hook.tree.parent(r.identifier) for r in variable.references if not r.is_write]
    calls = [c for c in calls if c is not None and c.type == "CallExpression" and
             c.callee.type == "Identifier" and hook.scopes.variable(c.callee) is variable]
    return bool(calls) and all(_cached_value(hook, c, depth + 1) for c in calls)


def _function_variable(hook: Program, fn: Node):
    if fn.type == "FunctionDeclaration" and fn.id is not None:
        return hook.scopes.variable(fn.id)
    parent = hook.tree.parent(fn)
    if parent is not None and parent.type == "VariableDeclarator" and parent.id.type == "Identifier":
        return hook.scopes.variable(parent.id)
    return None


_GLOBAL_OBJECTS = frozenset({"global", "globalThis"})


def _cache_key(hook: Program, target: Node) -> int | tuple[str, str] | None:
    """The module-scope cache an assignment target stores into: the id of a module-scope
    variable (``m``, ``cache.m``), or ``('global', name)`` for a property of the global object
    (``global.management``, ``globalThis.cache.m``); None for anything else."""
    target = unwrap(target)
    names = []
    while target.type == "MemberExpression":
        names.append(property_name(target))
        target = unwrap(target.object)
    if target.type != "Identifier":
        return None
    variable = hook.scopes.variable(target)
    if variable is not None:
        return id(variable) if variable.scope is hook.scopes.global_scope else None
    if target.name in _GLOBAL_OBJECTS and names and names[-1] is not None:
        return ("global", names[-1])
    return None


def _refers_to_cache(hook: Program, node: Node | None, keys: set) -> bool:
    """Does a test read one of the caches ``keys`` (from ``_cache_key``), directly or through a
    local variable initialised from it (``let m = cache.m; if (!m) ...``)?"""
    if node is None or not keys:
        return False
    for inner in subtree(node):
        if inner.type == "MemberExpression" and _cache_key(hook, inner) in keys:
            return True
        if inner.type != "Identifier":
            continue
        variable = hook.scopes.variable(inner)
        if variable is None:
            continue
        if id(variable) in keys:
            return True
        for identifier, definition in zip(variable.identifiers, variable.definitions):
            if definition.type == "VariableDeclarator" and definition.id is identifier and \
                    definition.init is not None and any(
                        n.type in ("Identifier", "MemberExpression") and _cache_key(hook, n) in keys
                        for n in subtree(definition.init)):
                return True
    return False


def _assigned_to_cache(hook: Program, node: Node) -> bool:
    current = node
    while True:
        parent = hook.tree.parent(current)
        if parent is None:
            return False
        kind = parent.type
        if kind in ("LogicalExpression", "ConditionalExpression", "AwaitExpression", "ChainExpression") or (
                kind == "MemberExpression" and parent.object is current) or (
                kind == "CallExpression" and parent.callee is current):
            current = parent
            continue
        break
    if kind == "AssignmentExpression" and parent.right is current:
        key = _cache_key(hook, parent.left)
        if key is None:
            return False
        if parent.operator in ("||=", "??="):
            return True
        value = unwrap(current)
        if value.type in ("LogicalExpression", "ConditionalExpression"):
            tested = value.left if value.type == "LogicalExpression" else value.test
            if _refers_to_cache(hook, tested, {key}):
                return True
        return any(_refers_to_cache(hook, t, {key}) for t in _guarding_tests(hook, parent))
    return False


def _guarding_tests(hook: Program, node: Node) -> Iterator[Node]:
    """Tests of the ``if``s that enclose ``node`` or return early before it, in its function."""
    for test, _ in path_tests(hook, node, hook.tree.enclosing_function(node)):
        yield test_of(test)


def _tests_own_cache(hook: Program, fn: Node, node: Node) -> bool:
    """``node`` runs behind a test of a module-scope variable that ``fn`` assigns (a token or
    client cache: ``if (token && Date.now() < expires) return token; ... token = ...``)."""
    written = set()
    for inner in subtree(fn):
        if inner.type == "AssignmentExpression" and inner.operator in ("=", "||=", "??="):
            key = _cache_key(hook, inner.left)
            if key is not None:
                written.add(key)
    return bool(written) and any(_refers_to_cache(hook, test_of(test), written)
                                 for test, _ in path_tests(hook, node, fn))
