"""Baselines: record today's findings, then report only new ones.

A baseline holds the line-independent fingerprints of a run's findings (``hooklint/v1``,
the same value the SARIF report carries: the rule, the file, the flagged code with its
whitespace collapsed, and which occurrence of that triple it is), so code that moves up
or down keeps its findings baselined, and a change to the flagged code makes them new.
"""

from __future__ import annotations

import json
from pathlib import Path

from hooklint import __version__
from hooklint.outcome import RunResult

FORMAT = 1


class BaselineError(Exception):
    """A baseline file that cannot be read or is not a hooklint baseline: exit code 2."""


def write(run: RunResult, path: Path, project_root=None) -> int:
    """Record the run's (unsuppressed) findings; return how many."""
    from hooklint.reporters.fingerprints import stable_fingerprints

    stable = stable_fingerprints(run, project_root)
    entries = {}
    for finding in run.findings:
        entries[stable[id(finding)]] = {"rule": finding.rule_id, "path": finding.path, "message": finding.message}
    document = {"hooklint_baseline": FORMAT, "version": __version__,
                "findings": dict(sorted(entries.items(), key=lambda kv: (kv[1]["path"], kv[1]["rule"], kv[0])))}
    path.write_text(json.dumps(document, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return len(entries)


def read(path: Path) -> set[str]:
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise BaselineError(f"cannot read baseline {path}: {exc.strerror or exc}") from None
    except ValueError:
        raise BaselineError(f"{path} is not a hooklint baseline (not JSON)") from None
    if not isinstance(document, dict) or document.get("hooklint_baseline") != FORMAT \
            or not isinstance(document.get("findings"), dict):
        raise BaselineError(f"{path} is not a hooklint baseline (format {FORMAT})")
    return set(document["findings"])


def apply(run: RunResult, known: set[str], project_root=None) -> None:
    """Drop the findings the baseline knows from the run (they are counted, not reported)."""
    from hooklint.reporters.fingerprints import stable_fingerprints

    stable = stable_fingerprints(run, project_root)
    dropped = 0
    for file in run.files:
        kept = [f for f in file.findings if f.suppressed or stable.get(id(f)) not in known]
        dropped += len(file.findings) - len(kept)
        file.findings = kept
    run.baseline = dropped
