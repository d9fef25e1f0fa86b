"""The compatible form (stub: the compatible helper replaces it)."""

from __future__ import annotations

from hooklint.hooks.model import Hook
from hooklint.migrate import mapping
from hooklint.migrate.model import Draft


def draft(hook: Hook) -> Draft:
    assert hook.point_name is not None
    _, _, entry = mapping.trigger_of(hook.point_name)
    return Draft(f"exports.{entry} = async (event, api) => {{}};\n", [], [])
