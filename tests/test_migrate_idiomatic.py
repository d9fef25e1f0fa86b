"""The idiomatic form of ``hooklint migrate``: the hook's own text edited into an Action
where the analysis proves the shape, and a one-sentence refusal elsewhere."""

from __future__ import annotations

import json
import shutil
import subprocess

import pytest

from conftest import REPO
from hooklint.findings import Level, PointDecision
from hooklint.hooks.model import Hook
from hooklint.js.parse import ParseError, parse
from hooklint.js.source import Source
from hooklint.migrate import idiomatic, mapping
from hooklint.migrate.model import Draft, Refusal
from hooklint.migrate.command import checker
from hooklint.migrate.translate import translate
from hooklint.run.engine import build_program

EXAMPLES = REPO / "examples" / "hooks"
check = checker()  # every rule, as `hooklint migrate` checks what it writes


def hook_of(text: str) -> Hook:
    source = Source(path="hook.js", text=text)
    parsed = parse(source.text)
    assert not isinstance(parsed, ParseError), parsed
    program = build_program(source, parsed)
    assert isinstance(program, Hook)
    return program


def draft(text: str) -> Draft | Refusal:
    return idiomatic.draft(hook_of(text))


def accepted(text: str) -> Draft:
    written = draft(text)
    assert isinstance(written, Draft), written
    return written


def assert_clean(code: str, point: str) -> None:
    """The Action parses and ``hooklint check`` finds no error in it, on its trigger."""
    assert not isinstance(parse(code), ParseError), code
    trigger, _, entry = mapping.trigger_of(point)
    source = Source(path="action.js", text=code, point_hint=PointDecision(trigger, "option", "test"))
    errors = [f for f in check(source) if f.level is Level.ERROR]
    assert not errors, (code, errors)
    assert f"exports.{entry} = " in code


def hook(point: str, params: str, body: str, prelude: str = "") -> str:
    return f"// hooklint: point={point}\n{prelude}module.exports = function ({params}) {{\n{body}}};\n"


def cce(body: str, prelude: str = "") -> str:
    return hook("credentials-exchange", "client, scope, audience, context, cb", body, prelude)


def pre(body: str, prelude: str = "") -> str:
    return hook("pre-user-registration", "user, context, cb", body, prelude)


def post(body: str, point: str = "post-user-registration") -> str:
    return hook(point, "user, context, cb", body)


def spm(body: str, prelude: str = "") -> str:
    return hook("send-phone-message", "recipient, text, context, cb", body, prelude)


# ----- exact output ----------------------------------------------------------------------

CCE_LITERAL = cce("""\
  // plan from metadata
  if (!client.metadata) return cb(new InvalidRequestError('no metadata'));
  cb(null, {
    [NS + 'plan']: client.metadata.plan, // the plan
    'https://example.org/aud': audience,
    tier: 'gold',
    scope: scope,
  });
""", "const NS = 'https://example.org/';\n")


def test_cce_object_literal_golden():
    written = accepted(CCE_LITERAL)
    assert written.code == """\
// hooklint: point=credentials-exchange
const NS = 'https://example.org/';
exports.onExecuteCredentialsExchange = async (event, api) => {
  // plan from metadata
  if (!event.client.metadata) {
    api.access.deny('invalid_request', 'no metadata');
    return;
  }
  // the plan
  api.accessToken.setCustomClaim(NS + 'plan', event.client.metadata.plan);
  api.accessToken.setCustomClaim('https://example.org/aud', event.resource_server.identifier);
};
"""
    assert {(n.code, n.line) for n in written.notes} == {("claim-not-url", 9), ("cce-scope", 10)}
    assert "claim `https://example.org/plan` → api.accessToken.setCustomClaim" in written.carried
    assert "`audience` → event.resource_server.identifier" in written.carried
    # `scope` was only in the dropped key: nothing of it reaches the Action
    assert not any("`scope`" in line for line in written.carried)
    assert_clean(written.code, "credentials-exchange")


PRE_LITERAL = pre("""\
  const { API_KEY } = context.webtask.secrets;
  if (!user.email) return cb(new Error('missing e-mail for ' + user.username));
  cb(null, { user: { user_metadata: { lang: context.requestLanguage, key: API_KEY },
                     app_metadata: { 'tier': 'free' } } });
""")


