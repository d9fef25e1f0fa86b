"""The Action model: a Program (``hooklint.auth0.program``) whose entry function is the
handler its trigger calls, one of the entry points the file exports (auth0-actions.md §2.1:
the handler is an exported property, ``exports.onExecutePostLogin = async (event, api) =>
…``), with its trigger and the roles ``event`` and ``api`` (its first and second parameters).

What is an Action (actions-rules.md, "What is an Action, and its trigger"): a file that
exports an entry point, in CommonJS or with ES ``export`` syntax (which Auth0 does not load:
HL117), or one that Action metadata names (``Source.action``, from ``run.metadata``),
whatever it exports. ``module.exports = async (event, api) => …`` exports none (that is a
hook's shape, or the retired v1 contract): without metadata such a file stays a hook; with
it, it is an Action with no entry point (HL111). An exported value that is certainly not a
function (``exports.onExecuteCredentialsExchange = undefined`` beside the real handler) is
no entry point: it decides no trigger (``is_not_function``).

The trigger is decided in this order: ``--point``, config ``points``, the
``// hooklint: point=<trigger>`` pragma, the metadata (``supported_triggers[0].id``), then
the entry points' names.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import ClassVar, NamedTuple

from hooklint.actions.triggers import ENTRY_POINTS, TRIGGERS, check_name, is_entry_point_name
from hooklint.auth0.pragma import did_you_mean, pragma_decision
from hooklint.auth0.program import Program
from hooklint.findings import PointDecision
from hooklint.js.estree import Node, Tree, member_path
from hooklint.js.parse import Parsed
from hooklint.js.scope import ScopeAnalysis
from hooklint.js.source import Source
from hooklint.js.values import local_function, resolve

ROLES: tuple[str, ...] = ("event", "api")  # by position, at every trigger (v2 and later)


class EntryPoint(NamedTuple):
    """One exported entry point: its name, where it is exported, and its value."""

    name: str
    node: Node  # the property or assignment that exports it
    value: Node  # the exported expression (a shorthand property's is its identifier)


class ResolvedEntryPoint(NamedTuple):
    name: str
    node: Node
    value: Node
    function: Node | None  # the function the value certainly is, through local declarations


def entry_points(parsed: Parsed) -> list[EntryPoint]:
    """The entry points the file exports at its top level, in source order:
    ``exports.NAME = …``, ``module.exports.NAME = …`` and ``module.exports = {NAME: …}``
    (a property, a shorthand or a method), where NAME has an entry point's shape; and the
    ES named exports of such a NAME (``export async function NAME``, ``export const NAME =
    …``, ``export { NAME }``): Auth0 does not load those (HL117), but the file is meant as
    an Action and is checked as one. Cheap, without scopes: the engine asks it to decide
    the file's kind."""
    found: list[EntryPoint] = []
    for statement in parsed.program.body:
        if statement.type == "ExportNamedDeclaration":
            found += _es_entry_points(statement)
            continue
        if statement.type != "ExpressionStatement":
            continue
        expression = statement.expression
        names: list[tuple[str, Node]] = []
        whole = False
        while expression.type == "AssignmentExpression" and expression.operator == "=":
            path = member_path(expression.left)
            if path in ("module.exports", "exports"):
                whole = True
            elif path is not None:
                for prefix in ("module.exports.", "exports."):
                    name = path[len(prefix):] if path.startswith(prefix) else ""
                    if name and "." not in name and is_entry_point_name(name):
                        names.append((name, expression))
            expression = expression.right
        found += [EntryPoint(name, node, expression) for name, node in names]
        if whole and expression.type == "ObjectExpression":
            found += _object_entry_points(expression)
    return found


