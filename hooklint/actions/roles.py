"""What an Action's ``event`` and ``api`` are, followed through the file: the roles service.

Every exported entry point's first parameter is ``event`` and its second ``api``
(actions-rules.md, "The handler"). ``role_path(action, node)`` says which part of them an
expression certainly is, as a path that starts with the role: ``api.access.deny`` is
``("api", "access", "deny")``, and so is ``access.deny`` after ``const { access } = api``.
It follows:

- members, static (``api.idToken``) or with a constant string key (``api['idToken']``);
- a default of an empty object (``event.transaction || {}``, ``?? {}``): the part, or an
  object with none of its members;
- constant aliases and destructuring (``const a = api``, ``const { user: u } = event``,
  ``let`` or ``var`` never written again), nested and with renames, and destructured
  parameters of the entry point itself (``async ({ user }, api) => …``);
- helpers of the file that receive a role: a parameter of a local function whose every
  use is a call (it never escapes as a value) is the role part that every one of those
  calls passes at its position (``setClaims(api.idToken, event.user)``).

Nothing else: a computed key that is not a constant, a spread or rest element, a value
returned from a helper, or a parameter that some call gives something else is ``None``,
and the rules stay silent on it.

``api_calls(action)`` lists every call of an ``api`` method, ``api_members(action)``
every outermost member expression on ``api`` (what HL114 checks against the trigger's
``api``), and ``is_command(path)`` whether a call is a command (actions-rules.md: an
``api`` method other than ``api.cache.get``, ``api.redirect.canRedirect`` and the getters of
``api.groups``/``api.roles``).

What a rule that runs on hooks and Actions alike asks takes any ``Program`` and answers
none for a program that is not an Action: ``calls_to(program, path…)`` (the calls of given
``api`` methods) and ``written_claims(program)`` (the constant keys of ``setCustomClaim``).
Such a rule composes these with the hook package's services of the same question
(``hooks.callback_results.written_claims``), so it never asks which kind it runs on.
"""

from __future__ import annotations

from typing import NamedTuple

from hooklint.actions.model import ROLES, Action
from hooklint.auth0.facts import THROWING_CLAIMS, Claim
from hooklint.auth0.program import Program, per_program
from hooklint.auth0.sensitive import binding_path
from hooklint.js.estree import Node, is_function, property_name, unwrap
from hooklint.js.scope import Variable, pattern_identifiers
from hooklint.js.values import string_value

RolePath = tuple[str, ...]  # the role, then the keys below it: ("api", "accessToken", "setCustomClaim")

# api methods that only read (actions-rules.md: what is not a command). The getters of
# api.groups and api.roles are every method of them (auth0-actions.md §1.1).
_READS: frozenset[RolePath] = frozenset({("api", "cache", "get"), ("api", "redirect", "canRedirect")})
_READ_NAMESPACES: frozenset[str] = frozenset({"groups", "roles"})


class ApiCall(NamedTuple):
    """A call of an ``api`` method: ``api.access.deny('x')`` is (call, ("api", "access", "deny"))."""

    call: Node
    path: RolePath

    @property
    def arguments(self) -> list[Node]:
        return self.call.arguments


class RoleMember(NamedTuple):
    """An outermost member expression on a role (``api.user.setAppMetadata`` in
    ``api.user.setAppMetadata(…)``) and its path."""

    node: Node
    path: RolePath


def is_command(path: RolePath) -> bool:
    """Is a call of the ``api`` method at ``path`` a command (it changes what the flow does)?"""
    if len(path) < 3 or path[0] != "api":
        return False
    return path not in _READS and path[1] not in _READ_NAMESPACES


