"""What in a hook needs a person when it becomes an Action (stub: the review helper replaces it)."""

from __future__ import annotations

from hooklint.hooks.model import Hook
from hooklint.migrate.model import Note


def notes(hook: Hook) -> list[Note]:
    return []
