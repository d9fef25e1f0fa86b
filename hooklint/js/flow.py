"""Control flow: is a callee called on every path of a function, and at most once?

An abstract interpreter over the structured statements of one function (sequence,
if/else, ternary and logical short-circuits, switch with fall-through, all loops with
break/continue and labels, try/catch/finally, return and throw). Each *path state*
records how often the callee was called on the way there; states with the same counts
merge, as ESLint's code-path analysis merges segment state over predecessors. Loops run
to a fixed point (the state space is tiny), so a call that can run on a second
iteration is seen with the first call already made.

The service knows nothing about rules: it takes a function and a predicate that says
whether an identifier refers to the callee, and reports
- ``misses``: exits (``return`` statements, or the end of the function) reached without
  the callee being called;
- ``repeats``: call sites reached on a path that has already called it;
- ``continuations``: inner functions handed the callee's job (a function expression
  passed to a call that refers to the callee: request/SDK callbacks, ``.then``,
  ``setTimeout``, event handlers), analysed in turn with the state of the hand-off;
- ``delegations``: functions of this file that receive the callee as an argument (the
  caller then analyses them with that parameter as the callee).

What counts as a call: ``f(...)``, ``f.call/apply(...)``, ``f?.()``; passing ``f`` as an
argument (delegation); handing off to a continuation; calling a function of this file
that calls ``f`` on all its paths (on some paths: a possible call, never a miss nor a
repeat; a recursive call is assumed to call it). ``process.exit()`` ends a path, and so
does an infinite loop; a ``throw`` leaves through the exception, not the end.

The same run answers the question of an Action's rules, "which call sites are reached on a
path where the target has already been called": given ``observe`` (a predicate on call
nodes), it records in ``reached`` every observed call site with the states it is reached
with (``Reached``: after a target call on every path, on some path, and which call).
A call of a function of this file whose body (or a function it calls) holds an observed
call counts as observed at that call site; so does a function handed to a call (an inline
callback such as ``items.map(async (i) => …)``, which runs after it): its observed calls are
reached with the state of the call that is handed it. With ``members``, the target may be a
member expression (``api.access.deny``) as well as an identifier: ``target`` is then asked of
both kinds of node. Without ``observe`` and ``members`` (the hooks' HL102-HL104), nothing of
this runs.

``terminates(statement)`` asks the same of one statement without any state (does it always
leave: ``return``, ``throw``, ``process.exit()``), for the guards the result and HL3xx
services look for (``if (!x) return;``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Literal, NamedTuple

from hooklint.js.estree import FUNCTION_TYPES, Node, Tree, children, is_function, member_path, property_name, unwrap
from hooklint.js.scope import ScopeAnalysis
from hooklint.js.values import local_function

FrameKind = Literal["loop", "switch", "label", "try", "finally"]

# The names Node.js code conventionally gives an error-first callback (`callback`, `cb`,
# `done`, `next`): a name that is certainly a continuation.
CALLBACK_NAMES = frozenset({"callback", "cb", "done", "next"})

Target = Callable[[Node], bool]

ITERATION_METHODS = frozenset({"forEach", "map", "filter", "some", "every", "reduce", "reduceRight",
                               "find", "findIndex", "flatMap"})
EVENT_METHODS = frozenset({"on", "once", "addListener", "addEventListener", "prependListener",
                           "prependOnceListener"})
PROMISE_METHODS = frozenset({"then", "catch", "finally"})


class PathState(NamedTuple):
    calls: int  # definite calls so far: 0, 1, or 2 (two or more)
    maybe: bool  # something that may have called it (a helper that calls it on some paths)
    handed: bool  # handed to a continuation or delegated: it will be called later
    first: Node | None = None  # the latest call or hand-off on this path
    why: tuple[str, int] | None = None  # the last branch decision: (description, line)

    @property
    def key(self) -> tuple[int, bool, bool]:
        return (self.calls, self.maybe, self.handed)

    @property
    def uncalled(self) -> bool:
        return self.calls == 0 and not self.maybe and not self.handed


States = dict  # key -> PathState, insertion-ordered; the first state of a key is kept

START = PathState(0, False, False)


def _states(items: Iterable[PathState]) -> States:
    out: States = {}
    for state in items:
        out.setdefault(state.key, state)
    return out


def _union(*many: States) -> States:
    out: States = {}
    for states in many:
        for key, state in states.items():
            out.setdefault(key, state)
    return out


def _why(states: States, text: str, line: int) -> States:
    return {k: PathState(s.calls, s.maybe, s.handed, s.first, (text, line)) for k, s in states.items()}


class Miss(NamedTuple):
    function: Node
    node: Node  # the return statement, or the function itself (end of the function)
    at_end: bool
    why: tuple[str, int] | None


class Repeat(NamedTuple):
    call: Node
    first: Node | None
    in_iteration: bool  # inside a per-element callback (forEach/map...)


class Reached(NamedTuple):
    """An observed call site and the states it is reached with (merged over every visit)."""

    call: Node
    definitely: bool  # every path to it has called the target (at least once)
    maybe: bool  # some path to it has called, or may have called, the target
    # the target call, or the call that may have made it, latest on the path of the first visit
    # that had one (``FlowAnalysis.note`` keeps it over later visits)
    after: Node | None


@dataclass
class FlowResult:
    misses: list[Miss] = field(default_factory=list)
    repeats: list[Repeat] = field(default_factory=list)
    continuations: list[Node] = field(default_factory=list)
    delegations: list[tuple[Node, int, Node]] = field(default_factory=list)  # (function, param index, call)
    uncaught: list[tuple[Node, Node]] = field(default_factory=list)  # (throw statement, its function)
    # with ``observe``: the observed call sites reached, by ``id`` of the call, in the order first reached
    reached: dict[int, Reached] = field(default_factory=dict)


@dataclass
class _Frame:
    kind: FrameKind
    labels: frozenset[str] = frozenset()
    has_handler: bool = False
    breaks: States = field(default_factory=dict)
    continues: States = field(default_factory=dict)
    throws: States = field(default_factory=dict)
    pending: list[tuple[str, object, States]] = field(default_factory=list)


def _text(node: Node, known: dict[int, str], limit: int = 40) -> str:
    """A condition's text for a message, cut at ``limit`` characters (one ``limit`` per
    ``known``). An operand of ``&&``,
    ``||`` or a binary operator starts with the text of its left operand, which ``known``
    keeps by ``id`` (the interpreter asks for each operand of a long chain in turn: built
    again, each would walk the chain below it, quadratic in its length)."""
    found = known.get(id(node))
    if found is not None:
        return found
    path = member_path(node)
    if path is not None:
        text = path
    elif node.type == "UnaryExpression" and node.operator == "!":
        inner = member_path(node.argument)
        text = f"!{inner}" if inner else "the condition"
    elif node.type in ("BinaryExpression", "LogicalExpression"):
        left = _text(node.left, known, limit)
        right = node.right
        rtext = repr(right.value) if right.type == "Literal" else (member_path(right) or "…")
        text = f"{left} {node.operator} {rtext}"
    elif node.type == "CallExpression":
        callee = member_path(node.callee)
        text = f"{callee}(…)" if callee else "the condition"
    else:
        text = "the condition"
    text = text if len(text) <= limit else text[: limit - 1] + "…"
    known[id(node)] = text
    return text


def may_throw(node: Node | None) -> bool:
    """Whether evaluating ``node`` can throw (calls, ``new``, ``await``, member reads)."""
    if node is None:
        return False
    stack = [node]
    while stack:
        current = stack.pop()
        kind = current.type
        if kind in FUNCTION_TYPES or kind in ("ClassExpression", "ClassDeclaration"):
            continue
        if kind in ("CallExpression", "NewExpression", "AwaitExpression", "TaggedTemplateExpression",
                    "ThrowStatement", "MemberExpression"):
            return True
        stack.extend(children(current))
    return False


def is_exit_call(node: Node | None) -> bool:
    """``process.exit(...)``: the process ends, so does every path through the call."""
    node = unwrap(node)
    return node is not None and node.type in ("CallExpression", "NewExpression") \
        and member_path(node.callee) == "process.exit"


def terminates(statement: Node | None, loop: bool = False) -> bool:
    """Does ``statement`` always leave, so that what follows it does not run: ``return``,
    ``throw``, a ``process.exit(...)`` statement, a block with one of them among its
    statements, an ``if`` whose two branches both leave; with ``loop`` (the statement is in
    a loop's body, and leaving the loop is what counts), an unlabelled ``break`` too.

    A syntactic answer for a guard (``if (!x) return;``, ``if (!x) process.exit(1);``),
    with no states: the interpreter below follows the same exits path by path."""
    if statement is None:
        return False
    kind = statement.type
    if kind in ("ReturnStatement", "ThrowStatement"):
        return True
    if kind == "ExpressionStatement":
        return is_exit_call(statement.expression)
    if kind == "BreakStatement":
        return loop and statement.label is None
    if kind == "BlockStatement":
        return any(terminates(s, loop) for s in statement.body)
    if kind == "IfStatement":
        return terminates(statement.consequent, loop) and terminates(statement.alternate, loop)
    return False


class Subtrees:
    """What the flow walks ask of a subtree, from the tree's index instead of a walk: the
    nodes of a type under a node (nested functions included: ``tree.within``), and the
    functions of this file its identifiers name. The names do not depend on the callee
    followed, so one ``Subtrees`` per program serves every flow analysis of it (a hook's
    callback and its helpers' parameters, an Action's commands and denials)."""

    def __init__(self, tree: Tree, scopes: ScopeAnalysis) -> None:
        self.tree = tree
        self.scopes = scopes
        self._named: dict[int, list[tuple[Node, Node]]] = {}

    def named(self, node: Node) -> list[tuple[Node, Node]]:
        """(identifier, function) for each identifier under ``node`` that names a function
        of this file other than ``node`` itself. Computed once per node."""
        known = self._named.get(id(node))
        if known is None:
            known = []
            for identifier in self.tree.within(node, "Identifier"):
                local = local_function(identifier, self.scopes)
                if local is not None and local is not node:
                    known.append((identifier, local))
            self._named[id(node)] = known
        return known


class FlowAnalysis:
    """Flow of one callee through a function and everything it hands the callee to."""

    def __init__(self, subtrees: Subtrees, target: Target, observe: Target | None = None,
                 members: bool = False) -> None:
        self.subtrees = subtrees
        scopes = subtrees.scopes
        self.scopes = scopes
        self.target = target
        self.observe = observe  # call sites to record in ``FlowResult.reached``
        self.members = members  # ``target`` is asked of member expressions too
        self._observes: dict[int, bool] = {}
        self._observed_of: dict[int, tuple[bool, list[Node]]] = {}
        self._observed_calls: dict[int, list[Node]] = {}
        self.result = FlowResult()
        self._refs: dict[int, bool] = {}
        self._uses_of: dict[int, tuple[bool, list[Node]]] = {}
        self._summaries: dict[int, str | None] = {}
        self._pending: dict[int, tuple[Node, States, bool, bool]] = {}
        self._done: dict[int, set] = {}
        self._seen_miss: set[tuple[int, int]] = set()
        self._seen_repeat: set[int] = set()
        # per ``.then/.catch/.finally`` call: (does a function handler of the chain up to it use
        # the callee, the chain's rejection handlers up to it), see ``chain_handlers``
        self._chains: dict[int, tuple[bool, tuple[Node, ...]]] = {}
        self.texts: dict[int, str] = {}  # conditions' texts for messages, see ``_text``

    # ----- entry point ---------------------------------------------------------------

    def run(self, fn: Node) -> FlowResult:
        _Interpreter(self, fn, _states([START])).run()
        for _ in range(16):  # continuations, then theirs; re-run when new entry states arrive
            pending, self._pending = self._pending, {}
            if not pending:
                break
            for key, (cont, entry, partial, iterate) in pending.items():
                done = self._done.setdefault(key, set())
                fresh = {k: s for k, s in entry.items() if k not in done}
                if not fresh:
                    continue
                done.update(fresh)
                if cont not in self.result.continuations:
                    self.result.continuations.append(cont)
                _Interpreter(self, cont, fresh, partial=partial, iterate=iterate).run()
        return self.result

    # ----- questions the interpreter asks ------------------------------------------------

    def references(self, node: Node) -> bool:
        """Does ``node`` (a subtree, nested functions included) use the callee: call it or
        hand it on, directly or through a function of this file it calls? A read that only
        looks at it (``typeof cb``, ``cb === x``, ``cb.length``) is not a use. The one such
        walker: HL104 asks it too (does a chain's handler reach the callback), with the
        answers of the flow run kept."""
        return self._reach(node, self._refs, self._uses)

    def observes(self, node: Node) -> bool:
        """Does ``node`` (a subtree, nested functions included) hold an observed call, directly
        or through a function of this file it calls? False without ``observe``."""
        if self.observe is None:
            return False
        return self._reach(node, self._observes, self._observed_in)

    def _reach(self, node: Node, memo: dict[int, bool],
               own: Callable[[Node], tuple[bool, list[Node]]]) -> bool:
        """Does ``node``, or a function of this file it reaches, hold what ``own`` looks for
        (``own(fn)``: whether ``fn``'s subtree holds it, and the functions it names if not)?
        Answers are kept in ``memo``."""
        answer = memo.get(id(node))
        if answer is not None:
            return answer
        # The functions reachable from ``node``, by their strongly connected components
        # (Tarjan's algorithm, iterative): the functions of a cycle (`onOk` -> `onFail` ->
        # `onOk`) share one answer, given when the whole cycle has been read. Answering one
        # of them while another was still open would miss what the rest of that one holds.
        index: dict[int, int] = {}
        low: dict[int, int] = {}
        found: dict[int, bool] = {}  # own use, or a use in a finished component it reaches
        component: list[Node] = []
        open_ids: set[int] = set()

        def enter(fn: Node) -> Iterator[Node]:
            index[id(fn)] = low[id(fn)] = len(index)
            uses, functions = own(fn)
            found[id(fn)] = uses
            component.append(fn)
            open_ids.add(id(fn))
            return iter(() if uses else functions)

        frames = [(node, enter(node))]
        while frames:
            fn, successors = frames[-1]
            for nxt in successors:
                known = memo.get(id(nxt))
                if known is not None:
                    found[id(fn)] = found[id(fn)] or known
                elif id(nxt) not in index:
                    frames.append((nxt, enter(nxt)))
                    break
                elif id(nxt) in open_ids:
                    low[id(fn)] = min(low[id(fn)], index[id(nxt)])
            else:
                frames.pop()
                if low[id(fn)] == index[id(fn)]:  # fn's component is complete
                    members: list[Node] = []
                    while not members or members[-1] is not fn:
                        members.append(component.pop())
                        open_ids.discard(id(members[-1]))
                    answer = any(found[id(m)] for m in members)
                    for member in members:
                        memo[id(member)] = answer
                if frames:
                    caller = frames[-1][0]
                    low[id(caller)] = min(low[id(caller)], low[id(fn)])
                    done = memo.get(id(fn))
                    if done is not None:
                        found[id(caller)] = found[id(caller)] or done
        return memo[id(node)]

    def _uses(self, node: Node) -> tuple[bool, list[Node]]:
        """Does ``node``'s subtree itself use the callee, and which functions of this file
        does it name (when it does not)? Computed once per node, from the tree's index."""
        known = self._uses_of.get(id(node))
        if known is None:
            parent = self.subtrees.tree.parent
            kinds = ("MemberExpression", "Identifier") if self.members else ("Identifier",)
            uses = any(self.target(found) and not _only_inspects(found, parent(found))
                       for kind in kinds for found in self.subtrees.tree.within(node, kind))
            # a name the callee itself has is a use (or a look at it), never a helper to enter
            functions = [] if uses else [fn for name, fn in self.subtrees.named(node) if not self.target(name)]
            known = self._uses_of[id(node)] = (uses, functions)
        return known

    def _observed_in(self, node: Node) -> tuple[bool, list[Node]]:
        """Does ``node``'s subtree itself hold an observed call, and which functions of this
        file does it name (when it does not)? Computed once per node, from the tree's index."""
        known = self._observed_of.get(id(node))
        if known is None:
            observe = self.observe
            assert observe is not None  # asked through ``observes``
            holds = any(observe(call) for kind in ("CallExpression", "NewExpression")
                        for call in self.subtrees.tree.within(node, kind))
            known = self._observed_of[id(node)] = (holds, [] if holds else [fn for _, fn in self.subtrees.named(node)])
        return known

    def observed_calls(self, fn: Node) -> list[Node]:
        """The call sites in ``fn`` (nested functions included) that are observed: observed
        calls, and calls of functions of this file that hold one. Computed once per node."""
        known = self._observed_calls.get(id(fn))
        if known is None:
            known = []
            if self.observes(fn):
                stack = [fn]
                while stack:
                    current = stack.pop()
                    if current.type in ("CallExpression", "NewExpression") and self._observed_site(current):
                        known.append(current)
                    stack.extend(children(current))
                known.sort(key=lambda n: n.range[0])
            self._observed_calls[id(fn)] = known
        return known

    def _observed_site(self, call: Node) -> bool:
        """Is ``call`` observed: an observed call, or a call of a function of this file that
        holds one (counted at the call site: what the helper does happens there)?"""
        assert self.observe is not None
        if self.observe(call):
            return True
        callee = unwrap(call.callee)
        if callee.type == "MemberExpression" and property_name(callee) in ("call", "apply"):
            callee = unwrap(callee.object)
        local = local_function(callee, self.scopes) if callee.type == "Identifier" else None
        return local is not None and self.observes(local)

    def note(self, call: Node, states: States) -> None:
        """Record that the observed call site ``call`` is reached with ``states``."""
        if not states:
            return
        after = [s for s in states.values() if s.calls >= 1 or s.maybe]
        definitely = all(s.calls >= 1 for s in states.values())
        last = next((s.first for s in after if s.first is not None), None)
        old = self.result.reached.get(id(call))
        if old is not None:
            definitely = definitely and old.definitely
            last = old.after or last
            maybe = old.maybe or bool(after)
        else:
            maybe = bool(after)
        self.result.reached[id(call)] = Reached(call, definitely, maybe, last)

    def chain_handlers(self, node: Node) -> tuple[bool, tuple[Node, ...]]:
        """For the promise chain ending at ``node`` (``promise_chain``): does a function handler
        in it use the callee, and its rejection handlers (``.then``'s second argument,
        ``.catch``'s first), innermost first. Each call of a chain is visited, and each would
        rebuild the whole chain below it (quadratic in its length): a call's answer extends
        the answer of the call below it, kept per call."""
        pending = []
        current = node
        known: tuple[bool, tuple[Node, ...]] = (False, ())
        while _is_promise_call(current):
            found = self._chains.get(id(current))
            if found is not None:
                known = found
                break
            pending.append(current)
            current = unwrap(unwrap(current.callee).object)
        uses, handlers = known
        for call in reversed(pending):  # innermost first, as ``promise_chain`` lists them
            # in chain order, up to the first that uses it (``any`` over the chain, once)
            uses = uses or any(self.references(h) for h in call.arguments if is_function(h))
            method = property_name(unwrap(call.callee))
            own = call.arguments[1:2] if method == "then" else call.arguments[:1] if method == "catch" else []
            handlers += tuple(h for h in own if is_function(h))
            self._chains[id(call)] = (uses, handlers)
        return uses, handlers

    def summary(self, fn: Node) -> str | None:
        """How calling a local function affects the callee: call, handoff, maybe or None."""
        key = id(fn)
        if key in self._summaries:
            return self._summaries[key]
        if not self.references(fn):
            self._summaries[key] = None
            return None
        self._summaries[key] = "call"  # a recursive call is assumed to call it
        exits = _Interpreter(self, fn, _states([START]), record=False).run()
        verdict: str | None
        if all(s.calls >= 1 for s in exits):
            verdict = "call"
        elif all(not s.uncalled for s in exits):
            verdict = "handoff"
        elif any(not s.uncalled for s in exits):
            verdict = "maybe"
        else:
            verdict = None if exits else "call"
        self._summaries[key] = verdict
        return verdict

    def schedule(self, fn: Node, states: States, partial: bool, iterate: bool) -> None:
        entry = {k: PathState(s.calls, s.maybe, False, s.first, None) for k, s in states.items()}
        entry = _states(entry.values())
        key = id(fn)
        if key in self._pending:
            old = self._pending[key]
            self._pending[key] = (fn, _union(old[1], entry), old[2] and partial, old[3] or iterate)
        else:
            self._pending[key] = (fn, entry, partial, iterate)

    def miss(self, fn: Node, node: Node, at_end: bool, why) -> None:
        key = (id(fn), id(node))
        if key not in self._seen_miss:
            self._seen_miss.add(key)
            self.result.misses.append(Miss(fn, node, at_end, why))

    def repeat(self, call: Node, first: Node | None, in_iteration: bool) -> None:
        if id(call) not in self._seen_repeat:
            self._seen_repeat.add(id(call))
            self.result.repeats.append(Repeat(call, first, in_iteration))


class _Interpreter:
    def __init__(self, analysis: FlowAnalysis, fn: Node, entry: States, partial: bool = False,
                 iterate: bool = False, record: bool = True) -> None:
        self.a = analysis
        self.fn = fn
        self.entry = entry
        self.partial = partial or iterate  # event handlers, per-element callbacks: need not call on every path
        self.iterate = iterate  # runs once per element: every call is a repeat
        self.record = record  # False while summarising a helper: report nothing
        self.frames: list[_Frame] = []
        self.returns: list[tuple[Node, States]] = []

    def run(self) -> list[PathState]:
        """Interpret the function; report misses; return the exit states."""
        body = self.fn.body
        if body.type == "BlockStatement":
            end = self.block(body.body, self.entry)
        else:  # an arrow function with an expression body
            end = self.expr(body, self.entry)
        exits = [s for _, states in self.returns for s in states.values()] + list(end.values())
        if self.record and not self.partial:
            for node, states in self.returns:
                missed = [s for s in states.values() if s.uncalled]
                if missed:
                    self.a.miss(self.fn, node, False, missed[0].why)
            missed = [s for s in end.values() if s.uncalled]
            if missed:
                self.a.miss(self.fn, self.fn, True, missed[0].why)
        return exits

    # ----- statements --------------------------------------------------------------------

    def block(self, statements: list[Node], states: States) -> States:
        for statement in statements:
            if not states:
                break
            states = self.stmt(statement, states)
        return states

    def throw_point(self, node: Node | None, states: States) -> None:
        if node is None or not states or not may_throw(node):
            return
        for frame in reversed(self.frames):
            if frame.kind == "try" and frame.has_handler:
                frame.throws = _union(frame.throws, states)
                return

    def stmt(self, node: Node, states: States) -> States:
        kind = node.type
        if kind == "ExpressionStatement":
            self.throw_point(node.expression, states)
            return self.expr(node.expression, states)
        if kind == "VariableDeclaration":
            for declarator in node.declarations:
                self.throw_point(declarator.init, states)
                states = self.expr(declarator.init, states)
            return states
        if kind == "ReturnStatement":
            self.throw_point(node.argument, states)
            states = self.expr(node.argument, states)
            self.jump("return", node, states)
            return {}
        if kind == "ThrowStatement":
            states = self.expr(node.argument, states)
            self.throw(node, states)
            return {}
        if kind == "BlockStatement":
            return self.block(node.body, states)
        if kind == "IfStatement":
            self.throw_point(node.test, states)
            states = self.expr(node.test, states)
            text, line = _text(node.test, self.a.texts), node.loc.start.line
            yes = self.stmt(node.consequent, _why(states, f"`{text}` is true", line))
            no = _why(states, f"`{text}` is false", line)
            if node.alternate is not None:
                no = self.stmt(node.alternate, no)
            return _union(yes, no)
        if kind == "LabeledStatement":
            labels = frozenset({node.label.name})
            body = node.body
            while body.type == "LabeledStatement":
                labels |= {body.label.name}
                body = body.body
            if body.type in ("ForStatement", "ForInStatement", "ForOfStatement", "WhileStatement",
                             "DoWhileStatement"):
                return self.loop(body, states, labels)
            frame = self.push(_Frame("label", labels))
            out = self.stmt(body, states)
            self.frames.pop()
            return _union(out, frame.breaks)
        if kind in ("BreakStatement", "ContinueStatement"):
            self.jump("break" if kind == "BreakStatement" else "continue",
                      node.label.name if node.label is not None else None, states)
            return {}
        if kind in ("ForStatement", "ForInStatement", "ForOfStatement", "WhileStatement", "DoWhileStatement"):
            return self.loop(node, states, frozenset())
        if kind == "SwitchStatement":
            return self.switch(node, states)
        if kind == "TryStatement":
            return self.try_(node, states)
        if kind == "WithStatement":
            return self.stmt(node.body, self.expr(node.object, states))
        return states  # declarations of functions/classes, empty, debugger

    def push(self, frame: _Frame) -> _Frame:
        self.frames.append(frame)
        return frame

    def jump(self, kind: str, payload, states: States, start: int | None = None) -> None:
        if not states:
            return
        frames = self.frames if start is None else self.frames[:start]
        for frame in reversed(frames):
            if frame.kind == "finally":
                frame.pending.append((kind, payload, states))
                return
            if kind == "break":
                if (payload is None and frame.kind in ("loop", "switch")) or payload in frame.labels:
                    frame.breaks = _union(frame.breaks, states)
                    return
            elif kind == "continue" and frame.kind == "loop" and (payload is None or payload in frame.labels):
                frame.continues = _union(frame.continues, states)
                return
        if kind == "return":
            self.returns.append((payload, states))

    def throw(self, node: Node, states: States, start: int | None = None) -> None:
        if not states:
            return
        frames = self.frames if start is None else self.frames[:start]
        for frame in reversed(frames):
            if frame.kind == "try" and frame.has_handler:
                frame.throws = _union(frame.throws, states)
                return
            if frame.kind == "finally":
                frame.pending.append(("throw", node, states))
                return
        if self.record and node.type == "ThrowStatement":
            self.a.result.uncaught.append((node, self.fn))

    def loop(self, node: Node, states: States, labels: frozenset[str]) -> States:
        kind = node.type
        frame = self.push(_Frame("loop", labels))
        line = node.loc.start.line
        if kind == "ForStatement":
            init = node.init
            if init is not None:
                states = self.stmt(init, states) if init.type == "VariableDeclaration" else self.expr(init, states)
        elif kind in ("ForInStatement", "ForOfStatement"):
            states = self.expr(node.right, states)
        exits: States = {}
        seen: set = set()
        entry = states
        for _ in range(8):
            if kind == "DoWhileStatement":
                body_in = entry
            elif kind in ("ForInStatement", "ForOfStatement"):
                exits = _union(exits, _why(entry, "the loop ends", line))
                body_in = entry
            else:
                tested = self.expr(node.test, entry)
                if not _always_true(node.test):
                    exits = _union(exits, _why(tested, "the loop ends", line))
                body_in = tested
            fresh = [k for k in body_in if k not in seen]
            if not fresh:
                break
            seen.update(body_in)
            out = self.stmt(node.body, body_in)
            out = _union(out, frame.continues)
            if kind == "ForStatement":
                out = self.expr(node.update, out)
            if kind == "DoWhileStatement":
                tested = self.expr(node.test, out)
                if not _always_true(node.test):
                    exits = _union(exits, _why(tested, "the loop ends", line))
                out = tested
            entry = _union(entry, out)
        self.frames.pop()
        return _union(exits, frame.breaks)

    def switch(self, node: Node, states: States) -> States:
        self.throw_point(node.discriminant, states)
        states = self.expr(node.discriminant, states)
        frame = self.push(_Frame("switch"))
        fall: States = {}
        line = node.loc.start.line
        for case in node.cases:
            matched = states if case.test is None else self.expr(case.test, states)
            label = "the `default` case" if case.test is None else "a `case`"
            fall = self.block(case.consequent, _union(_why(matched, f"{label} runs", case.loc.start.line), fall))
        self.frames.pop()
        out = _union(fall, frame.breaks)
        if not any(case.test is None for case in node.cases):
            out = _union(out, _why(states, "no `case` of the `switch` matches", line))
        return out

    def try_(self, node: Node, states: States) -> States:
        final = self.push(_Frame("finally")) if node.finalizer is not None else None
        depth = len(self.frames)
        guard = self.push(_Frame("try", has_handler=node.handler is not None))
        out = self.block(node.block.body, states)
        self.frames.pop()
        if node.handler is not None and guard.throws:
            caught = _why(guard.throws, "an exception is caught", node.handler.loc.start.line)
            out = _union(out, self.block(node.handler.body.body, caught))
        if final is None:
            return out
        self.frames.pop()
        out = self.block(node.finalizer.body, out) if out else {}
        for kind, payload, pending in final.pending:
            after = self.block(node.finalizer.body, pending)
            if kind == "throw":
                self.throw(payload, after, start=depth - 1)
            else:
                self.jump(kind, payload, after, start=depth - 1)
        return out

    # ----- expressions ----------------------------------------------------------------

    def expr(self, node: Node | None, states: States) -> States:
        if node is None or not states:
            return states
        kind = node.type
        if kind in FUNCTION_TYPES or kind in ("ClassExpression", "Literal", "Identifier", "ThisExpression"):
            return states
        if kind == "LogicalExpression":
            left = self.expr(node.left, states)
            right = self.expr(node.right, _why(left, f"`{_text(node.left, self.a.texts)}` is "
                                                     f"{'true' if node.operator == '&&' else 'false'}",
                                               node.loc.start.line))
            return _union(left, right)
        if kind == "ConditionalExpression":
            tested = self.expr(node.test, states)
            text, line = _text(node.test, self.a.texts), node.loc.start.line
            return _union(self.expr(node.consequent, _why(tested, f"`{text}` is true", line)),
                          self.expr(node.alternate, _why(tested, f"`{text}` is false", line)))
        if kind in ("CallExpression", "NewExpression"):
            return self.call(node, states)
        for child in children(node):
            states = self.expr(child, states)
        return states

    def is_target(self, node: Node | None) -> bool:
        node = unwrap(node)
        if node is None or not (node.type == "Identifier" or (self.a.members and node.type == "MemberExpression")):
            return False
        return self.a.target(node)

    def call(self, node: Node, states: States) -> States:
        """The states after a call: its callee and arguments evaluated, then what the call
        does with the callee (calls it, hands it on, or what a local function's summary
        says), then the functions it is given scheduled as continuations."""
        callee = unwrap(node.callee)
        method = property_name(callee) if callee.type == "MemberExpression" else None
        if callee.type == "MemberExpression":
            states = self.expr(callee.object, states)
            if callee.computed:
                states = self.expr(callee.property, states)
        direct = self.is_target(callee) or (method in ("call", "apply") and self.is_target(callee.object))
        states, continuations, delegated = self.arguments(node, states, direct)
        if self.record and self.a.observe is not None:
            self.observed(node, callee, continuations, states)
        if direct:
            return self.called(node, states)
        if is_exit_call(node):
            return {}
        local = local_function(callee, self.a.scopes) if callee.type == "Identifier" else None
        if local is None and method in ("call", "apply") and unwrap(callee.object).type == "Identifier":
            local = local_function(unwrap(callee.object), self.a.scopes)
        if method in PROMISE_METHODS:
            continuations += self.promise_handlers(node, continuations)
        if delegated >= 0:
            if local is not None:
                offset = 1 if method == "call" else 0
                self.a.result.delegations.append((local, delegated - offset, node))
            states = self.handed(node, states)
        elif local is not None:
            states = self.summarised(node, local, states)
        if continuations:
            states = self.continued(node, states, continuations, method)
        return states

    def observed(self, node: Node, callee: Node, continuations: list[Node], states: States) -> None:
        """Record the observed call sites of a call, reached with ``states`` (after its
        arguments): the call itself, and those of the functions it is handed that are not
        continuations (they are interpreted in turn): what those do runs after this point."""
        if self.a._observed_site(node):
            self.a.note(node, states)
        handed = [a.argument if a.type == "SpreadElement" else a for a in node.arguments]
        functions = [callee] if is_function(callee) else []  # an IIFE
        for value in handed:
            functions += [value] if is_function(value) else _nested_functions(value)
        for fn in functions:
            if fn not in continuations:
                for inner in self.a.observed_calls(fn):
                    self.a.note(inner, states)

    def arguments(self, node: Node, states: States, direct: bool) -> tuple[States, list[Node], int]:
        """The states after a call's arguments, the functions among them that use the
        callee (continuations), and the index of the first argument that hands the callee
        on (-1 if none)."""
        continuations: list[Node] = []
        delegated = -1
        for index, arg in enumerate(node.arguments):
            value = arg.argument if arg.type == "SpreadElement" else arg
            named = local_function(value, self.a.scopes) if value.type == "Identifier" else None
            if is_function(value) or (named is not None and not self.is_target(value)):
                # an inline function, or one of this file passed by name (`request(o, handle)`)
                if self.a.references(value if named is None else named):
                    continuations.append(value if named is None else named)
                continue
            if self.is_target(value):
                delegated = index
                continue
            for inner in _nested_functions(value):
                if self.a.references(inner):
                    continuations.append(inner)
            if not direct and _passes_target(value, self.is_target):
                delegated = index if delegated < 0 else delegated
            states = self.expr(value, states)
        return states, continuations, delegated

    def summarised(self, node: Node, local: Node, states: States) -> States:
        """A call of the local function ``local``, not handed the callee: what its summary
        says it does with the callee."""
        verdict = self.a.summary(local)
        if verdict == "call":
            return self.called(node, states)
        if verdict == "handoff":
            return self.handed(node, states)
        if verdict == "maybe":
            return _states(PathState(s.calls, True, s.handed, s.first or node, s.why) for s in states.values())
        return states

    def continued(self, node: Node, states: States, continuations: list[Node], method: str | None) -> States:
        """The continuations of a call scheduled, and the states after it: the callee
        handed to them, or, for a per-element callback, maybe called once or more."""
        iterate = method in ITERATION_METHODS
        # event handlers, and whatever a per-element or event callback starts itself,
        # need not call on every path
        partial = method in EVENT_METHODS or self.partial
        for cont in continuations:
            self.a.schedule(cont, states, partial, iterate)
        if iterate:  # runs per element, in this call: like a loop whose body may call it
            # (whether the array can be empty is not known: the no-call path is a maybe)
            return _union(_states(PathState(s.calls, True, s.handed, s.first, s.why) for s in states.values()),
                          _states(PathState(min(s.calls + 1, 2), s.maybe, s.handed, node, s.why)
                                  for s in states.values()))
        return _states(PathState(s.calls, s.maybe, True, node, s.why) for s in states.values())

    def promise_handlers(self, node: Node, seen: list[Node]) -> list[Node]:
        """In a chain whose handlers call the callee, the rejection handlers must too."""
        uses, handlers = self.a.chain_handlers(node)
        if not uses:
            return []
        extra = []
        for h in handlers:
            if h not in seen and h not in extra:
                extra.append(h)
        return extra

    def called(self, node: Node, states: States) -> States:
        out = []
        for state in states.values():
            if self.record and (state.calls >= 1 or state.handed or self.iterate):
                self.a.repeat(node, state.first, self.iterate and state.calls == 0 and not state.handed)
            out.append(PathState(min(state.calls + 1, 2), state.maybe, state.handed, node, state.why))
        return _states(out)

    def handed(self, node: Node, states: States) -> States:
        out = []
        for state in states.values():
            if self.record and state.calls >= 1:
                self.a.repeat(node, state.first, False)
            out.append(PathState(state.calls, state.maybe, True, node, state.why))
        return _states(out)


def _only_inspects(identifier: Node, parent: Node | None) -> bool:
    """``typeof cb``, ``cb === x``, ``!cb``, ``cb.length``: a look at it, not a use."""
    if parent is None:
        return False
    if parent.type == "UnaryExpression":
        return True
    if parent.type == "BinaryExpression":
        return True
    if parent.type == "MemberExpression" and parent.object is identifier:
        return property_name(parent) not in ("call", "apply", "bind")
    return False


def _passes_target(node: Node, target: Target) -> bool:
    """An argument that hands the callee on: ``cb``, ``cb.bind(...)``, ``{done: cb}``, ``[cb]``."""
    node = unwrap(node)
    if node.type in ("Identifier", "MemberExpression") and target(node):
        return True  # (a member expression only when the analysis has member targets)
    if node.type == "CallExpression":
        callee = unwrap(node.callee)
        return (callee.type == "MemberExpression" and property_name(callee) == "bind"
                and _passes_target(callee.object, target))
    if node.type == "ObjectExpression":
        return any(p.type == "Property" and _passes_target(p.value, target) for p in node.properties)
    if node.type == "ArrayExpression":
        return any(e is not None and _passes_target(e, target) for e in node.elements)
    if node.type in ("ConditionalExpression", "LogicalExpression"):
        parts = (node.consequent, node.alternate) if node.type == "ConditionalExpression" else (node.left, node.right)
        return any(_passes_target(p, target) for p in parts)
    return False


def _always_true(test: Node | None) -> bool:
    return test is None or (test.type == "Literal" and bool(test.value) and test.value is not None)


def _nested_functions(node: Node) -> list[Node]:
    """Function expressions inside an argument (``{success: function () {...}}``)."""
    found = []
    stack = [node]
    while stack:
        current = stack.pop()
        if is_function(current):
            found.append(current)
            continue
        if current.type in ("ObjectExpression", "ArrayExpression", "Property", "ConditionalExpression",
                            "LogicalExpression"):
            stack.extend(children(current))
    return found


def promise_chain(node: Node) -> list[Node]:
    """The ``.then/.catch/.finally`` calls of the chain ending at ``node``, innermost first."""
    chain = []
    current = node
    while _is_promise_call(current):
        chain.append(current)
        current = unwrap(unwrap(current.callee).object)
    return list(reversed(chain))


def _is_promise_call(node: Node | None) -> bool:
    """``x.then(...)``, ``x.catch(...)``, ``x.finally(...)``: a link of a promise chain."""
    if node is None or node.type != "CallExpression":
        return False
    callee = unwrap(node.callee)
    return callee.type == "MemberExpression" and property_name(callee) in PROMISE_METHODS
