"""parse(): script first, then webtask (top-level return), module, Rules-style; errors as
values with 1-based lines and 0-based UTF-16 columns; never a traceback."""

from __future__ import annotations

import gc
import random
import sys

import pytest

from conftest import active, lint
from hooklint.js import parse as parse_mod
from hooklint.js.estree import walk
from hooklint.js.parse import ParseError, Parsed, parse, with_deep_stack
from hooklint.js.source import Source


def _ok(text: str) -> Parsed:
    parsed = parse(text)
    assert isinstance(parsed, Parsed), parsed
    return parsed


def _types(parsed: Parsed) -> set[str]:
    found: set[str] = set()
    walk(parsed.program, lambda n: found.add(n.type))
    return found


# ----- modern syntax parses as a script ------------------------------------------------


@pytest.mark.parametrize("text, node_type", [
    ("var v = a?.b?.[c]?.(d);", "ChainExpression"),
    ("var v = a ?? b;", "LogicalExpression"),
    ("a ??= 1; b ||= 2; c &&= 3;", "AssignmentExpression"),
    ("try { f(); } catch { g(); }", "TryStatement"),
    ("class A { x = 1; static y = 2; }", "PropertyDefinition"),
    ("class A { #x = 1; get() { return this.#x; } }", "PrivateIdentifier"),
    ("var n = 1_000_000;", "Literal"),
    ("async function f() { await g(); }", "AwaitExpression"),
    ("async function f(xs) { for await (const x of xs) { h(x); } }", "ForOfStatement"),
    ("var o = { ...a, b: 1 };", "SpreadElement"),
    ("module.exports = async (user, context, cb) => { const r = await fetch(u); cb(null, r); };",
     "ArrowFunctionExpression"),
])
def test_modern_syntax_parses_as_script(text, node_type):
    parsed = _ok(text)
    assert parsed.source_type == "script"
    assert node_type in _types(parsed)


def test_numeric_separator_value():
    parsed = _ok("var n = 1_000;")
    assert parsed.program.body[0].declarations[0].init.value == 1000


def test_for_await_is_marked_await():
    # esprima-fork names ESTree's `await` flag `allowAwait`.
    parsed = _ok("async function f(xs) { for await (const x of xs) {} for (const y of xs) {} }")
    awaited, plain = parsed.program.body[0].body.body
    assert awaited.type == plain.type == "ForOfStatement"
    assert awaited.allowAwait is True and plain.allowAwait is False


def test_comments_are_collected_with_locations():
    parsed = _ok("// hooklint: point=credentials-exchange\n/* b */ x;")
    assert [c.type for c in parsed.comments] == ["Line", "Block"]
    assert parsed.comments[0].value == " hooklint: point=credentials-exchange"
    assert parsed.comments[1].loc.start.line == 2


def test_options_are_fresh_each_call():
    # esprima writes into its options dict; a second parse must not inherit anything.
    first = _ok("import x from 'y';")
    second = _ok("var import_ = 1;")
    assert first.source_type == "module"
    assert second.source_type == "script"


# ----- syntax errors ---------------------------------------------------------------------


@pytest.mark.parametrize("text, line, column", [
    ("var x = ;", 1, 8),
    ("a;\nb;\n  foo(;", 3, 6),
    ("a;\r\nb;\r\nvar x = ;", 3, 8),
    ("a;\rb;\rvar x = ;", 3, 8),
    ("var s = '\U0001F600'; var = 1;", 1, 18),  # UTF-16: the emoji counts 2
])
def test_syntax_error_position(text, line, column):
    error = parse(text)
    assert isinstance(error, ParseError)
    assert (error.line, error.column) == (line, column)
    assert error.message and not error.message.startswith("Line ")


def test_syntax_error_message_is_the_description():
    error = parse("var x = ;")
    assert isinstance(error, ParseError)
    assert error.message == "Unexpected token ;"


def test_unterminated_string_is_an_error_on_its_line():
    error = parse("x;\nvar s = 'abc\n")
    assert isinstance(error, ParseError)
    assert error.line == 2


# ----- webtask, module, Rules-style ------------------------------------------------------


def test_webtask_top_level_return():
    text = "'use strict';\n\nreturn function (user, context, cb) {\n  cb();\n};\n"
    parsed = _ok(text)
    assert parsed.source_type == "webtask"
    ret = parsed.program.body[-1]
    assert ret.type == "ReturnStatement"
    assert ret.loc.start.line == 3
    assert ret.argument.type == "FunctionExpression"
    assert len(ret.argument.params) == 3
    call = ret.argument.body.body[0]
    assert (call.loc.start.line, call.loc.start.column) == (4, 2)


def test_webtask_tree_has_no_wrapper():
    # The parse wraps the text in a function; the tree every service walks must start at
    # the hook's own statements (a walk before the unwrap once kept the wrapper as the
    # program's child, so top-level code sat inside a function).
    from hooklint.js.estree import Tree

    text = ("var x = 1; // a comment, which the scan for comments finds by walking the tree\n"
            "return function (user, context, cb) {\n  cb();\n};\n")
    parsed = _ok(text)
    tree = Tree(parsed.program)
    statements = parsed.program.body
    assert [n.type for n in tree.nodes[1:3]] == ["VariableDeclaration", "VariableDeclarator"]
    assert all(tree.parent(s) is parsed.program for s in statements)
    assert tree.enclosing_function(statements[0]) is None
    assert [f.range[0] for f in tree.of_type("FunctionExpression")] == [statements[1].argument.range[0]]


