"""What every kind's point decision shares: the in-file ``// hooklint: point=NAME``
pragma (a hook's extensibility point, an Action's trigger) and the "did you mean" hint
for a name that is none of the valid ones."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from typing import NamedTuple

from hooklint.findings import PointDecision
from hooklint.js.estree import Node
from hooklint.js.source import Source

# Read from a comment's text (never from the source): the first ``hooklint: point=`` line.
_PRAGMA = re.compile(r"^\s*\*?\s*hooklint:\s*point\s*=\s*([^\s*]+)")


class Pragma(NamedTuple):
    value: str
    comment: Node


def find_pragma(comments: Iterable[Node]) -> Pragma | None:
    """The first ``// hooklint: point=NAME`` comment."""
    for comment in comments:
        for line in comment.value.splitlines() or [""]:
            match = _PRAGMA.match(line)
            if match:
                return Pragma(match.group(1), comment)
    return None


def pragma_decision(source: Source, comments: Iterable[Node],
                    check_name: Callable[[str], str | None]) -> PointDecision | None:
    """What the pragma decides, if the file has one: its point, or (when ``check_name``,
    the kind's own check, finds the name invalid) no point, with the problem at the comment."""
    pragma = find_pragma(comments)
    if pragma is None:
        return None
    problem = check_name(pragma.value)
    if problem is None:
        return PointDecision(pragma.value, "pragma", "`hooklint: point=` comment")
    return PointDecision(None, "pragma", problem, invalid=pragma.value, region=source.region(pragma.comment))


def did_you_mean(value: str, names: Iterable[str]) -> str:
    """`` (did you mean `NAME`?)`` for the first of ``names`` close to ``value``, else ``""``."""
    from difflib import SequenceMatcher

    close = [name for name in names if SequenceMatcher(None, value, name).ratio() >= 0.8]
    return f" (did you mean `{close[0]}`?)" if close else ""
