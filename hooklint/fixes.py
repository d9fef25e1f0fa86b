"""Applying fixes: the loop behind ``hooklint check --fix`` and an editor's "fix all".

One pass applies every wanted fix that overlaps none applied before it (sorted by where
it starts; a fix's edits are applied all or none), in the file's own text: every byte
outside the edits is kept, the byte-order mark and line ends included (a new line in an
edit takes the file's line end). The text is then linted again, since a fix can reveal or
settle other findings, and the loop goes on while fixes apply: at most ``MAX_PASSES``
passes (ESLint's limit), stopping early when a text comes back (a cycle of fixes). A fix
whose text no longer parses where the input did (the relinted result says so) is dropped
and reported (ruff's rule: a fix never leaves broken code), and the pass goes on without it.

The linting is the caller's (``lint``: a text in, a ``FileResult`` out), so the loop
serves the command line (files on disk) and the language server (an unsaved buffer) alike.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import NamedTuple

from hooklint.findings import Applicability, Finding, Fix
from hooklint.js.source import Positions
from hooklint.outcome import FileResult

MAX_PASSES = 10


def wanted(unsafe: bool) -> frozenset[Applicability]:
    """The classes of fixes applied: safe ones, and unsafe ones when asked."""
    return frozenset({"safe", "unsafe"} if unsafe else {"safe"})


def fixable(result: FileResult, classes: Iterable[Applicability]) -> list[Finding]:
    """The findings of ``result`` (not suppressed) whose fix is of ``classes``."""
    classes = frozenset(classes)
    return [f for f in result.findings if f.fix is not None and not f.suppressed and f.fix.applicability in classes]


def line_end(text: str) -> str:
    """The file's line end: the first one it has (LF when it has none)."""
    for index, char in enumerate(text):
        if char == "\r":
            return "\r\n" if text.startswith("\n", index + 1) else "\r"
        if char == "\n":
            return "\n"
    return "\n"


def _spans(positions: Positions, fix: Fix) -> list[tuple[int, int, str]]:
    return sorted((*positions.span(edit.region), edit.text) for edit in fix.edits)


def apply(text: str, fixes: list[Fix]) -> tuple[str, list[Fix]]:
    """``text`` with the fixes that overlap no earlier one applied, and those applied.

    Fixes are taken in the order of their first edit; a fix is skipped whole when one of
    its edits starts before the end of an edit already taken (two insertions at one point
    overlap too: their order would be a guess)."""
    positions = Positions(text)
    eol = line_end(text)
    planned = sorted(((_spans(positions, fix), n, fix) for n, fix in enumerate(fixes) if fix.edits),
                     key=lambda item: (item[0][0][0], item[1]))
    taken: list[tuple[int, int, str]] = []
    applied: list[Fix] = []
    for spans, _, fix in planned:
        if any(_overlaps(span, other) for span in spans for other in taken):
            continue
        taken.extend(spans)
        applied.append(fix)
    out: list[str] = []
    position = 0
    for start, end, new in sorted(taken, key=lambda s: (s[0], s[1])):
        out.append(text[position:start])
        out.append(new.replace("\n", eol) if eol != "\n" else new)
        position = end
    out.append(text[position:])
    return "".join(out), applied


def _overlaps(a: tuple[int, int, str], b: tuple[int, int, str]) -> bool:
    if a[0] == a[1] or b[0] == b[1]:  # an insertion: at the same point, or inside the other
        return b[0] <= a[0] <= b[1] if a[0] == a[1] else a[0] <= b[0] <= a[1]
    return a[0] < b[1] and b[0] < a[1]


def _broken(result: FileResult) -> bool:
    """Did the text of ``result`` fail to parse (the code, wherever it sits: a file, or a
    heredoc inside a metadata file)?"""
    return result.problem is not None and result.problem.kind == "parse"


class Fixed(NamedTuple):
    """A fix applied: the rule and what its fix did (``--show-fixes``)."""

    rule_id: str
    description: str


class Outcome(NamedTuple):
    """What fixing one text did: the text at the end, the result of linting it, the fixes
    applied, the fixes dropped because their text did not parse, and whether the loop
    stopped without settling (a cycle, or ``MAX_PASSES``)."""

    text: str
    result: FileResult
    fixed: list[Fixed]
    dropped: list[Fixed]
    unsettled: str | None


def fix_text(text: str, result: FileResult, lint: Callable[[str], FileResult],
             classes: Iterable[Applicability]) -> Outcome:
    """Apply the fixes of ``classes`` to ``text`` (whose lint result is ``result``) until none
    applies, relinting after each pass. ``lint`` also says whether a text parses: a pass
    whose result does not, where the input did, is redone without the fixes that break it."""
    classes = frozenset(classes)
    fixed: list[Fixed] = []
    dropped: list[Fixed] = []
    seen = {text}
    parsed = not _broken(result)
    refused: set[tuple[str, Fix]] = set()  # fixes that broke the parse: not tried again
    for _ in range(MAX_PASSES):
        findings = [f for f in fixable(result, classes) if (f.rule_id, f.fix) not in refused]
        if not findings:
            return Outcome(text, result, fixed, dropped, None)
        new_text, applied = apply(text, [f.fix for f in findings if f.fix is not None])
        new_result = lint(new_text)
        if parsed and _broken(new_result):
            new_text, applied, new_result = _without_breaking(text, findings, lint, refused, dropped)
            if not applied:
                continue
        if new_text in seen:  # this pass is not kept: the text stays the last one's
            return Outcome(text, result, fixed, dropped, "the fixes undo each other (a cycle); stopped")
        by_fix = {f.fix: f.rule_id for f in findings}
        fixed += [Fixed(by_fix[fix], fix.description) for fix in applied]
        seen.add(new_text)
        text, result = new_text, new_result
    more = bool(fixable(result, classes))
    return Outcome(text, result, fixed, dropped,
                   f"fixes still apply after {MAX_PASSES} passes; stopped" if more else None)


def _without_breaking(text: str, findings: list[Finding], lint: Callable[[str], FileResult],
                      refused: set[tuple[str, Fix]], dropped: list[Fixed]) -> tuple[str, list[Fix], FileResult]:
    """The pass again, without each fix that alone leaves the text unparseable (those are
    refused and reported); if the rest together still break it, only the first of them.
    (Only a pass that broke the parse pays a lint per fix.)"""
    good = []
    for finding in findings:
        assert finding.fix is not None
        alone, _ = apply(text, [finding.fix])
        if _broken(lint(alone)):
            refused.add((finding.rule_id, finding.fix))
            dropped.append(Fixed(finding.rule_id, finding.fix.description))
        else:
            good.append(finding.fix)
    new_text, applied = apply(text, good)
    new_result = lint(new_text)
    if applied and _broken(new_result):
        new_text, applied = apply(text, applied[:1])
        new_result = lint(new_text)
    return new_text, applied, new_result
