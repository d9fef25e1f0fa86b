"""The size series: does analysis cost grow linearly with the input?

    python benchmarks/sizes.py [--sizes 3000,30000] [--series 500,1000,2000,4000] [--shapes plain,http]
                               [--action-sizes 100,1000] [--action-series 100,200,400,800]
                               [--repeat 5] [--gc-default]

For every generated shape (the hooks of ``benchmarks/shapes.py``, the Actions of
``benchmarks/actions.py``, one per main trigger) and size, in one process:
- ``parse``: esprima-fork's parse of the file with the options hooklint uses (the floor);
- ``analysis``: hooklint's whole check of the same file in this process with every
  default rule and no cache (read, parse, model, rules, suppressions), as the engine does;
- ``ratio``: analysis / parse, measured side by side in each round, the median over the
  rounds;
- ``growth``: analysis time at a size / analysis time at half that size (2.0 is linear).
Times are the minimum over ``--repeat`` rounds (the least disturbed one on a shared
machine). Every check must find the hook's last claim (HL204), or the Action handler's
hard-coded key (HL400), at its line: a run that stops early or misplaces lines fails the
benchmark instead of looking fast.

Needs hooklint installed in this interpreter's environment.
"""

from __future__ import annotations

import argparse
import gc
import resource
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import esprima
from actions import ACTION_SHAPES, MARKER
from shapes import SHAPES

from hooklint.checks import registry
from hooklint.run.config import Config
from hooklint.run.engine import Engine
from hooklint.js import parse as parse_mod
from hooklint.js.parse import with_deep_stack
from hooklint.js.source import Source


ALL_SHAPES = {**SHAPES, **ACTION_SHAPES}


def marker(shape: str) -> str:
    """The rule whose finding a shape's generator places (at the line it returns)."""
    return MARKER if shape in ACTION_SHAPES else "HL204"


def engine() -> Engine:
    reg = registry.load()
    return Engine(reg, Config(), {rule_id for rule_id, doc in reg.docs.items() if doc.default_enabled})


def timed(action) -> float:
    gc.collect()
    started = time.perf_counter()
    action()
    return time.perf_counter() - started


def measure(checker: Engine, shape: str, n: int, repeat: int) -> tuple[float, float, float, int]:
    """(parse seconds, analysis seconds, median analysis/parse ratio, bytes) for ``shape``
    at size ``n``: ``repeat`` rounds, each a parse then an analysis side by side; times are
    the minimum over the rounds, the ratio the median of the rounds' ratios."""
    text, claim_line = ALL_SHAPES[shape](n)
    options = {"loc": True, "range": True}

    def parse() -> None:
        with_deep_stack(lambda: esprima.parseScript(text, dict(options)))

    def analyse() -> None:
        result, error = checker.check_source(Source(path=f"{shape}-{n}.js", text=text))
        if error is not None:
            raise SystemExit(f"{shape} at {n}: {error}")
        rule = marker(shape)
        lines = [f.region.start_line for f in result.findings if f.rule_id == rule]
        if lines != [claim_line]:
            raise SystemExit(f"{shape} at {n}: {rule} expected at line {claim_line}, found at {lines}")

    rounds = [(timed(parse), timed(analyse)) for _ in range(repeat)]
    ratio = statistics.median(a / p for p, a in rounds)
    return min(p for p, _ in rounds), min(a for _, a in rounds), ratio, len(text.encode())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="3000,30000", help="plain-shape sizes for the ratio bar")
    parser.add_argument("--series", default="500,1000,2000,4000",
                        help="sizes of the growth series, each double the last")
    parser.add_argument("--shapes", default=",".join(ALL_SHAPES))
    parser.add_argument("--action-sizes", default="100,1000",
                        help="helper counts of each Action shape for its ratio to the parse floor")
    parser.add_argument("--action-series", default="100,200,400,800",
                        help="helper counts of the Actions' growth series (a helper is 6 to 16 lines)")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--gc-default", action="store_true",
                        help="keep Python's collector thresholds (hooklint raises them: parse.GC_THRESHOLD)")
    args = parser.parse_args()
    if args.gc_default:
        parse_mod.GC_THRESHOLD = None
    checker = engine()
    checker.check_source(Source(path="warm.js", text=SHAPES["plain"](10)[0]))  # imports, rule docs

    print("analysis / parse of the plain shape (bar: <= 1.5)")
    print(f"{'functions':>10} {'bytes':>10} {'parse s':>9} {'analysis s':>11} {'ratio':>6}")
    for n in (int(s) for s in args.sizes.split(",") if s):
        parse_s, analysis_s, ratio, size = measure(checker, "plain", n, args.repeat if n < 10_000 else 1)
        print(f"{n:>10} {size:>10} {parse_s:>9.3f} {analysis_s:>11.3f} {ratio:>6.2f}")

    print("\nanalysis / parse of each Action shape (helpers: n helper functions and n calls)")
    print(f"{'shape':>29} {'helpers':>8} {'bytes':>9} {'parse s':>9} {'analysis s':>11} {'ratio':>6}")
    for shape in ACTION_SHAPES:
        for n in (int(s) for s in args.action_sizes.split(",") if s):
            parse_s, analysis_s, ratio, size = measure(checker, shape, n, args.repeat)
            print(f"{shape:>29} {n:>8} {size:>9} {parse_s:>9.3f} {analysis_s:>11.3f} {ratio:>6.2f}")

    shapes = [s for s in args.shapes.split(",") if s]
    for kind, series, chosen in (("hooks", args.series, [s for s in shapes if s in SHAPES]),
                                 ("Actions", args.action_series, [s for s in shapes if s in ACTION_SHAPES])):
        if chosen:
            growth_series(checker, kind, [int(s) for s in series.split(",") if s], chosen, args.repeat)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"\npeak memory of this process: {peak:.0f} MiB (collector thresholds {gc.get_threshold()})")


def growth_series(checker: Engine, kind: str, series: list[int], shapes: list[str], repeat: int) -> None:
    print(f"\ngrowth per doubling of the input, {kind} (bar: <= 2.6; 2.0 is linear)")
    print(f"{'shape':>29} " + " ".join(f"{n:>13}" for n in series) + "   ratio@largest")
    for shape in shapes:
        cells, previous, ratio = [], None, 0.0
        for n in series:
            _, analysis_s, ratio, _ = measure(checker, shape, n, repeat)
            growth = f"x{analysis_s / previous:.2f}" if previous else ""
            cells.append(f"{analysis_s:>6.3f}s {growth:>5}")
            previous = analysis_s
        print(f"{shape:>29} " + " ".join(f"{c:>13}" for c in cells) + f"   {ratio:.2f}")


if __name__ == "__main__":
    main()