def role_path(action: Action, node: Node | None) -> RolePath | None:
    """The part of ``event`` or ``api`` an expression certainly is, else ``None``."""
    node = unwrap(node)
    if node is None:
        return None
    kind = node.type
    if kind == "Identifier":
        variable = action.scopes.variable(node)
        return _variable_path(action, variable) if variable is not None else None
    if kind == "LogicalExpression" and node.operator in ("||", "??") and node.right.type == "ObjectExpression" \
            and not node.right.properties:
        return role_path(action, node.left)  # `event.transaction || {}`: that part, or nothing in it
    if kind != "MemberExpression":
        return None
    memo = action.table(role_path)
    key = id(node)
    if key not in memo:
        name = property_name(node)
        if name is None and node.computed:
            name = string_value(node.property, action.scopes)
        base = role_path(action, node.object) if name is not None else None
        memo[key] = (*base, name) if base is not None and name is not None else None
    return memo[key]


@per_program
def api_calls(action: Action) -> list[ApiCall]:
    """Every call of an ``api`` method, in source order."""
    found = []
    for call in action.tree.of_type("CallExpression"):
        path = role_path(action, call.callee)
        if path is not None and path[0] == "api" and len(path) > 1:
            found.append(ApiCall(call, path))
    return found


@per_program
def role_members(action: Action) -> list[RoleMember]:
    """Every outermost member expression on ``event`` or ``api`` (one whose parent does not
    go on from it), in source order."""
    found = []
    tree = action.tree
    for member in tree.of_type("MemberExpression"):
        parent = tree.parent(member)
        if parent is not None and parent.type == "MemberExpression" and parent.object is member:
            continue
        path = role_path(action, member)
        if path is not None:
            found.append(RoleMember(member, path))
    return found


@per_program
def _uses_by_prefix(action: Action) -> dict[RolePath, list[int]]:
    """For every path some role member starts with, the source starts of those members."""
    found: dict[RolePath, list[int]] = {}
    for member in role_members(action):
        start = member.node.range[0]
        for length in range(1, len(member.path) + 1):
            found.setdefault(member.path[:length], []).append(start)
    return found


def used_outside(action: Action, path: RolePath, node: Node) -> bool:
    """Is ``path`` used somewhere outside ``node``: a part below it, itself, or an object
    above it other than the role itself (``const { X } = event.configuration``) read,
    passed on or written? (HL120: a value kept on ``event`` and used again in the same run
    is the Action's own scratch state, not a change meant to persist.)"""
    start, end = node.range
    uses = _uses_by_prefix(action)
    below = uses.get(path, ())
    above = [at for length in range(2, len(path)) for at in _exact_uses(action).get(path[:length], ())]
    return any(not start <= at < end for at in (*below, *above))


@per_program
def _exact_uses(action: Action) -> dict[RolePath, list[int]]:
    """For every role member's path, the source starts of the members with exactly it."""
    found: dict[RolePath, list[int]] = {}
    for member in role_members(action):
        found.setdefault(member.path, []).append(member.node.range[0])
    return found


def api_members(action: Action) -> list[RoleMember]:
    """``role_members`` on ``api``."""
    return [m for m in role_members(action) if m.path[0] == "api"]


# ----- what any program can ask (a program that is not an Action has no ``api``) ------------

_CLAIM_SETTERS: dict[RolePath, str] = {
    ("api", "accessToken", "setCustomClaim"): "access token",
    ("api", "idToken", "setCustomClaim"): "ID token",
}


def calls_to(program: Program, *paths: RolePath) -> list[ApiCall]:
    """The calls of the ``api`` methods at ``paths``, in source order; none in a program
    that is not an Action (a hook has no ``api``). What a rule that runs on every kind asks."""
    if not isinstance(program, Action):
        return []
    return [c for c in api_calls(program) if c.path in paths]


def written_claims(program: Program) -> list[Claim]:
    """The claims an Action certainly sets: the constant key (through ``string_value``) of
    every ``api.accessToken.setCustomClaim(key, …)`` and ``api.idToken.setCustomClaim(key, …)``;
    ``throws`` for a name ``setCustomClaim`` refuses at post-login (auth0-actions.md §2.7:
    the wrapper of credentials-exchange does not check it). None for other programs: a
    hook's claims are its result object's (``hooks.callback_results.written_claims``)."""
    found = []
    for call in calls_to(program, *_CLAIM_SETTERS):
        key = call.arguments[0] if call.arguments else None
        value = string_value(key, program.scopes) if key is not None and key.type != "SpreadElement" else None
        if key is not None and value is not None:
            throws = value in THROWING_CLAIMS and program.point_name == "post-login"
            found.append(Claim(value, key, _CLAIM_SETTERS[call.path], throws))
    return found


