"""Outbound HTTP calls: which calls of a hook are HTTP requests, and to what URL.

Answers ``http_calls(hook)`` / ``http_call(hook, node)`` (``request``/``request-promise``,
``axios`` and its instances, ``got``, ``fetch``/``node-fetch``, ``superagent``, ``needle``,
``https``/``http``) with library, method, URL expression and options, and the URL helpers
``url_parts``, ``url_path`` and ``url_host``.
"""

from __future__ import annotations

import re
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
    found = binding(hook, call.callee)
    library = LIBRARIES.get(found.module) if found is not None else None
    if library is None or found is None:
        return None
    path, args, scopes = found.path, call.arguments, hook.scopes
    defaults = found.config

    def arg(index: int | None) -> Node | None:
        if index is None or index >= len(args) or args[index].type == "SpreadElement":
            return None
        return args[index]

    def make(method: str | None, url: Node | None, options: Node | None, fixed: bool = False,
             url_key: str = "url") -> HttpCall:
        options = None if options is None or is_callback(hook, options) else resolve(options, scopes)
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
    table: _Table = {"request": _REQUEST, "axios": {**_AXIOS, "request": (None, None, 0)}, "got": _SIMPLE,
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
