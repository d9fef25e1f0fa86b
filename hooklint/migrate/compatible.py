"""The compatible form: the hook's own code, unchanged, run by an adapter (auth0-actions.md §4).

Written for any hook whose point is known, when the idiomatic form cannot prove the shape.
The file is the hook's text as it was (comments, formatting, helpers), with three edits on
node ranges: the export statement's target (``module.exports =``, or a top-level
``return``) becomes ``const hook =``, and ``require('x@1.2.3')`` becomes ``require('x')``
(the version goes to the Action's dependencies). After it come the prelude error classes
the hook uses (the Hooks runtime defined them, Actions do not), and the handler: it builds
each hook parameter from ``event`` by the rows of ``mapping.PARAMETERS``, runs the hook in a
promise that its callback settles, and does through ``api`` what Auth0 did with the
callback's result or error (the semantics table of the migration, per point).

Leftover names the hook uses without declaring them (a misnamed ``callback``, a prelude
class of another point) threw a ReferenceError in Hooks: each gets a declaration that
throws the same, so the Action fails where the hook failed (the hook's own findings report
the bug; the migration does not fix it silently).
"""

from __future__ import annotations

from hooklint.auth0.conditions import typeof_guarded
from hooklint.checks.hl113_undefined_in_actions_runtime import LEFTOVERS
from hooklint.hooks.model import Hook
from hooklint.js.estree import Node
from hooklint.migrate import mapping
from hooklint.migrate.model import Draft
from hooklint.migrate.text import kept_text, versioned_requires

INDENT = "  "

# The names the written code may give the hook function, in order of preference.
_HOOK_NAMES = ("hook", "hookFunction", "originalHook", "legacyHook")

# Event fields that may be absent at a trigger (auth0-actions.md §1: `client?` at
# send-phone-message; `transaction` is optional in the post-login types and the adapter
# must not fail before the hook runs): read with optional chaining.
_OPTIONAL = {
    mapping.SPM: frozenset({"event.client"}),
}
_ALWAYS_OPTIONAL = frozenset({"event.transaction"})

# The constructor parameters of each prelude class (auth0-hooks.md §2; HOOKS Appendix A).
_TWO_MESSAGES = frozenset({"PreUserRegistrationError", "SendPhoneMessageError"})

# What the header says the handler does with the callback, per point.
_OUTCOME = {
    mapping.CCE: ("`cb(null, claims)` sets each claim whose name is a URL with "
                  "`api.accessToken.setCustomClaim` (Hooks dropped the other keys, `scope` "
                  "included), and `cb(error)` denies the exchange with the error code of its class."),
    mapping.PRE: ("`cb(null, { user })` sets each key of its `user_metadata` and `app_metadata` "
                  "with `api.user.setUserMetadata` / `setAppMetadata`, and `cb(error)` denies the "
                  "sign-up with `api.access.deny`."),
    mapping.POST: ("The result is ignored, as in Hooks; `cb(error)` makes the Action throw it "
                   "(logged, with no effect on the sign-up, as before)."),
    mapping.PCP: ("The result is ignored, as in Hooks; `cb(error)` makes the Action throw it "
                  "(logged, with no effect on the password change, as before)."),
    mapping.SPM: "The result is ignored, as in Hooks; `cb(error)` makes the Action throw it.",
}


def draft(hook: Hook) -> Draft:
    """The compatible Action for ``hook`` (its point known, its function found)."""
    point = hook.point_name
    assert point is not None and hook.exports.export is not None
    _, _, entry = mapping.trigger_of(point)
    text = kept_text(hook.source)
    name = _hook_name(hook)
    edits = _export_edits(hook, name) + _require_edits(hook, text)
    body = _apply(text, [(_index(hook, a), _index(hook, b), new) for a, b, new in edits])
    prelude, stubs = _leftovers(hook)
    classes = "\n".join(_error_class(c) for c in prelude)
    stub_text = _stubs(stubs)
    declared = set(prelude) | {n for n in mapping.error_classes(point) if n in hook.scopes.global_scope.variables}

    parts = [_header(point, name, hook.param_name("callback") or "cb")]
    early = classes and _used_at_load(hook, prelude)
    if early:
        cut = _after_directives(hook)
        parts += [body[:cut].rstrip("\n") + "\n" if cut else "", _PRELUDE_NOTE + classes, body[cut:]]
    else:
        parts.append(body)
    if classes and not early:
        parts.append(_PRELUDE_NOTE + classes)
    if stub_text:
        parts.append(stub_text)
    parts.append(_handler(hook, point, entry, name, declared))
    code = "\n".join(p.rstrip("\n") + "\n" for p in parts if p.strip())
    carried = ["the hook's code, unchanged, run by a compatible adapter"]
    if prelude:
        carried.append("the Hooks error classes it uses: " + ", ".join(f"`{c}`" for c in prelude))
    return Draft(code, carried, [])


