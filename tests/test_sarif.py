"""SARIF 2.1.0: what GitHub code scanning and the viewers need (see the design doc).

Every SARIF document these tests produce is validated twice: against the OASIS schema
(vendored in tests/data) with jsonschema's Draft 4 validator and a FormatChecker, and by
Microsoft's SARIF Multitool with GitHub's rules (``validate --rule-kind "Gh;Sarif"``),
which must report no error and no warning. The tests install the Multitool into
tests/.multitool with npm on first use; where they cannot, they skip after every other
check has passed and say how to enable it (under CI=true they fail): see conftest.need_tool.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
from pathlib import Path

import pytest
from jsonschema import Draft4Validator, FormatChecker

from conftest import REPO, TESTS, multitool
from hooklint.run.config import Config
from hooklint.run.engine import Engine
from hooklint.reporters import render
from hooklint.reporters.fingerprints import line_hashes

SCHEMA = json.loads((TESTS / "data" / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))
VALIDATOR = Draft4Validator(SCHEMA, format_checker=FormatChecker())
TIME = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$")


# ----- validation ------------------------------------------------------------------------


def schema_errors(document: dict) -> list[str]:
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in VALIDATOR.iter_errors(document)]


def multitool_problems(sarif_file: Path, work: Path) -> list[str]:
    """Errors and warnings of ``Sarif.Multitool validate --rule-kind "Gh;Sarif"``.

    It exits 0 even when it finds errors, so its own SARIF output is read instead."""
    exe = multitool()
    out = work / f"{sarif_file.stem}.multitool.sarif"
    # Its SARIF2006 (a note) tries to fetch every URI in the log: send that to a closed local
    # port, so that nothing leaves the machine and the check fails at once instead of waiting.
    closed = "http://127.0.0.1:9"
    env = dict(os.environ, DOTNET_CLI_TELEMETRY_OPTOUT="1", HTTP_PROXY=closed, HTTPS_PROXY=closed,
               http_proxy=closed, https_proxy=closed, NO_PROXY="", no_proxy="")
    proc = subprocess.run([str(exe), "validate", "--rule-kind", "Gh;Sarif", "-o", str(out), str(sarif_file)],
                          capture_output=True, text=True, timeout=300, env=env)
    assert out.is_file(), f"the Multitool wrote no output (exit {proc.returncode}):\n{proc.stdout}\n{proc.stderr}"
    log = json.loads(out.read_text(encoding="utf-8-sig"))
    problems = []
    for run in log["runs"]:
        for result in run.get("results", []):
            level = result.get("level", "warning")  # SARIF's default level
            if level in ("error", "warning"):
                problems.append(f"{level} {result.get('ruleId')}: {json.dumps(result.get('message'))}")
    if problems:  # the readable form of the same problems
        problems += [line for line in proc.stdout.splitlines() if ": error " in line or ": warning " in line]
    return problems


def validate(document: dict, work: Path, name: str = "report") -> None:
    """The schema (Draft 4 + formats), then the Multitool (or skip: see conftest.need_tool)."""
    errors = schema_errors(document)
    assert not errors, "SARIF schema errors:\n" + "\n".join(errors)
    multitool()  # or skip (fail under CI=true): see conftest.need_tool
    work.mkdir(parents=True, exist_ok=True)
    path = work / f"{name}.sarif"
    path.write_text(json.dumps(document, indent=2, ensure_ascii=False), encoding="utf-8")
    problems = multitool_problems(path, work)
    assert not problems, "SARIF Multitool (Gh;Sarif) problems:\n" + "\n".join(problems)


# ----- running hooklint ------------------------------------------------------------------


def run(exe, *args, cwd):
    env = {k: v for k, v in os.environ.items() if not k.startswith("HOOKLINT")}
    env["NO_COLOR"] = "1"
    return subprocess.run([exe, *args], cwd=cwd, capture_output=True, text=True, env=env, timeout=120)


def sarif(exe, *args, cwd, code=None) -> dict:
    result = run(exe, "check", "--format", "sarif", *args, cwd=cwd)
    assert "Traceback" not in result.stderr, result.stderr
    if code is not None:
        assert result.returncode == code, result.stdout + result.stderr
    return json.loads(result.stdout)


def results_by_rule(document: dict) -> dict[str, list[dict]]:
    out: dict[str, list[dict]] = {}
    for result in document["runs"][0]["results"]:
        out.setdefault(result["ruleId"], []).append(result)
    return out


CE_OK = """module.exports = function (client, scope, audience, context, cb) {
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
# A non-BMP character before the flagged span: UTF-16 columns count it as two.
UNICODE = """// hooklint: point=credentials-exchange — ünïcödé
module.exports = function (/* 😀 */ user, context, cb) {
  cb();
};
"""
SUPPRESSED = """// hooklint: point=credentials-exchange
// hooklint-disable-next-line HL101 -- migrated next quarter
module.exports = function (user, context, cb) {
  cb();
};
"""
BROKEN = "module.exports = function (user, context, cb) {\n  cb(;\n};\n"


@pytest.fixture
def project(tmp_path):
    root = tmp_path / "project"
    hooks = root / "hooks"
    hooks.mkdir(parents=True)
    (hooks / "ok.js").write_text(CE_OK)
    (hooks / "wrong.js").write_text(WRONG)
    (hooks / "suppressed.js").write_text(SUPPRESSED)
    spaced = root / "hooks dir"
    spaced.mkdir()
    (spaced / "ünïcödé hook ✓.js").write_text(UNICODE, encoding="utf-8")
    return root


# ----- fingerprints ----------------------------------------------------------------------


def test_line_hash_vectors_from_githubs_test_suite():
    assert line_hashes("") == ["c129715d7a2bc9a3:1"]
    assert line_hashes(" a\nb\n  \t\tc\n d") == [
        "271789c17abda88f:1", "54703d4cd895b18:1", "180aee12dab6264:1", "a23a3dc5e078b07b:1"]
    assert line_hashes("Lorem ipsum dolor sit amet.\n" * 10) == [
        *(f"a7f2ff13bc495cf2:{n}" for n in range(1, 7)),
        "a7f2ff1481e87703:1", "a9cf91f7bbf1862b:1", "55ec222b86bcae53:1", "cc97dc7b1d7d8f7b:1",
        "c129715d7a2bc9a3:1",
    ]


def test_line_hash_line_endings_and_blanks():
    # CR and CRLF read as LF; spaces and tabs do not count.
    assert line_hashes("a\r\nb\rc\n") == line_hashes("a\nb\nc\n")
    assert line_hashes("x = 1;\n") == line_hashes("x=1;\n")


# ----- the log ---------------------------------------------------------------------------


def test_examples_sarif(hooklint_exe, tmp_path, registry):
    document = sarif(hooklint_exe, "examples/", cwd=REPO, code=1)
    # The catalogue of the installed tool (the in-process one may be a newer source tree).
    catalogue = json.loads(run(hooklint_exe, "rules", "--format", "json", cwd=tmp_path).stdout)
    assert document["$schema"] == "https://json.schemastore.org/sarif-2.1.0.json"
    assert document["version"] == "2.1.0"
    [sarif_run] = document["runs"]
    assert sarif_run["columnKind"] == "utf16CodeUnits"
    assert sarif_run["automationDetails"] == {"id": "hooklint/"}
    driver = sarif_run["tool"]["driver"]
    assert driver["name"] == "hooklint" and driver["semanticVersion"] and driver["informationUri"]
    rules = driver["rules"]
    ids = [rule["id"] for rule in rules]
    assert ids == sorted(row["id"] for row in catalogue if row["implemented"] and row["enabled"])
    for rule in rules:
        doc = registry.docs[rule["id"]]
        assert rule["name"] == doc.name
        assert rule["shortDescription"]["text"] == doc.summary
        assert rule["fullDescription"]["text"].startswith(doc.summary)
        assert "## Why it matters" in rule["help"]["markdown"] and "Why it matters" in rule["help"]["text"]
        assert rule["helpUri"] == doc.help_uri
        assert rule["defaultConfiguration"] == {"level": doc.level.value}
        assert rule["properties"]["tags"] == list(doc.tags)
        assert rule["properties"]["precision"] == doc.precision
        assert rule["properties"].get("security-severity") == doc.security_severity
    assert sarif_run["results"], "examples/ has findings"
    for result in sarif_run["results"]:
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"]
        assert result["level"] in ("error", "warning", "note")
        assert result["message"]["text"][0].isupper() or not result["message"]["text"][0].isalpha()
        assert result["message"]["text"].endswith(".")
        [location] = result["locations"]
        uri = location["physicalLocation"]["artifactLocation"]["uri"]
        assert uri.startswith(("examples/actions/", "examples/deploy-cli/", "examples/hooks/", "examples/terraform/"))
        region = location["physicalLocation"]["region"]
        assert {"startLine", "startColumn", "endLine", "endColumn"} <= set(region)
        text = (REPO / uri).read_text(encoding="utf-8")
        assert result["partialFingerprints"]["primaryLocationLineHash"] == line_hashes(text)[region["startLine"] - 1]
        assert re.fullmatch(r"[0-9a-f]{32}", result["fingerprints"]["hooklint/v1"])
        assert "suppressions" not in result
    [invocation] = sarif_run["invocations"]
    assert invocation["executionSuccessful"] is True
    assert invocation["exitCode"] == 1
    assert TIME.match(invocation["startTimeUtc"]) and TIME.match(invocation["endTimeUtc"])
    assert invocation["startTimeUtc"] <= invocation["endTimeUtc"]
    validate(document, tmp_path, "examples")


def test_regions_utf16_uris_and_snippets(hooklint_exe, project, tmp_path):
    document = sarif(hooklint_exe, "--category", "hooks", cwd=project, code=1)
    assert document["runs"][0]["automationDetails"] == {"id": "hooks/"}
    found = {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]: r
             for r in results_by_rule(document)["HL101"]}
    assert set(found) == {"hooks/wrong.js", "hooks%20dir/%C3%BCn%C3%AFc%C3%B6d%C3%A9%20hook%20%E2%9C%93.js"}
    region = found["hooks/wrong.js"]["locations"][0]["physicalLocation"]["region"]
    assert region == {"startLine": 2, "startColumn": 28, "endLine": 2, "endColumn": 45,
                      "snippet": {"text": "user, context, cb"}}
    odd = found["hooks%20dir/%C3%BCn%C3%AFc%C3%B6d%C3%A9%20hook%20%E2%9C%93.js"]
    region = odd["locations"][0]["physicalLocation"]["region"]
    # `module.exports = function (/* 😀 */ ` is 36 UTF-16 code units (the emoji is two).
    assert region == {"startLine": 2, "startColumn": 37, "endLine": 2, "endColumn": 54,
                      "snippet": {"text": "user, context, cb"}}
    assert odd["partialFingerprints"]["primaryLocationLineHash"] == line_hashes(UNICODE)[1]
    # The suppressed finding is left out (GitHub would open it as an alert).
    uris = {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in document["runs"][0]["results"]}
    assert "hooks/suppressed.js" not in uris
    validate(document, tmp_path, "unicode")


