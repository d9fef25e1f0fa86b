"""hooklint as a pre-commit hook: `pre-commit try-repo` against this working tree in a
throw-away git repository fails on a bad hook and passes on a good one."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import REPO

GOOD = "module.exports = function (client, scope, audience, context, cb) {\n  cb(null, {scope: scope});\n};\n"
BAD = "// hooklint: point=credentials-exchange\nmodule.exports = function (user, context, cb) {\n  cb();\n};\n"


@pytest.fixture(scope="module")
def pre_commit() -> str:
    found = Path(sys.executable).parent / "pre-commit"
    if not found.exists():
        found = shutil.which("pre-commit")
        if found is None:
            pytest.fail("pre-commit is not installed: `pip install .[test]` installs it")
    return str(found)


def git(cwd: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True,
                   env={**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@t", "GIT_COMMITTER_NAME": "t",
                        "GIT_COMMITTER_EMAIL": "t@t"})


def try_repo(pre_commit: str, tenant: Path, home: Path, *files: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "PRE_COMMIT_HOME": str(home), "NO_COLOR": "1"}
    return subprocess.run([pre_commit, "try-repo", str(REPO), "hooklint", "--files", *files],
                          cwd=tenant, capture_output=True, text=True, env=env, timeout=600)


def test_try_repo_fails_on_a_bad_hook_and_passes_on_a_good_one(pre_commit, tmp_path_factory):
    if not (REPO / ".git").exists():
        pytest.fail("try-repo needs this repository to be a git checkout")
    tenant = tmp_path_factory.mktemp("tenant")
    home = tmp_path_factory.mktemp("pre-commit-home")
    (tenant / "hooks").mkdir()
    (tenant / "hooks" / "good.js").write_text(GOOD)
    (tenant / "hooks" / "bad.js").write_text(BAD)
    (tenant / "package.json").write_text('{"name": "tenant"}')
    git(tenant, "init", "-q")
    git(tenant, "add", ".")
    git(tenant, "commit", "-qm", "tenant")

    bad = try_repo(pre_commit, tenant, home, "hooks/bad.js", "hooks/good.js")
    assert bad.returncode == 1, bad.stdout + bad.stderr
    assert "hooks/bad.js:2:28: HL101 [error]" in bad.stdout

    good = try_repo(pre_commit, tenant, home, "hooks/good.js", "package.json")
    assert good.returncode == 0, good.stdout + good.stderr
    assert "Passed" in good.stdout
