"""The program model every kind of Auth0 code shares: the parsed source, its tree and
scope analysis, the entry function Auth0 calls and its parameters by role, and the memo
of the services' per-file results.

A Hook (``hooklint.hooks.model``) is a Program whose entry function is what the file
assigns to ``module.exports`` and whose roles come from its extensibility point; an Action
(``hooklint.actions.model``) is a Program whose entry function is its trigger's exported
handler. The services of this package (``hooklint.auth0``) take any Program; what only
one kind has (a hook's callback and result object) lives in that kind's package.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from typing import Any, ClassVar, Concatenate, ParamSpec, TypeVar

from hooklint.findings import PointDecision
from hooklint.js.estree import Node, Tree
from hooklint.js.flow import Subtrees
from hooklint.js.parse import Parsed
from hooklint.js.scope import ScopeAnalysis
from hooklint.js.source import Source


T = TypeVar("T")


@dataclass(kw_only=True)
class Program:
    """Everything rules read about one parsed source, whatever its kind (``kind``: ``hook``
    or ``action``; the registry runs a rule only on the kinds its doc names)."""

    kind: ClassVar[str]
    noun: ClassVar[str]  # the kind in a message: "hook", "Action"
    point_noun: ClassVar[str]  # what its point is called: "extensibility point", "trigger"
    secret_store: ClassVar[str]  # where its secrets belong, for messages (HL400)
    # the end of a run's time budget, for messages: how a retry that never stops ends (HL302),
    # and how long a hung request holds the program (HL304)
    run_ends: ClassVar[str]  # "when Auth0 kills the hook"
    held_until: ClassVar[str]  # "until Auth0 kills it at 20 s"
    give_up: ClassVar[str]  # how it fails cleanly, for messages (HL302): "with `cb(err)`"
    token_cache: ClassVar[str]  # how it keeps a token between runs, for messages (HL303)
    entry_noun: ClassVar[str]  # what runs per invocation, for messages (HL303): "hook", "handler"
    source: Source
    parsed: Parsed
    tree: Tree
    scopes: ScopeAnalysis
    function: Node | None  # the entry function Auth0 calls, when the file certainly has one
    roles: dict[str, Node] = field(default_factory=dict)  # the entry function's parameters by role
    memo: dict = field(default_factory=dict)  # the services' per-file results (``per_program``, ``table``)

    @property
    def comments(self) -> list[Node]:
        return self.parsed.comments

    @property
    def decision(self) -> PointDecision | None:
        """Where Auth0 runs this program and how that was decided (a hook's point, an
        Action's trigger)."""
        return None

    @property
    def point_name(self) -> str | None:
        """Where Auth0 runs this program, when decided: a hook's extensibility point, an
        Action's trigger. What a parameter holds can depend on it (a ``context.code``
        exists only at send-phone-message)."""
        return None

    def table(self, owner: Callable[..., Any]) -> dict[int, Any]:
        """The per-node table of the service function ``owner``: its results keyed by
        ``id(node)``, for a question asked node by node (computed on demand, each kept), or
        an answer built up in place, where a provisional entry stops a recursion."""
        return self.memo.setdefault(("table", owner), {})  # tagged: never a per_program key

    def provisional(self, service: Callable[..., Any], value: T) -> T:
        """The answer a ``per_program`` service gives to calls made while it computes,
        ``value``, which the computation fills in place and returns (a recursion then sees
        the part found so far). Only for a service called with the program alone: with
        arguments, a call's memo key holds them too."""
        self.memo[service] = value
        return value

    @property
    def entry_functions(self) -> list[Node]:
        """The functions Auth0 calls on every run: a hook's function; every entry point an
        Action exports (its other entry points run per execution too, e.g. a redirect's
        ``onContinuePostLogin``). Module scope runs once per cold start."""
        return [self.function] if self.function is not None else []

    def parameters(self, role: str) -> list[Node]:
        """The parameters that take ``role`` in every entry function (a hook's one; each
        exported entry point's, for an Action)."""
        param = self.roles.get(role)
        return [param] if param is not None else []

    def param(self, role: str) -> Node | None:
        return self.roles.get(role)

    def param_name(self, role: str) -> str | None:
        param = self.roles.get(role)
        return param.name if param is not None and param.type == "Identifier" else None


P = TypeVar("P", bound=Program)
A = ParamSpec("A")


def per_program(compute: Callable[Concatenate[P, A], T]) -> Callable[Concatenate[P, A], T]:
    """A per-file service result: ``compute(program, *args)`` runs on the first call with
    those (hashable) arguments, and later calls return the result kept in the program's
    memo, keyed by the function itself. The one memoisation idiom of the services."""

    @functools.wraps(compute)
    def memoised(program: P, *args: A.args, **kwargs: A.kwargs) -> T:
        key: Hashable = (memoised, *args, *sorted(kwargs.items())) if args or kwargs else memoised
        memo = program.memo
        if key not in memo:
            memo[key] = compute(program, *args, **kwargs)
        return memo[key]

    return memoised


@per_program
def subtrees(program: Program) -> Subtrees:
    """The subtree index every flow analysis of the file shares (``js.flow.Subtrees``)."""
    return Subtrees(program.tree, program.scopes)
