"""The idiomatic form: the hook's own text, edited into an Action where the analysis proves
the shape (auth0-actions.md §4, the semantics of docs ISSUE 17).

The hook's text is kept (its comments, its layout) and only node ranges are replaced:
- the export's header (``module.exports = function (client, scope, audience, context, cb) {``)
  becomes the trigger's entry point (``exports.onExecuteCredentialsExchange = async (event, api) => {``);
- each use of a parameter becomes the ``event`` expression ``mapping.PARAMETERS`` gives,
  and ``context.webtask.secrets`` becomes ``event.secrets``;
- ``require('x@1.2.3')`` becomes ``require('x')`` (the version goes to the dependencies);
- each callback call becomes the ``api`` calls of its outcome (claims, metadata, deny) or
  a ``throw``, then ``return;`` where the hook's ``return cb(...)`` ended the path.

Anything the analysis cannot prove (the callback passed on or called in a nested function,
a parameter handed whole to a helper, a field with no equivalent, an error that is not
built in the call, ...) refuses the form with one sentence: the compatible adapter then
keeps the hook's code unchanged.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right

import json
from collections.abc import Iterator
from typing import NamedTuple

from hooklint.hooks.callback_results import Result, SET_ORIGINS, is_nullish, results
from hooklint.hooks.callbacks import CallbackCall, callback_calls, callback_variables, misnamed_calls, shadowing
from hooklint.hooks.callflow import callback_flow
from hooklint.hooks.model import Hook
from hooklint.hooks.points import ERROR_CLASSES
from hooklint.js.estree import FUNCTION_TYPES, Node, children, member_path, property_name, subtree, unwrap
from hooklint.js.values import property_key
from hooklint.migrate import mapping
from hooklint.migrate.model import Note
from hooklint.migrate.model import Draft, Refusal
from hooklint.migrate.text import kept_text, secrets_read, versioned_requires

_PRELUDE = frozenset(name for names in ERROR_CLASSES.values() for name in names)
_URL = ("http://", "https://")
_INDENT = "  "
# Expressions whose evaluation may do something: a value holding one is never dropped.
_EFFECTS = frozenset({"CallExpression", "NewExpression", "AssignmentExpression", "UpdateExpression",
                      "AwaitExpression", "YieldExpression", "TaggedTemplateExpression"})
_TEST_PARENTS = frozenset({"IfStatement", "ConditionalExpression", "WhileStatement"})


class _Refused(Exception):
    """The shape is not proved; the message is the report's sentence."""


class _Edit(NamedTuple):
    start: int  # Python indexes into the kept text
    end: int
    text: str
    carried: str | None = None  # what it carries, said when the edit reaches the Action's text


def draft(hook: Hook) -> Draft | Refusal:
    """The idiomatic Action for ``hook``, or why the analysis cannot prove its shape."""
    try:
        return _Writer(hook).draft()
    except _Refused as refused:
        return Refusal(str(refused))


