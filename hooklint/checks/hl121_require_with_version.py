"""HL121 require-with-version: an Action's ``require`` pins a version in the code, or names
a package its metadata does not list. The problems are
``actions.dependencies.require_problems``; this rule only reports them.

The fix, for a pinned version written as a plain string literal (``require('x@1.2.3')``,
``require("@scope/x@1.2.3/lib/y")``): the literal without its version (a subpath kept), in
the same quotes, unless the file pins that module at another version too; the
version goes to the Action's dependencies, which the fix's description names (it cannot
write them: they live in metadata, or in the dashboard)."""

from __future__ import annotations

from hooklint.actions.dependencies import RequireProblem, require_problems
from hooklint.actions.model import Action
from hooklint.auth0.bindings import split_module
from hooklint.checks.base import Rule
from hooklint.findings import Edit, Fix
from hooklint.js.estree import Node
from hooklint.js.values import string_value


class RequireWithVersion(Rule):
    id = "HL121"
    name = "require-with-version"

    def check(self, ctx) -> None:
        action: Action = ctx.program  # Action-only: the registry runs it on Actions (its doc's `kinds`)
        found = [(problem, _pinned(ctx, problem)) for problem in require_problems(action)]
        versions: dict[str, set[str]] = {}  # module -> the versions the file pins
        for _, pinned in found:
            if pinned is not None:
                versions.setdefault(pinned[0], set()).add(pinned[1])
        for problem, pinned in found:
            fix = _unpin(ctx, problem.node, pinned, versions) if pinned is not None else None
            ctx.report(self, problem.node, problem.message, fix=fix)


def _pinned(ctx, problem: RequireProblem) -> tuple[str, str, str] | None:
    """(module, version, subpath) of a versioned specifier written as a string literal:
    ``'x@1.2.3'`` -> ('x', '1.2.3', ''), ``'@s/x@1/lib/y'`` -> ('@s/x', '1', '/lib/y')."""
    node = problem.node
    spec = string_value(node, ctx.program.scopes) if node.type == "Literal" else None  # a string literal's
    if spec is None or spec.startswith("node:"):
        return None
    module, version = split_module(spec)
    if version is None or not module:
        return None
    version, slash, rest = version.partition("/")
    return (module, version, slash + rest) if version else None


def _unpin(ctx, node: Node, pinned: tuple[str, str, str], versions: dict[str, set[str]]) -> Fix | None:
    """The module name without its version (a subpath kept) in place of the versioned one
    (``pinned``, the literal ``node``'s), when the literal is written without escapes (its
    text is its quotes around its value), and neither the file nor the Action's metadata
    pins that module at another version (the bare name would load that one: not the same
    code)."""
    source = ctx.source
    module, version, subpath = pinned
    if len(versions.get(module, ())) > 1:
        return None
    declared = source.dependencies.get(module)
    if declared is not None and declared != version:
        return None  # the metadata declares another version: the bare name would load that one
    start, end = node.range
    bom = 1 if source.original_text.startswith("\ufeff") else 0  # ``text`` lost it, ``original_text`` did not
    text = source.original_text[source.utf16_to_index(start) + bom:source.utf16_to_index(end) + bom]  # as written
    quote = text[:1]
    if quote not in ("'", '"') or text != f"{quote}{module}@{version}{subpath}{quote}":
        return None  # escapes, or a deploy-cli token (replaced in ``text``, not in ``original_text``)
    return Fix(f"Require `{module}{subpath}`; declare the dependency {module}@{version} in the Action's dependencies",
               (Edit(source.region(node), f"{quote}{module}{subpath}{quote}"),))


RULE = RequireWithVersion()
