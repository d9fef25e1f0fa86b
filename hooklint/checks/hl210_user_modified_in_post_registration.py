"""HL210 user-modified-in-post-registration: a Management API write to users from
post-user-registration."""

from __future__ import annotations

from hooklint.checks.base import Rule
from hooklint.auth0 import management_calls, url_parts

# SDK methods (v2 ManagementClient and its `users` manager) that write to a user.
USER_WRITES = frozenset({"updateUser", "updateAppMetadata", "updateUserMetadata", "assignRolestoUser",
                         "users.update", "users.updateAppMetadata", "users.updateUserMetadata",
                         "users.assignRoles"})
_VERBS = ("PATCH", "POST")


class UserModifiedInPostRegistration(Rule):
    id = "HL210"
    name = "user-modified-in-post-registration"

    def check(self, ctx) -> None:
        for call in management_calls(ctx.hook):
            if call.http is None:
                if call.method not in USER_WRITES:
                    continue
                what = f"`{call.name}(...)` writes to a user"
            elif call.http.method in _VERBS and any(p and "/api/v2/users" in p for p in url_parts(ctx.hook, call.http)):
                what = f"`{call.name}(...)` sends a {call.http.method} to `/api/v2/users`"
            else:
                continue
            ctx.report(self, call.call,
                       f"{what} from post-user-registration: the hook does not block sign-up, so the write "
                       "races with the rest of the pipeline and may be overwritten or not yet visible; set "
                       "metadata from a pre-user-registration hook, or make the change outside the sign-up flow")


RULE = UserModifiedInPostRegistration()
