"""HL402 insecure-http-url: an outbound request to a plain ``http://`` URL, or a redirect
of the user to one.

One module for both kinds: the requests come from ``auth0.http_calls`` (any program), the
redirects from ``actions.roles.calls_to`` (``api.redirect.sendUserTo``; none in a program
that is not an Action), so the rule never asks which kind it runs on.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import re

from hooklint.actions.roles import calls_to
from hooklint.checks.base import Rule
from hooklint.js.estree import Node, unwrap
from hooklint.auth0 import http_calls
from hooklint.js.values import object_property, resolve, string_parts

if TYPE_CHECKING:
    from hooklint.auth0.program import Program

_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:")
_LOOPBACK = ("localhost", "127.0.0.1", "[::1]")
_SEND_USER_TO = ("api", "redirect", "sendUserTo")


class InsecureHttpUrl(Rule):
    id = "HL402"
    name = "insecure-http-url"

    def check(self, ctx) -> None:
        hook = ctx.program
        seen: set[int] = set()
        for http in http_calls(hook):
            found = _insecure(hook, _request_url(hook, http), seen)
            if found is not None:
                literal, host = found
                ctx.report(self, literal,
                           f"`{http.name}` sends its request to `http://{host}` in plain text: the data, and any "
                           f"credentials in its headers, can be read or changed on the network; use `https://`")
        for redirect in calls_to(hook, _SEND_USER_TO):
            url = redirect.arguments[0] if redirect.arguments else None
            found = _insecure(hook, url if url is not None and url.type != "SpreadElement" else None, seen)
            if found is not None:
                literal, host = found
                ctx.report(self, literal,
                           f"`api.redirect.sendUserTo` sends the user's browser to `http://{host}` in plain text: "
                           f"the redirect, its query and the page the user sees can be read or changed on the "
                           f"network; use `https://`")


def _insecure(hook: Program, url: Node | None, seen: set[int]) -> tuple[Node, str] | None:
    """The literal that starts ``url`` with ``http://`` to a non-local host, and that host,
    the first time that literal is met (``seen``: the literals already reported)."""
    parts = string_parts(url, hook.scopes) if url is not None else None
    host = _plain_http_host(parts)
    literal = _leading_literal(hook, url) if host else None
    if host is None or literal is None or id(literal) in seen:
        return None
    seen.add(id(literal))
    return literal, host


def _request_url(hook: Program, http) -> Node | None:
    """The expression whose first fragment is the URL's scheme: the URL, or the instance's
    ``baseURL``/``prefixUrl`` when the URL is relative."""
    url = http.url
    resolved = resolve(url, hook.scopes)
    if resolved is not None and resolved.type == "NewExpression" \
            and getattr(unwrap(resolved.callee), "name", "") == "URL" and resolved.arguments:
        url = resolved.arguments[1] if len(resolved.arguments) > 1 else resolved.arguments[0]  # new URL(path, base)
    parts = string_parts(url, hook.scopes) if url is not None else None
    if parts and parts[0] is not None and _SCHEME.match(parts[0]):
        return url
    relative = url is None or parts and parts[0] is not None
    base = None
    if relative and http.defaults is not None:
        base = object_property(http.defaults, "baseURL", hook.scopes) or \
            object_property(http.defaults, "prefixUrl", hook.scopes)
    return base


def _plain_http_host(parts: list[str | None] | None) -> str | None:
    """The host of a URL known to start with ``http://``, unless it is (or may be) loopback."""
    known = ""
    for part in parts or ():
        if part is None:
            break
        known += part
    complete = parts is not None and None not in parts
    if not known.lower().startswith("http://"):
        return None
    rest = known[len("http://"):]
    match = re.match(r"([^/?#]*)([/?#]|$)", rest)
    assert match is not None  # both groups may be empty: every string matches
    authority = match.group(1)
    partial = not match.group(2) and not complete  # the host continues in an unknown part
    if partial and (not authority or any(h.startswith(authority.lower()) for h in _LOOPBACK)):
        return None
    host = authority.rsplit("@", 1)[-1]
    name = host.rsplit(":", 1)[0] if not host.endswith("]") else host
    if not name or name.lower() in _LOOPBACK or name.lower().endswith(".localhost") or name.startswith("127."):
        return None
    return name + ("…" if partial else "")


def _leading_literal(hook: Program, node: Node | None, depth: int = 0) -> Node | None:
    """The literal (or template element) that holds the first characters of a string expression."""
    node = resolve(node, hook.scopes)
    if node is None or depth > 16:
        return None
    if node.type == "Literal" and isinstance(node.value, str):
        return node
    if node.type == "TemplateLiteral":
        return node.quasis[0] if node.quasis[0].value.cooked else _leading_literal(hook, node.expressions[0], depth + 1)
    if node.type == "BinaryExpression" and node.operator == "+":
        return _leading_literal(hook, node.left, depth + 1)
    return None


RULE = InsecureHttpUrl()
