"""The services HL300-HL304, HL401 and HL403 read, on Actions (actions-rules.md, "Part 1
rules that also run on Actions"; auth0-actions.md §2.3, §2.4, §2.5, §2.9): what runs per
execution, the SDK version from the metadata, the token kept in ``api.cache``, the
sensitive sources of an Action, and the messages whose parts come from the program.
Hooks keep their own answers: each Action case here has a hook counterpart that must not
change."""

from __future__ import annotations

import pytest

from conftest import active, lint
from hooklint.actions.caching import cache_kept
from hooklint.actions.contract import entry_point_problems
from hooklint.actions.model import Action
from hooklint.auth0 import in_entry, sdk_version
from hooklint.auth0.sensitive import SOURCES, taint, thrown_messages
from hooklint.checks.registry import load
from hooklint.hooks.model import Hook
from hooklint.js.parse import ParseError, parse
from hooklint.js.source import Source
from hooklint.run.config import Config
from hooklint.run.engine import Engine, build_program


def program(text: str, dependencies: dict[str, str] | None = None):
    source = Source(path="code.js", text=text, dependencies=dict(dependencies or {}))
    parsed = parse(source.text)
    assert not isinstance(parsed, ParseError), parsed
    return build_program(source, parsed)


def lint_with(text: str, select: set[str], dependencies: dict[str, str]):
    """Findings of ``text`` whose metadata pins ``dependencies``."""
    engine = Engine(load(), Config(), select)
    result, error = engine.check_source(Source(path="code.js", text=text, dependencies=dependencies))
    assert error is None, error
    return result


def node_at(prog, kind: str, text: str):
    """The first node of type ``kind`` whose source starts with ``text``."""
    source = prog.source.text
    return next(n for n in prog.tree.of_type(kind) if source[n.range[0]:n.range[1]].startswith(text))


# ----- entry points ----------------------------------------------------------------------

@pytest.mark.parametrize("value", ["5", "undefined", "void 0", "{ enabled: false }", "[]", "'off'", "`x`", "null",
                                   "NOT_A_FUNCTION"])
def test_an_export_that_is_certainly_not_a_function_is_no_entry_point(value):
    """It does not make a second trigger: the real handler decides."""
    prog = program(f"const NOT_A_FUNCTION = 5;\nexports.onExecuteCredentialsExchange = {value};\n"
                   "exports.onExecutePostLogin = async (event, api) => {};")
    assert isinstance(prog, Action)
    assert prog.decision.point == "post-login", prog.decision
    assert [e.name for e in prog.entry_points] == ["onExecutePostLogin"]
    assert active(lint(prog.source.text, {"HL111", "HL002"}), None) == []


@pytest.mark.parametrize("value", ["handler", "require('./impl')", "make()", "undefined", "NOT_A_FUNCTION"])
def test_a_value_that_may_be_a_function_stays_an_entry_point(value):
    """Only a value certainly not a function is dropped (a shadowed ``undefined``, a
    variable that may hold anything, a call or a ``require`` may be one)."""
    prog = program("let NOT_A_FUNCTION;\nfunction f(undefined) { return undefined; }\n"
                   f"{'const undefined = () => {};' if value == 'undefined' else ''}\n"
                   f"exports.onExecuteCredentialsExchange = {value};\n"
                   "exports.onExecutePostLogin = async (event, api) => {};")
    assert [e.name for e in prog.entry_points] == ["onExecuteCredentialsExchange", "onExecutePostLogin"]
    assert prog.decision.point is None


def test_only_non_function_exports_leave_the_trigger_undecided():
    text = "exports.onExecutePostLogin = 5;\n"
    prog = program(text)
    assert isinstance(prog, Action) and prog.entry_points == [] and prog.decision.point is None
    [finding] = active(lint(text, {"HL111", "HL002"}), None)
    assert finding.rule_id == "HL002" and "exports no function as an entry point" in finding.message
    # with the trigger decided, the missing entry point is HL111's
    [finding] = active(lint("// hooklint: point=post-login\n" + text, {"HL111", "HL002"}), None)
    assert finding.rule_id == "HL111" and "exports no entry point" in finding.message


# ----- what runs per execution ----------------------------------------------------------

