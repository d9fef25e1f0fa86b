"""The rule docs are data: they match the catalogue, the code, the fixtures, and their
Bad/Good examples behave as documented."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from conftest import FIXTURES, REPO, active, lint
from hooklint.checks import catalog
from hooklint.checks.catalog import CatalogError, parse_doc
from hooklint.checks.registry import MODULES, build

# The catalogue of ../shared/docs/rules.md (ids, names and levels are fixed there).
CATALOGUE = [
    ("HL000", "parse-error", "error", ["all"]),
    ("HL001", "unused-suppression", "warning", ["all"]),
    ("HL002", "unknown-extensibility-point", "warning", ["all"]),
    ("HL003", "hook-past-end-of-life", "note", ["all"]),
    ("HL100", "missing-hook-export", "error", ["all"]),
    ("HL101", "wrong-hook-signature", "error", ["all"]),
    ("HL102", "callback-not-called", "error", ["all"]),
    ("HL103", "callback-called-twice", "error", ["all"]),
    ("HL104", "unhandled-async-error", "error", ["all"]),
    ("HL105", "callback-error-argument", "error", ["all"]),
    ("HL106", "undefined-callback-name", "error", ["all"]),
    ("HL107", "error-class-not-available", "error", ["all"]),
    ("HL108", "implicit-module-global", "warning", ["all"]),
    # Action-only rules of ../shared/docs/actions-rules.md (no hook points; triggers "all")
    ("HL110", "action-handler-not-async", "error", []),
    ("HL111", "action-entry-point-mismatch", "error", []),  # actions-rules.md
    ("HL112", "floating-promise", "error", []),
    ("HL113", "undefined-in-actions-runtime", "error", []),
    ("HL114", "api-not-on-trigger", "error", []),
    ("HL115", "code-after-deny", "warning", []),
    ("HL116", "invalid-deny-arguments", "error", []),
    ("HL117", "es-module-syntax-in-action", "error", []),
    ("HL118", "redirect-without-continue", "error", []),
    ("HL119", "redirect-and-render", "error", []),
    ("HL120", "event-or-api-mutated", "warning", []),
    ("HL121", "require-with-version", "error", []),
    ("HL200", "missing-token-claims", "error", ["credentials-exchange"]),
    ("HL201", "scope-dropped", "warning", ["credentials-exchange"]),
    ("HL202", "scope-not-string-array", "error", ["credentials-exchange"]),
    ("HL203", "scope-may-be-undefined", "error", ["credentials-exchange"]),
    ("HL204", "claim-not-namespaced", "warning", ["credentials-exchange"]),
    ("HL205", "claim-forbidden-namespace", "error", ["credentials-exchange"]),
    ("HL206", "restricted-claim", "error", ["credentials-exchange"]),
    ("HL207", "registration-field-ignored", "warning", ["pre-user-registration"]),
    # pre-user-registration results, and Management API metadata updates at every point
    ("HL208", "invalid-metadata-key", "error", ["all"]),
    ("HL209", "result-ignored", "note", ["post-user-registration", "post-change-password", "send-phone-message"]),
    ("HL210", "user-modified-in-post-registration", "warning", ["post-user-registration"]),
    ("HL220", "redirect-not-guarded", "warning", []),  # Action-only (post-login), issue 16
    ("HL221", "mfa-not-guarded", "warning", []),
    ("HL222", "cache-value-misuse", "warning", []),
    ("HL223", "primary-user-with-metadata", "warning", []),
    ("HL300", "unhandled-rate-limit", "warning", ["all"]),
    ("HL301", "retry-without-backoff", "error", ["all"]),
    ("HL302", "unbounded-retry", "error", ["all"]),
    ("HL303", "token-fetched-per-invocation", "warning", ["all"]),
    ("HL304", "outbound-request-without-timeout", "warning", ["all"]),
    ("HL305", "metadata-written-every-login", "warning", []),
    ("HL400", "hardcoded-secret", "error", ["all"]),
    ("HL401", "sensitive-data-logged", "error", ["all"]),
    ("HL402", "insecure-http-url", "warning", ["all"]),
    ("HL403", "secret-exported-to-environment", "warning", ["all"]),
]


def test_docs_match_the_catalogue(registry):
    got = [(d.id, d.name, d.level.value, sorted(d.points)) for d in registry.docs.values()]
    assert got == [(i, n, lv, sorted(p)) for i, n, lv, p in CATALOGUE]


def test_only_hl003_is_off_by_default(registry):
    assert [d.id for d in registry.docs.values() if not d.default_enabled] == ["HL003"]


def test_only_hl400_masks_its_region(registry):
    """The reporters copy no text of a region that is a secret; the docs say which rules."""
    assert [d.id for d in registry.docs.values() if d.masks_region] == ["HL400"]


def test_security_rules_carry_a_severity(registry):
    for doc in registry.docs.values():
        assert ("security" in doc.tags) == (doc.security_severity is not None), doc.id


IMPLEMENTED = [m.RULE.id for m in MODULES]


@pytest.mark.parametrize("rule_id", IMPLEMENTED)
def test_implemented_rule_has_fixture_folder(rule_id):
    folder = FIXTURES / rule_id
    assert folder.is_dir() and any(folder.iterdir()), f"tests/fixtures/{rule_id}/ is missing"


@pytest.mark.parametrize("rule_id", IMPLEMENTED)
def test_bad_example_fires_and_good_does_not(registry, rule_id):
    doc = registry.docs[rule_id]
    bad = active(lint(doc.example("Bad"), {rule_id}, path="example.js"), rule_id)
    good = active(lint(doc.example("Good"), {rule_id}, path="example.js"), rule_id)
    assert bad, f"{rule_id}: the Bad example does not fire"
    assert not good, f"{rule_id}: the Good example fires: {[f.message for f in good]}"


def test_registry_rejects_a_name_mismatch(registry):
    class Wrong(MODULES[0].RULE.__class__):
        name = "not-the-name"

    with pytest.raises(CatalogError, match="doc says"):
        build(registry.docs, (Wrong(),))


def test_registry_rejects_the_former_per_node_api(registry):
    class Stale(MODULES[0].RULE.__class__):
        __module__ = MODULES[0].RULE.__class__.__module__

        def visit_CallExpression(self, node, ctx):
            pass

    with pytest.raises(CatalogError, match="visit_CallExpression is never called"):
        build(registry.docs, (Stale(),))


def test_registry_rejects_a_rule_without_doc(registry):
    docs = {k: v for k, v in registry.docs.items() if k != "HL100"}
    with pytest.raises(CatalogError, match="no doc"):
        build(docs, tuple(m.RULE for m in MODULES))


def test_registry_rejects_a_doc_without_rule(registry):
    """A documented rule always runs: no rule is in the catalogue but "not implemented"."""
    rules = tuple(m.RULE for m in MODULES if m.RULE.id != "HL300")
    with pytest.raises(CatalogError, match="documents HL300, which no rule module implements"):
        build(registry.docs, rules)


def test_registry_rejects_unsorted_registration(registry):
    with pytest.raises(CatalogError, match="sorted"):
        build(registry.docs, tuple(reversed([m.RULE for m in MODULES])))


GOOD_DOC = """+++
id = "HL999"
name = "made-up"
level = "warning"
points = ["all"]
tags = ["auth0"]
precision = "high"
summary = "A rule."
default-enabled = true
+++

