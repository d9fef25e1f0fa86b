"""The structural Action rules (actions-rules.md HL110, HL113, HL117) and what makes them
reachable: a file whose ES named exports name an entry point is an Action."""

from __future__ import annotations

import pytest

from conftest import active, lint
from hooklint.actions import model
from hooklint.checks.hl113_undefined_in_actions_runtime import LEFTOVERS
from hooklint.hooks.model import Hook
from hooklint.js.parse import ParseError, parse
from hooklint.js.source import Source
from hooklint.run.engine import build_program

BODY = "{ api.access.deny('no'); }"


def program(text: str):
    source = Source(path="code.js", text=text)
    parsed = parse(source.text)
    assert not isinstance(parsed, ParseError), parsed
    return build_program(source, parsed)


# ----- ES exports make an Action ---------------------------------------------------------


@pytest.mark.parametrize("text", [
    f"export async function onExecutePostLogin(event, api) {BODY}",
    f"export const onExecutePostLogin = async (event, api) => {BODY};",
    f"export const version = 2, onExecutePostLogin = async function (event, api) {BODY};",
    f"const onExecutePostLogin = async (event, api) => {BODY};\nexport {{ onExecutePostLogin }};",
    f"const handle = async (event, api) => {BODY};\nexport {{ handle as onExecutePostLogin }};",
    f"import axios from 'axios';\nexports.onExecutePostLogin = async (event, api) => {BODY};",
])
def test_es_exports_of_an_entry_point_make_an_action(text):
    action = program(text)
    assert isinstance(action, model.Action)
    assert action.trigger.point == "post-login" and action.trigger.how == "inferred"
    assert action.function is not None and action.function.params[0].name == "event"
    assert action.param_name("api") == "api"


def test_es_export_trigger_inference_by_name():
    action = program(f"export const onExecuteCredentialsExchange = async (event, api) => {BODY};")
    assert action.trigger.point == "credentials-exchange"
    both = program(f"export async function onExecutePostLogin(event, api) {BODY}\n"
                   f"export async function onExecuteSendPhoneMessage(event, api) {BODY}")
    assert both.trigger.point is None and "entry points of different triggers" in both.trigger.evidence


def test_a_reexported_entry_point_is_an_action_without_a_function():
    action = program("export { onExecutePostLogin } from './impl';")
    assert isinstance(action, model.Action)
    assert [(e.name, e.function) for e in action.entry_points] == [("onExecutePostLogin", None)]
    assert active(lint("export { onExecutePostLogin } from './impl';", {"HL110"}), "HL110") == []


@pytest.mark.parametrize("text", [
    "export default function (user, context, cb) { cb(); }",
    "import got from 'got';\nmodule.exports = function (user, context, cb) { got('x').then(() => cb()); };",
    "export const handler = async (event, api) => {};",
    "export function onexecutePostLogin(event, api) {}",  # not an entry point's shape
])
def test_es_modules_without_an_entry_point_stay_hooks(text):
    assert isinstance(program(text), Hook)


def test_a_hook_with_import_keeps_its_findings():
    text = "import got from 'got';\nmodule.exports = function (user, context, cb) { got('x'); };\n"
    result = lint(text)
    assert result.kind == "hook"
    # as before ES exports were read: a module's `module.exports` is no hook export (HL100)
    assert {f.rule_id for f in active(result)} == {"HL100", "HL304"}
    assert not {"HL110", "HL113", "HL117"} & set(result.rules_run)


# ----- HL110 ---------------------------------------------------------------------------------


def _regions(text: str, rule: str):
    return [(f.region.start_line, f.region.start_column, f.region.end_line, f.region.end_column)
            for f in active(lint(text, {rule}), rule)]


def test_hl110_head_regions():
    # an arrow: its parameters
    assert _regions("exports.onExecutePostLogin = (event, api) => {};", "HL110") == [(1, 31, 1, 41)]
    assert _regions("exports.onExecutePostLogin = event => {};", "HL110") == [(1, 30, 1, 35)]
    assert _regions("exports.onExecutePostLogin = () => {};", "HL110") == [(1, 30, 1, 36)]
    # a function: the keyword
    assert _regions("exports.onExecutePostLogin = function (event, api) {};", "HL110") == [(1, 30, 1, 38)]
    assert _regions("  function onExecutePostLogin(e, a) {}\nexports.onExecutePostLogin = onExecutePostLogin;",
                    "HL110") == [(1, 3, 1, 11)]
    # a method: its name
    assert _regions("module.exports = {\n  onExecutePostLogin(event, api) {}\n};", "HL110") == [(2, 3, 2, 21)]


def test_hl110_every_entry_point_once_per_function():
    text = ("const go = async (event, api) => {};\nfunction resume(event, api) { return Promise.resolve(); }\n"
            "exports.onExecutePostLogin = go;\nexports.onContinuePostLogin = resume;\n")
    [finding] = active(lint(text, {"HL110"}), "HL110")
    assert finding.region.start_line == 2 and "`onContinuePostLogin`" in finding.message
    shared = ("function handle(event, api) {}\n"
              "exports.onExecutePostLogin = handle;\nexports.onContinuePostLogin = handle;")
    [finding] = active(lint(shared, {"HL110"}), "HL110")
    assert "`onExecutePostLogin` and `onContinuePostLogin`" in finding.message


