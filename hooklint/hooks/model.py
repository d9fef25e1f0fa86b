"""The hook model: a Program (``hooklint.auth0.program``) whose entry function is what the
file exports, with its extensibility point and its parameters by role."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import ClassVar, Literal, NamedTuple

from hooklint.auth0.program import Program
from hooklint.hooks import points
from hooklint.js.estree import Node, Tree, is_function, member_path
from hooklint.js.parse import Parsed
from hooklint.js.scope import ScopeAnalysis
from hooklint.findings import PointDecision
from hooklint.js.source import Source

ExportTarget = Literal["module.exports", "exports", "return"]

# Values that are certainly not a function when assigned to module.exports.
_NOT_CALLABLE = {
    "Literal": "a literal",
    "ObjectExpression": "an object literal",
    "ArrayExpression": "an array",
    "TemplateLiteral": "a string",
    "ClassExpression": "a class (Auth0 calls the export without `new`)",
    "ClassDeclaration": "a class (Auth0 calls the export without `new`)",
    "NewExpression": "an object built with `new`",
    "BinaryExpression": "the result of an operator",
    "UnaryExpression": "the result of an operator",
    "UpdateExpression": "a number",
}


class Export(NamedTuple):
    """One statement that sets what the file exports."""

    statement: Node
    target: ExportTarget
    value: Node
    function: Node | None  # the function it resolves to, if certain
    not_callable: str | None  # what it certainly is instead, if certain


class ExportProblem(NamedTuple):
    node: Node | None  # None: the file as a whole (line 1)
    message: str


@dataclass
class ExportAnalysis:
    exports: list[Export] = field(default_factory=list)
    problems: list[ExportProblem] = field(default_factory=list)
    function: Node | None = None
    export: Export | None = None


def analyse_exports(parsed: Parsed, scopes: ScopeAnalysis) -> ExportAnalysis:
    result = ExportAnalysis()
    program = parsed.program
    if parsed.source_type == "rules-style":
        fn = program.body[0].expression
        result.problems.append(ExportProblem(
            fn, "a bare `function (...) {...}` is a Rule, not a hook: Auth0 runs only the function "
                "assigned to `module.exports`"))
        return result
    esm = [s for s in program.body if s.type.startswith("Export")] or \
        [s for s in program.body if s.type == "ImportDeclaration"]
    if esm:
        result.problems.append(ExportProblem(
            esm[0], "ES module syntax: Auth0 hooks are CommonJS scripts and must export with "
                    "`module.exports = function (...) {...}`"))
        return result
    property_exports: list[str] = []
    for statement in program.body:
        kind = statement.type
        if kind == "ReturnStatement" and statement.argument is not None:
            result.exports.append(_export(statement, "return", statement.argument, scopes))
        elif kind == "ExpressionStatement":
            expression = statement.expression
            targets: list[str] = []
            while expression.type == "AssignmentExpression" and expression.operator == "=":
                path = member_path(expression.left)
                if path in ("module.exports", "exports"):
                    targets.append(path)
                elif path and path.startswith(("module.exports.", "exports.")):
                    property_exports.append(path)
                expression = expression.right
            if targets:
                target: ExportTarget = "module.exports" if "module.exports" in targets else "exports"
                result.exports.append(_export(statement, target, expression, scopes))

    if not result.exports:
        result.problems.append(ExportProblem(None, _no_export_message(program, property_exports)))
        return result
    first = result.exports[0]
    for again in result.exports[1:]:
        result.problems.append(ExportProblem(
            again.statement, f"`{again.target}` is assigned again (first on line "
                             f"{first.statement.loc.start.line}): only the last assignment is the hook"))
    last = result.exports[-1]
    result.export = last
    if last.not_callable is not None:
        result.problems.append(ExportProblem(
            last.statement, f"`{last.target}` is {last.not_callable}, not a function: "
                            "Auth0 fails with \"Supplied code must return or export a function\""))
    result.function = last.function
    return result


def _export(statement: Node, target: ExportTarget, value: Node, scopes: ScopeAnalysis) -> Export:
    seen = 0
    while value.type == "Identifier" and seen < 8:
        variable = scopes.variable(value)
        constant = variable.constant_value() if variable is not None else None
        if constant is None:
            return Export(statement, target, value, None, None)
        value = constant
        seen += 1
    if is_function(value):
        return Export(statement, target, value, value, None)
    return Export(statement, target, value, None, _NOT_CALLABLE.get(value.type))


def _no_export_message(program: Node, property_exports: list[str]) -> str:
    if property_exports:
        return (f"`{property_exports[0]}` only adds a property: Auth0 runs the function assigned to "
                "`module.exports`, and this file assigns none")
    declared = [s.id.name for s in program.body if s.type == "FunctionDeclaration" and s.id is not None]
    if declared:
        return (f"function `{declared[-1]}` is declared but never exported: add "
                f"`module.exports = {declared[-1]};` (Auth0 runs only `module.exports`)")
    return "no `module.exports = function (...) {...}`: Auth0 rejects a hook that exports no function"


@dataclass(kw_only=True)
class Hook(Program):
    """A hook: a Program whose entry function is what the file exports (``exports``) and
    whose parameters' roles follow its extensibility point (``point``)."""

    kind: ClassVar[str] = "hook"
    noun: ClassVar[str] = "hook"
    point_noun: ClassVar[str] = "extensibility point"
    secret_store: ClassVar[str] = "store it as a hook secret and read it from `context.webtask.secrets`"
    run_ends: ClassVar[str] = "when Auth0 kills the hook"
    held_until: ClassVar[str] = "until Auth0 kills it at 20 s"
    give_up: ClassVar[str] = "with `cb(err)`"
    entry_noun: ClassVar[str] = "hook"
    token_cache: ClassVar[str] = ("keep it in a module-scope variable and reuse it (`let management; … management = "
                                  "management || new ManagementClient(...)`), since per-run tokens are the most "
                                  "common cause of 429s")
    exports: ExportAnalysis
    point: PointDecision

    @property
    def decision(self) -> PointDecision:
        return self.point

    @property
    def point_name(self) -> str | None:
        return self.point.point


def build(source: Source, parsed: Parsed) -> Hook:
    tree = Tree(parsed.program)
    scopes = ScopeAnalysis(parsed.program)
    exports = analyse_exports(parsed, scopes)
    decision = points.resolve(source, parsed.comments, exports.function)
    roles = points.bind_roles(decision.point, exports.function)
    return Hook(source=source, parsed=parsed, tree=tree, scopes=scopes, function=exports.function, roles=roles,
                exports=exports, point=decision)
