"""The order-keeping fork map behind --jobs."""

from __future__ import annotations

import os

import pytest

from hooklint.run import parallel
from hooklint.js.parse import stop_deep_stack

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="no fork on this platform")


@pytest.fixture(autouse=True)
def single_threaded():
    """Fork from a process with no other thread, as the engine does (other tests leave
    the deep-stack analysis thread running)."""
    stop_deep_stack()


def _tagged(items):
    """Each item with the pid of the process that computed it."""
    return [(item * item, os.getpid()) for item in items]


@pytest.mark.parametrize("count, jobs", [(0, 4), (3, 4), (17, 1), (17, 2), (40, 3), (101, 8)])
def test_output_order_is_input_order(count, jobs):
    results = parallel.fork_map(_tagged, list(range(count)), jobs)
    assert [value for value, _ in results] == [i * i for i in range(count)]
    processes = {pid for _, pid in results}
    assert len(processes) == (0 if count == 0 else max(1, min(jobs, count // parallel.MIN_SHARE)))
    assert os.getpid() in processes or count == 0


def test_a_child_that_dies_has_its_share_done_here():
    parent = os.getpid()

    def dies_in_children(items):
        if os.getpid() != parent:
            os._exit(3)
        return _tagged(items)

    results = parallel.fork_map(dies_in_children, list(range(20)), 3)
    assert results == [(i * i, parent) for i in range(20)]


def test_a_child_that_raises_has_its_share_done_here():
    parent = os.getpid()

    def raises_in_children(items):
        if os.getpid() != parent:
            raise RuntimeError("boom")
        return _tagged(items)

    assert parallel.fork_map(raises_in_children, list(range(20)), 2) == [(i * i, parent) for i in range(20)]


def test_without_fork_the_work_is_done_here(monkeypatch):
    monkeypatch.delattr(os, "fork")
    assert {pid for _, pid in parallel.fork_map(_tagged, list(range(40)), 4)} == {os.getpid()}


def test_the_engine_forks_with_no_other_thread(tmp_path, monkeypatch):
    import threading

    from hooklint.checks import registry
    from hooklint.run.config import Config
    from hooklint.run.engine import Engine
    from hooklint.js.parse import with_deep_stack

    for index in range(12):
        (tmp_path / f"h{index}.js").write_text("module.exports = function (user, context, cb) { cb(); };\n")
    with_deep_stack(lambda: None)  # as after an earlier run in this process
    threads_at_fork = []
    real_fork = os.fork

    def fork():
        threads_at_fork.append(threading.active_count())
        return real_fork()

    monkeypatch.setattr(os, "fork", fork)
    monkeypatch.chdir(tmp_path)
    run = Engine(registry.load(), Config(root=tmp_path), {"HL100"}, jobs=3).run([tmp_path])
    assert threads_at_fork == [1, 1]
    assert len(run.files) == 12 and all(f.analysed for f in run.files)
