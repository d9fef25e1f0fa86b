"""The hook's text as the written code copies it, and the names it reads and requires (used
by ``translate`` and by both forms, which cannot import ``translate``: it imports them)."""

from __future__ import annotations

from hooklint.auth0.bindings import split_module
from hooklint.hooks.model import Hook
from hooklint.js.estree import Node, member_path
from hooklint.js.source import Source


def kept_text(source: Source) -> str:
    """The hook's text with the same offsets as the parsed text (``Source.text``) but with
    what preprocessing hid put back (deploy-cli ``@@KEY@@`` tokens), so written code keeps
    them. Node ranges index both."""
    original = source.original_text
    if original.startswith("\ufeff"):
        original = original[1:]
    return original if len(original) == len(source.text) and not source.template else source.text


def node_text(source: Source, node: Node) -> str:
    start, end = node.range
    return kept_text(source)[start:end]

def requires(hook: Hook) -> dict[str, str]:
    """The npm modules the hook requires with a version in the name (``require('x@1.2.3')``)."""
    found: dict[str, str] = {}
    for call in hook.tree.of_type("CallExpression"):
        callee = call.callee
        if callee.type != "Identifier" or callee.name != "require" or len(call.arguments) != 1:
            continue
        argument = call.arguments[0]
        if argument.type == "Literal" and isinstance(argument.value, str):
            name, version = split_module(argument.value)
            if version is not None:
                found.setdefault(name, version)
    return found


def secrets_read(hook: Hook) -> list[str]:
    """Secret names the hook reads: ``context.webtask.secrets.NAME`` (``['NAME']``) and
    ``const { NAME } = context.webtask.secrets``."""
    context = hook.param_name("context")
    if context is None:
        return []
    names: set[str] = set()
    for member in hook.tree.of_type("MemberExpression"):
        path = member_path(member.object)
        if path == f"{context}.webtask.secrets":
            key = member.property
            if not member.computed and key.type == "Identifier":
                names.add(key.name)
            elif key.type == "Literal" and isinstance(key.value, str):
                names.add(key.value)
        elif member_path(member) == f"{context}.webtask.secrets":
            parent = hook.tree.parent(member)
            if parent is not None and parent.type == "VariableDeclarator" and parent.id.type == "ObjectPattern":
                for prop in parent.id.properties:
                    if prop.type == "Property" and not prop.computed and prop.key.type == "Identifier":
                        names.add(prop.key.name)
    return sorted(names)
