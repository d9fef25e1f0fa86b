"""What a run produced: per-file results, the run's result, and why a path was not analysed.

Value types at the bottom of the layering (they import only ``findings`` and ``source``):
the engine builds them, the cache stores them, the reporters, the baseline and ``init``
read them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal, NamedTuple

from hooklint.findings import Finding, Level
from hooklint.findings import PointDecision, Region
from hooklint.js.source import Source

ProblemKind = Literal["read", "unanalysable", "parse", "internal"]


class Problem(NamedTuple):
    """Why a path was not (fully) analysed, with its location: for reports (SARIF's
    ``toolExecutionNotifications``, the HTML report's parse errors).

    ``kind``: ``read`` (not read at all; also in ``RunResult.errors``, exit code 2),
    ``unanalysable`` (binary or too big), ``parse`` (esprima gave up) or ``internal``.
    """

    path: str
    message: str
    kind: ProblemKind
    region: Region | None = None


@dataclass
class FileResult:
    path: str
    decision: PointDecision | None = None
    analysed: bool = False  # parsed and checked
    findings: list[Finding] = field(default_factory=list)  # including suppressed ones
    rules_run: list[str] = field(default_factory=list)
    # For reporters (excerpts, snippets, GitHub's line hashes): the source as linted, when
    # it is the whole file at ``path``; and why the file was not analysed, if it was not.
    source: Source | None = None
    problem: Problem | None = None
    kind: str | None = None  # "hook" or "action", when analysed


@dataclass
class RunResult:
    files: list[FileResult]
    selected: list[str]  # rule ids selected (implemented or not)
    started: float
    ended: float
    fail_on: Level = Level.WARNING
    read_problems: list[Problem] = field(default_factory=list)  # paths that could not be read
    baseline: int | None = None  # with --baseline: how many findings it left out

    @property
    def findings(self) -> list[Finding]:
        """Unsuppressed findings, sorted by path, line, column, rule."""
        return sorted((f for fr in self.files for f in fr.findings if not f.suppressed), key=lambda f: f.sort_key)

    @property
    def suppressed(self) -> list[Finding]:
        return sorted((f for fr in self.files for f in fr.findings if f.suppressed), key=lambda f: f.sort_key)

    @property
    def problems(self) -> list[Problem]:
        """Every path that could not be read, parsed or analysed, sorted by path."""
        found = self.read_problems + [fr.problem for fr in self.files if fr.problem is not None]
        return sorted(found, key=lambda p: (p.path, p.region or Region(0, 0, 0, 0), p.message))

    @property
    def errors(self) -> list[str]:
        """One-line messages of what makes the exit code 2: unreadable paths, internal errors."""
        return [f"{p.path}: {p.message}" for p in self.problems if p.kind in ("read", "internal")]

    @property
    def rules_run(self) -> list[str]:
        return sorted({r for fr in self.files for r in fr.rules_run})

    def exit_code(self, exit_zero: bool = False) -> int:
        if self.errors:
            return 2
        if exit_zero:
            return 0
        return 1 if any(f.level.rank >= self.fail_on.rank for f in self.findings) else 0