class _Writer:
    def __init__(self, hook: Hook) -> None:
        assert hook.point_name is not None and hook.function is not None
        self.hook = hook
        self.point: str = hook.point_name
        self.fn: Node = hook.function
        self.text = kept_text(hook.source)
        self.inner: list[_Edit] = []  # parameter uses and requires: applied inside copied text too
        self.outer: list[_Edit] = []  # the header and the callback statements
        self.carried: list[str] = []
        self.notes: list[Note] = []
        self.names = {n.name for n in hook.tree.of_type("Identifier")}
        self.allowed_news: set[int] = set()  # prelude classes built as a callback argument
        self.copied: list[tuple[int, int]] = []  # ranges copied into the statement being written
        self._inner: _Edits | None = None  # ``inner`` sorted by start, for ``_copy``
        self._comment_spans: list[tuple[int, int]] | None = None
        self._comment_starts: list[int] = []
        self.applied: set[int] = set()  # the inner edits that reached the written text
        self.declared_export: Node | None = None  # `module.exports = hook` of a declared hook function

    # ----- the whole ------------------------------------------------------------------

    def draft(self) -> Draft:
        statement = self._export_statement()
        self._check_function()
        calls = self._check_callback()
        self._map_parameters()
        self._map_requires()
        outcomes = [(call, self._outcome(call)) for call in calls]
        self._check_prelude()
        trigger, _, entry = mapping.trigger_of(self.point)
        self.outer += self._header(statement, entry)
        self.carried.insert(0, f"hook function → `exports.{entry}` ({trigger} trigger)")
        for call, outcome in outcomes:
            self._rewrite_call(call, outcome)
        covered = sorted(self.outer, key=lambda e: e.start)  # they never overlap
        starts = [o.start for o in covered]

        def inside_outer(edit: _Edit) -> bool:
            at = bisect_right(starts, edit.start) - 1
            return at >= 0 and edit.end <= covered[at].end

        edits = _Edits(covered + [e for e in self.inner if not inside_outer(e)])
        code = _apply(self.text, 0, len(self.text), edits, self.applied)
        self.carried += [e.carried for e in self.inner if e.carried is not None and id(e) in self.applied]
        for name in secrets_read(self.hook):
            self.carried.append(f"secret {name} → event.secrets.{name}")
        return Draft(code, _unique(self.carried), self.notes)

    # ----- the shape ------------------------------------------------------------------

    def _export_statement(self) -> Node:
        exports = self.hook.exports
        if exports.problems or len(exports.exports) != 1 or exports.export is None:
            raise _Refused("the file's exports are not one `module.exports = function (...) {...}`")
        export = exports.export
        statement = export.statement
        expression = statement.expression if statement.type == "ExpressionStatement" else None
        if expression is not None and expression.type == "AssignmentExpression" and \
                member_path(expression.left) == "module.exports":
            if expression.right is self.fn:
                return statement
            if self._declared(expression.right):
                self.declared_export = expression
                return statement
        raise _Refused("the hook function is neither written inline in `module.exports = function (...) {...}` nor "
                       "a function declaration of the file's top level exported by name")

    def _declared(self, value: Node) -> bool:
        """``function hook(...) {...}`` at the top level, then ``module.exports = hook;``,
        its name used nowhere else."""
        fn = self.fn
        if value.type != "Identifier" or fn.type != "FunctionDeclaration" or fn.id is None:
            return False
        if self.hook.tree.parent(fn) is not self.hook.tree.program:
            return False
        variable = self.hook.scopes.variable(fn.id)
        return (variable is not None and variable is self.hook.scopes.variable(value)
                and len(variable.definitions) == 1 and [r.identifier for r in variable.references] == [value])

    def _check_function(self) -> None:
        fn = self.fn
        if getattr(fn, "generator", False):
            raise _Refused("the hook function is a generator")
        if fn.body.type != "BlockStatement":
            raise _Refused("the hook function's body is an expression, not a block")
        if any(p.type != "Identifier" for p in fn.params):
            raise _Refused("a parameter of the hook function is destructured or has a default")
        if fn.id is not None and self.declared_export is None:
            variable = self.hook.scopes.variable(fn.id)
            if variable is not None and variable.references:
                raise _Refused(f"the hook function refers to itself by its name `{fn.id.name}`")
        for node in _own_this_scope(fn.body):
            if node.type == "ThisExpression":
                raise _Refused("the hook function uses `this`, which an arrow entry point does not bind")
            if node.type == "Identifier" and node.name == "arguments" and self.hook.scopes.reference(node):
                raise _Refused("the hook function uses `arguments`, which an arrow entry point does not bind")
        scopes = self.hook.scopes
        for name in ("event", "api"):
            if any(name in scope.variables for scope in scopes.scopes) or any(scopes.unresolved(name)):
                raise _Refused(f"the hook already uses the name `{name}`, which the Action's handler takes")

    def _check_callback(self) -> list[CallbackCall]:
        hook = self.hook
        if len(self.fn.params) != len(mapping.roles(self.point)):
            raise _Refused("the hook function's parameters do not match the point's signature (HL101)")
        variables = callback_variables(hook)
        if not variables:
            raise _Refused("the hook has no callback parameter the analysis can follow")
        if len(variables) > 1:
            raise _Refused(f"the callback is aliased (`{variables[1].name}`)")
        if misnamed_calls(hook, passed=True) or shadowing(hook):
            raise _Refused("a callback name is undefined or shadowed (HL106)")
        flow = callback_flow(hook)
        if flow is None:
            raise _Refused("the callback's flow cannot be analysed")
        for item in flow.analysed:
            if item.result.misses:
                raise _Refused("the callback is not called on every path (HL102)")
            if item.result.repeats:
                raise _Refused("the callback can be called twice (HL103)")
        calls = callback_calls(hook)
        callee_ids = {id(c.identifier) for c in calls if c.kind == "direct"}
        for ref in variables[0].reads:
            if id(ref.identifier) not in callee_ids:
                line = ref.identifier.loc.start.line
                raise _Refused(f"the callback is passed on or used as a value (line {line}), not only called")
        for call in calls:
            line = call.call.loc.start.line
            if call.kind != "direct":
                raise _Refused(f"the callback is called through `{call.name}` (line {line})")
            if self.hook.tree.enclosing_function(call.call) is not self.fn:
                raise _Refused(f"the callback is called in a nested function (line {line}), not in the hook's "
                               "own body")
            parent = self.hook.tree.parent(call.call)
            if parent is None or parent.type not in ("ExpressionStatement", "ReturnStatement"):
                raise _Refused(f"the callback's call on line {line} is part of an expression, not a statement "
                               "of its own")
        return calls

    # ----- parameters -----------------------------------------------------------------

    def _map_parameters(self) -> None:
        hook = self.hook
        table = mapping.PARAMETERS[self.point]
        for role, param in zip(mapping.roles(self.point), self.fn.params):
            if role == "callback":
                continue
            variable = hook.scopes.variable(param)
            if variable is None:
                continue
            for ref in variable.references:
                identifier = ref.identifier
                if identifier is param:
                    continue
                if ref.is_write:
                    raise _Refused(f"the hook assigns its parameter `{param.name}` (line {identifier.loc.start.line})")
                if (role,) in table:
                    self._bare(identifier, role, table[(role,)])
                else:
                    self._member(identifier, role, param.name, table)

    def _bare(self, identifier: Node, role: str, row: mapping.Field) -> None:
        if row.event is None:
            raise _Refused(f"`{identifier.name}` has no equivalent in Actions")
        parent = self.hook.tree.parent(identifier)
        start, end = self._span(identifier)
        text = row.event
        if parent is not None and parent.type == "Property" and parent.shorthand:
            start, end = self._span(parent)
            text = f"{identifier.name}: {row.event}"
        self.inner.append(_Edit(start, end, text, f"`{identifier.name}` → {row.event}"))

    def _member(self, identifier: Node, role: str, name: str, table: dict[mapping.Path, mapping.Field]) -> None:
        """``context.webtask.secrets.X``, ``client.metadata.plan``: the longest prefix the
        table maps is replaced; a use that no row covers refuses the form."""
        tree = self.hook.tree
        path: list[str] = [role]
        nodes: list[Node] = [identifier]
        node = identifier
        while True:
            parent = tree.parent(node)
            if parent is None or parent.type != "MemberExpression" or parent.object is not node:
                break
            key = property_name(parent)
            if key is None:
                break
            path.append(key)
            nodes.append(parent)
            node = parent
        shown = ".".join([name, *path[1:]])
        line = identifier.loc.start.line
        top = nodes[-1]
        top_parent = tree.parent(top)
        if top_parent is not None and (
                top_parent.type == "AssignmentExpression" and top_parent.left is top
                or top_parent.type == "UpdateExpression"
                or top_parent.type == "UnaryExpression" and top_parent.operator == "delete"):
            raise _Refused(f"the hook writes `{shown}` (line {line})")
        for depth in range(len(path), 0, -1):
            prefix = tuple(path[:depth])
            why = mapping.NO_EQUIVALENT.get(prefix)
            if why is not None:
                raise _Refused(f"the hook uses `{shown}` (line {line}): {why}")
            row = table.get(prefix)
            if row is None:
                continue
            if row.event is None:
                raise _Refused(f"the hook reads `{shown}` (line {line}), which has no equivalent: {row.note}")
            secret = prefix[:3] == ("context", "webtask", "secrets")  # said once per name below
            said = None if secret else f"`{'.'.join([name, *prefix[1:]])}` → {row.event}"
            self.inner.append(_Edit(*self._span(nodes[depth - 1]), row.event, said))
            return
        derived = _derived(table, tuple(path))
        if derived is not None and len(path) > 1 and self._tested(top):
            self.inner.append(_Edit(*self._span(top), derived, f"`{shown}` (tested) → {derived}"))
            return
        if len(path) == 1:
            raise _Refused(f"the hook uses its parameter `{name}` whole (line {line}), not only fields the "
                           "mapping covers")
        raise _Refused(f"the hook uses `{shown}` (line {line}), which the mapping does not cover")

    def _tested(self, node: Node) -> bool:
        """Is ``node`` only tested for truth (``x && x.y``, ``if (x)``, ``!x``)?"""
        parent = self.hook.tree.parent(node)
        if parent is None:
            return False
        if parent.type == "LogicalExpression":
            return parent.operator == "&&" and parent.left is node
        if parent.type == "UnaryExpression":
            return parent.operator == "!"
        return parent.type in _TEST_PARENTS and parent.test is node

    def _map_requires(self) -> None:
        for argument, name, version in versioned_requires(self.hook):
            quote = argument.raw[0] if argument.raw and argument.raw[0] in "'\"" else "'"
            self.inner.append(_Edit(*self._span(argument), f"{quote}{name}{quote}",
                                    f"`require('{argument.value}')` → `require('{name}')` (dependency "
                                    f"{name} {version})"))

    def _check_prelude(self) -> None:
        for identifier in self.hook.tree.of_type("Identifier"):
            if identifier.name not in _PRELUDE or id(identifier) in self.allowed_news:
                continue
            ref = self.hook.scopes.reference(identifier)
            if ref is not None and ref.variable is None:
                raise _Refused(f"the hook refers to the prelude class `{identifier.name}` (line "
                               f"{identifier.loc.start.line}) other than to build a callback's error; Actions do "
                               "not define it")

    # ----- callback calls -------------------------------------------------------------

    def _outcome(self, call: CallbackCall) -> tuple[str, Node | None]:
        """("success", result or None) or ("error", the error expression)."""
        args = [unwrap(a) for a in call.call.arguments]
        line = call.call.loc.start.line
        if any(a.type == "SpreadElement" for a in args):
            raise _Refused(f"the callback's arguments on line {line} are spread")
        if not args or is_nullish(args[0]):
            if len(args) > 2:
                raise _Refused(f"the callback receives more than two arguments on line {line}")
            result = args[1] if len(args) == 2 else None
            if result is not None and is_nullish(result):
                result = None
            if result is not None and result.type not in ("ObjectExpression", "Identifier"):
                raise _Refused(f"the callback's result on line {line} is neither an object literal nor a variable")
            return "success", result
        error = args[0]
        if len(args) > 1:
            raise _Refused(f"the callback receives an error and a result on line {line}")
        if error.type == "NewExpression" and error.callee.type == "Identifier":
            cls = error.callee.name
            unresolved = self.hook.scopes.reference(error.callee)
            if unresolved is not None and unresolved.variable is None and (
                    cls == "Error" or cls in mapping.error_classes(self.point)):
                if any(a.type == "SpreadElement" for a in error.arguments):
                    raise _Refused(f"the error's arguments on line {line} are spread")
                self.allowed_news.add(id(error.callee))
                return "error", error
        if error.type == "Identifier" and self._catch_param(error):
            return "error", error
        raise _Refused(f"the callback's error on line {line} is not built in the call (`new Error(...)` or a "
                       "prelude error class) nor the error a `catch` caught")

    def _catch_param(self, identifier: Node) -> bool:
        variable = self.hook.scopes.variable(identifier)
        return variable is not None and variable.kind == "catch" and not variable.is_reassigned

    def _rewrite_call(self, call: CallbackCall, outcome: tuple[str, Node | None]) -> None:
        statement = self.hook.tree.parent(call.call)
        assert statement is not None  # _check_callback: an expression or return statement
        returned = statement.type == "ReturnStatement"
        self.copied = []
        kind, node = outcome
        if kind == "success":
            lines = self._success(call, node)
        else:
            assert node is not None
            lines = self._error(call, node)
        tail = self._ends_path(statement)
        parent = self.hook.tree.parent(statement)
        braced = parent is not None and parent.type in ("BlockStatement", "Program", "SwitchCase")
        at_end = parent is self.fn.body and parent.body[-1] is statement
        ends = bool(lines) and lines[-1].startswith("throw ")
        if ends and self._caught(statement):
            raise _Refused(f"the error on line {statement.loc.start.line} would be thrown inside a `try` whose "
                           "`catch` takes it, where the hook's callback ended the run")
        if returned and not tail and not ends:
            lines.append("return;")
        elif not lines and tail and not at_end:
            lines.append("return;")
        lines = self._comments(statement) + lines
        start, end = self._span(statement)
        indent = self._indent(start)
        if not lines:
            if braced:
                self.outer.append(self._deletion(start, end))
            else:
                self.outer.append(_Edit(start, end, "{}"))
            return
        own_line = not self.text[self.text.rfind("\n", 0, start) + 1:start].strip()
        if braced:
            # one statement per line where the call had its own line, else on the call's line
            text = (f"\n{indent}" if own_line else " ").join(_reindent(line, indent) for line in lines)
        elif len(lines) == 1 and not lines[0].startswith("const "):
            text = _reindent(lines[0], indent)
        else:
            inner = indent + _INDENT
            body = f"\n{inner}".join(_reindent(line, inner) for line in lines)
            text = f"{{\n{inner}{body}\n{indent}}}"
        self.outer.append(_Edit(start, end, text))

    def _success(self, call: CallbackCall, result: Node | None) -> list[str]:
        if result is None or self.point in (mapping.POST, mapping.PCP, mapping.SPM):
            if result is not None and result.type == "ObjectExpression" and _has_effects(result):
                raise _Refused(f"the ignored result on line {result.loc.start.line} does work when it is built")
            return []
        if self.point == mapping.CCE:
            return self._claims(call, result)
        return self._metadata(result)

    def _claims(self, call: CallbackCall, result: Node) -> list[str]:
        if result.type == "ObjectExpression":
            lines = self._claims_literal(result)
            if lines is not None:
                return lines
        found = next((r for r in results(self.hook) if r.call.call is call.call), None)
        self._result_notes(found)
        value = self._copy(result)
        if result.type != "ObjectExpression" and not self._object_constant(result):
            # Object.entries(undefined) throws where the hook handed back nothing (the result's
            # shapes are not followed per path, so only a constant object is sure)
            value = f"{value} || {{}}" if result.type in ("Identifier", "MemberExpression") else f"({value}) || {{}}"
        if found is None or not found.is_object or any(entry.path[:1] == (None,) for entry in found.entries):
            line, column = _place(self.hook, result)
            self.notes.append(Note("behaviour-change", "claim-not-url",
                                   "the result's keys are not all known statically: those that are not URL-named "
                                   "were dropped by Hooks, and the Action drops them too", line, column))
        name, val = self._fresh("name"), self._fresh("value")
        self.carried.append(f"the claims of `{_short(value)}` → api.accessToken.setCustomClaim (URL-named keys)")
        return [f"for (const [{name}, {val}] of Object.entries({value})) {{\n"
                f"{_INDENT}if (/^https?:\\/\\//.test({name})) api.accessToken.setCustomClaim({name}, {val});\n}}"]

    def _object_constant(self, node: Node) -> bool:
        """``node`` names a ``const`` whose initialiser is an object literal."""
        if node.type != "Identifier":
            return False
        variable = self.hook.scopes.variable(node)
        if variable is None or variable.kind != "const" or len(variable.definitions) != 1:
            return False
        definition = variable.definitions[0]
        init = unwrap(definition.init) if definition.type == "VariableDeclarator" else None
        return init is not None and init.type == "ObjectExpression"

    def _claims_literal(self, literal: Node) -> list[str] | None:
        """One ``setCustomClaim`` per URL-named key, or None when a key is not static."""
        scopes = self.hook.scopes
        keyed: list[tuple[Node, str]] = []
        for prop in literal.properties:
            if prop.type != "Property" or prop.kind != "init" or prop.method:
                return None
            key = property_key(prop, scopes)
            if key is None:
                return None
            keyed.append((prop, key))
        lines: list[str] = []
        for prop, key in keyed:
            if key.startswith(_URL):
                continue
            if _has_effects(prop.value):
                return None  # dropping the key would drop work its value does
        for prop, key in keyed:
            line, column = _place(self.hook, prop.key)
            if key.startswith(_URL):
                key_text = self._copy(prop.key) if prop.computed else _quote(key)
                lines.append(f"api.accessToken.setCustomClaim({key_text}, {self._copy(prop.value)});")
                self.carried.append(f"claim `{key}` → api.accessToken.setCustomClaim")
            elif key == "scope":
                self.notes.append(_scope_note(line, column))
            else:
                self.notes.append(_not_url_note(key, line, column))
        return lines

    def _result_notes(self, found: Result | None) -> None:
        if found is None:
            return
        if found.sets_scope:
            node = next((e.node for e in found.entries if e.path == ("scope",)), found.call.call)
            self.notes.append(_scope_note(*_place(self.hook, node)))
        for entry in found.entries:
            if (entry.origin in SET_ORIGINS and len(entry.path) == 1 and entry.known and entry.key != "scope"
                    and not str(entry.key).startswith(_URL)):
                self.notes.append(_not_url_note(str(entry.key), *_place(self.hook, entry.node)))

    def _metadata(self, result: Node) -> list[str]:
        """pre-user-registration: ``{user: {user_metadata: {...}, app_metadata: {...}}}``."""
        lines = self._metadata_literal(result) if result.type == "ObjectExpression" else None
        if lines is not None:
            return lines
        lines = []
        base = self._copy(result)
        if result.type != "Identifier":
            base = self._fresh("result")
            lines.append(f"const {base} = {self._copy(result)};")
        for kind, method in (("user_metadata", "setUserMetadata"), ("app_metadata", "setAppMetadata")):
            lines.append(self._metadata_loop(f"({base} && {base}.user && {base}.user.{kind}) || {{}}", method))
            self.carried.append(f"`{_short(base)}.user.{kind}` → api.user.{method} per key")
        return lines

    def _metadata_loop(self, source: str, method: str) -> str:
        key, value = self._fresh("key"), self._fresh("value")
        return (f"for (const [{key}, {value}] of Object.entries({source})) {{\n"
                f"{_INDENT}api.user.{method}({key}, {value});\n}}")

    def _metadata_literal(self, literal: Node) -> list[str] | None:
        user = _static_props(literal, self.hook)
        if user is None or any(_has_effects(p.value) for p, key in user if key != "user"):
            return None
        lines: list[str] = []
        for prop, key in user:
            if key != "user":
                continue
            value = unwrap(prop.value)
            if value.type != "ObjectExpression":
                return None
            fields = _static_props(value, self.hook)
            if fields is None or any(_has_effects(p.value) for p, k in fields if k not in ("user_metadata",
                                                                                             "app_metadata")):
                return None
            for inner, kind in fields:
                if kind not in ("user_metadata", "app_metadata"):
                    continue
                method = "setUserMetadata" if kind == "user_metadata" else "setAppMetadata"
                metadata = unwrap(inner.value)
                entries = _static_props(metadata, self.hook) if metadata.type == "ObjectExpression" else None
                if entries is None:
                    lines.append(self._metadata_loop(f"{self._copy(metadata)} || {{}}", method))
                    self.carried.append(f"`user.{kind}` of the result → api.user.{method} per key")
                    continue
                for entry, name in entries:
                    key_text = self._copy(entry.key) if entry.computed else _quote(name)
                    lines.append(f"api.user.{method}({key_text}, {self._copy(entry.value)});")
                    self.carried.append(f"{kind} `{name}` → api.user.{method}")
        return lines

    def _error(self, call: CallbackCall, error: Node) -> list[str]:
        point = self.point
        line, column = _place(self.hook, call.call)
        rows = mapping.ERRORS[point]
        if error.type == "Identifier":
            # A caught error: no prelude class can be among what the hook throws (a reference
            # to one outside a callback's `new` refuses the form), so it is "any other error".
            caught = self._copy(error)
            other = rows["Error"]
            self.carried.append(f"`{call.name}({caught})` → " + ("api.access.deny" if other.deny else "throw"))
            if not other.deny:
                self._post_note(line, column)
                return [f"throw {caught};"]
            if other.code is not None:
                return [f"api.access.deny('{other.code}', {caught}.message);"]
            return [f"api.access.deny({caught}.message, {caught}.message);"]
        cls = error.callee.name
        args = list(error.arguments)
        message = self._copy(args[0]) if args else "''"
        how = rows.get(cls, rows["Error"])
        if not how.deny:
            self._post_note(line, column)
            self.carried.append(f"`{cls}` error → throw")
            return [f"throw {self._copy(error)};" if cls == "Error" else f"throw new Error({message});"]
        if how.two_messages:
            if len(args) < 2:
                raise _Refused(f"`{cls}` on line {line} has no friendly message for `api.access.deny`")
            self.carried.append(f"`{cls}` → api.access.deny(internal, friendly)")
            return [f"api.access.deny({message}, {self._copy(args[1])});"]
        if how.code is not None:
            self.carried.append(f"`{cls}` → api.access.deny('{how.code}', message)")
            return [f"api.access.deny('{how.code}', {message});"]
        # pre-user-registration: any other error denies with its message twice
        self.carried.append(f"`{cls}` → api.access.deny(message, message)")
        if args and not _trivial(args[0]):
            name = self._fresh("message")
            return [f"const {name} = {message};", f"api.access.deny({name}, {name});"]
        return [f"api.access.deny({message}, {message});"]

    def _post_note(self, line: int, column: int) -> None:
        if self.point in (mapping.POST, mapping.PCP):
            self.notes.append(Note("behaviour-change", "post-error-logged",
                                   "the hook's error becomes a thrown error; it never affected the "
                                   "transaction and still does not (it is only logged)", line, column))

    # ----- text -----------------------------------------------------------------------

    def _span(self, node: Node) -> tuple[int, int]:
        start, end = node.range
        to_index = self.hook.source.utf16_to_index
        return to_index(start), to_index(end)

    def _copy(self, node: Node) -> str:
        """The node's text with the parameter and require edits inside it applied."""
        start, end = self._span(node)
        self.copied.append((start, end))
        if self._inner is None or self._inner.count != len(self.inner):
            self._inner = _Edits(self.inner)  # sorted once: the edits are all known before any copy
        return _apply(self.text, start, end, self._inner, self.applied)

    def _comments(self, statement: Node) -> list[str]:
        """Comments inside the replaced statement that no copied text keeps (the comments
        are indexed by start once; each statement looks up its own range)."""
        start, end = self._span(statement)
        if self._comment_spans is None:
            self._comment_spans = sorted(self._span(comment) for comment in self.hook.comments)
            self._comment_starts = [c_start for c_start, _ in self._comment_spans]
        kept = []
        for index in range(bisect_left(self._comment_starts, start), len(self._comment_spans)):
            c_start, c_end = self._comment_spans[index]  # by index: a slice copies the tail
            if c_start >= end:
                break
            if c_end <= end and not any(a <= c_start and c_end <= b for a, b in self.copied):
                kept.append(self.text[c_start:c_end])
        return kept

    def _indent(self, index: int) -> str:
        line_start = self.text.rfind("\n", 0, index) + 1
        leading = self.text[line_start:index]
        return leading if not leading.strip() else leading[: len(leading) - len(leading.lstrip())]

    def _deletion(self, start: int, end: int) -> _Edit:
        """Remove a statement, with its line when nothing else is on it."""
        line_start = self.text.rfind("\n", 0, start) + 1
        line_end = self.text.find("\n", end)
        line_end = len(self.text) if line_end == -1 else line_end
        if not self.text[line_start:start].strip() and not self.text[end:line_end].strip():
            return _Edit(line_start, min(line_end + 1, len(self.text)), "")
        return _Edit(start, end, "")

    def _header(self, statement: Node, entry: str) -> list[_Edit]:
        """The export's header becomes the entry point's (comments in it are kept before it)."""
        declared = self.declared_export
        start = self._span(statement if declared is None else self.fn)[0]
        body = self._span(self.fn.body)[0]
        comments = [self.text[a:b] for a, b in (self._span(c) for c in self.hook.comments) if start <= a and b <= body]
        prefix = "".join(f"{c} " for c in comments)
        if declared is None:
            return [_Edit(start, body, f"{prefix}exports.{entry} = async (event, api) => ")]
        return [_Edit(start, body, f"{prefix}async function {self.fn.id.name}(event, api) "),
                _Edit(*self._span(declared.left), f"exports.{entry}")]

    def _caught(self, statement: Node) -> bool:
        """Is ``statement`` in the block of a ``try`` with a ``catch``, in the hook function?"""
        child = statement
        for parent in self.hook.tree.ancestors(statement):
            if parent is self.fn:
                return False
            if parent.type == "TryStatement" and child is parent.block and parent.handler is not None:
                return True
            child = parent
        return False

    def _ends_path(self, statement: Node) -> bool:
        """Nothing of the hook function runs after ``statement`` on its path."""
        tree = self.hook.tree
        node = statement
        while True:
            parent = tree.parent(node)
            if parent is None:
                return False
            if parent.type == "BlockStatement":
                if parent.body[-1] is not node:
                    return False
                if parent is self.fn.body:
                    return True
            elif parent.type != "IfStatement":
                return False
            node = parent

    def _fresh(self, name: str) -> str:
        """``name``, or ``name2``..., so that no name of the file is shadowed or hidden."""
        candidate, n = name, 1
        while candidate in self.names:
            n += 1
            candidate = f"{name}{n}"
        return candidate


