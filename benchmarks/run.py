"""Benchmark: hooklint's whole-process time against ESLint 9 and against the floor of
esprima parsing the same files in one process; cold and warm cache; peak memory.

    python benchmarks/run.py [--hooks 300] [--actions 300] [--repeat 3]

Two corpora, each measured on its own: hooks (the fixtures and examples, renamed) and
Actions (``benchmarks/actions.py``: one realistic Action per main trigger, at several sizes).

Needs hooklint installed in this interpreter's environment and Node.js + npm on PATH
(ESLint 9 is installed into benchmarks/.eslint on first use). The contenders run
round-robin, --repeat rounds in this one invocation; every time is a median over the
rounds and every ratio the median of the per-round ratios, so that on a shared, noisy
machine they compare runs made side by side.
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

sys.path.insert(0, str(Path(__file__).resolve().parent))

from actions import ACTION_SHAPES

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


class Contender:
    """One command line to time, with what to do (untimed) before each run."""

    def __init__(self, name: str, command: list[str], before=None, **options) -> None:
        self.name, self.command, self.before, self.options = name, command, before, options
        self.runs: list[tuple[float, float]] = []

    def run(self) -> None:
        if self.before is not None:
            self.before()
        self.runs.append(measure(self.command, **self.options))

    @property
    def seconds(self) -> float:
        return statistics.median(r[0] for r in self.runs)

    @property
    def memory(self) -> float:
        return max(r[1] for r in self.runs)

    def ratio(self, other: "Contender") -> str:
        """The median of the per-round ratios (runs next to each other in time), and their range."""
        ratios = sorted(a[0] / b[0] for a, b in zip(self.runs, other.runs))
        return f"{statistics.median(ratios):.2f}x (rounds: {ratios[0]:.2f}-{ratios[-1]:.2f})"


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


def action_corpus(target: Path, count: int) -> int:
    """Write ``count`` distinct Actions (``benchmarks/actions.py``: the main triggers in turn,
    with 1 to 8 helper functions each, so from about 20 to 150 lines) into ``target``;
    return their total line count."""
    lines = 0
    shapes = list(ACTION_SHAPES.values())
    for index in range(count):
        text, _ = shapes[index % len(shapes)](1 + index // len(shapes) % 8)
        text += f"// copy {index}\n"  # every copy distinct (content-hash cache), same shape
        (target / f"action_{index:04d}.js").write_text(text)
        lines += text.count("\n")
    return lines


def bench(label: str, target: Path, work_dir: Path, hooklint: str, eslint: Path, repeat: int) -> list[Contender]:
    """Every contender on the files of ``target``, ``repeat`` rounds round-robin."""
    cache_dir = work_dir / f"cache-{label}"
    env = {**os.environ, "HOOKLINT_CACHE_DIR": str(cache_dir), "NO_COLOR": "1"}
    check = [hooklint, "check", str(target), "--exit-zero", "-q"]

    def empty() -> None:  # a cold cache is an empty one
        shutil.rmtree(cache_dir, ignore_errors=True)

    def filled() -> None:
        if not cache_dir.exists():
            measure(check, env=env)

    jobs = os.cpu_count()
    contenders = [
        Contender("esprima parse floor (1 process)", [sys.executable, "-c", PARSE_FLOOR, str(target)]),
        Contender("hooklint cold cache, --jobs 1", check + ["--jobs", "1"], before=empty, env=env),
        Contender(f"hooklint cold cache, --jobs {jobs} (default)", check, before=empty, env=env),
        Contender(f"hooklint --no-cache, --jobs {jobs}", check + ["--no-cache"], env=env),
        Contender("hooklint warm cache", check, before=filled, env=env),
        Contender("ESLint 9 (26 core rules)",
                  ["node", str(eslint), "--no-config-lookup", "-c", str(HERE / "eslint.config.cjs"),
                   "--no-warn-ignored", str(target)], cwd=work_dir, ok=(0, 1)),  # 1: it found problems
    ]
    for _ in range(repeat):  # round-robin, so that a slower spell of the machine hits all alike
        for contender in contenders:
            contender.run()
    return contenders


def report(title: str, contenders: list[Contender], warm_target: str) -> None:
    floor, cold1, cold, _, warm, eslint_run = contenders
    print(title)
    print(f"{'':42} {'seconds':>8} {'peak MiB':>9}")
    for contender in contenders:
        print(f"{contender.name:42} {contender.seconds:8.3f} {contender.memory:9.1f}")
    print()
    print(f"hooklint cold cache (default jobs) / ESLint:      {cold.ratio(eslint_run)}  (target <= 0.5x)")
    print(f"hooklint cold cache (default jobs) / parse floor: {cold.ratio(floor)}  (target <= 1.3x)")
    print(f"hooklint cold cache (--jobs 1) / parse floor:     {cold1.ratio(floor)}")
    print(f"hooklint warm cache:                              {warm.seconds:.3f} s  ({warm_target})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--hooks", type=int, default=300)
    parser.add_argument("--actions", type=int, default=300, help="size of the Actions corpus (0: none)")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    hooklint = shutil.which("hooklint", path=str(Path(sys.executable).parent)) or shutil.which("hooklint")
    if hooklint is None:
        raise SystemExit("hooklint is not installed in this environment: pip install .")
    eslint = ensure_eslint()
    results = []
    with tempfile.TemporaryDirectory() as work:
        work_dir = Path(work)
        for label, count, write in (("hooks", args.hooks, corpus), ("actions", args.actions, action_corpus)):
            if count <= 0:
                continue
            target = work_dir / label
            target.mkdir()
            lines = write(target, count)
            results.append((label, count, lines, bench(label, target, work_dir, hooklint, eslint, args.repeat)))
    for index, (label, count, lines, contenders) in enumerate(results):
        if index:
            print()
        report(f"corpus: {count} {label}, {lines} lines; median of {args.repeat} rounds; {os.cpu_count()} cores",
               contenders, f"target < 0.2 s for 200 {label}")


if __name__ == "__main__":
    main()
