"""Hook and Action metadata: where tenant-as-code repositories write a hook's point, an
Action's trigger, and their code.

Readers for the layouts of ../shared/docs/auth0-hooks.md §4 and auth0-actions.md §6, each
giving ``HookEntry`` values: the trigger as written (and where), the script (a file it
names, or code inline with where that code sits in the metadata file), and pinned
``dependencies``. An Action's entry (``action``) also has its trigger version (and where),
its runtime, and whether its dependencies are listed at all.

Hooks:

- auth0-deploy-cli directory format: ``hooks/<name>.json`` naming ``script`` and ``triggerId``;
- auth0-deploy-cli YAML format: a ``hooks:`` list in ``tenant.yaml`` (or any ``*.yaml``);
- Terraform: ``resource "auth0_hook"`` with ``trigger_id`` and ``script`` as
  ``file("...")``, ``templatefile("...", {...})``, a heredoc, or a string;
- exports of ``GET /api/v2/hooks``: a JSON list (or ``{"hooks": [...]}``) of hook
  objects with the code inline in ``script``.

Actions (the same seams):

- auth0-deploy-cli YAML: an ``actions:`` list (``name``, ``code: ./actions/<name>/code.js``,
  ``supported_triggers: [{id, version}]``, ``dependencies: [{name, version}]``, ``runtime``),
  block or flow style; an entry without ``supported_triggers`` takes its trigger from the
  ``triggers:`` section (trigger id -> bindings by ``action_name``) when that binds it;
- auth0-deploy-cli directory format: ``actions/<name>.json`` with the same fields, ``code``
  a path resolved against the config root (the folder above ``actions/``);
- Terraform: ``resource "auth0_action"`` with ``code`` written as a hook's ``script`` is,
  ``supported_triggers { id version }``, ``dependencies { name version }`` and ``runtime``;
- exports of ``GET /api/v2/actions/actions``: a JSON list (or ``{"actions": [...]}``) of
  action objects with the code inline in ``code``.

An Action's metadata that cannot be read (a ``tenant.yaml`` with a top-level ``actions:``
that is not YAML, an ``actions/<name>.json`` that is not JSON, an entry without code) gives
an entry with a ``problem``, reported as an error naming the file; the other entries of the
run are still checked.

auth0-deploy-cli's keyword tokens (``@@KEY@@``, ``##KEY##``) written unquoted as values
are read as ``null`` (every other character keeps its place); a token where a trigger id,
the code or a dependency's name should be makes that value unknown: no finding on it,
and dependencies not all read are not ``listed``.

YAML is read with PyYAML's composer (every node keeps its line and column; anchors,
merge keys and multi-document files are YAML's business, not ours). JSON needs only the
standard library. Terraform is read by a small purpose-built reader: the HCL2 parser on
PyPI gives no positions (its limits are listed at ``_read_terraform``). A file a reader
cannot make sense of is simply not metadata: no finding, no error (except the Action
metadata problems above).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Literal, NamedTuple

from hooklint.js.source import (
    DEPLOY_TOKEN,
    LINE_BREAK as _CODE_LINE_BREAK,
    LINE_TERMINATORS,
    Embedding,
    utf16_len as _utf16,
)

MetadataKind = Literal["deploy-cli-json", "deploy-cli-yaml", "terraform", "api-export"]

MAX_BYTES = 5 * 1024 * 1024
# A metadata file's own lines (JSON, YAML 1.2, HCL) break at CR, LF and CR LF only: U+2028
# and U+2029 are ordinary characters in those formats. Code inside it (a JSON string's
# script) has JavaScript's lines (``js.source.LINE_BREAK``), which also break at U+2028 and
# U+2029, as esprima counts them.
_LINE_BREAK = re.compile(r"\r\n|\r|\n")


class Place(NamedTuple):
    """A 1-based line and 0-based UTF-16 column in a metadata file, and a width."""

    line: int
    column: int
    width: int


@dataclass
class HookEntry:
    origin: Path  # the metadata file
    kind: MetadataKind
    name: str | None = None
    trigger: str | None = None  # as written
    trigger_at: Place | None = None
    script_path: Path | None = None  # a script file the metadata names
    template: bool = False  # the script is a Terraform template (``${...}`` interpolations)
    inline: str | None = None  # the code, when it is written in the metadata file
    line_offset: int = 0  # inline code: how far down the file its line 1 is
    column_offset: int = 0  # inline code: indentation a heredoc strips
    embedding: Embedding | None = None  # inline code in a JSON string: the position map
    # inline code whose lines are the file's own, cut at ``column_offset`` (a heredoc, a YAML
    # literal block; not a quoted string, whose escapes move characters): an edit of the code
    # on one line is the same edit of the file
    verbatim: bool = False
    dependencies: dict[str, str] = field(default_factory=dict)
    action: bool = False  # an Action's entry (``actions:``, ``auth0_action``, an Actions export)
    version: str | None = None  # an Action's trigger version as written (``supported_triggers[0].version``)
    version_at: Place | None = None
    runtime: str | None = None
    dependencies_listed: bool = False  # the metadata lists the Action's dependencies (maybe none)
    problem: str | None = None  # why the entry cannot be linted: an error naming ``origin``
    # What ``hooklint migrate`` needs to write the Action beside a hook (hooks only):
    secrets: list[str] = field(default_factory=list)  # the NAMES of the hook's secrets; values are never read
    enabled: bool | None = None  # ``enabled`` as written (None: not written)
    span: tuple[int, int] | None = None  # where the entry is written: offsets in the text read (no BOM)
    title: str | None = None  # Terraform: the ``name`` attribute (``name`` above is the resource label)



class _Text:
    """A file's text with Python index <-> (line, UTF-16 column) conversion."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.starts = [0] + [m.end() for m in _LINE_BREAK.finditer(text)]

    def place(self, index: int, width_chars: int = 0) -> Place:
        from bisect import bisect_right

        line = bisect_right(self.starts, index)
        start = self.starts[line - 1]
        return Place(line, _utf16(self.text[start:index]), _utf16(self.text[index:index + width_chars]))


