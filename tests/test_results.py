"""The result-object service: what each successful callback call hands back to Auth0."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import active, lint
from hooklint.hooks import model
from hooklint.auth0.facts import (RESERVED_APP_METADATA, RESTRICTED_CLAIMS, forbidden_namespace, is_url_claim,
                                metadata_key_problem)
from hooklint.js.estree import member_path
from hooklint.js.parse import parse
from hooklint.hooks.callback_results import missing_claims, object_entries, results, success_calls, unguarded_scope_uses
from hooklint.js.source import Source

CX = "// hooklint: point=credentials-exchange\n"
PRE = "// hooklint: point=pre-user-registration\n"


def hook_of(text: str):
    source = Source(path="hook.js", text=text)
    return model.build(source, parse(source.text))


def cx(body: str, prelude: str = "") -> str:
    return f"{CX}{prelude}\nmodule.exports = function (client, scope, audience, context, cb) {{\n{body}\n}};\n"


def pre(body: str, prelude: str = "") -> str:
    return f"{PRE}{prelude}\nmodule.exports = function (user, context, cb) {{\n{body}\n}};\n"


def only(text: str):
    found = results(hook_of(text))
    assert len(found) == 1, found
    return found[0]


def keys(result, depth: int = 1) -> set:
    return {e.path for e in result.entries if len(e.path) == depth}


# ----- which calls succeed ----------------------------------------------------------


def test_success_calls_skip_denials_and_include_helpers():
    hook = hook_of(cx("""
  if (!client.id) return cb(new InvalidRequestError('no'));
  if (audience === 'x') return cb(undefined, {scope: scope});
  finish({scope: scope}, cb);
""", "function finish(token, done) { done(null, token); }"))
    lines = [c.call.loc.start.line for c in success_calls(hook)]
    assert lines == [2, 6]  # `done(null, token)` in the helper, `cb(undefined, ...)` in the hook


def test_call_and_apply_arguments():
    result = only(cx("cb.call(null, null, {scope: scope, tier: 1});"))
    assert keys(result) == {("scope",), ("tier",)}


# ----- shapes -----------------------------------------------------------------------


@pytest.mark.parametrize("call, expected", [
    ("cb();", "no claims object"),
    ("cb(null);", "no claims object"),
    ("cb(null, undefined);", "`undefined`"),
    ("cb(null, 'ok');", "a string"),
    ("var claims; cb(null, claims);", "`undefined`"),
    ("var r = flag ? 'a' : 1; cb(null, r);", "a string or a number"),
    ("cb(null, {scope: scope});", None),
    ("cb(null, build());", None),  # unknown function: may be an object
    ("var t; if (x) { t = {scope: scope}; } cb(null, t);", None),  # assigned on some path
    ("cb(null, context.claims || {});", None),
    ("cb(null, Object.assign({}, base));", None),
])
def test_missing_claims(call, expected):
    assert missing_claims(only(cx(call))) == expected


def test_helper_returning_an_object_is_an_object():
    result = only(cx("cb(null, make(scope));", "function make(s) { return {scope: s, tier: 1}; }"))
    assert result.is_object and keys(result) == {("scope",), ("tier",)}


# ----- keys -------------------------------------------------------------------------


def test_keys_through_variables_aliases_and_computed_members():
    result = only(cx("""
  var access_token = {};
  var same = access_token;
  same.scope = scope;
  access_token[NS + 'tier'] = 1;
  access_token[`${NS}plan`] = 2;
  access_token['org'] = 3;
  cb(null, access_token);
""", "const NS = 'https://example.com/';"))
    assert keys(result) == {("scope",), ("https://example.com/tier",), ("https://example.com/plan",), ("org",)}
    assert result.sets_scope


def test_unresolved_computed_key_is_unknown_and_may_be_scope():
    result = only(cx("var t = {}; t[client.metadata.claim] = 1; cb(null, t);"))
    assert keys(result) == {(None,)}
    assert result.sets_scope  # an unknown key may be `scope`


def test_object_assign_spread_and_helpers_mutating_the_object():
    result = only(cx("""
  var token = Object.assign({}, BASE, {'https://x.com/a': 1});
  Object.assign(token, {b: 2});
  addClaims(token);
  cb(null, {...token, scope: scope});
