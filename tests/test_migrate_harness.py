"""The differential harness of ``hooklint migrate`` checked on itself: hand-written hooks
with hand-written Actions, correct ones (no difference) and wrong ones (the difference
expected), timeouts, failing outbound calls, scaled timers and the fakes.

All pairs run in one Node process (the module fixture); each test reads its pair's results.
"""

from __future__ import annotations

from typing import Any

import pytest

from migrate_harness import compare, jobs

pytestmark = pytest.mark.skipif(jobs.NODE is None, reason="node is not installed: the harness runs hooks in Node")

CCE, PRE, POST, PCP, SPM = compare.CCE, compare.PRE, compare.POST, compare.PCP, compare.SPM

CCE_CLAIMS = """
module.exports = function (client, scope, audience, context, cb) {
  var token = {};
  token['https://partner.example.org/plan'] = (client.metadata && client.metadata.plan) || 'starter';
  token['https://partner.example.org/client'] = client.id;
  token.scope = scope;
  token.tier = 'gold';
  cb(null, token);
};
"""
CCE_CLAIMS_ACTION = """
exports.onExecuteCredentialsExchange = async (event, api) => {
  api.accessToken.setCustomClaim('https://partner.example.org/plan',
    (event.client.metadata && event.client.metadata.plan) || 'starter');
  api.accessToken.setCustomClaim('https://partner.example.org/client', event.client.client_id);
};
"""
CCE_CLAIMS_SETS_TIER = CCE_CLAIMS_ACTION.replace("};\n", "  api.accessToken.setCustomClaim('tier', 'gold');\n};\n")

CCE_DENY = """
module.exports = function (client, scope, audience, context, cb) {
  if (audience === 'https://admin.example.org/') {
    return cb(new InvalidScopeError('client ' + client.name + ' may not call the admin API'));
  }
  if (!scope) return cb(new Error('no scope granted'));
  cb(null, {});
};
"""
CCE_DENY_ACTION = """
exports.onExecuteCredentialsExchange = async (event, api) => {
  if (event.resource_server.identifier === 'https://admin.example.org/') {
    return api.access.deny('invalid_scope', 'client ' + event.client.name + ' may not call the admin API');
  }
  if (!event.accessToken.scope) return api.access.deny('server_error', 'no scope granted');
};
"""
CCE_DENY_WRONG_CODE = CCE_DENY_ACTION.replace("'invalid_scope'", "'invalid_request'")
# The prelude classes do not exist in Actions: using one there is a ReferenceError (a throw).
CCE_DENY_WITH_PRELUDE = CCE_DENY_ACTION.replace(
    "return api.access.deny('invalid_scope', 'client ' + event.client.name + ' may not call the admin API');",
    "throw new InvalidScopeError('no');")

PRE_DOMAIN = """
module.exports = function (user, context, cb) {
  var domain = (user.email || '').split('@')[1];
  if (domain === 'mailinator.com') {
    return cb(new PreUserRegistrationError('blocked ' + domain, 'Please use your work e-mail.'));
  }
  if (domain === 'competitor.example') return cb('competitors may not sign up');
  cb(null, { user: { app_metadata: { plan: 'free', connection: context.connection.name },
                     user_metadata: { language: context.request.language } }, ignored: true });
};
"""
PRE_DOMAIN_ACTION = """
exports.onExecutePreUserRegistration = async (event, api) => {
  const domain = (event.user.email || '').split('@')[1];
  if (domain === 'mailinator.com') return api.access.deny('blocked ' + domain, 'Please use your work e-mail.');
  if (domain === 'competitor.example') {
    return api.access.deny('competitors may not sign up', 'competitors may not sign up');
  }
  api.user.setAppMetadata('plan', 'free');
  api.user.setAppMetadata('connection', event.connection.name);
  api.user.setUserMetadata('language', event.request.language);
};
"""
PRE_DOMAIN_WRONG_METADATA = PRE_DOMAIN_ACTION.replace("setAppMetadata('plan'", "setUserMetadata('plan'")
PRE_DOMAIN_ONE_MESSAGE = PRE_DOMAIN_ACTION.replace(
    "api.access.deny('blocked ' + domain, 'Please use your work e-mail.')", "api.access.deny('blocked ' + domain)")

