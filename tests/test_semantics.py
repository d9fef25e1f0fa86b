"""The semantics service: modules, HTTP calls, Management API calls, SDK version, handling,
timeouts, token requests and retries."""

from __future__ import annotations

import pytest

from hooklint.hooks import model
from hooklint import auth0 as semantics
from hooklint.js.values import string_value
from hooklint.js.parse import parse
from hooklint.js.source import Source


def build(text: str, dependencies: dict | None = None):
    source = Source(path="hook.js", text=text, dependencies=dependencies or {})
    return model.build(source, parse(source.text))


def hook_with(body: str, head: str = "", params: str = "user, context, cb"):
    return build(f"{head}\nmodule.exports = async function ({params}) {{\n{body}\n}};\n")


def line_of(node) -> int:
    return node.loc.start.line - 1  # the `head` line is line 1: body lines count from 1 after it


def only(items):
    assert len(items) == 1, items
    return items[0]


# ----- module bindings ------------------------------------------------------------------------


@pytest.mark.parametrize("head, expression, module, path, version", [
    ("const a = require('axios');", "a.post", "axios", ("post",), None),
    ("const a = require('axios').default;", "a.post", "axios", ("post",), None),
    ("const { ManagementClient } = require('auth0@2.44.0');", "ManagementClient", "auth0", ("ManagementClient",),
     "2.44.0"),
    ("const { ManagementClient: MC } = require('auth0');", "MC", "auth0", ("ManagementClient",), None),
    ("const MC = require('auth0').ManagementClient;", "MC", "auth0", ("ManagementClient",), None),
    ("const h = require('node:https');", "h.request", "https", ("request",), None),
    ("const w = require('@slack/webhook@6.1.0');", "w.IncomingWebhook", "@slack/webhook", ("IncomingWebhook",),
     "6.1.0"),
    ("", "fetch", "fetch", (), None),
    ("", "request.post", "request", ("post",), None),
])
def test_binding(head, expression, module, path, version):
    hook = hook_with(f"return {expression};", head)
    ret = next(n for n in hook.tree.nodes if n.type == "ReturnStatement")
    found = semantics.binding(hook, ret.argument)
    assert (found.module, found.path, found.version) == (module, path, version)


def test_binding_of_es_import():
    hook = build("import { ManagementClient } from 'auth0@2.6.0';\nimport axios from 'axios';\n"
                 "new ManagementClient({}); axios.get('https://x');")
    assert len(semantics.management_clients(hook)) == 1
    assert semantics.sdk_version(hook) == "2.6.0"
    assert only(semantics.http_calls(hook)).library == "axios"


@pytest.mark.parametrize("head", [
    "let axios = require('axios'); axios = other;",  # reassigned: not certain
    "const axios = notRequire('axios');",
    "function require() {} const axios = require('axios');",  # a local `require`
])
def test_binding_is_certain_or_none(head):
    hook = hook_with("return axios.get('https://x');", head)
    assert semantics.http_calls(hook) == []


# ----- HTTP calls ----------------------------------------------------------------------------


@pytest.mark.parametrize("head, call, library, method, url, options", [
    ("const request = require('request');", "request('https://a/x', function () {})", "request", "GET",
     "https://a/x", None),
    ("const request = require('request');", "request({ uri: 'https://a/x', method: 'patch' }, cb)", "request",
     "PATCH", "https://a/x", "ObjectExpression"),
    ("const rp = require('request-promise');", "rp.post({ url: 'https://a/x', json: {} })", "request", "POST",
     "https://a/x", "ObjectExpression"),
    ("", "request.del('https://a/x', cb)", "request", "DELETE", "https://a/x", None),
    ("const axios = require('axios');", "axios.patch('https://a/x', {}, { timeout: 1 })", "axios", "PATCH",
     "https://a/x", "ObjectExpression"),
    ("const axios = require('axios');", "axios({ url: 'https://a/x', method: 'put' })", "axios", "PUT",
     "https://a/x", "ObjectExpression"),
    ("const axios = require('axios');", "axios('https://a/x')", "axios", "GET", "https://a/x", None),
    ("const axios = require('axios'); const api = axios.create({ timeout: 1 });", "api.delete('https://a/x')",
     "axios", "DELETE", "https://a/x", None),
    ("const got = require('got');", "got.post('https://a/x', { json: {} })", "got", "POST", "https://a/x",
     "ObjectExpression"),
    ("const got = require('got');", "got('https://a/x')", "got", "GET", "https://a/x", None),
    ("const fetch = require('node-fetch');", "fetch('https://a/x', { method: 'POST' })", "fetch", "POST",
     "https://a/x", "ObjectExpression"),
    ("", "fetch('https://a/x')", "fetch", "GET", "https://a/x", None),
    ("const superagent = require('superagent');", "superagent.put('https://a/x').send({})", "superagent", "PUT",
     "https://a/x", None),
    ("const superagent = require('superagent');", "superagent('post', 'https://a/x').send({})", "superagent",
     "POST", "https://a/x", None),
    ("const superagent = require('superagent');", "superagent('https://a/x').end(cb)", "superagent", "GET",
     "https://a/x", None),
    ("const needle = require('needle');", "needle('post', 'https://a/x', {}, { timeout: 1 })", "needle", "POST",
     "https://a/x", "ObjectExpression"),
    ("const needle = require('needle');", "needle.patch('https://a/x', {}, {})", "needle", "PATCH",
     "https://a/x", "ObjectExpression"),
    ("const https = require('https');", "https.get('https://a/x', function () {})", "https", "GET",
     "https://a/x", None),
    ("const http = require('http');", "http.request({ host: 'a', path: '/x', method: 'post' }, cb)", "http",
     "POST", "/x", "ObjectExpression"),
])
def test_http_call(head, call, library, method, url, options):
    hook = hook_with(f"const D = 1;\n{call};", head)
    found = only(semantics.http_calls(hook))
    assert found.library == library and found.method == method
    assert string_value(found.url, hook.scopes) == url
    assert (found.options.type if found.options is not None else None) == options


