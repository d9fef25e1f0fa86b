"""The Hooks → Actions mapping as data (auth0-actions.md §4, auth0-hooks.md §2 and §5).

One table per question, read by both translation forms, the reviewer and the tests:
- ``PARAMETERS``: per point, a hook parameter field (role, then property path) → the
  ``event`` expression that holds the same value, or ``None`` when Actions have no
  equivalent. The compatible adapter builds each parameter object from these rows; the
  idiomatic form rewrites member expressions with them.
- ``ERRORS``: per point, a hook error class → how the Action reports it.
- ``NO_EQUIVALENT``: fields with no Action counterpart and why (the report's words).
Rows marked [I] in the facts are inferences; their notes say "closest match".
"""

from __future__ import annotations

from typing import NamedTuple

from hooklint.actions.triggers import TRIGGERS
from hooklint.hooks.points import ACTIONS, ERROR_CLASSES, ROLES

CCE, PRE, POST, PCP, SPM = ("credentials-exchange", "pre-user-registration", "post-user-registration",
                            "post-change-password", "send-phone-message")

Path = tuple[str, ...]  # (role, property, ...): ("client", "id"), ("context", "webtask", "secrets")


class Field(NamedTuple):
    event: str | None  # the event expression; None: no equivalent
    note: str | None = None  # a behaviour change or a closest match, said in the report


_SECRETS: dict[Path, Field] = {("context", "webtask", "secrets"): Field("event.secrets")}
_WEBTASK = "`context.webtask` is the webtask runtime; Actions have no equivalent (only `event.secrets`)"

_USER_CONTEXT: dict[Path, Field] = {
    ("context", "connection", "id"): Field("event.connection.id"),
    ("context", "connection", "name"): Field("event.connection.name"),
    ("context", "connection", "tenant"): Field("event.tenant.id"),
    ("context", "request", "ip"): Field("event.request.ip"),
    ("context", "request", "language"): Field("event.request.language"),
    ("context", "requestLanguage"): Field("event.request.language"),
    ("context", "renderLanguage"): Field(
        "event.transaction.locale", "`context.renderLanguage` becomes `event.transaction.locale`, the closest match "
                                    "(the page's language, which may differ)"),
    **_SECRETS,
}

PARAMETERS: dict[str, dict[Path, Field]] = {
    CCE: {
        ("client", "id"): Field("event.client.client_id"),
        ("client", "name"): Field("event.client.name"),
        ("client", "metadata"): Field("event.client.metadata"),
        ("client", "tenant"): Field("event.tenant.id"),
        ("scope",): Field("event.accessToken.scope"),
        ("audience",): Field("event.resource_server.identifier"),
        **_SECRETS,
    },
    PRE: {
        ("user", "tenant"): Field("event.tenant.id"),
        ("user", "username"): Field("event.user.username"),
        ("user", "email"): Field("event.user.email"),
        ("user", "phoneNumber"): Field("event.user.phone_number"),
        ("user", "password"): Field(None, "Actions never expose the password being registered"),
        ("user", "emailVerified"): Field(None, "a pre-user-registration Action's `event.user` has no "
                                               "`email_verified`"),
        ("user", "phoneNumberVerified"): Field(None, "a pre-user-registration Action's `event.user` has no "
                                                     "`phone_verified`"),
        ("user", "user_metadata"): Field("event.user.user_metadata"),
        ("user", "app_metadata"): Field("event.user.app_metadata"),
        **_USER_CONTEXT,
    },
    POST: {
        ("user", "id"): Field("event.user.user_id", "`user.id` had no `auth0|` prefix; `event.user.user_id` may "
                                                    "have it (Auth0's sample event does)"),
        ("user", "tenant"): Field("event.tenant.id"),
        ("user", "username"): Field("event.user.username"),
        ("user", "email"): Field("event.user.email"),
        ("user", "emailVerified"): Field("event.user.email_verified"),
        ("user", "phoneNumber"): Field("event.user.phone_number"),
        ("user", "phoneNumberVerified"): Field("event.user.phone_verified"),
        ("user", "user_metadata"): Field("event.user.user_metadata"),
        ("user", "app_metadata"): Field("event.user.app_metadata"),
        **_USER_CONTEXT,
    },
    PCP: {
        ("user", "id"): Field("event.user.user_id", "`user.id` had no `auth0|` prefix; `event.user.user_id` may "
                                                    "have it"),
        ("user", "username"): Field("event.user.username"),
        ("user", "email"): Field("event.user.email"),
        ("user", "last_password_reset"): Field("event.user.last_password_reset"),
        ("user", "tenant"): Field("event.tenant.id"),
        ("context", "connection", "id"): Field("event.connection.id"),
        ("context", "connection", "name"): Field("event.connection.name"),
        ("context", "connection", "tenant"): Field("event.tenant.id"),
        **_SECRETS,
    },
    SPM: {
        ("recipient",): Field("event.message_options.recipient"),
        ("text",): Field("event.message_options.text"),
        ("context", "message_type"): Field("event.message_options.message_type"),
        ("context", "action"): Field("event.message_options.action"),
        ("context", "code"): Field("event.message_options.code"),
        ("context", "language"): Field("event.request.language", "`context.language` becomes "
                                                                 "`event.request.language`, the closest match"),
        ("context", "ip"): Field("event.request.ip"),
        ("context", "user_agent"): Field("event.request.user_agent"),
        ("context", "client", "client_id"): Field("event.client.client_id"),
        ("context", "client", "name"): Field("event.client.name"),
        ("context", "client", "client_metadata"): Field("event.client.metadata"),
        ("context", "user", "user_id"): Field("event.user.user_id"),
        ("context", "user", "name"): Field("event.user.name"),
        ("context", "user", "email"): Field("event.user.email"),
        ("context", "user", "app_metadata"): Field("event.user.app_metadata"),
        ("context", "user", "user_metadata"): Field("event.user.user_metadata"),
        ("context", "factor_type"): Field(None, "`context.factor_type` has no `event` field"),
        **_SECRETS,
    },
}

