"""ScopeAnalysis: declarations, references, reassignments, shadowing (ES2015+ scoping)."""

from __future__ import annotations

import pytest

from hooklint.js.estree import walk
from hooklint.js.parse import ParseError, parse
from hooklint.js.scope import ScopeAnalysis


def analyse(text: str):
    parsed = parse(text)
    assert not isinstance(parsed, ParseError), parsed
    return parsed, ScopeAnalysis(parsed.program)


def identifiers(program, name: str) -> list:
    """Every Identifier called ``name``, in source order."""
    found = []
    walk(program, lambda n: found.append(n) if n.type == "Identifier" and n.name == name else None)
    return sorted(found, key=lambda n: n.range[0])


def first(program, node_type: str):
    found = []
    walk(program, lambda n: found.append(n) if n.type == node_type else None)
    assert found, node_type
    return found[0]


def through_names(scopes: ScopeAnalysis) -> set[str]:
    return {ref.identifier.name for ref in scopes.unresolved()}


# ----- var hoisting ----------------------------------------------------------------------


def test_var_is_hoisted_to_the_function_scope():
    parsed, scopes = analyse(
        "function f(c) {\n"
        "  use(x);\n"
        "  if (c) { for (;;) { var x = 1; } }\n"
        "  return x;\n"
        "}\n")
    fn = first(parsed.program, "FunctionDeclaration")
    xs = identifiers(parsed.program, "x")
    assert len(xs) == 3
    variable = scopes.variable(xs[0])
    assert variable is not None and variable.kind == "var"
    assert all(scopes.variable(x) is variable for x in xs)
    assert variable.scope is scopes.scope_of(fn)
    assert "x" not in scopes.scope_of(fn).parent.variables
    assert "x" not in through_names(scopes)


def test_assignment_before_var_declaration_writes_the_var():
    parsed, scopes = analyse("function f() { x = 2; var x = 1; return x; }")
    write = identifiers(parsed.program, "x")[0]
    ref = scopes.reference(write)
    assert ref is not None and ref.is_write and not ref.is_read
    assert ref.variable is scopes.variable(identifiers(parsed.program, "x")[1])
    assert ref.variable.is_reassigned
    assert list(scopes.unresolved("x")) == []


def test_var_in_nested_function_does_not_leak():
    parsed, scopes = analyse("function outer() { function inner() { var y = 1; } return y; }")
    ys = identifiers(parsed.program, "y")
    assert scopes.variable(ys[0]).kind == "var"
    assert scopes.variable(ys[1]) is None
    assert [r.identifier for r in scopes.unresolved("y")] == [ys[1]]


# ----- let / const / shadowing -----------------------------------------------------------


def test_let_and_const_are_block_scoped():
    parsed, scopes = analyse("function f() {\n  { let y = 1; const z = 2; use(y, z); }\n  return [y, z];\n}\n")
    ys = identifiers(parsed.program, "y")
    zs = identifiers(parsed.program, "z")
    block = parsed.program.body[0].body.body[0]
    assert block.type == "BlockStatement"
    assert scopes.scope_of(block).kind == "block"
    assert scopes.variable(ys[1]).kind == "let" and scopes.variable(ys[1]).scope is scopes.scope_of(block)
    assert scopes.variable(zs[1]).kind == "const"
    assert scopes.variable(ys[2]) is None and scopes.variable(zs[2]) is None
    assert {"y", "z"} <= through_names(scopes)


def test_inner_cb_shadows_the_callback_parameter():
    parsed, scopes = analyse(
        "module.exports = function (user, context, cb) {\n"
        "  { const cb = function () {}; cb(); }\n"
        "  cb(null, user);\n"
        "};\n")
    param, inner_decl, inner_call, outer_call = identifiers(parsed.program, "cb")
    outer = scopes.variable(param)
    inner = scopes.variable(inner_decl)
    assert outer is not None and inner is not None and outer is not inner
    assert outer.kind == "param" and inner.kind == "const"
    assert scopes.variable(inner_call) is inner
    assert scopes.variable(outer_call) is outer
    assert [r.identifier for r in outer.reads] == [outer_call]
    assert [r.identifier for r in inner.reads] == [inner_call]


def test_parameter_shadows_outer_variable():
    parsed, scopes = analyse("var cb = 1;\nfunction f(cb) { return cb; }\nuse(cb);")
    decl, param, inside, outside = identifiers(parsed.program, "cb")
    assert scopes.variable(inside) is scopes.variable(param)
    assert scopes.variable(outside) is scopes.variable(decl)
    assert scopes.variable(param) is not scopes.variable(decl)


# ----- parameters ------------------------------------------------------------------------


