"""Benchmark: hooklint's whole-process time against ESLint 9 and against the floor of
esprima parsing the same files in one process; cold and warm cache; peak memory.

    python benchmarks/run.py [--hooks 300] [--repeat 3]

Needs hooklint installed in this interpreter's environment and Node.js + npm on PATH
(ESLint 9 is installed into benchmarks/.eslint on first use). Every figure is a median
of --repeat runs measured in this one invocation, so the ratios compare like with like
on a shared, noisy machine.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
ESLINT_DIR = HERE / ".eslint"


def corpus(target: Path, count: int) -> int:
    """Write ``count`` distinct hooks (fixtures and examples, renamed) into ``target``;
    return their total line count."""
    seeds = []
    for path in sorted(REPO.glob("tests/fixtures/HL[1-4]*/*.js")) + sorted(REPO.glob("examples/hooks/*.js")):
        text = path.read_text(encoding="utf-8", errors="replace")
        if "@@" in text or "##" in text or "import " in text:
            continue  # deploy-cli tokens and ES modules: ESLint would not parse them as CommonJS
        check = subprocess.run(["node", "--check", str(path)], capture_output=True)
        if check.returncode == 0 and _plain_script(text):
            seeds.append(text)
    lines = 0
    for index in range(count):
        text = seeds[index % len(seeds)]
        # make every copy distinct (content-hash cache), same shape
        text = re.sub(r"\baccess_token\b", f"access_token_{index}", text) + f"\n// copy {index}\n"
        (target / f"hook_{index:04d}.js").write_text(text)
        lines += text.count("\n") + 1
    return lines


def _plain_script(text: str) -> bool:
    """Parses as a plain script (no top-level return), so every tool reads the same code."""
    import esprima

    try:
        esprima.parseScript(text)
    except Exception:
        return False
    return True


def measure(command: list[str], env: dict | None = None, cwd: Path | None = None,
            ok: tuple[int, ...] = (0,)) -> tuple[float, float]:
    """(wall seconds, peak RSS MiB) of one child process, which must exit with ``ok``."""
    started = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env, cwd=cwd)
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - started
    process.returncode = os.waitstatus_to_exitcode(status)
    stderr = process.stderr.read().decode() if process.stderr else ""
    if process.returncode not in ok:
        raise SystemExit(f"{' '.join(command)} failed ({process.returncode}): {stderr[-500:]}")
    return elapsed, usage.ru_maxrss / 1024


def median_of(repeat: int, command: list[str], before=None, **kwargs) -> tuple[float, float]:
    """Median wall time and peak memory of ``repeat`` runs, calling ``before()`` (untimed)
    ahead of each."""
    runs = []
    for _ in range(repeat):
        if before is not None:
            before()
        runs.append(measure(command, **kwargs))
    return statistics.median(r[0] for r in runs), max(r[1] for r in runs)


def ensure_eslint() -> Path:
    binary = ESLINT_DIR / "node_modules" / "eslint" / "bin" / "eslint.js"
    if not binary.exists():
        ESLINT_DIR.mkdir(exist_ok=True)
        subprocess.run(["npm", "install", "--silent", "--no-audit", "--no-fund", "--prefix", str(ESLINT_DIR),
                        "eslint@9"], check=True)
    return binary


PARSE_FLOOR = """
import sys, esprima
from pathlib import Path
for path in sorted(Path(sys.argv[1]).glob('*.js')):
    esprima.parseScript(path.read_text(), {'loc': True, 'range': True, 'comment': True})
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--hooks", type=int, default=300)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    hooklint = shutil.which("hooklint", path=str(Path(sys.executable).parent)) or shutil.which("hooklint")
    if hooklint is None:
        raise SystemExit("hooklint is not installed in this environment: pip install .")
    eslint = ensure_eslint()
    with tempfile.TemporaryDirectory() as work:
        work_dir = Path(work)
        target = work_dir / "hooks"
        target.mkdir()
        lines = corpus(target, args.hooks)
        cache_dir = work_dir / "cache"
        env = {**os.environ, "HOOKLINT_CACHE_DIR": str(cache_dir), "NO_COLOR": "1"}
        check = [hooklint, "check", str(target), "--exit-zero", "-q"]
        rows = []
        floor = median_of(args.repeat, [sys.executable, "-c", PARSE_FLOOR, str(target)])
        rows.append(("esprima parse floor (1 process)", *floor))

        def empty() -> None:  # a cold cache is an empty one
            shutil.rmtree(cache_dir, ignore_errors=True)

        cold1 = median_of(args.repeat, check + ["--jobs", "1"], before=empty, env=env)
        rows.append(("hooklint cold cache, --jobs 1", *cold1))
        cold = median_of(args.repeat, check, before=empty, env=env)
        rows.append((f"hooklint cold cache, --jobs {os.cpu_count()} (default)", *cold))
        uncached = median_of(args.repeat, check + ["--no-cache"], env=env)
        rows.append((f"hooklint --no-cache, --jobs {os.cpu_count()}", *uncached))
        empty()
        measure(check, env=env)  # fill the cache
        warm = median_of(args.repeat, check, env=env)
        rows.append(("hooklint warm cache", *warm))
        eslint_run = median_of(args.repeat, ["node", str(eslint), "--no-config-lookup", "-c",
                                             str(HERE / "eslint.config.cjs"), "--no-warn-ignored", str(target)],
                               cwd=work_dir, ok=(0, 1))  # 1: ESLint found problems
        rows.append(("ESLint 9 (26 core rules)", *eslint_run))
    print(f"corpus: {args.hooks} hooks, {lines} lines; median of {args.repeat} runs; {os.cpu_count()} cores")
    print(f"{'':42} {'seconds':>8} {'peak MiB':>9}")
    for name, seconds, memory in rows:
        print(f"{name:42} {seconds:8.3f} {memory:9.1f}")
    print()
    print(f"hooklint cold cache (default jobs) / ESLint:      {cold[0] / eslint_run[0]:.2f}x  (target <= 0.5x)")
    print(f"hooklint cold cache (default jobs) / parse floor: {cold[0] / floor[0]:.2f}x  (target <= 1.3x)")
    print(f"hooklint cold cache (--jobs 1) / parse floor:     {cold1[0] / floor[0]:.2f}x")
    print(f"hooklint warm cache:                              {warm[0]:.3f} s  (target < 0.2 s for 200 hooks)")


if __name__ == "__main__":
    main()
