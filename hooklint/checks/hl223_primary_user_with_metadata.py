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
from hooklint.actions.paths import reached_calls
from hooklint.checks.base import Rule

_PRIMARY = frozenset({("api", "authentication", "setPrimaryUser")})
_METADATA = frozenset({("api", "user", "setUserMetadata"), ("api", "user", "setAppMetadata")})


class PrimaryUserWithMetadata(Rule):
    id = "HL223"
    name = "primary-user-with-metadata"

    def check(self, ctx) -> None:
        action: Action = ctx.program
        reported: set[int] = set()
        for function in action.entry_functions:
            primaries = reached_calls(action, function, _PRIMARY)
            writes = reached_calls(action, function, _METADATA)
            if primaries.sites and writes.sites:
                primary, write = primaries.sites[0], writes.sites[0]
                later = primary if primary.range[0] > write.range[0] else write
                other = write if later is primary else primary
                if id(later) not in reported:
                    reported.add(id(later))
                    ctx.report(self, later,
                               f"this handler sets the primary user (`api.authentication.setPrimaryUser`) and writes "
                               f"metadata (`api.user.set*Metadata`; the other at line {other.loc.start.line}): "
                               f"Auth0 discards the metadata set in the same Action as `setPrimaryUser`; write it "
                               f"in another Action of the flow, or with the Management API")
            for repeat in primaries.repeats:
                if id(repeat) not in reported:
                    reported.add(id(repeat))
                    ctx.report(self, repeat,
                               "`api.authentication.setPrimaryUser` on a path that has already called it: a second "
                               "call in one execution throws; set the primary user once")


RULE = PrimaryUserWithMetadata()
