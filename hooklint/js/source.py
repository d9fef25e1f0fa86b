"""A file's text as hooklint lints it, and the one place where coordinates are converted.

esprima-fork reports positions as 0-based UTF-16 code-unit offsets (``range``) and
1-based lines with 0-based UTF-16 columns (``loc``). Findings carry 1-based lines and
1-based UTF-16 columns with an exclusive end column (SARIF's ``utf16CodeUnits``). Every
conversion between those conventions, and between UTF-16 offsets and Python string
indices, happens here and nowhere else.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from hooklint.findings import ActionMetadata, PointDecision, Region

# deploy-cli keyword replacement: @@KEY@@ (a JSON value) and ##KEY## (raw text).
DEPLOY_TOKEN = re.compile(r"@@([A-Za-z0-9_]+)@@|##([A-Za-z0-9_]+)##")
# JavaScript's line terminators (LF, CR, U+2028, U+2029; CR LF is one): the lines esprima
# counts in ``loc``, so the lines of every position in code. A metadata file (JSON, YAML,
# HCL) breaks its own lines at CR and LF only: ``run.metadata`` keeps its own pattern.
LINE_BREAK = re.compile(r"\r\n|[\r\n\u2028\u2029]")
LINE_TERMINATORS = "\r\n\u2028\u2029"


def _placeholder(match: re.Match[str]) -> str:
    # Same length as the token, a valid identifier character sequence, so that a raw
    # ``##LIMIT##`` parses as an identifier and columns after it stay true.
    return "_" * len(match.group(0))


def utf16_len(text: str) -> int:
    """Length in UTF-16 code units (lone surrogates, which JSON can hold, count as one)."""
    return len(text.encode("utf-16-le", errors="surrogatepass")) // 2



# Where embedded code sits in its file: (line, 0-based UTF-16 column) in the code to the
# same in the file that holds it (a JSON string with escapes, say).
Embedding = Callable[[int, int], tuple[int, int]]


@dataclass
class Source:
    """One piece of hook code: where it came from and the text that is parsed.

    ``origin`` is the file findings point to. Code embedded in another file is placed
    there by ``line_offset``/``column_offset`` (a Terraform heredoc: lines moved down,
    columns moved right by the stripped indentation) or, when escapes move characters
    around (a JSON string), by ``embedding``. ``point_hint`` is what discovery learned
    about the point before parsing (an option, the config or metadata); the pragma and
    inference are applied later. ``dependencies`` are the versions metadata pins.
    ``action`` is set when Action metadata names this code: it is an Action then.
    """

    path: str
    text: str
    origin: str | None = None
    line_offset: int = 0
    column_offset: int = 0
    embedding: Embedding | None = None
    point_hint: PointDecision | None = None
    dependencies: dict[str, str] = field(default_factory=dict)
    template: bool = False  # a Terraform template: ``${...}`` are interpolations
    action: ActionMetadata | None = None
    verbatim: bool = False  # embedded code whose lines are its file's, cut at ``column_offset``

    def __post_init__(self) -> None:
        self.origin = self.origin or self.path
        self.original_text = self.text
        self.text = preprocess(terraform_template(self.text) if self.template else self.text)
        self.lines = self._split_lines(self.original_text)
        self._ascii = self.text.isascii()
        self._astral: list[int] | None = None
        self._line_starts = [0] + [m.end() for m in LINE_BREAK.finditer(self.text)]

    @staticmethod
    def _split_lines(text: str) -> list[str]:
        if text.startswith("\ufeff"):
            text = text[1:]
        return LINE_BREAK.split(text)

    # ----- coordinate conversion (the only place) -------------------------------------

    def _place(self, line: int, column0: int) -> tuple[int, int]:
        """A code position (1-based line, 0-based UTF-16 column) as a 1-based position
        in ``origin``."""
        if self.embedding is not None:
            line, column0 = self.embedding(line, column0)
            return line, column0 + 1
        return line + self.line_offset, column0 + 1 + self.column_offset

    def region(self, node: Any) -> Region:
        """The region a node (or anything with esprima ``loc``) covers."""
        loc = node.loc
        start = self._place(loc.start.line, loc.start.column)
        end = self._place(loc.end.line, loc.end.column)
        return Region(start[0], start[1], end[0], end[1])

    def span(self, first: Any, last: Any) -> Region:
        """From the start of ``first`` to the end of ``last``."""
        a, b = self.region(first), self.region(last)
        return Region(a.start_line, a.start_column, b.end_line, b.end_column)

    def point_region(self, line: int, column0: int, width: int = 1) -> Region:
        """A region at a 1-based line and 0-based UTF-16 column (esprima's convention)."""
        start = self._place(line, column0)
        end = self._place(line, column0 + width)
        return Region(start[0], start[1], end[0], end[1])

    def line_region(self, line: int) -> Region:
        """The whole of a 1-based line (at least one column wide)."""
        text = self.lines[line - 1] if 0 < line <= len(self.lines) else ""
        return self.point_region(line, 0, max(utf16_len(text), 1))

    @property
    def is_whole_file(self) -> bool:
        """Is the code the whole of the file findings point to, unmoved (not code embedded in
        a metadata file)? Only there is an edit of the code an edit of that file (a fix)."""
        return (self.origin == self.path and not self.line_offset and not self.column_offset
                and self.embedding is None)

    @property
    def edits_in_place(self) -> bool:
        """Is an edit of the code (a fix) the same edit of the file findings point to? In the
        file itself, and in a heredoc or a YAML literal block (``verbatim``) for an edit on
        one line; never in a JSON or quoted string, whose escapes move characters."""
        return self.is_whole_file or (self.verbatim and self.embedding is None)

    def edit_maps(self, text: str) -> bool:
        """Does inserting ``text`` keep the mapping? A new line in code whose lines the file
        indents (a YAML block, ``<<-`` heredoc) would lack that indentation."""
        return self.edits_in_place and (self.column_offset == 0 or "\n" not in text)

    def file_region(self) -> Region:
        """Where a file-level finding goes: line 1."""
        return self.line_region(1)

    def with_text(self, text: str) -> Source:
        """The same file (path, placement, point hint, metadata) holding other text: what a
        fix makes of it, linted as this source was."""
        return Source(path=self.path, text=text, origin=self.origin, line_offset=self.line_offset,
                      column_offset=self.column_offset, embedding=self.embedding, point_hint=self.point_hint,
                      dependencies=dict(self.dependencies), template=self.template, action=self.action,
                      verbatim=self.verbatim)

    def utf16_to_index(self, offset: int) -> int:
        """A Python string index into ``text`` from a UTF-16 offset (esprima ``range``)."""
        if self._astral is None:  # the UTF-16 offsets of characters beyond U+FFFF, once
            self._astral = [] if self._ascii else [
                i for i, char in enumerate(self.text) if ord(char) > 0xFFFF]
            # each astral character before a point adds one unit: store their offsets
            self._astral = [index + n for n, index in enumerate(self._astral)]
        if not self._astral:
            return offset
        # every astral character that starts before `offset` takes two units
        return offset - bisect_right(self._astral, offset - 1)

    def slice(self, node: Any) -> str:
        """The source text of a node."""
        start, end = node.range
        return self.text[self.utf16_to_index(start) : self.utf16_to_index(end)]

    def line_of_index(self, index: int) -> int:
        """1-based line of a Python string index into ``text``.

        Public API of ``Source``; no module of hooklint calls it today (regions come from the
        parser's UTF-16 locations), tests/test_source.py does."""
        return bisect_right(self._line_starts, index)


# The Language Server Protocol's line ends (LSP 3.17 "Text Documents"): CR LF, CR and LF only;
# U+2028 and U+2029, which end a JavaScript line, sit inside an LSP line.
LSP_LINE_BREAK = re.compile(r"\r\n|[\r\n]")
# a client's position encoding (LSP ``PositionEncodingKind``) -> the width of a character
_UNITS: dict[str, Callable[[str], int]] = {
    "utf-8": lambda char: len(char.encode("utf-8", errors="surrogatepass")),
    "utf-16": lambda char: 2 if ord(char) > 0xFFFF else 1,
    "utf-32": lambda char: 1,
}
POSITION_ENCODINGS = tuple(_UNITS)


class Positions:
    """Every coordinate system of one file's text, through Python string indices.

    hooklint's own (a ``Region``: 1-based JavaScript lines, 1-based UTF-16 columns, as the
    code was parsed: after a byte-order mark) and the LSP's (0-based lines broken at CR LF,
    CR and LF only, 0-based characters counted in the client's encoding). A fix's edits and
    an editor's ranges both go through ``index``: the two systems never meet directly.
    Lines are indexed once; a conversion costs the length of one line prefix.
    """

    def __init__(self, text: str) -> None:
        self.text = text
        body = 1 if text.startswith("\ufeff") else 0  # columns of line 1 start after a BOM
        self._js_starts = [body] + [m.end() for m in LINE_BREAK.finditer(text)]
        self._lsp_starts = [0] + [m.end() for m in LSP_LINE_BREAK.finditer(text)]

    @staticmethod
    def _line_end(text: str, start: int, breaks: re.Pattern[str]) -> int:
        found = breaks.search(text, start)
        return found.start() if found else len(text)

    def index(self, line: int, column: int) -> int:
        """The string index of a hooklint position (1-based line, 1-based UTF-16 column);
        a column past the line's end is its end."""
        if line > len(self._js_starts):
            return len(self.text)
        start = self._js_starts[max(line, 1) - 1]
        return self._advance(start, self._line_end(self.text, start, LINE_BREAK), column - 1, "utf-16")

    def span(self, region: Region) -> tuple[int, int]:
        """The string indices a hooklint region covers."""
        return self.index(region.start_line, region.start_column), self.index(region.end_line, region.end_column)

    def lsp_position(self, index: int, encoding: str) -> tuple[int, int]:
        """The LSP position (0-based line, character in ``encoding``) of a string index."""
        line = bisect_right(self._lsp_starts, index) - 1
        prefix = self.text[self._lsp_starts[line]:index]
        width = _UNITS[encoding]
        return line, (len(prefix) if encoding == "utf-32" or prefix.isascii() else sum(map(width, prefix)))

    def lsp_index(self, line: int, character: int, encoding: str) -> int:
        """The string index of an LSP position; past a line's end is its end (as LSP says),
        past the last line is the end of the text."""
        if line >= len(self._lsp_starts):
            return len(self.text)
        start = self._lsp_starts[max(line, 0)]
        return self._advance(start, self._line_end(self.text, start, LSP_LINE_BREAK), character, encoding)

    def _advance(self, start: int, end: int, units: int, encoding: str) -> int:
        """The index ``units`` code units of ``encoding`` after ``start``, at most ``end``
        (a position inside a character is the character's start)."""
        if encoding == "utf-32" or self.text[start:min(start + units, end)].isascii():
            return min(start + max(units, 0), end)
        width = _UNITS[encoding]
        index = start
        while index < end and units > 0:
            units -= width(self.text[index])
            if units < 0:
                break
            index += 1
        return index


def region_at(line: int, column0: int, width: int) -> Region:
    """A region in a file that is not parsed (metadata): 1-based line, 0-based column."""
    return Region(line, column0 + 1, line, column0 + 1 + max(width, 1))


def preprocess(text: str) -> str:
    """What esprima sees: no BOM, no ``#!`` line, deploy-cli tokens as placeholders.

    Every change keeps lines and UTF-16 columns where they were.
    """
    if text.startswith("\ufeff"):
        text = text[1:]
    if text.startswith("#!"):
        end = LINE_BREAK.search(text)
        cut = end.start() if end else len(text)
        text = " " * utf16_len(text[:cut]) + text[cut:]
    if "@@" in text or "##" in text:
        text = DEPLOY_TOKEN.sub(_placeholder, text)
    return text


def terraform_template(text: str) -> str:
    """Neutralise Terraform template syntax in a script, keeping every column: ``$${``
    (a literal ``${``) becomes `` ${``, ``${...}`` and ``%{...}`` become placeholders."""
    out = []
    index = 0
    while index < len(text):
        if text.startswith("$${", index) or text.startswith("%%{", index):
            out.append(" " + text[index + 1:index + 3])
            index += 3
            continue
        if text.startswith("${", index) or text.startswith("%{", index):
            end = _closing(text, index + 2)
            if end is not None and "\n" not in text[index:end + 1]:
                out.append("_" * utf16_len(text[index:end + 1]))
                index = end + 1
                continue
        out.append(text[index])
        index += 1
    return "".join(out)


def _closing(text: str, index: int) -> int | None:
    depth = 1
    while index < len(text):
        if text[index] == "{":
            depth += 1
        elif text[index] == "}":
            depth -= 1
            if depth == 0:
                return index
        index += 1
    return None
