"""Text: ``path:line:col: ID [level] message (where)``, then a summary line.

``where`` is a hook's extensibility point (``post-user-registration``, or ``unknown
point`` when undecided), or an Action's trigger, named as one (``trigger post-login``,
``unknown trigger``): five trigger ids are also hook point names, and the kind decides
which rules ran. A file that did not parse has no kind: ``unknown point``.

``show_points`` (``hooklint check --show-points``) adds one line per analysed program,
after the findings: its kind, its point or trigger, and how that was decided, with the
evidence (``code.js: Action, trigger post-login (metadata: tenant.yaml names it)``).

A finding whose fix ``hooklint check --fix`` would apply (a safe one; an unsafe one too
with ``--unsafe-fixes``: ``unsafe_fixes``) shows ``[*]`` before its message, and the
summary is followed by how many ``--fix`` would apply and how many more
``--unsafe-fixes`` would (ruff's hint); ``fixed`` is how many fixes this run applied.
"""

from __future__ import annotations

from collections import Counter

import click

from hooklint.outcome import RunResult
from hooklint.checks.registry import Registry
from hooklint.findings import Finding
from hooklint.fixes import wanted
from hooklint.reporters.common import Decided, decided, file_results, finding_decided

_COLOURS = {"error": "red", "warning": "yellow", "note": "cyan"}


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def where(finding: Finding, program: Decided | None) -> str:
    """Where the finding's program runs, as the text line says it (see the module docstring)."""
    if program is None or program.kind == "hook":
        return finding.point or "unknown point"
    return f"{program.point_noun} {finding.point}" if finding.point else f"unknown {program.point_noun}"


def decision_line(path: str, program: Decided) -> str:
    """One program's kind, point or trigger, and how that was decided (``--show-points``)."""
    point = program.point or "unknown"
    return f"{path}: {program.noun}, {program.point_noun} {point} ({program.how}: {program.evidence})"


def render(run: RunResult, registry: Registry, *, color: bool = False, quiet: bool = False,
           statistics: bool = False, show_points: bool = False, unsafe_fixes: bool = False,
           fixed: int | None = None) -> str:
    lines = []
    results = file_results(run)
    classes = wanted(unsafe_fixes)
    for f in run.findings:
        r = f.region
        level = f"[{f.level.value}]"
        rule_id = f.rule_id
        if color:
            level = click.style(level, fg=_COLOURS[f.level.value])
            rule_id = click.style(rule_id, bold=True)
        point = where(f, finding_decided(results, f))
        marker = "[*] " if f.fix is not None and f.fix.applicability in classes else ""
        lines.append(f"{f.path}:{r.start_line}:{r.start_column}: {rule_id} {level} {marker}{f.message} ({point})")
    if show_points:
        programs = [(fr.path, decided(fr)) for fr in sorted(run.files, key=lambda fr: fr.path)]
        if programs and lines:
            lines.append("")
        lines += [decision_line(path, program) for path, program in programs if program is not None]
    if statistics:
        counts = Counter(f.rule_id for f in run.findings)
        if counts:
            lines.append("")
        for rule_id, n in sorted(counts.items()):
            doc = registry.docs[rule_id]
            lines.append(f"{n:5d}  {rule_id}  {doc.name} [{doc.level.value}]")
    if not quiet:
        lines.append(summary(run, fixed))
        hint = fix_hint(run, unsafe_fixes)
        if hint:
            lines.append(hint)
    return "\n".join(lines) + ("\n" if lines else "")


def _hidden(n: int) -> str:
    return f"{n} hidden fix{'' if n == 1 else 'es'}"


def fix_hint(run: RunResult, unsafe_fixes: bool) -> str | None:
    """How many findings ``--fix`` would fix, and how many more with ``--unsafe-fixes``."""
    counts = Counter(f.fix.applicability for f in run.findings if f.fix is not None)
    safe, unsafe = counts["safe"], counts["unsafe"]
    if unsafe_fixes:
        return f"[*] {safe + unsafe} fixable with `hooklint check --fix --unsafe-fixes`." if safe + unsafe else None
    if safe and unsafe:
        return (f"[*] {safe} fixable with `hooklint check --fix` ({_hidden(unsafe)} can be enabled "
                "with `--unsafe-fixes`).")
    if safe:
        return f"[*] {safe} fixable with `hooklint check --fix`."
    if unsafe:
        return f"No fixes available ({_hidden(unsafe)} can be enabled with `--unsafe-fixes`)."
    return None


def summary(run: RunResult, fixed: int | None = None) -> str:
    findings = run.findings
    levels = Counter(f.level.value for f in findings)
    files = len(run.files)
    not_analysed = sum(1 for fr in run.files if not fr.analysed)
    parts = []
    if findings:
        detail = ", ".join(_plural(levels[lv], lv) for lv in ("error", "warning", "note") if levels[lv])
        parts.append(f"Found {_plural(len(findings), 'problem')} ({detail}) in {_plural(files, 'file')}")
    else:
        parts.append(f"No problems in {_plural(files, 'file')}")
    if not_analysed:
        parts.append(f"{not_analysed} not analysed")
    if run.suppressed:
        parts.append(f"{len(run.suppressed)} suppressed")
    if run.baseline:
        parts.append(f"{run.baseline} in the baseline")
    if fixed is not None:
        parts.append(f"{fixed} fixed")
    if run.errors:
        parts.append(_plural(len(run.errors), "error"))
    return "; ".join(parts) + "."
