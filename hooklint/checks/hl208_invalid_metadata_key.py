"""HL208 invalid-metadata-key: a metadata key with `.` or a leading `$`, or a reserved
app_metadata key, in a pre-user-registration result or a Management API metadata update."""

from __future__ import annotations

from typing import TYPE_CHECKING

from hooklint.auth0.facts import METADATA_FIELDS, RESERVED_APP_METADATA, metadata_key_problem
from hooklint.checks.base import Rule
from hooklint.js.estree import member_path, unwrap
from hooklint.hooks.callback_results import SET_ORIGINS, object_entries, result_entries
from hooklint.auth0 import management_calls, url_parts
from hooklint.js.values import object_property, resolve

if TYPE_CHECKING:
    from hooklint.hooks.model import Hook

PRE = "pre-user-registration"
# SDK methods that update metadata: the payload argument is this field (None: a user patch
# with `app_metadata` / `user_metadata` properties).
_SDK = {"updateAppMetadata": "app_metadata", "updateUserMetadata": "user_metadata",
        "users.updateAppMetadata": "app_metadata", "users.updateUserMetadata": "user_metadata",
        "updateUser": None, "users.update": None}
_WRITES = ("PATCH", "POST", "PUT")


class InvalidMetadataKey(Rule):
    id = "HL208"
    name = "invalid-metadata-key"

    def check(self, ctx) -> None:
        found: list[tuple] = []  # (key node, field, path inside the field, consequence)
        if ctx.point == PRE:
            for entry in result_entries(ctx.hook):
                path = entry.path
                if len(path) >= 3 and path[0] == "user" and path[1] in METADATA_FIELDS:
                    found.append((entry, path[1], path[2:], "Auth0 refuses it while creating the user"))
        for payload, prefix in _payloads(ctx.hook):
            for entry in object_entries(ctx.hook, payload, prefix):
                if len(entry.path) >= 2 and entry.path[0] in METADATA_FIELDS:
                    found.append((entry, entry.path[0], entry.path[1:], "the Management API refuses the update"))
        seen: set[int] = set()
        for entry, field, path, consequence in found:
            if entry.known and entry.origin in SET_ORIGINS and id(entry.node) not in seen:
                seen.add(id(entry.node))
                self._check_key(ctx, entry.node, field, path, consequence)

    def _check_key(self, ctx, node, field: str, path: tuple[str, ...], consequence: str) -> None:
        """Report a key at ``path`` inside ``field`` (user_metadata or app_metadata)."""
        key = path[-1]
        problem = metadata_key_problem(key)
        if problem is not None:
            ctx.report(self, node, f"{field} key `{key}` {problem}: metadata field names must not contain `.` "
                                   f"or start with `$`, so {consequence}; use a nested object or another name")
        elif field == "app_metadata" and len(path) == 1 and key in RESERVED_APP_METADATA:
            ctx.report(self, node, f"`{key}` is a reserved app_metadata key (a field of the user record "
                                   f"itself): {consequence}, and it does not change the real field; "
                                   "use another name")


def _payloads(hook: Hook):
    """(payload, path prefix) of each Management API call that writes user metadata."""
    for call in management_calls(hook):
        if call.http is None:
            if call.method in _SDK and len(call.args) > 1:
                field = _SDK[call.method]
                yield call.args[1], (field,) if field else ()
        elif call.http.method in _WRITES and any(p and "/api/v2/users" in p for p in url_parts(hook, call.http)):
            body = _body(hook, call.http)
            if body is not None:
                yield body, ()


def _body(hook: Hook, http):
    """The JSON body an HTTP call sends: axios' data argument, or `json`/`body`/`data` in the
    options (``JSON.stringify(x)`` gives x)."""
    args = http.call.arguments
    if http.library == "axios" and http.url is not None and len(args) > 1 and args[0] is http.url:
        return args[1]
    if http.library == "needle" and len(args) > 2:
        return args[2]
    if http.options is None:
        return None
    for key in ("json", "body", "data"):
        value = unwrap(resolve(object_property(http.options, key, hook.scopes), hook.scopes))
        if value is None or value.type == "Literal":
            continue
        if value.type == "CallExpression" and member_path(value.callee) == "JSON.stringify" and value.arguments:
            return value.arguments[0]
        return value
    return None


RULE = InvalidMetadataKey()