def test_http_call_options_resolved_through_a_constant():
    hook = hook_with("const opts = { url: 'https://a/x', method: 'POST' };\nrequest(opts, cb);",
                     "const request = require('request@2.88.0');")
    found = only(semantics.http_calls(hook))
    assert found.options.type == "ObjectExpression" and found.method == "POST"


def test_http_call_options_not_visible():
    hook = hook_with("return request(buildOptions(user), cb);", "const request = require('request');")
    found = only(semantics.http_calls(hook))
    assert found.method is None and found.url is None and found.options.type == "CallExpression"


def test_not_http_calls():
    hook = hook_with("axios.isCancel(e); request.jar(); https.createServer(); console.log('x'); foo('https://a');",
                     "const axios = require('axios'); const request = require('request'); "
                     "const https = require('https');")
    assert semantics.http_calls(hook) == []


# ----- Management API ----------------------------------------------------------------------


def test_sdk_calls_through_a_module_scope_cache():
    hook = hook_with(
        "management = management || new ManagementClient({ domain: 'd', clientId: 'i', clientSecret: 's' });\n"
        "management.getUser({ id: user.id });\nmanagement.users.update({ id: user.id }, {});",
        "const ManagementClient = require('auth0@2.44.0').ManagementClient; let management;")
    client = only(semantics.management_clients(hook))
    calls = semantics.management_calls(hook)
    assert [c.method for c in calls] == ["getUser", "users.update"]
    assert all(c.client is client and c.http is None for c in calls)
    assert len(calls[1].args) == 2


def test_sdk_calls_through_a_factory_function_and_namespace_import():
    hook = hook_with("const m = getClient(context.webtask.secrets);\nawait m.assignRolestoUser({ id: 1 }, {});",
                     "const auth0 = require('auth0'); function getClient(s) { return new auth0.ManagementClient(s); }")
    assert only(semantics.management_calls(hook)).method == "assignRolestoUser"


def test_other_objects_are_not_clients():
    hook = hook_with("const a = new AuthenticationClient({});\na.getProfile('t');\nclient.getUser(1);"
                     "\nconst m = new ManagementClient({});\nm.getAccessToken();",
                     "const { AuthenticationClient } = require('auth0'); const ManagementClient = require('other');")
    assert semantics.management_calls(hook) == []
    assert semantics.management_clients(hook) == []
    assert len(semantics.authentication_clients(hook)) == 1


@pytest.mark.parametrize("call, method", [
    ("axios.patch('https://' + context.webtask.secrets.DOMAIN + '/api/v2/users/' + user.id, {})", "PATCH"),
    ("request({ url: `https://${domain}/api/v2/users`, method: 'POST', json: {} }, cb)", "POST"),
    ("fetch(API + 'users/' + user.id)", "GET"),
    ("https.request({ hostname: domain, path: '/api/v2/users/' + user.id, method: 'DELETE' }, cb)", "DELETE"),
    ("mgmt.get('users/' + user.id)", "GET"),
])
def test_raw_http_management_calls(call, method):
    head = ("const axios = require('axios'); const request = require('request'); const https = require('https');"
            "const API = 'https://x.eu.auth0.com/api/v2/';"
            "const mgmt = axios.create({ baseURL: API, timeout: 2000 });")
    hook = hook_with(f"const domain = context.webtask.secrets.DOMAIN;\n{call};", head)
    found = only(semantics.management_calls(hook))
    assert found.method == method and found.http is not None and found.client is None


def test_other_urls_are_not_management_calls():
    hook = hook_with("axios.post('https://crm.example.com/api/v1/users', {});\n"
                     "axios.post('https://' + d + '/oauth/token', {});\naxios.get(someUrl);",
                     "const axios = require('axios');")
    assert len(semantics.http_calls(hook)) == 3
    assert semantics.management_calls(hook) == []


