"""Sensitive values in a hook: where they come from, where they leak, and secrets in literals.

Shared by HL400 (hard-coded secrets), HL401 (sensitive data logged) and HL403 (secrets
exported to ``process.env``).

**Taint-lite** (``taint(hook, node)``). The sources are the hook's own parameters, by role
for the point:

- ``context`` (every point) and what it holds: ``context.webtask``, ``context.webtask.secrets``
  and any member of it, ``context.webtask.headers`` and any member of it, and
  ``context.code`` (the MFA code, at ``send-phone-message`` only);
- ``user`` at ``pre-user-registration`` only, and ``user.password`` (plaintext).

Those are a hook's; an Action's are ``event`` (every entry point's), ``event.secrets`` and
its members, the request body's ``client_secret`` at credentials-exchange, the MFA code,
the tokens of a token exchange and a client-credentials token response. Each kind's
sources are one table of data (``Sources``: ``HOOK_SOURCES``, ``ACTION_SOURCES``), chosen by
the program's ``kind`` (``SOURCES``), so the code that follows values is the same for both.

A value is followed through aliases (``var ctx = context``), variables and destructuring
(``const { API_KEY } = context.webtask.secrets``, ``const s = context.webtask.secrets;
s.API_KEY``; a rest element that leaves the sensitive member out, ``const { password,
...safe } = user``, is not sensitive), object and array literals that hold it and properties
assigned it (``opts.key = secret``), concatenation and templates, ``||``/``??``/``?:``, and a
few serialisers (``JSON.stringify``, which with an array replacer keeps only the listed keys,
``String``, ``util.inspect``/``util.format``, ``Buffer.from``, ``encodeURIComponent``,
``.toString()``/``.trim()``/``.concat()``).
Nothing else: a member of a secret (``secret.length``), a comparison, ``typeof``, a slice
(``secret.slice(0, 4)``, a deliberate mask) or a helper's return value is not sensitive.

**Sinks**: ``logged_arguments(hook, call)`` (``console.*``, loggers by name, and helpers in
the file that pass a parameter to ``console.*``), ``thrown_messages(hook)`` (the message
of an ``Error`` built in a ``throw``, where the kind's table says its message is logged:
Actions) and ``env_writes(hook)`` (``process.env.X = ...``, ``Object.assign(process.env, ...)``).

**Literal secrets** (``hardcoded_secrets(hook)``): string literals in a known secret
format, URLs that carry credentials, and literals given to credential-named targets;
placeholders, deploy-cli tokens and field names (``'access_token'``) excepted. Messages
show ``mask(secret)`` only, and never quote source text other than names (``name_path``).
"""

from __future__ import annotations

import re
from typing import Literal, NamedTuple

from hooklint.js.estree import Node, is_function, member_path, property_name, unwrap
from hooklint.js.scope import Variable
from hooklint.js.values import property_key, resolve, string_value
from hooklint.auth0.program import Program, per_program
from hooklint.auth0.tokens import token_requests

TaintKind = Literal["password", "code", "secret", "secrets", "header", "headers", "webtask", "context", "user", "param",
                    "event", "request", "body", "client_secret", "message_options", "notification", "transaction",
                    "token", "token_response", "response_token"]

# ----- taint-lite: kinds of sensitive values ---------------------------------------------


class Sources(NamedTuple):
    """Where one kind of program receives sensitive values, as data (one table per kind,
    ``SOURCES``, chosen by the program's ``kind``: the tables are Auth0 facts about each
    kind's parameters, not code that differs by kind).

    ``roots``: (role, kind, the points where the parameter holds it, or None at every point).
    ``members``: what each member of a structured value is (None: any member).
    ``at_point``: members that exist only at some points, (kind, key) -> (points, kind).
    ``wholes``: kinds that messages describe rather than quote (a whole parameter, a call's
    result).
    ``thrown``: whether a thrown error's message is logged as well (an Action's uncaught
    error goes to the tenant logs and to the application, auth0-actions.md §2.6; a hook's
    error goes to its callback, which HL401 leaves out of scope).
    ``token_responses``: whether the result of a client-credentials token request
    (``clientCredentialsGrant(…)``, a POST to ``/oauth/token``: ``auth0.tokens``) is a source,
    of kind ``token_response`` (members as ``members`` says).
    """

    roots: tuple[tuple[str, TaintKind, frozenset[str] | None], ...]
    members: dict[str, dict[str | None, TaintKind]]
    at_point: dict[tuple[str, str], tuple[frozenset[str], TaintKind]]
    descriptions: dict[str, str]
    wholes: frozenset[str]
    thrown: bool = False
    token_responses: bool = False


HOOK_SOURCES = Sources(
    roots=(("user", "user", frozenset({"pre-user-registration"})), ("context", "context", None)),
    members={
        "context": {"webtask": "webtask"},
        "user": {"password": "password"},
        "webtask": {"secrets": "secrets", "headers": "headers"},
        "secrets": {None: "secret"},
        "headers": {None: "header"},
    },
    at_point={("context", "code"): (frozenset({"send-phone-message"}), "code")},
    descriptions={
        "password": "the user's plaintext password",
        "code": "the one-time MFA code",
        "secret": "a hook secret",
        "secrets": "the hook's secrets",
        "header": "a credential header of the request Auth0 calls the hook with",
        "headers": "the headers of the request Auth0 calls the hook with, including its bearer secret",
        "webtask": "`context.webtask`, which holds the hook's secrets and the bearer secret of the request",
        "context": "the whole `context` object, which includes `context.webtask` (the hook's secrets and "
                   "the request's bearer secret)",
        "user": "the whole `user` object, which includes the plaintext password",
    },
    wholes=frozenset({"context", "user", "webtask"}),
)

