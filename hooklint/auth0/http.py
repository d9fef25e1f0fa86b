"""Outbound HTTP calls: which calls of a hook are HTTP requests, and to what URL.

Answers ``http_calls(hook)`` / ``http_call(hook, node)`` (``request``/``request-promise``,
``axios`` and its instances, ``got``, ``fetch``/``node-fetch``, ``superagent``, ``needle``,
``https``/``http``) with library, method, URL expression and options, and the URL helpers
``url_parts``, ``url_path`` and ``url_host``.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import NamedTuple

from hooklint.js.estree import Node, is_function, member_path, unwrap
from hooklint.js.flow import CALLBACK_NAMES
from hooklint.js.values import object_property, resolve, string_parts, string_value
from hooklint.auth0.bindings import LIBRARIES, binding
from hooklint.auth0.program import Program, per_program

_VERBS = {"get": "GET", "post": "POST", "put": "PUT", "patch": "PATCH", "delete": "DELETE", "del": "DELETE",
          "head": "HEAD", "options": "OPTIONS"}
# Per library: method name -> (verb, index of the URL argument, index of the options argument).
_Table = dict[str, tuple[str | None, int | None, int | None]]
_AXIOS: _Table = {**{m: (_VERBS[m], 0, 1) for m in ("get", "delete", "head", "options")},
                  **{m: (_VERBS[m], 0, 2) for m in ("post", "put", "patch")},
                  "postForm": ("POST", 0, 2), "putForm": ("PUT", 0, 2), "patchForm": ("PATCH", 0, 2)}
_NEEDLE: _Table = {**{m: (_VERBS[m], 0, 1) for m in ("get", "head", "delete")},
                   **{m: (_VERBS[m], 0, 2) for m in ("post", "put", "patch")}}
_SIMPLE: _Table = {m: (_VERBS[m], 0, 1) for m in ("get", "post", "put", "patch", "delete", "head")}
_REQUEST: _Table = {**_SIMPLE, "del": ("DELETE", 0, 1)}
_SUPERAGENT: _Table = {m: (v, 0, None) for m, v in _VERBS.items()}
_AXIOS_METHODS: _Table = {**_AXIOS, "request": (None, None, 0)}  # axios.request(config)


class HttpCall(NamedTuple):
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


@per_program
def http_calls(hook: Program) -> list[HttpCall]:
    """Every outbound HTTP call of the file, in source order."""
    return [found for node in hook.tree.of_type("CallExpression") for found in [http_call(hook, node)]
            if found is not None]


def http_call(hook: Program, call: Node) -> HttpCall | None:
    """The HTTP call ``call`` makes, if it is one (cached per node)."""
    memo = hook.table(http_call)
    if id(call) not in memo:
        memo[id(call)] = _http_call(hook, call) if call.type == "CallExpression" else None
    return memo[id(call)]


def _http_call(hook: Program, call: Node) -> HttpCall | None:
    """The handler in ``_LIBRARY_CALLS`` for the HTTP library the callee comes from."""
    found = binding(hook, call.callee)
    library = LIBRARIES.get(found.module) if found is not None else None
    if library is None or found is None:
        return None
    return _LIBRARY_CALLS[library](_Call(hook, call, library, found.path, found.config))


class _Call(NamedTuple):
    """A call whose callee comes from an HTTP library, as the library handlers see it."""

    hook: Program
    call: Node
    library: str  # the HttpCall.library of LIBRARIES
    path: tuple[str, ...]  # the callee's properties below the module's export (Binding.path)
    defaults: Node | None  # the instance defaults (Binding.config)

    def arg(self, index: int | None) -> Node | None:
        """The argument at ``index``, if it is there and not a spread."""
        args = self.call.arguments
        if index is None or index >= len(args) or args[index].type == "SpreadElement":
            return None
        return args[index]

    def url_like(self, node: Node | None) -> bool:
        """Is ``node`` there and a URL string (not an options object)?"""
        return node is not None and _url_like(node, self.hook.scopes)

    def make(self, method: str | None, url: Node | None, options: Node | None, fixed: bool = False,
             url_key: str = "url") -> HttpCall:
        """The HttpCall, with the options resolved (a callback is no options), the URL read
        from the options' ``url_key`` (or ``uri``) when no argument gives it, and the method
        the options name unless ``fixed`` (a method not known when the options are not visible)."""
        scopes = self.hook.scopes
        options = None if options is None or is_callback(self.hook, options) else resolve(options, scopes)
        visible = options is None or options.type == "ObjectExpression"
        if url is None and options is not None:
            url = object_property(options, url_key, scopes)
            if url is None and url_key == "url":
                url = object_property(options, "uri", scopes)
        explicit = string_value(object_property(options, "method", scopes), scopes) if options is not None else None
        if not fixed:
            method = explicit or (method if visible else None)
        return HttpCall(self.call, self.library, method.upper() if method else None, url, options, self.defaults)


def _plain_call(ctx: _Call, url_first: bool = False) -> HttpCall | None:
    """The module itself called: ``request(url, options, cb)``, ``axios(config)``,
    ``fetch(url, init)``, a GET unless the options say otherwise; the first argument is the
    URL when it looks like one (always for ``fetch``: ``url_first``), else the options."""
    first = ctx.arg(0)
    if first is not None and (url_first or ctx.url_like(first)):
        return ctx.make("GET", first, _object_arg(ctx.arg(1)))
    return ctx.make("GET", None, first) if first is not None else None


def _table_entry(ctx: _Call, table: _Table) -> tuple[str | None, int | None, int | None] | None:
    """The entry of a one-property callee (``axios.post``) in a library's method table."""
    return table.get(ctx.path[0]) if len(ctx.path) == 1 else None


