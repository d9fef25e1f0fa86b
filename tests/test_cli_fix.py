"""``hooklint check --fix`` and its flags (ruff's contract), run as the installed console
script on copies in a temporary directory; and the fix loop (``hooklint.fixes``) on its
own, with fake linters, for what no rule produces today (overlaps, a fix that breaks the
parse, fixes that undo each other).

Every rule that offers a fix has one row in ``fixable.FIXES`` (shared with the editor's
tests): a rule whose fix lands adds a row.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from hooklint import fixes
from hooklint.findings import Edit, Finding, Fix, Level, Region
from hooklint.fixing import diff
from hooklint.outcome import FileResult, Problem

from fixable import CE, FIXES, POST_LOGIN

ROWS = [pytest.param(*row, id=row[0]) for row in FIXES]
SAFE = next(row for row in FIXES if row[1] == "safe")
UNSAFE = next(row for row in FIXES if row[0] == "HL112")


def run(exe, *args, cwd):
    env = {k: v for k, v in os.environ.items() if not k.startswith("HOOKLINT")}
    env["NO_COLOR"] = "1"
    return subprocess.run([exe, "check", "--no-cache", *args], cwd=cwd, capture_output=True, text=True,
                          env=env, timeout=120)


def write(directory: Path, name: str, text: str, newline: str = "\n", bom: bool = False) -> Path:
    path = directory / name
    path.write_bytes(("\ufeff" if bom else "").encode() + text.replace("\n", newline).encode("utf-8"))
    os.utime(path, ns=(1_000_000_000, 1_000_000_000))  # an old mtime: a rewrite would show
    return path


def test_the_table_covers_every_rule_that_offers_a_fix(registry):
    offered = {rule_id: doc.fix for rule_id, doc in registry.docs.items() if doc.fix is not None}
    assert offered == {rule: cls for rule, cls, _, _ in FIXES}


@pytest.mark.parametrize(("rule", "cls", "before", "after"), ROWS)
def test_fix_each_rule_then_nothing_more(hooklint_exe, tmp_path, rule, cls, before, after):
    path = write(tmp_path, "code.js", before)
    first = run(hooklint_exe, "--fix", "--unsafe-fixes", "--select", rule, "code.js", cwd=tmp_path)
    assert first.returncode == 0, first.stdout + first.stderr
    assert path.read_text(encoding="utf-8") == after
    assert first.stdout == "No problems in 1 file; 1 fixed.\n"
    mtime = path.stat().st_mtime_ns
    second = run(hooklint_exe, "--fix", "--unsafe-fixes", "--select", rule, "code.js", cwd=tmp_path)
    assert second.returncode == 0, second.stdout + second.stderr
    assert path.read_bytes() == after.encode() and path.stat().st_mtime_ns == mtime  # idempotent: not rewritten
    assert second.stdout == "No problems in 1 file; 0 fixed.\n"


@pytest.mark.parametrize(("rule", "cls", "before", "after"), ROWS)
def test_fix_alone_applies_only_safe_fixes(hooklint_exe, tmp_path, rule, cls, before, after):
    path = write(tmp_path, "code.js", before)
    result = run(hooklint_exe, "--fix", "--select", rule, "code.js", cwd=tmp_path)
    if cls == "safe":
        assert result.returncode == 0, result.stdout + result.stderr
        assert path.read_text(encoding="utf-8") == after
    else:
        assert result.returncode == 1, result.stdout + result.stderr
        assert path.read_text(encoding="utf-8") == before
        assert result.stdout.splitlines()[-1] == ("No fixes available (1 hidden fix can be enabled with "
                                                  "`--unsafe-fixes`).")
        assert "[*]" not in result.stdout


def test_report_marks_what_fix_would_apply_and_hints(hooklint_exe, tmp_path):
    write(tmp_path, "a.js", SAFE[2])
    write(tmp_path, "b.js", UNSAFE[2])
    plain = run(hooklint_exe, "--select", "HL222,HL112", ".", cwd=tmp_path)
    lines = plain.stdout.splitlines()
    assert plain.returncode == 1
    assert [line.split(": ", 1)[0] for line in lines if "[*]" in line and ".js:" in line] == ["a.js:2:67"]
    assert " HL222 [warning] [*] `api.cache.get(…)` returns" in plain.stdout
    assert lines[-2:] == ["Found 2 problems (1 error, 1 warning) in 2 files.",
                          "[*] 1 fixable with `hooklint check --fix` (1 hidden fix can be enabled with "
                          "`--unsafe-fixes`)."]
    unsafe = run(hooklint_exe, "--select", "HL222,HL112", "--unsafe-fixes", ".", cwd=tmp_path)
    assert sum("[*]" in line for line in unsafe.stdout.splitlines()) == 3  # two findings and the hint
    assert unsafe.stdout.splitlines()[-1] == "[*] 2 fixable with `hooklint check --fix --unsafe-fixes`."
    assert (tmp_path / "a.js").read_text() == SAFE[2]  # no --fix: nothing written


def test_exit_code_counts_the_findings_left(hooklint_exe, tmp_path):
    path = write(tmp_path, "code.js", POST_LOGIN + "  fetch('https://example.com');\n"
                 "  api.idToken.setCustomClaim('https://example.com/t', 'Bearer ' + api.cache.get('t'));\n};\n")
    result = run(hooklint_exe, "--fix", "--select", "HL222,HL112", "code.js", cwd=tmp_path)
    assert result.returncode == 1  # the HL112 error is left: its fix is unsafe
    assert "?.value" in path.read_text() and "await" not in path.read_text()
    assert next(line for line in result.stdout.splitlines() if line.startswith("code.js")).startswith(
        "code.js:2:3: HL112 [error] `fetch(…)`")
    assert "Found 1 problem (1 error) in 1 file; 1 fixed." in result.stdout
    again = run(hooklint_exe, "--fix", "--unsafe-fixes", "--select", "HL222,HL112", "code.js", cwd=tmp_path)
    assert again.returncode == 0, again.stdout
    assert "  await fetch('https://example.com');\n" in path.read_text()


def test_fix_only_exits_zero_with_findings_left(hooklint_exe, tmp_path):
    path = write(tmp_path, "code.js", POST_LOGIN + "  fetch('https://example.com');\n"
                 "  api.idToken.setCustomClaim('https://example.com/t', 'Bearer ' + api.cache.get('t'));\n};\n")
    result = run(hooklint_exe, "--fix-only", "--select", "HL222,HL112", "code.js", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout == ""
    assert result.stderr == "Fixed 1 finding.\n"
    assert "?.value" in path.read_text()


def test_show_fixes(hooklint_exe, tmp_path):
    for name in ("a.js", "b.js"):
        write(tmp_path, name, SAFE[2])
    listing = ("Fixed 2 findings:\n- a.js:\n    1 × HL222 (cache-value-misuse)\n"
               "- b.js:\n    1 × HL222 (cache-value-misuse)\n")
    text = run(hooklint_exe, "--fix", "--show-fixes", "--select", "HL222", ".", cwd=tmp_path)
    assert text.stdout == listing + "No problems in 2 files; 2 fixed.\n"
    for name in ("a.js", "b.js"):
        write(tmp_path, name, SAFE[2])
    machine = run(hooklint_exe, "--fix", "--show-fixes", "--select", "HL222", "-f", "json", ".", cwd=tmp_path)
    assert machine.stderr == listing  # stdout is the JSON report
    assert machine.stdout.startswith("{")


def test_diff_prints_and_writes_nothing(hooklint_exe, tmp_path):
    path = write(tmp_path, "code.js", SAFE[2])
    result = run(hooklint_exe, "--diff", "--select", "HL222", "code.js", cwd=tmp_path)
    assert result.returncode == 1
    assert result.stdout == (
        "--- a/code.js\n+++ b/code.js\n@@ -1,3 +1,3 @@\n"
        " exports.onExecutePostLogin = async (event, api) => {\n"
        "-  api.idToken.setCustomClaim('https://example.com/t', 'Bearer ' + api.cache.get('t'));\n"
        "+  api.idToken.setCustomClaim('https://example.com/t', 'Bearer ' + api.cache.get('t')?.value);\n"
        " };\n")
    assert result.stderr == "Would fix 1 finding.\n"
    assert path.read_text() == SAFE[2] and path.stat().st_mtime_ns == 1_000_000_000
    # only an unsafe fix, not asked for: no diff, exit 0
    write(tmp_path, "code.js", UNSAFE[2])
    none = run(hooklint_exe, "--diff", "--select", "HL112", "code.js", cwd=tmp_path)
    assert (none.returncode, none.stdout) == (0, "")
    usage = run(hooklint_exe, "--diff", "-o", "report.txt", "code.js", cwd=tmp_path)
    assert usage.returncode == 2 and not (tmp_path / "report.txt").exists()


def test_files_without_a_fix_are_not_touched(hooklint_exe, tmp_path):
    fixed = write(tmp_path, "fixed.js", SAFE[2])
    unfixable = write(tmp_path, "unfixable.js", CE + "module.exports = function (client, scope, audience, context, cb) "
                      "{\n  cb(null, {});\n};\n")  # HL201 on an object literal: no fix offered
    clean = write(tmp_path, "clean.js", SAFE[3], newline="\r\n", bom=True)
    before = {p: (p.read_bytes(), p.stat().st_mtime_ns) for p in (unfixable, clean)}
    result = run(hooklint_exe, "--fix", "--unsafe-fixes", ".", cwd=tmp_path)
    assert "HL201" in result.stdout and result.returncode == 1
    assert fixed.read_text() == SAFE[3]
    assert {p: (p.read_bytes(), p.stat().st_mtime_ns) for p in (unfixable, clean)} == before


@pytest.mark.parametrize("newline", ["\r\n", "\r"])
def test_line_ends_and_bom_are_kept(hooklint_exe, tmp_path, newline):
    rule, _, before, after = FIXES[0]  # HL201 inserts a line: it takes the file's line end
    path = write(tmp_path, "code.js", before, newline=newline, bom=True)
    result = run(hooklint_exe, "--fix", "--unsafe-fixes", "--select", rule, "code.js", cwd=tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert path.read_bytes() == b"\xef\xbb\xbf" + after.replace("\n", newline).encode()


def test_a_file_that_is_not_utf8_is_not_fixed(hooklint_exe, tmp_path):
    path = tmp_path / "code.js"
    data = SAFE[2].encode().replace(b"};\n", b"};\n// caf\xe9\n")
    path.write_bytes(data)
    result = run(hooklint_exe, "--fix", "--select", "HL222", "code.js", cwd=tmp_path)
    assert result.returncode == 2
    assert "hooklint: code.js: not valid UTF-8; not fixed\n" in result.stderr
    assert path.read_bytes() == data


def test_fixes_apply_to_findings_in_the_baseline(hooklint_exe, tmp_path):
    path = write(tmp_path, "code.js", SAFE[2])
    recorded = run(hooklint_exe, "--select", "HL222", "--write-baseline", "base.json", "code.js", cwd=tmp_path)
    assert recorded.returncode == 0, recorded.stderr
    result = run(hooklint_exe, "--fix", "--select", "HL222", "--baseline", "base.json", "code.js", cwd=tmp_path)
    assert result.returncode == 0 and path.read_text() == SAFE[3]


# ----- the loop on one text, with fake linters -------------------------------------------


def _fix(text: str, *edits: tuple[tuple[int, int, int, int], str], cls: str = "safe") -> Fix:
    return Fix(text, tuple(Edit(Region(*region), new) for region, new in edits), cls)  # type: ignore[arg-type]


def _result(*fixes_: Fix) -> FileResult:
    return FileResult("x.js", analysed=True, findings=[
        Finding(f"HL9{n:02d}", Level.WARNING, "m", "x.js", Region(1, 1, 1, 2), fix=fix)
        for n, fix in enumerate(fixes_)])


def test_apply_two_insertions_at_one_point_take_the_first():
    first, second = _fix("a", ((1, 1, 1, 1), "A")), _fix("b", ((1, 1, 1, 1), "B"))
    assert fixes.apply("xy", [first, second]) == ("Axy", [first])


def test_apply_an_edit_inside_another_is_skipped():
    outer, inner = _fix("outer", ((1, 1, 1, 5), "____")), _fix("inner", ((1, 2, 1, 3), "!"))
    assert fixes.apply("abcdef", [inner, outer]) == ("____ef", [outer])
    insertion = _fix("insert", ((1, 3, 1, 3), "+"))
    assert fixes.apply("abcdef", [outer, insertion]) == ("____ef", [outer])


def test_apply_all_or_none_per_fix():
    taken = _fix("taken", ((1, 1, 1, 2), "A"), ((1, 5, 1, 6), "E"))
    half = _fix("half", ((1, 3, 1, 4), "C"), ((1, 5, 1, 6), "X"))  # its first edit is free, its second is not
    later = _fix("later", ((1, 6, 1, 7), "F"))
    assert fixes.apply("abcdef", [later, half, taken]) == ("AbcdEF", [taken, later])


def test_apply_non_overlapping_edits_of_one_fix_and_line_ends():
    fix = _fix("two", ((1, 1, 1, 1), "first\n"), ((2, 1, 2, 2), "Z"))
    assert fixes.apply("a\r\nb\r\n", [fix]) == ("first\r\na\r\nZ\r\n", [fix])


def test_a_fix_that_breaks_the_parse_is_dropped_and_the_others_applied():
    text = "var a = 1;\nvar b = 2;\n"
    broken = _fix("break it", ((1, 9, 1, 10), "= ="))
    good = _fix("rename", ((2, 5, 2, 6), "c"))
    calls = []

    def lint(new_text: str) -> FileResult:  # the linter says when a text does not parse
        calls.append(new_text)
        if "= =" in new_text:
            return FileResult("x.js", problem=Problem("x.js", "cannot parse", "parse"))
        return _result()

    outcome = fixes.fix_text(text, _result(broken, good), lint, {"safe"})
    assert outcome.text == "var a = 1;\nvar c = 2;\n"
    assert outcome.dropped == [fixes.Fixed("HL900", "break it")]
    assert outcome.fixed == [fixes.Fixed("HL901", "rename")]
    # both, then each alone, then the good one: the broken text is never kept
    assert outcome.unsettled is None and calls[-1] == outcome.text and len(calls) == 4


def test_fixes_that_undo_each_other_stop():
    to_b, to_a = _fix("a to b", ((1, 1, 1, 2), "b")), _fix("b to a", ((1, 1, 1, 2), "a"))
    calls = []

    def lint(new_text: str) -> FileResult:
        calls.append(new_text)
        return _result(to_a if new_text.startswith("b") else to_b)

    outcome = fixes.fix_text("a;\n", _result(to_b), lint, {"safe"})
    assert outcome.unsettled is not None and "cycle" in outcome.unsettled
    # the pass that came back to a text seen is not kept, nor counted
    assert len(calls) < fixes.MAX_PASSES and outcome.text == "b;\n"
    assert outcome.fixed == [fixes.Fixed("HL900", "a to b")]


def test_unsafe_fixes_are_left_unless_asked():
    unsafe = _fix("u", ((1, 1, 1, 2), "b"), cls="unsafe")
    outcome = fixes.fix_text("a;\n", _result(unsafe), lambda t: _result(), fixes.wanted(False))
    assert (outcome.text, outcome.fixed) == ("a;\n", [])
    outcome = fixes.fix_text("a;\n", _result(unsafe), lambda t: _result(), fixes.wanted(True))
    assert outcome.text == "b;\n"


def test_diff_marks_a_last_line_without_its_end():
    assert diff("x.js", "a\nb", "a\nc") == ("--- a/x.js\n+++ b/x.js\n@@ -1,2 +1,2 @@\n a\n-b\n"
                                           "\\ No newline at end of file\n+c\n\\ No newline at end of file\n")


def test_a_file_changed_since_it_was_linted_is_not_fixed(tmp_path):
    from conftest import lint

    from hooklint.fixing import fix_run
    from hooklint.outcome import RunResult

    path = tmp_path / "code.js"
    path.write_text(SAFE[2], encoding="utf-8")
    result = lint(SAFE[2], select={"HL222"}, path=str(path))
    run = RunResult([result], ["HL222"], 0.0, 0.0)
    changed = SAFE[2] + "// edited meanwhile\n"
    path.write_text(changed, encoding="utf-8")
    fixing = fix_run(run, lambda source: lint(source.original_text, {"HL222"}, source.path), fixes.wanted(False), True)
    assert run.errors == [f"{path}: changed since it was linted; not fixed"]
    assert fixing.count == 0 and path.read_text(encoding="utf-8") == changed
    path.write_text(SAFE[2], encoding="utf-8")  # as linted: fixed
    run = RunResult([result], ["HL222"], 0.0, 0.0)
    fixing = fix_run(run, lambda source: lint(source.original_text, {"HL222"}, source.path), fixes.wanted(False), True)
    assert (run.errors, fixing.count, path.read_text(encoding="utf-8")) == ([], 1, SAFE[3])
    assert [f.rule_id for f in run.files[0].findings] == []  # the run now holds the last pass's result


def test_a_file_that_cannot_be_written_keeps_its_findings(tmp_path, monkeypatch):
    """A failed write is an error, and the file's findings stay the run's (it is unchanged)."""
    from pathlib import Path as PathType

    from hooklint import fixing
    from hooklint.checks import registry as registry_mod
    from hooklint.run.config import Config
    from hooklint.run.engine import Engine

    path = write(tmp_path, "code.js", SAFE[2])
    registry = registry_mod.load()
    engine = Engine(registry, Config(), {"HL222"})
    run_result = engine.run([path])
    before = list(run_result.files)

    def refuse(self, data):
        raise PermissionError(1, "Operation not permitted")

    monkeypatch.setattr(PathType, "write_bytes", refuse)
    done = fixing.fix_run(run_result, lambda source: engine.check_source(source)[0], fixes.wanted(False), write=True)
    assert done.fixed == [] and run_result.files == before
    assert [p.message for p in run_result.read_problems] == ["cannot write the fixes: Operation not permitted"]
    assert [f.rule_id for f in run_result.findings] == ["HL222"]


def test_the_readme_lists_every_fixable_rule_with_its_class(registry):
    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    rows = {line.split("|")[1].split()[0]: line.split("|")[-2].strip()
            for line in readme.splitlines() if line.startswith("| HL")}
    offered = {rule_id: doc.fix for rule_id, doc in registry.docs.items() if doc.fix is not None}
    assert {rule: rows.get(rule) for rule in offered} == offered
