"""The command line: ``hooklint check``, ``migrate``, ``rules``, ``explain``, ``--version``.

Exit codes: 0 nothing at or above ``--fail-on``; 1 findings at or above it; 2 a usage or
configuration error, a path that cannot be read, or an internal error. User errors are
one line on stderr, never a traceback (``--debug`` shows tracebacks of internal errors).
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import click

from hooklint import __version__
from hooklint.actions.triggers import TRIGGER_IDS
from hooklint.hooks.points import POINTS
from hooklint.reporters import FORMATS

LEVELS = ("error", "warning", "note")
# hook points, then the Action triggers that are not also hook points (each kind reads its own)
POINT_CHOICES = POINTS + tuple(t for t in TRIGGER_IDS if t not in POINTS)


def _fail(message: str, code: int = 2) -> None:
    click.echo(f"hooklint: {message}", err=True)
    sys.exit(code)


def _registry():
    from hooklint.checks import registry
    from hooklint.checks.catalog import CatalogError

    try:
        return registry.load()
    except CatalogError as exc:
        _fail(f"internal error: broken rule catalogue: {exc}")


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "--version", prog_name="hooklint", message="%(prog)s %(version)s")
def cli() -> None:
    """Static analysis for Auth0 Hook JavaScript."""


@cli.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("--point", type=click.Choice(POINT_CHOICES),
              help="Force the extensibility point (of hooks) or the trigger (of Actions) for all files.")
@click.option("-f", "--format", "fmt", type=click.Choice(FORMATS), default="text", show_default=True,
              help="Output format.")
@click.option("-o", "--output", type=click.Path(path_type=Path, dir_okay=False), help="Write the report here.")
@click.option("--sarif-output", type=click.Path(path_type=Path, dir_okay=False), help="Also write SARIF here.")
@click.option("--html-output", type=click.Path(path_type=Path, dir_okay=False), help="Also write HTML here.")
@click.option("--report-suppressed", is_flag=True,
              help="SARIF/HTML: include suppressed findings (SARIF: with `suppressions`).")
@click.option("--category", default="hooklint/", show_default=True,
              help="SARIF: runs[0].automationDetails.id, GitHub's analysis category (a trailing / is added).")
@click.option("--project-root", type=click.Path(path_type=Path, exists=True, file_okay=False),
              help="Report paths relative to this directory [default: the current directory].")
@click.option("--select", help="Rules to run: ids, names or id prefixes, comma-separated.")
@click.option("--extend-select", help="Rules to run in addition to the selection.")
@click.option("--ignore", help="Rules not to run: ids, names or id prefixes, comma-separated.")
@click.option("--fail-on", type=click.Choice(LEVELS),
              help="Lowest level that makes the exit code 1 [default: warning].")
@click.option("--exit-zero", is_flag=True, help="Exit 0 even when there are findings.")
@click.option("--baseline", type=click.Path(path_type=Path, dir_okay=False),
              help="Report only findings not in this baseline.")
@click.option("--write-baseline", type=click.Path(path_type=Path, dir_okay=False),
              help="Record today's findings as a baseline.")
@click.option("--config", "config_path", type=click.Path(path_type=Path, dir_okay=False),
              help="Config file [default: [tool.hooklint] in pyproject.toml, or .hooklint.toml].")
@click.option("--jobs", type=click.IntRange(min=1), help="Parallel processes [default: the number of cores].")
@click.option("--no-cache", is_flag=True, help="Neither read nor write the result cache.")
@click.option("--quiet", "-q", is_flag=True, help="Print findings only, no summary.")
@click.option("--statistics", is_flag=True, help="Print the number of findings per rule.")
@click.option("--show-points", is_flag=True,
              help="Text format: print each file's kind, point or trigger, and how it was decided.")
@click.option("--fix", is_flag=True, help="Apply safe fixes, write the files, report the findings left.")
@click.option("--unsafe-fixes", is_flag=True,
              help="Include unsafe fixes (they may change what the code does); alone, only the hint changes.")
@click.option("--diff", is_flag=True,
              help="Print a unified diff of the fixes instead of writing them (exit 1 when there is one). "
                   "Implies --fix-only.")
@click.option("--show-fixes", is_flag=True, help="List the fixes applied, per file and rule.")
@click.option("--fix-only", is_flag=True, help="Apply fixes; do not report the findings left, nor exit 1 for them.")
@click.option("--debug", is_flag=True, help="Show tracebacks of internal errors.")
def check(paths, point, fmt, output, sarif_output, html_output, report_suppressed, category, project_root, select,
          extend_select, ignore, fail_on, exit_zero, baseline, write_baseline, config_path, jobs, no_cache, quiet,
          statistics, show_points, fix, unsafe_fixes, diff, show_fixes, fix_only, debug) -> None:
    """Lint hooks under PATHS (default: the current directory)."""
    from hooklint import baseline as baseline_mod
    from hooklint.run.engine import Engine

    fix_only = fix_only or diff  # as in ruff, --diff implies --fix-only, which implies --fix
    if fix_only and (output or sarif_output or html_output or write_baseline):
        _fail(f"{'--diff' if diff else '--fix-only'} writes no report and no baseline: drop "
              "--output, --sarif-output, --html-output and --write-baseline")
    registry = _registry()
    config, selected = _selection(registry, config_path, select, extend_select, ignore, fail_on)
    known = _read_baseline(baseline) if baseline is not None else None
    cache = None
    if not no_cache:
        from hooklint.run.cache import Cache

        cache = Cache()
    engine = Engine(registry, config, selected, debug=debug, jobs=jobs or os.cpu_count() or 1, cache=cache)
    run = engine.run(list(paths) or [Path(".")], point_option=point)
    fixing = None
    if fix or fix_only:  # before the baseline: fixes apply to every finding (ruff has no baseline to skip)
        from hooklint.fixes import wanted
        from hooklint.fixing import fix_run

        from hooklint.run.discover import inline_sources
        from hooklint.run.metadata import read_text

        def inline(path: Path, text: str):  # the code in a metadata file's text, as discovery reads it
            return inline_sources(read_text(path, text.removeprefix("\ufeff")), config, point)

        fixing = fix_run(run, lambda source: engine.check_source(source)[0], wanted(unsafe_fixes), write=not diff,
                         inline=inline)
        for note in fixing.notes:
            click.echo(f"hooklint: {note}", err=True)
    if fix_only:
        assert fixing is not None
        sys.exit(_fix_only(run, registry, fixing, diff, show_fixes, quiet))
    if write_baseline is not None:
        _record_baseline(run, write_baseline, project_root)
    if known is not None:
        baseline_mod.apply(run, known, project_root)
    exit_code = run.exit_code(exit_zero or write_baseline is not None)
    use_colour = output is None and fmt == "text" and sys.stdout.isatty() and not os.environ.get("NO_COLOR")
    options = dict(color=use_colour, quiet=quiet, statistics=statistics, show_points=show_points,
                   report_suppressed=report_suppressed, unsafe_fixes=unsafe_fixes,
                   fixed=fixing.count if fixing is not None else None,
                   category=category, project_root=project_root, exit_code=exit_code)
    if fixing is not None and show_fixes:  # beside a text report on stdout; else on stderr
        from hooklint.fixing import listing

        click.echo(listing(fixing, _names(registry)), nl=False, err=fmt != "text" and output is None)
    _report(run, registry, fmt, output, (("sarif", sarif_output), ("html", html_output)), options)
    for error in run.errors:
        click.echo(f"hooklint: {error}", err=True)
    sys.exit(exit_code)


def _names(registry) -> dict[str, str]:
    return {rule_id: doc.name for rule_id, doc in registry.docs.items()}


def _fix_only(run, registry, fixing, diff: bool, show_fixes: bool, quiet: bool) -> int:
    """``--fix-only``/``--diff``: no report of the findings left; the diffs on stdout, what
    was (or would be) fixed on stderr. The exit code: 2 on an error, else with ``--diff`` 1
    when there is a diff (ruff), else 0."""
    from hooklint.fixing import listing

    if diff:
        click.echo("".join(fixing.diffs), nl=False)
    if show_fixes:
        click.echo(listing(fixing, _names(registry), would=diff), nl=False, err=True)
    elif not quiet:
        n = fixing.count
        click.echo(f"{'Would fix' if diff else 'Fixed'} {n} finding{'' if n == 1 else 's'}.", err=True)
    for error in run.errors:
        click.echo(f"hooklint: {error}", err=True)
    if run.errors:
        return 2
    return 1 if diff and fixing.diffs else 0


def _selection(registry, config_path: Path | None, select: str | None, extend_select: str | None,
               ignore: str | None, fail_on: str | None):
    """The configuration (with ``--fail-on`` applied) and the rules to run; a configuration
    error exits 2. (Every rule of the catalogue is implemented, as the registry enforces:
    selecting one never needs a "not implemented" note any more.)"""
    from hooklint.run.config import ConfigError, load_config, resolve_selection, split_ids
    from hooklint.findings import Level

    try:
        config = load_config(config_path, registry.docs)
        selected = resolve_selection(registry.docs, config, split_ids(select), split_ids(ignore) or [],
                                     split_ids(extend_select) or [])
    except ConfigError as exc:
        _fail(str(exc))
    if fail_on is not None:
        config.fail_on = Level(fail_on)
    return config, selected


def _read_baseline(path: Path):
    """The findings recorded in the baseline at ``path``; an unreadable one exits 2."""
    from hooklint import baseline as baseline_mod

    try:
        return baseline_mod.read(path)
    except baseline_mod.BaselineError as exc:
        _fail(str(exc))


def _record_baseline(run, path: Path, project_root: Path | None) -> None:
    """Record the run's findings as a baseline at ``path``, and say so on stderr."""
    from hooklint import baseline as baseline_mod

    try:
        count = baseline_mod.write(run, path, project_root)
    except OSError as exc:
        _fail(f"cannot write {path}: {exc.strerror or exc}")
    click.echo(f"hooklint: recorded {count} finding{'s' if count != 1 else ''} in {path}; "
               f"`hooklint check --baseline {path}` reports only new ones", err=True)


