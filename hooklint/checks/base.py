"""What every rule is: an id and a name, and its check, a query over one file; and
``FileContext``, what a rule sees of one file and where it reports."""

from __future__ import annotations

from typing import ClassVar

from hooklint.auth0.program import Program
from hooklint.hooks import model
from hooklint.checks.catalog import CatalogError, RuleDoc
from hooklint.js.estree import Node
from hooklint.findings import Finding, Fix
from hooklint.js.parse import ParseError
from hooklint.findings import Region
from hooklint.js.source import Source


class Rule:
    """Base class of rule checks.

    A rule is a whole-file query over the shared services (the hook model, scope, flow,
    the tree's index of nodes by type; like ruff's deferred checks): ``check(ctx)`` runs
    once per file and asks the services what it needs. There is no per-node walk: a rule
    that looks at every node of a type iterates ``ctx.hook.tree.of_type(type)``.

    - ``id``/``name`` must match the rule's doc (the registry checks it).
    - ``needs_ast = False`` rules also run on files that did not parse or could not be
      analysed (there ``ctx.hook`` is None).
    Report with ``ctx.report(self, node_or_region, message)``.
    """

    id: ClassVar[str]
    name: ClassVar[str]
    needs_ast: ClassVar[bool] = True

    def check(self, ctx: FileContext) -> None:
        """Find the rule's problems in one file (the default finds none: HL001 reports
        from the suppression pass instead)."""


class FileContext:
    """What a rule sees of one file, and where it reports."""

    def __init__(self, source: Source, docs: dict[str, RuleDoc], program: Program | None = None,
                 parse_error: ParseError | None = None, unanalysable: str | None = None) -> None:
        self.source = source
        self.docs = docs
        # the program of any kind (what a rule that runs on several kinds reads), and the
        # same program as a Hook when it is one (what a hook-only rule reads)
        self.program = program
        self.hook = program if isinstance(program, model.Hook) else None
        self.parse_error = parse_error
        self.unanalysable = unanalysable
        self.kind = program.kind if program is not None else None
        self.decision = program.decision if program is not None else None
        self.point = self.decision.point if self.decision is not None else None
        self.findings: list[Finding] = []
        self.code_lines: dict[int, int] = {}

    def report(self, rule: Rule, where: Node | Region | None, message: str, path: str | None = None,
               fix: Fix | None = None) -> Finding:
        """Record a finding of ``rule`` at a node, a region, or (None) the file; ``path``
        when the region is in another file (a metadata value)."""
        line: int | None  # the code line, None when the region maps to none
        if where is None:
            region, line = self.source.file_region(), 1
        elif isinstance(where, Region):
            region = where
            # a region built by the rule: back to code lines, where that is a plain offset
            line = region.start_line - self.source.line_offset if self.source.embedding is None else None
        else:
            region, line = self.source.region(where), where.loc.start.line
        doc = self.docs[rule.id]
        if fix is not None:
            if doc.fix is None:
                raise CatalogError(f"{doc.file_name}: the rule offers a fix, so its front matter needs `fix`")
            fix = fix._replace(applicability=doc.fix)
            if not all(self.source.edit_maps(edit.text) for edit in fix.edits):
                fix = None  # the one gate of every rule's fix: not offered where an edit of the
                # code is not the same edit of the file (code in a JSON string, say)
        finding = Finding(rule.id, doc.level, message, path or self.source.origin or self.source.path,
                          region, self.point, fix=fix)
        self.findings.append(finding)
        if line is not None:
            self.code_lines[id(finding)] = line
        return finding

    def code_line(self, finding: Finding) -> int:
        """A finding's first line in the code's own numbering (for suppression comments)."""
        return self.code_lines.get(id(finding), finding.region.start_line)