def read(path: Path) -> list[HookEntry]:
    """The hooks a metadata file describes (empty when it is not hook metadata)."""
    try:
        if path.stat().st_size > MAX_BYTES:
            return []
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError):
        return []
    return read_text(path, text)


def read_text(path: Path, text: str) -> list[HookEntry]:
    """The hooks and Actions ``text`` describes, read as the metadata file ``path`` (its
    suffix picks the reader; no BOM). ``hooklint migrate`` reads a file it is patching."""
    suffix = path.suffix.lower()
    if suffix == ".json":
        return _read_json(path, text)
    if suffix in (".yaml", ".yml"):
        return _read_yaml(path, text)
    if suffix == ".tf":
        return _read_terraform(path, text)
    return []


# ----- deploy-cli keyword tokens ------------------------------------------------------


class _Unknown:
    """What an unquoted deploy-cli token in JSON stands for: a value known at deploy time
    only (no reader takes it for a string, a list or a mapping)."""

    def __repr__(self) -> str:
        return "UNKNOWN"


UNKNOWN = _Unknown()


def _deploy_time(value: str) -> bool:
    """A string holding a deploy-cli token: what it says (a trigger id, a path, a package
    name) is known at deploy time only."""
    return DEPLOY_TOKEN.search(value) is not None


def _nulled(text: str, index: int) -> str:
    """The text with the token at ``index`` replaced by ``null`` padded to its length: every
    other character keeps its offset (findings in inline code point at line:column)."""
    token = DEPLOY_TOKEN.match(text, index)
    assert token is not None
    return text[:index] + "null".ljust(len(token.group(0))) + text[token.end():]


def _without_tokens(text: str, parse: Callable[[str, set[int]], object],
                    error_index: Callable[[Exception], int | None], tokens: tuple[int, ...] = ()):
    """Parse metadata as auth0-deploy-cli does after its keyword replacement (``@@KEY@@``
    a JSON-encoded value, ``##KEY##`` raw text; auth0-actions.md §6.1): each unquoted
    token where the parser stops (and each of ``tokens``) is made ``null`` and the text
    parsed again. A token in a quoted string or a YAML block scalar does not stop the
    parser and stays as written (inline code keeps it: ``js.source`` reads it there).
    Returns what ``parse`` gives and the indices of the tokens made ``null``."""
    replaced = set(tokens)
    for index in tokens:
        text = _nulled(text, index)
    while True:
        try:
            return parse(text, replaced), replaced
        except Exception as exc:
            stop = error_index(exc)
            if stop is None or stop in replaced or not DEPLOY_TOKEN.match(text, stop):
                raise
            replaced.add(stop)
            text = _nulled(text, stop)


def _json_error_index(exc: Exception) -> int | None:
    return exc.pos if isinstance(exc, json.JSONDecodeError) else None


# ----- JSON: deploy-cli hooks/<name>.json and API exports -------------------------------


def _read_json(path: Path, text: str) -> list[HookEntry]:
    hooks = '"triggerId"' in text or '"trigger_id"' in text
    actions = '"supported_triggers"' in text or path.parent.name == "actions"
    if not hooks and not actions:
        return []  # package.json and friends: not metadata
    try:
        data, _ = _without_tokens(text, _positioned_json, _json_error_index)
    except (ValueError, RecursionError) as exc:
        if path.parent.name == "actions" and ('"supported_triggers"' in text or '"code"' in text):
            # deploy-cli's actions/<name>.json (not a tsconfig.json with comments that sits there)
            reason = str(exc).splitlines()[0] if isinstance(exc, ValueError) else "nested too deep"
            return [HookEntry(path, "deploy-cli-json", action=True, problem=f"not valid JSON: {reason}")]
        return []
    raw = _Text(text)
    return (_read_json_hooks(path, raw, data) if hooks else []) + \
        (_read_json_actions(path, raw, data) if actions else [])


def _read_json_hooks(path: Path, raw: _Text, data) -> list[HookEntry]:
    kind: MetadataKind
    if isinstance(data, dict) and isinstance(data.get("hooks"), list):
        items, kind = data["hooks"], "api-export"
    elif isinstance(data, list):
        items, kind = data, "api-export"
    elif isinstance(data, dict):
        items, kind = [data], "deploy-cli-json"
    else:
        return []
    entries = []
    for hook in items:
        if not isinstance(hook, dict) or not isinstance(hook.get("script"), str) or \
                ("triggerId" not in hook and "trigger_id" not in hook):
            continue
        entry = HookEntry(path, kind, name=_text_or_none(hook.get("name")))
        entry.trigger, entry.trigger_at = _json_trigger(raw, hook.get("triggerId", hook.get("trigger_id")))
        entry.dependencies = _deps(hook.get("dependencies"))
        entry.secrets = _secret_names(hook.get("secrets"))
        entry.enabled = hook.get("enabled") if isinstance(hook.get("enabled"), bool) else None
        if not _json_code(path, raw, hook["script"], entry, _hook_script_path):
            continue
        if entry.script_path is not None:
            entry.kind = "deploy-cli-json"
        entries.append(entry)
    return entries


