"""Where a migrated hook's Action is written: the layout its source uses (auth0-actions.md §6).

- deploy-cli YAML (a ``hooks:`` entry in ``tenant.yaml``): ``actions/<sanitized name>/code.js``
  beside the YAML file, an item appended to its ``actions:`` list and a binding appended to
  ``triggers: <trigger>:`` (each added when missing), as a text patch: every other byte of
  the file stays as it was, comments and order included.
- deploy-cli directory (``hooks/<name>.json``): ``actions/<name>.json`` and
  ``actions/<name>/code.js`` under the config root (the folder above ``hooks/``), and the
  binding merged into ``triggers/triggers.json`` (the other entries kept; that file is
  written back with deploy-cli's own 2-space JSON).
- Terraform (``resource "auth0_hook"``): an ``auth0_action`` resource and an
  ``auth0_trigger_actions`` binding inserted right after the hook's block in the same
  ``.tf``; the code is a heredoc when the hook's script was written in the file, and
  ``file("${path.module}/actions/<name>.js")`` with that file written when it was a file.
  When the file already has an ``auth0_trigger_actions`` for the trigger (one resource holds
  all of a trigger's bindings), the Action is appended to its ``actions`` instead (it runs
  last); such a resource in another file of the module is not seen (the report cannot say).
- Anything else (a plain hook file, a Management API export): ``<stem>/code.js`` and
  ``<stem>/action.json`` (``{name, code, runtime, supported_triggers, dependencies,
  secrets}``) beside the hook (beside the export for an export, ``<stem>`` the hook's name).

Choices every layout shares:
- The Action has the hook's name (Hooks and Actions are separate namespaces); in Terraform
  both resources take the hook's resource label, and the Action the hook's ``name`` when it
  is a literal string (else the label).
- ``runtime`` is ``node22``. deploy-cli's ``deployed: true`` and Terraform's ``deploy = true``
  are written: a trigger binds a deployed version only, and the hook it replaces no longer runs.
- A disabled hook (``enabled: false``) gets its Action but no binding: binding it would turn on
  code that did not run (the report says so).
- Secrets are listed by name with the value ``_VALUE_NOT_SHOWN_``, the placeholder
  deploy-cli's own export writes: no value of the hook's is ever read or written, and each
  secret must be re-created on the Action (the report's ``secrets-recreate``).
- An Action of that name already in the metadata (or identical files already written) is
  "already migrated": nothing is changed, so a second run changes nothing.

All reads and writes go through a ``Workspace``: nothing touches the disk until the command
has checked every change (``--dry-run`` only prints them; a file the migration writes whole
that exists with other content is a conflict unless ``--force``).
"""

from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from hooklint.js.source import Source
from hooklint.migrate.model import Translation
from hooklint.run.metadata import HookEntry, read_text, yaml_documents

PLACEHOLDER = "_VALUE_NOT_SHOWN_"  # auth0-deploy-cli's OBFUSCATED_SECRET_VALUE
RUNTIME = "node22"

Layout = Literal["deploy-cli-yaml", "deploy-cli-directory", "terraform", "plain"]
Status = Literal["migrated", "already-migrated"]


class LayoutError(Exception):
    """The layout cannot be patched safely (a ``tenant.yaml`` whose ``actions:`` is not a
    list, a ``triggers.json`` that is not an object, ...): the hook is skipped, with this reason."""


@dataclass(frozen=True)
class HookSite:
    """A hook to migrate and where it came from: its source, the metadata entry that names
    it (``None`` for a plain file) and its script file (``None`` when written in metadata)."""

    source: Source
    entry: HookEntry | None
    script: Path | None

    @property
    def layout(self) -> Layout:
        if self.entry is None or self.entry.kind == "api-export":
            return "plain"
        if self.entry.kind == "deploy-cli-yaml":
            return "deploy-cli-yaml"
        if self.entry.kind == "terraform":
            return "terraform"
        return "deploy-cli-directory"

    @property
    def name(self) -> str:
        """The Action's name: the hook's (its resource label in Terraform), else its file's stem."""
        if self.entry is not None and self.entry.name:
            return self.entry.name
        return self.script.stem if self.script is not None else "hook"


