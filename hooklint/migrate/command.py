"""``hooklint migrate``: find the hooks as ``check`` does, translate each, place its Action
in the layout its source uses, then write (or, with ``--dry-run``, print) the changes and
the migration report.

Exit codes (a linter's: ruff and ESLint exit 1 while something is left for a person):
- 0: every hook found was migrated (or already was) and nothing needs a person;
- 1: a hook was skipped (unknown point, does not parse, a layout that cannot be patched)
  or a migrated one has a note that needs a person (the report lists them);
- 2: a file that would be overwritten (without ``--force``: nothing is written then), a
  file that cannot be written, or a path or metadata entry that cannot be read (a one-line
  error each; the run goes on, as ``check``'s does, and the hooks it could read are
  migrated and written).

Actions found beside the hooks (already migrated code, or Actions of their own) are not
reported: there is nothing to migrate in them.
"""

from __future__ import annotations

import difflib
import os
import sys
from collections.abc import Callable
from pathlib import Path

from hooklint.findings import Finding
from hooklint.js.source import Source
from hooklint.migrate import layouts, translate
from hooklint.migrate.model import Skipped, Translation
from hooklint.migrate.report import HookReport, MigrationReport, render, to_json, to_markdown
from hooklint.run import discover
from hooklint.run.config import Config
from hooklint.run.metadata import HookEntry

REPORT_NAME = "hooklint-migration"
# translate's reason for a program that is already an Action: no hook there, not a skip
_ALREADY_AN_ACTION = "is already an Action"


def checker() -> Callable[[Source], list[Finding]]:
    """Every rule of the catalogue, on one source (what ``translate`` checks the Action with)."""
    from hooklint.checks.registry import load
    from hooklint.run.engine import Engine

    registry = load()
    engine = Engine(registry, Config(), set(registry.docs))
    return lambda source: list(engine.check_source(source)[0].findings)


def sites(paths: list[Path], config: Config) -> tuple[list[layouts.HookSite], list[Skipped], list[str]]:
    """The hooks under ``paths`` (each joined with the metadata entry that names it), the
    files that could not be read, and the paths that could not be (one line each)."""
    plan = discover.plan(paths, config)
    by_script: dict[Path, HookEntry] = {}
    by_inline: dict[str, HookEntry] = {}
    skipped: list[Skipped] = []
    for named in plan.entries:
        if named.script_path is not None:
            first = by_script.setdefault(named.script_path, named)
            if first is not named and not named.action:  # one Action per script: the first entry's
                skipped.append(Skipped(
                    f"{discover.display_path(named.origin)}#{named.name or 'hook'}",
                    f"names the script `{discover.display_path(named.script_path)}`, which the entry "
                    f"`{first.name or 'hook'}` also names; migrated once, as `{first.name or 'hook'}`"))
        if named.inline is not None:
            by_inline.setdefault(f"{discover.display_path(named.origin)}#{named.name or 'hook'}", named)
    found: list[layouts.HookSite] = []
    for script in plan.scripts:
        entry = by_script.get(discover.real_path(script.path))
        if script.action is not None or (entry is not None and entry.action):
            continue
        source = discover.read_source(script.path, script.hint, script.dependencies, script.template)
        if isinstance(source, Source):
            found.append(layouts.HookSite(source, entry, script.path))
        else:
            skipped.append(Skipped(source.path, f"{source.message}; not migrated"))
    for source in plan.inline:
        entry = by_inline.get(source.path)
        if source.action is None and entry is not None and not entry.action:
            found.append(layouts.HookSite(source, entry, None))
    errors = [f"{problem.path}: {problem.message}" for problem in plan.problems]
    return found, skipped, errors


def run(paths: list[Path], out: Path | None, force: bool, dry_run: bool = False,
        check: Callable[[Source], list[Finding]] | None = None,
        config: Config | None = None) -> tuple[MigrationReport, layouts.Workspace, list[str]]:
    """Translate and place every hook (nothing written): the report, the planned changes, and
    the one-line errors (unreadable paths)."""
    check = check or checker()
    found, skipped, errors = sites(paths, config or Config())
    workspace = layouts.Workspace(out, Path.cwd(), force)
    report = MigrationReport(skipped=skipped, dry_run=dry_run)
    for site in found:
        shown = site.source.origin or site.source.path
        secrets = site.entry.secrets if site.entry is not None else []
        result = translate.translate(site.source, check, secrets)
        if isinstance(result, Skipped):
            if not result.reason.startswith(_ALREADY_AN_ACTION):
                report.skipped.append(result)
            continue
        placed = _place(workspace, site, result, report)
        if placed is None:
            continue
        report.hooks.append(HookReport(site.source.path, shown, placed.name, placed.layout, placed.status, result,
                                       [discover.display_path(workspace.target(p)) for p in placed.files],
                                       placed.bound, placed.notes))
    report.conflicts = list(workspace.conflicts)
    return report, workspace, errors


def _place(workspace: layouts.Workspace, site: layouts.HookSite, translation: Translation,
           report: MigrationReport) -> layouts.Placed | None:
    try:
        return layouts.place(workspace, site, translation)
    except layouts.LayoutError as exc:
        where = discover.display_path(site.entry.origin) if site.entry is not None else site.source.path
        report.skipped.append(Skipped(site.source.path, f"{where}: {exc}; not migrated"))
        return None


def diff(workspace: layouts.Workspace) -> str:
    """The planned changes as one unified diff (paths as shown, ``/dev/null`` for new files)."""
    chunks: list[str] = []
    for target, before, after in workspace.changes():
        shown = discover.display_path(target)
        chunks += difflib.unified_diff((before or "").splitlines(keepends=True), after.splitlines(keepends=True),
                                       "/dev/null" if before is None else f"a/{shown}", f"b/{shown}")
    return "".join(line if line.endswith(("\n", "\r")) else line + "\n\\ No newline at end of file\n"
                   for line in chunks)


def migrate(paths: list[Path], out: Path | None, dry_run: bool, force: bool, fmt: str) -> int:
    """The command: print the report (``fmt``) or, with ``--dry-run``, the diff (the report
    then goes to stderr); write the changes and the report files; return the exit code."""
    import click

    report, workspace, errors = run(paths, out, force, dry_run)
    for error in errors:
        click.echo(f"hooklint: {error}", err=True)
    code = 2 if errors or report.conflicts else 1 if report.needs_a_person else 0
    if dry_run:
        click.echo(diff(workspace), nl=False)
        click.echo(render(report, fmt), err=True, nl=False)
        return code
    if report.conflicts:
        click.echo(render(report, fmt), nl=False)
        for conflict in report.conflicts:
            click.echo(f"hooklint: not migrated: {conflict}", err=True)
        return 2
    folder = Path(os.path.abspath(out)) if out is not None else Path.cwd()
    try:
        for target, _, text in workspace.changes():
            target.parent.mkdir(parents=True, exist_ok=True)
            with open(target, "w", encoding="utf-8", newline="") as handle:
                handle.write(text)
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"{REPORT_NAME}.md").write_text(to_markdown(report), encoding="utf-8")
        (folder / f"{REPORT_NAME}.json").write_text(to_json(report), encoding="utf-8")
    except OSError as exc:
        click.echo(f"hooklint: cannot write {exc.filename or folder}: {exc.strerror or exc}", err=True)
        return 2
    click.echo(render(report, fmt), nl=False)
    sys.stdout.flush()
    return code
