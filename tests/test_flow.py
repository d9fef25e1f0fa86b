"""The flow service on its own: a function, a callee, and what the paths do with it."""

from __future__ import annotations

import pytest

from hooklint.js.estree import Tree
from hooklint.js.flow import FlowAnalysis, Subtrees, may_throw, terminates
from hooklint.js.parse import parse
from hooklint.js.scope import ScopeAnalysis


def analyse(body: str, params: str = "cb"):
    """Analyse `function f(<params>) { <body> }` with the parameter `cb` as the callee."""
    parsed = parse(f"module.exports = function f({params}) {{\n{body}\n}};\n")
    fn = parsed.program.body[0].expression.right
    scopes = ScopeAnalysis(parsed.program)
    tree = Tree(parsed.program)
    variable = scopes.variable(next(p for p in fn.params if getattr(p, "name", None) == "cb"))

    def target(identifier):
        ref = scopes.reference(identifier)
        return ref is not None and ref.variable is variable

    return FlowAnalysis(Subtrees(tree, scopes), target).run(fn), fn


def miss_lines(result):
    """1-based body lines (line 1 = first body line) of returns that miss; 'end' for the end."""
    return sorted(("end" if m.at_end else m.node.loc.start.line - 1) for m in result.misses if not m.at_end) + \
        (["end"] if any(m.at_end for m in result.misses) else [])


def repeat_lines(result):
    return sorted(r.call.loc.start.line - 1 for r in result.repeats)


@pytest.mark.parametrize("body", [
    "cb();",
    "return cb(null, 1);",
    "if (a) { return cb(1); } cb();",
    "if (a) cb(1); else cb();",
    "a ? cb(1) : cb();",
    "switch (x) { case 1: cb(); break; default: cb(); }",
    "try { work(); } catch (e) { return cb(e); } cb();",
    "try { work(); } finally { cb(); }",
    "request(opts, cb);",
    "request(opts, function (err, res) { cb(err, res); });",
    "p.then(function (r) { cb(null, r); }, cb);",
    "process.nextTick(cb);",
    "setTimeout(function () { cb(); }, 10);",
    "cb.call(null, 1);",
    "cb.apply(null, [1]);",
    "cb?.();",
    "process.exit(1);",
    "throw new Error('x');",
    "while (true) { work(); }",
    "function finish() { cb(); } finish();",
    "const finish = () => cb(); if (a) return finish(); finish();",
    "for (;;) { if (a) return cb(); }",
    "outer: for (const x of xs) { for (const y of ys) { if (y) break outer; } } cb();",
])
def test_called_on_every_path(body):
    result, _ = analyse(body)
    assert result.misses == [], [(m.node.type, m.why) for m in result.misses]


@pytest.mark.parametrize("body, lines", [
    ("if (a) { return; }\ncb();", [1]),
    ("if (a) { cb(); }", ["end"]),
    ("switch (x) { case 1: cb(); break; }", ["end"]),
    ("for (const x of xs) { if (x) return cb(); }", ["end"]),
    ("while (a) { cb(); break; }", ["end"]),
    ("do { if (a) { cb(); break; } } while (b);", ["end"]),
    ("try { work(); cb(); } catch (e) { log(e); }", ["end"]),
    ("if (a) {\n  return 1;\n}\nif (b) {\n  return;\n}\ncb();", [2, 5]),
    ("work(function () { log(); });", ["end"]),  # an unknown call that is not given cb
    ("lbl: { if (a) break lbl; return cb(); }", ["end"]),
])
def test_misses(body, lines):
    result, _ = analyse(body)
    assert miss_lines(result) == lines


def test_miss_says_which_branch():
    result, _ = analyse("if (res.statusCode >= 400) {\n  return;\n}\ncb();")
    [miss] = result.misses
    assert miss.why == ("`res.statusCode >= 400` is true", 2)


def test_falls_off_when_condition_false():
    result, fn = analyse("if (user.email) {\n  cb();\n}")
    [miss] = result.misses
    assert miss.at_end and miss.function is fn
    assert miss.why == ("`user.email` is false", 2)


def test_continuation_misses_are_reported_in_the_continuation():
    result, fn = analyse("request(opts, function (err, res) {\n  if (err) return;\n  cb(null, res);\n});")
    [miss] = result.misses
    assert miss.function is not fn and not miss.at_end
    assert miss.node.loc.start.line == 3
    assert len(result.continuations) == 1


def test_rejection_handler_of_a_chain_must_call():
    result, fn = analyse("p.then(function (r) { cb(null, r); }).catch(function (e) {\n  log(e);\n});")
    [miss] = result.misses
    assert miss.at_end and miss.function is not fn


def test_event_handlers_need_not_call():
    result, _ = analyse("req.on('data', function (c) { if (c.length > 9) cb(new Error()); });\n"
                        "req.on('end', function () { cb(null); });")
    assert result.misses == [] and result.repeats == []


def test_helper_calling_on_some_paths_is_a_maybe_not_a_miss():
    result, _ = analyse("function finish(x) { if (x) cb(null, x); }\nfinish(token);")
    assert result.misses == []