def _report(run, registry, fmt: str, output: Path | None, extra: tuple[tuple[str, Path | None], ...],
            options: dict) -> None:
    """Render the run: each extra (format, file) asked for, then the main report to
    ``output`` or stdout."""
    from hooklint.reporters import render

    for extra_format, extra_output in extra:
        if extra_output is not None:
            _write(extra_output, render(extra_format, run, registry, **options))
    report = render(fmt, run, registry, **options)
    if output is not None:
        _write(output, report)
    else:
        click.echo(report, nl=False, color=options["color"])

def _write(path: Path, report: str) -> None:
    try:
        path.write_text(report, encoding="utf-8")
    except OSError as exc:
        _fail(f"cannot write {path}: {exc.strerror or exc}")


@cli.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("--pyproject", is_flag=True, help="Add a [tool.hooklint] table to ./pyproject.toml instead.")
@click.option("--stdout", "to_stdout", is_flag=True, help="Print the configuration instead of writing it.")
def init(paths, pyproject, to_stdout) -> None:
    """Write a commented configuration (.hooklint.toml) with the inferred points."""
    from hooklint import init as init_mod
    from hooklint.run.config import Config
    from hooklint.run.engine import Engine

    registry = _registry()
    target = Path("pyproject.toml") if pyproject else Path(".hooklint.toml")
    if not to_stdout:
        if pyproject and target.exists() and "[tool.hooklint" in target.read_text(encoding="utf-8", errors="replace"):
            _fail(f"{target} already has a [tool.hooklint] table; edit it, or use --stdout")
        if not pyproject and target.exists():
            _fail(f"{target} already exists; edit it, or use --stdout")
    run = Engine(registry, Config(), set()).run(list(paths) or [Path(".")])
    text, hooks = init_mod.render(run, pyproject)
    if to_stdout:
        click.echo(text, nl=False)
        return
    try:
        if pyproject and target.exists():
            existing = target.read_text(encoding="utf-8")
            target.write_text(existing.rstrip("\n") + "\n\n" + text, encoding="utf-8")
        else:
            target.write_text(text, encoding="utf-8")
    except OSError as exc:
        _fail(f"cannot write {target}: {exc.strerror or exc}")
    click.echo(f"hooklint: wrote {target} ({hooks} hook{'s' if hooks != 1 else ''} whose point was inferred "
               "or is unknown); review it")