REDIRECTING = """
const { AuthenticationClient } = require('auth0');
const auth = new AuthenticationClient({ domain: 'x.auth0.com', clientId: 'c' });
const fetchToken = () => auth.oauth.clientCredentialsGrant({ audience: 'a' });
exports.onExecutePostLogin = async (event, api) => { api.redirect.sendUserTo('https://x.example.com'); };
exports.onContinuePostLogin = async (event, api) => { await fetchToken(); };
"""


def test_every_exported_entry_point_runs_per_execution():
    prog = program(REDIRECTING)
    assert isinstance(prog, Action)
    assert len(prog.entry_functions) == 2
    grant = node_at(prog, "CallExpression", "auth.oauth.clientCredentialsGrant")
    assert in_entry(prog, grant)  # through the helper the continue entry point calls
    module_client = node_at(prog, "NewExpression", "new AuthenticationClient")
    assert not in_entry(prog, module_client)  # module scope: once per instance


def test_the_same_function_exported_twice_is_one_entry_function():
    prog = program("async function run(event, api) {}\n"
                   "exports.onExecutePostLogin = run;\nexports.onContinuePostLogin = run;")
    assert len(prog.entry_functions) == 1


def test_a_hook_has_its_one_function():
    prog = program("module.exports = function (user, context, cb) { cb(); };")
    assert isinstance(prog, Hook)
    assert prog.entry_functions == [prog.function]


# ----- HL300: the SDK version -----------------------------------------------------------

MANAGEMENT = """
const { ManagementClient } = require('auth0');
const management = new ManagementClient({ domain: 'x.auth0.com', clientId: 'c', clientSecret: event_secret() });
function event_secret() { return process.env.S; }
exports.onExecutePostLogin = async (event, api) => {
  await management.users.get({ id: event.user.user_id });
};
"""


def test_sdk_version_from_the_action_metadata():
    assert sdk_version(program(MANAGEMENT, {"auth0": "2.8.0"})) == "2.8.0"
    assert sdk_version(program(MANAGEMENT.replace("'auth0'", "'auth0@2.30.0'"), {"auth0": "2.8.0"})) == "2.30.0"
    old = lint_with(MANAGEMENT, {"HL300"}, {"auth0": "2.8.0"})
    assert [f.message.split(",")[0] for f in active(old, "HL300")] == [
        "`management.users.get` uses auth0@2.8.0"]
    assert active(lint_with(MANAGEMENT, {"HL300"}, {"auth0": "4.10.0"}), "HL300") == []
    assert active(lint_with(MANAGEMENT, {"HL300"}, {}), "HL300") == []  # unpinned: the latest


# ----- HL303: api.cache -----------------------------------------------------------------

def _grant_action(before: str, after: str) -> str:
    return ("const { AuthenticationClient } = require('auth0');\n"
            "const auth = new AuthenticationClient({ domain: 'x.auth0.com', clientId: 'c', clientSecret: 's' });\n"
            "exports.onExecutePostLogin = async (event, api) => {\n"
            f"  {before}\n"
            "  const { data } = await auth.oauth.clientCredentialsGrant({ audience: 'a' });\n"
            f"  {after}\n"
            "};\n")


def test_token_kept_in_api_cache_is_not_reported():
    text = _grant_action("const { cache } = api; if (cache.get('t')?.value) return;",
                         "cache.set('t', data.access_token, { ttl: data.expires_in * 1000 });")
    assert active(lint(text, {"HL303"}), "HL303") == []
    prog = program(text)
    assert cache_kept(prog, node_at(prog, "CallExpression", "auth.oauth.clientCredentialsGrant"))


def test_api_cache_read_only_or_in_the_wrong_order_is_reported():
    read_only = _grant_action("if (api.cache.get('t')) return;", "")
    written_first = _grant_action("api.cache.set('t', 'x');", "api.cache.get('t');")
    for text in (read_only, written_first):
        found = active(lint(text, {"HL303"}), "HL303")
        assert [f.region.start_line for f in found] == [5], text


