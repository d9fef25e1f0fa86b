"""The value types at the bottom of the layering (they import nothing of hooklint): a
finding and its region, and the extensibility point decided for a source. Frozen values,
created with their location in one call."""

from __future__ import annotations

from enum import Enum
from typing import Literal, NamedTuple

DecisionHow = Literal["option", "config", "pragma", "metadata", "inferred", "undetermined"]
# ruff's classes of fixes: ``safe`` keeps the meaning or is certainly what was meant (``--fix``
# applies it); ``unsafe`` may change what the code does (``--fix --unsafe-fixes``; a quick fix
# in editors, not preferred); ``display-only`` is shown, never applied by the command line.
Applicability = Literal["safe", "unsafe", "display-only"]
APPLICABILITIES: tuple[Applicability, ...] = ("safe", "unsafe", "display-only")


class Region(NamedTuple):
    """1-based lines, 1-based UTF-16 columns; ``end_column`` is exclusive."""

    start_line: int
    start_column: int
    end_line: int
    end_column: int


class PointDecision(NamedTuple):
    """The extensibility point of a source and how it was decided.

    ``how`` is one of ``option``, ``config``, ``pragma``, ``metadata``, ``inferred`` or
    ``undetermined``. ``invalid`` holds a value that named no valid point (a typo, the
    retired ``password-exchange``), ``region`` where that value was written.
    """

    point: str | None
    how: DecisionHow
    evidence: str
    invalid: str | None = None
    region: Region | None = None
    where: str | None = None  # the file ``region`` is in, when not the source's own (metadata)


class ActionMetadata(NamedTuple):
    """What an Action's metadata (deploy-cli, Terraform, an API export) says of its code:
    that it is an Action, whatever it exports; its trigger (a ``metadata`` decision, or
    one with ``invalid`` at the value for an id no trigger has); the trigger's version as
    written and where; the runtime; whether the Action's dependencies are listed at all
    (the listed ones are the source's ``dependencies``). ``where`` is the metadata file."""

    where: str
    trigger: PointDecision | None = None
    version: str | None = None
    version_region: Region | None = None
    runtime: str | None = None
    dependencies_listed: bool = False


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
    """A mechanical fix a rule can offer: what it does, and its edits (in one file, sorted,
    never overlapping; applied all or none). ``applicability`` is the rule doc's ``fix``
    class, set when the finding is reported (a rule never chooses it)."""

    description: str
    edits: tuple[Edit, ...]
    applicability: Applicability = "display-only"


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
