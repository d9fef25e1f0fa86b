"""``hooklint server``: the language server, end to end and in its parts.

End to end: pytest-lsp drives the real ``hooklint server`` subprocess as two clients do
(VS Code: push diagnostics, UTF-16; Neovim 0.11: pull, UTF-8). One server per profile for
the module (a start costs about a second); each test works on its own files in one
temporary workspace. Expected positions are counted by hand here (never through
``Positions``, the code under test). The parts: diagnostics and code actions built
without a subprocess.
"""

from __future__ import annotations

import asyncio
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import pytest_lsp
from lsprotocol import types
from pygls.protocol import default_converter
from pytest_lsp import ClientServerConfig, LanguageClient, client_capabilities
from pytest_lsp.client import DEFAULT_CLIENT_FEATURES, register_lsp_features

from fixable import FIXES

HOOKLINT = shutil.which("hooklint", path=str(Path(sys.executable).parent)) or "hooklint"
PROFILES = {"vscode": "visual-studio-code", "neovim": "neovim@v0.11.0"}

# An Action whose one line reads `api.cache.get(…)` where the cached string is meant (HL222,
# safe fix: `?.value`); `{before}` goes first on that line, `{extra}` are lines above it.
HL222_LINE = "  api.accessToken.setCustomClaim('https://example.com/token', 'Bearer {prefix}' + api.cache.get('k'));"
CALL = "api.cache.get('k')"


def action(prefix: str = "", eol: str = "\n", extra: tuple[str, ...] = (), before: str = "") -> str:
    lines = ["exports.onExecutePostLogin = async (event, api) => {", *extra,
             before + HL222_LINE.format(prefix=prefix), "};", ""]
    return eol.join(lines)


# A hook that builds an access token without `scope` (HL201, unsafe fix).
HL201_HOOK = """// hooklint: point=credentials-exchange
module.exports = function (client, scope, audience, context, cb) {
  var access_token = {};
  access_token['https://example.com/tenant'] = client.tenant;
  cb(null, access_token);
};
"""

# deploy-cli: tenant.yaml names the code file's trigger (credentials-exchange), which the
# code's export (post-login's entry point) does not fit: HL111, only with the metadata read.
TENANT_YAML = """actions:
  - name: login-gate
    code: ./actions/login-gate/code.js
    runtime: node22
    dependencies: []
    supported_triggers:
      - id: credentials-exchange
        version: v2
"""
POST_LOGIN = """exports.onExecutePostLogin = async (event, api) => {
  api.idToken.setCustomClaim('https://example.com/x', 1);
};
"""


# ----- the client ---------------------------------------------------------------------------


def recording_client() -> LanguageClient:
    """pytest-lsp's client, also keeping every publishDiagnostics in order (to count them), and
    accepting dynamic registrations (VS Code does; pytest-lsp's client has no handler)."""
    client = LanguageClient(converter_factory=default_converter)
    client.published = []  # type: ignore[attr-defined]
    client.registrations = []  # type: ignore[attr-defined]

    def publish(client: LanguageClient, params: types.PublishDiagnosticsParams) -> None:
        client.diagnostics[params.uri] = params.diagnostics
        client.published.append(params)  # type: ignore[attr-defined]

    def register(client: LanguageClient, params: types.RegistrationParams) -> None:  # as VS Code accepts it
        client.registrations.extend(params.registrations)  # type: ignore[attr-defined]

    register_lsp_features(client, {**DEFAULT_CLIENT_FEATURES, types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS: publish,
                                   types.CLIENT_REGISTER_CAPABILITY: register})
    return client