def test_action_services_answer_for_a_hook_too():
    """``cache_kept`` and ``entry_point_problems`` answer for any program, so that the
    rules that run on both kinds (HL303, HL002) ask them without looking at the kind: a
    hook keeps nothing in ``api.cache`` and has no entry-point problem."""
    hook = program("const { AuthenticationClient } = require('auth0');\n"
                   "module.exports = async function (client, scope, audience, context, cb) {\n"
                   "  const api = { cache: { get() {}, set() {} } };\n  api.cache.get('t');\n"
                   "  const auth = new AuthenticationClient({ domain: 'x.auth0.com', clientId: 'c' });\n"
                   "  await auth.oauth.clientCredentialsGrant({ audience: 'a' });\n  api.cache.set('t', 1);\n"
                   "  cb(null, {});\n};")
    assert isinstance(hook, Hook)
    assert cache_kept(hook, node_at(hook, "CallExpression", "auth.oauth.clientCredentialsGrant")) is False
    assert entry_point_problems(hook) == ()


def test_hl303_message_shows_the_api_cache_pattern_for_actions_only():
    action = active(lint(_grant_action("", ""), {"HL303"}), "HL303")[0].message
    assert action.startswith("`clientCredentialsGrant(...)` inside the handler asks for a new token on every run; ")
    assert "keep the token between executions in `api.cache`" in action
    assert "api.cache.set('mgmt_token', token, { ttl: expires_in * 1000 })" in action
    assert "`new ManagementClient({ domain, token })`" in action
    hook = active(lint("const { ManagementClient } = require('auth0');\n"
                       "module.exports = function (user, context, cb) {\n"
                       "  const m = new ManagementClient({ domain: 'x', clientId: 'c', clientSecret: 's' });\n"
                       "  cb();\n};\n", {"HL303"}), "HL303")[0].message
    assert hook == ("`new ManagementClient({clientId, clientSecret})` inside the hook fetches a new Management API "
                    "token on every run (the SDK caches it per client instance); keep it in a module-scope variable "
                    "and reuse it (`let management; … management = management || new ManagementClient(...)`), "
                    "since per-run tokens are the most common cause of 429s")


# ----- HL302, HL304: the budget in messages ---------------------------------------------

def test_hl304_names_the_action_budget_and_keeps_the_hook_message():
    text = "exports.onExecutePostLogin = async (event, api) => { await fetch('https://x.example.com'); };"
    action = active(lint(text, {"HL304"}), "HL304")[0].message
    assert action == ("`fetch` has no timeout: a slow or hung service holds the Action until the trigger execution "
                      "fails at its 20 s limit (Auth0 advises HTTP timeouts under 10 s); pass "
                      "`signal: AbortSignal.timeout(5000)` in its options, well below the Action's budget")
    hook = active(lint("module.exports = async function (user, context, cb) { await fetch('https://x.example.com'); "
                       "cb(); };", {"HL304"}), "HL304")[0].message
    assert hook == ("`fetch` has no timeout: a slow or hung service holds the hook until Auth0 kills it at 20 s; "
                    "pass `signal: AbortSignal.timeout(5000)` in its options, well below the hook's budget")


RETRY = """
const axios = require('axios');
async function get(url) {
  try { return await axios.get(url, { timeout: 1000 }); } catch (err) { return get(url); }
}
"""


def test_hl302_message_by_kind():
    action = active(lint(RETRY + "exports.onExecutePostLogin = async (event, api) => { await get('u'); };",
                         {"HL302"}), "HL302")[0].message
    assert action.endswith("it can only end when Auth0 stops the trigger execution; count the attempts and give "
                           "up with an error after 2 or 3, so the Action fails cleanly inside its 20 s budget")
    hook = active(lint(RETRY + "module.exports = async function (user, context, cb) { await get('u'); cb(); };",
                       {"HL302"}), "HL302")[0].message
    assert hook.endswith("it can only end when Auth0 kills the hook; count the attempts and give up with "
                         "`cb(err)` after 2 or 3, so the hook fails cleanly inside its 20 s budget")


# ----- HL401, HL403: the sensitive sources of an Action -----------------------------------

def test_one_source_table_per_kind():
    assert set(SOURCES) == {Hook.kind, Action.kind}
    assert SOURCES["hook"].roots[0][0] == "user" and SOURCES["action"].roots[0][0] == "event"