""", "const BASE = {tier: 'gold'};\nfunction addClaims(t) { t.c = 3; }"))
    assert keys(result) == {("tier",), ("https://x.com/a",), ("b",), ("c",), ("scope",)}
    assert {e.origin for e in result.entries if e.path == ("tier",)} == {"spread"}


def test_variable_assigned_on_several_paths_unions_its_keys():
    result = only(cx("var t; if (x) { t = {a: 1}; } else { t = {b: 2}; } cb(null, t);"))
    assert keys(result) == {("a",), ("b",)} and not result.sets_scope and result.is_object


def test_object_handed_to_unknown_code_may_get_any_key():
    result = only(cx("var t = {a: 1}; enrich(t); cb(null, t);"))
    assert result.sets_scope and {e.origin for e in result.entries} == {"literal", "escape"}


def test_logging_the_object_adds_no_key():
    result = only(cx("var t = {a: 1}; console.log(JSON.stringify(t)); cb(null, t);"))
    assert not result.sets_scope


def test_nested_pre_registration_paths_literal_and_incremental():
    result = only(pre("""
  var response = { user: {} };
  response.user.user_metadata = { lang: 'en' };
  var meta = {};
  meta['plan.tier'] = 'trial';
  response.user.app_metadata = meta;
  Object.assign(response.user, { name: 'x' });
  cb(null, response);
"""))
    paths = {e.path for e in result.entries if None not in e.path}
    assert {("user",), ("user", "user_metadata"), ("user", "user_metadata", "lang"), ("user", "app_metadata"),
            ("user", "app_metadata", "plan.tier"), ("user", "name")} <= paths


def test_echoed_user_parameter_is_unknown_content_plus_its_writes():
    result = only(pre("user.email = 'x'; cb(null, { user: user });"))
    assert ("user", "email") in keys(result, 2) and ("user", None) in keys(result, 2)


def test_object_entries_of_a_payload():
    hook = hook_of(pre("var p = {a: {'b.c': 1}}; console.log(p); cb();"))
    call = next(n for n in hook.tree.nodes if n.type == "CallExpression" and member_path(n.callee) == "console.log")
    assert {e.path for e in object_entries(hook, call.arguments[0], ("app_metadata",))} == {
        ("app_metadata", "a"), ("app_metadata", "a", "b.c")}


def test_results_are_cached_per_file():
    hook = hook_of(cx("cb(null, {scope: scope});"))
    assert results(hook) is results(hook)


# ----- the scope parameter ----------------------------------------------------------


def uses(body: str, prelude: str = "") -> list[str]:
    text = cx(body, prelude)
    hook = hook_of(text)
    return [text[site.range[0]:site.range[1]] for site, _ in unguarded_scope_uses(hook)]


@pytest.mark.parametrize("body, expected", [
    ("var t = {}; t.scope = scope; t.scope.push('x'); cb(null, t);", ["t.scope.push"]),
    ("scope.forEach(function (s) {}); cb(null, {scope: scope});", ["scope.forEach"]),
    ("var first = scope[0]; cb(null, {scope: [...scope, 'x']});", ["scope[0]", "...scope"]),
    ("var s = scope; if (s.length > 1) {} cb(null, {scope: s});", ["s.length"]),
    ("var t = {scope: scope}; t.scope.push('x'); cb(null, t);", ["t.scope.push"]),
    ("for (const s of scope) {} cb(null, {scope: scope});", ["scope"]),
    ("if (scope) { scope.push('a'); } scope.push('b'); cb(null, {scope: scope});", ["scope.push"]),
    ("add(scope); cb(null, {scope: scope});", ["s.push"]),
])
def test_unguarded_uses(body, expected):
    prelude = "function add(s) { s.push('x'); }" if "add(" in body else ""
    assert uses(body, prelude) == expected


@pytest.mark.parametrize("body", [
    "scope = scope || []; scope.push('x'); cb(null, {scope: scope});",
    "scope ||= []; scope.push('x'); cb(null, {scope: scope});",
    "var s = (scope || []).concat('x'); cb(null, {scope: s});",
    "var s = (scope ?? []).concat('x'); cb(null, {scope: s});",
    "if (scope) { scope.push('x'); } cb(null, {scope: scope});",
    "if (!scope) { return cb(null, {scope: []}); } scope.push('x'); cb(null, {scope: scope});",
    "if (!scope) scope = []; scope.push('x'); cb(null, {scope: scope});",
    "if (scope == null) return cb(null, {scope: []}); scope.push('x'); cb(null, {scope: scope});",
    "if (!(scope && scope.length)) throw new Error('x'); scope.push('x'); cb(null, {scope: scope});",
    "if (Array.isArray(scope) && scope.includes('x')) {} cb(null, {scope: scope});",
    "var ok = scope && scope.indexOf('x') >= 0; cb(null, {scope: scope});",
    "var n = scope ? scope.length : 0; cb(null, {scope: scope});",
    "var ok = scope?.includes('x'); cb(null, {scope: scope});",
    "if (typeof scope === 'undefined') { return cb(null, {scope: []}); } scope.push('x'); cb(null, {scope: scope});",
    "if (scope === undefined || scope.length === 0) {} cb(null, {scope: scope});",
    "var t = {}; t.scope = scope || []; t.scope.push('x'); cb(null, t);",
    "var t = {}; if (scope) { t.scope = scope; } else { t.scope = []; } cb(null, t);",
    "var t = {}; t.scope = scope; t.scope = t.scope || []; t.scope.push('x'); cb(null, t);",
    "try { scope.push('x'); } catch (e) { return cb(e); } cb(null, {scope: scope});",
    # an early exit in both branches of an ``if`` (js.flow.terminates, shared with the HL3xx guards)
    "if (!scope) { if (a) { return cb(null, {scope: []}); } else { throw new Error('x'); } } scope.push('x'); "
    "cb(null, {scope: scope});",
    "if (!scope) process.exit(1); scope.push('x'); cb(null, {scope: scope});",
])
def test_guarded_uses(body):
    assert uses(body) == []


def test_default_parameter_is_a_guard():
    text = CX + "module.exports = function (client, scope = [], audience, context, cb) { scope.push('x'); };"
    assert unguarded_scope_uses(hook_of(text)) == []


def test_helper_returns_are_evaluated_per_call():
    result = only(cx("""
  var options = withDefaults({timeout: 5000});
  cb(null, withDefaults({scope: scope}));