@pytest.mark.parametrize("call, management", [
    ("axios.post('https://crm.example.com/api/v2/users', {})", False),
    ("axios.post('https://user:pw@crm.example.com:8443/api/v2/users', {})", False),
    ("axios.get('http://localhost:3000/api/v2/users')", False),
    ("crm.get('users')", False),  # baseURL https://crm.example.com/api/v2/
    ("axios.get(new URL('/api/v2/users', 'https://crm.example.com'))", False),
    ("axios.post('https://tenant.auth0.com/api/v2/users', {})", True),
    ("axios.post('https://tenant.eu.auth0.com/api/v2/users', {})", True),
    ("axios.post('https://TENANT.US.AUTH0.COM/api/v2/users', {})", True),
    ("axios.post(`https://${domain}/api/v2/users`, {})", True),
    ("axios.post('https://' + domain + '/api/v2/users', {})", True),
    ("axios.post('https://login.' + domain + '/api/v2/users', {})", True),  # the host is not all known
    ("axios.post('/api/v2/users', {})", True),  # relative: the host is unknown
])
def test_api_v2_on_a_known_other_host_is_not_the_management_api(call, management):
    head = AXIOS + "const crm = axios.create({ baseURL: 'https://crm.example.com/api/v2/', timeout: 1 });"
    hook = hook_with(f"const domain = context.webtask.secrets.DOMAIN;\n{call};", head)
    assert bool(semantics.management_calls(hook)) is management


_CUSTOM = "const DOMAIN = 'login.example.com';"


@pytest.mark.parametrize("head, body, hosts", [
    ("", "axios.post(`https://${DOMAIN}/oauth/token`, { grant_type: 'client_credentials', client_id: s.ID });",
     {"login.example.com"}),
    ("const form = 'grant_type=client_credentials&client_id=abc';",
     "request.post({ url: 'https://' + DOMAIN + '/oauth/token', form: form }, cb);", {"login.example.com"}),
    ("", "axios.post('https://idp.example.org/oauth/token', { grant_type: 'password' });", set()),
    ("", "axios.get(`https://${DOMAIN}/oauth/token`, { params: { grant_type: 'client_credentials' } });", set()),
    ("", "const body = { audience: 'https://' + DOMAIN + '/api/v2/', grant_type: s.GRANT };", {"login.example.com"}),
    ("", "const body = { audience: 'https://api.example.org/v1/' };", set()),
    ("const { ManagementClient, AuthenticationClient } = require('auth0');",
     "new ManagementClient({ domain: DOMAIN, token: s.T }); new AuthenticationClient({ domain: 'Auth.Example.org.' });",
     {"login.example.com", "auth.example.org"}),
    ("", "axios.post(`https://${s.DOMAIN}/oauth/token`, { grant_type: 'client_credentials', "
         "audience: `https://${s.DOMAIN}/api/v2/` });", set()),  # built at run time: not a known host
])
def test_auth0_hosts(head, body, hosts):
    hook = hook_with(f"const s = context.webtask.secrets;\n{body}",
                     AXIOS + "const request = require('request');" + _CUSTOM + head)
    assert semantics.auth0_hosts(hook) == hosts


@pytest.mark.parametrize("token, call, management", [
    ("axios.post(`https://${DOMAIN}/oauth/token`, { grant_type: 'client_credentials' })",
     "axios.get(`https://${DOMAIN}/api/v2/users/${user.id}`)", True),
    ("axios.post(`https://${DOMAIN}/oauth/token`, { grant_type: 'client_credentials' })",
     "axios.get(BASE + '/api/v2/users/' + user.id)", True),  # a const built from the const domain
    ("axios.post('https://' + DOMAIN + '/oauth/token', { audience: `https://${DOMAIN}/api/v2/` })",
     "axios.get('https://Login.Example.com/api/v2/users')", True),  # host names have no case
    ("axios.post(`https://${DOMAIN}/oauth/token`, { grant_type: 'client_credentials' })",
     "axios.get('https://crm.example.com/api/v2/users')", False),  # another host than the token's
    ("axios.post(`https://${DOMAIN}/oauth/token`, { grant_type: 'password' })",
     "axios.get(`https://${DOMAIN}/api/v2/users/${user.id}`)", False),  # not a client-credentials grant
    ("null", "axios.get(`https://${DOMAIN}/api/v2/users/${user.id}`)", False),  # no relation to Auth0
])
def test_api_v2_on_a_custom_domain_of_the_file_is_the_management_api(token, call, management):
    hook = hook_with(f"await {token};\nawait {call};", AXIOS + _CUSTOM + "const BASE = `https://${DOMAIN}`;")
    assert bool(semantics.management_calls(hook)) is management


