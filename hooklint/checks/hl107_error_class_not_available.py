"""HL107 error-class-not-available: an Auth0 error class the point does not define, or a
top-level declaration that collides with one the point's prelude defines."""

from __future__ import annotations

from hooklint.checks.base import Rule
from hooklint.auth0.conditions import typeof_guarded
from hooklint.hooks.points import ERROR_CLASSES

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
            if name in _POINT_CLASSES - defined and not typeof_guarded(hook, ref.identifier):
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




RULE = ErrorClassNotAvailable()