def test_fingerprint_survives_lines_added_above(hooklint_exe, project):
    before = sarif(hooklint_exe, "hooks/wrong.js", cwd=project)
    (project / "hooks" / "wrong.js").write_text("// a new header\n\n" + WRONG)
    after = sarif(hooklint_exe, "hooks/wrong.js", cwd=project)
    [a], [b] = before["runs"][0]["results"], after["runs"][0]["results"]
    assert b["locations"][0]["physicalLocation"]["region"]["startLine"] == 4
    assert a["fingerprints"] == b["fingerprints"]
    # GitHub's line hash looks at the line and what follows it, so it survives too.
    assert a["partialFingerprints"] == b["partialFingerprints"]


def test_report_suppressed(hooklint_exe, project, tmp_path):
    document = sarif(hooklint_exe, "--report-suppressed", cwd=project, code=1)
    results = document["runs"][0]["results"]
    suppressed = [r for r in results if r["suppressions"]]
    assert [r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in suppressed] == [
        "hooks/suppressed.js"]
    assert suppressed[0]["suppressions"] == [{"kind": "inSource", "justification": "migrated next quarter"}]
    assert all(r["suppressions"] == [] for r in results if r not in suppressed)
    # The others are the same results as without the flag, fingerprints included.
    plain = sarif(hooklint_exe, cwd=project, code=1)["runs"][0]["results"]
    assert [{k: v for k, v in r.items() if k != "suppressions"} for r in results if r not in suppressed] == plain
    validate(document, tmp_path, "suppressed")


