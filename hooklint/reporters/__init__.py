"""Reporters: ``render(run, registry, **options) -> str``. They render; they never analyse.

Each format is imported only when it is used (a text run imports neither Jinja2 nor
sarif-om). ``OPTIONS`` names the render options each format takes; the command line
passes each reporter only those.
"""

from __future__ import annotations

from importlib import import_module

FORMATS = ("text", "json", "sarif", "html", "github")

_REPORT = ("report_suppressed", "project_root", "exit_code", "configuration_notes")
OPTIONS: dict[str, tuple[str, ...]] = {
    "text": ("color", "quiet", "statistics", "show_points", "unsafe_fixes", "fixed"),
    "json": (),
    "sarif": _REPORT + ("category",),
    "html": _REPORT,
    "github": ("quiet", "project_root"),
}


def renderer(name: str):
    if name not in FORMATS:
        raise KeyError(name)
    return import_module(f"hooklint.reporters.{name}").render


def render(name: str, run, registry, **options) -> str:
    """Render ``run`` as format ``name``, passing on the options that format takes."""
    return renderer(name)(run, registry, **{k: v for k, v in options.items() if k in OPTIONS[name]})
