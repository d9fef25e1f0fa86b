"""``--format github``: workflow commands that annotate a pull request without an upload."""

from __future__ import annotations

import os
import subprocess

import pytest

from hooklint.reporters.github import command, escape_data, escape_property

WRONG = """// hooklint: point=credentials-exchange
module.exports = function (user, context, cb) {
  cb();
};
"""
BROKEN = "module.exports = function (user, context, cb) {\n  cb(;\n};\n"


def run(exe, *args, cwd):
    env = {k: v for k, v in os.environ.items() if not k.startswith("HOOKLINT")}
    env["NO_COLOR"] = "1"
    return subprocess.run([exe, *args], cwd=cwd, capture_output=True, text=True, env=env, timeout=120)


def test_escaping_follows_the_actions_toolkit():
    assert escape_data("50% done\r\nnext: a, b") == "50%25 done%0D%0Anext: a, b"
    assert escape_property("a,b:c%d\ne") == "a%2Cb%3Ac%25d%0Ae"
    assert command("notice", {"file": "a,b.js", "line": 3, "col": None}, "x::y") == \
        "::notice file=a%2Cb.js,line=3::x::y"
    assert command("error", {}, "m") == "::error::m"


def test_findings_become_annotations(hooklint_exe, tmp_path):
    hooks = tmp_path / "hooks"
    hooks.mkdir()
    (hooks / "wrong, odd: name.js").write_text(WRONG)
    (hooks / "broken.js").write_text(BROKEN)
    result = run(hooklint_exe, "check", "--format", "github", cwd=tmp_path)
    assert result.returncode == 1, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].startswith("::error file=hooks/broken.js,line=2,col=6,endLine=2,endColumn=7,"
                               "title=HL000 parse-error::cannot parse: ")
    assert lines[1] == (
        "::error file=hooks/wrong%2C odd%3A name.js,line=2,col=28,endLine=2,endColumn=45,"
        "title=HL101 wrong-hook-signature::credentials-exchange hooks take 5 parameters (client, scope, audience, "
        "context, cb), this one takes 3: Auth0 passes them by position, so the callback is not where the code "
        "expects it")
    assert lines[-1] == "Found 2 problems (2 errors) in 2 files; 1 not analysed."
    quiet = run(hooklint_exe, "check", "--format", "github", "--quiet", cwd=tmp_path)
    assert quiet.stdout.splitlines() == lines[:-1]


def test_levels_map_to_commands(hooklint_exe, tmp_path):
    # HL001 (an unknown id in a suppression) is a warning; HL003 (off by default) a note.
    (tmp_path / "h.js").write_text("// hooklint: point=credentials-exchange\n"
                                   "module.exports = function (client, scope, audience, context, cb) {\n"
                                   "  cb(null, {}); // hooklint-disable-line HL999\n};\n")
    result = run(hooklint_exe, "check", "--format", "github", "--select", "HL001,HL003", cwd=tmp_path)
    commands = sorted(line.split(" ", 1)[0] for line in result.stdout.splitlines() if line.startswith("::"))
    assert commands == ["::notice", "::warning"], result.stdout


def test_paths_relative_to_project_root_and_read_errors(hooklint_exe, tmp_path):
    project = tmp_path / "repo"
    (project / "hooks").mkdir(parents=True)
    (project / "hooks" / "w.js").write_text(WRONG)
    result = run(hooklint_exe, "check", "hooks", "missing.js", "--format", "github",
                 "--project-root", str(tmp_path), cwd=project)
    assert result.returncode == 2
    lines = result.stdout.splitlines()
    assert lines[0].startswith("::error file=repo/hooks/w.js,line=2,")
    assert lines[1] == "::error file=repo/missing.js,title=hooklint::cannot read: no such file or directory"


@pytest.mark.parametrize("message", ["100%\nsure", "a\r\nb"])
def test_messages_cannot_end_the_command_early(message):
    out = command("error", {"file": "x.js"}, message)
    assert "\n" not in out and "\r" not in out
