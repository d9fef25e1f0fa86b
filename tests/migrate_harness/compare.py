"""What a hook's run means for its Action, and how the Action's run differs from it.

The semantics every part of ``hooklint migrate`` agrees on (/work/wt/ISSUE17.md, "Semantics",
and auth0-actions.md §4), applied to the outcomes ``run.js`` records:

- credentials-exchange: ``cb(null, obj)``: each key of ``obj`` named by an ``http://`` or
  ``https://`` URL is a custom claim; a ``scope`` key has no Action equivalent (difference
  ``cce-scope``); other keys were dropped by Hooks (difference ``claim-not-url``: the report
  must say so; the Action must not set them either). An error is
  ``api.access.deny(code, err.message)``, the code by the prelude class (InvalidScopeError
  → ``invalid_scope``, InvalidRequestError → ``invalid_request``, anything else
  ``server_error``).
- pre-user-registration: ``cb(null, {user: {user_metadata, app_metadata}})`` is one
  ``setUserMetadata``/``setAppMetadata`` per top-level key, other fields dropped;
  ``PreUserRegistrationError(m, friendly)`` is ``deny(m, friendly)``, any other error
  ``deny(m, m)``.
- post-user-registration, post-change-password: the result is ignored; an error ↔ the
  Action throws (difference ``post-error-logged`` when one does and the other does not).
- send-phone-message: the result is ignored; an error ↔ the Action throws.
- A hook that never calls back times out; so must its Action.
- Outbound calls: the same (method, URL, body), in any order. When the only calls the Action
  lacks are those the hook made after calling back, the difference is
  ``work-after-callback``.

A difference is acceptable only when its code is among the Translation's note codes:
``unexplained`` keeps the others. Codes that no note ever has (``claims``, ``deny``,
``outcome``...) are real inequivalences.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

CCE, PRE, POST, PCP, SPM = ("credentials-exchange", "pre-user-registration", "post-user-registration",
                            "post-change-password", "send-phone-message")
POST_POINTS = frozenset({POST, PCP})

# The credentials-exchange deny code of each prelude error class; any other error: server_error.
CCE_CODES = {"InvalidScopeError": "invalid_scope", "InvalidRequestError": "invalid_request",
             "ServerError": "server_error"}

Outcome = dict[str, Any]  # one run as run.js records it


@dataclass(frozen=True)
class Difference:
    """One way the Action's run is not the hook's, with a stable ``code`` (a note code when a
    note can name it, see the module docstring)."""

    code: str
    message: str

    def __str__(self) -> str:
        return f"[{self.code}] {self.message}"


@dataclass(frozen=True)
class Expected:
    """What the Action must do, from the hook's outcome: its kind (``return``, ``throw``,
    ``timeout``), the deny arguments (or None), the claims, the metadata, and the differences
    the hook's outcome already implies (``cce-scope``, ``claim-not-url``)."""

    kind: str
    deny: tuple[str, str] | None = None
    claims: dict[str, Any] | None = None
    user_metadata: dict[str, Any] | None = None
    app_metadata: dict[str, Any] | None = None
    implied: tuple[Difference, ...] = ()


# The markers run.js writes for what JSON cannot say (``snap``): a one-key object.
MARKERS = frozenset({"$undefined", "$number", "$bigint", "$symbol", "$fake", "$function", "$cycle", "$deep",
                     "$error", "$unreadable"})


def _marker(value: Any) -> bool:
    return isinstance(value, dict) and len(value) == 1 and next(iter(value)) in MARKERS


def _undefined(value: Any) -> bool:
    return isinstance(value, dict) and value.get("$undefined") is True


def _text(value: Any) -> str:
    """A deny argument as the Action sees it: a missing message is an empty one."""
    if value is None or _undefined(value):
        return ""
    return value if isinstance(value, str) else json.dumps(value, sort_keys=True)


def _defined(values: Any) -> dict[str, Any]:
    """An object's keys with a value (JSON drops the others, in Hooks as in Actions)."""
    if not isinstance(values, dict) or _marker(values):
        return {}
    return {key: value for key, value in values.items() if not _undefined(value)}


def is_url_claim(name: str) -> bool:
    return name.startswith(("http://", "https://"))


def expected(point: str, hook: Outcome) -> Expected:
    """What the Action must do for the hook's recorded outcome at ``point``."""
    kind = hook["kind"]
    if kind == "timeout":
        return Expected("timeout")
    if kind != "callback":  # a throw, or code that does not load: the Action fails too
        return Expected("throw")
    error = hook["error"]
    if error is not None:
        message = _text(error.get("message"))
        if point == CCE:
            return Expected("return", deny=(CCE_CODES.get(error.get("prelude") or "", "server_error"), message))
        if point == PRE:
            if error.get("prelude") == "PreUserRegistrationError":
                return Expected("return", deny=(message, _text(error.get("friendlyMessage"))))
            return Expected("return", deny=(message, message))
        return Expected("throw")
    result = hook["result"]
    if point == CCE:
        keys = _defined(result)
        implied = []
        if "scope" in keys:
            implied.append(Difference("cce-scope", "the hook's result sets `scope`: no GA Action equivalent"))
        dropped = sorted(key for key in keys if key != "scope" and not is_url_claim(key))
        if dropped:
            implied.append(Difference("claim-not-url", f"the hook's result has keys Hooks dropped: {dropped}"))
        claims = {key: value for key, value in keys.items() if is_url_claim(key)}
        return Expected("return", claims=claims, implied=tuple(implied))
    if point == PRE:
        user = _defined(result).get("user")
        user = _defined(user)
        return Expected("return", user_metadata=_defined(user.get("user_metadata")),
                        app_metadata=_defined(user.get("app_metadata")))
    return Expected("return")