POST_SLACK = """
const request = require('request@2.88.2');
module.exports = function (user, context, cb) {
  cb();
  request.post({ url: context.webtask.secrets.SLACK_WEBHOOK_URL, json: { text: 'new user ' + user.email } },
    function (err) { if (err) console.log('slack: ' + err.message); });
};
"""
POST_SLACK_ACTION = """
const request = require('request');
exports.onExecutePostUserRegistration = async (event) => {
  await new Promise((resolve) => {
    request.post({ url: event.secrets.SLACK_WEBHOOK_URL, json: { text: 'new user ' + event.user.email } },
      (err) => { if (err) console.log('slack: ' + err.message); resolve(); });
  });
};
"""
POST_SLACK_EARLY_RETURN = """
exports.onExecutePostUserRegistration = async (event) => {};
"""
POST_SLACK_OTHER_BODY = POST_SLACK_ACTION.replace("'new user ' + event.user.email", "'user ' + event.user.user_id")

PCP_AUDIT = """
const axios = require('axios@1.6.8');
module.exports = function (user, context, cb) {
  axios.post(context.webtask.secrets.AUDIT_URL,
    { user: user.id, at: user.last_password_reset, c: context.connection.name })
    .then(function () { cb(); })
    .catch(function (err) { cb(err); });
};
"""
PCP_AUDIT_ACTION = """
const axios = require('axios');
exports.onExecutePostChangePassword = async (event) => {
  await axios.post(event.secrets.AUDIT_URL,
    { user: event.user.user_id, at: event.user.last_password_reset, c: event.connection.name });
};
"""
# An Action that swallows the error the hook passed on.
PCP_AUDIT_SWALLOWS = PCP_AUDIT_ACTION.replace("event.connection.name });", "event.connection.name }).catch(() => {});")

SPM_TWILIO = """
const twilio = require('twilio@3.84.1');
module.exports = function (recipient, text, context, cb) {
  const s = context.webtask.secrets;
  const client = twilio(s.TWILIO_ACCOUNT_SID, s.TWILIO_AUTH_TOKEN);
  const message = { to: recipient, from: s.TWILIO_FROM, body: text, kind: context.message_type };
  client.messages.create(message, function (err) {
    if (err) return cb(new SendPhoneMessageError(err.message, 'could not send the code'));
    cb(null, {});
  });
};
"""
SPM_TWILIO_ACTION = """
const twilio = require('twilio');
exports.onExecuteSendPhoneMessage = async (event) => {
  const client = twilio(event.secrets.TWILIO_ACCOUNT_SID, event.secrets.TWILIO_AUTH_TOKEN);
  await client.messages.create({ to: event.message_options.recipient, from: event.secrets.TWILIO_FROM,
    body: event.message_options.text, kind: event.message_options.message_type });
};
"""
SPM_FETCH = """
module.exports = function (recipient, text, context, cb) {
  fetch('https://sms.example.com/send', { method: 'POST', body: JSON.stringify({ to: recipient, text: text }) })
    .then(function () { cb(); }, function (err) { cb(err); });
};
"""
# Another library, the same call: the comparison is by method, URL and body.
SPM_FETCH_AS_AXIOS = """
const axios = require('axios');
exports.onExecuteSendPhoneMessage = async (event) => {
  const { recipient, text } = event.message_options;
  await axios.post('https://sms.example.com/send', { to: recipient, text: text });
};
"""

# Auth0's deny sample calls back on the deny branch only: allowed users time out.
PRE_DENY_ONLY = """
module.exports = function (user, context, cb) {
  if (user.email.endsWith('@mailinator.com')) return cb(new PreUserRegistrationError('no', 'No.'));
};
"""
PRE_DENY_ONLY_FAITHFUL = """
exports.onExecutePreUserRegistration = async (event, api) => {
  if (event.user.email.endsWith('@mailinator.com')) return api.access.deny('no', 'No.');
  await new Promise(() => {});
};
"""
PRE_DENY_ONLY_FIXED = """
exports.onExecutePreUserRegistration = async (event, api) => {
  if (event.user.email.endsWith('@mailinator.com')) return api.access.deny('no', 'No.');
};
"""

