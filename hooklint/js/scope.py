"""Scope analysis: declarations, references and reassignments of every variable.

Rules use it to follow values (``const NS = 'https://x/'`` used later as ``NS + 'roles'``),
aliases (``var done = cb``) and shadowing (a local ``cb`` hiding the callback parameter).
Semantics are those of ES2015+ scoping, simplified where hooks never go: ``var`` and
parameters live in the function scope, ``let``/``const``/``class`` and function
declarations in their block; a named function expression sees its own name; ``with`` and
direct ``eval`` are not modelled (a hook using them is beyond static certainty anyway).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Literal

from hooklint.js.estree import FUNCTION_TYPES, Node, children

VariableKind = Literal["var", "let", "const", "function", "class", "param", "catch", "import", "function-name",
                       "class-name"]
ScopeKind = Literal["global", "module", "function", "block", "catch", "class", "for", "switch", "function-name"]


@dataclass(eq=False)
class Reference:
    identifier: Node
    scope: "Scope"
    is_read: bool
    is_write: bool
    is_init: bool = False  # the write of a declaration's initialiser
    writer: Node | None = None  # the AssignmentExpression / VariableDeclarator / UpdateExpression
    variable: "Variable | None" = None


@dataclass(eq=False)
class Variable:
    name: str
    kind: VariableKind
    scope: "Scope"
    identifiers: list[Node] = field(default_factory=list)  # where it is declared
    definitions: list[Node] = field(default_factory=list)  # the declaring node of each
    references: list[Reference] = field(default_factory=list)

    @property
    def writes(self) -> list[Reference]:
        """Writes after declaration (assignments, updates, for-in targets)."""
        return self._filtered("_writes", lambda r: r.is_write and not r.is_init)

    @property
    def reads(self) -> list[Reference]:
        return self._filtered("_reads", lambda r: r.is_read)

    def _filtered(self, key: str, keep) -> list[Reference]:
        """The references ``keep`` accepts, filtered once and kept on the variable: services
        ask for ``writes`` through ``constant_value()`` once per use of a variable, and
        re-filtering every reference each time made a variable used R times cost R².
        References are only ever appended (by the scope walk), so the kept list is valid
        while their count is unchanged; a different count recomputes it. Callers must not
        change the list."""
        kept = self.__dict__.get(key)
        if kept is None or kept[0] != len(self.references):
            kept = (len(self.references), [r for r in self.references if keep(r)])
            self.__dict__[key] = kept
        return kept[1]

    @property
    def is_reassigned(self) -> bool:
        return bool(self.writes)

    def constant_value(self) -> Node | None:
        """The one value this variable can hold, when that is certain.

        A ``const``, or a ``let``/``var`` with one declaration that is never written
        again, declared as a plain identifier with an initialiser; a function declaration
        gives the function. Otherwise ``None``.
        """
        if len(self.definitions) != 1 or self.is_reassigned:
            return None
        definition = self.definitions[0]
        if definition.type == "VariableDeclarator":
            if definition.id.type == "Identifier":
                return definition.init
            return None
        if self.kind in ("function", "class") and definition.type in ("FunctionDeclaration", "ClassDeclaration"):
            return definition
        return None


@dataclass(eq=False)
class Scope:
    kind: ScopeKind
    node: Node
    parent: "Scope | None"
    variables: dict[str, Variable] = field(default_factory=dict)
    references: list[Reference] = field(default_factory=list)
    children: list["Scope"] = field(default_factory=list)

    def lookup(self, name: str) -> Variable | None:
        scope: Scope | None = self
        while scope is not None:
            found = scope.variables.get(name)
            if found is not None:
                return found
            scope = scope.parent
        return None

    def declare(self, name: str, kind: VariableKind, identifier: Node, definition: Node) -> Variable:
        variable = self.variables.get(name)
        if variable is None:
            variable = Variable(name, kind, self)
            self.variables[name] = variable
        variable.identifiers.append(identifier)
        variable.definitions.append(definition)
        return variable


class ScopeAnalysis:
    """Scopes of a whole program. Build once per file; rules only read it."""

    def __init__(self, program: Node) -> None:
        kind: ScopeKind = "module" if getattr(program, "sourceType", "script") == "module" else "global"
        self.global_scope = Scope(kind, program, None)
        self.scopes: list[Scope] = [self.global_scope]
        self._scope_of: dict[int, Scope] = {id(program): self.global_scope}
        self._ref_of: dict[int, Reference] = {}
        self._decl_of: dict[int, Variable] = {}
        self.through: list[Reference] = []  # references to names declared nowhere
        self._hoist_function(program.body, self.global_scope)
        self._hoist_block(program.body, self.global_scope)
        for statement in program.body:
            self._visit(statement, self.global_scope)

    # ----- queries -------------------------------------------------------------------

    def scope_of(self, node: Node) -> Scope | None:
        """The scope a function, block, catch clause or loop node creates.

        Public API of the scope analysis; no module of hooklint needs it today (the rules ask
        for variables and references), tests/test_scope.py checks the scopes through it."""
        return self._scope_of.get(id(node))

    def reference(self, identifier: Node) -> Reference | None:
        return self._ref_of.get(id(identifier))

    def variable(self, identifier: Node) -> Variable | None:
        """The variable an identifier refers to or declares, if any."""
        ref = self._ref_of.get(id(identifier))
        if ref is not None:
            return ref.variable
        return self._decl_of.get(id(identifier))

    def unresolved(self, name: str | None = None) -> Iterator[Reference]:
        for ref in self.through:
            if name is None or ref.identifier.name == name:
                yield ref

    # ----- declarations ------------------------------------------------------------------

    def _declare_pattern(self, pattern: Node, scope: Scope, kind: VariableKind, definition: Node) -> None:
        for identifier in _pattern_identifiers(pattern):
            variable = scope.declare(identifier.name, kind, identifier, definition)
            self._decl_of[id(identifier)] = variable

    def _hoist_function(self, body: list[Node], scope: Scope) -> None:
        """``var`` declarations anywhere in a function body (not in nested functions)."""
        stack = list(body)
        while stack:
            node = stack.pop()
            if node.type in FUNCTION_TYPES or node.type in ("ClassDeclaration", "ClassExpression"):
                continue
            if node.type == "VariableDeclaration" and node.kind == "var":
                for declarator in node.declarations:
                    self._declare_pattern(declarator.id, scope, "var", declarator)
            if _is_statement_container(node):
                stack.extend(children(node))

    def _hoist_block(self, body: list[Node], scope: Scope) -> None:
        """``let``/``const``/``class``/function declarations directly in a block."""
        for node in body:
            if node.type in ("ExportNamedDeclaration", "ExportDefaultDeclaration") and node.declaration is not None:
                node = node.declaration
            if node.type == "VariableDeclaration" and node.kind != "var":
                for declarator in node.declarations:
                    self._declare_pattern(declarator.id, scope, node.kind, declarator)
            elif node.type == "FunctionDeclaration" and node.id is not None:
                self._decl_of[id(node.id)] = scope.declare(node.id.name, "function", node.id, node)
            elif node.type == "ClassDeclaration" and node.id is not None:
                self._decl_of[id(node.id)] = scope.declare(node.id.name, "class", node.id, node)
            elif node.type == "ImportDeclaration":
                for spec in node.specifiers:
                    self._decl_of[id(spec.local)] = scope.declare(spec.local.name, "import", spec.local, spec)

    def _new_scope(self, kind: ScopeKind, node: Node, parent: Scope) -> Scope:
        scope = Scope(kind, node, parent)
        parent.children.append(scope)
        self.scopes.append(scope)
        self._scope_of[id(node)] = scope
        return scope

    # ----- references --------------------------------------------------------------------

    def _reference(self, identifier: Node, scope: Scope, read: bool, write: bool,
                   init: bool = False, writer: Node | None = None) -> None:
        ref = Reference(identifier, scope, read, write, init, writer)
        ref.variable = scope.lookup(identifier.name)
        scope.references.append(ref)
        self._ref_of[id(identifier)] = ref
        if ref.variable is not None:
            ref.variable.references.append(ref)
        else:
            self.through.append(ref)

    def _write_pattern(self, pattern: Node, scope: Scope, writer: Node, read: bool = False,
                       init: bool = False) -> None:
        """Visit an assignment target or a declaration's binding pattern."""
        kind = pattern.type
        if kind == "Identifier":
            self._reference(pattern, scope, read, True, init, writer)
        elif kind == "MemberExpression":
            self._visit(pattern, scope)
        elif kind == "ObjectPattern":
            for prop in pattern.properties:
                if prop.type == "RestElement":
                    self._write_pattern(prop.argument, scope, writer, init=init)
                else:
                    if prop.computed:
                        self._visit(prop.key, scope)
                    self._write_pattern(prop.value, scope, writer, init=init)
        elif kind == "ArrayPattern":
            for element in pattern.elements:
                if element is not None:
                    self._write_pattern(element, scope, writer, init=init)
        elif kind == "AssignmentPattern":
            self._write_pattern(pattern.left, scope, writer, init=init)
            self._visit(pattern.right, scope)
        elif kind == "RestElement":
            self._write_pattern(pattern.argument, scope, writer, init=init)
        else:
            self._visit(pattern, scope)

    def _visit_function(self, fn: Node, scope: Scope) -> None:
        if fn.type == "FunctionExpression" and fn.id is not None:
            # The name of a function expression is visible inside it, in a scope of its own
            # between the enclosing scope and the function's (parameters and body shadow it).
            outer = Scope("function-name", fn.id, scope)
            scope.children.append(outer)
            self.scopes.append(outer)
            self._decl_of[id(fn.id)] = outer.declare(fn.id.name, "function-name", fn.id, fn)
            scope = outer
        inner = self._new_scope("function", fn, scope)
        for param in fn.params:
            self._declare_pattern(param, inner, "param", fn)
        for param in fn.params:
            self._write_pattern(param, inner, fn, init=True)
        body = fn.body
        if body.type == "BlockStatement":
            self._scope_of[id(body)] = inner
            self._hoist_function(body.body, inner)
            self._hoist_block(body.body, inner)
            for statement in body.body:
                self._visit(statement, inner)
        else:
            self._visit(body, inner)

    def _visit_class(self, node: Node, scope: Scope) -> None:
        if node.superClass is not None:
            self._visit(node.superClass, scope)
        inner = self._new_scope("class", node, scope)
        if node.type == "ClassExpression" and node.id is not None:
            self._decl_of[id(node.id)] = inner.declare(node.id.name, "class-name", node.id, node)
        for member in node.body.body:
            if member.type == "StaticBlock":
                block = self._new_scope("function", member, inner)
                self._hoist_function(member.body, block)
                self._hoist_block(member.body, block)
                for statement in member.body:
                    self._visit(statement, block)
                continue
            if member.computed:
                self._visit(member.key, inner)
            if member.value is not None:
                self._visit(member.value, inner)

    def _visit(self, node: Node | None, scope: Scope) -> None:
        """Record the references in ``node`` and the scopes it opens: the handler in
        ``_VISITORS`` for its type, or a visit of its children for a node that neither
        declares, writes nor opens a scope."""
        if node is None:
            return
        visit = _VISITORS.get(node.type)
        if visit is None:
            for child in children(node):
                self._visit(child, scope)
        else:
            visit(self, node, scope)

    def _visit_identifier(self, node: Node, scope: Scope) -> None:
        self._reference(node, scope, True, False)

    def _visit_nothing(self, node: Node, scope: Scope) -> None:
        """A node with nothing to resolve: a label, ``new.target``, ``#name``; an import's
        specifiers were declared by hoisting and its source is a literal."""

    def _visit_variables(self, node: Node, scope: Scope) -> None:
        for declarator in node.declarations:
            if declarator.init is not None:
                self._write_pattern(declarator.id, scope, declarator, init=True)
                self._visit(declarator.init, scope)
            else:
                # No initialiser: not a write, but pattern defaults still read.
                for sub in _pattern_defaults(declarator.id):
                    self._visit(sub, scope)

    def _visit_assignment(self, node: Node, scope: Scope) -> None:
        self._write_pattern(node.left, scope, node, read=node.operator != "=")
        self._visit(node.right, scope)

    def _visit_update(self, node: Node, scope: Scope) -> None:
        if node.argument.type == "Identifier":
            self._reference(node.argument, scope, True, True, writer=node)
        else:
            self._visit(node.argument, scope)

    def _visit_member(self, node: Node, scope: Scope) -> None:
        self._visit(node.object, scope)
        if node.computed:
            self._visit(node.property, scope)

    def _visit_keyed(self, node: Node, scope: Scope) -> None:
        """A property, method or class field: its key is a name unless computed."""
        if node.computed:
            self._visit(node.key, scope)
        self._visit(node.value, scope)

    def _visit_labeled(self, node: Node, scope: Scope) -> None:
        self._visit(node.body, scope)

    def _visit_block(self, node: Node, scope: Scope) -> None:
        inner = self._new_scope("block", node, scope)
        self._hoist_block(node.body, inner)
        for statement in node.body:
            self._visit(statement, inner)

    def _visit_catch(self, node: Node, scope: Scope) -> None:
        inner = self._new_scope("catch", node, scope)
        if node.param is not None:
            self._declare_pattern(node.param, inner, "catch", node)
            self._write_pattern(node.param, inner, node, init=True)
        self._visit(node.body, inner)

    def _visit_for(self, node: Node, scope: Scope) -> None:
        inner = self._for_scope(node.init, node, scope)
        self._visit(node.init, inner)
        self._visit(node.test, inner)
        self._visit(node.update, inner)
        self._visit(node.body, inner)

    def _visit_for_in(self, node: Node, scope: Scope) -> None:
        """``for (x in o)`` and ``for (x of o)``: each round writes the head."""
        head = node.left
        inner = self._for_scope(head, node, scope)
        self._visit(node.right, inner)
        if head.type == "VariableDeclaration":
            for declarator in head.declarations:
                self._write_pattern(declarator.id, inner, node, init=True)
        else:
            self._write_pattern(head, inner, node)
        self._visit(node.body, inner)

    def _for_scope(self, head: Node | None, node: Node, scope: Scope) -> Scope:
        """The scope of a ``for`` loop's head and body: a scope of its own for a ``let`` or
        ``const`` head, the enclosing one otherwise."""
        if head is not None and head.type == "VariableDeclaration" and head.kind != "var":
            inner = self._new_scope("for", node, scope)
            self._hoist_block([head], inner)
            return inner
        return scope

    def _visit_switch(self, node: Node, scope: Scope) -> None:
        self._visit(node.discriminant, scope)
        inner = self._new_scope("switch", node, scope)
        for case in node.cases:
            self._hoist_block(case.consequent, inner)
        for case in node.cases:
            self._visit(case.test, inner)
            for statement in case.consequent:
                self._visit(statement, inner)

    def _visit_export(self, node: Node, scope: Scope) -> None:
        self._visit(node.declaration, scope)
        if node.source is None:  # `export { x } from 'mod'` names another module's x
            for spec in node.specifiers:
                self._visit(spec.local, scope)


