"""HL207 registration-field-ignored: a pre-user-registration result sets a field Auth0 ignores."""

from __future__ import annotations

from hooklint.auth0.facts import METADATA_FIELDS
from hooklint.checks.base import Rule
from hooklint.hooks.callback_results import SET_ORIGINS, result_entries

_ONLY = "a pre-user-registration result can change only `user.user_metadata` and `user.app_metadata`"


class RegistrationFieldIgnored(Rule):
    id = "HL207"
    name = "registration-field-ignored"

    def check(self, ctx) -> None:
        for entry in result_entries(ctx.hook):
            if not entry.known or entry.origin not in SET_ORIGINS:
                continue
            path = entry.path
            if len(path) == 1 and path[0] != "user":
                if path[0] in METADATA_FIELDS:
                    message = (f"`{path[0]}` at the top level of the result is ignored: {_ONLY}; "
                               f"move it under `user` (`{{ user: {{ {path[0]}: ... }} }}`)")
                else:
                    message = f"`{path[0]}` in the result is ignored: {_ONLY}; the user is created as submitted"
            elif len(path) == 2 and path[0] == "user" and path[1] not in METADATA_FIELDS:
                message = (f"`user.{path[1]}` in the result is ignored: {_ONLY}; the user is created as "
                           f"submitted (store the value in `user_metadata` or `app_metadata` instead)")
            else:
                continue
            ctx.report(self, entry.node, message)


RULE = RegistrationFieldIgnored()