# Exponential back-off of seconds: finishes under the scaled timers.
CCE_RETRY = """
const request = require('request@2.88.2');
module.exports = function (client, scope, audience, context, cb) {
  var attempt = 0;
  function tryOnce() {
    request.get({ url: 'https://claims.example.com/' + client.id, json: true }, function (err, res, body) {
      if (err && attempt < 2) { attempt += 1; return setTimeout(tryOnce, 1000 * Math.pow(2, attempt)); }
      if (err) return cb(new ServerError('claims unavailable: ' + err.message));
      cb(null, { 'https://claims.example.com/at': new Date().toISOString() });
    });
  }
  tryOnce();
};
"""
CCE_RETRY_ACTION = """
const request = require('request');
const util = require('util');
const sleep = util.promisify(setTimeout);
exports.onExecuteCredentialsExchange = async (event, api) => {
  for (let attempt = 0; ; attempt += 1) {
    try {
      const url = 'https://claims.example.com/' + event.client.client_id;
      await new Promise((resolve, reject) => request.get({ url: url, json: true },
        (err, res, body) => (err ? reject(err) : resolve(body))));
      return api.accessToken.setCustomClaim('https://claims.example.com/at', new Date().toISOString());
    } catch (err) {
      if (attempt >= 2) return api.access.deny('server_error', 'claims unavailable: ' + err.message);
      await sleep(1000 * Math.pow(2, attempt + 1));
    }
  }
};
"""

POST_SDK = """
const ManagementClient = require('auth0@2.44.0').ManagementClient;
module.exports = function (user, context, cb) {
  const s = context.webtask.secrets;
  const management = new ManagementClient({ domain: s.DOMAIN, clientId: s.CLIENT_ID, clientSecret: s.CLIENT_SECRET });
  management.users.update({ id: user.id }, { app_metadata: { welcomed: true } }, function (err) { cb(err); });
};
"""
POST_SDK_ACTION = """
const { ManagementClient } = require('auth0');
exports.onExecutePostUserRegistration = async (event) => {
  const { DOMAIN, CLIENT_ID, CLIENT_SECRET } = event.secrets;
  const management = new ManagementClient({ domain: DOMAIN, clientId: CLIENT_ID, clientSecret: CLIENT_SECRET });
  await management.users.update({ id: event.user.user_id }, { app_metadata: { welcomed: true } });
};
"""

HOOK_THROWS = """
module.exports = function (client, scope, audience, context, cb) {
  scope.push('read:extra');
  cb(null, {});
};
"""
ACTION_THROWS = """
exports.onExecuteCredentialsExchange = async (event, api) => {
  event.accessToken.scope.push('read:extra');
};
"""

# The 20 s both runtimes allow, in virtual time.
PCP_LATE = """
module.exports = function (user, context, cb) {
  setTimeout(function () { cb(); }, 15000);
};
"""
PCP_TOO_LATE = PCP_LATE.replace("15000", "30000")
PCP_TOO_LATE_ACTION = """
exports.onExecutePostChangePassword = async () => { await new Promise((resolve) => setTimeout(resolve, 30000)); };
"""
PCP_ACTION = """
exports.onExecutePostChangePassword = async () => {};
"""
# A retry without any delay: a runaway loop, stopped by the harness, on both sides.
PCP_RUNAWAY = """
const request = require('request');
module.exports = function (user, context, cb) {
  (function send() {
    request.post({ url: 'https://siem.example.com/events', json: { user: user.id } }, function (err) {
      if (err) return send();
      cb();
    });
  })();
};
"""
PCP_RUNAWAY_ACTION = """
const request = require('request');
exports.onExecutePostChangePassword = async (event) => {
  for (;;) {
    const failed = await new Promise((resolve) => request.post({ url: 'https://siem.example.com/events',
      json: { user: event.user.user_id } }, (err) => resolve(Boolean(err))));
    if (!failed) return;
  }
};
"""
# A timer of 0 ms and a network answer: the timer comes first, every time.
POST_RACE = """
const axios = require('axios');
module.exports = function (user, context, cb) {
  axios.post('https://crm.example.com/contacts', { email: user.email }).then(function () { cb(new Error('answer')); });
  setTimeout(function () { cb(new Error('timer')); }, 0);
};
"""