def _secret_names(value) -> list[str]:
    """A hook's ``secrets`` map (name -> value): its names only, sorted."""
    return sorted(str(name) for name in value) if isinstance(value, dict) else []


def _hook_script_path(path: Path, script: str) -> Path:
    """A hook's ``script`` path: against the JSON file's folder."""
    return (path.parent / script).resolve()


def _looks_like_path(script: str) -> bool:
    return "\n" not in script and script.strip().endswith((".js", ".cjs")) and len(script) < 400


def _deps(value) -> dict[str, str]:
    if isinstance(value, dict):
        return {str(k): str(v) for k, v in value.items() if isinstance(v, (str, int, float))}
    return {}


def _raw_positions(text: str, index: int) -> tuple[int, list[int]]:
    """From the first character of a JSON string's text: where it ends (its closing quote)
    and the raw index of each decoded character, with one extra entry for the end."""
    positions: list[int] = []
    while index < len(text) and text[index] != '"':
        positions.append(index)
        if text[index] == "\\":
            index += 6 if text[index + 1:index + 2] == "u" else 2
        else:
            index += 1
    positions.append(index)
    return index, positions


# ----- JSON: deploy-cli actions/<name>.json and Actions API exports -----------------------


class _At(str):
    """A JSON string value and where its text is in the file: ``start`` is the index after
    the opening quote, ``end`` the index of the closing quote."""

    start: int
    end: int


def _positioned_json(text: str, tokens: frozenset[int] | set[int] = frozenset()):
    """``json.loads`` whose string values are ``_At`` (keys stay plain strings): the pure
    Python scanner of the standard library with its string parser wrapped, so that every
    value knows where it is written, however the file repeats its keys. A value written at
    one of the ``tokens`` indices (a deploy-cli token replaced by ``null``) is ``UNKNOWN``."""
    from json import decoder as decoder_module, scanner

    decoder = json.JSONDecoder()
    if tokens:

        def marking(scan_once):
            def scan(s: str, index: int):
                return (UNKNOWN, index + len("null")) if index in tokens else scan_once(s, index)
            return scan

        def parse_object(s_and_end, strict, scan_once, *rest):
            return decoder_module.JSONObject(s_and_end, strict, marking(scan_once), *rest)

        def parse_array(s_and_end, scan_once):
            return decoder_module.JSONArray(s_and_end, marking(scan_once))

        decoder.parse_object = parse_object  # type: ignore[attr-defined]
        decoder.parse_array = parse_array  # type: ignore[attr-defined]

    def parse_string(s: str, end: int, strict: bool) -> tuple[_At, int]:
        value, after = decoder_module.scanstring(s, end, strict)  # type: ignore[attr-defined]
        at = _At(value)
        at.start, at.end = end, after - 1
        return at, after

    decoder.parse_string = parse_string  # type: ignore[attr-defined]
    decoder.scan_once = scanner.py_make_scanner(decoder)  # type: ignore[attr-defined]
    return decoder.decode(text)


def _read_json_actions(path: Path, raw: _Text, data) -> list[HookEntry]:
    """The Actions of a deploy-cli ``actions/<name>.json`` (one object, ``code`` a path
    against the config root) or of an Actions API export (a list, or ``{"actions": [...]}``,
    of objects with ``supported_triggers`` and the code inline)."""
    directory = path.parent.name == "actions"
    kind: MetadataKind
    if isinstance(data, dict) and isinstance(data.get("actions"), list):
        items, kind = data["actions"], "api-export"
    elif isinstance(data, list):
        items, kind = data, "api-export"
    elif isinstance(data, dict) and ("supported_triggers" in data or (directory and "code" in data)):
        items, kind = [data], "deploy-cli-json"
    else:
        return []
    entries = []
    for item in items:
        if not isinstance(item, dict) or (kind == "api-export" and "supported_triggers" not in item):
            continue
        entry = HookEntry(path, kind, action=True, name=_text_or_none(item.get("name")))
        triggers = item.get("supported_triggers")
        first = triggers[0] if isinstance(triggers, list) and triggers and isinstance(triggers[0], dict) else {}
        entry.trigger, entry.trigger_at = _json_trigger(raw, first.get("id"))
        version = first.get("version")
        if isinstance(version, _At) and not _deploy_time(version):
            entry.version, entry.version_at = str(version), raw.place(version.start, version.end - version.start)
        dependencies = item.get("dependencies")
        if isinstance(dependencies, list):
            entry.dependencies, entry.dependencies_listed = _listed_dependencies(
                (d.get("name"), d.get("version")) if isinstance(d, dict) else (None, None) for d in dependencies)
        entry.runtime = _text_or_none(item.get("runtime"))
        code = item.get("code")
        if code is None or (isinstance(code, str) and not code.strip()):
            entry.problem = f"the Action `{entry.name or '?'}` has no `code`"
        elif not isinstance(code, str) and code is not UNKNOWN:
            entry.problem = f"the `code` of the Action `{entry.name or '?'}` is not a string"
        elif not _json_code(path, raw, code, entry, lambda path, code: _config_root_path(path, code.strip())):
            continue  # code known at deploy time only
        entries.append(entry)
    return entries


def _json_trigger(raw: _Text, value) -> tuple[str | None, Place | None]:
    """A trigger id in JSON and where it is written; ``None`` for anything but a string,
    and for one that deploy-cli fills in (its id is known at deploy time only)."""
    if not isinstance(value, _At) or _deploy_time(value):
        return None, None
    return str(value), raw.place(value.start, value.end - value.start)