def _method_call(ctx: _Call, table: _Table, options_first: bool = False) -> HttpCall | None:
    """A method of the library (``axios.post(url, data, config)``), by its ``table``; with
    ``options_first`` an options object may stand in the URL's place (``request.post({url,
    form}, cb)``, or options that are not visible)."""
    entry = _table_entry(ctx, table)
    if entry is None:
        return None
    method, url_index, options_index = entry
    if method is None:  # axios.request(config)
        return ctx.make("GET", None, ctx.arg(options_index))
    first = ctx.arg(0)
    if options_first and first is not None and not ctx.url_like(first):
        return ctx.make(method, None, first, fixed=True)
    return ctx.make(method, ctx.arg(url_index), ctx.arg(options_index), fixed=True)


def _request_call(ctx: _Call) -> HttpCall | None:
    return _method_call(ctx, _REQUEST, options_first=True) if ctx.path else _plain_call(ctx)


def _axios_call(ctx: _Call) -> HttpCall | None:
    return _method_call(ctx, _AXIOS_METHODS) if ctx.path else _plain_call(ctx)


def _got_call(ctx: _Call) -> HttpCall | None:
    return _method_call(ctx, _SIMPLE, options_first=True) if ctx.path else _plain_call(ctx)


def _fetch_call(ctx: _Call) -> HttpCall | None:
    """``fetch(url, init)`` only: fetch has no methods."""
    return None if ctx.path else _plain_call(ctx, url_first=True)


def _superagent_call(ctx: _Call) -> HttpCall | None:
    """``superagent.post(url)``, ``superagent('POST', url)``, ``superagent(url)`` (a GET):
    the options are chained calls, none here."""
    if ctx.path:
        entry = _table_entry(ctx, _SUPERAGENT)
        return None if entry is None else HttpCall(ctx.call, ctx.library, entry[0], ctx.arg(entry[1]), None)
    count = len(ctx.call.arguments)
    verb = string_value(ctx.arg(0), ctx.hook.scopes) if count >= 2 else None
    if verb:
        return HttpCall(ctx.call, ctx.library, verb.upper(), ctx.arg(1), None)
    return HttpCall(ctx.call, ctx.library, "GET", ctx.arg(0), None) if count == 1 else None


def _needle_call(ctx: _Call) -> HttpCall | None:
    """``needle(method, url, data, options)`` / ``needle.request(...)``, or a method by its table."""
    if ctx.path in ((), ("request",)):
        verb = string_value(ctx.arg(0), ctx.hook.scopes)
        return ctx.make(verb, ctx.arg(1), ctx.arg(3), fixed=True)
    return _method_call(ctx, _NEEDLE)


def _node_http_call(ctx: _Call) -> HttpCall | None:
    """Node's ``https.request``/``http.get`` (url and/or options): without a URL argument the
    URL is the options' ``path``; ``get`` is always a GET."""
    if ctx.path not in (("request",), ("get",)):
        return None
    fixed = ctx.path == ("get",)
    first = ctx.arg(0)
    if ctx.url_like(first):
        return ctx.make("GET", first, _object_arg(ctx.arg(1)), fixed=fixed)
    return ctx.make("GET", None, first, fixed=fixed, url_key="path")


# The handler of each HTTP library (every value of LIBRARIES).
_LIBRARY_CALLS: dict[str, Callable[[_Call], HttpCall | None]] = {
    "request": _request_call,
    "axios": _axios_call,
    "got": _got_call,
    "fetch": _fetch_call,
    "superagent": _superagent_call,
    "needle": _needle_call,
    "https": _node_http_call,
    "http": _node_http_call,
}


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


def is_callback(hook: Program, node: Node) -> bool:
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


def url_parts(hook: Program, http: HttpCall) -> list[str | None]:
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


def url_host(parts: list[str | None], keep_case: bool = False) -> str | None:
    """The host of a URL whose scheme and host are known literal text (``crm.example.com``
    for ``'https://crm.example.com/api/v2/users'``), lower-case (as written with
    ``keep_case``: ``YOUR_DOMAIN`` tells a placeholder) and without user information or
    port; None when the URL is relative or its host is built at run time
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
    host = host.rstrip(".")
    return (host if keep_case else host.lower()) or None
