"""The flow service's Action question (which call sites are reached on a path where a target
call has already happened), the Action path service on it (``actions/paths.py``), and the
rules that ask it: HL115 (code-after-deny), HL119 (redirect-and-render), HL223
(primary-user-with-metadata)."""

from __future__ import annotations

import pytest

from hooklint.js.estree import Tree, member_path, unwrap
from hooklint.js.flow import FlowAnalysis, Subtrees
from hooklint.js.parse import parse
from hooklint.js.scope import ScopeAnalysis

# ----- the flow service: observed call sites -------------------------------------------------


def reached(body: str, members: bool = True, observe: bool = True) -> dict[int, str]:
    """Analyse `async function f(api, items) { <body> }` with `api.deny(...)` as the target and
    every `api.*` call (other than the target's own path checks) as observed; the observed sites
    reached, by body line (1 = first line): "definitely", "maybe" or "before"."""
    parsed = parse(f"module.exports = async function f(api, items) {{\n{body}\n}};\n")
    fn = parsed.program.body[0].expression.right
    scopes = ScopeAnalysis(parsed.program)
    tree = Tree(parsed.program)

    def target(node):
        return member_path(node) == "api.deny"

    def observed(call):
        return (member_path(unwrap(call.callee)) or "").startswith("api.")

    analysis = FlowAnalysis(Subtrees(tree, scopes), target, observe=observed if observe else None, members=members)
    result = analysis.run(fn)
    out = {}
    for item in result.reached.values():
        state = "definitely" if item.definitely else "maybe" if item.maybe else "before"
        line = item.call.loc.start.line - 1
        assert out.get(line, state) == state, "one site per line in these tests"
        out[line] = state
    return out


@pytest.mark.parametrize("body, expected", [
    ("api.deny('x');\napi.set(1);", {1: "before", 2: "definitely"}),
    ("if (a) api.deny('x');\napi.set(1);", {1: "before", 2: "maybe"}),
    ("if (a) return api.deny('x');\napi.set(1);", {1: "before", 2: "before"}),
    ("if (a) {\n  api.deny('x');\n} else {\n  api.set(1);\n}", {2: "before", 4: "before"}),
    ("api.set(1);\napi.deny('x');", {1: "before", 2: "before"}),
    ("const { log } = console;\napi.deny('x');\nlog('denied');", {2: "before"}),  # not observed: not recorded
    # a second target call is an observed site too (the rules decide what it means)
    ("api.deny('x');\napi.deny('y');", {1: "before", 2: "definitely"}),
    # loops: the second iteration runs after the first's call
    ("for (const i of items) {\n  if (i) api.deny(i);\n}\napi.set(1);", {2: "maybe", 4: "maybe"}),
    ("for (const i of items) {\n  if (i.bad) api.deny(i);\n  api.set(i);\n}", {2: "maybe", 3: "maybe"}),
    ("while (true) {\n  api.deny('x');\n  break;\n}\napi.set(1);", {2: "before", 5: "definitely"}),
    # try/finally: the finally runs after the return
    ("try {\n  api.deny('x');\n  return;\n} finally {\n  api.set(1);\n}", {2: "before", 5: "definitely"}),
    # nothing after the call can throw into the catch: its paths have not called it
    ("try {\n  await work();\n  api.deny('x');\n} catch (e) {\n  api.set(1);\n}", {3: "before", 5: "before"}),
    # the call itself may throw (before it counts), and what follows it may
    ("try {\n  api.deny('x');\n  await work();\n} catch (e) {\n  api.set(1);\n}", {2: "before", 5: "maybe"}),
    ("switch (x) {\n  case 1: api.deny('x');\n  case 2: api.set(1);\n}", {2: "before", 3: "maybe"}),
    ("a ? api.deny('x') : api.set(1);", {1: "before"}),
])
def test_reached_after_the_target(body, expected):
    assert reached(body) == expected


def test_helpers_are_followed_and_count_at_the_call_site():
    # a local function that calls the target on every path is a call of it
    body = "function reject() {\n  api.deny('x');\n}\nif (a) reject();\napi.set(1);"
    assert reached(body) == {4: "before", 5: "maybe"}
    # an observed call inside a helper is reached at the helper's call site, not inside it
    body = "function notify() {\n  api.set(1);\n}\napi.deny('x');\nnotify();"
    assert reached(body) == {4: "before", 5: "definitely"}
    # through a cycle of helpers (`a` -> `b` -> `a`): `a` reaches the observed call in `b`
    body = "function a() {\n  if (x) b();\n}\nfunction b() {\n  api.set(1);\n  a();\n}\napi.deny('x');\na();"
    assert reached(body) == {8: "before", 9: "definitely"}
    # a helper that holds no observed call is not a site
    body = "function log() {\n  console.log(1);\n}\napi.deny('x');\nlog();"
    assert reached(body) == {4: "before"}


