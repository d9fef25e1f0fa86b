"""HL108 implicit-module-global: a module the Node 12 webtask runtime injected as a global,
used without being required or declared."""

from __future__ import annotations

from typing import TYPE_CHECKING

from hooklint.checks.base import Rule
from hooklint.js.estree import Node

if TYPE_CHECKING:
    from hooklint.auth0.program import Program

# Injected global -> what to require instead.
_MODULES = {
    "_": "lodash",
    "async": "async",
    "request": "request",
    "jwt": "jsonwebtoken",
    "uuid": "uuid",
    "q": "q",
    "xml2js": "xml2js",
    "xmldom": "xmldom",
    "xpath": "xpath",
    "querystring": "querystring",
}
_PIN = {"querystring": " (a Node core module)"}


class ImplicitModuleGlobal(Rule):
    id = "HL108"
    name = "implicit-module-global"

    def check(self, ctx) -> None:
        hook = ctx.program  # any kind: Actions inject no module globals either
        declared = {name for scope in hook.scopes.scopes for name in scope.variables}
        first: dict[str, Node] = {}
        for ref in hook.scopes.through:
            name = ref.identifier.name
            if name not in _MODULES or name in declared or _is_typeof(hook, ref.identifier):
                continue
            if name not in first or ref.identifier.range[0] < first[name].range[0]:
                first[name] = ref.identifier
        for name, identifier in sorted(first.items(), key=lambda item: item[1].range[0]):
            ctx.report(self, identifier,
                       f"`{name}` is used without being required: only the Node 12 runtime injected it as a "
                       f"global, so on Node 16 and later this throws a ReferenceError; add "
                       f"`const {name} = require('{_MODULES[name]}')`{_PIN.get(name, ' with a pinned version')}")


def _is_typeof(hook: Program, identifier) -> bool:
    parent = hook.tree.parent(identifier)
    return parent is not None and parent.type == "UnaryExpression" and parent.operator == "typeof"


RULE = ImplicitModuleGlobal()
