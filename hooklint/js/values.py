"""Constant evaluation of strings, shared by the result, rate-limit and secret rules.

``string_value`` gives the whole value of an expression when it is certain: string
literals, template literals and ``+`` concatenations whose parts are constants,
``'a'.concat(b)``, and identifiers bound to such a value (a ``const``, or a ``let``/``var``
that is never reassigned, at module scope or in the function). ``string_parts`` gives
the known fragments of a value that is only partly constant (``'https://' + domain +
'/api/v2/users/' + id`` gives ``['https://', None, '/api/v2/users/', None]``), for
questions such as "does this URL contain /api/v2/". ``number_value`` does the same for
numbers (literals, constants, arithmetic, ``Math.pow``), for delays and limits. Nothing
here guesses: an unknown part is ``None``.
"""

from __future__ import annotations

from collections.abc import Callable

from hooklint.js.estree import Node, is_function, member_path, property_name, subtree, unwrap
from hooklint.js.scope import ScopeAnalysis

_MAX_DEPTH = 16


def resolve(node: Node | None, scopes: ScopeAnalysis, depth: int = 0) -> Node | None:
    """Follow identifiers to the one value they certainly hold (or return the node)."""
    node = unwrap(node)
    while node is not None and node.type == "Identifier" and depth < _MAX_DEPTH:
        variable = scopes.variable(node)
        value = variable.constant_value() if variable is not None else None
        if value is None:
            return node
        node = unwrap(value)
        depth += 1
    return node


def search_resolved(node: Node | None, scopes: ScopeAnalysis, decide: Callable[[Node], bool | None],
                    hops: int) -> bool:
    """Search ``node``'s subtree, and the values its identifiers certainly hold (followed
    ``hops`` times at most), in pre-order: ``decide(inner)`` settles the search with True
    or False, or lets it go on with None."""
    if node is None or hops < 0:
        return False
    for inner in subtree(node):
        verdict = decide(inner)
        if verdict is not None:
            return verdict
        if inner.type == "Identifier" and inner is not node:
            value = resolve(inner, scopes)
            if value is not inner and search_resolved(value, scopes, decide, hops - 1):
                return True
    if node.type == "Identifier":
        value = resolve(node, scopes)
        return value is not node and search_resolved(value, scopes, decide, hops - 1)
    return False


def local_function(node: Node | None, scopes: ScopeAnalysis) -> Node | None:
    """The function of this file an expression certainly names: a function expression
    itself, a function declaration, or a binding that holds one (followed through aliases
    such as ``const g = f``)."""
    value = resolve(node, scopes)
    return value if is_function(value) else None


def string_value(node: Node | None, scopes: ScopeAnalysis, depth: int = 0) -> str | None:
    """The string an expression certainly evaluates to, or ``None``."""
    parts = string_parts(node, scopes, depth)
    if parts is None or any(part is None for part in parts):
        return None
    return "".join(parts)  # type: ignore[arg-type]


def string_parts(node: Node | None, scopes: ScopeAnalysis, depth: int = 0) -> list[str | None] | None:
    """The fragments of a string expression, ``None`` for each unknown fragment.

    Returns ``None`` when the expression is not recognisably a string at all.
    """
    if node is None or depth > _MAX_DEPTH:
        return None
    node = unwrap(node)
    parts = _STRING_PARTS.get(node.type)
    return parts(node, scopes, depth) if parts is not None else None


def _literal_parts(node: Node, scopes: ScopeAnalysis, depth: int) -> list[str | None] | None:
    if isinstance(node.value, str):
        return [node.value]
    if isinstance(node.value, (int, float)) and not isinstance(node.value, bool):
        return [node.raw]
    return None


def _template_parts(node: Node, scopes: ScopeAnalysis, depth: int) -> list[str | None] | None:
    out: list[str | None] = []
    for index, quasi in enumerate(node.quasis):
        cooked = quasi.value.cooked
        out.append(cooked if isinstance(cooked, str) else None)
        if index < len(node.expressions):
            inner = string_parts(node.expressions[index], scopes, depth + 1)
            out.extend(inner if inner is not None else [None])
    return out


def _binary_parts(node: Node, scopes: ScopeAnalysis, depth: int) -> list[str | None] | None:
    """A ``+`` with a string on one side at least; any other operator gives no string."""
    if node.operator != "+":
        return None
    left = string_parts(node.left, scopes, depth + 1)
    right = string_parts(node.right, scopes, depth + 1)
    if left is None and right is None:
        return None
    unknown: list[str | None] = [None]
    return (left if left is not None else unknown) + (right if right is not None else unknown)


