"""Generated Actions of a chosen size: one realistic Action per main trigger, scaled up by
repeating its helper functions (the shape Actions take in tenant repositories: a handler
at the end, helpers above it that read ``event``, call HTTP services with a timeout, use
``api.cache``, destructuring, ``?.``, ``??``, ``catch {``).

Each generator takes ``n`` (the number of helper functions) and returns ``(text, line)``:
the Action, and the line of the finding its handler's last statements must produce
(HL400, a hard-coded credential, ``MARKER``), so that a run which stops early or misplaces
lines is caught, not just timed. Every helper is called from the handler, so the handler
grows with ``n`` too.

Used by ``benchmarks/run.py`` (the Actions corpus), ``benchmarks/sizes.py`` (the size
series) and ``tests/test_scaling.py`` (one shape in the growth test).
"""

from __future__ import annotations

from collections.abc import Callable

MARKER = "HL400"  # the rule of the finding at the returned line (it runs on Actions)
_SECRET = "  const apiKey = 'q7Zk2mVx9pLw4RtY8sNb3HcJ6fGd1eKa';"  # HL400 in every trigger's handler


def _action(head: list[str], helpers: list[str], entry: str, params: str, body: list[str],
            tail: list[str] | None = None) -> tuple[str, int]:
    """``head``, the helpers, then ``exports.<entry> = async (<params>) => {`` with ``body``
    and the marker as its last statement but one; ``tail`` after the handler."""
    lines = list(head) + list(helpers)
    lines.append(f"exports.{entry} = async ({params}) => {{")
    lines.extend(body)
    lines.append(_SECRET)
    marker_line = len(lines)
    lines.append("  console.log('done', apiKey.length);")
    lines.append("};")
    lines.extend(tail or [])
    return "\n".join(lines) + "\n", marker_line


def post_login(n: int) -> tuple[str, int]:
    """Claims from a CRM and the Management API, cached in ``api.cache``, a redirect."""
    head = ["const axios = require('axios');",
            "const { ManagementClient } = require('auth0');",
            "",
            "const NS = 'https://example.com';",
            "let management;"]
    helpers = []
    for i in range(n):
        helpers += [
            f"async function claim{i}(event, api) {{",
            "  const { user, secrets } = event;",
            f"  const cached = api.cache.get(`crm-{i}-${{user.user_id}}`);",
            "  if (cached?.value) {",
            f"    api.idToken.setCustomClaim(`${{NS}}/c{i}`, cached.value);",
            "    return;",
            "  }",
            "  try {",
            f"    const {{ data }} = await axios.get(`${{secrets.CRM_URL}}/users/${{user.user_id}}/f{i}`, "
            "{ timeout: 4000 });",
            f"    const value = data?.fields?.[{i}] ?? user.app_metadata?.plan ?? 'free';",
            f"    api.cache.set(`crm-{i}-${{user.user_id}}`, String(value));",
            f"    api.idToken.setCustomClaim(`${{NS}}/c{i}`, value);",
            "  } catch {",
            f"    console.log('crm {i} unavailable');",
            "  }",
            "}",
        ]
    body = ["  if (event.transaction?.protocol === 'oauth2-refresh-token') return;",
            "  management ??= new ManagementClient({ domain: event.secrets.DOMAIN, clientId: event.secrets.CLIENT_ID,",
            "    clientSecret: event.secrets.CLIENT_SECRET });",
            "  const { data: roles = [] } = await management.users.getRoles({ id: event.user.user_id });",
            "  api.accessToken.setCustomClaim(`${NS}/roles`, roles.map(({ name }) => name));"]
    body += [f"  await claim{i}(event, api);" for i in range(n)]
    body += ["  if (!event.user.email_verified && api.redirect.canRedirect()) {",
             "    api.redirect.sendUserTo('https://verify.example.com/start');",
             "  }"]
    tail = ["", "exports.onContinuePostLogin = async (event, api) => {",
            "  const { verified } = event.request.query ?? {};",
            "  if (verified !== 'yes') api.access.deny('Please verify your email first.');",
            "};"]
    return _action(head, helpers, "onExecutePostLogin", "event, api", body, tail)


def credentials_exchange(n: int) -> tuple[str, int]:
    """Claims for machine-to-machine tokens from the client's metadata and a grants service."""
    head = ["const axios = require('axios');", "", "const NS = 'https://api.example.com/claims';"]
    helpers = []
    for i in range(n):
        helpers += [
            f"const grant{i} = async ({{ client, secrets, resource_server: server }}, api) => {{",
            f"  const tier = client.metadata?.tier_{i} ?? 'basic';",
            f"  const key = `grant-{i}-${{client.client_id}}`;",
            "  let scopes = api.cache.get(key)?.value;",
            "  if (!scopes) {",
            f"    const {{ data }} = await axios.post(`${{secrets.GRANTS_URL}}/check/{i}`, "
            "{ audience: server?.identifier, tier }, { timeout: 3000 });",
            "    scopes = (data.scopes ?? []).join(' ');",
            "    api.cache.set(key, scopes, { ttl: 600000 });",
            "  }",
            f"  if (!scopes && tier === 'blocked') return api.access.deny('invalid_scope', 'grant {i} refused');",
            f"  api.accessToken.setCustomClaim(`${{NS}}/g{i}`, scopes);",
            "};",
        ]
    body = ["  const { client } = event;",
            "  if (client.metadata?.disabled === 'true') {",
            "    return api.access.deny('invalid_request', 'client disabled');",
            "  }"]
    body += [f"  await grant{i}(event, api);" for i in range(n)]
    return _action(head, helpers, "onExecuteCredentialsExchange", "event, api", body)


