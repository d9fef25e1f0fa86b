"""Actions kept by auth0-deploy-cli (YAML and directory format), Terraform and Management
API exports: the metadata makes a file an Action and decides its trigger (after the
pragma), findings point into the metadata file for inline code and for metadata values;
HL111 and HL121 read what the metadata says (trigger version, dependencies)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from conftest import REPO
from hooklint.actions import dependencies as action_dependencies
from hooklint.auth0 import sdk_version
from hooklint.auth0.handling import sdk_retry_in_force
from hooklint.checks import registry as registry_mod
from hooklint.js.parse import parse
from hooklint.js.source import Source
from hooklint.run import discover
from hooklint.run.config import Config
from hooklint.run.engine import Engine, build_program
from hooklint.run.metadata import read

DATA = REPO / "tests" / "data" / "actions"
ALL = ("HL000", "HL002", "HL101", "HL102", "HL111", "HL121", "HL400")
POST_LOGIN = ("exports.onExecutePostLogin = async (event, api) => {\n"
              "  api.idToken.setCustomClaim('https://x/a', 1);\n};\n")


def run(tmp_path, monkeypatch, *paths, select=ALL, point=None):
    monkeypatch.chdir(tmp_path)
    engine = Engine(registry_mod.load(), Config(root=tmp_path), set(select))
    return engine.run([Path(p) for p in paths] or [Path(".")], point)


def found(result):
    return sorted((f.path, f.rule_id, f.region.start_line, f.region.start_column) for f in result.findings)


def files(result):
    return {f.path: (f.kind, f.decision.point if f.decision else None, f.decision.how if f.decision else None)
            for f in result.files}


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    return path


def copy(tmp_path: Path, name: str) -> Path:
    shutil.copytree(DATA / name, tmp_path / name)
    return tmp_path / name


def column(path: Path, line: int, needle: str) -> int:
    """The 1-based column of ``needle`` on a 1-based line of a file (ASCII test data)."""
    return path.read_text().splitlines()[line - 1].index(needle) + 1


# ----- deploy-cli YAML ----------------------------------------------------------------------


def test_deploy_cli_yaml_block_and_flow_styles_with_hooks_beside(tmp_path, monkeypatch):
    root = copy(tmp_path, "deploy-cli-yaml")
    result = run(root, monkeypatch)
    assert result.errors == []
    assert files(result) == {
        "hooks/signup-guard.js": ("hook", "pre-user-registration", "metadata"),
        "actions/add-roles/code.js": ("action", "post-login", "metadata"),  # block style
        "actions/m2m-tier/code.js": ("action", "credentials-exchange", "metadata"),  # flow style
        "actions/legacy-v1/code.js": ("action", "post-login", "metadata"),  # no entry point: still an Action
    }
    tenant = root / "tenant.yaml"
    assert found(result) == [
        # lodash is not among add-roles' dependencies (axios, auth0)
        ("actions/add-roles/code.js", "HL121", 3, 19),
        # credentials-exchange exports post-login's entry point
        ("actions/m2m-tier/code.js", "HL111", 2, 1),
        # the retired v1 contract, at the version value of the flow mapping
        ("tenant.yaml", "HL111", 34, column(tenant, 34, "v1")),
    ]
    [v1] = [f for f in result.findings if f.path == "tenant.yaml"]
    assert "retired" in v1.message and "`v3`" in v1.message
    assert (v1.region.end_line, v1.region.end_column) == (34, column(tenant, 34, "v1") + 2)
    decision = {f.path: f.decision for f in result.files}["actions/add-roles/code.js"]
    assert decision.evidence == "supported_triggers id in tenant.yaml"


def test_yaml_entries_carry_version_runtime_and_dependencies():
    add_roles, m2m, legacy, hook = read(DATA / "deploy-cli-yaml" / "tenant.yaml")
    assert (hook.action, hook.trigger) == (False, "pre-user-registration")
    assert (add_roles.action, add_roles.name, add_roles.trigger, add_roles.version, add_roles.runtime) == \
        (True, "add-roles", "post-login", "v3", "node22")
    assert add_roles.dependencies == {"axios": "1.7.2", "auth0": "latest"} and add_roles.dependencies_listed
    assert add_roles.trigger_at is not None and (add_roles.trigger_at.line, add_roles.trigger_at.width) == (27, 10)
    assert (m2m.trigger, m2m.version, m2m.dependencies, m2m.dependencies_listed) == \
        ("credentials-exchange", "v2", {}, True)
    assert (legacy.version, legacy.dependencies_listed, legacy.runtime) == ("v1", False, None)
    assert legacy.script_path == (DATA / "deploy-cli-yaml" / "actions" / "legacy-v1" / "code.js").resolve()


def test_yaml_unknown_trigger_id_is_hl002_at_the_value(tmp_path, monkeypatch):
    write(tmp_path / "actions" / "a" / "code.js", POST_LOGIN)
    write(tmp_path / "tenant.yaml", "actions:\n  - name: a\n    code: ./actions/a/code.js\n"
                                    "    supported_triggers:\n      - id: post-logn\n        version: v3\n")
    result = run(tmp_path, monkeypatch)
    assert found(result) == [("tenant.yaml", "HL002", 5, 13)]
    [finding] = result.findings
    assert finding.region.end_column == 13 + len("post-logn")
    assert "did you mean `post-login`" in finding.message
    assert files(result)["actions/a/code.js"] == ("action", None, "metadata")


def test_yaml_literal_block_code_is_linted_in_place(tmp_path, monkeypatch):
    tenant = write(tmp_path / "tenant.yaml", """actions:
  - name: inline
    supported_triggers: [{id: post-login, version: v3}]
    code: |
      const _ = require('lodash@4.17.21');
      exports.onExecutePostLogin = async (event, api) => {
        api.idToken.setCustomClaim('https://x/a', _.now());
      };
