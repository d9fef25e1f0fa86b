"""Which ``api`` calls happen on which paths of an Action's handlers: the flow service.

The same interpreter that follows a hook's callback (``js/flow.py``, HL102-HL104) runs over
each exported entry point's function with ``api`` methods as its target, found through the
roles service (``roles.role_path``: aliases, destructuring, helpers that receive ``api``),
and the call sites a rule asks about as observed calls. Helpers of the file are followed as
the flow service follows them for a callback: a helper that calls the target on every path is
a call of it, on some paths a possible one; a helper that holds an observed call counts at
its call site; a helper hooklint cannot see into does nothing (the rules stay silent).

- ``api_flow(action, function, targets, observed)``: the flow of one handler, memoised.
- ``reached_calls(action, function, paths)``: the call sites of those ``api`` methods the
  handler reaches (through helpers: the helper's call site), and those reached on a path
  that has already made one (HL119, HL223).
- ``after_deny(action)``: HL115's answer. On a path after ``api.access.deny(…)`` or
  ``api.validation.error(…)``, the first command (``roles.is_command``) or outbound call
  (``auth0.http_calls``, ``auth0.management_calls``) it reaches, one per deny; only at a
  blocking trigger (where the rule runs). Logging is neither.
- ``calls_after_deny(program)``: the ids of the calls HL115 reports, for HL112
  (actions-rules.md, precedence: "HL112 does not fire for a call that HL115 reports");
  none for a program that is not an Action.
"""

from __future__ import annotations

from typing import NamedTuple

from hooklint.actions.model import Action
from hooklint.actions.roles import RolePath, is_command, role_path
from hooklint.actions.triggers import TRIGGERS
from hooklint.auth0.http import http_calls
from hooklint.auth0.management import management_calls
from hooklint.auth0.program import Program, per_program, subtrees
from hooklint.js.estree import Node
from hooklint.js.flow import FlowAnalysis, FlowResult
from hooklint.js.values import local_function

DENIALS: frozenset[RolePath] = frozenset({("api", "access", "deny"), ("api", "validation", "error")})


def _position(node: Node) -> int:
    return node.range[0]


def api_flow(action: Action, function: Node, targets: frozenset[RolePath],
             observed: frozenset[RolePath] | None) -> FlowResult:
    """The flow of the handler ``function`` with calls of the ``api`` methods at ``targets``
    as the target, and the calls of those at ``observed`` as observed sites (``None``: the
    calls HL115 asks about, commands and outbound calls). Computed once per question."""
    memo = action.table(api_flow)
    key = id(function)
    per_function = memo.setdefault(key, {})
    question = (targets, observed)
    if question not in per_function:
        def target(node: Node) -> bool:
            return role_path(action, node) in targets

        if observed is None:
            outbound = _outbound(action)

            def observe(call: Node) -> bool:
                if id(call) in outbound:
                    return True
                path = role_path(action, call.callee) if call.type == "CallExpression" else None
                # a second deny is not reported: validation written as a row of
                # `if (bad) api.access.deny(…)` checks is common, and the later deny is harmless
                return path is not None and is_command(path) and path not in DENIALS
        else:
            def observe(call: Node) -> bool:
                return call.type == "CallExpression" and role_path(action, call.callee) in observed

        analysis = FlowAnalysis(subtrees(action), target, observe=observe, members=True)
        per_function[question] = analysis.run(function)
    return per_function[question]


@per_program
def _outbound(action: Action) -> frozenset[int]:
    """The ids of the file's outbound calls: HTTP requests and Management API calls."""
    return frozenset({id(c.call) for c in http_calls(action)} | {id(c.call) for c in management_calls(action)})


class Reached(NamedTuple):
    sites: list[Node]  # the call sites reached, in source order
    repeats: list[Node]  # those reached on a path that has already made such a call


def reached_calls(action: Action, function: Node, paths: frozenset[RolePath]) -> Reached:
    """The calls of the ``api`` methods at ``paths`` that the handler ``function`` reaches
    (a helper that makes one: its call site), and those on a path that already made one."""
    result = api_flow(action, function, paths, paths)
    sites = sorted((r.call for r in result.reached.values()), key=_position)
    repeats = sorted((r.call for r in result.repeats), key=_position)
    return Reached(sites, repeats)