def pre_user_registration(n: int) -> tuple[str, int]:
    """Sign-up checks: blocked domains, a fraud score, metadata defaults."""
    head = ["const axios = require('axios');", "const BLOCKED = new Set(['mailinator.com', 'example.org']);"]
    helpers = []
    for i in range(n):
        helpers += [
            f"async function check{i}(event, api) {{",
            "  const { user, request, secrets } = event;",
            "  const domain = user.email?.split('@')[1]?.toLowerCase() ?? '';",
            "  if (BLOCKED.has(domain)) {",
            f"    return api.access.deny('blocked_domain_{i}', 'Sign-ups from this domain are closed.');",
            "  }",
            "  try {",
            f"    const {{ data: {{ score = 0 }} = {{}} }} = await axios.post(`${{secrets.FRAUD_URL}}/score/{i}`,",
            "      { ip: request.ip, email: user.email }, { timeout: 2500 });",
            f"    if (score > 0.{i % 9 + 1}) api.validation.error('risk_{i}', 'We could not create your account.');",
            "  } catch {",
            f"    api.user.setAppMetadata('fraud_check_{i}', 'skipped');",
            "  }",
            "}",
        ]
    body = ["  api.user.setUserMetadata('locale', event.request.language ?? 'en');"]
    body += [f"  await check{i}(event, api);" for i in range(n)]
    return _action(head, helpers, "onExecutePreUserRegistration", "event, api", body)


def post_user_registration(n: int) -> tuple[str, int]:
    """Notifications after a sign-up (the result is ignored: errors are only logged)."""
    head = ["const axios = require('axios');"]
    helpers = []
    for i in range(n):
        helpers += [
            f"const notify{i} = async ({{ user, secrets, connection }}) => {{",
            f"  const payload = {{ id: user.user_id, via: connection?.name ?? 'unknown', channel: {i} }};",
            "  try {",
            f"    await axios.post(`${{secrets.HOOK_URL}}/signups/{i}`, payload, {{ timeout: 5000 }});",
            "  } catch (err) {",
            f"    console.log('notify {i} failed', err?.response?.status ?? err.message);",
            "  }",
            "};",
        ]
    body = [f"  await notify{i}(event);" for i in range(n)]
    return _action(head, helpers, "onExecutePostUserRegistration", "event, api", body)


def post_change_password(n: int) -> tuple[str, int]:
    """Audit events and session revocation requests after a password change."""
    head = ["const axios = require('axios');"]
    helpers = []
    for i in range(n):
        helpers += [
            f"async function audit{i}(event) {{",
            "  const { user: { user_id: id, email } = {}, secrets } = event;",
            f"  const body = {{ id, email, kind: 'password_changed', sink: {i} }};",
            f"  await axios.post(`${{secrets.AUDIT_URL}}/events/{i}`, body, {{ timeout: 3000 }})",
            f"    .catch((err) => console.log('audit {i}', err?.code ?? 'error'));",
            "}",
        ]
    body = [f"  await audit{i}(event);" for i in range(n)]
    return _action(head, helpers, "onExecutePostChangePassword", "event, api", body)


def send_phone_message(n: int) -> tuple[str, int]:
    """An SMS provider with fallbacks, tried in turn."""
    head = ["const axios = require('axios');"]
    helpers = []
    for i in range(n):
        helpers += [
            f"async function provider{i}({{ message_options: options, secrets }}) {{",
            "  const { recipient, text, message_type: kind = 'sms' } = options;",
            f"  const {{ status }} = await axios.post(`${{secrets.SMS_URL}}/providers/{i}/messages`,",
            "    { to: recipient, body: text, kind }, { timeout: 4000, validateStatus: () => true });",
            "  return status < 300;",
            "}",
        ]
    body = ["  let sent = false;"]
    body += [f"  sent = sent || (await provider{i}(event));" for i in range(n)]
    body += ["  if (!sent) throw new Error('no SMS provider accepted the message');"]
    return _action(head, helpers, "onExecuteSendPhoneMessage", "event, api", body)


def post_login_flat(n: int) -> tuple[str, int]:
    """One long handler, no helpers: ``n`` groups of ``api`` calls in sequence (a metadata
    write, a redirect, an MFA challenge, a claim under a test), every fourth after an early exit
    (``if (…) return;``), the shape of an Action that grew by pasting (each call's guards
    are the early exits before it in the one block: ``tests/test_scaling.py``). Not in
    ``ACTION_SHAPES``, which is one Action per trigger."""
    body = []
    for i in range(n):
        if i % 4 == 0:
            body.append(f"  if (event.user.blocked_{i}) return;")
        body += [f"  api.user.setAppMetadata('step_{i}', {i});",
                 f"  api.redirect.sendUserTo('https://step.example.com/{i}');",
                 "  api.multifactor.enable('any');",
                 f"  if (event.user.email === 'u{i}@example.com') api.idToken.setCustomClaim('s{i}', {i});"]
    return _action([], [], "onExecutePostLogin", "event, api", body)


ACTION_SHAPES: dict[str, Callable[[int], tuple[str, int]]] = {
    "action-post-login": post_login,
    "action-credentials-exchange": credentials_exchange,
    "action-pre-user-registration": pre_user_registration,
    "action-post-user-registration": post_user_registration,
    "action-post-change-password": post_change_password,
    "action-send-phone-message": send_phone_message,
}