def test_params_are_declared_in_the_function_scope():
    parsed, scopes = analyse("module.exports = function (client, scope, audience, context, cb) { cb(); };")
    fn = first(parsed.program, "FunctionExpression")
    function_scope = scopes.scope_of(fn)
    assert function_scope.kind == "function"
    names = ["client", "scope", "audience", "context", "cb"]
    assert list(function_scope.variables) == names
    assert {v.kind for v in function_scope.variables.values()} == {"param"}
    # The function body shares the function scope (no extra block scope).
    assert scopes.scope_of(fn.body) is function_scope
    for param in fn.params:
        assert scopes.variable(param) is function_scope.variables[param.name]


def test_destructured_and_rest_params_are_declared():
    parsed, scopes = analyse("function f({ a, b: [c] }, d = 1, ...rest) { return a + c + d + rest; }")
    fn = parsed.program.body[0]
    variables = scopes.scope_of(fn).variables
    assert set(variables) == {"a", "c", "d", "rest"}
    assert all(v.kind == "param" for v in variables.values())
    assert all(len(v.reads) == 1 for v in variables.values())
    assert "b" not in variables


def test_default_params_read_outer_names_and_earlier_params():
    parsed, scopes = analyse("const fallback = 'x';\nfunction f(a = fallback, b = a) { return b; }")
    fallback = scopes.global_scope.variables["fallback"]
    assert len(fallback.reads) == 1
    a_decl, a_default = identifiers(parsed.program, "a")
    assert scopes.variable(a_default) is scopes.variable(a_decl)
    assert scopes.variable(a_default).kind == "param"


# ----- constant values -------------------------------------------------------------------


def _variable(text: str, name: str, index: int = 0):
    parsed, scopes = analyse(text)
    variable = scopes.variable(identifiers(parsed.program, name)[index])
    assert variable is not None
    return variable


def test_constant_value_of_const():
    value = _variable("const NS = 'https://example.com/';\nuse(NS + 'roles');", "NS").constant_value()
    assert value is not None and value.type == "Literal" and value.value == "https://example.com/"


def test_constant_value_of_never_reassigned_var_and_let():
    assert _variable("var n = 42; use(n);", "n").constant_value().value == 42
    assert _variable("let s = 'a'; use(s);", "s").constant_value().value == "a"


@pytest.mark.parametrize("write", [
    "x = 2;",
    "x++;",
    "--x;",
    "x += 1;",
    "x ??= 1;",
    "for (x in o) {}",
    "for (x of o) {}",
    "[x] = arr;",
    "({ x } = obj);",
    "({ k: x } = obj);",
    "function later() { x = 3; }",
])
def test_constant_value_is_none_when_reassigned(write):
    variable = _variable(f"var x = 1;\n{write}\nuse(x);", "x")
    assert variable.is_reassigned
    assert variable.constant_value() is None


@pytest.mark.parametrize("text", [
    "const { x } = obj;",
    "const [x] = arr;",
    "const { a: { x } } = obj;",
])
def test_constant_value_is_none_for_destructured_declarations(text):
    # In `{ x }` the key comes first and is no reference; the value declares `x`.
    variable = _variable(text, "x", index=-1)
    assert variable.kind == "const"
    assert not variable.is_reassigned
    assert variable.constant_value() is None


def test_constant_value_is_none_for_redeclared_var_and_missing_initialiser():
    assert _variable("var x = 1; var x = 2;", "x").constant_value() is None
    assert _variable("let y; use(y);", "y").constant_value() is None


def test_constant_value_of_function_and_class_declarations():
    parsed, scopes = analyse("function hook(user, context, cb) { cb(); }\nclass C {}\nmodule.exports = hook;")
    hook = scopes.global_scope.variables["hook"]
    assert hook.kind == "function"
    assert hook.constant_value() is parsed.program.body[0]
    assert scopes.global_scope.variables["C"].constant_value() is parsed.program.body[1]


def test_constant_value_is_none_for_reassigned_function():
    parsed, scopes = analyse("function f(a) { return a; }\nf = null;")
    assert scopes.global_scope.variables["f"].constant_value() is None


def test_constant_value_is_none_for_params_of_function_expressions_and_arrows():
    parsed, scopes = analyse("var g = function (a) { return a; };\nvar h = (b) => b;")
    functions = [d.declarations[0].init for d in parsed.program.body]
    assert scopes.scope_of(functions[0]).variables["a"].constant_value() is None
    assert scopes.scope_of(functions[1]).variables["b"].constant_value() is None


def test_constant_value_is_none_for_params_of_function_declarations():
    parsed, scopes = analyse("function hook(client, scope, audience, context, cb) { var s = scope; cb(); }")
    variables = scopes.scope_of(parsed.program.body[0]).variables
    assert variables["scope"].kind == "param"
    assert variables["scope"].constant_value() is None


# ----- references -------------------------------------------------------------------------