# name → (point, hook, action)
PAIRS: dict[str, tuple[str, str, str]] = {
    "cce-claims": (CCE, CCE_CLAIMS, CCE_CLAIMS_ACTION),
    "cce-claims-sets-tier": (CCE, CCE_CLAIMS, CCE_CLAIMS_SETS_TIER),
    "cce-deny": (CCE, CCE_DENY, CCE_DENY_ACTION),
    "cce-deny-wrong-code": (CCE, CCE_DENY, CCE_DENY_WRONG_CODE),
    "cce-deny-prelude-class": (CCE, CCE_DENY, CCE_DENY_WITH_PRELUDE),
    "cce-retry": (CCE, CCE_RETRY, CCE_RETRY_ACTION),
    "cce-throws": (CCE, HOOK_THROWS, ACTION_THROWS),
    "pre-domain": (PRE, PRE_DOMAIN, PRE_DOMAIN_ACTION),
    "pre-domain-wrong-metadata": (PRE, PRE_DOMAIN, PRE_DOMAIN_WRONG_METADATA),
    "pre-domain-one-message": (PRE, PRE_DOMAIN, PRE_DOMAIN_ONE_MESSAGE),
    "pre-deny-only-faithful": (PRE, PRE_DENY_ONLY, PRE_DENY_ONLY_FAITHFUL),
    "pre-deny-only-fixed": (PRE, PRE_DENY_ONLY, PRE_DENY_ONLY_FIXED),
    "post-slack": (POST, POST_SLACK, POST_SLACK_ACTION),
    "post-slack-early-return": (POST, POST_SLACK, POST_SLACK_EARLY_RETURN),
    "post-slack-other-body": (POST, POST_SLACK, POST_SLACK_OTHER_BODY),
    "post-sdk": (POST, POST_SDK, POST_SDK_ACTION),
    "pcp-audit": (PCP, PCP_AUDIT, PCP_AUDIT_ACTION),
    "pcp-audit-swallows": (PCP, PCP_AUDIT, PCP_AUDIT_SWALLOWS),
    "spm-twilio": (SPM, SPM_TWILIO, SPM_TWILIO_ACTION),
    "pcp-late": (PCP, PCP_LATE, PCP_ACTION),
    "pcp-too-late": (PCP, PCP_TOO_LATE, PCP_TOO_LATE_ACTION),
    "pcp-too-late-action-returns": (PCP, PCP_TOO_LATE, PCP_ACTION),
    "pcp-runaway": (PCP, PCP_RUNAWAY, PCP_RUNAWAY_ACTION),
    "post-race": (POST, POST_RACE, POST_SLACK_EARLY_RETURN),
    "spm-fetch-as-axios": (SPM, SPM_FETCH, SPM_FETCH_AS_AXIOS),
}


@pytest.fixture(scope="module")
def runs() -> dict[str, list[dict[str, Any]]]:
    batch = [jobs.job(name, point, hook, action, jobs.scenarios(point))
             for name, (point, hook, action) in PAIRS.items()]
    return jobs.run(batch)


def diffs(runs: dict[str, list[dict[str, Any]]], name: str) -> dict[str, list[compare.Difference]]:
    """Scenario name → the differences of the pair ``name`` on it."""
    point = PAIRS[name][0]
    return {result["scenario"]: compare.differences(point, result["hook"], result["action"]) for result in runs[name]}


def codes(runs: dict[str, list[dict[str, Any]]], name: str) -> dict[str, set[str]]:
    return {scenario: {d.code for d in found} for scenario, found in diffs(runs, name).items()}


