"""The engine: sources in, findings out, in one direction (``discover.plan`` says what to lint).

source -> parse -> the Hook or Action model -> each active rule's ``check`` -> findings -> suppressions
-> ``FileResult``. Reporters only render the ``RunResult``.

Rules are whole-file queries over the shared services (the hook model, scope, flow, the
tree's index of nodes by type), not visitors: the engine calls each rule's ``check`` once
per file and walks no nodes on their behalf.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from hooklint.run import discover, suppress
from hooklint.actions import model as action_model
from hooklint.auth0.program import Program
from hooklint.hooks import model
from hooklint.checks.base import FileContext
from hooklint.run.config import Config
from hooklint.outcome import FileResult, Problem, RunResult
from hooklint.run.parallel import fork_map
from hooklint.js.parse import ParseError, frozen_heap, parse, stop_deep_stack, with_deep_stack
from hooklint.checks.registry import Registry
from hooklint.findings import ActionMetadata, PointDecision
from hooklint.js.source import Source

if TYPE_CHECKING:  # the cache module is imported only when a run uses a cache (it loads sqlite3)
    from hooklint.run.cache import Cache


@dataclass
class Engine:
    registry: Registry
    config: Config
    selected: set[str]
    debug: bool = False
    jobs: int = 1
    cache: Cache | None = None  # None: no cache

    def run(self, paths: list[Path], point_option: str | None = None) -> RunResult:
        started = time.time()
        plan = discover.plan(paths, self.config, point_option)
        read_problems = [Problem(p.path, p.message, "read") for p in plan.problems]
        results = []
        for outcome in self._map(plan.scripts):
            if isinstance(outcome, Problem):
                read_problems.append(outcome)
            else:
                results.append(outcome[0])  # an internal error is the result's problem
        # code written inside metadata files: in this process, in one batch
        results += [result for result, _ in (self.check_many(plan.inline) if plan.inline else [])]
        return RunResult(results, sorted(self.selected), started, time.time(), self.config.fail_on, read_problems)

    def _map(self, tasks: list[discover.Script]) -> list:
        """Read, answer from the cache or check every file, in ``jobs`` processes when
        there are enough files to pay for them. The output order is the input order
        whatever the number of jobs."""
        if self.cache is not None:
            self.cache.prepare()  # once, before any fork
        if self.jobs > 1:
            stop_deep_stack()  # a process that forks should have no other threads
        return fork_map(self._outcomes, tasks, self.jobs)

    def _outcomes(self, tasks: list[discover.Script]) -> list:
        # in one hand-off to the deep-stack thread, like check_many
        outcomes = with_deep_stack(lambda: [self._outcome(*task) for task in tasks])
        if self.cache is not None:
            self.cache.flush()  # each process writes what it computed, in one transaction
        return outcomes

    def _outcome(self, path: Path, hint: PointDecision | None, dependencies: dict[str, str] | None,
                 template: bool, action: ActionMetadata | None = None) -> Problem | tuple[FileResult, str | None]:
        """One file: read it, then answer from the cache, or check it and remember the result."""
        loaded = discover.read_source(path, hint, dependencies, template=template, action=action)
        if isinstance(loaded, discover.ReadProblem):
            return Problem(loaded.path, loaded.message, "read")
        digest = None
        if self.cache is not None and isinstance(loaded, Source):
            from hooklint.run import cache as cache_mod

            digest = cache_mod.key(loaded, self._active_ids(loaded))
            cached = self.cache.get(digest)
            if cached is not None:
                cached.source = self._whole_file(loaded)
                return cached, None
        result, error = self._check_guarded(loaded)
        if digest is not None and error is None and self.cache is not None:
            self.cache.put(digest, result)
        return result, error

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
        from hooklint.run.config import expand_selector

        for token in self.config.ignored_for(Path(source.origin or source.path)):
            ignored |= expand_selector(token, self.registry.docs)
        return self.selected - ignored

    def _run_unparsed(self, ctx: FileContext, active: set[str]) -> None:
        for rule in self.registry.rules:
            if not rule.needs_ast and rule.id in active:
                rule.check(ctx)

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
            program = build_program(source, parsed)
            ctx = FileContext(source, self.registry.docs, program)
            rules = [r for r in self.registry.rules if r.id in active and r.needs_ast
                     and self.registry.docs[r.id].applies_to(ctx.point, program.kind)]
            ran = self._run_rules(ctx, rules) | (active & {"HL000"})
            findings, pass_ran = suppress.check(ctx, parsed.comments, ran, active)
        return FileResult(source.path, program.decision, True, findings, sorted(ran | pass_ran),
                          source=self._whole_file(source), kind=program.kind)

    def _run_rules(self, ctx: FileContext, rules: list) -> set[str]:
        """Run ``rules`` on one file; the ids of those that ran. A rule whose doc names a
        ``stopped-by`` rule does not run where that rule finds something ("one root cause,
        one finding"): the stoppers run first, and one that is not selected (disabled, or
        not in ``--select``) runs into a scratch context whose findings are dropped, so
        turning HL111 off does not let the rules it stops report on a wrong entry point."""
        docs = self.registry.docs
        by_id = self.registry.by_id
        stoppers = sorted({s for r in rules for s in docs[r.id].stopped_by})
        done: set[str] = set()
        stopped: set[str] = set()
        for stopper in stoppers:
            rule = by_id[stopper]
            if rule in rules:
                target = ctx
                done.add(stopper)
            elif docs[stopper].applies_to(ctx.point, ctx.kind or "hook"):
                target = FileContext(ctx.source, ctx.docs, ctx.program)
            else:
                continue
            before = len(target.findings)
            rule.check(target)
            if len(target.findings) > before:
                stopped |= {r.id for r in rules if stopper in docs[r.id].stopped_by}
        for rule in rules:
            if rule.id not in done and rule.id not in stopped:
                rule.check(ctx)
        return {r.id for r in rules} - stopped

    @staticmethod
    def _whole_file(source: Source) -> Source | None:
        """The source, if it is the whole of the file findings point to (not embedded code)."""
        return source if source.origin == source.path and source.line_offset == 0 else None


def build_program(source: Source, parsed) -> Program:
    """The model of a parsed source, of its kind: an Action when it exports an entry point
    or Action metadata names it (actions-rules.md, "What is an Action"), else a Hook."""
    exported = action_model.entry_points(parsed)
    if exported or source.action is not None:
        return action_model.build(source, parsed, exported)
    return model.build(source, parsed)
