"""The program model every kind of Auth0 code shares: the parsed source, its tree and
scope analysis, the entry function Auth0 calls and its parameters by role, and the memo
of the services' per-file results.

A Hook (``hooklint.hooks.model``) is a Program whose entry function is what the file
assigns to ``module.exports`` and whose roles come from its extensibility point; an Action
will be a Program whose entry function is its trigger's exported handler. The services of
this package (``hooklint.auth0``) take any Program; what only one kind has (a hook's
callback and result object) lives in that kind's package.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from hooklint.js.estree import Node, Tree
from hooklint.js.parse import Parsed
from hooklint.js.scope import ScopeAnalysis
from hooklint.js.source import Source


@dataclass(kw_only=True)
class Program:
    """Everything rules read about one parsed source, whatever its kind."""

    source: Source
    parsed: Parsed
    tree: Tree
    scopes: ScopeAnalysis
    function: Node | None  # the entry function Auth0 calls, when the file certainly has one
    roles: dict[str, Node] = field(default_factory=dict)  # the entry function's parameters by role
    cache: dict = field(default_factory=dict)  # the services' per-file results

    @property
    def comments(self) -> list[Node]:
        return self.parsed.comments

    def once(self, key, compute):
        """A per-file service result: computed on first use, then kept in ``cache``."""
        if key not in self.cache:
            self.cache[key] = compute()
        return self.cache[key]

    def param(self, role: str) -> Node | None:
        return self.roles.get(role)

    def param_name(self, role: str) -> str | None:
        param = self.roles.get(role)
        return param.name if param is not None and param.type == "Identifier" else None
