"""HL401 sensitive-data-logged: a password, a secret, the MFA code or an object holding them
is written to the log.

The message never quotes the logged argument's source text, which may hold literals (a
token in a prefix, a fallback value): it names the argument only when it is a plain name
(``apiKey``, ``ctx.webtask.secrets``), and otherwise by its position in the call, and it
describes the sensitive value by where it comes from (``context.webtask.secrets.API_KEY``).
"""

from __future__ import annotations

from hooklint.checks.base import Rule
from hooklint.js.estree import member_path
from hooklint.auth0.sensitive import logged_arguments, name_path, taint, thrown_messages

_ADVICE = {
    "password": "never log the password",
    "code": "never log the code",
    "context": "log only the fields you need",
    "user": "log only the fields you need, never `password`",
    "webtask": "log only the fields you need",
    "headers": "log only the headers you need, never `authorization`",
    "header": "never log it",
    "event": "log only the fields you need",
    "request": "log only the fields you need, never the body",
    "body": "log only the fields you need, never `client_secret`",
    "message_options": "log only the fields you need, never the code",
    "notification": "log only the fields you need, never the code",
    "transaction": "log only the fields you need, never the tokens",
    "token": "never log the token",
    "token_response": "log only the fields you need, never the token",
    "response_token": "never log the token",
}
_SECRET_ADVICE = "log whether it is set, never its value"
_ORDINALS = ("first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth")


class SensitiveDataLogged(Rule):
    id = "HL401"
    name = "sensitive-data-logged"

    def check(self, ctx) -> None:
        for node in ctx.program.tree.of_type("CallExpression"):  # in pre-order
            self._check(node, logged_arguments(ctx.program, node), ctx, "is written to the tenant logs")
        for error, arg in thrown_messages(ctx.program):
            self._check(error, [arg], ctx, "is thrown as an error message (Auth0 writes it to the tenant logs "
                                           "and may return it to the application)")

    def _check(self, node, arguments, ctx, sink: str) -> None:
        for arg in arguments:
            found = taint(ctx.program, arg)
            if found is None:
                continue
            name = name_path(arg)
            if name is not None:
                subject = f"`{name}`"
            else:
                subject = f"the {_ordinal(node, arg)} argument of `{member_path(node.callee) or 'this call'}`"
            if found.contained:
                what = f"and contains {found.phrase()}"
            elif found.origin == name and not found.whole:
                what = f"and is {found.description}"
            else:
                what = f"and is {found.phrase()}"
            ctx.report(self, arg, f"{subject} {sink} {what}: those logs are read by far "
                                  f"more people and systems than the secrets store; "
                                  f"{_ADVICE.get(found.kind, _SECRET_ADVICE)}")


def _ordinal(call, arg) -> str:
    index = next((i for i, a in enumerate(call.arguments) if a is arg), None)
    if index is None:
        return "logged"
    return _ORDINALS[index] if index < len(_ORDINALS) else f"{index + 1}th"


RULE = SensitiveDataLogged()
