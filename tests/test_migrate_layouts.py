"""``hooklint migrate``'s layouts: where each hook's Action is written, in the layout its
source uses (auth0-actions.md §6), with a fixed translation (the layouts do not depend on
what the translation writes). The fixture trees are in tests/data/migrate/, copied first."""

from __future__ import annotations

import difflib
import json
import shutil
from pathlib import Path

import pytest
import yaml

from conftest import TESTS
from hooklint.js.source import terraform_template
from hooklint.migrate import command, layouts
from hooklint.migrate.model import Translation
from hooklint.run.config import Config
from hooklint.run.metadata import read_text

DATA = TESTS / "data" / "migrate"
# a template literal and an HCL interpolation sequence: both must reach the Action as written
CODE = "exports.onExecuteX = async (event, api) => {\n  console.log(`${event.user.email} %{ok}`);\n};\n"
HOOK_SECRET_VALUES = ("s3cr3t-hook-value-XYZ", "AC-dir-secret-value-123", "dir-token-value-456",
                      "tf-secret-value-789")


def translation(site: layouts.HookSite) -> Translation:
    """What the translation would give, fixed: trigger per the hook's point."""
    point = site.source.point_hint.point if site.source.point_hint else "credentials-exchange"
    assert point is not None
    secrets = sorted(site.entry.secrets) if site.entry is not None else []
    return Translation(point, point, "v2", "onExecuteX", "compatible", "a test", CODE,
                       dict(site.source.dependencies), secrets)


@pytest.fixture
def tree(tmp_path, monkeypatch):
    shutil.copytree(DATA, tmp_path / "repo")
    monkeypatch.chdir(tmp_path / "repo")
    return tmp_path / "repo"


def migrate(paths: list[Path], out: Path | None = None, force: bool = False) -> tuple[layouts.Workspace, list]:
    found, skipped, errors = command.sites(paths, Config())
    assert not errors
    workspace = layouts.Workspace(out, Path.cwd(), force)
    placed = [layouts.place(workspace, site, translation(site)) for site in found]
    return workspace, placed


def apply(workspace: layouts.Workspace) -> None:
    for target, _, text in workspace.changes():
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(text.encode("utf-8"))


def only_insertions(before: str, after: str) -> list[str]:
    """The inserted text, failing if anything of ``before`` was changed or removed."""
    matcher = difflib.SequenceMatcher(None, before, after, autojunk=False)
    inserted = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        assert tag in ("equal", "insert"), (tag, before[i1:i2], after[j1:j2])
        if tag == "insert":
            inserted.append(after[j1:j2])
    return inserted


def changed(workspace: layouts.Workspace) -> dict[str, tuple[str | None, str]]:
    return {target.relative_to(Path.cwd()).as_posix(): (before, after)
            for target, before, after in workspace.changes()}


def test_deploy_cli_yaml_patch_keeps_every_other_byte(tree):
    workspace, placed = migrate([Path("yaml")])
    files = changed(workspace)
    assert sorted(files) == ["yaml/actions/m2m-claims/code.js", "yaml/actions/signup-guard/code.js",
                             "yaml/tenant.yaml"]
    before, after = files["yaml/tenant.yaml"]
    assert before is not None
    inserted = only_insertions(before, after)
    assert len(inserted) == 2  # both actions items at one place, and the binding
    assert files["yaml/actions/m2m-claims/code.js"] == (None, CODE)
    data = yaml.safe_load(after)
    assert data["hooks"] == yaml.safe_load(before)["hooks"]
    assert [a["name"] for a in data["actions"]] == ["audit", "m2m-claims", "signup-guard"]
    assert data["actions"][1] == {
        "name": "m2m-claims", "code": "./actions/m2m-claims/code.js", "runtime": "node22", "deployed": True,
        "dependencies": [{"name": "axios", "version": "1.7.2"}],
        "secrets": [{"name": "API_TOKEN", "value": "_VALUE_NOT_SHOWN_"}],
        "supported_triggers": [{"id": "credentials-exchange", "version": "v2"}]}
    # the disabled hook's Action is not bound; the other one is, after the bindings already there
    assert data["triggers"] == {"post-login": [{"action_name": "audit", "display_name": "audit"}],
                                "credentials-exchange": [{"action_name": "m2m-claims",
                                                          "display_name": "m2m-claims"}]}
    by_name = {p.name: p for p in placed}
    assert by_name["signup-guard"].bound is False and by_name["signup-guard"].notes
    assert by_name["m2m-claims"].bound is True
    assert "# trailing comment of the actions list" in after and "# keep this comment" in after