def test_pre_registration_literal_golden():
    written = accepted(PRE_LITERAL)
    assert written.code == """\
// hooklint: point=pre-user-registration
exports.onExecutePreUserRegistration = async (event, api) => {
  const { API_KEY } = event.secrets;
  if (!event.user.email) {
    const message = 'missing e-mail for ' + event.user.username;
    api.access.deny(message, message);
    return;
  }
  api.user.setUserMetadata('lang', event.request.language);
  api.user.setUserMetadata('key', API_KEY);
  api.user.setAppMetadata('tier', 'free');
};
"""
    assert "secret API_KEY → event.secrets.API_KEY" in written.carried
    assert "app_metadata `tier` → api.user.setAppMetadata" in written.carried
    assert_clean(written.code, "pre-user-registration")


def test_send_phone_message_golden():
    written = accepted(spm("""\
  try {
    await sms.send({ to: recipient, text, key: context.webtask.secrets.KEY });
  } catch (err) {
    return cb(err);
  }
  cb(null, {});
""", "const sms = require(\"sms-lib@1.2.3\");\n").replace("function (", "async function ("))
    assert written.code == """\
// hooklint: point=send-phone-message
const sms = require("sms-lib");
exports.onExecuteSendPhoneMessage = async (event, api) => {
  try {
    await sms.send({ to: event.message_options.recipient, text: event.message_options.text, key: event.secrets.KEY });
  } catch (err) {
    throw err;
  }
};
"""
    assert "`require('sms-lib@1.2.3')` → `require('sms-lib')` (dependency sms-lib 1.2.3)" in written.carried
    assert_clean(written.code, "send-phone-message")


def test_cce_errors_in_branches_golden():
    written = accepted(cce("""\
  if (audience === 'x') {
    cb(new InvalidScopeError('bad scope'));
  } else if (audience === 'y') cb(new Error('boom ' + client.name));
  else cb(null, { 'https://example.org/a': 1 });
"""))
    assert written.code.split("{\n", 1)[1] == """\
  if (event.resource_server.identifier === 'x') {
    api.access.deny('invalid_scope', 'bad scope');
  } else if (event.resource_server.identifier === 'y') api.access.deny('server_error', 'boom ' + event.client.name);
  else api.accessToken.setCustomClaim('https://example.org/a', 1);
};
"""
    assert_clean(written.code, "credentials-exchange")


def test_example_pre_registration_golden():
    """The example hook: the deny is followed by `return;`, the result is a variable, so
    its metadata is set key by key in loops; its comments and layout are kept."""
    written = accepted((EXAMPLES / "pre-user-registration-block-domains.js").read_text())
    code = written.code
    assert code.startswith("/**\n * Pre User Registration hook: refuse sign-ups")
    assert """\
exports.onExecutePreUserRegistration = async (event, api) => {
  const domain = emailDomain(event.user.email);

  if (BLOCKED_DOMAINS.has(domain)) {
    api.access.deny('Sign-up blocked for domain ' + domain, 'Please sign up with your work e-mail address.');
    return;
  }
""" in code
    assert "preferred_language: (event.request && event.request.language) || 'en'," in code
    assert code.endswith("""\
  for (const [key, value] of Object.entries((response && response.user && response.user.user_metadata) || {})) {
    api.user.setUserMetadata(key, value);
  }
  for (const [key, value] of Object.entries((response && response.user && response.user.app_metadata) || {})) {
    api.user.setAppMetadata(key, value);
  }
};
""")
    assert "cb(" not in code and "PreUserRegistrationError" not in code and "context" not in code.split("=> {")[1]
    assert_clean(code, "pre-user-registration")


def test_example_cce_variable_result():
    """A result built in a variable: every URL-named key in a loop; `tier` and `scope`
    are set on it, so both notes are there."""
    written = accepted((EXAMPLES / "credentials-exchange-add-claims.js").read_text())
    assert written.code.endswith("""\
  for (const [name, value] of Object.entries(access_token)) {
    if (/^https?:\\/\\//.test(name)) api.accessToken.setCustomClaim(name, value);
  }
};
""")
    assert "  // Plan and region are configured per M2M application in the dashboard.\n" in written.code
    assert {(n.code, n.line) for n in written.notes} == {("cce-scope", 28), ("claim-not-url", 25)}
    assert_clean(written.code, "credentials-exchange")


