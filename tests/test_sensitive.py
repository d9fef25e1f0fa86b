"""The sensitive-values service: taint sources by role, sinks, and literal secrets (HL400-HL403)."""

from __future__ import annotations

import re

import pytest

from conftest import FIXTURES, REPO, active, lint
from hooklint.js.estree import children, walk
from hooklint.hooks.model import build
from hooklint.js.parse import parse
from hooklint.js.source import Source
from hooklint.auth0.sensitive import (SOURCES, credential_name, env_writes, hardcoded_secrets, logged_arguments,
                                mask, placeholder, secret_format, taint, url_secret)

SIGNATURES = {
    "credentials-exchange": "client, scope, audience, context, cb",
    "pre-user-registration": "user, context, cb",
    "post-user-registration": "user, context, cb",
    "post-change-password": "user, context, cb",
    "send-phone-message": "recipient, text, context, cb",
}


def hook_of(body: str, point: str = "pre-user-registration", prelude: str = ""):
    text = (f"// hooklint: point={point}\n{prelude}\n"
            f"module.exports = function ({SIGNATURES[point]}) {{\n{body}\n}};\n")
    source = Source(path="hook.js", text=text)
    return build(source, parse(source.text))


def last_expression(hook):
    """The expression of the last expression statement in the hook function."""
    return hook.function.body.body[-1].expression


def taint_of(body: str, point: str = "pre-user-registration", prelude: str = ""):
    hook = hook_of(body, point, prelude)
    return taint(hook, last_expression(hook))


# ----- sources ------------------------------------------------------------------------------


@pytest.mark.parametrize("body, point, kind, origin", [
    ("user.password;", "pre-user-registration", "password", "user.password"),
    ("user;", "pre-user-registration", "user", "user"),
    ("context;", "post-user-registration", "context", "context"),
    ("context.webtask;", "post-change-password", "webtask", "context.webtask"),
    ("context.webtask.secrets;", "credentials-exchange", "secrets", "context.webtask.secrets"),
    ("context.webtask.secrets.API_KEY;", "send-phone-message", "secret", "context.webtask.secrets.API_KEY"),
    ("context.webtask.secrets['API_KEY'];", "post-user-registration", "secret", "context.webtask.secrets.API_KEY"),
    ("context.webtask.secrets[name];", "post-user-registration", "secret", "context.webtask.secrets[…]"),
    ("context.webtask.headers;", "post-user-registration", "headers", "context.webtask.headers"),
    ("context.webtask.headers.authorization;", "post-user-registration", "header",
     "context.webtask.headers.authorization"),
    ("context.code;", "send-phone-message", "code", "context.code"),
])
def test_sources_by_role(body, point, kind, origin):
    found = taint_of(body, point)
    assert found is not None and (found.kind, found.origin, found.contained) == (kind, origin, False)


@pytest.mark.parametrize("body, point", [
    ("user.password;", "post-user-registration"),  # no password outside pre-user-registration
    ("user;", "post-user-registration"),
    ("context.code;", "post-user-registration"),  # the MFA code exists at send-phone-message only
    ("context.connection.name;", "pre-user-registration"),
    ("context.webtask.headers['user-agent'];", "post-user-registration"),  # not a credential header
    ("client;", "credentials-exchange"),  # the first parameter is `client`, not `user`
    ("recipient + text;", "send-phone-message"),
])
def test_not_sources(body, point):
    assert taint_of(body, point) is None


def test_roles_follow_the_point():
    # At credentials-exchange `context` is the fourth parameter; a local named `user` is nothing.
    assert taint_of("const user = { password: 'x' }; context;", "credentials-exchange").kind == "context"
    assert taint_of("audience;", "credentials-exchange") is None


def test_a_renamed_context_parameter_is_followed():
    text = ("// hooklint: point=post-user-registration\n"
            "module.exports = function (u, ctx, done) { ctx.webtask.secrets.K; };\n")
    hook = build(Source(path="h.js", text=text), parse(text))
    assert taint(hook, last_expression(hook)).origin == "ctx.webtask.secrets.K"


