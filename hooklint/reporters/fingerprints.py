"""Result fingerprints for SARIF.

``line_hashes`` is GitHub's ``primaryLocationLineHash``, computed exactly as the
``upload-sarif`` action computes it when a result has none (so the value we write is the
one GitHub would have computed, and the action accepts it without a warning):

- the file is read as text and walked in UTF-16 code units;
- spaces and tabs are skipped; CR and CRLF are read as LF;
- a rolling hash, base 37 modulo 2**64, over a window of the next 100 code units that
  starts at the first code unit of each line; the end of the file is the code unit 65535,
  after which the window is padded with zeros;
- each line's value is ``"<hash in hex>:<n>"``, where ``n`` counts the lines so far (this
  one included) with the same hash.

``stable_fingerprint`` is hooklint's own line-independent ``fingerprints["hooklint/v1"]``,
for baselines: it survives code moving up or down the file.
"""

from __future__ import annotations

import hashlib
import re

_BLOCK = 100
_BASE = 37
_MASK = (1 << 64) - 1
_FIRST_MOD = pow(_BASE, _BLOCK, 1 << 64)
_TAB, _SPACE, _LF, _CR, _EOF = 9, 32, 10, 13, 65535


def _utf16_units(text: str):
    data = text.encode("utf-16-le", errors="surrogatepass")
    for i in range(0, len(data), 2):
        yield data[i] | (data[i + 1] << 8)


def line_hashes(text: str) -> list[str]:
    """GitHub's ``primaryLocationLineHash`` of every line of ``text`` (index 0 is line 1).

    A text ending with a line break has one more (empty) line than it has breaks, as in
    GitHub's implementation.
    """
    window = [0] * _BLOCK
    line_numbers = [-1] * _BLOCK
    hashes: list[str] = []
    counts: dict[str, int] = {}
    state = {"hash": 0, "index": 0, "line": 0, "line_start": True, "prev_cr": False}

    def output() -> None:
        index = state["index"]
        value = format(state["hash"], "x")
        counts[value] = counts.get(value, 0) + 1
        # Lines are output in order, so the line number is the list's next index.
        assert line_numbers[index] == len(hashes) + 1
        hashes.append(f"{value}:{counts[value]}")
        line_numbers[index] = -1

    def update(unit: int) -> None:
        index = state["index"]
        begin = window[index]
        window[index] = unit
        state["hash"] = (_BASE * state["hash"] + unit - _FIRST_MOD * begin) & _MASK
        state["index"] = (index + 1) % _BLOCK

    def process(unit: int) -> None:
        if unit in (_SPACE, _TAB) or (state["prev_cr"] and unit == _LF):
            state["prev_cr"] = False
            return
        if unit == _CR:
            unit = _LF
            state["prev_cr"] = True
        else:
            state["prev_cr"] = False
        if line_numbers[state["index"]] != -1:
            output()
        if state["line_start"]:
            state["line_start"] = False
            state["line"] += 1
            line_numbers[state["index"]] = state["line"]
        if unit == _LF:
            state["line_start"] = True
        update(unit)

    for unit in _utf16_units(text):
        process(unit)
    process(_EOF)
    for _ in range(_BLOCK):
        if line_numbers[state["index"]] != -1:
            output()
        update(0)
    return hashes


_WHITESPACE = re.compile(r"\s+")


def stable_fingerprint(rule_id: str, uri: str, snippet: str, occurrence: int) -> str:
    """hooklint's line-independent fingerprint: the rule, the file, the flagged code with
    its whitespace collapsed, and which occurrence of that triple in the file this is
    (1 for the first, in the order of the findings)."""
    code = _WHITESPACE.sub(" ", snippet).strip()
    key = "\x00".join((rule_id, uri, code, str(occurrence)))
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:32]


def stable_fingerprints(run, project_root=None) -> dict[int, str]:
    """``hooklint/v1`` of every finding of a run, suppressed or not (so that reporting
    suppressed findings does not change the others' values), by ``id(finding)``. The
    n-th identical (rule, file, code) in a file is told apart by its occurrence number."""
    from collections import Counter

    from hooklint.reporters.common import Paths, Texts, region_text

    # Computed once per run and kept: a baseline drops findings, and counting occurrences
    # again afterwards would give a new finding the fingerprint of a baselined twin.
    kept = run.__dict__.setdefault("_stable_fingerprints", {})
    if str(project_root) in kept:
        return kept[str(project_root)]
    paths, texts = Paths(project_root), Texts(run)
    seen: Counter[tuple[str, str, str]] = Counter()
    out: dict[int, str] = {}
    for finding in sorted(run.findings + run.suppressed, key=lambda f: f.sort_key):
        lines = texts.lines(finding.path)
        snippet = region_text(lines, finding.region) if lines is not None else ""
        key = (finding.rule_id, paths(finding.path).uri, " ".join(snippet.split()))
        seen[key] += 1
        out[id(finding)] = stable_fingerprint(*key, seen[key])
    kept[str(project_root)] = out
    return out