_PRELUDE_NOTE = "// The Hooks runtime defined these error classes; Actions do not.\n"


# ----- the hook's text --------------------------------------------------------------------


def _hook_name(hook: Hook) -> str:
    """A name the module scope neither declares nor reads as a global."""
    taken = set(hook.scopes.global_scope.variables) | {r.identifier.name for r in hook.scopes.through}
    for name in _HOOK_NAMES:
        if name not in taken:
            return name
    n = 2
    while f"hook{n}" in taken:
        n += 1
    return f"hook{n}"


Edit = tuple[int, int, str]


def _export_edits(hook: Hook, name: str) -> list[Edit]:
    """The export statements' targets become a declaration of ``name``: ``const`` when one
    statement exports, else ``let`` then plain assignments (only the last one is the hook,
    as in Hooks)."""
    exports = hook.exports.exports
    edits = []
    for index, export in enumerate(exports):
        start = export.statement.range[0]
        keyword = ("const " if len(exports) == 1 else "let ") if index == 0 else ""
        edits.append((start, _written_value(export.statement).range[0], f"{keyword}{name} = "))
    return edits


def _written_value(statement: Node) -> Node:
    """The value an export statement assigns, as written (``Export.value`` follows a name
    to the function it holds): ``return <value>``, ``module.exports = exports = <value>``."""
    if statement.type == "ReturnStatement":
        return statement.argument
    value = statement.expression
    while value.type == "AssignmentExpression" and value.operator == "=":
        value = value.right
    return value


def _require_edits(hook: Hook, text: str) -> list[Edit]:
    """``require('x@1.2.3')`` → ``require('x')``, the quotes kept."""
    edits = []
    for argument, name, _ in versioned_requires(hook):
        start, end = argument.range
        quote = text[_index(hook, start)]
        edits.append((start, end, f"{quote}{name}{quote}"))
    return edits


def _index(hook: Hook, offset: int) -> int:
    """A node offset (UTF-16, esprima's ``range``) as an index into the text."""
    return hook.source.utf16_to_index(offset)


def _apply(text: str, edits: list[Edit]) -> str:
    """``text`` with each (start, end, replacement) applied; indexes into ``text``."""
    out = []
    at = 0
    for start, end, replacement in sorted(edits):
        out.append(text[at:start])
        out.append(replacement)
        at = end
    out.append(text[at:])
    return "".join(out)


def _after_directives(hook: Hook) -> int:
    """The offset just after the directive prologue's last line (``'use strict';``), or 0."""
    end = 0
    for statement in hook.parsed.program.body:
        if statement.type != "ExpressionStatement" or getattr(statement, "directive", None) is None:
            break
        end = statement.range[1]
    if not end:
        return 0
    text = kept_text(hook.source)
    end = _index(hook, end)
    newline = text.find("\n", end)
    return len(text) if newline < 0 else newline + 1


def _leftovers(hook: Hook) -> tuple[list[str], list[str]]:
    """The prelude classes the hook uses without declaring them, and the other Hook or Rule
    globals it uses so (each threw a ReferenceError in Hooks); in order of first use."""
    point = hook.point_name
    assert point is not None
    classes = mapping.error_classes(point)
    assigned = {r.identifier.name for r in hook.scopes.through if r.is_write}
    prelude: list[str] = []
    stubs: list[str] = []
    for ref in hook.scopes.through:
        name = ref.identifier.name
        if name in assigned or name in prelude or name in stubs:
            continue
        if name in classes:
            prelude.append(name)
        elif name in LEFTOVERS and not typeof_guarded(hook, ref.identifier):
            stubs.append(name)
    return prelude, stubs


def _used_at_load(hook: Hook, names: list[str]) -> bool:
    """Is one of ``names`` read while the module loads (outside every function)? A class is
    not hoisted: such a use must come after its declaration."""
    wanted = set(names)
    return any(ref.identifier.name in wanted and hook.tree.enclosing_function(ref.identifier) is None
               for ref in hook.scopes.through)