## What it flags
x
## Why it matters
x
## Bad
```js
a;
```
## Good
```js
b;
```
## Limitations
x
## References
x
"""


def test_doc_parser_accepts_the_format():
    doc = parse_doc("HL999-made-up.md", GOOD_DOC)
    assert doc.example("Bad").strip() == "a;"
    assert doc.level.value == "warning"
    assert doc.masks_region is False  # optional, off unless the doc says so
    masking = parse_doc("HL999-made-up.md",
                        GOOD_DOC.replace("default-enabled = true", "default-enabled = true\nmasks-region = true"))
    assert masking.masks_region is True


@pytest.mark.parametrize("broken, match", [
    (GOOD_DOC.replace("## Limitations\nx\n", ""), "sections"),
    (GOOD_DOC.replace('level = "warning"', 'level = "fatal"'), "level"),
    (GOOD_DOC.replace('precision = "high"\n', ""), "missing"),
    (GOOD_DOC.replace('summary = "A rule."', 'summary = "A rule."\ncolour = "red"'), "unknown"),
    (GOOD_DOC.replace("+++\nid", "id"), "front matter"),
    (GOOD_DOC.replace('default-enabled = true', 'default-enabled = true\nmasks-region = "yes"'), "masks-region"),
])
def test_doc_parser_rejects_broken_docs(broken, match):
    with pytest.raises(CatalogError, match=match):
        parse_doc("HL999-made-up.md", broken)


def test_doc_file_name_must_match():
    with pytest.raises(CatalogError, match="file name"):
        parse_doc("HL999-other.md", GOOD_DOC)


def test_catalogue_loads_every_doc():
    assert len(catalog.load()) == len(CATALOGUE)


def test_a_checkout_finds_its_rule_docs(tmp_path):
    # run from the source tree (not the installed package): the docs are rules/ beside
    # hooklint/, two levels above the catalog module in hooklint/checks/
    code = "from hooklint.checks.catalog import rules_dir, __file__ as f; print(f); print(rules_dir())"
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    out = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, env=env, capture_output=True, text=True,
                         check=True).stdout.split("\n")
    assert out[0].startswith(str(REPO / "hooklint"))
    assert out[1] == str(REPO / "rules")
