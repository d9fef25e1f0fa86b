"""The fixes rules offer (issue 18): every fixable rule's fixes over its own fixtures (the
text parses after the fix, the finding is gone, a second pass changes nothing, the fix's
class is its doc's), and exact before/after texts of HL203's, HL105's, HL121's and HL110's
fixes, with the places where they must not be offered."""

from __future__ import annotations

import pytest

from conftest import FIXTURES, REPO, active, lint
from hooklint import fixes
from hooklint.js.parse import ParseError, parse, with_deep_stack
from hooklint.checks import registry as registry_mod
from hooklint.findings import Fix

# The classes decided for issue 18 (the docs' front matter must say the same).
CLASSES = {"HL201": "unsafe", "HL105": "unsafe", "HL112": "unsafe", "HL115": "unsafe",
           "HL121": "safe", "HL110": "safe", "HL203": "safe", "HL222": "safe"}
EVERY_CLASS = frozenset({"safe", "unsafe"})


def _parses(text: str) -> bool:
    return not isinstance(with_deep_stack(lambda: parse(text)), ParseError)


def _fixtures(rule_id: str):
    return sorted((FIXTURES / rule_id).glob("*.js"))


def _linter(rule_id: str, path: str):
    return lambda text: lint(text, {rule_id}, path=path)


def _shifted(line: int, fix: Fix) -> int:
    """Where a line is after the fix: moved down by the line breaks inserted above it."""
    return line + sum(edit.text.count("\n") for edit in fix.edits if edit.region.start_line <= line)


@pytest.mark.parametrize("rule_id", sorted(CLASSES))
def test_doc_classes_each_fix(rule_id):
    assert registry_mod.load().docs[rule_id].fix == CLASSES[rule_id]


@pytest.mark.parametrize("rule_id", sorted(CLASSES))
def test_fixes_over_fixtures(rule_id):
    offered = 0
    for file in _fixtures(rule_id):
        path = file.relative_to(REPO).as_posix()
        text = file.read_text(encoding="utf-8")
        lint_text = _linter(rule_id, path)
        result = lint_text(text)
        before = active(result, rule_id)
        for finding in before:
            if finding.fix is None:
                continue
            offered += 1
            where = f"{path}:{finding.region.start_line}"
            assert finding.fix.applicability == CLASSES[rule_id], where
            new_text, applied = fixes.apply(text, [finding.fix])
            assert applied == [finding.fix] and new_text != text, where
            assert _parses(new_text), f"{where}: the fix leaves unparseable code:\n{new_text}"
            after = active(lint_text(new_text), rule_id)
            assert len(after) < len(before), f"{where}: the fix settles nothing"
            line = finding.region.start_line
            on_line = sum(f.region.start_line == line for f in before)
            moved = _shifted(line, finding.fix)
            assert sum(f.region.start_line == moved for f in after) < on_line, f"{where}: still fires there"
        # every fix of the file, until stable; then a second run changes nothing
        outcome = fixes.fix_text(text, result, lint_text, EVERY_CLASS)
        assert outcome.unsettled is None and not outcome.dropped, (path, outcome.unsettled, outcome.dropped)
        assert _parses(outcome.text), path
        assert not fixes.fixable(outcome.result, EVERY_CLASS), path
        again = fixes.fix_text(outcome.text, outcome.result, lint_text, EVERY_CLASS)
        assert again.text == outcome.text and not again.fixed, path
    assert offered >= 1, f"no fixture of {rule_id} shows its fix"


# ----- exact fixes on small inputs ---------------------------------------------------------

CX = "// hooklint: point=credentials-exchange\nmodule.exports = function (client, scope, audience, context, cb) {\n"
END = "  cb(null, {});\n};\n"

