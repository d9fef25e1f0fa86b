"""Start-up time of the command line: ``hooklint --version``, ``hooklint check`` on one
small example file, and the import of ``hooklint.cli`` (each the median of N runs, in
fresh processes); and whether ``hooklint check`` imports pygls (it must not: only the
``server`` command does).

    python benchmarks/startup.py [--runs 15] [--against REF]

``--against REF`` installs the git ref REF (``git archive``, into a virtual environment in a
temporary directory; the repository and its worktrees are not touched) and prints each
time beside it with the ratio (this tree / REF), the two measured in alternation so that a
slow moment of a shared machine hits both.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
EXAMPLE = REPO / "examples" / "hooks" / "wrong-signature.js"
IMPORT_CLI = ("import time; t = time.perf_counter(); import hooklint.cli; "
              "print(time.perf_counter() - t)")
# `hooklint check` in-process, then whether pygls was imported (main() ends in sys.exit)
PYGLS = ("import sys\nfrom hooklint.cli import main\nsys.argv = ['hooklint', 'check', '--no-cache', '--jobs', '1', "
         "sys.argv[1]]\ntry:\n    main()\nexcept SystemExit:\n    pass\n"
         "print('PYGLS', any(m == 'pygls' or m.startswith('pygls.') for m in sys.modules), file=sys.stderr)")


def _wall(command: list[str]) -> float:
    started = time.perf_counter()
    subprocess.run(command, cwd=REPO, capture_output=True, check=False)
    return time.perf_counter() - started


def _measures(python: Path) -> dict[str, object]:
    """The commands of one installation, each a function giving one time in seconds."""
    exe = str(python.parent / "hooklint")
    return {
        "hooklint --version": lambda: _wall([exe, "--version"]),
        "hooklint check <one file>": lambda: _wall([exe, "check", "--no-cache", "--jobs", "1", str(EXAMPLE)]),
        "import hooklint.cli": lambda: float(subprocess.run([str(python), "-c", IMPORT_CLI], cwd="/",
                                                            capture_output=True, text=True).stdout),
    }


def imports_pygls(python: Path) -> bool:
    """Does ``hooklint check`` import pygls? (Run outside the tree: the installed package.)"""
    proc = subprocess.run([str(python), "-c", PYGLS, str(EXAMPLE)], cwd="/", capture_output=True, text=True)
    return "PYGLS True" in proc.stderr


def has_pygls(python: Path) -> bool:
    return subprocess.run([str(python), "-c", "import pygls"], cwd="/", capture_output=True).returncode == 0


def install_ref(ref: str, into: Path) -> Path:
    """The git ref ``ref`` installed in a virtual environment under ``into``; its python."""
    tree = into / "tree"
    tree.mkdir()
    archive = subprocess.run(["git", "-C", str(REPO), "archive", ref], capture_output=True, check=True).stdout
    subprocess.run(["tar", "-x", "-C", str(tree)], input=archive, check=True)
    subprocess.run([sys.executable, "-m", "venv", str(into / "venv")], check=True)
    python = into / "venv" / "bin" / "python"
    subprocess.run([str(python), "-m", "pip", "install", "-q", str(tree)], check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return python


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--against", metavar="REF", help="a git ref to compare with (installed in a temp dir)")
    args = parser.parse_args()
    here = Path(sys.executable)
    if not (here.parent / "hooklint").exists():
        sys.exit(f"no hooklint console script beside {here}: run this with the venv's python")
    with tempfile.TemporaryDirectory(prefix="hooklint-startup-") as tmp:
        other = install_ref(args.against, Path(tmp)) if args.against else None
        ours = _measures(here)
        theirs = _measures(other) if other else None
        times: dict[str, tuple[list[float], list[float]]] = {name: ([], []) for name in ours}
        for _ in range(args.runs):
            for name, measure in ours.items():
                times[name][0].append(measure())  # type: ignore[operator]
                if theirs is not None:
                    times[name][1].append(theirs[name]())  # type: ignore[operator]
        print(f"median of {args.runs} runs, this tree{f' vs {args.against}' if other else ''}:")
        for name, (mine, ref) in times.items():
            line = f"  {name:<28} {statistics.median(mine) * 1000:7.1f} ms"
            if ref:
                line += (f"   {args.against}: {statistics.median(ref) * 1000:7.1f} ms"
                         f"   ratio {statistics.median(mine) / statistics.median(ref):.3f}")
            print(line)
        installed = "" if has_pygls(here) else " (pygls is not installed here)"
        print(f"  hooklint check imports pygls: {'yes (a regression)' if imports_pygls(here) else 'no'}{installed}"
              + (f"   {args.against}: {'yes' if imports_pygls(other) else 'no'}" if other else ""))


if __name__ == "__main__":
    main()
