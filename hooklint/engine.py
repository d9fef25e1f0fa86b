"""The engine: sources in, findings out, in one direction.

source -> parse -> Hook model -> one walk dispatching to the active rules -> findings ->
suppressions -> ``FileResult``. Reporters only render the ``RunResult``.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple

from hooklint import discover, metadata, model, suppress, points
from hooklint.catalog import RuleDoc
from hooklint.checks.base import Rule
from hooklint.config import Config
from hooklint.estree import Node
from hooklint.findings import Finding, Fix, Level
from hooklint.parallel import fork_map
from hooklint.parse import ParseError, Parsed, frozen_heap, parse, stop_deep_stack, with_deep_stack
from hooklint.registry import Registry
from hooklint.source import PointDecision, Region, Source, region_at


class Problem(NamedTuple):
    """Why a path was not (fully) analysed, with its location: for reports (SARIF's
    ``toolExecutionNotifications``, the HTML report's parse errors).

    ``kind``: ``read`` (not read at all; also in ``RunResult.errors``, exit code 2),
    ``unanalysable`` (binary or too big), ``parse`` (esprima gave up) or ``internal``.
    """

    path: str
    message: str
    kind: str
    region: Region | None = None


@dataclass
class FileResult:
    path: str
    decision: PointDecision | None = None
    analysed: bool = False  # parsed and checked
    findings: list[Finding] = field(default_factory=list)  # including suppressed ones
    rules_run: list[str] = field(default_factory=list)
    # For reporters (excerpts, snippets, GitHub's line hashes): the source as linted, when
    # it is the whole file at ``path``; and why the file was not analysed, if it was not.
    source: Source | None = None
    problem: Problem | None = None


@dataclass
class RunResult:
    files: list[FileResult]
    selected: list[str]  # rule ids selected (implemented or not)
    started: float
    ended: float
    fail_on: Level = Level.WARNING
    read_problems: list[Problem] = field(default_factory=list)  # paths that could not be read
    baseline: int | None = None  # with --baseline: how many findings it left out

    @property
    def findings(self) -> list[Finding]:
        """Unsuppressed findings, sorted by path, line, column, rule."""
        return sorted((f for fr in self.files for f in fr.findings if not f.suppressed), key=lambda f: f.sort_key)

    @property
    def suppressed(self) -> list[Finding]:
        return sorted((f for fr in self.files for f in fr.findings if f.suppressed), key=lambda f: f.sort_key)

    @property
    def problems(self) -> list[Problem]:
        """Every path that could not be read, parsed or analysed, sorted by path."""
        found = self.read_problems + [fr.problem for fr in self.files if fr.problem is not None]
        return sorted(found, key=lambda p: (p.path, p.region or Region(0, 0, 0, 0), p.message))

    @property
    def errors(self) -> list[str]:
        """One-line messages of what makes the exit code 2: unreadable paths, internal errors."""
        return [f"{p.path}: {p.message}" for p in self.problems if p.kind in ("read", "internal")]

    @property
    def rules_run(self) -> list[str]:
        return sorted({r for fr in self.files for r in fr.rules_run})

    def exit_code(self, exit_zero: bool = False) -> int:
        if self.errors:
            return 2
        if exit_zero:
            return 0
        return 1 if any(f.level.rank >= self.fail_on.rank for f in self.findings) else 0


class FileContext:
    """What a rule sees of one file, and where it reports."""

    def __init__(self, source: Source, docs: dict[str, RuleDoc], hook: model.Hook | None = None,
                 parse_error: ParseError | None = None, unanalysable: str | None = None) -> None:
        self.source = source
        self.docs = docs
        self.hook = hook
        self.parse_error = parse_error
        self.unanalysable = unanalysable
        self.decision = hook.point if hook is not None else None
        self.point = self.decision.point if self.decision is not None else None
        self.findings: list[Finding] = []
        self.code_lines: dict[int, int] = {}

    def report(self, rule: Rule, where: Node | Region | None, message: str, path: str | None = None,
               fix: Fix | None = None) -> Finding:
        """Record a finding of ``rule`` at a node, a region, or (None) the file; ``path``
        when the region is in another file (a metadata value)."""
        line: int | None  # the code line, None when the region maps to none
        if where is None:
            region, line = self.source.file_region(), 1
        elif isinstance(where, Region):
            region = where
            # a region built by the rule: back to code lines, where that is a plain offset
            line = region.start_line - self.source.line_offset if self.source.embedding is None else None
        else:
            region, line = self.source.region(where), where.loc.start.line
        finding = Finding(rule.id, self.docs[rule.id].level, message, path or self.source.origin or self.source.path,
                          region, self.point, fix=fix)
        self.findings.append(finding)
        if line is not None:
            self.code_lines[id(finding)] = line
        return finding

    def code_line(self, finding: Finding) -> int:
        """A finding's first line in the code's own numbering (for suppression comments)."""
        return self.code_lines.get(id(finding), finding.region.start_line)


@dataclass
class Engine:
    registry: Registry
    config: Config
    selected: set[str]
    debug: bool = False
    jobs: int = 1
    cache: Any = None  # a hooklint.cache.Cache, or None: no cache

    def run(self, paths: list[Path], point_option: str | None = None) -> RunResult:
        started = time.time()
        files, metadata_files, problems = discover.find_files(paths, self.config)
        read_problems = [Problem(p.path, p.message, "read") for p in problems]
        entries = [entry for path in metadata_files for entry in metadata.read(path)]
        by_script: dict[Path, metadata.HookEntry] = {}
        known = {discover.real_path(path) for path in files} if entries else set()
        entry: metadata.HookEntry | None  # below, per script: None when no metadata names it
        for entry in entries:
            script = entry.script_path
            if script is None:
                continue
            by_script.setdefault(script, entry)
            if script in known:
                continue
            if not script.exists():
                message = f"the script `{script.name}` it names does not exist"
                read_problems.append(Problem(discover.display_path(entry.origin), message, "read"))
            elif not self.config.is_excluded(script):
                known.add(script)
                files.append(script)
        tasks = []
        for path in files:
            entry = by_script.get(discover.real_path(path)) if by_script else None
            hint = self._hint(path, point_option) or (_metadata_decision(entry) if entry else None)
            tasks.append((path, hint, entry.dependencies if entry else None, bool(entry and entry.template)))
        results = []
        for outcome in self._map(tasks):
            if isinstance(outcome, Problem):
                read_problems.append(outcome)
            else:
                results.append(outcome[0])  # an internal error is the result's problem
        inline = []
        for entry in entries:  # code written inside metadata files (discovery already applied excludes)
            if entry.inline is not None:
                origin = discover.display_path(entry.origin)
                hint = self._hint(entry.origin, point_option) or _metadata_decision(entry)
                inline.append(Source(path=f"{origin}#{entry.name or 'hook'}", text=entry.inline, origin=origin,
                                     line_offset=entry.line_offset, column_offset=entry.column_offset,
                                     embedding=entry.embedding, point_hint=hint, dependencies=entry.dependencies,
                                     template=entry.template))
        # in this process, in one batch
        results += [result for result, _ in (self.check_many(inline) if inline else [])]
        return RunResult(results, sorted(self.selected), started, time.time(), self.config.fail_on, read_problems)

    def _map(self, tasks: list[tuple]) -> list:
        """Read, answer from the cache or check every file, in ``jobs`` processes when
        there are enough files to pay for them. The output order is the input order
        whatever the number of jobs."""
        if self.cache is not None:
            self.cache.prepare()  # once, before any fork
        if self.jobs > 1:
            stop_deep_stack()  # a process that forks should have no other threads
        return fork_map(self._outcomes, tasks, self.jobs)

    def _outcomes(self, tasks: list[tuple]) -> list:
        # in one hand-off to the deep-stack thread, like check_many
        outcomes = with_deep_stack(lambda: [self._outcome(*task) for task in tasks])
        if self.cache is not None:
            self.cache.flush()  # each process writes what it computed, in one transaction
        return outcomes

    def _outcome(self, path: Path, hint: PointDecision | None, dependencies: dict[str, str] | None,
                 template: bool) -> Problem | tuple[FileResult, str | None]:
        """One file: read it, then answer from the cache, or check it and remember the result."""
        loaded = discover.read_source(path, hint, dependencies, template=template)
        if isinstance(loaded, discover.ReadProblem):
            return Problem(loaded.path, loaded.message, "read")
        digest = None
        if self.cache is not None and isinstance(loaded, Source):
            from hooklint import cache as cache_mod

            digest = cache_mod.key(loaded, self._active_ids(loaded))
            cached = self.cache.get(digest)
            if cached is not None:
                cached.source = self._whole_file(loaded)
                return cached, None
        result, error = self._check_guarded(loaded)
        if digest is not None and error is None:
            self.cache.put(digest, result)
        return result, error

    def _hint(self, path: Path, option: str | None) -> PointDecision | None:
        if option is not None:
            return PointDecision(option, "option", "--point")
        configured = self.config.point_for(path)
        if configured is not None:
            return PointDecision(configured[0], "config", f"config `points` glob `{configured[1]}`")
        return None

    def check_source(self, loaded: Source | discover.Unanalysable) -> tuple[FileResult, str | None]:
        """Analyse one source; never raises for bad input. Returns (result, internal error)."""
        return self.check_many([loaded])[0]

    def check_many(self, sources: list) -> list[tuple[FileResult, str | None]]:
        """Analyse sources in order, all in one hand-off to the deep-stack thread (a
        hand-off per file costs more than a small hook's analysis)."""
        return with_deep_stack(lambda: [self._check_guarded(source) for source in sources])

    def _check_guarded(self, loaded: Source | discover.Unanalysable) -> tuple[FileResult, str | None]:
        if isinstance(loaded, discover.Unanalysable):
            source = Source(path=loaded.path, text="")
            ctx = FileContext(source, self.registry.docs, unanalysable=loaded.message)
            self._run_unparsed(ctx, self._active_ids(source))
            problem = Problem(loaded.path, loaded.message, "unanalysable")
            return FileResult(loaded.path, findings=ctx.findings, rules_run=["HL000"], problem=problem), None
        try:
            return self._check(loaded), None
        except Exception as exc:  # a bug in hooklint: one line, the run goes on
            if self.debug:
                import traceback

                traceback.print_exc()
            message = f"internal error: {type(exc).__name__}: {exc}"
            return (FileResult(loaded.path, problem=Problem(loaded.path, message, "internal")),
                    f"{loaded.path}: {message}")

    def _active_ids(self, source: Source) -> set[str]:
        ignored: set[str] = set()
        from hooklint.config import expand_selector

        for token in self.config.ignored_for(Path(source.origin or source.path)):
            ignored |= expand_selector(token, self.registry.docs)
        return self.selected - ignored

    def _run_unparsed(self, ctx: FileContext, active: set[str]) -> None:
        for rule in self.registry.rules:
            if not rule.needs_ast and rule.id in active:
                rule.begin(ctx)

    def _check(self, source: Source) -> FileResult:
        active = self._active_ids(source)
        parsed = parse(source.text)
        if isinstance(parsed, ParseError):
            ctx = FileContext(source, self.registry.docs, parse_error=parsed)
            self._run_unparsed(ctx, active)
            problem = Problem(source.origin or source.path, f"cannot parse: {parsed.message}", "parse",
                              source.point_region(parsed.line, parsed.column))
            return FileResult(source.path, findings=ctx.findings, rules_run=sorted(active & {"HL000"}),
                              source=self._whole_file(source), problem=problem)
        with frozen_heap():  # the tree outlives every collection during its analysis
            hook = model.build(source, parsed)
            ctx = FileContext(source, self.registry.docs, hook=hook)
            rules = [r for r in self.registry.rules
                     if r.id in active and r.needs_ast and self.registry.docs[r.id].applies_to(ctx.point)]
            self._walk(hook, ctx, rules)
            ran = {r.id for r in rules} | (active & {"HL000"})
            findings = self._suppress(ctx, parsed, ran, active)
        return FileResult(source.path, hook.point, True, findings, sorted(ran | (active & {"HL001"})),
                          source=self._whole_file(source))

    @staticmethod
    def _whole_file(source: Source) -> Source | None:
        """The source, if it is the whole of the file findings point to (not embedded code)."""
        return source if source.origin == source.path and source.line_offset == 0 else None

    def _walk(self, hook: model.Hook, ctx: FileContext, rules: list[Rule]) -> None:
        dispatch: dict[str, list[Any]] = {}
        for rule in rules:
            rule.begin(ctx)
            for node_type, method in rule.visitors().items():
                dispatch.setdefault(node_type, []).append(method)
        # Visitors get the nodes of their type from the tree's index (in pre-order within a
        # type), not from a walk of every node of the file.
        for node_type, methods in dispatch.items():
            for node in hook.tree.of_type(node_type):
                for method in methods:
                    method(node, ctx)
        for rule in rules:
            rule.end(ctx)

    def _suppress(self, ctx: FileContext, parsed: Parsed, ran: set[str], active: set[str]) -> list[Finding]:
        directives = suppress.parse_directives(ctx.source, parsed.comments, self.registry.docs)
        findings = suppress.apply(ctx.findings, directives, ctx.code_line)
        if "HL001" in active:
            unused = self.registry.by_id["HL001"]
            before = len(ctx.findings)
            unused.report_problems(ctx, suppress.problems(directives, ran))  # type: ignore[attr-defined]  # HL001's own
            findings += suppress.apply(ctx.findings[before:], directives, ctx.code_line)
        return findings


def _metadata_decision(entry: metadata.HookEntry) -> PointDecision | None:
    """What a metadata entry says about the point, and where it says it."""
    if entry.trigger is None:
        return None
    where = discover.display_path(entry.origin)
    problem = points.check_name(entry.trigger)
    if problem is None:
        return PointDecision(entry.trigger, "metadata", f"triggerId in {where}")
    at = entry.trigger_at
    region = region_at(at.line, at.column, at.width) if at is not None else region_at(1, 0, 1)
    return PointDecision(None, "metadata", f"{where}: triggerId {problem}", invalid=entry.trigger,
                         region=region, where=where)

