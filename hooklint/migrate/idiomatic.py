"""The idiomatic form (stub: the idiomatic helper replaces it)."""

from __future__ import annotations

from hooklint.hooks.model import Hook
from hooklint.migrate.model import Draft, Refusal


def draft(hook: Hook) -> Draft | Refusal:
    return Refusal("the idiomatic form is not written yet")
