"""Parsing with esprima-fork: script first, module as a fallback, never a traceback."""

from __future__ import annotations

import gc
import os
import queue
import sys
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, Literal, NamedTuple, TypeVar

import esprima

from hooklint.js import comments

SourceType = Literal["script", "module", "webtask", "rules-style"]

T = TypeVar("T")

# Deep but legitimate nesting parses (esprima recurses once per level); beyond what this
# allows, esprima-fork raises "JavaScript nesting exceeds the parser resource limit",
# which becomes an HL000 finding like any other parse error. 10 000 nested blocks parse.
RECURSION_LIMIT = 250_000
STACK_BYTES = 512 * 1024 * 1024

_ILLEGAL_RETURN = "Illegal return statement"


class ParseError(NamedTuple):
    """Where and why esprima gave up (1-based line, 0-based UTF-16 column)."""

    message: str
    line: int
    column: int


@dataclass
class Parsed:
    program: Any
    source_type: SourceType  # webtask: a top-level return
    comments: list[Any]


def _esprima(text: str, module: bool = False) -> tuple[Any, list[Any]]:
    """esprima's tree of ``text`` and its comments (found from the tree where that is
    exact, which spares esprima's costly comment collection; see ``comments``)."""
    fast = comments.scannable(text)
    # A fresh dict on every call: esprima writes into the options it is given.
    options: dict[str, bool | str] = {"loc": True, "range": True, "comment": not fast}
    if module:
        options["sourceType"] = "module"
    tree = esprima.parseModule(text, options) if module else esprima.parseScript(text, options)
    return tree, comments.scan(text, tree) if fast else list(tree.comments or [])


def _error(exc: esprima.Error) -> ParseError:
    description = exc.message.split(": ", 1)[1] if exc.message.startswith("Line ") else exc.message
    return ParseError(description, exc.lineNumber or 1, max((exc.column or 1) - 1, 0))


def parse(text: str) -> Parsed | ParseError:
    """Parse a hook's (preprocessed) text.

    Order: a CommonJS script; a webtask-style script with a top-level ``return function``;
    an ES module; a bare Rules-style ``function (user, context, callback) {...}``. The
    first error of the script parse is what a user sees when nothing fits.
    """
    try:
        tree, found = _esprima(text)
        return Parsed(tree, "script", found)
    except esprima.Error as exc:
        first = _error(exc)
    except Exception as exc:  # a parser bug must not take the run down
        return ParseError(f"internal parser error ({type(exc).__name__})", 1, 0)

    if first.message == _ILLEGAL_RETURN:
        # The webtask compiler wraps the code in a function, so a top-level `return` is
        # legal there: parse it wrapped the same way, and report that parse's verdict.
        return _parse_webtask(text)
    for attempt in (_parse_module, _parse_rules_style):
        parsed = attempt(text)
        if parsed is not None:
            return parsed
    return first


_WRAP = "(function(){"


def _parse_webtask(text: str) -> Parsed | ParseError:
    try:
        tree, found = _esprima(_WRAP + text + "\n})")
    except esprima.Error as exc:
        error = _error(exc)
        if error.line == 1:
            error = ParseError(error.message, 1, max(error.column - len(_WRAP), 0))
        return error
    except Exception as exc:  # a parser bug must not take the run down
        return ParseError(f"internal parser error ({type(exc).__name__})", 1, 0)
    tree.body = tree.body[0].expression.body.body
    tree.__dict__.pop("_children", None)  # the comment scan kept the wrapper as the child
    _shift_first_line(tree, found, len(_WRAP))
    return Parsed(tree, "webtask", found)


def _parse_module(text: str) -> Parsed | None:
    try:
        tree, found = _esprima(text, module=True)
    except Exception:
        return None
    # Only real ES module syntax makes it a module; anything else (top-level `await` in a
    # CommonJS hook, say) is the script's syntax error.
    if not any(s.type in ("ImportDeclaration", "ExportNamedDeclaration", "ExportDefaultDeclaration",
                          "ExportAllDeclaration") for s in tree.body):
        return None
    return Parsed(tree, "module", found)


def _parse_rules_style(text: str) -> Parsed | None:
    # `function (user, context, callback) {...}` alone is an anonymous function statement,
    # a syntax error in a script: Rules were written like that. Wrapping it in parentheses
    # on the same lines makes it an expression; only line 1 columns move (by one).
    if "function" not in text:
        return None
    try:
        tree, found = _esprima("(" + text + "\n)")
    except Exception:
        return None
    body = tree.body
    if len(body) == 1 and body[0].type == "ExpressionStatement" and body[0].expression.type == "FunctionExpression":
        _shift_first_line(tree, found, 1)
        return Parsed(tree, "rules-style", found)
    return None


