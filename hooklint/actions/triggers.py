"""The Action triggers, as data in one place.

Facts from ../shared/docs/auth0-actions.md §1.0 (the trigger catalogue; sources: the
``@auth0/actions`` loader's ``getHandlerFactory([...])`` lists per trigger, the
explore-triggers doc pages, the Management API's ``ActionTriggerTypeEnum``): each
trigger's id, its current version, its entry points (the named exports Auth0 calls), whether
the flow waits for it (blocking), and the ``api`` namespaces its handler receives.

``login-post-identifier``, ``signup-post-identifier`` and ``password-hash-migration`` are in
the enum but document no entry point: they are not listed, so no file is decided to run there.

The v1 (beta) trigger versions use another contract (§1.0): ``module.exports = async (event,
context) => Result``, the result object carrying claims, metadata and a ``command``. Such a
file exports no entry point, so it is not recognised as an Action by its code; only its
metadata (``supported_triggers[].version: v1``) says so, and HL111 reports the retired
version (``actions.contract``).
"""

from __future__ import annotations

from typing import NamedTuple

from hooklint.auth0.pragma import did_you_mean


class Trigger(NamedTuple):
    id: str
    version: str  # the current version
    entry_points: tuple[str, ...]  # the first is the one Auth0 calls to start the Action
    blocking: bool | None  # None: the docs do not say
    api: frozenset[str]  # the namespaces of the handler's `api`


TRIGGERS: dict[str, Trigger] = {t.id: t for t in (
    Trigger("post-login", "v3", ("onExecutePostLogin", "onContinuePostLogin"), True, frozenset({
        "access", "accessToken", "authentication", "idToken", "multifactor", "redirect", "user", "cache",
        "samlResponse", "validation", "rules", "prompt", "refreshToken", "session", "transaction", "groups",
        "roles"})),
    Trigger("credentials-exchange", "v2", ("onExecuteCredentialsExchange",), True,
            frozenset({"access", "accessToken", "cache", "transaction"})),
    # the loader also accepts onContinuePreUserRegistration (undocumented)
    Trigger("pre-user-registration", "v2", ("onExecutePreUserRegistration", "onContinuePreUserRegistration"), True,
            frozenset({"access", "user", "cache", "validation"})),
    Trigger("post-user-registration", "v2", ("onExecutePostUserRegistration",), False, frozenset({"cache"})),
    Trigger("post-change-password", "v2", ("onExecutePostChangePassword",), False, frozenset({"cache"})),
    Trigger("send-phone-message", "v2", ("onExecuteSendPhoneMessage",), True, frozenset({"cache"})),
    Trigger("password-reset-post-challenge", "v1", ("onExecutePostChallenge", "onContinuePostChallenge"), True,
            frozenset({"access", "authentication", "redirect", "cache", "prompt", "transaction"})),
    Trigger("custom-phone-provider", "v1", ("onExecuteCustomPhoneProvider",), None,
            frozenset({"cache", "notification"})),
    Trigger("custom-email-provider", "v1", ("onExecuteCustomEmailProvider",), None,
            frozenset({"cache", "notification"})),
    Trigger("custom-token-exchange", "v1", ("onExecuteCustomTokenExchange",), True,  # Early Access
            frozenset({"access", "authentication", "user", "cache"})),
    Trigger("event-stream", "v1", ("onExecuteEventStream",), False, frozenset({"cache"})),
)}

TRIGGER_IDS: tuple[str, ...] = tuple(TRIGGERS)

# Entry-point name -> the trigger that calls it (every name belongs to one trigger).
ENTRY_POINTS: dict[str, str] = {name: t.id for t in TRIGGERS.values() for name in t.entry_points}

# What an entry point's name starts with (§2.1: the handler is an exported property).
ENTRY_PREFIXES = ("onExecute", "onContinue")


def is_entry_point_name(name: str) -> bool:
    """An exported name of an entry point's shape, ``onExecute<Trigger>`` or
    ``onContinue<Trigger>``, whether or not a trigger has it (a typo still makes an Action)."""
    for prefix in ENTRY_PREFIXES:
        rest = name[len(prefix):]
        if name.startswith(prefix) and rest[:1].isupper():
            return True
    return False


def check_name(value: str) -> str | None:
    """Why ``value`` is not a trigger id, or ``None`` when it is one."""
    if value in TRIGGERS:
        return None
    return f"`{value}` is not an Action trigger{did_you_mean(value, TRIGGER_IDS)}"
