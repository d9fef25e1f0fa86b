"""ESTree helpers: child keys by node type, one walk, and small shape questions.

Dispatch is always on ``node.type`` (the ESTree name), never on the Python class of
esprima's node objects (``StaticMemberExpression`` and ``ComputedMemberExpression`` are
both ``MemberExpression``).
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Callable, Iterator
from typing import Any, TypeVar

Node = Any

# The child keys of each ESTree node type, in source order.
VISITOR_KEYS: dict[str, tuple[str, ...]] = {
    "Program": ("body",),
    "ArrayExpression": ("elements",),
    "ArrayPattern": ("elements",),
    "ArrowFunctionExpression": ("params", "body"),
    "AssignmentExpression": ("left", "right"),
    "AssignmentPattern": ("left", "right"),
    "AwaitExpression": ("argument",),
    "BinaryExpression": ("left", "right"),
    "BlockStatement": ("body",),
    "BreakStatement": ("label",),
    "CallExpression": ("callee", "arguments"),
    "CatchClause": ("param", "body"),
    "ChainExpression": ("expression",),
    "ClassBody": ("body",),
    "ClassDeclaration": ("id", "superClass", "body"),
    "ClassExpression": ("id", "superClass", "body"),
    "ConditionalExpression": ("test", "consequent", "alternate"),
    "ContinueStatement": ("label",),
    "DebuggerStatement": (),
    "DoWhileStatement": ("body", "test"),
    "EmptyStatement": (),
    "ExportAllDeclaration": ("exported", "source"),
    "ExportDefaultDeclaration": ("declaration",),
    "ExportNamedDeclaration": ("declaration", "specifiers", "source"),
    "ExportSpecifier": ("local", "exported"),
    "ExpressionStatement": ("expression",),
    "ForInStatement": ("left", "right", "body"),
    "ForOfStatement": ("left", "right", "body"),
    "ForStatement": ("init", "test", "update", "body"),
    "FunctionDeclaration": ("id", "params", "body"),
    "FunctionExpression": ("id", "params", "body"),
    "Identifier": (),
    "IfStatement": ("test", "consequent", "alternate"),
    "ImportAttribute": ("key", "value"),
    "ImportDeclaration": ("specifiers", "source"),
    "ImportDefaultSpecifier": ("local",),
    "ImportExpression": ("source", "options"),
    "ImportNamespaceSpecifier": ("local",),
    "ImportSpecifier": ("imported", "local"),
    "LabeledStatement": ("label", "body"),
    "Literal": (),
    "LogicalExpression": ("left", "right"),
    "MemberExpression": ("object", "property"),
    "MetaProperty": ("meta", "property"),
    "MethodDefinition": ("key", "value"),
    "NewExpression": ("callee", "arguments"),
    "ObjectExpression": ("properties",),
    "ObjectPattern": ("properties",),
    "PrivateIdentifier": (),
    "Property": ("key", "value"),
    "PropertyDefinition": ("key", "value"),
    "RestElement": ("argument",),
    "ReturnStatement": ("argument",),
    "SequenceExpression": ("expressions",),
    "SpreadElement": ("argument",),
    "StaticBlock": ("body",),
    "Super": (),
    "SwitchCase": ("test", "consequent"),
    "SwitchStatement": ("discriminant", "cases"),
    "TaggedTemplateExpression": ("tag", "quasi"),
    "TemplateElement": (),
    "TemplateLiteral": ("quasis", "expressions"),
    "ThisExpression": (),
    "ThrowStatement": ("argument",),
    "TryStatement": ("block", "handler", "finalizer"),
    "UnaryExpression": ("argument",),
    "UpdateExpression": ("argument",),
    "VariableDeclaration": ("declarations",),
    "VariableDeclarator": ("id", "init"),
    "WhileStatement": ("test", "body"),
    "WithStatement": ("object", "body"),
    "YieldExpression": ("argument",),
}

FUNCTION_TYPES = frozenset({"FunctionDeclaration", "FunctionExpression", "ArrowFunctionExpression"})
_SKIP = frozenset({"type", "loc", "range", "regex", "value", "raw", "name", "operator",
                   "kind", "computed", "optional", "prefix", "shorthand", "method", "static",
                   "generator", "isAsync", "expression", "directive", "sourceType", "delegate",
                   "tail", "each", "allowAwait", "comments", "hashbang"})


def children(node: Node) -> list[Node]:
    """The child nodes of ``node`` in source order (computed once per node: every
    service walks the same tree, so the list is kept on the node)."""
    fields = node.__dict__
    found = fields.get("_children")
    if found is None:
        found = fields["_children"] = _child_list(node)
    return found


def _child_list(node: Node) -> list[Node]:
    # A list built in place, not a generator: ``Tree`` asks this of every node of every file.
    keys = VISITOR_KEYS.get(node.type)
    if keys is None:  # a node type this table does not know yet: look at its fields
        keys = tuple(k for k in vars(node) if k not in _SKIP and not k.startswith("_"))
    found: list[Node] = []
    for key in keys:
        value = getattr(node, key, None)
        if value is None:
            continue
        if type(value) is list:
            found.extend(item for item in value if item is not None and hasattr(item, "type"))
        elif isinstance(getattr(value, "type", None), str):
            found.append(value)
    return found


class Tree:
    """A parsed program with parent links, built by one walk."""

    def __init__(self, program: Node) -> None:
        self.program = program
        self.parents: dict[int, Node] = {}
        self.nodes: list[Node] = []  # every node, in pre-order
        # Nodes by type, each list in pre-order: the services look a kind of node up here
        # instead of scanning ``nodes`` (a scan per function or per call is quadratic).
        self._by_type: dict[str, list[Node]] = {}
        # The same lists sorted by source start, with their starts, for ``within``.
        self._by_start: dict[str, tuple[list[int], list[Node]]] = {}
        stack = [program]
        parents = self.parents
        nodes = self.nodes
        by_type = self._by_type
        while stack:
            node = stack.pop()
            nodes.append(node)
            found = by_type.get(node.type)
            if found is None:
                by_type[node.type] = [node]
            else:
                found.append(node)
            kids = children(node)
            for kid in kids:
                parents[id(kid)] = node
            stack.extend(reversed(kids))

    def of_type(self, kind: str) -> list[Node]:
        """Every node of type ``kind``, in pre-order (the index's own list: do not change it)."""
        return self._by_type.get(kind, [])

    def of_types(self, *kinds: str) -> list[Node]:
        """Every node of these types, in pre-order, as a look at every node would meet them.
        Pre-order is source order with an ancestor before a descendant that starts where it
        starts (the longer range first): children are listed in source order, except a
        template's quasis, which are no kind to ask for with others."""
        found = [n for kind in kinds for n in self._by_type.get(kind, ())]
        found.sort(key=lambda n: (n.range[0], -n.range[1]))
        return found

    def within(self, node: Node, kind: str) -> list[Node]:
        """The nodes of type ``kind`` inside ``node``'s source range (nested functions
        included), in source order; a binary search in an index built once per kind."""
        index = self._by_start.get(kind)
        if index is None:
            ordered = sorted(self._by_type.get(kind, ()), key=lambda n: n.range[0])
            index = ([n.range[0] for n in ordered], ordered)
            self._by_start[kind] = index
        starts, ordered = index
        start, end = node.range
        found = ordered[bisect_left(starts, start):bisect_left(starts, end)]
        # A node that starts where ``node`` starts may enclose it (`function(){}.bind(x)`).
        return [n for n in found if n.range[1] <= end]

    def parent(self, node: Node) -> Node | None:
        return self.parents.get(id(node))

    def ancestors(self, node: Node) -> Iterator[Node]:
        node = self.parent(node)
        while node is not None:
            yield node
            node = self.parent(node)

    def enclosing_function(self, node: Node) -> Node | None:
        for anc in self.ancestors(node):
            if anc.type in FUNCTION_TYPES:
                return anc
        return None


def walk(node: Node, visit: Callable[[Node], bool | None]) -> None:
    """Pre-order walk; ``visit`` returning ``False`` skips the node's children."""
    stack = [node]
    while stack:
        current = stack.pop()
        if visit(current) is False:
            continue
        stack.extend(reversed(list(children(current))))


def subtree(node: Node) -> Iterator[Node]:
    """``node`` and every node under it, nested functions included."""
    stack = [node]
    while stack:
        current = stack.pop()
        yield current
        stack.extend(children(current))


def own_nodes(node: Node) -> Iterator[Node]:
    """Every node under ``node`` (a function: its parameters and body) that is not inside
    a nested function; a nested function itself is yielded, its insides are not."""
    stack = list(children(node)) if node.type in FUNCTION_TYPES else [node]
    while stack:
        current = stack.pop()
        yield current
        if current.type not in FUNCTION_TYPES:
            stack.extend(children(current))


def is_function(node: Node | None) -> bool:
    return node is not None and node.type in FUNCTION_TYPES


# A node in gives a node out (a ChainExpression always wraps one); only ``None`` gives ``None``.
_MaybeNode = TypeVar("_MaybeNode", Node, None)


def unwrap(node: _MaybeNode) -> _MaybeNode:
    """Look through ``ChainExpression`` wrappers and parentheses-free sequences."""
    while node is not None and node.type == "ChainExpression":
        node = node.expression
    return node


def member_path(node: Node | None) -> str | None:
    """``a.b.c`` for a chain of non-computed members (or string-keyed computed ones)."""
    node = unwrap(node)
    if node is None:
        return None
    if node.type == "Identifier":
        return node.name
    if node.type == "ThisExpression":
        return "this"
    if node.type == "MemberExpression":
        base = member_path(node.object)
        key = property_name(node)
        if base is None or key is None:
            return None
        return f"{base}.{key}"
    return None


def property_name(member: Node) -> str | None:
    """The static name of a member's property (``a.b`` or ``a['b']``), else ``None``."""
    prop = member.property
    if not member.computed and prop.type in ("Identifier", "PrivateIdentifier"):
        return prop.name
    if member.computed and prop.type == "Literal" and isinstance(prop.value, str):
        return prop.value
    return None


def is_async(fn: Node) -> bool:
    return bool(getattr(fn, "isAsync", False))