# actions-rules.md, HL401 on Actions; auth0-actions.md §1 (the event of each trigger), §2.4
ACTION_SOURCES = Sources(
    roots=(("event", "event", None),),
    members={
        "event": {"secrets": "secrets"},
        "secrets": {None: "secret"},
        "request": {"body": "body"},
        "body": {"client_secret": "client_secret"},  # other fields (client_id, audience) are not secret
        "message_options": {"code": "code"},
        "notification": {"code": "code"},
        "transaction": {"subject_token": "token", "actor_token": "token"},
        # the SDK's v4 result and an HTTP client's response hold it in `data`; v3's result is it
        "token_response": {"data": "token_response", "body": "token_response", "access_token": "response_token",
                           "id_token": "response_token", "refresh_token": "response_token"},
    },
    at_point={
        # the request body carries the client's secret only at credentials-exchange, and the
        # transaction the tokens being exchanged only at custom-token-exchange
        ("event", "request"): (frozenset({"credentials-exchange"}), "request"),
        ("event", "transaction"): (frozenset({"custom-token-exchange"}), "transaction"),
        # the MFA code (§1.6, §1.8)
        ("event", "message_options"): (frozenset({"send-phone-message"}), "message_options"),
        ("event", "notification"): (frozenset({"custom-phone-provider", "custom-email-provider"}), "notification"),
    },
    descriptions={
        "code": "the one-time MFA code",
        "secret": "an Action secret",
        "secrets": "the Action's secrets",
        "event": "the whole `event` object, which holds the Action's secrets (`event.secrets`)",
        "request": "the token request, whose body holds the client's secret",
        "body": "the token request's body, which holds the client's secret",
        "client_secret": "the client secret of the token request",
        "message_options": "the message options, which hold the one-time MFA code",
        "notification": "the notification, which holds the one-time MFA code",
        "transaction": "the transaction, which holds the subject and actor tokens being exchanged",
        "token": "a token being exchanged",
        "token_response": "a token response, which holds the access token",
        "response_token": "a token from a token response",
    },
    # a token response is described, not quoted: where it comes from is a call, not a name
    wholes=frozenset({"event", "token_response", "response_token"}),
    thrown=True,
    token_responses=True,
)
SOURCES: dict[str, Sources] = {"hook": HOOK_SOURCES, "action": ACTION_SOURCES}  # by Program.kind
SECRET_KINDS = frozenset({"secret", "secrets"})  # what HL403 counts: traced to the kind's secrets

# Calls whose result carries their argument (serialisers, encoders) and string methods
# whose result carries the receiver.
_CARRIERS = frozenset({"JSON.stringify", "String", "util.inspect", "util.format", "Buffer.from",
                       "encodeURIComponent", "encodeURI", "escape"})
_CARRYING_METHODS = frozenset({"toString", "trim", "concat", "toUpperCase", "toLowerCase", "join", "toJSON"})


class Taint(NamedTuple):
    """What sensitive value an expression holds.

    ``kind``: password, code, secret, secrets, header, headers, webtask, context, user (or
    ``param`` inside a logging helper). ``origin``: the source as written from the
    parameter (``context.webtask.secrets.API_KEY``, ``ctx.code``). ``contained``: the
    expression only *contains* it (a string built from it, an object holding it).
    """

    kind: TaintKind
    origin: str
    contained: bool = False
    sources: Sources = HOOK_SOURCES  # the table of the program it comes from

    @property
    def description(self) -> str:
        return self.sources.descriptions.get(self.kind, "a sensitive value")

    @property
    def whole(self) -> bool:
        """Described rather than quoted in messages: a whole parameter (``context``) or what
        comes from a call's result (a token response)."""
        return self.kind in self.sources.wholes

    def phrase(self) -> str:
        """What it is, for messages: "`ctx.webtask.secrets.API_KEY` (a hook secret)"."""
        if self.whole:
            return self.description
        return f"`{self.origin}` ({self.description})"