def test_the_yaml_actions_are_read_back_as_actions_with_their_trigger(tree):
    workspace, _ = migrate([Path("yaml")])
    _, after = changed(workspace)["yaml/tenant.yaml"]
    actions = {e.name: e for e in read_text(tree / "yaml" / "tenant.yaml", after) if e.action}
    assert (actions["m2m-claims"].trigger, actions["m2m-claims"].version) == ("credentials-exchange", "v2")
    assert actions["m2m-claims"].script_path == (tree / "yaml" / "actions" / "m2m-claims" / "code.js").resolve()
    assert actions["m2m-claims"].dependencies == {"axios": "1.7.2"} and actions["m2m-claims"].dependencies_listed
    assert actions["signup-guard"].trigger == "pre-user-registration"


@pytest.mark.parametrize("tenant, expected", [
    # no actions:, no triggers: both added at the end (a missing final newline supplied)
    ("hooks:\n  - name: h\n    script: ./h.js\n    triggerId: credentials-exchange",
     {"actions": ["h"], "triggers": {"credentials-exchange": ["h"]}}),
    # flow lists: the item goes inside the brackets
    ("hooks:\n- name: h\n  script: ./h.js\n  triggerId: credentials-exchange\nactions: []\n"
     "triggers:\n  credentials-exchange: []\n  post-login: [{action_name: a, display_name: a}]\n",
     {"actions": ["h"], "triggers": {"credentials-exchange": ["h"], "post-login": ["a"]}}),
    # CRLF line breaks, an indentless list
    ("hooks:\r\n- name: h\r\n  script: ./h.js\r\n  triggerId: credentials-exchange\r\nactions:\r\n"
     "- name: a\r\n  code: ./a.js\r\n  supported_triggers: [{id: post-login, version: v3}]\r\n",
     {"actions": ["a", "h"], "triggers": {"credentials-exchange": ["h"]}}),
])
def test_yaml_lists_added_or_extended_in_any_style(tmp_path, monkeypatch, tenant, expected):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "h.js").write_text("module.exports = function (client, scope, audience, context, cb) { cb(); };\n")
    (tmp_path / "a.js").write_text("exports.onExecutePostLogin = async (event, api) => {};\n")
    (tmp_path / "tenant.yaml").write_bytes(tenant.encode())
    workspace, _ = migrate([Path(".")])
    before, after = changed(workspace)["tenant.yaml"]
    assert before == tenant
    only_insertions(tenant, after)
    if "\r\n" in tenant:  # every line break of the file's kind
        assert after.count("\n") == after.count("\r\n")
    data = yaml.safe_load(after)
    assert [a["name"] for a in data["actions"]] == expected["actions"]
    assert {k: [b["action_name"] for b in v] for k, v in data["triggers"].items()} == expected["triggers"]


def test_deploy_cli_directory(tree):
    workspace, placed = migrate([Path("directory")])
    files = changed(workspace)
    assert sorted(files) == ["directory/actions/phone.json", "directory/actions/phone/code.js",
                             "directory/triggers/triggers.json"]
    metadata = json.loads(files["directory/actions/phone.json"][1])
    assert metadata == {"name": "phone", "code": "./actions/phone/code.js", "runtime": "node22", "deployed": True,
                        "dependencies": [],
                        "secrets": [{"name": "TWILIO_SID", "value": "_VALUE_NOT_SHOWN_"},
                                    {"name": "TWILIO_TOKEN", "value": "_VALUE_NOT_SHOWN_"}],
                        "supported_triggers": [{"id": "send-phone-message", "version": "v2"}]}
    triggers = json.loads(files["directory/triggers/triggers.json"][1])
    assert triggers == {"post-login": [{"action_name": "audit", "display_name": "audit"}],
                        "send-phone-message": [{"action_name": "phone", "display_name": "phone"}]}
    apply(workspace)
    [action] = read_text(tree / "directory" / "actions" / "phone.json",
                         (tree / "directory" / "actions" / "phone.json").read_text())
    assert (action.action, action.trigger, action.version) == (True, "send-phone-message", "v2")
    assert action.script_path == (tree / "directory" / "actions" / "phone" / "code.js").resolve()


