"""What in a hook needs a person when it becomes an Action (auth0-actions.md §4: what has no
equivalent, what behaves differently), found on the AST, whichever form is written.

- the hook's parameters read as member chains (``context.webtask.storage.get``): each chain
  is walked once, up from the parameter's reference, and looked up in ``mapping.PARAMETERS``
  and ``mapping.NO_EQUIVALENT`` (``webtask-storage``, ``webtask-other``,
  ``no-equivalent-field``, ``closest-match``, ``user-id-prefix``; the secrets read give
  ``secrets-recreate``);
- the callback's results (``hooks.callback_results``): a pre-user-registration result that
  sets metadata (``passwordless-metadata``), a credentials-exchange result that sets
  ``scope`` (``cce-scope``) or a key that is not a URL (``claim-not-url``);
- the callback's calls (``hooks.callbacks``): a post-* hook's error (``post-error-logged``),
  a call followed by more statements in its block (``work-after-callback``; code after a
  call in an enclosing block is left alone: not certain, so not said).

Linear in the file: the tree's indexes, one walk up per member chain.
"""

from __future__ import annotations

from hooklint.hooks.callback_results import is_nullish, results
from hooklint.hooks.callbacks import callback_calls
from hooklint.hooks.model import Hook
from hooklint.js.estree import Node, unwrap
from hooklint.migrate import mapping
from hooklint.migrate.text import secrets_read
from hooklint.migrate.model import Note, NoteKind

_POST = frozenset({mapping.POST, mapping.PCP})
# Statements after a callback call that do nothing once it has been called.
_INERT = frozenset({"EmptyStatement", "FunctionDeclaration", "BreakStatement", "ContinueStatement"})


def notes(hook: Hook) -> list[Note]:
    """The notes for ``hook`` (its point known), in source order."""
    point = hook.point_name
    if point is None or hook.function is None:
        return []
    review = _Review(hook, point)
    review.parameters()
    review.results()
    review.callback()
    return sorted(review.found, key=lambda n: (n.line, n.column, n.code))


