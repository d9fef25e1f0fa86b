"""The suppression pass: in-source suppressions (``hooklint-disable-…`` comments) applied
to a file's findings, and HL001 on the directives that suppressed nothing (the pass owns
that rule's reporting: only it knows which directives were used).

Forms (ids or rule names, space or comma separated; an id list is required):
``// hooklint-disable-next-line HL204 HL206 -- reason``, ``// hooklint-disable-line HL204``,
``/* hooklint-disable HL300 */ … /* hooklint-enable HL300 */`` and
``// hooklint-disable-file HL108``. The ``-- reason`` becomes the justification.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Literal, NamedTuple, cast

from hooklint.checks.base import FileContext
from hooklint.checks.catalog import RuleDoc
from hooklint.checks.hl001_unused_suppression import RULE as UNUSED
from hooklint.checks.catalog import rule_id as find_rule_id
from hooklint.js.estree import Node
from hooklint.findings import Finding
from hooklint.findings import Region
from hooklint.js.source import Source

DirectiveKind = Literal["disable-next-line", "disable-line", "disable-file", "disable", "enable"]
DirectiveProblemKind = Literal["unknown", "unused", "empty"]

_DIRECTIVE = re.compile(
    r"^\s*\*?\s*hooklint-(disable-next-line|disable-line|disable-file|disable|enable)(?=\s|$)(.*)$",
    re.S,
)


@dataclass
class Directive:
    kind: DirectiveKind
    tokens: list[str]  # as written
    ids: dict[str, str]  # token -> rule id, for the tokens that name a rule
    reason: str | None
    region: Region  # where it is written, in the file findings point to (for HL001)
    first_line: int  # the comment's lines in the code's own numbering (embedded code:
    last_line: int  # a script in a JSON string is one line of the file but many of code)
    used: set[str] = field(default_factory=set)  # rule ids it suppressed something for


class DirectiveProblem(NamedTuple):
    """Something HL001 reports about a directive."""

    directive: Directive
    token: str | None  # None: the directive names no rule at all
    kind: DirectiveProblemKind


def check(ctx: FileContext, comments: list[Node], ran: set[str], active: set[str]) -> tuple[list[Finding], set[str]]:
    """The file's findings with its directives applied (suppressed ones marked), HL001's
    findings among them when it is active; and the rules this pass ran (HL001 or none)."""
    directives = parse_directives(ctx.source, comments, ctx.docs)
    findings = apply(ctx.findings, directives, ctx.code_line)
    if UNUSED.id not in active:
        return findings, set()
    before = len(ctx.findings)
    for problem in problems(directives, ran):
        ctx.report(UNUSED, problem.directive.region, _message(problem))
    # an HL001 finding can itself be suppressed (`hooklint-disable-line HL001`)
    return findings + apply(ctx.findings[before:], directives, ctx.code_line), {UNUSED.id}


def _message(problem: DirectiveProblem) -> str:
    directive = problem.directive
    form = f"hooklint-{directive.kind}"
    if problem.kind == "empty":
        return f"`{form}` names no rule: list the ids to suppress (blanket suppressions are not supported)"
    if problem.kind == "unknown":
        return f"`{form}` names `{problem.token}`, which is not a hooklint rule id or name"
    assert problem.token is not None  # only an "empty" problem names no token
    return f"`{form} {problem.token}` suppresses nothing: no {directive.ids[problem.token]} finding here; remove it"


def parse_directives(source: Source, comments: list[Node], docs: dict[str, RuleDoc]) -> list[Directive]:
    directives = []
    for comment in comments:
        match = _DIRECTIVE.match(comment.value)
        if not match:
            continue
        kind = cast(DirectiveKind, match.group(1))  # one of the forms _DIRECTIVE matches
        rest = match.group(2)
        rest, _, reason = rest.partition("--")
        tokens = [t for t in re.split(r"[\s,]+", rest.strip()) if t]
        ids = {token: found for token in tokens if (found := find_rule_id(token, docs)) is not None}
        directives.append(Directive(kind, tokens, ids, reason.strip() or None, source.region(comment),
                                    comment.loc.start.line, comment.loc.end.line))
    return directives


def _ranges(directives: list[Directive]) -> list[tuple[Directive, str, int, float]]:
    """(directive, rule id, first line, last line) for every line range a directive covers."""
    out: list[tuple[Directive, str, int, float]] = []
    open_blocks: dict[str, list[Directive]] = {}
    for d in sorted(directives, key=lambda d: (d.first_line, d.region.start_column)):
        for rule_id in d.ids.values():
            if d.kind == "disable-next-line":
                out.append((d, rule_id, d.last_line + 1, d.last_line + 1))
            elif d.kind == "disable-line":
                out.append((d, rule_id, d.first_line, d.first_line))
            elif d.kind == "disable-file":
                out.append((d, rule_id, 0, float("inf")))
            elif d.kind == "disable":
                open_blocks.setdefault(rule_id, []).append(d)
            elif d.kind == "enable":
                for start in open_blocks.pop(rule_id, []):
                    out.append((start, rule_id, start.first_line, d.last_line))
                    d.used.add(rule_id)  # an enable that closes a block is not unused
    for rule_id, starts in open_blocks.items():
        for start in starts:
            out.append((start, rule_id, start.first_line, float("inf")))
    return out


def apply(findings: list[Finding], directives: list[Directive], line_of) -> list[Finding]:
    """The findings, with those a directive covers marked suppressed (copies).

    ``line_of(finding)`` is the finding's first line in the code's own numbering."""
    if not directives:
        return findings
    ranges = _ranges(directives)
    out = []
    for finding in findings:
        hit = None
        line = line_of(finding)
        for directive, rule_id, first, last in ranges:
            if rule_id == finding.rule_id and first <= line <= last:
                directive.used.add(rule_id)
                hit = hit or directive
        if hit is not None:
            finding = finding._replace(suppressed=True, justification=hit.reason)
        out.append(finding)
    return out


def problems(directives: list[Directive], ran: set[str]) -> list[DirectiveProblem]:
    """Unknown ids, empty id lists, and ids of rules that ran here but were not hit.

    A directive naming a rule that did not run on this file (not selected, another
    point, not implemented yet) is not reported: nothing can be said about it.
    """
    found = []
    for d in directives:
        if not d.tokens:
            found.append(DirectiveProblem(d, None, "empty"))
            continue
        for token in d.tokens:
            rule_id = d.ids.get(token)
            if rule_id is None:
                found.append(DirectiveProblem(d, token, "unknown"))
            elif d.kind != "enable" and rule_id in ran and rule_id not in d.used and rule_id != UNUSED.id:
                found.append(DirectiveProblem(d, token, "unused"))
    return found
