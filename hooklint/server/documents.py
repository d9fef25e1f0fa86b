"""A document to a lint result, as ``hooklint check`` would lint the file on disk.

The editor's cwd is arbitrary, so the config is found from the document's folder
(``find_config``), loaded once per config file. The selection is ``check``'s
(``resolve_selection``, with the editor's ``select``/``ignore``/``extendSelect`` in place
of the command line's), without cache and in this process (jobs 1: ``--jobs`` forks). The
point hint is ``check``'s too: the ``point`` setting (as ``--point``), the config's
``points``, else what the workspace's metadata says of the file (deploy-cli, Terraform, API
exports), from one ``discover.plan`` over the workspace folder, looked up by real path.
Everything cached here is dropped when a config or metadata file changes (``drop``).
"""

from __future__ import annotations

from pathlib import Path
from collections.abc import Callable
from typing import NamedTuple, TypeVar

from hooklint.actions.triggers import TRIGGER_IDS
from hooklint.checks.registry import Registry
from hooklint.hooks.points import POINTS
from hooklint.js.source import Source
from hooklint.outcome import FileResult
from hooklint.run import discover
from hooklint.run.config import Config, ConfigError, find_config, load_config, resolve_selection
from hooklint.run.engine import Engine
from hooklint.server.settings import Settings

EXTENSIONS = discover.EXTENSIONS  # JavaScript files only (code embedded in metadata: later)


class Linted(NamedTuple):
    """A document's lint: the source linted and its result, or why there is none.

    ``config_error``: the config or the settings are invalid (shown, and one diagnostic at
    line 1). ``internal``: a rule failed on this text (logged, and one diagnostic at line 1).
    ``result`` is None (with no error) when the config excludes the file."""

    source: Source | None
    result: FileResult | None
    engine: Engine | None
    config_error: str | None = None
    internal: str | None = None

    def relint(self, text: str) -> FileResult:
        """The same document holding ``text``, linted the same way (the fix loop's ``lint``)."""
        assert self.engine is not None and self.source is not None
        return self.engine.check_source(self.source.with_text(text))[0]


class Documents:
    """Lints documents of the workspace folders ``roots``; caches what a config or metadata
    change invalidates (``drop``)."""

    def __init__(self, registry: Registry, roots: list[Path] | None = None) -> None:
        self.registry = registry
        self.roots = [discover.real_path(root) for root in roots or []]
        self._found: dict[Path, Path | None] = {}  # folder -> its config file
        self._configs: dict[Path | None, Config | ConfigError] = {}
        self._engines: dict[tuple[Path | None, Settings], Engine | ConfigError] = {}
        self._scripts: dict[Path, dict[Path, discover.Script]] = {}  # root -> real path -> script

    def drop(self) -> None:
        """Forget every config, selection and plan (a config or metadata file changed)."""
        self._found.clear()
        self._configs.clear()
        self._engines.clear()
        self._scripts.clear()

    @staticmethod
    def is_javascript(path: Path, language_id: str | None) -> bool:
        return language_id == "javascript" or path.suffix in EXTENSIONS

    def lint(self, path: Path, text: str, settings: Settings) -> Linted:
        try:
            config = self._config(path.parent)
            engine = self._engine(config, settings)
        except ConfigError as exc:
            return Linted(None, None, None, config_error=str(exc))
        if config.is_excluded(path):
            return Linted(None, None, None)
        script = self._script(path)
        hint = discover.point_hint(path, config, settings.point) or (script.hint if script else None)
        source = Source(path=str(path), text=text, point_hint=hint,
                        dependencies=dict(script.dependencies or {}) if script else {},
                        template=bool(script and script.template), action=script.action if script else None)
        result, internal = engine.check_source(source)
        return Linted(source, result, engine, internal=internal)

    # ----- what ``hooklint check`` resolves once per run, here once per change ---------------

    def _config(self, folder: Path) -> Config:
        if folder not in self._found:
            self._found[folder] = find_config(folder)
        path = self._found[folder]
        return _kept(self._configs, path,
                     lambda: load_config(path, self.registry.docs) if path else Config(root=folder))

    def _engine(self, config: Config, settings: Settings) -> Engine:
        def build() -> Engine:
            if settings.point is not None and settings.point not in POINTS + TRIGGER_IDS:
                raise ConfigError(f"setting `point`: `{settings.point}` is no extensibility point or trigger")
            selected = resolve_selection(self.registry.docs, config,
                                         list(settings.select) if settings.select is not None else None,
                                         settings.ignore, settings.extend_select)
            return Engine(self.registry, config, selected, jobs=1, cache=None)

        return _kept(self._engines, (config.path, settings), build)

    def _script(self, path: Path) -> discover.Script | None:
        """What the metadata of the workspace folder holding ``path`` says of it, if any."""
        real = discover.real_path(path)
        root = max((r for r in self.roots if real.is_relative_to(r)), key=lambda r: len(r.parts), default=None)
        if root is None:
            return None
        if root not in self._scripts:
            # Config(): the metadata's decisions alone (the document's own config is applied
            # per document, as `check` does); excludes are the document's config's business
            plan = discover.plan([root], Config(root=root))
            self._scripts[root] = {discover.real_path(s.path): s for s in plan.scripts}
        return self._scripts[root].get(real)


K = TypeVar("K")
V = TypeVar("V")


def _kept(table: dict[K, V | ConfigError], key: K, compute: Callable[[], V]) -> V:
    """``compute()`` kept in ``table`` under ``key``, a ``ConfigError`` it raised too (raised
    again on each use, until ``drop``: an invalid config is read once, not per keystroke)."""
    if key not in table:
        try:
            table[key] = compute()
        except ConfigError as exc:
            table[key] = exc
    found = table[key]
    if isinstance(found, ConfigError):
        raise found
    return found
