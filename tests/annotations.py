"""The annotated-fixture format: ``// ruleid: HL102`` and friends.

An annotation alone on its line applies to the next line that is not itself an
annotation-only line; an annotation after code applies to its own line.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field

KINDS = ("ruleid", "ok", "todoruleid", "todook")
_ANNOTATION = re.compile(r"(?://|/\*)\s*(todoruleid|todook|ruleid|ok):\s*([A-Za-z0-9_, -]+?)\s*(?:\*/|$)")
_LINES = re.compile(r"\r\n|\r|\n")


@dataclass
class Expectations:
    # kind -> rule id -> set of 1-based lines
    lines: dict[str, dict[str, set[int]]] = field(default_factory=lambda: {k: defaultdict(set) for k in KINDS})

    def rules(self) -> set[str]:
        return {rule for by_rule in self.lines.values() for rule in by_rule}


def parse_annotations(text: str) -> Expectations:
    lines = _LINES.split(text.lstrip("\ufeff"))
    found: list[tuple[int, bool, str, list[str]]] = []  # (line, alone, kind, ids)
    for number, line in enumerate(lines, start=1):
        for match in _ANNOTATION.finditer(line):
            alone = line[: match.start()].strip() == "" and line[match.end():].strip() == ""
            ids = [i for i in re.split(r"[\s,]+", match.group(2)) if i]
            found.append((number, alone, match.group(1), ids))
    annotation_only = {line for line, alone, _, _ in found if alone}
    out = Expectations()
    for line, alone, kind, ids in found:
        target = line
        if alone:
            target = line + 1
            while target in annotation_only:
                target += 1
        for rule_id in ids:
            out.lines[kind][rule_id].add(target)
    return out
