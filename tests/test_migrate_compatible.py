"""The compatible form of ``hooklint migrate`` (hooklint.migrate.compatible): the hook's own
code run by an adapter. Every hook of the examples and of the HL1xx/HL2xx fixtures whose
point is known gets an Action that parses and that ``hooklint check`` accepts; one is
compared with its golden text; a few run under Node with a recording ``api``."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from conftest import FIXTURES, REPO, TESTS
from hooklint.findings import Level, PointDecision
from hooklint.hooks import model as hook_model
from hooklint.js.parse import ParseError, parse, with_deep_stack
from hooklint.js.source import Source
from hooklint.migrate import compatible, mapping
from hooklint.migrate.model import Translation
from hooklint.migrate.command import checker
from hooklint.migrate.translate import translate

GOLDEN = TESTS / "data" / "migrate" / "credentials-exchange-add-claims.compatible.js"

# Hooks that start a promise no callback call waits for (fire and forget, or a chain whose
# handler never reaches the callback): the Action keeps that code, and HL112 rightly says
# nobody awaits it. The migration report lists these findings (kind action-warning).
FLOATING = {
    "tests/fixtures/HL101/send-phone-message-missing-context.js",
    "tests/fixtures/HL102/ok-named-local-functions-as-callbacks.js",
    "tests/fixtures/HL104/two-thens-without-catch.js",
    "tests/fixtures/HL108/promise-chain-q.js",
    "tests/fixtures/HL208/management-http.js",
    "tests/fixtures/HL210/raw-http.js",
}


check = checker()  # every rule, as `hooklint migrate` checks what it writes


def _hook(path: Path):
    """The hook model of a file, or None when it is no hook with a known point."""
    source = Source(path=path.relative_to(REPO).as_posix(), text=path.read_text(encoding="utf-8"))
    parsed = parse(source.text)
    if isinstance(parsed, ParseError):
        return None
    hook = with_deep_stack(lambda: hook_model.build(source, parsed))
    if hook.point_name is None or hook.function is None or hook.exports.export is None:
        return None
    if "onExecute" in source.text and "exports.onExecute" in source.text:
        return None  # an Action fixture
    return hook


def _draft(hook) -> str:
    return with_deep_stack(lambda: compatible.draft(hook)).code


def _action(code: str, point: str, name: str = "action.js") -> Source:
    trigger, _, _ = mapping.trigger_of(point)
    return Source(path=name, text=code, point_hint=PointDecision(trigger, "option", "test"))


_CANDIDATES = sorted(REPO.glob("examples/hooks/*.js")) + sorted(
    p for p in FIXTURES.glob("HL[12][0-9][0-9]/*.js") if p.is_file())
HOOKS = [p for p in _CANDIDATES if _hook(p) is not None]


def test_the_corpus_is_large():
    assert len(HOOKS) >= 250
    assert {_hook(p).point_name for p in HOOKS} == set(mapping.PARAMETERS)


@pytest.mark.parametrize("path", HOOKS, ids=[p.relative_to(REPO).as_posix() for p in HOOKS])
def test_every_hook_becomes_an_action_that_check_accepts(path):
    hook = _hook(path)
    code = _draft(hook)
    assert not isinstance(parse(code), ParseError), code
    shown = path.relative_to(REPO).as_posix()
    errors = sorted({f.rule_id for f in check(_action(code, hook.point_name)) if f.level is Level.ERROR})
    assert errors == (["HL112"] if shown in FLOATING else []), errors
    _, _, entry = mapping.trigger_of(hook.point_name)
    assert f"exports.{entry} = async (event" in code
    assert "module.exports" not in code.replace("`module.exports`", "")


def test_the_pipeline_gives_the_compatible_form_on_the_examples():
    for path in sorted(REPO.glob("examples/hooks/*.js")):
        source = Source(path=path.relative_to(REPO).as_posix(), text=path.read_text(encoding="utf-8"))
        result = translate(source, check)
        if not isinstance(result, Translation):
            continue
        errors = [n for n in result.notes if n.kind == "action-warning" and "[error]" in n.message]
        assert errors == [], errors
        assert not isinstance(parse(result.code), ParseError)


def test_golden_text():
    hook = _hook(REPO / "examples/hooks/credentials-exchange-add-claims.js")
    assert _draft(hook) == GOLDEN.read_text(encoding="utf-8")


def _inline(text: str, name: str = "hook.js"):
    source = Source(path=name, text=text)
    hook = with_deep_stack(lambda: hook_model.build(source, parse(source.text)))
    assert hook.point_name is not None
    return hook


def test_the_text_is_kept_with_three_edits():
    text = ("'use strict';\n// a helper\nconst x = require('lodash@4.17.21');\nconst y = require(\"ms@2\");\n\n"
            "module.exports = function (user, context, cb) { // the hook\n"
            "  cb(new PreUserRegistrationError('a', 'b'));\n};\n")
    code = _draft(_inline(text, "pre-user-registration.js"))
    kept = code[code.index("'use strict'"):]
    assert kept.startswith("'use strict';\n// a helper\nconst x = require('lodash');\nconst y = require(\"ms\");\n\n"
                           "const hook = function (user, context, cb) { // the hook\n")
    assert code.index("class PreUserRegistrationError extends Error") > code.index("const hook =")
    assert "this.friendlyMessage = friendlyMessage;" in code
    assert "class ExtensibilityUserError" not in code  # not used by the hook


def test_a_name_the_module_declares_is_not_taken():
    text = ("// hooklint: point=post-change-password\nconst hook = 1;\nfunction hookFunction() {}\n"
            "module.exports = function (user, context, cb) { cb(); };\n")
    code = _draft(_inline(text))
    assert "const originalHook = function (user, context, cb)" in code
    assert "originalHook(user, context, (error)" in code


def test_a_top_level_return_becomes_the_declaration():
    text = ("// hooklint: point=post-user-registration\nvar N = 1;\n"
            "return function (user, context, cb) { cb(); };\n")
    code = _draft(_inline(text))
    assert "const hook = function (user, context, cb) { cb(); };" in code
    assert "return function" not in code


def test_a_class_used_while_the_module_loads_comes_first():
    text = ("'use strict';\nconst Denied = InvalidScopeError;\n"
            "module.exports = function (client, scope, audience, context, cb) { cb(new Denied('no')); };\n")
    code = _draft(_inline(text))
    assert code.index("'use strict'") < code.index("class InvalidScopeError") < code.index("const Denied")
    assert not isinstance(parse(code), ParseError)


def test_the_error_mapping_names_only_classes_the_file_has():
    text = ("module.exports = function (client, scope, audience, context, cb) {\n"
            "  if (!client.metadata) return cb(new InvalidRequestError('no metadata'));\n  cb(null, {});\n};\n")
    code = _draft(_inline(text))
    assert "if (error instanceof InvalidRequestError) {\n      return api.access.deny('invalid_request'" in code
    assert "InvalidScopeError" not in code
    assert "return api.access.deny('server_error', error.message);" in code


# ----- running the Action under Node ---------------------------------------------------------

_DRIVER = r"""
const action = require(process.argv[2]);
const event = JSON.parse(process.argv[3]);
const calls = [];
const record = (path) => (...args) => { calls.push([path, ...args]); };
const api = {
  access: { deny: record('access.deny') },
  accessToken: { setCustomClaim: record('accessToken.setCustomClaim') },
  user: { setUserMetadata: record('user.setUserMetadata'), setAppMetadata: record('user.setAppMetadata') },
  cache: { get: () => undefined, set: record('cache.set'), delete: record('cache.delete') },
};
const entry = Object.keys(action).find((k) => k.startsWith('onExecute'));
Promise.resolve(action[entry](event, api)).then(
  () => console.log(JSON.stringify({ calls })),
  (error) => console.log(JSON.stringify({ calls, thrown: error instanceof Error ? error.message : String(error) })),
);
"""


@pytest.fixture(scope="module")
def run_action(tmp_path_factory):
    node = shutil.which("node")
    if node is None:
        pytest.skip("node is not installed")
    folder = tmp_path_factory.mktemp("actions")
    driver = folder / "driver.js"
    driver.write_text(_DRIVER, encoding="utf-8")

    def run(code: str, event: dict, name: str) -> dict:
        action = folder / f"{name}.js"
        action.write_text(code, encoding="utf-8")
        done = subprocess.run([node, str(driver), str(action), json.dumps(event)], capture_output=True, text=True,
                              timeout=30, check=True)
        return json.loads(done.stdout)
    return run


_CCE_EVENT = {"client": {"client_id": "c1", "name": "Partner", "metadata": {"plan": "enterprise"}},
              "tenant": {"id": "t1"}, "accessToken": {"scope": ["read:a"]},
              "resource_server": {"identifier": "https://partner-api.example.org"}, "secrets": {}}


def test_claims_under_node(run_action):
    code = _draft(_hook(REPO / "examples/hooks/credentials-exchange-add-claims.js"))
    out = run_action(code, _CCE_EVENT, "cce")
    ns = "https://partner-api.example.org/"
    # `tier` and `scope` are no URLs: Hooks dropped them, so the Action sets neither
    assert out == {"calls": [["accessToken.setCustomClaim", ns + "plan", "enterprise"],
                             ["accessToken.setCustomClaim", ns + "region", "eu-west"],
                             ["accessToken.setCustomClaim", ns + "partner_id", "c1"]]}
    other = dict(_CCE_EVENT, resource_server={"identifier": "https://other.example.org"})
    assert ["accessToken.setCustomClaim", ns + "foreign_audience", True] in run_action(code, other, "cce2")["calls"]


def test_deny_and_metadata_under_node(run_action):
    code = _draft(_hook(REPO / "examples/hooks/pre-user-registration-block-domains.js"))
    event = {"user": {"email": "someone@mailinator.com"}, "tenant": {"id": "t1"},
             "connection": {"id": "con_1", "name": "Username-Password"},
             "request": {"ip": "10.0.0.1", "language": "fr"}, "transaction": {"locale": "fr"}, "secrets": {}}
    denied = run_action(code, event, "pre-denied")
    assert denied == {"calls": [["access.deny", "Sign-up blocked for domain mailinator.com",
                                 "Please sign up with your work e-mail address."]]}
    allowed = run_action(code, dict(event, user={"email": "a@work.example"}), "pre-allowed")
    assert allowed == {"calls": [["user.setUserMetadata", "preferred_language", "fr"],
                                 ["user.setAppMetadata", "plan", "free"],
                                 ["user.setAppMetadata", "signup_connection", "Username-Password"]]}


def test_errors_under_node(run_action):
    cce = _draft(_inline(
        "module.exports = function (client, scope, audience, context, cb) {\n"
        "  if (!client.metadata.plan) { cb(new InvalidScopeError('no plan')); cb(null, {}); return; }\n"
        "  if (client.metadata.plan === 'boom') throw new Error('sync');\n"
        "  if (client.metadata.plan === 'text') return cb('plain text');\n"
        "  cb(null, { 'https://x/plan': client.metadata.plan });\n};\n"))
    no_plan = dict(_CCE_EVENT, client={"client_id": "c1", "name": "P", "metadata": {}})
    # only the first callback call counts
    assert run_action(cce, no_plan, "cce-scope")["calls"] == [["access.deny", "invalid_scope", "no plan"]]
    boom = dict(_CCE_EVENT, client={"client_id": "c1", "name": "P", "metadata": {"plan": "boom"}})
    # a synchronous throw escaped the hook to the runtime (auth0-hooks.md §1): the Action throws it
    boomed = run_action(cce, boom, "cce-boom")
    assert boomed == {"calls": [], "thrown": "sync"}
    text = dict(_CCE_EVENT, client={"client_id": "c1", "name": "P", "metadata": {"plan": "text"}})
    assert run_action(cce, text, "cce-text")["calls"] == [["access.deny", "server_error", "plain text"]]

    post = _draft(_inline(
        "// hooklint: point=post-user-registration\n"
        "module.exports = function (user, context, cb) {\n"
        "  setTimeout(() => cb(new Error('crm down: ' + user.id + ' ' + context.webtask.secrets.KEY)), 1);\n};\n"))
    event = {"user": {"user_id": "auth0|1"}, "tenant": {"id": "t1"}, "connection": {"id": "c", "name": "db"},
             "request": {"ip": "1", "language": "en"}, "secrets": {"KEY": "k"}}
    assert run_action(post, event, "post") == {"calls": [], "thrown": "crm down: auth0|1 k"}
