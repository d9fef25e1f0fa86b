"""HL400 hardcoded-secret: a string literal used as a credential."""

from __future__ import annotations

from hooklint.checks.base import Rule
from hooklint.auth0.sensitive import hardcoded_secrets


class HardcodedSecret(Rule):
    id = "HL400"
    name = "hardcoded-secret"

    def check(self, ctx) -> None:
        for found in hardcoded_secrets(ctx.hook):
            ctx.report(self, found.node,
                       f"{found.what} is hard-coded ({found.masked}): everyone who can read the hook's source, "
                       f"its history or its exports can use it; store it as a hook secret and read it from "
                       f"`context.webtask.secrets`")


RULE = HardcodedSecret()
