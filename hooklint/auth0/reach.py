"""What runs per invocation: the program's entry functions (a hook function; every entry
point an Action exports, ``Program.entry_functions``) and every local function they call or
hand on, transitively.

Answers ``entry_functions`` and ``in_entry`` (is a node inside them, rather than
module-level code that runs once per container).
"""

from __future__ import annotations

from hooklint.js.estree import Node, subtree
from hooklint.js.values import local_function
from hooklint.auth0.program import Program, per_program


@per_program
def entry_functions(hook: Program) -> list[Node]:
    """The entry functions and every function of the file they call or hand on
    (``helper(x)``, ``.then(handle)``), transitively; the whole program when there is no
    entry function."""
    if hook.function is None:
        return [hook.tree.program]
    found = list(hook.entry_functions)
    seen = {id(fn) for fn in found}
    index = 0
    while index < len(found):
        for node in subtree(found[index]):
            if node.type == "Identifier":
                target = local_function(node, hook.scopes)
                if target is not None and id(target) not in seen:
                    seen.add(id(target))
                    found.append(target)
        index += 1
    return found


def in_entry(hook: Program, node: Node) -> bool:
    """Is ``node`` inside the entry function or a function it calls (not module-level code)?"""
    if hook.function is None:
        return hook.tree.enclosing_function(node) is not None
    roots = _entry_ids(hook)
    return id(node) in roots or any(id(a) in roots for a in hook.tree.ancestors(node))


@per_program
def _entry_ids(hook: Program) -> set[int]:
    return {id(fn) for fn in entry_functions(hook)}
