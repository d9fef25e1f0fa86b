"""Property-based: whatever JavaScript-ish text the pipeline is fed, it never raises; it
ends in findings (an HL000 when the text does not parse), never in an internal error."""

from __future__ import annotations

from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import FIXTURES, lint
from hooklint.checks import registry as registry_mod

ALL = set(registry_mod.load().docs)
SEEDS = sorted(p.read_text(encoding="utf-8", errors="replace")
               for p in FIXTURES.glob("HL1*/*.js"))[:60]

TOKENS = [
    "module.exports = ", "function ", "async ", "(", ")", "{", "}", "[", "]", ";", ",", ".", "=>",
    "cb", "user", "context", "scope", "client", "callback", "await ", "return ", "throw ", "if ", "else ",
    "for ", "while ", "switch ", "case 1:", "default:", "try ", "catch ", "finally ", "new ", "?.", "??",
    "||", "&&", "=", "+", "'https://x/'", "`a${b}`", "0", "null", "request", ".then", ".catch",
    "access_token", "['k']", "\n", " ", "/*", "*/", "//", "@@KEY@@", "##KEY##", "\ufeff", "😀",
]

javascript_ish = st.lists(st.sampled_from(TOKENS), max_size=80).map("".join)


@st.composite
def mutated_fixture(draw):
    text = draw(st.sampled_from(SEEDS))
    for _ in range(draw(st.integers(1, 5))):
        if not text:
            break
        at = draw(st.integers(0, len(text) - 1))
        action = draw(st.sampled_from(["delete", "insert", "duplicate"]))
        if action == "delete":
            text = text[:at] + text[at + draw(st.integers(1, 20)):]
        elif action == "insert":
            text = text[:at] + draw(st.sampled_from(TOKENS)) + text[at:]
        else:
            end = min(len(text), at + draw(st.integers(1, 60)))
            text = text[:end] + text[at:end] + text[end:]
    return text


def check(text: str) -> None:
    result = lint(text, ALL, path="generated.js")  # lint() asserts no internal error
    if not result.analysed:
        assert any(f.rule_id == "HL000" for f in result.findings)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(javascript_ish)
def test_token_soup_never_raises(text):
    check(text)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mutated_fixture())
def test_mutated_hooks_never_raise(text):
    check(text)


@settings(max_examples=60, deadline=None)
@given(st.text(max_size=300))
def test_any_text_never_raises(text):
    check(text)


def test_seeds_exist():
    assert len(SEEDS) >= 20 and Path(FIXTURES).is_dir()
