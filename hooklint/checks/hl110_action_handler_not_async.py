"""HL110 action-handler-not-async: an exported entry point that is not an ``async`` function."""

from __future__ import annotations

from hooklint.checks.base import Rule
from hooklint.findings import Edit, Fix, Region
from hooklint.js.estree import Node, is_async, own_nodes, property_name, subtree, unwrap
from hooklint.js.values import property_key, string_value

_KEYWORD = len("function")


class ActionHandlerNotAsync(Rule):
    id = "HL110"
    name = "action-handler-not-async"

    def check(self, ctx) -> None:
        action = ctx.program
        names: dict[int, list[str]] = {}  # one finding per function, however many names export it
        functions: dict[int, Node] = {}
        for entry in action.entry_points:
            fn = entry.function
            if fn is None or (is_async(fn) and not fn.generator):
                continue  # a value that cannot be resolved to a function says nothing
            functions.setdefault(id(fn), fn)
            if entry.name not in names.setdefault(id(fn), []):
                names[id(fn)].append(entry.name)
        for key, fn in functions.items():
            exported = " and ".join(f"`{name}`" for name in names[key])
            what = "an `async` generator" if fn.generator and is_async(fn) else \
                "a generator function" if fn.generator else \
                "not an `async` function (returning a promise is not enough)"
            ctx.report(self, _head(ctx, fn),
                       f"the entry point {exported} is {what}: Auth0's loader accepts only an `AsyncFunction` "
                       f"as a handler and rejects the Action with \"Invalid function signature\"; make it an "
                       f"`async` function (`exports.{names[key][0]} = async (event, api) => {{ … }}`)",
                       fix=_make_async(ctx, fn, names[key]))


def _make_async(ctx, fn: Node, exported: list[str]) -> Fix | None:
    """``async `` before the function (see the rule doc's "The fix"): offered for a function
    that is neither a generator nor already ``async``, that returns no value, has no
    identifier ``await`` (a syntax error in an ``async`` function), and is not called in the
    file (a caller would get a promise, and a rejection in place of a throw); where the edit
    maps back to the file (``FileContext.report``)."""
    source = ctx.source
    if fn.generator or is_async(fn):
        return None
    if fn.type == "ArrowFunctionExpression" and fn.expression:
        return None  # `(e, api) => work(e)`: the body is the returned value
    for node in own_nodes(fn):
        if node.type == "ReturnStatement" and node.argument is not None:
            return None
    if any(node.name == "await" for node in subtree(fn) if node.type == "Identifier"):
        return None
    if _called(ctx.program, fn, exported):
        return None
    at = fn.loc.start
    parent = ctx.program.tree.parent(fn)
    if parent is not None and parent.type in ("Property", "MethodDefinition") and parent.value is fn:
        if parent.type == "MethodDefinition" or parent.computed or parent.kind != "init":
            return None  # a class member, a computed key, a getter: not the shapes of a handler
        if parent.method:
            at = parent.key.loc.start  # `onExecutePostLogin(event, api) {`: before the name
    return Fix("Make the handler an `async` function",
               (Edit(source.point_region(at.line, at.column, 0), "async "),))


def _called(action, fn: Node, exported: list[str]) -> bool:
    """May the file call the function? Yes when it reads it by a name it is exported under
    (``exports.onExecutePostLogin(…)``, ``.call``, an alias, a destructuring), reads the
    exports by a key it cannot tell or whole (``exports[k]``, ``Object.values(exports)``), or
    when a local name of it (its own, a variable's, an alias's) is used other than to export it or to alias it again
    (``handler(…)``, ``handler.call(…)``, ``setTimeout(handler)``): silence is the safe side."""
    tree, scopes = action.tree, action.scopes
    exported_values = {id(entry.value) for entry in action.entry_points}
    # any read of an exported name as a property (`exports.onExecutePostLogin.call(…)`,
    # `const h = exports.onExecutePostLogin`) other than the export's own assignment, and any
    # destructuring of it (`const { onExecutePostLogin } = exports`), may reach a call
    for member in tree.of_type("MemberExpression"):
        name = string_value(member.property, scopes) if member.computed else property_name(member)
        if name in exported:
            holder = tree.parent(member)
            if not (holder is not None and holder.type == "AssignmentExpression" and holder.left is member):
                return True
        elif name is None and _exports_object(action, unwrap(member.object)):
            return True  # `exports[key](…)`: any entry point
    # the exports object read whole: `Object.values(exports)`, `for (k in exports)`, `e = exports`
    for candidate in [*tree.of_type("Identifier"), *tree.of_type("MemberExpression")]:
        if not _exports_object(action, candidate):
            continue
        holder = tree.parent(candidate)
        if holder is not None and (holder.type == "MemberExpression" and holder.object is candidate
                                   or holder.type == "AssignmentExpression" and holder.left is candidate):
            continue  # a member of it (above), or `module.exports = …`
        return True
    for pattern in tree.of_type("ObjectPattern"):
        if any(p.type == "Property" and property_key(p, scopes) in exported for p in pattern.properties):
            return True
    bindings = []
    if fn.id is not None:
        bindings.append(fn.id)
    parent = tree.parent(fn)
    if parent is not None and parent.type == "VariableDeclarator" and parent.id.type == "Identifier":
        bindings.append(parent.id)
    seen: set[int] = set()
    while bindings:
        variable = scopes.variable(bindings.pop())
        if variable is None or id(variable) in seen:
            continue
        seen.add(id(variable))
        for ref in variable.reads:
            use = ref.identifier
            if id(use) in exported_values:
                continue
            holder = tree.parent(use)
            if holder is not None and holder.type == "VariableDeclarator" and holder.init is use \
                    and holder.id.type == "Identifier":
                bindings.append(holder.id)  # an alias: its uses count too
                continue
            return True
    return False


def _exports_object(action, node: Node) -> bool:
    """Is ``node`` the module's exports object: the global ``exports``, or ``module.exports``?"""
    if node.type == "Identifier":
        holder = action.tree.parent(node)
        if holder is not None and holder.type == "MemberExpression" and holder.property is node \
                and not holder.computed:
            return False  # the `exports` of `module.exports`: the member is the object
        return node.name == "exports" and action.scopes.variable(node) is None
    return (node.type == "MemberExpression" and property_name(node) == "exports"
            and node.object.type == "Identifier" and node.object.name == "module"
            and action.scopes.variable(node.object) is None)


def _head(ctx, fn: Node) -> Region:
    """The function's head: an arrow's parameters, a method's name, else the ``function``
    keyword (where ``async`` goes)."""
    if fn.type == "ArrowFunctionExpression":
        if fn.params:
            return ctx.source.span(fn.params[0], fn.params[-1])
        start, body = ctx.source.region(fn), ctx.source.region(fn.body)  # `() =>`
        return Region(start.start_line, start.start_column, body.start_line, body.start_column)
    parent = ctx.program.tree.parent(fn)
    if parent is not None and parent.type in ("Property", "MethodDefinition") and parent.value is fn \
            and (parent.type == "MethodDefinition" or parent.method):
        return ctx.source.region(parent.key)  # `onExecutePostLogin(event, api) {`: no keyword
    # a function that is not `async` starts with its keyword; an `async function*` with `async`
    width = len("async") if is_async(fn) else _KEYWORD
    return ctx.source.point_region(fn.loc.start.line, fn.loc.start.column, width)


RULE = ActionHandlerNotAsync()
