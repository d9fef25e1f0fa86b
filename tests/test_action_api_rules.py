"""The rules on what an Action does with ``api`` and ``event``: HL114 (api-not-on-trigger),
HL116 (invalid-deny-arguments), HL120 (event-or-api-mutated), and the part-1 rules that
also run on Actions through the same services (HL205, HL206 on ``setCustomClaim`` keys,
HL402 on ``api.redirect.sendUserTo``)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from conftest import REPO, active, lint
from hooklint.actions.triggers import ONLY_IN, TRIGGERS


def fired(text: str, rule: str, point: str | None = None) -> list[tuple[int, int, str]]:
    if point is not None:
        text = f"// hooklint: point={point}\n{text}"
    result = lint(text, {rule}, path="action.js")
    assert result.kind == "action"
    return [(f.region.start_line, f.region.start_column, f.message) for f in active(result, rule)]


# ----- the per-trigger api surface, as data -----------------------------------------------


def test_api_namespaces_are_the_keys_of_the_method_table():
    for trigger in TRIGGERS.values():
        assert trigger.api == frozenset(trigger.methods), trigger.id
        assert "cache" in trigger.api and trigger.methods["cache"] == {"get", "set", "delete"}


def test_documented_differences_between_triggers():
    assert "addScope" in TRIGGERS["post-login"].methods["accessToken"]
    assert TRIGGERS["credentials-exchange"].methods["accessToken"] == {"setCustomClaim"}
    assert TRIGGERS["post-user-registration"].api == {"cache"}
    assert "enrollWith" not in TRIGGERS["password-reset-post-challenge"].methods["authentication"]
    assert "canRedirect" not in TRIGGERS["password-reset-post-challenge"].methods["redirect"]
    assert TRIGGERS["post-login"].methods["samlResponse"] is None  # not all named: methods unchecked
    for (trigger, namespace, method), entry in ONLY_IN.items():
        assert method in TRIGGERS[trigger].methods[namespace] and entry in TRIGGERS[trigger].entry_points


# ----- HL114 ---------------------------------------------------------------------------------


def test_hl114_location_is_the_member_expression():
    found = fired("exports.onExecuteCredentialsExchange = async (event, api) => {\n"
                  "  await api.idToken.setCustomClaim('k', 1);\n};", "HL114")
    assert [(line, column) for line, column, _ in found] == [(2, 9)]
    assert "`api.idToken` does not exist at credentials-exchange" in found[0][2]


def test_hl114_silent_when_the_trigger_is_undecided():
    # entry points of two triggers: no trigger is decided, so nothing to compare with
    text = """exports.onExecutePostLogin = async (event, api) => { api.foo.bar(); };
exports.onExecuteCredentialsExchange = async (event, api) => { api.redirect.sendUserTo('https://a'); };"""
    result = lint(text, {"HL114"}, path="action.js")
    assert result.decision.point is None
    assert active(result, "HL114") == []


def test_hl114_the_trigger_decides_not_the_entry_point_name():
    text = "exports.onExecutePostLogin = async (event, api) => { api.accessToken.addScope('read'); };"
    assert fired(text, "HL114") == []
    # decided as credentials-exchange, the file exports no entry point of its trigger: that
    # is HL111's one finding, and it stops HL114 (actions-rules.md, precedence)
    assert fired(text, "HL114", point="credentials-exchange") == []
    result = lint(f"// hooklint: point=credentials-exchange\n{text}", {"HL111", "HL114"}, path="action.js")
    assert [f.rule_id for f in active(result)] == ["HL111"]
    helper = ("async function claims(api) { api.accessToken.addScope('read'); }\n"
              "exports.onExecuteCredentialsExchange = async (event, api) => { await claims(api); };")
    assert [line for line, _, _ in fired(helper, "HL114")] == [1]


@pytest.mark.parametrize("use", [
    "if (api.user) return;",  # a feature test
    "api.user?.setAppMetadata('a', 1);",
    "api.cache.get('a');",
    "typeof api.user;",
    "const u = api.user;",  # not used further
])
def test_hl114_uses_that_do_not_throw(use):
    assert fired(f"exports.onExecutePostUserRegistration = async (event, api) => {{ {use} }};", "HL114") == []


def test_hl114_missing_method_on_a_known_namespace_and_through_an_alias():
    found = fired("""exports.onExecutePostChallenge = async (event, api) => {
  const auth = api.authentication;
  auth.challengeWith({ type: 'otp' });
  auth.enrollWith({ type: 'otp' });
};""", "HL114")
    assert [(line, message.split(" (")[0]) for line, _, message in found] == \
        [(4, "`api.authentication.enrollWith` does not exist at password-reset-post-challenge")]


# ----- HL116 ---------------------------------------------------------------------------------


def test_hl116_constant_followed_and_location_is_the_argument():
    found = fired("""const REASON = 'Client is disabled';