@pytest.fixture(scope="module")
def workspace(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("workspace")
    (root / "deploy").mkdir()
    (root / "deploy" / "tenant.yaml").write_text(TENANT_YAML, encoding="utf-8")
    (root / "deploy" / "actions" / "login-gate").mkdir(parents=True)
    (root / "deploy" / "actions" / "login-gate" / "code.js").write_text(POST_LOGIN, encoding="utf-8")
    return root


@pytest_lsp.fixture(config=ClientServerConfig(server_command=[HOOKLINT, "server", "--stdio"],
                                              client_factory=recording_client),
                    scope="module", params=list(PROFILES))
async def client(lsp_client: LanguageClient, request, workspace: Path):
    capabilities = client_capabilities(PROFILES[request.param])
    if request.param == "neovim":  # the snapshot does not declare it; declared here to test the refresh
        assert capabilities.workspace is not None
        capabilities.workspace.diagnostics = types.DiagnosticWorkspaceClientCapabilities(refresh_support=True)
    params = types.InitializeParams(
        capabilities=capabilities, root_uri=workspace.as_uri(),
        workspace_folders=[types.WorkspaceFolder(uri=workspace.as_uri(), name="workspace")])
    result = await lsp_client.initialize_session(params)
    lsp_client.profile = request.param  # type: ignore[attr-defined]
    lsp_client.encoding = str(result.capabilities.position_encoding or "utf-16")  # type: ignore[attr-defined]
    yield
    await lsp_client.shutdown_session()


def pulls(client: LanguageClient) -> bool:
    return client.profile == "neovim"  # type: ignore[attr-defined]


class Doc:
    """An open document of the test workspace, as the client holds it."""

    def __init__(self, client: LanguageClient, path: Path, text: str) -> None:
        self.client, self.path, self.uri, self.text, self.version = client, path, path.as_uri(), text, 1
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8", newline="")

    async def open(self) -> list[types.Diagnostic]:
        return await self._after(lambda: self.client.text_document_did_open(types.DidOpenTextDocumentParams(
            text_document=types.TextDocumentItem(uri=self.uri, language_id="javascript", version=self.version,
                                                 text=self.text))))

    async def change(self, text: str) -> list[types.Diagnostic]:
        return await self._after(lambda: self._send_change(text))

    def _send_change(self, text: str) -> None:
        self.text, self.version = text, self.version + 1
        self.client.text_document_did_change(types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=self.uri, version=self.version),
            content_changes=[types.TextDocumentContentChangeWholeDocument(text=text)]))

    async def diagnostics(self) -> list[types.Diagnostic]:
        """Pull (Neovim), or what was last published (VS Code)."""
        if pulls(self.client):
            report = await self.client.text_document_diagnostic_async(
                types.DocumentDiagnosticParams(text_document=types.TextDocumentIdentifier(uri=self.uri)))
            return list(report.items)
        return list(self.client.diagnostics.get(self.uri, []))

    async def _after(self, send) -> list[types.Diagnostic]:
        """Send, then the diagnostics that follow: pulled, or the next publication for this
        document (push)."""
        published = len(self.client.published)  # type: ignore[attr-defined]
        send()
        if pulls(self.client):
            return await self.diagnostics()
        return await next_publication(self.client, self.uri, published)

    async def actions(self, diagnostics: list[types.Diagnostic], only: list[str] | None = None,
                      ) -> list[types.CodeAction]:
        end = types.Position(line=len(re.split(r"\r\n|\r|\n", self.text)), character=0)
        found = await self.client.text_document_code_action_async(types.CodeActionParams(
            text_document=types.TextDocumentIdentifier(uri=self.uri),
            range=types.Range(start=types.Position(line=0, character=0), end=end),
            context=types.CodeActionContext(diagnostics=diagnostics, only=only)))
        return [a for a in found or [] if isinstance(a, types.CodeAction)]

    def edited(self, action: types.CodeAction) -> str:
        assert action.edit is not None and action.edit.changes is not None
        return apply_edits(self.text, action.edit.changes[self.uri])