# Fields of `context.webtask` other than `secrets`: no equivalent (auth0-actions.md §4).
NO_EQUIVALENT: dict[Path, str] = {
    ("context", "webtask", "storage"): "`context.webtask.storage` is persistent storage; Actions have none "
                                       "(`api.cache` is ephemeral, at most 24 h and 20 entries, and not guaranteed)",
    ("context", "webtask"): _WEBTASK,
}


class ErrorMapping(NamedTuple):
    """How the Action reports a hook error of one class: ``deny`` with a fixed code as its
    first argument (``code``), or with the error's own two messages (``code`` None,
    ``two_messages``), or ``throw`` (``deny`` False)."""

    deny: bool
    code: str | None = None
    two_messages: bool = False


# Per point: error class → mapping; "Error" stands for any other error.
ERRORS: dict[str, dict[str, ErrorMapping]] = {
    CCE: {
        "InvalidScopeError": ErrorMapping(True, "invalid_scope"),
        "InvalidRequestError": ErrorMapping(True, "invalid_request"),
        "ServerError": ErrorMapping(True, "server_error"),
        "Error": ErrorMapping(True, "server_error"),
    },
    # PreUserRegistrationError(internal, friendly) → deny(internal, friendly); Error(m) → deny(m, m)
    PRE: {"PreUserRegistrationError": ErrorMapping(True, None, True), "Error": ErrorMapping(True)},
    POST: {"Error": ErrorMapping(False)},
    PCP: {"Error": ErrorMapping(False)},
    SPM: {"Error": ErrorMapping(False)},
}


def trigger_of(point: str) -> tuple[str, str, str]:
    """The Action trigger id, its current version and entry point for a hook point."""
    trigger, entry = ACTIONS[point]
    return trigger, TRIGGERS[trigger].version, entry


def roles(point: str) -> tuple[str, ...]:
    """The hook's positional parameter roles at ``point`` (the callback last)."""
    return ROLES[point]


def error_classes(point: str) -> frozenset[str]:
    """The prelude error classes the hook compiler defined at ``point``."""
    return ERROR_CLASSES[point]


def field(point: str, path: Path) -> Field | None:
    """The row for ``path`` at ``point``, or None when the table has none."""
    return PARAMETERS[point].get(path)
