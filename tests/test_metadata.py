"""Hooks kept by auth0-deploy-cli, Terraform and API exports: the point comes from the
metadata, inline code is linted in place, and findings point into the metadata file."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from hooklint.checks import registry as registry_mod
from hooklint.run.config import Config
from hooklint.run.engine import Engine
from hooklint.run.metadata import read
from hooklint.js.source import terraform_template

USER_HOOK = "module.exports = function (user, context, cb) {\n  cb();\n};\n"
CX_HOOK = "module.exports = function (client, scope, audience, context, cb) {\n  cb(null, {scope: scope});\n};\n"


def run(tmp_path, monkeypatch, *paths, select=("HL002", "HL101", "HL102")):
    monkeypatch.chdir(tmp_path)
    engine = Engine(registry_mod.load(), Config(root=tmp_path), set(select))
    return engine.run([Path(p) for p in paths] or [Path(".")])


def found(result):
    return sorted((f.path, f.rule_id, f.region.start_line, f.region.start_column) for f in result.findings)


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    return path


def test_deploy_cli_json_gives_the_point(tmp_path, monkeypatch):
    write(tmp_path / "hooks" / "m2m.js", USER_HOOK)  # 3 parameters: wrong for credentials-exchange
    write(tmp_path / "hooks" / "m2m.json", json.dumps(
        {"name": "m2m", "script": "./m2m.js", "triggerId": "credentials-exchange", "enabled": True,
         "dependencies": {"auth0": "2.6.0"}}, indent=2))
    result = run(tmp_path, monkeypatch)
    assert found(result) == [("hooks/m2m.js", "HL101", 1, 28)]
    [file] = result.files
    assert (file.decision.point, file.decision.how) == ("credentials-exchange", "metadata")


def test_invalid_trigger_id_is_reported_at_the_metadata_value(tmp_path, monkeypatch):
    write(tmp_path / "hooks" / "old.js",
          USER_HOOK.replace("(user, context, cb)", "(user, client, scope, audience, context, cb)"))
    write(tmp_path / "hooks" / "old.json",
          '{\n  "name": "old",\n  "script": "./old.js",\n  "triggerId": "password-exchange"\n}\n')
    result = run(tmp_path, monkeypatch)
    assert found(result) == [("hooks/old.json", "HL002", 4, 17)]
    [finding] = result.findings
    assert finding.region.end_column == 17 + len("password-exchange")
    assert "retired" in finding.message


def test_only_the_metadata_file_given_lints_its_script(tmp_path, monkeypatch):
    write(tmp_path / "hooks" / "m2m.js", USER_HOOK)
    write(tmp_path / "hooks" / "m2m.json", '{"script": "./m2m.js", "triggerId": "credentials-exchange"}')
    result = run(tmp_path, monkeypatch, "hooks/m2m.json")
    assert [f.rule_id for f in result.findings] == ["HL101"]


def test_missing_script_is_an_error(tmp_path, monkeypatch):
    write(tmp_path / "hooks" / "gone.json", '{"script": "./gone.js", "triggerId": "credentials-exchange"}')
    result = run(tmp_path, monkeypatch)
    assert result.errors == ["hooks/gone.json: the script `gone.js` it names does not exist"]
    assert result.exit_code() == 2


def test_deploy_cli_yaml(tmp_path, monkeypatch):
    write(tmp_path / "hooks" / "signup.js", USER_HOOK)
    write(tmp_path / "hooks" / "token.js", USER_HOOK)
    write(tmp_path / "tenant.yaml", """tenant:
  friendly_name: Example
hooks:
  - name: signup
    script: ./hooks/signup.js
    triggerId: pre-user-registration
    enabled: true
    dependencies:
      auth0: 2.44.0
  - name: token
    script: "./hooks/token.js"
    triggerId: 'credentials-exchange'   # wrong signature on purpose
    secrets: {}