async def next_publication(client: LanguageClient, uri: str, after: int, timeout: float = 5.0,
                           ) -> list[types.Diagnostic]:
    """The diagnostics of the first publication for ``uri`` after the ``after``-th one."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while loop.time() < deadline:
        for params in client.published[after:]:  # type: ignore[attr-defined]
            if params.uri == uri:
                return list(params.diagnostics)
        await asyncio.sleep(0.01)
    raise AssertionError(f"no diagnostics published for {uri}")


def apply_edits(text: str, edits: list[types.TextEdit]) -> str:
    """Apply LSP edits to an ASCII text (a character is a unit in every encoding)."""
    assert text.isascii()
    starts = [0] + [m.end() for m in re.finditer(r"\r\n|\r|\n", text)]

    def index(p: types.Position) -> int:
        return starts[p.line] + p.character if p.line < len(starts) else len(text)

    for edit in sorted(edits, key=lambda e: (e.range.start.line, e.range.start.character), reverse=True):
        text = text[:index(edit.range.start)] + edit.new_text + text[index(edit.range.end):]
    return text


def codes(diagnostics: list[types.Diagnostic]) -> list[str]:
    return sorted(str(d.code) for d in diagnostics)


def only(diagnostics: list[types.Diagnostic], code: str) -> types.Diagnostic:
    found = [d for d in diagnostics if d.code == code]
    assert len(found) == 1, codes(diagnostics)
    return found[0]


# ----- diagnostics ----------------------------------------------------------------------------


@pytest.mark.asyncio(loop_scope="module")
async def test_diagnostics_on_open_and_change(client: LanguageClient, workspace: Path):
    doc = Doc(client, workspace / "open-change.js", action())
    found = await doc.open()
    hl222 = only(found, "HL222")
    assert hl222.source == "hooklint"
    assert hl222.severity == types.DiagnosticSeverity.Warning
    assert hl222.code_description is not None
    assert hl222.code_description.href.endswith("rules/HL222-cache-value-misuse.md")
    assert hl222.tags is None
    assert hl222.data["fix"]["applicability"] == "safe"
    assert "HL222" not in codes(await doc.change(action().replace(CALL, CALL + "?.value")))
    assert "HL222" in codes(await doc.change(action()))


@pytest.mark.asyncio(loop_scope="module")
async def test_push_clears_on_close_and_publishes_the_version(client: LanguageClient, workspace: Path):
    doc = Doc(client, workspace / "close.js", action())
    await doc.open()
    if pulls(client):  # a pull client asks: nothing is ever published to it
        client.text_document_did_close(types.DidCloseTextDocumentParams(
            text_document=types.TextDocumentIdentifier(uri=doc.uri)))
        await asyncio.sleep(0.5)
        assert [p for p in client.published if p.uri == doc.uri] == []  # type: ignore[attr-defined]
        return
    assert client.published[-1].version == 1  # type: ignore[attr-defined]
    published = len(client.published)  # type: ignore[attr-defined]
    client.text_document_did_close(types.DidCloseTextDocumentParams(
        text_document=types.TextDocumentIdentifier(uri=doc.uri)))
    assert await next_publication(client, doc.uri, published) == []


@pytest.mark.asyncio(loop_scope="module")
async def test_debounce_publishes_once_for_quick_changes(client: LanguageClient, workspace: Path):
    doc = Doc(client, workspace / "debounce.js", action())
    await doc.open()
    published = len(client.published)  # type: ignore[attr-defined]
    for n in range(5):
        doc._send_change(action(prefix="x" * n))
        await asyncio.sleep(0.02)
    await asyncio.sleep(0.8)  # the debounce (0.25 s) and more
    after = [p for p in client.published[published:] if p.uri == doc.uri]  # type: ignore[attr-defined]
    # one publication, of the last version; none to a pull client (it decides when to ask)
    assert [p.version for p in after] == ([] if pulls(client) else [6])


# The call's columns on its line, counted by hand: 0-based, in characters of ASCII text.
ASCII_START = HL222_LINE.format(prefix="").index(CALL)


@pytest.mark.asyncio(loop_scope="module")
@pytest.mark.parametrize(("case", "text", "line", "shift"), [
    # shift: how far the call moves right, in (UTF-16, UTF-8) units
    ("ascii", action(), 1, (0, 0)),
    # é: one UTF-16 unit, two UTF-8 bytes; 😀: two UTF-16 units (a surrogate pair), four bytes
    ("non-bmp", action(prefix="é😀"), 1, (3, 6)),
    ("crlf", action(eol="\r\n"), 1, (0, 0)),
    # U+2028 ends a JavaScript line, not an LSP one: hooklint says line 3 (1-based) in the
    # comment case; LSP has one line break fewer before the call
    ("u2028-comment-above", action(extra=("  /* a\u2028b */",)), 2, (0, 0)),
    ("u2028-string-above", action(extra=("  const s = 'a\u2028b'; s;",)), 2, (0, 0)),
    # on the call's own LSP line: `/*`, U+2028 (1 UTF-16 unit, 3 UTF-8 bytes), `*/`
    ("u2028-same-line", action(before="/*\u2028*/"), 1, (5, 7)),
])
async def test_exact_ranges(client: LanguageClient, workspace: Path, case, text, line, shift):
    doc = Doc(client, workspace / f"range-{case}.js", text)
    hl222 = only(await doc.open(), "HL222")
    units = shift[0] if client.encoding == "utf-16" else shift[1]  # type: ignore[attr-defined]
    assert client.encoding == ("utf-16" if client.profile == "vscode" else "utf-8")  # type: ignore[attr-defined]
    start = ASCII_START + units
    assert hl222.range == types.Range(start=types.Position(line=line, character=start),
                                      end=types.Position(line=line, character=start + len(CALL)))


@pytest.mark.asyncio(loop_scope="module")
async def test_a_document_that_does_not_parse(client: LanguageClient, workspace: Path):
    doc = Doc(client, workspace / "broken.js", "module.exports = function (user, context, cb) {\n  cb(null, (;\n};\n")
    found = await doc.open()
    assert codes(found) == ["HL000"]
    assert found[0].severity == types.DiagnosticSeverity.Error
    assert found[0].range.start.line == 1
    # the server still answers
    assert "HL222" in codes(await Doc(client, workspace / "after-broken.js", action()).open())


@pytest.mark.asyncio(loop_scope="module")
async def test_the_trigger_from_deploy_cli_metadata(client: LanguageClient, workspace: Path):
    code = workspace / "deploy" / "actions" / "login-gate" / "code.js"
    found = await Doc(client, code, POST_LOGIN).open()
    assert "HL111" in codes(found)
    assert "credentials-exchange" in only(found, "HL111").message
    # the same code where no metadata names it: a post-login Action, nothing to say
    assert "HL111" not in codes(await Doc(client, workspace / "post-login.js", POST_LOGIN).open())


@pytest.mark.asyncio(loop_scope="module")
async def test_a_config_change_relints(client: LanguageClient, workspace: Path):
    folder = workspace / f"configured-{client.profile}"  # type: ignore[attr-defined]
    doc = Doc(client, folder / "hook.js", action())
    assert "HL222" in codes(await doc.open())
    if not pulls(client):  # VS Code registers watchers when asked (Neovim 0.11 does not: dynamicRegistration off)
        [watch] = client.registrations  # type: ignore[attr-defined]
        assert watch.method == types.WORKSPACE_DID_CHANGE_WATCHED_FILES
        globs = [w["globPattern"] for w in watch.register_options["watchers"]]
        assert globs == ["**/pyproject.toml", "**/.hooklint.toml", "**/*.{json,yaml,yml,tf}"]
    config = folder / ".hooklint.toml"
    config.write_text('ignore = ["HL222"]\n', encoding="utf-8")
    published = len(client.published)  # type: ignore[attr-defined]
    refreshed = client.diagnostic_refresh_count
    client.workspace_did_change_watched_files(types.DidChangeWatchedFilesParams(
        changes=[types.FileEvent(uri=config.as_uri(), type=types.FileChangeType.Created)]))
    if pulls(client):  # asked to pull again
        for _ in range(500):
            if client.diagnostic_refresh_count > refreshed:
                break
            await asyncio.sleep(0.01)
        assert client.diagnostic_refresh_count == refreshed + 1
    else:  # republished
        await next_publication(client, doc.uri, published)
    assert "HL222" not in codes(await doc.diagnostics())
    # an invalid config: one diagnostic at line 1 and a message, and the server goes on
    config.write_text('ignore = ["HL9999"]\n', encoding="utf-8")
    published = len(client.published)  # type: ignore[attr-defined]
    client.workspace_did_change_watched_files(types.DidChangeWatchedFilesParams(
        changes=[types.FileEvent(uri=config.as_uri(), type=types.FileChangeType.Changed)]))
    if not pulls(client):
        await next_publication(client, doc.uri, published)
    found = await doc.diagnostics()
    assert len(found) == 1 and found[0].range.start.line == 0 and "HL9999" in found[0].message
    assert any("HL9999" in m.message for m in client.messages)


# ----- code actions ---------------------------------------------------------------------------


@pytest.mark.asyncio(loop_scope="module")
@pytest.mark.parametrize(("rule", "cls", "before", "after"), [pytest.param(*row, id=row[0]) for row in FIXES])
async def test_every_fixable_rules_quick_fix_gives_what_fix_gives(client: LanguageClient, workspace: Path, rule,
                                                                   cls, before, after):
    """The editor's quick fix makes of each rule's file what `hooklint check --fix` makes of
    it (the same table drives tests/test_cli_fix.py)."""
    doc = Doc(client, workspace / f"quick-fix-{rule}.js", before)
    diagnostic = only(await doc.open(), rule)
    [fix] = [a for a in await doc.actions([diagnostic])
             if a.kind == types.CodeActionKind.QuickFix and "Disable" not in a.title]
    assert bool(fix.is_preferred) == (cls == "safe") and fix.title.endswith(" (unsafe)") == (cls == "unsafe")
    assert doc.edited(fix) == after
    assert rule not in codes(await doc.change(after))


@pytest.mark.asyncio(loop_scope="module")
@pytest.mark.parametrize(("name", "text", "rule", "safe"), [
    ("safe", action(), "HL222", True),
    ("unsafe", HL201_HOOK, "HL201", False),
])
async def test_a_quick_fix_removes_the_finding(client: LanguageClient, workspace: Path, name, text, rule, safe):
    doc = Doc(client, workspace / f"quick-fix-{name}.js", text)
    diagnostic = only(await doc.open(), rule)
    fixes = [a for a in await doc.actions([diagnostic])
             if a.kind == types.CodeActionKind.QuickFix and "Disable" not in a.title]
    assert len(fixes) == 1
    fix = fixes[0]
    assert fix.kind == types.CodeActionKind.QuickFix
    assert fix.title.startswith(f"hooklint ({rule}): ")
    assert fix.title.endswith(" (unsafe)") != safe
    assert bool(fix.is_preferred) == safe
    assert rule not in codes(await doc.change(doc.edited(fix)))


@pytest.mark.asyncio(loop_scope="module")
async def test_disable_for_this_line(client: LanguageClient, workspace: Path):
    doc = Doc(client, workspace / "disable.js", action())
    diagnostic = only(await doc.open(), "HL222")
    [disable] = [a for a in await doc.actions([diagnostic], [types.CodeActionKind.QuickFix])
                 if a.title == "hooklint (HL222): Disable for this line"]
    fixed = doc.edited(disable)
    assert fixed == action(extra=("  // hooklint-disable-next-line HL222 -- ",))  # the reason to type after `--`
    assert codes(await doc.change(fixed)) == []  # suppressed, and the directive is used (no HL001)


@pytest.mark.asyncio(loop_scope="module")
async def test_fix_all(client: LanguageClient, workspace: Path):
    # two HL222 (safe) and an HL115 (unsafe: `return` at a deny)
    blocked = "  if (event.user.blocked) { api.access.deny('no'); api.idToken.setCustomClaim('https://a.x/b', 1); }"
    text = action(extra=(blocked, "  const t = 'x' + api.cache.get('t');"))
    doc = Doc(client, workspace / "fix-all.js", text)
    assert codes(await doc.open()) == ["HL115", "HL222", "HL222"]
    [fix_all] = await doc.actions([], ["source.fixAll"])  # the generic kind takes hooklint's
    assert fix_all.kind == "source.fixAll.hooklint"
    fixed = doc.edited(fix_all)
    assert fixed.count("?.value") == 2
    assert codes(await doc.change(fixed)) == ["HL115"]  # safe fixes only
    assert await doc.actions([], ["source.fixAll.hooklint"]) == []  # nothing left to fix safely


@pytest.mark.asyncio(loop_scope="module")
async def test_fix_all_beside_a_quick_fix_is_resolved_when_chosen(client: LanguageClient, workspace: Path):
    text = action(extra=("  const t = 'x' + api.cache.get('t');",))
    doc = Doc(client, workspace / "fix-all-lazy.js", text)
    found = await doc.open()
    [fix_all] = [a for a in await doc.actions(found) if a.kind == "source.fixAll.hooklint"]
    capabilities = client_capabilities(PROFILES[client.profile])  # type: ignore[attr-defined]
    code_action = capabilities.text_document.code_action if capabilities.text_document else None
    resolves = bool(code_action and code_action.resolve_support and "edit" in code_action.resolve_support.properties)
    # a client that resolves edits gets none until it asks (the light bulb does not relint to
    # the end on every cursor move); one that does not gets the edit at once
    assert (fix_all.edit is None) == resolves
    if resolves:
        fix_all = await client.code_action_resolve_async(fix_all)
    assert doc.edited(fix_all).count("?.value") == 2


# ----- a rule that crashes --------------------------------------------------------------------

# A subprocess cannot be monkeypatched: this launcher breaks HL108 on texts with a marker,
# then runs the real `hooklint server` command in the same process.
CRASHING_SERVER = """
import sys
from hooklint.checks import hl108_implicit_module_global as target
original = type(target.RULE).check
def check(self, ctx):
    if "CRASH_HOOKLINT" in ctx.source.text:
        raise RuntimeError("a bug in a rule")
    return original(self, ctx)
