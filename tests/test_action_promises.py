"""HL112 floating-promise and the promise service it runs on (``hooklint.actions.promises``):
what makes a promise in an Action's handler, whether each is consumed, the callback-style
calls whose callback issues a command, and the ``await `` fix."""

from __future__ import annotations

import time

import pytest

from conftest import active, lint
from hooklint.actions import promises
from hooklint.js.parse import ParseError, parse
from hooklint.js.source import Source
from hooklint.run.engine import build_program

HEAD = ("const axios = require('axios');\n"
        "const { ManagementClient } = require('auth0');\n"
        "const util = require('util');\n"
        "const management = new ManagementClient({ domain: 'x.eu.auth0.com', clientId: 'a', clientSecret: 'b' });\n"
        "async function helper(x) { await axios.get(x); }\n"
        "function plain(x) { return axios.get(x); }\n")


def handler(body: str, head: str = HEAD) -> str:
    return f"{head}exports.onExecutePostLogin = async (event, api) => {{\n{body}\n}};\n"


def program(text: str):
    source = Source(path="action.js", text=text)
    parsed = parse(source.text)
    assert not isinstance(parsed, ParseError), parsed
    return build_program(source, parsed)


def fired(text: str) -> list[tuple[int, str]]:
    return [(f.region.start_line, f.message) for f in active(lint(text, {"HL112"}, path="action.js"), "HL112")]


FIRST = HEAD.count("\n") + 2  # the handler's first body line


# ----- what makes a promise ------------------------------------------------------------------


@pytest.mark.parametrize("statement, what", [
    ("axios.post('https://x.example.com', {});", "`axios.post(…)`"),
    ("axios.create({ timeout: 1 }).get('https://x.example.com');", "`axios(…)`"),
    ("fetch('https://x.example.com');", "`fetch(…)`"),
    ("require('got').post('https://x.example.com').json();", "`got(…)`"),
    ("require('superagent').post('https://x.example.com').send({ a: 1 });", "`superagent(…)`"),
    ("require('request-promise')({ uri: 'https://x.example.com' });", "`request(…)`"),
    ("management.users.update({ id: 'x' }, { blocked: true });", "`management.users.update(…)`"),
    ("api.groups.getUserGroups();", "`api.groups.getUserGroups(…)`"),
    ("api.roles.getUserEffectiveRoles();", "`api.roles.getUserEffectiveRoles(…)`"),
    ("helper('https://x.example.com');", "`helper(…)`"),
    ("(async () => { await helper('y'); })();", "the async function"),
    ("util.promisify(setTimeout)(10);", "the call"),
    ("new Promise((resolve) => setTimeout(resolve, 10));", "`new Promise(…)`"),
    ("require('twilio')('sid', 'token').messages.create({ to: '1' }).then(() => {});", "the call"),
])
def test_promise_makers_float_as_statements(statement, what):
    [(line, message)] = fired(handler(statement))
    assert line == FIRST
    assert message.startswith(f"{what} returns a promise that is never awaited or returned")


@pytest.mark.parametrize("statement", [
    "require('request')('https://x.example.com');",  # a request stream, not a promise
    "require('request')('https://x.example.com', (err, res) => console.log(res));",
    "plain('https://x.example.com');",  # what a helper returns counts as consumed (precision first)
    "require('superagent').get('https://x.example.com').end((err) => console.log(err));",
    "management.users.update({ id: 'x' }, { blocked: true }, (err) => console.log(err));",  # v3 callback style
    "const done = (err) => console.log(err);\nmanagement.users.update({ id: 'x' }, { blocked: true }, done);",
    "api.cache.get('k');",
    "someClient.send('x');",  # a library hooklint does not know
    "[1, 2].map((n) => n * 2);",
])
def test_what_is_no_promise(statement):
    assert fired(handler(statement)) == []


def test_sdk_v4_methods_are_promises_even_with_a_callback():
    head = HEAD.replace("require('auth0')", "require('auth0@4.1.0')")
    text = handler("management.users.update({ id: 'x' }, { blocked: true }, (err) => console.log(err));", head)
    [(line, message)] = fired(text)
    assert line == FIRST and message.startswith("`management.users.update(…)` returns a promise")


