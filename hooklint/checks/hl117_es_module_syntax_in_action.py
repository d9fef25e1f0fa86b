"""HL117 es-module-syntax-in-action: a top-level ``import`` or ``export`` statement in an
Action, which Auth0 loads as CommonJS (auth0-actions.md §2.1)."""

from __future__ import annotations

from hooklint.checks.base import Rule
from hooklint.js.estree import Node

_EXPORTS = ("ExportNamedDeclaration", "ExportDefaultDeclaration", "ExportAllDeclaration")


class EsModuleSyntaxInAction(Rule):
    id = "HL117"
    name = "es-module-syntax-in-action"

    def check(self, ctx) -> None:
        program = ctx.program
        if program.parsed.source_type != "module":
            return  # only a module parse has import or export statements
        for statement in program.parsed.program.body:
            if statement.type == "ImportDeclaration":
                ctx.report(self, statement,
                           "`import` is ES module syntax, and Auth0 loads an Action as CommonJS: the Action does "
                           f"not compile; use {_require(statement)}")
            elif statement.type in _EXPORTS:
                ctx.report(self, statement,
                           "`export` is ES module syntax, and Auth0 loads an Action as CommonJS: the Action does "
                           f"not compile; use {_exports(statement)}")


def _require(statement: Node) -> str:
    module = statement.source.value
    specifiers = statement.specifiers or []
    if not specifiers:
        return f"`require('{module}')`"
    default = next((s.local.name for s in specifiers if s.type == "ImportDefaultSpecifier"), None)
    whole = next((s.local.name for s in specifiers if s.type == "ImportNamespaceSpecifier"), None)
    named = [s for s in specifiers if s.type == "ImportSpecifier"]
    if named and default is None and whole is None:
        parts = ", ".join(s.local.name if _name(s.imported) == s.local.name else f"{_name(s.imported)}: {s.local.name}"
                          for s in named)
        return f"`const {{ {parts} }} = require('{module}')`"
    return f"`const {default or whole} = require('{module}')`"


def _exports(statement: Node) -> str:
    declaration = getattr(statement, "declaration", None)
    if statement.type == "ExportNamedDeclaration" and declaration is not None:
        if declaration.type == "FunctionDeclaration":
            name = declaration.id.name
            return f"the declaration without `export`, then `exports.{name} = {name};`"
        names = [d.id.name for d in getattr(declaration, "declarations", []) if d.id.type == "Identifier"]
        if names:
            return f"`exports.{names[0]} = …`"
    if statement.type == "ExportNamedDeclaration" and statement.source is None and statement.specifiers:
        return "`" + "; ".join(f"exports.{_name(s.exported)} = {s.local.name}" for s in statement.specifiers) + "`"
    return "`exports.NAME = …` for each entry point (Auth0 calls the entry points by name, never a default export)"


def _name(node: Node) -> str:
    return node.name if node.type == "Identifier" else str(node.value)


RULE = EsModuleSyntaxInAction()