@pytest.mark.parametrize("value, fires", [
    ("async (event, api) => {}", False),
    ("async function (event, api) {}", False),
    ("function (event, api) { return Promise.resolve(); }", True),
    ("async function* (event, api) {}", True),  # an AsyncGeneratorFunction, not an AsyncFunction
    ("wrap(async (event, api) => {})", False),  # not certainly a function of this file
    ("require('./impl').onExecutePostLogin", False),
])
def test_hl110_values(value, fires):
    found = active(lint(f"exports.onExecutePostLogin = {value};", {"HL110"}), "HL110")
    assert bool(found) == fires, [f.message for f in found]


def test_hl110_is_action_only():
    assert active(lint("module.exports = function (user, context, cb) { cb(); };", {"HL110"}), "HL110") == []


# ----- HL113 ---------------------------------------------------------------------------------


def test_hl113_names_are_the_documented_ones():
    assert set(LEFTOVERS) == {"callback", "cb", "done", "context", "configuration", "auth0",
                              "PreUserRegistrationError", "InvalidScopeError", "InvalidRequestError", "ServerError",
                              "SendPhoneMessageError", "ExtensibilityUserError", "UnauthorizedError"}


@pytest.mark.parametrize("use, advice", [
    ("cb(null, {})", "`return` when done"),
    ("callback()", "`return api.access.deny(…)`"),
    ("setTimeout(done, 1)", "(there is no callback)"),
    ("console.log(context.webtask.secrets.KEY)", "`event.secrets.NAME`"),
    ("console.log(context?.webtask?.secrets?.KEY)", "`event.secrets.NAME`"),
    ("console.log(context.webtask.storage)", "no equivalent"),
    ("console.log(context.request.ip)", "`event.request`"),
    ("console.log(configuration.KEY)", "`event.secrets.NAME`"),
    ("auth0.users.updateAppMetadata('x', {})", "`api.user.setAppMetadata`"),
    ("throw new PreUserRegistrationError('a', 'b')", "`return api.access.deny(reason, userMessage)`"),
    ("throw new InvalidScopeError('a')", "`return api.access.deny('invalid_scope', message)`"),
    ("throw new InvalidRequestError('a')", "`return api.access.deny('invalid_request', message)`"),
    ("throw new ServerError('a')", "`return api.access.deny('server_error', message)`"),
    ("throw new SendPhoneMessageError('a')", "`throw new Error(message)`"),
    ("throw new ExtensibilityUserError('a')", "`return api.access.deny(…)`"),
    ("throw new UnauthorizedError('a')", "`access_denied`"),
])
def test_hl113_each_name_says_what_to_use_instead(use, advice):
    [finding] = active(lint(f"exports.onExecutePostLogin = async (event, api) => {{\n  {use};\n}};", {"HL113"}),
                       "HL113")
    assert finding.region.start_line == 2 and "ReferenceError" in finding.message
    assert advice in finding.message, finding.message


@pytest.mark.parametrize("text", [
    "if (typeof cb === 'function') { cb(); }",
    "const ok = typeof configuration !== 'undefined' && configuration.A;",
    "const done = () => {}; done();",
    "function helper(callback) { callback(); } helper(() => {});",
    "try { x(); } catch (context) { console.log(context); }",
])
def test_hl113_silent_on_declared_and_typeof(text):
    found = active(lint(f"exports.onExecutePostLogin = async (event, api) => {{ {text} }};", {"HL113"}), "HL113")
    assert found == [], [f.message for f in found]


def test_hl113_a_sloppy_global_assignment_defines_the_name():
    text = "done = function () {};\nexports.onExecutePostLogin = async (event, api) => { done(); };"
    assert active(lint(text, {"HL113"}), "HL113") == []


def test_hl113_every_use_at_the_identifier():
    text = "exports.onExecutePostLogin = async (event, api) => {\n  if (!event.user) return cb();\n  cb(null);\n};"
    found = active(lint(text, {"HL113"}), "HL113")
    assert [(f.region.start_line, f.region.start_column, f.region.end_column) for f in found] == [(2, 27, 29),
                                                                                                (3, 3, 5)]


def test_hl113_is_action_only():
    # a hook whose callback is misnamed is HL106's, not HL113's
    assert active(lint("module.exports = function (user, context, cb) { callback(); };", {"HL113"})) == []


# ----- HL117 ---------------------------------------------------------------------------------


def test_hl117_reports_each_statement_with_its_commonjs_form():
    text = ("import * as qs from 'node:querystring';\nimport 'dotenv/config';\n"
            "import { get as httpGet, post } from 'axios';\n"
            "export async function onExecutePostLogin(event, api) {}\n")
    found = active(lint(text, {"HL117"}), "HL117")
    assert [f.region.start_line for f in found] == [1, 2, 3, 4]
    assert "`const qs = require('node:querystring')`" in found[0].message
    assert "`require('dotenv/config')`" in found[1].message
    assert "`const { get: httpGet, post } = require('axios')`" in found[2].message
    assert "`exports.onExecutePostLogin = onExecutePostLogin;`" in found[3].message
    assert found[3].region.end_line == 4


def test_hl117_silent_on_commonjs_and_dynamic_import():
    text = "exports.onExecutePostLogin = async (event, api) => { const m = await import('got'); };"
    assert program(text).parsed.source_type == "script"
    assert active(lint(text, {"HL117"}), "HL117") == []
