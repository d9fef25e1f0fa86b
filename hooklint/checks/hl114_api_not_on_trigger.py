"""HL114 api-not-on-trigger: an ``api`` namespace or method the Action's trigger does not have.

Action-only. What each trigger's ``api`` has is data in ``actions/triggers.py``
(``Trigger.methods``, and ``ONLY_IN`` for a method only one entry point may call); the
uses come from the roles service (``api_members``: every outermost member expression on
``api``, through aliases, destructuring and helpers).

Only a use that certainly throws is reported (precision first): reading a property of a
namespace the trigger lacks (``api.idToken.setCustomClaim`` at credentials-exchange), or
calling it; calling a method the namespace lacks, or reading a property of it. A bare
``api.redirect`` (a feature test, ``if (api.redirect)``), an optional access
(``api.idToken?.setCustomClaim(…)``) and a namespace whose method list the docs do not give
in full are silent, and so is every use when the trigger is not decided. The method that
only one entry point may call (``api.authentication.recordMethod``, ``onContinuePostLogin``)
is reported inside the function of another exported entry point, never in a helper, which
either may call.
"""

from __future__ import annotations

from hooklint.actions.model import Action
from hooklint.actions.roles import RoleMember, api_members, role_path
from hooklint.actions.triggers import ONLY_IN, TRIGGERS, Trigger
from hooklint.checks.base import Rule
from hooklint.js.estree import Node

# Names every object has (Object.prototype): never missing.
_OBJECT_NAMES = frozenset({"constructor", "hasOwnProperty", "isPrototypeOf", "propertyIsEnumerable",
                           "toLocaleString", "toString", "valueOf", "__proto__"})


class ApiNotOnTrigger(Rule):
    id = "HL114"
    name = "api-not-on-trigger"

    def check(self, ctx) -> None:
        action: Action = ctx.program
        trigger = TRIGGERS.get(ctx.point or "")
        if trigger is None:
            return  # undecided: nothing to compare with
        for member in api_members(action):
            message = _problem(action, trigger, member)
            if message is not None:
                ctx.report(self, member.node, message)


def _problem(action: Action, trigger: Trigger, member: RoleMember) -> str | None:
    path = member.path
    namespace = path[1]
    if namespace in _OBJECT_NAMES:
        return None
    if namespace not in trigger.methods:
        if not _throws(action, member, 2):
            return None
        has = ", ".join(f"`{n}`" for n in sorted(trigger.api))
        return (f"`api.{namespace}` does not exist at {trigger.id} (its `api` has {has}): using it throws a "
                f"TypeError at run time")
    if len(path) < 3 or path[2] in _OBJECT_NAMES:
        return None
    method = path[2]
    methods = trigger.methods[namespace]
    if methods is not None and method not in methods:
        if not _throws(action, member, 3):
            return None
        has = ", ".join(f"`{n}`" for n in sorted(methods))
        return (f"`api.{namespace}.{method}` does not exist at {trigger.id} (`api.{namespace}` there has {has}): "
                f"calling it throws a TypeError at run time")
    only = ONLY_IN.get((trigger.id, namespace, method))
    if only is not None and _throws(action, member, 3):
        names = _entry_names(action, member.node)
        if names and only not in names:
            inside = " / ".join(f"`{n}`" for n in sorted(names))
            return (f"`api.{namespace}.{method}` is only available in `{only}`; this use is in {inside}, where it "
                    f"does not exist: calling it throws a TypeError at run time")
    return None


def _throws(action: Action, member: RoleMember, depth: int) -> bool:
    """Does the use certainly go on from the part of ``member`` whose path has ``depth``
    keys (a missing value): a property of it read or written, or it called, without ``?.``?"""
    node: Node | None = member.node
    chain = []
    while node is not None and node.type == "MemberExpression":
        chain.append(node)
        node = node.object
        while node is not None and node.type == "ChainExpression":
            node = node.expression
    for access in chain:
        path = role_path(action, access)
        if path is not None and len(path) == depth + 1:
            return not access.optional  # a property of the missing value: TypeError unless `?.`
    if len(member.path) != depth:
        return False
    parent = action.tree.parent(member.node)
    return parent is not None and parent.type == "CallExpression" and parent.callee is member.node \
        and not parent.optional


def _entry_names(action: Action, node: Node) -> set[str]:
    """The names of the exported entry points whose function ``node`` is in (lexically);
    empty outside them (module code, a helper that any entry point may call)."""
    functions: dict[int, set[str]] = {}
    for entry in action.entry_points:
        if entry.function is not None:
            functions.setdefault(id(entry.function), set()).add(entry.name)
    for ancestor in action.tree.ancestors(node):
        if id(ancestor) in functions:
            return functions[id(ancestor)]
    return set()


RULE = ApiNotOnTrigger()