@pytest.mark.parametrize("host, placeholder", [
    ("YOUR_DOMAIN", True), ("XXXXXXXX", True), ("tenant", True), ("{{domain}}", True), ("<tenant>", True),
    ("YOUR-TENANT.eu.auth0.com", True), ("your_tenant.example.com", True),
    ("localhost", False), ("LOCALHOST", False), ("[::1]", False), ("127.0.0.1", False),
    ("crm.example.com", False), ("login.Example.com", False), ("tenant-1.eu.auth0.com", False),
    # capitals or an underscore alone: real hosts of third parties
    ("CRM.example.com", False), ("crm_eu.example.com", False), ("API.EXAMPLE.COM", False),
    ("TENANT_NAME.example.com", True), ("xxxx.example.com", True), ("my-tenant.eu.auth0.com", True),
])
def test_placeholder_host(host, placeholder):
    assert semantics.is_placeholder_host(host) is placeholder


@pytest.mark.parametrize("call", [
    "axios.get('https://YOUR_DOMAIN/api/v2/users')",
    "axios.get('https://' + PLACEHOLDER + '/api/v2/users')",
    "axios.get('https://{{auth0_domain}}/api/v2/users')",
])
def test_api_v2_on_a_placeholder_host_is_the_management_api(call):
    hook = hook_with(f"await {call};", AXIOS + "const PLACEHOLDER = 'XXXXXXXX';")
    assert len(semantics.management_calls(hook)) == 1


@pytest.mark.parametrize("parts, host", [
    (["https://crm.example.com/api/v2/"], "crm.example.com"),
    (["https://a:b@Tenant.Auth0.com:443/x"], "tenant.auth0.com"),
    (["https://", None, "/api/v2/"], None),
    (["https://crm.example.com", None, "/api/v2/"], None),  # the host may go on
    (["/api/v2/users"], None),
    ([None, "/api/v2/users"], None),
])
def test_url_host(parts, host):
    assert semantics.url_host(parts) == host


def test_url_host_keeps_case_when_asked():
    assert semantics.url_host(["https://a:b@YOUR_DOMAIN.:443/x"], keep_case=True) == "YOUR_DOMAIN"


@pytest.mark.parametrize("head, dependencies, version", [
    ("const { ManagementClient } = require('auth0@2.6.0');", None, "2.6.0"),
    ("const auth0 = require('auth0');", {"auth0": "2.31.1"}, "2.31.1"),
    ("const auth0 = require('auth0');", None, None),
])
def test_sdk_version(head, dependencies, version):
    hook = build(head + "\nmodule.exports = function (user, context, cb) { cb(); };", dependencies)
    assert semantics.sdk_version(hook) == version


@pytest.mark.parametrize("text, expected", [
    ("2.6.0", (2, 6, 0)), ("^2.44.1", (2, 44, 1)), ("3", (3, 0, 0)), ("latest", None), (">=2 <3", None),
])
def test_version_tuple(text, expected):
    assert semantics.version_tuple(text) == expected


def test_results_are_cached_per_hook():
    hook = hook_with("fetch('https://a');")
    assert semantics.http_calls(hook) is semantics.http_calls(hook)


# ----- handled ---------------------------------------------------------------------------------

AXIOS = "const axios = require('axios');"
MGMT_PATCH = "await axios.patch('https://' + d + '/api/v2/users/' + user.id, {}, { timeout: 1 });"


@pytest.mark.parametrize("extra, expected", [
    ("", False),
    ("if (res.status === 429) cb();", True),
    ("switch (res.status) { case 429: cb(); }", True),
    ("if ([429, 503].includes(res.status)) cb();", True),
    ("const TOO_MANY = 429; if (e.response.status == TOO_MANY) cb();", True),
    ("console.log(res.headers['X-RateLimit-Remaining']);", True),
    ("const wait = res.headers.get('Retry-After');", True),
    ("if (res.status === 500) cb();", False),
    ("axios.post(u, {}, { headers: { 'Retry-After': '1' } });", False),  # setting a header is not reading it
])
def test_handled_raw_http(extra, expected):
    hook = hook_with(f"const d = 'x.auth0.com';\nconst res = {MGMT_PATCH}\n{extra}", AXIOS)
    call = semantics.management_calls(hook)[0]
    assert semantics.handled(hook, call) is expected


def test_handled_in_a_helper_the_hook_calls():
    text = (AXIOS + "function limited(e) { return e.response && e.response.status === 429; }\n"
            "function unused(e) { return e.status === 429; }\n"
            "module.exports = async function (user, context, cb) {\n"
            "  try { await axios.get('https://x.auth0.com/api/v2/users', { timeout: 1 }); }\n"
            "  catch (e) { if (limited(e)) cb(); }\n};")
    hook = build(text)
    assert semantics.handled(hook, semantics.management_calls(hook)[0])
    unused = build(text.replace("if (limited(e)) cb();", "cb(e);"))
    assert not semantics.handled(unused, semantics.management_calls(unused)[0])


def test_handled_by_a_retry_library():
    head = AXIOS + "const axiosRetry = require('axios-retry'); axiosRetry(axios, { retries: 2 });"
    hook = hook_with(MGMT_PATCH, head)
    assert semantics.handled(hook, semantics.management_calls(hook)[0])