def _json_code(path: Path, raw: _Text, code, entry: HookEntry, resolve: Callable[[Path, str], Path]) -> bool:
    """Set a hook's ``script`` or an Action's ``code`` on its entry: a path (``resolve``d)
    or code inline, mapped onto the JSON string. False when deploy-cli fills it in (an
    unquoted token, a path with a token, or only a token): what it is is unknown."""
    if not isinstance(code, _At) or DEPLOY_TOKEN.fullmatch(code.strip()):
        return False
    if _looks_like_path(code):
        if _deploy_time(code):
            return False
        entry.script_path = resolve(path, str(code))
    else:
        _, positions = _raw_positions(raw.text, code.start)
        entry.inline = str(code)
        entry.embedding = _json_embedding(raw, str(code), positions)
    return True


def _text_or_none(value) -> str | None:
    return str(value) if isinstance(value, str) else None


def _listed_dependencies(pairs) -> tuple[dict[str, str], bool]:
    """An Action's ``[{name, version}]`` as a map (a missing or empty version is "latest",
    the Dashboard's meaning of an empty version, auth0-actions.md §2.4), and whether every
    entry could be read: one without a name, or whose name is not a string or is filled in
    by deploy-cli, makes the list unknown (it may be the one a ``require`` needs)."""
    listed: dict[str, str] = {}
    complete = True
    for name, version in pairs:
        if isinstance(name, str) and name and not _deploy_time(name):
            listed[str(name)] = str(version) if isinstance(version, (str, int, float)) and str(version) else "latest"
        else:
            complete = False
    return listed, complete


def _config_root_path(path: Path, code: str) -> Path:
    """A deploy-cli directory format ``code`` path: against the config root (the folder that
    holds ``actions/``), else against the JSON file's own folder."""
    candidates = [path.parent.parent / code, path.parent / code] if path.parent.name == "actions" \
        else [path.parent / code]
    for candidate in candidates:
        if candidate.exists():
            return candidate.resolve()
    return candidates[0].resolve()


def _json_embedding(raw: _Text, code: str, positions: list[int]):
    """Map (line, UTF-16 column) in decoded code to the same in the JSON file."""
    starts = [0] + [m.end() for m in _CODE_LINE_BREAK.finditer(code)]
    code_chars = list(code)

    def place(line: int, column: int) -> tuple[int, int]:
        line = min(max(line, 1), len(starts))
        index = starts[line - 1]
        units = 0
        while units < column and index < len(code_chars) and code_chars[index] not in LINE_TERMINATORS:
            units += 2 if ord(code_chars[index]) > 0xFFFF else 1
            index += 1
        # decoded characters line up with `positions` one to one (a surrogate pair
        # written as two \\u escapes decodes to one character: close enough)
        at = raw.place(positions[min(index, len(positions) - 1)])
        return at.line, at.column

    return place


# ----- deploy-cli YAML --------------------------------------------------------------------

# Deeper than any tenant.yaml nests (a hook sits at depth 3, its dependencies at 4): the
# composer is recursive, so a file nested deeper stops there and is not metadata, whatever
# the process's recursion limit (the deep-stack thread raises it for the JavaScript walk).
MAX_YAML_DEPTH = 200
_MERGE = "tag:yaml.org,2002:merge"
_NULL = "tag:yaml.org,2002:null"
_BOOL = "tag:yaml.org,2002:bool"


@cache
def _yaml_loader():
    """PyYAML's safe loader, composing no deeper than ``MAX_YAML_DEPTH``. Imported here,
    not at the top: only a run that reads a YAML file pays for PyYAML."""
    import yaml

    class Loader(yaml.SafeLoader):
        depth = 0

        def compose_node(self, parent, index):
            if self.depth >= MAX_YAML_DEPTH:
                raise yaml.YAMLError(f"nested deeper than {MAX_YAML_DEPTH} levels")
            self.depth += 1
            try:
                return super().compose_node(parent, index)
            finally:
                self.depth -= 1

    return Loader


def _read_yaml(path: Path, text: str) -> list[HookEntry]:
    """The ``hooks:`` sequence of every document in the file, read from PyYAML's node tree
    (``compose``, not ``load``: every node keeps its place, and scalars stay the text
    written, so ``auth0: 2.10`` pins "2.10", not the float 2.1). Aliases are the nodes
    they name and ``<<`` merge keys are applied; a value reached through an alias is
    placed where its anchor defines it. ``script`` names a file (deploy-cli YAML keeps
    the code in files); a multi-line value is code, which this reader does not lint."""
    if "hooks" not in text and "actions" not in text:
        return []  # compose files, …: not worth composing
    import yaml

    try:
        documents, tokens = _yaml_documents(text)
    except (yaml.YAMLError, RecursionError) as exc:
        if _TOP_LEVEL_ACTIONS.search(text):  # a tenant.yaml with Actions: say why they are not linted
            return [HookEntry(path, "deploy-cli-yaml", action=True, problem=f"not valid YAML: {_yaml_error(exc)}")]
        return []
    yaml_file = _YamlFile(path, text, _Text(text), {}, tokens)
    entries = []
    for document in documents:
        entries += _yaml_actions(yaml_file, document)
        hooks = _yaml_pairs(document, yaml_file.merged).get("hooks")
        if not isinstance(hooks, yaml.SequenceNode):
            continue
        for item in hooks.value:
            fields = yaml_file.scalars(item)
            entry = HookEntry(path, "deploy-cli-yaml")
            if "name" in fields:
                entry.name = fields["name"].value
            script = fields["script"].value.strip() if "script" in fields else ""
            if script and "\n" not in script and not _deploy_time(script):
                entry.script_path = (path.parent / script).resolve()
            entry.trigger, entry.trigger_at = yaml_file.trigger(fields.get("triggerId", fields.get("trigger_id")))
            dependencies = yaml_file.scalars(_yaml_pairs(item, yaml_file.merged).get("dependencies"))
            entry.dependencies = {key: node.value for key, node in dependencies.items()}
            secrets = _yaml_pairs(item, yaml_file.merged).get("secrets")
            entry.secrets = sorted(_yaml_pairs(secrets, yaml_file.merged)) if isinstance(secrets, yaml.MappingNode) \
                else []
            if "enabled" in fields and fields["enabled"].tag == _BOOL:
                entry.enabled = fields["enabled"].value.lower() in ("true", "yes", "on")
            entry.span = (item.start_mark.index, item.end_mark.index)
            if entry.script_path is not None or entry.trigger is not None:
                entries.append(entry)
    return entries