rules: []
""")
    result = run(tmp_path, monkeypatch)
    assert found(result) == [("hooks/token.js", "HL101", 1, 28)]
    points = {f.path: f.decision.point for f in result.files}
    assert points == {"hooks/signup.js": "pre-user-registration", "hooks/token.js": "credentials-exchange"}
    [entry, _] = read(tmp_path / "tenant.yaml")
    assert entry.dependencies == {"auth0": "2.44.0"}


def test_yaml_invalid_trigger_located(tmp_path, monkeypatch):
    write(tmp_path / "hooks" / "x.js", USER_HOOK)
    write(tmp_path / "tenant.yaml", "hooks:\n  - name: x\n    script: ./hooks/x.js\n    triggerId: post-login\n")
    result = run(tmp_path, monkeypatch)
    assert found(result) == [("tenant.yaml", "HL002", 4, 16)]


@pytest.mark.parametrize("style", ["|", ">-"])
def test_yaml_block_scalar_script_is_the_path(tmp_path, monkeypatch, style):
    write(tmp_path / "hooks" / "x.js", USER_HOOK)  # wrong signature for credentials-exchange
    write(tmp_path / "tenant.yaml",
          f"hooks:\n  - name: x\n    script: {style}\n      ./hooks/x.js\n    triggerId: credentials-exchange\n")
    result = run(tmp_path, monkeypatch)
    assert result.errors == []
    assert found(result) == [("hooks/x.js", "HL101", 1, 28)]
    [entry] = read(tmp_path / "tenant.yaml")
    assert entry.script_path == (tmp_path / "hooks" / "x.js").resolve()


def test_yaml_multi_line_script_is_not_a_path(tmp_path):
    write(tmp_path / "tenant.yaml", "hooks:\n  - name: x\n    triggerId: credentials-exchange\n"
                                    "    script: |\n      module.exports = function () {};\n      // more\n")
    [entry] = read(tmp_path / "tenant.yaml")
    assert (entry.trigger, entry.script_path, entry.inline) == ("credentials-exchange", None, None)


def test_yaml_quoted_values_are_decoded(tmp_path, monkeypatch):
    write(tmp_path / "hooks" / "x.js", USER_HOOK)
    write(tmp_path / "tenant.yaml", "hooks:\n  - name: 'it''s # not a comment'\n"
                                    '    script: "./hooks/x\\x2ejs"\n    triggerId: "post-login"\n')
    [entry] = read(tmp_path / "tenant.yaml")
    assert entry.name == "it's # not a comment"
    assert entry.script_path == (tmp_path / "hooks" / "x.js").resolve()
    result = run(tmp_path, monkeypatch)
    assert result.errors == []
    assert found(result) == [("tenant.yaml", "HL002", 4, 17)]  # after the opening quote


def test_yaml_anchors_aliases_and_merge_keys(tmp_path, monkeypatch):
    write(tmp_path / "hooks" / "a.js", CX_HOOK)
    write(tmp_path / "hooks" / "b.js", USER_HOOK)  # wrong signature for credentials-exchange
    write(tmp_path / "tenant.yaml", """defaults: &defaults
  enabled: true
  dependencies: {auth0: 2.10.0}
hooks:
  - name: a
    script: ./hooks/a.js
    triggerId: &trig credentials-exchange
  - <<: *defaults
    name: b
    script: ./hooks/b.js
    triggerId: *trig
""")
    a, b = read(tmp_path / "tenant.yaml")
    assert (a.trigger, b.trigger) == ("credentials-exchange", "credentials-exchange")
    # an alias's value is placed where its anchor writes it: after `&trig `
    assert a.trigger_at == b.trigger_at == (7, 21, len("credentials-exchange"))
    assert (a.dependencies, b.dependencies) == ({}, {"auth0": "2.10.0"})  # the text, not a float
    result = run(tmp_path, monkeypatch)
    assert found(result) == [("hooks/b.js", "HL101", 1, 28)]


def test_yaml_anchored_invalid_trigger_is_located_at_its_value(tmp_path, monkeypatch):
    write(tmp_path / "hooks" / "x.js", USER_HOOK)
    write(tmp_path / "tenant.yaml", "hooks:\n  - name: x\n    script: ./hooks/x.js\n    triggerId: &t post-login\n")
    result = run(tmp_path, monkeypatch)
    assert found(result) == [("tenant.yaml", "HL002", 4, 19)]
    [finding] = result.findings
    assert finding.region.end_column == 19 + len("post-login")


def test_yaml_every_document_of_a_multi_document_file(tmp_path, monkeypatch):
    write(tmp_path / "hooks" / "a.js", USER_HOOK)
    write(tmp_path / "hooks" / "b.js", USER_HOOK)
    write(tmp_path / "tenant.yaml", """---