@pytest.mark.parametrize("body, kind", [
    ("const { API_KEY } = context.webtask.secrets; API_KEY;", "secret"),
    ("const { webtask: { secrets } } = context; secrets;", "secrets"),
    ("const s = context.webtask.secrets; s.KEY;", "secret"),
    ("const s = context.webtask.secrets; const k = s.KEY; k;", "secret"),
    ("var ctx = context; var c2 = ctx; c2.webtask;", "webtask"),
    ("const { password } = user; password;", "password"),
    ("const { email, ...rest } = user; rest;", "user"),
    ("let key; key = context.webtask.secrets.K; key;", "secret"),
    ("const key = context.webtask.secrets.K || 'fallback'; key;", "secret"),
    ("const opts = { headers: { 'x-api-key': context.webtask.secrets.K } }; opts.headers['x-api-key'];",
     "secret"),
])
def test_values_are_followed(body, kind):
    found = taint_of(body)
    assert found is not None and found.kind == kind and not found.contained


@pytest.mark.parametrize("body, kind", [
    ("'pw: ' + user.password;", "password"),
    ("`pw: ${user.password}`;", "password"),
    ("JSON.stringify(context);", "context"),
    ("JSON.stringify({ u: user });", "user"),
    ("const opts = { headers: { 'x-api-key': context.webtask.secrets.K } }; opts;", "secret"),
    ("const auth = {}; auth.bearer = context.webtask.secrets.T; auth;", "secret"),
    ("[context.webtask.secrets.A].join(',');", "secret"),
    ("util.inspect(context.webtask);", "webtask"),
    ("Buffer.from(context.webtask.secrets.A + ':' + context.webtask.secrets.B).toString('base64');", "secret"),
])
def test_containers_and_derived_strings(body, kind):
    found = taint_of(body)
    assert found is not None and found.kind == kind and found.contained


@pytest.mark.parametrize("body", [
    "user.password.length;",
    "context.webtask.secrets.K.slice(0, 4);",
    "!!context.webtask.secrets.K;",
    "typeof context.webtask.secrets.K;",
    "context.webtask.secrets.K === 'x';",
    "Object.keys(context.webtask.secrets);",
    "context.webtask.secrets.K ? 'set' : 'missing';",
    "user.email;",
    "helper(context);",  # a helper's return value is not followed
    "[1].forEach(function (context) { context; }); 'x';",
])
def test_what_is_not_sensitive(body):
    assert taint_of(body) is None


@pytest.mark.parametrize("body, point, expected", [
    # a rest element that leaves the sensitive member out carries nothing
    ("const { password, ...safe } = user; safe;", "pre-user-registration", None),
    ("const { webtask, ...ctx } = context; ctx;", "post-user-registration", None),
    ("const { secrets, headers, ...bare } = context.webtask; bare;", "post-user-registration", None),
    ("const { webtask: { secrets, headers, ...bare } } = context; bare;", "post-user-registration", None),
    ("const { 'password': p, ...safe } = user; safe;", "pre-user-registration", None),
    ("const { [name]: x, ...safe } = user; safe;", "pre-user-registration", None),  # maybe the password
    # ... and keeps what it does not leave out
    ("const { email, ...rest } = user; rest;", "pre-user-registration", ("user", False)),
    ("const { secrets, ...rest } = context.webtask; rest;", "post-user-registration", ("headers", True)),
    ("const { webtask, ...rest } = context; rest;", "send-phone-message", ("code", True)),
    ("const { code, webtask, ...rest } = context; rest;", "send-phone-message", None),
    ("const { A, ...rest } = context.webtask.secrets; rest;", "post-user-registration", ("secrets", False)),
    ("const { A, ...rest } = context.webtask.secrets; rest.B;", "post-user-registration", ("secret", False)),
])
def test_rest_elements(body, point, expected):
    found = taint_of(body, point)
    assert (found.kind, found.contained) == expected if expected else found is None


def test_rest_in_a_destructured_parameter():
    text = ("// hooklint: point=pre-user-registration\n"
            "module.exports = function ({ password, ...profile }, context, cb) { profile; };\n")
    hook = build(Source(path="h.js", text=text), parse(text))
    assert taint(hook, last_expression(hook)) is None