def _es_entry_points(statement: Node) -> list[EntryPoint]:
    """The entry points of one ``export`` statement (a module parse: see ``js.parse``). A
    declaration's value is the function declared, or the variable's initialiser (its name
    when it has none); a specifier's is its local name, or, re-exported from another module
    (``export { NAME } from './impl'``), the exported name, which resolves to nothing here."""
    declaration = statement.declaration
    if declaration is not None:
        if declaration.type == "FunctionDeclaration" and declaration.id is not None \
                and is_entry_point_name(declaration.id.name):
            return [EntryPoint(declaration.id.name, statement, declaration)]
        if declaration.type == "VariableDeclaration":
            return [EntryPoint(d.id.name, d, d.init if d.init is not None else d.id) for d in declaration.declarations
                    if d.id.type == "Identifier" and is_entry_point_name(d.id.name)]
        return []
    found = []
    for spec in statement.specifiers or []:
        exported = spec.exported
        name = exported.name if exported.type == "Identifier" else \
            exported.value if exported.type == "Literal" and isinstance(exported.value, str) else None
        if name is not None and is_entry_point_name(name):
            found.append(EntryPoint(name, spec, spec.local if statement.source is None else exported))
    return found


def _object_entry_points(literal: Node) -> list[EntryPoint]:
    found = []
    for prop in literal.properties:
        if prop.type != "Property" or prop.kind != "init":
            continue
        key = prop.key
        name = key.name if not prop.computed and key.type == "Identifier" else \
            key.value if key.type == "Literal" and isinstance(key.value, str) else None
        if name is not None and is_entry_point_name(name):
            found.append(EntryPoint(name, prop, prop.value))
    return found


# Values that are never a function, whatever they hold.
_NOT_FUNCTIONS = frozenset({"Literal", "TemplateLiteral", "ObjectExpression", "ArrayExpression"})


def is_not_function(value: Node, scopes: ScopeAnalysis) -> bool:
    """Is an exported value certainly not a function (``exports.onExecutePostLogin = 5``,
    ``= undefined``, ``= void 0``, ``= { enabled: false }``), also through a constant
    variable? Then it is no entry point: Auth0 cannot call it, and it names no trigger.
    Anything else (a call, a ``require``, a variable that may hold a function) may be one."""
    value = resolve(value, scopes)
    if value is None:
        return False
    if value.type == "Identifier":
        return value.name == "undefined" and scopes.variable(value) is None  # the global, not shadowed
    if value.type == "UnaryExpression":
        return value.operator in ("void", "typeof", "!", "-", "+", "~", "delete")
    return value.type in _NOT_FUNCTIONS


def _resolve(entry: EntryPoint, scopes: ScopeAnalysis) -> ResolvedEntryPoint:
    """The entry point with the function its value is, followed through constant local
    variables and function declarations (``const onExecutePostLogin = async …;
    exports.onExecutePostLogin = onExecutePostLogin``): ``js.values.local_function``."""
    return ResolvedEntryPoint(entry.name, entry.node, entry.value, local_function(entry.value, scopes))


def resolve_trigger(source: Source, comments: list[Node], entries: list[ResolvedEntryPoint]) -> PointDecision:
    """The Action's trigger, in the documented order (see the module's docstring)."""
    hint = source.point_hint
    if hint is not None and hint.how in ("option", "config") and hint.point is not None:
        problem = check_name(hint.point)
        if problem is None:
            return hint
        return PointDecision(None, hint.how, f"{hint.evidence}: {problem}", invalid=hint.point)
    decided = pragma_decision(source, comments, check_name)
    if decided is not None:
        return decided
    if source.action is not None and source.action.trigger is not None:
        return source.action.trigger  # checked by discovery: invalid, at the value, for an unknown id
    return infer_trigger(source, entries)


def infer_trigger(source: Source, entries: list[ResolvedEntryPoint]) -> PointDecision:
    """The trigger the entry points' names name: one trigger for them all decides. A name
    no trigger has is reported where it is exported."""
    if not entries:
        return PointDecision(None, "undetermined", "exports no function as an entry point")
    names = list(dict.fromkeys(e.name for e in entries))
    unknown = next((e for e in entries if e.name not in ENTRY_POINTS), None)
    if unknown is not None:
        return PointDecision(None, "undetermined",
                             f"exports `{unknown.name}`, which is no trigger's entry point"
                             f"{did_you_mean(unknown.name, ENTRY_POINTS)}", region=source.region(unknown.node))
    triggers = list(dict.fromkeys(ENTRY_POINTS[name] for name in names))
    if len(triggers) == 1:
        return PointDecision(triggers[0], "inferred", "exports " + ", ".join(names))
    detail = ", ".join(f"`{name}` ({ENTRY_POINTS[name]})" for name in names)
    return PointDecision(None, "undetermined", f"entry points of different triggers: {detail}")