@dataclass
class Placed:
    """Where one hook's Action went."""

    layout: Layout
    name: str
    status: Status
    files: list[Path] = field(default_factory=list)  # written or patched (as named on the source side)
    bound: bool = False  # a trigger binding was written (or was there already)
    notes: list[str] = field(default_factory=list)  # what the layout could not do, for the report


def sanitize(name: str) -> str:
    """A file name for an Action's name, as deploy-cli's export makes it: each character a
    file name cannot hold becomes ``-``."""
    cleaned = re.sub(r'[/\\?<>:*|"\x00-\x1f\x7f]', "-", name).strip()
    return "-" if cleaned in ("", ".", "..") else cleaned


# ----- the workspace: every read and write of a migration ----------------------------------


def _read_disk(path: Path) -> str | None:
    try:
        return path.read_bytes().decode("utf-8")
    except (OSError, UnicodeDecodeError):
        return None


class Workspace:
    """The files a migration reads and writes, in memory. ``out`` (``--out``) redirects
    every write to ``out/<the path relative to root>``: new files and the patched copies of
    metadata files alike, the sources left untouched; a file already written there is the
    one read (a second run sees its own output)."""

    def __init__(self, out: Path | None, root: Path, force: bool = False) -> None:
        self.out = Path(os.path.abspath(out)) if out is not None else None
        self.root = Path(os.path.abspath(root))
        self.force = force
        self.before: dict[Path, str | None] = {}  # target -> its text on disk (None: no file)
        self.after: dict[Path, str] = {}  # target -> its text once migrated
        self.conflicts: list[str] = []

    def target(self, path: Path) -> Path:
        """Where ``path`` is written."""
        absolute = Path(os.path.abspath(path))
        if self.out is None:
            return absolute
        try:
            return self.out / absolute.relative_to(self.root)
        except ValueError:  # outside the root: its whole path, under out
            return self.out / Path(*absolute.parts[1:])

    def _on_disk(self, target: Path) -> str | None:
        if target not in self.before:
            self.before[target] = _read_disk(target)
        return self.before[target]

    def read(self, path: Path) -> str | None:
        """The text of ``path`` as the migration sees it: as planned, else as written under
        ``out``, else the source's."""
        target = self.target(path)
        if target in self.after:
            return self.after[target]
        current = self._on_disk(target)
        if current is None and target != Path(os.path.abspath(path)):
            current = _read_disk(path)
        return current

    def patch(self, path: Path, text: str) -> None:
        """``path`` edited: the new text of a file the migration read."""
        target = self.target(path)
        self._on_disk(target)
        self.after[target] = text

    def create(self, path: Path, text: str) -> None:
        """``path`` written whole. Existing with other content, it is a conflict (unless ``--force``)."""
        target = self.target(path)
        existing = self.after.get(target, self._on_disk(target))
        if existing is not None and existing != text:
            if target in self.after:
                self.conflicts.append(f"{_shown(target)} would be written twice with different content")
                return
            if not self.force:
                self.conflicts.append(f"{_shown(target)} exists with other content (--force overwrites it)")
                return
        self.after[target] = text

    def changes(self) -> list[tuple[Path, str | None, str]]:
        """Each file that changes: where, its text before (None: a new file) and after."""
        return [(target, self.before.get(target), text) for target, text in sorted(self.after.items())
                if self.before.get(target) != text]


def _shown(path: Path) -> str:
    from hooklint.run.discover import display_path

    return display_path(path)


# ----- one hook ----------------------------------------------------------------------------