def test_terraform_resources_beside_the_hook(tree):
    workspace, placed = migrate([Path("terraform")])
    files = changed(workspace)
    assert sorted(files) == ["terraform/actions/password_audit.js", "terraform/main.tf"]
    before, after = files["terraform/main.tf"]
    assert before is not None
    inserted = only_insertions(before, after)
    assert len(inserted) == 2
    # each right after its hook's block
    assert after.index('resource "auth0_action" "post_signup"') < after.index('resource "auth0_hook" "password_audit"')
    assert after.rstrip().endswith("# the last line stays the last line")
    assert 'code    = file("${path.module}/actions/password_audit.js")' in after
    assert files["terraform/actions/password_audit.js"] == (None, CODE)
    entries = read_text(tree / "terraform" / "main.tf", after)
    actions = {e.name: e for e in entries if e.action}
    assert {name: (e.trigger, e.version) for name, e in actions.items()} == {
        "post_signup": ("post-user-registration", "v2"), "password_audit": ("post-change-password", "v2")}
    # the heredoc gives the code back as written (Terraform's `$${` is a literal `${`)
    inline = actions["post_signup"].inline
    assert inline is not None and terraform_template(inline) == terraform_template(CODE.rstrip("\n").replace(
        "${", "$${").replace("%{", "%%{"))
    assert "$${event.user.email} %%{ok}" in inline
    assert actions["password_audit"].script_path == (tree / "terraform" / "actions" / "password_audit.js").resolve()
    assert 'resource "auth0_trigger_actions" "post_signup"' in after
    # the Action takes the hook's `name`, the resources its label
    assert (actions["post_signup"].title, actions["password_audit"].title) == ("post-signup", "password-audit")
    assert "id           = auth0_action.post_signup.id" in after
    assert all(p.bound for p in placed)


def test_terraform_output_is_valid_hcl(tree):
    hcl2 = pytest.importorskip("hcl2", reason="python-hcl2 is not installed: the HCL parse check needs it")
    workspace, _ = migrate([Path("terraform")])
    _, after = changed(workspace)["terraform/main.tf"]
    parsed = hcl2.loads(after)
    resources = [(kind.strip('"'), label.strip('"')) for block in parsed["resource"] for kind, body in block.items()
                 for label in body]
    assert resources == [("auth0_hook", "post_signup"), ("auth0_action", "post_signup"),
                         ("auth0_trigger_actions", "post_signup"), ("auth0_hook", "password_audit"),
                         ("auth0_action", "password_audit"), ("auth0_trigger_actions", "password_audit")]


def test_plain_hook_file(tree):
    workspace, _ = migrate([Path("plain/cce.js")])
    files = changed(workspace)
    assert sorted(files) == ["plain/cce/action.json", "plain/cce/code.js"]
    metadata = json.loads(files["plain/cce/action.json"][1])
    assert metadata == {"name": "cce", "code": "./code.js", "runtime": "node22",
                        "supported_triggers": [{"id": "credentials-exchange", "version": "v2"}],
                        "dependencies": [], "secrets": []}
    apply(workspace)
    [action] = read_text(tree / "plain" / "cce" / "action.json", files["plain/cce/action.json"][1])
    assert (action.action, action.trigger) == (True, "credentials-exchange")
    assert action.script_path == (tree / "plain" / "cce" / "code.js").resolve()


def test_a_second_run_changes_nothing(tree):
    workspace, _ = migrate([Path(".")])
    apply(workspace)
    again, placed = migrate([Path(".")])
    assert again.changes() == [] and again.conflicts == []
    assert placed and {p.status for p in placed} == {"already-migrated"}


def test_out_redirects_every_write_and_leaves_the_sources(tree, tmp_path):
    before = {p: p.read_bytes() for p in tree.rglob("*") if p.is_file()}
    out = tmp_path / "out"
    workspace, _ = migrate([Path(".")], out=out)
    assert all(target.is_relative_to(out) for target, _, _ in workspace.changes())
    apply(workspace)
    assert {p: p.read_bytes() for p in tree.rglob("*") if p.is_file()} == before
    assert (out / "yaml" / "actions" / "m2m-claims" / "code.js").read_text() == CODE
    assert "m2m-claims" in (out / "yaml" / "tenant.yaml").read_text()
    again, placed = migrate([Path(".")], out=out)
    assert again.changes() == [] and {p.status for p in placed} == {"already-migrated"}


def test_existing_files_are_not_overwritten_without_force(tree):
    (tree / "plain" / "cce").mkdir()
    (tree / "plain" / "cce" / "code.js").write_text("// mine\n")
    workspace, _ = migrate([Path("plain/cce.js")])
    assert len(workspace.conflicts) == 1 and "plain/cce/code.js exists with other content" in workspace.conflicts[0]
    assert "plain/cce/code.js" not in changed(workspace)
    forced, _ = migrate([Path("plain/cce.js")], force=True)
    assert forced.conflicts == [] and changed(forced)["plain/cce/code.js"] == ("// mine\n", CODE)


def test_secret_values_are_never_carried(tree):
    workspace, _ = migrate([Path(".")])
    assert all("_VALUE_NOT_SHOWN_" in after for target, _, after in workspace.changes()
               if target.name in ("tenant.yaml", "phone.json", "main.tf"))
    for value in HOOK_SECRET_VALUES:
        assert value in "".join(p.read_text() for p in tree.rglob("*") if p.is_file())  # the fixture has it
        for _, before, after in workspace.changes():
            inserted = only_insertions(before, after) if before is not None else [after]
            assert all(value not in text for text in inserted)


