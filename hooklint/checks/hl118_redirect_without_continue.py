"""HL118 redirect-without-continue: ``api.redirect.sendUserTo(…)`` in an Action that exports
no entry point to resume at.

Action-only, at the triggers whose table entry has an ``onContinue…`` entry point (post-login's
``onContinuePostLogin``, password-reset-post-challenge's ``onContinuePostChallenge``:
``actions.triggers.continue_entry_point``). A redirect sends the user away; when they come
back to ``/continue`` Auth0 calls that entry point of the same Action, and without it the
login fails (auth0-actions.md §2.8). The calls come from the roles service (aliases,
destructuring, helpers that receive ``api``), the exports from the model.

Precision first: a file whose exports hooklint cannot read in full (a spread into
``module.exports``, ``Object.assign(exports, …)``, a computed export name, ``module.exports``
set to something that is not an object literal, ``export * from``, ``export default``) may export the continue
entry point, and is silent; so is a file whose trigger is not decided.
"""

from __future__ import annotations

from hooklint.actions.model import Action
from hooklint.actions.roles import api_calls
from hooklint.actions.triggers import continue_entry_point
from hooklint.checks.base import Rule
from hooklint.js.estree import Node, member_path, property_name, unwrap

_SEND_USER_TO = ("api", "redirect", "sendUserTo")
_EXPORTS = ("exports", "module.exports")


class RedirectWithoutContinue(Rule):
    id = "HL118"
    name = "redirect-without-continue"

    def check(self, ctx) -> None:
        action: Action = ctx.program
        name = continue_entry_point(ctx.point)
        if name is None or any(e.name == name for e in action.entry_points) or _exports_unread(action):
            return
        for call in api_calls(action):
            if call.path == _SEND_USER_TO:
                ctx.report(self, call.call,
                           f"`api.redirect.sendUserTo` sends the user away, but this file exports no `{name}`: "
                           f"when the user comes back to `/continue` Auth0 has no entry point to resume and the "
                           f"login fails; export `exports.{name} = async (event, api) => {{ … }}` in this Action")


def _exports_unread(action: Action) -> bool:
    """Does the file export in a way the model does not read, so that it may export any name?"""
    tree = action.tree
    if tree.of_type("ExportAllDeclaration") or tree.of_type("ExportDefaultDeclaration"):
        return True
    for assignment in tree.of_type("AssignmentExpression"):
        left = unwrap(assignment.left)
        if left.type != "MemberExpression":
            continue
        path = member_path(left)
        if path in _EXPORTS:  # module.exports = …: read when it is an object literal of plain keys
            value = unwrap(assignment.right)
            while value.type == "AssignmentExpression":
                value = unwrap(value.right)
            if value.type != "ObjectExpression" or not all(_plain_property(p) for p in value.properties):
                return True
        elif member_path(left.object) in _EXPORTS and property_name(left) is None:
            return True  # exports[name] = …
    for call in tree.of_type("CallExpression"):
        if member_path(call.callee) in ("Object.assign", "Object.defineProperty", "Object.defineProperties") \
                and call.arguments and member_path(call.arguments[0]) in _EXPORTS:
            return True
    return False


def _plain_property(prop: Node) -> bool:
    """A property whose name the model reads: not a spread, not a computed key (but a string)."""
    if prop.type != "Property":
        return False
    return not prop.computed or (prop.key.type == "Literal" and isinstance(prop.key.value, str))


RULE = RedirectWithoutContinue()
