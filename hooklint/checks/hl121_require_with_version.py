"""HL121 require-with-version: an Action's ``require`` pins a version in the code, or names
a package its metadata does not list. The problems are
``actions.dependencies.require_problems``; this rule only reports them.

The fix, for a pinned version written as a plain string literal (``require('x@1.2.3')``,
``require("@scope/x@1.2.3")``): the literal without its version, in the same quotes; the
version goes to the Action's dependencies, which the fix's description names (it cannot
write them: they live in metadata, or in the dashboard)."""

from __future__ import annotations

from hooklint.actions.dependencies import RequireProblem, require_problems
from hooklint.actions.model import Action
from hooklint.auth0.bindings import split_module
from hooklint.checks.base import Rule
from hooklint.findings import Edit, Fix
from hooklint.js.source import Positions
from hooklint.js.values import string_value


class RequireWithVersion(Rule):
    id = "HL121"
    name = "require-with-version"

    def check(self, ctx) -> None:
        action: Action = ctx.program  # Action-only: the registry runs it on Actions (its doc's `kinds`)
        for problem in require_problems(action):
            ctx.report(self, problem.node, problem.message, fix=_unpin(ctx, problem))


def _unpin(ctx, problem: RequireProblem) -> Fix | None:
    """The bare module name in place of the versioned one, when the argument is a string
    literal written without escapes (its text is its quotes around its value), in a whole
    file (not code embedded in metadata)."""
    node = problem.node
    source = ctx.source
    spec = string_value(node, ctx.program.scopes) if node.type == "Literal" else None  # a string literal's
    if spec is None or not source.edits_in_place:
        return None
    module, version = split_module(spec)
    if version is None or not module or spec.startswith("node:"):
        return None
    region = source.region(node)
    start, end = Positions(source.original_text).span(region)
    text = source.original_text[start:end]  # as written: deploy-cli tokens not replaced
    quote = text[:1]
    if quote not in ("'", '"') or text != f"{quote}{spec}{quote}":
        return None
    return Fix(f"Require `{module}`; declare the dependency {module}@{version} in the Action's dependencies",
               (Edit(region, f"{quote}{module}{quote}"),))


RULE = RequireWithVersion()