def _api(action: Outcome, method: str) -> list[list[Any]]:
    return [call["args"] for call in action.get("api", []) if call["method"] == method]


def _set(action: Outcome, method: str) -> dict[str, Any]:
    """The final key → value of a setter the Action called (the last call of a key wins)."""
    values: dict[str, Any] = {}
    for args in _api(action, method):
        if args and isinstance(args[0], str):
            value = args[1] if len(args) > 1 else {"$undefined": True}
            if _undefined(value):
                values.pop(args[0], None)
            else:
                values[args[0]] = value
    return values


def _call_key(call: dict[str, Any]) -> str:
    return json.dumps([call["method"], call["url"], _on_the_wire(call["body"])], sort_keys=True)


def _on_the_wire(value: Any) -> Any:
    """A body without the object properties whose value is ``undefined``: they do not exist
    on the wire (JSON drops them), and a parameter object the adapter builds from ``event``
    has every field of the mapping, set or not, where the runtime's had only those it set."""
    if isinstance(value, dict) and not _undefined(value):
        return {key: _on_the_wire(item) for key, item in value.items() if not _undefined(item)}
    if isinstance(value, list):
        return [_on_the_wire(item) for item in value]
    return value


def outbound_differences(hook: Outcome, action: Outcome) -> list[Difference]:
    """The outbound calls (method, URL, body), compared as multisets; as sets when a run hit
    the time limit or was stopped as a runaway loop (how many retries fit before that is
    not the code's behaviour)."""
    hook_calls = hook.get("calls", [])
    action_calls = action.get("calls", [])
    timed = any(run["kind"] == "timeout" or run.get("runaway") for run in (hook, action))
    made = Counter(_call_key(call) for call in hook_calls)
    done = Counter(_call_key(call) for call in action_calls)
    if timed:
        made = Counter(set(made))
        done = Counter(set(done))
    if made == done:
        return []
    missing = made - done
    extra = done - made
    after = Counter(_call_key(call) for call in hook_calls if call.get("after"))
    if not extra and not (missing - after):
        return [Difference("work-after-callback", f"the Action does not make the calls the hook made after its "
                                                  f"callback: {sorted(missing)}")]
    return [Difference("outbound", f"outbound calls differ: the hook made {sorted(missing)} that the Action did "
                                   f"not, the Action made {sorted(extra)} that the hook did not")]


def differences(point: str, hook: Outcome, action: Outcome) -> list[Difference]:
    """How the Action's run differs from what the hook's run means at ``point``."""
    if hook["kind"] == "harness-error" or action["kind"] == "harness-error":
        return [Difference("harness", f"the harness failed: {hook.get('error') or action.get('error')}")]
    if action["kind"] == "load-error":
        if hook["kind"] == "load-error":
            return []  # neither runs (code that does not load, e.g. a deploy-cli token in code)
        return [Difference("action-load", f"the Action does not load: {action['error']}")]
    want = expected(point, hook)
    found: list[Difference] = list(want.implied)
    kind = action["kind"]
    if want.kind == "timeout":
        if kind == "throw":
            found.append(Difference("HL104", f"the hook never calls back (an error it does not report); the Action "
                                             f"throws {action['error']}"))
        elif kind != "timeout":
            found.append(Difference("HL102", "the hook never calls back on this path; the Action returns"))
    elif kind == "timeout":
        found.append(Difference("outcome", f"the Action times out; the hook's outcome is {_shown(hook)}"))
    elif want.kind == "throw" and kind != "throw":
        code = "post-error-logged" if point in POST_POINTS else "outcome"
        found.append(Difference(code, f"the hook fails ({_shown(hook)}); the Action does not throw"))
    elif want.kind == "return" and kind == "throw":
        code = "post-error-logged" if point in POST_POINTS else "outcome"
        found.append(Difference(code, f"the Action throws {action['error']}; the hook's outcome is {_shown(hook)}"))
    elif want.kind == "return":
        found += _effects(point, want, action)
    found += outbound_differences(hook, action)
    return found


def _effects(point: str, want: Expected, action: Outcome) -> list[Difference]:
    found = []
    denies = _api(action, "access.deny")
    if want.deny is not None:
        if not denies:
            found.append(Difference("deny", f"the Action does not deny; expected deny{want.deny}"))
        else:
            got = tuple(_text(arg) for arg in (denies[0] + [None, None])[:2])
            if got != want.deny:
                found.append(Difference("deny", f"the Action denies {got}; expected {want.deny}"))
        return found  # a denied transaction has no claims and no new user
    if denies:
        found.append(Difference("deny", f"the Action denies {denies[0]}; the hook lets the transaction through"))
        return found
    if point == CCE:
        claims = _set(action, "accessToken.setCustomClaim")
        if claims != want.claims:
            found.append(Difference("claims", f"the Action sets the claims {claims}; expected {want.claims}"))
    if point == PRE:
        setters = (("user.setUserMetadata", want.user_metadata), ("user.setAppMetadata", want.app_metadata))
        for method, wanted in setters:
            got = _set(action, method)
            if got != wanted:
                found.append(Difference("metadata", f"the Action's {method} sets {got}; expected {wanted}"))
    return found


def _shown(outcome: Outcome) -> str:
    if outcome["kind"] == "callback":
        return f"cb({outcome['error']})" if outcome["error"] else "cb(null, result)"
    return f"{outcome['kind']} {outcome.get('error') or ''}".strip()


def unexplained(found: Iterable[Difference], codes: set[str]) -> list[Difference]:
    """The differences no note of the Translation names (``Translation.codes``)."""
    return [difference for difference in found if difference.code not in codes]
