"""HL223 primary-user-with-metadata: ``setPrimaryUser`` with a metadata write, or twice.

Action-only (post-login). The metadata set with ``api.user.setUserMetadata``/``setAppMetadata`` in the same Action as
``api.authentication.setPrimaryUser`` is discarded, and a second ``setPrimaryUser`` in one
transaction throws (auth0-actions.md §1.1). Which calls a handler reaches comes from the Action
path service (``actions.paths.reached_calls``, helpers followed). Both in one handler is
reported at the later of the two (in source order); a second ``setPrimaryUser`` on one
path, at that call.
"""

from __future__ import annotations

from hooklint.actions.model import Action
from hooklint.actions.paths import clashes
from hooklint.checks.base import Rule

_PRIMARY = frozenset({("api", "authentication", "setPrimaryUser")})
_METADATA = frozenset({("api", "user", "setUserMetadata"), ("api", "user", "setAppMetadata")})


class PrimaryUserWithMetadata(Rule):
    id = "HL223"
    name = "primary-user-with-metadata"

    def check(self, ctx) -> None:
        action: Action = ctx.program
        # a metadata write reached with setPrimaryUser, or a second setPrimaryUser on one path
        for clash in clashes(action, _PRIMARY, _METADATA):
            if clash.other is not None:
                ctx.report(self, clash.call,
                           f"this handler sets the primary user (`api.authentication.setPrimaryUser`) and writes "
                           f"metadata (`api.user.set*Metadata`; the other at line {clash.other.loc.start.line}): "
                           f"Auth0 discards the metadata set in the same Action as `setPrimaryUser`; write it "
                           f"in another Action of the flow, or with the Management API")
            else:
                ctx.report(self, clash.call,
                           "`api.authentication.setPrimaryUser` on a path that has already called it: a second "
                           "call in one execution throws; set the primary user once")


RULE = PrimaryUserWithMetadata()