class Sensitivity:
    """Taint of expressions for one hook (build through ``analysis(hook)``)."""

    def __init__(self, hook: Program, roots: dict[int, Taint] | None = None) -> None:
        self.hook = hook
        self.scopes = hook.scopes
        self.point = hook.point_name
        self.sources = SOURCES[hook.kind]
        self._variables: dict[int, Taint | None] = {}
        self._busy: set[int] = set()
        self._roots: dict[int, Taint] = {}
        self._patterns: list[tuple[Node, Taint]] = []
        if roots is not None:
            self._roots = dict(roots)
            return
        for role, kind, points in self.sources.roots:
            if points is not None and self.point not in points:
                continue
            for param in hook.parameters(role):
                param = unwrap(param)
                if param.type == "AssignmentPattern":
                    param = param.left
                if param.type == "Identifier":
                    variable = self.scopes.variable(param)
                    if variable is not None:
                        self._roots[id(variable)] = Taint(kind, param.name, sources=self.sources)
                elif param.type == "ObjectPattern":
                    self._patterns.append((param, Taint(kind, role, sources=self.sources)))

    # ----- expressions --------------------------------------------------------------------

    def of(self, node: Node | None, depth: int = 0) -> Taint | None:
        node = unwrap(node)
        if node is None or depth > 24:
            return None
        kind = node.type
        if kind == "Identifier":
            variable = self.scopes.variable(node)
            return self.variable(variable) if variable is not None else None
        if kind == "MemberExpression":
            key = property_name(node)
            if key is None and node.computed:
                key = string_value(node.property, self.scopes)
            return self.member(node.object, key, depth)
        if kind in ("ObjectExpression", "ArrayExpression"):
            items = node.properties if kind == "ObjectExpression" else node.elements
            for item in items:
                if item is None:
                    continue
                value = item.value if item.type == "Property" else item
                found = self.of(value.argument if value.type == "SpreadElement" else value, depth + 1)
                if found is not None:
                    return found._replace(contained=True)
            return None
        if kind == "BinaryExpression" and node.operator == "+" or kind == "TemplateLiteral":
            parts = (node.left, node.right) if kind == "BinaryExpression" else node.expressions
            return self._first(parts, depth, contained=True)
        if kind == "LogicalExpression":
            return self._first((node.right,) if node.operator == "&&" else (node.left, node.right), depth)
        if kind == "ConditionalExpression":
            return self._first((node.consequent, node.alternate), depth)
        if kind == "AssignmentExpression" and node.operator == "=":
            return self.of(node.right, depth + 1)
        if kind == "SequenceExpression":
            return self.of(node.expressions[-1], depth + 1)
        if kind in ("AwaitExpression", "SpreadElement"):
            return self.of(node.argument, depth + 1)
        if kind == "CallExpression":
            return self._call(node, depth)
        return None

    def _first(self, nodes, depth: int, contained: bool = False) -> Taint | None:
        for part in nodes:
            found = self.of(part, depth + 1)
            if found is not None:
                return found._replace(contained=True) if contained else found
        return None

    def _call(self, node: Node, depth: int) -> Taint | None:
        callee = unwrap(node.callee)
        if self.sources.token_responses and id(node) in _token_responses(self.hook):
            return Taint("token_response", "the token response", sources=self.sources)
        path = member_path(callee)
        if path == "JSON.stringify" and len(node.arguments) > 1:
            keys = _replacer_keys(node.arguments[1], self.scopes)
            if keys is not None:  # an array replacer: only these keys are kept, at every level
                found = self.of(node.arguments[0], depth + 1)
                return found._replace(contained=True) if found is not None and \
                    _reveals(found, keys, self.point) else None
        if path in _CARRIERS:
            return self._first(node.arguments, depth, contained=True)
        if callee.type == "MemberExpression" and property_name(callee) in _CARRYING_METHODS:
            return self._first([callee.object, *node.arguments], depth, contained=True)
        return None

    def member(self, base: Node, key: str | None, depth: int = 0) -> Taint | None:
        """The taint of ``base.key`` (``key`` None: a computed member with an unknown key)."""
        found = self.of(base, depth + 1)
        if found is not None and not found.contained:
            return descend(found, key, self.point)
        if key is None:
            return None
        value = _object_property(self._object_literal(base, depth), key, self.scopes)
        if value is not None:
            return self.of(value, depth + 1)
        base = unwrap(base)
        variable = self.scopes.variable(base) if base is not None and base.type == "Identifier" else None
        right = _property_writes(self.hook, variable).first.get(key) if variable is not None else None
        return self.of(right, depth + 1) if right is not None else None

    def _object_literal(self, node: Node | None, depth: int) -> Node | None:
        """The object literal an expression certainly is (``opts``, ``opts.headers``)."""
        node = unwrap(node)
        if node is not None and node.type == "Identifier":
            node = resolve(node, self.scopes)
        if node is None or depth > 24:
            return None
        if node.type == "MemberExpression" and property_name(node) is not None:
            inner = _object_property(self._object_literal(node.object, depth + 1), property_name(node), self.scopes)
            return self._object_literal(inner, depth + 1) if inner is not None else None
        return node if node.type == "ObjectExpression" else None

    # ----- variables ---------------------------------------------------------------------

    def variable(self, variable: Variable) -> Taint | None:
        key = id(variable)
        if key in self._roots:
            return self._roots[key]
        if key in self._variables:
            return self._variables[key]
        if key in self._busy:
            return None
        self._busy.add(key)
        try:
            found = self._variable(variable)
        finally:
            self._busy.discard(key)
        self._variables[key] = found
        return found

    def _variable(self, variable: Variable) -> Taint | None:
        for identifier, definition in zip(variable.identifiers, variable.definitions):
            if definition.type == "VariableDeclarator" and definition.init is not None:
                found = self._bound(definition.id, identifier, definition.init)
                if found is not None:
                    return found
            if is_function(definition):  # a destructured parameter of the hook
                for pattern, root in self._patterns:
                    path = binding_path(pattern, identifier)
                    if path is not None:
                        return _follow(root, path, self.point)
        for ref in variable.writes:
            writer = ref.writer
            if writer is not None and writer.type == "AssignmentExpression" and writer.operator == "=":
                found = self._bound(writer.left, ref.identifier, writer.right)
                if found is not None:
                    return found
        for right, _ in _property_writes(self.hook, variable).writes:
            found = self.of(right)
            if found is not None:
                return found._replace(contained=True)
        return None

    def _bound(self, pattern: Node, identifier: Node, init: Node) -> Taint | None:
        path = binding_path(pattern, identifier)
        if path is None:
            return None
        if not path:
            return self.of(init)
        if isinstance(path[0], Rest):
            whole = self.of(init)
            first = whole if whole is None or whole.contained else descend(whole, path[0], self.point)
        else:
            first = self.member(init, path[0])
        return _follow(first, path[1:], self.point) if first is not None else None