# The handler of each node type that declares, writes, opens a scope or has children that
# are not references (a non-computed key, a label); every other type visits its children.
_VISITORS: dict[str, Callable[[ScopeAnalysis, Node, Scope], None]] = {
    "Identifier": ScopeAnalysis._visit_identifier,
    **{kind: ScopeAnalysis._visit_function for kind in FUNCTION_TYPES},
    "ClassDeclaration": ScopeAnalysis._visit_class,
    "ClassExpression": ScopeAnalysis._visit_class,
    "VariableDeclaration": ScopeAnalysis._visit_variables,
    "AssignmentExpression": ScopeAnalysis._visit_assignment,
    "UpdateExpression": ScopeAnalysis._visit_update,
    "MemberExpression": ScopeAnalysis._visit_member,
    "Property": ScopeAnalysis._visit_keyed,
    "MethodDefinition": ScopeAnalysis._visit_keyed,
    "PropertyDefinition": ScopeAnalysis._visit_keyed,
    "LabeledStatement": ScopeAnalysis._visit_labeled,
    "BreakStatement": ScopeAnalysis._visit_nothing,
    "ContinueStatement": ScopeAnalysis._visit_nothing,
    "MetaProperty": ScopeAnalysis._visit_nothing,
    "PrivateIdentifier": ScopeAnalysis._visit_nothing,
    "BlockStatement": ScopeAnalysis._visit_block,
    "CatchClause": ScopeAnalysis._visit_catch,
    "ForStatement": ScopeAnalysis._visit_for,
    "ForInStatement": ScopeAnalysis._visit_for_in,
    "ForOfStatement": ScopeAnalysis._visit_for_in,
    "SwitchStatement": ScopeAnalysis._visit_switch,
    "ImportDeclaration": ScopeAnalysis._visit_nothing,
    "ExportNamedDeclaration": ScopeAnalysis._visit_export,
    "ExportAllDeclaration": ScopeAnalysis._visit_nothing,
}