def place(workspace: Workspace, site: HookSite, translation: Translation) -> Placed:
    """Plan the files of ``site``'s Action in ``workspace``; ``LayoutError`` when it cannot."""
    layout = site.layout
    if layout == "deploy-cli-yaml":
        return _deploy_cli_yaml(workspace, site, translation)
    if layout == "deploy-cli-directory":
        return _deploy_cli_directory(workspace, site, translation)
    if layout == "terraform":
        return _terraform(workspace, site, translation)
    return _plain(workspace, site, translation)


def _binds(site: HookSite) -> bool:
    return site.entry is None or site.entry.enabled is not False


_DISABLED = "the hook was disabled (`enabled: false`): its Action is written but not bound to the trigger"


def _fields(translation: Translation, name: str, code: str) -> dict:
    """The Action's fields in deploy-cli's order and names (auth0-actions.md §6.1)."""
    return {
        "name": name,
        "code": code,
        "runtime": RUNTIME,
        "deployed": True,
        "dependencies": [{"name": k, "version": v} for k, v in sorted(translation.dependencies.items())],
        "secrets": [{"name": s, "value": PLACEHOLDER} for s in translation.secrets],
        "supported_triggers": [{"id": translation.trigger, "version": translation.version}],
    }


def _action_code(translation: Translation) -> str:
    code = translation.code
    return code if code.endswith("\n") else code + "\n"


# ----- deploy-cli YAML --------------------------------------------------------------------


def _metadata_text(workspace: Workspace, path: Path) -> tuple[str, str]:
    """A metadata file's BOM (kept apart, written back as it was) and its text."""
    text = workspace.read(path)
    if text is None:
        raise LayoutError(f"cannot read {_shown(path)}")
    return ("\ufeff", text[1:]) if text.startswith("\ufeff") else ("", text)


def _deploy_cli_yaml(workspace: Workspace, site: HookSite, translation: Translation) -> Placed:
    assert site.entry is not None
    tenant = site.entry.origin
    name = site.name
    bom, body = _metadata_text(workspace, tenant)
    placed = Placed("deploy-cli-yaml", name, "migrated")
    if name in _yaml_action_names(body):
        placed.status = "already-migrated"
        placed.bound = name in _yaml_bound(body, translation.trigger)
        return placed
    code_path = tenant.parent / "actions" / sanitize(name) / "code.js"
    workspace.create(code_path, _action_code(translation))
    item = _fields(translation, name, f"./actions/{sanitize(name)}/code.js")
    body = _yaml_append(body, ("actions",), item)
    if _binds(site):
        if name not in _yaml_bound(body, translation.trigger):
            body = _yaml_append(body, ("triggers", translation.trigger), {"action_name": name, "display_name": name})
        placed.bound = True
    else:
        placed.notes.append(_DISABLED)
    workspace.patch(tenant, bom + body)
    placed.files = [code_path, tenant]
    return placed


def _yaml_top(text: str):
    """The document of a tenant.yaml that holds ``hooks:`` (else the first mapping)."""
    import yaml

    try:
        documents = yaml_documents(text)
    except (yaml.YAMLError, RecursionError) as exc:
        raise LayoutError(f"not valid YAML ({str(exc).splitlines()[0]})") from None
    mappings = [d for d in documents if isinstance(d, yaml.MappingNode)]
    for document in mappings:
        if "hooks" in _keys(document):
            return document
    if not mappings:
        raise LayoutError("its YAML is not a mapping")
    return mappings[0]


def _keys(node) -> dict:
    """A mapping node's scalar keys -> (key node, value node); the last of a repeated key."""
    import yaml

    return {key.value: (key, value) for key, value in node.value if isinstance(key, yaml.ScalarNode)} \
        if isinstance(node, yaml.MappingNode) else {}


def _yaml_action_names(text: str) -> set[str]:
    actions = _keys(_yaml_top(text)).get("actions")
    return _names(actions[1] if actions is not None else None, "name")


