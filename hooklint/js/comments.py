"""The comments of a parsed program, found from its syntax tree.

esprima collects comments only through a per-node delegate, which costs about a quarter
of its parse time. The tree already knows where every string, regular expression and
template piece is; everything else in the text is punctuators, keywords, names, numbers,
white space and comments, and there ``//`` or ``/*`` can only start a comment (``a / *b``
is not JavaScript; a regular expression is a ``Literal`` node). So a scan for ``/`` that
jumps over those nodes finds exactly esprima's comments, with the same ``type``,
``value``, ``range`` and ``loc``.

Only for texts where offsets are plain string indices: ASCII (esprima's offsets and
columns are UTF-16 units), without Annex B HTML-like comments (``<!--``, ``-->``) and
without a ``#!`` line (hooklint blanks it out before parsing); for anything else esprima
collects the comments.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from typing import Any

from hooklint.js.estree import subtree
from hooklint.js.source import LINE_BREAK, LINE_TERMINATORS

# Where a line comment ends: at any line terminator (``scan`` only sees ASCII texts, where
# that is CR or LF).
_LINE_END = re.compile(f"[{LINE_TERMINATORS}]")


class Position:
    __slots__ = ("line", "column")

    def __init__(self, line: int, column: int) -> None:
        self.line = line
        self.column = column


class Location:
    __slots__ = ("start", "end")

    def __init__(self, start: Position, end: Position) -> None:
        self.start = start
        self.end = end


class Comment:
    """A comment as esprima gives it: ``type`` ``Line`` or ``Block``, ``value`` without the
    delimiters, ``range`` [start, end), ``loc`` (1-based lines, 0-based columns)."""

    __slots__ = ("type", "value", "range", "loc")

    def __init__(self, kind: str, value: str, start: int, end: int, loc: Location) -> None:
        self.type = kind
        self.value = value
        self.range = [start, end]
        self.loc = loc


def scannable(text: str) -> bool:
    """Whether ``scan`` can find this text's comments (else ask esprima for them)."""
    return text.isascii() and "<!--" not in text and "-->" not in text and not text.startswith("#!")


def scan(text: str, program: Any) -> list[Comment]:
    """The comments of a ``scannable`` ``text``, which esprima parsed into ``program``."""
    if "/" not in text:
        return []
    opaque = sorted(node.range for node in subtree(program) if node.type in ("Literal", "TemplateElement"))
    starts = [0] + [m.end() for m in LINE_BREAK.finditer(text)]

    def position(offset: int) -> Position:
        line = bisect_right(starts, offset)
        return Position(line, offset - starts[line - 1])

    comments: list[Comment] = []
    at, skip = 0, 0
    while True:
        slash = text.find("/", at)
        if slash < 0:
            return comments
        while skip < len(opaque) and opaque[skip][1] <= slash:
            skip += 1
        if skip < len(opaque) and opaque[skip][0] <= slash:
            at = opaque[skip][1]  # inside a string, a regular expression or a template piece
            continue
        follower = text[slash + 1:slash + 2]
        if follower == "/":
            match = _LINE_END.search(text, slash)
            end = match.start() if match else len(text)
            kind, value = "Line", text[slash + 2:end]
        elif follower == "*":
            close = text.find("*/", slash + 2)
            close = close if close >= 0 else len(text)  # unclosed: esprima would not have parsed it
            end = min(close + 2, len(text))
            kind, value = "Block", text[slash + 2:close]
        else:
            at = slash + 1  # division
            continue
        comments.append(Comment(kind, value, slash, end, Location(position(slash), position(end))))
        at = end
