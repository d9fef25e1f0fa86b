"""The extensibility points, and how a hook's point is decided.

Facts from ../shared/docs/auth0-hooks.md §2 and §4 (sources: auth0/auth0-ext-compilers
``lib/compilers/*.js``; Auth0 docs, customize/hooks/extensibility-points).
Order of trust: ``--point``, config ``points``, the in-file pragma, metadata, then
inference from the signature and, for three parameters, from evidence that exists at one
user point only: the body's distinguishing fields and names, the starter JSDoc block, the
file name, and last the created user's inputs the body reads (see ``_MEMBER_EVIDENCE``).
"""

from __future__ import annotations

import re
from pathlib import PurePath

from hooklint.auth0.pragma import did_you_mean, pragma_decision
from hooklint.js.estree import Node, member_path
from hooklint.findings import PointDecision
from hooklint.js.source import Source

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

PRE, POST, PCP = "pre-user-registration", "post-user-registration", "post-change-password"
_USER_POINTS = frozenset({PRE, POST, PCP})

# Inference for 3-parameter hooks. Every signal names the user points at which it can occur,
# by the inputs and results auth0-hooks.md §2 lists for each point; within one kind of
# evidence the sets are intersected: one point left decides, none left is a real conflict,
# more than one decides nothing. A field two points share is therefore never evidence on its
# own: `context.requestLanguage` is documented by the pre- and the post-user-registration
# starter templates alike (§2), `context.connection`, `context.webtask`, `user.email`,
# `user.username` exist at all three points, so none of them is a signal at all.
#
# Body fields that exist at one point only (§2 input lists), by (parameter position, first
# member after it):
_MEMBER_EVIDENCE: dict[tuple[int, str], frozenset[str]] = {
    # the plaintext password is an input of pre-user-registration only
    (0, "password"): frozenset({PRE}),
    # context.renderLanguage and context.request.{ip, language}: pre-user-registration only
    # (post-user-registration's context is requestLanguage, connection, webtask; post-change-
    # password's is connection, webtask)
    (1, "renderLanguage"): frozenset({PRE}),
    (1, "request"): frozenset({PRE}),
    # user.last_password_reset: post-change-password only
    (0, "last_password_reset"): frozenset({PCP}),
}
# Inputs of the created user, read from the first parameter: weaker evidence (§2: "the user
# does not exist yet before", so they are no pre-user-registration inputs; but Auth0's early
# docs listed them in that point's request body too, hence they are weighed after the JSDoc
# block and the file name, and a field the hook itself assigns is not read as an input).
_INPUT_EVIDENCE: dict[str, frozenset[str]] = {
    # user.id: post-user-registration and post-change-password both have it, so it only
    # rules pre-user-registration out and decides nothing alone
    "id": frozenset({POST, PCP}),
    # the metadata are post-user-registration inputs; post-change-password's user is
    # {id, username, email, last_password_reset}
    "user_metadata": frozenset({POST}),
    "app_metadata": frozenset({POST}),
}
# The distinguishing fields as a starter JSDoc block names them anywhere (case-insensitive),
# same facts as _MEMBER_EVIDENCE.
_DOC_EVIDENCE: tuple[tuple[str, frozenset[str]], ...] = (
    ("user.password", frozenset({PRE})),
    ("context.renderlanguage", frozenset({PRE})),
    ("context.request.ip", frozenset({PRE})),
    ("user.last_password_reset", frozenset({PCP})),
)
# Inputs the post-user-registration and post-change-password starter blocks document with
# `@param` tags (same facts as _INPUT_EVIDENCE; only as tags, since prose such as "sets
# user.app_metadata" is what a pre-user-registration hook writes, not what it reads).
_DOC_PARAM_EVIDENCE: dict[str, frozenset[str]] = {f"user.{k}": v for k, v in _INPUT_EVIDENCE.items()}
_DOC_PARAM = re.compile(r"@param\s+(?:\{[^}]*\}\s*)?\[?([A-Za-z_$][\w$.]*)")
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

Evidence = list[tuple[frozenset[str], str]]


def check_name(value: str) -> str | None:
    """Why ``value`` is not a point, or ``None`` when it is one."""
    if value in POINTS:
        return None
    if value in RETIRED:
        return RETIRED[value]
    return f"`{value}` is not an extensibility point{did_you_mean(value, POINTS)}"


