"""The extensibility points, and how a hook's point is decided.

Facts from ../shared/docs/auth0-hooks.md §2 and §4 (sources: auth0/auth0-ext-compilers
``lib/compilers/*.js``; Auth0 docs, customize/hooks/extensibility-points).
Order of trust: ``--point``, config ``points``, the in-file pragma, metadata, then
inference from the signature and the body.
"""

from __future__ import annotations

import re
from pathlib import PurePath
from typing import Iterable, NamedTuple

from hooklint.estree import Node, member_path
from hooklint.source import PointDecision, Source

POINTS: tuple[str, ...] = (
    "credentials-exchange",
    "pre-user-registration",
    "post-user-registration",
    "post-change-password",
    "send-phone-message",
)
RETIRED = {"password-exchange": "the retired password-exchange point is not a valid triggerId any more"}

# Positional parameter roles per point; the callback is always last.
ROLES: dict[str, tuple[str, ...]] = {
    "credentials-exchange": ("client", "scope", "audience", "context", "callback"),
    "pre-user-registration": ("user", "context", "callback"),
    "post-user-registration": ("user", "context", "callback"),
    "post-change-password": ("user", "context", "callback"),
    "send-phone-message": ("recipient", "text", "context", "callback"),
}

_BASE_ERRORS = frozenset({"ExtensibilityUserError"})
# Error classes the compiler's prelude defines at each point.
ERROR_CLASSES: dict[str, frozenset[str]] = {
    "credentials-exchange": _BASE_ERRORS | {"InvalidRequestError", "InvalidScopeError", "ServerError"},
    "pre-user-registration": _BASE_ERRORS | {"PreUserRegistrationError"},
    "post-user-registration": _BASE_ERRORS | {"PreUserRegistrationError"},
    "post-change-password": _BASE_ERRORS | {"PreUserRegistrationError"},
    "send-phone-message": _BASE_ERRORS | {"SendPhoneMessageError"},
}

# The Action each point migrates to (auth0-hooks.md §5): trigger id and export name.
ACTIONS: dict[str, tuple[str, str]] = {
    "credentials-exchange": ("credentials-exchange", "onExecuteCredentialsExchange"),
    "pre-user-registration": ("pre-user-registration", "onExecutePreUserRegistration"),
    "post-user-registration": ("post-user-registration", "onExecutePostUserRegistration"),
    "post-change-password": ("post-change-password", "onExecutePostChangePassword"),
    "send-phone-message": ("send-phone-message", "onExecuteSendPhoneMessage"),
}

NO_FUNCTION = "no hook function was found"

_PRAGMA = re.compile(r"^\s*\*?\s*hooklint:\s*point\s*=\s*([^\s*]+)")

PRE, POST, PCP = "pre-user-registration", "post-user-registration", "post-change-password"

# Evidence in the body, by (parameter position, member path after it) -> point.
_MEMBER_EVIDENCE: dict[tuple[int, str], str] = {
    (0, "password"): PRE,
    (1, "renderLanguage"): PRE,
    (1, "request"): PRE,
    (0, "last_password_reset"): PCP,
    (1, "requestLanguage"): POST,
}
# The same facts as they appear in a starter JSDoc block (case-insensitive).
_DOC_EVIDENCE: tuple[tuple[str, str], ...] = (
    ("user.password", PRE),
    ("context.renderlanguage", PRE),
    ("context.request.ip", PRE),
    ("user.last_password_reset", PCP),
    ("context.requestlanguage", POST),
)
_NAME_EVIDENCE: tuple[tuple[str, str], ...] = (
    ("preuserregistration", PRE),
    ("preregistration", PRE),
    ("preregister", PRE),
    ("presignup", PRE),
    ("postuserregistration", POST),
    ("postregistration", POST),
    ("postregister", POST),
    ("postsignup", POST),
    ("postchangepassword", PCP),
    ("changepassword", PCP),
    ("passwordchange", PCP),
)


class Pragma(NamedTuple):
    value: str
    comment: Node


def find_pragma(comments: Iterable[Node]) -> Pragma | None:
    """The first ``// hooklint: point=NAME`` comment."""
    for comment in comments:
        for line in comment.value.splitlines() or [""]:
            match = _PRAGMA.match(line)
            if match:
                return Pragma(match.group(1), comment)
    return None


def check_name(value: str) -> str | None:
    """Why ``value`` is not a point, or ``None`` when it is one."""
    if value in POINTS:
        return None
    if value in RETIRED:
        return RETIRED[value]
    close = [p for p in POINTS if _similar(value, p)]
    hint = f" (did you mean `{close[0]}`?)" if close else ""
    return f"`{value}` is not an extensibility point{hint}"