@cli.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("--out", type=click.Path(path_type=Path, file_okay=False),
              help="Write every file here (new files and patched copies of metadata, at their paths relative to "
                   "the current directory), and the report [default: beside each hook; the report in the current "
                   "directory].")
@click.option("--dry-run", is_flag=True,
              help="Print the changes as a unified diff (the report on stderr); write nothing.")
@click.option("--force", is_flag=True, help="Overwrite files that exist with other content.")
@click.option("-f", "--format", "fmt", type=click.Choice(("text", "json", "markdown")), default="text",
              show_default=True, help="Format of the report printed.")
def migrate(paths, out, dry_run, force, fmt) -> None:
    """Turn the hooks under PATHS into Actions, in the layout each uses (deploy-cli YAML or
    directory, Terraform, plain files), and write the migration report
    (hooklint-migration.md and .json).

    Exit codes: 0 every hook migrated (or already was) with nothing left for a person; 1 a
    hook was skipped or the report has notes that need a person; 2 an existing file that
    would be overwritten without --force (nothing is written), or a path that cannot be read
    (the hooks that could be read are still migrated).
    """
    from hooklint.migrate.command import migrate as run_migration

    _registry()  # a broken catalogue is an internal error, said in one line
    sys.exit(run_migration(list(paths) or [Path(".")], out, dry_run, force, fmt))