class _Review:
    def __init__(self, hook: Hook, point: str) -> None:
        self.hook = hook
        self.point = point
        self.found: list[Note] = []
        self.secrets: set[str] = set()
        self.reads_secrets = False  # `context.webtask.secrets` read, names known or not

    def note(self, kind: NoteKind, code: str, message: str, node: Node | None) -> None:
        if node is None:
            self.found.append(Note(kind, code, message))
            return
        region = self.hook.source.region(node)
        self.found.append(Note(kind, code, message, region.start_line, region.start_column))

    # ----- the parameters --------------------------------------------------------------

    def parameters(self) -> None:
        hook = self.hook
        for role in mapping.roles(self.point):
            param = hook.param(role)
            if role == "callback" or param is None or param.type != "Identifier":
                continue
            variable = hook.scopes.variable(param)
            if variable is None:
                continue
            for ref in variable.reads:
                for path, top in self.chains(ref.identifier):
                    self.field(role, path, top)
        if self.reads_secrets:
            known = self.secrets | set(secrets_read(hook))  # `secrets_read` follows an alias of the object
            names = ", ".join(f"`{name}`" for name in sorted(known)) or "(names not known statically)"
            self.note("behaviour-change", "secrets-recreate",
                      f"the hook reads secrets {names}: create each on the Action by hand (the migration "
                      "writes their names with a placeholder; a secret's value is never copied)", None)

    def chains(self, identifier: Node) -> list[tuple[tuple[str, ...], Node]]:
        """The property names read after ``identifier`` (``context.webtask.storage`` →
        ``('webtask', 'storage')``), up to the first one not known, with the outermost member;
        a destructuring ``const { a, b } = x`` gives one path per key."""
        tree = self.hook.tree
        names: list[str] = []
        node = identifier
        parent = tree.parent(node)
        while parent is not None and parent.type == "MemberExpression" and parent.object is node:
            key = _key(parent)
            if key is None:
                break
            names.append(key)
            node, parent = parent, tree.parent(parent)
        if parent is not None and parent.type == "VariableDeclarator" and parent.init is node \
                and parent.id.type == "ObjectPattern":
            keys = [k for k in (_pattern_key(p) for p in parent.id.properties) if k is not None]
            if keys:
                return [((*names, key), parent.id) for key in keys]
        return [(tuple(names), node)]

    def field(self, role: str, path: tuple[str, ...], node: Node) -> None:
        full = (role, *path)
        rows = mapping.PARAMETERS[self.point]
        if full[:2] == ("context", "webtask"):
            self.webtask(full, node)
            return
        for length in range(len(full), 0, -1):
            row = rows.get(full[:length])
            if row is None:
                continue
            shown = ".".join(full[:length])
            if row.event is None:
                self.note("no-equivalent", "no-equivalent-field",
                          f"`{shown}` has no equivalent in an Action: {row.note or 'no `event` field holds it'}", node)
            elif full[:length] == ("user", "id") and self.point in _POST:
                self.note("behaviour-change", "user-id-prefix", row.note or f"`{shown}` becomes {row.event}", node)
            elif row.note is not None and "closest match" in row.note:
                self.note("behaviour-change", "closest-match", row.note, node)
            return

    def webtask(self, full: tuple[str, ...], node: Node) -> None:
        rest = full[2:]
        if rest[:1] == ("secrets",):
            self.reads_secrets = True
            if len(rest) > 1:
                self.secrets.add(rest[1])
            return
        if rest[:1] == ("storage",):
            self.note("no-equivalent", "webtask-storage", mapping.NO_EQUIVALENT[("context", "webtask", "storage")],
                      node)
            return
        shown = ".".join(full[:3])
        self.note("no-equivalent", "webtask-other",
                  f"`{shown}`: {mapping.NO_EQUIVALENT[('context', 'webtask')]}", node)

    # ----- the results -----------------------------------------------------------------

    def results(self) -> None:
        if self.point == mapping.PRE:
            self.metadata()
        elif self.point == mapping.CCE:
            self.claims()

    def metadata(self) -> None:
        for result in results(self.hook):
            for entry in result.entries:
                if len(entry.path) >= 2 and entry.path[0] in ("user", None) \
                        and entry.path[1] in ("user_metadata", "app_metadata") and entry.origin != "escape":
                    self.note("no-equivalent", "passwordless-metadata",
                              "the hook sets the new user's metadata: an Action cannot add metadata to a "
                              "user of a passwordless connection (a database connection's user gets it)",
                              entry.node)
                    return

    def claims(self) -> None:
        scope_seen = False
        for result in results(self.hook):
            for entry in result.entries:
                if len(entry.path) != 1 or entry.key is None:
                    continue
                if entry.key == "scope":
                    if not scope_seen:
                        scope_seen = True
                        self.note("no-equivalent", "cce-scope",
                                  "the result sets `scope`: Actions cannot replace the token's scopes (no GA "
                                  "equivalent; `api.transaction.setTargetScopes` is early access), so it is not "
                                  "carried over", entry.node)
                elif not entry.key.startswith(("http://", "https://")):
                    self.note("behaviour-change", "claim-not-url",
                              f"the result sets `{entry.key}`, which is not a URL: Hooks dropped such keys from "
                              "the token, so the Action does not set it", entry.node)

    # ----- the callback's calls ----------------------------------------------------------

    def callback(self) -> None:
        tree = self.hook.tree
        for call in callback_calls(self.hook):
            arguments = call.arguments
            if self.point in _POST and arguments and not is_nullish(arguments[0]):
                self.note("behaviour-change", "post-error-logged",
                          "the hook can fail with an error here: at this trigger the Action throws it, which is "
                          "only logged (the transaction goes on, as with the hook)", call.call)
            statement = tree.parent(call.call)
            block = tree.parent(statement) if statement is not None else None
            if statement is None or statement.type != "ExpressionStatement" or block is None \
                    or block.type not in ("BlockStatement", "Program") \
                    or unwrap(statement.expression) is not call.call:
                continue
            after = _after(block.body, statement)
            if after is not None:
                self.note("behaviour-change", "work-after-callback",
                          f"code runs after the callback is called here (line {after.loc.start.line}): Hooks let "
                          "it finish, but an Action ends when its handler's promise settles, so it may be cut off",
                          call.call)


def _after(statements: list[Node], statement: Node) -> Node | None:
    """The first statement after ``statement`` that does something, or None."""
    seen = False
    for other in statements:
        if other is statement:
            seen = True
        elif seen and other.type not in _INERT and not (other.type == "ReturnStatement" and other.argument is None):
            return other
    return None


def _key(member: Node) -> str | None:
    prop = member.property
    if not member.computed and prop.type == "Identifier":
        return str(prop.name)
    if member.computed and prop.type == "Literal" and isinstance(prop.value, str):
        return prop.value
    return None


def _pattern_key(prop: Node) -> str | None:
    if prop.type != "Property" or prop.computed:
        return None
    key = prop.key
    if key.type == "Identifier":
        return str(key.name)
    return key.value if key.type == "Literal" and isinstance(key.value, str) else None