exports.onExecuteCredentialsExchange = async (event, api) => {
  const reason = REASON;
  return api.access.deny(reason);
};""", "HL116")
    assert [(line, column) for line, column, _ in found] == [(4, 26)]
    assert "`Client is disabled` is not one" in found[0][2]


def test_hl116_missing_argument_is_reported_at_the_call():
    found = fired("exports.onExecutePreUserRegistration = async (event, api) => {\n  api.access.deny('no');\n};",
                  "HL116")
    assert [(line, column) for line, column, _ in found] == [(2, 3)]
    assert "`userMessage` is missing" in found[0][2]


def test_hl116_length_counts_utf16_units():
    ok = "é" * 100
    long = "😀" * 51  # 102 UTF-16 units, 51 code points
    text = ("exports.onExecutePreUserRegistration = async (event, api) => {\n"
            f"  api.validation.error('code', '{ok}');\n  api.validation.error('code', '{long}');\n}};")
    assert [line for line, _, _ in fired(text, "HL116")] == [3]


# ----- HL120 ---------------------------------------------------------------------------------


def test_hl120_suggests_the_api_method_only_where_the_trigger_has_it():
    text = "exports.onExecutePostLogin = async (event, api) => { event.user.app_metadata.plan = 'pro'; };"
    [(_, _, message)] = fired(text, "HL120")
    assert message.endswith("use `api.user.setAppMetadata('plan', …)`")
    text = "exports.onExecutePostChangePassword = async (event, api) => { event.user.app_metadata.plan = 'pro'; };"
    [(_, _, message)] = fired(text, "HL120")
    assert "use `" not in message


def test_hl120_not_a_role_is_silent():
    text = """exports.onExecutePostLogin = async (event, api) => {
  const Object = { assign() {} };
  Object.assign(event.user, { a: 1 });
  const copy = { ...event.user.app_metadata };
  copy.plan = 'pro';
  let e = event; e = {}; e.user = 1;
  event.authorization.roles.sort();
};"""
    assert fired(text, "HL120") == []


def test_hl120_an_empty_object_default_is_the_same_object():
    # `meta` is `event.user.app_metadata` itself whenever the user has metadata
    text = """exports.onExecutePostLogin = async (event, api) => {
  const meta = event.user.app_metadata || {};
  meta.plan = 'pro';
};"""
    assert [(line, message.split(" is ")[0]) for line, _, message in fired(text, "HL120")] == \
        [(3, "`event.user.app_metadata.plan`")]


def _both(text: str) -> list[tuple[str, int, str]]:
    """HL114's and HL120's findings together: (rule, line, message)."""
    result = lint(text, {"HL114", "HL120"}, path="action.js")
    return [(f.rule_id, f.region.start_line, f.message) for f in active(result)]


def test_one_finding_when_the_written_object_is_not_on_the_trigger():
    """The target's object does not exist at the trigger: the line throws (HL114), so
    HL120's "the change reaches no token" would be a second, untrue finding."""
    found = _both("exports.onExecuteCredentialsExchange = async (event, api) => {\n"
                  "  api.idToken['https://example.com/tier'] = 'gold';\n"
                  "  Object.assign(api.redirect, { url: 'x' });\n"
                  "  api.accessToken['https://example.com/tier'] = 'gold';\n};")
    assert [(rule, line) for rule, line, _ in found] == [("HL114", 2), ("HL120", 4)]
    assert "`api.idToken` does not exist at credentials-exchange" in found[0][2]


@pytest.mark.parametrize(("use", "verb"), [
    ("api.user.x.y = 1;", "assigning a property of it"),
    ("api.user.x.y += 1;", "assigning a property of it"),
    ("delete api.user.x.y;", "deleting a property of it"),
    ("const v = api.user.x.y;", "reading a property of it"),
    ("api.user.x.y.z = 1;", "reading a property of it"),
])
def test_hl114_words_a_use_that_is_not_a_call_by_what_it_does(use, verb):
    found = _both(f"exports.onExecutePostLogin = async (event, api) => {{\n  {use}\n}};")
    assert [(rule, line) for rule, line, _ in found] == [("HL114", 2)]  # and no HL120
    message = found[0][2]
    assert message.startswith("`api.user.x` does not exist at post-login (`api.user` there has "
                              "`setAppMetadata`, `setUserMetadata`): it is undefined there, so " + verb
                              + " throws a TypeError at run time"), message
    assert "calling" not in message


