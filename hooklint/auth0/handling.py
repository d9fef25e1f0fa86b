"""Rate-limit handling (HL300): is a Management API call *handled*?

Answers ``handled(hook, call)`` from 429 comparisons and rate-limit header reads in the hook
(``rate_limit_evidence``), retry libraries (``retry_library_calls``), ``got``'s retry
options, and the SDK's own retry (``sdk_retry_in_force``, ``sdk_retry_disabled``); also the
429 tests (``is_429``, ``is_429_test``, ``is_header_read``) that the retries module reuses.
"""

from __future__ import annotations

from hooklint.js.estree import Node, property_name, subtree, unwrap
from hooklint.js.values import number_value, object_property, resolve, string_value
from hooklint.auth0.bindings import binding, version_tuple
from hooklint.auth0.http import HttpCall
from hooklint.auth0.management import ManagementCall, client_version
from hooklint.auth0.reach import entry_functions
from hooklint.auth0.program import Program, per_program

RATE_LIMIT_HEADERS = frozenset({"x-ratelimit-remaining", "x-ratelimit-reset", "retry-after"})
RETRY_LIBRARIES = frozenset({"async-retry", "p-retry", "retry", "axios-retry", "promise-retry"})
SDK_RETRY_SINCE = (2, 9, 0)
# The operators of a comparison (a status or a header compared with a value).
COMPARISONS = frozenset({"==", "===", "!=", "!==", "<", "<=", ">", ">="})


def is_429(hook: Program, node: Node | None) -> bool:
    return number_value(node, hook.scopes) == 429 or string_value(node, hook.scopes) == "429"


def is_header_read(hook: Program, node: Node) -> bool:
    """A string naming a rate-limit header, not as a key of an object literal (that sets it)."""
    value = string_value(node, hook.scopes) if node.type in ("Literal", "TemplateLiteral") else None
    if value is None or value.lower() not in RATE_LIMIT_HEADERS:
        return False
    parent = hook.tree.parent(node)
    return not (parent is not None and parent.type == "Property" and parent.key is node)


def is_429_test(hook: Program, node: Node) -> bool:
    """``status === 429``, ``case 429:``, ``[429, 503].includes(status)``."""
    if node.type == "BinaryExpression" and node.operator in COMPARISONS:
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


@per_program
def rate_limit_evidence(hook: Program) -> list[Node]:
    """The 429 comparisons and rate-limit header reads in the hook and the helpers it calls."""
    out, seen = [], set()
    for root in entry_functions(hook):
        for node in subtree(root):
            if id(node) not in seen and (is_429_test(hook, node) or is_header_read(hook, node)):
                seen.add(id(node))
                out.append(node)
    return sorted(out, key=lambda n: n.range[0])


@per_program
def retry_library_calls(hook: Program) -> list[Node]:
    """Calls of a retry library anywhere in the file (``retry(fn)``, ``axiosRetry(axios, {...})``)."""
    out = []
    for node in hook.tree.of_type("CallExpression"):
        found = binding(hook, node.callee)
        if found is not None and found.module in RETRY_LIBRARIES:
            out.append(node)
    return out


def sdk_retry_disabled(hook: Program, client: Node) -> bool:
    """``new ManagementClient({..., retry: {enabled: false}})``."""
    if not client.arguments:
        return False
    retry = object_property(client.arguments[0], "retry", hook.scopes)
    enabled = object_property(retry, "enabled", hook.scopes) if retry is not None else None
    enabled = resolve(enabled, hook.scopes)
    return enabled is not None and enabled.type == "Literal" and enabled.value is False


def sdk_retry_in_force(hook: Program, client: Node) -> bool:
    version = version_tuple(client_version(hook, client))
    return (version is None or version >= SDK_RETRY_SINCE) and not sdk_retry_disabled(hook, client)


def _got_retries_429(hook: Program, http: HttpCall) -> bool:
    if http.library != "got":
        return False
    for options in (http.options, http.defaults):
        retry = object_property(options, "retry", hook.scopes) if options is not None else None
        if retry is not None and any(is_429(hook, n) for n in subtree(resolve(retry, hook.scopes))):
            return True
    return False


def handled(hook: Program, call: ManagementCall) -> bool:
    """Is this Management API call *handled* as the catalogue defines it?"""
    if rate_limit_evidence(hook) or retry_library_calls(hook):
        return True
    if call.http is not None:
        return _got_retries_429(hook, call.http)
    return call.client is not None and sdk_retry_in_force(hook, call.client)
