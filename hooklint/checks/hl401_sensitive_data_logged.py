"""HL401 sensitive-data-logged: a password, a secret, the MFA code or an object holding them
is written to the log."""

from __future__ import annotations

import re

from hooklint.checks.base import Rule
from hooklint.sensitive import logged_arguments, taint

_ADVICE = {
    "password": "never log the password",
    "code": "never log the code",
    "context": "log only the fields you need",
    "user": "log only the fields you need, never `password`",
    "webtask": "log only the fields you need",
    "headers": "log only the headers you need, never `authorization`",
    "header": "never log it",
}
_SECRET_ADVICE = "log whether it is set, never its value"


class SensitiveDataLogged(Rule):
    id = "HL401"
    name = "sensitive-data-logged"

    def visit_CallExpression(self, node, ctx) -> None:
        for arg in logged_arguments(ctx.hook, node):
            found = taint(ctx.hook, arg)
            if found is None:
                continue
            shown = _short(ctx.source.slice(arg))
            if found.contained:
                what = f"and contains {found.phrase()}"
            elif found.origin == shown and found.kind not in ("context", "user", "webtask"):
                what = f"and is {found.description}"
            else:
                what = f"and is {found.phrase()}"
            ctx.report(self, arg, f"`{shown}` is written to the tenant logs {what}: those logs are read by far "
                                  f"more people and systems than the secrets store; "
                                  f"{_ADVICE.get(found.kind, _SECRET_ADVICE)}")


def _short(text: str, limit: int = 48) -> str:
    text = re.sub(r"\s+", " ", text).strip()
    return text if len(text) <= limit else text[: limit - 1] + "…"


RULE = SensitiveDataLogged()
