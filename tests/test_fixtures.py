"""Every fixture under tests/fixtures/<RULE>/ is linted with only that rule enabled; the
lines where it fires must be exactly the ``ruleid`` lines (``todo…`` lines are known gaps)."""

from __future__ import annotations

import pytest

from annotations import parse_annotations
from conftest import FIXTURES, REPO, active, lint

FILES = sorted(p for p in FIXTURES.glob("HL[0-9][0-9][0-9]/*") if p.is_file())


@pytest.mark.parametrize("path", FILES, ids=[f"{p.parent.name}/{p.name}" for p in FILES])
def test_fixture(path):
    rule_id = path.parent.name
    text = path.read_bytes().decode("utf-8", errors="replace")
    expected = parse_annotations(text)
    assert expected.rules() <= {rule_id}, f"{path.name} annotates other rules: {expected.rules()}"
    result = lint(text, {rule_id}, path=path.relative_to(REPO).as_posix())
    fired = {f.region.start_line for f in active(result, rule_id)}
    lines = {kind: expected.lines[kind].get(rule_id, set()) for kind in expected.lines}
    messages = {f.region.start_line: f.message for f in active(result, rule_id)}
    assert fired - lines["todook"] == lines["ruleid"], f"fired on {sorted(fired)}: {messages}"
    assert not (fired & lines["ok"]), f"fired on ok lines {sorted(fired & lines['ok'])}"
    assert not (fired & lines["todoruleid"]), "a todoruleid now fires: make it a ruleid"
    assert lines["todook"] <= fired, "a todook no longer fires: make it an ok"


@pytest.mark.parametrize("folder", sorted(p for p in FIXTURES.glob("HL[0-9][0-9][0-9]") if p.is_dir()),
                         ids=lambda p: p.name)
def test_fixture_folder_has_both_kinds(folder):
    rule_id = folder.name
    ruleid = ok = 0
    for path in folder.iterdir():
        expected = parse_annotations(path.read_bytes().decode("utf-8", errors="replace"))
        ruleid += len(expected.lines["ruleid"].get(rule_id, ()))
        ok += len(expected.lines["ok"].get(rule_id, ()))
    assert ruleid >= 1 and ok >= 1, f"{rule_id} fixtures need at least one ruleid and one ok annotation"


def test_annotation_targets():
    text = "a; // ruleid: HL100\n// ok: HL100\n// ruleid: HL101\nb;\n/* todook: HL100 */ c;\n"
    e = parse_annotations(text)
    assert e.lines["ruleid"]["HL100"] == {1}
    assert e.lines["ok"]["HL100"] == {4}
    assert e.lines["ruleid"]["HL101"] == {4}
    assert e.lines["todook"]["HL100"] == {5}