def _logged(body: str, entry: str = "onExecutePostLogin", params: str = "event, api") -> list[str]:
    result = lint(f"exports.{entry} = async ({params}) => {{\n{body}\n}};", {"HL401"})
    return [f.message for f in active(result, "HL401")]


def test_a_destructured_event_parameter_is_followed():
    found = _logged("console.log(secrets.API_KEY);", params="{ secrets, user }, api")
    assert len(found) == 1 and "is `event.secrets.API_KEY` (an Action secret)" in found[0]
    assert _logged("console.log(user.email);", params="{ secrets, user }, api") == []


def test_rest_of_event_without_secrets_is_not_sensitive_at_post_login():
    assert _logged("const { secrets, ...rest } = event; console.log(rest);") == []
    # at credentials-exchange the rest still holds the request body and its client secret
    found = _logged("const { secrets, ...rest } = event; console.log(rest);", entry="onExecuteCredentialsExchange")
    assert len(found) == 1 and "contains `event.request` (the token request" in found[0]


def test_members_that_exist_at_one_trigger_only():
    code = "console.log(event.message_options.code);"
    assert len(_logged(code, entry="onExecuteSendPhoneMessage")) == 1
    assert _logged(code) == []  # post-login has no MFA code there
    body = "console.log(event.request.body.client_secret);"
    assert len(_logged(body, entry="onExecuteCredentialsExchange")) == 1
    assert _logged(body) == []


def test_an_event_at_a_hook_is_no_source():
    """Sources are the kind's: a hook parameter called `event` is nothing, and a hook's
    thrown error stays out of scope (rules/HL401, Limitations)."""
    hook = "module.exports = function (event, context, cb) { console.log(event.secrets); cb(); };"
    assert active(lint(hook, {"HL401"}), "HL401") == []
    thrown = ("// hooklint: point=credentials-exchange\n"
              "module.exports = function (client, scope, audience, context, cb) {\n"
              "  throw new Error('key ' + context.webtask.secrets.KEY);\n};")
    prog = program(thrown)
    assert thrown_messages(prog) == []
    assert active(lint(thrown, {"HL401"}), "HL401") == []
    assert taint(prog, node_at(prog, "BinaryExpression", "'key '")).kind == "secret"  # the value is a secret


def test_thrown_error_message_is_logged_on_actions():
    found = _logged("const { KEY } = event.secrets;\nif (!event.user.email) throw new Error(`no email; key ${KEY}`);\n"
                    "throw new Error('plain');")
    assert len(found) == 1
    assert found[0].startswith("the first argument of `Error` is thrown as an error message (Auth0 writes it to "
                               "the tenant logs and may return it to the application) and contains "
                               "`event.secrets.KEY` (an Action secret)")


def test_only_the_message_of_an_error_class_is_thrown_as_a_message():
    """``thrown_messages`` keeps the first argument of ``Error`` and its subclasses (a
    capitalised name ending in ``Error``, a class of the file extending one), not what an
    error-factory helper receives nor what is attached to an error."""
    prog = program("class Failure extends Error {}\nconst Wrapped = class extends Failure {};\n"
                   "const buildError = (e) => new Error('x');\n"
                   "exports.onExecutePostLogin = async (event, api) => {\n"
                   "  if (event.a) throw buildError(event);\n"
                   "  if (event.b) throw Object.assign(new Error('upstream'), { event });\n"
                   "  if (event.c) throw new Error('m', { cause: event });\n"
                   "  if (event.d) throw new Wrapped(event.secrets.A);\n"
                   "  if (event.e) throw new errors.ValidationError(event.secrets.B);\n"
                   "  throw RangeError(event.secrets.C);\n};")
    source = prog.source.text
    assert [source[m.range[0]:m.range[1]] for _, m in thrown_messages(prog)] == [
        "'m'", "event.secrets.A", "event.secrets.B", "event.secrets.C"]


def test_hl403_on_actions():
    result = lint("exports.onExecutePostLogin = async (event, api) => {\n"
                  "  const s = event.secrets;\n  process.env.KEY = s.KEY;\n  process.env.USER = event.user.email;\n};",
                  {"HL403"})
    assert [f.message.split(":")[0] for f in active(result, "HL403")] == [
        "`process.env.KEY` is set to `event.secrets.KEY` (an Action secret)"]