type(target.RULE).check = check
from hooklint.cli import run
sys.argv = ["hooklint", "server"]
run()
"""


@pytest_lsp.fixture(config=ClientServerConfig(server_command=[sys.executable, "-c", CRASHING_SERVER],
                                              client_factory=recording_client), scope="module")
async def crashing(lsp_client: LanguageClient, workspace: Path):
    params = types.InitializeParams(capabilities=client_capabilities("visual-studio-code"),
                                    root_uri=workspace.as_uri())
    await lsp_client.initialize_session(params)
    lsp_client.profile = "vscode"  # type: ignore[attr-defined]
    yield
    await lsp_client.shutdown_session()


@pytest.mark.asyncio(loop_scope="module")
async def test_a_crashing_rule_never_takes_the_server_down(crashing: LanguageClient, workspace: Path):
    found = await Doc(crashing, workspace / "crash.js", "// CRASH_HOOKLINT\n" + action()).open()
    assert len(found) == 1
    assert found[0].range.start.line == 0
    assert "internal error: RuntimeError: a bug in a rule" in found[0].message
    assert any("a bug in a rule" in m.message for m in crashing.log_messages)
    assert "HL222" in codes(await Doc(crashing, workspace / "no-crash.js", action()).open())


# ----- the command ----------------------------------------------------------------------------


def test_check_does_not_import_pygls():
    code = ("import sys, contextlib, io\n"
            "import hooklint.cli\n"
            "assert 'pygls' not in sys.modules and 'lsprotocol' not in sys.modules, 'import'\n"
            "sys.argv = ['hooklint', 'check', 'examples', '--no-cache', '--jobs', '1', '-q']\n"
            "with contextlib.redirect_stdout(io.StringIO()):\n"
            "    try:\n"
            "        hooklint.cli.main()\n"
            "    except SystemExit:\n"
            "        pass\n"
            "print(sorted(m for m in sys.modules if m.split('.')[0] in ('pygls', 'lsprotocol')))\n")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          cwd=Path(__file__).resolve().parent.parent)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip().splitlines()[-1] == "[]"


def test_server_without_pygls_says_what_to_install():
    code = ("import sys\n"
            "sys.modules['pygls'] = None\n"  # as if the extra were not installed
            "sys.argv = ['hooklint', 'server', '--stdio']\n"
            "from hooklint.cli import run\n"
            "run()\n")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, stdin=subprocess.DEVNULL)
    assert done.returncode == 2
    assert done.stdout == ""
    assert done.stderr.strip().splitlines() == ["hooklint: `hooklint server` needs pygls: pip install 'hooklint[lsp]'"]


# ----- the parts, without a server ------------------------------------------------------------


@pytest.fixture(scope="module")
def docs():
    from hooklint.checks import registry

    return registry.load().docs


def _lint(text: str, docs, encoding: str, path: str = "part.js") -> list[types.Diagnostic]:
    from hooklint.checks import registry
    from hooklint.js.source import Positions
    from hooklint.server import diagnostics
    from hooklint.server.documents import Documents
    from hooklint.server.settings import Settings

    linted = Documents(registry.load()).lint(Path(path), text, Settings())
    assert linted.result is not None
    return diagnostics.from_result(linted.result, Positions(text), encoding, docs)


def test_diagnostic_conversion_in_every_encoding(docs):
    text = action(prefix="😀")
    start = ASCII_START
    for encoding, units in (("utf-16", 2), ("utf-8", 4), ("utf-32", 1)):
        hl222 = only(_lint(text, docs, encoding), "HL222")
        assert hl222.range.start == types.Position(line=1, character=start + units)
        [edit] = hl222.data["fix"]["edits"]
        end = start + units + len(CALL)  # the fix inserts `?.value` after the call
        assert edit == {"range": {"start": {"line": 1, "character": end}, "end": {"line": 1, "character": end}},
                        "newText": "?.value"}


def test_unused_suppression_is_faded_and_suppressed_findings_are_hidden(docs):
    # HL115 runs on this Action and finds nothing under its directive: HL001
    text = action(extra=("  // hooklint-disable-next-line HL115", "  // hooklint-disable-next-line HL222"))
    found = _lint(text, docs, "utf-16")
    assert codes(found) == ["HL001"]
    assert found[0].tags == [types.DiagnosticTag.Unnecessary]


def _diagnostic(rule: str, line: int) -> types.Diagnostic:
    return types.Diagnostic(range=types.Range(start=types.Position(line=0, character=0),
                                              end=types.Position(line=0, character=1)),
                            message="m", code=rule, source="hooklint", data={"rule": rule, "line": line})


def test_disable_extends_a_directive_above_before_its_reason(docs):
    from hooklint.server import actions

    text = "const a = 1;\n    // hooklint-disable-next-line HL204 -- legacy\n    b = 2;\n"
    action_ = actions.disable_line("file:///x.js", _diagnostic("HL108", 3), text, actions.directives(text, docs),
                                   "utf-16")
    assert action_ is not None and action_.edit is not None and action_.edit.changes is not None
    [edit] = action_.edit.changes["file:///x.js"]
    assert edit.range.start == edit.range.end == types.Position(line=1, character=len(
        "    // hooklint-disable-next-line HL204"))
    assert edit.new_text == " HL108"
    # already named there: nothing to offer; and a block comment gets the id before `*/`
    assert actions.disable_line("file:///x.js", _diagnostic("HL204", 3), text, actions.directives(text, docs),
                                "utf-16") is None
    block = "/* hooklint-disable-next-line HL204 */\nb = 2;\n"
    [edit] = actions.disable_line("file:///x.js", _diagnostic("HL108", 2), block, actions.directives(block, docs),
                                  "utf-16").edit.changes["file:///x.js"]  # type: ignore[union-attr]
    assert (edit.range.start.character, edit.new_text) == (len("/* hooklint-disable-next-line HL204"), " HL108")


def test_disable_inserts_with_the_indent_and_line_end(docs):
    from hooklint.server import actions

    text = "a();\r\n\t  b = 2;\r\n"
    [edit] = actions.disable_line("file:///x.js", _diagnostic("HL108", 2), text, actions.directives(text, docs),
                                  "utf-8").edit.changes["file:///x.js"]  # type: ignore[union-attr]
    assert edit.range.start == types.Position(line=1, character=0)
    assert edit.new_text == "\t  // hooklint-disable-next-line HL108 -- \r\n"


def test_settings_from_either_form():
    from hooklint.server.settings import Settings, read

    assert read({"settings": {"select": "HL1, HL2", "unsafeFixes": True}}) == Settings(
        select=("HL1", "HL2"), unsafe_fixes=True)
    assert read({"settings": [{"ignore": ["HL222"], "point": "post-login"}]}) == Settings(
        ignore=("HL222",), point="post-login")
    assert read(None) == Settings()
    assert read({"extendSelect": ["HL003"]}, Settings(fix_all=False)) == Settings(extend_select=("HL003",),
                                                                                  fix_all=False)


def test_kinds_asked_for():
    from hooklint.server.actions import FIX_ALL, QUICKFIX, wanted

    assert wanted(None, FIX_ALL) and wanted(["source.fixAll"], FIX_ALL) and wanted(["source"], FIX_ALL)
    assert not wanted(["quickfix"], FIX_ALL) and not wanted(["source.fixAll.eslint"], FIX_ALL)
    assert wanted(["quickfix"], QUICKFIX)


def test_a_finding_in_the_metadata_is_shown_at_line_1_with_its_place(docs, tmp_path, monkeypatch):
    from hooklint.checks import registry
    from hooklint.js.source import Positions
    from hooklint.server import diagnostics
    from hooklint.server.documents import Documents
    from hooklint.server.settings import Settings

    # a trigger id no trigger has: HL002 is found in tenant.yaml (line 7, `post-logn`), not in the code
    (tmp_path / "deploy" / "actions" / "login-gate").mkdir(parents=True)
    (tmp_path / "deploy" / "tenant.yaml").write_text(TENANT_YAML.replace("credentials-exchange", "post-logn"),
                                                     encoding="utf-8")
    code = tmp_path / "deploy" / "actions" / "login-gate" / "code.js"
    code.write_text(POST_LOGIN, encoding="utf-8")
    monkeypatch.chdir(tmp_path)  # the metadata's path is named relative to the server's directory
    linted = Documents(registry.load(), [tmp_path]).lint(code, POST_LOGIN, Settings())
    assert linted.result is not None
    [found] = [d for d in diagnostics.from_result(linted.result, Positions(POST_LOGIN), "utf-8", docs)
               if d.code == "HL002"]
    assert found.range.start == types.Position(line=0, character=0)
    assert found.message.endswith("(deploy/tenant.yaml:7:13)")
    [related] = found.related_information or []
    assert related.location.uri == (tmp_path / "deploy" / "tenant.yaml").resolve().as_uri()
    # `      - id: post-logn`: the value starts after 12 characters of line 7 (0-based 6)
    assert (related.location.range.start, related.location.range.end) == (
        types.Position(line=6, character=12), types.Position(line=6, character=21))
    assert "line" not in found.data and "fix" not in found.data  # no disable comment: it is not in this file


@pytest.mark.parametrize("text", [
    # the finding's line (2) starts inside a template literal
    "const t = `Bearer\n${api.cache.get('t')}`;\n",
    # JavaScript line 2 starts after a U+2028 inside a string
    "const s = '\U0001F600\u00e9\u2028'; const t = api.cache.get('t');\n",
    # inside a block comment (a directive there would be part of that comment)
    "/* a\n */ const t = api.cache.get('t');\n",
    "/* x \u2028 */ const t = api.cache.get('t');\n",
])
def test_disable_is_not_offered_where_the_line_starts_inside_a_string(docs, text):
    from hooklint.server import actions

    assert actions.disable_line("file:///x.js", _diagnostic("HL222", 2), text, actions.directives(text, docs),
                                "utf-16") is None
    # the same finding on a line of its own is offered the comment
    plain = "const a = 1;\nconst t = api.cache.get('t');\n"
    assert actions.disable_line("file:///x.js", _diagnostic("HL222", 2), plain, actions.directives(plain, docs),
                                "utf-16") is not None


def test_a_quick_fix_takes_the_documents_line_end(docs):
    # HL201's fix inserts a statement and a line break: a CRLF document gets CR LF
    text = ("// hooklint: point=credentials-exchange\r\nmodule.exports = function (client, scope, audience, "
            "context, cb) {\r\n  var access_token = {};\r\n  cb(null, access_token);\r\n};\r\n")
    [found] = [d for d in _lint(text, docs, "utf-16") if d.code == "HL201"]
    [edit] = found.data["fix"]["edits"]
    assert "\r\n" in edit["newText"] and "\n" not in edit["newText"].replace("\r\n", "")
