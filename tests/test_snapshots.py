"""Golden outputs of ``hooklint check examples/`` in every stable format.

The snapshots live in tests/snapshots/. After an intended change (a new rule, a new
message), update them all with ``UPDATE_SNAPSHOTS=1 pytest tests/test_snapshots.py`` and
review the diff. Versions and times are normalised, and so is the SARIF rules' prose.
"""

from __future__ import annotations

import json
import os
import subprocess

import pytest

from conftest import REPO, TESTS
from test_sarif import validate

SNAPSHOTS = TESTS / "snapshots"
UPDATE = os.environ.get("UPDATE_SNAPSHOTS") == "1"


def check_examples(exe, *args) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith("HOOKLINT")}
    env["NO_COLOR"] = "1"
    result = subprocess.run([exe, "check", "examples/", *args], cwd=REPO, capture_output=True, text=True,
                            env=env, timeout=120)
    assert result.returncode in (0, 1), result.stderr
    return result


def compare(name: str, actual: str) -> None:
    path = SNAPSHOTS / name
    if UPDATE:
        SNAPSHOTS.mkdir(exist_ok=True)
        path.write_text(actual, encoding="utf-8")
        return
    if not path.exists():
        pytest.fail(f"no snapshot {path.relative_to(REPO)}: run with UPDATE_SNAPSHOTS=1 to create it")
    expected = path.read_text(encoding="utf-8")
    assert actual == expected, (f"{name} differs from its snapshot; if the change is intended, "
                                "run `UPDATE_SNAPSHOTS=1 pytest tests/test_snapshots.py` and review the diff")


def test_text(hooklint_exe):
    compare("examples.txt", check_examples(hooklint_exe).stdout)


def test_json(hooklint_exe):
    document = json.loads(check_examples(hooklint_exe, "--format", "json").stdout)
    document["version"] = "<version>"
    compare("examples.json", json.dumps(document, indent=2, ensure_ascii=False) + "\n")


def test_sarif(hooklint_exe, tmp_path):
    output = check_examples(hooklint_exe, "--format", "sarif").stdout
    document = json.loads(output)
    for run in document["runs"]:
        run["tool"]["driver"]["semanticVersion"] = "<version>"
        for rule in run["tool"]["driver"]["rules"]:
            # Rendered from rules/*.md (test_sarif checks how): kept out of the snapshot, so
            # that editing a rule's prose does not change it.
            rule["fullDescription"] = rule["help"] = f"<rendered from the {rule['id']} doc>"
        for invocation in run["invocations"]:
            invocation["startTimeUtc"] = invocation["endTimeUtc"] = "<time>"
    compare("examples.sarif", json.dumps(document, indent=2, ensure_ascii=False) + "\n")
    # Validated last: where the Multitool is missing, validate skips after the snapshot check.
    validate(json.loads(output), tmp_path, "examples")


def test_github(hooklint_exe):
    compare("examples.github.txt", check_examples(hooklint_exe, "--format", "github").stdout)