# (rule, file name, text before, text after): each also run with CRLF line ends and with
# non-ASCII lines (a non-BMP character: two UTF-16 units) before the edit.
EXACT = [
    ("HL203", "hook.js", CX + "  var admin = scope.includes('admin');\n" + END,
     CX + "  var admin = (scope || []).includes('admin');\n" + END),
    ("HL203", "hook.js", CX + "  var token = { scope: scope };\n  var n = token.scope.length;\n" + END,
     CX + "  var token = { scope: scope };\n  var n = (token.scope || []).length;\n" + END),
    ("HL203", "hook.js", CX + "  var s = '\U0001F600 ' + scope.join(' ');\n" + END,
     CX + "  var s = '\U0001F600 ' + (scope || []).join(' ');\n" + END),
    ("HL203", "hook.js", CX + "  log();\n  scope.forEach(log);\n  for (const s of scope) log(s);\n"
                         "  f(...scope);\n" + END,
     CX + "  log();\n  (scope || []).forEach(log);\n  for (const s of (scope || [])) log(s);\n"
          "  f(...(scope || []));\n" + END),
    ("HL105", "hook.js", CX + "  return cb('denied');\n};\n", CX + "  return cb(new Error('denied'));\n};\n"),
    ("HL105", "hook.js", CX + "  return cb(`d\u00e9nied \U0001F600`);\n};\n",
     CX + "  return cb(new Error(`d\u00e9nied \U0001F600`));\n};\n"),
    ("HL121", "code.js", "const axios = require('axios@1.6.0');\nexports.onExecutePostLogin = async () => {};\n",
     "const axios = require('axios');\nexports.onExecutePostLogin = async () => {};\n"),
    ("HL121", "code.js", "const w = require(\"@slack/webhook@6.1.0\");\nexports.onExecutePostLogin = async () => {};\n",
     "const w = require(\"@slack/webhook\");\nexports.onExecutePostLogin = async () => {};\n"),
    # a subpath stays: dropping it would load another module
    ("HL121", "code.js", "const c = require('axios@1.6.0/lib/core');\nexports.onExecutePostLogin = async () => {};\n",
     "const c = require('axios/lib/core');\nexports.onExecutePostLogin = async () => {};\n"),
    ("HL121", "code.js", "const c = require('@auth0/x@2.0.0/lib/y');\nexports.onExecutePostLogin = async () => {};\n",
     "const c = require('@auth0/x/lib/y');\nexports.onExecutePostLogin = async () => {};\n"),
    ("HL110", "code.js", "exports.onExecutePostLogin = (event, api) => {\n  api.access.deny('x');\n};\n",
     "exports.onExecutePostLogin = async (event, api) => {\n  api.access.deny('x');\n};\n"),
    ("HL110", "code.js", "exports.onExecutePostLogin = event => {\n  console.log(event);\n};\n",
     "exports.onExecutePostLogin = async event => {\n  console.log(event);\n};\n"),
    ("HL110", "code.js", "exports.onExecutePostLogin = () => {};\n",
     "exports.onExecutePostLogin = async () => {};\n"),
    ("HL110", "code.js", "exports.onExecutePostLogin = function (event, api) {\n  return;\n};\n",
     "exports.onExecutePostLogin = async function (event, api) {\n  return;\n};\n"),
    ("HL110", "code.js", "function handler(event, api) {}\nexports.onExecutePostLogin = handler;\n",
     "async function handler(event, api) {}\nexports.onExecutePostLogin = handler;\n"),
    ("HL110", "code.js", "export function onExecutePostLogin(event, api) {}\n",
     "export async function onExecutePostLogin(event, api) {}\n"),
    ("HL110", "code.js", "const handler = function (event, api) {};\nconst alias = handler;\n"
                         "module.exports = { onExecutePostLogin: alias };\n",
     "const handler = async function (event, api) {};\nconst alias = handler;\n"
     "module.exports = { onExecutePostLogin: alias };\n"),
    ("HL110", "code.js",
     "module.exports = {\n  onExecutePostLogin(event, api) {\n    api.access.deny('x');\n  },\n};\n",
     "module.exports = {\n  async onExecutePostLogin(event, api) {\n    api.access.deny('x');\n  },\n};\n"),
]

NON_ASCII = "// r\u00e9sum\u00e9 \u2603 \U0001F600 caf\u00e9\n"


def _variants(before: str, after: str):
    yield "lf", before, after
    yield "crlf", before.replace("\n", "\r\n"), after.replace("\n", "\r\n")
    # a non-ASCII line before the edit (after the pragma, which a hook's first line holds)
    first, rest = before.split("\n", 1)
    first_after, rest_after = after.split("\n", 1)
    yield "non-ascii", f"{first}\n{NON_ASCII}{rest}", f"{first_after}\n{NON_ASCII}{rest_after}"


