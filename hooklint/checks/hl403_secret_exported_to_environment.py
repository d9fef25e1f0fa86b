"""HL403 secret-exported-to-environment: a hook secret copied into ``process.env``.

The message names the variable written (``process.env.NAME``) and the secret by where it
comes from (``context.webtask.secrets.API_KEY``); it never quotes source text, which may
hold literals.
"""

from __future__ import annotations

import re

from hooklint.checks.base import Rule
from hooklint.js.estree import unwrap
from hooklint.auth0.sensitive import SECRET_KINDS, env_writes, name_path, taint


class SecretExportedToEnvironment(Rule):
    id = "HL403"
    name = "secret-exported-to-environment"

    def check(self, ctx) -> None:
        for write in env_writes(ctx.program):
            for value in write.values:
                found = taint(ctx.program, value)
                if found is None or found.kind not in SECRET_KINDS:
                    continue
                what = f"a value built from {found.phrase()}" if found.contained else found.phrase()
                target = f"`{_target(write)}` is set to" \
                    if write.node.type == "AssignmentExpression" else "`Object.assign(process.env, …)` copies"
                ctx.report(self, write.node,
                           f"{target} {what}: `process.env` is shared by every module in the process, "
                           f"inherited by child processes and outlives the invocation; pass the secret to "
                           f"the code that needs it instead")
                break


def _target(write) -> str:
    """``process.env.NAME`` (or ``env.NAME`` through an alias) without quoting a computed key's expression."""
    left = unwrap(write.node.left)
    shown = name_path(left)
    if shown is not None:
        return shown
    base = name_path(left.object) or "process.env"
    if write.name is not None and re.fullmatch(r"[A-Za-z_$][\w$]*", write.name):
        return f"{base}.{write.name}"
    return f"{base}[…]"


RULE = SecretExportedToEnvironment()