def outcome(runs: dict[str, list[dict[str, Any]]], name: str, scenario: str, side: str) -> dict[str, Any]:
    return next(result[side] for result in runs[name] if result["scenario"] == scenario)


def test_cce_claims_equivalent_except_what_the_notes_name(runs):
    found = codes(runs, "cce-claims")
    # `token.scope = scope` is a difference on every scenario with a scope; `tier` always.
    assert found["client with metadata, scope, API audience"] == {"cce-scope", "claim-not-url"}
    assert found["client without metadata, no scope, other audience"] == {"claim-not-url"}
    every = [d for found in diffs(runs, "cce-claims").values() for d in found]
    assert compare.unexplained(every, {"cce-scope", "claim-not-url"}) == []
    assert compare.unexplained(every, {"cce-scope"}) != []
    hook = outcome(runs, "cce-claims", "client with metadata, scope, API audience", "hook")
    assert hook["result"]["https://partner.example.org/plan"] == "enterprise"
    assert hook["result"]["https://partner.example.org/client"] == "m2m-partner-17"


def test_cce_claim_the_hooks_dropped_is_a_difference(runs):
    for found in codes(runs, "cce-claims-sets-tier").values():
        assert "claims" in found


def test_cce_deny_codes_by_prelude_class(runs):
    assert all(not found for found in codes(runs, "cce-deny").values())
    action = outcome(runs, "cce-deny", "client without metadata, no scope, other audience", "action")
    assert action["api"] == [{"method": "access.deny",
                              "args": ["invalid_scope", "client Partner Gateway may not call the admin API"]}]
    wrong = codes(runs, "cce-deny-wrong-code")
    assert wrong["client without metadata, no scope, other audience"] == {"deny"}
    assert wrong["client with metadata, scope, API audience"] == set()


def test_prelude_classes_are_not_in_the_action(runs):
    action = outcome(runs, "cce-deny-prelude-class", "client without metadata, no scope, other audience", "action")
    assert action["kind"] == "throw"
    assert action["error"]["name"] == "ReferenceError"
    assert codes(runs, "cce-deny-prelude-class")["client without metadata, no scope, other audience"] == {"outcome"}


def test_scaled_timers_let_back_off_finish(runs):
    hook = outcome(runs, "cce-retry", "client with metadata, outbound fails", "hook")
    assert hook["kind"] == "callback"
    assert hook["error"]["prelude"] == "ServerError"
    assert len(hook["calls"]) == 3  # the first try and two retries, 2 s and 4 s later
    # Date follows the virtual clock: the answer came after the network's 10 ms.
    ok = outcome(runs, "cce-retry", "client with metadata, scope, API audience", "hook")
    assert ok["result"] == {"https://claims.example.com/at": "2026-01-15T12:00:00.010Z"}
    # The virtual clock follows the timers the same way in both: the same claim value.
    assert all(not found for found in codes(runs, "cce-retry").values())


def test_a_throw_is_a_throw_on_both_sides(runs):
    hook = outcome(runs, "cce-throws", "client without metadata, no scope, other audience", "hook")
    assert hook["kind"] == "throw"
    assert all(not found for found in codes(runs, "cce-throws").values())


def test_pre_registration_metadata_and_deny(runs):
    assert all(not found for found in codes(runs, "pre-domain").values())
    # a string passed as the error becomes Error(String(x)): deny(m, m)
    action = outcome(runs, "pre-domain", "user with metadata, outbound fails", "action")
    assert action["api"] == [{"method": "access.deny",
                              "args": ["competitors may not sign up", "competitors may not sign up"]}]
    assert codes(runs, "pre-domain-wrong-metadata")["allowed user"] == {"metadata"}
    one = codes(runs, "pre-domain-one-message")
    assert one["user of a denied domain"] == {"deny"}
    assert one["allowed user"] == set()


