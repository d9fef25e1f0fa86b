"""The hook's text as the written code copies it, and the names it reads and requires (used
by ``translate`` and by both forms, which cannot import ``translate``: it imports them)."""

from __future__ import annotations

from typing import NamedTuple

from hooklint.actions.dependencies import is_core_module, package_name
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

class Require(NamedTuple):
    """``require('x')`` or ``require('x@1.2.3')``: the string literal, the module, the version."""

    argument: Node
    name: str
    version: str | None


def module_requires(hook: Hook) -> list[Require]:
    """The hook's ``require`` calls of a constant module name."""
    found = []
    for call in hook.tree.of_type("CallExpression"):
        callee = call.callee
        if callee.type != "Identifier" or callee.name != "require" or len(call.arguments) != 1:
            continue
        argument = call.arguments[0]
        if argument.type == "Literal" and isinstance(argument.value, str):
            name, version = split_module(argument.value)
            found.append(Require(argument, name, version))
    return found


def versioned_requires(hook: Hook) -> list[Require]:
    """The requires whose module name carries a version (the webtask form): both forms
    rewrite them to ``require('x')`` and the Action lists the dependency."""
    return [require for require in module_requires(hook) if require.version is not None]


def requires(hook: Hook) -> dict[str, str | None]:
    """The npm packages the hook requires (not Node's core modules, not relative paths),
    each with the first version its name pins, or None."""
    found: dict[str, str | None] = {}
    for require in module_requires(hook):
        if require.name.startswith((".", "/")) or is_core_module(require.name):
            continue
        package = package_name(require.name)
        if found.get(package) is None:
            found[package] = require.version
    return found


def secrets_read(hook: Hook) -> list[str]:
    """Secret names the hook reads: ``context.webtask.secrets.NAME`` (``['NAME']``),
    ``const { NAME } = context.webtask.secrets``, and ``s.NAME`` through an alias
    ``const s = context.webtask.secrets`` that is never reassigned."""
    context = hook.param_name("context")
    if context is None:
        return []
    names: set[str] = set()
    objects: list[Node] = []  # expressions that are the secrets object
    for member in hook.tree.of_type("MemberExpression"):
        if member_path(member) != f"{context}.webtask.secrets":
            continue
        objects.append(member)
        parent = hook.tree.parent(member)
        if parent is None or parent.type != "VariableDeclarator" or parent.init is not member:
            continue
        if parent.id.type == "ObjectPattern":
            names.update(_pattern_keys(parent.id))
        elif parent.id.type == "Identifier":
            variable = hook.scopes.variable(parent.id)
            if variable is not None and not variable.writes:
                objects += [ref.identifier for ref in variable.reads]
    for node in objects:
        parent = hook.tree.parent(node)
        if parent is not None and parent.type == "MemberExpression" and parent.object is node:
            key = _key(parent)
            if key is not None:
                names.add(key)
        elif parent is not None and parent.type == "VariableDeclarator" and parent.id.type == "ObjectPattern":
            names.update(_pattern_keys(parent.id))
    return sorted(names)


def _key(member: Node) -> str | None:
    key = member.property
    if not member.computed and key.type == "Identifier":
        return key.name
    if member.computed and key.type == "Literal" and isinstance(key.value, str):
        return key.value
    return None


def _pattern_keys(pattern: Node) -> list[str]:
    return [prop.key.name for prop in pattern.properties
            if prop.type == "Property" and not prop.computed and prop.key.type == "Identifier"]
