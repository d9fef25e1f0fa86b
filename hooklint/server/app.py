"""The pygls wiring: LSP messages to ``documents``, ``diagnostics`` and ``actions``.

Diagnostics in both models, as ``ruff server`` does: ``textDocument/diagnostic`` is always
advertised and answered; a client that did not declare it (VS Code's client without pull,
Helix's release) gets them published on open and save at once, on change after
``DEBOUNCE`` seconds without another change (per document), and cleared on close.

Documents are synced whole (``TextDocumentSyncKind.Full``): pygls applies incremental
changes through ``str.splitlines``, whose line breaks are not LSP's (U+2028, U+2029, form
feed...), so an incremental change after such a character would land elsewhere.

Nothing here writes to stdout, the JSON-RPC channel (``serve`` points ``sys.stdout`` at
stderr once pygls holds the real stream): problems go to ``window/logMessage``.
"""

from __future__ import annotations

import asyncio
import sys
import traceback
from pathlib import Path

from lsprotocol import types
from pygls.lsp.server import LanguageServer
from pygls.uris import to_fs_path

from hooklint import __version__
from hooklint.checks.registry import Registry
from hooklint.js.source import Positions
from hooklint.server import actions, diagnostics
from hooklint.server.documents import Documents, Linted
from hooklint.server.settings import Settings, read

DEBOUNCE = 0.25  # seconds without a change before a push client gets a document's diagnostics
SECTION = "hooklint"
WATCHED = ("**/pyproject.toml", "**/.hooklint.toml", "**/*.{json,yaml,yml,tf}")  # config, metadata


class HooklintServer(LanguageServer):
    def __init__(self, registry: Registry) -> None:
        super().__init__("hooklint", __version__, text_document_sync_kind=types.TextDocumentSyncKind.Full)
        self.registry = registry
        self.documents = Documents(registry)
        self.settings = Settings()
        self.pull = False  # the client pulls diagnostics (it declared textDocument.diagnostic)
        self.timers: dict[str, asyncio.TimerHandle] = {}
        self.shown: set[str] = set()  # config errors shown (in a message: once until the next change)

    @property
    def resolves_edits(self) -> bool:
        """Does the client resolve a code action's edit later (``codeAction/resolve``)?"""
        text = self.client_capabilities.text_document
        action = text.code_action if text is not None else None
        support = action.resolve_support if action is not None else None
        return support is not None and "edit" in support.properties

    def fix_all(self, uri: str) -> types.CodeAction | None:
        """The fix-all action of an open document (relinted until stable), None when nothing
        changes."""
        _, _, linted = self.lint_uri(uri)
        if linted is None:
            return None
        doc = self.workspace.get_text_document(uri)
        return actions.fix_all(uri, doc.source, linted, self.settings.unsafe_fixes, self.encoding)

    @property
    def encoding(self) -> str:
        """The position encoding negotiated with the client (utf-16 unless it chose another)."""
        found = self.workspace.position_encoding
        return str(getattr(found, "value", found) or "utf-16")

    # ----- linting -------------------------------------------------------------------------

    def lint_uri(self, uri: str) -> tuple[list[types.Diagnostic], int | None, Linted | None]:
        """The diagnostics of an open document, its version, and its lint (None when the
        document is not linted: not JavaScript, not a file)."""
        doc = self.workspace.get_text_document(uri)
        if not uri.startswith("file:") or not self.documents.is_javascript(Path(doc.path), doc.language_id):
            return [], doc.version, None
        found, linted = self.lint_text(Path(doc.path), doc.source)
        return found, doc.version, linted

    def lint_text(self, path: Path, text: str) -> tuple[list[types.Diagnostic], Linted]:
        """The diagnostics of ``text`` as the document at ``path`` (the benchmark's entry)."""
        positions = Positions(text)
        encoding = self.encoding
        try:
            linted = self.documents.lint(path, text, self.settings)
        except Exception as exc:  # a bug in hooklint outside a rule: say so, keep serving
            self.log(f"hooklint: internal error on {path}: {type(exc).__name__}: {exc}\n{traceback.format_exc()}",
                     types.MessageType.Error)
            return [diagnostics.at_first_line(f"hooklint: internal error: {type(exc).__name__}: {exc}", positions,
                                              encoding, types.DiagnosticSeverity.Error)], Linted(None, None, None)
        if linted.config_error is not None:
            if linted.config_error not in self.shown:  # once, not on every keystroke
                self.shown.add(linted.config_error)
                self.window_show_message(types.ShowMessageParams(type=types.MessageType.Error,
                                                                 message=f"hooklint: {linted.config_error}"))
            return [diagnostics.at_first_line(f"hooklint: {linted.config_error}", positions, encoding,
                                              types.DiagnosticSeverity.Error)], linted
        if linted.internal is not None:
            self.log(f"hooklint: {linted.internal}", types.MessageType.Error)
        if linted.result is None:
            return [], linted
        return diagnostics.from_result(linted.result, positions, encoding, self.registry.docs), linted

    def log(self, message: str, kind: types.MessageType = types.MessageType.Info) -> None:
        self.window_log_message(types.LogMessageParams(type=kind, message=message))

    # ----- push ----------------------------------------------------------------------------

    def publish(self, uri: str) -> None:
        """Lint an open document now and publish, unless it closed or changed meanwhile."""
        self.timers.pop(uri, None)
        if uri not in self.workspace.text_documents:
            return
        found, version, _ = self.lint_uri(uri)
        current = self.workspace.text_documents.get(uri)
        if current is None or current.version != version:
            return  # a stale result: the document's newer version has its own lint coming
        self.text_document_publish_diagnostics(
            types.PublishDiagnosticsParams(uri=uri, diagnostics=found, version=version))

    def publish_later(self, uri: str) -> None:
        self.cancel(uri)
        self.timers[uri] = asyncio.get_running_loop().call_later(DEBOUNCE, self.publish, uri)

    def cancel(self, uri: str) -> None:
        timer = self.timers.pop(uri, None)
        if timer is not None:
            timer.cancel()

    def relint_open(self) -> None:
        """A config or metadata file changed (or the settings): forget what was resolved,
        then have every open document linted again."""
        self.documents.drop()
        self.shown.clear()
        if self.pull:
            refresh = self.client_capabilities.workspace and self.client_capabilities.workspace.diagnostics
            if refresh and refresh.refresh_support:
                self.workspace_diagnostic_refresh(None)
            return
        for uri in list(self.workspace.text_documents):
            self.publish(uri)


