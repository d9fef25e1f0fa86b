"""``hooklint migrate`` run as the installed console script on copies of the fixture trees
of tests/data/migrate/ (deploy-cli YAML and directory, Terraform, plain files)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from conftest import TESTS

DATA = TESTS / "data" / "migrate"
SECRET_VALUES = ("s3cr3t-hook-value-XYZ", "AC-dir-secret-value-123", "dir-token-value-456", "tf-secret-value-789")
REPORTS = ("hooklint-migration.md", "hooklint-migration.json")


def run(exe, *args, cwd):
    env = {k: v for k, v in os.environ.items() if not k.startswith("HOOKLINT")}
    env["NO_COLOR"] = "1"
    return subprocess.run([exe, *args], cwd=cwd, capture_output=True, text=True, env=env, timeout=300)


def snapshot(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


@pytest.fixture
def repo(tmp_path):
    shutil.copytree(DATA, tmp_path / "repo")
    return tmp_path / "repo"


def test_dry_run_prints_a_diff_and_writes_nothing(hooklint_exe, repo):
    before = snapshot(repo)
    result = run(hooklint_exe, "migrate", "--dry-run", ".", cwd=repo)
    assert snapshot(repo) == before
    assert result.returncode == 1, result.stderr  # plain/broken.js does not parse: skipped
    assert "--- a/yaml/tenant.yaml\n+++ b/yaml/tenant.yaml\n" in result.stdout
    assert "--- /dev/null\n+++ b/yaml/actions/m2m-claims/code.js\n" in result.stdout
    assert "+  - name: m2m-claims\n" in result.stdout
    assert "plain/broken.js: skipped: does not parse" in result.stderr
    assert "Traceback" not in result.stderr


def test_migrate_then_again_changes_nothing(hooklint_exe, repo):
    first = run(hooklint_exe, "migrate", ".", cwd=repo)
    assert first.returncode == 1, first.stderr
    assert "Traceback" not in first.stderr
    written = snapshot(repo)
    for name in ("yaml/actions/m2m-claims/code.js", "directory/actions/phone.json",
                 "terraform/actions/password_audit.js", "plain/cce/code.js", "plain/cce/action.json", *REPORTS):
        assert name in written
    second = run(hooklint_exe, "migrate", ".", cwd=repo)
    assert second.returncode == 1, second.stderr
    again = snapshot(repo)
    assert {k: v for k, v in again.items() if k not in REPORTS} == {k: v for k, v in written.items()
                                                                    if k not in REPORTS}
    assert "migrated 0, already migrated 6, skipped 1" in second.stdout
    report = json.loads((repo / "hooklint-migration.json").read_text())
    assert report["summary"]["already_migrated"] == 6 and report["summary"]["migrated"] == 0


def test_check_accepts_what_migrate_wrote(hooklint_exe, repo):
    assert run(hooklint_exe, "migrate", ".", cwd=repo).returncode == 1
    result = run(hooklint_exe, "check", ".", "--no-cache", "-f", "json", cwd=repo)
    assert result.returncode in (0, 1), result.stderr
    report = json.loads(result.stdout)
    kinds = {(f["path"], f["kind"]): f["point"] for f in report["files"]}
    for path, trigger in [("yaml/actions/m2m-claims/code.js", "credentials-exchange"),
                          ("yaml/actions/signup-guard/code.js", "pre-user-registration"),
                          ("directory/actions/phone/code.js", "send-phone-message"),
                          ("terraform/actions/password_audit.js", "post-change-password"),
                          ("terraform/main.tf#post_signup", "post-user-registration"),
                          ("plain/cce/code.js", "credentials-exchange")]:
        assert kinds.get((path, "action")) == trigger, path
    errors = {(f["path"], f["rule"]) for f in report["findings"] if f["level"] == "error"}
    # the hook that does not parse is the only error: nothing the migration wrote has one
    assert errors == {("plain/broken.js", "HL000")}


def test_secret_values_never_reach_the_output(hooklint_exe, repo):
    originals = snapshot(repo)
    result = run(hooklint_exe, "migrate", ".", cwd=repo)
    for name, data in snapshot(repo).items():
        if name in originals:
            continue
        for value in SECRET_VALUES:
            assert value.encode() not in data, name
    for name in ("yaml/tenant.yaml", "directory/triggers/triggers.json", "terraform/main.tf"):
        after = (repo / name).read_text()
        for value in SECRET_VALUES:
            assert after.count(value) == originals[name].decode().count(value)
    for value in SECRET_VALUES:
        assert value not in result.stdout and value not in result.stderr
    report = json.loads((repo / "hooklint-migration.json").read_text())
    secrets = {h["name"]: h["secrets"] for h in report["hooks"]}
    assert secrets["m2m-claims"] == ["API_TOKEN"] and secrets["phone"] == ["TWILIO_SID", "TWILIO_TOKEN"]


def test_an_existing_file_is_not_overwritten_without_force(hooklint_exe, repo):
    (repo / "plain" / "cce").mkdir()
    (repo / "plain" / "cce" / "code.js").write_text("// mine\n")
    before = snapshot(repo)
    result = run(hooklint_exe, "migrate", ".", cwd=repo)
    assert result.returncode == 2
    assert "hooklint: not migrated: plain/cce/code.js exists with other content (--force overwrites it)" \
        in result.stderr.splitlines()
    assert snapshot(repo) == before  # nothing written, not even the other hooks' files
    forced = run(hooklint_exe, "migrate", "--force", ".", cwd=repo)
    assert forced.returncode == 1, forced.stderr
    assert (repo / "plain" / "cce" / "code.js").read_text().startswith("exports.onExecuteCredentialsExchange")


def test_out_and_json_format(hooklint_exe, repo, tmp_path):
    before = snapshot(repo)
    out = tmp_path / "out"
    result = run(hooklint_exe, "migrate", "yaml", "--out", str(out), "--format", "json", cwd=repo)
    assert result.returncode in (0, 1), result.stderr
    assert snapshot(repo) == before
    report = json.loads(result.stdout)
    assert report["version"] == 1
    assert list(report) == ["version", "dry_run", "summary", "hooks", "skipped", "conflicts"]
    [hook] = [h for h in report["hooks"] if h["name"] == "m2m-claims"]
    assert list(hook) == ["source", "name", "layout", "status", "point", "trigger", "version", "entry_point", "form",
                          "form_reason", "bound", "files", "carried", "dependencies", "secrets", "notes",
                          "layout_notes"]
    assert (hook["source"], hook["trigger"], hook["layout"], hook["status"]) == (
        "yaml/hooks/m2m-claims.js", "credentials-exchange", "deploy-cli-yaml", "migrated")
    assert all(set(n) == {"kind", "code", "message", "path", "line", "column"} for n in hook["notes"])
    assert (out / "yaml" / "tenant.yaml").exists() and (out / "yaml" / "actions" / "m2m-claims" / "code.js").exists()
    assert json.loads((out / "hooklint-migration.json").read_text()) == report
    assert (out / "hooklint-migration.md").read_text().startswith("# Hooks → Actions migration report")


def test_markdown_format(hooklint_exe, repo):
    result = run(hooklint_exe, "migrate", "plain", "--dry-run", "--format", "markdown", cwd=repo)
    assert "## `plain/cce.js` → Action `cce`" in result.stderr
    assert "## Skipped" in result.stderr and "`plain/broken.js`: does not parse" in result.stderr


@pytest.mark.parametrize("args, message", [
    (["migrate", "missing"], "hooklint: missing: no such file or directory"),
    (["migrate", "--format", "sarif", "."], "Invalid value for '-f' / '--format'"),
])
def test_bad_input_is_one_line(hooklint_exe, repo, args, message):
    result = run(hooklint_exe, *args, cwd=repo)
    assert result.returncode == 2
    assert message in result.stderr
    assert "Traceback" not in result.stderr


def test_two_entries_on_one_script_are_both_reported(hooklint_exe, tmp_path):
    (tmp_path / "hooks").mkdir()
    (tmp_path / "hooks" / "cce.js").write_text(
        "module.exports = function (client, scope, audience, context, cb) {\n"
        "  cb(null, { scope: scope });\n};\n", encoding="utf-8")
    (tmp_path / "tenant.yaml").write_text(
        "hooks:\n"
        "  - name: cce\n    script: ./hooks/cce.js\n    triggerId: credentials-exchange\n    enabled: true\n"
        "  - name: weird\n    script: ./hooks/cce.js\n    triggerId: not-a-point\n    enabled: true\n",
        encoding="utf-8")
    result = run(hooklint_exe, "migrate", "--dry-run", ".", cwd=tmp_path)
    assert result.returncode == 1, result.stderr
    assert "+  - name: cce\n" in result.stdout and "+  - name: weird" not in result.stdout
    assert "tenant.yaml#weird: skipped: names the script `hooks/cce.js`" in result.stderr, result.stderr