def resolve(source: Source, comments: list[Node], function: Node | None) -> PointDecision:
    hint = source.point_hint
    if hint is not None and hint.how in ("option", "config"):
        if hint.point is not None and hint.point not in POINTS:
            # --point and config `points` also take Action trigger ids: one that is no hook
            # point (post-login) decides nothing for a hook
            return PointDecision(None, hint.how, f"{hint.evidence} names `{hint.point}`, an Action trigger, "
                                                 "not an extensibility point", invalid=hint.point)
        return hint
    decided = pragma_decision(source, comments, check_name)
    if decided is not None:
        return decided
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
    strong, inputs = _body_evidence(function)
    tiers = (lambda: strong, lambda: _doc_evidence(comments, function),
             lambda: _name_evidence(source.origin or source.path), lambda: inputs)
    for tier in tiers:
        found = tier()
        if not found:
            continue
        left = set(_USER_POINTS)
        for where, _ in found:
            left &= where
        if len(left) == 1:
            return PointDecision(next(iter(left)), "inferred", "; ".join(sorted({why for _, why in found})))
        if not left:
            detail = "; ".join(sorted({f"{why} suggests {' or '.join(sorted(where))}" for where, why in found}))
            return PointDecision(None, "undetermined", f"conflicting evidence: {detail}")
    return PointDecision(
        None, "undetermined",
        "3 parameters fit pre-user-registration, post-user-registration and post-change-password; "
        "nothing in the code decides which",
    )


def _body_evidence(function: Node) -> tuple[Evidence, Evidence]:
    """The body's evidence: fields and names that exist at one point only, then the
    created user's inputs it reads (weaker, see ``_INPUT_EVIDENCE``)."""
    from hooklint.js.estree import walk

    names = [p.name if p.type == "Identifier" else None for p in function.params]
    user = names[0]
    found: Evidence = []
    reads: dict[str, int] = {}
    written: set[str] = set()

    def visit(node: Node) -> None:
        kind = node.type
        if kind == "Identifier" and node.name == "PreUserRegistrationError":
            # In scope at all three user points (§2 table), but it only means something at
            # pre-user-registration, where it denies the sign-up with a message; Auth0's deny
            # sample is written for that point (§2, §4).
            found.append((frozenset({PRE}), f"uses PreUserRegistrationError (line {node.loc.start.line})"))
        elif kind == "MemberExpression":
            path = member_path(node)
            if path is None:
                return
            head, _, rest = path.partition(".")
            first = rest.split(".", 1)[0]
            for position, name in enumerate(names[:2]):
                if name is not None and head == name and (position, first) in _MEMBER_EVIDENCE:
                    found.append((_MEMBER_EVIDENCE[(position, first)],
                                  f"reads `{head}.{first}` (line {node.loc.start.line})"))
            if user is not None and head == user and first in _INPUT_EVIDENCE:
                reads.setdefault(first, node.loc.start.line)
            # The result `{user: {user_metadata, app_metadata}}` is used at pre-user-
            # registration only; the other two points ignore it (§2 table).
            if re.search(r"\.user\.(user_metadata|app_metadata)$", path) and head not in names[:1]:
                found.append((frozenset({PRE}), f"sets `{path}` in the result (line {node.loc.start.line})"))
        elif kind == "Property" and _key(node) == "user" and node.value.type == "ObjectExpression":
            if any(_key(p) in ("user_metadata", "app_metadata") for p in node.value.properties if p.type == "Property"):
                found.append((frozenset({PRE}),
                              f"returns `{{user: {{user_metadata|app_metadata}}}}` (line {node.loc.start.line})"))
        elif user is not None:
            target = _written(node)
            path = member_path(target) if target is not None else None
            if path is not None and path.startswith(user + "."):
                written.add(path.split(".")[1])

    walk(function.body, visit)
    inputs = [(_INPUT_EVIDENCE[field], f"reads `{user}.{field}` (line {line})")
              for field, line in sorted(reads.items()) if field not in written]
    return found, inputs


def _written(node: Node) -> Node | None:
    """The member an assignment, update or ``delete`` writes, else ``None``."""
    if node.type == "AssignmentExpression":
        return node.left
    if node.type == "UpdateExpression" or (node.type == "UnaryExpression" and node.operator == "delete"):
        return node.argument
    return None


def _key(prop: Node) -> str | None:
    key = prop.key
    if not prop.computed and key.type == "Identifier":
        return key.name
    if key.type == "Literal" and isinstance(key.value, str):
        return key.value
    return None


def _doc_evidence(comments: list[Node], function: Node) -> Evidence:
    found: Evidence = []
    start = function.range[0]
    for comment in comments:
        if comment.type != "Block" or comment.range[1] > start:
            continue
        text = comment.value.lower()
        for needle, where in _DOC_EVIDENCE:
            if needle in text:
                found.append((where, f"the JSDoc block documents `{needle}`"))
        for name in _DOC_PARAM.findall(comment.value):
            if name in _DOC_PARAM_EVIDENCE:
                found.append((_DOC_PARAM_EVIDENCE[name], f"the JSDoc block documents `{name}`"))
    return found


def _name_evidence(path: str) -> Evidence:
    stem = re.sub(r"[^a-z]", "", PurePath(path).stem.lower())
    for needle, point in _NAME_EVIDENCE:
        if needle in stem:
            return [(frozenset({point}), f"the file name `{PurePath(path).name}`")]
    return []


def bind_roles(point: str | None, function: Node | None) -> dict[str, Node]:
    """Parameters by role for the point, positionally (Auth0 passes them by position)."""
    if point is None or function is None:
        return {}
    return {role: param for role, param in zip(ROLES[point], function.params)}
