"""A content-hash cache of per-file results.

The key covers everything a file's result depends on: the file's text and path (the
point can be inferred from the file name), what discovery decided before parsing (point
hint, pinned dependencies, template flag), the rules that run on it, and hooklint
itself (its version and the size and modification time of its own code and rule docs,
so that a changed hooklint never serves stale results). Entries are JSON in a SQLite
database under ``$HOOKLINT_CACHE_DIR``, or ``$XDG_CACHE_HOME/hooklint``, or
``~/.cache/hooklint``.
A cache that cannot be read or written is ignored: it only ever makes runs faster.
"""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import time
from functools import lru_cache
from pathlib import Path

from hooklint import __version__
from hooklint.findings import Edit, Finding, Fix, Level
from hooklint.outcome import FileResult, Problem
from hooklint.findings import PointDecision, Region
from hooklint.js.source import Source

FORMAT = 3


def default_dir() -> Path:
    explicit = os.environ.get("HOOKLINT_CACHE_DIR")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "hooklint"


@lru_cache(maxsize=1)
def build_digest() -> str:
    """hooklint's version, and the path, size and modification time of each of its code
    files and rule docs: what Python itself checks to tell a stale ``.pyc`` (reading and
    hashing every file cost three times as much)."""
    digest = hashlib.sha256(__version__.encode())
    for path in code_files():
        info = os.stat(path)
        digest.update(f"{path}\0{info.st_size}\0{info.st_mtime_ns}\n".encode())
    return digest.hexdigest()


def code_files() -> list[str]:
    """Every ``.py`` and ``.md`` file of the hooklint package (all its layers) and of its
    rule docs, in a stable order."""
    import hooklint
    from hooklint.checks.catalog import rules_dir

    package = Path(hooklint.__file__).resolve().parent
    docs = rules_dir().resolve()
    found = []
    for folder in [package] + ([] if docs.is_relative_to(package) else [docs]):
        for root, dirs, files in os.walk(folder):
            dirs[:] = sorted(d for d in dirs if d != "__pycache__")
            found += [os.path.join(root, name) for name in sorted(files) if name.endswith((".py", ".md"))]
    return found


def key(source: Source, active: set[str]) -> str:
    hint = source.point_hint
    parts = [
        str(FORMAT), build_digest(), source.path, source.origin or "",
        repr((hint.point, hint.how, hint.evidence, hint.invalid, hint.region, hint.where) if hint else None),
        json.dumps(source.dependencies, sort_keys=True), str(source.template), repr(source.action),
        ",".join(sorted(active)), source.original_text,
    ]
    return hashlib.sha256("\0".join(parts).encode("utf-8", "surrogatepass")).hexdigest()


