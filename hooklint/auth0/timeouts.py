"""Timeouts (HL304): does an outbound HTTP call have a timeout?

Answers ``timeout_status(hook, http)``: True (a timeout key, an ``AbortSignal.timeout``, a
library default or a ``.timeout()``/``.setTimeout()`` call), False (certainly none), None
(cannot tell).
"""

from __future__ import annotations

from hooklint.js.estree import Node, member_path, property_name, subtree, unwrap
from hooklint.js.values import property_key, resolve, string_value
from hooklint.auth0.conditions import is_timer
from hooklint.auth0.bindings import LIBRARIES, binding
from hooklint.auth0.http import HttpCall
from hooklint.auth0.program import Program, per_program

_TIMEOUT_KEYS = {"needle": frozenset({"timeout", "open_timeout", "read_timeout", "response_timeout"})}
_TIMEOUT_METHODS = {"superagent": "timeout", "https": "setTimeout", "http": "setTimeout"}


def timeout_status(hook: Program, http: HttpCall) -> bool | None:
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


def _has_timeout(hook: Program, options: Node, keys: frozenset[str], depth: int) -> bool | None:
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


def _member_writes(hook: Program, obj: Node, keys: frozenset[str]) -> bool | None:
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


def _signal_timeout(hook: Program, value: Node) -> bool | None:
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
                    any(is_timer(hook, a) for a in hook.tree.ancestors(use)):
                return True
    return None


def _default_timeout(hook: Program, http: HttpCall) -> bool:
    """``axios.defaults.timeout = 3000`` (or an instance's), ``needle.defaults({open_timeout})``."""
    # The answer depends only on the library: one look at the file per library, not per call
    # (a scan of every node per HTTP call is quadratic).
    return _library_default(hook, http.library)


@per_program
def _library_default(hook: Program, library: str) -> bool:
    for node in hook.tree.of_type("AssignmentExpression"):
        if unwrap(node.left).type == "MemberExpression":
            left = unwrap(node.left)
            owner = unwrap(left.object)
            if property_name(left) == "timeout" and owner.type == "MemberExpression" and \
                    property_name(owner) == "defaults":
                found = binding(hook, owner.object)
                if found is not None and LIBRARIES.get(found.module) == library:
                    return True
    if library == "needle":
        for node in hook.tree.of_type("CallExpression"):
            found = binding(hook, node.callee)
            if found is not None and found.module == "needle" and found.path == ("defaults",) and node.arguments:
                if _has_timeout(hook, node.arguments[0], _TIMEOUT_KEYS["needle"], 0):
                    return True
    return False


def _timeout_method(hook: Program, call: Node, method: str) -> bool | None:
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