def _yaml_bound(text: str, trigger: str) -> set[str]:
    triggers = _keys(_yaml_top(text)).get("triggers")
    bindings = _keys(triggers[1]).get(trigger) if triggers is not None else None
    return _names(bindings[1] if bindings is not None else None, "action_name")


def _names(sequence, key: str) -> set[str]:
    """The scalar ``key`` of each mapping in a YAML sequence node (none when it is not one)."""
    import yaml

    if not isinstance(sequence, yaml.SequenceNode):
        return set()
    names = set()
    for item in sequence.value:
        name = _keys(item).get(key)
        if name is not None and isinstance(name[1], yaml.ScalarNode):
            names.add(name[1].value)
    return names


def _yaml_append(text: str, keys: tuple[str, ...], item: dict) -> str:
    """``text`` with ``item`` appended to the list at ``keys`` (``("triggers", "post-login")``),
    the list or its keys added when missing: an insertion, nothing else moves."""
    import yaml

    newline = "\r\n" if "\r\n" in text else "\n"
    node = _yaml_top(text)
    for depth, key in enumerate(keys):
        found = _keys(node).get(key)
        if found is None:  # add `key:` (and the keys below it) at the end of this mapping
            column = node.value[0][0].start_mark.column if node.value else 0
            if node.flow_style:
                raise LayoutError(f"`{keys[depth - 1] if depth else 'the document'}` is a flow mapping; not patched")
            lines = []
            for level, name in enumerate(keys[depth:]):
                lines.append(" " * (column + 2 * level) + f"{name}:")
            lines += _yaml_item(item, column + 2 * (len(keys) - depth))
            return _insert_lines(text, _line_after(text, _last_end(node)) if node.value else len(text), lines,
                                 newline)
        node = found[1]
        if depth < len(keys) - 1 and not isinstance(node, yaml.MappingNode):
            raise LayoutError(f"`{key}:` is not a mapping; not patched")
    if not isinstance(node, yaml.SequenceNode):
        raise LayoutError(f"`{keys[-1]}:` is not a list; not patched")
    if node.flow_style:  # `[...]`: the item as a flow mapping (JSON is YAML) before the `]`
        close = node.end_mark.index - 1
        inside = text[node.start_mark.index + 1:close].strip()
        return text[:close] + (", " if inside else "") + json.dumps(item) + text[close:]
    lines = _yaml_item(item, node.start_mark.column)
    return _insert_lines(text, _line_after(text, _last_end(node)), lines, newline)


def _insert_lines(text: str, at: int, lines: list[str], newline: str) -> str:
    block = newline.join(lines) + newline
    if at == len(text) and text and not text.endswith(("\n", "\r")):
        block = newline + block
    return text[:at] + block + text[at:]


def _last_end(node, seen: set[int] | None = None) -> int:
    """Where the last text of ``node`` ends: the largest end of its scalars and flow
    collections (a block collection's own end mark is at the next token, past comments)."""
    import yaml

    seen = set() if seen is None else seen
    if id(node) in seen:
        return 0
    seen.add(id(node))
    if isinstance(node, yaml.ScalarNode) or getattr(node, "flow_style", False):
        return node.end_mark.index
    children = [child for pair in node.value for child in pair] if isinstance(node, yaml.MappingNode) \
        else list(node.value)
    return max((_last_end(child, seen) for child in children), default=node.start_mark.index)


def _line_after(text: str, index: int) -> int:
    """The start of the line after the one ``index`` is on (``index`` itself at a line start)."""
    if index > 0 and text[index - 1] in "\r\n":
        return index
    match = re.compile(r"\r\n|\r|\n").search(text, index)
    return match.end() if match else len(text)


def _yaml_item(item: dict, indent: int) -> list[str]:
    """``- key: value`` lines of a mapping in a block list whose ``-`` is at ``indent``."""
    lines = _yaml_mapping(item, indent + 2)
    lines[0] = " " * indent + "- " + lines[0][indent + 2:]
    return lines