def test_hl114_a_call_is_still_worded_as_a_call():
    [(_, _, message)] = fired("exports.onExecutePostLogin = async (event, api) => { api.user.x(); };", "HL114")
    assert message.endswith(": calling it throws a TypeError at run time")


# ----- HL205, HL206, HL402 on Actions ----------------------------------------------------------


def test_claims_followed_through_a_destructured_helper_parameter():
    text = """const NAME = 'permissions';
async function claims({ accessToken }) { accessToken.setCustomClaim(NAME, 1); }
exports.onExecutePostLogin = async (event, api) => { await claims(api); };"""
    assert [(line, column) for line, column, _ in fired(text, "HL206")] == [(2, 69)]


def test_scope_throws_only_where_auth0_checks_it():
    text = "exports.{entry} = async (event, api) => {{ api.accessToken.setCustomClaim('scope', 'a b'); }};"
    [(_, _, message)] = fired(text.format(entry="onExecutePostLogin"), "HL206")
    assert "throws" in message
    assert fired(text.format(entry="onExecuteCredentialsExchange"), "HL206") == []


def test_part_one_rules_do_not_branch_on_the_kind():
    """A rule that runs on both kinds is one module that asks services, never the kind."""
    for name in ("hl205_claim_forbidden_namespace", "hl206_restricted_claim", "hl402_insecure_http_url"):
        tree = ast.parse(Path(REPO, "hooklint", "checks", f"{name}.py").read_text(encoding="utf-8"))
        attributes = {n.attr for n in ast.walk(tree) if isinstance(n, ast.Attribute)}
        names = {n.id for n in ast.walk(tree) if isinstance(n, ast.Name)}
        assert not attributes & {"kind", "hook", "point_name"} and not names & {"Hook", "Action"}, name


def test_rules_do_not_test_the_program_type_or_kind():
    """HL002 and HL303 run on both kinds and ask services that answer for any program;
    HL111 and HL121 run on Actions only (the registry, from their docs' ``kinds``): no rule
    here tests the program's class or looks up a table by kind."""
    for name in ("hl002_unknown_extensibility_point", "hl111_action_entry_point_mismatch",
                 "hl121_require_with_version", "hl303_token_fetched_per_invocation"):
        tree = ast.parse(Path(REPO, "hooklint", "checks", f"{name}.py").read_text(encoding="utf-8"))
        calls = {n.func.id for n in ast.walk(tree) if isinstance(n, ast.Call) and isinstance(n.func, ast.Name)}
        # the program's kind, whatever the rule names it (a token request's `kind` is another thing)
        kinds = {ast.unparse(n.value) for n in ast.walk(tree) if isinstance(n, ast.Attribute) and n.attr == "kind"}
        assert "isinstance" not in calls and not kinds & {"ctx", "ctx.program", "program", "hook", "action"}, name


def test_hook_claims_are_unchanged_by_the_action_services():
    text = """// hooklint: point=credentials-exchange
module.exports = function (client, scope, audience, context, cb) {
  var t = {}; t.scope = scope; t.permissions = []; t['https://a.auth0.com/x'] = 1; cb(null, t);
};"""
    result = lint(text, {"HL205", "HL206"}, path="hook.js")
    assert result.kind == "hook"
    assert sorted((f.rule_id, f.message.split(": ")[0]) for f in active(result)) == [
        ("HL205", "claim `https://a.auth0.com/x` is under `auth0.com`, a namespace Auth0 reserves"),
        ("HL206", "claim `permissions` is restricted"),
    ]
    assert "a hook set it" in active(result, "HL206")[0].message


def test_redirect_url_through_a_constant():
    text = """const BASE = 'http://portal.example.com/';
exports.onExecutePostLogin = async (event, api) => { api.redirect.sendUserTo(BASE + 'consent'); };
exports.onContinuePostLogin = async () => {};"""
    [(line, _, message)] = fired(text, "HL402")
    assert line == 1 and message.startswith("`api.redirect.sendUserTo` sends the user's browser to "
                                            "`http://portal.example.com`")
