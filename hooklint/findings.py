"""Findings: frozen values, created with their location in one call."""

from __future__ import annotations

from enum import Enum
from typing import NamedTuple

from hooklint.source import Region


class Level(str, Enum):
    ERROR = "error"
    WARNING = "warning"
    NOTE = "note"

    @property
    def rank(self) -> int:
        return {"error": 3, "warning": 2, "note": 1}[self.value]


class Edit(NamedTuple):
    """Replace ``region`` with ``text`` (an empty region is an insertion point)."""

    region: Region
    text: str


class Fix(NamedTuple):
    """A mechanical fix a rule can offer: what it does, and its edits (in one file)."""

    description: str
    edits: tuple[Edit, ...]


class Finding(NamedTuple):
    rule_id: str
    level: Level
    message: str
    path: str
    region: Region
    point: str | None = None
    # Set by the suppression step on the copy it makes; never changed afterwards.
    suppressed: bool = False
    justification: str | None = None
    fix: Fix | None = None

    @property
    def sort_key(self) -> tuple:
        r = self.region
        return (self.path, r.start_line, r.start_column, self.rule_id, self.message)