def _yaml_mapping(mapping: dict, indent: int) -> list[str]:
    pad = " " * indent
    lines = []
    for key, value in mapping.items():
        if isinstance(value, list):
            if not value:
                lines.append(f"{pad}{key}: []")
                continue
            lines.append(f"{pad}{key}:")
            for element in value:
                lines += _yaml_item(element, indent + 2)
        else:
            lines.append(f"{pad}{key}: {_yaml_scalar(value)}")
    return lines


_PLAIN = re.compile(r"[A-Za-z0-9_./@-][A-Za-z0-9 _./@-]*")


def _yaml_scalar(value) -> str:
    """A scalar written plain when YAML reads it back as the same string (``1.7.2``, a
    name), else double-quoted (``"2.10"``, ``"true"``, a name with ``: ``)."""
    import yaml

    if isinstance(value, bool):
        return "true" if value else "false"
    text = str(value)
    if _PLAIN.fullmatch(text) and not text.endswith(" "):
        try:
            if yaml.safe_load(text) == text:
                return text
        except yaml.YAMLError:
            pass
    return json.dumps(text, ensure_ascii=False)


# ----- deploy-cli directory ---------------------------------------------------------------


def _deploy_cli_directory(workspace: Workspace, site: HookSite, translation: Translation) -> Placed:
    assert site.entry is not None
    origin = site.entry.origin
    root = origin.parent.parent if origin.parent.name == "hooks" else origin.parent
    name = site.name
    safe = sanitize(name)
    metadata_path = root / "actions" / f"{safe}.json"
    code_path = root / "actions" / safe / "code.js"
    placed = Placed("deploy-cli-directory", name, "migrated")
    existing = workspace.read(metadata_path)
    if existing is not None and _json_name(existing) == name:
        placed.status = "already-migrated"
        placed.bound = name in _json_bound(workspace, root, translation.trigger)
        return placed
    workspace.create(code_path, _action_code(translation))
    fields = _fields(translation, name, f"./actions/{safe}/code.js")
    workspace.create(metadata_path, json.dumps(fields, indent=2, ensure_ascii=False) + "\n")
    placed.files = [code_path, metadata_path]
    if not _binds(site):
        placed.notes.append(_DISABLED)
        return placed
    triggers_path = root / "triggers" / "triggers.json"
    text = workspace.read(triggers_path)
    try:
        data = json.loads(text) if text is not None and text.strip() else {}
    except ValueError as exc:
        raise LayoutError(f"{_shown(triggers_path)} is not valid JSON ({exc})") from None
    bindings = data.setdefault(translation.trigger, []) if isinstance(data, dict) else None
    if not isinstance(bindings, list):
        raise LayoutError(f"{_shown(triggers_path)} is not deploy-cli's map of trigger -> bindings")
    if name not in {b.get("action_name") for b in bindings if isinstance(b, dict)}:
        bindings.append({"action_name": name, "display_name": name})
        workspace.patch(triggers_path, json.dumps(data, indent=2, ensure_ascii=False) + "\n")
        placed.files.append(triggers_path)
    placed.bound = True
    return placed


def _json_name(text: str) -> object:
    try:
        data = json.loads(text)
    except ValueError:
        return None
    return data.get("name") if isinstance(data, dict) else None


def _json_bound(workspace: Workspace, root: Path, trigger: str) -> set[object]:
    text = workspace.read(root / "triggers" / "triggers.json")
    try:
        data = json.loads(text) if text else {}
    except ValueError:
        return set()
    bindings = data.get(trigger) if isinstance(data, dict) else None
    return {b.get("action_name") for b in bindings if isinstance(b, dict)} if isinstance(bindings, list) else set()


# ----- Terraform ---------------------------------------------------------------------------

_TRIGGER_ACTIONS = re.compile(r'resource\s+"auth0_trigger_actions"\s+"[^"]+"\s*\{')


