"""A lint result as LSP diagnostics.

Every position goes through ``js.source.Positions`` (hooklint's JavaScript lines and UTF-16
columns to a string index, then to the LSP line and the client's encoding): pygls's own
``TextDocument.lines`` splits on more characters than LSP does and must not be indexed
with hooklint lines.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from lsprotocol import types

from hooklint.checks.catalog import RuleDoc
from hooklint.findings import Finding, Fix, Level, Region
from hooklint.fixes import line_end
from hooklint.js.source import Positions
from hooklint.outcome import FileResult

SOURCE = "hooklint"
SEVERITY = {
    Level.ERROR: types.DiagnosticSeverity.Error,
    Level.WARNING: types.DiagnosticSeverity.Warning,
    Level.NOTE: types.DiagnosticSeverity.Information,
}
UNNECESSARY = frozenset({"HL001"})  # an unused suppression: faded, like dead code


def position(positions: Positions, index: int, encoding: str) -> types.Position:
    line, character = positions.lsp_position(index, encoding)
    return types.Position(line=line, character=character)


def lsp_range(positions: Positions, region: Region, encoding: str) -> types.Range:
    start, end = positions.span(region)
    return types.Range(start=position(positions, start, encoding), end=position(positions, end, encoding))


def whole_range(positions: Positions, encoding: str) -> types.Range:
    """The whole document (a fix-all's one edit)."""
    return types.Range(start=types.Position(line=0, character=0),
                       end=position(positions, len(positions.text), encoding))


def first_line(positions: Positions, encoding: str) -> types.Range:
    """The first line of the document: where a problem of the whole file is shown."""
    end = positions.lsp_index(0, len(positions.text), encoding)  # past the line's end is its end
    return types.Range(start=types.Position(line=0, character=0), end=position(positions, end, encoding))


def fix_data(fix: Fix, positions: Positions, encoding: str) -> dict[str, Any]:
    """A fix as JSON for ``Diagnostic.data``: its edits as LSP ``TextEdit``s, in the
    document's coordinates when it was linted (what the code action hands back)."""
    eol = line_end(positions.text)  # a new line takes the document's line end, as `--fix` does
    return {
        "description": fix.description,
        "applicability": fix.applicability,
        "edits": [{"range": _json_range(lsp_range(positions, edit.region, encoding)),
                   "newText": edit.text.replace("\n", eol) if eol != "\n" else edit.text}
                  for edit in fix.edits],
    }


def _json_range(r: types.Range) -> dict[str, Any]:
    return {"start": {"line": r.start.line, "character": r.start.character},
            "end": {"line": r.end.line, "character": r.end.character}}


def from_finding(finding: Finding, positions: Positions, encoding: str, docs: dict[str, RuleDoc],
                 document: str | None = None) -> types.Diagnostic:
    """``finding`` as a diagnostic of the document at ``document`` (a path). A finding
    located in another file (a metadata value: the trigger HL002 or HL111 reads) is shown
    at line 1, its place in that file named in the message and as related information."""
    doc = docs.get(finding.rule_id)
    data: dict[str, Any] = {"rule": finding.rule_id}
    related = None
    message = finding.message
    if document is not None and finding.path != document:
        where = f"{finding.path}:{finding.region.start_line}:{finding.region.start_column}"
        message = f"{message} ({where})"
        related = _elsewhere(finding, where, encoding)
        shown = first_line(positions, encoding)
    else:
        data["line"] = finding.region.start_line  # the line a suppression comment covers
        if finding.fix is not None and finding.fix.edits:
            data["fix"] = fix_data(finding.fix, positions, encoding)
        shown = lsp_range(positions, finding.region, encoding)
    return types.Diagnostic(
        range=shown,
        message=message,
        related_information=related,
        severity=SEVERITY[finding.level],
        code=finding.rule_id,
        code_description=types.CodeDescription(href=doc.help_uri) if doc is not None else None,
        source=SOURCE,
        tags=[types.DiagnosticTag.Unnecessary] if finding.rule_id in UNNECESSARY else None,
        data=data,
    )


def _elsewhere(finding: Finding, where: str, encoding: str) -> list[types.DiagnosticRelatedInformation] | None:
    """The place in another file of ``finding`` (its path as the run names it: relative to
    the current directory, or absolute), when that file can be read."""
    path = Path(finding.path).resolve()
    try:
        text = path.read_bytes().decode("utf-8", errors="replace")
    except OSError:
        return None
    return [types.DiagnosticRelatedInformation(
        location=types.Location(uri=path.as_uri(), range=lsp_range(Positions(text), finding.region, encoding)),
        message=where)]


def from_result(result: FileResult, positions: Positions, encoding: str,
                docs: dict[str, RuleDoc]) -> list[types.Diagnostic]:
    """The unsuppressed findings of ``result``, and its internal error if a rule failed."""
    found = [from_finding(f, positions, encoding, docs, result.path)
             for f in sorted(result.findings, key=lambda f: f.sort_key) if not f.suppressed]
    if result.problem is not None and result.problem.kind == "internal":
        found.append(at_first_line(f"hooklint: {result.problem.message}", positions, encoding,
                                   types.DiagnosticSeverity.Error))
    return found


def at_first_line(message: str, positions: Positions, encoding: str,
                  severity: types.DiagnosticSeverity) -> types.Diagnostic:
    """A problem of the whole file (a config error, an internal error), at line 1."""
    return types.Diagnostic(range=first_line(positions, encoding), message=message, severity=severity,
                            source=SOURCE)
