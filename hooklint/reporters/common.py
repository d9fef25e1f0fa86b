"""What several reporters share: file texts for excerpts, repo-relative paths and URIs,
UTC times, and message sentences. Rendering helpers only: nothing here analyses code.
"""

from __future__ import annotations

import os
import time
from pathlib import Path
from urllib.parse import quote
from typing import NamedTuple

from hooklint.actions.model import Action
from hooklint.auth0.program import Program
from hooklint.hooks.model import Hook
from hooklint.run.discover import MAX_BYTES
from hooklint.outcome import FileResult, RunResult
from hooklint.findings import Finding, Region
from hooklint.js.source import Source

# The program classes by ``FileResult.kind``: what reports call the kind and its point
# (``noun``, ``point_noun``) is theirs, written once.
PROGRAMS: dict[str, type[Program]] = {cls.kind: cls for cls in (Hook, Action)}


class Decided(NamedTuple):
    """What an analysed file is and where Auth0 runs it, as the engine decided: its kind
    (``hook``, ``action``), its point (a hook's extensibility point, an Action's trigger;
    None when undecided), how that was decided (``PointDecision.how``) and the evidence."""

    kind: str
    point: str | None
    how: str
    evidence: str

    @property
    def noun(self) -> str:
        """The kind as a report names it: "hook", "Action"."""
        return PROGRAMS[self.kind].noun

    @property
    def point_noun(self) -> str:
        """What the point is called: "extensibility point", "trigger"."""
        return PROGRAMS[self.kind].point_noun


def decided(fr: FileResult) -> Decided | None:
    """A file's kind, point and how it was decided; None if it was not analysed."""
    if fr.kind is None or fr.decision is None:
        return None
    return Decided(fr.kind, fr.decision.point, fr.decision.how, fr.decision.evidence)


def file_results(run: RunResult) -> dict[int, FileResult]:
    """The result of the file (or embedded script) each finding came from, by ``id(finding)``:
    a finding's path is the file it is in, which for code embedded in a metadata file is not
    the result's path, and one metadata file can hold several programs."""
    return {id(f): fr for fr in run.files for f in fr.findings}


def finding_decided(results: dict[int, FileResult], finding: Finding) -> Decided | None:
    """``decided`` for the program a finding came from (see ``file_results``)."""
    fr = results.get(id(finding))
    return decided(fr) if fr is not None else None


class Texts:
    """The text of each file findings point to, as hooklint read it.

    The engine keeps the ``Source`` of every file it linted whole; a file that only holds
    embedded code (a Terraform or deploy-cli file whose script was linted in place) is
    read from disk here, as UTF-8 with invalid bytes replaced, exactly as discovery reads
    scripts. A file that cannot be read, is binary or is over discovery's size limit has
    no text (no excerpt, no snippet, no line hash: GitHub computes that one itself).
    """

    def __init__(self, run: RunResult) -> None:
        self._sources: dict[str, Source | None] = {}
        for fr in run.files:
            if fr.source is not None:
                self._sources[fr.source.origin or fr.path] = fr.source

    def source(self, path: str) -> Source | None:
        if path not in self._sources:
            try:
                file = Path(path)
                data = file.read_bytes() if file.is_file() and file.stat().st_size <= MAX_BYTES else None
            except OSError:
                data = None
            if data is None:
                self._sources[path] = None
            else:
                text = None if b"\x00" in data[:8192] else data.decode("utf-8", errors="replace")
                self._sources[path] = None if text is None else Source(path=path, text=text)
        return self._sources[path]

    def text(self, path: str) -> str | None:
        """The whole file as read (line breaks and BOM as in the file)."""
        source = self.source(path)
        return None if source is None else source.original_text

    def lines(self, path: str) -> list[str] | None:
        """The file's lines, numbered as findings number them (``lines[0]`` is line 1)."""
        source = self.source(path)
        return None if source is None else source.lines


def utf16_cut(line: str, start: int, end: int | None = None) -> str:
    """The part of ``line`` from 1-based UTF-16 column ``start`` to ``end`` (exclusive,
    or the end of the line). Region columns are UTF-16 code units; slicing the UTF-16
    encoding takes them as they are, with no conversion of the columns."""
    data = line.encode("utf-16-le", errors="surrogatepass")
    first = max(start - 1, 0) * 2
    last = len(data) if end is None else max(end - 1, 0) * 2
    return data[first:max(first, last)].decode("utf-16-le", errors="replace")


def region_text(lines: list[str], region: Region) -> str:
    """The text a region covers (lines joined with ``\\n``); empty if it is off the file."""
    first, last = region.start_line, region.end_line
    if first < 1 or first > len(lines):
        return ""
    last = min(max(last, first), len(lines))
    if first == last:
        return utf16_cut(lines[first - 1], region.start_column, region.end_column)
    parts = [utf16_cut(lines[first - 1], region.start_column)]
    parts += lines[first:last - 1]
    parts.append(utf16_cut(lines[last - 1], 1, region.end_column))
    return "\n".join(parts)


class Where(NamedTuple):
    """A finding's file as reports name it."""

    relative: str | None  # posix path relative to the project root, None if outside it
    absolute: Path

    @property
    def uri(self) -> str:
        """A percent-encoded URI reference: relative to the project root where possible."""
        if self.relative is not None:
            return quote(self.relative, safe="/")
        return self.absolute.as_uri()

    @property
    def display(self) -> str:
        return self.relative if self.relative is not None else self.absolute.as_posix()


class Paths:
    """Paths as findings carry them (relative to the current directory, or absolute)
    turned into paths relative to the project root (default: the current directory)."""

    def __init__(self, project_root: str | os.PathLike | None = None) -> None:
        self.cwd = Path.cwd().resolve()
        self.root = Path(project_root).resolve() if project_root is not None else self.cwd
        self._cache: dict[str, Where] = {}

    def __call__(self, path: str) -> Where:
        where = self._cache.get(path)
        if where is None:
            absolute = Path(os.path.normpath(self.cwd / path))
            try:
                relative = absolute.relative_to(self.root).as_posix()
            except ValueError:
                try:
                    relative = absolute.resolve().relative_to(self.root).as_posix()
                except (ValueError, OSError):
                    relative = None
            where = self._cache[path] = Where(relative, absolute)
        return where


def utc(timestamp: float) -> str:
    """``YYYY-MM-DDThh:mm:ssZ``."""
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(timestamp))


def sentence(text: str) -> str:
    """A message as a sentence that stands alone: a capital first letter and a final period."""
    text = " ".join(text.split())
    if not text:
        return text
    if text[0].isalpha() and text[0].islower():
        text = text[0].upper() + text[1:]
    if text[-1] not in ".!?":
        text += "."
    return text