def test_hook_metadata_carries_secret_names_only(tree):
    found, _, _ = command.sites([Path(".")], Config())
    secrets = {site.source.path: site.entry.secrets for site in found if site.entry is not None}
    assert secrets == {"yaml/hooks/m2m-claims.js": ["API_TOKEN"], "yaml/hooks/signup-guard.js": [],
                       "directory/hooks/phone.js": ["TWILIO_SID", "TWILIO_TOKEN"],
                       "terraform/hooks/password-audit.js": [], "terraform/main.tf#post_signup": ["SLACK_URL"]}
    for site in found:
        assert site.entry is None or all(value not in repr(site.entry) for value in HOOK_SECRET_VALUES)
    enabled = {site.source.path: site.entry.enabled for site in found if site.entry is not None}
    assert enabled["yaml/hooks/signup-guard.js"] is False and enabled["terraform/main.tf#post_signup"] is True


def test_sanitize_as_deploy_cli_export():
    assert layouts.sanitize("My Action/v2: beta?") == "My Action-v2- beta-"
    assert layouts.sanitize("..") == "-"


def test_metadata_that_cannot_be_patched_skips_the_hook_with_why(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "h.js").write_text("module.exports = function (client, scope, audience, context, cb) { cb(); };\n")
    tenant = "hooks:\n  - name: h\n    script: ./h.js\n    triggerId: credentials-exchange\nactions:\n  h2: {}\n"
    (tmp_path / "tenant.yaml").write_text(tenant)
    [site], _, _ = command.sites([Path(".")], Config())
    workspace = layouts.Workspace(None, tmp_path)
    with pytest.raises(layouts.LayoutError, match="`actions:` is not a list"):
        layouts.place(workspace, site, translation(site))
    report, _, _ = command.run([Path(".")], None, False, check=lambda source: [])
    [skipped] = report.skipped
    assert skipped.path == "h.js" and "tenant.yaml: `actions:` is not a list; not patched" in skipped.reason
    assert report.hooks == []


def test_a_bom_and_a_disabled_terraform_hook(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "h.js").write_text("module.exports = function (user, context, cb) { cb(); };\n")
    tf = ('\ufeffresource "auth0_hook" "h" {\n  name = "h"\n  trigger_id = "post-change-password"\n'
          '  enabled = false\n  script = file("${path.module}/h.js")\n}\n')
    (tmp_path / "main.tf").write_text(tf, encoding="utf-8")
    workspace, [placed] = migrate([Path(".")])
    _, after = changed(workspace)["main.tf"]
    assert after.startswith('\ufeffresource "auth0_hook" "h" {') and only_insertions(tf, after)
    assert 'resource "auth0_action" "h"' in after and "auth0_trigger_actions" not in after
    assert placed.bound is False and placed.notes == [layouts._DISABLED]


def test_an_existing_terraform_binding_of_the_trigger_gets_the_action_last(tmp_path, monkeypatch):
    # one auth0_trigger_actions holds all of a trigger's bindings: a second one would fight it
    monkeypatch.chdir(tmp_path)
    (tmp_path / "h.js").write_text("module.exports = function (user, context, cb) { cb(); };\n")
    tf = ('resource "auth0_trigger_actions" "pcp" {\n  trigger = "post-change-password" # {\n\n'
          '  actions {\n    id           = auth0_action.audit.id\n    display_name = "audit"\n  }\n}\n\n'
          'resource "auth0_hook" "h" {\n  trigger_id = "post-change-password"\n'
          '  script = file("${path.module}/h.js")\n}\n')
    (tmp_path / "main.tf").write_text(tf)
    workspace, [placed] = migrate([Path(".")])
    _, after = changed(workspace)["main.tf"]
    only_insertions(tf, after)
    assert after.count("auth0_trigger_actions") == 1 and placed.bound and not placed.notes
    binding = after[:after.index('resource "auth0_hook"')]
    assert binding.index("auth0_action.audit.id") < binding.index("auth0_action.h.id")
    assert after.index('resource "auth0_hook" "h"') < after.index('resource "auth0_action" "h"')
    hcl2 = pytest.importorskip("hcl2", reason="python-hcl2 is not installed: the HCL parse check needs it")
    [resource] = [r for r in hcl2.loads(after)["resource"] if '"auth0_trigger_actions"' in r]
    assert len(resource['"auth0_trigger_actions"']['"pcp"']["actions"]) == 2
