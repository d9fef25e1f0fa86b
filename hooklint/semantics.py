"""Semantics: what a hook's calls mean (shared by the HL2xx result, HL3xx and HL4xx rules).

- ``binding(hook, node)``: which module a value comes from, through ``require`` (with or
  without a ``@version``), ``.prop`` accesses, destructuring, ES imports, ``.default`` and
  instance factories (``axios.create``, ``got.extend``, ``request.defaults``).
- ``http_calls(hook)``: every outbound HTTP call (``request``/``request-promise``,
  ``axios`` and its instances, ``got``, ``fetch``/``node-fetch``, ``superagent``, ``needle``,
  ``https``/``http``) with its library, method, URL expression and options.
- ``management_clients(hook)`` / ``management_calls(hook)``: ``new ManagementClient(...)``
  however ``auth0`` is imported, the method calls made on the clients (followed through
  variables, module-scope caches and local factory functions), and raw HTTP calls whose
  URL contains ``/api/v2/`` in a known fragment, unless its host is known and not an Auth0
  domain (``https://crm.example.com/api/v2/users``).
- ``sdk_version(hook)``: the pinned ``auth0`` version (``require('auth0@x.y.z')`` or the
  hook's ``dependencies``).
- Rate-limit handling (``handled``), token requests (``token_requests``), timeouts
  (``timeout_status``) and retries (``retries``) for the HL3xx rules.

Everything is computed once per file and kept in ``hook.cache``. Nothing guesses: a value
that cannot be followed gives ``None``, and the rules stay silent on it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterator

from hooklint.callbacks import CALLBACK_NAMES
from hooklint.estree import (FUNCTION_TYPES, Node, children, is_function, member_path, own_nodes, property_name,
                             subtree, unwrap)
from hooklint.scope import pattern_identifiers
from hooklint.values import local_function as values_local_function, number_value, object_property, property_key, resolve, string_parts, string_value

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
_VERBS = {"get": "GET", "post": "POST", "put": "PUT", "patch": "PATCH", "delete": "DELETE", "del": "DELETE",
          "head": "HEAD", "options": "OPTIONS"}
# Per library: method name -> (verb, index of the URL argument, index of the options argument).
_AXIOS = {**{m: (_VERBS[m], 0, 1) for m in ("get", "delete", "head", "options")},
          **{m: (_VERBS[m], 0, 2) for m in ("post", "put", "patch")},
          "postForm": ("POST", 0, 2), "putForm": ("PUT", 0, 2), "patchForm": ("PATCH", 0, 2)}
_NEEDLE = {**{m: (_VERBS[m], 0, 1) for m in ("get", "head", "delete")},
           **{m: (_VERBS[m], 0, 2) for m in ("post", "put", "patch")}}
_SIMPLE = {m: (_VERBS[m], 0, 1) for m in ("get", "post", "put", "patch", "delete", "head")}
_REQUEST = {**_SIMPLE, "del": ("DELETE", 0, 1)}
_SUPERAGENT = {m: (v, 0, None) for m, v in _VERBS.items()}
MANAGEMENT_PATH = "/api/v2/"


@dataclass(frozen=True)
class Binding:
    """What a value is, seen from the modules: ``require('axios').post`` is ('axios', ('post',))."""

    module: str  # the npm module name, without version and without a `node:` prefix
    path: tuple[str, ...]  # properties below the module's export
    version: str | None = None  # the version pinned in `require('name@x.y.z')`
    config: Node | None = None  # instance defaults: the argument of axios.create / got.extend / request.defaults


@dataclass(frozen=True)
class HttpCall:
    call: Node  # the CallExpression / NewExpression node
    library: str  # "request", "axios", "got", "fetch", "superagent", "needle", "https", "http"
    method: str | None  # "GET", "POST", "PATCH", ... upper-case when known
    url: Node | None  # the URL expression (unresolved node), when found (https.request options: `path`)
    options: Node | None  # the options argument resolved via values.resolve (an ObjectExpression when visible)
    defaults: Node | None = None  # the instance defaults (axios.create({...}) argument), resolved

    @property
    def name(self) -> str:
        """The callee as written, for messages: `axios.patch`, `rp`, `fetch`."""
        return member_path(self.call.callee) or self.library


@dataclass(frozen=True)
class ManagementCall:
    call: Node  # the CallExpression
    method: str  # SDK: the method path on the client ("getUser", "users.update"); raw HTTP: the verb ("?" unknown)
    http: HttpCall | None  # set for raw HTTP calls to /api/v2/
    client: Node | None  # SDK: the `new ManagementClient(...)` NewExpression the receiver was built by
    args: tuple[Node, ...]  # the call's arguments

    @property
    def name(self) -> str:
        if self.http is not None:
            return self.http.name
        return member_path(self.call.callee) or self.method


# ----- small helpers -----------------------------------------------------------------------


def _cached(hook, key: str, compute):
    if key not in hook.cache:
        hook.cache[key] = compute()
    return hook.cache[key]


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


def local_function(hook, node: Node | None) -> Node | None:
    """The function of this file an expression certainly names (``values.local_function``)."""
    return values_local_function(node, hook.scopes)


def _is_require(hook, callee: Node) -> bool:
    return callee.type == "Identifier" and callee.name == "require" and hook.scopes.variable(callee) is None


# ----- module bindings -----------------------------------------------------------------------


def binding(hook, node: Node | None) -> Binding | None:
    """The module (and property path below it) an expression certainly comes from."""
    if node is None:
        return None
    memo = hook.cache.setdefault("semantics.binding", {})
    key = id(node)
    if key not in memo:
        memo[key] = None  # cycle guard
        memo[key] = _binding(hook, unwrap(node), 0)
    return memo[key]


def _binding(hook, node: Node, depth: int) -> Binding | None:
    if node is None or depth > 16:
        return None
    kind = node.type
    if kind == "CallExpression":
        callee = unwrap(node.callee)
        if _is_require(hook, callee) and node.arguments:
            spec = string_value(node.arguments[0], hook.scopes)
            return _module(spec) if spec else None
        base = binding(hook, callee)
        if base is not None and len(base.path) == 1 and _FACTORIES.get(LIBRARIES.get(base.module, "")) == base.path[0]:
            config = resolve(node.arguments[0], hook.scopes) if node.arguments else None
            return Binding(base.module, (), base.version, config)
        return None
    if kind == "MemberExpression":
        name = property_name(node)
        base = binding(hook, node.object) if name is not None else None
        if base is None:
            return None
        if name == "default" and not base.path:
            return base
        return Binding(base.module, base.path + (name,), base.version, base.config)
    if kind == "AwaitExpression":  # `await import('node-fetch')`
        return binding(hook, node.argument)
    if kind == "ImportExpression":
        spec = string_value(node.source, hook.scopes)
        return _module(spec) if spec else None
    if kind != "Identifier":
        return None
    variable = hook.scopes.variable(node)
    if variable is None:
        return Binding(_GLOBALS[node.name], ()) if node.name in _GLOBALS else None
    if variable.is_reassigned:
        return _cached_binding(hook, variable, depth)
    if len(variable.definitions) != 1:
        return None
    definition = variable.definitions[0]
    if definition.type == "VariableDeclarator" and definition.init is not None:
        path = _pattern_path(definition.id, variable.identifiers[0])
        if path is None:
            return None
        base = binding(hook, definition.init)
        return None if base is None else Binding(base.module, base.path + path, base.version, base.config)
    if definition.type in ("ImportDefaultSpecifier", "ImportNamespaceSpecifier", "ImportSpecifier"):
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
    return None


def _cached_binding(hook, variable, depth: int) -> Binding | None:
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
                _refers_to(hook, value.left, {id(variable)}):
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


# ----- HTTP calls ----------------------------------------------------------------------------


def http_calls(hook) -> list[HttpCall]:
    """Every outbound HTTP call of the file, in source order."""
    return _cached(hook, "semantics.http_calls", lambda: [
        found for node in hook.tree.nodes if node.type == "CallExpression"
        for found in [http_call(hook, node)] if found is not None])


def http_call(hook, call: Node) -> HttpCall | None:
    """The HTTP call ``call`` makes, if it is one (cached per node)."""
    memo = hook.cache.setdefault("semantics.http_call", {})
    if id(call) not in memo:
        memo[id(call)] = _http_call(hook, call) if call.type == "CallExpression" else None
    return memo[id(call)]


def _http_call(hook, call: Node) -> HttpCall | None:
    found = binding(hook, call.callee)
    library = LIBRARIES.get(found.module) if found is not None else None
    if library is None:
        return None
    path, args, scopes = found.path, call.arguments, hook.scopes
    defaults = found.config

    def arg(index: int | None) -> Node | None:
        if index is None or index >= len(args) or args[index].type == "SpreadElement":
            return None
        return args[index]

    def make(method: str | None, url: Node | None, options: Node | None, fixed: bool = False,
             url_key: str = "url") -> HttpCall:
        options = None if options is None or _is_callback(hook, options) else resolve(options, scopes)
        visible = options is None or options.type == "ObjectExpression"
        if url is None and options is not None:
            url = object_property(options, url_key, scopes)
            if url is None and url_key == "url":
                url = object_property(options, "uri", scopes)
        explicit = string_value(object_property(options, "method", scopes), scopes) if options is not None else None
        if not fixed:
            method = explicit or (method if visible else None)
        return HttpCall(call, library, method.upper() if method else None, url, options, defaults)

    if library in ("request", "axios", "got", "fetch") and not path:
        first = arg(0)
        if first is not None and (library == "fetch" or _url_like(first, scopes)):
            return make("GET", first, _object_arg(arg(1)))
        return make("GET", None, first) if first is not None else None
    if library == "superagent" and not path:
        verb = string_value(arg(0), scopes) if len(args) >= 2 else None
        if verb:
            return HttpCall(call, library, verb.upper(), arg(1), None)
        return HttpCall(call, library, "GET", arg(0), None) if len(args) == 1 else None
    if library == "needle" and path in ((), ("request",)):
        verb = string_value(arg(0), scopes)
        return make(verb, arg(1), arg(3), fixed=True)
    if library in ("https", "http"):
        if path not in (("request",), ("get",)):
            return None
        first = arg(0)
        if first is not None and _url_like(first, scopes):
            return make("GET", first, _object_arg(arg(1)), fixed=path == ("get",))
        return make("GET", None, first, fixed=path == ("get",), url_key="path")
    table = {"request": _REQUEST, "axios": {**_AXIOS, "request": (None, None, 0)}, "got": _SIMPLE,
             "superagent": _SUPERAGENT, "needle": _NEEDLE}.get(library, {})
    if len(path) != 1 or path[0] not in table:
        return None
    method, url_index, options_index = table[path[0]]
    if library == "superagent":
        return HttpCall(call, library, method, arg(url_index), None)
    if method is None:  # axios.request(config)
        return make("GET", None, arg(options_index))
    first = arg(0)
    if library in ("request", "got") and first is not None and not _url_like(first, scopes):
        return make(method, None, first, fixed=True)  # request.post({url, form}, cb), or options not visible
    return make(method, arg(url_index), arg(options_index), fixed=True)


def _url_like(node: Node, scopes) -> bool:
    """A string expression (a literal, template, concatenation, ``new URL``, or a read of a
    hook secret or environment variable, which are always strings)."""
    node = resolve(node, scopes)
    if node is None:
        return False
    if node.type == "MemberExpression":
        owner = member_path(resolve(node.object, scopes))
        return owner is not None and (owner.endswith("webtask.secrets") or owner == "process.env")
    if node.type in ("Literal", "TemplateLiteral"):
        return isinstance(node.value, str) if node.type == "Literal" else True
    if node.type == "BinaryExpression" and node.operator == "+":
        return True
    return node.type == "NewExpression" and getattr(unwrap(node.callee), "name", None) == "URL"


def _object_arg(node: Node | None) -> Node | None:
    """An options argument in second position (not the callback)."""
    return None if node is None or is_function(node) else node




def _is_callback(hook, node: Node) -> bool:
    """A function, or a name that is certainly one: a usual callback name, or a variable the
    file calls (``request(url, handle)`` passes a callback, not options)."""
    if is_function(resolve(node, hook.scopes)):
        return True
    if node.type != "Identifier":
        return False
    if node.name in CALLBACK_NAMES:
        return True
    variable = hook.scopes.variable(node)
    if variable is None:
        return False
    for ref in variable.references:
        parent = hook.tree.parent(ref.identifier)
        if parent is not None and parent.type == "CallExpression" and unwrap(parent.callee) is ref.identifier:
            return True
    return False


def url_parts(hook, http: HttpCall) -> list[str | None]:
    """The known fragments of the full URL (instance ``baseURL``/``prefixUrl`` first, when set)."""
    parts: list[str | None] = []
    if http.defaults is not None:
        base = object_property(http.defaults, "baseURL", hook.scopes) or \
            object_property(http.defaults, "prefixUrl", hook.scopes)
        if base is not None:
            parts.extend(string_parts(base, hook.scopes) or [None])
    url = http.url
    if url is not None:
        resolved = resolve(url, hook.scopes)
        if resolved is not None and resolved.type == "NewExpression" and resolved.arguments:
            for piece in reversed(resolved.arguments[:2]):  # new URL(path, base): base first
                parts.extend(string_parts(piece, hook.scopes) or [None])
        else:
            parts.extend(string_parts(url, hook.scopes) or [None])
    return parts


def url_path(parts: list[str | None], marker: str) -> str | None:
    """``/api/v2/users`` from fragments containing ``/api/v2/users/...`` (for messages)."""
    for part in parts:
        if part is not None and marker in part:
            rest = part[part.index(marker):]
            match = re.match(re.escape(marker) + r"[A-Za-z0-9_-]*", rest)
            return match.group(0).rstrip("/") if match else marker.rstrip("/")
    return None


# ----- Management API ---------------------------------------------------------------------


def management_clients(hook) -> list[Node]:
    """Every ``new ManagementClient(...)`` of the file, in source order."""
    return _cached(hook, "semantics.clients", lambda: [
        node for node in hook.tree.nodes
        if node.type == "NewExpression" and _is_sdk_class(hook, node, "ManagementClient")])


def authentication_clients(hook) -> list[Node]:
    """Every ``new AuthenticationClient(...)`` of the file."""
    return _cached(hook, "semantics.auth_clients", lambda: [
        node for node in hook.tree.nodes
        if node.type == "NewExpression" and _is_sdk_class(hook, node, "AuthenticationClient")])


def _is_sdk_class(hook, new: Node, name: str) -> bool:
    found = binding(hook, new.callee)
    return found is not None and found.module == "auth0" and found.path == (name,)


def client_of(hook, node: Node | None) -> Node | None:
    """The ``new ManagementClient(...)`` an expression holds, followed through variables
    (every write is looked at: ``m = m || new ManagementClient(...)``), ``||``/``??``/``?:``
    and local functions that return a client."""
    clients = {id(c) for c in management_clients(hook)}
    if not clients:
        return None
    return _client(hook, node, clients, set())


def _client(hook, node: Node | None, clients: set[int], seen: set[int]) -> Node | None:
    node = unwrap(node)
    if node is None or id(node) in seen or len(seen) > 64:
        return None
    seen.add(id(node))
    kind = node.type
    if kind == "NewExpression":
        return node if id(node) in clients else None
    if kind == "LogicalExpression":
        return _client(hook, node.right, clients, seen) or _client(hook, node.left, clients, seen)
    if kind == "ConditionalExpression":
        return _client(hook, node.consequent, clients, seen) or _client(hook, node.alternate, clients, seen)
    if kind in ("AssignmentExpression",):
        return _client(hook, node.right, clients, seen)
    if kind == "AwaitExpression":
        return _client(hook, node.argument, clients, seen)
    if kind == "CallExpression":
        fn = local_function(hook, node.callee)
        if fn is None:
            return None
        if fn.body.type != "BlockStatement":
            return _client(hook, fn.body, clients, seen)
        for inner in own_nodes(fn.body):
            if inner.type == "ReturnStatement" and inner.argument is not None:
                found = _client(hook, inner.argument, clients, seen)
                if found is not None:
                    return found
        return None
    if kind != "Identifier":
        return None
    variable = hook.scopes.variable(node)
    if variable is None:
        return None
    for definition in variable.definitions:
        if definition.type == "VariableDeclarator" and definition.id.type == "Identifier" and definition.init:
            found = _client(hook, definition.init, clients, seen)
            if found is not None:
                return found
    for ref in variable.writes:
        writer = ref.writer
        if writer is not None and writer.type == "AssignmentExpression":
            found = _client(hook, writer.right, clients, seen)
            if found is not None:
                return found
    return None


# Client members that are not Management API requests.
_NOT_REQUESTS = frozenset({"getAccessToken", "tokenProvider", "bind", "call", "apply", "constructor", "configuration"})


def management_calls(hook) -> list[ManagementCall]:
    """Every Management API call of the file (SDK method calls and raw HTTP to /api/v2/)."""
    return _cached(hook, "semantics.management_calls", lambda: _management_calls(hook))


def _management_calls(hook) -> list[ManagementCall]:
    found: list[ManagementCall] = []
    have_clients = bool(management_clients(hook))
    for node in hook.tree.nodes:
        if node.type != "CallExpression":
            continue
        http = http_call(hook, node)
        if http is not None:
            parts = url_parts(hook, http)
            if any(p is not None and MANAGEMENT_PATH in p for p in parts) and not _other_host(parts):
                found.append(ManagementCall(node, http.method or "?", http, None, tuple(node.arguments)))
            continue
        if not have_clients:
            continue
        names: list[str] = []
        target = unwrap(node.callee)
        while target is not None and target.type == "MemberExpression":
            name = property_name(target)
            if name is None:
                break
            names.insert(0, name)
            target = unwrap(target.object)
        else:
            if names and not set(names) & _NOT_REQUESTS:
                client = client_of(hook, target)
                if client is not None:
                    found.append(ManagementCall(node, ".".join(names), None, client, tuple(node.arguments)))
    return found


def url_host(parts: list[str | None]) -> str | None:
    """The host of a URL whose scheme and host are known literal text (``crm.example.com``
    for ``'https://crm.example.com/api/v2/users'``), lower-case and without user information
    or port; None when the URL is relative or its host is built at run time
    (``https://${domain}/api/v2/``)."""
    known = ""
    for part in parts:
        if part is None:
            break
        known += part
    match = re.match(r"[A-Za-z][A-Za-z0-9+.-]*://([^/?#]*)[/?#]", known)
    if match is None:
        return None
    host = match.group(1).rsplit("@", 1)[-1]
    host = host if host.startswith("[") else host.rsplit(":", 1)[0]
    return host.lower().rstrip(".") or None


def _other_host(parts: list[str | None]) -> bool:
    """A URL certainly sent to a host that is not an Auth0 domain (``*.auth0.com``): not the
    Management API. A custom domain cannot be told from any other host, and counts as other."""
    host = url_host(parts)
    return host is not None and not host.endswith("auth0.com")


def sdk_version(hook) -> str | None:
    """The ``auth0`` version pinned by ``require('auth0@x.y.z')`` (or an import), else the
    hook's ``dependencies`` metadata, else ``None`` (unpinned)."""
    return _cached(hook, "semantics.sdk_version", lambda: _sdk_version(hook))


def _sdk_version(hook) -> str | None:
    for node in hook.tree.nodes:
        spec = None
        if node.type == "CallExpression" and _is_require(hook, unwrap(node.callee)) and node.arguments:
            spec = string_value(node.arguments[0], hook.scopes)
        elif node.type == "ImportDeclaration" and isinstance(node.source.value, str):
            spec = node.source.value
        if spec:
            module, version = split_module(spec)
            if module == "auth0" and version:
                return version
    pinned = (hook.source.dependencies or {}).get("auth0")
    return str(pinned) if pinned else None


def client_version(hook, client: Node) -> str | None:
    """The ``auth0`` version a client's class was required with, else the hook's
    ``dependencies`` metadata (a ``require('auth0')`` elsewhere pinned differently does not count)."""
    found = binding(hook, client.callee)
    pinned = found.version if found is not None else None
    return pinned or (str((hook.source.dependencies or {}).get("auth0") or "") or None)


# ----- the hook and the helpers it calls ------------------------------------------------------


def hook_functions(hook) -> list[Node]:
    """The hook function and every function of the file it calls or hands on (``helper(x)``,
    ``.then(handle)``), transitively; the whole program when there is no hook function."""
    return _cached(hook, "semantics.hook_functions", lambda: _hook_functions(hook))


def _hook_functions(hook) -> list[Node]:
    if hook.function is None:
        return [hook.tree.program]
    found = [hook.function]
    seen = {id(hook.function)}
    index = 0
    while index < len(found):
        for node in subtree(found[index]):
            if node.type == "Identifier":
                target = local_function(hook, node)
                if target is not None and id(target) not in seen:
                    seen.add(id(target))
                    found.append(target)
        index += 1
    return found


def in_hook(hook, node: Node) -> bool:
    """Is ``node`` inside the hook function or a function it calls (not module-level code)?"""
    roots = {id(fn) for fn in hook_functions(hook)}
    if hook.function is None:
        return hook.tree.enclosing_function(node) is not None
    return id(node) in roots or any(id(a) in roots for a in hook.tree.ancestors(node))


# ----- "handled": 429 comparisons, rate-limit headers, retry libraries, the SDK's retry ----------

RATE_LIMIT_HEADERS = frozenset({"x-ratelimit-remaining", "x-ratelimit-reset", "retry-after"})
RETRY_LIBRARIES = frozenset({"async-retry", "p-retry", "retry", "axios-retry", "promise-retry"})
SDK_RETRY_SINCE = (2, 9, 0)
_COMPARISONS = frozenset({"==", "===", "!=", "!==", "<", "<=", ">", ">="})


def is_429(hook, node: Node | None) -> bool:
    return number_value(node, hook.scopes) == 429 or string_value(node, hook.scopes) == "429"


def is_header_read(hook, node: Node) -> bool:
    """A string naming a rate-limit header, not as a key of an object literal (that sets it)."""
    value = string_value(node, hook.scopes) if node.type in ("Literal", "TemplateLiteral") else None
    if value is None or value.lower() not in RATE_LIMIT_HEADERS:
        return False
    parent = hook.tree.parent(node)
    return not (parent is not None and parent.type == "Property" and parent.key is node)


def is_429_test(hook, node: Node) -> bool:
    """``status === 429``, ``case 429:``, ``[429, 503].includes(status)``."""
    if node.type == "BinaryExpression" and node.operator in _COMPARISONS:
        return is_429(hook, node.left) or is_429(hook, node.right)
    if node.type == "SwitchCase":
        return node.test is not None and is_429(hook, node.test)
    if node.type == "CallExpression":
        callee = unwrap(node.callee)
        if callee.type == "MemberExpression" and property_name(callee) in ("includes", "indexOf"):
            array = resolve(callee.object, hook.scopes)
            return array is not None and array.type == "ArrayExpression" and \
                any(e is not None and is_429(hook, e) for e in array.elements)
    return False


def rate_limit_evidence(hook) -> list[Node]:
    """The 429 comparisons and rate-limit header reads in the hook and the helpers it calls."""
    def compute() -> list[Node]:
        out, seen = [], set()
        for root in hook_functions(hook):
            for node in subtree(root):
                if id(node) not in seen and (is_429_test(hook, node) or is_header_read(hook, node)):
                    seen.add(id(node))
                    out.append(node)
        return sorted(out, key=lambda n: n.range[0])
    return _cached(hook, "semantics.evidence", compute)


def retry_library_calls(hook) -> list[Node]:
    """Calls of a retry library anywhere in the file (``retry(fn)``, ``axiosRetry(axios, {...})``)."""
    def compute() -> list[Node]:
        out = []
        for node in hook.tree.nodes:
            if node.type == "CallExpression":
                found = binding(hook, node.callee)
                if found is not None and found.module in RETRY_LIBRARIES:
                    out.append(node)
        return out
    return _cached(hook, "semantics.retry_libraries", compute)


def sdk_retry_disabled(hook, client: Node) -> bool:
    """``new ManagementClient({..., retry: {enabled: false}})``."""
    if not client.arguments:
        return False
    retry = object_property(client.arguments[0], "retry", hook.scopes)
    enabled = object_property(retry, "enabled", hook.scopes) if retry is not None else None
    enabled = resolve(enabled, hook.scopes)
    return enabled is not None and enabled.type == "Literal" and enabled.value is False


def sdk_retry_in_force(hook, client: Node) -> bool:
    version = version_tuple(client_version(hook, client))
    return (version is None or version >= SDK_RETRY_SINCE) and not sdk_retry_disabled(hook, client)


def _got_retries_429(hook, http: HttpCall) -> bool:
    if http.library != "got":
        return False
    for options in (http.options, http.defaults):
        retry = object_property(options, "retry", hook.scopes) if options is not None else None
        if retry is not None and any(is_429(hook, n) for n in subtree(resolve(retry, hook.scopes))):
            return True
    return False


def handled(hook, call: ManagementCall) -> bool:
    """Is this Management API call *handled* as the catalogue defines it?"""
    if rate_limit_evidence(hook) or retry_library_calls(hook):
        return True
    if call.http is not None:
        return _got_retries_429(hook, call.http)
    return call.client is not None and sdk_retry_in_force(hook, call.client)


# ----- timeouts ------------------------------------------------------------------------------

_TIMEOUT_KEYS = {"needle": frozenset({"timeout", "open_timeout", "read_timeout", "response_timeout"})}
_TIMEOUT_METHODS = {"superagent": "timeout", "https": "setTimeout", "http": "setTimeout"}


def timeout_status(hook, http: HttpCall) -> bool | None:
    """True: the call has a timeout; False: it certainly has none; None: cannot tell
    (options built elsewhere, a spread of an unknown object, a request handed on)."""
    if any(a.type == "SpreadElement" for a in http.call.arguments):
        return None
    keys = _TIMEOUT_KEYS.get(http.library, frozenset({"timeout"}))
    unknown = False
    for options in (http.options, http.defaults):
        if options is None:
            continue
        found = _has_timeout(hook, options, keys, 0)
        if found:
            return True
        unknown = unknown or found is None
    if _default_timeout(hook, http):
        return True
    method = _TIMEOUT_METHODS.get(http.library)
    if method is not None:
        found = _timeout_method(hook, http.call, method)
        if found is not False:
            return found
    return None if unknown else False


def _has_timeout(hook, options: Node, keys: frozenset[str], depth: int) -> bool | None:
    options = resolve(options, hook.scopes)
    if options is None or options.type != "ObjectExpression" or depth > 4:
        return None
    unknown = False
    for prop in options.properties:
        if prop.type == "SpreadElement":
            inner = _has_timeout(hook, prop.argument, keys, depth + 1)
            if inner:
                return True
            unknown = unknown or inner is None
            continue
        key = property_key(prop, hook.scopes)
        if key is None:
            unknown = True
        elif key in keys:
            return True
        elif key == "signal":
            signal = _signal_timeout(hook, prop.value)
            if signal is not False:
                return signal
    written = _member_writes(hook, options, keys)
    return written if written is not False else (None if unknown else False)


def _member_writes(hook, obj: Node, keys: frozenset[str]) -> bool | None:
    """``opts.timeout = 3000`` or ``opts.signal = AbortSignal.timeout(5000)`` after
    ``const opts = {...}`` (the same keys as in the literal); None when the object escapes."""
    parent = hook.tree.parent(obj)
    if parent is None or parent.type != "VariableDeclarator" or parent.id.type != "Identifier":
        return False
    variable = hook.scopes.variable(parent.id)
    if variable is None:
        return False
    unknown = False
    for ref in variable.references:
        use = hook.tree.parent(ref.identifier)
        if use is None:
            continue
        if use.type == "MemberExpression" and use.object is ref.identifier:
            outer = hook.tree.parent(use)
            if outer is not None and outer.type == "AssignmentExpression" and outer.left is use:
                name = property_name(use)
                if name is None and use.computed:
                    name = string_value(use.property, hook.scopes)
                if name is None:
                    unknown = True
                elif name in keys:
                    return True
                elif name == "signal" and outer.operator == "=":
                    signal = _signal_timeout(hook, outer.right)
                    if signal:
                        return True
                    unknown = unknown or signal is None
        elif use.type == "CallExpression" and ref.identifier in use.arguments and \
                member_path(use.callee) in ("Object.assign", "_.assign", "_.merge", "_.extend", "_.defaults"):
            unknown = True
    return None if unknown else False


def _signal_timeout(hook, value: Node) -> bool | None:
    """``AbortSignal.timeout(ms)`` (also inside ``AbortSignal.any``); ``controller.signal`` of an
    ``AbortController`` that a ``setTimeout`` aborts. Another signal: cannot tell."""
    value = resolve(value, hook.scopes)
    for node in subtree(value):
        if node.type == "CallExpression" and member_path(node.callee) == "AbortSignal.timeout":
            return True
    if value.type == "MemberExpression" and property_name(value) == "signal" and value.object.type == "Identifier":
        variable = hook.scopes.variable(value.object)
        for ref in variable.references if variable is not None else ():
            use = hook.tree.parent(ref.identifier)
            if use is not None and use.type == "MemberExpression" and property_name(use) == "abort" and \
                    any(_is_timer(hook, a) for a in hook.tree.ancestors(use)):
                return True
    return None


def _is_timer(hook, node: Node) -> bool:
    return node.type == "CallExpression" and _callee_name(hook, node) == "setTimeout"


def _callee_name(hook, call: Node) -> str | None:
    """``setTimeout`` for the global timers (``setTimeout``, ``global.setTimeout``)."""
    callee = unwrap(call.callee)
    if callee.type == "Identifier" and hook.scopes.variable(callee) is None:
        return callee.name
    path = member_path(callee)
    if path is not None and path.split(".")[0] in ("global", "globalThis") and len(path.split(".")) == 2:
        return path.split(".")[1]
    return None


def _default_timeout(hook, http: HttpCall) -> bool:
    """``axios.defaults.timeout = 3000`` (or an instance's), ``needle.defaults({open_timeout})``."""
    for node in hook.tree.nodes:
        if node.type == "AssignmentExpression" and unwrap(node.left).type == "MemberExpression":
            left = unwrap(node.left)
            owner = unwrap(left.object)
            if property_name(left) == "timeout" and owner.type == "MemberExpression" and \
                    property_name(owner) == "defaults":
                found = binding(hook, owner.object)
                if found is not None and LIBRARIES.get(found.module) == http.library:
                    return True
        elif node.type == "CallExpression" and http.library == "needle":
            found = binding(hook, node.callee)
            if found is not None and found.module == "needle" and found.path == ("defaults",) and node.arguments:
                if _has_timeout(hook, node.arguments[0], _TIMEOUT_KEYS["needle"], 0):
                    return True
    return False


def _timeout_method(hook, call: Node, method: str) -> bool | None:
    """``superagent.get(u).timeout(ms)``, ``https.get(...).setTimeout(ms)``, ``req.setTimeout(ms)``.
    None when the request object is stored somewhere this cannot follow."""
    top = call
    while True:
        parent = hook.tree.parent(top)
        outer = hook.tree.parent(parent) if parent is not None else None
        if parent is not None and parent.type == "MemberExpression" and parent.object is top and \
                outer is not None and outer.type == "CallExpression" and outer.callee is parent:
            if property_name(parent) == method:
                return True
            top = outer
            continue
        break
    parent = hook.tree.parent(top)
    if parent is None or parent.type not in ("VariableDeclarator", "AssignmentExpression"):
        return False
    target = parent.id if parent.type == "VariableDeclarator" else parent.left
    variable = hook.scopes.variable(target) if target.type == "Identifier" else None
    if variable is None:
        return None
    for ref in variable.references:
        use = hook.tree.parent(ref.identifier)
        if use is None or ref.is_write:
            continue
        if use.type == "MemberExpression" and use.object is ref.identifier:
            if property_name(use) == method:
                return True
            continue
        return None  # handed on: it may get its timeout elsewhere
    return False


# ----- Management API tokens (HL303) -----------------------------------------------------------


@dataclass(frozen=True)
class TokenRequest:
    node: Node  # the NewExpression or CallExpression that obtains a token
    kind: str  # "management-client", "authentication-client", "client-credentials-grant", "oauth-token"
    http: HttpCall | None = None


def token_requests(hook) -> list[TokenRequest]:
    """Everything in the file that obtains a Management API token, in source order."""
    return _cached(hook, "semantics.token_requests", lambda: _token_requests(hook))


def _token_requests(hook) -> list[TokenRequest]:
    found = []
    for client in management_clients(hook):
        options = resolve(client.arguments[0], hook.scopes) if client.arguments else None
        if options is None or options.type != "ObjectExpression":
            continue
        keys = {property_key(p, hook.scopes) for p in options.properties if p.type == "Property"}
        if keys & {"clientId", "clientSecret"} and "token" not in keys:
            found.append(TokenRequest(client, "management-client"))
    found += [TokenRequest(c, "authentication-client") for c in authentication_clients(hook)]
    for node in hook.tree.nodes:
        if node.type == "CallExpression":
            callee = unwrap(node.callee)
            if callee.type == "MemberExpression" and property_name(callee) == "clientCredentialsGrant":
                found.append(TokenRequest(node, "client-credentials-grant"))
    for http in http_calls(hook):
        if http.method in ("POST", None) and any(p is not None and "/oauth/token" in p for p in url_parts(hook, http)) \
                and any(_client_credentials(hook, a, 0) for a in http.call.arguments):
            found.append(TokenRequest(http.call, "oauth-token", http))
    return sorted(found, key=lambda t: t.node.range[0])


def _client_credentials(hook, node: Node | None, depth: int) -> bool:
    """``grant_type: 'client_credentials'`` (or ``grant_type=client_credentials``) in a value."""
    if node is None or depth > 4:
        return False
    for inner in subtree(node):
        if inner.type == "Property" and property_key(inner, hook.scopes) == "grant_type":
            return string_value(inner.value, hook.scopes) == "client_credentials"
        if inner.type in ("Literal", "TemplateLiteral"):
            value = string_value(inner, hook.scopes) or ""
            if "grant_type=client_credentials" in value:
                return True
        if inner.type == "Identifier" and inner is not node:
            value = resolve(inner, hook.scopes)
            if value is not inner and value is not None and _client_credentials(hook, value, depth + 1):
                return True
    if node.type == "Identifier":
        value = resolve(node, hook.scopes)
        return value is not node and _client_credentials(hook, value, depth + 1)
    return False


def is_module_cached(hook, node: Node) -> bool:
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


def _cached_value(hook, node: Node, depth: int) -> bool:
    if depth > 4:
        return False
    if _assigned_to_cache(hook, node):
        return True
    functions = [a for a in hook.tree.ancestors(node) if a.type in FUNCTION_TYPES]
    for fn in functions:
        if _tests_own_cache(hook, fn, node):
            return True
        if fn is hook.function:
            break
    helper = functions[0] if functions else None
    if helper is None or helper is hook.function:
        return False
    variable = _function_variable(hook, helper)
    if variable is None:
        return False
    calls = [hook.tree.parent(r.identifier) for r in variable.references if not r.is_write]
    calls = [c for c in calls if c is not None and c.type == "CallExpression" and
             c.callee.type == "Identifier" and hook.scopes.variable(c.callee) is variable]
    return bool(calls) and all(_cached_value(hook, c, depth + 1) for c in calls)


def _function_variable(hook, fn: Node):
    if fn.type == "FunctionDeclaration" and fn.id is not None:
        return hook.scopes.variable(fn.id)
    parent = hook.tree.parent(fn)
    if parent is not None and parent.type == "VariableDeclarator" and parent.id.type == "Identifier":
        return hook.scopes.variable(parent.id)
    return None


_GLOBAL_OBJECTS = frozenset({"global", "globalThis"})


def _cache_key(hook, target: Node) -> int | tuple[str, str] | None:
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


def _refers_to_cache(hook, node: Node | None, keys: set) -> bool:
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


def _assigned_to_cache(hook, node: Node) -> bool:
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


def _guarding_tests(hook, node: Node) -> Iterator[Node]:
    """Tests of the ``if``s that enclose ``node`` or return early before it, in its function."""
    for test, _ in _path_tests(hook, node, hook.tree.enclosing_function(node)):
        yield _test_of(test)


def _tests_own_cache(hook, fn: Node, node: Node) -> bool:
    """``node`` runs behind a test of a module-scope variable that ``fn`` assigns (a token or
    client cache: ``if (token && Date.now() < expires) return token; ... token = ...``)."""
    written = set()
    for inner in subtree(fn):
        if inner.type == "AssignmentExpression" and inner.operator in ("=", "||=", "??="):
            key = _cache_key(hook, inner.left)
            if key is not None:
                written.add(key)
    return bool(written) and any(_refers_to_cache(hook, _test_of(test), written)
                                 for test, _ in _path_tests(hook, node, fn))


def _refers_to(hook, node: Node | None, variables: set[int]) -> bool:
    if node is None:
        return False
    for inner in subtree(node):
        if inner.type == "Identifier":
            variable = hook.scopes.variable(inner)
            if variable is not None and id(variable) in variables:
                return True
    return False


# ----- retries (HL301, HL302) ---------------------------------------------------------------

_ERROR_NAMES = frozenset({"err", "error", "e", "ex", "er", "reason", "exception", "failure"})
_STATUS_NAMES = frozenset({"status", "statusCode", "code"})
_SLEEP_MODULES = frozenset({"delay", "sleep-promise", "await-sleep", "p-sleep", "timeout-as-promise", "sleep"})
# `sleep`, `delay(...)`, `waitFor`, `randomDelay`, `exponentialBackoff` (not `awaitResponse`).
_SLEEP_NAME = re.compile(r"^(sleep|delay|wait|pause|back_?off)|(Sleep|Delay|Wait|Pause|Back[oO]ff)")
SHORT_DELAY_MS = 1000


@dataclass(frozen=True)
class Delay:
    node: Node  # the setTimeout / sleep call
    ms: Node | None  # the delay expression, when known
    amount: float | None  # its value when it is a constant

    @property
    def short(self) -> bool:
        """A constant under 1 s (a constant never grows and never comes from the headers)."""
        return self.amount is not None and self.amount < SHORT_DELAY_MS


@dataclass(frozen=True)
class Retry:
    kind: str  # "recursion", "loop", "reissue"
    node: Node  # the retrying call, the re-issued request, or the `continue` that goes round again
    anchor: Node  # the recursive call or the loop statement (HL302's location)
    rate_limited: bool  # reached from a 429 test or a rate-limit header read (else: from an error)
    delay: Delay | None  # what delays it, if anything
    bounded: bool  # an attempt counter on its path is compared with a limit
    name: str  # the function that calls itself, or the loop keyword


def retries(hook) -> list[Retry]:
    """Every retry of a request in the file: recursion, loops, requests issued again."""
    return _cached(hook, "semantics.retries", lambda: sorted(
        _recursions(hook) + _loops(hook) + _reissues(hook), key=lambda r: r.node.range[0]))


def _triggers(hook, conditions) -> tuple[bool, bool]:
    """(rate limited, error) for the conditions under which a path is taken."""
    rate = error = False
    for test, positive in conditions:
        for kind, holds in _atoms(hook, test, positive, 0):
            if kind == "header" or (kind == "429" and holds):
                rate = True
            if kind == "error" and holds:
                error = True
    return rate, error or rate


def _atoms(hook, node: Node | None, positive: bool, depth: int) -> Iterator[tuple[str, bool]]:
    """What a test says when it is ``positive``: ("429", holds), ("error", holds), ("header", True)."""
    node = unwrap(node)
    if node is None or depth > 6:
        return
    kind = node.type
    if kind == "CatchClause" or kind in FUNCTION_TYPES:  # inside a catch / a rejection handler
        yield "error", True
        return
    if kind == "SwitchCase":
        if node.test is not None and is_429(hook, node.test):
            yield "429", positive
        elif (number_value(node.test, hook.scopes) or 0) >= 400:
            yield "error", positive
        return
    if any(is_header_read(hook, n) for n in subtree(node)):
        yield "header", True
    if kind == "UnaryExpression" and node.operator == "!":
        yield from _atoms(hook, node.argument, not positive, depth + 1)
    elif kind == "LogicalExpression":
        yield from _atoms(hook, node.left, positive, depth + 1)
        yield from _atoms(hook, node.right, positive, depth + 1)
    elif kind == "BinaryExpression" and node.operator in _COMPARISONS:
        yield from _comparison(hook, node, positive)
    elif is_429_test(hook, node):
        yield "429", positive
    elif kind == "MemberExpression" and property_name(node) == "ok":
        yield "error", not positive
    elif kind in ("Identifier", "MemberExpression"):
        root = node
        while root.type == "MemberExpression":
            root = unwrap(root.object)
        variable = hook.scopes.variable(root) if root.type == "Identifier" else None
        if variable is not None and variable.kind in ("param", "catch") and root.name.lower() in _ERROR_NAMES:
            yield "error", positive
        elif node.type == "Identifier" and variable is not None:
            value = variable.constant_value()
            if value is not None and not is_function(value):
                yield from _atoms(hook, value, positive, depth + 1)


def _comparison(hook, node: Node, positive: bool) -> Iterator[tuple[str, bool]]:
    op, left, right = node.operator, node.left, node.right
    if is_429(hook, left) or is_429(hook, right):
        yield "429", (not positive) if op in ("!=", "!==") else positive
        return
    if number_value(left, hook.scopes) is not None:  # 400 <= status: read it as status >= 400
        left, right = right, left
        op = {"<": ">", "<=": ">=", ">": "<", ">=": "<="}.get(op, op)
    number = number_value(right, hook.scopes)
    if number is None or not _is_status(hook, left):
        return
    success = 200 <= number < 300
    if op in ("==", "==="):
        failed = True if number >= 400 else (False if success else None)
    elif op in ("!=", "!=="):
        failed = True if success else (False if number >= 400 else None)
    elif op in (">", ">="):
        failed = True if number >= 299 else None
    else:
        failed = False if number <= 400 else None
    if failed is not None:
        yield "error", positive if failed else not positive


def _is_status(hook, node: Node) -> bool:
    node = unwrap(node)
    if node.type == "MemberExpression":
        return property_name(node) in _STATUS_NAMES
    if node.type == "Identifier":
        if node.name in _STATUS_NAMES:
            return True
        value = resolve(node, hook.scopes)
        return value is not node and value is not None and value.type == "MemberExpression" and \
            property_name(value) in _STATUS_NAMES
    return False


def _path_tests(hook, node: Node, boundary: Node | None) -> Iterator[tuple[Node, bool]]:
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
                if statement.type == "IfStatement" and statement.alternate is None and _exits(statement.consequent):
                    yield statement.test, False
            if kind == "SwitchCase":
                yield parent, True
        current = parent


def _test_of(condition: Node) -> Node | None:
    """The expression of a condition from ``_path_tests`` (a ``case`` label's value; none for
    a ``catch`` clause or a rejection handler)."""
    if condition.type == "SwitchCase":
        return condition.test
    return None if condition.type == "CatchClause" or condition.type in FUNCTION_TYPES else condition


def _is_rejection_handler(hook, fn: Node) -> bool:
    parent = hook.tree.parent(fn)
    if parent is None or parent.type != "CallExpression":
        return False
    callee = unwrap(parent.callee)
    name = property_name(callee) if callee.type == "MemberExpression" else None
    args = parent.arguments
    return (name == "catch" and args and args[0] is fn) or (name == "then" and len(args) > 1 and args[1] is fn)


def _exits(statement: Node | None, loop: bool = False) -> bool:
    """Does a statement always leave (return/throw; with ``loop``, break too)?"""
    if statement is None:
        return False
    kind = statement.type
    if kind in ("ReturnStatement", "ThrowStatement"):
        return True
    if kind == "BreakStatement":
        return loop and statement.label is None
    if kind == "BlockStatement":
        return any(_exits(s, loop) for s in statement.body)
    if kind == "IfStatement":
        return _exits(statement.consequent, loop) and _exits(statement.alternate, loop)
    return False


def _delay_of(hook, node: Node | None) -> Delay | None:
    """The delay an expression waits for: ``setTimeout(fn, ms)``, ``new Promise(r => setTimeout(r, ms))``,
    a sleep helper of the file, ``timers/promises``, ``delay``-like modules, ``Promise.delay``."""
    node = unwrap(node)
    if node is None:
        return None
    if node.type == "NewExpression" and getattr(unwrap(node.callee), "name", None) == "Promise" and node.arguments:
        for inner in subtree(node.arguments[0]):
            if _is_timer(hook, inner):
                return _timer_delay(hook, inner, node)
        return None
    if node.type != "CallExpression":
        return None
    if _is_timer(hook, node):
        return _timer_delay(hook, node, node)
    args = node.arguments
    first = args[0] if args and args[0].type != "SpreadElement" else None
    found = binding(hook, node.callee)
    if found is not None and ((found.module == "timers/promises" and found.path == ("setTimeout",)) or
                              (found.module in _SLEEP_MODULES and not found.path) or
                              (found.module == "bluebird" and found.path == ("delay",))):
        return Delay(node, first, number_value(first, hook.scopes) if first is not None else None)
    if member_path(node.callee) in ("Promise.delay", "Bluebird.delay"):
        return Delay(node, first, number_value(first, hook.scopes) if first is not None else None)
    value = resolve(node.callee, hook.scopes)
    if value is not None and value.type == "CallExpression" and \
            member_path(value.callee) in ("util.promisify", "promisify") and value.arguments and \
            getattr(value.arguments[0], "name", "") == "setTimeout":
        return Delay(node, first, number_value(first, hook.scopes) if first is not None else None)
    fn = local_function(hook, node.callee)
    if fn is not None:
        timer = next((n for n in subtree(fn) if _is_timer(hook, n)), None)
        if timer is None:
            return None
        ms = timer.arguments[1] if len(timer.arguments) > 1 else None
        if ms is not None and ms.type == "Identifier":
            variable = hook.scopes.variable(ms)
            params = [hook.scopes.variable(p) if p.type == "Identifier" else None for p in fn.params]
            if variable is not None and variable in params:
                index = params.index(variable)
                ms = args[index] if index < len(args) and args[index].type != "SpreadElement" else None
                return Delay(node, ms, number_value(ms, hook.scopes) if ms is not None else None)
        return Delay(node, ms, number_value(ms, hook.scopes) if ms is not None else 0.0)
    callee = unwrap(node.callee)
    name = callee.name if callee.type == "Identifier" else (
        property_name(callee) if callee.type == "MemberExpression" else None)
    if name and _SLEEP_NAME.search(name) and fn is None:
        return Delay(node, first, None)  # an unknown sleep helper: its unit and growth are unknown
    return None


def _timer_delay(hook, timer: Node, node: Node) -> Delay:
    ms = timer.arguments[1] if len(timer.arguments) > 1 else None
    return Delay(node, ms, number_value(ms, hook.scopes) if ms is not None else 0.0)


def _awaited_delays(hook, statements: list[Node]) -> Iterator[Delay]:
    for statement in statements:
        for node in own_nodes(statement):
            if node.type == "AwaitExpression":
                found = _delay_of(hook, node.argument)
                if found is not None:
                    yield found


def _delay_before(hook, node: Node, boundary: Node | None) -> Delay | None:
    """What delays ``node``: a timer or ``.then`` of a sleep it runs in, or an awaited sleep before it."""
    current = node
    if current.type == "CallExpression" and _is_timer(hook, current):
        return _timer_delay(hook, current, current)
    for parent in hook.tree.ancestors(node):
        if parent is boundary:
            return None
        kind = parent.type
        if kind == "CallExpression" and current in parent.arguments:
            if _is_timer(hook, parent) and parent.arguments[0] is current:
                return _timer_delay(hook, parent, parent)
            callee = unwrap(parent.callee)
            if callee.type == "MemberExpression" and property_name(callee) in ("then", "finally"):
                found = _delay_of(hook, callee.object)
                if found is not None:
                    return found
        elif kind in ("BlockStatement", "Program"):
            before = []
            for statement in parent.body:
                if statement is current:
                    break
                before.append(statement)
            found = next(_awaited_delays(hook, before), None)
            if found is not None:
                return found
        current = parent
    return None


def _named_functions(hook) -> Iterator[tuple[Node, object]]:
    for scope in hook.scopes.scopes:
        for variable in scope.variables.values():
            if variable.kind == "function-name":
                yield variable.definitions[0], variable
                continue
            value = variable.constant_value()
            if is_function(value):
                yield value, variable


def issues_request(hook, fn: Node, depth: int = 0) -> bool:
    """Does a function make an HTTP or Management API call (itself or through local helpers)?"""
    memo = hook.cache.setdefault("semantics.issues_request", {})
    if id(fn) in memo:
        return memo[id(fn)]
    memo[id(fn)] = False
    requests = {id(c.call) for c in http_calls(hook)} | {id(c.call) for c in management_calls(hook)}
    found = False
    for node in subtree(fn):
        if node.type == "CallExpression":
            if id(node) in requests:
                found = True
                break
            helper = local_function(hook, node.callee)
            if helper is not None and helper is not fn and depth < 3 and issues_request(hook, helper, depth + 1):
                found = True
                break
    memo[id(fn)] = found
    return found


def _site(hook, reference: Node) -> tuple[Node, list[Node] | None] | None:
    """The call that re-runs a function from a reference to it, with the arguments it gets."""
    parent = hook.tree.parent(reference)
    if parent is None or parent.type != "CallExpression":
        return None
    if unwrap(parent.callee) is reference:
        return parent, list(parent.arguments)
    if reference in parent.arguments:
        if _is_timer(hook, parent) and parent.arguments[0] is reference:
            return parent, list(parent.arguments[2:])
        return parent, None
    return None


def _counters(hook, fn: Node, scope_node: Node, args: list[Node] | None) -> set[int]:
    """Variables that change between attempts: parameters passed changed (``attempt + 1``), and
    variables from outside ``fn`` that ``scope_node`` updates (``retries--``, ``n += 1``)."""
    out: set[int] = set()
    if args is not None:
        for index, declared in enumerate(fn.params):
            param = declared.left if declared.type == "AssignmentPattern" else declared
            if param.type == "Identifier" and index < len(args):
                variable = hook.scopes.variable(param)
                arg = unwrap(args[index])
                if arg is not None and not (arg.type == "Identifier" and hook.scopes.variable(arg) is variable) \
                        and _refers_to(hook, arg, {id(variable)}):
                    out.add(id(variable))
    inner = {id(n) for n in subtree(fn)}
    for node in subtree(scope_node):
        variable = _updated(hook, node)
        if variable is not None and id(variable.scope.node) not in inner:
            out.add(id(variable))
    return out


def _updated(hook, node: Node):
    """The variable a counter update changes: ``n++``, ``n -= 1``, ``n = n + 1``."""
    if node.type == "UpdateExpression" and node.argument.type == "Identifier":
        return hook.scopes.variable(node.argument)
    if node.type == "AssignmentExpression" and node.left.type == "Identifier":
        variable = hook.scopes.variable(node.left)
        if variable is not None and (node.operator in ("+=", "-=") or
                                     (node.operator == "=" and _refers_to(hook, node.right, {id(variable)}))):
            return variable
    return None


def _recursions(hook) -> list[Retry]:
    found = []
    for fn, variable in _named_functions(hook):
        if not issues_request(hook, fn):
            continue
        places = [fn]
        for node in subtree(fn):  # handlers it hands on: function attempt() { request(o, handle); }
            if node.type == "Identifier":
                other = local_function(hook, node)
                if other is not None and other is not fn and other not in places and \
                        not any(a is fn for a in hook.tree.ancestors(other)):
                    places.append(other)
        for place in places:
            guards = [] if place is fn else _entry_guards(fn)
            for ref in variable.references:
                node = ref.identifier
                if ref.is_write or not place.range[0] <= node.range[0] < place.range[1]:
                    continue
                site = _site(hook, node)
                if site is None:
                    continue
                call, args = site
                conditions = list(_path_tests(hook, call, place)) + guards
                rate, error = _triggers(hook, conditions)
                if not (error or _error_handler(hook, call, node)):
                    continue
                counters = _counters(hook, fn, place, args)
                bounded = any(_refers_to(hook, _test_of(test), counters) or _time_check(hook, _test_of(test))
                              for test, _ in conditions)
                found.append(Retry("recursion", call, call, rate, _delay_before(hook, call, place), bounded,
                                   variable.name))
    return found


def _error_handler(hook, call: Node, reference: Node) -> bool:
    """The function is handed on as an error handler: ``.catch(f)``, ``.then(ok, f)``, ``.on('error', f)``."""
    callee = unwrap(call.callee)
    name = property_name(callee) if callee.type == "MemberExpression" else None
    args = call.arguments
    if name == "catch":
        return bool(args) and args[0] is reference
    if name == "then":
        return len(args) > 1 and args[1] is reference
    if name in ("on", "once") and len(args) > 1 and args[1] is reference:
        return string_value(args[0], hook.scopes) in ("error", "timeout")
    return False


def _time_check(hook, test: Node | None, depth: int = 0) -> bool:
    """A deadline in a test: ``Date.now() < deadline``, ``elapsed > 5000`` with
    ``const elapsed = Date.now() - start``."""
    if test is None or depth > 2:
        return False
    for node in subtree(test):
        if node.type == "CallExpression" and member_path(node.callee) in ("Date.now", "performance.now"):
            return True
        if node.type == "NewExpression" and getattr(unwrap(node.callee), "name", None) == "Date" and not node.arguments:
            return True
        if node.type == "Identifier" and node is not test:
            value = resolve(node, hook.scopes)
            if value is not node and value is not None and _time_check(hook, value, depth + 1):
                return True
    if test.type == "Identifier":
        value = resolve(test, hook.scopes)
        return value is not test and value is not None and _time_check(hook, value, depth + 1)
    return False


def _entry_guards(fn: Node) -> list[tuple[Node, bool]]:
    body = fn.body.body if fn.body.type == "BlockStatement" else []
    return [(s.test, False) for s in body
            if s.type == "IfStatement" and s.alternate is None and _exits(s.consequent)]


_LOOPS = ("WhileStatement", "DoWhileStatement", "ForStatement")


def _in_loop(hook, node: Node, loop: Node) -> bool:
    """Is ``loop`` the nearest loop around ``node``, with no function in between?"""
    for parent in hook.tree.ancestors(node):
        if parent is loop:
            return True
        if parent.type in _LOOPS or parent.type in ("ForInStatement", "ForOfStatement", *FUNCTION_TYPES):
            return False
    return False


def _awaited_request(hook, node: Node) -> Node | None:
    """The request an ``await`` waits for (directly, or through a local helper that makes it)."""
    requests = {id(c.call) for c in http_calls(hook)} | {id(c.call) for c in management_calls(hook)}
    for inner in own_nodes(node.argument):
        if inner.type == "CallExpression":
            if id(inner) in requests:
                return inner
            helper = local_function(hook, inner.callee)
            if helper is not None and issues_request(hook, helper):
                return inner
    return None


def _loops(hook) -> list[Retry]:
    found = []
    for loop in hook.tree.nodes:
        if loop.type not in _LOOPS:
            continue
        mine = [n for n in own_nodes(loop) if n is not loop and _in_loop(hook, n, loop)]
        awaited = [(n, r) for n in mine if n.type == "AwaitExpression" for r in [_awaited_request(hook, n)] if r]
        requests = [r for _, r in awaited]
        if not requests:
            continue
        changed = {id(v) for n in mine for v in [_written(hook, n)] if v is not None}
        if loop.type == "ForStatement" and loop.init is not None and loop.init.type == "VariableDeclaration":
            changed |= {id(hook.scopes.variable(d.id)) for d in loop.init.declarations if d.id.type == "Identifier"}
        declared = [n for n in mine if n.type == "VariableDeclarator" and n.init is not None]
        for _ in range(3):  # per-round values: `const item = queue.shift()`, `const id = ids[i]`
            changed |= {id(hook.scopes.variable(i)) for n in declared
                        if _refers_to(hook, n.init, changed) or _consumes(n.init) for i in pattern_identifiers(n.id)}
        # The whole awaited expression counts, not only the request's arguments: the body or
        # query of a chained request (`superagent.post(url).send(item)`) changes it too.
        if any(_refers_to(hook, n.argument, changed) or _consumes(n.argument) for n, _ in awaited):
            continue  # each round asks for something else: iteration, a queue or paging, not a retry
        continues = [n for n in mine if n.type == "ContinueStatement"]
        if _exits(loop.body, loop=True) and not continues:
            continue
        points: list[tuple[Node, bool]] = []
        round_again = _last_continue(loop.body) or requests[0]  # where the next round starts
        if loop.test is not None:
            rate, error = _triggers(hook, [(loop.test, True)])
            if error:
                points.append((round_again, rate))
        for node in mine:
            if node.type == "IfStatement":
                if not _exits(node.consequent, loop=True):
                    rate, error = _triggers(hook, [(node.test, True)])
                    if error:
                        points.append((_last_continue(node.consequent) or requests[0], rate))
                elif node.alternate is None:
                    rate, error = _triggers(hook, [(node.test, False)])
                    if error:
                        points.append((round_again, rate))
            elif node.type == "TryStatement" and node.handler is not None and not _exits(node.handler.body, loop=True):
                points.append((round_again, False))
        if not points:
            continue
        limited = [p for p in points if p[1]]
        node, rate = (limited or points)[0]
        counters = {id(v) for n in mine for v in [_updated(hook, n)] if v is not None}
        guards = [loop.test] + [n.test for n in mine if n.type == "IfStatement" and _exits(n.consequent, loop=True)]
        bounded = any(_refers_to(hook, t, counters) or _time_check(hook, t) for t in guards if t is not None)
        delays = list(_awaited_delays(hook, [loop.body]))
        delay = next((d for d in delays if not d.short), delays[0] if delays else None)
        keyword = {"WhileStatement": "while", "DoWhileStatement": "do…while", "ForStatement": "for"}[loop.type]
        found.append(Retry("loop", node, loop, rate, delay, bounded, keyword))
    return found


def _consumes(node: Node) -> bool:
    """``queue.shift()``, ``items.pop()``, ``it.next()``: each round takes another item."""
    return any(n.type == "CallExpression" and unwrap(n.callee).type == "MemberExpression" and
               property_name(unwrap(n.callee)) in ("shift", "pop", "splice", "next") for n in subtree(node))


def _written(hook, node: Node):
    if node.type == "UpdateExpression" and node.argument.type == "Identifier":
        return hook.scopes.variable(node.argument)
    if node.type == "AssignmentExpression" and node.left.type == "Identifier":
        return hook.scopes.variable(node.left)
    return None


def _last_continue(statement: Node) -> Node | None:
    if statement.type == "ContinueStatement":
        return statement
    if statement.type == "BlockStatement" and statement.body:
        return _last_continue(statement.body[-1])
    return None


def _reissues(hook) -> list[Retry]:
    """The same request issued again (once) from a 429 branch after the first one."""
    requests: list[tuple[Node, tuple]] = []
    for call in management_calls(hook):
        if call.client is not None:
            requests.append((call.call, ("sdk", id(call.client), call.method)))
    for http in http_calls(hook):
        requests.append((http.call, ("http", http.library, http.method)))
    found = []
    scopes = {id(call): hook.tree.enclosing_function(call) or hook.tree.program for call, _ in requests}
    for second, key in requests:
        for first, other in requests:
            scope = scopes[id(first)]
            if first is second or other != key or first.range[0] >= second.range[0] or \
                    not scope.range[0] <= second.range[0] < scope.range[1] or \
                    not _same(hook, first.arguments, second.arguments, skip_functions=True):
                continue
            rate, _ = _triggers(hook, list(_path_tests(hook, second, scope)))
            if rate:
                name = member_path(second.callee) or "the request"
                found.append(Retry("reissue", second, second, True, _delay_before(hook, second, scope), True, name))
                break
    return found


def _same(hook, a, b, skip_functions: bool = False) -> bool:
    """Structural equality of two expressions (identifiers compared by the variable they name)."""
    if isinstance(a, list) or isinstance(b, list):
        items_a = [x for x in a if not (skip_functions and _is_callback(hook, x))]
        items_b = [x for x in b if not (skip_functions and _is_callback(hook, x))]
        return len(items_a) == len(items_b) and all(_same(hook, x, y) for x, y in zip(items_a, items_b, strict=True))
    if a is None or b is None:
        return a is b
    if a.type != b.type:
        return False
    if a.type == "Identifier":
        va, vb = hook.scopes.variable(a), hook.scopes.variable(b)
        return va is vb if va is not None or vb is not None else a.name == b.name
    if a.type == "Literal":
        return a.value == b.value and a.raw == b.raw
    if a.type == "TemplateElement":
        return a.value.cooked == b.value.cooked
    for attr in ("operator", "computed", "name"):
        if getattr(a, attr, None) != getattr(b, attr, None):
            return False
    return _same(hook, list(children(a)), list(children(b)))