def _similar(a: str, b: str) -> bool:
    from difflib import SequenceMatcher

    return SequenceMatcher(None, a, b).ratio() >= 0.8


def resolve(source: Source, comments: list[Node], function: Node | None) -> PointDecision:
    hint = source.point_hint
    if hint is not None and hint.how in ("option", "config"):
        return hint
    pragma = find_pragma(comments)
    if pragma is not None:
        problem = check_name(pragma.value)
        if problem is None:
            return PointDecision(pragma.value, "pragma", "`hooklint: point=` comment")
        return PointDecision(None, "pragma", problem, invalid=pragma.value, region=source.region(pragma.comment))
    if hint is not None:
        return hint
    if function is None:
        return PointDecision(None, "undetermined", NO_FUNCTION)
    return infer(source, comments, function)


def infer(source: Source, comments: list[Node], function: Node) -> PointDecision:
    count = len(function.params)
    if count == 5:
        return PointDecision("credentials-exchange", "inferred", "5 parameters")
    if count == 4:
        return PointDecision("send-phone-message", "inferred", "4 parameters")
    if count == 6:
        return PointDecision(None, "inferred", "6 parameters: the signature of the retired password-exchange point",
                             invalid="password-exchange")
    if count != 3:
        return PointDecision(None, "undetermined", f"{count} parameters match no extensibility point")
    for tier in (_body_evidence(function), _doc_evidence(comments, function), _name_evidence(source.origin or source.path)):
        points = sorted({point for point, _ in tier})
        if len(points) == 1:
            return PointDecision(points[0], "inferred", "; ".join(sorted({why for _, why in tier})))
        if len(points) > 1:
            detail = "; ".join(f"{why} suggests {point}" for point, why in sorted(set(tier)))
            return PointDecision(None, "undetermined", f"conflicting evidence: {detail}")
    return PointDecision(
        None, "undetermined",
        "3 parameters fit pre-user-registration, post-user-registration and post-change-password; "
        "nothing in the code decides which",
    )


def _body_evidence(function: Node) -> list[tuple[str, str]]:
    from hooklint.estree import walk

    names = [p.name if p.type == "Identifier" else None for p in function.params]
    found: list[tuple[str, str]] = []

    def visit(node: Node) -> None:
        kind = node.type
        if kind == "Identifier" and node.name == "PreUserRegistrationError":
            found.append((PRE, f"uses PreUserRegistrationError (line {node.loc.start.line})"))
        elif kind == "MemberExpression":
            path = member_path(node)
            if path is None:
                return
            head, _, rest = path.partition(".")
            first = rest.split(".", 1)[0]
            for position, name in enumerate(names[:2]):
                if name is not None and head == name and (position, first) in _MEMBER_EVIDENCE:
                    point = _MEMBER_EVIDENCE[(position, first)]
                    found.append((point, f"reads `{head}.{first}` (line {node.loc.start.line})"))
            if re.search(r"\.user\.(user_metadata|app_metadata)$", path) and head not in names[:1]:
                found.append((PRE, f"sets `{path}` in the result (line {node.loc.start.line})"))
        elif kind == "Property" and _key(node) == "user" and node.value.type == "ObjectExpression":
            if any(_key(p) in ("user_metadata", "app_metadata") for p in node.value.properties if p.type == "Property"):
                found.append((PRE, f"returns `{{user: {{user_metadata|app_metadata}}}}` (line {node.loc.start.line})"))

    walk(function.body, visit)
    return found


def _key(prop: Node) -> str | None:
    key = prop.key
    if not prop.computed and key.type == "Identifier":
        return key.name
    if key.type == "Literal" and isinstance(key.value, str):
        return key.value
    return None


def _doc_evidence(comments: list[Node], function: Node) -> list[tuple[str, str]]:
    found = []
    start = function.range[0]
    for comment in comments:
        if comment.type != "Block" or comment.range[1] > start:
            continue
        text = comment.value.lower()
        for needle, point in _DOC_EVIDENCE:
            if needle in text:
                found.append((point, f"the JSDoc block documents `{needle}`"))
    return found


def _name_evidence(path: str) -> list[tuple[str, str]]:
    stem = re.sub(r"[^a-z]", "", PurePath(path).stem.lower())
    for needle, point in _NAME_EVIDENCE:
        if needle in stem:
            return [(point, f"the file name `{PurePath(path).name}`")]
    return []


def bind_roles(point: str | None, function: Node | None) -> dict[str, Node]:
    """Parameters by role for the point, positionally (Auth0 passes them by position)."""
    if point is None or function is None:
        return {}
    return {role: param for role, param in zip(ROLES[point], function.params)}
