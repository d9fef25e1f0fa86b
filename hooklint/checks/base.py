"""What every rule is: an id and a name, the node types it visits, and its checks; and
``FileContext``, what a rule sees of one file and where it reports."""

from __future__ import annotations

from typing import Callable, ClassVar

from hooklint import model
from hooklint.catalog import RuleDoc
from hooklint.estree import Node
from hooklint.findings import Finding, Fix
from hooklint.parse import ParseError
from hooklint.source import Region, Source


class Rule:
    """Base class of rule checks.

    - ``id``/``name`` must match the rule's doc (the registry checks it).
    - ``begin(ctx)`` runs once per file before the walk, ``end(ctx)`` once after it.
    - ``visit_<ESTreeType>(node, ctx)`` methods are called during the one shared walk.
    - ``needs_ast = False`` rules also run on files that did not parse (only ``begin``).
    Report with ``ctx.report(self, node_or_region, message)``.
    """

    id: ClassVar[str]
    name: ClassVar[str]
    needs_ast: ClassVar[bool] = True

    def begin(self, ctx: "FileContext") -> None:
        pass

    def end(self, ctx: "FileContext") -> None:
        pass

    def visitors(self) -> dict[str, Callable[[Node, "FileContext"], None]]:
        """ESTree type -> bound ``visit_<type>`` method (computed once per rule)."""
        found = self.__dict__.get("_visitors")
        if found is None:
            found = {attr[len("visit_"):]: getattr(self, attr) for attr in dir(type(self))
                     if attr.startswith("visit_")}
            self.__dict__["_visitors"] = found
        return found


class FileContext:
    """What a rule sees of one file, and where it reports."""

    def __init__(self, source: Source, docs: dict[str, RuleDoc], hook: model.Hook | None = None,
                 parse_error: ParseError | None = None, unanalysable: str | None = None) -> None:
        self.source = source
        self.docs = docs
        self.hook = hook
        self.parse_error = parse_error
        self.unanalysable = unanalysable
        self.decision = hook.point if hook is not None else None
        self.point = self.decision.point if self.decision is not None else None
        self.findings: list[Finding] = []
        self.code_lines: dict[int, int] = {}

    def report(self, rule: Rule, where: Node | Region | None, message: str, path: str | None = None,
               fix: Fix | None = None) -> Finding:
        """Record a finding of ``rule`` at a node, a region, or (None) the file; ``path``
        when the region is in another file (a metadata value)."""
        if where is None:
            region, line = self.source.file_region(), 1
        elif isinstance(where, Region):
            region = where
            # a region built by the rule: back to code lines, where that is a plain offset
            line = region.start_line - self.source.line_offset if self.source.embedding is None else None
        else:
            region, line = self.source.region(where), where.loc.start.line
        finding = Finding(rule.id, self.docs[rule.id].level, message, path or self.source.origin or self.source.path,
                          region, self.point, fix=fix)
        self.findings.append(finding)
        if line is not None:
            self.code_lines[id(finding)] = line
        return finding

    def code_line(self, finding: Finding) -> int:
        """A finding's first line in the code's own numbering (for suppression comments)."""
        return self.code_lines.get(id(finding), finding.region.start_line)
