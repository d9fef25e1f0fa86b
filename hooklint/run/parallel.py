"""An order-keeping parallel map over forked processes.

This process and ``jobs - 1`` forked children each take an interleaved share of the
items (item ``i`` goes to process ``i % n``, which evens out runs of big and small files).
A child inherits everything it needs through the fork, sends its results back pickled
through a pipe, and leaves with ``os._exit`` (never the parent's exit handlers or
buffered output). Where ``fork`` does not exist (Windows) the work is done here; a child
that fails (killed, out of memory, a pipe error) has its share done again here, so a
lost process slows a run down but never changes its output.
"""

from __future__ import annotations

import gc
import os
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")
R = TypeVar("R")

# Fewer items than this per process do not pay for a fork (about a millisecond each).
MIN_SHARE = 4


def fork_map(work: Callable[[list[T]], list[R]], items: list[T], jobs: int) -> list[R]:
    """``work(items)``, computed in up to ``jobs`` processes; ``work`` maps a list to a
    list of the same length."""
    processes = min(jobs, len(items) // MIN_SHARE)
    if processes <= 1 or not hasattr(os, "fork"):
        return work(items)
    shares = [items[k::processes] for k in range(processes)]
    gc.freeze()  # children leave the inherited objects' pages unwritten by their collector
    try:
        children = [_spawn(work, share) for share in shares[1:]]
    finally:
        gc.unfreeze()
    done: list[list[R]] = [work(shares[0])]
    for share, child in zip(shares[1:], children):
        results = _collect(*child) if child is not None else None
        if results is None or len(results) != len(share):
            results = work(share)  # the child failed: its share, done here
        done.append(results)
    merged: list = [None] * len(items)
    for k, results in enumerate(done):
        merged[k::processes] = results
    return merged


def _spawn(work: Callable[[list[T]], list[R]], share: list[T]) -> tuple[int, int] | None:
    """Fork a child computing ``work(share)``; (its pid, the pipe's read end), or None."""
    import pickle  # here, not at start-up: most runs on a few files never fork

    try:
        read_end, write_end = os.pipe()
    except OSError:
        return None
    try:
        pid = os.fork()
    except OSError:
        os.close(read_end)
        os.close(write_end)
        return None
    if pid == 0:  # the child
        status = 1
        try:
            os.close(read_end)
            payload = pickle.dumps(work(share), protocol=pickle.HIGHEST_PROTOCOL)
            with open(write_end, "wb") as pipe:
                pipe.write(payload)
            status = 0
        finally:
            os._exit(status)
    os.close(write_end)
    return pid, read_end


def _collect(pid: int, read_end: int) -> list | None:
    """A child's results, or None if it did not deliver all of them."""
    import pickle

    try:
        with open(read_end, "rb") as pipe:
            payload = pipe.read()
    except OSError:
        payload = b""
    try:
        _, status = os.waitpid(pid, 0)
    except ChildProcessError:
        status = 1
    if status != 0 or not payload:
        return None
    try:
        return pickle.loads(payload)
    except Exception:  # a truncated payload
        return None