def handler(entries: list[ResolvedEntryPoint], trigger: str | None) -> ResolvedEntryPoint | None:
    """The entry point Auth0 starts the Action with: the first of the decided trigger's entry
    points that the file exports, else the first entry point exported."""
    if trigger is not None:
        by_name = {e.name: e for e in reversed(entries)}  # the first export of each name
        for name in TRIGGERS[trigger].entry_points:
            if name in by_name:
                return by_name[name]
    return entries[0] if entries else None


@dataclass(kw_only=True)
class Action(Program):
    """An Action: a Program whose entry function is its handler (``function``: the decided
    trigger's entry point, else the first exported one), whose roles are ``event`` and
    ``api``, and whose ``trigger`` is decided as the module's docstring says."""

    kind: ClassVar[str] = "action"
    noun: ClassVar[str] = "Action"
    point_noun: ClassVar[str] = "trigger"
    secret_store: ClassVar[str] = "store it as an Action secret and read it from `event.secrets.NAME`"  # §2.4
    run_ends: ClassVar[str] = "when Auth0 stops the trigger execution"  # §2.3: at 20 s
    held_until: ClassVar[str] = ("until the trigger execution fails at its 20 s limit (Auth0 advises HTTP "
                                 "timeouts under 10 s)")  # §2.3
    give_up: ClassVar[str] = "with an error"
    entry_noun: ClassVar[str] = "handler"
    token_cache: ClassVar[str] = (  # §2.5, §2.9: the token in api.cache, the client built from it
        "keep the token between executions in `api.cache` (`const cached = api.cache.get('mgmt_token'); let token "
        "= cached?.value; if (!token) { ({ access_token: token, expires_in } = await auth.oauth"
        ".clientCredentialsGrant(...)); api.cache.set('mgmt_token', token, { ttl: expires_in * 1000 }); }` then "
        "`new ManagementClient({ domain, token })`), or in a module-scope variable, since per-run tokens are the "
        "most common cause of 429s")
    entry_points: list[ResolvedEntryPoint] = field(default_factory=list)
    trigger: PointDecision

    @property
    def decision(self) -> PointDecision:
        return self.trigger

    @property
    def point_name(self) -> str | None:
        return self.trigger.point

    @property
    def entry_functions(self) -> list[Node]:
        """Every exported entry point's function: Auth0 calls each per execution (a redirect's
        ``onContinuePostLogin`` as much as ``onExecutePostLogin``), not only the handler."""
        return list({id(e.function): e.function for e in self.entry_points if e.function is not None}.values())

    def parameters(self, role: str) -> list[Node]:
        """The parameter at ``role``'s position in every exported entry point."""
        position = ROLES.index(role) if role in ROLES else None
        return [e.function.params[position] for e in self.entry_points
                if position is not None and e.function is not None and position < len(e.function.params)]


def build(source: Source, parsed: Parsed, exported: list[EntryPoint]) -> Action:
    """The Action of a file whose entry points (``entry_points(parsed)``) are ``exported``."""
    tree = Tree(parsed.program)
    scopes = ScopeAnalysis(parsed.program)
    # a value that is certainly not a function is no entry point (it still makes the file
    # an Action: it is meant as one), so it decides no trigger
    entries = [_resolve(e, scopes) for e in exported if not is_not_function(e.value, scopes)]
    decision = resolve_trigger(source, parsed.comments, entries)
    chosen = handler(entries, decision.point)
    function = chosen.function if chosen is not None else None
    roles = {role: param for role, param in zip(ROLES, function.params)} if function is not None else {}
    return Action(source=source, parsed=parsed, tree=tree, scopes=scopes, function=function, roles=roles,
                  entry_points=entries, trigger=decision)
