"""HL305 metadata-written-every-login: a user write on every login.

Action-only (post-login). Two shapes (actions-rules.md): ``api.user.setAppMetadata`` /
``setUserMetadata`` that the guard service (``actions.guards``) finds under no condition
reading ``event.user.app_metadata``/``user_metadata`` (the value is written whether or not
it changed), and any Management API update of a user's profile or metadata (SDK
``users.update``, ``updateUser``, ``updateAppMetadata``, ``updateUserMetadata``; a raw
``PATCH /api/v2/users/{id}``), from ``auth0.management_calls``, whatever its guard: each is
a write counted against the tenant's Write Users limit, where ``api.user.set*Metadata`` is
batched into one write at the end of the flow (auth0-actions.md §2.9). HL300 may report the
same Management call for its missing 429 handling: another cause.
"""

from __future__ import annotations

import re

from hooklint.actions.guards import METADATA, guarded
from hooklint.actions.model import Action
from hooklint.actions.roles import calls_to
from hooklint.auth0 import ManagementCall, management_calls, url_parts
from hooklint.checks.base import Rule

_SETTERS = (("api", "user", "setAppMetadata"), ("api", "user", "setUserMetadata"))
# SDK methods that update a user's profile or metadata (v2/v3 names and v4+ `users.update`).
_UPDATES = frozenset({"updateUser", "updateAppMetadata", "updateUserMetadata"})
# A user's own resource, not a sub-resource (roles, permissions, identities): the id is
# any text without a further path segment; None parts of the URL are run-time values.
_USER_RESOURCE = re.compile(r"/api/v2/users/[^/?#]+(?:[?#].*)?$")


class MetadataWrittenEveryLogin(Rule):
    id = "HL305"
    name = "metadata-written-every-login"

    def check(self, ctx) -> None:
        action: Action = ctx.program
        for call in calls_to(action, *_SETTERS):
            if not guarded(action, call.call, METADATA):
                setter = call.path[-1]
                read = "app_metadata" if setter == "setAppMetadata" else "user_metadata"
                ctx.report(self, call.call,
                           f"`api.user.{setter}` writes the user on every login, which counts against the "
                           f"tenant's Write Users rate limit: write only when `event.user.{read}` does not "
                           f"already hold the value")
        for mgmt in management_calls(action):
            if _updates_user(action, mgmt):
                ctx.report(self, mgmt.call,
                           f"`{mgmt.name}` updates the user through the Management API on every login it runs "
                           f"on (a Write Users request each time): use `api.user.setAppMetadata`/"
                           f"`setUserMetadata`, which Auth0 batches into one write at the end of the flow")


def _updates_user(action: Action, call: ManagementCall) -> bool:
    if call.http is not None:
        if (call.method or "").upper() != "PATCH":
            return False
        url = "".join("\0" if part is None else part for part in url_parts(action, call.http))
        return _USER_RESOURCE.search(url) is not None
    names = call.method.split(".")
    return names[-1] in _UPDATES or (names[-1] == "update" and len(names) > 1 and names[-2] == "users")


RULE = MetadataWrittenEveryLogin()
