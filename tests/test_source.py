"""Source: preprocessing that keeps coordinates true, and the one place where esprima's
positions become findings' regions (1-based lines, 1-based UTF-16 columns, end exclusive)."""

from __future__ import annotations

import pytest

from hooklint.js.estree import walk
from hooklint.js.parse import ParseError, parse
from hooklint.findings import Region
from hooklint.js.source import Source, preprocess


def _utf16(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def _parsed(source: Source):
    parsed = parse(source.text)
    assert not isinstance(parsed, ParseError), parsed
    return parsed


def _identifier(source: Source, name: str):
    found = []
    walk(_parsed(source).program, lambda n: found.append(n) if n.type == "Identifier" and n.name == name else None)
    assert found, f"no identifier {name!r}"
    return found[0]


# ----- preprocess ----------------------------------------------------------------------


def test_bom_is_stripped():
    assert preprocess("\ufeffvar a = 1;") == "var a = 1;"
    source = Source(path="h.js", text="\ufeffvar abc = 1;")
    assert source.text == "var abc = 1;"
    # The BOM is not a column: `abc` starts at column 5 of line 1.
    assert source.region(_identifier(source, "abc")) == Region(1, 5, 1, 8)


def test_bom_only_at_start_is_stripped():
    text = "var s = '\ufeff';"
    assert preprocess(text) == text


def test_hashbang_line_blanked_to_spaces_of_same_length():
    text = "#!/usr/bin/env node\nvar a = 1;\n"
    out = preprocess(text)
    assert out == " " * len("#!/usr/bin/env node") + "\nvar a = 1;\n"
    assert not isinstance(parse(out), ParseError)
    source = Source(path="h.js", text=text)
    assert source.region(_identifier(source, "a")) == Region(2, 5, 2, 6)


def test_hashbang_with_non_bmp_character_keeps_utf16_length():
    first = "#!/usr/bin/env node \U0001F600"
    out = preprocess(first + "\r\nx;")
    blank, rest = out.split("\r\n", 1)
    assert set(blank) == {" "}
    assert _utf16(blank) == _utf16(first)
    assert rest == "x;"


def test_hashbang_alone_without_newline():
    assert preprocess("#!node") == "      "


def test_hash_bang_not_at_start_is_left_alone():
    text = "x;\n#!/usr/bin/env node\n"
    assert preprocess(text) == text


def test_deploy_tokens_replaced_with_same_length_placeholders():
    text = "var domain = @@AUTH0_DOMAIN@@;\nvar limit = ##RATE_LIMIT##; // keep @ and # alone: a@b #1\n"
    out = preprocess(text)
    assert len(out) == len(text)
    assert "@@AUTH0_DOMAIN@@" not in out and "##RATE_LIMIT##" not in out
    assert out.startswith("var domain = " + "_" * len("@@AUTH0_DOMAIN@@") + ";\n")
    assert "var limit = " + "_" * len("##RATE_LIMIT##") + "; // keep @ and # alone: a@b #1\n" in out
    # Everything outside the tokens is untouched.
    first = text.index("@@")
    second = text.index("##")
    tokens = set(range(first, first + 16)) | set(range(second, second + 14))
    assert all(out[i] == "_" for i in tokens)
    assert all(out[i] == text[i] for i in range(len(text)) if i not in tokens)


def test_deploy_tokens_make_parseable_code_with_true_columns():
    source = Source(path="h.js", text="const url = 'https://' + @@DOMAIN@@ + ##PATH## + after;")
    node = _identifier(source, "after")
    start = source.original_text.index("after")
    assert source.region(node) == Region(1, start + 1, 1, start + 6)


def test_text_without_anything_to_do_is_unchanged():
    text = "module.exports = function (a, b, cb) { cb(null, a + '#' + b + '@'); };\n"
    assert preprocess(text) == text


# ----- regions ---------------------------------------------------------------------------


def test_region_is_one_based_with_exclusive_end():
    source = Source(path="h.js", text="var abc = 1;")
    # esprima: 0-based column 4 .. 7; findings: columns 5..7 inclusive, end 8 exclusive.
    node = _identifier(source, "abc")
    assert (node.loc.start.column, node.loc.end.column) == (4, 7)
    assert source.region(node) == Region(1, 5, 1, 8)


def test_region_columns_are_utf16_code_units_after_emoji():
    text = "var s = '\U0001F600' + xyz;"
    source = Source(path="h.js", text=text)
    node = _identifier(source, "xyz")
    python_index = text.index("xyz")
    # The emoji is one Python character but two UTF-16 code units.
    assert source.region(node) == Region(1, python_index + 2, 1, python_index + 5)


def test_region_of_multiline_node():
    source = Source(path="h.js", text="f(\n  1,\n  2);")
    parsed = _parsed(source)
    call = parsed.program.body[0].expression
    assert source.region(call) == Region(1, 1, 3, 5)


@pytest.mark.parametrize("eol", ["\r\n", "\r", "\n", "\u2028"], ids=["crlf", "cr", "lf", "ls"])
def test_line_numbers_true_for_every_line_ending(eol):
    source = Source(path="h.js", text=eol.join(["a;", "b;", "var xyz = 1;", ""]))
    assert source.region(_identifier(source, "xyz")) == Region(3, 5, 3, 8)
    assert source.lines[:3] == ["a;", "b;", "var xyz = 1;"]


def test_line_offset_moves_regions_down():
    source = Source(path="main.tf", text="\nvar xyz = 1;", line_offset=10)
    assert source.region(_identifier(source, "xyz")) == Region(12, 5, 12, 8)
    assert source.line_region(2) == Region(12, 1, 12, 13)
    assert source.point_region(2, 4) == Region(12, 5, 12, 6)


def test_span_from_first_to_last():
    source = Source(path="h.js", text="foo(1);\nbar(22);")
    body = _parsed(source).program.body
    assert source.span(body[0], body[1]) == Region(1, 1, 2, 9)


def test_point_region_converts_zero_based_column():
    source = Source(path="h.js", text="var x = ;")
    assert source.point_region(1, 8) == Region(1, 9, 1, 10)
    assert source.point_region(1, 8, width=3) == Region(1, 9, 1, 12)


# ----- slices ----------------------------------------------------------------------------


def test_slice_ascii():
    source = Source(path="h.js", text="module.exports = function (a, b, c) { c(); };")
    fn = _parsed(source).program.body[0].expression.right
    assert source.slice(fn) == "function (a, b, c) { c(); }"


def test_slice_after_non_bmp_characters():
    text = "var a = '\U0001F600\U0001F680'; var name = 'é' + other;\nvar z = '\U0001F600' + more;"
    source = Source(path="h.js", text=text)
    parsed = _parsed(source)
    assert source.slice(_identifier(source, "name")) == "name"
    assert source.slice(_identifier(source, "other")) == "other"
    assert source.slice(_identifier(source, "more")) == "more"
    literal = parsed.program.body[0].declarations[0].init
    assert source.slice(literal) == "'\U0001F600\U0001F680'"
    assert source.slice(parsed.program.body[-1]) == "var z = '\U0001F600' + more;"


def test_slice_after_bom_and_hashbang():
    text = "\ufeff#!/usr/bin/env node \U0001F600\nconst secret = value;"
    source = Source(path="h.js", text=text)
    decl = _parsed(source).program.body[0]
    assert source.slice(decl) == "const secret = value;"
    assert source.region(decl) == Region(2, 1, 2, 22)


# ----- line and file regions -------------------------------------------------------------


def test_file_region_is_line_one():
    source = Source(path="h.js", text="'use strict';\nmodule.exports = 1;\n")
    region = source.file_region()
    assert region.start_line == 1 and region.end_line == 1
    assert region == Region(1, 1, 1, len("'use strict';") + 1)


def test_line_region_covers_whole_line_in_utf16():
    source = Source(path="h.js", text="a;\r\n  x = '\U0001F600';\r\n")
    assert source.line_region(1) == Region(1, 1, 1, 3)
    # 10 Python characters, 11 UTF-16 code units, no CR counted.
    assert len("  x = '\U0001F600';") == 10
    assert source.line_region(2) == Region(2, 1, 2, 12)


def test_line_region_of_empty_or_missing_line_is_one_column():
    source = Source(path="h.js", text="a;\n\nb;")
    assert source.line_region(2) == Region(2, 1, 2, 2)
    assert source.line_region(99) == Region(99, 1, 99, 2)
    assert Source(path="e.js", text="").file_region() == Region(1, 1, 1, 2)


def test_line_region_ignores_bom():
    source = Source(path="h.js", text="\ufeffabc;\n")
    assert source.line_region(1) == Region(1, 1, 1, 5)


def test_line_of_index():
    source = Source(path="h.js", text="a;\r\nbb;\rccc;\nd")
    text = source.text
    assert source.line_of_index(0) == 1
    assert source.line_of_index(text.index("bb")) == 2
    assert source.line_of_index(text.index("ccc")) == 3
    assert source.line_of_index(text.index("d")) == 4


def test_origin_defaults_to_path():
    assert Source(path="hooks/a.js", text="").origin == "hooks/a.js"
    assert Source(path="x.js", text="", origin="main.tf").origin == "main.tf"
