"""Configuration: ``[tool.hooklint]`` in pyproject.toml, or ``.hooklint.toml``.

Found by looking in the current directory and then each parent for a ``.hooklint.toml``
or a ``pyproject.toml`` with a ``[tool.hooklint]`` table (the nearest wins; in one
directory ``.hooklint.toml`` wins). Paths and globs in the file are relative to the
directory the file is in. Unknown keys, unknown rule ids and invalid values are errors.
"""

from __future__ import annotations

import os
import re
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path, PurePosixPath
from typing import Any

from hooklint.actions.triggers import TRIGGER_IDS
from hooklint.hooks import points as points_mod
from hooklint.checks.catalog import RuleDoc, rule_id
from hooklint.findings import Level

KEYS = ("select", "extend-select", "ignore", "per-file-ignores", "exclude", "fail-on", "points")


class ConfigError(Exception):
    """A problem in the configuration or the command line: exit code 2."""


@dataclass
class Config:
    path: Path | None = None  # the file it came from
    root: Path = field(default_factory=Path.cwd)  # what its globs are relative to
    select: list[str] | None = None
    extend_select: list[str] = field(default_factory=list)
    ignore: list[str] = field(default_factory=list)
    per_file_ignores: dict[str, list[str]] = field(default_factory=dict)
    exclude: list[str] = field(default_factory=list)
    fail_on: Level = Level.WARNING
    points: dict[str, str] = field(default_factory=dict)

    # ----- paths ---------------------------------------------------------------------

    def relative(self, path: Path) -> str:
        """``path`` relative to the config root, POSIX style (for glob matching)."""
        try:
            return Path(os.path.abspath(path)).relative_to(os.path.abspath(self.root)).as_posix()
        except ValueError:
            return Path(path).as_posix()

    def is_excluded(self, path: Path) -> bool:
        if not self.exclude:
            return False
        return any(glob_match(self.relative(path), pattern) for pattern in self.exclude)

    def point_for(self, path: Path) -> tuple[str, str] | None:
        """(point, glob) from the ``points`` table, first matching glob wins."""
        if not self.points:
            return None
        rel = self.relative(path)
        for pattern, point in self.points.items():
            if glob_match(rel, pattern):
                return point, pattern
        return None

    def ignored_for(self, path: Path) -> list[str]:
        if not self.per_file_ignores:
            return []
        rel = self.relative(path)
        found: list[str] = []
        for pattern, ids in self.per_file_ignores.items():
            if glob_match(rel, pattern):
                found.extend(ids)
        return found


def glob_match(rel: str, pattern: str) -> bool:
    """gitignore-like matching of a POSIX relative path.

    ``*`` and ``?`` stay within one path component, ``**`` crosses them; a pattern
    without ``/`` matches any component (``vendor``, ``*.min.js``); a pattern that
    names a directory matches everything below it.
    """
    pattern = pattern.rstrip("/").removeprefix("./")
    if pattern.startswith("/"):  # anchored at the config's directory, like gitignore
        pattern = pattern.lstrip("/")
        regex = _glob_regex(pattern)
        return any(regex.fullmatch(c) for c in [rel, *(str(p) for p in PurePosixPath(rel).parents if str(p) != ".")])
    if "/" not in pattern:
        return any(_glob_regex(pattern).fullmatch(part) for part in PurePosixPath(rel).parts)
    regex = _glob_regex(pattern)
    candidates = [rel, *(str(p) for p in PurePosixPath(rel).parents if str(p) != ".")]
    return any(regex.fullmatch(candidate) for candidate in candidates)


@lru_cache(maxsize=256)
def _glob_regex(pattern: str) -> re.Pattern[str]:
    out, i = [], 0
    while i < len(pattern):
        char = pattern[i]
        if pattern.startswith("**/", i):
            out.append("(?:.*/)?")
            i += 3
            continue
        if pattern.startswith("**", i):
            out.append(".*")
            i += 2
            continue
        if char == "*":
            out.append("[^/]*")
        elif char == "?":
            out.append("[^/]")
        elif char == "[":
            end = pattern.find("]", i + 1)
            if end == -1:
                out.append(re.escape(char))
            else:
                inner = pattern[i + 1:end].replace("\\", "\\\\")
                out.append("[" + ("^" + inner[1:] if inner.startswith("!") else inner) + "]")
                i = end
        else:
            out.append(re.escape(char))
        i += 1
    return re.compile("".join(out))


def find_config(start: Path) -> Path | None:
    start = start.resolve()
    for directory in (start, *start.parents):
        dotfile = directory / ".hooklint.toml"
        if dotfile.is_file():
            return dotfile
        pyproject = directory / "pyproject.toml"
        if pyproject.is_file():
            try:
                data = tomllib.loads(pyproject.read_text(encoding="utf-8"))
            except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
                continue
            if "hooklint" in data.get("tool", {}):
                return pyproject
    return None