class Rest(NamedTuple):
    """The rest element of an object pattern: the object minus the keys the pattern takes
    out (``excluded``; None when one of them is unknown, a computed key)."""

    excluded: frozenset[str] | None


def descend(taint: Taint, key: str | None | Rest, point: str | None) -> Taint | None:
    """What a member of a (not merely containing) sensitive value is."""
    if isinstance(key, Rest):
        return _rest(taint, key.excluded, point)
    sources = taint.sources
    members = sources.members.get(taint.kind, {})
    kind = members.get(key) if key is not None else None
    special = sources.at_point.get((taint.kind, key)) if key is not None else None
    if special is not None and point in special[0]:
        kind = special[1]
    kind = kind or members.get(None)
    if kind is None or kind == "header" and not _credential_header(key):
        return None
    shown = key if key is not None and re.fullmatch(r"[A-Za-z_$][\w$]*", key) else None
    origin = f"{taint.origin}.{shown}" if shown else f"{taint.origin}[{key!r}]" if key else f"{taint.origin}[…]"
    return Taint(kind, origin, sources=sources)


def _rest(taint: Taint, excluded: frozenset[str] | None, point: str | None) -> Taint | None:
    """A rest element: the same object minus some keys (``const { password, ...safe } = user``).

    It stays sensitive while it keeps a sensitive member: ``safe`` above is nothing, ``rest`` of
    ``const { secrets, ...rest } = context.webtask`` still contains the headers. Objects any of
    whose members is sensitive (the secrets, the headers) stay sensitive; when a left-out key is
    unknown (computed), it may be the sensitive one, and the rest is taken as not sensitive."""
    members = taint.sources.members.get(taint.kind)
    if members is None or None in members:
        return taint  # a string's rest (its characters), the secrets or headers minus some
    sensitive = list(members)
    sensitive += [key for (kind, key), (points, _) in taint.sources.at_point.items()
                  if kind == taint.kind and point in points]
    if excluded is None:
        return None
    remaining = [k for k in sensitive if k not in excluded]
    if len(remaining) == len(sensitive):
        return taint
    inner = descend(taint, remaining[0], point) if remaining else None
    return inner._replace(contained=True) if inner is not None else None


def _replacer_keys(node: Node | None, scopes) -> frozenset[str] | None:
    """The keys an array replacer of ``JSON.stringify`` keeps (``['email', 'tenant']``), or None
    when it is not an array of known strings and numbers (a function, ``null``, unknown)."""
    array = resolve(node, scopes)
    if array is None or array.type != "ArrayExpression":
        return None
    keys = set()
    for element in array.elements:
        element = unwrap(element)
        if element is None or element.type == "SpreadElement":
            return None
        value = resolve(element, scopes)
        if value is not None and value.type == "Literal" and isinstance(value.value, (int, float)) \
                and not isinstance(value.value, bool):
            keys.add(str(int(value.value)) if float(value.value).is_integer() else str(value.value))
            continue
        text = string_value(element, scopes)
        if text is None:
            return None
        keys.add(text)
    return frozenset(keys)


def _reveals(taint: Taint, keys: frozenset[str], point: str | None, depth: int = 0) -> bool:
    """Can a sensitive value get through a replacer that keeps only ``keys``? A value itself
    (a secret, the password) can; an object only through one of its sensitive members."""
    members = taint.sources.members.get(taint.kind)
    if members is None or depth > 8:
        return True
    for key in keys:
        inner = descend(taint, key, point)
        if inner is not None and _reveals(inner, keys, point, depth + 1):
            return True
    return False


def _credential_header(name: str | None) -> bool:
    """Headers that carry credentials (``authorization``, ``auth0-extension-secret``...)."""
    return name is not None and (name.lower() in ("authorization", "proxy-authorization", "cookie")
                                 or credential_name(name))


def _follow(taint: Taint | None, path: list[str | None | Rest], point: str | None) -> Taint | None:
    for key in path:
        if taint is None or taint.contained:
            return None
        taint = descend(taint, key, point)
    return taint


def binding_path(pattern: Node, identifier: Node) -> list[str | None | Rest] | None:
    """The keys leading from a destructuring pattern's value to ``identifier`` (``[]`` when
    the pattern is the identifier, a ``Rest`` for a rest element, None for an unknown key),
    or None when the identifier is not bound by the pattern."""
    pattern = unwrap(pattern)
    if pattern is identifier:
        return []
    kind = pattern.type
    if kind == "AssignmentPattern":
        return binding_path(pattern.left, identifier)
    if kind == "ObjectPattern":
        for prop in pattern.properties:
            if prop.type == "RestElement":
                inner = binding_path(prop.argument, identifier)
                if inner is not None:
                    keys = [_pattern_key(p) for p in pattern.properties if p.type != "RestElement"]
                    # mypy does not narrow the list's items by `None in keys`
                    return [Rest(None if None in keys else frozenset(keys)), *inner]  # type: ignore[arg-type]
                continue
            inner = binding_path(prop.value, identifier)
            if inner is not None:
                return [_pattern_key(prop), *inner]
    if kind == "ArrayPattern":
        for element in pattern.elements:
            inner = binding_path(element, identifier) if element is not None else None
            if inner is not None:
                return [None, *inner]
    return None


