"""What an Action keeps between executions in ``api.cache`` (auth0-actions.md §2.5, §2.9):
the answer HL303 needs beside the module-scope caches every kind has (``auth0.tokens``).

``cache_kept(action, node)``: the value ``node`` produces (a token request) is kept between
executions when a function that encloses it reads ``api.cache.get`` before it and writes
``api.cache.set`` after it (``const cached = api.cache.get('token'); if (!cached) { … await
clientCredentialsGrant(…); api.cache.set('token', …) }``), the calls found through the roles
service (aliases, destructuring, helpers that receive ``api``).

Why a service here and not a ``Program`` method: ``hooklint.auth0`` cannot ask the roles
service (it is above it), and ``actions.model`` cannot import ``actions.roles``, which is
built on the model. It answers for any program (False for a hook), so HL303 asks it beside
``auth0.is_module_cached`` without looking at the kind.
"""

from __future__ import annotations

from hooklint.actions.model import Action
from hooklint.actions.roles import api_calls
from hooklint.auth0.program import Program, per_program
from hooklint.js.estree import FUNCTION_TYPES, Node

_GET = ("api", "cache", "get")
_SET = ("api", "cache", "set")


@per_program
def _cache_calls(action: Action) -> tuple[list[Node], list[Node]]:
    """The ``api.cache.get`` and ``api.cache.set`` calls, in source order."""
    calls = api_calls(action)
    return [c.call for c in calls if c.path == _GET], [c.call for c in calls if c.path == _SET]


def cache_kept(program: Program, node: Node) -> bool:
    """Is what ``node`` produces kept in ``api.cache``: read before it and written after it in
    a function that encloses it? Any program can ask: only an Action has ``api.cache``, so
    for a hook the answer is False."""
    if not isinstance(program, Action):
        return False
    action = program
    gets, sets = _cache_calls(action)
    if not gets or not sets:
        return False
    start, end = node.range
    for fn in action.tree.ancestors(node):
        if fn.type not in FUNCTION_TYPES:
            continue
        low, high = fn.range
        if any(low <= g.range[0] and g.range[1] <= start for g in gets) and \
                any(end <= s.range[0] and s.range[1] <= high for s in sets):
            return True
    return False
