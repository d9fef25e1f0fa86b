"""What every kind's point decision shares: the in-file ``// hooklint: point=NAME``
pragma (a hook's extensibility point, an Action's trigger) and the "did you mean" hint
for a name that is none of the valid ones."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import NamedTuple

from hooklint.js.estree import Node

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


def did_you_mean(value: str, names: Iterable[str]) -> str:
    """`` (did you mean `NAME`?)`` for the first of ``names`` close to ``value``, else ``""``."""
    from difflib import SequenceMatcher

    close = [name for name in names if SequenceMatcher(None, value, name).ratio() >= 0.8]
    return f" (did you mean `{close[0]}`?)" if close else ""
