"""The command line, run as the installed console script from outside the source tree
(this also proves that rules/ ships inside the wheel)."""

from __future__ import annotations

import json
import os
import subprocess

import pytest

from conftest import REPO

CE_HOOK = """module.exports = function (client, scope, audience, context, cb) {
  var access_token = {};
  access_token.scope = scope;
  cb(null, access_token);
};
"""
WRONG = """// hooklint: point=credentials-exchange
module.exports = function (user, context, cb) {
  cb();
};
"""


def run(exe, *args, cwd):
    env = {k: v for k, v in os.environ.items() if not k.startswith("HOOKLINT")}
    env["NO_COLOR"] = "1"
    return subprocess.run([exe, *args], cwd=cwd, capture_output=True, text=True, env=env, timeout=120)


@pytest.fixture
def project(tmp_path):
    (tmp_path / "hooks").mkdir()
    (tmp_path / "hooks" / "m2m.js").write_text(CE_HOOK)
    (tmp_path / "hooks" / "wrong.js").write_text(WRONG)
    (tmp_path / "node_modules" / "x").mkdir(parents=True)
    (tmp_path / "node_modules" / "x" / "index.js").write_text("this is not javascript {{{")
    return tmp_path


def test_runs_outside_the_source_tree(hooklint_exe, project):
    assert not str(project).startswith(str(REPO))
    result = run(hooklint_exe, "check", cwd=project)
    assert result.returncode == 1, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == ("hooks/wrong.js:2:28: HL101 [error] credentials-exchange hooks take 5 parameters "
                        "(client, scope, audience, context, cb), this one takes 3: Auth0 passes them by "
                        "position, so the callback is not where the code expects it (credentials-exchange)")
    assert lines[-1] == "Found 1 problem (1 error) in 2 files."
    assert "node_modules" not in result.stdout
    assert "Traceback" not in result.stderr


def test_clean_file_exits_zero(hooklint_exe, project):
    result = run(hooklint_exe, "check", "hooks/m2m.js", cwd=project)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.strip() == "No problems in 1 file."


def test_json_output(hooklint_exe, project):
    result = run(hooklint_exe, "check", "--format", "json", cwd=project)
    data = json.loads(result.stdout)
    assert data["tool"] == "hooklint" and data["schema_version"] == 1
    assert data["summary"]["findings"] == 1 and data["summary"]["errors"] == 1
    [finding] = data["findings"]
    assert finding == {
        "rule": "HL101", "name": "wrong-hook-signature", "level": "error",
        "message": finding["message"], "path": "hooks/wrong.js",
        "line": 2, "column": 28, "end_line": 2, "end_column": 45,
        "point": "credentials-exchange", "tags": finding["tags"], "help_uri": finding["help_uri"],
    }
    files = {f["path"]: f for f in data["files"]}
    assert files["hooks/m2m.js"]["point"] == "credentials-exchange"
    assert files["hooks/m2m.js"]["point_source"] == "inferred"
    assert files["hooks/wrong.js"]["point_source"] == "pragma"


def test_output_file_and_exit_zero(hooklint_exe, project):
    result = run(hooklint_exe, "check", "-o", "out.txt", "--exit-zero", cwd=project)
    assert result.returncode == 0
    assert result.stdout == ""
    assert "HL101" in (project / "out.txt").read_text()


def test_fail_on_error_vs_note(hooklint_exe, project):
    (project / "hooks" / "wrong.js").unlink()
    # HL003 is a note: fails only with --fail-on note
    assert run(hooklint_exe, "check", "--select", "HL003", cwd=project).returncode == 0
    result = run(hooklint_exe, "check", "--select", "HL003", "--fail-on", "note", cwd=project)
    assert result.returncode == 1 and "HL003 [note]" in result.stdout


def test_point_option_forces_the_point(hooklint_exe, project):
    result = run(hooklint_exe, "check", "--point", "pre-user-registration", "hooks/m2m.js", cwd=project)
    assert result.returncode == 1 and "HL101" in result.stdout and "(pre-user-registration)" in result.stdout