def load_config(explicit: Path | None, docs: dict[str, RuleDoc]) -> Config:
    path = explicit if explicit is not None else find_config(Path.cwd())
    if path is None:
        return Config()
    try:
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"cannot read config {path}: {getattr(exc, 'strerror', None) or exc}") from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: invalid TOML: {exc}") from None
    if Path(path).name == "pyproject.toml" or "tool" in data:
        table = data.get("tool", {}).get("hooklint")
        if table is None:
            if explicit is not None:
                raise ConfigError(f"{path}: no [tool.hooklint] table")
            return Config()
        where = "[tool.hooklint]"
    else:
        table = data
        where = Path(path).name
    return parse_config(table, Path(path), where, docs)


def parse_config(table: dict[str, Any], path: Path, where: str, docs: dict[str, RuleDoc]) -> Config:
    unknown = sorted(set(table) - set(KEYS))
    if unknown:
        raise ConfigError(f"{path}: unknown key{'s' if len(unknown) > 1 else ''} in {where}: "
                          f"{', '.join(unknown)} (known: {', '.join(KEYS)})")
    config = Config(path=path, root=path.parent)

    def id_list(key: str) -> list[str]:
        value = table[key]
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise ConfigError(f"{path}: `{key}` must be a list of rule ids or names")
        for token in value:
            if not expand_selector(token, docs):
                raise ConfigError(f"{path}: `{key}`: unknown rule id or name `{token}`")
        return value

    if "select" in table:
        config.select = id_list("select")
    if "extend-select" in table:
        config.extend_select = id_list("extend-select")
    if "ignore" in table:
        config.ignore = id_list("ignore")
    if "exclude" in table:
        value = table["exclude"]
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise ConfigError(f"{path}: `exclude` must be a list of glob patterns")
        config.exclude = value
    if "fail-on" in table:
        try:
            config.fail_on = Level(table["fail-on"])
        except ValueError:
            raise ConfigError(f"{path}: `fail-on` must be error, warning or note") from None
    if "per-file-ignores" in table:
        value = table["per-file-ignores"]
        if not isinstance(value, dict):
            raise ConfigError(f"{path}: `per-file-ignores` must be a table of glob = [ids]")
        for pattern, ids in value.items():
            if not isinstance(ids, list) or not all(isinstance(v, str) for v in ids):
                raise ConfigError(f"{path}: `per-file-ignores`.`{pattern}` must be a list of rule ids")
            for token in ids:
                if not expand_selector(token, docs):
                    raise ConfigError(f"{path}: `per-file-ignores`.`{pattern}`: unknown rule id or name `{token}`")
        config.per_file_ignores = value
    if "points" in table:
        value = table["points"]
        if not isinstance(value, dict):
            raise ConfigError(f"{path}: `points` must be a table of glob = \"extensibility-point\"")
        for pattern, point in value.items():
            # a hook point or an Action trigger id (each kind reads the names of its own)
            problem = points_mod.check_name(point) if isinstance(point, str) else "not a string"
            if problem is not None and isinstance(point, str) and point in TRIGGER_IDS:
                problem = None
            if problem is not None:
                raise ConfigError(f"{path}: `points`.`{pattern}`: {problem}")
        config.points = value
    return config


def expand_selector(token: str, docs: dict[str, RuleDoc]) -> set[str]:
    """The ids a selector names: an id, a name, or an id prefix such as ``HL2``."""
    exact = rule_id(token, docs)
    if exact is not None:
        return {exact}
    upper = token.strip().upper()
    if upper.startswith("HL") and upper[2:].isdigit() or upper == "HL":
        return {rule_id for rule_id in docs if rule_id.startswith(upper)}
    return set()


def is_exact(token: str, docs: dict[str, RuleDoc]) -> bool:
    return rule_id(token, docs) is not None


def resolve_selection(docs: dict[str, RuleDoc], config: Config, cli_select: Iterable[str] | None,
                      cli_ignore: Iterable[str], cli_extend: Iterable[str] = ()) -> set[str]:
    """The rule ids that run. A prefix selects only default-enabled rules; naming a
    default-off rule (HL003) by id or name selects it."""
    def expand_all(tokens: Iterable[str], source: str) -> set[str]:
        ids: set[str] = set()
        for token in tokens:
            found = expand_selector(token, docs)
            if not found:
                raise ConfigError(f"{source}: unknown rule id or name `{token}`")
            if not is_exact(token, docs):
                found = {i for i in found if docs[i].default_enabled}
            ids |= found
        return ids

    if cli_select is not None:
        selected = expand_all(cli_select, "--select")
    elif config.select is not None:
        selected = expand_all(config.select, "select")
    else:
        selected = {i for i, doc in docs.items() if doc.default_enabled}
    selected |= expand_all(config.extend_select, "extend-select")
    selected |= expand_all(cli_extend, "--extend-select")
    for token in [*config.ignore, *cli_ignore]:
        found = expand_selector(token, docs)
        if not found:
            raise ConfigError(f"--ignore: unknown rule id or name `{token}`")
        selected -= found
    return selected


def split_ids(value: str | None) -> list[str] | None:
    if value is None:
        return None
    return [part for part in (p.strip() for p in value.replace(" ", ",").split(",")) if part]