@pytest.mark.parametrize("retry, expected", [
    ("{ limit: 2, statusCodes: [429] }", True),
    ("{ limit: 2, statusCodes: [503] }", False),
])
def test_handled_by_got_retry_option(retry, expected):
    hook = hook_with(f"await got.patch('https://x.auth0.com/api/v2/users/1', {{ retry: {retry}, timeout: 1 }});",
                     "const got = require('got');")
    assert semantics.handled(hook, semantics.management_calls(hook)[0]) is expected


@pytest.mark.parametrize("spec, options, expected", [
    ("auth0@2.6.0", "{}", False),
    ("auth0@2.8.99", "{}", False),
    ("auth0@2.9.0", "{}", True),
    ("auth0@4.1.0", "{}", True),
    ("auth0", "{}", True),
    ("auth0@2.44.0", "{ retry: { enabled: false } }", False),
    ("auth0@2.44.0", "{ retry: { enabled: true, maxRetries: 3 } }", True),
])
def test_handled_by_the_sdk(spec, options, expected):
    hook = hook_with("const m = new ManagementClient(" + options + ");\nm.getUser({ id: 1 }, cb);",
                     f"const {{ ManagementClient }} = require('{spec}');")
    assert semantics.handled(hook, only(semantics.management_calls(hook))) is expected


def test_sdk_version_from_dependencies_metadata():
    text = "const { ManagementClient } = require('auth0');\nmodule.exports = function (user, context, cb) {\n" \
           "  new ManagementClient({}).getUser({ id: 1 }, cb);\n};"
    old = build(text, {"auth0": "2.6.0"})
    assert not semantics.handled(old, only(semantics.management_calls(old)))
    assert semantics.handled(build(text), only(semantics.management_calls(build(text))))


# ----- timeouts -------------------------------------------------------------------------------


@pytest.mark.parametrize("head, call, expected", [
    (AXIOS, "axios.get('https://x')", False),
    (AXIOS, "axios.get('https://x', { timeout: 1000 })", True),
    (AXIOS, "axios.get('https://x', config)", None),
    (AXIOS, "axios.get('https://x', { ...config })", None),
    (AXIOS, "axios.get('https://x', { ...{ timeout: 1 } })", True),
    (AXIOS, "axios.get(...args)", None),
    (AXIOS + "const api = axios.create({ timeout: 2000 });", "api.get('https://x')", True),
    (AXIOS + "const api = axios.create({});", "api.get('https://x')", False),
    (AXIOS + "axios.defaults.timeout = 3000;", "axios.get('https://x')", True),
    ("", "fetch('https://x', { signal: AbortSignal.timeout(1000) })", True),
    ("", "fetch('https://x', { signal: AbortSignal.any([AbortSignal.timeout(1000), s]) })", True),
    ("", "fetch('https://x', { signal: someSignal })", None),
    ("const c = new AbortController(); setTimeout(() => c.abort(), 100);", "fetch('https://x', { signal: c.signal })",
     True),
    ("const got = require('got');", "got('https://x', { timeout: { request: 1 } })", True),
    ("const request = require('request');", "request('https://x', cb)", False),
    ("const request = require('request');", "request(opts, cb)", None),
    ("const request = require('request');", "request.post(context.webtask.secrets.URL, cb)", False),
    ("const request = require('request').defaults({ timeout: 1 });", "request.post({ url: 'https://x' }, cb)", True),
    ("const s = require('superagent');", "s.get('https://x').end(cb)", False),
    ("const s = require('superagent');", "s.get('https://x').timeout(1).end(cb)", True),
    ("const s = require('superagent');", "const r = s.get('https://x'); r.timeout(5); r.end(cb)", True),
    ("const s = require('superagent');", "const r = s.get('https://x'); send(r)", None),
    ("const needle = require('needle');", "needle.get('https://x', { read_timeout: 1 }, cb)", True),
    ("const needle = require('needle'); needle.defaults({ open_timeout: 1 });", "needle.get('https://x', cb)", True),
    ("const https = require('https');", "https.get('https://x', cb)", False),
    ("const https = require('https');", "https.get('https://x', cb).setTimeout(1)", True),
])
def test_timeout_status(head, call, expected):
    hook = hook_with(f"const opts = context.o; const args = []; const config = context.c;\n{call};", head)
    assert semantics.timeout_status(hook, only(semantics.http_calls(hook))) is expected


def test_timeout_written_after_the_literal():
    hook = hook_with("const o = { url: 'https://x' };\no.timeout = 2000;\nrequest(o, cb);",
                     "const request = require('request');")
    assert semantics.timeout_status(hook, only(semantics.http_calls(hook))) is True
    hook = hook_with("const o = { url: 'https://x' };\nObject.assign(o, extra);\nrequest(o, cb);",
                     "const request = require('request');")
    assert semantics.timeout_status(hook, only(semantics.http_calls(hook))) is None


