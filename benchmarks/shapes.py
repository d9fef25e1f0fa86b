"""Generated hooks of a chosen size, one shape per kind of code that once made the
analysis grow faster than the input (code-review.md §1 names the spots).

Each generator takes ``n`` and returns ``(text, line)``: a credentials-exchange hook whose
file is dominated by ``n`` repetitions of one construct, and the line of the finding that
the hook's last statements must produce (HL204, a claim without a namespace), so that a
run which stops early or misplaces lines is caught, not just timed.

Used by ``benchmarks/sizes.py`` (the size series) and ``tests/test_scaling.py`` (the growth
test in the suite).
"""

from __future__ import annotations

from collections.abc import Callable

CLAIM = "  access_token.tier = 'gold';"  # HL204: a claim without a URL namespace


def _hook(body: list[str], head: list[str] | None = None, tail: list[str] | None = None) -> tuple[str, int]:
    """``head`` lines, then the hook with ``body`` before the claim, then ``tail``."""
    lines = list(head or [])
    lines.append("module.exports = function (client, scope, audience, context, cb) {")
    lines.append("  var access_token = {};")
    lines.extend(body)
    lines.append(CLAIM)
    claim_line = len(lines)
    lines.append("  cb(null, access_token);")
    lines.append("};")
    lines.extend(tail or [])
    return "\n".join(lines) + "\n", claim_line


def plain(n: int) -> tuple[str, int]:
    """Small functions with no Auth0 meaning (bundled or generated code)."""
    head = [f"function h{i}(a, b) {{ var x = a + b * {i}; if (x > {i}) {{ return x; }} return b; }}"
            for i in range(n)]
    return _hook([], head)


def http(n: int) -> tuple[str, int]:
    """HTTP calls without a timeout, each in its own function (HL304 on every one)."""
    head = ["const axios = require('axios');"]
    head += [f"function h{i}(a) {{ return axios.get('https://api.example.com/items/' + a + '/{i}'); }}"
             for i in range(n)]
    return _hook([], head)


def retries(n: int) -> tuple[str, int]:
    """Retry loops around awaited requests (the rate-limit and back-off services)."""
    head = ["const axios = require('axios');", "var n = 0;"]
    head += [f"async function h{i}(a) {{ while (a) {{ try {{ await axios.get('https://api.example.com/{i}', "
             f"{{ timeout: 5000 }}); }} catch (e) {{ n++; }} }} }}" for i in range(n)]
    return _hook([], head)


def management(n: int) -> tuple[str, int]:
    """Management API calls through one client, callback style."""
    head = ["const { ManagementClient } = require('auth0');",
            "const management = new ManagementClient({ domain: 'example.auth0.com', clientId: 'id', "
            "clientSecret: process.env.SECRET });"]
    head += [f"function h{i}(a, done) {{ management.users.get({{ id: a + '{i}' }}, done); }}" for i in range(n)]
    return _hook([], head)


def logging(n: int) -> tuple[str, int]:
    """Logging of an object's properties (the sensitive-data service)."""
    head = ["var opts = {};"]
    head += [f"function h{i}(a) {{ console.log(opts.k{i}, a); }}" for i in range(n)]
    return _hook([], head)


def scope_aliases(n: int) -> tuple[str, int]:
    """A chain of objects that each carry the ``scope`` parameter on (the result service)."""
    body = ["  var o0 = { scope: scope };"]
    body += [f"  var o{i} = {{ scope: o{i - 1}.scope }};" for i in range(1, n)]
    body.append(f"  access_token.scope = o{n - 1}.scope || [];")
    return _hook(body)


def callback_aliases(n: int) -> tuple[str, int]:
    """A chain of aliases of the callback (the callback service)."""
    body = ["  var d0 = cb;"]
    body += [f"  var d{i} = d{i - 1};" for i in range(1, n)]
    body.append(f"  if (!client) {{ return d{n - 1}(null, access_token); }}")
    return _hook(body)


def then_chain(n: int) -> tuple[str, int]:
    """One long promise chain (the flow service's promise handlers)."""
    body = ["  Promise.resolve(0)"]
    body += [f"    .then(function (x) {{ return x + {i}; }})" for i in range(n)]
    body.append("    .catch(function () { return 0; });")
    return _hook(body)


SHAPES: dict[str, Callable[[int], tuple[str, int]]] = {
    "plain": plain,
    "http": http,
    "retries": retries,
    "management": management,
    "logging": logging,
    "scope-aliases": scope_aliases,
    "callback-aliases": callback_aliases,
    "then-chain": then_chain,
}