def test_timeout_on_both_sides_is_equivalent(runs):
    hook = outcome(runs, "pre-deny-only-faithful", "allowed user", "hook")
    action = outcome(runs, "pre-deny-only-faithful", "allowed user", "action")
    assert (hook["kind"], action["kind"]) == ("timeout", "timeout")
    assert all(not found for found in codes(runs, "pre-deny-only-faithful").values())


def test_an_action_that_fixes_the_missing_callback_is_a_named_difference(runs):
    found = codes(runs, "pre-deny-only-fixed")
    assert found["allowed user"] == {"HL102"}
    assert found["user of a denied domain"] == set()


def test_work_after_the_callback(runs):
    assert all(not found for found in codes(runs, "post-slack").values())
    hook = outcome(runs, "post-slack", "allowed user", "hook")
    assert hook["calls"] == [{"module": "request", "method": "POST",
                              "url": "https://slack-webhook-url.example.com/hook",
                              "body": {"text": "new user ana@example.com"}, "after": True}]
    assert codes(runs, "post-slack-early-return")["allowed user"] == {"work-after-callback"}
    assert codes(runs, "post-slack-other-body")["allowed user"] == {"outbound"}


def test_outbound_failure_is_an_error_in_post_points(runs):
    hook = outcome(runs, "pcp-audit", "user, outbound fails", "hook")
    assert hook["kind"] == "callback"
    assert "ECONNREFUSED" in hook["error"]["message"]
    assert outcome(runs, "pcp-audit", "user, outbound fails", "action")["kind"] == "throw"
    assert all(not found for found in codes(runs, "pcp-audit").values())
    swallowed = codes(runs, "pcp-audit-swallows")
    assert swallowed["user, outbound fails"] == {"post-error-logged"}
    assert swallowed["user"] == set()


def test_sdk_calls_through_the_proxy(runs):
    assert all(not found for found in codes(runs, "post-sdk").values())
    hook = outcome(runs, "post-sdk", "allowed user", "hook")
    assert hook["calls"] == [{"module": "auth0", "method": "users.update", "url": None,
                              "body": [{"id": "auth0|5f7c8ec7c33c6c004bbafe82"}, {"app_metadata": {"welcomed": True}}],
                              "after": False}]
    failed = outcome(runs, "post-sdk", "user with metadata, outbound fails", "hook")
    assert failed["kind"] == "callback" and failed["error"] is not None


def test_send_phone_message_twilio_and_fetch(runs):
    assert all(not found for found in codes(runs, "spm-twilio").values())
    hook = outcome(runs, "spm-twilio", "voice challenge, outbound fails", "hook")
    assert hook["error"]["prelude"] == "SendPhoneMessageError"
    assert hook["error"]["friendlyMessage"] == "could not send the code"
    call = hook["calls"][0]
    assert (call["module"], call["method"]) == ("twilio", "messages.create")
    assert call["body"]["to"] == "+15555550123"
    # global fetch in the hook, axios in the Action: the same method, URL and body
    assert all(not found for found in codes(runs, "spm-fetch-as-axios").values())
    modules = {outcome(runs, "spm-fetch-as-axios", "sms enrollment", side)["calls"][0]["module"]
               for side in ("hook", "action")}
    assert modules == {"fetch", "axios"}


def test_parameters_follow_the_mapping(runs):
    hook = outcome(runs, "pre-domain", "allowed user", "hook")
    assert hook["result"]["user"]["app_metadata"] == {"plan": "free",
                                                      "connection": "Username-Password-Authentication"}
    assert hook["result"]["user"]["user_metadata"] == {"language": "en"}


def test_time_budget_is_virtual(runs):
    assert outcome(runs, "pcp-late", "user", "hook")["kind"] == "callback"
    assert all(not found for found in codes(runs, "pcp-late").values())
    assert outcome(runs, "pcp-too-late", "user", "hook")["kind"] == "timeout"
    assert outcome(runs, "pcp-too-late", "user", "action")["kind"] == "timeout"
    assert all(not found for found in codes(runs, "pcp-too-late").values())
    assert codes(runs, "pcp-too-late-action-returns")["user"] == {"HL102"}