def _shift_first_line(tree: Any, found: list[Any], width: int) -> None:
    """Undo a prefix of ``width`` characters added on line 1 before parsing."""
    from hooklint.js.estree import walk

    def fix(node: Any) -> None:
        node.range = [max(node.range[0] - width, 0), max(node.range[1] - width, 0)]
        for pos in (node.loc.start, node.loc.end):
            if pos.line == 1:
                pos.column = max(pos.column - width, 0)

    walk(tree, fix)
    for comment in found:
        fix(comment)


class _DeepStackThread:
    """One long-lived daemon thread with a large stack, running one call at a time (a new
    thread with a large stack for each file costs about a millisecond); its stack is
    reserved once, as virtual memory."""

    def __init__(self) -> None:
        self._calls: queue.SimpleQueue = queue.SimpleQueue()
        previous = threading.stack_size(STACK_BYTES)
        try:
            self._thread = threading.Thread(target=self._serve, name="hooklint-analysis", daemon=True)
            self._thread.start()
        finally:
            threading.stack_size(previous)

    def _serve(self) -> None:
        while True:
            fn, answer = self._calls.get()
            if fn is None:
                return
            try:
                answer.put((True, fn()))
            except BaseException as exc:  # handed to the caller, raised there
                answer.put((False, exc))

    def stop(self) -> None:
        self._calls.put((None, None))
        self._thread.join()

    def run(self, fn: Callable[[], T]) -> T:
        if threading.current_thread() is self._thread:  # already on it (a nested call): run here
            return fn()
        answer: queue.SimpleQueue = queue.SimpleQueue()
        self._calls.put((fn, answer))
        ok, value = answer.get()
        if not ok:
            raise value
        return value


_THREAD: _DeepStackThread | None = None


def _forget_thread() -> None:
    # A forked child (``--jobs``) inherits the object but not its thread.
    global _THREAD
    _THREAD = None


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_forget_thread)


# esprima allocates millions of small objects that live as long as the tree: with the
# default first-generation threshold (700) the collector runs every few hundred nodes and
# re-scans the young objects each time. Like the recursion limit, the threshold is raised
# for the process on its first parse (never lowered); ``None`` leaves the collector alone
# (benchmarks/sizes.py --gc-default measures the difference, time and peak memory).
GC_THRESHOLD: tuple[int, int, int] | None = (100_000, 10, 10)


@contextmanager
def frozen_heap() -> Iterator[None]:
    """Keep every object that exists now (above all, a tree just parsed) out of the
    collector's scans until the block ends. A file's analysis allocates enough to trigger
    full collections, and each one walked the whole tree again: 0.35 s of a 2.5 s analysis
    of 3,000 functions, for objects that live as long as the analysis anyway. Frozen
    objects are still freed by reference counting; at the end they return to the oldest
    generation, so cyclic garbage among them is collected as usual.

    ``gc.unfreeze`` releases every frozen object, not only the ones frozen here: where a
    caller already froze some (a ``parallel.fork_map`` child keeps its parent's objects
    frozen for its whole life, so that its collector never writes their shared pages), the
    block pauses the collector instead and leaves the caller's frozen set as it was."""
    if gc.get_freeze_count():
        was_enabled = gc.isenabled()
        gc.disable()
        try:
            yield
        finally:
            if was_enabled:
                gc.enable()
        return
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()


def with_deep_stack(fn: Callable[[], T]) -> T:
    """Run ``fn`` in a thread with a large stack, a raised recursion limit and the
    collector's threshold raised (``GC_THRESHOLD``)."""
    global _THREAD
    if sys.getrecursionlimit() < RECURSION_LIMIT:
        sys.setrecursionlimit(RECURSION_LIMIT)
    if GC_THRESHOLD is not None and gc.get_threshold()[0] < GC_THRESHOLD[0]:
        gc.set_threshold(*GC_THRESHOLD)
    if _THREAD is None:
        _THREAD = _DeepStackThread()
    return _THREAD.run(fn)


def stop_deep_stack() -> None:
    """End the deep-stack thread, if one runs; the next ``with_deep_stack`` starts
    another. For a process about to fork: forking with other threads running can leave
    a child waiting on a lock that no thread of its own will ever release (Python 3.12+
    warns)."""
    global _THREAD
    if _THREAD is not None:
        _THREAD.stop()
        _THREAD = None