def _yaml_documents(text: str) -> tuple[list, set[int]]:
    """The file's documents, composed once its deploy-cli tokens in value positions are
    ``null`` (``_without_tokens``), and the indices of those tokens. YAML stops at an
    unquoted ``@@KEY@@`` (``@`` starts no plain scalar) but reads ``key: ##KEY##`` as a
    comment: such a ``##KEY##``, after a ``:``, ``-``, ``[``, ``{`` or ``,`` and in no
    scalar, is made ``null`` too (in a comment, the ``null`` is a comment still)."""
    import yaml

    def compose(text: str, _tokens: set[int]) -> list:
        return list(yaml.compose_all(text, Loader=_yaml_loader()))

    def error_index(exc: Exception) -> int | None:
        mark = getattr(exc, "problem_mark", None)
        return mark.index if mark is not None else None

    documents, tokens = _without_tokens(text, compose, error_index)
    if "##" not in text:
        return documents, tokens
    candidates = [token.start() for token in DEPLOY_TOKEN.finditer(text)
                  if token.group(2) is not None and _after_indicator(text, token.start())]
    if not candidates:
        return documents, tokens
    scanned = text
    for index in tokens:
        scanned = _nulled(scanned, index)
    spans = [(token.start_mark.index, token.end_mark.index) for token in yaml.scan(scanned, Loader=_yaml_loader())
             if isinstance(token, yaml.ScalarToken)]
    comments = [index for index in candidates if not any(start <= index < end for start, end in spans)]
    if not comments:
        return documents, tokens
    return _without_tokens(text, compose, error_index, tuple(sorted(tokens | set(comments))))


def yaml_documents(text: str) -> list:
    """The documents of a YAML metadata text, composed as its readers compose them: a
    deploy-cli token where a value goes is ``null`` of the same length, so every node's
    offsets index ``text`` (``hooklint migrate`` patches at them)."""
    return _yaml_documents(text)[0]


def _after_indicator(text: str, index: int) -> bool:
    """Whether blanks, after a ``:``, ``-``, ``[``, ``{`` or ``,`` on the same line, come
    just before ``index``: a value starts there."""
    line = text[max(text.rfind("\n", 0, index), text.rfind("\r", 0, index)) + 1:index]
    return line.endswith((" ", "\t")) and line.rstrip(" \t").endswith((":", "-", "[", "{", ","))


@dataclass
class _YamlFile:
    """A YAML metadata file being read: its text, merges read so far (``_yaml_pairs``), and
    where deploy-cli tokens were made ``null``; what hooks and Actions read alike."""

    path: Path
    text: str
    raw: _Text
    merged: dict[int, dict[str, object]]
    tokens: set[int]

    def scalars(self, node) -> dict:
        """A mapping's fields whose values are scalars, not null (``{}`` for any other node)."""
        import yaml

        return {key: value for key, value in _yaml_pairs(node, self.merged).items()
                if isinstance(value, yaml.ScalarNode) and value.tag != _NULL}

    def place(self, node) -> Place:
        """Where a scalar's value is written, as wide as its value."""
        at = self.raw.place(_yaml_value_start(self.text, node))
        return Place(at.line, at.column, _utf16(node.value))

    def trigger(self, node) -> tuple[str | None, Place | None]:
        """A trigger id and where it is written; ``None`` for none and for one that deploy-cli
        fills in (known at deploy time only)."""
        if node is None or _deploy_time(node.value):
            return None, None
        return node.value, self.place(node)

    def unknown(self, node) -> bool:
        """The node is a deploy-cli token made ``null``: its value is known at deploy time only."""
        return node is not None and node.tag == _NULL and node.start_mark.index in self.tokens


_TOP_LEVEL_ACTIONS = re.compile(r"^actions\s*:", re.MULTILINE)


def _yaml_error(exc: Exception) -> str:
    """One line for a YAML error: what, and on which line."""
    problem = getattr(exc, "problem", None) or (str(exc).splitlines() or ["nested too deep"])[0]
    mark = getattr(exc, "problem_mark", None)
    return f"{problem} (line {mark.line + 1})" if mark is not None else str(problem)


