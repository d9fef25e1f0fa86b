"""HL107 error-class-not-available: an Auth0 error class the point does not define, or a
top-level declaration that collides with one the point's prelude defines."""

from __future__ import annotations

from typing import TYPE_CHECKING

from hooklint.checks.base import Rule
from hooklint.js.estree import Node, walk
from hooklint.hooks.points import ERROR_CLASSES

if TYPE_CHECKING:
    from hooklint.hooks.model import Hook

# The error classes some point's prelude defines; ExtensibilityUserError exists everywhere.
_POINT_CLASSES = frozenset({"InvalidScopeError", "InvalidRequestError", "ServerError",
                            "PreUserRegistrationError", "SendPhoneMessageError"})
_INSTEAD = {
    "credentials-exchange": "`InvalidRequestError`, `InvalidScopeError` or `ServerError`",
    "pre-user-registration": "`PreUserRegistrationError`",
    "post-user-registration": "a plain `Error` (this point ignores the outcome anyway)",
    "post-change-password": "a plain `Error` (this point ignores the outcome anyway)",
    "send-phone-message": "`SendPhoneMessageError`",
}
_GUARDS = {"IfStatement": "test", "ConditionalExpression": "test", "LogicalExpression": "left"}


class ErrorClassNotAvailable(Rule):
    id = "HL107"
    name = "error-class-not-available"

    def check(self, ctx) -> None:
        point, hook = ctx.point, ctx.hook
        if point is None:
            return
        defined = ERROR_CLASSES[point]
        for ref in hook.scopes.through:
            name = ref.identifier.name
            if name in _POINT_CLASSES - defined and not _guarded(hook, ref.identifier):
                ctx.report(self, ref.identifier,
                           f"`{name}` is not defined at {point} (Auth0's prelude for this point does not "
                           f"declare it): this throws a ReferenceError, so the denial never happens; use "
                           f"{_INSTEAD[point]}")
        for name, variable in hook.scopes.global_scope.variables.items():
            if name not in defined:
                continue
            for identifier in variable.identifiers:
                ctx.report(self, identifier,
                           f"`{name}` is already defined by Auth0's {point} prelude: this top-level "
                           "declaration collides with it once the prelude is prepended; remove it and use "
                           "the prelude's class")


def _guarded(hook: Hook, identifier: Node) -> bool:
    """Is this use a `typeof X` check, or inside a branch that tests `typeof X`?"""
    parent = hook.tree.parent(identifier)
    if parent is not None and parent.type == "UnaryExpression" and parent.operator == "typeof":
        return True
    for ancestor in hook.tree.ancestors(identifier):
        key = _GUARDS.get(ancestor.type)
        if key is not None and _tests_typeof(getattr(ancestor, key), identifier.name):
            return True
    return False


def _tests_typeof(test: Node, name: str) -> bool:
    found = []

    def visit(node: Node) -> None:
        if node.type == "UnaryExpression" and node.operator == "typeof" \
                and node.argument.type == "Identifier" and node.argument.name == name:
            found.append(node)

    walk(test, visit)
    return bool(found)


RULE = ErrorClassNotAvailable()