def test_functions_handed_to_a_call_run_after_it():
    body = "api.deny('x');\nawait Promise.all(items.map(async (i) => {\n  await api.set(i);\n}));"
    assert reached(body) == {1: "before", 3: "definitely"}
    body = "if (a) api.deny('x');\n(async () => {\n  api.set(1);\n})();"
    assert reached(body) == {1: "before", 3: "maybe"}


def test_a_target_call_handed_to_a_continuation_happens_later():
    # the deny runs when the promise settles: the next statement is not after it
    body = "work().then(() => {\n  api.deny('x');\n});\napi.set(1);"
    assert reached(body) == {2: "before", 4: "before"}
    # inside the continuation, what follows it is
    body = "work().then(() => {\n  api.deny('x');\n  api.set(1);\n});"
    assert reached(body) == {2: "before", 3: "definitely"}


def test_reached_names_the_target_call():
    parsed = parse("module.exports = async function f(api) {\n"
                   "if (a) api.deny('a');\nelse api.deny('b');\napi.set(1);\n};\n")
    fn = parsed.program.body[0].expression.right
    scopes = ScopeAnalysis(parsed.program)
    tree = Tree(parsed.program)
    result = FlowAnalysis(Subtrees(tree, scopes), lambda n: member_path(n) == "api.deny",
                          observe=lambda c: member_path(unwrap(c.callee)) == "api.set", members=True).run(fn)
    [item] = result.reached.values()
    assert item.definitely and item.maybe
    assert item.after is not None and item.after.loc.start.line == 2  # states of one count merge: the first kept


def test_without_members_or_observe_nothing_changes():
    # a member target is only matched with `members`
    assert reached("api.deny('x');\napi.set(1);", members=False) == {1: "before", 2: "before"}
    # no observer, no sites
    assert reached("api.deny('x');\napi.set(1);", observe=False) == {}


# ----- HL115 code-after-deny ------------------------------------------------------------------

from conftest import active, lint  # noqa: E402  (after the flow tests, which need no engine)

from hooklint.actions.paths import after_deny, calls_after_deny  # noqa: E402
from hooklint.js.source import Source  # noqa: E402
from hooklint.run.engine import build_program  # noqa: E402


def fired(text: str, rule: str) -> list:
    result = lint(text, {rule}, path="action.js")
    assert result.kind == "action"
    return active(result, rule)


def apply(text: str, fix) -> str:
    """The text with a fix's edits made (ASCII text: UTF-16 columns are indexes)."""
    lines = text.split("\n")
    for edit in sorted(fix.edits, key=lambda e: (e.region.start_line, e.region.start_column), reverse=True):
        region = edit.region
        assert (region.start_line, region.start_column) == (region.end_line, region.end_column)  # an insertion
        line = lines[region.start_line - 1]
        lines[region.start_line - 1] = line[: region.start_column - 1] + edit.text + line[region.start_column - 1:]
    return "\n".join(lines)


DENY_THEN_CLAIM = """exports.onExecutePostLogin = async (event, api) => {
  if (event.user.blocked) {
    api.access.deny('blocked');
    console.log('denied');
  }
  api.idToken.setCustomClaim('https://example.com/a', 1);
};"""


def test_hl115_fix_returns_at_the_deny_and_then_nothing_fires():
    [finding] = fired(DENY_THEN_CLAIM, "HL115")
    assert (finding.region.start_line, finding.region.start_column) == (6, 3)
    assert "after `api.access.deny(…)` (line 3)" in finding.message and "on a path" in finding.message
    assert finding.fix is not None
    fixed = apply(DENY_THEN_CLAIM, finding.fix)
    assert "    return api.access.deny('blocked');\n    console.log('denied');" in fixed
    assert fired(fixed, "HL115") == []


@pytest.mark.parametrize("body", [
    # the deny is the last statement of its block: `return` there would change nothing
    "if (event.user.blocked) {\n    api.access.deny('blocked');\n  }\n  api.idToken.setCustomClaim('k', 1);",
    # a deny in a helper: the call is not a deny itself
    "reject(api);\n  api.idToken.setCustomClaim('k', 1);",
    # not a statement of its own
    "const denied = api.access.deny('blocked');\n  api.idToken.setCustomClaim('k', denied);",
])
def test_hl115_no_fix_when_it_is_not_certain(body):
    text = ("function reject(api) { api.access.deny('no'); }\n"
            f"exports.onExecutePostLogin = async (event, api) => {{\n  {body}\n}};")
    [finding] = fired(text, "HL115")
    assert finding.fix is None


def test_hl115_one_finding_per_deny_at_the_first_call():
    text = """exports.onExecutePostLogin = async (event, api) => {
  if (event.user.a) api.access.deny('a');
  api.idToken.setCustomClaim('k', 1);
  if (event.user.b) api.access.deny('b');
  api.idToken.setCustomClaim('j', 1);
};"""
    # the first deny's first call is line 3; the second deny's, line 5
    assert [f.region.start_line for f in fired(text, "HL115")] == [3, 5]


