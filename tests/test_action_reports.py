"""Every report says, for each analysed file, its kind (hook or Action), its point or
trigger, and how that was decided (actions-rules.md, "Output").

One run lints Actions and hooks side by side, from the fixtures: a hook and an Action at
the same point id (``post-user-registration``, a hook point and a trigger id), an Action
whose trigger is undecided, a hook whose point is undecided, and a file that does not
parse (no kind at all). Each format must tell them apart; hook wording stays as it was.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from conftest import FIXTURES
from hooklint.reporters import render
from hooklint.run.config import Config
from hooklint.run.engine import Engine
from test_sarif import schema_errors, validate

FILES = {
    # name in the project: (fixture, kind, point, how)
    "action-http.js": ("HL402/action-plain-http.js", "action", "post-user-registration", "inferred"),
    "action-typo.js": ("HL002/action-misspelled-trigger-pragma.js", "action", None, "pragma"),
    "action-unknown.js": ("HL002/action-unknown-entry-point.js", "action", None, "undetermined"),
    "hook-http.js": ("HL402/axios-plain-http.js", "hook", "post-user-registration", "pragma"),
    "hook-unknown.js": ("HL002/three-params-no-evidence.js", "hook", None, "undetermined"),
    "broken.js": ("HL000/unterminated-string.js", None, None, None),
}

# Code embedded in a metadata file: findings under the metadata file's path.
TERRAFORM = '''resource "auth0_hook" "deny" {
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


@pytest.fixture
def project(tmp_path, monkeypatch, registry):
    """The run over the project, and a function rendering it as a format."""
    src = tmp_path / "src"
    src.mkdir()
    for name, (fixture, *_) in FILES.items():
        shutil.copyfile(FIXTURES / fixture, src / name)
    (tmp_path / "main.tf").write_text(TERRAFORM, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    selected = {i for i, d in registry.docs.items() if d.default_enabled}
    run = Engine(registry, Config(root=tmp_path), selected).run([Path("src"), Path("main.tf")])
    return run, lambda name, **options: render(name, run, registry, **options)


def test_the_run_decides_what_the_reports_show(project):
    run, _ = project
    decided = {Path(fr.path).name: (fr.kind, fr.decision.point if fr.decision else None,
                                    fr.decision.how if fr.decision else None)
               for fr in run.files if fr.source is not None}
    assert decided == {name: tuple(facts) for name, (_, *facts) in FILES.items()}


def test_text_names_an_actions_trigger_and_keeps_hook_wording(project):
    _, report = project
    lines = report("text").splitlines()

    def ends(name: str, rule: str) -> list[str]:
        return [line[line.rindex(" ("):] for line in lines if line.startswith(f"src/{name}:") and f" {rule} " in line]

    assert ends("action-http.js", "HL402") == [" (trigger post-user-registration)"]
    assert ends("hook-http.js", "HL402") == [" (post-user-registration)"]
    assert ends("action-typo.js", "HL002") == [" (unknown trigger)"]
    assert ends("action-unknown.js", "HL002") == [" (unknown trigger)"]
    assert ends("hook-unknown.js", "HL002") == [" (unknown point)"]
    assert ends("broken.js", "HL000") == [" (unknown point)"]  # no kind: it did not parse
    embedded = [line for line in lines if line.startswith("main.tf:")]  # the Terraform heredoc's hook
    assert embedded and all(line.endswith(" (pre-user-registration)") for line in embedded)


def test_json_files_say_kind_point_and_how(project):
    _, report = project
    document = json.loads(report("json"))
    files = {Path(f["path"]).name: (f["kind"], f["point"], f["point_source"]) for f in document["files"]
             if f["path"].startswith("src/")}
    assert files == {name: tuple(facts) for name, (_, *facts) in FILES.items()}
    assert all(f["point_evidence"] for f in document["files"] if f["kind"] is not None)
    # the script embedded in main.tf has its own entry
    [embedded] = [f for f in document["files"] if f["path"].startswith("main.tf")]
    assert (embedded["kind"], embedded["point"], embedded["point_source"]) == (
        "hook", "pre-user-registration", "metadata")
    # findings keep their shape: the point (an Action's trigger) and no kind key
    points = {(f["path"], f["rule"]): f["point"] for f in document["findings"]}
    assert points[("src/action-http.js", "HL402")] == points[("src/hook-http.js", "HL402")] == "post-user-registration"
    assert all("kind" not in f for f in document["findings"])


def test_sarif_results_and_artifacts_carry_the_program(project):
    _, report = project
    document = json.loads(report("sarif"))
    assert schema_errors(document) == []
    sarif_run = document["runs"][0]
    artifacts = {a["location"]["uri"]: a["properties"] for a in sarif_run["artifacts"]}
    for name, (_, kind, point, how) in FILES.items():
        uri = f"src/{name}"
        if kind is None:
            assert uri not in artifacts  # not analysed: nothing decided
            continue
        bag = artifacts[uri]
        assert (bag["hooklint/kind"], bag.get("hooklint/point"), bag["hooklint/how"]) == (kind, point, how)
        assert bag["hooklint/evidence"]
    assert "main.tf" not in artifacts  # a metadata file can hold several programs: see the results
    results = {(r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"], r["ruleId"]): r.get("properties")
               for r in sarif_run["results"]}
    assert results[("src/action-http.js", "HL402")] == {
        "hooklint/kind": "action", "hooklint/point": "post-user-registration", "hooklint/how": "inferred"}
    assert results[("src/hook-http.js", "HL402")] == {
        "hooklint/kind": "hook", "hooklint/point": "post-user-registration", "hooklint/how": "pragma"}
    assert results[("src/action-typo.js", "HL002")] == {"hooklint/kind": "action", "hooklint/how": "pragma"}
    assert results[("src/broken.js", "HL000")] is None
    [embedded] = [bag for (uri, _), bag in results.items() if uri == "main.tf"]
    assert embedded == {"hooklint/kind": "hook", "hooklint/point": "pre-user-registration",
                        "hooklint/how": "metadata"}


def test_sarif_with_programs_passes_the_schema_and_the_multitool(project, tmp_path):
    _, report = project
    validate(json.loads(report("sarif")), tmp_path / "sarif", "action-reports")


def test_html_file_headers_say_kind_point_and_how(project):
    _, report = project
    page = report("html")
    headers = {}
    for line in page.splitlines():
        if '<h3 class="file-path">' in line:
            path = line.split('<h3 class="file-path">', 1)[1].split(" ", 1)[0]
            headers[path] = line
    assert ('<span class="program" data-kind="action">Action, trigger post-user-registration '
            '(inferred: exports onExecutePostUserRegistration)</span>') in headers["src/action-http.js"]
    assert ('<span class="program" data-kind="hook">hook, extensibility point post-user-registration '
            '(pragma: `hooklint: point=` comment)</span>') in headers["src/hook-http.js"]
    assert '<span class="program" data-kind="action">Action, trigger unknown (pragma: ' \
        in headers["src/action-typo.js"]
    assert '<span class="program" data-kind="action">Action, trigger unknown (undetermined: exports' \
        in headers["src/action-unknown.js"]
    # evidence is untrusted text: escaped like everything else (the fixture's apostrophe)
    assert "no trigger&#39;s entry point" in headers["src/action-unknown.js"]
    assert '<span class="program" data-kind="hook">hook, extensibility point unknown (undetermined: ' \
        in headers["src/hook-unknown.js"]
    assert 'class="program"' not in headers["src/broken.js"]
    assert 'data-kind="hook">hook, extensibility point pre-user-registration (metadata: ' in headers["main.tf"]


def test_github_annotations_are_unchanged_by_kind(project):
    """The annotations never showed a point: they stay without one for both kinds."""
    _, report = project
    lines = report("github").splitlines()
    action = [line for line in lines if "file=src/action-http.js" in line]
    hook = [line for line in lines if "file=src/hook-http.js" in line]
    assert len(action) == len(hook) == 1
    assert "trigger" not in action[0] and "post-user-registration" not in action[0]


def test_text_show_points_lists_each_program_with_how_it_was_decided(project):
    run, rendered = project
    plain = rendered("text")
    shown = rendered("text", show_points=True)
    assert "metadata:" not in plain and "Action, trigger" not in plain
    lines = shown.splitlines()
    assert "src/action-http.js: Action, trigger post-user-registration (inferred: exports " \
           "onExecutePostUserRegistration)" in lines
    assert any(line.startswith("src/hook-http.js: hook, extensibility point post-user-registration (pragma: ")
               for line in lines)
    assert any(line.startswith("src/action-unknown.js: Action, trigger unknown (undetermined: ") for line in lines)
    assert any(line.startswith("main.tf#deny: hook, extensibility point pre-user-registration (metadata: ")
               for line in lines)
    assert not any(line.startswith("src/broken.js:") and "point" in line and "HL000" not in line for line in lines)
    assert lines[-1] == plain.splitlines()[-1]  # the summary stays last