def _yaml_actions(yaml_file: _YamlFile, document) -> list[HookEntry]:
    """The ``actions:`` sequence of one document (block or flow style alike: PyYAML's nodes
    are the same). ``code`` names a file, against the YAML file's folder; a literal block
    (``code: |``) is code written in place, linted there; a folded one is not read."""
    import yaml

    path, merged = yaml_file.path, yaml_file.merged
    actions = _yaml_pairs(document, merged).get("actions")
    if not isinstance(actions, yaml.SequenceNode):
        return []
    bindings = _yaml_bindings(document)
    entries = []
    for item in actions.value:
        pairs = _yaml_pairs(item, merged)
        if not pairs:
            continue
        fields = yaml_file.scalars(item)
        entry = HookEntry(path, "deploy-cli-yaml", action=True,
                          name=fields["name"].value if "name" in fields else None)
        triggers = pairs.get("supported_triggers")
        if isinstance(triggers, yaml.SequenceNode) and triggers.value:
            first = yaml_file.scalars(triggers.value[0])
            entry.trigger, entry.trigger_at = yaml_file.trigger(first.get("id"))
            if "version" in first and not _deploy_time(first["version"].value):
                entry.version, entry.version_at = first["version"].value, yaml_file.place(first["version"])
        dependencies = pairs.get("dependencies")
        if isinstance(dependencies, yaml.SequenceNode):
            listed = [yaml_file.scalars(d) for d in dependencies.value]
            entry.dependencies, entry.dependencies_listed = _listed_dependencies(
                (d["name"].value if "name" in d else None, d["version"].value if "version" in d else None)
                for d in listed)
        if entry.trigger is None and entry.name in bindings:
            key = bindings[entry.name]
            entry.trigger, entry.trigger_at = key.value, yaml_file.place(key)
        if "runtime" in fields:
            entry.runtime = fields["runtime"].value
        node = pairs.get("code")
        code = fields.get("code")
        value = code.value.strip() if code is not None else ""
        if yaml_file.unknown(node) or DEPLOY_TOKEN.fullmatch(value) or ("\n" not in value and _deploy_time(value)):
            continue  # code known at deploy time only
        if node is not None and not isinstance(node, yaml.ScalarNode):
            entry.problem = f"the `code` of the Action `{entry.name or '?'}` is not a string"
        elif not value:
            entry.problem = f"the Action `{entry.name or '?'}` has no `code`"
        elif "\n" not in value:
            entry.script_path = (path.parent / value).resolve()
        elif code is not None and code.style == "|":
            _yaml_literal_code(yaml_file.text, code, entry)
        else:
            continue  # folded code: where its lines are cannot be told
        entries.append(entry)
    return entries


def _yaml_bindings(document) -> dict:
    """The ``triggers:`` section: action name -> the key node of the first trigger that binds
    it (``post-login: [{action_name: X, display_name: X}]``). Anything else there is skipped."""
    import yaml

    triggers = next((value for key, value in document.value if isinstance(key, yaml.ScalarNode)
                     and key.value == "triggers"), None) if isinstance(document, yaml.MappingNode) else None
    bindings: dict = {}
    if not isinstance(triggers, yaml.MappingNode):
        return bindings
    for key, value in triggers.value:
        if not isinstance(key, yaml.ScalarNode) or not isinstance(value, yaml.SequenceNode):
            continue
        for binding in value.value:
            if not isinstance(binding, yaml.MappingNode):
                continue
            for name_key, name in binding.value:
                if isinstance(name_key, yaml.ScalarNode) and name_key.value == "action_name" and \
                        isinstance(name, yaml.ScalarNode) and name.tag != _NULL:
                    bindings.setdefault(name.value, key)
    return bindings


def _yaml_literal_code(text: str, node, entry: HookEntry) -> None:
    """Code in a literal block scalar: its lines are the file's lines after the ``|``
    line, less the block's indentation (taken from its first non-blank line)."""
    lines = _LINE_BREAK.split(text)
    first = node.start_mark.line + 1  # 0-based: the line after the indicator
    indent = next((len(line) - len(line.lstrip(" ")) for line in lines[first:] if line.strip()), 0)
    entry.inline = node.value
    entry.line_offset = first
    entry.column_offset = indent
    entry.verbatim = _verbatim(node.value, lines, first, indent)


def _yaml_pairs(node, merged: dict[int, dict[str, object]]) -> dict:
    """A mapping node's scalar keys and their value nodes, ``<<`` merges applied (the
    mapping's own keys win, then earlier merged mappings); ``{}`` for any other node.
    Memoised by node in ``merged``: a merge of merges is read once, and a merge that
    reaches itself (an anchor used inside its own mapping) adds nothing."""
    import yaml

    if not isinstance(node, yaml.MappingNode):
        return {}
    if id(node) in merged:
        return merged[id(node)]
    merged[id(node)] = {}  # while this mapping is being read
    own: dict[str, object] = {}
    inherited: dict[str, object] = {}
    for key, value in node.value:
        if key.tag == _MERGE:
            for source in value.value if isinstance(value, yaml.SequenceNode) else [value]:
                for name, item in _yaml_pairs(source, merged).items():
                    inherited.setdefault(name, item)
        elif isinstance(key, yaml.ScalarNode):
            own[key.value] = value  # a repeated key: the last one, as PyYAML's load does
    merged[id(node)] = pairs = {**inherited, **own}
    return pairs


def _yaml_value_start(text: str, node) -> int:
    """Where a scalar's text starts: the node's mark is at its properties (``&anchor``,
    ``!tag``) when it has some, and at the opening quote of a quoted scalar."""
    index = node.start_mark.index
    while text[index:index + 1] in ("&", "!"):
        while index < len(text) and not text[index].isspace():
            index += 1
        while index < len(text) and text[index].isspace():
            index += 1
    return index + (1 if node.style in ("'", '"') else 0)


