"""The rule registry: the implemented rules (an explicit, sorted list) joined with their docs.

Every implemented rule must have a doc with the same id and name, and every doc a rule: a
rule is never documented but missing. Any mismatch raises ``CatalogError`` at start-up.
"""

from __future__ import annotations

from functools import lru_cache
from importlib import import_module
from typing import NamedTuple

from hooklint.checks import catalog
from hooklint.checks.catalog import CatalogError, RuleDoc
from hooklint.checks.base import Rule

# The rule modules, one per rule, sorted by id (explicit registration, no discovery magic).
RULE_MODULES = (
    "hl000_parse_error",
    "hl001_unused_suppression",
    "hl002_unknown_extensibility_point",
    "hl003_hook_past_end_of_life",
    "hl100_missing_hook_export",
    "hl101_wrong_hook_signature",
    "hl102_callback_not_called",
    "hl103_callback_called_twice",
    "hl104_unhandled_async_error",
    "hl105_callback_error_argument",
    "hl106_undefined_callback_name",
    "hl107_error_class_not_available",
    "hl108_implicit_module_global",
    "hl110_action_handler_not_async",
    "hl111_action_entry_point_mismatch",
    "hl112_floating_promise",
    "hl113_undefined_in_actions_runtime",
    "hl114_api_not_on_trigger",
    "hl115_code_after_deny",
    "hl116_invalid_deny_arguments",
    "hl117_es_module_syntax_in_action",
    "hl118_redirect_without_continue",
    "hl119_redirect_and_render",
    "hl120_event_or_api_mutated",
    "hl121_require_with_version",
    "hl200_missing_token_claims",
    "hl201_scope_dropped",
    "hl202_scope_not_string_array",
    "hl203_scope_may_be_undefined",
    "hl204_claim_not_namespaced",
    "hl205_claim_forbidden_namespace",
    "hl206_restricted_claim",
    "hl207_registration_field_ignored",
    "hl208_invalid_metadata_key",
    "hl209_result_ignored",
    "hl210_user_modified_in_post_registration",
    "hl220_redirect_not_guarded",
    "hl221_mfa_not_guarded",
    "hl222_cache_value_misuse",
    "hl223_primary_user_with_metadata",
    "hl300_unhandled_rate_limit",
    "hl301_retry_without_backoff",
    "hl302_unbounded_retry",
    "hl303_token_fetched_per_invocation",
    "hl304_outbound_request_without_timeout",
    "hl305_metadata_written_every_login",
    "hl400_hardcoded_secret",
    "hl401_sensitive_data_logged",
    "hl402_insecure_http_url",
    "hl403_secret_exported_to_environment",
)
MODULES = tuple(import_module(f"hooklint.checks.{name}") for name in RULE_MODULES)


class Registry(NamedTuple):
    docs: dict[str, RuleDoc]
    rules: tuple[Rule, ...]

    @property
    def by_id(self) -> dict[str, Rule]:
        return {rule.id: rule for rule in self.rules}

    def implemented(self, rule_id: str) -> bool:
        """Has ``rule_id`` a rule module? True for every doc, since ``build`` refuses a doc
        without a rule; ``hooklint rules`` still reports it (its ``implemented`` column)."""
        return any(rule.id == rule_id for rule in self.rules)


def build(docs: dict[str, RuleDoc], rules: tuple[Rule, ...]) -> Registry:
    ids = [rule.id for rule in rules]
    if ids != sorted(ids) or len(set(ids)) != len(ids):
        raise CatalogError(f"rule modules must be registered once each, sorted by id: {ids}")
    for rule in rules:
        doc = docs.get(rule.id)
        if doc is None:
            raise CatalogError(f"rule {rule.id} ({type(rule).__module__}) has no doc in rules/")
        if doc.name != rule.name:
            raise CatalogError(f"rule {rule.id}: module says `{rule.name}`, doc says `{doc.name}`")
        module = type(rule).__module__.rsplit(".", 1)[-1]
        expected = f"{rule.id.lower()}_{rule.name.replace('-', '_')}"
        if module != expected:
            raise CatalogError(f"rule {rule.id}: module must be named {expected}.py, not {module}.py")
        # The former per-node API: such a method would never be called, silently.
        stale = sorted(a for a in vars(type(rule)) if a in ("begin", "end") or a.startswith("visit_"))
        if stale:
            raise CatalogError(f"rule {rule.id}: {', '.join(stale)} is never called: a rule is one `check(ctx)`")
    for doc in docs.values():
        for stopper in doc.stopped_by:
            if stopper not in docs or docs[stopper].stopped_by or stopper == doc.id:
                raise CatalogError(f"{doc.file_name}: stopped-by {stopper} must name another rule, "
                                   "one that nothing stops")
    missing = sorted(set(docs) - set(ids))
    if missing:
        raise CatalogError(f"rules/ documents {', '.join(missing)}, which no rule module implements")
    return Registry(docs, rules)


@lru_cache(maxsize=1)
def load() -> Registry:
    return build(catalog.load(), tuple(module.RULE for module in MODULES))