def test_example_post_registration_callback_removed():
    """`cb()` before the notification: removed, the work after it kept (as the hook ran it)."""
    written = accepted((EXAMPLES / "post-user-registration-notify-slack.js").read_text())
    assert "cb(" not in written.code
    assert "  // and let the message go out on its own.\n\n  request.post({" in written.code
    assert "const webhookUrl = event.secrets.SLACK_WEBHOOK_URL;" in written.code
    assert_clean(written.code, "post-user-registration")


# ----- every accepted shape is valid and checks clean ------------------------------------

ACCEPTED = {
    "cce-identifier": cce("  const t = {};\n  t['https://x.org/a'] = client.id;\n  t.scope = ['a'];\n  cb(null, t);\n"),
    "cce-unresolved-key": cce("  const k = client.name;\n  cb(null, { [k]: 1, 'https://x.org/b': 2 });\n"),
    "cce-extensibility-error": cce("  if (!client.id) { return cb(new ExtensibilityUserError('no')); }\n  cb();\n"),
    "cce-arrow-async": cce("  cb(null, {});\n").replace("function (client, scope, audience, context, cb) {",
                                                          "async (client, scope, audience, context, cb) => {"),
    "pre-identifier": pre("  const r = { user: { app_metadata: { a: user.email } } };\n  cb(null, r);\n"),
    "pre-nested-literal-variable": pre("  const m = { a: 1 };\n  cb(null, { user: { user_metadata: m } });\n"),
    "pre-two-messages-braceless": pre("  if (!user.email) return cb(new PreUserRegistrationError('int', 'friendly'));\n"
                                      "  cb();\n"),
    "pre-request-tested": pre("  const ip = context.request ? context.request.ip : null;\n"
                              "  cb(null, { user: { app_metadata: { ip } } });\n"),
    "post-error": post("  if (!user.email) return cb(new Error('no email'));\n  console.log(user.id);\n  cb();\n"),
    "post-identifier-result": post("  const r = { a: context.connection.name };\n  cb(null, r);\n"),
    "pcp-connection": post("  console.log(user.id, context.connection.id);\n  cb(null);\n", "post-change-password"),
    "spm-prelude-error": spm("  if (!recipient) return cb(new SendPhoneMessageError('no recipient', 'sorry'));\n"
                             "  console.log(text, context.message_type);\n  cb();\n"),
    "cce-caught-error": cce("  try {\n    JSON.parse(client.metadata.raw);\n  } catch (err) {\n"
                            "    return cb(err);\n  }\n  cb();\n"),
    "pre-caught-error": pre("  try {\n    JSON.parse(user.email);\n  } catch (e) {\n    return cb(e);\n  }\n"
                            "  cb();\n"),
    "spm-shorthand": spm("  const payload = { recipient, text };\n  console.log(payload);\n  cb();\n"),
}


@pytest.mark.parametrize("name", sorted(ACCEPTED))
def test_accepted_shapes_parse_and_check_clean(name):
    text = ACCEPTED[name]
    written = accepted(text)
    point = hook_of(text).point_name
    assert point is not None
    assert_clean(written.code, point)
    assert "cb(" not in written.code and "context." not in written.code
    assert written.carried[0].startswith("hook function → `exports.on")


def test_accepted_details():
    code = accepted(ACCEPTED["pre-two-messages-braceless"]).code
    assert "  if (!event.user.email) {\n    api.access.deny('int', 'friendly');\n    return;\n  }\n" in code
    code = accepted(ACCEPTED["spm-prelude-error"]).code
    assert "if (!event.message_options.recipient) throw new Error('no recipient');" in code
    code = accepted(ACCEPTED["spm-shorthand"]).code
    assert "{ recipient: event.message_options.recipient, text: event.message_options.text }" in code
    code = accepted(ACCEPTED["cce-extensibility-error"]).code
    assert "  if (!event.client.client_id) { api.access.deny('server_error', 'no'); return; }\n};\n" in code
    unresolved = accepted(ACCEPTED["cce-unresolved-key"])
    assert "Object.entries({ [k]: 1, 'https://x.org/b': 2 })" in unresolved.code
    identifier = accepted(ACCEPTED["cce-identifier"])
    assert "cce-scope" in {n.code for n in identifier.notes}
    code = accepted(ACCEPTED["cce-caught-error"]).code
    assert "  } catch (err) {\n    api.access.deny('server_error', err.message);\n    return;\n  }\n};\n" in code
    code = accepted(ACCEPTED["pre-caught-error"]).code
    assert "  } catch (e) {\n    api.access.deny(e.message, e.message);\n    return;\n  }\n};\n" in code
    post_error = accepted(ACCEPTED["post-error"])
    assert "if (!event.user.email) throw new Error('no email');" in post_error.code
    assert {n.code for n in post_error.notes} == {"post-error-logged"}
    assert "(r && r.user && r.user.app_metadata) || {}" in accepted(ACCEPTED["pre-identifier"]).code
    assert "const ip = event.request ? event.request.ip : null;" in accepted(ACCEPTED["pre-request-tested"]).code


