"""HL303 token-fetched-per-invocation: a Management API token obtained on every run."""

from __future__ import annotations

from hooklint.actions.caching import cache_kept
from hooklint.auth0.program import Program
from hooklint.checks.base import Rule
from hooklint.js.estree import unwrap
from hooklint.auth0 import in_entry, is_module_cached, token_requests
from hooklint.js.values import resolve

_WHAT = {  # {where}: the program's entry_noun ("hook", "handler")
    "management-client": "`new ManagementClient({{clientId, clientSecret}})` inside the {where} fetches a new "
                         "Management API token on every run (the SDK caches it per client instance)",
    "authentication-client": "`new AuthenticationClient(...)` inside the {where} builds a new client, and gets "
                             "any token it asks for anew, on every run",
    "client-credentials-grant": "`clientCredentialsGrant(...)` inside the {where} asks for a new token on every run",
    "oauth-token": "this POST to /oauth/token inside the {where} asks for a new Management API token on every run",
}


class TokenFetchedPerInvocation(Rule):
    id = "HL303"
    name = "token-fetched-per-invocation"

    def check(self, ctx) -> None:
        hook = ctx.program
        reported = set()
        for request in token_requests(hook):
            if not in_entry(hook, request.node) or is_module_cached(hook, request.node) \
                    or cache_kept(hook, request.node):  # module scope (any kind), api.cache (an Action)
                continue
            if request.kind == "client-credentials-grant" and id(_receiver(hook, request.node)) in reported:
                continue  # one finding per cause: the client built per run is reported already
            reported.add(id(request.node))
            ctx.report(self, request.node, f"{_WHAT[request.kind].format(where=hook.entry_noun)}; {hook.token_cache}")


def _receiver(hook: Program, call):
    """What a `clientCredentialsGrant` call is made on (a `new AuthenticationClient(...)`, if certain)."""
    callee = unwrap(call.callee)
    return resolve(callee.object, hook.scopes) if callee.type == "MemberExpression" else None


RULE = TokenFetchedPerInvocation()
