"""``Positions``: hooklint regions (JavaScript lines, 1-based UTF-16 columns) and LSP
positions (CR LF/CR/LF lines, 0-based characters in the client's encoding) through string
indices. Expected values are counted by hand in each test, not computed with the code under
test."""

from __future__ import annotations

import pytest

from hooklint.findings import Region
from hooklint.js.source import Positions


def test_ascii_every_encoding_agrees():
    text = "a\nbb cc\n"
    p = Positions(text)
    index = p.index(2, 4)  # line 2, 1-based column 4: the first `c`
    assert text[index] == "c"
    for encoding in ("utf-8", "utf-16", "utf-32"):
        assert p.lsp_position(index, encoding) == (1, 3)
        assert p.lsp_index(1, 3, encoding) == index


def test_non_bmp_and_accented_characters_before_the_position():
    # the research notes' verified case: hooklint column 13 (UTF-16, 1-based), LSP
    # character 15 in UTF-8 bytes: "  /* " 5 + é 2 + 😀 4 + " */ " 4 = 15
    text = "  /* é😀 */ cb(null, claims);"
    p = Positions(text)
    index = p.index(1, 13)
    assert text[index:index + 2] == "cb"
    assert p.lsp_position(index, "utf-8") == (0, 15)
    assert p.lsp_position(index, "utf-16") == (0, 12)  # 😀 is two UTF-16 units
    assert p.lsp_position(index, "utf-32") == (0, 11)  # code points
    assert p.lsp_index(0, 15, "utf-8") == p.lsp_index(0, 12, "utf-16") == p.lsp_index(0, 11, "utf-32") == index


def test_u2028_breaks_a_javascript_line_but_not_an_lsp_line():
    # JavaScript (and hooklint's regions): 3 lines; LSP: 2 lines, U+2028 inside line 0
    text = "/* a\u2028b */\nfoo();"
    p = Positions(text)
    index = p.index(3, 1)
    assert text[index:index + 3] == "foo"
    assert p.lsp_position(index, "utf-16") == (1, 0)
    after = p.index(2, 1)  # `b`, the first character of JavaScript line 2
    assert text[after] == "b"
    assert p.lsp_position(after, "utf-16") == (0, 5)  # "/* a" 4 + U+2028 1
    assert p.lsp_position(after, "utf-8") == (0, 7)  # U+2028 is three UTF-8 bytes


@pytest.mark.parametrize("eol", ["\r\n", "\r", "\n"])
def test_every_line_end_is_one_break_in_both_systems(eol):
    text = f"x;{eol}  y;{eol}"
    p = Positions(text)
    index = p.index(2, 3)
    assert text[index] == "y"
    assert p.lsp_position(index, "utf-8") == (1, 2)
    assert p.lsp_index(1, 2, "utf-16") == index


def test_a_byte_order_mark_is_before_column_1_of_hooklint_but_a_character_for_lsp():
    text = "\ufeffab"
    p = Positions(text)
    assert p.index(1, 2) == 2  # `b`: hooklint's columns start after the BOM
    assert p.lsp_position(2, "utf-16") == (0, 2)


def test_positions_past_a_line_end_clamp_to_it():
    text = "ab\ncd"
    p = Positions(text)
    assert p.index(1, 99) == 2  # the end of line 1, before its break
    assert p.lsp_index(0, 99, "utf-8") == 2
    assert p.lsp_index(7, 0, "utf-8") == len(text)
    assert p.index(9, 1) == len(text)


def test_a_position_inside_a_character_is_its_start():
    text = "😀x"
    p = Positions(text)
    assert p.lsp_index(0, 1, "utf-16") == 0  # between the surrogates of 😀
    assert p.lsp_index(0, 2, "utf-8") == 0  # inside its four UTF-8 bytes
    assert p.lsp_index(0, 4, "utf-8") == 1


def test_span_of_a_region():
    text = "let a = 1;\nlet é = 'x';"
    p = Positions(text)
    start, end = p.span(Region(2, 9, 2, 12))
    assert text[start:end] == "'x'"