def test_parse_and_read_problems_are_notifications(hooklint_exe, project, tmp_path):
    hooks = project / "hooks"
    (hooks / "broken.js").write_text(BROKEN)
    (hooks / "binary.js").write_bytes(b"\x00\x01\x02 not javascript")
    (hooks / "dangling.js").symlink_to(project / "nowhere.js")
    document = sarif(hooklint_exe, "hooks", "missing.js", cwd=project, code=2)
    [invocation] = document["runs"][0]["invocations"]
    assert invocation["executionSuccessful"] is False
    assert invocation["exitCode"] == 2
    notes = {n["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]: n
             for n in invocation["toolExecutionNotifications"]}
    assert set(notes) == {"hooks/binary.js", "hooks/broken.js", "hooks/dangling.js", "missing.js"}
    assert all(n["level"] == "error" and n["message"]["text"].endswith(".") for n in notes.values())
    assert notes["hooks/broken.js"]["locations"][0]["physicalLocation"]["region"]["startLine"] == 2
    assert "cannot parse" in notes["hooks/broken.js"]["message"]["text"]
    assert "no such file" in notes["missing.js"]["message"]["text"]
    # The parse error is also an HL000 result where it happened.
    [hl000] = [r for r in results_by_rule(document)["HL000"]
               if r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "hooks/broken.js"]
    assert hl000["locations"][0]["physicalLocation"]["region"]["startLine"] == 2
    validate(document, tmp_path, "problems")


def test_configuration_notifications(project, tmp_path, registry, monkeypatch):
    """Non-fatal configuration problems (today: a selected rule that is not implemented
    yet) become toolConfigurationNotifications; the command line passes them on."""
    monkeypatch.chdir(project)
    engine = Engine(registry, Config(), {"HL101"})
    result = engine.run([Path("hooks")])
    note = "HL999 is in the catalogue but not implemented yet; it does not run"
    document = json.loads(render("sarif", result, registry, configuration_notes=[note]))
    [invocation] = document["runs"][0]["invocations"]
    assert invocation["toolConfigurationNotifications"] == [{"level": "warning", "message": {"text": note + "."}}]
    assert invocation["executionSuccessful"] is True
    validate(document, tmp_path, "configuration")


def test_project_root_and_extra_outputs(hooklint_exe, project, tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    result = run(hooklint_exe, "check", "hooks", "--project-root", str(project.parent),
                 "--sarif-output", str(out / "r.sarif"), "--html-output", str(out / "r.html"), cwd=project)
    assert result.returncode == 1
    assert result.stdout.startswith("hooks/wrong.js:2:28: HL101 [error]")  # the text report as usual
    document = json.loads((out / "r.sarif").read_text(encoding="utf-8"))
    [r] = document["runs"][0]["results"]
    assert r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "project/hooks/wrong.js"
    assert (out / "r.html").read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    validate(document, tmp_path, "project-root")


def test_format_checker_is_active():
    """The schema check would catch an unencoded URI and a bad time (formats are checked)."""
    document = {"version": "2.1.0", "runs": [{"tool": {"driver": {"name": "x"}}, "results": [{
        "message": {"text": "m."},
        "locations": [{"physicalLocation": {"artifactLocation": {"uri": "a b\\c.js"}}}]}],
        "invocations": [{"executionSuccessful": True, "startTimeUtc": "yesterday"}]}]}
    errors = "\n".join(schema_errors(document))
    assert "uri-reference" in errors and "date-time" in errors


def test_text_runs_import_neither_jinja_nor_sarif_om():
    code = ("import sys\nfrom hooklint import cli\nsys.argv = ['hooklint', 'check', 'examples/', '-q']\n"
            "try:\n    cli.main()\nexcept SystemExit:\n    pass\n"
            "sys.stderr.write('LOADED=' + ','.join(m for m in ('jinja2', 'sarif_om', 'attr') if m in sys.modules))\n")
    import sys

    proc = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, timeout=120)
    assert "LOADED=\n" in proc.stderr + "\n", proc.stderr


def test_multitool_reports_what_github_rejects(tmp_path):
    """The harness itself: the Multitool exits 0 either way, so prove its findings are read."""
    document = {"$schema": "https://json.schemastore.org/sarif-2.1.0.json", "version": "2.1.0", "runs": [{
        "tool": {"driver": {"name": "x", "rules": [{"id": "X1"}]}},
        "results": [{"ruleId": "X1", "message": {"text": "m."},
                     "locations": [{"physicalLocation": {"artifactLocation": {"uri": "a.js"}}}]}]}]}
    assert not schema_errors(document)
    multitool()  # or skip (fail under CI=true): see conftest.need_tool
    path = tmp_path / "bad.sarif"
    path.write_text(json.dumps(document), encoding="utf-8")
    problems = "\n".join(multitool_problems(path, tmp_path))
    assert "error GH" in problems  # GitHub's rules: no shortDescription, fullDescription, help


TF = '''resource "auth0_hook" "deny" {
  name       = "deny"
  trigger_id = "pre-user-registration"
  script     = <<-EOT
    module.exports = function (user, context, cb) {
      if (user.email.endsWith("@example.com")) {
        return cb();
      }
    };
  EOT
}
'''


def test_findings_in_embedded_code_point_into_the_metadata_file(hooklint_exe, tmp_path):
    """Code linted in place (a Terraform heredoc): the region, the snippet and GitHub's
    line hash are those of the .tf file, which is what GitHub shows."""
    project = tmp_path / "tenant"
    (project / "infra").mkdir(parents=True)
    (project / "infra" / "main.tf").write_text(TF)
    document = sarif(hooklint_exe, "--select", "HL102", cwd=project, code=1)
    [result] = document["runs"][0]["results"]
    location = result["locations"][0]["physicalLocation"]
    assert location["artifactLocation"]["uri"] == "infra/main.tf"
    region = location["region"]
    assert region["startLine"] == 9
    line = TF.splitlines()[8]
    assert region["snippet"]["text"] == line[region["startColumn"] - 1:region["endColumn"] - 1] == "}"
    assert result["partialFingerprints"]["primaryLocationLineHash"] == line_hashes(TF)[8]
    validate(document, tmp_path, "terraform")


FIXABLE = """module.exports = function (client, scope, audience, context, cb) {
  var access_token = {};
  access_token['https://example.com/tier'] = 'gold';
  if (client.id) cb(null, access_token);
  else {
    cb(null, access_token);
  }
};
"""


def _apply(text: str, replacements: list[dict]) -> str:
    """Apply SARIF replacements (1-based lines, UTF-16 columns; ASCII here) bottom-up."""
    lines = text.split("\n")
    for change in sorted(replacements, key=lambda r: (r["deletedRegion"]["startLine"],
                                                      r["deletedRegion"]["startColumn"]), reverse=True):
        region = change["deletedRegion"]
        assert region["startLine"] == region["endLine"]
        line = lines[region["startLine"] - 1]
        start, end = region["startColumn"] - 1, region["endColumn"] - 1
        lines[region["startLine"] - 1] = line[:start] + change["insertedContent"]["text"] + line[end:]
    return "\n".join(lines)


def test_fixes_validate_and_applying_them_removes_the_finding(hooklint_exe, tmp_path):
    (tmp_path / "m2m.js").write_text(FIXABLE)
    document = sarif(hooklint_exe, "--select", "HL201", cwd=tmp_path, code=1)
    validate(document, tmp_path, "fixes")
    results = document["runs"][0]["results"]
    assert [r["ruleId"] for r in results] == ["HL201", "HL201"]
    # HL201's fix changes the scopes a token gets: unsafe (its doc's `fix`), in the property bag
    assert [fix["properties"] for r in results for fix in r["fixes"]] == [{"applicability": "unsafe"}] * 2
    replacements = [rep for r in results for fix in r["fixes"] for change in fix["artifactChanges"]
                    for rep in change["replacements"]]
    fixed = _apply(FIXABLE, replacements)
    assert "  access_token.scope = scope;\n  if (client.id)" in fixed
    assert "    access_token.scope = scope;\n    cb(null, access_token);" in fixed
    (tmp_path / "m2m.js").write_text(fixed)
    after = sarif(hooklint_exe, "--select", "HL201,HL000", cwd=tmp_path, code=0)
    assert after["runs"][0]["results"] == []


def test_hardcoded_secret_is_not_copied_into_the_snippet(hooklint_exe, tmp_path):
    secret = "sk_live_" + "51HabcDEFghiJKLmnoPQR"
    (tmp_path / "cx.js").write_text(
        "module.exports = function (client, scope, audience, context, cb) {\n"
        f"  const stripeKey = '{secret}';\n"
        "  cb(null, {scope: scope});\n};\n")
    document = sarif(hooklint_exe, "--select", "HL400", cwd=tmp_path, code=1)
    validate(document, tmp_path, "secret")
    [result] = document["runs"][0]["results"]
    assert secret not in json.dumps(document)
    assert "snippet" not in result["locations"][0]["physicalLocation"]["region"]