CASES = [(rule, name, variant, b, a) for rule, name, before, after in EXACT
         for variant, b, a in _variants(before, after)]


@pytest.mark.parametrize("rule_id, name, variant, before, after", CASES,
                         ids=[f"{c[0]}-{n}-{c[2]}" for n, c in enumerate(CASES)])
def test_exact_fix(rule_id, name, variant, before, after):
    lint_text = _linter(rule_id, name)
    result = lint_text(before)
    offered = [f for f in active(result, rule_id) if f.fix is not None]
    assert offered, [f.message for f in active(result, rule_id)]
    assert all(f.fix is not None and f.fix.applicability == CLASSES[rule_id] for f in offered)
    outcome = fixes.fix_text(before, result, lint_text, EVERY_CLASS)
    assert outcome.text == after
    assert not active(outcome.result, rule_id)
    assert fixes.fix_text(after, outcome.result, lint_text, EVERY_CLASS).text == after


def test_hl121_fix_names_the_dependency():
    result = lint("const axios = require('@scope/x@1.2.3');\nexports.onExecutePostLogin = async () => {};\n",
                  {"HL121"}, path="code.js")
    [finding] = active(result, "HL121")
    assert finding.fix is not None
    assert finding.fix.description == ("Require `@scope/x`; declare the dependency @scope/x@1.2.3 in the "
                                       "Action's dependencies")


# ----- where no fix is offered -------------------------------------------------------------

NO_FIX = [
    # a mutating method: the push would be lost on `(scope || [])` instead of failing
    ("HL203", "hook.js", CX + "  scope.push('read:extra');\n" + END),
    # a write: it would go to a throwaway array
    ("HL203", "hook.js", CX + "  scope.length = 0;\n" + END),
    ("HL203", "hook.js", CX + "  [scope.first] = ['a'];\n" + END),
    # `(` would start a statement after one without `;`: `g\n(scope || [])` calls g
    ("HL203", "hook.js", CX + "  var f = g\n  scope.forEach(log);\n" + END),
    # not a literal, an empty string, a template with an expression, a local `Error`
    ("HL105", "hook.js", CX + "  var REASON = 'denied';\n  return cb(REASON);\n};\n"),
    ("HL105", "hook.js", CX + "  return cb('');\n};\n"),
    ("HL105", "hook.js", CX + "  return cb(`blocked ${client.name}`);\n};\n"),
    ("HL105", "hook.js", CX + "  return cb('Blocked: ' + client.name);\n};\n"),
    ("HL105", "hook.js", CX + "  var Error = function () {};\n  return cb('denied');\n};\n"),
    # a constant, an escaped character, a template
    ("HL121", "code.js", "const NAME = 'axios@1.6.0';\nconst a = require(NAME);\n"
                         "exports.onExecutePostLogin = async () => {};\n"),
    ("HL121", "code.js", "const a = require('axios\\u00401.6.0');\nexports.onExecutePostLogin = async () => {};\n"),
    ("HL121", "code.js", "const a = require(`axios@1.6.0`);\nexports.onExecutePostLogin = async () => {};\n"),
    # a deploy-cli token in the version: the parsed text is not the file's
    ("HL121", "code.js", "const a = require('axios@##VERSION##');\nexports.onExecutePostLogin = async () => {};\n"),
    # a generator, an async generator, a returned value, an expression body, `await` as a
    # name, a handler the file calls
    ("HL110", "code.js", "exports.onExecutePostLogin = function* (event, api) {};\n"),
    ("HL110", "code.js", "exports.onExecutePostLogin = async function* (event, api) {};\n"),
    ("HL110", "code.js", "exports.onExecutePostLogin = function (event, api) {\n  return work(event);\n};\n"),
    ("HL110", "code.js", "exports.onExecutePostLogin = (event, api) => api.access.deny('x');\n"),
    ("HL110", "code.js", "exports.onExecutePostLogin = function (event, api) {\n  var await = 1;\n};\n"),
    ("HL110", "code.js", "function handler(event, api) {}\nexports.onExecutePostLogin = handler;\n"
                         "exports.onContinuePostLogin = async (event, api) => { handler(event, api); };\n"),
    ("HL110", "code.js", "const handler = function (event, api) {};\nconst alias = handler;\n"
                         "exports.onExecutePostLogin = alias;\nsetTimeout(alias, 10);\n"),
    ("HL110", "code.js", "exports.onExecutePostLogin = function (event, api) {};\n"
                         "exports.onContinuePostLogin = async (e, api) => { exports.onExecutePostLogin(e, api); };\n"),
    # called through `.call`, an alias of the export, a destructuring of the exports
    ("HL110", "code.js", "exports.onExecutePostLogin = function (event, api) {};\n"
                         "exports.onExecutePostLogin.call(null, {}, {});\n"),
    ("HL110", "code.js", "exports.onExecutePostLogin = function (event, api) {};\n"
                         "const h = exports.onExecutePostLogin;\nh({}, {});\n"),
    ("HL110", "code.js", "exports.onExecutePostLogin = function (event, api) {};\n"
                         "const { onExecutePostLogin } = exports;\nonExecutePostLogin({}, {});\n"),
    # the exports read by a key not known, or whole: any entry point may be called
    ("HL110", "code.js", "exports.onExecutePostLogin = function (event, api) {};\n"
                         "exports[`onExecutePostLogin`]({}, {});\n"),
    ("HL110", "code.js", "exports.onExecutePostLogin = function (event, api) {};\n"
                         "exports['onExecute' + 'PostLogin']({}, {});\n"),
    ("HL110", "code.js", "exports.onExecutePostLogin = function (event, api) {};\n"
                         "const k = process.env.K;\nexports[k]({}, {});\n"),
    ("HL110", "code.js", "exports.onExecutePostLogin = function (event, api) {};\n"
                         "Object.values(exports).forEach((f) => f({}, {}));\n"),
    ("HL110", "code.js", "module.exports.onExecutePostLogin = function (event, api) {};\n"
                         "for (const k in module.exports) module.exports[k]({}, {});\n"),
    # two versions of one module: one dependency serves both requires
    ("HL121", "code.js", "const a = require('lodash@3');\nconst b = require('lodash@4');\n"
                         "exports.onExecutePostLogin = async () => {};\n"),
    # through a helper's parameter: another caller may pass a string (`first('')` is '', not [])
    ("HL203", "hook.js", CX + "  function first(list) { return list.slice(0, 1); }\n  first(client.name || '');\n"
                         "  var s = first(scope);\n" + END),
]


