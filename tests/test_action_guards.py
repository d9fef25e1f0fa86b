"""The guard service of Actions (hooklint.actions.guards): is a node under a condition that
checks a given part of ``event``/``api`` (HL220, HL221, HL305), and those rules on top of it."""

from __future__ import annotations

import pytest

from conftest import active, lint
from hooklint.actions import guards
from hooklint.actions.guards import MFA, METADATA, REDIRECT, Guard, guarded
from hooklint.actions.model import Action
from hooklint.actions.roles import api_calls
from hooklint.js.parse import ParseError, parse
from hooklint.js.source import Source
from hooklint.run.engine import build_program


def action(text: str) -> Action:
    source = Source(path="code.js", text=text)
    parsed = parse(source.text)
    assert not isinstance(parsed, ParseError), parsed
    program = build_program(source, parsed)
    assert isinstance(program, Action)
    return program


def answers(text: str, guard: Guard, method: str = "sendUserTo") -> dict[int, bool]:
    """Line -> guarded, for every call of an ``api`` method named ``method``."""
    program = action(text)
    return {c.call.loc.start.line: guarded(program, c.call, guard)
            for c in api_calls(program) if c.path[-1] == method}


def handler(body: str) -> str:
    return "exports.onExecutePostLogin = async (event, api) => {\n" + body + "\n};\n"


# ----- canRedirect: only its truthy side guards ---------------------------------------------


@pytest.mark.parametrize("body, expected", [
    ("if (api.redirect.canRedirect()) api.redirect.sendUserTo('u');", True),
    ("if (api.redirect.canRedirect()) {} else api.redirect.sendUserTo('u');", False),
    ("if (!api.redirect.canRedirect()) return;\napi.redirect.sendUserTo('u');", True),
    ("if (api.redirect.canRedirect()) return;\napi.redirect.sendUserTo('u');", False),
    ("api.redirect.canRedirect() && api.redirect.sendUserTo('u');", True),
    ("!api.redirect.canRedirect() || api.redirect.sendUserTo('u');", True),
    ("api.redirect.canRedirect() || api.redirect.sendUserTo('u');", False),
    ("if (x && api.redirect.canRedirect()) api.redirect.sendUserTo('u');", True),
    ("if (x || api.redirect.canRedirect()) api.redirect.sendUserTo('u');", False),
    ("if (!(x && api.redirect.canRedirect())) return;\napi.redirect.sendUserTo('u');", True),
    ("if (api.redirect.canRedirect() === false) return;\napi.redirect.sendUserTo('u');", True),
    ("if (api.redirect.canRedirect() !== true) { api.redirect.sendUserTo('u'); }", False),
    ("const ok = api.redirect.canRedirect();\nif (!ok) return;\napi.redirect.sendUserTo('u');", True),
    ("const { redirect } = api;\nif (redirect.canRedirect()) redirect.sendUserTo('u');", True),
    ("const r = api.redirect;\nconst ok = r.canRedirect();\nif (ok) {} else { r.sendUserTo('u'); }", False),
    ("const y = api.redirect.canRedirect() ? api.redirect.sendUserTo('u') : null;", True),
])
def test_can_redirect_polarity(body, expected):
    [(_, got)] = answers(handler("const x = event.user.email_verified;\n" + body), REDIRECT).items()
    assert got is expected


# ----- reads of the protocol, the prompt, the metadata: both branches --------------------------


@pytest.mark.parametrize("body, expected", [
    ("if (event.transaction.protocol === 'oauth2-refresh-token') {} else api.redirect.sendUserTo('u');", True),
    ("if (event.transaction?.protocol !== 'oauth2-refresh-token') api.redirect.sendUserTo('u');", True),
    ("const p = event.transaction?.protocol;\nif (p === 'oauth2-password') return;\napi.redirect.sendUserTo('u');",
     True),
    ("const { transaction: { protocol } } = event;\nconst interactive = protocol !== 'oauth2-refresh-token';\n"
     "if (interactive) api.redirect.sendUserTo('u');", True),
    ("if (event.request.query.prompt === 'none') return;\napi.redirect.sendUserTo('u');", True),
    ("switch (event.transaction.protocol) { case 'oidc-basic-profile': api.redirect.sendUserTo('u'); }", True),
    ("if (event.transaction) api.redirect.sendUserTo('u');", False),  # the object, not its protocol
    ("if (event.user.app_metadata.pending) api.redirect.sendUserTo('u');", False),
    ("api.redirect.sendUserTo('u');\nif (!api.redirect.canRedirect()) return;", False),  # a check after
    ("try { if (!api.redirect.canRedirect()) return; } finally { api.redirect.sendUserTo('u'); }", False),
    ("for (const s of event.user.app_metadata.steps) {\nif (!api.redirect.canRedirect()) continue;\n"
     "api.redirect.sendUserTo(s);\n}", True),
])
def test_redirect_guards(body, expected):
    [(_, got)] = answers(handler(body), REDIRECT).items()
    assert got is expected