def test_select_and_ignore(hooklint_exe, project):
    assert run(hooklint_exe, "check", "--ignore", "HL101", cwd=project).returncode == 0
    assert run(hooklint_exe, "check", "--ignore", "wrong-hook-signature", cwd=project).returncode == 0
    assert run(hooklint_exe, "check", "--select", "HL0", cwd=project).returncode == 0
    assert run(hooklint_exe, "check", "--select", "HL1", cwd=project).returncode == 1


@pytest.mark.parametrize("args, message", [
    (["check", "--select", "HL999"], "unknown rule id or name `HL999`"),
    (["check", "--point", "password-exchange"], "Invalid value for '--point'"),
    (["check", "--format", "xml"], "Invalid value for '-f' / '--format'"),
    (["check", "--baseline", "baseline.json"], "cannot read baseline baseline.json: No such file or directory"),
    (["check", "no-such-dir"], "no-such-dir: no such file or directory"),
    (["explain", "HL998"], "unknown rule `HL998`"),
    (["frobnicate"], "No such command"),
])
def test_usage_errors_exit_2_without_traceback(hooklint_exe, project, args, message):
    result = run(hooklint_exe, *args, cwd=project)
    assert result.returncode == 2, result.stdout + result.stderr
    assert message in result.stderr
    assert "Traceback" not in result.stderr


def test_unreadable_path_is_reported_and_the_run_goes_on(hooklint_exe, project):
    result = run(hooklint_exe, "check", "hooks", "missing.js", cwd=project)
    assert result.returncode == 2
    assert "HL101" in result.stdout
    assert "hooklint: missing.js: no such file or directory" in result.stderr


def test_binary_and_unparseable_files_are_findings(hooklint_exe, project):
    (project / "hooks" / "blob.js").write_bytes(b"\x00\x01\x02binary")
    (project / "hooks" / "broken.js").write_text("module.exports = function (a, b, c, d, cb) {\n  var x = ;\n};\n")
    result = run(hooklint_exe, "check", "--select", "HL000", cwd=project)
    assert result.returncode == 1
    assert "hooks/blob.js:1:1: HL000 [error] cannot analyse this file: binary file" in result.stdout
    assert "hooks/broken.js:2:11: HL000 [error] cannot parse: Unexpected token ;" in result.stdout
    assert "2 not analysed" in result.stdout


def test_config_errors_exit_2(hooklint_exe, project):
    (project / "pyproject.toml").write_text('[tool.hooklint]\nselct = ["HL1"]\n')
    result = run(hooklint_exe, "check", cwd=project)
    assert result.returncode == 2
    assert "unknown key in [tool.hooklint]: selct" in result.stderr


def test_config_is_applied(hooklint_exe, project):
    (project / ".hooklint.toml").write_text(
        'exclude = ["hooks/wrong.js"]\n'
        '[points]\n"hooks/m2m.js" = "credentials-exchange"\n'
    )
    result = run(hooklint_exe, "check", "--format", "json", cwd=project)
    data = json.loads(result.stdout)
    assert [f["path"] for f in data["files"]] == ["hooks/m2m.js"]
    assert data["files"][0]["point_source"] == "config"
    assert result.returncode == 0


def test_rules_lists_the_whole_catalogue(hooklint_exe, project):
    result = run(hooklint_exe, "rules", "--format", "json", cwd=project)
    rows = json.loads(result.stdout)
    assert len(rows) == 50  # part 1 (33) and 17 Action rules
    by_id = {r["id"]: r for r in rows}
    assert all(row["implemented"] for row in rows)
    assert [r["id"] for r in rows if not r["enabled"]] == ["HL003"]
    assert by_id["HL204"]["points"] == ["credentials-exchange"]
    text = run(hooklint_exe, "rules", cwd=project).stdout
    assert "HL403  secret-exported-to-environment" in text and "not implemented" not in text


def test_explain_prints_the_doc(hooklint_exe, project):
    result = run(hooklint_exe, "explain", "missing-hook-export", cwd=project)
    assert result.returncode == 0
    assert result.stdout.startswith("HL100 missing-hook-export\n")
    for section in ("What it flags", "Why it matters", "Bad", "Good", "Limitations", "References"):
        assert f"\n{section}\n" in result.stdout