@pytest.mark.parametrize("rule_id, name, text", NO_FIX, ids=[f"{c[0]}-{n}" for n, c in enumerate(NO_FIX)])
def test_no_fix_offered(rule_id, name, text):
    findings = active(lint(text, {rule_id}, path=name), rule_id)
    assert findings, "the case must be a finding, else it shows nothing"
    assert all(f.fix is None for f in findings), [f.fix for f in findings]


def test_no_fix_in_embedded_code_that_is_not_verbatim(tmp_path):
    """Code embedded in metadata other than verbatim (a quoted string, whose escapes move
    characters) is never fixed: the edit would not map back exactly (tests/test_inline_fixes.py
    has the heredoc and YAML block cases, which are)."""
    from hooklint.js.source import Source
    from hooklint.run.config import Config
    from hooklint.run.engine import Engine
    registry = registry_mod.load()
    engine = Engine(registry, Config(), {"HL203", "HL105"})
    text = CX + "  scope.forEach(log);\n  return cb('denied');\n};\n"
    source = Source(path="hook.js", text=text, origin="hooks.tf", line_offset=3, column_offset=2)
    result, error = engine.check_source(source)
    assert error is None
    found = active(result)
    assert {f.rule_id for f in found} == {"HL203", "HL105"}
    assert all(f.fix is None for f in found)
    verbatim, _ = engine.check_source(Source(path="hook.js", text=text, origin="hooks.tf", line_offset=3,
                                             column_offset=2, verbatim=True))  # a heredoc: one-line edits map
    assert {f.rule_id for f in active(verbatim) if f.fix is not None} == {"HL203", "HL105"}