def _error_class(name: str) -> str:
    if name in _TWO_MESSAGES:
        return (f"class {name} extends Error {{\n"
                f"{INDENT}constructor(message, friendlyMessage) {{\n"
                f"{INDENT * 2}super(message);\n"
                f"{INDENT * 2}this.name = '{name}';\n"
                f"{INDENT * 2}this.friendlyMessage = friendlyMessage;\n"
                f"{INDENT}}}\n"
                "}\n")
    return (f"class {name} extends Error {{\n"
            f"{INDENT}constructor(message) {{\n"
            f"{INDENT * 2}super(message);\n"
            f"{INDENT * 2}this.name = '{name}';\n"
            f"{INDENT}}}\n"
            "}\n")


def _stubs(names: list[str]) -> str:
    if not names:
        return ""
    shown = ", ".join(f"`{n}`" for n in names)
    one = len(names) == 1
    text = (f"// The hook uses {shown} but never declares {'it' if one else 'them'}: in Hooks "
            f"{'that' if one else 'each use'} threw a ReferenceError,\n"
            "// and it still does here (the migration report lists the bug).\n")
    return text + "\n".join(f"function {name}() {{\n"
                             f"{INDENT}throw new ReferenceError('{name} is not defined');\n"
                             "}\n" for name in names)


def _header(point: str, name: str, callback: str) -> str:
    lines = [
        f"Migrated by `hooklint migrate` from the {point} hook, in the compatible form.",
        f"The hook's code below is unchanged, except that the function it exported is now `{name}`.",
        "The handler at the end builds the hook's arguments from `event`, runs the hook and waits",
        "for its callback (the first call counts; a synchronous throw counts as an error).",
        *_wrap(_OUTCOME[point].replace("`cb(", f"`{callback}("), 92),
    ]
    return "".join(f"// {line}\n" for line in lines)


def _wrap(text: str, width: int) -> list[str]:
    lines: list[str] = []
    line = ""
    for word in text.split():
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}" if line else word
    if line:
        lines.append(line)
    return lines


# ----- the handler --------------------------------------------------------------------------


class _Object(dict):
    """A parameter object under construction: key → expression or nested object."""


def _parameter(point: str, role: str) -> str | _Object | None:
    """What the adapter passes for ``role``: an ``event`` expression, an object built from
    the rows under it, or None (no row: ``undefined``)."""
    built = _Object()
    bare: str | None = None
    for path, row in mapping.PARAMETERS[point].items():
        if path[0] != role or row.event is None:
            continue
        expression = _optional(point, row.event)
        if len(path) == 1:
            bare = expression
            continue
        node = built
        for key in path[1:-1]:
            child = node.setdefault(key, _Object())
            assert isinstance(child, _Object)
            node = child
        node[path[-1]] = expression
    return bare if bare is not None else (built or None)


def _optional(point: str, expression: str) -> str:
    """``event.client.name`` → ``event.client?.name`` where ``event.client`` may be absent."""
    optional = _OPTIONAL.get(point, frozenset()) | _ALWAYS_OPTIONAL
    parts = expression.split(".")
    out = parts[0]
    for index, part in enumerate(parts[1:], 1):
        out += ("?." if ".".join(parts[:index]) in optional else ".") + part
    return out


_WIDTH = 100


def _object_text(value: _Object, depth: int, prefix: int) -> str:
    """An object literal: on one line when it fits in ``_WIDTH`` after ``prefix``
    characters, else one key per line."""
    inner = INDENT * (depth + 1)
    items = [f"{key}: {_object_text(v, depth + 1, len(inner) + len(key) + 2) if isinstance(v, _Object) else v}"
             for key, v in value.items()]
    one_line = "{ " + ", ".join(items) + " }"
    if prefix + len(one_line) + 1 <= _WIDTH and all("\n" not in i for i in items):
        return one_line
    return "{\n" + "".join(f"{inner}{item},\n" for item in items) + INDENT * depth + "}"