# ----- Terraform ----------------------------------------------------------------------

_RESOURCE = re.compile(r'resource\s+"(auth0_hook|auth0_action)"\s+"([^"]+)"\s*\{')
# a nested block of an auth0_action opened on its own line: `supported_triggers {`
_NESTED_BLOCK = re.compile(r"^\s*(supported_triggers|dependencies)\s*\{\s*$")
# dependencies made by a `dynamic` block: which ones, only Terraform knows
_DYNAMIC_DEPENDENCIES = re.compile(r'^\s*dynamic\s+"dependencies"\s*\{')
_ATTRIBUTE = re.compile(r"^(\s*)([A-Za-z_][\w-]*)\s*=\s*(.*)$")
_HEREDOC = re.compile(r"^<<(-?)([A-Za-z_]\w*)\s*$")
_FILE_CALL = re.compile(r'^(file|templatefile)\(\s*"((?:[^"\\]|\\.)*)"')


def _read_terraform(path: Path, text: str) -> list[HookEntry]:
    """``resource "auth0_hook"`` blocks, read line by line (no HCL parser: the one on PyPI
    gives no positions, and HL002 points at the ``trigger_id`` value). What it reads:

    - a block opened on one line, ``resource "auth0_hook" "<name>" {``; its attributes at
      the block's own level, one per line (nested blocks are skipped by counting braces
      outside strings and comments);
    - ``trigger_id`` as a literal string;
    - ``script`` as ``file("...")`` or ``templatefile("...", ...)`` with a literal path
      (``${path.module}``, ``${path.root}`` and ``${path.cwd}`` are replaced by the
      file's folder), a heredoc (``<<EOT`` or the indented ``<<-EOT``), or a one-line
      string;
    - ``dependencies`` as a map literal of strings.

    Its limits: any other expression (a variable, a local, ``join()``, a conditional, a
    string split over lines) leaves the hook without a script or trigger, silently (a
    hook whose code cannot be found is not a finding); ``count``/``for_each`` give one
    entry; modules and ``.tf.json`` are not read (the JSON reader finds no hook in it).

    ``resource "auth0_action"`` is read the same way, ``code`` taking the place of
    ``script``, with ``runtime`` (a literal string) and the nested blocks
    ``supported_triggers { id = "…" version = "…" }`` (the first one) and ``dependencies {
    name = "…" version = "…" }``, each opened on a line of its own with one attribute per
    line. A ``dependencies`` block whose ``name`` is not a literal string, or a ``dynamic
    "dependencies"`` block, makes the Action's dependencies unknown (not ``listed``)."""
    lines = _LINE_BREAK.split(text)
    starts = _Text(text).starts
    entries = []
    number = 0
    while number < len(lines):
        match = _RESOURCE.search(lines[number])
        if not match:
            number += 1
            continue
        entry = HookEntry(path, "terraform", name=match.group(2), action=match.group(1) == "auth0_action")
        first = number
        number = _terraform_block(path, lines, number + 1, entry)
        # from the `resource` line to the line after the closing brace's line (its line break included)
        entry.span = (starts[first], starts[number] if number < len(starts) else len(text))
        if entry.action and entry.script_path is None and entry.inline is None and entry.trigger is None:
            continue  # `code` written some way this reader does not follow: not linted, silently
        entries.append(entry)
    return entries


def _terraform_block(path: Path, lines: list[str], number: int, entry: HookEntry) -> int:
    """Read the attributes of one resource block; return the line after it."""
    depth = 1
    code = "code" if entry.action else "script"
    dependencies_read = True
    while number < len(lines) and depth > 0:
        line = lines[number]
        nested = _NESTED_BLOCK.match(line) if depth == 1 and entry.action else None
        if nested:
            number, read_all = _terraform_nested(lines, number + 1, nested.group(1), entry)
            dependencies_read = dependencies_read and read_all
            continue
        if depth == 1 and entry.action and _DYNAMIC_DEPENDENCIES.match(line):
            dependencies_read = False
        attribute = _ATTRIBUTE.match(line) if depth == 1 else None
        if attribute:
            key, value = attribute.group(2), attribute.group(3).strip()
            heredoc = _HEREDOC.match(value)
            if key == code and heredoc:
                number = _heredoc(lines, number + 1, heredoc.group(2), bool(heredoc.group(1)), entry)
                continue
            if key == "trigger_id" and value.startswith('"') and not entry.action:
                entry.trigger = _hcl_string(value)
                column = line.index(value) + 1
                entry.trigger_at = Place(number + 1, _utf16(line[:column]), _utf16(entry.trigger or ""))
            elif key == "name" and value.startswith('"'):
                entry.title = _hcl_string(value)
            elif key == "runtime" and value.startswith('"') and entry.action:
                entry.runtime = _hcl_string(value)
            elif key == code:
                call = _FILE_CALL.match(value)
                if call:
                    entry.script_path = _module_path(path, call.group(2))
                    entry.template = call.group(1) == "templatefile"
                elif value.startswith('"'):
                    entry.inline = _hcl_string(value)
                    entry.template = True
                    entry.line_offset = number
                    entry.column_offset = _utf16(line[:line.index(value) + 1])
            elif key == "enabled" and value in ("true", "false") and not entry.action:
                entry.enabled = value == "true"
            elif key in ("dependencies", "secrets") and value.startswith("{") and not entry.action:
                body = value
                while "}" not in body and number + 1 < len(lines):
                    number += 1
                    body += "\n" + lines[number]
                if key == "dependencies":
                    entry.dependencies = dict(re.findall(r'"?([\w@/.-]+)"?\s*=\s*"([^"]*)"', body))
                else:
                    entry.secrets = _hcl_map_keys(body)
                number += 1
                continue
        depth += _brace_delta(line)
        number += 1
    if not dependencies_read:
        entry.dependencies_listed = False
    return number


