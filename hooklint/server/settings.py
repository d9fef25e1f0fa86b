"""The editor's settings for hooklint: ruff's names, so that users recognise them.

They come in ``initializationOptions.settings`` (a table, or VS Code's list of tables) and
in the ``hooklint`` section of ``workspace/configuration``, which wins when the client
answers it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Settings:
    select: tuple[str, ...] | None = None  # None: the config's selection
    ignore: tuple[str, ...] = ()
    extend_select: tuple[str, ...] = ()
    point: str | None = None  # as ``--point``
    unsafe_fixes: bool = False  # fix all applies unsafe fixes too
    fix_all: bool = True  # offer ``source.fixAll.hooklint``


def _ids(value: Any) -> tuple[str, ...] | None:
    """A list of rule selectors, or a comma- or space-separated string of them."""
    if value is None:
        return None
    if isinstance(value, str):
        value = value.replace(",", " ").split()
    if not isinstance(value, (list, tuple)):
        return None
    return tuple(str(v).strip() for v in value if str(v).strip())


def read(value: Any, base: Settings | None = None) -> Settings:
    """Settings from what a client sent (unknown keys are ignored), over ``base``."""
    base = base or Settings()
    if isinstance(value, list):  # VS Code's form: one table per workspace folder
        value = next((v for v in value if isinstance(v, dict)), None)
    if isinstance(value, dict) and isinstance(value.get("settings"), (dict, list)):
        return read(value["settings"], base)
    if not isinstance(value, dict):
        return base
    point = value.get("point", base.point)
    return Settings(
        select=_ids(value["select"]) if "select" in value else base.select,
        ignore=_ids(value.get("ignore")) or () if "ignore" in value else base.ignore,
        extend_select=_ids(value.get("extendSelect")) or () if "extendSelect" in value else base.extend_select,
        point=point if isinstance(point, str) and point else None,
        unsafe_fixes=bool(value.get("unsafeFixes", base.unsafe_fixes)),
        fix_all=bool(value.get("fixAll", base.fix_all)),
    )