@pytest.mark.parametrize("body, expected", [
    # an array replacer keeps only the keys it lists, at every level
    ("JSON.stringify(user, ['email', 'tenant']);", None),
    ("const KEEP = ['email']; JSON.stringify(user, KEEP);", None),
    ("JSON.stringify(user, ['email'], 2);", None),
    ("JSON.stringify(context, ['webtask']);", None),  # `{"webtask":{}}`
    ("JSON.stringify(context, ['webtask', 'headers', 'user-agent']);", None),
    ("JSON.stringify({ u: user }, ['u', 'email']);", None),
    ("JSON.stringify(user, ['email', 'password']);", "user"),
    ("JSON.stringify(context, ['webtask', 'secrets', 'API_KEY']);", "context"),
    ("JSON.stringify(context, ['webtask', 'headers', 'authorization']);", "context"),
    ("JSON.stringify({ k: context.webtask.secrets.K }, ['k']);", "secret"),  # a value itself gets through
    ("JSON.stringify(user.password, ['x']);", "password"),
    ("JSON.stringify(user, ['email', field]);", "user"),  # an unknown key
    ("JSON.stringify(user, null, 2);", "user"),
    ("JSON.stringify(user, replacer);", "user"),
])
def test_json_stringify_replacer(body, expected):
    found = taint_of(body)
    assert (found.kind if found is not None else None) == expected


def test_shadowed_parameter_is_not_a_source():
    hook = hook_of("[1].forEach(function (context) { console.log(context); });", "post-user-registration")
    calls = [n for n in hook.tree.nodes if n.type == "CallExpression" and logged_arguments(hook, n)]
    assert calls and all(taint(hook, a) is None for c in calls for a in logged_arguments(hook, c))


# ----- sinks --------------------------------------------------------------------------------


def _logged(body: str, prelude: str = "") -> list[str]:
    hook = hook_of(body, "post-user-registration", prelude)
    return [hook.source.slice(arg) for node in hook.tree.nodes if node.type == "CallExpression"
            for arg in logged_arguments(hook, node)]


@pytest.mark.parametrize("body, logged", [
    ("console.log(a, b); console.error(c);", ["a", "b", "c"]),
    ("console.assert(a, b);", []),
    ("logger.info(a); log.error(b); winston.log('info', c); this.logger.warn(d);", ["a", "b", "'info'", "c", "d"]),
    ("Math.log(a); log.push(b); logger.child(c);", []),
    ("const console = { log: function () {} }; console.log(a);", []),
])
def test_logging_calls(body, logged):
    assert _logged(body) == logged


def test_logging_helpers_of_the_file():
    prelude = ("function show(label, value) { console.log('[x] ' + label, value); }\n"
               "function count(value) { console.log(value.length); }\n"
               "const all = (...args) => console.log(...args);\n")
    logged = _logged("show(a, b); count(c); all(d, e);", prelude)
    assert [x for x in logged if len(x) == 1] == ["a", "b", "d", "e"]


def test_env_writes():
    hook = hook_of("process.env.A = a; process.env['B'] = b; Object.assign(process.env, c); env.D = d; "
                   "other.E = e; const x = process.env.F;", "post-user-registration",
                   "const env = process.env;")
    writes = env_writes(hook)
    assert [(w.name, [hook.source.slice(v) for v in w.values]) for w in writes] == [
        ("A", ["a"]), ("B", ["b"]), (None, ["c"]), ("D", ["d"])]


def test_a_local_process_is_not_the_environment():
    hook = hook_of("const process = { env: {} }; process.env.A = context.webtask.secrets.A;",
                   "post-user-registration")
    assert env_writes(hook) == []


# ----- literal secrets ----------------------------------------------------------------------


@pytest.mark.parametrize("name", [
    "clientSecret", "client_secret", "apiKey", "api_key", "API_KEY", "password", "pass", "passwd", "pwd",
    "token", "accessToken", "authToken", "secret", "X-PW-AccessToken", "x-api-key", "AUTH0_CLIENT_SECRET",
    "webhookSecret", "dbPassword", "secretKey", "privateKey",
])
def test_credential_names(name):
    assert credential_name(name)


