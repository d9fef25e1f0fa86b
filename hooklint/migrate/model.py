"""What a migration produces for one hook: value types, no logic."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal, NamedTuple

Form = Literal["idiomatic", "compatible"]

# Why a note needs a person (the report groups by these).
NoteKind = Literal[
    "no-equivalent",     # the hook uses something Actions do not have (webtask.storage, user.password, ...)
    "behaviour-change",  # the Action behaves differently by design (secrets re-created, user_id prefix, ...)
    "hook-bug",          # `hooklint check` found a problem in the hook; the migration does not fix it silently
    "action-warning",    # `hooklint check` on the written Action reports a warning that needs a person
]


@dataclass(frozen=True)
class Note:
    """One point that needs a person, at a place in the hook's file (1-based line and
    column; line 0 means the hook as a whole). ``code`` is a stable key (the harness and the
    JSON report use it, e.g. ``cce-scope``, ``claim-not-url``, ``post-error-logged``)."""

    kind: NoteKind
    code: str
    message: str
    line: int = 0
    column: int = 0


@dataclass
class Translation:
    """The Action written for one hook."""

    point: str            # the hook's extensibility point
    trigger: str          # the Action trigger id
    version: str          # the trigger's current version (``actions.triggers``)
    entry_point: str      # ``onExecuteCredentialsExchange``, ...
    form: Form
    form_reason: str      # why this form (for compatible: what the analysis could not prove)
    code: str             # the Action's source text
    dependencies: dict[str, str] = field(default_factory=dict)  # npm name -> version ("latest" when unpinned)
    secrets: list[str] = field(default_factory=list)            # secret names the Action needs, sorted
    carried: list[str] = field(default_factory=list)            # what was carried over, one line each
    notes: list[Note] = field(default_factory=list)

    @property
    def codes(self) -> set[str]:
        return {note.code for note in self.notes}


@dataclass
class Skipped:
    """A hook that was not migrated (unknown point, does not parse, unreadable): reported, never guessed."""

    path: str
    reason: str


class Draft(NamedTuple):
    """What a translation form writes: the code, what it carried over, and its own notes."""

    code: str
    carried: list[str]
    notes: list[Note]


class Refusal(NamedTuple):
    """The idiomatic form cannot prove the shape: why (said in the report)."""

    reason: str