def _pattern_key(prop: Node) -> str | None:
    """The key of an object pattern's property (None: computed from a non-literal)."""
    key = prop.key
    if not prop.computed and key.type == "Identifier":
        return key.name
    return key.value if key.type == "Literal" and isinstance(key.value, str) else None


def _object_property(obj: Node | None, key: str, scopes) -> Node | None:
    found = None
    for prop in obj.properties if obj is not None else ():
        if prop.type == "Property" and property_key(prop, scopes) == key:
            found = prop.value
    return found


class _PropertyWrites(NamedTuple):
    writes: list[tuple[Node, list[str | None]]]  # (value, ['a', 'b']) for each ``v.a.b = value``
    first: dict[str | None, Node]  # the value of the first write under each first key


def _property_writes(hook: Program, variable: Variable) -> _PropertyWrites:
    """``v.a.b = value`` anywhere, found once per variable and kept for the hook: every member
    access ``v.k`` that is checked asks for them, and walking all references of ``v`` each time
    made M accesses of a variable with R references cost M×R."""
    kept = hook.table(_property_writes)
    found = kept.get(id(variable))
    if found is None:
        found = _find_property_writes(hook, variable)
        kept[id(variable)] = found
    return found


def _find_property_writes(hook: Program, variable: Variable) -> _PropertyWrites:
    found = []
    first: dict[str | None, Node] = {}
    for ref in variable.references:
        node, path = ref.identifier, []
        parent = hook.tree.parent(node)
        while parent is not None and parent.type == "MemberExpression" and parent.object is node:
            path.append(property_name(parent))
            node, parent = parent, hook.tree.parent(parent)
        if path and parent is not None and parent.type == "AssignmentExpression" \
                and parent.left is node and parent.operator == "=":
            found.append((parent.right, path))
            first.setdefault(path[0], parent.right)
    return _PropertyWrites(found, first)


def name_path(node: Node | None) -> str | None:
    """``a.b.c`` for a name or a chain of non-computed members: source text that holds no
    literal, so messages may quote it (they never quote other source text)."""
    node = unwrap(node)
    if node is None:
        return None
    if node.type == "Identifier":
        return node.name
    if node.type == "MemberExpression" and not node.computed and node.property.type == "Identifier":
        base = name_path(node.object)
        return f"{base}.{node.property.name}" if base is not None else None
    return None


@per_program
def _token_responses(hook: Program) -> set[int]:
    """The calls (by ``id``) that answer with a client-credentials token."""
    return {id(r.node) for r in token_requests(hook) if r.kind in ("client-credentials-grant", "oauth-token")}


@per_program
def analysis(hook: Program) -> Sensitivity:
    return Sensitivity(hook)


def taint(hook: Program, node: Node) -> Taint | None:
    """What sensitive value ``node`` holds or contains, if any."""
    return analysis(hook).of(node)


# ----- sinks: logging -------------------------------------------------------------------

_CONSOLE_METHODS = frozenset({"log", "info", "warn", "error", "debug", "trace", "dir", "table", "dirxml"})
_LOGGERS = frozenset({"logger", "log", "winston", "bunyan", "pino", "signale", "_logger", "applogger"})
_LOGGER_METHODS = frozenset({"log", "info", "warn", "warning", "error", "debug", "trace", "fatal",
                             "verbose", "silly", "notice", "critical", "http"})


def logged_arguments(hook: Program, call: Node) -> list[Node]:
    """The arguments of ``call`` that it writes to the log (``[]``: not a logging call)."""
    callee = unwrap(call.callee)
    if callee.type == "MemberExpression":
        method = property_name(callee)
        base = unwrap(callee.object)
        if base.type == "Identifier" and base.name == "console" and hook.scopes.variable(base) is None:
            return list(call.arguments) if method in _CONSOLE_METHODS else []
        name = base.name if base.type == "Identifier" else \
            property_name(base) if base.type == "MemberExpression" else None
        if name is not None and name.lower() in _LOGGERS and method in _LOGGER_METHODS:
            return list(call.arguments)
        return []
    if callee.type == "Identifier":
        variable = hook.scopes.variable(callee)
        positions = _helpers(hook).get(id(variable)) if variable is not None else None
        if positions is not None:
            first, rest = positions
            return [a for i, a in enumerate(call.arguments) if i in first or rest is not None and i >= rest]
    return []


@per_program
def _helpers(hook: Program) -> dict[int, tuple[set[int], int | None]]:
    """Functions of the file that pass one of their parameters to ``console.*`` or a logger:
    variable id -> (logged parameter positions, position of a logged rest parameter)."""
    # filled in place: a lookup made while it fills sees the helpers found so far (no
    # helper of helpers)
    found: dict[int, tuple[set[int], int | None]] = hook.provisional(_helpers, {})
    for node in hook.tree.of_types("FunctionDeclaration", "VariableDeclarator"):
        fn, name = _named_function(node)
        if fn is None or any(fn is entry for entry in hook.entry_functions):
            continue
        roots = {}
        for index, param in enumerate(fn.params):
            target = param.argument if param.type == "RestElement" else param
            variable = hook.scopes.variable(target) if target.type == "Identifier" else None
            if variable is not None:
                roots[id(variable)] = Taint("param", str(index), contained=param.type == "RestElement")
        if not roots:
            continue
        inner = Sensitivity(hook, roots)
        positions: set[int] = set()
        rest = None
        for call in hook.tree.within(fn, "CallExpression"):
            if _helper_callee(call):
                continue
            for arg in logged_arguments(hook, call):
                found_taint = inner.of(arg)
                if found_taint is not None and found_taint.kind == "param":
                    index = int(found_taint.origin)
                    if fn.params[index].type == "RestElement":
                        rest = index
                    else:
                        positions.add(index)
        if positions or rest is not None:
            variable = hook.scopes.variable(name)
            if variable is not None:
                found[id(variable)] = (positions, rest)
    return found


