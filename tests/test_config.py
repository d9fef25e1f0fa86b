"""Configuration loading, validation and rule selection."""

from __future__ import annotations

from pathlib import Path

import pytest

from hooklint.run.config import Config, ConfigError, find_config, glob_match, load_config, resolve_selection
from hooklint.findings import Level


def write(path: Path, text: str) -> Path:
    path.write_text(text)
    return path


def test_pyproject_table_is_read(tmp_path, registry):
    cfg = load_config(write(tmp_path / "pyproject.toml", """
[tool.hooklint]
select = ["HL1"]
ignore = ["wrong-hook-signature"]
fail-on = "error"
exclude = ["vendor"]
per-file-ignores = { "legacy/*.js" = ["HL100"] }
points = { "hooks/m2m-*.js" = "credentials-exchange" }
"""), registry.docs)
    assert cfg.select == ["HL1"] and cfg.fail_on is Level.ERROR
    assert cfg.point_for(tmp_path / "hooks" / "m2m-token.js") == ("credentials-exchange", "hooks/m2m-*.js")
    assert cfg.point_for(tmp_path / "hooks" / "other.js") is None
    assert cfg.is_excluded(tmp_path / "vendor" / "lib" / "a.js")
    assert not cfg.is_excluded(tmp_path / "hooks" / "a.js")
    assert cfg.ignored_for(tmp_path / "legacy" / "old.js") == ["HL100"]
    selected = resolve_selection(registry.docs, cfg, None, [])
    assert selected == {"HL100", "HL102", "HL103", "HL104", "HL105", "HL106", "HL107", "HL108",
                        "HL110", "HL111", "HL112", "HL113", "HL114", "HL115", "HL116", "HL117", "HL118", "HL119",
                        "HL120", "HL121"}


@pytest.mark.parametrize("body, message", [
    ('selct = ["HL1"]', "unknown key in [tool.hooklint]: selct"),
    ('select = ["HL999"]', "unknown rule id or name `HL999`"),
    ('ignore = "HL100"', "`ignore` must be a list"),
    ('fail-on = "fatal"', "`fail-on` must be error, warning or note"),
    ('points = { "a.js" = "password-exchange" }', "retired password-exchange"),
    ('points = { "a.js" = "credentials-exchang" }', "did you mean `credentials-exchange`"),
    ('per-file-ignores = { "a.js" = ["HL12345"] }', "unknown rule id or name `HL12345`"),
    ("select = [", "invalid TOML"),
])
def test_config_errors_name_the_problem(tmp_path, registry, body, message):
    path = write(tmp_path / "pyproject.toml", f"[tool.hooklint]\n{body}\n")
    with pytest.raises(ConfigError, match=message.replace("(", r"\(").replace("[", r"\[").replace("]", r"\]")):
        load_config(path, registry.docs)


def test_dotfile_wins_and_is_found_from_a_subdirectory(tmp_path):
    write(tmp_path / "pyproject.toml", "[tool.hooklint]\n")
    dot = write(tmp_path / ".hooklint.toml", "")
    sub = tmp_path / "a" / "b"
    sub.mkdir(parents=True)
    assert find_config(sub) == dot


def test_pyproject_without_table_is_skipped(tmp_path):
    write(tmp_path / "pyproject.toml", "[project]\nname='x'\n")
    assert find_config(tmp_path) is None or find_config(tmp_path).parent != tmp_path


def test_hooklint_toml_keys_are_top_level(tmp_path, registry):
    cfg = load_config(write(tmp_path / ".hooklint.toml", 'extend-select = ["HL003"]\n'), registry.docs)
    assert "HL003" in resolve_selection(registry.docs, cfg, None, [])


def test_prefix_selection_leaves_default_off_rules_out(registry):
    assert "HL003" not in resolve_selection(registry.docs, Config(), ["HL0"], [])
    assert "HL003" in resolve_selection(registry.docs, Config(), ["HL003"], [])
    assert "HL003" in resolve_selection(registry.docs, Config(), ["hook-past-end-of-life"], [])


def test_cli_select_overrides_config_select_and_ignores_add_up(registry):
    cfg = Config(select=["HL1"], ignore=["HL100"])
    assert resolve_selection(registry.docs, cfg, ["HL10"], ["HL101"]) == {"HL102", "HL103", "HL104", "HL105",
                                                                          "HL106", "HL107", "HL108"}


@pytest.mark.parametrize("path, pattern, expected", [
    ("hooks/a.js", "hooks/*.js", True),
    ("hooks/sub/a.js", "hooks/*.js", False),
    ("hooks/sub/a.js", "hooks", True),
    ("x/vendor/a.js", "vendor", True),
    ("x/vendor.js", "vendor", False),
    ("hooks/a.js", "./hooks/a.js", True),
    ("hooks/a.test.js", "*.test.js", True),
    ("vendor/a.js", "/vendor", True),
    ("x/vendor/a.js", "/vendor", False),
])
def test_glob_match(path, pattern, expected):
    assert glob_match(path, pattern) is expected


@pytest.mark.parametrize("path, pattern, expected", [
    ("hooks/deep/a.js", "hooks/**/*.js", True),
    ("hooks/a.js", "hooks/**/*.js", True),
    ("other/a.js", "hooks/**", False),
    ("hooks/m2m-1.js", "hooks/m2m-?.js", True),
])
def test_double_star_glob(path, pattern, expected):
    assert glob_match(path, pattern) is expected