def test_runaway_retry_loops_are_stopped(runs):
    hook = outcome(runs, "pcp-runaway", "user, outbound fails", "hook")
    action = outcome(runs, "pcp-runaway", "user, outbound fails", "action")
    assert (hook["kind"], hook["runaway"]) == ("timeout", True)
    assert (action["kind"], action["runaway"]) == ("timeout", True)
    assert len(hook["calls"]) == 200
    assert all(not found for found in codes(runs, "pcp-runaway").values())
    assert outcome(runs, "pcp-runaway", "user", "hook")["runaway"] is False


def test_events_run_in_virtual_time_order(runs):
    for result in runs["post-race"]:
        assert result["hook"]["error"]["message"] == "timer"


# A reference compatible adapter, written here by hand: it builds the hook's parameters from
# `event` (auth0-actions.md §4), runs the hook's code unchanged and applies its callback
# through `api`. Run on every hook of the corpus, it must differ only where the semantics
# say an Action cannot follow (a `scope` result, keys Hooks dropped, work after the
# callback): any other difference would be the harness's own (nondeterminism, a fake).
ADAPTER = """
const CLASSES = {};
const is = (error, name) => Boolean(CLASSES[name]) && error instanceof CLASSES[name];
__PRELUDE__
const hookModule = { exports: {} };
// The modules the Node 12 runtime injected as globals, in a scope of their own (the hook's
// declarations of the same names shadow them).
const hook = (function (_, async, request, jwt, uuid, q, xml2js, xmldom, xpath, querystring) {
  return (function (module, exports) {
__HOOK__
;return module.exports;
  }).call(hookModule.exports, hookModule, hookModule.exports);
})(require('lodash'), require('async'), require('request'), require('jsonwebtoken'), require('uuid'), require('q'),
  require('xml2js'), require('xmldom'), require('xpath'), require('querystring'));
const POINT = '__POINT__';
function pick(o) { const r = {}; for (const k of Object.keys(o)) if (o[k] !== undefined) r[k] = o[k]; return r; }
function parameters(e) {
  const u = e.user || {}, c = e.connection || {}, q = e.request || {}, t = e.tenant || {};
  const webtask = { secrets: Object.assign({}, e.secrets) };
  const conn = pick({ id: c.id, name: c.name, tenant: t.id });
  const userContext = pick({ connection: conn, request: pick({ ip: q.ip, language: q.language }),
    requestLanguage: q.language, renderLanguage: (e.transaction || {}).locale, webtask });
  if (POINT === 'credentials-exchange') {
    const cl = e.client || {};
    return [pick({ id: cl.client_id, name: cl.name, metadata: cl.metadata, tenant: t.id }),
      (e.accessToken || {}).scope, (e.resource_server || {}).identifier, { webtask }];
  }
  if (POINT === 'pre-user-registration') {
    return [pick({ tenant: t.id, username: u.username, email: u.email, phoneNumber: u.phone_number,
      user_metadata: u.user_metadata, app_metadata: u.app_metadata }), userContext];
  }
  if (POINT === 'post-user-registration') {
    return [pick({ id: u.user_id, tenant: t.id, username: u.username, email: u.email, emailVerified: u.email_verified,
      phoneNumber: u.phone_number, phoneNumberVerified: u.phone_verified, user_metadata: u.user_metadata,
      app_metadata: u.app_metadata }), userContext];
  }
  if (POINT === 'post-change-password') {
    return [pick({ id: u.user_id, username: u.username, email: u.email, last_password_reset: u.last_password_reset,
      tenant: t.id }), { connection: conn, webtask }];
  }
  const m = e.message_options || {}, cl = e.client || {};
  return [m.recipient, m.text, pick({ message_type: m.message_type, action: m.action, code: m.code,
    language: q.language, ip: q.ip, user_agent: q.user_agent,
    client: pick({ client_id: cl.client_id, name: cl.name, client_metadata: cl.metadata }),
    user: pick({ user_id: u.user_id, name: u.name, email: u.email, app_metadata: u.app_metadata,
      user_metadata: u.user_metadata }), webtask })];
}
exports.__ENTRY__ = (event, api) => new Promise((resolve, reject) => {
  let called = false;
  hook(...JSON.parse(JSON.stringify(parameters(event))).map((v) => (v === null ? undefined : v)), (err, result) => {
    if (called) return;
    called = true;
    if (err) {
      const error = err instanceof Error ? err : new Error(String(err));
      if (POINT === 'credentials-exchange') {
        const code = is(error, 'InvalidScopeError') ? 'invalid_scope'
          : is(error, 'InvalidRequestError') ? 'invalid_request' : 'server_error';
        api.access.deny(code, error.message);
      } else if (POINT === 'pre-user-registration') {
        api.access.deny(error.message, is(error, 'PreUserRegistrationError') ? error.friendlyMessage : error.message);
      } else return reject(error);
      return resolve();
    }
    if (POINT === 'credentials-exchange' && result && typeof result === 'object') {
      for (const key of Object.keys(result)) {
        if (/^https?:\\/\\//.test(key)) api.accessToken.setCustomClaim(key, result[key]);
      }
    }
    const user = POINT === 'pre-user-registration' && result && result.user;
    if (user) {
      for (const [key, value] of Object.entries(user.user_metadata || {})) api.user.setUserMetadata(key, value);
      for (const [key, value] of Object.entries(user.app_metadata || {})) api.user.setAppMetadata(key, value);
    }
    resolve();
  });
});
"""
ENTRIES = {CCE: "onExecuteCredentialsExchange", PRE: "onExecutePreUserRegistration",
           POST: "onExecutePostUserRegistration", PCP: "onExecutePostChangePassword", SPM: "onExecuteSendPhoneMessage"}


