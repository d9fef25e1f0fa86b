"""HL403 secret-exported-to-environment: a hook secret copied into ``process.env``."""

from __future__ import annotations

from hooklint.checks.base import Rule
from hooklint.sensitive import SECRET_KINDS, env_writes, taint


class SecretExportedToEnvironment(Rule):
    id = "HL403"
    name = "secret-exported-to-environment"

    def begin(self, ctx) -> None:
        for write in env_writes(ctx.hook):
            for value in write.values:
                found = taint(ctx.hook, value)
                if found is None or found.kind not in SECRET_KINDS:
                    continue
                what = f"a value built from {found.phrase()}" if found.contained else found.phrase()
                target = f"`{_short(ctx.source.slice(write.node.left))}` is set to" \
                    if write.node.type == "AssignmentExpression" else "`Object.assign(process.env, …)` copies"
                ctx.report(self, write.node,
                           f"{target} {what}: `process.env` is shared by every module in the process, "
                           f"inherited by child processes and outlives the invocation; pass the secret to "
                           f"the code that needs it instead")
                break


def _short(text: str, limit: int = 48) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


RULE = SecretExportedToEnvironment()