def _named_function(node: Node) -> tuple[Node | None, Node | None]:
    if node.type == "FunctionDeclaration" and node.id is not None:
        return node, node.id
    if node.type == "VariableDeclarator" and node.id.type == "Identifier" and is_function(unwrap(node.init)):
        return unwrap(node.init), node.id
    return None, None


def _helper_callee(call: Node) -> bool:
    return unwrap(call.callee).type == "Identifier"


def thrown_messages(hook: Program) -> list[tuple[Node, Node]]:
    """(the error, its message) for each error built in a ``throw`` by ``Error`` or a subclass
    of it (``throw new Error(msg)``, ``throw TypeError(msg)``, ``throw new CrmError(msg)``),
    where the kind's table says a thrown error's message is logged (``Sources.thrown``); ``[]``
    elsewhere. The message is the first argument: the others (``{ cause }``) are not logged
    as the message, and neither is what a helper that builds an error receives
    (``throw failure(event, 'unverified')``) nor what is attached to an error
    (``throw Object.assign(new Error('upstream'), { event })``)."""
    if not SOURCES[hook.kind].thrown:
        return []
    found = []
    for statement in hook.tree.of_type("ThrowStatement"):
        error = unwrap(statement.argument)
        if error is not None and error.type in ("NewExpression", "CallExpression") and error.arguments \
                and _is_error_class(hook, error.callee):
            found.append((error, error.arguments[0]))
    return found


def _is_error_class(hook: Program, callee: Node, seen: frozenset[int] = frozenset()) -> bool:
    """Is ``callee`` ``Error`` or a subclass of it: a capitalised name that ends with ``Error``
    (``TypeError``, a library's ``errors.ValidationError``; the capital tells a class from a
    factory such as ``buildError``), or a class of the file that extends one?"""
    callee = unwrap(callee)
    if callee.type == "Identifier":
        name: str | None = callee.name
    elif callee.type == "MemberExpression":
        name = property_name(callee)
    else:
        return False
    if name is not None and name[:1].isupper() and name.endswith("Error"):
        return True
    value = resolve(callee, hook.scopes) if callee.type == "Identifier" else None
    return value is not None and value.type in ("ClassDeclaration", "ClassExpression") \
        and value.superClass is not None and id(value) not in seen \
        and _is_error_class(hook, value.superClass, seen | {id(value)})


# ----- sinks: process.env ---------------------------------------------------------------

class EnvWrite(NamedTuple):
    node: Node  # the assignment or the Object.assign call
    name: str | None  # the variable's name, when static
    values: tuple[Node, ...]  # what is written


def env_writes(hook: Program) -> list[EnvWrite]:
    """``process.env.X = v``, ``process.env['X'] = v`` and ``Object.assign(process.env, ...)``."""
    found = []
    for node in hook.tree.of_types("AssignmentExpression", "CallExpression"):
        if node.type == "AssignmentExpression" and node.operator == "=":
            left = unwrap(node.left)
            if left.type == "MemberExpression" and _is_env(hook, left.object):
                name = property_name(left) or (string_value(left.property, hook.scopes) if left.computed else None)
                found.append(EnvWrite(node, name, (node.right,)))
        elif node.type == "CallExpression" and member_path(node.callee) == "Object.assign" \
                and hook.scopes.variable(unwrap(node.callee).object) is None \
                and node.arguments and _is_env(hook, node.arguments[0]):
            found.append(EnvWrite(node, None, tuple(node.arguments[1:])))
    return found


def _is_env(hook: Program, node: Node) -> bool:
    node = unwrap(node)
    if node.type == "Identifier":
        variable = hook.scopes.variable(node)
        value = unwrap(variable.constant_value()) if variable is not None else None
        return value is not None and value.type == "MemberExpression" and _is_env(hook, value)
    if member_path(node) != "process.env":
        return False
    base = unwrap(node.object)
    return hook.scopes.variable(base) is None


# ----- literal secrets (HL400) ----------------------------------------------------------

_FORMATS = (
    ("a Slack token", re.compile(r"(?<![A-Za-z0-9])xox[abpr]-[0-9]{6,}-[0-9A-Za-z-]{6,}")),
    ("an AWS access key id", re.compile(r"(?<![A-Z0-9])AKIA[0-9A-Z]{16}(?![A-Z0-9])")),
    ("a SendGrid API key", re.compile(r"(?<![A-Za-z0-9])SG\.[A-Za-z0-9_-]{16,32}\.[A-Za-z0-9_-]{16,64}")),
    ("a Stripe live secret key", re.compile(r"(?<![A-Za-z0-9])sk_live_[0-9A-Za-z]{10,}")),
    ("a JWT", re.compile(r"(?<![A-Za-z0-9_-])eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}")),
)
_CREDENTIAL_NAMES = frozenset({"clientsecret", "apikey", "password", "pass", "passwd", "pwd", "token",
                               "accesstoken", "authtoken", "secret"})