# The prelude classes of each point, for the adapter (only those: a hook using another one
# fails with a ReferenceError, in Hooks as in the adapter).
PRELUDE = {
    "ExtensibilityUserError": "class ExtensibilityUserError extends Error "
                              "{ constructor(m) { super(m); this.name = 'ExtensibilityUserError'; } }",
    "InvalidScopeError": "class InvalidScopeError extends Error "
                         "{ constructor(m) { super(m); this.name = 'InvalidScopeError'; } }",
    "InvalidRequestError": "class InvalidRequestError extends Error "
                           "{ constructor(m) { super(m); this.name = 'InvalidRequestError'; } }",
    "ServerError": "class ServerError extends Error { constructor(m) { super(m); this.name = 'ServerError'; } }",
    "PreUserRegistrationError": "class PreUserRegistrationError extends Error { constructor(m, f) "
                                "{ super(m); this.name = 'PreUserRegistrationError'; this.friendlyMessage = f; } }",
    "SendPhoneMessageError": "class SendPhoneMessageError extends Error { constructor(m, f) "
                             "{ super(m); this.name = 'SendPhoneMessageError'; this.friendlyMessage = f; } }",
}


def adapter(point: str, hook: str) -> str:
    from hooklint.migrate import mapping

    classes = mapping.error_classes(point)
    prelude = "\n".join(f"{PRELUDE[name]}\nCLASSES.{name} = {name};" for name in sorted(classes))
    return (ADAPTER.replace("__PRELUDE__", prelude).replace("__POINT__", point)
            .replace("__ENTRY__", ENTRIES[point]).replace("__HOOK__", hook))


def test_a_faithful_adapter_is_equivalent_on_the_whole_corpus():
    from test_migrate_equivalence import HOOKS

    batch = [jobs.job(hook.id, hook.translation.point, hook.text, adapter(hook.translation.point, hook.text),
                      jobs.scenarios(hook.translation.point, hook.translation.secrets)) for hook in HOOKS]
    results = jobs.run(batch)
    named = {"cce-scope", "claim-not-url", "work-after-callback"}
    lines = []
    for hook in HOOKS:
        for result in results[hook.id]:
            found = compare.differences(hook.translation.point, result["hook"], result["action"])
            lines += [f"{hook.id} {result['scenario']}: {d}" for d in compare.unexplained(found, named)]
    assert len(HOOKS) >= 60
    assert not lines, "\n".join(lines[:40])
