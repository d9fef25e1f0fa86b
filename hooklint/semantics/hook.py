"""The hook and the helpers it calls: which code runs per invocation.

Answers ``hook_functions`` (the hook function and every local function it calls or hands
on, transitively) and ``in_hook`` (is a node inside them, rather than module-level code).
"""

from __future__ import annotations

from hooklint.estree import Node, subtree
from hooklint.semantics.bindings import _cached, local_function


def hook_functions(hook) -> list[Node]:
    """The hook function and every function of the file it calls or hands on (``helper(x)``,
    ``.then(handle)``), transitively; the whole program when there is no hook function."""
    return _cached(hook, "semantics.hook_functions", lambda: _hook_functions(hook))


def _hook_functions(hook) -> list[Node]:
    if hook.function is None:
        return [hook.tree.program]
    found = [hook.function]
    seen = {id(hook.function)}
    index = 0
    while index < len(found):
        for node in subtree(found[index]):
            if node.type == "Identifier":
                target = local_function(hook, node)
                if target is not None and id(target) not in seen:
                    seen.add(id(target))
                    found.append(target)
        index += 1
    return found


def in_hook(hook, node: Node) -> bool:
    """Is ``node`` inside the hook function or a function it calls (not module-level code)?"""
    roots = {id(fn) for fn in hook_functions(hook)}
    if hook.function is None:
        return hook.tree.enclosing_function(node) is not None
    return id(node) in roots or any(id(a) in roots for a in hook.tree.ancestors(node))