def _terraform_nested(lines: list[str], number: int, block: str, entry: HookEntry) -> tuple[int, bool]:
    """Read one ``supported_triggers`` or ``dependencies`` block of an ``auth0_action``
    (its literal string attributes); return the line after it, and whether the block could
    be read (a ``dependencies`` block without a literal ``name`` cannot)."""
    values: dict[str, tuple[str | None, Place]] = {}
    depth = 1
    while number < len(lines) and depth > 0:
        line = lines[number]
        attribute = _ATTRIBUTE.match(line) if depth == 1 else None
        if attribute and attribute.group(3).strip().startswith('"'):
            value = attribute.group(3).strip()
            text = _hcl_string(value)
            column = line.index(value) + 1
            values[attribute.group(2)] = (text, Place(number + 1, _utf16(line[:column]), _utf16(text or "")))
        depth += _brace_delta(line)
        number += 1
    if block == "supported_triggers" and entry.trigger is None and entry.version is None:
        if "id" in values:
            entry.trigger, entry.trigger_at = values["id"]
        if "version" in values:
            entry.version, entry.version_at = values["version"]
    elif block == "dependencies":
        entry.dependencies_listed = True
        listed, read_all = _listed_dependencies([(values.get("name", (None,))[0], values.get("version", (None,))[0])])
        entry.dependencies.update(listed)
        return number, read_all
    return number, True


def _heredoc(lines: list[str], number: int, marker: str, indented: bool, entry: HookEntry) -> int:
    start = number
    while number < len(lines) and lines[number].strip() != marker:
        number += 1
    body = lines[start:number]
    strip = 0
    if indented:
        widths = [len(line) - len(line.lstrip()) for line in body if line.strip()]
        strip = min(widths) if widths else 0
    entry.inline = "\n".join(line[strip:] for line in body)
    entry.template = True
    entry.line_offset = start
    entry.column_offset = strip
    entry.verbatim = _verbatim(entry.inline, lines, start, strip)
    return number + 1


def _verbatim(code: str, lines: list[str], first: int, indent: int) -> bool:
    """Is each line of ``code`` (as JavaScript breaks it) the file's line at ``first`` on,
    less ``indent`` leading spaces? Only then does an edit of the code map back to the file
    exactly: not where YAML took a NEL for a line break or an indentation indicator moved
    the cut, nor where a U+2028 or U+2029 breaks a JavaScript line inside a file's line (in
    the code or before it: a fix's edit is placed in the file's text by JavaScript lines)."""
    if any("\u2028" in line or "\u2029" in line for line in lines):
        return False  # anywhere in the file: edits are placed by JavaScript lines, the file's are CR/LF
    code_lines = code.split("\n")
    if len(code_lines) > 1 and code_lines[-1] == "":
        code_lines.pop()  # the block's last line break
    if first + len(code_lines) > len(lines):
        return False
    for number, code_line in enumerate(code_lines, first):
        line = lines[number]
        if line[:indent].strip(" ") or line[indent:] != code_line:
            return False
    return True


_HCL_TOKEN = re.compile(r'"(?:[^"\\]|\\.)*"|[A-Za-z_][\w-]*|\S')


def _hcl_map_keys(body: str) -> list[str]:
    """The keys of a map literal (``{ A = var.a, "B" = "…" }``), sorted: a key is a name or a
    string that starts an item (after ``{``, ``,`` or a line break) and is followed by ``=``.
    Values are skipped whole, strings included, so no part of one is ever taken for a key."""
    keys: set[str] = set()
    expect_key = False
    tokens = [(match.group(0), body.count("\n", 0, match.start())) for match in _HCL_TOKEN.finditer(body)]
    for index, (token, line) in enumerate(tokens):
        if token in ("{", ","):
            expect_key = True
            continue
        if index and line != tokens[index - 1][1]:
            expect_key = True
        following = tokens[index + 1][0] if index + 1 < len(tokens) else ""
        if expect_key and following in ("=", ":") and token not in ("=", ":", "}"):
            keys.add(_hcl_string(token) or "" if token.startswith('"') else token)
        expect_key = False
    return sorted(key for key in keys if key)


def _hcl_string(value: str) -> str | None:
    match = re.match(r'"((?:[^"\\]|\\.)*)"', value)
    if not match:
        return None
    try:
        return json.loads(f'"{match.group(1)}"')
    except ValueError:
        return match.group(1)


def _module_path(tf: Path, raw: str) -> Path:
    for variable in ("${path.module}", "${path.root}", "${path.cwd}"):
        raw = raw.replace(variable, str(tf.parent.resolve()))
    candidate = Path(raw)
    return (candidate if candidate.is_absolute() else tf.parent / candidate).resolve()


def _brace_delta(line: str) -> int:
    delta = 0
    quoted = False
    index = 0
    while index < len(line):
        char = line[index]
        if quoted:
            if char == "\\":
                index += 1
            elif char == '"':
                quoted = False
        elif char == '"':
            quoted = True
        elif char == "#" or line.startswith("//", index):
            break
        elif char == "{":
            delta += 1
        elif char == "}":
            delta -= 1
        index += 1
    return delta