# ----- helpers ------------------------------------------------------------------------


class _Edits:
    """Edits sorted by start, with the starts for a bisect: ``_apply`` visits only those that
    begin inside its range."""

    def __init__(self, edits: list[_Edit]) -> None:
        self.count = len(edits)
        self.sorted = sorted(edits, key=lambda e: e.start)
        self.starts = [e.start for e in self.sorted]


def _apply(text: str, start: int, end: int, edits: _Edits, applied: set[int]) -> str:
    """``text[start:end]`` with the edits inside that range applied (they never overlap);
    ``applied`` collects their ids."""
    out: list[str] = []
    position = start
    for index in range(bisect_left(edits.starts, start), edits.count):  # no slice: a copy of the tail
        edit = edits.sorted[index]  # on every call would be quadratic
        if edit.start >= end:
            break
        if edit.end > end or edit.start < position:
            continue  # not inside the range, or inside an edit already applied
        out.append(text[position:edit.start])
        out.append(edit.text)
        applied.add(id(edit))
        position = edit.end
    out.append(text[position:end])
    return "".join(out)


def _own_this_scope(body: Node) -> Iterator[Node]:
    """Nodes of the hook's body that see its ``this`` and ``arguments`` (arrows do, other
    functions do not)."""
    stack = [body]
    while stack:
        node = stack.pop()
        yield node
        if node.type in FUNCTION_TYPES and node.type != "ArrowFunctionExpression":
            continue
        stack.extend(children(node))


