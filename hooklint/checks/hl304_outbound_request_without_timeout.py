"""HL304 outbound-request-without-timeout: an outbound HTTP call with no timeout."""

from __future__ import annotations

from hooklint.checks.base import Rule
from hooklint.auth0 import http_calls, timeout_status

_HOW = {
    "request": "add `timeout: 5000` to its options",
    "axios": "add `timeout: 5000` to its config (or create the instance with `axios.create({timeout: 5000})`)",
    "got": "add `timeout: {request: 5000}` to its options",
    "fetch": "pass `signal: AbortSignal.timeout(5000)` in its options",
    "superagent": "add `.timeout(5000)` to the chain",
    "needle": "add `open_timeout` and `read_timeout` to its options",
    "https": "add `timeout: 5000` to its options (or call `req.setTimeout(5000, ...)`)",
    "http": "add `timeout: 5000` to its options (or call `req.setTimeout(5000, ...)`)",
}


class OutboundRequestWithoutTimeout(Rule):
    id = "HL304"
    name = "outbound-request-without-timeout"

    def check(self, ctx) -> None:
        program = ctx.program
        for http in http_calls(program):
            if timeout_status(program, http) is False:
                ctx.report(self, http.call, f"`{http.name}` has no timeout: a slow or hung service holds the "
                                            f"{program.noun} {program.held_until}; {_HOW[http.library]}, well "
                                            f"below the {program.noun}'s budget")


RULE = OutboundRequestWithoutTimeout()