class Clash(NamedTuple):
    """Two calls one execution must not make: ``call`` is where it is reported (the later in
    source order, or the repeat), ``other`` the call it clashes with (None for a repeat on
    one path, whose first call the path service does not keep)."""

    call: Node
    other: Node | None


def clashes(action: Action, first: frozenset[RolePath], second: frozenset[RolePath]) -> list[Clash]:
    """For each handler: a call of ``first`` and one of ``second`` made in one execution (one
    reached on a path after the other, in either order; calls on branches that exclude each
    other are not), reported at the later of the pair in source order; and a call of
    ``first`` on a path that already made one; each call reported once (HL119: redirect and
    render; HL223: primary user and metadata)."""
    found: list[Clash] = []
    reported: set[int] = set()
    for function in action.entry_functions:
        pairs = [(item.call, item.after) for targets, observed in ((first, second), (second, first))
                 for item in api_flow(action, function, targets, observed).reached.values()
                 if item.maybe and item.after is not None and item.after is not item.call]
        if pairs:
            one, two = min(pairs, key=lambda pair: _position(max(pair, key=_position)))
            later, other = (one, two) if _position(one) > _position(two) else (two, one)
            if id(later) not in reported:
                reported.add(id(later))
                found.append(Clash(later, other))
        for repeat in reached_calls(action, function, first).repeats:
            if id(repeat) not in reported:
                reported.add(id(repeat))
                found.append(Clash(repeat, None))
    return found


def _sometimes_denies(action: Action, call: Node) -> bool:
    """Is ``call`` a call of a helper of the file that denies on some of its paths but not
    on all (whose result its caller may test)?"""
    helper = local_function(call.callee, action.scopes)
    return helper is not None and _denials(action).summary(helper) not in ("call", None)


@per_program
def _denials(action: Action) -> FlowAnalysis:
    """The flow analysis whose target is a deny, kept per file for its helper summaries."""
    return FlowAnalysis(subtrees(action), lambda node: role_path(action, node) in DENIALS, members=True)


class AfterDeny(NamedTuple):
    """HL115's finding: ``call`` runs on a path after ``deny``."""

    call: Node  # the first command or outbound call reached after the deny (in source order)
    deny: Node  # the `deny`/`validation.error` call, or the call of the helper that makes it
    definitely: bool  # on every path to ``call`` the deny has happened


@per_program
def after_deny(action: Action) -> list[AfterDeny]:
    """What runs after a deny, one per deny (the first such call), in source order; only at
    a blocking trigger (elsewhere there is no deny to stop at)."""
    trigger = TRIGGERS.get(action.point_name or "")
    if trigger is None or not trigger.blocking:
        return []
    first: dict[int, AfterDeny] = {}
    for function in action.entry_functions:
        result = api_flow(action, function, DENIALS, None)
        for item in result.reached.values():
            if not item.maybe or item.after is None or item.after is item.call:
                continue  # not after a deny; or the same deny again, in a loop
            if not item.definitely and _sometimes_denies(action, item.after):
                # a helper that denies on some of its paths: its caller usually tests what it
                # returns (`const r = validate(event, api); if (r) return r;`, Auth0's own
                # custom-token-exchange template), which the path states do not follow
                continue
            known = first.get(id(item.after))
            if known is None or _position(item.call) < _position(known.call):
                first[id(item.after)] = AfterDeny(item.call, item.after, item.definitely)
    found: dict[int, AfterDeny] = {}  # one finding per call: the first deny that reaches it
    for found_one in sorted(first.values(), key=lambda a: _position(a.deny)):
        found.setdefault(id(found_one.call), found_one)
    return sorted(found.values(), key=lambda a: _position(a.call))


def calls_after_deny(program: Program) -> frozenset[int]:
    """The ids of the calls HL115 reports (``after_deny``); none for a program that is not
    an Action. HL112 does not report these (one root cause, one finding)."""
    if not isinstance(program, Action):
        return frozenset()
    return frozenset(id(a.call) for a in after_deny(program))
