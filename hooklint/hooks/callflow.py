"""The hook's callback through the flow service, computed once per file for HL102-HL104.

The hook function is analysed with its callback (and aliases, and a misnamed
``callback(...)`` that HL106 reports) as the callee; then every helper of the file that
the callback is delegated to (``notify(user, cb)``) is analysed with the receiving
parameter as the callee, transitively.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal, NamedTuple, TYPE_CHECKING

from hooklint.hooks import callbacks
from hooklint.js.estree import Node, is_async, is_function, own_nodes, property_name, unwrap
from hooklint.js.flow import FlowAnalysis, FlowResult, Target, promise_chain
from hooklint.auth0.program import per_program, subtrees

if TYPE_CHECKING:
    from hooklint.hooks.model import Hook

HandoffKind = Literal["await", "for-await", "throw", "chain"]


@dataclass
class Analysed:
    function: Node  # the hook, or a helper that receives the callback
    name: str  # what the callback is called there
    target: Target
    result: FlowResult
    analysis: FlowAnalysis  # asked again by HL104 (``references``, its answers kept)


@dataclass
class CallbackFlow:
    analysed: list[Analysed] = field(default_factory=list)

    def functions(self) -> list[tuple[Node, Analysed]]:
        """Every function analysed (hooks, helpers, continuations) with its analysis."""
        out = []
        for item in self.analysed:
            out.append((item.function, item))
            out.extend((cont, item) for cont in item.result.continuations)
        return out


def _target(hook: Hook) -> tuple[Target, str] | None:
    param = callbacks.callback_param(hook)
    if param is None:
        return None
    variables = {id(v) for v in callbacks.callback_variables(hook)}
    # A shadowing declaration called as if it were the callback is HL106's finding; the
    # flow counts its calls as the callback's, so one mistake gives one finding.
    variables |= {id(s.variable) for s in callbacks.shadowing(hook)}
    misnamed = {id(c.identifier) for c in callbacks.misnamed_calls(hook, passed=True)}
    scopes = hook.scopes

    def target(identifier: Node) -> bool:
        if id(identifier) in misnamed:
            return True
        ref = scopes.reference(identifier)
        return ref is not None and ref.variable is not None and id(ref.variable) in variables

    return target, param.name


def _param_target(hook: Hook, fn: Node, index: int) -> tuple[Target, str] | None:
    if not 0 <= index < len(fn.params) or fn.params[index].type != "Identifier":
        return None
    param = fn.params[index]
    variable = hook.scopes.variable(param)
    scopes = hook.scopes

    def target(identifier: Node) -> bool:
        ref = scopes.reference(identifier)
        return ref is not None and ref.variable is variable

    return target, param.name


@per_program
def callback_flow(hook: Hook) -> CallbackFlow | None:
    """The flow analysis of the hook's callback (cached on the hook)."""
    flow = None
    found = _target(hook) if hook.function is not None else None
    if found is not None:
        flow = CallbackFlow()
        work = [(hook.function, found)]
        done: set[tuple[int, int]] = set()
        while work:
            fn, (target, name) = work.pop(0)
            analysis = FlowAnalysis(subtrees(hook), target)
            result = analysis.run(fn)
            flow.analysed.append(Analysed(fn, name, target, result, analysis))
            for helper, index, _call in result.delegations:
                key = (id(helper), index)
                if key in done or helper is hook.function:
                    continue
                done.add(key)
                param = _param_target(hook, helper, index)
                if param is not None:
                    work.append((helper, param))
    return flow


# ----- HL104: errors that escape without reaching the callback --------------------------


def _protected(node: Node, fn: Node, hook: Hook, target: Target) -> bool:
    """Inside the ``try`` block of a try statement whose ``catch`` reaches the callee."""
    child = node
    for parent in hook.tree.ancestors(node):
        if parent is fn:
            return False
        if parent.type == "TryStatement" and child is parent.block and parent.handler is not None:
            # The catch takes the error: it no longer escapes. If the catch (or what follows
            # it) then misses the callback, that is HL102's finding, not this one.
            return True
        child = parent
    return False


def _caught_chain(node: Node, analysis: FlowAnalysis) -> bool:
    """``p.then(...).catch(h)`` or ``p.then(ok, h)`` where ``h`` reaches the callee."""
    for call in promise_chain(node):
        method = property_name(unwrap(call.callee))
        handler = call.arguments[0] if method == "catch" and call.arguments else (
            call.arguments[1] if method == "then" and len(call.arguments) > 1 else None)
        if handler is not None and (is_function(handler) or analysis.references(handler)):
            return True
    return False


def _in_caught_chain(fn: Node, hook: Hook, analysis: FlowAnalysis) -> bool:
    """A `.then` handler of a chain that has a `.catch` reaching the callee: its errors
    become the chain's rejection, which that `.catch` handles."""
    node = hook.tree.parent(fn)
    if node is None or node.type != "CallExpression":
        return False
    while True:  # up to the outermost call of the chain
        member = hook.tree.parent(node)
        outer = hook.tree.parent(member) if member is not None else None
        if (member is None or member.type != "MemberExpression" or outer is None
                or outer.type != "CallExpression" or unwrap(outer.callee) is not member
                or property_name(member) not in ("then", "catch", "finally")):
            break
        node = outer
    return _caught_chain(node, analysis)


class Escape(NamedTuple):
    node: Node
    kind: HandoffKind
    function: Node
    name: str


def escapes(hook: Hook) -> list[Escape]:
    """Awaits, throws and promise chains whose errors never reach the callback."""
    flow = callback_flow(hook)
    if flow is None:
        return []
    found: list[Escape] = []
    seen: set[int] = set()
    for fn, item in flow.functions():
        if id(fn) in seen:
            continue
        seen.add(id(fn))
        is_hook = fn is item.function
        handled = _in_caught_chain(fn, hook, item.analysis)
        for node in own_nodes(fn.body):
            kind = node.type
            if kind == "ForOfStatement" and getattr(node, "allowAwait", False) and is_async(fn) and not handled:
                # `for await` awaits on every iteration (esprima-fork names ESTree's `await` flag allowAwait)
                if not _protected(node, fn, hook, item.target):
                    found.append(Escape(node, "for-await", fn, item.name))
            elif kind == "AwaitExpression" and is_async(fn) and not handled:
                argument = unwrap(node.argument)
                if not _protected(node, fn, hook, item.target) and not (
                        argument.type == "CallExpression" and _caught_chain(argument, item.analysis)):
                    found.append(Escape(node, "await", fn, item.name))
            elif kind == "ThrowStatement" and (is_hook or is_async(fn)) and not handled \
                    and not _protected(node, fn, hook, item.target):
                found.append(Escape(node, "throw", fn, item.name))
            elif kind in ("ExpressionStatement", "ReturnStatement"):
                # A `try` does not see a promise's rejection: only a `.catch` handles it.
                expression = unwrap(node.expression if kind == "ExpressionStatement" else node.argument)
                if expression is None or expression.type != "CallExpression":
                    continue
                chain = promise_chain(expression)
                handlers = [a for call in chain for a in call.arguments if is_function(a)]
                if (chain and any(item.analysis.references(h) for h in handlers)
                        and not _caught_chain(expression, item.analysis)):
                    found.append(Escape(expression, "chain", fn, item.name))
    return found
