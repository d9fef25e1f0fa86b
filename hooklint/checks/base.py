"""What every rule is: an id and a name, the node types it visits, and its checks."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, ClassVar

from hooklint.estree import Node

if TYPE_CHECKING:
    from hooklint.engine import FileContext


class Rule:
    """Base class of rule checks.

    - ``id``/``name`` must match the rule's doc (the registry checks it).
    - ``begin(ctx)`` runs once per file before the walk, ``end(ctx)`` once after it.
    - ``visit_<ESTreeType>(node, ctx)`` methods are called during the one shared walk.
    - ``needs_ast = False`` rules also run on files that did not parse (only ``begin``).
    Report with ``ctx.report(self, node_or_region, message)``.
    """

    id: ClassVar[str]
    name: ClassVar[str]
    needs_ast: ClassVar[bool] = True

    def begin(self, ctx: "FileContext") -> None:
        pass

    def end(self, ctx: "FileContext") -> None:
        pass

    def visitors(self) -> dict[str, Callable[[Node, "FileContext"], None]]:
        """ESTree type -> bound ``visit_<type>`` method (computed once per rule)."""
        found = self.__dict__.get("_visitors")
        if found is None:
            found = {attr[len("visit_"):]: getattr(self, attr) for attr in dir(type(self))
                     if attr.startswith("visit_")}
            self.__dict__["_visitors"] = found
        return found