@pytest.mark.parametrize("name", [
    "key", "clientId", "client_id", "accountSid", "publicKey", "cacheKey", "TOKEN_CACHE_KEY", "tokenType",
    "passwordHint", "secretName", "nextPageToken", "cancelToken", "bypass", "idempotencyKey", "", None,
])
def test_not_credential_names(name):
    assert not credential_name(name)


@pytest.mark.parametrize("value", [
    "", "   ", "YOUR_SECRET", "YOUR_API_KEY", "CRM_API_KEY", "<client-secret>", "<...>", "{{TOKEN}}",
    "${SECRET}", "%API_KEY%", "xxx", "xxxxxxxxxxxx", "****", "changeme", "change-me", "password", "secret",
    "your-api-key-here", "yourSecretHere", "replace_with_real_key", "REDACTED",
])
def test_placeholders(value):
    assert placeholder(value)


@pytest.mark.parametrize("value", [
    "c2b1f0e9a7d44b6f8e3a5d7c9b1e2f40", "hunter2hunter2", "AKIAIOSFODNN7EXAMPLE", "yo0rs3cret!", "Passw0rd2024",
])
def test_not_placeholders(value):
    assert not placeholder(value)


@pytest.mark.parametrize("value, what", [
    ("xoxb-0000000000-FAKEFAKEFAKE", "Slack"),
    ("xoxp-123456789012-FAKEfake00", "Slack"),
    ("AKIAIOSFODNN7EXAMPLE", "AWS"),
    ("SG.FAKEFAKEFAKEFAKE0000.FAKEFAKEFAKEFAKEFAKEFAKE0000000000", "SendGrid"),
    ("sk_live_FAKE0000000000000000000000", "Stripe"),
    ("Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJmYWtlIn0.ZmFrZS1zaWduYXR1cmU", "JWT"),
])
def test_known_formats(value, what):
    found = secret_format(value)
    assert found is not None and what in found[0]


@pytest.mark.parametrize("value", [
    "AC00000000000000000000000000000000",  # a Twilio account SID is an identifier
    "sk_test_FAKE0000000000000000000000",  # not a live key
    "pk_live_FAKE0000000000000000000000",  # publishable
    "sk_live_xxxxxxxxxxxxxxxxxxxxxxxx",  # filler
    "AKIAXXXXXXXXXXXXXXXX",
    "xoxb-your-token",
    "eyJhbGciOiJIUzI1NiJ9",  # a JWT header alone
    "https://example.com/AKIAIOSFODNN7EXAMPLE2",  # no boundary: 21 characters
])
def test_not_known_formats(value):
    assert secret_format(value) is None


@pytest.mark.parametrize("value, secret", [
    ("https://admin:s3cr3tPassw0rd@db.example.com/x", "s3cr3tPassw0rd"),
    ("mongodb+srv://hook:FakePassw0rd@cluster0.example.net/db", "FakePassw0rd"),
    ("https://api.example.com/v1?api_key=9f8e7d6c5b4a3928&q=1", "9f8e7d6c5b4a3928"),
    ("https://api.example.com/v1?user=a&TOKEN=abc123def456", "abc123def456"),
    ("https://hooks.slack.com/services/T0000FAKE/B0000FAKE/FAKEFAKEFAKEFAKEFAKEFAKE",
     "T0000FAKE/B0000FAKE/FAKEFAKEFAKEFAKEFAKEFAKE"),
])
def test_urls_with_credentials(value, secret):
    found = url_secret(value)
    assert found is not None and found[1] == secret


@pytest.mark.parametrize("value", [
    "https://user:<password>@db.example.com",
    "https://user@db.example.com",
    "https://api.example.com/v1?api_key=",
    "https://api.example.com/v1?api_key=YOUR_API_KEY",
    "https://api.example.com/v1?access=abc123def456",
    "https://hooks.slack.com/services/",
    "https://hooks.slack.com/services/T00000000/B00000000/XXXXXXXXXXXXXXXXXXXXXXXX",
    "/relative?token=abc123def456",
])
def test_urls_without_credentials(value):
    assert url_secret(value) is None


