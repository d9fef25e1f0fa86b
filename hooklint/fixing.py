"""``hooklint check --fix``/``--diff``: the files of a run fixed on disk (or diffed).

``hooklint.fixes`` owns the loop on one text; this module owns the files: it re-reads each
file that has a wanted fix, refuses one that changed since it was linted or is not
UTF-8, runs the loop with the engine as the linter, writes the text back byte for byte
(the BOM and line ends are in the text) only when it changed, and puts the result of the
last pass in the run, so that the report and the exit code count the findings left
(ruff's contract). A file with no wanted fix is never opened for writing.
"""

from __future__ import annotations

import difflib
import re
from collections import Counter
from dataclasses import dataclass, field
from collections.abc import Callable
from pathlib import Path

from hooklint.findings import Applicability
from hooklint.fixes import Fixed, fix_text, fixable
from hooklint.js.source import Source
from hooklint.outcome import FileResult, Problem, RunResult

# The lines of a diff: CR LF, CR and LF end a line (U+2028/U+2029 do not, for diff tools).
_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+")


@dataclass
class Fixing:
    """What fixing a run did (or would do, for ``--diff``): the fixes per file, in the
    run's order, the unified diffs, and the lines to say on stderr (fixes dropped, loops
    that did not settle). Files that could not be fixed are read problems of the run."""

    fixed: list[tuple[str, list[Fixed]]] = field(default_factory=list)
    diffs: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def count(self) -> int:
        return sum(len(fixes) for _, fixes in self.fixed)


def fix_run(run: RunResult, check: Callable[[Source], FileResult], classes: frozenset[Applicability],
            write: bool) -> Fixing:
    """Fix every file of ``run`` that has a fix of ``classes``; write it when ``write``,
    else only diff it. ``check`` lints a source as the run did (the engine's
    ``check_source``). Each fixed file's result in ``run`` becomes the last pass's."""
    fixing = Fixing()
    for index, result in enumerate(run.files):
        source = result.source
        if source is None or not fixable(result, classes):
            continue
        path = source.path
        try:
            text = Path(path).read_bytes().decode("utf-8")
        except OSError as exc:
            run.read_problems.append(Problem(path, f"cannot read to fix: {exc.strerror or exc}", "read"))
            continue
        except UnicodeDecodeError:
            run.read_problems.append(Problem(path, "not valid UTF-8; not fixed", "read"))
            continue
        if text != source.original_text:
            run.read_problems.append(Problem(path, "changed since it was linted; not fixed", "read"))
            continue
        outcome = fix_text(text, result, _relint(check, source), classes)
        run.files[index] = outcome.result
        fixing.notes += [f"{path}: the {d.rule_id} fix would leave code that does not parse; not applied"
                         for d in outcome.dropped]
        if outcome.unsettled:
            fixing.notes.append(f"{path}: {outcome.unsettled}")
        if outcome.text == text:
            continue
        fixing.fixed.append((path, outcome.fixed))
        if not write:
            fixing.diffs.append(diff(path, text, outcome.text))
            continue
        try:
            Path(path).write_bytes(outcome.text.encode("utf-8"))
        except OSError as exc:
            run.read_problems.append(Problem(path, f"cannot write the fixes: {exc.strerror or exc}", "read"))
    return fixing


def _relint(check: Callable[[Source], FileResult], source: Source) -> Callable[[str], FileResult]:
    """Lint another text of ``source``'s file as the run linted the file."""
    return lambda text: check(source.with_text(text))


def diff(path: str, before: str, after: str) -> str:
    """A unified diff of one file (``--- a/path``, ``+++ b/path``), line ends as they are;
    a last line without one is marked as ``diff`` marks it."""
    lines = difflib.unified_diff(_LINE.findall(before), _LINE.findall(after), f"a/{path}", f"b/{path}")
    out = []
    for line in lines:
        out.append(line if line.endswith(("\n", "\r")) else line + "\n\\ No newline at end of file\n")
    return "".join(out)


def listing(fixing: Fixing, names: dict[str, str], would: bool = False) -> str:
    """``--show-fixes``: the fixes applied per file and rule, as ruff lists them."""
    if not fixing.count:
        return "No fixes applied.\n" if not would else "No fixes to apply.\n"
    n = fixing.count
    lines = [f"{'Would fix' if would else 'Fixed'} {n} finding{'' if n == 1 else 's'}:"]
    for path, fixes in fixing.fixed:
        lines.append(f"- {path}:")
        for rule_id, count in sorted(Counter(f.rule_id for f in fixes).items()):
            lines.append(f"    {count} × {rule_id} ({names.get(rule_id, rule_id)})")
    return "\n".join(lines) + "\n"