def _terraform(workspace: Workspace, site: HookSite, translation: Translation) -> Placed:
    assert site.entry is not None
    tf = site.entry.origin
    label = site.name
    bom, body = _metadata_text(workspace, tf)
    placed = Placed("terraform", site.entry.title or label, "migrated")  # the report names the Action
    entries = read_text(tf, body)
    if any(e.action and e.name == label for e in entries):
        placed.status = "already-migrated"
        placed.bound = _bound_in(body, translation.trigger, label)
        return placed
    hook = next((e for e in entries if not e.action and e.name == label and e.span is not None), None)
    if hook is None or hook.span is None:
        raise LayoutError(f"the `auth0_hook` `{label}` is no longer in {_shown(tf)}")
    newline = "\r\n" if "\r\n" in body else "\n"
    if site.entry.script_path is not None:
        code_path = tf.parent / "actions" / f"{sanitize(label)}.js"
        workspace.create(code_path, _action_code(translation))
        code = f'file("${{path.module}}/actions/{sanitize(label)}.js")'
        placed.files.append(code_path)
    else:
        code = _heredoc(_action_code(translation))
    text_before_binding = body
    blocks = [_action_block(label, site.entry.title or label, translation, code)]
    if not _binds(site):
        placed.notes.append(_DISABLED)
    elif _trigger_resource(body, translation.trigger):
        extended = _extend_trigger_resource(body, translation.trigger, label)
        if extended is None:
            placed.notes.append(f"{_shown(tf)} already has an `auth0_trigger_actions` for `{translation.trigger}` "
                                "(one resource holds all of a trigger's bindings): add the Action to it by hand")
        else:
            body = extended
            placed.bound = True
    else:
        blocks.append(_binding_block(label, translation.trigger))
        placed.bound = True
    if body is not text_before_binding:  # the binding's edit may have moved the hook's block
        hook = next(e for e in read_text(tf, body) if not e.action and e.name == label and e.span is not None)
    assert hook.span is not None
    at = hook.span[1]
    insertion = "".join("\n" + block for block in blocks)
    if at == len(body) and body and not body.endswith(("\n", "\r")):
        insertion = "\n" + insertion
    if newline != "\n":
        insertion = insertion.replace("\n", newline)
    workspace.patch(tf, bom + body[:at] + insertion + body[at:])
    placed.files.append(tf)
    return placed


def _trigger_resource(text: str, trigger: str) -> bool:
    """An ``auth0_trigger_actions`` for ``trigger`` is already in ``text``."""
    for match in _TRIGGER_ACTIONS.finditer(text):
        end = text.find("\n}", match.end())
        block = text[match.end():end if end >= 0 else len(text)]
        if re.search(r'^\s*trigger\s*=\s*"' + re.escape(trigger) + '"', block, re.MULTILINE):
            return True
    return False


def _extend_trigger_resource(text: str, trigger: str, label: str) -> str | None:
    """``text`` with the Action appended to the ``actions`` of the ``auth0_trigger_actions``
    for ``trigger`` (the list is the execution order: it runs last), or ``None`` when that
    block's closing brace does not sit on a line of its own."""
    for match in _TRIGGER_ACTIONS.finditer(text):
        close = _closing_brace(text, match.end())
        if close is None or not re.search(r'^\s*trigger\s*=\s*"' + re.escape(trigger) + '"',
                                          text[match.end():close], re.MULTILINE):
            continue
        line_start = max(text.rfind("\n", 0, close), text.rfind("\r", 0, close)) + 1
        if text[line_start:close].strip():
            return None
        newline = "\r\n" if "\r\n" in text else "\n"
        lines = ["", "  actions {", f"    id           = auth0_action.{label}.id",
                 f"    display_name = auth0_action.{label}.name", "  }", ""]  # a blank line, the block
        return text[:line_start] + newline.join(lines) + text[line_start:]
    return None


