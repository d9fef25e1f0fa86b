"""Two hooklint installations side by side: same findings, and how their times compare.

    python benchmarks/compare.py BEFORE_HOOKLINT AFTER_HOOKLINT [--size 3000] [--repeat 5]
                                 [--shapes plain,http]

``BEFORE_HOOKLINT`` and ``AFTER_HOOKLINT`` are ``hooklint`` executables, e.g. the console
scripts of two virtual environments with two commits installed (``pip install .`` at
each). For every generated shape (``benchmarks/shapes.py``) at ``--size``, the two run
``hooklint check FILE --no-cache --jobs 1 -f json`` alternately, ``--repeat`` rounds, in
this one process: the JSON findings must be identical, and the line printed per shape is
the minimum wall time of each and their ratio (after / before: below 1.0 is faster).
Through the command line, so that any two versions compare, whatever their module
layout; start-up is in both times.
"""

from __future__ import annotations

import argparse
import json
import math
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from shapes import SHAPES


def run(hooklint: str, path: Path) -> tuple[float, list]:
    started = time.perf_counter()
    done = subprocess.run([hooklint, "check", str(path), "--no-cache", "--jobs", "1", "-f", "json"],
                          capture_output=True, text=True, cwd=path.parent)
    elapsed = time.perf_counter() - started
    if done.returncode not in (0, 1):
        raise SystemExit(f"{hooklint} failed on {path.name} ({done.returncode}): {done.stderr.strip()}")
    return elapsed, json.loads(done.stdout)["findings"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("before")
    parser.add_argument("after")
    parser.add_argument("--size", type=int, default=3000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--shapes", default=",".join(SHAPES))
    args = parser.parse_args()
    args.before, args.after = (str(Path(p).absolute()) for p in (args.before, args.after))
    print(f"{'shape':18} {'before':>9} {'after':>9} {'after/before':>13}")
    ratios = []
    with tempfile.TemporaryDirectory() as tmp:
        for shape in args.shapes.split(","):
            path = Path(tmp) / f"{shape}.js"
            path.write_text(SHAPES[shape](args.size)[0], encoding="utf-8")
            before: list[float] = []
            after: list[float] = []
            for _ in range(args.repeat):  # interleaved: a slow moment of the machine hits both
                seconds, found_before = run(args.before, path)
                before.append(seconds)
                seconds, found_after = run(args.after, path)
                after.append(seconds)
                if found_before != found_after:
                    raise SystemExit(f"{shape}: the two give different findings")
            ratio = min(after) / min(before)
            ratios.append(ratio)
            print(f"{shape:18} {min(before):8.2f}s {min(after):8.2f}s {ratio:13.2f}", flush=True)
    print(f"{'all (geometric mean)':32} {math.prod(ratios) ** (1 / len(ratios)):15.2f}")


if __name__ == "__main__":
    main()