def test_version(hooklint_exe, project):
    from hooklint import __version__

    result = run(hooklint_exe, "--version", cwd=project)
    assert result.stdout.strip() == f"hooklint {__version__}"


def test_examples_give_the_documented_findings(hooklint_exe, tmp_path):
    result = run(hooklint_exe, "check", str(REPO / "examples"), "--format", "json", cwd=tmp_path)
    data = json.loads(result.stdout)
    found = sorted((f["path"].replace("\\", "/").split("examples/", 1)[1], f["rule"], f["line"])
                   for f in data["findings"])
    # exactly what examples/README.md promises, and nothing on the clean examples
    assert found == [("actions/credentials-exchange-quota.js", "HL116", 12),
                     ("actions/post-login-add-roles.js", "HL206", 17),
                     ("actions/post-user-registration-notify.js", "HL113", 19),
                     ("deploy-cli/actions/sync-plan/code.js", "HL120", 13),
                     ("deploy-cli/actions/sync-plan/code.js", "HL304", 8),
                     ("hooks/credentials-exchange-add-claims.js", "HL203", 29),
                     ("hooks/credentials-exchange-add-claims.js", "HL204", 25),
                     ("hooks/legacy-rule-style.js", "HL100", 1), ("hooks/post-change-password-audit.js", "HL102", 28),
                     ("hooks/wrong-signature.js", "HL101", 9), ("terraform/main.tf", "HL401", 13)]
    files = {f["path"].replace("\\", "/").split("examples/", 1)[1]: (f["kind"], f["point"], f["point_source"])
             for f in data["files"]}
    assert files["hooks/pre-user-registration-block-domains.js"] == ("hook", "pre-user-registration", "inferred")
    assert files["hooks/post-change-password-audit.js"] == ("hook", "post-change-password", "inferred")
    assert files["hooks/send-phone-message-twilio.js"] == ("hook", "send-phone-message", "inferred")
    assert files["hooks/credentials-exchange-add-claims.js"] == ("hook", "credentials-exchange", "inferred")
    assert files["actions/pre-user-registration-block-domains.js"] == ("action", "pre-user-registration", "inferred")
    assert files["deploy-cli/actions/sync-plan/code.js"] == ("action", "post-login", "metadata")
    assert files["terraform/actions/m2m-tier.js"] == ("action", "credentials-exchange", "metadata")
    assert files["terraform/main.tf#audit_password_change"] == ("action", "post-change-password", "metadata")


def test_readme_quick_start_output_is_true(hooklint_exe):
    """The README shows what `hooklint check examples/` prints: keep the two in step."""
    readme = (REPO / "README.md").read_text()
    block = readme.split("It prints (and exits 1, because some examples are broken on purpose):\n\n```\n", 1)[1]
    block = block.split("```", 1)[0]
    result = run(hooklint_exe, "check", "examples/", "--no-cache", cwd=REPO)
    assert result.returncode == 1
    assert result.stdout == block


def test_config_exclude_applies_to_files_named_explicitly(hooklint_exe, project):
    """pre-commit passes files by name: the config's exclude still applies to them."""
    (project / ".hooklint.toml").write_text('exclude = ["hooks/wrong.js"]\n')
    result = run(hooklint_exe, "check", "hooks/wrong.js", "hooks/m2m.js", cwd=project)
    assert result.returncode == 0, result.stdout
    assert result.stdout.strip() == "No problems in 1 file."


def test_json_gives_each_fix_its_class(hooklint_exe, tmp_path):
    (tmp_path / "a.js").write_text(
        "exports.onExecutePostLogin = async (event, api) => {\n"
        "  const profile = JSON.parse(api.cache.get('profile'));\n"
        "  api.idToken.setCustomClaim('https://example.com/p', profile);\n"
        "};\n", encoding="utf-8")
    result = run(hooklint_exe, "check", "a.js", "--select", "HL222", "-f", "json", "--no-cache", cwd=tmp_path)
    [finding] = json.loads(result.stdout)["findings"]
    assert finding["fix"]["applicability"] == "safe"  # rules/HL222's `fix`
    # an insertion after `)`: 53 characters before it on line 2
    assert finding["fix"]["edits"] == [{"line": 2, "column": 54, "end_line": 2, "end_column": 54, "text": "?.value"}]
