"""Reporters: ``render(run, registry, **options) -> str``. They render; they never analyse."""

from __future__ import annotations

FORMATS = ("text", "json", "sarif", "html", "github")
AVAILABLE = ("text", "json")


def renderer(name: str):
    if name == "text":
        from hooklint.reporters import text

        return text.render
    if name == "json":
        from hooklint.reporters import json

        return json.render
    raise KeyError(name)
