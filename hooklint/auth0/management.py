"""Management API: which clients a hook builds and which Management API calls it makes.

Answers ``management_clients`` / ``authentication_clients`` (``new ManagementClient(...)``
however ``auth0`` is imported), ``client_of`` (the client an expression holds),
``management_calls`` (SDK method calls on the clients, and raw HTTP calls to ``/api/v2/`` on
a host that may be an Auth0 domain: see ``auth0_hosts``), and the pinned SDK version
(``sdk_version``, ``client_version``).
"""

from __future__ import annotations
import re
from typing import NamedTuple

from hooklint.js.estree import Node, member_path, own_nodes, property_name, unwrap
from hooklint.js.values import (local_function, object_property, property_key, search_resolved, string_parts,
                                string_value)
from hooklint.auth0.bindings import binding, is_require, split_module
from hooklint.auth0.http import HttpCall, http_call, http_calls, url_host, url_parts
from hooklint.auth0.program import Program, per_program

MANAGEMENT_PATH = "/api/v2/"


class ManagementCall(NamedTuple):
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


@per_program
def management_clients(hook: Program) -> list[Node]:
    """Every ``new ManagementClient(...)`` of the file, in source order."""
    return [node for node in hook.tree.of_type("NewExpression") if _is_sdk_class(hook, node, "ManagementClient")]


@per_program
def authentication_clients(hook: Program) -> list[Node]:
    """Every ``new AuthenticationClient(...)`` of the file."""
    return [node for node in hook.tree.of_type("NewExpression") if _is_sdk_class(hook, node, "AuthenticationClient")]


def _is_sdk_class(hook: Program, new: Node, name: str) -> bool:
    found = binding(hook, new.callee)
    return found is not None and found.module == "auth0" and found.path == (name,)


def client_of(hook: Program, node: Node | None) -> Node | None:
    """The ``new ManagementClient(...)`` an expression holds, followed through variables
    (every write is looked at: ``m = m || new ManagementClient(...)``), ``||``/``??``/``?:``
    and local functions that return a client."""
    clients = {id(c) for c in management_clients(hook)}
    if not clients:
        return None
    return _client(hook, node, clients, set())


def _client(hook: Program, node: Node | None, clients: set[int], seen: set[int]) -> Node | None:
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
        fn = local_function(node.callee, hook.scopes)
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


@per_program
def management_calls(hook: Program) -> list[ManagementCall]:
    """Every Management API call of the file (SDK method calls and raw HTTP to /api/v2/)."""
    found: list[ManagementCall] = []
    have_clients = bool(management_clients(hook))
    for node in hook.tree.nodes:
        if node.type != "CallExpression":
            continue
        http = http_call(hook, node)
        if http is not None:
            parts = url_parts(hook, http)
            if any(p is not None and MANAGEMENT_PATH in p for p in parts) and not _other_host(hook, parts):
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


def _other_host(hook: Program, parts: list[str | None]) -> bool:
    """A URL certainly sent to a host that is not an Auth0 domain: not the Management API.

    An Auth0 domain is a host under ``auth0.com``, a host the file itself shows to be one
    (``auth0_hosts``: a custom domain such as ``login.example.com`` that the hook also asks
    for a client-credentials token or an ``/api/v2/`` audience), or a placeholder of sample
    code (``YOUR_DOMAIN``): only a real host with no such relation is another service."""
    host = url_host(parts, keep_case=True)
    if host is None or is_placeholder_host(host):
        return False
    host = host.lower()
    return not host.endswith("auth0.com") and host not in auth0_hosts(hook)


# A host label of sample code: template characters (``{domain}``, ``<tenant>``, ``$x``),
# a "your"/"my" label (``YOUR_DOMAIN``, ``your-tenant``), a run of X (``XXXXXXXX``), or an
# upper-case name with underscores (``TENANT_NAME``). Capitals or an underscore alone are
# no sign: ``CRM.example.com`` and ``crm_eu.example.com`` are real third-party hosts.
_PLACEHOLDER_LABEL = re.compile(
    r"[{}<>$%\[\]]|(?i:^(?:your|my)[_-]|^x{4,}$)|^[A-Z0-9]*[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+$")