def test_examples_accepted_or_refused_with_a_reason():
    for path in sorted(EXAMPLES.glob("*.js")):
        program = hook_of(path.read_text())
        if program.point_name is None or program.function is None:
            continue  # not a hook translate would hand to the form
        written = idiomatic.draft(program)
        if isinstance(written, Draft):
            assert_clean(written.code, program.point_name)
        else:
            assert written.reason and "\n" not in written.reason and ". " not in written.reason


# ----- refusals ---------------------------------------------------------------------------

REFUSED = {
    "webtask storage": (pre("  context.webtask.storage.get(function () {});\n  cb();\n"),
                        "`context.webtask.storage`"),
    "parameter passed whole": (pre("  log(user);\n  cb();\n", "function log(u) { console.log(u); }\n"),
                               "uses its parameter `user` whole"),
    "callback passed on": (pre("  setTimeout(cb, 10);\n"), "passed on or used as a value"),
    "callback aliased": (pre("  const done = cb;\n  done();\n"), "aliased (`done`)"),
    "callback in a nested function": (pre("  Promise.resolve().then(function () { cb(); });\n"),
                                      "nested function"),
    "no equivalent field": (pre("  if (user.password.length < 3) return cb(new Error('short'));\n  cb();\n"),
                            "`user.password.length`"),
    "unmapped field": (cce("  cb(null, { 'https://x.org/a': client.secret });\n"), "`client.secret`"),
    "parameter field written": (pre("  user.email = 'x';\n  cb();\n"), "writes `user.email`"),
    "parameter destructured": (pre("  const { email } = user;\n  cb();\n"), "`user` whole"),
    "prelude class outside the call": (pre("  const e = new PreUserRegistrationError('a', 'b');\n  cb(e);\n"),
                                       "not built in the call"),
    "prelude class referenced": (pre("  if (PreUserRegistrationError) cb();\n  else cb();\n"),
                                 "prelude class `PreUserRegistrationError`"),
    "string result": (cce("  cb(null, 'token');\n"), "neither an object literal nor a variable"),
    "error variable": (cce("  const e = new Error('x');\n  cb(e);\n"), "not built in the call"),
    "callback not called on every path": (post("  if (user.email) cb();\n"), "HL102"),
    "callback called twice": (post("  cb();\n  cb();\n"), "HL103"),
    "uses this": (post("  console.log(this);\n  cb();\n"), "`this`"),
    "event already a name": (post("  const event = 1;\n  cb();\n"), "`event`"),
    "one-message pre-registration error": (pre("  cb(new PreUserRegistrationError('only'));\n"),
                                           "no friendly message"),
    "callback used in an expression": (post("  const x = cb();\n"), "part of an expression"),
    "throw taken by a catch": (post("  try {\n    if (!user.email) return cb(new Error('x'));\n    cb();\n"
                                    "  } catch (e) {\n    console.log(e);\n    cb();\n  }\n"), "inside a `try`"),
}


@pytest.mark.parametrize("name", sorted(REFUSED))
def test_refusals_name_why(name):
    text, why = REFUSED[name]
    written = draft(text)
    assert isinstance(written, Refusal), (name, written)
    assert why in written.reason, written.reason


def test_declared_function_exported_by_name():
    later = ("// hooklint: point=post-user-registration\n"
             "// notify\nfunction hook(user, context, cb) {\n  console.log(user.email);\n  cb();\n}\n\n"
             "module.exports = hook;\n")
    written = accepted(later)
    assert written.code == ("// hooklint: point=post-user-registration\n"
                            "// notify\nasync function hook(event, api) {\n  console.log(event.user.email);\n}\n\n"
                            "exports.onExecutePostUserRegistration = hook;\n")
    assert_clean(written.code, "post-user-registration")