def test_mask_never_shows_more_than_four_characters():
    assert mask("sk_live_FAKE0000000000000000000000") == "'sk_l…'"
    assert mask("sk_live_FAKE0000000000000000000000", quoted=False) == "sk_l…"
    assert mask("hunter2", quoted=False) == "hu…"
    for secret in ("a", "ab", "abcdef", "hunter2", "0123456789abcdef"):
        shown = mask(secret)[1:-2]
        assert len(shown) <= 4 and len(shown) < len(secret)


@pytest.mark.parametrize("declaration, secret", [
    # field, parameter and grant names: lower-case words joined by `_` or `-`
    ("const ACCESS_TOKEN = 'access_token';", None),
    ("const REFRESH_TOKEN = 'refresh_token';", None),
    ("const sessionToken = 'session_token';", None),
    ("const cfg = { clientSecret: 'client_secret' };", None),
    ("const apiSecret = 'x-api-secret';", None),
    ("const h = { Authorization: 'Bearer access_token' };", None),
    # a single word, or words with digits or capitals, stay secrets
    ("const password = 'hunter2hunter2';", "hunter2hunter2"),
    ("const password = 'swordfish';", "swordfish"),
    ("const token = 'abc_def1';", "abc_def1"),
    ("const clientSecret = 'Client_Secret_Value';", "Client_Secret_Value"),
])
def test_identifier_values_are_not_secrets(declaration, secret):
    hook = hook_of("cb();", "post-user-registration", declaration)
    assert [s.secret for s in hardcoded_secrets(hook)] == ([secret] if secret else [])


def test_hardcoded_secrets_skip_deploy_cli_tokens():
    hook = hook_of("const a = { apiKey: '@@CRM_API_KEY@@', Authorization: 'Bearer ##TOKEN##' };\n"
                   "const b = { apiKey: 'c2b1f0e9a7d44b6f8e3a5d7c9b1e2f40' };", "post-user-registration",
                   "const SLACK = 'https://hooks.slack.com/services/@@SLACK_PATH@@';")
    found = hardcoded_secrets(hook)
    assert [s.secret for s in found] == ["c2b1f0e9a7d44b6f8e3a5d7c9b1e2f40"]


def test_hardcoded_secrets_follow_constants_once():
    hook = hook_of("const opts = { apiKey: KEY, token: KEY, other: context.webtask.secrets.X || KEY };",
                   "post-user-registration", "const KEY = 'a8f3c2e1d0b9a8f7e6d5c4b3a2f1e0d9';")
    found = hardcoded_secrets(hook)
    assert len(found) == 1 and found[0].node.loc.start.line == 2


# ----- messages never reveal a secret -------------------------------------------------------


def _values(text: str) -> set[str]:
    """Every string literal of a file that is a value (not a property key or a header name)."""
    program = parse(Source(path="x.js", text=text).text).program
    keys: set[int] = set()
    values: set[str] = set()

    def visit(node):
        if node.type == "Property":
            keys.add(id(node.key))
        if node.type == "CallExpression" and node.arguments:
            keys.add(id(node.arguments[0]))
        if node.type == "Literal" and isinstance(node.value, str) and id(node) not in keys:
            values.add(node.value)
        if node.type == "TemplateElement" and isinstance(node.value.cooked, str):
            values.add(node.value.cooked)

    walk(program, visit)
    return {v for v in values if len(v) >= 6}


HL400_FILES = sorted((FIXTURES / "HL400").glob("*.js"))


@pytest.mark.parametrize("path", HL400_FILES, ids=lambda p: p.name)
def test_no_message_reveals_a_secret(path):
    text = path.read_text(encoding="utf-8")
    findings = active(lint(text, {"HL400"}, path=path.relative_to(REPO).as_posix()), "HL400")
    hook = build(Source(path="x.js", text=text), parse(Source(path="x.js", text=text).text))
    secrets = {s.secret for s in hardcoded_secrets(hook)} | _values(text)
    assert findings or "ruleid" not in text
    for finding in findings:
        for secret in secrets:
            assert secret not in finding.message, (finding.message, secret)
        for shown in re.findall(r"'([^']*)…'", finding.message):
            assert len(shown) <= 4, finding.message


