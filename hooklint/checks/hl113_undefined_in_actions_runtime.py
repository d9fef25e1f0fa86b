"""HL113 undefined-in-actions-runtime: a Hook or Rule global that the Actions runtime does
not define (a callback, ``context``, ``configuration``, ``auth0``, the hook error classes),
used in an Action that does not declare it."""

from __future__ import annotations

from typing import NamedTuple

from hooklint.checks.base import Rule
from hooklint.auth0.conditions import typeof_guarded
from hooklint.js.estree import Node, member_path

_DENY = "`return api.access.deny(…)`"


class Leftover(NamedTuple):
    what: str  # where the name comes from
    instead: str  # what an Action does instead (auth0-actions.md §4)


# The names, as data in one place: the migration mapping of auth0-actions.md §4 (and §2.9
# for `auth0`, actions-rules.md HL113 for the Rules names).
_CALLBACK = Leftover("the Hook or Rule callback",
                     "`return` when done (there is no callback), "
                     f"{_DENY} (or `throw`) to fail, and hand results over with `api` methods "
                     "(`api.accessToken.setCustomClaim`, `api.user.setAppMetadata`)")
LEFTOVERS: dict[str, Leftover] = {
    "callback": _CALLBACK,
    "cb": _CALLBACK,
    "done": _CALLBACK,
    "context": Leftover("the Hook or Rule `context` argument",
                        "read the same facts from `event` (`event.secrets.NAME` for `context.webtask.secrets.NAME`, "
                        "`event.request`, `event.connection`, `event.client`, `event.tenant.id`)"),
    "configuration": Leftover("the Rules `configuration` object",
                              "store each value as an Action secret and read `event.secrets.NAME`"),
    "auth0": Leftover("the Rules `auth0` Management API global",
                      "use `api.user.setAppMetadata`/`setUserMetadata` for the user's metadata, or "
                      "`require('auth0')` and create a `ManagementClient` at module scope"),
    "PreUserRegistrationError": Leftover("a pre-user-registration Hook error class",
                                         "`return api.access.deny(reason, userMessage)`"),
    "InvalidScopeError": Leftover("a credentials-exchange Hook error class",
                                  "`return api.access.deny('invalid_scope', message)`"),
    "InvalidRequestError": Leftover("a credentials-exchange Hook error class",
                                    "`return api.access.deny('invalid_request', message)`"),
    "ServerError": Leftover("a credentials-exchange Hook error class",
                            "`return api.access.deny('server_error', message)`"),
    "SendPhoneMessageError": Leftover("a send-phone-message Hook error class",
                                      "`throw new Error(message)` (the trigger has no `api.access`)"),
    "ExtensibilityUserError": Leftover("a Hook error class",
                                       f"{_DENY} where the trigger has `api.access`, else `throw new Error(message)`"),
    "UnauthorizedError": Leftover("a Rules error class",
                                  f"{_DENY} (Actions only return `access_denied`)"),
}
# `context.<path>` with its own answer (§4: what has no equivalent is said, never guessed)
_CONTEXT = {
    "context.webtask.secrets": "`event.secrets.NAME` (re-create each secret on the Action)",
    "context.webtask.storage": "there is no equivalent, Actions have no persistent storage (`api.cache` is "
                               "ephemeral); keep the data in the user's `app_metadata` or an external store",
}


class UndefinedInActionsRuntime(Rule):
    id = "HL113"
    name = "undefined-in-actions-runtime"

    def check(self, ctx) -> None:
        action = ctx.program
        through = action.scopes.through
        # a sloppy-mode assignment to an undeclared name creates the global: not a leftover
        assigned = {ref.identifier.name for ref in through if ref.is_write}
        for ref in through:
            identifier = ref.identifier
            name = identifier.name
            leftover = LEFTOVERS.get(name)
            if leftover is None or name in assigned or typeof_guarded(action, identifier):
                continue
            instead = _instead(action, identifier, leftover)
            ctx.report(self, identifier,
                       f"{_use(action, identifier)} is {leftover.what}, which the Actions runtime does not define: "
                       f"this throws a ReferenceError at run time; in an Action: {instead}")


def _use(action, identifier: Node) -> str:
    parent = action.tree.parent(identifier)
    if parent is not None and parent.type == "CallExpression" and parent.callee is identifier:
        return f"`{identifier.name}(…)`"
    if parent is not None and parent.type == "NewExpression" and parent.callee is identifier:
        return f"`new {identifier.name}(…)`"
    return f"`{identifier.name}`"


def _instead(action, identifier: Node, leftover: Leftover) -> str:
    if identifier.name == "context":
        # the longest member chain `context.a.b…` this identifier starts
        node, path = identifier, "context"
        parent = action.tree.parent(node)
        while parent is not None and parent.type == "MemberExpression" and parent.object is node:
            longer = member_path(parent)
            if longer is None:
                break
            node, path, parent = parent, longer, action.tree.parent(parent)
        for prefix, answer in _CONTEXT.items():
            if path == prefix or path.startswith(prefix + "."):
                return answer
    return leftover.instead




RULE = UndefinedInActionsRuntime()
