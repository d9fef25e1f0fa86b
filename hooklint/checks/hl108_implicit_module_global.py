"""HL108 implicit-module-global: a module the Node 12 webtask runtime injected as a global,
used without being required or declared."""

from __future__ import annotations

from hooklint.auth0.bindings import CORE_INJECTED, INJECTED_GLOBALS, implicit_globals
from hooklint.checks.base import Rule


class ImplicitModuleGlobal(Rule):
    id = "HL108"
    name = "implicit-module-global"

    def check(self, ctx) -> None:
        # any kind: Actions inject no module globals either
        for name, identifier in implicit_globals(ctx.program).items():
            pin = " (a Node core module)" if name in CORE_INJECTED else " with a pinned version"
            ctx.report(self, identifier,
                       f"`{name}` is used without being required: only the Node 12 runtime injected it as a "
                       f"global, so on Node 16 and later this throws a ReferenceError; add "
                       f"`const {name} = require('{INJECTED_GLOBALS[name]}')`{pin}")


RULE = ImplicitModuleGlobal()