# ----- variables ---------------------------------------------------------------------------


def _variable_path(action: Action, variable: Variable) -> RolePath | None:
    roots = _roots(action)
    key = id(variable)
    if key in roots:
        return roots[key]
    memo = action.table(_variable_path)
    if key not in memo:
        memo[key] = None  # provisional: a cycle of aliases is no role
        memo[key] = _bound_path(action, variable)
    return memo[key]


def _bound_path(action: Action, variable: Variable) -> RolePath | None:
    """What a variable that is not an entry point's parameter holds: a constant alias or
    destructuring of a role, or a helper's parameter every call fills with the same part."""
    if len(variable.definitions) != 1 or variable.is_reassigned:
        return None
    definition, identifier = variable.definitions[0], variable.identifiers[0]
    if definition.type == "VariableDeclarator":
        if definition.init is None:
            return None
        return _through_pattern(definition.id, identifier, role_path(action, definition.init))
    if variable.kind == "param":
        return _parameter_path(action, definition, identifier)
    return None


def _through_pattern(pattern: Node, identifier: Node, base: RolePath | None) -> RolePath | None:
    """The part ``identifier`` gets when ``pattern`` destructures ``base``."""
    if base is None:
        return None
    keys = binding_path(pattern, identifier)
    if keys is None or not all(isinstance(k, str) for k in keys):
        return None  # an unknown key, an array element or a rest element
    return (*base, *keys)  # type: ignore[arg-type]  # mypy does not narrow by all()


def _parameter_path(action: Action, function: Node, identifier: Node) -> RolePath | None:
    calls = _calls_of(action).get(id(function))
    if not calls:
        return None
    position = next((i for i, param in enumerate(function.params)
                     if identifier in pattern_identifiers(param)), None)
    if position is None or function.params[position].type == "RestElement":
        return None
    if any(arg.type == "SpreadElement" for call in calls for arg in call.arguments[:position + 1]):
        return None  # the argument at that position is not known
    paths = {role_path(action, call.arguments[position]) if position < len(call.arguments) else None
             for call in calls}
    if len(paths) != 1:
        return None
    return _through_pattern(function.params[position], identifier, paths.pop())


@per_program
def _roots(action: Action) -> dict[int, RolePath]:
    """The variables the entry points' parameters declare, by ``id``, with their parts."""
    roots: dict[int, RolePath] = {}
    for entry in action.entry_points:
        function = entry.function
        if function is None:
            continue
        for role, param in zip(ROLES, function.params):
            for identifier in pattern_identifiers(param):
                variable = action.scopes.variable(identifier)
                path = _through_pattern(param, identifier, (role,))
                if variable is not None and path is not None:
                    roots[id(variable)] = path
    return roots


@per_program
def _calls_of(action: Action) -> dict[int, list[Node]]:
    """The local functions (by ``id``) that are only ever called, never used as a value,
    with every call of them: the helpers whose parameters ``_parameter_path`` may follow."""
    scopes = action.scopes
    calls: dict[int, list[Node]] = {}
    callee_uses: dict[int, int] = {}
    functions: dict[int, tuple[Variable, Node]] = {}
    for call in action.tree.of_type("CallExpression"):
        callee = unwrap(call.callee)
        if callee.type != "Identifier":
            continue
        variable = scopes.variable(callee)
        if variable is None:
            continue
        function = variable.constant_value()
        if not is_function(function):
            continue
        functions[id(variable)] = (variable, function)
        callee_uses[id(variable)] = callee_uses.get(id(variable), 0) + 1
        calls.setdefault(id(function), []).append(call)
    entry_functions = {id(e.function) for e in action.entry_points if e.function is not None}
    for key, (variable, function) in functions.items():
        if len(variable.reads) != callee_uses[key] or id(function) in entry_functions:
            calls.pop(id(function), None)  # it escapes (or Auth0 calls it): others fill its parameters
    return calls
