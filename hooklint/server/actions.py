"""Code actions: a quick fix per fixable diagnostic, "disable for this line", and fix all.

A quick fix is rebuilt from the diagnostic's ``data`` (the fix's edits, already in the
client's coordinates), so it needs no relint, as ruff and ESLint do. It is preferred only
when the fix is safe. "Disable for this line" writes the suppression comment that
``run.suppress`` reads. Fix all (``source.fixAll.hooklint``) is ``hooklint check --fix``
on the buffer: ``fixes.fix_text`` with safe fixes (and unsafe ones with ``unsafeFixes``),
as one edit of the whole document.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, NamedTuple

from lsprotocol import types

from hooklint import fixes
from hooklint.checks.catalog import RuleDoc
from hooklint.js.estree import Tree
from hooklint.js.parse import ParseError, parse, with_deep_stack
from hooklint.js.source import Positions, Source
from hooklint.run import suppress
from hooklint.server.diagnostics import position, whole_range
from hooklint.server.documents import Linted

QUICKFIX = types.CodeActionKind.QuickFix.value
FIX_ALL = "source.fixAll.hooklint"
FIX_ALL_TITLE = "hooklint: Fix all auto-fixable problems"
DIRECTIVE = "hooklint-disable-next-line"


def wanted(only: list[str] | None, kind: str) -> bool:
    """Does a request for the kinds ``only`` (None: any) take an action of ``kind``?
    A kind covers its sub-kinds: ``source.fixAll`` takes ``source.fixAll.hooklint``."""
    return only is None or any(kind == o or kind.startswith(o + ".") for o in only)


def _data(diagnostic: types.Diagnostic) -> dict[str, Any] | None:
    data = diagnostic.data
    if diagnostic.source != "hooklint" or not isinstance(data, dict) or not isinstance(data.get("rule"), str):
        return None
    return data


def _text_edit(edit: dict[str, Any]) -> types.TextEdit:
    r = edit["range"]
    return types.TextEdit(range=types.Range(start=types.Position(**r["start"]), end=types.Position(**r["end"])),
                          new_text=edit["newText"])


def quick_fix(uri: str, diagnostic: types.Diagnostic) -> types.CodeAction | None:
    """The diagnostic's fix as a quick fix; None when it has none (or only one to show)."""
    data = _data(diagnostic)
    fix = data.get("fix") if data is not None else None
    if data is None or not isinstance(fix, dict) or fix.get("applicability") not in ("safe", "unsafe"):
        return None
    safe = fix["applicability"] == "safe"
    return types.CodeAction(
        title=f"hooklint ({data['rule']}): {fix['description']}" + ("" if safe else " (unsafe)"),
        kind=QUICKFIX, diagnostics=[diagnostic], is_preferred=safe,
        edit=types.WorkspaceEdit(changes={uri: [_text_edit(e) for e in fix["edits"]]}))


def disable_line(uri: str, diagnostic: types.Diagnostic, text: str, comments: Comments,
                 encoding: str) -> types.CodeAction | None:
    """Suppress the diagnostic's rule on its line: ``// hooklint-disable-next-line HLnnn -- ``
    (the reason to type after ``--``) inserted above the finding's first line (the line suppressions match), or the rule
    added to such a directive already there (before its ``-- reason``). ``comments``: the
    text's (``directives(text, docs)``, read once for all the diagnostics of a request). Not
    offered where the line starts inside a multi-line string, template or block comment (a
    line after a U+2028 inside a string, a template's second line): it would not be a directive."""
    data = _data(diagnostic)
    if data is None or data["rule"] == "HL000" or not isinstance(data.get("line"), int):
        return None  # a file that does not parse has no comments to read
    rule, line = data["rule"], data["line"]
    positions = Positions(text)
    start = positions.index(line, 1)
    if comments.inside_literal(start):
        return None
    existing = next((d for d in comments.directives if d.kind == "disable-next-line" and d.last_line == line - 1),
                    None)
    if existing is not None:
        if rule in existing.ids.values():
            return None  # it is there already (the finding is on another line than it covers)
        at = _end_of_ids(text, *positions.span(existing.region))
        new = f" {rule}"
    else:
        indent = start
        while indent < len(text) and text[indent] in " \t":
            indent += 1
        # ` -- ` ends the comment: what follows it is the suppression's reason (its justification
        # in reports), left for the user to type
        at, new = start, f"{text[start:indent]}// {DIRECTIVE} {rule} -- {fixes.line_end(text)}"
    point = position(positions, at, encoding)
    return types.CodeAction(
        title=f"hooklint ({rule}): Disable for this line", kind=QUICKFIX, diagnostics=[diagnostic],
        edit=types.WorkspaceEdit(changes={uri: [types.TextEdit(range=types.Range(start=point, end=point),
                                                               new_text=new)]}))


class Comments(NamedTuple):
    """What a disable comment must know of a text: its suppression directives, and the
    strings, templates and block comments that span lines (as string indices: a comment
    inserted at a line start inside one would be text, or part of that comment)."""

    directives: list[suppress.Directive]
    literals: list[tuple[int, int]]

    def inside_literal(self, index: int) -> bool:
        return any(start < index < end for start, end in self.literals)


def directives(text: str, docs: dict[str, RuleDoc]) -> Comments:
    """The suppression directives and multi-line literals of ``text`` (none when it does not
    parse)."""
    source = Source(path="", text=text)
    parsed = with_deep_stack(lambda: parse(source.text))
    if isinstance(parsed, ParseError):
        return Comments([], [])
    bom = 1 if text.startswith("\ufeff") else 0  # ``source.text`` lost it, ``text`` did not
    literals = []
    for node in [*Tree(parsed.program).of_types("Literal", "TemplateLiteral"), *parsed.comments]:
        if node.loc.start.line != node.loc.end.line:  # JavaScript lines: a U+2028 inside counts
            start, end = node.range
            literals.append((source.utf16_to_index(start) + bom, source.utf16_to_index(end) + bom))
    return Comments(suppress.parse_directives(source, parsed.comments, docs), literals)


def _end_of_ids(text: str, start: int, end: int) -> int:
    """Where a rule id goes in the directive comment ``text[start:end]``: after its last id,
    before a ``-- reason`` and a block comment's ``*/``."""
    comment = text[start:end]
    ids = comment.find(DIRECTIVE) + len(DIRECTIVE)
    stop = comment.find("--", ids)
    if stop == -1:
        stop = len(comment) - 2 if comment.startswith("/*") else len(comment)
    while stop > ids and comment[stop - 1] in " \t":
        stop -= 1
    return start + stop


def has_fix(diagnostics: Sequence[types.Diagnostic], unsafe: bool) -> bool:
    """Does one of ``diagnostics`` carry a fix that fix all applies?"""
    classes = fixes.wanted(unsafe)
    return any((data := _data(d)) is not None and isinstance(data.get("fix"), dict)
               and data["fix"].get("applicability") in classes for d in diagnostics)


def fix_all(uri: str, text: str, linted: Linted, unsafe: bool, encoding: str) -> types.CodeAction | None:
    """Every wanted fix applied until stable, as one edit of the whole document; None when
    nothing changes."""
    if linted.result is None or linted.source is None:
        return None
    outcome = fixes.fix_text(text, linted.result, linted.relint, fixes.wanted(unsafe))
    if outcome.text == text:
        return None
    edit = types.TextEdit(range=whole_range(Positions(text), encoding), new_text=outcome.text)
    return types.CodeAction(title=FIX_ALL_TITLE, kind=FIX_ALL,
                            edit=types.WorkspaceEdit(changes={uri: [edit]}))
