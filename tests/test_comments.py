"""Comments found from the syntax tree are exactly esprima's own."""

from __future__ import annotations

import esprima
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import REPO
from hooklint.js import comments
from hooklint.js.parse import Parsed, parse


def esprima_comments(text: str, module: bool = False) -> list[tuple]:
    options = {"loc": True, "range": True, "comment": True, "sourceType": "module" if module else "script"}
    return _shape(esprima.parse(text, options).comments)


def scanned_comments(text: str, module: bool = False) -> list[tuple]:
    options = {"loc": True, "range": True, "sourceType": "module" if module else "script"}
    return _shape(comments.scan(text, esprima.parse(text, options)))


def _shape(found) -> list[tuple]:
    return [(c.type, c.value, list(c.range), c.loc.start.line, c.loc.start.column, c.loc.end.line, c.loc.end.column)
            for c in found]


def test_every_fixture_and_example():
    compared, differ = 0, []
    for path in sorted((REPO / "tests" / "fixtures").rglob("*.js")) + sorted((REPO / "examples").rglob("*.js")):
        text = path.read_text(encoding="utf-8", errors="replace")
        if not comments.scannable(text):
            continue
        for module in (False, True):
            try:
                expected = esprima_comments(text, module)
            except esprima.Error:
                continue
            compared += 1
            if scanned_comments(text, module) != expected:
                differ.append((path.name, module))
    assert differ == []
    assert compared > 500


@pytest.mark.parametrize("text", [
    "x = 1;",
    "a = b / c / d; // end",
    "a = b /* c */ / d; /* two\nlines */ e = 1 //",
    "s = 'http://x/*y*/'; t = \"//\"; // real",
    "r = /\\/\\/[/*]/g.test(x) / 2; // after a regex",
    "t = `a//b${ /* inside */ c}/*d*/${e}`; // tail",
    "a = b\r\n// crlf\r/* cr */ c = d\n",
    "x = a\n/re/g // division twice, then a comment",
    "/**/ x = 1 /***/ /* * / */",
    "f(() => { /* only */ });",
])
def test_shapes(text):
    assert scanned_comments(text) == esprima_comments(text)


@pytest.mark.parametrize("text", ["x = '\u00e9'; // caf\u00e9", "x = 1; <!-- html-like\n", "x = 1;\n--> html-like\n"])
def test_unscannable_texts_get_esprimas_comments(text):
    assert not comments.scannable(text)
    parsed = parse(text)
    assert isinstance(parsed, Parsed)
    assert _shape(parsed.comments) == esprima_comments(text)


@pytest.mark.parametrize("text, expected", [
    ("// a webtask\nreturn function (user, context, cb) { /* body */ cb(); };",
     [(" a webtask", [0, 12], 1, 0), (" body ", [51, 61], 2, 38)]),
    ("function (user, context, callback) { // a rule\n  callback(null, user, context);\n}",
     [(" a rule", [37, 46], 1, 37)]),
    ("import x from 'x'; // a module\nexport default function () {}", [(" a module", [19, 30], 1, 19)]),
])
def test_the_parse_fallbacks_keep_comments_in_place(text, expected):
    parsed = parse(text)
    assert isinstance(parsed, Parsed) and parsed.source_type in ("webtask", "rules-style", "module")
    assert [(c.value, c.range, c.loc.start.line, c.loc.start.column) for c in parsed.comments] == expected
    for value, (start, end), _, _ in expected:
        assert value in text[start:end]


PIECES = ["a", "b", " ", "\n", "\r\n", "/", "//c\n", "/*c*/", "/*\n*/", "'//s'", '"/*s*/"', "/x\\//g", "/[/]/",
          "`t//${a/*c*/}/*`", "`${`//`}`", "(", ")", "{", "}", ";", "=", "+", "2", "=>", ",", "*", "x = "]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
@given(st.lists(st.sampled_from(PIECES), max_size=30).map("".join))
def test_generated_programs(text):
    try:
        expected = esprima_comments(text)
    except esprima.Error:
        return
    assert scanned_comments(text) == expected