@pytest.mark.parametrize("write, expected", [
    ("o.signal = AbortSignal.timeout(5000);", True),
    ("o['signal'] = AbortSignal.any([AbortSignal.timeout(5000), other]);", True),
    ("o.signal = controller.signal; setTimeout(() => controller.abort(), 5000);", True),
    ("o.signal = someSignal;", None),  # another signal: cannot tell
    ("o.timeout = 5000;", True),
    ("o.headers = {};", False),
    ("o.signal = someSignal; o.timeout = 5000;", True),
])
def test_signal_written_after_the_literal(write, expected):
    hook = hook_with(f"const controller = new AbortController(); const o = {{ method: 'GET' }};\n{write}\n"
                     "await fetch('https://x', o);", "const fetch = require('node-fetch');")
    assert semantics.timeout_status(hook, only(semantics.http_calls(hook))) is expected


# ----- tokens -----------------------------------------------------------------------------------


@pytest.mark.parametrize("body, kinds", [
    ("new ManagementClient({ domain: d, clientId: i, clientSecret: s });", ["management-client"]),
    ("new ManagementClient({ domain: d, token: t });", []),
    ("new ManagementClient(options);", []),
    ("new AuthenticationClient({ domain: d });", ["authentication-client"]),
    ("auth.clientCredentialsGrant({ audience: a });", ["client-credentials-grant"]),
    ("axios.post('https://' + d + '/oauth/token', { grant_type: 'client_credentials' });", ["oauth-token"]),
    ("const form = 'grant_type=client_credentials&client_id=' + i; axios.post(`https://${d}/oauth/token`, form);",
     ["oauth-token"]),
    ("axios.post('https://' + d + '/oauth/token', { grant_type: 'password' });", []),
    ("axios.post('https://' + d + '/token', { grant_type: 'client_credentials' });", []),
])
def test_token_requests(body, kinds):
    hook = hook_with(body, "const { ManagementClient, AuthenticationClient } = require('auth0'); " + AXIOS)
    assert [t.kind for t in semantics.token_requests(hook)] == kinds


@pytest.mark.parametrize("head, body, cached", [
    ("let m;", "m = m || new ManagementClient({ clientId: i, clientSecret: s });", True),
    ("let m;", "m ??= new ManagementClient({ clientId: i, clientSecret: s });", True),
    ("let m;", "if (!m) { m = new ManagementClient({ clientId: i, clientSecret: s }); }", True),
    ("const c = {};", "c.m = c.m || new ManagementClient({ clientId: i, clientSecret: s });", True),
    ("let m;", "m = new ManagementClient({ clientId: i, clientSecret: s });", False),
    ("", "let m; m = m || new ManagementClient({ clientId: i, clientSecret: s });", False),  # not module scope
    ("", "const m = new ManagementClient({ clientId: i, clientSecret: s });", False),
    # the global object outlives the invocation like a module-scope variable
    ("", "if (!global.m) global.m = new ManagementClient({ clientId: i, clientSecret: s });", True),
    ("", "globalThis.m = globalThis.m || new ManagementClient({ clientId: i, clientSecret: s });", True),
    ("", "global.m ??= new ManagementClient({ clientId: i, clientSecret: s });", True),
    ("", "global.m = new ManagementClient({ clientId: i, clientSecret: s });", False),
    ("", "if (!global.other) global.m = new ManagementClient({ clientId: i, clientSecret: s });", False),
    ("", "const global = {}; if (!global.m) global.m = new ManagementClient({ clientId: i, clientSecret: s });",
     False),  # a local named `global`
    # a local read from the cache guards it like the cache itself
    ("const c = {};", "let m = c.m; if (!m) m = c.m = new ManagementClient({ clientId: i, clientSecret: s });",
     True),
    ("", "let m = global.m; if (!m) { m = global.m = new ManagementClient({ clientId: i, clientSecret: s }); }",
     True),
    ("const c = {};", "let m = other.m; if (!m) m = c.m = new ManagementClient({ clientId: i, clientSecret: s });",
     False),
])
def test_module_cache(head, body, cached):
    hook = hook_with(body, "const { ManagementClient } = require('auth0');" + head)
    request = only(semantics.token_requests(hook))
    assert semantics.in_entry(hook, request.node)
    assert semantics.is_module_cached(hook, request.node) is cached


def test_cache_through_a_factory_helper():
    head = ("const { ManagementClient } = require('auth0'); let m;\n"
            "function make(s) { return new ManagementClient({ clientId: s.I, clientSecret: s.S }); }")
    cached = hook_with("m = m || make(context.webtask.secrets);", head)
    assert semantics.is_module_cached(cached, only(semantics.token_requests(cached)).node)
    per_run = hook_with("m = m || make(context.webtask.secrets); const other = make(context.webtask.secrets);", head)
    assert not semantics.is_module_cached(per_run, only(semantics.token_requests(per_run)).node)


def test_module_level_client_is_not_in_the_hook():
    hook = hook_with("cb();", "const { ManagementClient } = require('auth0');"
                               "const m = new ManagementClient({ clientId: 'i', clientSecret: process.env.S });")
    assert not semantics.in_entry(hook, only(semantics.token_requests(hook)).node)