def test_tree_within_gives_the_nodes_inside_only():
    from hooklint.js.estree import Tree

    parsed = _ok("var f = function () { a(); b(function () { c(); }); }.bind(this);\nd();\n")
    tree = Tree(parsed.program)
    fn = tree.of_type("FunctionExpression")[0]
    # `.bind(...)` starts where the function starts but encloses it; d() is after it
    assert [n.callee.name for n in tree.within(fn, "CallExpression")] == ["a", "b", "c"]


def test_top_level_return_with_another_error_is_not_webtask():
    # Tolerant mode must not turn a broken webtask hook into a tree.
    assert isinstance(parse("return function (user, context, cb) {\n  var = 1;\n};\n"), ParseError)


@pytest.mark.parametrize("body", ["let a; let a;", "const c = 1; var c;", "try {} catch (e) { let e; }"])
def test_webtask_hook_with_early_error_is_not_accepted(body):
    # Each body alone is rejected by the script parse (Node rejects it too).
    assert isinstance(parse(body), ParseError)
    result = parse("return function (user, context, cb) { cb(); };\n" + body + "\n")
    assert isinstance(result, ParseError)


def test_webtask_hook_with_syntax_error_reports_the_real_error():
    error = parse("return function (user, context, cb) {\n  var x = ;\n  cb();\n};\n")
    assert isinstance(error, ParseError)
    assert (error.line, error.column) == (2, 10)
    assert error.message == "Unexpected token ;"


def test_es_module():
    parsed = _ok("import x from 'y';\nexport default function () {}\n")
    assert parsed.source_type == "module"
    assert [s.type for s in parsed.program.body] == ["ImportDeclaration", "ExportDefaultDeclaration"]
    assert parsed.program.body[1].loc.start.line == 2


def test_rules_style_function_on_line_one():
    text = "function (user, context, callback) {\n  callback(null, user, context);\n}\n"
    parsed = _ok(text)
    assert parsed.source_type == "rules-style"
    fn = parsed.program.body[0].expression
    assert fn.type == "FunctionExpression"
    assert (fn.loc.start.line, fn.loc.start.column) == (1, 0)
    assert (fn.loc.end.line, fn.loc.end.column) == (3, 1)
    call = fn.body.body[0]
    assert (call.loc.start.line, call.loc.start.column) == (2, 2)
    # Ranges are offsets into the text the caller gave, not the wrapped text.
    assert text[fn.range[0]:fn.range[1]] == text.rstrip("\n")
    assert text[call.range[0]:call.range[1]] == "callback(null, user, context);"


def test_rules_style_after_leading_comments():
    text = "// A rule from the dashboard\n/* v2 */\n  function (user, context, callback) { callback(); }"
    parsed = _ok(text)
    assert parsed.source_type == "rules-style"
    fn = parsed.program.body[0].expression
    assert (fn.loc.start.line, fn.loc.start.column) == (3, 2)
    # Comments on line 1 move back by the wrapping parenthesis.
    first = parsed.comments[0]
    assert (first.loc.start.line, first.loc.start.column) == (1, 0)
    assert text[first.range[0]:first.range[1]] == "// A rule from the dashboard"


def test_rules_style_columns_on_line_one_are_true():
    text = "   function (user, context, callback) { var abc = user; callback(); }"
    source = Source(path="rule.js", text=text)
    parsed = _ok(source.text)
    ids = []
    walk(parsed.program, lambda n: ids.append(n) if n.type == "Identifier" and n.name == "abc" else None)
    assert source.region(ids[0]).start_column == text.index("abc") + 1
    assert source.slice(ids[0]) == "abc"


def test_non_rules_style_error_reports_the_script_error():
    # Not a lone function expression once wrapped: the script parse's error is reported.
    error = parse("function (user, context, callback) {}\nfunction (a) {}\n")
    assert isinstance(error, ParseError)
    assert (error.line, error.column) == (1, 9)
    error = parse("function (user) { var = 1; }")
    assert isinstance(error, ParseError)
    assert (error.line, error.column) == (1, 9)


def test_function_with_trailing_expression_is_not_rules_style():
    error = parse("function (a) {}, 1")
    assert isinstance(error, ParseError)


# ----- deep nesting ----------------------------------------------------------------------


def test_deep_array_nesting_parses_with_deep_stack():
    parsed = with_deep_stack(lambda: parse("x = " + "[" * 3000 + "]" * 3000))
    assert isinstance(parsed, Parsed)
    assert parsed.source_type == "script"


def test_runaway_nesting_is_a_parse_error_not_a_crash():
    depth = 100_000
    result = with_deep_stack(lambda: parse("if(a){" * depth + "}" * depth))
    assert isinstance(result, ParseError)
    assert "nesting" in result.message


