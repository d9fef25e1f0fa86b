"""HL303 token-fetched-per-invocation: a Management API token obtained on every run."""

from __future__ import annotations

from typing import TYPE_CHECKING

from hooklint.checks.base import Rule
from hooklint.js.estree import unwrap
from hooklint.auth0 import in_entry, is_module_cached, token_requests
from hooklint.js.values import resolve

if TYPE_CHECKING:
    from hooklint.hooks.model import Hook

_WHAT = {
    "management-client": "`new ManagementClient({clientId, clientSecret})` inside the hook fetches a new "
                         "Management API token on every run (the SDK caches it per client instance)",
    "authentication-client": "`new AuthenticationClient(...)` inside the hook builds a new client, and gets "
                             "any token it asks for anew, on every run",
    "client-credentials-grant": "`clientCredentialsGrant(...)` inside the hook asks for a new token on every run",
    "oauth-token": "this POST to /oauth/token inside the hook asks for a new Management API token on every run",
}
_FIX = ("keep it in a module-scope variable and reuse it (`let management; … management = management || "
        "new ManagementClient(...)`), since per-run tokens are the most common cause of 429s")


class TokenFetchedPerInvocation(Rule):
    id = "HL303"
    name = "token-fetched-per-invocation"

    def check(self, ctx) -> None:
        hook = ctx.hook
        reported = set()
        for request in token_requests(hook):
            if not in_entry(hook, request.node) or is_module_cached(hook, request.node):
                continue
            if request.kind == "client-credentials-grant" and id(_receiver(hook, request.node)) in reported:
                continue  # one finding per cause: the client built per run is reported already
            reported.add(id(request.node))
            ctx.report(self, request.node, f"{_WHAT[request.kind]}; {_FIX}")


def _receiver(hook: Hook, call):
    """What a `clientCredentialsGrant` call is made on (a `new AuthenticationClient(...)`, if certain)."""
    callee = unwrap(call.callee)
    return resolve(callee.object, hook.scopes) if callee.type == "MemberExpression" else None


RULE = TokenFetchedPerInvocation()
