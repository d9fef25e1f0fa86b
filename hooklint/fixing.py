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
from hooklint.fixes import Fixed, Outcome, fix_text, fixable
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
            write: bool, inline: Callable[[Path, str], list[Source]] | None = None) -> Fixing:
    """Fix every file of ``run`` that has a fix of ``classes``; write it when ``write``,
    else only diff it. ``check`` lints a source as the run did (the engine's
    ``check_source``); ``inline`` gives the sources of code written in a metadata file's
    text (as discovery made them), for fixing that code in its file. Each fixed file's
    result in ``run`` becomes the last pass's."""
    fixing = Fixing()
    if inline is not None:
        _fix_inline(run, check, classes, write, inline, fixing)
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
        _notes(fixing, path, outcome)
        if _record(run, fixing, path, text, outcome.text, outcome.fixed, write):
            run.files[index] = outcome.result
    return fixing


def _notes(fixing: Fixing, path: str, outcome: Outcome) -> None:
    """What to say on stderr of fixing one text: fixes dropped, a loop that did not settle."""
    fixing.notes += [f"{path}: the {d.rule_id} fix would leave code that does not parse; not applied"
                     for d in outcome.dropped]
    if outcome.unsettled:
        fixing.notes.append(f"{path}: {outcome.unsettled}")


def _record(run: RunResult, fixing: Fixing, path: str, before: str, after: str, fixed: list[Fixed],
            write: bool) -> bool:
    """Write (or diff) a file's new text, and record its fixes; False when the text could
    not be written (the file is as it was: its findings stay those of the run)."""
    if after == before:
        return True
    if not write:
        fixing.diffs.append(diff(path, before, after))
    else:
        try:
            Path(path).write_bytes(after.encode("utf-8"))
        except OSError as exc:
            run.read_problems.append(Problem(path, f"cannot write the fixes: {exc.strerror or exc}", "read"))
            return False
    fixing.fixed.append((path, fixed))
    return True


def _fix_inline(run: RunResult, check: Callable[[Source], FileResult], classes: frozenset[Applicability],
                write: bool, inline: Callable[[Path, str], list[Source]], fixing: Fixing) -> None:
    """Fix code written in metadata files (a heredoc, a YAML literal block: the rules offer a
    fix there only where the edit maps back exactly). The loop runs on the metadata file's
    whole text, one entry after the other: each relint reads that entry's code again from
    the text, as discovery does, so the edits are always in the file's own coordinates."""
    indices = {result.path: index for index, result in enumerate(run.files)
               if result.source is None and "#" in result.path and fixable(result, classes)}
    by_file: dict[str, list[str]] = {}
    for name in indices:
        by_file.setdefault(name.rpartition("#")[0], []).append(name)
    for path, names in by_file.items():
        try:
            text = Path(path).read_bytes().decode("utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            why = "not valid UTF-8" if isinstance(exc, UnicodeDecodeError) else exc.strerror or str(exc)
            run.read_problems.append(Problem(path, f"{why}; the code in it not fixed", "read"))
            continue
        current = text
        done: list[Fixed] = []
        results: dict[str, FileResult] = {}  # put in the run once the file is written
        for name in names:
            source = _named(inline(Path(path), current), name)
            if source is None:
                continue
            outcome = fix_text(current, check(source), _relint_inline(check, inline, Path(path), name), classes)
            results[name] = outcome.result
            _notes(fixing, path, outcome)
            current, done = outcome.text, done + outcome.fixed
        if _record(run, fixing, path, text, current, done, write):
            for name, result in results.items():
                run.files[indices[name]] = result


def _named(sources: list[Source], name: str) -> Source | None:
    return next((source for source in sources if source.path == name), None)


def _relint_inline(check: Callable[[Source], FileResult], inline: Callable[[Path, str], list[Source]],
                   path: Path, name: str) -> Callable[[str], FileResult]:
    """Lint the code of entry ``name`` in another text of its metadata file; where the text
    no longer has that entry, a parse problem (the fix is then dropped)."""
    def lint(text: str) -> FileResult:
        source = _named(inline(path, text), name)
        if source is None:
            return FileResult(name, problem=Problem(name, "the fixed metadata no longer holds this code", "parse"))
        return check(source)
    return lint


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
