"""Language-server latency: the time from a changed document to its diagnostics.

A 200-line hook of each generated shape (``shapes.py``: each dominated by one construct,
on long lines) and a 200-line Action of each trigger (``actions.py``: helpers of the shape
tenants write) is edited (one character, a
keystroke's worth) and re-linted ``--rounds`` times, after a warm-up, through what the
server runs on each change: ``server.documents.Documents.lint`` (config found from the
document's folder, the engine, no cache, in this process) and
``server.diagnostics.from_result`` (the findings as LSP diagnostics, positions through
``Positions`` in UTF-16). In process: the JSON-RPC round trip and pygls's own work are
not counted (the debounce, 0.25 s, dwarfs them anyway). Prints the median and worst
re-lint per shape in milliseconds, with the size in bytes and the parse alone (esprima,
the floor no server change can go under); the target is under 50 ms.

    python benchmarks/server_latency.py [--lines 200] [--rounds 50]
"""

from __future__ import annotations

import argparse
import gc
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from actions import ACTION_SHAPES
from shapes import SHAPES

from hooklint.checks import registry
from hooklint.js.parse import parse, with_deep_stack
from hooklint.js.source import Positions
from hooklint.server import diagnostics
from hooklint.server.documents import Documents
from hooklint.server.settings import Settings

TARGET_MS = 50.0
ALL_SHAPES = {**SHAPES, **ACTION_SHAPES}


def sized(shape: str, lines: int) -> str:
    """The shape's program with at least ``lines`` lines (the first size that reaches them)."""
    generate = ALL_SHAPES[shape]
    n = 1
    while generate(n)[0].count("\n") < lines:
        n += 1
    return generate(n)[0]


def relint_ms(documents: Documents, docs, path: Path, text: str, rounds: int) -> tuple[list[float], int]:
    """The re-lint times of ``rounds`` edits of ``text`` (ms), and the diagnostics of the last."""
    settings = Settings()
    times: list[float] = []
    found: list = []
    for n in range(rounds + 3):  # three warm-up rounds, not counted
        edited = f"// edit {n}\n" + text  # a new text each time, as after a keystroke
        gc.collect()
        started = time.perf_counter()
        linted = documents.lint(path, edited, settings)
        assert linted.result is not None
        found = diagnostics.from_result(linted.result, Positions(edited), "utf-16", docs)
        elapsed = (time.perf_counter() - started) * 1000
        if n >= 3:
            times.append(elapsed)
    return times, len(found)


def parse_ms(text: str, rounds: int) -> float:
    """The median time of parsing ``text`` alone (ms)."""
    times = []
    for n in range(rounds):
        edited = f"// edit {n}\n" + text
        started = time.perf_counter()
        with_deep_stack(lambda edited=edited: parse(edited))
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--lines", type=int, default=200)
    parser.add_argument("--rounds", type=int, default=50)
    parser.add_argument("--shapes", default=",".join(ALL_SHAPES))
    args = parser.parse_args()
    reg = registry.load()
    worst_median = 0.0
    with tempfile.TemporaryDirectory() as folder:
        documents = Documents(reg, [Path(folder)])
        print(f"{'shape':<30} {'lines':>5} {'bytes':>6} {'diags':>5} {'median ms':>10} {'worst ms':>9} "
              f"{'parse ms':>9}")
        for shape in args.shapes.split(","):
            text = sized(shape, args.lines)
            times, count = relint_ms(documents, reg.docs, Path(folder) / f"{shape}.js", text, args.rounds)
            median = statistics.median(times)
            worst_median = max(worst_median, median)
            print(f"{shape:<30} {text.count(chr(10)):>5} {len(text.encode()):>6} {count:>5} {median:>10.1f} "
                  f"{max(times):>9.1f} {parse_ms(text, 10):>9.1f}")
    verdict = "under" if worst_median < TARGET_MS else "OVER"
    print(f"slowest median {worst_median:.1f} ms: {verdict} the {TARGET_MS:.0f} ms target")


if __name__ == "__main__":
    main()