class Cache:
    """Entries in one SQLite database (one file per hooklint cache format): a cold run
    writes all of a process's entries in one transaction, where a file per entry cost
    about 0.4 ms each. WAL mode lets concurrent runs (pre-commit, editors) read while one
    writes; a database that is busy for longer than ``TIMEOUT`` or unusable is skipped."""

    TIMEOUT = 2.0  # seconds to wait for another run's write
    KEEP_DAYS = 30  # entries written longer ago than this are dropped when a run writes

    def __init__(self, directory: Path | None = None) -> None:
        self.directory = directory or default_dir()
        self._db: sqlite3.Connection | None = None
        self._pid: int | None = None  # the process that opened (or tried to open) it
        # The connection inherited across a fork, held so that collecting it does not close
        # (and checkpoint) the parent's database from a worker: never read.
        self._keep_alive: sqlite3.Connection | None = None
        self._usable = True
        self._pending: list[tuple[str, int, str]] = []

    @property
    def path(self) -> Path:
        return self.directory / f"results-{FORMAT}.sqlite3"

    def prepare(self) -> None:
        """Before worker processes fork: compute what every key needs, and create the
        database here, once (processes creating it at the same time wait on each other).
        No connection is left open to cross the fork."""
        build_digest()
        self._usable = self._connection() is not None
        self.close()

    def close(self) -> None:
        if self._db is not None and self._pid == os.getpid():
            self._db.close()
        self._db = self._pid = None

    def _connection(self) -> sqlite3.Connection | None:
        """This process's connection, opened on first use; None if the database cannot
        be used (then not tried again)."""
        if not self._usable:
            return None
        if self._pid != os.getpid():
            # A connection must not cross a fork: a forked worker opens its own, and
            # keeps the one it inherited from being closed (and checkpointed) here.
            self._keep_alive, self._pid, self._db = self._db, os.getpid(), None
            try:
                self.directory.mkdir(parents=True, exist_ok=True)
                db = sqlite3.connect(self.path, timeout=self.TIMEOUT, isolation_level=None,
                                     check_same_thread=False)
                db.execute("PRAGMA synchronous=NORMAL")  # a lost entry is only recomputed
                db.execute("PRAGMA journal_mode=WAL")
                db.execute("CREATE TABLE IF NOT EXISTS entries "
                           "(key TEXT PRIMARY KEY, written INTEGER NOT NULL, result TEXT NOT NULL) WITHOUT ROWID")
                db.execute("CREATE INDEX IF NOT EXISTS entries_written ON entries (written)")
                self._db = db
            except (OSError, sqlite3.Error):
                self._usable = False
        return self._db

    def get(self, digest: str) -> FileResult | None:
        db = self._connection()
        if db is None:
            return None
        try:
            row = db.execute("SELECT result FROM entries WHERE key = ?", (digest,)).fetchone()
            return None if row is None else decode(json.loads(row[0]))
        except (sqlite3.Error, ValueError, KeyError, TypeError):
            return None

    def put(self, digest: str, result: FileResult) -> None:
        """Remember a result; written by ``flush``."""
        self._pending.append((digest, int(time.time()), json.dumps(encode(result))))

    def flush(self) -> None:
        """Write the remembered results in one transaction, and drop expired entries."""
        pending, self._pending = self._pending, []
        db = self._connection() if pending else None
        if db is None:
            return
        try:
            with db:
                db.execute("BEGIN IMMEDIATE")
                db.executemany("INSERT OR REPLACE INTO entries VALUES (?, ?, ?)", pending)
                db.execute("DELETE FROM entries WHERE written < ?", (int(time.time()) - self.KEEP_DAYS * 86400,))
        except sqlite3.Error:
            pass


def _region(r: Region | None):
    return None if r is None else [r.start_line, r.start_column, r.end_line, r.end_column]


def _fix(fix: Fix | None):
    if fix is None:
        return None
    return {"description": fix.description, "edits": [[_region(e.region), e.text] for e in fix.edits],
            "applicability": fix.applicability}


def _unfix(data) -> Fix | None:
    if data is None:
        return None
    return Fix(data["description"], tuple(Edit(Region(*region), text) for region, text in data["edits"]),
               data["applicability"])


def encode(result: FileResult) -> dict:
    d = result.decision
    p = result.problem
    return {
        "problem": None if p is None else {"path": p.path, "message": p.message, "kind": p.kind,
                                           "region": _region(p.region)},
        "path": result.path,
        "analysed": result.analysed,
        "kind": result.kind,
        "rules_run": result.rules_run,
        "decision": None if d is None else {
            "point": d.point, "how": d.how, "evidence": d.evidence, "invalid": d.invalid,
            "region": _region(d.region), "where": d.where},
        "findings": [{
            "rule": f.rule_id, "level": f.level.value, "message": f.message, "path": f.path,
            "region": _region(f.region), "point": f.point, "suppressed": f.suppressed,
            "justification": f.justification, "fix": _fix(f.fix)} for f in result.findings],
    }


def decode(data: dict) -> FileResult:
    d = data["decision"]
    p = data["problem"]
    problem = None if p is None else Problem(p["path"], p["message"], p["kind"],
                                             Region(*p["region"]) if p["region"] else None)
    decision = None if d is None else PointDecision(
        d["point"], d["how"], d["evidence"], d["invalid"], Region(*d["region"]) if d["region"] else None, d["where"])
    findings = [Finding(f["rule"], Level(f["level"]), f["message"], f["path"], Region(*f["region"]), f["point"],
                        f["suppressed"], f["justification"], _unfix(f["fix"])) for f in data["findings"]]
    return FileResult(data["path"], decision, data["analysed"], findings, list(data["rules_run"]), problem=problem,
                      kind=data["kind"])
