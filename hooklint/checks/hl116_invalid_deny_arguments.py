"""HL116 invalid-deny-arguments: ``api.access.deny`` or ``api.validation.error`` called with
arguments its trigger refuses (auth0-actions.md §1.2, §1.3, §1.9).

Action-only, at the triggers whose signatures differ from post-login's ``deny(reason)``:

- credentials-exchange, ``deny(code, reason?)``: the code must be ``invalid_scope``,
  ``invalid_request`` or ``server_error`` (a sentence passed as the code is the mistake);
- pre-user-registration, ``deny(reason, userMessage)``: both are required (with one, the
  user is shown no message); ``validation.error(code, message)``: both required, each at
  most 100 characters (Auth0's validator);
- custom-token-exchange, ``deny(code, reason)``: both are required (any code).

The calls come from the roles service (``api_calls``: through aliases, destructuring and
helpers), the constants from ``js.values.string_value`` (followed through variables). A
spread argument, or a value that is not a constant, keeps the rule silent.
"""

from __future__ import annotations

from typing import NamedTuple

from hooklint.actions.roles import ApiCall, api_calls
from hooklint.checks.base import Rule
from hooklint.js.values import string_value

_DENY = ("api", "access", "deny")
_VALIDATION_ERROR = ("api", "validation", "error")
_CODES = ("invalid_scope", "invalid_request", "server_error")  # §1.2: the protocol error codes
_MAX_LENGTH = 100  # §1.3: validation.error's code and message, each


class _Signature(NamedTuple):
    parameters: tuple[str, ...]  # the names, for messages
    required: int  # how many are required
    codes: tuple[str, ...] | None = None  # the values the first may take; None: any
    max_length: int | None = None  # the longest constant each may be


# (trigger, method) -> its signature
_SIGNATURES: dict[tuple[str, tuple[str, ...]], _Signature] = {
    ("credentials-exchange", _DENY): _Signature(("code", "reason"), 1, codes=_CODES),
    ("pre-user-registration", _DENY): _Signature(("reason", "userMessage"), 2),
    ("pre-user-registration", _VALIDATION_ERROR): _Signature(("code", "message"), 2, max_length=_MAX_LENGTH),
    ("custom-token-exchange", _DENY): _Signature(("code", "reason"), 2),
}


class InvalidDenyArguments(Rule):
    id = "HL116"
    name = "invalid-deny-arguments"

    def check(self, ctx) -> None:
        action = ctx.program
        for call in api_calls(action):
            signature = _SIGNATURES.get((ctx.point, call.path))
            if signature is not None:
                self._check_call(ctx, call, signature)

    def _check_call(self, ctx, call: ApiCall, signature: _Signature) -> None:
        args = call.arguments
        if any(arg.type == "SpreadElement" for arg in args):
            return  # which argument is which is not known
        method = ".".join(call.path)
        trigger = ctx.point
        shown = ", ".join(signature.parameters)
        if len(args) < signature.required:
            missing = ", ".join(f"`{p}`" for p in signature.parameters[len(args):signature.required])
            ctx.report(self, call.call,
                       f"`{method}` at {trigger} takes ({shown}); {missing} is missing"
                       f"{_consequence(trigger, call.path)}")
            return
        scopes = ctx.program.scopes
        if signature.codes is not None:
            code = string_value(args[0], scopes)
            if code is not None and code not in signature.codes:
                allowed = ", ".join(f"`{c}`" for c in signature.codes)
                ctx.report(self, args[0],
                           f"`{method}` at {trigger} takes an OAuth error code first, one of {allowed}, then the "
                           f"reason; `{_short(code)}` is not one (a reason passed as the code?)")
        if signature.max_length is not None:
            for name, arg in zip(signature.parameters, args):
                value = string_value(arg, scopes)
                length = len(value.encode("utf-16-le")) // 2 if value is not None else 0  # JavaScript's length
                if length > signature.max_length:
                    ctx.report(self, arg,
                               f"`{method}` at {trigger} accepts a `{name}` of at most {signature.max_length} "
                               f"characters; this one has {length}: Auth0's validator refuses the call, so the user "
                               f"does not get this message")


def _consequence(trigger: str, path: tuple[str, ...]) -> str:
    if trigger == "credentials-exchange":
        return ": Auth0 needs the OAuth error code (`invalid_scope`, `invalid_request` or `server_error`)"
    if trigger == "pre-user-registration" and path == _DENY:
        return ": the user is shown no message (`reason` goes only to the tenant logs)"
    if trigger == "pre-user-registration":
        return ": Auth0 requires both, each a string of at most 100 characters"
    return ": Auth0 requires both"


def _short(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[:limit - 1] + "…"


RULE = InvalidDenyArguments()
