"""The Action triggers, as data in one place.

Facts from ../shared/docs/auth0-actions.md §1.0 (the trigger catalogue; sources: the
``@auth0/actions`` loader's ``getHandlerFactory([...])`` lists per trigger, the
explore-triggers doc pages, the Management API's ``ActionTriggerTypeEnum``): each
trigger's id, its current version, its entry points (the named exports Auth0 calls), whether
the flow waits for it (blocking), and the ``api`` namespaces its handler receives with each
namespace's methods (§1.1–§1.10; ``None`` where the docs do not name them all, so that a
rule asking about a method stays silent there).

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


Methods = dict[str, frozenset[str] | None]  # namespace -> its methods, None: not all documented


class Trigger(NamedTuple):
    id: str
    version: str  # the current version
    entry_points: tuple[str, ...]  # the first is the one Auth0 calls to start the Action
    blocking: bool | None  # None: the docs do not say
    api: frozenset[str]  # the namespaces of the handler's `api`
    # each namespace's methods (§1.1–§1.10); None where the docs do not list them all
    methods: Methods


def _trigger(id: str, version: str, entry_points: tuple[str, ...], blocking: bool | None,
             methods: Methods) -> Trigger:
    """A trigger whose ``api`` is the namespaces of ``methods`` (one table says both)."""
    return Trigger(id, version, entry_points, blocking, frozenset(methods), methods)


def _names(text: str) -> frozenset[str]:
    return frozenset(text.split())


_CACHE = _names("get set delete")  # §2.5, at every trigger

TRIGGERS: dict[str, Trigger] = {t.id: t for t in (
    _trigger("post-login", "v3", ("onExecutePostLogin", "onContinuePostLogin"), True, {  # §1.1
        "access": _names("deny"),
        "accessToken": _names("setCustomClaim addScope removeScope"),
        "authentication": _names("challengeWith challengeWithAny enrollWith enrollWithAny recordMethod "
                                 "setPrimaryUser"),
        "idToken": _names("setCustomClaim"),
        "multifactor": _names("enable"),
        "redirect": _names("sendUserTo canRedirect encodeToken validateToken"),
        "user": _names("setAppMetadata setUserMetadata"),
        "cache": _CACHE,
        "samlResponse": None,  # a long list of setters, not all named in §1.1
        "validation": _names("error"),
        "rules": _names("wasExecuted"),
        "prompt": _names("render"),
        "refreshToken": _names("revoke setExpiresAt setIdleExpiresAt setMetadata deleteMetadata evictMetadata"),
        "session": _names("revoke setExpiresAt setIdleExpiresAt setCookieMode setMetadata deleteMetadata "
                          "evictMetadata"),
        "transaction": None,  # "{add,remove}TargetScope(s)": the exact names are not certain
        "groups": _names("getUserGroups hasGroupMembership"),
        "roles": _names("getUserEffectiveRoles getUserEffectiveRolesByIds getUserEffectiveRolesByNames"),
    }),
    _trigger("credentials-exchange", "v2", ("onExecuteCredentialsExchange",), True, {  # §1.2
        "access": _names("deny"),
        "accessToken": _names("setCustomClaim"),  # no addScope/removeScope here
        "cache": _CACHE,
        "transaction": _names("addTargetScope removeTargetScope setTargetScopes clearTargetScopes"),  # EA
    }),
    # the loader also accepts onContinuePreUserRegistration (undocumented)
    _trigger("pre-user-registration", "v2", ("onExecutePreUserRegistration", "onContinuePreUserRegistration"),
             True, {  # §1.3; setUserId: in Auth0's wrapper, not in the public types
                 "access": _names("deny"),
                 "user": _names("setAppMetadata setUserMetadata setUserId"),
                 "cache": _CACHE,
                 "validation": _names("error"),
             }),
    _trigger("post-user-registration", "v2", ("onExecutePostUserRegistration",), False, {"cache": _CACHE}),
    _trigger("post-change-password", "v2", ("onExecutePostChangePassword",), False, {"cache": _CACHE}),
    _trigger("send-phone-message", "v2", ("onExecuteSendPhoneMessage",), True, {"cache": _CACHE}),
    _trigger("password-reset-post-challenge", "v1", ("onExecutePostChallenge", "onContinuePostChallenge"), True, {
        "access": _names("deny"),  # §1.7
        "authentication": _names("challengeWith challengeWithAny"),  # no enrollWith
        "redirect": _names("encodeToken sendUserTo validateToken"),  # no canRedirect
        "cache": _CACHE,
        "prompt": _names("render"),
        "transaction": _names("setResultUrl"),
    }),
    _trigger("custom-phone-provider", "v1", ("onExecuteCustomPhoneProvider",), None,  # §1.8
             {"cache": _CACHE, "notification": _names("drop retry")}),
    _trigger("custom-email-provider", "v1", ("onExecuteCustomEmailProvider",), None,
             {"cache": _CACHE, "notification": _names("drop retry")}),
    _trigger("custom-token-exchange", "v1", ("onExecuteCustomTokenExchange",), True, {  # §1.9, Early Access
        "access": _names("deny rejectInvalidSubjectToken"),
        "authentication": _names("setUserById setUserByConnection setOrganization setActor"),
        "user": _names("setAppMetadata setUserMetadata"),
        "cache": _CACHE,
    }),
    _trigger("event-stream", "v1", ("onExecuteEventStream",), False, {"cache": _CACHE}),
)}

# api methods only one entry point of the trigger may call (§1.1: `recordMethod` is "only
# available from within the `onContinuePostLogin` function"): (trigger, namespace, method)
# -> that entry point.
ONLY_IN: dict[tuple[str, str, str], str] = {
    ("post-login", "authentication", "recordMethod"): "onContinuePostLogin",
}

# Names every object has (Object.prototype): never missing from an `api` namespace.
OBJECT_NAMES = frozenset({"constructor", "hasOwnProperty", "isPrototypeOf", "propertyIsEnumerable",
                          "toLocaleString", "toString", "valueOf", "__proto__"})


def missing_member(trigger: Trigger, path: tuple[str, ...]) -> int | None:
    """Where ``path`` (``("api", namespace, method, …)``) leaves what the trigger's ``api``
    has: the length of its first prefix that does not exist there, 2 for a namespace the
    trigger lacks (``api.idToken`` at credentials-exchange), 3 for a method its namespace
    lacks (``api.accessToken.addScope`` there); ``None`` when it does not leave it, or
    nobody knows (a namespace whose methods the docs do not all name, a name every object
    has, a path too short). HL114 reports the uses of such a member that throw; HL120 does
    not report a change of it (the line throws: HL114's finding)."""
    if len(path) < 2 or path[0] != "api" or path[1] in OBJECT_NAMES:
        return None
    if path[1] not in trigger.methods:
        return 2
    methods = trigger.methods[path[1]]
    if len(path) < 3 or path[2] in OBJECT_NAMES or methods is None or path[2] in methods:
        return None
    return 3


TRIGGER_IDS: tuple[str, ...] = tuple(TRIGGERS)

# Entry-point name -> the trigger that calls it (every name belongs to one trigger).
ENTRY_POINTS: dict[str, str] = {name: t.id for t in TRIGGERS.values() for name in t.entry_points}

# What an entry point's name starts with (§2.1: the handler is an exported property).
ENTRY_PREFIXES = ("onExecute", "onContinue")


def continue_entry_point(trigger: str | None) -> str | None:
    """The entry point Auth0 calls when the user comes back to ``/continue`` after a redirect
    (``onContinuePostLogin``, ``onContinuePostChallenge``): the trigger's ``onContinue…``
    entry point, ``None`` for a trigger without one (or no trigger)."""
    entry_points = TRIGGERS[trigger].entry_points if trigger in TRIGGERS else ()
    return next((name for name in entry_points if name.startswith(ENTRY_PREFIXES[1])), None)


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