# ----- retries ------------------------------------------------------------------------------


def retries_of(body: str, head: str = AXIOS):
    hook = hook_with(body, head)
    return hook, semantics.retries(hook)


RECURSION = """function send(attempt) {
  axios.post('https://x', {}, { timeout: 1 }).then(() => cb(), (err) => {
    if (err.response && err.response.status === 429 && attempt < 3) {
      return RETRY;
    }
    cb(err);
  });
}
send(1);"""


@pytest.mark.parametrize("retry, delayed, short, bounded", [
    ("send(attempt + 1)", False, None, True),
    ("setTimeout(() => send(attempt + 1), 200)", True, True, True),
    ("setTimeout(() => send(attempt + 1), 1000 * 2 ** attempt)", True, False, True),
    ("setTimeout(send, 1500, attempt + 1)", True, False, True),
    ("setTimeout(() => send(attempt), 1000)", True, False, False),  # the counter does not change
    ("sleep(100).then(() => send(attempt + 1))", True, True, True),
])
def test_recursion_retry(retry, delayed, short, bounded):
    head = AXIOS + "const sleep = (ms) => new Promise((r) => setTimeout(r, ms));"
    _, found = retries_of(RECURSION.replace("RETRY", retry), head)
    retry_ = only(found)
    assert retry_.kind == "recursion" and retry_.name == "send" and retry_.rate_limited
    assert (retry_.delay is not None) is delayed
    if delayed:
        assert retry_.delay.short is short
    assert retry_.bounded is bounded


def test_recursion_on_error_only_is_not_rate_limited():
    _, found = retries_of(RECURSION.replace("err.response.status === 429", "err.response.status >= 500")
                          .replace("RETRY", "send(attempt + 1)"))
    assert not only(found).rate_limited


@pytest.mark.parametrize("condition", [
    "res.data.next",  # paging
    "!err",  # the success path
    "res.status === 200",
])
def test_recursion_that_is_not_a_retry(condition):
    body = f"""function page(n) {{
  axios.get('https://x?page=' + n, {{ timeout: 1 }}).then((res) => {{
    if ({condition}) return page(n + 1);
    cb();
  }});
}}
page(0);"""
    assert retries_of(body.replace("!err", "!res.err"))[1] == []


@pytest.mark.parametrize("guard", [
    "return cb(new Error('gave up'));",
    "process.exit(1);",  # an exit as HL203's guards know it (js.flow.terminates)
    "{ if (quiet) { return; } else { throw new Error('gave up'); } }",
])
def test_entry_guard_bounds_a_recursion(guard):
    body = f"""function send(n) {{
  if (n > 3) {guard}
  axios.post('https://x', {{}}, {{ timeout: 1 }}).catch((e) => send(n + 1));
}}
send(0);"""
    retry = only(retries_of(body)[1])
    assert retry.bounded and not retry.rate_limited


@pytest.mark.parametrize("loop, rate_limited, bounded, delayed", [
    ("while (true) { const r = await axios.get(u, o); if (r.status === 429) continue; break; }", True, False, False),
    ("for (let i = 0; i < 3; i++) { const r = await axios.get(u, o); if (r.status !== 429) break; "
     "await sleep(2000); }", True, True, True),
    ("let n = 0; do { n++; r = await axios.get(u, o); } while (r.status === 429 && n < 3);", True, True, False),
    ("for (;;) { try { await axios.get(u, o); break; } catch (e) { await sleep(50); } }", False, False, True),
    ("const end = Date.now() + 5000; while (Date.now() < end) { try { return await axios.get(u, o); } "
     "catch (e) { await sleep(1000); } }", False, True, True),
])
def test_loop_retry(loop, rate_limited, bounded, delayed):
    head = AXIOS + "const sleep = (ms) => new Promise((r) => setTimeout(r, ms));"
    hook, found = retries_of("const u = 'https://x'; const o = { timeout: 1 }; let r;\n" + loop, head)
    retry = only(found)
    assert retry.kind == "loop" and retry.anchor.type.endswith("Statement")
    assert (retry.rate_limited, retry.bounded, retry.delay is not None) == (rate_limited, bounded, delayed)


@pytest.mark.parametrize("loop", [
    "for (const id of ids) { try { await axios.get('https://x/' + id, o); } catch (e) { continue; } }",
    "for (let i = 0; i < ids.length; i++) { const r = await axios.get('https://x/' + ids[i], o); "
    "if (r.status === 429) continue; }",
    "while (queue.length) { const item = queue.shift(); try { await axios.post('https://x', item, o); } "
    "catch (e) { console.log(e); } }",
    # what changes each round is in the chain around the request, not in its own arguments
    "while (queue.length) { const item = queue.shift(); try { await superagent.post('https://x').send(item)"
    ".timeout(5000); } catch (e) { console.log(e); } }",
    "while (queue.length) { try { await superagent.post('https://x').send(queue.shift()).timeout(5000); } "
    "catch (e) { console.log(e); } }",
    "while (next) { const r = await axios.get(next, o); next = r.data.next; }",
    "while (true) { const r = await axios.get('https://x', o); if (r.status === 429) return cb(new Error()); "
    "return cb(); }",
])
def test_loops_that_are_not_retries(loop):
    assert retries_of("const o = { timeout: 1 }; const ids = []; const queue = []; let next = 'x';\n" + loop,
                      AXIOS + "const superagent = require('superagent');")[1] == []