@cli.command()
@click.option("-f", "--format", "fmt", type=click.Choice(("text", "json")), default="text", show_default=True)
def rules(fmt) -> None:
    """List the whole rule catalogue."""
    registry = _registry()
    rows = []
    for doc in registry.docs.values():
        rows.append({
            "id": doc.id,
            "name": doc.name,
            "level": doc.level.value,
            "points": list(doc.points),
            "kinds": list(doc.kinds),
            "triggers": list(doc.triggers),  # for Actions; empty for a hook-only rule
            "enabled": doc.default_enabled,
            "implemented": registry.implemented(doc.id),
            "summary": doc.summary,
        })
    if fmt == "json":
        click.echo(json.dumps(rows, indent=2))
        return
    click.echo(f"{'ID':<6} {'NAME':<36} {'LEVEL':<8} {'ENABLED':<8} {'STATUS':<16} {'KINDS':<12} POINTS")
    for row in rows:
        enabled = "yes" if row["enabled"] else "no"
        status = "implemented" if row["implemented"] else "not implemented"
        triggers = f"; triggers: {', '.join(row['triggers'])}" if row["triggers"] else ""
        click.echo(f"{row['id']:<6} {row['name']:<36} {row['level']:<8} {enabled:<8} {status:<16} "
                   f"{','.join(row['kinds']):<12} {', '.join(row['points'])}{triggers}")


@cli.command()
@click.argument("rule")
def explain(rule) -> None:
    """Show one rule's documentation (by id or name)."""
    from hooklint.checks.catalog import rule_id

    registry = _registry()
    found = rule_id(rule, registry.docs)
    if found is None:
        _fail(f"unknown rule `{rule}`; `hooklint rules` lists them")
    doc = registry.docs[found]
    click.echo(f"{doc.id} {doc.name}")
    triggers = f"; triggers: {', '.join(doc.triggers)}" if doc.triggers else ""
    click.echo(f"level: {doc.level.value}; kinds: {', '.join(doc.kinds)}; points: {', '.join(doc.points)}{triggers}; "
               f"enabled by default: {'yes' if doc.default_enabled else 'no'}; precision: {doc.precision}")
    if doc.stopped_by:
        click.echo(f"does not run where {', '.join(doc.stopped_by)} finds something (one root cause, one finding)")
    click.echo("")
    click.echo(doc.summary)
    for title, body in doc.sections.items():
        click.echo("")
        click.echo(click.style(title, bold=True) if sys.stdout.isatty() and not os.environ.get("NO_COLOR") else title)
        click.echo(body)


@cli.command()
@click.option("--stdio", is_flag=True, help="Talk LSP over stdin and stdout (the only transport; editors pass it).")
def server(stdio) -> None:
    """Run the language server (LSP over stdio) for editors; needs `pip install 'hooklint[lsp]'`."""
    try:
        from hooklint.server import app
    except ModuleNotFoundError as exc:
        if exc.name not in ("pygls", "lsprotocol") and not str(exc.name).startswith(("pygls.", "lsprotocol.")):
            raise
        _fail("`hooklint server` needs pygls: pip install 'hooklint[lsp]'")
    app.serve(_registry())  # returns (or exits) when the client says `exit`


def main() -> None:
    try:
        cli.main(prog_name="hooklint", standalone_mode=False)
    except click.exceptions.Abort:
        _fail("aborted", 130)
    except click.ClickException as exc:
        exc.show()
        sys.exit(2)
    except KeyboardInterrupt:
        _fail("interrupted", 130)
    except SystemExit:
        raise
    except Exception as exc:  # an internal error: one line, unless --debug
        if "--debug" in sys.argv:
            raise
        _fail(f"internal error: {type(exc).__name__}: {exc} (run with --debug for details)")
    sys.exit(0)


def run() -> None:
    """The ``hooklint`` command: ``main``, then leave at once with its exit code.

    Tearing down the interpreter (every module and object, one by one) cost about 20 ms
    of a run of a few hundred milliseconds, for nothing a finished run still needs: the
    output is flushed here, and the result cache has committed all it wrote.
    """
    try:
        main()
        code = 0
    except SystemExit as exc:
        if exc.code is None or isinstance(exc.code, int):
            code = exc.code or 0
        else:  # a message, which Python would print before exiting with 1
            print(exc.code, file=sys.stderr)
            code = 1
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):  # a reader that went away (`| head`): nothing to add
            pass
    os._exit(code)

