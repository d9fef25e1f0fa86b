"""HL100 missing-hook-export: the file does not export exactly one hook function."""

from __future__ import annotations

from hooklint.checks.base import Rule


class MissingHookExport(Rule):
    id = "HL100"
    name = "missing-hook-export"

    def check(self, ctx) -> None:
        for problem in ctx.hook.exports.problems:
            ctx.report(self, problem.node, problem.message)


RULE = MissingHookExport()