def _derived(table: dict[mapping.Path, mapping.Field], path: mapping.Path) -> str | None:
    """The ``event`` object a parameter object maps to as a whole, when every row under it
    maps its fields to the same names under one ``event`` object (``context.request`` →
    ``event.request``)."""
    bases = set()
    for key, row in table.items():
        if len(key) <= len(path) or key[: len(path)] != path:
            continue
        suffix = "." + ".".join(key[len(path):])
        if row.event is None or not row.event.endswith(suffix):
            return None
        bases.add(row.event[: -len(suffix)])
    return bases.pop() if len(bases) == 1 else None


def _has_effects(node: Node | None) -> bool:
    return node is not None and any(n.type in _EFFECTS for n in subtree(node) if n.type not in FUNCTION_TYPES)


def _trivial(node: Node) -> bool:
    node = unwrap(node)
    return node.type in ("Literal", "Identifier") or (node.type == "TemplateLiteral" and not node.expressions)


def _static_props(literal: Node, hook: Hook) -> list[tuple[Node, str]] | None:
    out = []
    for prop in literal.properties:
        if prop.type != "Property" or prop.kind != "init" or prop.method:
            return None
        key = property_key(prop, hook.scopes)
        if key is None:
            return None
        out.append((prop, key))
    return out


def _quote(key: str) -> str:
    return "'" + json.dumps(key)[1:-1].replace("\\\"", "\"").replace("'", "\\'") + "'"


def _reindent(text: str, indent: str) -> str:
    return text.replace("\n", "\n" + indent)


def _short(text: str) -> str:
    return text if len(text) <= 40 and "\n" not in text else text.split("\n")[0][:37] + "..."


def _place(hook: Hook, node: Node) -> tuple[int, int]:
    region = hook.source.region(node)
    return region.start_line, region.start_column


def _scope_note(line: int, column: int) -> Note:
    return Note("no-equivalent", "cce-scope",
                "the hook's result sets `scope`; Actions cannot replace the token's scopes (GA), so the Action "
                "does not set it", line, column)


def _not_url_note(key: str, line: int, column: int) -> Note:
    return Note("behaviour-change", "claim-not-url",
                f"the hook's result sets `{key}`, which is not URL-named: Hooks dropped it, so the Action does "
                "not set it either", line, column)


def _unique(lines: list[str]) -> list[str]:
    return list(dict.fromkeys(lines))
