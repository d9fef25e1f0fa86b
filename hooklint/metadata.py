"""Hook metadata: where tenant-as-code repositories write a hook's point and code.

Readers for the layouts of ../shared/docs/auth0-hooks.md §4, each giving ``HookEntry``
values: the trigger as written (and where), the script (a file it names, or code inline
with where that code sits in the metadata file), and pinned ``dependencies``.

- auth0-deploy-cli directory format: ``hooks/<name>.json`` naming ``script`` and ``triggerId``;
- auth0-deploy-cli YAML format: a ``hooks:`` list in ``tenant.yaml`` (or any ``*.yaml``);
- Terraform: ``resource "auth0_hook"`` with ``trigger_id`` and ``script`` as
  ``file("...")``, ``templatefile("...", {...})``, a heredoc, or a string;
- exports of ``GET /api/v2/hooks``: a JSON list (or ``{"hooks": [...]}``) of hook
  objects with the code inline in ``script``.

These are data formats, read with small purpose-built readers (the project depends on
no YAML or HCL library): they understand the shapes these tools write, and a file they
cannot make sense of is simply not metadata.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

from hooklint.source import Embedding, utf16_len as _utf16

MAX_BYTES = 5 * 1024 * 1024
_LINE_BREAK = re.compile(r"\r\n|\r|\n")


class Place(NamedTuple):
    """A 1-based line and 0-based UTF-16 column in a metadata file, and a width."""

    line: int
    column: int
    width: int


@dataclass
class HookEntry:
    origin: Path  # the metadata file
    kind: str  # deploy-cli-json, deploy-cli-yaml, terraform, api-export
    name: str | None = None
    trigger: str | None = None  # as written
    trigger_at: Place | None = None
    script_path: Path | None = None  # a script file the metadata names
    template: bool = False  # the script is a Terraform template (``${...}`` interpolations)
    inline: str | None = None  # the code, when it is written in the metadata file
    line_offset: int = 0  # inline code: how far down the file its line 1 is
    column_offset: int = 0  # inline code: indentation a heredoc strips
    embedding: Embedding | None = None  # inline code in a JSON string: the position map
    dependencies: dict[str, str] = field(default_factory=dict)





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
    suffix = path.suffix.lower()
    if suffix == ".json":
        return _read_json(path, text)
    if suffix in (".yaml", ".yml"):
        return _read_yaml(path, text)
    if suffix == ".tf":
        return _read_terraform(path, text)
    return []


# ----- JSON: deploy-cli hooks/<name>.json and API exports -------------------------------


def _read_json(path: Path, text: str) -> list[HookEntry]:
    try:
        data = json.loads(text)
    except ValueError:
        return []
    if isinstance(data, dict) and isinstance(data.get("hooks"), list):
        items, kind = data["hooks"], "api-export"
    elif isinstance(data, list):
        items, kind = data, "api-export"
    elif isinstance(data, dict):
        items, kind = [data], "deploy-cli-json"
    else:
        return []
    if '"triggerId"' not in text and '"trigger_id"' not in text:
        return []  # package.json and friends: not hook metadata
    objects = [h for h in items if isinstance(h, dict)]
    # The n-th `"script": "..."` string in the file belongs to the n-th object with a string
    # script (and likewise for the trigger), whether or not that object is a hook.
    with_script = [h for h in objects if isinstance(h.get("script"), str)]
    with_trigger = [h for h in objects if isinstance(h.get("triggerId", h.get("trigger_id")), str)]
    hooks = [h for h in with_script if "triggerId" in h or "trigger_id" in h]
    if not hooks:
        return []
    raw = _Text(text)
    trigger_values = _string_values(text, "triggerId") or _string_values(text, "trigger_id")
    script_values = _string_values(text, "script")
    entries = []
    for hook in hooks:
        index = next((i for i, h in enumerate(with_trigger) if h is hook), len(trigger_values))
        entry = HookEntry(path, kind, name=hook.get("name") if isinstance(hook.get("name"), str) else None)
        trigger = hook.get("triggerId", hook.get("trigger_id"))
        entry.trigger = trigger if isinstance(trigger, str) else None
        if index < len(trigger_values):
            start, end, _ = trigger_values[index]
            entry.trigger_at = raw.place(start, end - start)
        entry.dependencies = _deps(hook.get("dependencies"))
        script = hook["script"]
        if _looks_like_path(script):
            entry.kind = "deploy-cli-json"
            entry.script_path = (path.parent / script).resolve()
        elif (place := next(i for i, h in enumerate(with_script) if h is hook)) < len(script_values):
            start, end, positions = script_values[place]
            entry.inline = script
            entry.embedding = _json_embedding(raw, script, positions)
        entries.append(entry)
    return entries


def _looks_like_path(script: str) -> bool:
    return "\n" not in script and script.strip().endswith((".js", ".cjs")) and len(script) < 400


def _deps(value) -> dict[str, str]:
    if isinstance(value, dict):
        return {str(k): str(v) for k, v in value.items() if isinstance(v, (str, int, float))}
    return {}


_KEY = r'"{}"\s*:\s*"'


def _string_values(text: str, key: str) -> list[tuple[int, int, list[int]]]:
    """Every ``"key": "..."`` string value in document order: (start, end, the raw index of
    each decoded character, with one extra entry for the end)."""
    found = []
    for match in re.finditer(_KEY.format(re.escape(key)), text):
        index = match.end()
        positions: list[int] = []
        while index < len(text) and text[index] != '"':
            positions.append(index)
            if text[index] == "\\":
                index += 6 if text[index + 1:index + 2] == "u" else 2
            else:
                index += 1
        positions.append(index)
        found.append((match.end(), index, positions))
    return found


def _json_embedding(raw: _Text, code: str, positions: list[int]):
    """Map (line, UTF-16 column) in decoded code to the same in the JSON file."""
    starts = [0] + [m.end() for m in _LINE_BREAK.finditer(code)]
    code_chars = list(code)

    def place(line: int, column: int) -> tuple[int, int]:
        line = min(max(line, 1), len(starts))
        index = starts[line - 1]
        units = 0
        while units < column and index < len(code_chars) and code_chars[index] not in "\r\n":
            units += 2 if ord(code_chars[index]) > 0xFFFF else 1
            index += 1
        # decoded characters line up with `positions` one to one (a surrogate pair
        # written as two \\u escapes decodes to one character: close enough)
        at = raw.place(positions[min(index, len(positions) - 1)])
        return at.line, at.column

    return place


# ----- deploy-cli YAML --------------------------------------------------------------------

_YAML_ITEM = re.compile(r"^(\s*)-\s+(.*)$")
_YAML_PAIR = re.compile(r"^([A-Za-z_][\w-]*)\s*:\s*(.*)$")


def _yaml_scalar(value: str) -> str:
    value = value.strip()
    if value[:1] in ("'", '"'):
        quote = value[0]
        end = value.find(quote, 1)
        return value[1:end] if end > 0 else value[1:]
    return re.sub(r"\s+#.*$", "", value).strip()


def _read_yaml(path: Path, text: str) -> list[HookEntry]:
    lines = _LINE_BREAK.split(text)
    try:
        start = next(i for i, line in enumerate(lines) if re.match(r"^hooks\s*:\s*(#.*)?$", line))
    except StopIteration:
        return []
    entries: list[HookEntry] = []
    entry: HookEntry | None = None
    key_indent = None
    nested: dict[str, str] | None = None
    nested_indent = 0
    for number in range(start + 1, len(lines)):
        line = lines[number]
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        indent = len(line) - len(line.lstrip())
        if indent == 0:
            break  # the next top-level key
        item = _YAML_ITEM.match(line)
        if item and (key_indent is None or len(item.group(1)) < key_indent):
            entry = HookEntry(path, "deploy-cli-yaml")
            entries.append(entry)
            key_indent = len(item.group(1)) + 2
            nested = None
            body, body_indent = item.group(2), len(item.group(1)) + 2
        elif entry is not None:
            body, body_indent = line.strip(), indent
        else:
            continue
        if nested is not None and body_indent > nested_indent:
            pair = _YAML_PAIR.match(body)
            if pair:
                nested[pair.group(1)] = _yaml_scalar(pair.group(2))
            continue
        nested = None
        pair = _YAML_PAIR.match(body)
        if entry is None or not pair:
            continue
        key, value = pair.group(1), pair.group(2)
        if key == "dependencies":
            if value.strip().startswith("{"):
                entry.dependencies = dict(
                    (k.strip().strip("'\""), _yaml_scalar(v)) for k, v in
                    (p.split(":", 1) for p in value.strip().strip("{}").split(",") if ":" in p))
            else:
                nested, nested_indent = entry.dependencies, body_indent
            continue
        scalar = _yaml_scalar(value)
        if key == "name":
            entry.name = scalar
        elif key == "script" and scalar:
            entry.script_path = (path.parent / scalar).resolve()
        elif key in ("triggerId", "trigger_id"):
            entry.trigger = scalar
            column = line.index(value) + (1 if value.strip()[:1] in ("'", '"') else 0)
            entry.trigger_at = Place(number + 1, _utf16(line[:column]), _utf16(scalar))
    return [e for e in entries if e.script_path is not None or e.trigger is not None]


# ----- Terraform ----------------------------------------------------------------------

_RESOURCE = re.compile(r'resource\s+"auth0_hook"\s+"([^"]+)"\s*\{')
_ATTRIBUTE = re.compile(r"^(\s*)([A-Za-z_][\w-]*)\s*=\s*(.*)$")
_HEREDOC = re.compile(r"^<<(-?)([A-Za-z_]\w*)\s*$")
_FILE_CALL = re.compile(r'^(file|templatefile)\(\s*"((?:[^"\\]|\\.)*)"')


def _read_terraform(path: Path, text: str) -> list[HookEntry]:
    lines = _LINE_BREAK.split(text)
    entries = []
    number = 0
    while number < len(lines):
        match = _RESOURCE.search(lines[number])
        if not match:
            number += 1
            continue
        entry = HookEntry(path, "terraform", name=match.group(1))
        number = _terraform_block(path, lines, number + 1, entry)
        entries.append(entry)
    return entries


def _terraform_block(path: Path, lines: list[str], number: int, entry: HookEntry) -> int:
    """Read the attributes of one resource block; return the line after it."""
    depth = 1
    while number < len(lines) and depth > 0:
        line = lines[number]
        attribute = _ATTRIBUTE.match(line) if depth == 1 else None
        if attribute:
            key, value = attribute.group(2), attribute.group(3).strip()
            heredoc = _HEREDOC.match(value)
            if key == "script" and heredoc:
                number = _heredoc(lines, number + 1, heredoc.group(2), bool(heredoc.group(1)), entry)
                continue
            if key == "trigger_id" and value.startswith('"'):
                entry.trigger = _hcl_string(value)
                column = line.index(value) + 1
                entry.trigger_at = Place(number + 1, _utf16(line[:column]), _utf16(entry.trigger or ""))
            elif key == "script":
                call = _FILE_CALL.match(value)
                if call:
                    entry.script_path = _module_path(path, call.group(2))
                    entry.template = call.group(1) == "templatefile"
                elif value.startswith('"'):
                    entry.inline = _hcl_string(value)
                    entry.template = True
                    entry.line_offset = number
                    entry.column_offset = _utf16(line[:line.index(value) + 1])
            elif key == "dependencies" and value.startswith("{"):
                deps: dict[str, str] = {}
                body = value
                while "}" not in body and number + 1 < len(lines):
                    number += 1
                    body += "\n" + lines[number]
                for name, version in re.findall(r'"?([\w@/.-]+)"?\s*=\s*"([^"]*)"', body):
                    deps[name] = version
                entry.dependencies = deps
                number += 1
                continue
        depth += _brace_delta(line)
        number += 1
    return number


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
    return number + 1


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
