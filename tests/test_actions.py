"""Actions as input (issue 15, first slice): which file is an Action, its exported entry
points and handler, its trigger and how it was decided, and which rules run on it
(actions-rules.md, "What is an Action, and its trigger"; auth0-actions.md §1.0, §2.1)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import active, lint
from hooklint.actions import model, triggers
from hooklint.checks.catalog import CatalogError, parse_doc
from hooklint.findings import PointDecision
from hooklint.hooks.model import Hook
from hooklint.js.parse import ParseError, parse
from hooklint.js.source import Source
from hooklint.run.config import ConfigError, parse_config
from hooklint.run.engine import build_program

HANDLER = "async (event, api) => { api.access.deny('no'); }"


def program(text: str, hint: PointDecision | None = None, path: str = "code.js"):
    source = Source(path=path, text=text, point_hint=hint)
    parsed = parse(source.text)
    assert not isinstance(parsed, ParseError), parsed
    return build_program(source, parsed)


# ----- the trigger catalogue -------------------------------------------------------------


def test_catalogue_lists_the_documented_triggers():
    assert triggers.TRIGGER_IDS == (
        "post-login", "credentials-exchange", "pre-user-registration", "post-user-registration",
        "post-change-password", "send-phone-message", "password-reset-post-challenge", "custom-phone-provider",
        "custom-email-provider", "custom-token-exchange", "event-stream")
    blocking = {t.id for t in triggers.TRIGGERS.values() if t.blocking}
    assert blocking == {"post-login", "credentials-exchange", "pre-user-registration", "send-phone-message",
                        "password-reset-post-challenge", "custom-token-exchange"}
    assert triggers.ENTRY_POINTS["onContinuePostChallenge"] == "password-reset-post-challenge"
    assert "samlResponse" in triggers.TRIGGERS["post-login"].api
    assert triggers.TRIGGERS["post-user-registration"].api == frozenset({"cache"})


# ----- kind and export shapes ------------------------------------------------------------


@pytest.mark.parametrize("text", [
    f"exports.onExecutePostLogin = {HANDLER};",
    f"module.exports.onExecutePostLogin = {HANDLER};",
    f"module.exports = {{ onExecutePostLogin: {HANDLER} }};",
    "module.exports = { async onExecutePostLogin(event, api) { api.access.deny('no'); } };",
    f"const onExecutePostLogin = {HANDLER};\nmodule.exports = {{ onExecutePostLogin }};",
    "async function handle(event, api) { api.access.deny('no'); }\nexports.onExecutePostLogin = handle;",
    f"const handle = {HANDLER};\nconst alias = handle;\nexports.onExecutePostLogin = alias;",
    f"module.exports = {{ 'onExecutePostLogin': {HANDLER} }};",
])
def test_each_export_shape_is_an_action_with_its_handler(text):
    action = program(text)
    assert isinstance(action, model.Action) and action.kind == "action"
    assert action.trigger == PointDecision("post-login", "inferred", "exports onExecutePostLogin")
    assert action.function is not None and action.function.params[0].name == "event"
    assert action.param_name("event") == "event" and action.param_name("api") == "api"


@pytest.mark.parametrize("text", [
    "module.exports = async (event, api) => { api.access.deny('no'); };",  # a hook's shape (or v1)
    "module.exports = function (user, context, cb) { cb(); };",
    "exports.handler = async (event, api) => {};",
    "exports.onexecutePostLogin = async (event, api) => {};",  # not an entry point's shape
    "function f() { exports.onExecutePostLogin = async (event, api) => {}; }",  # not at the top level
])
def test_no_entry_point_is_a_hook(text):
    assert isinstance(program(text), Hook)


def test_on_continue_alone_decides_its_trigger():
    action = program(f"exports.onContinuePostChallenge = {HANDLER};")
    assert action.trigger.point == "password-reset-post-challenge"


def test_handler_is_the_decided_triggers_first_entry_point():
    action = program("exports.onContinuePostLogin = async (e2, a2) => {};\n"
                     "exports.onExecutePostLogin = async (event, api) => {};")
    assert action.trigger == PointDecision("post-login", "inferred", "exports onContinuePostLogin, onExecutePostLogin")
    assert action.param_name("event") == "event"
    assert [e.name for e in action.entry_points] == ["onContinuePostLogin", "onExecutePostLogin"]


def test_entry_point_that_is_not_a_function_has_no_handler():
    action = program("exports.onExecutePostLogin = require('./impl');")
    assert isinstance(action, model.Action)
    assert action.trigger.point == "post-login" and action.function is None and action.roles == {}


def test_entry_points_of_two_triggers_decide_nothing():
    action = program(f"exports.onExecutePostLogin = {HANDLER};\nexports.onExecuteCredentialsExchange = {HANDLER};")
    assert action.trigger.point is None and action.trigger.how == "undetermined"
    assert "(post-login)" in action.trigger.evidence and "(credentials-exchange)" in action.trigger.evidence
    assert action.param_name("event") == "event"  # the first entry point is the handler


# ----- trigger resolution order ----------------------------------------------------------

PRAGMA_TEXT = f"// hooklint: point=credentials-exchange\nexports.onExecutePostLogin = {HANDLER};"


def test_option_wins_over_pragma_and_names():
    action = program(PRAGMA_TEXT, PointDecision("send-phone-message", "option", "--point"))
    assert action.trigger == PointDecision("send-phone-message", "option", "--point")


def test_config_wins_over_pragma():
    hint = PointDecision("event-stream", "config", "config `points` glob `*.js`")
    assert program(PRAGMA_TEXT, hint).trigger == hint


def test_pragma_wins_over_names():
    assert program(PRAGMA_TEXT).trigger == PointDecision("credentials-exchange", "pragma", "`hooklint: point=` comment")


def test_option_naming_no_trigger_decides_nothing():
    action = program(PRAGMA_TEXT, PointDecision("password-exchange", "option", "--point"))
    assert action.trigger.point is None and action.trigger.invalid == "password-exchange"


def test_metadata_hint_of_a_hook_is_not_an_actions_trigger():
    hint = PointDecision("send-phone-message", "metadata", "hook metadata")
    assert program(f"exports.onExecutePostLogin = {HANDLER};", hint).trigger.point == "post-login"


def test_hook_given_a_trigger_only_id_decides_nothing():
    hook = program("module.exports = function (user, context, cb) { cb(); };",
                   PointDecision("post-login", "option", "--point"))
    assert isinstance(hook, Hook)
    assert hook.point.point is None and hook.point.invalid == "post-login" and hook.roles == {}


def test_shared_id_keeps_its_meaning_by_kind():
    hint = PointDecision("credentials-exchange", "option", "--point")
    hook = program("module.exports = function (client, scope, audience, context, cb) { cb(null, {}); };", hint)
    action = program(f"exports.onExecuteCredentialsExchange = {HANDLER};", hint)
    assert hook.roles.keys() == {"client", "scope", "audience", "context", "callback"}
    assert action.roles.keys() == {"event", "api"}


# ----- rules by kind ---------------------------------------------------------------------


def test_hook_only_rules_do_not_run_on_actions():
    result = lint(f"exports.onExecutePostLogin = {HANDLER};")
    assert result.kind == "action"
    assert active(result, "HL100") == []  # a hook would be told it exports no function
    assert not set(result.rules_run) - {"HL000", "HL001", "HL002", "HL108", "HL110", "HL111", "HL112", "HL113",
                                        "HL114", "HL115", "HL117", "HL118", "HL119", "HL120", "HL121", "HL205",
                                        "HL206", "HL220", "HL221", "HL222", "HL223", "HL300", "HL301", "HL302",
                                        "HL303", "HL304", "HL305", "HL400", "HL401", "HL402", "HL403"}
    assert {"HL002", "HL108", "HL110", "HL113", "HL117", "HL400", "HL402"} <= set(result.rules_run)


def test_unknown_trigger_is_reported_at_the_entry_point():
    result = lint("'use strict';\nexports.onExecutePostLogn = async (event, api) => {};", select={"HL002"})
    [finding] = active(result, "HL002")
    assert finding.region.start_line == 2
    assert finding.message.startswith("trigger unknown (exports `onExecutePostLogn`")
    assert "did you mean `onExecutePostLogin`" in finding.message and "checked this Action" in finding.message


def test_hardcoded_secret_advice_follows_the_kind():
    literal = "const c = { clientSecret: 'q7Zk2mVx9pLw4RtY8sNb3HcJ6fGd1eKa' };\n"
    [action] = active(lint(literal + f"exports.onExecutePostLogin = {HANDLER};", select={"HL400"}))
    [hook] = active(lint(literal + "module.exports = function (user, context, cb) { cb(); };", select={"HL400"}))
    assert action.message.endswith("read the Action's source, its history or its exports can use it; "
                                   "store it as an Action secret and read it from `event.secrets.NAME`")
    assert hook.message.endswith("read the hook's source, its history or its exports can use it; "
                                 "store it as a hook secret and read it from `context.webtask.secrets`")


def test_findings_carry_the_trigger():
    result = lint("exports.onExecutePostLogin = async (event, api) => { _.noop(); };", select={"HL108"})
    assert [f.point for f in active(result)] == ["post-login"]


def test_doc_kinds_default_and_validation(registry):
    assert registry.docs["HL100"].kinds == ("hook",)
    assert {d.id for d in registry.docs.values() if "action" in d.kinds} == {
        "HL000", "HL001", "HL002", "HL108", "HL110", "HL111", "HL112", "HL113", "HL114", "HL115", "HL116", "HL117",
        "HL118", "HL119", "HL120", "HL121", "HL205", "HL206", "HL220", "HL221", "HL222", "HL223", "HL300", "HL301",
        "HL302", "HL303", "HL304", "HL305", "HL400", "HL401", "HL402", "HL403"}
    text = registry.docs["HL108"].text
    doc = parse_doc("HL108-implicit-module-global.md", text)
    assert doc.applies_to("post-login", "action") and doc.applies_to(None, "hook")
    hook_only = parse_doc("HL108-implicit-module-global.md", text.replace('kinds = ["hook", "action"]\n', ""))
    assert hook_only.kinds == ("hook",) and not hook_only.applies_to("post-login", "action")
    both = 'kinds = ["hook", "action"]'
    limited = parse_doc("HL108-implicit-module-global.md", text.replace(both, both + '\ntriggers = ["post-login"]'))
    assert limited.applies_to("post-login", "action") and not limited.applies_to("credentials-exchange", "action")
    for bad in ('kinds = ["rule"]', 'kinds = []', 'kinds = ["hook"]\ntriggers = ["post-login"]',
                'kinds = ["action"]\ntriggers = ["post-logn"]'):
        with pytest.raises(CatalogError):
            parse_doc("HL108-implicit-module-global.md", text.replace('kinds = ["hook", "action"]', bad))


# ----- the command line and the config ---------------------------------------------------


def test_cli_point_takes_a_trigger_and_json_says_the_kind(hooklint_exe, tmp_path: Path):
    import subprocess

    (tmp_path / "code.js").write_text(f"exports.onExecutePostLogin = {HANDLER};\n", encoding="utf-8")
    (tmp_path / "hook.js").write_text("module.exports = function (user, context, cb) { cb(); };\n", encoding="utf-8")
    out = subprocess.run([hooklint_exe, "check", str(tmp_path), "--no-cache", "--point", "event-stream", "-f", "json"],
                         capture_output=True, text=True, timeout=60)
    assert out.returncode in (0, 1), out.stderr
    files = {Path(f["path"]).name: f for f in json.loads(out.stdout)["files"]}
    assert (files["code.js"]["kind"], files["code.js"]["point"], files["code.js"]["point_source"]) == \
        ("action", "event-stream", "option")
    assert (files["hook.js"]["kind"], files["hook.js"]["point"]) == ("hook", None)


def test_config_points_take_trigger_ids_and_still_refuse_typos(registry):
    config = parse_config({"points": {"actions/*.js": "post-login", "hooks/*.js": "send-phone-message"}},
                          Path(".hooklint.toml"), "", registry.docs)
    assert config.points == {"actions/*.js": "post-login", "hooks/*.js": "send-phone-message"}
    with pytest.raises(ConfigError, match="post-logn"):
        parse_config({"points": {"*.js": "post-logn"}}, Path(".hooklint.toml"), "", registry.docs)


def test_rules_and_explain_show_kinds(hooklint_exe):
    import subprocess

    rows = json.loads(subprocess.run([hooklint_exe, "rules", "-f", "json"], capture_output=True, text=True,
                                     timeout=60, check=True).stdout)
    by_id = {row["id"]: row for row in rows}
    assert (by_id["HL402"]["kinds"], by_id["HL402"]["triggers"]) == (["hook", "action"], ["all"])
    assert (by_id["HL100"]["kinds"], by_id["HL100"]["triggers"]) == (["hook"], [])
    shown = subprocess.run([hooklint_exe, "explain", "HL108"], capture_output=True, text=True, timeout=60).stdout
    assert "kinds: hook, action; points: all; triggers: all;" in shown


def test_kind_survives_the_cache(hooklint_exe, tmp_path: Path):
    import os
    import subprocess

    (tmp_path / "code.js").write_text(f"exports.onExecutePostLogin = {HANDLER};\n", encoding="utf-8")
    env = {**os.environ, "HOOKLINT_CACHE_DIR": str(tmp_path / ".cache")}
    kinds = []
    for _ in range(2):  # cold, then from the cache
        out = subprocess.run([hooklint_exe, "check", str(tmp_path / "code.js"), "-f", "json"], capture_output=True,
                             text=True, timeout=60, env=env)
        kinds.append([(f["kind"], f["point"]) for f in json.loads(out.stdout)["files"]])
    assert kinds == [[("action", "post-login")]] * 2
    assert any((tmp_path / ".cache").rglob("*")), "the second run should have been answered by the cache"