hooks:
  - name: a
    script: ./hooks/a.js
    triggerId: pre-user-registration
---
tenant: {friendly_name: Second}
hooks:
  - name: b
    script: ./hooks/b.js
    triggerId: post-login
...
""")
    assert [(e.name, e.trigger) for e in read(tmp_path / "tenant.yaml")] == \
        [("a", "pre-user-registration"), ("b", "post-login")]
    result = run(tmp_path, monkeypatch)
    assert found(result) == [("tenant.yaml", "HL002", 11, 16)]


def test_yaml_flow_style_hooks(tmp_path, monkeypatch):
    write(tmp_path / "hooks" / "x.js", USER_HOOK)
    write(tmp_path / "hooks" / "y.js", USER_HOOK)
    write(tmp_path / "tenant.yaml",
          "hooks:\n  - {name: x, script: ./hooks/x.js, triggerId: credentials-exchange}\n"
          "  - {name: \U0001F600, script: ./hooks/y.js, triggerId: post-login}\n")
    result = run(tmp_path, monkeypatch)
    # 47 code points before the value, the emoji two UTF-16 code units: column 49, 1-based
    assert found(result) == [("hooks/x.js", "HL101", 1, 28), ("tenant.yaml", "HL002", 3, 49)]


def test_yaml_comments_are_not_values(tmp_path, monkeypatch):
    write(tmp_path / "hooks" / "x.js", USER_HOOK)
    write(tmp_path / "tenant.yaml", """# tenant
hooks:   # the hooks
# a comment at column 0 inside the list
  - name: x  # trailing
    # script: ./hooks/other.js
    script: ./hooks/x.js # the file
    triggerId: post-login   # invalid on purpose