""", "function withDefaults(extra) { return Object.assign({'https://x.com/v': 1}, extra); }"))
    assert keys(result) == {("https://x.com/v",), ("scope",)}  # not `timeout` from the other call


def test_recursive_helper_terminates():
    result = only(cx("cb(null, grow(3));", "function grow(n) { return n ? grow(n - 1) : {scope: []}; }"))
    # the recursive call is not entered again: it is unknown, the literal branch is seen
    assert result.kinds == {"object", "unknown"} and ("scope",) in keys(result)


# ----- the Auth0 facts the result rules use ------------------------------------------


@pytest.mark.parametrize("key, expected", [
    ("https://auth0.com/roles", "auth0.com"),
    ("https://mytenant.eu.auth0.com/plan", "auth0.com"),
    ("HTTP://Acme.WEBTASK.IO/x", "webtask.io"),
    ("https://sandbox.webtask.run:443/x", "webtask.run"),
    ("urn:auth0:plan", "urn:auth0"),
    ("URN:AUTH0", "urn:auth0"),
    ("https://auth0.com.example.org/x", None),
    ("https://myauth0.com/x", None),
    ("https://example.com/auth0.com", None),
    ("urn:auth0x:plan", None),
    ("auth0.com/plan", None),  # not a URL: HL204's case
])
def test_forbidden_namespace(key, expected):
    assert forbidden_namespace(key) == expected


def test_url_claims_and_metadata_keys():
    assert is_url_claim("https://x") and is_url_claim("HTTP:/malformed") and not is_url_claim("ftp://x")
    assert metadata_key_problem("a.b") == "contains `.`"
    assert metadata_key_problem("$a") == "starts with `$`"
    assert metadata_key_problem("a$b") is None


SHARED_FACTS = Path(__file__).resolve().parents[2] / "shared" / "docs" / "auth0-hooks.md"


def _listed_after(text: str, marker: str) -> set[str]:
    start = text.index(marker) + len(marker)
    end = text.index("`.", start)
    return set(text[start:end].replace("`", " ").split())


@pytest.mark.skipif(not SHARED_FACTS.exists(), reason="the shared Auth0 facts are not beside the repository")
def test_lists_match_the_shared_auth0_facts():
    text = " ".join(SHARED_FACTS.read_text(encoding="utf-8").split())
    assert RESTRICTED_CLAIMS == _listed_after(text, "namespaced or not: `")
    assert RESERVED_APP_METADATA == _listed_after(text, "must not use the reserved keys `")


# ----- one root cause, one finding -------------------------------------------------------


def test_hl200_and_hl201_never_report_the_same_call():
    text = cx("""
  if (client.metadata.a) return cb();
  if (client.metadata.b) return cb(null, 'ok');
  if (client.metadata.c) return cb(null, {'https://x.com/a': 1});
  cb(null, {scope: scope});
""")
    found = active(lint(text, {"HL200", "HL201"}))
    lines = {(f.rule_id, f.region.start_line) for f in found}
    assert lines == {("HL200", 5), ("HL200", 6), ("HL201", 7)}


def test_hl204_leaves_restricted_and_reserved_keys_to_hl206_and_hl205():
    text = cx("cb(null, {scope: scope, sub: 1, 'urn:auth0:x': 2, tier: 3});")
    found = {(f.rule_id, f.message.split("`")[1]) for f in active(lint(text, {"HL204", "HL205", "HL206"}))}
    assert found == {("HL206", "sub"), ("HL205", "urn:auth0:x"), ("HL204", "tier")}
