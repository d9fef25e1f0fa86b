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
from hooklint.actions.triggers import ONLY_IN, TRIGGERS, Trigger, missing_member
from hooklint.checks.base import Rule
from hooklint.js.estree import Node

# What a use does to the missing value, in a message ("calling" keeps its own wording).
_VERBS = {"read": "reading", "write": "assigning", "delete": "deleting"}


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
    missing = missing_member(trigger, path)
    if missing == 2:
        if _use(action, member, 2) is None:
            return None
        has = ", ".join(f"`{n}`" for n in sorted(trigger.api))
        return (f"`api.{namespace}` does not exist at {trigger.id} (its `api` has {has}): using it throws a "
                f"TypeError at run time")
    if missing == 3:
        method = path[2]
        use = _use(action, member, 3)
        if use is None:
            return None
        has = ", ".join(f"`{n}`" for n in sorted(trigger.methods[namespace] or ()))
        return (f"`api.{namespace}.{method}` does not exist at {trigger.id} (`api.{namespace}` there has {has}): "
                f"{_consequence(use)}")
    if len(path) < 3:
        return None
    method = path[2]
    only = ONLY_IN.get((trigger.id, namespace, method))
    use = _use(action, member, 3) if only is not None else None
    if only is not None and use is not None:
        names = _entry_names(action, member.node)
        if names and only not in names:
            inside = " / ".join(f"`{n}`" for n in sorted(names))
            return (f"`api.{namespace}.{method}` is only available in `{only}`; this use is in {inside}, where it "
                    f"does not exist: {_consequence(use)}")
    return None


def _consequence(use: str) -> str:
    """What a use of a missing method does, worded by what the code does with it."""
    if use == "call":
        return "calling it throws a TypeError at run time"
    return f"it is undefined there, so {_VERBS[use]} a property of it throws a TypeError at run time"


def _use(action: Action, member: RoleMember, depth: int) -> str | None:
    """How the use certainly goes on from the part of ``member`` whose path has ``depth``
    keys (a missing value), so that it throws: a property of it read (``"read"``), assigned
    (``"write"``) or deleted (``"delete"``), or it called (``"call"``), without ``?.``;
    ``None`` when it may not throw."""
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
            if access.optional:
                return None  # a property of the missing value: TypeError unless `?.`
            return _access_kind(action, access)
    if len(member.path) != depth:
        return None
    parent = action.tree.parent(member.node)
    called = parent is not None and parent.type == "CallExpression" and parent.callee is member.node \
        and not parent.optional
    return "call" if called else None


def _access_kind(action: Action, access: Node) -> str:
    """Is the property ``access`` names assigned, deleted, or read?"""
    parent = action.tree.parent(access)
    if parent is not None and (parent.type == "AssignmentExpression" and parent.left is access
                               or parent.type == "UpdateExpression"):
        return "write"
    if parent is not None and parent.type == "UnaryExpression" and parent.operator == "delete":
        return "delete"
    return "read"


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
