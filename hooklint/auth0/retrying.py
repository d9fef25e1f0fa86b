"""Retries (HL301, HL302): where a hook retries a request, why, how long it waits, and whether it stops.

Answers ``retries(hook)``: recursion, loops and requests issued again from a 429 branch, each
with what triggers it (a 429 / rate-limit header or an error), its delay (``Delay``) and
whether an attempt counter or deadline bounds it; and ``issues_request`` (does a function
make an HTTP or Management API call).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Literal, NamedTuple

from hooklint.js.estree import (FUNCTION_TYPES, Node, children, is_function, member_path, own_nodes, property_name,
                             subtree, unwrap)
from hooklint.js.flow import terminates
from hooklint.js.scope import Variable, pattern_identifiers
from hooklint.js.values import local_function, number_value, resolve, search_resolved, string_value
from hooklint.auth0.conditions import is_timer, path_tests, refers_to, test_of
from hooklint.auth0.bindings import binding
from hooklint.auth0.http import http_calls, is_callback
from hooklint.auth0.management import management_calls
from hooklint.auth0.handling import COMPARISONS, is_429, is_429_test, is_header_read
from hooklint.auth0.program import Program, per_program

RetryKind = Literal["recursion", "loop", "reissue"]

_ERROR_NAMES = frozenset({"err", "error", "e", "ex", "er", "reason", "exception", "failure"})
_STATUS_NAMES = frozenset({"status", "statusCode", "code"})
_SLEEP_MODULES = frozenset({"delay", "sleep-promise", "await-sleep", "p-sleep", "timeout-as-promise", "sleep"})
# `sleep`, `delay(...)`, `waitFor`, `randomDelay`, `exponentialBackoff` (not `awaitResponse`).
_SLEEP_NAME = re.compile(r"^(sleep|delay|wait|pause|back_?off)|(Sleep|Delay|Wait|Pause|Back[oO]ff)")
SHORT_DELAY_MS = 1000


class Delay(NamedTuple):
    node: Node  # the setTimeout / sleep call
    ms: Node | None  # the delay expression, when known
    amount: float | None  # its value when it is a constant

    @property
    def short(self) -> bool:
        """A constant under 1 s (a constant never grows and never comes from the headers)."""
        return self.amount is not None and self.amount < SHORT_DELAY_MS


class Retry(NamedTuple):
    kind: RetryKind
    node: Node  # the retrying call, the re-issued request, or the `continue` that goes round again
    anchor: Node  # the recursive call or the loop statement (HL302's location)
    rate_limited: bool  # reached from a 429 test or a rate-limit header read (else: from an error)
    delay: Delay | None  # what delays it, if anything
    bounded: bool  # an attempt counter on its path is compared with a limit
    name: str  # the function that calls itself, or the loop keyword


@per_program
def retries(hook: Program) -> list[Retry]:
    """Every retry of a request in the file: recursion, loops, requests issued again."""
    return sorted(_recursions(hook) + _loops(hook) + _reissues(hook), key=lambda r: r.node.range[0])


def _triggers(hook: Program, conditions) -> tuple[bool, bool]:
    """(rate limited, error) for the conditions under which a path is taken."""
    rate = error = False
    for test, positive in conditions:
        for kind, holds in _atoms(hook, test, positive, 0):
            if kind == "header" or (kind == "429" and holds):
                rate = True
            if kind == "error" and holds:
                error = True
    return rate, error or rate


def _atoms(hook: Program, node: Node | None, positive: bool, depth: int) -> Iterator[tuple[str, bool]]:
    """What a test says when it is ``positive``: ("429", holds), ("error", holds), ("header", True)."""
    node = unwrap(node)
    if node is None or depth > 6:
        return
    kind = node.type
    if kind == "CatchClause" or kind in FUNCTION_TYPES:  # inside a catch / a rejection handler
        yield "error", True
        return
    if kind == "SwitchCase":
        if node.test is not None and is_429(hook, node.test):
            yield "429", positive
        elif (number_value(node.test, hook.scopes) or 0) >= 400:
            yield "error", positive
        return
    if any(is_header_read(hook, n) for n in subtree(node)):
        yield "header", True
    if kind == "UnaryExpression" and node.operator == "!":
        yield from _atoms(hook, node.argument, not positive, depth + 1)
    elif kind == "LogicalExpression":
        yield from _atoms(hook, node.left, positive, depth + 1)
        yield from _atoms(hook, node.right, positive, depth + 1)
    elif kind == "BinaryExpression" and node.operator in COMPARISONS:
        yield from _comparison(hook, node, positive)
    elif is_429_test(hook, node):
        yield "429", positive
    elif kind == "MemberExpression" and property_name(node) == "ok":
        yield "error", not positive
    elif kind in ("Identifier", "MemberExpression"):
        root = node
        while root.type == "MemberExpression":
            root = unwrap(root.object)
        variable = hook.scopes.variable(root) if root.type == "Identifier" else None
        if variable is not None and variable.kind in ("param", "catch") and root.name.lower() in _ERROR_NAMES:
            yield "error", positive
        elif node.type == "Identifier" and variable is not None:
            value = variable.constant_value()
            if value is not None and not is_function(value):
                yield from _atoms(hook, value, positive, depth + 1)


def _comparison(hook: Program, node: Node, positive: bool) -> Iterator[tuple[str, bool]]:
    op, left, right = node.operator, node.left, node.right
    if is_429(hook, left) or is_429(hook, right):
        yield "429", (not positive) if op in ("!=", "!==") else positive
        return
    if number_value(left, hook.scopes) is not None:  # 400 <= status: read it as status >= 400
        left, right = right, left
        op = {"<": ">", "<=": ">=", ">": "<", ">=": "<="}.get(op, op)
    number = number_value(right, hook.scopes)
    if number is None or not _is_status(hook, left):
        return
    success = 200 <= number < 300
    if op in ("==", "==="):
        failed = True if number >= 400 else (False if success else None)
    elif op in ("!=", "!=="):
        failed = True if success else (False if number >= 400 else None)
    elif op in (">", ">="):
        failed = True if number >= 299 else None
    else:
        failed = False if number <= 400 else None
    if failed is not None:
        yield "error", positive if failed else not positive


def _is_status(hook: Program, node: Node) -> bool:
    node = unwrap(node)
    if node.type == "MemberExpression":
        return property_name(node) in _STATUS_NAMES
    if node.type == "Identifier":
        if node.name in _STATUS_NAMES:
            return True
        value = resolve(node, hook.scopes)
        return value is not node and value is not None and value.type == "MemberExpression" and \
            property_name(value) in _STATUS_NAMES
    return False


def _delay_of(hook: Program, node: Node | None) -> Delay | None:
    """The delay an expression waits for: ``setTimeout(fn, ms)``, ``new Promise(r => setTimeout(r, ms))``,
    a sleep helper of the file, ``timers/promises``, ``delay``-like modules, ``Promise.delay``."""
    node = unwrap(node)
    if node is None:
        return None
    if node.type == "NewExpression" and getattr(unwrap(node.callee), "name", None) == "Promise" and node.arguments:
        for inner in subtree(node.arguments[0]):
            if is_timer(hook, inner):
                return _timer_delay(hook, inner, node)
        return None
    if node.type != "CallExpression":
        return None
    if is_timer(hook, node):
        return _timer_delay(hook, node, node)
    args = node.arguments
    first = args[0] if args and args[0].type != "SpreadElement" else None
    found = binding(hook, node.callee)
    if found is not None and ((found.module == "timers/promises" and found.path == ("setTimeout",)) or
                              (found.module in _SLEEP_MODULES and not found.path) or
                              (found.module == "bluebird" and found.path == ("delay",))):
        return Delay(node, first, number_value(first, hook.scopes) if first is not None else None)
    if member_path(node.callee) in ("Promise.delay", "Bluebird.delay"):
        return Delay(node, first, number_value(first, hook.scopes) if first is not None else None)
    value = resolve(node.callee, hook.scopes)
    if value is not None and value.type == "CallExpression" and \
            member_path(value.callee) in ("util.promisify", "promisify") and value.arguments and \
            getattr(value.arguments[0], "name", "") == "setTimeout":
        return Delay(node, first, number_value(first, hook.scopes) if first is not None else None)
    fn = local_function(node.callee, hook.scopes)
    if fn is not None:
        timer = next((n for n in subtree(fn) if is_timer(hook, n)), None)
        if timer is None:
            return None
        ms = timer.arguments[1] if len(timer.arguments) > 1 else None
        if ms is not None and ms.type == "Identifier":
            variable = hook.scopes.variable(ms)
            params = [hook.scopes.variable(p) if p.type == "Identifier" else None for p in fn.params]
            if variable is not None and variable in params:
                index = params.index(variable)
                ms = args[index] if index < len(args) and args[index].type != "SpreadElement" else None
                return Delay(node, ms, number_value(ms, hook.scopes) if ms is not None else None)
        return Delay(node, ms, number_value(ms, hook.scopes) if ms is not None else 0.0)
    callee = unwrap(node.callee)
    name = callee.name if callee.type == "Identifier" else (
        property_name(callee) if callee.type == "MemberExpression" else None)
    if name and _SLEEP_NAME.search(name) and fn is None:
        return Delay(node, first, None)  # an unknown sleep helper: its unit and growth are unknown
    return None


def _timer_delay(hook: Program, timer: Node, node: Node) -> Delay:
    ms = timer.arguments[1] if len(timer.arguments) > 1 else None
    return Delay(node, ms, number_value(ms, hook.scopes) if ms is not None else 0.0)


def _awaited_delays(hook: Program, statements: list[Node]) -> Iterator[Delay]:
    for statement in statements:
        for node in own_nodes(statement):
            if node.type == "AwaitExpression":
                found = _delay_of(hook, node.argument)
                if found is not None:
                    yield found


def _delay_before(hook: Program, node: Node, boundary: Node | None) -> Delay | None:
    """What delays ``node``: a timer or ``.then`` of a sleep it runs in, or an awaited sleep before it."""
    current = node
    if current.type == "CallExpression" and is_timer(hook, current):
        return _timer_delay(hook, current, current)
    for parent in hook.tree.ancestors(node):
        if parent is boundary:
            return None
        kind = parent.type
        if kind == "CallExpression" and current in parent.arguments:
            if is_timer(hook, parent) and parent.arguments[0] is current:
                return _timer_delay(hook, parent, parent)
            callee = unwrap(parent.callee)
            if callee.type == "MemberExpression" and property_name(callee) in ("then", "finally"):
                found = _delay_of(hook, callee.object)
                if found is not None:
                    return found
        elif kind in ("BlockStatement", "Program"):
            before = []
            for statement in parent.body:
                if statement is current:
                    break
                before.append(statement)
            found = next(_awaited_delays(hook, before), None)
            if found is not None:
                return found
        current = parent
    return None


def _named_functions(hook: Program) -> Iterator[tuple[Node, Variable]]:
    for scope in hook.scopes.scopes:
        for variable in scope.variables.values():
            if variable.kind == "function-name":
                yield variable.definitions[0], variable
                continue
            value = variable.constant_value()
            if is_function(value):
                yield value, variable


@per_program
def request_ids(hook: Program) -> set[int]:
    """The ids of every HTTP and Management API call of the file (built once: it was rebuilt
    per function and per ``await``)."""
    return {id(c.call) for c in http_calls(hook)} | {id(c.call) for c in management_calls(hook)}


def issues_request(hook: Program, fn: Node, depth: int = 0) -> bool:
    """Does a function make an HTTP or Management API call (itself or through local helpers)?"""
    memo = hook.table(issues_request)
    if id(fn) in memo:
        return memo[id(fn)]
    memo[id(fn)] = False
    requests = request_ids(hook)
    found = False
    for node in hook.tree.within(fn, "CallExpression"):
        if id(node) in requests:
            found = True
            break
        helper = local_function(node.callee, hook.scopes)
        if helper is not None and helper is not fn and depth < 3 and issues_request(hook, helper, depth + 1):
            found = True
            break
    memo[id(fn)] = found
    return found


def _site(hook: Program, reference: Node) -> tuple[Node, list[Node] | None] | None:
    """The call that re-runs a function from a reference to it, with the arguments it gets."""
    parent = hook.tree.parent(reference)
    if parent is None or parent.type != "CallExpression":
        return None
    if unwrap(parent.callee) is reference:
        return parent, list(parent.arguments)
    if reference in parent.arguments:
        if is_timer(hook, parent) and parent.arguments[0] is reference:
            return parent, list(parent.arguments[2:])
        return parent, None
    return None


def _counters(hook: Program, fn: Node, scope_node: Node, args: list[Node] | None) -> set[int]:
    """Variables that change between attempts: parameters passed changed (``attempt + 1``), and
    variables from outside ``fn`` that ``scope_node`` updates (``retries--``, ``n += 1``)."""
    out: set[int] = set()
    if args is not None:
        for index, declared in enumerate(fn.params):
            param = declared.left if declared.type == "AssignmentPattern" else declared
            if param.type == "Identifier" and index < len(args):
                variable = hook.scopes.variable(param)
                arg = unwrap(args[index])
                if arg is not None and not (arg.type == "Identifier" and hook.scopes.variable(arg) is variable) \
                        and refers_to(hook, arg, {id(variable)}):
                    out.add(id(variable))
    inner = {id(n) for n in subtree(fn)}
    for node in subtree(scope_node):
        variable = _updated(hook, node)
        if variable is not None and id(variable.scope.node) not in inner:
            out.add(id(variable))
    return out


def _updated(hook: Program, node: Node):
    """The variable a counter update changes: ``n++``, ``n -= 1``, ``n = n + 1``."""
    if node.type == "UpdateExpression" and node.argument.type == "Identifier":
        return hook.scopes.variable(node.argument)
    if node.type == "AssignmentExpression" and node.left.type == "Identifier":
        variable = hook.scopes.variable(node.left)
        if variable is not None and (node.operator in ("+=", "-=") or
                                     (node.operator == "=" and refers_to(hook, node.right, {id(variable)}))):
            return variable
    return None


def _recursions(hook: Program) -> list[Retry]:
    found = []
    for fn, variable in _named_functions(hook):
        if not issues_request(hook, fn):
            continue
        places = [fn]
        for node in subtree(fn):  # handlers it hands on: function attempt() { request(o, handle); }
            if node.type == "Identifier":
                other = local_function(node, hook.scopes)
                if other is not None and other is not fn and other not in places and \
                        not (fn.range[0] <= other.range[0] and other.range[1] <= fn.range[1]):
                    places.append(other)
        for place in places:
            guards = [] if place is fn else _entry_guards(fn)
            for ref in variable.references:
                node = ref.identifier
                if ref.is_write or not place.range[0] <= node.range[0] < place.range[1]:
                    continue
                site = _site(hook, node)
                if site is None:
                    continue
                call, args = site
                conditions = list(path_tests(hook, call, place)) + guards
                rate, error = _triggers(hook, conditions)
                if not (error or _error_handler(hook, call, node)):
                    continue
                counters = _counters(hook, fn, place, args)
                bounded = any(refers_to(hook, test_of(test), counters) or _time_check(hook, test_of(test))
                              for test, _ in conditions)
                found.append(Retry("recursion", call, call, rate, _delay_before(hook, call, place), bounded,
                                   variable.name))
    return found


def _error_handler(hook: Program, call: Node, reference: Node) -> bool:
    """The function is handed on as an error handler: ``.catch(f)``, ``.then(ok, f)``, ``.on('error', f)``."""
    callee = unwrap(call.callee)
    name = property_name(callee) if callee.type == "MemberExpression" else None
    args = call.arguments
    if name == "catch":
        return bool(args) and args[0] is reference
    if name == "then":
        return len(args) > 1 and args[1] is reference
    if name in ("on", "once") and len(args) > 1 and args[1] is reference:
        return string_value(args[0], hook.scopes) in ("error", "timeout")
    return False


def _time_check(hook: Program, test: Node | None) -> bool:
    """A deadline in a test: ``Date.now() < deadline``, ``elapsed > 5000`` with
    ``const elapsed = Date.now() - start``."""
    return search_resolved(test, hook.scopes, _reads_clock, 2)


def _reads_clock(node: Node) -> bool | None:
    if node.type == "CallExpression" and member_path(node.callee) in ("Date.now", "performance.now"):
        return True
    if node.type == "NewExpression" and getattr(unwrap(node.callee), "name", None) == "Date" and not node.arguments:
        return True
    return None


def _entry_guards(fn: Node) -> list[tuple[Node, bool]]:
    body = fn.body.body if fn.body.type == "BlockStatement" else []
    return [(s.test, False) for s in body
            if s.type == "IfStatement" and s.alternate is None and terminates(s.consequent)]


_LOOPS = ("WhileStatement", "DoWhileStatement", "ForStatement")


def _in_loop(hook: Program, node: Node, loop: Node) -> bool:
    """Is ``loop`` the nearest loop around ``node``, with no function in between?"""
    for parent in hook.tree.ancestors(node):
        if parent is loop:
            return True
        if parent.type in _LOOPS or parent.type in ("ForInStatement", "ForOfStatement", *FUNCTION_TYPES):
            return False
    return False


def _awaited_request(hook: Program, node: Node) -> Node | None:
    """The request an ``await`` waits for (directly, or through a local helper that makes it)."""
    requests = request_ids(hook)
    for inner in own_nodes(node.argument):
        if inner.type == "CallExpression":
            if id(inner) in requests:
                return inner
            helper = local_function(inner.callee, hook.scopes)
            if helper is not None and issues_request(hook, helper):
                return inner
    return None


def _loops(hook: Program) -> list[Retry]:
    """Loops that await the same request again in a later round, on a condition an error
    (or a rate limit) triggers."""
    found = []
    for loop in hook.tree.of_types(*_LOOPS):
        mine = [n for n in own_nodes(loop) if n is not loop and _in_loop(hook, n, loop)]
        awaited = _loop_requests(hook, mine)
        if not awaited or _rounds_differ(hook, loop, mine, awaited):
            continue
        if terminates(loop.body, loop=True) and not any(n.type == "ContinueStatement" for n in mine):
            continue
        points = _retry_points(hook, loop, mine, awaited[0][1])
        if not points:
            continue
        limited = [p for p in points if p[1]]
        node, rate = (limited or points)[0]
        bounded = _loop_bounded(hook, loop, mine)
        found.append(Retry("loop", node, loop, rate, _loop_delay(hook, loop), bounded, _LOOP_KEYWORDS[loop.type]))
    return found


_LOOP_KEYWORDS = {"WhileStatement": "while", "DoWhileStatement": "do…while", "ForStatement": "for"}


def _loop_requests(hook: Program, mine: list[Node]) -> list[tuple[Node, Node]]:
    """Each ``await`` of the loop's own nodes ``mine`` that waits for a request, with the
    request."""
    return [(n, r) for n in mine if n.type == "AwaitExpression" for r in [_awaited_request(hook, n)] if r]


def _rounds_differ(hook: Program, loop: Node, mine: list[Node], awaited: list[tuple[Node, Node]]) -> bool:
    """Does each round ask for something else (iteration, a queue or paging, not a retry):
    does an awaited expression use a value the loop changes from round to round?"""
    changed = {id(v) for n in mine for v in [_written(hook, n)] if v is not None}
    if loop.type == "ForStatement" and loop.init is not None and loop.init.type == "VariableDeclaration":
        changed |= {id(hook.scopes.variable(d.id)) for d in loop.init.declarations if d.id.type == "Identifier"}
    declared = [n for n in mine if n.type == "VariableDeclarator" and n.init is not None]
    for _ in range(3):  # per-round values: `const item = queue.shift()`, `const id = ids[i]`
        changed |= {id(hook.scopes.variable(i)) for n in declared
                    if refers_to(hook, n.init, changed) or _consumes(n.init) for i in pattern_identifiers(n.id)}
    # The whole awaited expression counts, not only the request's arguments: the body or
    # query of a chained request (`superagent.post(url).send(item)`) changes it too.
    return any(refers_to(hook, n.argument, changed) or _consumes(n.argument) for n, _ in awaited)


def _retry_points(hook: Program, loop: Node, mine: list[Node], request: Node) -> list[tuple[Node, bool]]:
    """Where the loop goes round again on an error, and whether on a rate limit: its test,
    an ``if`` that stays in the loop or one that leaves it otherwise, a ``catch`` that stays.
    ``request`` is the loop's first awaited request, the point of a round without a
    ``continue``."""
    points: list[tuple[Node, bool]] = []
    round_again = _last_continue(loop.body) or request  # where the next round starts
    if loop.test is not None:
        rate, error = _triggers(hook, [(loop.test, True)])
        if error:
            points.append((round_again, rate))
    for node in mine:
        if node.type == "IfStatement":
            if not terminates(node.consequent, loop=True):
                rate, error = _triggers(hook, [(node.test, True)])
                if error:
                    points.append((_last_continue(node.consequent) or request, rate))
            elif node.alternate is None:
                rate, error = _triggers(hook, [(node.test, False)])
                if error:
                    points.append((round_again, rate))
        elif node.type == "TryStatement" and node.handler is not None and not terminates(node.handler.body, loop=True):
            points.append((round_again, False))
    return points


def _loop_bounded(hook: Program, loop: Node, mine: list[Node]) -> bool:
    """Does the loop's test, or an ``if`` that leaves it, read a counter the loop updates or
    the clock?"""
    counters = {id(v) for n in mine for v in [_updated(hook, n)] if v is not None}
    guards = [loop.test] + [n.test for n in mine if n.type == "IfStatement" and terminates(n.consequent, loop=True)]
    return any(refers_to(hook, t, counters) or _time_check(hook, t) for t in guards if t is not None)


def _loop_delay(hook: Program, loop: Node) -> Delay | None:
    """The wait between rounds: the first one that is not short, else the first one."""
    delays = list(_awaited_delays(hook, [loop.body]))
    return next((d for d in delays if not d.short), delays[0] if delays else None)

def _consumes(node: Node) -> bool:
    """``queue.shift()``, ``items.pop()``, ``it.next()``: each round takes another item."""
    return any(n.type == "CallExpression" and unwrap(n.callee).type == "MemberExpression" and
               property_name(unwrap(n.callee)) in ("shift", "pop", "splice", "next") for n in subtree(node))


def _written(hook: Program, node: Node):
    if node.type == "UpdateExpression" and node.argument.type == "Identifier":
        return hook.scopes.variable(node.argument)
    if node.type == "AssignmentExpression" and node.left.type == "Identifier":
        return hook.scopes.variable(node.left)
    return None


def _last_continue(statement: Node) -> Node | None:
    if statement.type == "ContinueStatement":
        return statement
    if statement.type == "BlockStatement" and statement.body:
        return _last_continue(statement.body[-1])
    return None


def _reissues(hook: Program) -> list[Retry]:
    """The same request issued again (once) from a 429 branch after the first one."""
    requests: list[tuple[Node, tuple]] = []
    for call in management_calls(hook):
        if call.client is not None:
            requests.append((call.call, ("sdk", id(call.client), call.method)))
    for http in http_calls(hook):
        requests.append((http.call, ("http", http.library, http.method)))
    found = []
    # A first request can only match when it has the same key and its enclosing function (or
    # the program) encloses the second one: group them so, instead of trying every pair.
    program = hook.tree.program
    scopes = {id(call): hook.tree.enclosing_function(call) or program for call, _ in requests}
    groups: dict[tuple, list[tuple[int, Node]]] = {}
    for index, (call, key) in enumerate(requests):
        groups.setdefault((key, id(scopes[id(call)])), []).append((index, call))
    for second, key in requests:
        around = [a for a in hook.tree.ancestors(second) if a.type in FUNCTION_TYPES] + [program]
        candidates = sorted(pair for scope in around for pair in groups.get((key, id(scope)), ()))
        for _, first in candidates:  # in the order of ``requests``, as the pair loop tried them
            scope = scopes[id(first)]
            if first is second or first.range[0] >= second.range[0] or \
                    not scope.range[0] <= second.range[0] < scope.range[1] or \
                    not _same(hook, first.arguments, second.arguments, skip_functions=True):
                continue
            rate, _ = _triggers(hook, list(path_tests(hook, second, scope)))
            if rate:
                name = member_path(second.callee) or "the request"
                found.append(Retry("reissue", second, second, True, _delay_before(hook, second, scope), True, name))
                break
    return found


def _same(hook: Program, a, b, skip_functions: bool = False) -> bool:
    """Structural equality of two expressions (identifiers compared by the variable they name)."""
    if isinstance(a, list) or isinstance(b, list):
        items_a = [x for x in a if not (skip_functions and is_callback(hook, x))]
        items_b = [x for x in b if not (skip_functions and is_callback(hook, x))]
        return len(items_a) == len(items_b) and all(_same(hook, x, y) for x, y in zip(items_a, items_b, strict=True))
    if a is None or b is None:
        return a is b
    if a.type != b.type:
        return False
    if a.type == "Identifier":
        va, vb = hook.scopes.variable(a), hook.scopes.variable(b)
        return va is vb if va is not None or vb is not None else a.name == b.name
    if a.type == "Literal":
        return a.value == b.value and a.raw == b.raw
    if a.type == "TemplateElement":
        return a.value.cooked == b.value.cooked
    for attr in ("operator", "computed", "name"):
        if getattr(a, attr, None) != getattr(b, attr, None):
            return False
    return _same(hook, list(children(a)), list(children(b)))
