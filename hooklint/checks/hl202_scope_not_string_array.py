"""HL202 scope-not-string-array: the result's `scope` is a string, a number, an object, or an
array holding non-strings."""

from __future__ import annotations

from typing import TYPE_CHECKING

from hooklint.checks.base import Rule
from hooklint.js.estree import unwrap
from hooklint.hooks.callback_results import result_entries, value_shapes

if TYPE_CHECKING:
    from hooklint.hooks.model import Hook

_NAMES = {"string": "a string", "number": "a number", "boolean": "a boolean", "object": "an object"}
_NOT_STRINGS = {"number": "a number", "boolean": "a boolean", "object": "an object", "array": "an array",
                "null": "`null`", "undefined": "`undefined`"}


class ScopeNotStringArray(Rule):
    id = "HL202"
    name = "scope-not-string-array"

    def check(self, ctx) -> None:
        for entry in result_entries(ctx.hook):
            if entry.path != ("scope",) or entry.value is None or entry.origin == "escape":
                continue
            what = _problem(ctx.hook, entry.value)
            if what is not None:
                ctx.report(self, entry.value,
                           f"`scope` is set to {what}: Auth0 expects an array of strings (such as "
                           "`['read:reports']`), so the token does not get the scopes intended")


def _problem(hook: Hook, value) -> str | None:
    """What the value certainly is instead of an array of strings, or ``None``."""
    shapes = value_shapes(hook, value)
    kinds = {shape.kind for shape in shapes}
    if shapes and kinds <= set(_NAMES):
        return " or ".join(_NAMES[k] for k in _NAMES if k in kinds)
    if not shapes or kinds != {"array"}:
        return None
    for shape in shapes:
        array = unwrap(shape.node)
        if array is None or array.type != "ArrayExpression":
            continue
        for element in array.elements:
            if element is None or element.type == "SpreadElement":
                continue
            inner = {s.kind for s in value_shapes(hook, element)}
            if inner and inner <= set(_NOT_STRINGS):
                return "an array holding " + " or ".join(_NOT_STRINGS[k] for k in _NOT_STRINGS if k in inner)
    return None


RULE = ScopeNotStringArray()
