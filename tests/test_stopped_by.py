"""A rule doc's ``stopped-by``: where the named rule finds something, the rule does not run
("one root cause, one finding"; actions-rules.md: HL111 stops the other Action rules)."""

from __future__ import annotations

import pytest

from hooklint.checks import registry as registry_mod
from hooklint.checks.catalog import CatalogError, parse_doc
from hooklint.checks.registry import build
from hooklint.js.source import Source
from hooklint.run.config import Config
from hooklint.run.engine import Engine

# HL400 (a hard-coded secret) made to stop HL108 (an implicit module global), both of which
# run on Actions, to test the mechanism apart from the rules that use it.
SECRET_AND_GLOBAL = """exports.onExecutePostLogin = async (event, api) => {
  const apiKey = 'sk_live_4eC39HqLyjWDarjtT1zdp7dc';
  api.idToken.setCustomClaim('https://example.com/roles', _.uniq(event.authorization.roles));
};
"""
GLOBAL_ONLY = SECRET_AND_GLOBAL.replace("const apiKey = 'sk_live_4eC39HqLyjWDarjtT1zdp7dc';", "")


@pytest.fixture(scope="module")
def stopping():
    loaded = registry_mod.load()
    docs = dict(loaded.docs)
    docs["HL108"] = docs["HL108"]._replace(stopped_by=("HL400",))
    return build(docs, loaded.rules)


def run(registry, text: str, select: set[str]):
    result, error = Engine(registry, Config(), select).check_source(Source(path="code.js", text=text))
    assert error is None, error
    return sorted(f.rule_id for f in result.findings), result.rules_run


def test_the_stopper_finding_keeps_the_rule_from_running(stopping):
    found, ran = run(stopping, SECRET_AND_GLOBAL, {"HL108", "HL400"})
    assert found == ["HL400"]
    assert "HL108" not in ran and "HL400" in ran


def test_a_stopper_that_is_not_selected_still_stops_and_reports_nothing(stopping):
    found, ran = run(stopping, SECRET_AND_GLOBAL, {"HL108"})
    assert found == [] and "HL108" not in ran


def test_without_the_stopper_finding_the_rule_runs(stopping):
    assert run(stopping, GLOBAL_ONLY, {"HL108"})[0] == ["HL108"]
    assert run(stopping, GLOBAL_ONLY, {"HL108", "HL400"})[0] == ["HL108"]


def test_the_registry_refuses_a_stopper_that_is_missing_or_stopped(stopping):
    docs = dict(stopping.docs)
    with pytest.raises(CatalogError, match="stopped-by HL999"):
        build({**docs, "HL108": docs["HL108"]._replace(stopped_by=("HL999",))}, stopping.rules)
    with pytest.raises(CatalogError, match="stopped-by HL108"):  # a chain: HL108 is itself stopped
        build({**docs, "HL402": docs["HL402"]._replace(stopped_by=("HL108",))}, stopping.rules)


def test_the_front_matter_key_is_a_list_of_ids(stopping):
    text = stopping.docs["HL108"].text.replace('default-enabled = true', 'default-enabled = true\nstopped-by = "HL111"')
    with pytest.raises(CatalogError, match="stopped-by must be a list of rule ids"):
        parse_doc(stopping.docs["HL108"].file_name, text)
    fine = parse_doc(stopping.docs["HL108"].file_name, text.replace('"HL111"', '["HL111"]'))
    assert fine.stopped_by == ("HL111",)