def test_origins_are_listed_once_innermost_first():
    action = program(handler("helper('a').then(() => api.idToken.setCustomClaim('k', 1));"))
    found = promises.origins(action)
    # in source order (the helper above the handler first), `helper` before the `.then` around it
    assert [o.what for o in found] == ["`axios.get(…)`", "`helper(…)`", "the call"]
    [floating] = promises.floating_promises(action)
    assert floating.origin.what == "`helper(…)`" and floating.statement
    assert floating.node.type == "CallExpression" and floating.node.callee.property.name == "then"


def test_promises_outside_the_handler_are_out_of_scope():
    text = ("const axios = require('axios');\n"
            "axios.get('https://warm.example.com');\n"  # module scope: runs once per container
            "function unused() { axios.post('https://x.example.com'); }\n"  # never reached from the handler
            "exports.onExecutePostLogin = async (event, api) => {};\n")
    assert fired(text) == []
    assert promises.origins(program(text)) == []


def test_a_file_without_a_handler_function_has_no_origins():
    action = program("const impl = require('./impl');\nexports.onExecutePostLogin = impl.run;\n"
                     "require('axios').get('https://x.example.com');\n")
    assert action.function is None
    assert promises.origins(action) == [] and promises.lost_commands(action) == []


# ----- is it consumed ------------------------------------------------------------------------


@pytest.mark.parametrize("body", [
    "await axios.get('a');",
    "return axios.get('a');",
    "const r = await axios.get('a').then((res) => res.data);",
    "await Promise.all([axios.get('a'), api.groups.getUserGroups()]);",
    "const [a, b] = await Promise.allSettled([axios.get('a'), fetch('b')]);",
    "await Promise.race([axios.get('a'), new Promise((r) => setTimeout(r, 10))]);",
    "await Promise.all(event.user.identities.map(async (i) => { await axios.get(i.provider); }));",
    "const jobs = event.user.identities.map(async (i) => axios.get(i.provider));\nawait Promise.all(jobs);",
    "await Promise.all(event.user.identities.map((i) => axios.get(i.provider)));",
    "const p = axios.get('a');\nconst q = p.then((r) => r.data);\napi.idToken.setCustomClaim('k', await q);",
    "let p;\nif (event.user.email) { p = axios.get('a'); }\nawait p;",
    "const list = [];\nfor (const i of event.user.identities) { list.push(axios.get(i.provider)); }\n"
    "await Promise.all(list);",
    "const byName = new Map();\nbyName.set('a', axios.get('a'));\nawait byName.get('a');",
    "const tasks = [axios.get('a'), axios.get('b')];\nreturn Promise.all(tasks);",
    "track(axios.get('a'));",  # handed to a function hooklint does not know
    "event.pending = axios.get('a');",  # stored on an object
    "const state = { task: axios.get('a') };\nreturn state;",
    "void axios.get('a');",  # deliberate fire-and-forget
    "const r = event.user.email ? await axios.get('a') : null;",
    "await (event.user.email ? axios.get('a') : fetch('b'));",
    "await (api.cache.get('k') || axios.get('a'));",
    "try {\n  await axios.get('a');\n} catch (err) {\n  return axios.post('b', {});\n}"
    " finally {\n  await fetch('c');\n}",
    "await new Promise((resolve) => { axios.get('a').then(resolve); });",
    "return helper('a').catch((err) => console.log(err)).finally(() => {});",
])
def test_consumed_promises_are_silent(body):
    assert fired(handler(body)) == []