def test_recursive_helper_is_assumed_to_call():
    body = ("function attempt(n) {\n  request(o, function (err, res) {\n    if (err && n > 0) return attempt(n - 1);\n"
            "    cb(err, res);\n  });\n}\nattempt(3);")
    result, _ = analyse(body)
    assert result.misses == []


def test_delegation_to_a_local_function_is_listed():
    result, _ = analyse("function notify(user, done) { done(); }\nnotify(u, cb);")
    [(fn, index, call)] = result.delegations
    assert fn.id.name == "notify" and index == 1


@pytest.mark.parametrize("body, lines", [
    ("if (a) {\n  cb(1);\n}\ncb();", [4]),
    ("for (const x of xs) {\n  cb(x);\n}", [2]),
    ("for (const x of xs) {\n  if (x) cb(x);\n}\ncb();", [2, 4]),
    ("try {\n  cb(null, 1);\n  log();\n} catch (e) {\n  cb(e);\n}", [5]),
    ("request(o, function () { cb(); });\ncb();", [2]),
    ("cb();\nrequest(o, function () {\n  cb();\n});", [3]),  # the call that runs second
    ("xs.forEach(function (x) {\n  cb(x);\n});", [2]),
    ("cb();\nrequest(o, cb);", [2]),
    ("try {\n  cb();\n} finally {\n  cb();\n}", [4]),
    ("function finish() { cb(); }\nfinish();\ncb();", [3]),
])
def test_repeats(body, lines):
    result, _ = analyse(body)
    assert repeat_lines(result) == lines


@pytest.mark.parametrize("body", [
    "if (a) { return cb(1); }\ncb();",
    "a ? cb(1) : cb(2);",
    "err && cb(err);",  # one call at most (and a miss, which is not this test's business)
    "try {\n  var t = build();\n  cb(null, t);\n} catch (e) {\n  cb(e);\n}",
    "p.then(function (r) { cb(null, r); }).catch(function (e) { cb(e); });",
    "req.on('error', function (e) { cb(e); });\nres.on('end', function () { cb(null); });",
    "for (const x of xs) {\n  if (x) { cb(x); break; }\n}",
    "switch (x) { case 1: return cb(1); case 2: cb(2); break; default: cb(); }",
    "cb();\nprocess.exit(0);",
])
def test_no_repeats(body):
    result, _ = analyse(body)
    assert result.repeats == [], repeat_lines(result)


def test_throws_outside_try_are_uncaught():
    result, fn = analyse("if (a) {\n  throw new Error('x');\n}\n"
                         "try { throw new Error('y'); } catch (e) { cb(e); }\ncb();")
    assert [(t.loc.start.line - 1, f is fn) for t, f in result.uncaught] == [(2, True)]


@pytest.mark.parametrize("code, expected", [
    ("a = 1", False), ("f()", True), ("a.b", True), ("new X()", True), ("function g() { f(); }", False),
])
def test_may_throw(code, expected):
    node = parse(code + ";").program.body[0]
    assert may_throw(node) is expected


def first_statement(code: str):
    """The first statement of ``code``, written in the body of a loop labelled ``outer`` in a
    function (so that ``return``, ``break``, ``break outer`` and ``continue`` parse)."""
    parsed = parse(f"function f() {{ outer: while (a) {{ {code} }} }}")
    return parsed.program.body[0].body.body[0].body.body.body[0]


@pytest.mark.parametrize("code, leaves, leaves_loop", [
    ("return;", True, True),
    ("return cb(null);", True, True),
    ("throw new Error('x');", True, True),
    ("process.exit(1);", True, True),
    ("process.exit();", True, True),
    ("process?.exit(1);", True, True),
    ("{ log(); return; }", True, True),
    ("{ log(); process.exit(1); }", True, True),
    ("{ { throw e; } }", True, True),
    ("if (a) return; else throw e;", True, True),
    ("if (a) { process.exit(1); } else { return; }", True, True),
    ("if (a) return;", False, False),
    ("if (a) process.exit(1);", False, False),
    ("if (a) return; else log();", False, False),
    ("break;", False, True),
    ("{ log(); break; }", False, True),
    ("if (a) break; else return;", False, True),
    ("break outer;", False, False),  # a labelled break: not "leaves this loop" in general
    ("continue;", False, False),
    ("log();", False, False),
    ("exit(1);", False, False),
    ("process.exitCode = 1;", False, False),
    ("a && process.exit(1);", False, False),
    ("var x = process.exit;", False, False),
    ("function g() { return; }", False, False),
    ("while (b) { return; }", False, False),
    ("try { return; } catch (e) {}", False, False),
])
def test_terminates(code, leaves, leaves_loop):
    statement = first_statement(code)
    assert terminates(statement) is leaves
    assert terminates(statement, loop=True) is leaves_loop


def test_nothing_terminates():
    assert terminates(None) is False
    assert terminates(None, loop=True) is False


def test_deep_nesting_does_not_blow_the_stack():
    from hooklint.js.parse import with_deep_stack

    body = "if (a) {" * 2000 + "cb();" + "}" * 2000
    result, _ = with_deep_stack(lambda: analyse(body))
    assert [m.at_end for m in result.misses] == [True]
