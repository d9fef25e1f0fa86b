"""HL120 event-or-api-mutated: a property reached from ``event`` or ``api`` assigned,
deleted, or changed by a mutating call.

Action-only. The objects come from the roles service (``role_path``: through aliases,
destructuring and helpers that receive a part of ``event`` or ``api``), so a local copy
(``const meta = { ...event.user.app_metadata }``) is never one. Reported:

- an assignment (``=``, ``+=``, …) or an update (``++``) whose target is a property of
  such an object (``event.user.app_metadata.plan = 'pro'``,
  ``api.accessToken['https://example.com/role'] = role``), and ``delete`` of one;
- ``Object.assign``/``Object.defineProperty``/``Object.defineProperties`` with such an
  object as the target;
- the array methods that write into the array (``push``, ``unshift``, ``splice``,
  ``fill``, ``copyWithin``) called on an array of ``event`` (not ``sort``/``reverse``/
  ``pop``/``shift``, mostly used for their result).

The message names the ``api`` method that does persist the change, when the trigger has
one (``actions/triggers.py``). A change of a part of ``api`` the trigger lacks
(``api.idToken[…] = …`` at credentials-exchange) is not reported: the line throws, which is
HL114's finding (``triggers.missing_member``, the data HL114 reads). A change of ``event``
outside the profile, metadata, tokens and transaction (``_PERSISTING``) whose path the file
uses again outside the change (read back, passed on: ``roles.used_outside``) is the Action
keeping its own state on ``event`` in the run (``event.configuration`` defaults filled in
and read later): deliberate, not reported.
"""

from __future__ import annotations

from hooklint.actions.model import Action
from hooklint.actions.roles import RolePath, role_path, used_outside
from hooklint.actions.triggers import TRIGGERS, missing_member
from hooklint.checks.base import Rule
from hooklint.js.estree import Node, member_path, property_name, unwrap
from hooklint.js.values import string_value

_ARRAY_WRITERS = frozenset({"push", "unshift", "splice", "fill", "copyWithin"})
_OBJECT_WRITERS = frozenset({"Object.assign", "Object.defineProperty", "Object.defineProperties"})

# What was written (a path prefix) -> the api method that makes such a change persist.
_INSTEAD: tuple[tuple[RolePath, RolePath], ...] = (
    (("event", "user", "app_metadata"), ("api", "user", "setAppMetadata")),
    (("event", "user", "user_metadata"), ("api", "user", "setUserMetadata")),
    (("event", "transaction", "metadata"), ("api", "transaction", "setMetadata")),
    (("event", "accessToken", "customClaims"), ("api", "accessToken", "setCustomClaim")),
    (("api", "accessToken"), ("api", "accessToken", "setCustomClaim")),
    (("api", "idToken"), ("api", "idToken", "setCustomClaim")),
)


# Where a change looks meant to persist (the user's profile and metadata, the tokens): the
# Hooks habit this rule is for, reported even when the code reads the value back. Elsewhere
# on `event` (`event.configuration` defaults filled in by a helper), a value written and
# used again in the run is the Action's scratch state.
_PERSISTING: tuple[RolePath, ...] = (("event", "user"), ("event", "accessToken"), ("event", "transaction"),
                                     ("api",))


class EventOrApiMutated(Rule):
    id = "HL120"
    name = "event-or-api-mutated"

    def check(self, ctx) -> None:
        action: Action = ctx.program
        tree = action.tree
        for node in tree.of_type("AssignmentExpression"):
            self._written(ctx, node, node.left)
        for node in tree.of_type("UpdateExpression"):
            self._written(ctx, node, node.argument)
        for node in tree.of_type("UnaryExpression"):
            if node.operator == "delete":
                self._written(ctx, node, node.argument, verb="deleted")
        for call in tree.of_type("CallExpression"):
            callee = unwrap(call.callee)
            if callee.type != "MemberExpression":
                continue
            if member_path(callee) in _OBJECT_WRITERS and call.arguments \
                    and action.scopes.variable(unwrap(callee.object)) is None:  # the global Object
                target = role_path(action, call.arguments[0])
                if target is not None:
                    self._report(ctx, call, target, None, f"changed by `{member_path(callee)}`", whole=True)
            elif property_name(callee) in _ARRAY_WRITERS:
                target = role_path(action, callee.object)
                if target is not None and target[0] == "event" and len(target) > 1:
                    self._report(ctx, call, target, None, f"changed by `.{property_name(callee)}(…)`", whole=True)

    def _written(self, ctx, node: Node, target: Node, verb: str = "changed") -> None:
        target = unwrap(target)
        if target is None or target.type != "MemberExpression":
            return
        base = role_path(ctx.program, target.object)
        if base is None:
            return
        key = property_name(target)
        if key is None and target.computed:
            key = string_value(target.property, ctx.program.scopes)
        self._report(ctx, node, base, key, verb)

    def _report(self, ctx, node: Node, base: RolePath, key: str | None, verb: str, whole: bool = False) -> None:
        """Report a change of ``base`` (``whole``: the object itself) or of its property
        ``key`` (``None``: a key that is not known), unless ``base`` is a part of ``api`` the
        trigger lacks: then the line throws, which is HL114's finding (one root cause, one
        finding), and "reaches no token" would be untrue."""
        trigger = TRIGGERS.get(ctx.point or "")
        missing = missing_member(trigger, base) if trigger is not None else None
        if missing is not None and missing <= len(base):
            return
        shown = ".".join(base) + ("" if whole else f".{key}" if key is not None and key.isidentifier()
                                  else f"[{_js_string(key)}]" if key is not None else "[…]")
        written = (*base, key) if key is not None else base
        if not any(written[:len(p)] == p for p in _PERSISTING) and used_outside(ctx.program, written, node):
            return  # scratch state kept on `event` and used again in the run, not a lost change
        message = (f"`{shown}` is {verb} on the `{base[0]}` object: the change reaches no token, no profile and no "
                   f"later Action")
        instead = _instead(ctx.point, written, "null" if verb == "deleted" else "…")
        ctx.report(self, node, message + (f"; use {instead}" if instead else ""))


def _instead(trigger_id: str | None, written: RolePath, value: str) -> str | None:
    """The api call that persists such a change at the trigger, with the key when known
    (and ``value`` as the value: ``null`` deletes a metadata key)."""
    trigger = TRIGGERS.get(trigger_id or "")
    if trigger is None:
        return None
    for prefix, method in _INSTEAD:
        if written[:len(prefix)] != prefix:
            continue
        methods = trigger.methods.get(method[1], frozenset())
        if methods is not None and method[2] not in methods:
            return None  # the trigger cannot make this change
        key = written[len(prefix)] if len(written) > len(prefix) else None
        shown = value if method[2].endswith("Metadata") else "…"  # null deletes a metadata key, not a claim
        return f"`{'.'.join(method)}({_js_string(key) if key is not None else 'key'}, {shown})`"
    return None


def _js_string(text: str) -> str:
    return "'" + text.replace("\\", "\\\\").replace("'", "\\'") + "'"


RULE = EventOrApiMutated()