""")
    result = run(tmp_path, monkeypatch)
    assert files(result) == {"tenant.yaml#inline": ("action", "post-login", "metadata")}
    assert found(result) == [("tenant.yaml", "HL121", 5, column(tenant, 5, "'lodash"))]


def test_yaml_triggers_section_binds_an_action_without_supported_triggers(tmp_path, monkeypatch):
    write(tmp_path / "actions" / "a" / "code.js", POST_LOGIN)
    write(tmp_path / "actions" / "b" / "code.js", POST_LOGIN)
    write(tmp_path / "tenant.yaml", """actions:
  - name: a
    code: ./actions/a/code.js
  - name: b
    code: ./actions/b/code.js
    supported_triggers: [{id: post-login, version: v3}]
triggers:
  credentials-exchange:
    - action_name: a
      display_name: a
    - action_name: b
  post-login: {odd: shape}
  send-phone-message: [just-a-string]
""")
    result = run(tmp_path, monkeypatch)
    assert files(result) == {"actions/a/code.js": ("action", "credentials-exchange", "metadata"),
                             "actions/b/code.js": ("action", "post-login", "metadata")}  # its own wins
    assert found(result) == [("actions/a/code.js", "HL111", 1, 1)]
    [a, _] = read(tmp_path / "tenant.yaml")
    assert a.trigger_at is not None and (a.trigger_at.line, a.trigger_at.column) == (8, 2)


def test_pragma_wins_over_metadata_and_option_over_both(tmp_path, monkeypatch):
    write(tmp_path / "actions" / "a" / "code.js", "// hooklint: point=credentials-exchange\n" + POST_LOGIN)
    write(tmp_path / "tenant.yaml", "actions:\n  - name: a\n    code: ./actions/a/code.js\n"
                                    "    supported_triggers: [{id: post-login, version: v3}]\n")
    result = run(tmp_path, monkeypatch)
    assert files(result)["actions/a/code.js"] == ("action", "credentials-exchange", "pragma")
    assert found(result) == [("actions/a/code.js", "HL111", 2, 1)]
    result = run(tmp_path, monkeypatch, point="post-login")
    assert files(result)["actions/a/code.js"] == ("action", "post-login", "option")
    assert found(result) == []


def test_metadata_decides_over_the_entry_point_names(tmp_path, monkeypatch):
    # the file alone would be decided post-login by its export's name
    write(tmp_path / "actions" / "a" / "code.js", POST_LOGIN)
    write(tmp_path / "tenant.yaml", "actions:\n  - name: a\n    code: ./actions/a/code.js\n"
                                    "    supported_triggers: [{id: send-phone-message, version: v2}]\n")
    result = run(tmp_path, monkeypatch)
    assert files(result)["actions/a/code.js"] == ("action", "send-phone-message", "metadata")
    [finding] = result.findings
    assert (finding.rule_id, finding.region.start_line) == ("HL111", 1)
    assert "onExecuteSendPhoneMessage" in finding.message and "tenant.yaml" in finding.message


# ----- deploy-cli directory format ---------------------------------------------------------


def test_deploy_cli_directory_format(tmp_path, monkeypatch):
    root = copy(tmp_path, "deploy-cli-directory")
    result = run(root, monkeypatch)
    assert result.errors == []
    assert files(result) == {"actions/audit-login/code.js": ("action", "post-login", "metadata")}
    # deploy-cli keyword tokens (@@KEY@@, ##KEY##) parse: no HL000; got is not a listed dependency
    assert found(result) == [("actions/audit-login/code.js", "HL121", 2, 21)]
    [entry] = read(root / "actions" / "audit-login.json")
    assert (entry.kind, entry.runtime, entry.dependencies) == ("deploy-cli-json", "node18", {"axios": "1.6.0"})
    assert entry.script_path == (root / "actions" / "audit-login" / "code.js").resolve()  # against the config root
    assert entry.trigger_at is not None and (entry.trigger_at.line, entry.trigger_at.column) == (12, 13)


def test_directory_format_metadata_file_alone_lints_its_code(tmp_path, monkeypatch):
    root = copy(tmp_path, "deploy-cli-directory")
    result = run(root, monkeypatch, "actions/audit-login.json")
    assert files(result) == {"actions/audit-login/code.js": ("action", "post-login", "metadata")}


def test_module_exports_function_named_by_metadata_is_an_action(tmp_path, monkeypatch):
    write(tmp_path / "actions" / "old" / "code.js",
          "module.exports = async (event, api) => {\n  api.access.deny('no');\n};\n")
    write(tmp_path / "actions" / "old.json", json.dumps(
        {"name": "old", "code": "./actions/old/code.js", "supported_triggers": [{"id": "post-login", "version": "v3"}]},
        indent=2))
    result = run(tmp_path, monkeypatch)
    assert files(result) == {"actions/old/code.js": ("action", "post-login", "metadata")}
    [finding] = result.findings
    assert (finding.path, finding.rule_id, finding.region.start_line, finding.region.start_column) == \
        ("actions/old/code.js", "HL111", 1, 1)
    assert "`module.exports = …`" in finding.message
    # the same file without metadata is a hook, as before
    (tmp_path / "actions" / "old.json").unlink()
    assert files(run(tmp_path, monkeypatch))["actions/old/code.js"][0] == "hook"


# ----- Terraform ---------------------------------------------------------------------------


def test_terraform_actions_and_a_hook_in_one_module(tmp_path, monkeypatch):
    root = copy(tmp_path, "terraform")
    main = root / "main.tf"
    result = run(root, monkeypatch)
    assert result.errors == []
    assert files(result) == {
        "hooks/m2m-claims.js": ("hook", "credentials-exchange", "metadata"),
        "actions/from-file.js": ("action", "post-login", "metadata"),  # file()
        "actions/from-template.js": ("action", "pre-user-registration", "metadata"),  # templatefile()
        "main.tf#heredoc": ("action", "credentials-exchange", "metadata"),
        "main.tf#one_line": ("action", None, "metadata"),
    }
    assert found(result) == [
        ("actions/from-file.js", "HL111", 2, 1),  # only onContinuePostLogin
        ("main.tf", "HL002", 64, column(main, 64, "post-logn")),  # the supported_triggers id value
        ("main.tf", "HL121", 23, column(main, 23, "'axios@")),  # inside the heredoc
        ("main.tf", "HL121", 61, column(main, 61, "'lodash@")),  # inside the one-line string
    ]
    entries = {e.name: e for e in read(main)}
    assert entries["heredoc"].dependencies == {"axios": "1.6.0"} and entries["heredoc"].dependencies_listed
    assert (entries["heredoc"].runtime, entries["heredoc"].version) == ("node22", "v2")
    assert entries["from_template"].template and not entries["from_file"].dependencies_listed
    assert entries["m2m_claims"].action is False and entries["m2m_claims"].trigger == "credentials-exchange"


def test_terraform_v1_version_is_reported_at_the_value(tmp_path, monkeypatch):
    main = write(tmp_path / "main.tf", '''resource "auth0_action" "beta" {
  name = "beta"
  code = <<EOT
module.exports = async (event, context) => {
  return {};
};
EOT
  supported_triggers {
    id      = "credentials-exchange"
    version = "v1"
  }
}
''')
    result = run(tmp_path, monkeypatch)
    assert found(result) == [("main.tf", "HL111", 10, column(main, 10, "v1"))]
    [file] = result.files
    assert file.kind == "action" and "HL121" not in file.rules_run  # no other Action-only rule


def test_terraform_action_with_unfollowed_code_is_silent(tmp_path, monkeypatch):
    write(tmp_path / "main.tf", 'resource "auth0_action" "x" {\n  name = "x"\n  code = var.code\n}\n')
    result = run(tmp_path, monkeypatch)
    assert (result.files, result.errors) == ([], [])


# ----- Management API exports --------------------------------------------------------------


@pytest.mark.parametrize("name", ["actions-array.json", "actions-object.json"])
def test_management_api_export(tmp_path, monkeypatch, name):
    root = copy(tmp_path, "api-export")
    export = root / name
    result = run(root, monkeypatch, name)
    assert files(result) == {f"{name}#deny-blocked": ("action", "post-login", "metadata"),
                             f"{name}#sms-gateway": ("action", "send-phone-message", "metadata")}
    line = next(n for n, text in enumerate(export.read_text().splitlines(), 1) if "twilio" in text)
    # inside the JSON string, past its escaped quotes: `require(\"twilio\")`
    assert found(result) == [(name, "HL121", line, column(export, line, '\\"twilio'))]


def test_export_positions_survive_repeated_keys(tmp_path):
    """Every action object has an `id` of its own: the trigger's `id` is found by its place in
    the document, not by the n-th `"id"` of the file."""
    [first, second] = read(DATA / "api-export" / "actions-array.json")
    text = (DATA / "api-export" / "actions-array.json").read_text().splitlines()
    for entry, trigger in ((first, "post-login"), (second, "send-phone-message")):
        assert entry.trigger == trigger and entry.trigger_at is not None
        assert text[entry.trigger_at.line - 1][entry.trigger_at.column:].startswith(f'{trigger}"')


# ----- problems ----------------------------------------------------------------------------


def test_missing_code_file_is_an_error_and_the_others_are_checked(tmp_path, monkeypatch):
    write(tmp_path / "actions" / "a" / "code.js", "exports.onExecutePostlogin = async (event, api) => {};\n")
    write(tmp_path / "tenant.yaml", "actions:\n  - name: gone\n    code: ./actions/gone/code.js\n"
                                    "    supported_triggers: [{id: post-login, version: v3}]\n"
                                    "  - name: a\n    code: ./actions/a/code.js\n"
                                    "    supported_triggers: [{id: post-login, version: v3}]\n")
    result = run(tmp_path, monkeypatch)
    assert result.errors == ["tenant.yaml: the code file `code.js` of the Action `gone` it names does not exist"]
    assert found(result) == [("actions/a/code.js", "HL111", 1, 1)]  # misspelt, the trigger decided
    assert result.exit_code() == 2


def test_malformed_yaml_with_actions_is_one_error(tmp_path, monkeypatch):
    write(tmp_path / "actions" / "b" / "code.js", POST_LOGIN.replace("PostLogin", "PostLogn"))
    write(tmp_path / "tenant.yaml", "actions:\n  - name: a\n    code: [unclosed\n")
    result = run(tmp_path, monkeypatch)
    [error] = result.errors
    assert error.startswith("tenant.yaml: not valid YAML: ") and "line" in error
    assert found(result) == [("actions/b/code.js", "HL002", 1, 1)]  # still checked


def test_malformed_directory_json_and_entry_without_code(tmp_path, monkeypatch):
    write(tmp_path / "actions" / "broken.json", '{"name": "broken", "code": ')
    write(tmp_path / "actions" / "nocode.json", '{"name": "nocode", "supported_triggers": [{"id": "post-login"}]}')
    write(tmp_path / "actions" / "ok" / "code.js", POST_LOGIN)
    write(tmp_path / "actions" / "ok.json",
          '{"name": "ok", "code": "./actions/ok/code.js", "supported_triggers": [{"id": "post-login"}]}')
    result = run(tmp_path, monkeypatch)
    assert sorted(result.errors) == [
        "actions/broken.json: not valid JSON: Expecting value: line 1 column 28 (char 27)",
        "actions/nocode.json: the Action `nocode` has no `code`",
    ]
    assert files(result) == {"actions/ok/code.js": ("action", "post-login", "metadata")}


def test_other_json_under_an_actions_folder_is_not_metadata(tmp_path, monkeypatch):
    write(tmp_path / "actions" / "tsconfig.json", '{\n  // JSON with comments\n  "compilerOptions": {}\n}\n')
    write(tmp_path / "actions" / "package.json", '{"name": "actions", "dependencies": {"axios": "1.6.0"}}')
    result = run(tmp_path, monkeypatch)
    assert (result.errors, result.files) == ([], [])


def test_yaml_with_actions_of_other_tools_is_not_metadata(tmp_path, monkeypatch):
    """A GitHub workflow names actions (`uses: actions/checkout@v4`) but has no top-level
    `actions:` list: nothing is read, nothing is reported, even when it is not YAML."""
    write(tmp_path / ".github" / "workflows" / "ci.yml",
          "on: push\njobs:\n  test:\n    steps:\n      - uses: actions/checkout@v4\n")
    write(tmp_path / "broken.yml", "steps: [actions/checkout\n")
    assert read(tmp_path / ".github" / "workflows" / "ci.yml") == []
    assert read(tmp_path / "broken.yml") == []


# ----- HL111 without metadata --------------------------------------------------------------


def test_two_triggers_is_hl111_not_hl002():
    from conftest import active, lint

    text = POST_LOGIN + "exports.onExecuteCredentialsExchange = async (event, api) => {};\n"
    result = lint(text, {"HL002", "HL111"})
    assert [(f.rule_id, f.region.start_line) for f in active(result)] == [("HL111", 4)]
    assert result.decision is not None and result.decision.point is None


def test_hl111_stops_the_other_action_only_rules():
    from conftest import active, lint

    text = "// hooklint: point=credentials-exchange\nconst a = require('axios@1');\n" + POST_LOGIN
    result = lint(text, {"HL111", "HL121"})
    assert [f.rule_id for f in active(result)] == ["HL111"]
    assert "HL121" not in result.rules_run
    fixed = text.replace("onExecutePostLogin", "onExecuteCredentialsExchange")
    assert [f.rule_id for f in active(lint(fixed, {"HL111", "HL121"}))] == ["HL121"]


# ----- HL121 and HL300's SDK version from the metadata's dependencies ---------------------


def action_from(tmp_path, monkeypatch, code: str, dependencies: str):
    write(tmp_path / "actions" / "a" / "code.js", code)
    write(tmp_path / "tenant.yaml", "actions:\n  - name: a\n    code: ./actions/a/code.js\n"
                                    f"    dependencies: {dependencies}\n"
                                    "    supported_triggers: [{id: post-login, version: v3}]\n")
    monkeypatch.chdir(tmp_path)
    plan = discover.plan([Path(".")], Config(root=tmp_path))
    [script] = plan.scripts
    source = discover.read_source(script.path, script.hint, script.dependencies, script.template, script.action)
    assert isinstance(source, Source)
    return build_program(source, parse(source.text))


def test_requires_against_listed_dependencies(tmp_path, monkeypatch):
    code = ("const a = require('axios');\nconst s = require('@slack/webhook/dist');\n"
            "const c = require('node:crypto');\nconst f = require('fs/promises');\n"
            "const h = require('./helpers');\nconst m = require('actions:shared');\n"
            "const l = require('lodash/fp');\n" + POST_LOGIN)
    action = action_from(tmp_path, monkeypatch, code, "[{name: axios, version: 1.6.0}, {name: '@slack/webhook'}]")
    assert action.kind == "action"
    problems = action_dependencies.require_problems(action)
    assert [(p.node.loc.start.line, "`lodash`" in p.message) for p in problems] == [(7, True)]


def test_sdk_version_from_the_metadata_dependencies(tmp_path, monkeypatch):
    client = "const { ManagementClient } = require('auth0');\nconst m = new ManagementClient({});\n"
    pinned = action_from(tmp_path, monkeypatch, client + POST_LOGIN, "[{name: auth0, version: 2.6.0}]")
    assert sdk_version(pinned) == "2.6.0"
    [new] = pinned.tree.of_type("NewExpression")
    assert not sdk_retry_in_force(pinned, new)  # auth0 2.6.0 does not retry on 429
    latest = action_from(tmp_path, monkeypatch, client + POST_LOGIN, "[{name: auth0, version: latest}]")
    assert sdk_version(latest) == "latest"
    [new] = latest.tree.of_type("NewExpression")
    assert sdk_retry_in_force(latest, new)  # unpinned: the latest, whose retry handles 429
    in_code = action_from(tmp_path, monkeypatch, client.replace("'auth0'", "'auth0@2.44.0'") + POST_LOGIN,
                          "[{name: auth0, version: 2.6.0}]")
    assert sdk_version(in_code) == "2.44.0"  # the require's version comes first


def test_no_export_at_all_is_reported_at_line_1(tmp_path, monkeypatch):
    write(tmp_path / "actions" / "a" / "code.js", "const x = 1;\n\nasync function onExecutePostLogin(event, api) {}\n")
    write(tmp_path / "tenant.yaml", "actions:\n  - name: a\n    code: ./actions/a/code.js\n"
                                    "    supported_triggers: [{id: post-login, version: v3}]\n")
    result = run(tmp_path, monkeypatch)
    assert found(result) == [("actions/a/code.js", "HL111", 1, 1)]
    assert "exports no entry point" in result.findings[0].message


def test_no_trigger_and_no_entry_point_is_one_hl111(tmp_path, monkeypatch):
    """Metadata without `supported_triggers` names a hook-shaped file: the missing entry
    point explains the unknown trigger, so HL002 says nothing more."""
    write(tmp_path / "actions" / "a" / "code.js", "module.exports = async (event, api) => {};\n")
    write(tmp_path / "actions" / "a.json", '{"name": "a", "code": "./actions/a/code.js"}')
    result = run(tmp_path, monkeypatch)
    assert files(result) == {"actions/a/code.js": ("action", None, "undetermined")}
    assert found(result) == [("actions/a/code.js", "HL111", 1, 1)]


def test_cache_key_follows_the_action_metadata(tmp_path, monkeypatch):
    from hooklint.run import cache

    write(tmp_path / "actions" / "a" / "code.js", POST_LOGIN)
    tenant = write(tmp_path / "tenant.yaml", "actions:\n  - name: a\n    code: ./actions/a/code.js\n"
                                             "    supported_triggers: [{id: post-login, version: v3}]\n")
    monkeypatch.chdir(tmp_path)

    def key() -> str:
        [script] = discover.plan([Path(".")], Config(root=tmp_path)).scripts
        source = discover.read_source(script.path, script.hint, script.dependencies, script.template, script.action)
        assert isinstance(source, Source)
        return cache.key(source, {"HL111"})

    before = key()
    tenant.write_text(tenant.read_text().replace("v3", "v1"))
    assert key() != before  # same code, same trigger: the retired version must not be answered from the cache


# ----- deploy-cli keyword tokens in the metadata -------------------------------------------

REQUIRES = "const a = require('axios');\nconst l = require('lodash');\n" + POST_LOGIN


def test_json_unquoted_tokens_are_values_and_the_rest_is_read(tmp_path, monkeypatch):
    """`@@KEY@@` (a JSON value) and `##KEY##` (raw) are replaced by deploy-cli before it
    parses: the trigger and the dependencies next to them are still read."""
    write(tmp_path / "actions" / "login" / "code.js", REQUIRES)
    write(tmp_path / "actions" / "login.json", '{\n  "name": "login",\n  "code": "./actions/login/code.js",\n'
          '  "secrets": @@LOGIN_SECRETS@@,\n  "deployed": ##DEPLOYED##,\n'
          '  "dependencies": [{"name": "axios", "version": "1.6.0"}],\n'
          '  "supported_triggers": [{"id": "post-login", "version": "v3"}]\n}\n')
    result = run(tmp_path, monkeypatch)
    assert result.errors == []
    assert files(result) == {"actions/login/code.js": ("action", "post-login", "metadata")}
    assert found(result) == [("actions/login/code.js", "HL121", 2, 19)]  # lodash, not axios
    metadata = tmp_path / "actions" / "login.json"
    [entry] = read(metadata)
    assert entry.dependencies == {"axios": "1.6.0"} and entry.dependencies_listed
    assert entry.trigger_at is not None
    assert (entry.trigger_at.line, entry.trigger_at.column) == (7, column(metadata, 7, "post-login") - 1)


def test_json_tokens_keep_the_columns_of_inline_code(tmp_path, monkeypatch):
    code = json.dumps("exports.onExecutePostLogin = async (event, api) => { require('lodash@4'); };")
    export = write(tmp_path / "export.json", '[{"name": "x", "secrets": @@SECRETS@@, "dependencies": [], '
                   '"supported_triggers": [{"id": "post-login", "version": "v3"}], "code": ' + code + '}]\n')
    result = run(tmp_path, monkeypatch)
    assert result.errors == []
    assert found(result) == [("export.json", "HL121", 1, column(export, 1, "'lodash@4'"))]


def test_json_token_in_a_string_stays_in_inline_code(tmp_path, monkeypatch):
    code = json.dumps("exports.onExecutePostLogin = async (event, api) => { api.redirect.sendUserTo('@@URL@@'); "
                      "require('lodash@4'); };")
    export = write(tmp_path / "export.json", '[{"name": "x", "dependencies": [], "code": ' + code +
                   ', "supported_triggers": [{"id": "post-login"}]}]\n')
    [entry] = read(export)
    assert entry.inline is not None and "'@@URL@@'" in entry.inline
    result = run(tmp_path, monkeypatch)
    assert found(result) == [("export.json", "HL121", 1, column(export, 1, "'lodash@4'"))]


def test_yaml_unquoted_tokens_are_values_and_the_rest_is_read(tmp_path, monkeypatch):
    write(tmp_path / "actions" / "a" / "code.js", REQUIRES)
    tenant = write(tmp_path / "tenant.yaml", "actions:\n  - name: a\n    code: ./actions/a/code.js\n"
                   "    secrets: @@A_SECRETS@@\n    deployed: ##DEPLOYED##\n"
                   "    modules: [@@MODULE@@, {module_name: m}]\n"
                   "    dependencies: [{name: axios, version: 1.6.0}]\n"
                   "    supported_triggers: [{id: post-login, version: v3}]\n")
    result = run(tmp_path, monkeypatch)
    assert result.errors == []
    assert files(result) == {"actions/a/code.js": ("action", "post-login", "metadata")}
    assert found(result) == [("actions/a/code.js", "HL121", 2, 19)]
    [entry] = read(tenant)
    assert entry.dependencies_listed and entry.trigger_at is not None
    assert (entry.trigger_at.line, entry.trigger_at.column) == (8, column(tenant, 8, "post-login") - 1)


def test_yaml_tokens_keep_the_lines_of_literal_code(tmp_path, monkeypatch):
    tenant = write(tmp_path / "tenant.yaml", """actions:
  - name: inline
    secrets: @@SECRETS@@
    dependencies: []
    supported_triggers: [{id: post-login, version: v3}]
    code: |
      const url = '@@URL@@';
      exports.onExecutePostLogin = async (event, api) => { require('lodash@4'); };
