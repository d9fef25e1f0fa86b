"""HL222 cache-value-misuse: the record ``api.cache.get`` returns used as the cached string,
or a value ``api.cache.set`` cannot store.

Action-only, at every trigger (every trigger's ``api`` has ``cache``). What ``api.cache``
takes and gives (auth0-actions.md §2.5: ``get`` returns ``{value, expires_at}`` or
``undefined``; ``set`` stores strings) and which uses treat the record as the value are the
cache service's (``actions.caching``: ``record_misuses``, ``non_string_values``); the calls
come from the roles service (aliases such as ``const { cache } = api``, helpers that receive
``api``). Location: the call.

The fix: ``?.value`` appended to a ``cache.get(…)`` that is itself used as the value (not
through a variable, where the edit would have to change every use; not when a property
other than ``value`` is read from it, where the intent is not certain). ``?.`` and not
``.``, because ``get`` returns ``undefined`` on a miss: ``?.value`` then gives ``undefined``
as the code had before, where ``.value`` would throw a TypeError that was not there.
"""

from __future__ import annotations

from hooklint.actions.caching import RecordMisuse, non_string_values, record_misuses
from hooklint.actions.model import Action
from hooklint.checks.base import Rule
from hooklint.findings import Edit, Fix

_RECORD = "the cache record `{ value, expires_at }` (or `undefined` on a miss), not the cached string"


class CacheValueMisuse(Rule):
    id = "HL222"
    name = "cache-value-misuse"

    def check(self, ctx) -> None:
        action: Action = ctx.program
        for misuse in record_misuses(action):
            if misuse.direct:
                message = (f"`api.cache.get(…)` returns {_RECORD}, and here it is {misuse.how}: read its `.value` "
                           f"(`api.cache.get(…)?.value`)")
            else:
                message = (f"`{misuse.name}` holds what `api.cache.get(…)` returns, {_RECORD}, and it is "
                           f"{misuse.how}: use `{misuse.name}.value` (after testing `{misuse.name}`)")
            ctx.report(self, misuse.call, message, fix=_append_value(ctx, misuse))
        for stored in non_string_values(action):
            advice = "`JSON.stringify` it (and `JSON.parse` the `.value` read back)" if stored.structured \
                else "store `String(…)` of it"
            ctx.report(self, stored.call,
                       f"`api.cache.set` stores strings only, and this value is {stored.what}: {advice}")


def _append_value(ctx, misuse: RecordMisuse) -> Fix | None:
    """``?.value`` after the call, when the call itself is the value used (see the module's
    docstring), where the edit maps back to the file (``FileContext.report``)."""
    source = ctx.source
    if not (misuse.direct and misuse.in_place_of_value):
        return None
    end = misuse.call.loc.end
    return Fix("Read the cached string: append `?.value` to `api.cache.get(…)`",
               (Edit(source.point_region(end.line, end.column, 0), "?.value"),))


RULE = CacheValueMisuse()
