"""Discovery: from the paths on the command line to ``Source`` objects.

Directories are searched recursively for ``*.js`` and ``*.cjs`` files, skipping
``node_modules``, ``.git`` and the config's ``exclude`` globs; directory symlinks are not
followed (no loops). A file named explicitly is linted whatever its extension, unless
the config excludes it (pre-commit passes files explicitly).

Files that may hold hook metadata (``*.json``, ``*.yaml``, ``*.yml``, ``*.tf``) are
collected beside the scripts; ``hooklint.run.metadata`` reads them, and ``plan`` turns
what they say into point decisions, extra scripts and inline sources: the engine is handed
what to lint and only checks it.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import NamedTuple

from hooklint.run.config import Config
from hooklint.run.metadata import HookEntry, read as read_metadata
from hooklint.hooks import points
from hooklint.actions import triggers
from hooklint.findings import ActionMetadata, PointDecision
from hooklint.js.source import Source, region_at

EXTENSIONS = (".js", ".cjs")
METADATA_EXTENSIONS = (".json", ".yaml", ".yml", ".tf")  # deploy-cli, Terraform, API exports
SKIP_DIRS = frozenset({"node_modules", ".git"})
MAX_BYTES = 5 * 1024 * 1024  # larger files are reported (HL000), not parsed


class ReadProblem(NamedTuple):
    """A path that could not be linted: reported as a one-line error, exit code 2."""

    path: str
    message: str


class Unanalysable(NamedTuple):
    """A file that was read but is not JavaScript text: an HL000 finding."""

    path: str
    message: str


def real_path(path: Path) -> Path:
    """``path`` with symlinks resolved, or made absolute when it cannot be (a symlink loop)."""
    try:
        return path.resolve()
    except (OSError, RuntimeError):
        return Path(os.path.abspath(path))


def _identity(path: Path) -> tuple[int, int] | Path:
    """What makes two paths one file (reached twice through a symlink or overlapping
    arguments): its device and inode, one ``stat`` where resolving the path takes one per
    directory level; the path itself for a dangling symlink or a symlink loop."""
    try:
        info = os.stat(path)
    except (OSError, ValueError):
        return real_path(path)
    return info.st_dev, info.st_ino


def display_path(path: Path) -> str:
    """``path`` relative to the current directory when under it, POSIX style."""
    absolute = os.path.abspath(path)
    here = os.getcwd()
    if absolute == here:
        return "."
    if absolute.startswith(here.rstrip(os.sep) + os.sep):
        return Path(absolute[len(here.rstrip(os.sep)) + 1:]).as_posix()
    return Path(path).as_posix()


def find_files(paths: list[Path], config: Config) -> tuple[list[Path], list[Path], list[ReadProblem]]:
    """Scripts, metadata candidates, and paths that could not be read."""
    files: list[Path] = []
    metadata: list[Path] = []
    problems: list[ReadProblem] = []
    seen: set = set()

    def add(path: Path) -> None:
        key = _identity(path)
        if key in seen:
            return
        seen.add(key)
        (metadata if path.suffix.lower() in METADATA_EXTENSIONS else files).append(path)

    for path in paths:
        if path.is_dir():
            for found in _walk(path, config, problems):
                add(found)
        elif path.exists() or path.is_symlink():
            if not config.is_excluded(path):
                add(path)
        else:
            problems.append(ReadProblem(path.as_posix(), "no such file or directory"))
    return files, metadata, problems


def _walk(root: Path, config: Config, problems: list[ReadProblem]) -> list[Path]:
    found: list[Path] = []

    def onerror(exc: OSError) -> None:
        problems.append(ReadProblem(Path(exc.filename or root).as_posix(), exc.strerror or str(exc)))

    for directory, dirnames, filenames in os.walk(root, onerror=onerror):
        here = Path(directory)
        dirnames[:] = sorted(
            d for d in dirnames
            if d not in SKIP_DIRS and not d.startswith(".terraform") and not config.is_excluded(here / d)
        )
        for name in sorted(filenames):
            if name.endswith(EXTENSIONS) or name.lower().endswith(METADATA_EXTENSIONS):
                path = here / name
                if not config.is_excluded(path):
                    found.append(path)
    return found


def read_source(path: Path, hint: PointDecision | None, dependencies: dict[str, str] | None = None,
                template: bool = False, action: ActionMetadata | None = None) -> Source | ReadProblem | Unanalysable:
    shown = display_path(path)
    try:
        info = path.stat()
        if stat.S_ISDIR(info.st_mode):
            return ReadProblem(shown, "is a directory")
        if not stat.S_ISREG(info.st_mode):  # a FIFO or device would block or never end
            return ReadProblem(shown, "not a regular file")
        size = info.st_size
        if size > MAX_BYTES:
            return Unanalysable(shown, f"file is {size / 1048576:.1f} MiB, over the {MAX_BYTES // 1048576} MiB "
                                       "limit for hook code; not analysed")
        data = path.read_bytes()
    except OSError as exc:
        return ReadProblem(shown, exc.strerror or str(exc))
    if b"\x00" in data[:8192]:
        return Unanalysable(shown, "binary file (contains NUL bytes), not JavaScript; not analysed")
    text = data.decode("utf-8", errors="replace")
    return Source(path=shown, text=text, point_hint=hint,
                  dependencies=dict(dependencies or {}), template=template, action=action)


# ----- the plan: what to lint ------------------------------------------------------------


class Script(NamedTuple):
    """A script file to read and check, with what the run and its metadata say about it."""

    path: Path
    hint: PointDecision | None
    dependencies: dict[str, str] | None
    template: bool
    action: ActionMetadata | None = None  # Action metadata names it


class Plan(NamedTuple):
    """What a run lints: script files (read in the workers), code written inside metadata
    files (already sources), and the paths that cannot be linted."""

    scripts: list[Script]
    inline: list[Source]
    problems: list[ReadProblem]
    entries: tuple[HookEntry, ...] = ()  # every metadata entry read (``hooklint migrate`` patches beside them)


def plan(paths: list[Path], config: Config, point_option: str | None = None) -> Plan:
    """The files under ``paths`` joined with the hook metadata found beside them: a script a
    metadata entry names gets its point, dependencies and template flag (and is added when
    the paths did not include it); code written inside a metadata file becomes a source."""
    files, metadata_files, problems = find_files(paths, config)
    entries = [entry for path in metadata_files for entry in read_metadata(path)]
    by_script: dict[Path, HookEntry] = {}
    known = {real_path(path) for path in files} if entries else set()
    entry: HookEntry | None  # below, per script: None when no metadata names it
    for entry in entries:
        if entry.problem is not None:
            problems.append(ReadProblem(display_path(entry.origin), entry.problem))
        script = entry.script_path
        if script is None:
            continue
        by_script.setdefault(script, entry)
        if script in known:
            continue
        if not script.exists():
            what = f"the code file `{script.name}` of the Action `{entry.name}`" if entry.action and entry.name \
                else f"the script `{script.name}`"
            message = f"{what} it names does not exist"
            problems.append(ReadProblem(display_path(entry.origin), message))
        elif not config.is_excluded(script):
            known.add(script)
            files.append(script)
    scripts = []
    for path in files:
        entry = by_script.get(real_path(path)) if by_script else None
        hint = point_hint(path, config, point_option) or (_metadata_decision(entry) if entry else None)
        scripts.append(Script(path, hint, entry.dependencies if entry else None, bool(entry and entry.template),
                              _action_metadata(entry) if entry else None))
    inline = inline_sources(entries, config, point_option)  # find_files already applied excludes
    return Plan(scripts, inline, problems, tuple(entries))


def inline_sources(entries: list[HookEntry], config: Config, point_option: str | None = None) -> list[Source]:
    """The code written inside metadata files, one source per entry that has some, named
    ``<metadata file>#<entry name>``."""
    inline = []
    for entry in entries:
        if entry.inline is not None:
            origin = display_path(entry.origin)
            hint = point_hint(entry.origin, config, point_option) or _metadata_decision(entry)
            default = "action" if entry.action else "hook"
            inline.append(Source(path=f"{origin}#{entry.name or default}", text=entry.inline, origin=origin,
                                 line_offset=entry.line_offset, column_offset=entry.column_offset,
                                 embedding=entry.embedding, point_hint=hint, dependencies=entry.dependencies,
                                 template=entry.template, action=_action_metadata(entry), verbatim=entry.verbatim))
    return inline