def test_the_same_condition_answers_each_guard():
    text = handler("if (event.user.app_metadata.plan !== 'pro') {\n  api.user.setAppMetadata('plan', 'pro');\n"
                   "  api.multifactor.enable('any');\n}\n"
                   "if (event.transaction.protocol !== 'oauth2-refresh-token') {\n"
                   "  api.user.setAppMetadata('b', 1);\n  api.multifactor.enable('any');\n}")
    assert answers(text, METADATA, "setAppMetadata") == {3: True, 7: False}
    assert answers(text, MFA, "enable") == {4: False, 8: True}


# ----- helpers in conditions, and helpers around the call -----------------------------------


def test_a_check_hooklint_cannot_see_into_counts_when_it_may_reach_the_part():
    text = """const { isInteractive, needsMfa } = require('./checks');
function plainCheck(user) { return user.email.endsWith('@example.com'); }
function readsProtocol(e) { return e.transaction.protocol !== 'oauth2-refresh-token'; }
exports.onExecutePostLogin = async (event, api) => {
  if (isInteractive(event)) api.multifactor.enable('a');
  if (isInteractive(event.transaction)) api.multifactor.enable('b');
  if (needsMfa(event.user)) api.multifactor.enable('c');
  if (plainCheck(event.user)) api.multifactor.enable('d');
  if (readsProtocol(event)) api.multifactor.enable('e');
  if (event.user.email.endsWith('@example.com')) api.multifactor.enable('f');
};"""
    # an imported check given `event` or `event.transaction` may read the protocol; given
    # `event.user` it cannot; the file's own functions are looked into
    assert answers(text, MFA, "enable") == {5: True, 6: True, 7: False, 8: False, 9: True, 10: False}
    # the metadata hangs under event.user: an unseen check given it counts for HL305's guard
    program = action(text.replace("api.multifactor.enable", "api.user.setAppMetadata"))
    got = {c.call.loc.start.line: guarded(program, c.call, METADATA) for c in api_calls(program)}
    assert got == {5: True, 6: False, 7: True, 8: False, 9: False, 10: False}


def test_a_helper_is_guarded_where_every_call_is():
    text = """async function go(api, url) { api.redirect.sendUserTo(url); }
async function other(api, url) { api.redirect.sendUserTo(url); }
exports.onExecutePostLogin = async (event, api) => {
  if (api.redirect.canRedirect()) await go(api, 'a');
  if (!api.redirect.canRedirect()) return;
  await go(api, 'b');
  await other(api, 'c');
};
exports.onContinuePostLogin = async (event, api) => {
  await other(api, 'd');
};"""
    assert answers(text, REDIRECT) == {1: True, 2: True}
    unguarded = text.replace("  if (!api.redirect.canRedirect()) return;\n", "")
    assert answers(unguarded, REDIRECT) == {1: False, 2: False}  # go('b') and other('c') are not guarded
    assert answers(unguarded.replace("  await go(api, 'b');\n", ""), REDIRECT) == {1: True, 2: False}


def test_on_continue_post_login_runs_after_a_redirect_only():
    text = """exports.onExecutePostLogin = async (event, api) => { api.user.setAppMetadata('a', 1); };
exports.onContinuePostLogin = async (event, api) => { api.user.setAppMetadata('b', 1); };"""
    assert answers(text, METADATA, "setAppMetadata") == {1: False, 2: True}