def test_undeclared_names_end_in_through():
    parsed, scopes = analyse(
        "module.exports = function (user, context, cb) {\n"
        "  request.get(url, function (err) { cb(err); });\n"
        "};\n")
    refs = list(scopes.unresolved("request"))
    assert len(refs) == 1
    assert refs[0].identifier.loc.start.line == 2 and refs[0].is_read and refs[0].variable is None
    assert through_names(scopes) == {"module", "request", "url"}


def test_required_module_is_not_through():
    _, scopes = analyse("const request = require('request');\nrequest.get(u);")
    assert list(scopes.unresolved("request")) == []
    assert {r.identifier.name for r in scopes.unresolved()} == {"require", "u"}


def test_property_keys_are_not_references():
    parsed, scopes = analyse(
        "a.b;\n"
        "var o = { b: 1, 'c': 2, b() {}, get b() { return 1; } };\n"
        "class C { b() {} static b = 1; }\n"
        "a?.b;\n")
    for b in identifiers(parsed.program, "b"):
        assert scopes.reference(b) is None
        assert scopes.variable(b) is None
    assert "b" not in through_names(scopes)
    assert "a" in through_names(scopes)


def test_computed_keys_are_references():
    parsed, scopes = analyse("var k = 'x';\na[k];\nvar o = { [k]: 1 };\nclass C { [k]() {} }")
    k = scopes.global_scope.variables["k"]
    assert len(k.reads) == 3


def test_shorthand_property_reads_the_variable():
    parsed, scopes = analyse("const a = 1;\nconst o = { a };\n")
    a = scopes.global_scope.variables["a"]
    assert len(a.reads) == 1
    read = a.reads[0]
    assert read.identifier.loc.start.line == 2 and not read.is_write


def test_destructuring_assignment_writes_each_target():
    parsed, scopes = analyse("let a = 0, b = 0;\n({ a, b } = obj);\n")
    a = scopes.global_scope.variables["a"]
    b = scopes.global_scope.variables["b"]
    for variable in (a, b):
        assert len(variable.writes) == 1
        assert variable.writes[0].identifier.loc.start.line == 2
        assert variable.reads == []
        assert variable.writes[0].writer.type == "AssignmentExpression"
    assert "obj" in through_names(scopes)


def test_update_and_compound_assignment_read_and_write():
    parsed, scopes = analyse("var n = 0; n++; n += 2; n = 5;")
    n = scopes.global_scope.variables["n"]
    kinds = [(r.is_read, r.is_write, r.is_init) for r in n.references]
    assert kinds == [(False, True, True), (True, True, False), (True, True, False), (False, True, False)]
    assert n.references[1].writer.type == "UpdateExpression"


def test_declaration_without_initialiser_is_not_a_write():
    _, scopes = analyse("var n;")
    assert scopes.global_scope.variables["n"].references == []


# ----- catch, named function expressions, arrows, classes, labels, loops -----------------


def test_catch_param_is_scoped_to_the_clause():
    parsed, scopes = analyse("try { f(); } catch (e) { log(e); }\nlog(e);")
    decl, inside, outside = identifiers(parsed.program, "e")
    variable = scopes.variable(decl)
    assert variable.kind == "catch"
    assert scopes.variable(inside) is variable
    clause = first(parsed.program, "CatchClause")
    assert variable.scope is scopes.scope_of(clause)
    assert scopes.scope_of(clause).kind == "catch"
    assert scopes.variable(outside) is None
    assert len(list(scopes.unresolved("e"))) == 1


def test_destructured_catch_param():
    parsed, scopes = analyse("try {} catch ({ message }) { log(message); }")
    message = identifiers(parsed.program, "message")
    assert scopes.variable(message[-1]).kind == "catch"


def test_optional_catch_binding():
    parsed, scopes = analyse("try { a(); } catch { b(); }")
    clause = first(parsed.program, "CatchClause")
    assert scopes.scope_of(clause).kind == "catch"
    assert scopes.scope_of(clause).variables == {}
    assert through_names(scopes) == {"a", "b"}


def test_named_function_expression_sees_its_own_name():
    parsed, scopes = analyse("var g = function fact(n) { return n ? n * fact(n - 1) : 1; };\nfact(3);")
    name, recursive, outside = identifiers(parsed.program, "fact")
    variable = scopes.variable(recursive)
    assert variable is not None and variable.kind == "function-name"
    assert scopes.variable(name) is variable
    assert scopes.variable(outside) is None
    assert len(list(scopes.unresolved("fact"))) == 1


def test_parameter_shadows_function_expression_name():
    parsed, scopes = analyse("(function f(f) { return f; });")
    _, param, body_ref = identifiers(parsed.program, "f")
    assert scopes.variable(body_ref) is scopes.variable(param)
    assert scopes.variable(body_ref).kind == "param"