def test_ten_thousand_nested_blocks_parse():
    # parse.py promises that 10 000 nested blocks parse on the deep stack.
    depth = 10_000
    result = with_deep_stack(lambda: parse("if(a){" * depth + "}" * depth))
    assert isinstance(result, Parsed)


def test_with_deep_stack_reraises_in_caller():
    def boom():
        raise ValueError("inside")

    with pytest.raises(ValueError, match="inside"):
        with_deep_stack(boom)
    assert with_deep_stack(lambda: 42) == 42


# ----- robustness ------------------------------------------------------------------------


def test_parse_never_raises_on_random_bytes():
    rng = random.Random(20240518)
    for _ in range(300):
        data = bytes(rng.randrange(256) for _ in range(rng.randint(0, 120)))
        text = data.decode("utf-8", errors="replace")
        result = parse(text)
        assert isinstance(result, (Parsed, ParseError)), repr(text)
        if isinstance(result, ParseError):
            assert result.line >= 1 and result.column >= 0


def test_parse_never_raises_on_javascript_like_garbage():
    pieces = ["function", "(", ")", "{", "}", "[", "]", "return", "module.exports", "=", ";", ",",
              "user", "cb", "`", "${", "'", '"', "/", "/*", "*/", "//", "\n", "\r\n", "async", "await",
              "class", "#x", "?.", "??", "=>", "import", "export", "1_0", "0x", "\U0001F600", "@@A@@",
              "\ufeff", " ", "let", "yield", "new", ".", "...", "catch", "try"]
    rng = random.Random(7)
    for _ in range(1000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 30)))
        result = parse(text)
        assert isinstance(result, (Parsed, ParseError)), repr(text)


# ----- through the engine: HL000 ---------------------------------------------------------


def test_hl000_on_error_line_with_one_based_column():
    result = lint("'use strict';\nmodule.exports = function (user, context, cb) {\n  var x = ;\n};\n", {"HL000"})
    findings = active(result, "HL000")
    assert len(findings) == 1
    region = findings[0].region
    assert (region.start_line, region.start_column) == (3, 11)  # the `;` is at 0-based column 10
    assert "Unexpected token" in findings[0].message


def test_hl000_line_true_after_bom_and_crlf():
    result = lint("\ufeffa;\r\nb;\r\nvar s = '\U0001F600'; var = 1;\r\n", {"HL000"})
    findings = active(result, "HL000")
    assert len(findings) == 1
    assert (findings[0].region.start_line, findings[0].region.start_column) == (3, 19)


def test_hl000_not_reported_for_valid_code():
    result = lint("module.exports = function (client, scope, audience, context, cb) { cb(null, {}); };",
                  {"HL000"})
    assert active(result, "HL000") == []


@pytest.fixture
def low_recursion_limit(monkeypatch):
    """A recursion limit of 20 000 instead of hooklint's 250 000, for the duration of a test.

    Runaway nesting then reaches the same RecursionError in esprima, and so the same "nesting"
    parse error, at a tenth of the depth and in a tenth of the time. That the real limit and
    stack hold 100 000 levels without a crash is test_runaway_nesting_is_a_parse_error_not_a_crash's
    job; tests that use this fixture check what follows from the parse error."""
    old = sys.getrecursionlimit()
    monkeypatch.setattr(parse_mod, "RECURSION_LIMIT", 20_000)  # or with_deep_stack raises it again
    sys.setrecursionlimit(20_000)
    yield
    sys.setrecursionlimit(old)


def test_hl000_for_runaway_nesting(low_recursion_limit):
    depth = 10_000
    result = lint("if(a){" * depth + "}" * depth, {"HL000"})
    findings = active(result, "HL000")
    assert len(findings) == 1
    assert "nesting" in findings[0].message


def test_deep_but_legitimate_nesting_is_no_hl000():
    # The engine parses on the deep stack: 3000 nested arrays are code, not an error.
    result = lint("x = " + "[" * 3000 + "]" * 3000 + ";", {"HL000"})
    assert result.analysed
    assert active(result, "HL000") == []


def test_top_level_await_in_commonjs_hook_is_reported():
    text = ("const token = await fetchToken();\n"
            "module.exports = function (client, scope, audience, context, cb) { cb(null, { scope: scope }); };\n")
    findings = active(lint(text, {"HL000", "HL100"}))
    assert [f.region.start_line for f in findings] == [1]


def test_frozen_heap_freezes_for_the_block_and_releases_after():
    gc.unfreeze()
    with parse_mod.frozen_heap():
        assert gc.get_freeze_count() > 0
    assert gc.get_freeze_count() == 0


def test_frozen_heap_inside_a_callers_freeze_leaves_it_frozen():
    # a fork_map child keeps its parent's objects frozen for life: a file's analysis must
    # not release them (gc.unfreeze releases every frozen object, not only its own)
    gc.freeze()
    try:
        frozen = gc.get_freeze_count()
        with parse_mod.frozen_heap():
            assert not gc.isenabled()  # the collector paused instead
        assert gc.get_freeze_count() == frozen
        assert gc.isenabled()
    finally:
        gc.unfreeze()