def test_inline_callbacks_see_the_conditions_around_them():
    text = handler("""if (!event.user.app_metadata.synced) {
  await Promise.all(event.user.identities.map(async (i) => { api.user.setAppMetadata(i.provider, true); }));
}
event.user.identities.forEach((i) => api.user.setAppMetadata(i.provider, true));""")
    assert answers(text, METADATA, "setAppMetadata") == {3: True, 5: False}


def test_each_condition_is_read_once_per_guard(monkeypatch):
    seen: list[int] = []
    original = guards._reads_now

    def counting(program, expression, guard):
        seen.append(id(expression))
        return original(program, expression, guard)

    monkeypatch.setattr(guards, "_reads_now", counting)
    calls = "\n".join(f"  api.user.setAppMetadata('k{i}', {i});" for i in range(200))
    text = handler(f"if (event.request.ip) return;\nif (event.user.email) {{\n{calls}\n}}")
    result = answers(text, METADATA, "setAppMetadata")
    assert len(result) == 200 and not any(result.values())
    assert len(seen) == len(set(seen)) <= 2  # the two tests, each read once for 200 calls


# ----- the rules ----------------------------------------------------------------------------


def test_hl305_and_hl300_both_report_one_management_write():
    text = """const { ManagementClient } = require('auth0@2.3.0');
exports.onExecutePostLogin = async (event, api) => {
  const management = new ManagementClient({ domain: event.secrets.DOMAIN, clientId: event.secrets.ID,
    clientSecret: event.secrets.SECRET });
  await management.updateUserMetadata({ id: event.user.user_id }, { seen: true });
  await management.deleteUser({ id: 'x' });
  await management.users.update({ id: event.user.user_id }, { blocked: false });
};"""
    result = lint(text, {"HL300", "HL305"}, path="action.js")
    assert sorted(f.region.start_line for f in active(result, "HL305")) == [5, 7]
    assert {5, 7} <= {f.region.start_line for f in active(result, "HL300")}
    [first, _] = active(result, "HL305")
    assert "`management.updateUserMetadata` updates the user through the Management API" in first.message


def test_raw_patch_of_the_user_only():
    text = """const axios = require('axios');
exports.onExecutePostLogin = async (event, api) => {
  const base = `https://${event.secrets.DOMAIN}/api/v2/users/${event.user.user_id}`;
  await axios.patch(base, { app_metadata: { a: 1 } }, { timeout: 1000 });
  await axios.patch(`${base}/authenticators/x`, {}, { timeout: 1000 });
  await axios.get(base, { timeout: 1000 });
  await axios.delete(base, { timeout: 1000 });
  await fetch(base, { method: 'PATCH', body: '{}' });
};"""
    result = lint(text, {"HL305"}, path="action.js")
    assert [f.region.start_line for f in active(result, "HL305")] == [4, 8]


def test_rules_run_on_post_login_only_and_name_the_call():
    body = ("api.redirect.sendUserTo('https://a');\napi.multifactor.enable('any');\n"
            "api.authentication.challengeWithAny([{ type: 'otp' }]);\napi.authentication.enrollWith({ type: 'otp' });\n"
            "api.authentication.recordMethod('x');\napi.user.setUserMetadata('k', 1);")
    result = lint(handler(body) + "exports.onContinuePostLogin = async () => {};\n", {"HL220", "HL221", "HL305"},
                  path="action.js")
    got = sorted((f.rule_id, f.region.start_line) for f in active(result))
    assert got == [("HL220", 2), ("HL221", 3), ("HL221", 4), ("HL221", 5), ("HL305", 7)]
    [mfa, *_] = active(result, "HL221")
    assert mfa.message.startswith("`api.multifactor.enable` also runs on refresh-token exchanges")
    other = lint("exports.onExecuteCredentialsExchange = async (event, api) => {\n"
                 "  api.redirect.sendUserTo('https://a');\n};\n", {"HL220"}, path="action.js")
    assert active(other, "HL220") == []


def test_a_first_login_write_is_not_every_login():
    text = handler("""const { logins_count: logins } = event.stats;
if (logins > 1) return;
api.user.setAppMetadata('signup_ip', event.request.ip);""")
    assert answers(text, METADATA, "setAppMetadata") == {4: True}
    assert answers(text.replace("if (logins > 1) return;", "if (!event.user.email_verified) return;"), METADATA,
                   "setAppMetadata") == {4: False}
