"""The inputs of the differential harness and the one call to Node that runs them.

``scenarios(point, secrets)`` gives, per extensibility point, the Action ``event``s both
programs run on (``run.js`` builds the hook's parameters from the same event): users who
are let through and users who are denied (e-mail domains), clients with and without
metadata, a scope present and absent, and each outbound call answered ``ok`` or ``fail``.
``run(jobs)`` runs every job in one Node process and returns its results.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

RUN_JS = Path(__file__).resolve().parent / "run.js"
NODE = shutil.which("node")

# Secrets every scenario has (the names the samples and fixtures read most), besides the
# ones the Translation says the hook reads.
COMMON_SECRETS = (
    "API_KEY", "API_URL", "AUDIT_KEY", "AUDIT_URL", "CLIENT_ID", "CLIENT_SECRET", "DOMAIN", "SLACK_WEBHOOK_URL",
    "TWILIO_ACCOUNT_SID", "TWILIO_AUTH_TOKEN", "TWILIO_FROM", "TWILIO_NUMBER", "WEBHOOK_URL",
)


def secret_value(name: str) -> str:
    """A plausible value for a secret, by its name: URLs for URL-like names (so outbound calls
    go somewhere the comparison can name), a tenant domain, otherwise a marked string."""
    upper = name.upper()
    if any(part in upper for part in ("URL", "URI", "ENDPOINT", "WEBHOOK")):
        return f"https://{name.lower().replace('_', '-')}.example.com/hook"
    if "DOMAIN" in upper:
        return "acme.eu.auth0.com"
    return f"{name.lower()}-value"


def secrets_for(names: Iterable[str]) -> dict[str, str]:
    return {name: secret_value(name) for name in sorted({*COMMON_SECRETS, *names})}


_TENANT = {"id": "acme"}
_REQUEST = {"ip": "203.0.113.7", "hostname": "acme.eu.auth0.com", "method": "POST", "language": "en",
            "user_agent": "Mozilla/5.0 (harness)"}
_CONNECTION = {"id": "con_Db4Xq0", "name": "Username-Password-Authentication", "strategy": "auth0", "metadata": {}}


def _user(email: str, *, metadata: bool, username: str | None = None, phone: str | None = None) -> dict[str, Any]:
    user: dict[str, Any] = {
        "user_id": "auth0|5f7c8ec7c33c6c004bbafe82",
        "email": email,
        "email_verified": False,
        "name": email.split("@")[0],
        "created_at": "2026-01-15T12:00:00.000Z",
        "updated_at": "2026-01-15T12:00:00.000Z",
        "last_password_reset": "2026-01-15T11:59:00.000Z",
        "user_metadata": {"preferred_language": "fr", "plan": "pro"} if metadata else {},
        "app_metadata": {"roles": ["admin"], "tier": "gold"} if metadata else {},
    }
    if username is not None:
        user["username"] = username
    if phone is not None:
        user["phone_number"] = phone
        user["phone_verified"] = True
    return user


def _scenario(name: str, outbound: str, event: dict[str, Any], secrets: dict[str, str]) -> dict[str, Any]:
    return {"name": name, "outbound": outbound, "event": {**event, "secrets": secrets}}


def _cce(name: str, outbound: str, secrets: dict[str, str], *, metadata: dict[str, str],
         scope: list[str] | None, audience: str) -> dict[str, Any]:
    token: dict[str, Any] = {"customClaims": {}}
    if scope is not None:
        token["scope"] = scope
    event = {
        "client": {"client_id": "m2m-partner-17", "name": "Partner Gateway", "metadata": metadata},
        "accessToken": token,
        "resource_server": {"identifier": audience},
        "tenant": _TENANT,
        "request": {**_REQUEST, "body": {"grant_type": "client_credentials", "audience": audience}},
        "transaction": {"requested_scopes": scope or []},
    }
    return _scenario(name, outbound, event, secrets)


def _registration(name: str, outbound: str, secrets: dict[str, str], user: dict[str, Any],
                  language: str) -> dict[str, Any]:
    event = {
        "user": user,
        "connection": _CONNECTION,
        "tenant": _TENANT,
        "request": {**_REQUEST, "language": language},
        "transaction": {"locale": language, "ui_locales": [language], "requested_scopes": ["openid"]},
    }
    return _scenario(name, outbound, event, secrets)


def _phone(name: str, outbound: str, secrets: dict[str, str], *, message_type: str, action: str,
           client_metadata: dict[str, str]) -> dict[str, Any]:
    event = {
        "message_options": {"recipient": "+15555550123", "text": "Your verification code is 123456",
                            "code": "123456", "message_type": message_type, "action": action},
        "user": _user("ana@example.com", metadata=True, phone="+15555550123"),
        "client": {"client_id": "spa-web-1", "name": "Web Shop", "metadata": client_metadata},
        "request": _REQUEST,
        "tenant": _TENANT,
    }
    return _scenario(name, outbound, event, secrets)


def scenarios(point: str, secret_names: Sequence[str] = ()) -> list[dict[str, Any]]:
    """The scenarios of one hook at ``point`` (the secrets it reads get values)."""
    s = secrets_for(secret_names)
    if point == "credentials-exchange":
        metadata = {"plan": "enterprise", "region": "eu-west", "tier": "gold", "partner_id": "p-17", "allowed": "true"}
        return [
            _cce("client with metadata, scope, API audience", "ok", s, metadata=metadata,
                 scope=["read:orders", "write:orders"], audience="https://api.example.com"),
            _cce("client without metadata, no scope, other audience", "ok", s, metadata={}, scope=None,
                 audience="https://admin.example.org/"),
            _cce("client with metadata, outbound fails", "fail", s, metadata=metadata, scope=["read:orders"],
                 audience="https://api.example.com"),
            _cce("client without metadata, empty scope, outbound fails", "fail", s, metadata={}, scope=[],
                 audience="https://partner-api.example.org"),
        ]
    if point in ("pre-user-registration", "post-user-registration"):
        return [
            _registration("allowed user", "ok", s, _user("ana@example.com", metadata=False, username="ana",
                                                         phone="+15555550100"), "en"),
            _registration("user of a denied domain", "ok", s, _user("spam@mailinator.com", metadata=False), "fr"),
            _registration("user with metadata, outbound fails", "fail", s,
                          _user("bob@competitor.example", metadata=True, username="bob"), "de"),
            _registration("corporate user, outbound fails", "fail", s,
                          _user("carol@corp.example.com", metadata=False), "en"),
        ]
    if point == "post-change-password":
        return [
            _registration("user", "ok", s, _user("ana@example.com", metadata=False, username="ana"), "en"),
            _registration("user, outbound fails", "fail", s, _user("ana@example.com", metadata=False), "en"),
            _registration("other domain", "ok", s, _user("spam@mailinator.com", metadata=False), "fr"),
        ]
    if point == "send-phone-message":
        return [
            _phone("sms enrollment", "ok", s, message_type="sms", action="enrollment",
                   client_metadata={"sms_provider": "twilio"}),
            _phone("voice challenge, outbound fails", "fail", s, message_type="voice",
                   action="second-factor-authentication", client_metadata={}),
            _phone("sms challenge, client without metadata", "ok", s, message_type="sms",
                   action="second-factor-authentication", client_metadata={}),
            _phone("sms enrollment, outbound fails", "fail", s, message_type="sms", action="enrollment",
                   client_metadata={"sms_provider": "twilio"}),
        ]
    raise ValueError(f"no scenarios for {point}")


def job(job_id: str, point: str, hook_code: str, action_code: str,
        scenario_list: list[dict[str, Any]]) -> dict[str, Any]:
    return {"id": job_id, "point": point, "hook_code": hook_code, "action_code": action_code,
            "scenarios": scenario_list}


def run(jobs: list[dict[str, Any]], timeout: float = 300.0) -> dict[str, list[dict[str, Any]]]:
    """Run every job in one Node process: job id → one result per scenario
    (``{"scenario", "hook", "action"}``)."""
    assert NODE is not None, "node is not installed"
    done = subprocess.run([NODE, str(RUN_JS)], input=json.dumps(jobs), capture_output=True, text=True,
                          timeout=timeout)
    if done.returncode != 0:
        raise RuntimeError(f"run.js failed ({done.returncode}): {done.stderr[-2000:]}")
    return {item["id"]: item["results"] for item in json.loads(done.stdout)}