def is_placeholder_host(host: str) -> bool:
    """A host of sample code that stands for the tenant's domain: one with no dot
    (``YOUR_DOMAIN``, ``tenant``; ``localhost`` aside), or with a placeholder label
    (``{{domain}}``, ``YOUR-TENANT.eu.auth0.com``, ``XXXX.example.com``: ``_PLACEHOLDER_LABEL``).
    Hooks run in Auth0's cloud, where a dotless host name does not resolve."""
    if host.startswith("["):  # an IPv6 address
        return False
    if "." not in host:
        return host.lower() != "localhost"
    return any(_PLACEHOLDER_LABEL.search(label) for label in host.split("."))


# The token endpoint as a whole path segment (a third party's ``/oauth/tokens`` is not it).
_TOKEN_PATH = re.compile(r"/oauth/token(?![\w.-])")


@per_program
def auth0_hosts(hook: Program) -> frozenset[str]:
    """The hosts (lower-case) that the file itself shows to be Auth0 domains, whatever their
    name (custom domains such as ``login.example.com``): the host of every client-credentials
    token request (a POST to ``/oauth/token`` with ``grant_type: 'client_credentials'``, the
    ``domain`` of a ``ManagementClient``/``AuthenticationClient``) and of every ``/api/v2/``
    audience (``audience: `https://${DOMAIN}/api/v2/```). Hosts built at run time are not
    here: a URL on such a host counts as the Management API anyway. Computed once per file,
    from the indexed HTTP calls, clients and properties."""
    return frozenset(_auth0_hosts(hook))


def _auth0_hosts(hook: Program) -> set[str]:
    scopes = hook.scopes
    found: set[str | None] = set()
    for client in management_clients(hook) + authentication_clients(hook):
        domain = string_value(object_property(client.arguments[0], "domain", scopes), scopes) \
            if client.arguments else None
        if domain:
            found.add(url_host([domain if "://" in domain else "https://" + domain + "/"]))
    for http in http_calls(hook):
        if http.method not in ("POST", None):
            continue
        parts = url_parts(hook, http)
        if any(p is not None and _TOKEN_PATH.search(p) for p in parts) and \
                any(client_credentials(hook, a) for a in http.call.arguments):
            found.add(url_host(parts))
    for prop in hook.tree.of_type("Property"):
        if property_key(prop, scopes) == "audience":
            parts = string_parts(prop.value, scopes) or []
            if any(p is not None and MANAGEMENT_PATH in p for p in parts):
                found.add(url_host(parts))
    return {host for host in found if host is not None}


def client_credentials(hook: Program, node: Node | None) -> bool:
    """``grant_type: 'client_credentials'`` (or ``grant_type=client_credentials``) in a value."""

    def decide(inner: Node) -> bool | None:
        if inner.type == "Property" and property_key(inner, hook.scopes) == "grant_type":
            return string_value(inner.value, hook.scopes) == "client_credentials"  # the first one decides
        if inner.type in ("Literal", "TemplateLiteral") and \
                "grant_type=client_credentials" in (string_value(inner, hook.scopes) or ""):
            return True
        return None

    return search_resolved(node, hook.scopes, decide, 4)


@per_program
def sdk_version(hook: Program) -> str | None:
    """The ``auth0`` version pinned by ``require('auth0@x.y.z')`` (or an import), else the
    hook's ``dependencies`` metadata, else ``None`` (unpinned)."""
    for node in hook.tree.nodes:
        spec = None
        if node.type == "CallExpression" and is_require(hook, unwrap(node.callee)) and node.arguments:
            spec = string_value(node.arguments[0], hook.scopes)
        elif node.type == "ImportDeclaration" and isinstance(node.source.value, str):
            spec = node.source.value
        if spec:
            module, version = split_module(spec)
            if module == "auth0" and version:
                return version
    pinned = (hook.source.dependencies or {}).get("auth0")
    return str(pinned) if pinned else None


def client_version(hook: Program, client: Node) -> str | None:
    """The ``auth0`` version a client's class was required with, else the hook's
    ``dependencies`` metadata (a ``require('auth0')`` elsewhere pinned differently does not count)."""
    found = binding(hook, client.callee)
    pinned = found.version if found is not None else None
    return pinned or (str((hook.source.dependencies or {}).get("auth0") or "") or None)