_CREDENTIAL_LAST = frozenset({"secret", "token", "key", "password", "passwd", "pwd"})
# Compound names ending in Key/Token that are not credentials.
_NOT_CREDENTIAL = frozenset({"public", "publishable", "site", "cache", "idempotency", "sort", "partition",
                             "primary", "foreign", "object", "metadata", "storage", "lock", "hash", "range",
                             "lookup", "map", "index", "header", "query", "param", "field", "column", "dedupe",
                             "dedup", "event", "translation", "i18n", "locale", "state", "page", "next",
                             "continuation", "cancel", "pagination", "resume", "sync"})
_QUERY_NAMES = frozenset({"password", "secret", "token", "key", "api_key"})
_PLACEHOLDER_WORDS = frozenset({"changeme", "changeit", "changethis", "replaceme", "placeholder", "secret",
                                "password", "token", "apikey", "key", "test", "testing", "dummy", "sample",
                                "example", "todo", "tbd", "fixme", "none", "null", "undefined", "redacted",
                                "hidden", "masked", "notset", "unset", "default", "bearer", "basic", "pass",
                                "passwd", "pwd", "user", "username"})
_PLACEHOLDER_PREFIXES = ("your", "insert", "replace", "enter", "paste", "put")
# Lower-case alphabetic words joined by `_` or `-`, two or more: a field, parameter or grant
# name (`'access_token'`, `'client_secret'`, `'refresh-token'`), not a credential.
_IDENTIFIER_VALUE = re.compile(r"[a-z]+(?:[_-][a-z]+)+")
_AUTH_SCHEME = re.compile(r"(Bearer|Basic|Token)\s+(\S+)\s*", re.I)


class LiteralSecret(NamedTuple):
    node: Node  # the Literal or TemplateElement
    what: str  # "a Stripe live secret key", "a literal given to `x-api-key`"
    secret: str  # the secret part of the literal (never shown whole)

    @property
    def masked(self) -> str:
        return mask(self.secret)


def mask(secret: str, quoted: bool = True) -> str:
    """At most four leading characters (fewer for short values), never the whole value,
    then an ellipsis: in single quotes, as a message shows a value, unless ``quoted`` is
    false (the HTML report, which marks the text it shows instead)."""
    shown = f"{secret[:min(4, len(secret) // 3)]}…"
    return f"'{shown}'" if quoted else shown


def name_words(name: str) -> list[str]:
    """``X-PW-AccessToken`` -> ['x', 'pw', 'access', 'token']."""
    words = []
    for part in re.split(r"[^A-Za-z0-9]+", name):
        words += re.findall(r"[A-Z]+(?![a-z])|[A-Z]?[a-z]+|[0-9]+", part)
    return [w.lower() for w in words]


def credential_name(name: str | None) -> bool:
    """Is ``name`` a credential name (``apiKey``, ``client_secret``, ``x-api-key``...)?"""
    if not name:
        return False
    words = name_words(name)
    if not words:
        return False
    if "".join(words) in _CREDENTIAL_NAMES:
        return True
    if len(words) < 2 or words[-1] not in _CREDENTIAL_LAST:
        return False
    return words[-1] not in ("key", "token") or words[-2] not in _NOT_CREDENTIAL


def placeholder(value: str) -> bool:
    """Empty, a template marker, filler, an ALL_CAPS name or an obvious "your key here"."""
    text = value.strip()
    if not text or filler(text):
        return True
    if re.fullmatch(r"<[^<>]*>|\{\{?[^{}]*\}\}?|\$\{[^{}]*\}|%[A-Za-z0-9_]+%|\[[^\[\]]*\]", text):
        return True
    if re.fullmatch(r"[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+", text):
        return True
    if re.sub(r"[^a-z0-9]", "", text.lower()) in _PLACEHOLDER_WORDS:
        return True
    lower = text.lower()
    return any(lower.startswith(p) and (len(text) == len(p) or not text[len(p)].islower())
               for p in _PLACEHOLDER_PREFIXES)


def filler(text: str) -> bool:
    """One repeated character once separators are dropped (``xxxx``, ``****``, ``0000-0000``)."""
    return len(set(re.sub(r"[^A-Za-z0-9*]", "", text).lower())) <= 1


def secret_format(value: str) -> tuple[str, str] | None:
    """(what, the matched secret) for a literal holding a known secret format."""
    for what, pattern in _FORMATS:
        for match in pattern.finditer(value):
            secret = match.group(0)
            body = re.sub(r"^(xox[abpr]-|AKIA|SG\.|sk_live_)", "", secret)
            if not filler(body):
                return what, secret
    return None


def url_secret(value: str) -> tuple[str, str] | None:
    """(what, the secret) for an absolute URL literal that carries a credential."""
    match = re.match(r"([A-Za-z][A-Za-z0-9+.-]*)://([^/?#\s]*)([^?#\s]*)(\?[^#\s]*)?", value)
    if match is None:
        return None
    authority, path, query = match.group(2), match.group(3), match.group(4) or ""
    if "@" in authority:
        userinfo = authority.rsplit("@", 1)[0]
        password = userinfo.split(":", 1)[1] if ":" in userinfo else ""
        if password and not placeholder(password):
            return "a password in the user information of a URL", password
    for pair in query[1:].split("&"):
        name, _, given = pair.partition("=")
        if name.lower() in _QUERY_NAMES and given and not placeholder(given):
            return f"the `{name}` query parameter of a URL", given
    if authority.lower() == "hooks.slack.com":
        hook_path = re.fullmatch(r"/services/([A-Z0-9]+/[A-Z0-9]+/([A-Za-z0-9]+))/?", path)
        if hook_path is not None and not filler(hook_path.group(2)):
            return "a Slack incoming-webhook URL (the URL itself is the secret)", hook_path.group(1)
    return None