def _identifier_parts(node: Node, scopes: ScopeAnalysis, depth: int) -> list[str | None] | None:
    resolved = resolve(node, scopes, depth)
    if resolved is None or resolved is node:
        return [None]
    parts = string_parts(resolved, scopes, depth + 1)
    return parts if parts is not None else [None]


def _call_parts(node: Node, scopes: ScopeAnalysis, depth: int) -> list[str | None] | None:
    """``base.concat(a, b)`` joins known fragments; any other call may give a string."""
    callee = unwrap(node.callee)
    if callee.type == "MemberExpression" and property_name(callee) == "concat":
        base = string_parts(callee.object, scopes, depth + 1)
        if base is None:
            return None
        for arg in node.arguments:
            inner = string_parts(arg, scopes, depth + 1)
            base = base + (inner if inner is not None else [None])
        return base
    return [None]


def _unknown_parts(node: Node, scopes: ScopeAnalysis, depth: int) -> list[str | None] | None:
    """An expression that may be a string, of which nothing is known."""
    return [None]


# The handler of each type that is, or may be, a string; any other type is not one.
_STRING_PARTS: dict[str, Callable[[Node, ScopeAnalysis, int], list[str | None] | None]] = {
    "Literal": _literal_parts,
    "TemplateLiteral": _template_parts,
    "BinaryExpression": _binary_parts,
    "Identifier": _identifier_parts,
    "CallExpression": _call_parts,
    "MemberExpression": _unknown_parts,
    "ConditionalExpression": _unknown_parts,
    "LogicalExpression": _unknown_parts,
}

def contains(node: Node | None, needle: str, scopes: ScopeAnalysis) -> bool:
    """Does one of the known fragments of a string expression contain ``needle``?

    Public API over ``string_parts``; no module of hooklint calls it today, tests/test_values.py
    does."""
    parts = string_parts(node, scopes)
    return parts is not None and any(part is not None and needle in part for part in parts)


def object_property(obj: Node | None, key: str, scopes: ScopeAnalysis) -> Node | None:
    """The value of ``key`` in an object literal (after resolving identifiers), if written."""
    obj = resolve(obj, scopes)
    if obj is None or obj.type != "ObjectExpression":
        return None
    found = None
    for prop in obj.properties:
        if prop.type == "Property" and property_key(prop, scopes) == key:
            found = prop.value
    return found


def property_key(prop: Node, scopes: ScopeAnalysis) -> str | None:
    """The static key of an object-literal property (``a``, ``'a'``, ``[NS + 'a']``)."""
    key = prop.key
    if not prop.computed:
        if key.type == "Identifier":
            return key.name
        if key.type == "Literal":
            return str(key.value)
        return None
    return string_value(key, scopes)


_ARITHMETIC = {
    "+": lambda a, b: a + b, "-": lambda a, b: a - b, "*": lambda a, b: a * b,
    "/": lambda a, b: a / b if b else None, "%": lambda a, b: a % b if b else None,
    "**": lambda a, b: a ** b if abs(b) <= 64 else None,
    "<<": lambda a, b: int(a) << int(b) if 0 <= b <= 62 else None,
}


def number_value(node: Node | None, scopes: ScopeAnalysis, depth: int = 0) -> float | None:
    """The number an expression certainly evaluates to (literals, constants, arithmetic), or ``None``."""
    node = unwrap(node)
    if node is None or depth > _MAX_DEPTH:
        return None
    kind = node.type
    if kind == "Literal":
        value = node.value
        return float(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else None
    if kind == "Identifier":
        resolved = resolve(node, scopes, depth)
        return None if resolved is None or resolved is node else number_value(resolved, scopes, depth + 1)
    if kind == "UnaryExpression" and node.operator in ("-", "+"):
        inner = number_value(node.argument, scopes, depth + 1)
        return None if inner is None else (-inner if node.operator == "-" else inner)
    if kind == "BinaryExpression" and node.operator in _ARITHMETIC:
        left = number_value(node.left, scopes, depth + 1)
        right = number_value(node.right, scopes, depth + 1)
        if left is None or right is None:
            return None
        try:
            result = _ARITHMETIC[node.operator](left, right)
        except (OverflowError, ValueError):
            return None
        return None if result is None else float(result)
    if kind == "CallExpression" and member_path(node.callee) == "Math.pow" and len(node.arguments) == 2:
        base = number_value(node.arguments[0], scopes, depth + 1)
        exponent = number_value(node.arguments[1], scopes, depth + 1)
        return None if base is None or exponent is None or abs(exponent) > 64 else float(base ** exponent)
    return None

