"""One hook → one Action: parse, model, choose the form, check what was written.

``translate`` is the only entry point the rest of ``migrate`` uses. It tries the idiomatic
form (``idiomatic.draft``), checks the Action it wrote with hooklint's own rules, and falls
back to the compatible adapter (``compatible.draft``) when the idiomatic form was refused
or the check found an error-level problem in it. What needs a person comes from
``review.notes`` (the hook's uses of things Actions lack), the hook's own findings and the
written Action's remaining warnings.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from hooklint.findings import Finding, Level, PointDecision
from hooklint.actions import model as action_model
from hooklint.hooks import model as hook_model
from hooklint.js.parse import ParseError, parse, with_deep_stack
from hooklint.js.source import Source
from hooklint.migrate import mapping
from hooklint.migrate.text import requires, secrets_read
from hooklint.migrate.model import Draft, Form, Note, Skipped, Translation

# A checker lints one source with every rule and returns its findings (``Checker`` below).
Check = Callable[[Source], list[Finding]]






def translate(source: Source, check: Check, secrets: Sequence[str] = ()) -> Translation | Skipped:
    """The Action for the hook in ``source`` (``secrets``: names its metadata declares)."""
    return with_deep_stack(lambda: _translate(source, check, secrets))


def _translate(source: Source, check: Check, secrets: Sequence[str]) -> Translation | Skipped:
    from hooklint.migrate import compatible, idiomatic, review

    shown = source.origin or source.path
    parsed = parse(source.text)
    if isinstance(parsed, ParseError):
        return Skipped(shown, f"does not parse ({parsed.message}); not migrated")
    if action_model.entry_points(parsed) or source.action is not None:
        return Skipped(shown, "is already an Action; nothing to migrate")
    program = hook_model.build(source, parsed)
    point = program.point_name
    if point is None:
        why = program.decision.evidence or "no evidence"
        return Skipped(shown, f"its extensibility point is unknown ({why}); not migrated, never guessed")
    if program.function is None:
        return Skipped(shown, "exports no hook function; not migrated")
    trigger, version, entry = mapping.trigger_of(point)
    notes = list(review.notes(program))
    notes += [_bug(finding) for finding in check(source) if finding.rule_id != "HL003"]
    attempt = idiomatic.draft(program)
    form_reason = ("the analysis proves the shape: the callback is called once on each path, with results the "
                   "mapping covers")
    written: Draft | None = None
    remaining: list[Finding] = []
    if isinstance(attempt, Draft):
        remaining = check(_action_source(shown, attempt.code, trigger))
        errors = [f for f in remaining if f.level is Level.ERROR]
        if errors:
            form_reason = (f"the idiomatic form would have {errors[0].rule_id} ({errors[0].message}); "
                           "the compatible adapter keeps the hook's code unchanged")
        else:
            written = attempt
    else:
        form_reason = attempt.reason
    form: Form = "idiomatic" if written is not None else "compatible"
    if written is None:
        written = compatible.draft(program)
        remaining = check(_action_source(shown, written.code, trigger))
    notes = written.notes + notes  # the form's words first: they describe the code it wrote
    notes += [Note("action-warning", f.rule_id, f"[{f.level.value}] {f.message}",
                   f.region.start_line, f.region.start_column) for f in remaining]
    dependencies = dict(source.dependencies)
    dependencies.update(requires(program))
    return Translation(point, trigger, version, entry, form, form_reason, written.code, dependencies,
                       sorted(set(secrets) | set(secrets_read(program))), written.carried, _unique(notes))


def _action_source(shown: str, code: str, trigger: str) -> Source:
    return Source(path=f"{shown} (as an Action)", text=code,
                  point_hint=PointDecision(trigger, "option", "hooklint migrate"))


def _bug(finding: Finding) -> Note:
    return Note("hook-bug", finding.rule_id, f"[{finding.level.value}] {finding.message}",
                finding.region.start_line, finding.region.start_column)


def _unique(notes: list[Note]) -> list[Note]:
    """One note per (code, place): the form and the review may both see a `scope` key; the
    first one said is kept."""
    seen: set[tuple[str, int, int]] = set()
    out = []
    for note in notes:
        key = (note.code, note.line, note.column)
        if key not in seen:
            seen.add(key)
            out.append(note)
    return sorted(out, key=lambda n: (n.line, n.column, n.kind, n.code))