def test_hl115_a_deny_after_a_deny_is_not_reported():
    text = """exports.onExecutePreUserRegistration = async (event, api) => {
  if (!event.user.email) api.access.deny('no_email', 'An e-mail address is required.');
  if (event.user.email?.endsWith('@example.org')) api.access.deny('blocked', 'Use your work address.');
  api.user.setAppMetadata('plan', 'free');
};"""
    # the deny on line 3 is not "code after" the one on line 2; the write on line 4 is
    assert [f.region.start_line for f in fired(text, "HL115")] == [4]


def program_of(text: str, path: str = "action.js"):
    source = Source(path=path, text=text)
    return build_program(source, parse(source.text))


def test_hl115_only_at_blocking_triggers_and_the_reported_calls_are_exposed():
    text = "// hooklint: point=post-login\n" + DENY_THEN_CLAIM
    program = program_of(text)
    [found] = after_deny(program)
    assert found.call.loc.start.line == 7 and found.deny.loc.start.line == 4 and not found.definitely
    assert calls_after_deny(program) == frozenset({id(found.call)})
    # an asynchronous trigger has no deny to stop at (HL114 reports the call)
    quiet = program_of(DENY_THEN_CLAIM.replace("onExecutePostLogin", "onExecutePostUserRegistration"))
    assert quiet.point_name == "post-user-registration" and after_deny(quiet) == []
    # a hook has no deny
    hook = program_of("module.exports = function (user, context, cb) { cb(); };", "hook.js")
    assert calls_after_deny(hook) == frozenset()


@pytest.mark.parametrize("body, lines", [
    # a deny in a promise callback happens when it settles: not before the next statement
    ("fetchRisk().then((risk) => { if (risk > 80) api.access.deny('risky'); });\n"
     "  api.idToken.setCustomClaim('k', 1);", []),
    # inside that callback, what follows the deny is after it
    ("fetchRisk().then((risk) => {\n    if (risk > 80) api.access.deny('risky');\n"
     "    api.idToken.setCustomClaim('k', risk);\n  });", [4]),
    # a per-element callback runs in the call: what follows the call is after its deny
    ("event.user.app_metadata.flags.forEach((f) => { if (f === 'ban') api.access.deny('banned'); });\n"
     "  api.idToken.setCustomClaim('k', 1);", [3]),
    # `throw` after a deny is not a command
    ("if (event.user.blocked) { api.access.deny('blocked'); throw new Error('blocked'); }\n"
     "  api.idToken.setCustomClaim('k', 1);", []),
    # a command inside a helper hooklint cannot see into is not seen
    ("api.access.deny('x');\n  externalHelper(api);", []),
])
def test_hl115_shapes(body, lines):
    text = f"exports.onExecutePostLogin = async (event, api) => {{\n  {body}\n}};"
    assert [f.region.start_line for f in fired(text, "HL115")] == lines


# ----- HL119 redirect-and-render, HL223 primary-user-with-metadata -----------------------------


@pytest.mark.parametrize("body, lines", [
    # a helper's render counts at its call site; the redirect after it is the second call
    ("showForm(api);\n  api.redirect.sendUserTo('https://example.com');", [4]),
    # the redirect first: the render is the second
    ("if (a) api.redirect.sendUserTo('https://example.com');\n  if (b) showForm(api);", [4]),
    # one render per element
    ("event.user.app_metadata.forms.forEach((form) => api.prompt.render(form));", [3]),
    # a render after `return` is not reached
    ("return api.redirect.sendUserTo('https://example.com');\n  api.prompt.render('f');", []),
    ("if (a) { api.prompt.render('f'); } else { api.prompt.render('g'); }", []),
    # branches that exclude each other: no execution both redirects and renders
    ("if (a) { api.redirect.sendUserTo('https://example.com'); return; }\n  api.prompt.render('f');", []),
    ("if (a) api.redirect.sendUserTo('https://example.com');\n  else showForm(api);", []),
])
def test_hl119_shapes(body, lines):
    text = ("function showForm(api) { api.prompt.render('ap_form'); }\n"
            f"exports.onExecutePostLogin = async (event, api) => {{\n  {body}\n}};")
    assert [f.region.start_line for f in fired(text, "HL119")] == lines


@pytest.mark.parametrize("body, lines", [
    # the metadata first: reported at the later call, setPrimaryUser
    ("api.user.setAppMetadata('a', 1);\n  api.authentication.setPrimaryUser(id);", [3]),
    ("const { user } = api;\n  api.authentication.setPrimaryUser(id);\n  user.setUserMetadata('a', 1);", [4]),
    ("for (const id of ids) {\n    api.authentication.setPrimaryUser(id);\n  }", [3]),
    ("if (a) api.authentication.setPrimaryUser(id);\n  else api.authentication.setPrimaryUser(other);", []),
    # setPrimaryUser and return on one branch, the metadata write on the other
    ("if (id) { api.authentication.setPrimaryUser(id); return; }\n  api.user.setAppMetadata('a', 1);", []),
])
def test_hl223_shapes(body, lines):
    text = f"exports.onExecutePostLogin = async (event, api) => {{\n  {body}\n}};"
    assert [f.region.start_line for f in fired(text, "HL223")] == lines
