"""Suppression comments, and HL001 for the ones that suppress nothing."""

from __future__ import annotations

from conftest import active, lint

WRONG = "// hooklint: point=credentials-exchange\n"
HOOK = "module.exports = function (user, context, cb) { cb(); };\n"  # HL101 on its line


def suppressed_ids(result):
    return [(f.rule_id, f.justification) for f in result.findings if f.suppressed]


def test_next_line_with_reason():
    result = lint(WRONG + "// hooklint-disable-next-line HL101 -- migrating next sprint\n" + HOOK, {"HL101", "HL001"})
    assert active(result) == []
    assert suppressed_ids(result) == [("HL101", "migrating next sprint")]


def test_same_line_and_by_name():
    result = lint(WRONG + HOOK.rstrip("\n") + " // hooklint-disable-line wrong-hook-signature\n", {"HL101", "HL001"})
    assert active(result) == [] and suppressed_ids(result) == [("HL101", None)]


def test_block_and_enable():
    text = WRONG + "/* hooklint-disable HL101 */\n" + HOOK + "/* hooklint-enable HL101 */\n"
    assert active(lint(text, {"HL101", "HL001"})) == []


def test_block_ends_at_enable():
    text = WRONG + "/* hooklint-disable HL101 */\n/* hooklint-enable HL101 */\n" + HOOK
    result = lint(text, {"HL101", "HL001"})
    assert sorted(f.rule_id for f in active(result)) == ["HL001", "HL101"]


def test_file_wide():
    result = lint(WRONG + HOOK + "// hooklint-disable-file HL101\n", {"HL101", "HL001"})
    assert active(result) == []


def test_wrong_line_does_not_suppress_and_is_unused():
    text = WRONG + "// hooklint-disable-next-line HL101\n\n" + HOOK
    result = lint(text, {"HL101", "HL001"})
    assert sorted((f.rule_id, f.region.start_line) for f in active(result)) == [("HL001", 2), ("HL101", 4)]


def test_other_rule_id_does_not_suppress():
    text = WRONG + "// hooklint-disable-next-line HL100\n" + HOOK
    result = lint(text, {"HL100", "HL101", "HL001"})
    assert sorted(f.rule_id for f in active(result)) == ["HL001", "HL101"]


def test_unused_suppression_of_a_rule_that_did_not_run_is_not_reported():
    text = "// hooklint-disable-next-line HL204\n" + HOOK
    assert active(lint(text, {"HL001"}), "HL001") == []


def test_unknown_id_and_empty_list():
    text = "// hooklint-disable-next-line HL999\n// hooklint-disable-line\n" + HOOK
    result = lint(text, {"HL001"})
    messages = sorted((f.region.start_line, f.message) for f in active(result, "HL001"))
    assert messages[0][0] == 1 and "`HL999`" in messages[0][1]
    assert messages[1][0] == 2 and "names no rule" in messages[1][1]


def test_hl001_can_itself_be_suppressed():
    text = "// hooklint-disable-file HL001\n// hooklint-disable-next-line HL999\n" + HOOK
    assert active(lint(text, {"HL001"})) == []


def test_suppression_region_is_the_comment():
    text = "  // hooklint-disable-next-line HL999\n" + HOOK
    [finding] = active(lint(text, {"HL001"}), "HL001")
    r = finding.region
    assert (r.start_line, r.start_column, r.end_line, r.end_column) == (1, 3, 1, 38)
