"""Does an Action export what its trigger calls? The entry-point problems of an Action
(actions-rules.md, HL111), as a service: HL111 only reports them, HL002 leaves the
undecided trigger they explain to them, and the engine runs no other Action-only rule on
an Action that has one ("one root cause, one finding": nothing else about a handler means
anything when the entry point is wrong).

The problems, one root cause each, at most one per file:

- the metadata's trigger version is a retired ``v1`` (the 2021 beta contract,
  ``module.exports = async (event, context) => result``, auth0-actions.md §1.0) of a
  trigger whose current version is not ``v1``: at the version value in the metadata file;
- the trigger is decided (``--point``, config, pragma, metadata or the names) and the file
  exports no ``onExecute…`` of it: an entry point of another trigger, a misspelt name, only
  ``onContinuePostLogin``, or a function exported as the whole module (the Hooks shape);
  at that export, else line 1;
- entry points of two triggers in one file (decided or not): at the first export of the
  trigger that does not run;
- nothing decides the trigger of a file Action metadata names, and it exports no entry
  point (``module.exports = async (event, api) => …``): at that export, else line 1.

A trigger that nothing decides because an exported name is no trigger's (a typo with no
other evidence) stays HL002's, as does an unknown trigger id in the metadata or a pragma.
"""

from __future__ import annotations

from typing import NamedTuple

from hooklint.actions.model import Action, ResolvedEntryPoint
from hooklint.actions.triggers import ENTRY_POINTS, TRIGGERS
from hooklint.auth0.pragma import did_you_mean
from hooklint.auth0.program import Program, per_program
from hooklint.findings import Region
from hooklint.js.estree import Node, member_path

RULE_ID = "HL111"  # the rule that reports these problems
RETIRED_VERSION = "v1"  # the beta contract; still current for the triggers added since


class EntryPointProblem(NamedTuple):
    """What is wrong, and where: a node of the code, else a region in ``where`` (the
    metadata file), else (both None) line 1 of the code."""

    message: str
    node: Node | None = None
    region: Region | None = None
    where: str | None = None


def entry_point_problems(program: Program) -> tuple[EntryPointProblem, ...]:
    """The program's entry-point problem, if it has one (see the module's docstring): a hook
    has none (it has no entry points), so that HL002, which runs on both kinds, asks this
    without looking at the kind."""
    return _problems(program) if isinstance(program, Action) else ()


@per_program
def _problems(action: Action) -> tuple[EntryPointProblem, ...]:
    retired = _retired_version(action)
    if retired is not None:
        return (retired,)
    decision = action.trigger
    entries = action.entry_points
    if decision.point is not None:
        problem = _missing_entry_point(action, decision.point) or _two_triggers(entries, decision.point)
        return (problem,) if problem is not None else ()
    if decision.invalid is not None:
        return ()  # an unknown trigger id or a retired point name: HL002's
    if any(e.name not in ENTRY_POINTS for e in entries):
        return ()  # a name no trigger has and nothing else to go by: HL002's
    if entries:
        problem = _two_triggers(entries, None)
        return (problem,) if problem is not None else ()
    if action.source.action is not None:
        export = whole_module_export(action)
        message = ("exports no entry point" + (f" (`{member_path(export.left)} = …` is the Hooks shape, or the "
                                               "retired v1 contract)" if export is not None else "")
                   + ": an Action exports `exports.onExecute<Trigger> = async (event, api) => {…}`")
        return (EntryPointProblem(message, export.left if export is not None else None),)
    return ()


def _retired_version(action: Action) -> EntryPointProblem | None:
    metadata = action.source.action
    if metadata is None or metadata.version != RETIRED_VERSION or metadata.trigger is None:
        return None
    trigger = TRIGGERS.get(metadata.trigger.point or "")
    if trigger is None or trigger.version == RETIRED_VERSION:
        return None
    return EntryPointProblem(
        f"the {trigger.id} trigger's version `{RETIRED_VERSION}` in {metadata.where} is the retired beta contract "
        f"(`module.exports = async (event, context) => result`): use version `{trigger.version}` and export "
        f"`exports.{trigger.entry_points[0]} = async (event, api) => {{…}}`; no other Action rule checked it",
        region=metadata.version_region, where=metadata.where if metadata.version_region is not None else None)


def _missing_entry_point(action: Action, trigger_id: str) -> EntryPointProblem | None:
    """The decided trigger's ``onExecute…`` is not exported: at the first export."""
    trigger = TRIGGERS[trigger_id]
    wanted = trigger.entry_points[0]
    entries = action.entry_points
    if any(e.name == wanted for e in entries):
        return None
    how = f"the trigger is {trigger_id} ({action.trigger.evidence})"
    if entries:
        first = entries[0]
        names = ", ".join(f"`{name}`" + (f" ({ENTRY_POINTS[name]}'s)" if ENTRY_POINTS.get(name, trigger_id) !=
                                         trigger_id else "")
                          for name in dict.fromkeys(e.name for e in entries))
        hint = next((did_you_mean(e.name, [wanted]) for e in entries if did_you_mean(e.name, [wanted])), "")
        message = (f"exports {names}{hint} but not `{wanted}`, the entry point {trigger_id} calls: {how}; "
                   "the Action does not run")
        return EntryPointProblem(message, _export_site(first))
    export = whole_module_export(action)
    shape = f"`{member_path(export.left)} = …` exports no entry point (the Hooks shape, or the retired v1 contract)" \
        if export is not None else "exports no entry point"
    return EntryPointProblem(f"{shape}: {trigger_id} calls `exports.{wanted} = async (event, api) => {{…}}`; {how}",
                             export.left if export is not None else None)


def _two_triggers(entries: list[ResolvedEntryPoint], decided: str | None) -> EntryPointProblem | None:
    """Entry points of two (or more) triggers: at the first export of a trigger that is not
    the decided one (none decided: not the first exported one's)."""
    seen: dict[str, str] = {}  # trigger -> its first entry point's name
    if decided is not None:
        seen[decided] = next(e.name for e in entries if ENTRY_POINTS.get(e.name) == decided)
    for entry in entries:
        trigger = ENTRY_POINTS.get(entry.name)
        if trigger is None:
            continue
        if seen and trigger not in seen:
            first_trigger, first_name = next(iter(seen.items()))
            return EntryPointProblem(
                f"exports entry points of two triggers, `{first_name}` ({first_trigger}) and `{entry.name}` "
                f"({trigger}): an Action runs at one trigger, so one of them never runs; split it into two Actions",
                _export_site(entry))
        seen.setdefault(trigger, entry.name)
    return None


def _export_site(entry: ResolvedEntryPoint) -> Node:
    """Where an entry point is named: ``exports.NAME`` of an assignment, a property's key."""
    node = entry.node
    return node.left if node.type == "AssignmentExpression" else node.key


def whole_module_export(action: Action) -> Node | None:
    """The last top-level ``module.exports = …`` (or ``exports = …``) whose value is not an
    object literal: a function exported as the whole module (the hook's shape)."""
    found = None
    for statement in action.parsed.program.body:
        expression = statement.expression if statement.type == "ExpressionStatement" else None
        while expression is not None and expression.type == "AssignmentExpression" and expression.operator == "=":
            if member_path(expression.left) in ("module.exports", "exports") and \
                    expression.right.type != "ObjectExpression":
                found = expression
            expression = expression.right
    return found