def create(registry: Registry) -> HooklintServer:
    server = HooklintServer(registry)

    @server.feature(types.INITIALIZE)
    def initialize(ls: HooklintServer, params: types.InitializeParams) -> None:
        ls.pull = bool(params.capabilities.text_document and params.capabilities.text_document.diagnostic)
        ls.settings = read(params.initialization_options)
        folders = [Path(to_fs_path(f.uri) or "") for f in ls.workspace.folders.values()]
        if not folders and ls.workspace.root_path:
            folders = [Path(ls.workspace.root_path)]
        ls.documents = Documents(ls.registry, folders)

    @server.feature(types.INITIALIZED)
    async def initialized(ls: HooklintServer, params: types.InitializedParams) -> None:
        workspace = ls.client_capabilities.workspace
        watched = workspace.did_change_watched_files if workspace else None
        if watched and watched.dynamic_registration:
            watchers = [types.FileSystemWatcher(glob_pattern=glob) for glob in WATCHED]
            await ls.client_register_capability_async(types.RegistrationParams(registrations=[types.Registration(
                id="hooklint-watched-files", method=types.WORKSPACE_DID_CHANGE_WATCHED_FILES,
                register_options=types.DidChangeWatchedFilesRegistrationOptions(watchers=watchers))]))
        await pull_settings(ls)

    @server.feature(types.WORKSPACE_DID_CHANGE_CONFIGURATION)
    async def did_change_configuration(ls: HooklintServer, params: types.DidChangeConfigurationParams) -> None:
        ls.settings = read(params.settings.get(SECTION) if isinstance(params.settings, dict) else None, ls.settings)
        await pull_settings(ls)
        ls.relint_open()

    @server.feature(types.WORKSPACE_DID_CHANGE_WATCHED_FILES)
    def did_change_watched_files(ls: HooklintServer, params: types.DidChangeWatchedFilesParams) -> None:
        ls.relint_open()

    @server.feature(types.TEXT_DOCUMENT_DID_OPEN)
    def did_open(ls: HooklintServer, params: types.DidOpenTextDocumentParams) -> None:
        if not ls.pull:
            ls.publish(params.text_document.uri)

    @server.feature(types.TEXT_DOCUMENT_DID_SAVE)
    def did_save(ls: HooklintServer, params: types.DidSaveTextDocumentParams) -> None:
        if not ls.pull:
            ls.cancel(params.text_document.uri)
            ls.publish(params.text_document.uri)

    @server.feature(types.TEXT_DOCUMENT_DID_CHANGE)
    def did_change(ls: HooklintServer, params: types.DidChangeTextDocumentParams) -> None:
        if not ls.pull:
            ls.publish_later(params.text_document.uri)

    @server.feature(types.TEXT_DOCUMENT_DID_CLOSE)
    def did_close(ls: HooklintServer, params: types.DidCloseTextDocumentParams) -> None:
        ls.cancel(params.text_document.uri)
        if not ls.pull:
            ls.text_document_publish_diagnostics(
                types.PublishDiagnosticsParams(uri=params.text_document.uri, diagnostics=[]))

    @server.feature(types.TEXT_DOCUMENT_DIAGNOSTIC,
                    types.DiagnosticOptions(identifier="hooklint", inter_file_dependencies=False,
                                            workspace_diagnostics=False))
    def diagnostic(ls: HooklintServer, params: types.DocumentDiagnosticParams) -> types.DocumentDiagnosticReport:
        found, _, _ = ls.lint_uri(params.text_document.uri)
        return types.RelatedFullDocumentDiagnosticReport(items=found)

    @server.feature(types.TEXT_DOCUMENT_CODE_ACTION, types.CodeActionOptions(
        code_action_kinds=[types.CodeActionKind.QuickFix, types.CodeActionKind.SourceFixAll, actions.FIX_ALL],
        resolve_provider=True))
    def code_action(ls: HooklintServer, params: types.CodeActionParams) -> list[types.CodeAction] | None:
        uri = params.text_document.uri
        only = [str(getattr(k, "value", k)) for k in params.context.only] if params.context.only else None
        found: list[types.CodeAction] = []
        doc = ls.workspace.get_text_document(uri)
        if actions.wanted(only, actions.QUICKFIX):
            for diagnostic in params.context.diagnostics:
                fix = actions.quick_fix(uri, diagnostic)
                if fix is not None:
                    found.append(fix)
            if params.context.diagnostics:
                directives = actions.directives(doc.source, ls.registry.docs)
                for diagnostic in params.context.diagnostics:
                    disable = actions.disable_line(uri, diagnostic, doc.source, directives, ls.encoding)
                    if disable is not None:
                        found.append(disable)
        # fix all relints until stable: asked for by kind (on save, a command), or offered
        # beside the quick fixes of a fixable diagnostic, not on every cursor move
        asked = only is not None or actions.has_fix(params.context.diagnostics, ls.settings.unsafe_fixes)
        if ls.settings.fix_all and asked and actions.wanted(only, actions.FIX_ALL):
            if only is None and ls.resolves_edits:  # offered in the light bulb: computed if chosen
                found.append(types.CodeAction(title=actions.FIX_ALL_TITLE, kind=actions.FIX_ALL,
                                              data={"uri": uri, "version": doc.version}))
            else:
                everything = ls.fix_all(uri)
                if everything is not None:
                    found.append(everything)
        return found or None

    @server.feature(types.CODE_ACTION_RESOLVE)
    def resolve_code_action(ls: HooklintServer, params: types.CodeAction) -> types.CodeAction:
        data = params.data if isinstance(params.data, dict) else {}
        if params.kind == actions.FIX_ALL and isinstance(data.get("uri"), str):
            doc = ls.workspace.get_text_document(data["uri"])
            if doc.version == data.get("version"):  # else the document changed: nothing to apply
                everything = ls.fix_all(data["uri"])
                params.edit = everything.edit if everything is not None else types.WorkspaceEdit(changes={})
        return params

    return server


async def pull_settings(ls: HooklintServer) -> None:
    """The ``hooklint`` section of ``workspace/configuration``, when the client serves it;
    open documents are linted again if it changed the settings."""
    workspace = ls.client_capabilities.workspace
    if not (workspace and workspace.configuration):
        return
    try:
        answer = await ls.workspace_configuration_async(
            types.ConfigurationParams(items=[types.ConfigurationItem(section=SECTION)]))
    except Exception as exc:  # a client that fails the request: the settings stay as they are
        ls.log(f"hooklint: workspace/configuration failed: {exc}", types.MessageType.Warning)
        return
    settings = read(answer[0] if answer else None, ls.settings)
    if settings != ls.settings:
        ls.settings = settings
        ls.relint_open()


def serve(registry: Registry) -> None:
    """Serve over stdin and stdout until the client says ``exit``."""
    server = create(registry)
    stdin, stdout = sys.stdin.buffer, sys.stdout.buffer
    sys.stdout = sys.stderr  # a stray print must not corrupt the JSON-RPC stream
    server.start_io(stdin, stdout)
