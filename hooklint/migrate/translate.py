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
from hooklint.auth0.bindings import CORE_INJECTED, INJECTED_GLOBALS, implicit_globals
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
    dependencies = dict(source.dependencies)
    unpinned: list[str] = []
    for package, pinned in requires(program).items():
        if pinned is not None:
            dependencies[package] = pinned
        elif package not in dependencies:  # the hook's metadata did not pin it either
            dependencies[package] = "latest"
            unpinned.append(package)
    if unpinned:
        notes.append(Note("behaviour-change", "dependency-unpinned",
                          f"the hook requires {', '.join(f'`{p}`' for p in unpinned)} with no version its "
                          "metadata pins: the Action declares `latest`; pin the version the hook ran with"))
    injected = implicit_globals(program, every_use=True)

    crlf = "\r\n" in source.text and "\n" not in source.text.replace("\r\n", "")

    def finish(draft: Draft) -> Draft:
        """A form's draft with the injected globals it uses required, and the hook's line
        ends: the forms write their new lines with LF (both forms need both)."""
        if injected:
            code, added = _require_injected(draft.code, injected, dependencies)
            draft = draft._replace(code=code, carried=draft.carried + added)
        if crlf:
            draft = draft._replace(code=draft.code.replace("\r\n", "\n").replace("\n", "\r\n"))
        return draft

    for name, identifier in injected.items():
        region = source.region(identifier)
        notes.append(Note("behaviour-change", "injected-global",
                          f"`{name}` was a global only on the Node 12 runtime: the Action requires "
                          f"`{INJECTED_GLOBALS[name]}`" + ("" if name in CORE_INJECTED else
                                                           " (version `latest`: pin the one the hook ran with)"),
                          region.start_line, region.start_column))
    attempt = idiomatic.draft(program)
    form_reason = ("the analysis proves the shape: the callback is called once on each path, with results the "
                   "mapping covers")
    written: Draft | None = None
    remaining: list[Finding] = []
    if isinstance(attempt, Draft):
        attempt = finish(attempt)
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
        written = finish(compatible.draft(program))
        remaining = check(_action_source(shown, written.code, trigger))
    notes = written.notes + notes  # the form's words first: they describe the code it wrote
    # where the written Action has it (line 0: the place is in the Action, not in the hook's file)
    notes += [Note("action-warning", f.rule_id,
                   f"[{f.level.value}] line {f.region.start_line} of the Action: {f.message}") for f in remaining]
    return Translation(point, trigger, version, entry, form, form_reason, written.code, dependencies,
                       sorted(set(secrets) | set(secrets_read(program))), written.carried, _unique(notes))


def _require_injected(code: str, injected: dict, dependencies: dict[str, str]) -> tuple[str, list[str]]:
    """``code`` with a ``require`` for each injected global it uses, after its directives (or
    before its first statement), and the dependencies they need."""
    lines = []
    for name in injected:
        module = INJECTED_GLOBALS[name]
        lines.append(f"const {name} = require('{module}');\n")
        if name not in CORE_INJECTED:
            dependencies.setdefault(module, "latest")
    parsed = parse(code)
    at = 0
    if not isinstance(parsed, ParseError) and parsed.program.body:
        body = parsed.program.body
        directives = [s for s in body if s.type == "ExpressionStatement" and getattr(s, "directive", None)]
        if directives:
            at = directives[-1].range[1]
            at = code.index("\n", at) + 1 if "\n" in code[at:] else len(code)
        else:
            at = code.rfind("\n", 0, body[0].range[0]) + 1
    block = "".join(lines)
    carried = [f"the injected global `{name}` → `require('{INJECTED_GLOBALS[name]}')`" for name in injected]
    return code[:at] + block + code[at:], carried


def _action_source(shown: str, code: str, trigger: str) -> Source:
    return Source(path=f"{shown} (as an Action)", text=code,
                  point_hint=PointDecision(trigger, "option", "hooklint migrate"))


def _bug(finding: Finding) -> Note:
    return Note("hook-bug", finding.rule_id, f"[{finding.level.value}] {finding.message}",
                finding.region.start_line, finding.region.start_column)


def _unique(notes: list[Note]) -> list[Note]:
    """One note per (code, place): the form and the review may both see a `scope` key; the
    first one said is kept."""
    seen: set[tuple[str, int, int, str]] = set()
    out = []
    for note in notes:
        # a note without a place (an Action's finding, the secrets) is told apart by its words
        key = (note.code, note.line, note.column, "" if note.line else note.message)
        if key not in seen:
            seen.add(key)
            out.append(note)
    return sorted(out, key=lambda n: (n.line, n.column, n.kind, n.code))