@pytest.mark.parametrize("body, line, start", [
    ("const p = axios.get('a');", 0, "the promise of `axios.get(…)` is stored in `p` but never awaited"),
    ("const p = axios.get('a');\np.then((r) => console.log(r));", 0, "the promise of `axios.get(…)` is stored in `p`"),
    ("const all = [];\nall.push(fetch('a'));\nconsole.log(all.length);", 1,
     "the promise of `fetch(…)` is stored in `all`"),
    ("Promise.all([axios.get('a'), axios.get('b')]);", 0,
     f"the promise of `axios.get(…)` (line {FIRST}) is never awaited or returned: this statement drops it"),
    ("event.user.identities.map(async (i) => { await axios.get(i.provider); });", 0,
     "`event.user.identities.map(async …)` returns promises that are never awaited or returned"),
    ("event.user.identities.forEach(async (i) => { await axios.get(i.provider); });", 0,
     "`event.user.identities.forEach(async …)` starts one promise per item and `forEach` drops them all"),
    ("event.user.identities.forEach((i) => axios.get(i.provider));", 0, "`axios.get(…)` returns a promise"),
    ("event.user.identities.map((i) =>\n  axios.get(i.provider));", 0,
     f"the promise of `axios.get(…)` (line {FIRST + 1}) is never awaited or returned: this statement drops it"),
    ("if (event.user.email) axios.get('a'), console.log('sent');", 0, "`axios.get(…)` returns a promise"),
    ("try {\n  await axios.get('a');\n} catch (err) {\n  axios.post('b', { m: err.message });\n}", 3,
     "`axios.post(…)` returns a promise"),
    ("await axios.get('a').then(() => { fetch('b'); });", 0, "`fetch(…)` returns a promise"),
])
def test_dropped_promises_are_reported(body, line, start):
    [(fired_line, message)] = fired(handler(body))
    assert fired_line == FIRST + line
    assert message.startswith(start), message


def test_a_helper_that_drops_a_promise_is_reported_in_the_helper():
    text = ("const axios = require('axios');\n"
            "async function audit(user) {\n"
            "  axios.post('https://audit.example.com', { id: user.user_id });\n"
            "}\n"
            "exports.onExecutePostLogin = async (event, api) => { await audit(event.user); };\n")
    assert [line for line, _ in fired(text)] == [3]


def test_variable_fan_in_is_judged_once():
    """A promise stored in arrays of arrays (each read twice) is judged in linear time:
    each variable's uses are looked at once."""
    depth = 20
    lines = ["const a0 = [axios.get('x')];"]
    lines += [f"const a{i} = [a{i - 1}, a{i - 1}, a{i - 1}];" for i in range(1, depth)]
    lines.append(f"console.log(a{depth - 1}.length);")
    start = time.perf_counter()
    result = fired(handler("\n".join(lines)))
    assert time.perf_counter() - start < 10  # 3**20 visits without the memo
    assert [line for line, _ in result] == [FIRST]


# ----- callback-style calls whose callback issues a command ----------------------------------


def test_a_command_in_a_v3_sdk_callback_is_lost():
    body = ("management.users.assignRoles({ id: event.user.user_id }, { roles: ['r'] }, (error) => {\n"
            "  if (error) api.access.deny('role assignment failed');\n"
            "});")
    [(line, message)] = fired(handler(body))
    assert line == FIRST
    assert message.startswith("`api.access.deny(…)` runs in the callback of `management.users.assignRoles(…)`, "
                              "after the handler has returned")
    assert f"(line {FIRST + 1})" in message
    [lost] = promises.lost_commands(program(handler(body)))
    assert lost.command_path == ("api", "access", "deny")


def test_a_command_in_a_named_request_callback_is_lost():
    text = handler("const request = require('request');\n"
                   "function onRisk(err, res, body) { if (body.risky) api.multifactor.enable('any'); }\n"
                   "request({ url: 'https://risk.example.com', json: true }, onRisk);")
    assert [line for line, _ in fired(text)] == [FIRST + 2]


@pytest.mark.parametrize("body", [
    # a callback that only logs
    "require('request')('https://x.example.com', (err) => console.log(err));",
    # the callback settles an awaited promise
    "await new Promise((resolve) => {\n"
    "  require('request')('https://x.example.com', (err, res) => { api.idToken.setCustomClaim('k', 1); resolve(); });\n"
    "});",
    # a synchronous callback
    "event.user.identities.forEach((i) => api.idToken.setCustomClaim('k', i.provider));",
    # a getter in the callback is no command
    "management.users.get({ id: 'x' }, (err, user) => api.cache.get('k'));",
])
def test_callbacks_that_lose_no_command_are_silent(body):
    assert fired(handler(body)) == []


# ----- the fix ---------------------------------------------------------------------------------


