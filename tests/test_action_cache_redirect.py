"""HL118 (redirect-without-continue) and HL222 (cache-value-misuse), and the facts they ask:
the continue entry point of a trigger (``actions.triggers.continue_entry_point``) and what
``api.cache`` takes and gives (``actions.caching``: ``record_misuses``, ``non_string_values``)."""

from __future__ import annotations

import pytest

from conftest import active, lint
from hooklint.actions.caching import non_string_values, record_misuses
from hooklint.actions.triggers import TRIGGERS, continue_entry_point
from hooklint.js.parse import parse
from hooklint.js.source import Source
from hooklint.run.engine import build_program


def fired(text: str, rule: str, point: str | None = None) -> list[tuple[int, int, str]]:
    if point is not None:
        text = f"// hooklint: point={point}\n{text}"
    result = lint(text, {rule}, path="action.js")
    assert result.kind == "action"
    return [(f.region.start_line, f.region.start_column, f.message) for f in active(result, rule)]


def action_of(text: str):
    source = Source(path="action.js", text=text)
    program = build_program(source, parse(source.text))
    assert program.kind == "action"
    return program


# ----- the continue entry point, from the trigger table -------------------------------------


def test_continue_entry_point_comes_from_the_trigger_table():
    assert continue_entry_point("post-login") == "onContinuePostLogin"
    assert continue_entry_point("password-reset-post-challenge") == "onContinuePostChallenge"
    assert continue_entry_point("credentials-exchange") is None
    assert continue_entry_point(None) is None and continue_entry_point("no-such-trigger") is None
    for trigger in TRIGGERS.values():
        name = continue_entry_point(trigger.id)
        assert name is None or (name in trigger.entry_points and name != trigger.entry_points[0])


# ----- HL118 ---------------------------------------------------------------------------------

REDIRECT = "exports.onExecutePostLogin = async (event, api) => {\n  api.redirect.sendUserTo('https://a.example.com');\n};\n"


def test_hl118_location_is_the_call_and_names_the_entry_point():
    [(line, column, message)] = fired(REDIRECT, "HL118")
    assert (line, column) == (2, 3)
    assert "exports no `onContinuePostLogin`" in message
    challenge = REDIRECT.replace("onExecutePostLogin", "onExecutePostChallenge")
    [(_, _, message)] = fired(challenge, "HL118")
    assert "exports no `onContinuePostChallenge`" in message


@pytest.mark.parametrize("exports", [
    "exports.onContinuePostLogin = async (event, api) => {};",
    "module.exports.onContinuePostLogin = async function (event, api) {};",
    "async function onContinuePostLogin(event, api) {}\n"
    "module.exports = { onExecutePostLogin: exports.onExecutePostLogin, onContinuePostLogin };",
    # exports hooklint cannot read in full may hold it
    "Object.assign(exports, require('./continue'));",
    "const name = 'onContinue' + 'PostLogin';\nexports[name] = async () => {};",
    "module.exports = { ...require('./continue'), onExecutePostLogin: exports.onExecutePostLogin };",
    "module.exports = require('./handlers');",
])
def test_hl118_silent_when_the_continue_entry_point_is_or_may_be_exported(exports):
    assert fired(REDIRECT + exports, "HL118") == []


def test_hl118_another_triggers_continue_is_hl111s_finding():
    # onContinuePreUserRegistration does not resume a post-login redirect; undecided, the
    # trigger is unknown, and decided, the file exports entry points of two triggers: HL111
    # is the one finding (actions-rules.md, precedence)
    text = REDIRECT + "exports.onContinuePreUserRegistration = async () => {};"
    assert fired(text, "HL118") == []
    result = lint(f"// hooklint: point=post-login\n{text}", {"HL111", "HL118"}, path="action.js")
    assert [f.rule_id for f in active(result)] == ["HL111"]