def _handler(hook: Hook, point: str, entry: str, name: str, declared: set[str]) -> str:
    roles = [r for r in mapping.roles(point) if r != "callback"]
    uses_result = point in (mapping.CCE, mapping.PRE)  # the points whose `api` the adapter calls
    lines = [f"exports.{entry} = async ({'event, api' if uses_result else 'event'}) => {{"]
    arguments = []
    for role in roles:
        value = _parameter(point, role)
        if value is None:
            arguments.append("undefined")
            continue
        text = _object_text(value, 1, len(f"{INDENT}const {role} = ")) if isinstance(value, _Object) else value
        lines.append(f"{INDENT}const {role} = {text};")
        arguments.append(role)
    settle = ("(error, value) => (error ? reject(error) : resolve(value))" if uses_result
              else "(error) => (error ? reject(error) : resolve())")
    call = f"{name}({', '.join(arguments)}, {settle})"
    denies = mapping.ERRORS[point]["Error"].deny
    if denies:  # a throw that escapes the hook failed the request in Hooks: the Action throws it too
        run = ["new Promise((resolve, reject) => {",
               f"{INDENT * 3}try {{",
               f"{INDENT * 4}{call};",
               f"{INDENT * 3}}} catch (error) {{",
               f"{INDENT * 4}escaped.error = error;",
               f"{INDENT * 4}reject(escaped);",
               f"{INDENT * 3}}}",
               f"{INDENT * 2}}});"]
    else:
        run = ["new Promise((resolve, reject) => {",
               f"{INDENT * 3}{call};",
               f"{INDENT * 2}}});"]
    lines.append("")
    if denies:
        lines.append(f"{INDENT}// A throw that escapes the hook is not an error it hands its callback: Hooks failed")
        lines.append(f"{INDENT}// the request with it, so the Action throws it rather than denying.")
        lines.append(f"{INDENT}const escaped = {{}};")
    if uses_result:
        lines.append(f"{INDENT}let result;")
        lines.append(f"{INDENT}try {{")
        lines.append(f"{INDENT * 2}result = await {run[0]}")
    else:
        lines.append(f"{INDENT}try {{")
        lines.append(f"{INDENT * 2}await {run[0]}")
    lines += run[1:]
    lines.append(f"{INDENT}}} catch (thrown) {{")
    if denies:
        lines.append(f"{INDENT * 2}if (thrown === escaped) throw escaped.error;")
    lines.append(f"{INDENT * 2}// Hooks read a truthy first argument that is not an Error as `new Error(String(x))`.")
    as_error = "thrown instanceof Error ? thrown : new Error(String(thrown))"
    if denies:
        lines.append(f"{INDENT * 2}const error = {as_error};")
        lines += [f"{INDENT * 2}{line}" for line in _on_error(point, declared)]
    else:
        lines.append(f"{INDENT * 2}throw {as_error};")
    lines.append(f"{INDENT}}}")
    lines += [f"{INDENT}{line}" if line else "" for line in _on_result(point)]
    lines.append("};")
    return "\n".join(lines) + "\n"


def _on_error(point: str, declared: set[str]) -> list[str]:
    """The catch block's statements after ``error`` is set: deny or throw, per point."""
    table = mapping.ERRORS[point]
    out = []
    for cls, how in table.items():
        if cls == "Error" or cls not in declared:
            continue  # a class the file does not have is never thrown
        if how.two_messages:
            args = "error.message, error.friendlyMessage"
        else:
            args = f"'{how.code}', error.message" if how.code else "error.message, error.message"
        if how.code == table["Error"].code and not how.two_messages:
            continue  # the same as any other error
        out += [f"if (error instanceof {cls}) {{", f"{INDENT}return api.access.deny({args});", "}"]
    fallback = table["Error"]
    args = f"'{fallback.code}', error.message" if fallback.code else "error.message, error.message"
    out.append(f"return api.access.deny({args});")
    return out


def _on_result(point: str) -> list[str]:
    if point == mapping.CCE:
        return ["",
                "// Hooks added to the access token only the keys that are URLs (namespaced claims).",
                "for (const [key, value] of Object.entries(result || {})) {",
                f"{INDENT}if (/^https?:\\/\\//.test(key)) {{",
                f"{INDENT * 2}api.accessToken.setCustomClaim(key, value);",
                f"{INDENT}}}",
                "}"]
    if point == mapping.PRE:
        return ["",
                "// Hooks kept only the metadata of the result's `user`, one top-level key at a time.",
                "const changes = (result && result.user) || {};",
                "for (const [key, value] of Object.entries(changes.user_metadata || {})) {",
                f"{INDENT}api.user.setUserMetadata(key, value);",
                "}",
                "for (const [key, value] of Object.entries(changes.app_metadata || {})) {",
                f"{INDENT}api.user.setAppMetadata(key, value);",
                "}"]
    return []


__all__ = ["draft"]