def point_hint(path: Path, config: Config, option: str | None) -> PointDecision | None:
    """The point the run says a file is: ``--point``, else the config's ``points`` globs."""
    if option is not None:
        return PointDecision(option, "option", "--point")
    configured = config.point_for(path)
    if configured is not None:
        return PointDecision(configured[0], "config", f"config `points` glob `{configured[1]}`")
    return None


def _metadata_decision(entry: HookEntry) -> PointDecision | None:
    """What a metadata entry says about the point (an Action's: its trigger), and where it
    says it."""
    if entry.trigger is None:
        return None
    where = display_path(entry.origin)
    key = "supported_triggers id" if entry.action else "triggerId"
    problem = (triggers.check_name if entry.action else points.check_name)(entry.trigger)
    if problem is None:
        return PointDecision(entry.trigger, "metadata", f"{key} in {where}")
    at = entry.trigger_at
    region = region_at(at.line, at.column, at.width) if at is not None else region_at(1, 0, 1)
    return PointDecision(None, "metadata", f"{where}: {key} {problem}", invalid=entry.trigger,
                         region=region, where=where)


def _action_metadata(entry: HookEntry) -> ActionMetadata | None:
    """What an Action's metadata entry tells about its code (``None`` for a hook's)."""
    if not entry.action:
        return None
    at = entry.version_at
    return ActionMetadata(display_path(entry.origin), _metadata_decision(entry), entry.version,
                          region_at(at.line, at.column, at.width) if at is not None else None,
                          entry.runtime, entry.dependencies_listed)
