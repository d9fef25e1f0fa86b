"""HL105 callback-error-argument: the callback's first argument is certainly not an error."""

from __future__ import annotations

from typing import TYPE_CHECKING

from hooklint.hooks.callbacks import callback_calls
from hooklint.checks.base import Rule
from hooklint.findings import Edit, Fix
from hooklint.js.estree import Node, property_name, unwrap

if TYPE_CHECKING:
    from hooklint.hooks.model import Hook

# How to deny at each point (what to pass instead of a string or a number).
_DENY = {
    "credentials-exchange": "new InvalidRequestError('...')",
    "pre-user-registration": "new PreUserRegistrationError('...', '...')",
    "send-phone-message": "new SendPhoneMessageError('...')",
}
_OBJECTS = ("ObjectExpression", "ArrayExpression")
_UNARY = {"!": "a boolean", "typeof": "a string", "-": "a number", "+": "a number", "~": "a number"}


class CallbackErrorArgument(Rule):
    id = "HL105"
    name = "callback-error-argument"

    def check(self, ctx) -> None:
        for use in callback_calls(ctx.hook):
            first = unwrap(use.arguments[0]) if use.arguments else None
            value = first if first is not None and _kind(first) else _value(ctx.hook, first)
            if value is None:
                continue
            what = _kind(value) if value is first else f"`{ctx.source.slice(first)}` ({_kind(value)})"
            ctx.report(self, first, f"`{use.name}` is called with {what} as its first argument: the callback "
                                    f"is error-first, so {_advice(value, ctx.point, use.identifier.name, first)}",
                       fix=_new_error(ctx, first) if value is first else None)


def _new_error(ctx, first: Node) -> Fix | None:
    """``new Error(<literal>)`` around a non-empty string literal (or a template literal
    without expressions) written as the first argument (where the edit maps back to the file:
    ``FileContext.report``). Not for an empty string (Auth0 takes it as success: failing instead is no
    certain intent), not for any other value, and not where ``Error`` is a local name."""
    source = ctx.source
    if not _nonempty_string(first) or _error_shadowed(ctx.hook):
        return None
    start, end = first.loc.start, first.loc.end
    return Fix("Pass an Error: wrap the message as `new Error(…)`",
               (Edit(source.point_region(start.line, start.column, 0), "new Error("),
                Edit(source.point_region(end.line, end.column, 0), ")")))


def _nonempty_string(node: Node) -> bool:
    if node.type == "Literal":
        return isinstance(node.value, str) and node.value != "" and getattr(node, "regex", None) is None
    if node.type == "TemplateLiteral":
        return not node.expressions and any(q.value.cooked for q in node.quasis)
    return False


def _error_shadowed(hook: Hook) -> bool:
    """Does the file declare a variable named ``Error`` anywhere (then ``new Error`` may not be
    the global)?"""
    return any(node.name == "Error" and hook.scopes.variable(node) is not None
               for node in hook.tree.of_type("Identifier"))


def _kind(node: Node) -> str | None:
    kind = node.type
    if kind == "Literal":
        if getattr(node, "regex", None) is not None:
            return "a regular expression"
        if isinstance(node.value, bool):
            return f"`{'true' if node.value else 'false'}`"
        if isinstance(node.value, str):
            return "a string"
        if isinstance(node.value, (int, float)) or getattr(node, "bigint", None) is not None:
            return "a number"
        return None  # null
    return {
        "TemplateLiteral": "a string",
        "ObjectExpression": "an object literal",
        "ArrayExpression": "an array literal",
        "BinaryExpression": "a string built with `+`" if _concatenates(node) else
        f"the result of `{getattr(node, 'operator', '')}` (a string, number or boolean)",
    }.get(kind) if kind != "UnaryExpression" else _UNARY.get(node.operator)


def _concatenates(node: Node) -> bool:
    return node.operator == "+" and any(
        side.type == "TemplateLiteral" or side.type == "Literal" and isinstance(side.value, str)
        or side.type == "BinaryExpression" and _concatenates(side) for side in (node.left, node.right))


def _value(hook: Hook, node: Node) -> Node | None:
    """The literal an identifier (or a property of an object-literal variable) certainly holds."""
    if node is None or node.type not in ("Identifier", "MemberExpression"):
        return None
    if node.type == "Identifier":
        return _variable_value(hook.scopes.variable(node))
    base = unwrap(node.object)
    key = property_name(node)
    if base.type != "Identifier" or key is None:
        return None
    variable = hook.scopes.variable(base)
    holder = _variable_value(variable)
    if holder is None or holder.type != "ObjectExpression" or _member_written(hook, variable, key):
        return None
    for prop in holder.properties:
        if prop.type == "Property" and not prop.computed and _key(prop) == key:
            value = unwrap(prop.value)
            return value if _kind(value) is not None else None
    return None


def _variable_value(variable) -> Node | None:
    """The literal a variable certainly holds: its constant value, or the object literal every
    one of its definitions and writes assigns."""
    if variable is None:
        return None
    constant = unwrap(variable.constant_value())
    if constant is not None:
        return constant if _kind(constant) is not None else None
    values = [d.init for d in variable.definitions if d.type == "VariableDeclarator"]
    values += [w.writer.right for w in variable.writes
               if w.writer is not None and w.writer.type == "AssignmentExpression" and w.writer.operator == "="]
    if len(values) != len(variable.definitions) + len(variable.writes):
        return None
    values = [unwrap(v) for v in values]
    if values and all(v is not None and v.type in _OBJECTS for v in values):
        return values[0] if len({v.type for v in values}) == 1 else None
    return None


def _member_written(hook: Hook, variable, key: str) -> bool:
    """Is ``<variable>.<key>`` (or a computed member of it) assigned, updated or deleted anywhere?"""
    for ref in variable.references:
        member = hook.tree.parent(ref.identifier)
        if member is None or member.type != "MemberExpression" or member.object is not ref.identifier:
            continue
        if member.computed and property_name(member) is None or property_name(member) == key:
            parent = hook.tree.parent(member)
            if parent is not None and (parent.type == "AssignmentExpression" and parent.left is member
                                       or parent.type == "UpdateExpression"
                                       or parent.type == "UnaryExpression" and parent.operator == "delete"):
                return True
    return False


def _key(prop: Node) -> str | None:
    if prop.key.type == "Identifier":
        return prop.key.name
    return prop.key.value if prop.key.type == "Literal" and isinstance(prop.key.value, str) else None


def _advice(value: Node, point: str | None, cb: str, first: Node) -> str:
    falsy = value.type == "Literal" and not value.value and getattr(value, "regex", None) is None \
        and getattr(value, "bigint", None) is None
    if falsy:
        return ("Auth0 treats a falsy first argument as success and the hook does not fail; "
                "pass an Error to fail, or `null` to succeed")
    if value.type in _OBJECTS:
        result = first.name if first.type == "Identifier" else "result"
        return f"Auth0 treats it as an error and the hook fails; pass `{cb}(null, {result})` to succeed"
    if value.type == "UnaryExpression" or value.type == "BinaryExpression" and not _concatenates(value):
        return ("Auth0 fails the hook with a generic server error when it is truthy and succeeds when it is "
                "falsy; pass an Error to fail, or `null` to succeed")
    deny = _DENY.get(point or "", "new Error('...')")
    return f"Auth0 turns it into a generic server error; pass an Error to fail, e.g. `{cb}({deny})`"


RULE = CallbackErrorArgument()
