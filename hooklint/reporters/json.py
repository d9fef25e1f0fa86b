"""JSON: a stable document, described in the README ("JSON output").

What each program is and where Auth0 runs it is in ``files[]``, one entry per analysed
file (or script embedded in a metadata file, ``path#name``): ``kind`` (``hook`` or
``action``; null when not analysed), ``point`` (a hook's extensibility point or an
Action's trigger: one key for both, ``kind`` says which), ``point_source`` (how it was
decided: ``option``, ``config``, ``pragma``, ``metadata``, ``inferred`` or
``undetermined``) and ``point_evidence``. A finding carries the ``point`` only; its
kind is its file's (findings are not given a ``kind`` key: the document's finding shape
stays as it was).
"""

from __future__ import annotations

import json
from collections import Counter
from typing import Any

from hooklint import __version__
from hooklint.findings import Finding
from hooklint.outcome import RunResult
from hooklint.checks.registry import Registry

SCHEMA_VERSION = 1


def _finding(f: Finding, registry: Registry) -> dict:
    doc = registry.docs[f.rule_id]
    r = f.region
    out: dict[str, Any] = {
        "rule": f.rule_id,
        "name": doc.name,
        "level": f.level.value,
        "message": f.message,
        "path": f.path,
        "line": r.start_line,
        "column": r.start_column,
        "end_line": r.end_line,
        "end_column": r.end_column,
        "point": f.point,
        "tags": list(doc.tags),
        "help_uri": doc.help_uri,
    }
    if f.fix is not None:
        out["fix"] = {
            "description": f.fix.description,
            "applicability": f.fix.applicability,
            "edits": [{"line": e.region.start_line, "column": e.region.start_column,
                       "end_line": e.region.end_line, "end_column": e.region.end_column, "text": e.text}
                      for e in f.fix.edits],
        }
    if f.suppressed:
        out["justification"] = f.justification
    return out


def render(run: RunResult, registry: Registry, **_: object) -> str:
    findings = run.findings
    levels = Counter(f.level.value for f in findings)
    document = {
        "tool": "hooklint",
        "version": __version__,
        "schema_version": SCHEMA_VERSION,
        "summary": {
            "files": len(run.files),
            "files_not_analysed": sum(1 for fr in run.files if not fr.analysed),
            "findings": len(findings),
            "errors": levels["error"],
            "warnings": levels["warning"],
            "notes": levels["note"],
            "suppressed": len(run.suppressed),
            "baselined": run.baseline or 0,
        },
        "files": [
            {
                "path": fr.path,
                "analysed": fr.analysed,
                "kind": fr.kind,
                "point": fr.decision.point if fr.decision else None,
                "point_source": fr.decision.how if fr.decision else None,
                "point_evidence": fr.decision.evidence if fr.decision else None,
            }
            for fr in sorted(run.files, key=lambda fr: fr.path)
        ],
        "findings": [_finding(f, registry) for f in findings],
        "suppressed": [_finding(f, registry) for f in run.suppressed],
        "errors": list(run.errors),
    }
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"
