"""Constant evaluation of strings (the values service)."""

from __future__ import annotations

import pytest

from hooklint.js.parse import parse
from hooklint.js.scope import ScopeAnalysis
from hooklint.js.values import contains, object_property, string_parts, string_value


def last_expression(code: str):
    program = parse(code).program
    return program.body[-1].expression, ScopeAnalysis(program)


@pytest.mark.parametrize("code, expected", [
    ("'abc';", "abc"),
    ("`a${'b'}c`;", "abc"),
    ("'a' + 'b' + 1;", "ab1"),
    ("const NS = 'https://x.com/'; NS + 'roles';", "https://x.com/roles"),
    ("var NS = 'https://x.com/'; `${NS}roles`;", "https://x.com/roles"),
    ("const A = 'a'; const B = A + 'b'; B;", "ab"),
    ("'a'.concat('b', 'c');", "abc"),
    ("function f() { const k = 'in'; return k; } 'x';", "x"),
])
def test_constant_strings(code, expected):
    node, scopes = last_expression(code)
    assert string_value(node, scopes) == expected


@pytest.mark.parametrize("code", [
    "var NS = 'a'; NS = 'b'; NS + 'x';",  # reassigned
    "let NS = 'a'; function f() { NS = 'c'; } NS;",  # reassigned elsewhere
    "x + 'a';",  # unknown identifier
    "f() + 'a';",
    "`a${x}`;",
    "true;",
    "({});",
])
def test_unknown_strings_are_none(code):
    node, scopes = last_expression(code)
    assert string_value(node, scopes) is None


def test_parts_keep_known_fragments():
    node, scopes = last_expression("const API = '/api/v2/users/'; 'https://' + domain + API + id;")
    assert string_parts(node, scopes) == ["https://", None, "/api/v2/users/", None]
    assert contains(node, "/api/v2/", scopes)


def test_template_parts():
    node, scopes = last_expression("`https://${domain}/api/v2/users/${id}`;")
    assert string_parts(node, scopes) == ["https://", None, "/api/v2/users/", None, ""]


def test_not_a_string():
    node, scopes = last_expression("({a: 1});")
    assert string_parts(node, scopes) is None and not contains(node, "a", scopes)


def test_object_property_through_a_constant():
    node, scopes = last_expression("const NS = 'https://x/'; const o = {[NS + 'k']: 1, timeout: 5}; o;")
    assert object_property(node, "timeout", scopes).value == 5
    assert object_property(node, "https://x/k", scopes).value == 1
    assert object_property(node, "missing", scopes) is None
