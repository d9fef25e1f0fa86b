"""HL400 hardcoded-secret: a string literal used as a credential."""

from __future__ import annotations

from hooklint.checks.base import Rule
from hooklint.auth0.sensitive import hardcoded_secrets


class HardcodedSecret(Rule):
    id = "HL400"
    name = "hardcoded-secret"

    def check(self, ctx) -> None:
        program = ctx.program  # any kind; where the secret belongs is the program's to say
        for found in hardcoded_secrets(program):
            ctx.report(self, found.node,
                       f"{found.what} is hard-coded ({found.masked}): everyone who can read the {program.noun}'s "
                       f"source, its history or its exports can use it; {program.secret_store}")


RULE = HardcodedSecret()