def test_hl118_stopped_by_hl111_and_limited_to_its_triggers():
    result = lint(f"// hooklint: point=credentials-exchange\n{REDIRECT}", {"HL111", "HL118"}, path="action.js")
    assert [f.rule_id for f in active(result)] == ["HL111"]
    assert "HL118" not in result.rules_run


# ----- HL222: the record used as the value --------------------------------------------------


def handler(body: str) -> str:
    return f"exports.onExecutePostLogin = async (event, api) => {{\n{body}\n}};\n"


@pytest.mark.parametrize("body, how", [
    ("  const h = 'Bearer ' + api.cache.get('t');", "concatenated into a string"),
    ("  const h = `Bearer ${api.cache.get('t')}`;", "interpolated into a template string"),
    ("  if (api.cache.get('m') !== 'off') api.access.deny('x');", "compared with a value"),
    ("  const p = JSON.parse(await api.cache.get('p'));", "parsed with `JSON.parse`"),
    ("  api.idToken.setCustomClaim('https://e.com/r', api.cache.get('r'));",
     "passed to `api.idToken.setCustomClaim`"),
    ("  const { cache } = api;\n  const c = cache.get('t');\n  const opts = { headers: { Authorization: c } };",
     "set as the `Authorization` of an object"),
    ("  const c = api.cache.get('t');\n  if (c.startsWith('ey')) return;", "read for a `.startsWith`"),
])
def test_hl222_record_used_as_the_value(body, how):
    action = action_of(handler(body))
    [misuse] = record_misuses(action)
    assert misuse.how.startswith(how)
    [(line, _, message)] = fired(handler(body), "HL222")
    assert line == misuse.call.loc.start.line  # the call, not the use
    assert how in message


@pytest.mark.parametrize("body", [
    "  const c = api.cache.get('t');\n  if (c) api.idToken.setCustomClaim('https://e.com/t', c.value);",
    "  const c = api.cache.get('t');\n  if (!c || c === undefined || c == null) return;",
    "  const t = api.cache.get('t')?.value;\n  const e = api.cache.get('t')?.expires_at;",
    "  const c = api.cache.get('t');\n  const v = c && c.value;",
    "  const { value } = api.cache.get('t');",
    "  const c = api.cache.get('t') || {};",  # what the || gives is not followed
    "  helper(api.cache.get('t'));",  # a function hooklint does not judge
    "  const c = api.cache.get('t');\n  const o = { record: c };",  # a key that is no credential
    "  let c = api.cache.get('t');\n  if (!c) c = 'fresh';\n  const h = 'Bearer ' + c;",  # written twice
    "  const c = api.cache.get('t');\n  return c;",  # no other value returned
])
def test_hl222_correct_or_unjudged_uses_are_silent(body):
    assert fired(handler(body), "HL222") == []


def test_hl222_returned_only_where_the_function_returns_the_value_elsewhere():
    mixed = """async function token(api) {
  const cached = api.cache.get('t');
  if (cached) return cached;
  const fresh = await fetchToken();
  api.cache.set('t', fresh);
  return fresh;
}
async function wrapper(api) {
  const cached = api.cache.get('w');
  if (cached) return cached;
  return null;
}
function checked(event, api) {
  const cached = api.cache.get('c');
  if (!event.user.email_verified) return api.access.deny('verify your email');
  return cached;
}
function labelled(api) {
  const cached = api.cache.get('l');
  if (cached) return cached;
  return 'label:' + Date.now();
}
exports.onExecutePostLogin = async (event, api) => {
  await token(api); await wrapper(api); checked(event, api); labelled(api);
};
"""
    found = fired(mixed, "HL222")
    assert [line for line, _, _ in found] == [2, 19]
    assert "`cached` holds what `api.cache.get(…)` returns" in found[0][2]


def test_hl222_follows_constant_aliases_and_helpers_that_receive_api():
    text = """function claims({ cache }, idToken) {
  const record = cache.get('plan');
  const plan = record;
  idToken.setCustomClaim('https://e.com/plan', plan);
}
exports.onExecutePostLogin = async (event, api) => { claims(api, api.idToken); };
"""
    [(line, _, message)] = fired(text, "HL222")
    assert line == 2 and "`plan` holds" in message and "passed to `api.idToken.setCustomClaim`" in message


