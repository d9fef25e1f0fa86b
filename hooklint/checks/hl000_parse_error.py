"""HL000 parse-error: the file is not JavaScript esprima can parse."""

from __future__ import annotations

from hooklint.checks.base import Rule


class ParseErrorRule(Rule):
    id = "HL000"
    name = "parse-error"
    needs_ast = False

    def check(self, ctx) -> None:
        if ctx.unanalysable is not None:
            region = ctx.source.file_region()
            ctx.report(self, region, f"cannot analyse this file: {ctx.unanalysable}")
        elif ctx.parse_error is not None:
            error = ctx.parse_error
            region = ctx.source.point_region(error.line, error.column)
            ctx.report(self, region, f"cannot parse: {error.message}; no other rule checked this file")


RULE = ParseErrorRule()