def hardcoded_secrets(hook: Program) -> list[LiteralSecret]:
    """Literals used as credentials, in source order, one per literal."""
    found: dict[int, LiteralSecret] = {}
    # Any order: each literal is looked at on its own and the result is sorted.
    strings = [(n, text) for kind in ("Literal", "TemplateElement") for n in hook.tree.of_type(kind)
               if (text := _string_of(n)) is not None]
    for check in (secret_format, url_secret):
        for node, text in strings:
            if id(node) not in found and not _deploy_token(hook, node):
                secret = check(text)
                if secret is not None:
                    found[id(node)] = LiteralSecret(node, *secret)
    for name, value in _credential_targets(hook):
        for literal in _literals(hook, value):
            text = _string_of(literal)
            if text is None or id(literal) in found or _deploy_token(hook, literal):
                continue
            secret = _named_secret(name, text)
            if secret is not None:
                found[id(literal)] = LiteralSecret(literal, secret[0], secret[1])
    return sorted(found.values(), key=lambda s: s.node.range[0])


def _named_secret(name: str, value: str) -> tuple[str, str] | None:
    authorization = name.lower() in ("authorization", "proxy-authorization")
    scheme = _AUTH_SCHEME.fullmatch(value)
    if authorization and scheme is None or not authorization and not credential_name(name):
        return None
    secret = scheme.group(2) if scheme is not None else value
    pem = re.match(r"-----BEGIN [A-Z ]*PRIVATE KEY-----\s+\S", secret) is not None
    if placeholder(secret) or re.search(r"\s", secret) and not pem or "://" in secret:
        return None
    if name_words(name)[-1] == "key" and re.fullmatch(r"[a-z]+([_.:-][a-z]+)*", secret):
        return None  # a lookup key such as 'crm_id', not a credential
    if _IDENTIFIER_VALUE.fullmatch(secret):
        return None  # a field or grant name such as 'access_token' or 'client_secret', not a credential
    if scheme is not None:
        return f"a {scheme.group(1).capitalize()} credential in `{name}`", secret
    return f"the credential `{name}`", secret


def _string_of(node: Node) -> str | None:
    if node.type == "Literal" and isinstance(node.value, str) and getattr(node, "regex", None) is None:
        return node.value
    if node.type == "TemplateElement" and isinstance(node.value.cooked, str):
        return node.value.cooked
    return None


def _literals(hook: Program, value: Node | None) -> list[Node]:
    """The string literals a credential-named target certainly or alternatively receives."""
    value = unwrap(value)
    if value is None:
        return []
    if value.type == "Identifier":
        resolved = resolve(value, hook.scopes)
        return [resolved] if resolved is not value and resolved is not None and _string_of(resolved) is not None \
            else []
    if value.type == "Literal":
        return [value] if _string_of(value) is not None else []
    if value.type == "TemplateLiteral":
        return list(value.quasis) if not value.expressions else []
    if value.type == "LogicalExpression" and value.operator in ("||", "??"):
        return _literals(hook, value.left) + _literals(hook, value.right)
    if value.type == "ConditionalExpression":
        return _literals(hook, value.consequent) + _literals(hook, value.alternate)
    return []


def _credential_targets(hook: Program) -> list[tuple[str, Node]]:
    """(name, value) for every value given to a named target: variables, properties,
    assignments, defaults and header setters (``req.set('x-api-key', v)``)."""
    found = []
    for node in hook.tree.of_types("VariableDeclarator", "AssignmentExpression", "Property", "AssignmentPattern",
                          "CallExpression"):
        kind = node.type
        if kind == "VariableDeclarator" and node.id.type == "Identifier" and node.init is not None:
            found.append((node.id.name, node.init))
        elif kind == "AssignmentExpression" and node.operator in ("=", "||=", "??="):
            left = unwrap(node.left)
            name = left.name if left.type == "Identifier" else \
                property_name(left) or string_value(left.property, hook.scopes) if left.type == "MemberExpression" \
                else None
            if name:
                found.append((name, node.right))
        elif kind == "Property" and not node.shorthand and not is_function(node.value):
            name = property_key(node, hook.scopes)
            if name and node.value.type != "AssignmentPattern":
                found.append((name, node.value))
        elif kind == "AssignmentPattern" and node.left.type == "Identifier":
            found.append((node.left.name, node.right))
        elif kind == "CallExpression" and len(node.arguments) >= 2:
            callee = unwrap(node.callee)
            if callee.type == "MemberExpression" and property_name(callee) in ("set", "setHeader", "header", "append"):
                name = string_value(node.arguments[0], hook.scopes)
                if name:
                    found.append((name, node.arguments[1]))
    return found


def _deploy_token(hook: Program, node: Node) -> bool:
    """Was this literal written with a deploy-cli ``@@KEY@@``/``##KEY##`` token?"""
    source = hook.source
    if source.text == source.original_text:  # nothing was replaced in this file
        return False
    original = source.original_text[1:] if source.original_text.startswith("\ufeff") else source.original_text
    start, end = (source.utf16_to_index(i) for i in node.range)
    return original[start:end] != source.text[start:end]