def _apply(text: str, finding) -> str:
    """The file with the finding's one insertion applied (lines and columns are 1-based)."""
    [edit] = finding.fix.edits
    region = edit.region
    assert (region.start_line, region.start_column) == (region.end_line, region.end_column)
    lines = text.split("\n")
    line = lines[region.start_line - 1]
    lines[region.start_line - 1] = line[:region.start_column - 1] + edit.text + line[region.start_column - 1:]
    return "\n".join(lines)


@pytest.mark.parametrize("body", [
    "axios.post('https://x.example.com', {});",
    "fetch('https://x.example.com').then((r) => r.json()).then((b) => api.idToken.setCustomClaim('k', b));",
    "if (event.user.email) {\n  helper(event.user.email);\n}",
    "Promise.all([axios.get('a'), fetch('b')]);",
    "(async () => {\n  await helper('a');\n})();",
    "api.groups?.getUserGroups();",
])
def test_the_fix_awaits_a_floating_statement(body):
    text = handler(body)
    [finding] = active(lint(text, {"HL112"}, path="action.js"), "HL112")
    assert finding.fix is not None and finding.fix.description == "Await the promise"
    fixed = _apply(text, finding)
    assert "await " in fixed.split("\n")[finding.region.start_line - 1]
    assert fired(fixed) == []


@pytest.mark.parametrize("body", [
    "const p = axios.get('a');",  # stored: where to await is the author's choice
    "event.user.identities.forEach(async (i) => { await axios.get(i.provider); });",
    "setTimeout(function () { axios.get('a'); }, 10);",  # not an async function: `await` would not parse
    "if (event.user.email) axios.get('a'), console.log('sent');",  # part of a sequence
    "console.log('sent'), axios.get('a');",  # `await a, b` would await `a`
    "event.user.identities.map(async (i) => { await axios.get(i.provider); });",  # an array: await is no help
    "event.user.email ? axios.get('a') : fetch('b');",  # `await c ? a : b` awaits `c`
    "event.user.email || axios.get('a');",
])
def test_no_fix_where_await_is_not_certain(body):
    [finding] = active(lint(handler(body), {"HL112"}, path="action.js"), "HL112")
    assert finding.fix is None


# ----- where it runs ---------------------------------------------------------------------------


def test_hl112_does_not_run_on_hooks():
    text = "const axios = require('axios');\nmodule.exports = function (user, context, cb) { axios.get('x'); cb(); };\n"
    result = lint(text, {"HL112"})
    assert result.kind == "hook" and "HL112" not in result.rules_run


def test_hl111_stops_hl112():
    text = "// hooklint: point=credentials-exchange\n" + handler("axios.get('a');")
    result = lint(text, {"HL111", "HL112"}, path="action.js")
    assert [f.rule_id for f in active(result)] == ["HL111"]
    assert len(active(lint(text.replace("// hooklint: point=credentials-exchange\n", ""), {"HL111", "HL112"},
                           path="action.js"))) == 1


def test_a_v3_sdk_call_given_a_callback_parameter_is_callback_style():
    text = handler("await new Promise((resolve) => getUser(event.user.user_id, resolve));",
                   HEAD + "function getUser(id, cb) {\n  management.users.get({ id }, cb);\n}\n")
    assert fired(text) == []


def test_a_call_hl115_reports_is_not_also_hl112():
    """actions-rules.md, precedence: HL112 does not fire for a call that HL115 reports, even
    when HL115 is not selected; without the deny before it, the same call is HL112's."""
    after_deny = """const axios = require('axios');
exports.onExecuteCredentialsExchange = async (event, api) => {
  if (event.client.metadata.blocked === 'true') {
    api.access.deny('invalid_request', 'blocked');
  }
  axios.post('https://audit.example.com/x', { id: event.client.client_id }, { timeout: 1000 });
};
"""
    both = lint(after_deny, {"HL112", "HL115"}, path="action.js")
    assert [(f.rule_id, f.region.start_line) for f in active(both)] == [("HL115", 6)]
    assert active(lint(after_deny, {"HL112"}, path="action.js")) == []
    no_deny = after_deny.replace("api.access.deny('invalid_request', 'blocked');", "console.log('blocked');")
    assert [(f.rule_id, f.region.start_line) for f in active(lint(no_deny, {"HL112"}, path="action.js"))] == \
        [("HL112", 6)]
