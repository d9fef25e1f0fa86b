"""Auth0 facts that the result rules check against, as data, in one place.

Copied from ../shared/docs/auth0-hooks.md §2 (credentials-exchange and
pre-user-registration); its sources: Auth0 docs "Create Custom Claims" (general
restrictions, restricted claims), "Metadata Field Names and Data Types" (accepted
characters, reserved names), "Pre-User Registration", and
auth0/auth0-ext-compilers ``lib/compilers/client-credentials-exchange.js``.
"""

from __future__ import annotations

from typing import NamedTuple
from urllib.parse import urlsplit

from hooklint.js.estree import Node

# Claim names Auth0 always drops from a token, namespaced or not.
RESTRICTED_CLAIMS: frozenset[str] = frozenset("""
acr act active amr at_hash ath attest aud auth_time authorization_details azp c_hash client_id cnf cty dest
entitlements events exp groups gty htm htu iat internalService iss jcard jku jti jwe jwk kid may_act mky nbf
nonce object_id org_id org_name orig origid permissions roles rph s_hash sid sip_callid sip_cseq_num sip_date
sip_from_tag sip_via_branch sub sub_jwk toe txn typ uuid vot vtm x5t#S256
""".split())

# Claim names `api.accessToken.setCustomClaim`/`api.idToken.setCustomClaim` refuse with an
# error at post-login (auth0-actions.md §1.1, §2.7: `RESERVED_CUSTOM_CLAIMS`): the login fails.
THROWING_CLAIMS: frozenset[str] = frozenset({"scope"})

# Top-level app_metadata keys that collide with fields of the user record.
RESERVED_APP_METADATA: frozenset[str] = frozenset("""
__tenant _id blocked clientID created_at email_verified email globalClientID global_client_id identities
lastIP lastLogin loginsCount metadata multifactor_last_modified multifactor updated_at user_id
""".split())

# Claim namespaces Auth0 reserves for itself (the host or any subdomain of it).
FORBIDDEN_HOSTS: tuple[str, ...] = ("auth0.com", "webtask.io", "webtask.run")
RESERVED_URN = "urn:auth0"

# The only fields of a pre-user-registration result's `user` that Auth0 reads.
METADATA_FIELDS: tuple[str, ...] = ("user_metadata", "app_metadata")


class Claim(NamedTuple):
    """A claim the code certainly writes into a token, whatever the kind of program: a
    hook's credentials-exchange result key, an Action's ``setCustomClaim`` key."""

    key: str
    node: Node  # the key (a property key, a member's key, the call's key argument)
    token: str  # the token it goes to, for messages: "access token", "ID token"
    throws: bool = False  # the writer throws on this name (THROWING_CLAIMS where Auth0 checks them)


def is_url_claim(key: str) -> bool:
    """Does the key start with an ``http:`` or ``https:`` scheme (what Auth0 keeps)?"""
    return key.lower().startswith(("http:", "https:"))


def forbidden_namespace(key: str) -> str | None:
    """The reserved namespace a claim key is under (``auth0.com``, ``urn:auth0``), or ``None``."""
    lowered = key.lower()
    if lowered == RESERVED_URN or lowered.startswith(RESERVED_URN + ":"):
        return RESERVED_URN
    if not is_url_claim(key):
        return None
    try:
        host = (urlsplit(key).hostname or "").rstrip(".")
    except ValueError:
        return None
    for reserved in FORBIDDEN_HOSTS:
        if host == reserved or host.endswith("." + reserved):
            return reserved
    return None


def metadata_key_problem(key: str) -> str | None:
    """Why a metadata key is refused by its characters (``.`` or a leading ``$``), or ``None``."""
    if "." in key:
        return "contains `.`"
    if key.startswith("$"):
        return "starts with `$`"
    return None