""")
    result = run(tmp_path, monkeypatch)
    assert result.errors == []
    assert found(result) == [("tenant.yaml", "HL121", 8, column(tenant, 8, "'lodash@4'"))]
    [entry] = read(tenant)
    assert entry.inline is not None and "'@@URL@@'" in entry.inline


@pytest.mark.parametrize("metadata", [
    ("actions/a.json", '{"name": "a", "code": "./actions/a/code.js", "supported_triggers": [{"id": @@TRIGGER@@}]}'),
    ("actions/a.json", '{"name": "a", "code": "./actions/a/code.js", "supported_triggers": [{"id": "##TRIGGER##"}]}'),
    ("tenant.yaml", "actions:\n  - name: a\n    code: ./actions/a/code.js\n    supported_triggers: [{id: @@T@@}]\n"),
    ("tenant.yaml", "actions:\n  - name: a\n    code: ./actions/a/code.js\n    supported_triggers:\n"
                    "      - id: '##TRIGGER##'\n"),
])
def test_a_token_for_the_trigger_is_unknown_not_hl002(tmp_path, monkeypatch, metadata):
    write(tmp_path / "actions" / "a" / "code.js", POST_LOGIN)
    write(tmp_path / metadata[0], metadata[1])
    result = run(tmp_path, monkeypatch)
    assert result.errors == [] and found(result) == []
    # the trigger is then the entry point's
    assert files(result) == {"actions/a/code.js": ("action", "post-login", "inferred")}


@pytest.mark.parametrize("metadata", [
    ("actions/a.json", '{"name": "a", "code": @@CODE@@, "supported_triggers": [{"id": "post-login"}]}'),
    ("actions/a.json",
     '{"name": "a", "code": "./actions/##ENV##/code.js", "supported_triggers": [{"id": "post-login"}]}'),
    ("tenant.yaml", "actions:\n  - name: a\n    code: @@CODE@@\n    supported_triggers: [{id: post-login}]\n"),
    ("tenant.yaml", "actions:\n  - name: a\n    code: ##CODE##\n    supported_triggers: [{id: post-login}]\n"),
])
def test_a_token_for_the_code_is_silent(tmp_path, monkeypatch, metadata):
    write(tmp_path / metadata[0], metadata[1])
    result = run(tmp_path, monkeypatch)
    assert (result.errors, result.files) == ([], [])


def test_hook_metadata_with_tokens_is_read(tmp_path, monkeypatch):
    write(tmp_path / "hooks" / "a.js", "module.exports = function (user, context, cb) { cb(null, { user }); };\n")
    write(tmp_path / "hooks" / "a.json", '{"name": "a", "script": "./a.js", "secrets": @@SECRETS@@,\n'
          ' "triggerId": "post-user-registration"}')
    write(tmp_path / "hooks" / "b.js", "module.exports = function (user, context, cb) { cb(null, { user }); };\n")
    write(tmp_path / "tenant.yaml", "hooks:\n  - name: b\n    secrets: @@B_SECRETS@@\n"
                                    "    script: ./hooks/b.js\n    triggerId: post-change-password\n")
    result = run(tmp_path, monkeypatch)
    assert result.errors == []
    assert files(result) == {"hooks/a.js": ("hook", "post-user-registration", "metadata"),
                             "hooks/b.js": ("hook", "post-change-password", "metadata")}
    [entry] = read(tmp_path / "hooks" / "a.json")
    assert entry.trigger_at is not None and (entry.trigger_at.line, entry.trigger_at.column) == (2, 15)


# ----- dependencies that cannot be read: the list is unknown -------------------------------


@pytest.mark.parametrize("dependencies", [
    '  dependencies {\n    name    = var.http_client\n    version = "1.0"\n  }\n',
    '  dynamic "dependencies" {\n    for_each = var.deps\n    content {\n      name    = dependencies.value\n'
    '      version = "latest"\n    }\n  }\n',
])
def test_terraform_dependencies_not_all_read_are_unknown(tmp_path, monkeypatch, dependencies):
    main = write(tmp_path / "main.tf", 'resource "auth0_action" "a" {\n  name = "a"\n'
                 '  code = file("${path.module}/a.js")\n'
                 '  dependencies {\n    name    = "lodash"\n    version = "4.17.21"\n  }\n' + dependencies +
                 '  supported_triggers {\n    id      = "post-login"\n    version = "v3"\n  }\n}\n')
    write(tmp_path / "a.js", REQUIRES)
    [entry] = read(main)
    assert entry.trigger == "post-login" and not entry.dependencies_listed
    assert found(run(tmp_path, monkeypatch)) == []  # axios is maybe the one not read


JSON_ACTION = '{"name": "a", "code": "./actions/a/code.js", "dependencies": %s, ' \
              '"supported_triggers": [{"id": "post-login"}]}'
YAML_ACTION = "actions:\n  - name: a\n    code: ./actions/a/code.js\n    dependencies: %s\n" \
              "    supported_triggers: [{id: post-login}]\n"


@pytest.mark.parametrize("metadata", [
    ("actions/a.json", JSON_ACTION % '[{"name": "lodash"}, {"name": @@DEP@@}]'),
    ("actions/a.json", JSON_ACTION % '[{"name": "lodash"}, {"version": "1.0"}]'),
    ("actions/a.json", JSON_ACTION % '[{"name": "lodash"}, "axios"]'),
    ("actions/a.json", JSON_ACTION % "@@DEPENDENCIES@@"),
    ("actions/a.json", JSON_ACTION % '{"lodash": "4"}'),
    ("tenant.yaml", YAML_ACTION % "[{name: lodash}, {name: @@DEP@@}]"),
    ("tenant.yaml", YAML_ACTION % "[{name: lodash}, {version: 1.0}]"),
    ("tenant.yaml", YAML_ACTION % "[{name: lodash}, axios]"),
    ("tenant.yaml", YAML_ACTION % "[{name: lodash}, {name: [axios]}]"),
    ("tenant.yaml", YAML_ACTION % "[{name: lodash}, {name: '##PACKAGE##'}]"),
    ("tenant.yaml", YAML_ACTION % "@@DEPENDENCIES@@"),
    ("tenant.yaml", YAML_ACTION % "{lodash: 4}"),
])
def test_deploy_cli_dependencies_not_all_read_are_unknown(tmp_path, monkeypatch, metadata):
    write(tmp_path / "actions" / "a" / "code.js", REQUIRES)
    write(tmp_path / metadata[0], metadata[1])
    result = run(tmp_path, monkeypatch)
    assert result.errors == [] and found(result) == []
    [entry] = read(tmp_path / metadata[0])
    assert not entry.dependencies_listed


# ----- code that is not a string -----------------------------------------------------------


def test_code_that_is_not_a_string_is_said_so(tmp_path, monkeypatch):
    write(tmp_path / "actions" / "a.json", '{"name": "a", "code": 42, "supported_triggers": [{"id": "post-login"}]}')
    write(tmp_path / "tenant.yaml",
          "actions:\n  - name: b\n    code: [x]\n    supported_triggers: [{id: post-login}]\n")
    result = run(tmp_path, monkeypatch)
    assert sorted(result.errors) == ["actions/a.json: the `code` of the Action `a` is not a string",
                                     "tenant.yaml: the `code` of the Action `b` is not a string"]


# ----- hooks: values are placed where they are, not by the n-th key in the text ------------


def test_hook_export_places_the_script_by_its_object(tmp_path, monkeypatch):
    """An export whose first object has a nested `"script"` (not a hook's): the hook's code
    is still mapped onto its own string."""
    code = json.dumps("module.exports = function (user, context, cb) {\n  require('lodash@4');\n"
                      "  cb(null, { user });\n};\n")
    export = write(tmp_path / "hooks.json", '[\n{"name": "x", "meta": {"script": "./other.js"}},\n'
                   '{"name": "h", "triggerId": "post-user-registration", "script": ' + code + '}\n]\n')
    [entry] = read(export)
    assert entry.embedding is not None
    assert entry.embedding(2, 2) == (3, column(export, 3, "require") - 1)