# ----- no message of HL400-HL403 quotes a literal of the file --------------------------------

_NAME_SETTERS = frozenset({"set", "setHeader", "header", "append"})
_PLAIN_HOST = re.compile(r"(?:[A-Za-z][A-Za-z0-9+.-]*://)?[A-Za-z0-9.-]*(?::[0-9]+)?/?")


def _literals_and_names(text: str) -> tuple[set[str], set[str], set[str]]:
    """(every string literal and template part of a file, those that name a slot: an object
    key, a computed member's key, the name given to a header setter such as ``.set(name, v)``,
    and the names of its identifiers)."""
    program = parse(Source(path="x.js", text=text).text).program
    names: set[int] = set()
    identifiers: set[str] = set()
    found: list[tuple[int, str]] = []
    stack = [program]
    while stack:
        node = stack.pop()
        if node.type == "Identifier":
            identifiers.add(node.name)
        if node.type == "Property":
            names.add(id(node.key))
        elif node.type == "MemberExpression" and node.computed:
            names.add(id(node.property))
        elif node.type == "CallExpression" and node.arguments and node.callee.type == "MemberExpression" \
                and not node.callee.computed and node.callee.property.name in _NAME_SETTERS:
            names.add(id(node.arguments[0]))
        if node.type == "Literal" and isinstance(node.value, str) and getattr(node, "regex", None) is None:
            found.append((id(node), node.value))
        elif node.type == "TemplateElement" and isinstance(node.value.cooked, str):
            found.append((id(node), node.value.cooked))
        stack.extend(children(node))
    return {value for _, value in found}, {value for key, value in found if key in names}, identifiers


def _without_code_names(message: str, names: set[str]) -> str:
    """The message without the code it cites by name (`ctx.webtask.secrets.API_KEY`, `profile`):
    dotted paths of the file's identifiers and keys, which hold no literal value."""
    def keep(match):
        return "" if set(match.group(1).split(".")) <= names else match.group(0)
    return re.sub(r"`([A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)*)`", keep, message)


def _wording(rule_id: str) -> str:
    """The text a rule writes its messages from: its module and the descriptions it uses."""
    module = next((REPO / "hooklint" / "checks").glob(f"{rule_id.lower()}_*.py"))
    return module.read_text(encoding="utf-8") + "\n".join(description for sources in SOURCES.values()
                                                           for description in sources.descriptions.values())


SENSITIVE_FILES = sorted(p for rule in ("HL400", "HL401", "HL402", "HL403")
                         for p in (FIXTURES / rule).glob("*.js"))


@pytest.mark.parametrize("path", SENSITIVE_FILES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_no_message_quotes_a_literal_of_the_file(path):
    """No message of HL400-HL403 contains a string literal of its file longer than 4 characters.

    Allowed: HL400's masked prefix (at most 4 characters, so never a whole literal of 5 or
    more); code cited by name (`context.webtask.secrets.API_KEY`, `profile`) and names of
    slots (the credential `x-api-key`, `process.env.HOOK_SECRETS`), which say what is
    flagged and hold no value; a literal that is a word of the rule's own wording (`'fields'`,
    `'headers'`); and, for HL402, the `http://host` it reports (never the user information,
    path or query of the URL)."""
    rule_id = path.parent.name
    text = path.read_text(encoding="utf-8")
    findings = active(lint(text, {rule_id}, path=path.relative_to(REPO).as_posix()), rule_id)
    literals, names, identifiers = _literals_and_names(text)
    wording = _wording(rule_id)
    assert findings or not re.search(r"(//|/\*)\s*ruleid:", text)
    for finding in findings:
        for shown in re.findall(r"'([^']*)…'", finding.message):
            assert len(shown) <= 4, finding.message
        message = _without_code_names(finding.message, identifiers | names)
        for literal in literals:
            if len(literal) <= 4 or literal not in message or literal in names or literal in wording:
                continue
            if rule_id == "HL402" and _PLAIN_HOST.fullmatch(literal):
                continue
            pytest.fail(f"line {finding.region.start_line}: {finding.message!r} quotes {literal!r}")