""")
    [entry] = read(tmp_path / "tenant.yaml")
    assert (entry.name, entry.trigger, entry.trigger_at) == ("x", "post-login", (7, 15, len("post-login")))
    assert entry.script_path == (tmp_path / "hooks" / "x.js").resolve()
    result = run(tmp_path, monkeypatch)
    assert result.errors == []


@pytest.mark.parametrize("text", [
    "hooks:\n  - name: x\n    script: ./hooks/x.js\n    triggerId: [unclosed\n",
    "hooks:\n  - name: x\n\tscript: ./hooks/x.js\n    triggerId: credentials-exchange\n",
    "hooks:\n  - name: x\n    script: ./hooks/x.js\n    triggerId: *nowhere\n",
])
def test_yaml_that_does_not_parse_is_not_metadata(tmp_path, monkeypatch, text):
    write(tmp_path / "hooks" / "x.js", USER_HOOK)
    write(tmp_path / "tenant.yaml", text)
    assert read(tmp_path / "tenant.yaml") == []
    result = run(tmp_path, monkeypatch)
    assert result.errors == []
    [file] = result.files
    assert file.path == "hooks/x.js" and file.decision.how != "metadata"  # linted as a plain file


def test_yaml_nested_too_deeply_is_not_metadata(tmp_path):
    import sys

    depth = 100_000
    write(tmp_path / "tenant.yaml", "hooks:\n  - name: x\n    script: ./x.js\n    triggerId: post-login\n"
                                    "    extra: " + "[" * depth + "]" * depth + "\n")
    # the deep-stack thread raises the recursion limit for the whole process: the
    # reader's own depth bound must hold without RecursionError to stop it
    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(250_000)
    try:
        assert read(tmp_path / "tenant.yaml") == []
    finally:
        sys.setrecursionlimit(limit)


def test_yaml_merges_of_merges_are_read_once(tmp_path):
    # each level merges the one before twice: 2**40 visits if merges were re-read
    levels = ["l0: &l0 {triggerId: credentials-exchange}"]
    levels += [f"l{i}: &l{i} {{<<: [*l{i - 1}, *l{i - 1}]}}" for i in range(1, 41)]
    write(tmp_path / "tenant.yaml", "\n".join(levels) + "\nhooks:\n  - <<: *l40\n    script: ./x.js\n"
                                    "  - &self {<<: *self, triggerId: post-login}\n")
    first, second = read(tmp_path / "tenant.yaml")
    assert (first.trigger, second.trigger) == ("credentials-exchange", "post-login")


TF = '''terraform {
  required_providers {
    auth0 = { source = "auth0/auth0" }
  }
}

resource "auth0_hook" "deny" {
  name       = "deny"
  trigger_id = "pre-user-registration"
  enabled    = true
  script     = <<-EOT
    module.exports = function (user, context, cb) {
      const domain = "${var.allowed_domain}";
      if (user.email.endsWith(`@$${domain}`)) {
        return cb();
      }
    };
  EOT
  dependencies = {
    auth0 = "2.44.0"
  }
}

resource "auth0_hook" "file_based" {
  name       = "m2m"
  trigger_id = "credentials-exchange"
  script     = file("${path.module}/hooks/m2m.js")
}
'''


def test_terraform_inline_heredoc_and_file(tmp_path, monkeypatch):
    write(tmp_path / "infra" / "main.tf", TF)
    write(tmp_path / "infra" / "hooks" / "m2m.js", USER_HOOK)
    result = run(tmp_path, monkeypatch)
    # the heredoc's hook falls off its end (line 17 of main.tf, the `}` at column 5)
    # and the file-based hook has the wrong signature for its trigger_id
    assert found(result) == [("infra/hooks/m2m.js", "HL101", 1, 28), ("infra/main.tf", "HL102", 17, 5)]
    entries = read(tmp_path / "infra" / "main.tf")
    assert [e.dependencies for e in entries] == [{"auth0": "2.44.0"}, {}]


def test_terraform_script_the_reader_cannot_evaluate_is_skipped(tmp_path, monkeypatch):
    # a documented limit: only file()/templatefile() with a literal path, a heredoc or a
    # one-line string are read; any other expression leaves the hook without a script,
    # silently (no error), and its trigger is still read
    write(tmp_path / "main.tf", 'resource "auth0_hook" "joined" {\n  trigger_id = "credentials-exchange"\n'
                                '  script = join("\\n", ["module.exports = function (a, b, c) {", "};"])\n}\n')
    [entry] = read(tmp_path / "main.tf")
    assert (entry.trigger, entry.script_path, entry.inline) == ("credentials-exchange", None, None)
    result = run(tmp_path, monkeypatch)
    assert result.files == [] and result.errors == []


def test_terraform_template_keeps_columns():
    text = 'const a = "${var.x}"; const b = `$${a}`; %{ if x }'
    out = terraform_template(text)
    assert len(out) == len(text)
    assert out == 'const a = "________"; const b = ` ${a}`; _________'


def test_api_export_inline_script_maps_into_the_json(tmp_path, monkeypatch):
    hooks = [{"id": "01", "name": "cx", "triggerId": "credentials-exchange", "enabled": True,
              "script": "module.exports = function (client, scope, audience, context, cb) {\n"
                        "  if (client.id) {\n    return;\n  }\n  cb(null, {scope: scope});\n};\n"}]
    write(tmp_path / "hooks-export.json", json.dumps(hooks))
    result = run(tmp_path, monkeypatch)
    [finding] = result.findings
    assert (finding.path, finding.rule_id) == ("hooks-export.json", "HL102")
    text = (tmp_path / "hooks-export.json").read_text()
    # the finding is on the one JSON line, at the `return` inside the escaped string
    assert finding.region.start_line == 1
    assert text[finding.region.start_column - 1:].startswith("return;")


@pytest.mark.parametrize("separator", ["\u2028", "\u2029"])
def test_api_export_inline_script_with_a_javascript_line_separator(tmp_path, monkeypatch, separator):
    # esprima starts a line at U+2028 and U+2029 (JavaScript line terminators); the map into
    # the JSON file must count the code's lines the same way
    hooks = [{"id": "01", "name": "cx", "triggerId": "credentials-exchange", "enabled": True,
              "script": "module.exports = function (client, scope, audience, context, cb) {\n"
                        f"  // a note{separator}  if (client.id) {{\n    return;\n  }}\n"
                        "  cb(null, {scope: scope});\n};\n"}]
    write(tmp_path / "hooks-export.json", json.dumps(hooks))
    result = run(tmp_path, monkeypatch)
    [finding] = result.findings
    text = (tmp_path / "hooks-export.json").read_text()
    assert finding.region.start_line == 1
    assert text[finding.region.start_column - 1:].startswith("return;")


def test_files_that_are_not_metadata_are_ignored(tmp_path, monkeypatch):
    write(tmp_path / "package.json", '{"name": "x", "dependencies": {"auth0": "2.44.0"}}')
    write(tmp_path / "config.yaml", "hooks:\n  - just: data\n")
    write(tmp_path / "other.tf", 'resource "aws_s3_bucket" "b" {}\n')
    write(tmp_path / "broken.json", "{nope")
    result = run(tmp_path, monkeypatch)
    assert result.files == [] and result.errors == []


@pytest.mark.parametrize("name", ["hook.js", "hook.cjs"])
def test_config_point_beats_metadata(tmp_path, monkeypatch, name):
    write(tmp_path / "hooks" / name, CX_HOOK)
    write(tmp_path / "hooks" / "h.json", json.dumps({"script": f"./{name}", "triggerId": "pre-user-registration"}))
    monkeypatch.chdir(tmp_path)
    config = Config(root=tmp_path, points={f"hooks/{name}": "credentials-exchange"})
    result = Engine(registry_mod.load(), config, {"HL101"}).run([Path(".")])
    assert result.findings == [] and result.files[0].decision.how == "config"


MGMT = """const { ManagementClient } = require('auth0');
const management = new ManagementClient({ domain: 'x.auth0.com', token: 'unused' });
module.exports = function (user, context, cb) {
  management.updateAppMetadata({ id: user.id }, { plan: 'free' }, (err) => cb(err));
};
"""


@pytest.mark.parametrize("version, fires", [("2.6.0", True), ("2.44.0", False)])
def test_pinned_dependencies_reach_the_rate_limit_rule(tmp_path, monkeypatch, version, fires):
    write(tmp_path / "hooks" / "sync.js", MGMT)
    write(tmp_path / "hooks" / "sync.json", json.dumps(
        {"name": "sync", "script": "./sync.js", "triggerId": "post-change-password",
         "dependencies": {"auth0": version}}))
    result = run(tmp_path, monkeypatch, select=("HL300",))
    assert [(f.rule_id, f.region.start_line) for f in result.findings] == ([("HL300", 4)] if fires else [])


def test_suppressions_in_inline_json_code_use_the_code_lines(tmp_path, monkeypatch):
    script = ("module.exports = function (client, scope, audience, context, cb) {\n"
              "  // hooklint-disable-next-line HL204 -- migrating\n"
              "  var t = {scope: scope, tier: 'gold'};\n"
              "  t.plan = 'x';\n"
              "  cb(null, t);\n};\n")
    write(tmp_path / "hooks.json", json.dumps([{"name": "cx", "triggerId": "credentials-exchange", "script": script}]))
    result = run(tmp_path, monkeypatch, select=("HL204", "HL001"))
    # the suppression covers code line 3 (`tier`), not the JSON file's one line
    assert [(f.rule_id, f.suppressed) for f in result.files[0].findings] == [("HL204", True), ("HL204", False)]


def test_json_positions_skip_entries_that_are_not_hooks(tmp_path, monkeypatch):
    hooks = [{"name": "draft", "script": "x"},
             {"name": "real", "triggerId": "credentials-exchange",
              "script": "module.exports = function (a, b, c) { c(); };\n"}]
    text = json.dumps(hooks, indent=1)
    write(tmp_path / "hooks.json", text)
    result = run(tmp_path, monkeypatch, select=("HL101",))
    [finding] = result.findings
    line = text.splitlines()[finding.region.start_line - 1]
    assert '"script": "module.exports' in line


def test_lone_surrogate_in_json_script_is_not_an_internal_error(tmp_path, monkeypatch):
    write(tmp_path / "hooks.json",
          '[{"name":"h","triggerId":"credentials-exchange","script":"var s = \\"\\\\ud800\\"; // \\ud800\\nfoo();"}]')
    result = run(tmp_path, monkeypatch, select=("HL100", "HL000"))
    assert result.errors == []
    assert [f.rule_id for f in result.findings] == ["HL100"]