def test_a_chained_request_with_the_same_body_each_round_is_a_retry():
    loop = ("const item = { id: 1 };\nwhile (true) { try { await superagent.post('https://x').send(item)"
            ".timeout(5000); break; } catch (e) { console.log(e); } }")
    found = only(retries_of(loop, "const superagent = require('superagent');")[1])
    assert found.kind == "loop" and not found.bounded


def test_reissue_of_the_same_request():
    body = """const o = { url: 'https://x', timeout: 1 };
request.post(o, (err, res) => {
  if (res.statusCode === 429) return request.post(o, cb);
  request.post({ url: 'https://other', timeout: 1 }, cb);
});"""
    hook, found = retries_of(body, "const request = require('request');")
    retry = only(found)
    assert retry.kind == "reissue" and retry.rate_limited and retry.bounded and retry.delay is None
    assert retry.node.loc.start.line == 5  # the request inside `if (res.statusCode === 429)`


def test_number_value():
    from hooklint.js.values import number_value
    hook = hook_with("const BASE = 500; return [BASE * 2 ** 3, Math.pow(2, 10), -1e3 + 1, x * 2, 'a' + 1];")
    array = next(n for n in hook.tree.nodes if n.type == "ArrayExpression")
    assert [number_value(e, hook.scopes) for e in array.elements] == [4000.0, 1024.0, -999.0, None, None]


@pytest.mark.parametrize("head, wait, amount", [
    ("const { setTimeout: pause } = require('timers/promises');", "await pause(300)", 300),
    ("const delay = require('delay');", "await delay(2000)", 2000),
    ("const util = require('util'); const nap = util.promisify(setTimeout);", "await nap(100)", 100),
    ("", "await Promise.delay(50)", 50),
    ("", "await new Promise((resolve) => setTimeout(resolve, 700))", 700),
    ("function sleep(ms) { return new Promise((r) => setTimeout(r, ms)); }", "await sleep(1200)", 1200),
    ("const { snooze } = require('unknown-helpers');", "await snooze(10)", None),  # not a sleep name: no delay
    ("const { sleep } = require('unknown-helpers');", "await sleep(10)", "unknown"),
])
def test_delay_forms(head, wait, amount):
    loop = ("for (let i = 0; i < 3; i++) { const r = await axios.get('https://x', { timeout: 1 }); "
            f"if (r.status !== 429) break; {wait}; }}")
    retry = only(retries_of(loop, AXIOS + head)[1])
    if amount is None:
        assert retry.delay is None
    elif amount == "unknown":
        assert retry.delay is not None and retry.delay.amount is None and not retry.delay.short
    else:
        assert retry.delay.amount == amount and retry.delay.short is (amount < 1000)


def test_got_extend_instance_defaults():
    hook = hook_with("await client.post('https://x', { json: {} });",
                     "const got = require('got'); const client = got.extend({ timeout: { request: 2000 } });")
    http = only(semantics.http_calls(hook))
    assert http.library == "got" and http.method == "POST" and http.defaults.type == "ObjectExpression"
    assert semantics.timeout_status(hook, http) is True


def test_client_version_is_the_one_its_class_was_required_with():
    hook = hook_with("new Old({}).getUser({ id: 1 }, cb);\nnew New({}).getUser({ id: 2 }, cb);",
                     "const Old = require('auth0@2.6.0').ManagementClient;\n"
                     "const New = require('auth0@2.44.0').ManagementClient;")
    old, new = semantics.management_calls(hook)
    assert not semantics.handled(hook, old) and semantics.handled(hook, new)


@pytest.mark.parametrize("hand_on", [
    "axios.post('https://x', {}, { timeout: 1 }).then(() => cb()).catch(send)",
    "axios.post('https://x', {}, { timeout: 1 }).then(() => cb(), send)",
    "https.request({ host: 'x', timeout: 1 }, () => cb()).on('error', send).end()",
])
def test_function_handed_on_as_its_own_error_handler(hand_on):
    hook, found = retries_of(f"function send() {{\n  {hand_on};\n}}\nsend();",
                             AXIOS + "const https = require('https');")
    retry = only(found)
    assert retry.kind == "recursion" and not retry.rate_limited and not retry.bounded


def test_function_handed_on_as_a_success_handler_is_not_a_retry():
    hook, found = retries_of("function page() {\n  axios.get('https://x', { timeout: 1 }).then(page);\n}\npage();")
    assert found == []