def _closing_brace(text: str, index: int) -> int | None:
    """The index of the brace that closes the block whose body starts at ``index``
    (strings and comments skipped)."""
    depth = 1
    while index < len(text):
        char = text[index]
        if char == '"':
            index += 1
            while index < len(text) and text[index] != '"':
                index += 2 if text[index] == "\\" else 1
        elif char == "#" or text.startswith("//", index):
            while index < len(text) and text[index] not in "\r\n":
                index += 1
            continue
        elif char == "{":
            depth += 1
        elif char == "}":
            depth -= 1
            if depth == 0:
                return index
        index += 1
    return None


def _bound_in(text: str, trigger: str, label: str) -> bool:
    return _trigger_resource(text, trigger) and f"auth0_action.{label}.id" in text


def _hcl_quote(value: str) -> str:
    """An HCL string literal: JSON's escapes, and ``${``/``%{`` doubled (no interpolation)."""
    return json.dumps(value, ensure_ascii=False).replace("${", "$${").replace("%{", "%%{")


def _heredoc(code: str) -> str:
    """The code as an indented heredoc (``<<-EOT``): template sequences doubled, so
    Terraform hands the code over as written; a marker no line of the code is."""
    lines = code.rstrip("\n").split("\n")
    marker = "EOT"
    while any(line.strip() == marker for line in lines):
        marker += "_"
    escaped = [line.replace("${", "$${").replace("%{", "%%{") for line in lines]
    body = "\n".join(("    " + line) if line.strip() else "" for line in escaped)
    return f"<<-{marker}\n{body}\n  {marker}"


def _action_block(label: str, name: str, translation: Translation, code: str) -> str:
    lines = [f'resource "auth0_action" "{label}" {{',
             f"  name    = {_hcl_quote(name)}",
             f'  runtime = "{RUNTIME}"',
             "  deploy  = true",
             f"  code    = {code}",
             "",
             "  supported_triggers {",
             f"    id      = {_hcl_quote(translation.trigger)}",
             f"    version = {_hcl_quote(translation.version)}",
             "  }"]
    for name, version in sorted(translation.dependencies.items()):
        lines += ["", "  dependencies {", f"    name    = {_hcl_quote(name)}",
                  f"    version = {_hcl_quote(version)}", "  }"]
    for secret in translation.secrets:
        lines += ["", "  secrets {", f"    name  = {_hcl_quote(secret)}",
                  f"    value = {_hcl_quote(PLACEHOLDER)}", "  }"]
    return "\n".join(lines + ["}", ""])


def _binding_block(label: str, trigger: str) -> str:
    return "\n".join([f'resource "auth0_trigger_actions" "{label}" {{',
                      f"  trigger = {_hcl_quote(trigger)}",
                      "",
                      "  actions {",
                      f"    id           = auth0_action.{label}.id",
                      f"    display_name = auth0_action.{label}.name",
                      "  }",
                      "}", ""])


# ----- plain files and API exports --------------------------------------------------------


def _plain(workspace: Workspace, site: HookSite, translation: Translation) -> Placed:
    name = site.name
    if site.script is not None:
        folder = site.script.parent / sanitize(site.script.stem)
    else:
        assert site.entry is not None
        folder = site.entry.origin.parent / sanitize(name)
    code_path, metadata_path = folder / "code.js", folder / "action.json"
    fields = _fields(translation, name, "./code.js")
    del fields["deployed"]  # not deploy-cli's: the fields the Management API takes
    code, metadata = _action_code(translation), json.dumps(fields, indent=2, ensure_ascii=False) + "\n"
    placed = Placed("plain", name, "migrated", [code_path, metadata_path])
    if workspace.read(code_path) == code and workspace.read(metadata_path) == metadata:
        placed.status = "already-migrated"
        placed.files = []
        return placed
    workspace.create(code_path, code)
    workspace.create(metadata_path, metadata)
    return placed