def test_refusal_export_shapes():
    used = ("// hooklint: point=post-user-registration\nfunction hook(user, context, cb) { cb(); }\n"
            "hook.version = 2;\nmodule.exports = hook;\n")
    written = draft(used)
    assert isinstance(written, Refusal) and "exported by name" in written.reason
    returned = "// hooklint: point=post-user-registration\nreturn function (user, context, cb) { cb(); };\n"
    written = draft(returned)
    assert isinstance(written, Refusal) and "written inline" in written.reason
    wrong = "// hooklint: point=credentials-exchange\nmodule.exports = function (user, context, cb) { cb(); };\n"
    written = draft(wrong)
    assert isinstance(written, Refusal) and "HL101" in written.reason
    nested = draft((EXAMPLES / "send-phone-message-twilio.js").read_text())
    assert isinstance(nested, Refusal) and "nested function (line 20)" in nested.reason


def test_translate_uses_the_idiomatic_form():
    source = Source(path="hook.js", text=CCE_LITERAL)
    translation = translate(source, check)
    assert not isinstance(translation, type(None))
    assert getattr(translation, "form", None) == "idiomatic", translation
    assert translation.code == accepted(CCE_LITERAL).code


# ----- behaviour, run in Node --------------------------------------------------------------

_HARNESS = """
const mod = { exports: {} };
new Function('exports', 'module', 'require', CODE)(mod.exports, mod, require);
const calls = [];
const method = (ns) => new Proxy({}, { get: (_, m) => (...a) => calls.push([ns + '.' + m, ...a]) });
const api = new Proxy({}, { get: (_, ns) => method(ns) });
Promise.resolve(mod.exports[ENTRY](EVENT, api)).then(
  () => console.log(JSON.stringify({ calls })),
  (e) => console.log(JSON.stringify({ calls, thrown: e.message })));
"""


def run_action(code: str, entry: str, event: dict) -> dict:
    script = (_HARNESS.replace("CODE", json.dumps(code)).replace("ENTRY", json.dumps(entry))
              .replace("EVENT", json.dumps(event)))
    done = subprocess.run(["node", "-e", script], capture_output=True, text=True, timeout=30, check=True)
    return json.loads(done.stdout)


@pytest.mark.skipif(shutil.which("node") is None, reason="node is not installed")
def test_actions_behave_as_the_hooks_did():
    code = accepted(CCE_LITERAL).code
    event = {"client": {"metadata": {"plan": "gold"}}, "resource_server": {"identifier": "https://api"}}
    assert run_action(code, "onExecuteCredentialsExchange", event)["calls"] == [
        ["accessToken.setCustomClaim", "https://example.org/plan", "gold"],
        ["accessToken.setCustomClaim", "https://example.org/aud", "https://api"]]
    assert run_action(code, "onExecuteCredentialsExchange", {"client": {}})["calls"] == [
        ["access.deny", "invalid_request", "no metadata"]]
    example = accepted((EXAMPLES / "credentials-exchange-add-claims.js").read_text()).code
    event = {"client": {"client_id": "c1", "metadata": {"plan": "enterprise"}}, "accessToken": {"scope": ["a"]},
             "resource_server": {"identifier": "https://partner-api.example.org"}}
    assert run_action(example, "onExecuteCredentialsExchange", event)["calls"] == [
        ["accessToken.setCustomClaim", "https://partner-api.example.org/plan", "enterprise"],
        ["accessToken.setCustomClaim", "https://partner-api.example.org/region", "eu-west"],
        ["accessToken.setCustomClaim", "https://partner-api.example.org/partner_id", "c1"]]
    pre_code = accepted(PRE_LITERAL).code
    event = {"user": {"email": "a@b", "username": "u"}, "request": {"language": "fr"}, "secrets": {"API_KEY": "k"}}
    assert run_action(pre_code, "onExecutePreUserRegistration", event)["calls"] == [
        ["user.setUserMetadata", "lang", "fr"], ["user.setUserMetadata", "key", "k"],
        ["user.setAppMetadata", "tier", "free"]]
    assert run_action(pre_code, "onExecutePreUserRegistration", {"user": {"username": "u"}, "secrets": {}})[
        "calls"] == [["access.deny", "missing e-mail for u", "missing e-mail for u"]]
    post_code = accepted(ACCEPTED["post-error"]).code
    assert run_action(post_code, "onExecutePostUserRegistration", {"user": {}}) == {"calls": [], "thrown": "no email"}


def test_kept_text_offsets_are_utf16():
    """A non-BMP character before an edit: the edits land on the right characters."""
    written = accepted(post("  console.log('\U0001F600', user.email);\n  cb();\n"))
    assert "console.log('\U0001F600', event.user.email);" in written.code
