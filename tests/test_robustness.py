"""Odd input: every case ends in findings, an HL000, or a one-line error (exit 2); never
a traceback, never a silent pass for a file that was not analysed."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from hooklint.checks import registry as registry_mod
from hooklint.run.config import Config
from hooklint.run.engine import Engine

CX = "module.exports = function (client, scope, audience, context, cb) {\n  cb(null, {scope: scope});\n};\n"
WRONG = "// hooklint: point=credentials-exchange\nmodule.exports = function (user, context, cb) {\n  cb();\n};\n"


def run(tmp_path, monkeypatch, *paths, select=None):
    monkeypatch.chdir(tmp_path)
    reg = registry_mod.load()
    chosen = set(select) if select else {i for i, d in reg.docs.items() if d.default_enabled}
    return Engine(reg, Config(root=tmp_path), chosen).run([Path(p) for p in paths] or [Path(".")])


def summary(result):
    return sorted((f.path, f.rule_id, f.region.start_line, f.region.start_column) for f in result.findings)


def test_binary_file_is_hl000(tmp_path, monkeypatch):
    (tmp_path / "blob.js").write_bytes(b"\x7fELF\x00\x00\x01binary")
    result = run(tmp_path, monkeypatch)
    assert summary(result) == [("blob.js", "HL000", 1, 1)]
    assert not result.files[0].analysed and result.exit_code() == 1


def test_invalid_utf8_is_read_with_replacement_and_analysed(tmp_path, monkeypatch):
    (tmp_path / "latin1.js").write_bytes(CX.replace("cb(null", "var s = '\xe9t\xe9'; cb(null").encode("latin-1"))
    result = run(tmp_path, monkeypatch)
    assert result.files[0].analysed and summary(result) == []


def test_empty_file_has_no_hook(tmp_path, monkeypatch):
    (tmp_path / "empty.js").write_text("")
    result = run(tmp_path, monkeypatch)
    assert summary(result) == [("empty.js", "HL100", 1, 1)]


def test_truncated_code_is_hl000_at_the_end(tmp_path, monkeypatch):
    (tmp_path / "cut.js").write_text(CX[:70])
    result = run(tmp_path, monkeypatch)
    [(path, rule, line, _)] = summary(result)
    assert (path, rule, line) == ("cut.js", "HL000", 2)


@pytest.mark.parametrize("newline", ["\r\n", "\r", "\n"])
def test_line_ends_keep_line_numbers(tmp_path, monkeypatch, newline):
    (tmp_path / "wrong.js").write_bytes(WRONG.replace("\n", newline).encode())
    assert summary(run(tmp_path, monkeypatch)) == [("wrong.js", "HL101", 2, 28)]


def test_bom_and_hashbang_keep_columns(tmp_path, monkeypatch):
    text = "#!/usr/bin/env node\n" + WRONG
    (tmp_path / "bom.js").write_bytes(b"\xef\xbb\xbf" + text.encode())
    assert summary(run(tmp_path, monkeypatch)) == [("bom.js", "HL101", 3, 28)]


def test_deploy_cli_tokens_parse(tmp_path, monkeypatch):
    (tmp_path / "tokens.js").write_text(
        "const LIMIT = ##RATE_LIMIT##;\nconst KEY = '@@API_KEY@@';\n" + WRONG.split("\n", 1)[1].replace(
            "module.exports", "// hooklint: point=credentials-exchange\nmodule.exports"))
    assert summary(run(tmp_path, monkeypatch)) == [("tokens.js", "HL101", 4, 28)]


def test_very_long_line(tmp_path, monkeypatch):
    long = "var data = [" + ",".join(["'x'"] * 100_000) + "];\n"
    (tmp_path / "long.js").write_text(long + CX)
    result = run(tmp_path, monkeypatch)
    assert result.files[0].analysed and summary(result) == []


def test_file_over_the_size_limit(tmp_path, monkeypatch):
    (tmp_path / "huge.js").write_text(CX + "//" + "x" * (6 * 1024 * 1024) + "\n")
    result = run(tmp_path, monkeypatch)
    assert summary(result) == [("huge.js", "HL000", 1, 1)]
    assert "MiB" in result.findings[0].message and not result.files[0].analysed


def test_directory_named_like_a_script(tmp_path, monkeypatch):
    (tmp_path / "dir.js").mkdir()
    (tmp_path / "dir.js" / "inner.js").write_text(WRONG)
    result = run(tmp_path, monkeypatch)
    assert summary(result) == [("dir.js/inner.js", "HL101", 2, 28)] and result.errors == []


def test_symlink_loops(tmp_path, monkeypatch):
    (tmp_path / "sub").mkdir()
    os.symlink(tmp_path, tmp_path / "sub" / "loop")  # a directory loop: not followed
    os.symlink(tmp_path / "b.js", tmp_path / "a.js")
    os.symlink(tmp_path / "a.js", tmp_path / "b.js")  # a file loop: an error, the run goes on
    (tmp_path / "ok.js").write_text(WRONG)
    result = run(tmp_path, monkeypatch)
    assert summary(result) == [("ok.js", "HL101", 2, 28)]
    assert sorted(e.split(":")[0] for e in result.errors) == ["a.js", "b.js"]
    assert result.exit_code() == 2


def test_a_file_reached_twice_is_linted_once(tmp_path, monkeypatch):
    (tmp_path / "hooks").mkdir()
    (tmp_path / "hooks" / "ok.js").write_text(WRONG)
    os.symlink(tmp_path / "hooks" / "ok.js", tmp_path / "alias.js")
    os.symlink(tmp_path / "hooks", tmp_path / "linked")  # a directory symlink: os.walk does not follow it
    result = run(tmp_path, monkeypatch, "alias.js", "hooks", "hooks/ok.js", ".")
    assert summary(result) == [("alias.js", "HL101", 2, 28)] and result.errors == []


def test_fifo_is_not_read(tmp_path, monkeypatch):
    os.mkfifo(tmp_path / "pipe.js")
    result = run(tmp_path, monkeypatch)
    assert result.errors == ["pipe.js: not a regular file"]


def test_deep_nesting_parses_and_beyond_the_bound_is_hl000(tmp_path, monkeypatch):
    deep = CX.replace("cb(null", "if (a) {" * 3000 + "}" * 3000 + "\n  cb(null")
    (tmp_path / "deep.js").write_text(deep)
    (tmp_path / "deeper.js").write_text("x = " + "[" * 200_000 + "]" * 200_000 + ";\n")
    result = run(tmp_path, monkeypatch)
    [finding] = result.findings
    assert finding.path == "deeper.js" and "nesting" in finding.message
    assert {f.path: f.analysed for f in result.files} == {"deep.js": True, "deeper.js": False}