def _is_statement_container(node: Node) -> bool:
    return node.type in (
        "BlockStatement", "IfStatement", "ForStatement", "ForInStatement", "ForOfStatement",
        "WhileStatement", "DoWhileStatement", "TryStatement", "CatchClause", "SwitchStatement",
        "SwitchCase", "LabeledStatement", "WithStatement", "ExportNamedDeclaration",
        "ExportDefaultDeclaration", "Program",
    )


def _pattern_identifiers(pattern: Node | None) -> Iterator[Node]:
    if pattern is None:
        return
    kind = pattern.type
    if kind == "Identifier":
        yield pattern
    elif kind == "ObjectPattern":
        for prop in pattern.properties:
            yield from _pattern_identifiers(prop.argument if prop.type == "RestElement" else prop.value)
    elif kind == "ArrayPattern":
        for element in pattern.elements:
            yield from _pattern_identifiers(element)
    elif kind == "AssignmentPattern":
        yield from _pattern_identifiers(pattern.left)
    elif kind == "RestElement":
        yield from _pattern_identifiers(pattern.argument)


def _pattern_defaults(pattern: Node | None) -> Iterator[Node]:
    if pattern is None:
        return
    if pattern.type == "AssignmentPattern":
        yield pattern.right
        yield from _pattern_defaults(pattern.left)
    elif pattern.type == "ObjectPattern":
        for prop in pattern.properties:
            if prop.type != "RestElement" and prop.computed:
                yield prop.key
            yield from _pattern_defaults(prop.argument if prop.type == "RestElement" else prop.value)
    elif pattern.type == "ArrayPattern":
        for element in pattern.elements:
            yield from _pattern_defaults(element)


def pattern_identifiers(pattern: Node | None) -> list[Node]:
    """Every identifier a binding pattern declares."""
    return list(_pattern_identifiers(pattern))


__all__ = ["Reference", "Scope", "ScopeAnalysis", "Variable", "pattern_identifiers"]