# ----- HL222: the fix ------------------------------------------------------------------------


def apply(text: str, finding) -> str:
    lines = text.split("\n")
    for edit in sorted(finding.fix.edits, key=lambda e: (e.region.start_line, e.region.start_column), reverse=True):
        region = edit.region
        assert (region.start_line, region.start_column) == (region.end_line, region.end_column)  # an insertion
        line = lines[region.start_line - 1]
        lines[region.start_line - 1] = line[:region.start_column - 1] + edit.text + line[region.start_column - 1:]
    return "\n".join(lines)


@pytest.mark.parametrize("body, fixed", [
    ("  const h = 'Bearer ' + api.cache.get('t');", "  const h = 'Bearer ' + api.cache.get('t')?.value;"),
    ("  const h = `Bearer ${api.cache.get(`t:${event.user.user_id}`)}`;",
     "  const h = `Bearer ${api.cache.get(`t:${event.user.user_id}`)?.value}`;"),
    ("  const p = JSON.parse(await api.cache.get('p'));", "  const p = JSON.parse(await api.cache.get('p')?.value);"),
])
def test_hl222_fix_appends_optional_value_and_the_fixed_code_is_clean(body, fixed):
    text = handler(body)
    [finding] = active(lint(text, {"HL222"}, path="action.js"), "HL222")
    assert finding.fix is not None and [e.text for e in finding.fix.edits] == ["?.value"]
    after = apply(text, finding)
    assert after == handler(fixed)
    assert active(lint(after, {"HL222"}, path="action.js"), "HL222") == []


@pytest.mark.parametrize("body", [
    "  const c = api.cache.get('t');\n  const h = 'Bearer ' + c;",  # through a variable: every use would change
    "  const n = api.cache.get('p').nickname;",  # another property: the intent is not certain
])
def test_hl222_no_fix_where_the_edit_is_not_certain(body):
    [finding] = active(lint(handler(body), {"HL222"}, path="action.js"), "HL222")
    assert finding.fix is None


# ----- HL222: values api.cache.set cannot store ---------------------------------------------


@pytest.mark.parametrize("value, what", [
    ("{ a: 1 }", "an object literal"),
    ("[1, 2]", "an array"),
    ("42", "a number"),
    ("-1", "a number"),
    ("false", "a boolean"),
    ("JSON.parse(event.secrets.X)", "the result of `JSON.parse`"),
    ("Date.now()", "a number"),
    ("new Date()", "an object (`new Date(…)`)"),
    ("limits", "an object literal"),  # through a constant variable
])
def test_hl222_set_with_a_value_that_is_not_a_string(value, what):
    text = handler(f"  const limits = {{ perMinute: 60 }};\n  api.cache.set('k', {value});")
    [stored] = non_string_values(action_of(text))
    assert stored.what.startswith(what)
    [(line, column, message)] = fired(text, "HL222")
    assert (line, column) == (3, 3) and what in message


@pytest.mark.parametrize("value", [
    "'text'", "`n=${1}`", "String(42)", "JSON.stringify({ a: 1 })", "new String('x')", "data.token",
    "await response.text()", "...args",
])
def test_hl222_set_with_a_string_or_unknown_value_is_silent(value):
    text = handler(f"  const data = await load();\n  const response = data;\n  const args = ['k', 'v'];\n"
                   f"  api.cache.set('k', {value});")
    assert fired(text, "HL222") == []


def test_hl222_shadowed_globals_are_not_json_or_date():
    text = ("const JSON = { parse: (s) => s };\nconst Date = { now: () => 'x' };\n"
            + handler("  api.cache.set('a', JSON.parse('x'));\n  api.cache.set('b', Date.now());"))
    assert fired(text, "HL222") == []
