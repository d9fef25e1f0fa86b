"""Fixes for code written inside metadata files: offered only where an edit of the code is
the same edit of the file (a heredoc, a YAML literal block; an edit with a new line only where
the file does not indent the code), never in a JSON or quoted string (escapes move characters)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from hooklint.checks import registry as registry_mod
from hooklint.js.source import Positions
from hooklint.run.config import Config
from hooklint.run.engine import Engine

ACTION = """exports.onExecutePostLogin = async (event, api) => {
  const profile = JSON.parse(api.cache.get('profile'));
  api.idToken.setCustomClaim('https://example.com/p', profile);
};
"""

HOOK = """module.exports = function (client, scope, audience, context, cb) {
  const claims = {};
  claims['https://example.com/tier'] = 'gold';
  cb(null, claims);
};
"""


def _findings(tmp_path: Path, name: str, text: str, rule: str):
    (tmp_path / name).write_text(text, encoding="utf-8")
    registry = registry_mod.load()
    engine = Engine(registry, Config(), {i for i, d in registry.docs.items() if d.default_enabled})
    run = engine.run([tmp_path])
    return [f for f in run.findings if f.rule_id == rule]


def _applied(text: str, finding) -> str:
    positions = Positions(text)
    out = text
    for edit in sorted(finding.fix.edits, key=lambda e: e.region, reverse=True):
        start, end = positions.span(edit.region)
        out = out[:start] + edit.text + out[end:]
    return out


def _indented(code: str, indent: str) -> str:
    return "".join(indent + line if line.strip() else line for line in code.splitlines(keepends=True))


def test_a_one_line_fix_in_an_indented_heredoc_maps_to_the_file(tmp_path):
    tf = ('resource "auth0_action" "a" {\n  name = "a"\n  runtime = "node22"\n  code = <<-EOT\n'
          + _indented(ACTION, "    ") + '  EOT\n  supported_triggers {\n    id = "post-login"\n'
          '    version = "v3"\n  }\n}\n')
    [finding] = _findings(tmp_path, "main.tf", tf, "HL222")
    assert finding.fix is not None
    fixed = _applied(tf, finding)
    assert "JSON.parse(api.cache.get('profile')?.value)" in fixed
    assert fixed.replace("?.value", "") == tf  # nothing else moved


def test_a_yaml_literal_block_gets_the_fix_too(tmp_path):
    yaml = ("actions:\n  - name: a\n    runtime: node22\n    code: |\n" + _indented(ACTION, "      ")
            + "    supported_triggers:\n      - id: post-login\n        version: v3\n")
    [finding] = _findings(tmp_path, "tenant.yaml", yaml, "HL222")
    assert finding.fix is not None
    assert "JSON.parse(api.cache.get('profile')?.value)" in _applied(yaml, finding)


def test_a_new_line_in_an_indented_heredoc_is_not_offered(tmp_path):
    # HL201's fix inserts a statement on its own line: the heredoc's indentation would be missing
    tf = ('resource "auth0_hook" "h" {\n  name = "h"\n  trigger_id = "credentials-exchange"\n  script = <<-EOT\n'
          + _indented(HOOK, "    ") + '  EOT\n}\n')
    [finding] = _findings(tmp_path, "main.tf", tf, "HL201")
    assert finding.fix is None


def test_a_new_line_in_a_heredoc_that_is_not_indented_is_offered(tmp_path):
    tf = ('resource "auth0_hook" "h" {\n  name = "h"\n  trigger_id = "credentials-exchange"\n  script = <<EOT\n'
          + HOOK + 'EOT\n}\n')
    [finding] = _findings(tmp_path, "main.tf", tf, "HL201")
    assert finding.fix is not None
    assert "  claims.scope = scope;\n  cb(null, claims);" in _applied(tf, finding)


def test_code_in_a_json_string_is_never_offered_a_fix(tmp_path):
    export = {"name": "a", "code": ACTION, "runtime": "node22",
              "supported_triggers": [{"id": "post-login", "version": "v3"}]}
    [finding] = _findings(tmp_path, "action.json", json.dumps(export, indent=2), "HL222")
    assert finding.fix is None


# ----- `hooklint check --fix` on a metadata file -----------------------------------------


def _cli(hooklint_exe, tmp_path, *args):
    import subprocess

    return subprocess.run([hooklint_exe, "check", "--no-cache", *args, "."], cwd=tmp_path, capture_output=True,
                          text=True, timeout=120)


def test_fix_writes_the_heredoc_in_place_and_keeps_every_other_byte(hooklint_exe, tmp_path):
    tf = ('resource "auth0_action" "a" {\r\n  name = "a"\r\n  runtime = "node22"\r\n  code = <<-EOT\r\n'
          + _indented(ACTION, "    ").replace("\n", "\r\n") + '  EOT\r\n  supported_triggers {\r\n'
          '    id = "post-login"\r\n    version = "v3"\r\n  }\r\n}\r\n')
    (tmp_path / "main.tf").write_bytes(tf.encode())
    diffed = _cli(hooklint_exe, tmp_path, "--diff")
    assert diffed.returncode == 1
    assert "+      const profile = JSON.parse(api.cache.get('profile')?.value);" in diffed.stdout
    assert (tmp_path / "main.tf").read_bytes() == tf.encode()  # --diff writes nothing
    fixed = _cli(hooklint_exe, tmp_path, "--fix", "--select", "HL222")
    assert fixed.returncode == 0, fixed.stdout + fixed.stderr
    assert (tmp_path / "main.tf").read_bytes() == tf.replace("('profile')", "('profile')?.value").encode()
    again = _cli(hooklint_exe, tmp_path, "--fix", "--select", "HL222")  # idempotent
    assert again.returncode == 0 and (tmp_path / "main.tf").read_bytes() == tf.replace(
        "('profile')", "('profile')?.value").encode()


def test_fix_leaves_code_in_a_json_string_alone(hooklint_exe, tmp_path):
    export = {"name": "a", "code": ACTION, "runtime": "node22",
              "supported_triggers": [{"id": "post-login", "version": "v3"}]}
    text = json.dumps(export, indent=2)
    (tmp_path / "action.json").write_text(text, encoding="utf-8")
    result = _cli(hooklint_exe, tmp_path, "--fix", "--select", "HL222")
    assert result.returncode == 1 and "HL222" in result.stdout  # reported, not fixed
    assert (tmp_path / "action.json").read_text(encoding="utf-8") == text


# ----- where the code's lines are not the file's: no fix (each once corrupted the file) -------


def test_a_u2028_in_heredoc_code_breaks_the_mapping_so_no_fix(tmp_path, hooklint_exe):
    # JavaScript ends the comment's line at U+2028: the code has a line the file does not
    code = ACTION.replace("  const profile", "  const y = 1; // note\u2028  const profile")
    tf = ('resource "auth0_action" "a" {\n  name = "a"\n  runtime = "node22"\n  code = <<-EOT\n'
          + _indented(code, "    ") + '  EOT\n  supported_triggers {\n    id = "post-login"\n'
          '    version = "v3"\n  }\n}\n')
    [finding] = _findings(tmp_path, "main.tf", tf, "HL222")
    assert finding.fix is None
    assert _cli(hooklint_exe, tmp_path, "--fix", "--select", "HL222").returncode == 1
    assert (tmp_path / "main.tf").read_text(encoding="utf-8") == tf


@pytest.mark.parametrize("block", [
    # an indentation indicator: the block's indentation is 2 whatever its first line says
    "    code: |2\n" + "".join("        " + line + "\n" if line else "\n" for line in ACTION.splitlines()),
    # a NEL (U+0085) in a comment: YAML breaks the line there, the file (and JavaScript) do not
    "    code: |\n" + _indented(ACTION.replace("  const profile", "  // a\u0085b\n  const profile"), "      "),
])
def test_a_yaml_block_whose_lines_are_not_the_files_gets_no_fix(tmp_path, block):
    yaml = ("actions:\n  - name: a\n    runtime: node22\n" + block
            + "    supported_triggers:\n      - id: post-login\n        version: v3\n")
    findings = _findings(tmp_path, "tenant.yaml", yaml, "HL222")
    assert findings and all(f.fix is None for f in findings)


def test_hl121_is_fixed_in_a_heredoc_too(tmp_path, hooklint_exe):
    code = "const _ = require('lodash@4.17.21');\n" + ACTION.replace("JSON.parse(api.cache.get('profile'))", "1")
    tf = ('resource "auth0_action" "a" {\n  name = "a"\n  runtime = "node22"\n  code = <<EOT\n' + code
          + 'EOT\n  supported_triggers {\n    id = "post-login"\n    version = "v3"\n  }\n}\n')
    (tmp_path / "main.tf").write_text(tf, encoding="utf-8")
    result = _cli(hooklint_exe, tmp_path, "--fix", "--select", "HL121")
    assert result.returncode == 0, result.stdout + result.stderr
    assert (tmp_path / "main.tf").read_text(encoding="utf-8") == tf.replace("'lodash@4.17.21'", "'lodash'")


def test_a_line_separator_anywhere_in_the_file_means_no_fix(tmp_path, hooklint_exe):
    # U+2029 in a comment before the resource: JavaScript lines (how edits are placed) and the
    # file's CR/LF lines (how metadata regions are counted) part from there on
    tf = ('# owner: team\u2029security\nresource "auth0_action" "a" {\n  name = "a"\n  runtime = "node22"\n'
          '  code = <<EOT\n' + ACTION + 'EOT\n  supported_triggers {\n    id = "post-login"\n'
          '    version = "v3"\n  }\n}\n')
    [finding] = _findings(tmp_path, "main.tf", tf, "HL222")
    assert finding.fix is None
    assert _cli(hooklint_exe, tmp_path, "--fix", "--select", "HL222").returncode == 1
    assert (tmp_path / "main.tf").read_text(encoding="utf-8") == tf


def test_hl121_is_not_fixed_where_the_metadata_declares_another_version(tmp_path):
    code = "const _ = require('lodash@4.17.21');\n" + ACTION.replace("JSON.parse(api.cache.get('profile'))", "1")
    yaml = ("actions:\n  - name: a\n    runtime: node22\n    dependencies:\n      - name: lodash\n"
            "        version: 3.10.1\n    code: |\n" + _indented(code, "      ")
            + "    supported_triggers:\n      - id: post-login\n        version: v3\n")
    [finding] = _findings(tmp_path, "tenant.yaml", yaml, "HL121")
    assert finding.fix is None  # `require('lodash')` would load 3.10.1
    same = yaml.replace("3.10.1", "4.17.21")
    [finding] = _findings(tmp_path, "tenant.yaml", same, "HL121")
    assert finding.fix is not None