@pytest.mark.parametrize("declaration, kind", [("let f = 1;", "let"), ("var f = 1;", "var")])
def test_body_declaration_shadows_function_expression_name(declaration, kind):
    parsed, scopes = analyse(f"(function f() {{ {declaration} return f; }});")
    body_ref = identifiers(parsed.program, "f")[-1]
    variable = scopes.variable(body_ref)
    assert variable.kind == kind
    assert variable.constant_value() is not None and variable.constant_value().value == 1


def test_arrow_with_expression_body():
    parsed, scopes = analyse("const f = (x, { y }) => x + y + z;")
    arrow = first(parsed.program, "ArrowFunctionExpression")
    inner = scopes.scope_of(arrow)
    assert inner.kind == "function"
    assert set(inner.variables) == {"x", "y"}
    assert all(len(v.reads) == 1 for v in inner.variables.values())
    assert through_names(scopes) == {"z"}


def test_class_fields_private_names_and_static_blocks():
    parsed, scopes = analyse(
        "class Counter {\n"
        "  #count = START;\n"
        "  static limit = LIMIT;\n"
        "  static { var hidden = SEED; }\n"
        "  inc() { return this.#count++; }\n"
        "  has(o) { return #count in o; }\n"
        "}\n")
    assert scopes.global_scope.variables["Counter"].kind == "class"
    assert through_names(scopes) == {"START", "LIMIT", "SEED"}
    assert "hidden" not in scopes.global_scope.variables


def test_class_expression_name_is_visible_inside_only():
    parsed, scopes = analyse("const A = class B { m() { return B; } };\nB;")
    _, inside, outside = identifiers(parsed.program, "B")
    assert scopes.variable(inside).kind == "class-name"
    assert scopes.variable(outside) is None


def test_labels_are_not_references():
    parsed, scopes = analyse("outer: for (;;) { inner: while (x) { continue outer; break inner; } }")
    for name in ("outer", "inner"):
        for label in identifiers(parsed.program, name):
            assert scopes.reference(label) is None
    assert through_names(scopes) == {"x"}


def test_for_let_is_scoped_to_the_loop():
    parsed, scopes = analyse(
        "for (let i = 0; i < 3; i++) { fns.push(() => i); }\n"
        "use(i);\n"
        "for (var j = 0; j < 3; j++) {}\n"
        "use(j);\n")
    loop = first(parsed.program, "ForStatement")
    ids = identifiers(parsed.program, "i")
    variable = scopes.variable(ids[0])
    assert variable.kind == "let" and variable.scope is scopes.scope_of(loop)
    assert scopes.scope_of(loop).kind == "for"
    assert all(scopes.variable(i) is variable for i in ids[:-1])
    assert scopes.variable(ids[-1]) is None
    assert variable.is_reassigned
    j = identifiers(parsed.program, "j")
    assert scopes.variable(j[-1]) is scopes.global_scope.variables["j"]


def test_for_of_const_binding_per_loop():
    parsed, scopes = analyse("for (const { id } of users) { log(id); }\nlog(id);")
    ids = identifiers(parsed.program, "id")
    assert scopes.variable(ids[-2]).kind == "const"
    assert scopes.variable(ids[-1]) is None
    assert "users" in through_names(scopes)


def test_switch_cases_share_one_scope():
    parsed, scopes = analyse("switch (k) { case 1: let y = 1; break; default: use(y); }\nuse(y);")
    ys = identifiers(parsed.program, "y")
    assert scopes.variable(ys[1]) is scopes.variable(ys[0])
    assert scopes.variable(ys[0]).scope.kind == "switch"
    assert scopes.variable(ys[2]) is None


# ----- modules ---------------------------------------------------------------------------


def test_import_declarations_in_module_code():
    parsed, scopes = analyse(
        "import fs from 'fs';\n"
        "import { a as b } from 'm';\n"
        "import * as ns from 'n';\n"
        "fs.readFileSync(p); b(); ns.x; a;\n")
    assert parsed.source_type == "module"
    assert scopes.global_scope.kind == "module"
    variables = scopes.global_scope.variables
    assert {name: v.kind for name, v in variables.items()} == {"fs": "import", "b": "import", "ns": "import"}
    assert all(len(v.reads) == 1 for v in variables.values())
    assert through_names(scopes) == {"p", "a"}


def test_export_specifier_reads_local():
    parsed, scopes = analyse("const x = 1;\nexport { x as y };\n")
    assert parsed.source_type == "module"
    assert len(scopes.global_scope.variables["x"].reads) == 1
    assert "y" not in through_names(scopes)


def test_reexport_does_not_read_local_binding():
    parsed, scopes = analyse("const x = 1;\nexport { x } from 'mod';\n")
    assert parsed.source_type == "module"
    assert scopes.global_scope.variables["x"].reads == []
