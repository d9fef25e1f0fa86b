"""The migration report: per hook, where it came from, its trigger, the form chosen and
why, what was carried over, and every point that needs a person (with file:line and its
kind); the hooks skipped, with why. Rendered as text (the terminal), Markdown
(``hooklint-migration.md``) and JSON (``hooklint-migration.json``).

The JSON has ``version`` (``VERSION``: bumped when a key changes meaning or goes) and
stable keys, in this order: ``version``, ``dry_run``, ``summary`` (``migrated``,
``already_migrated``, ``skipped``, ``notes``), ``hooks`` (each: ``source``, ``name``,
``layout``, ``status``, ``point``, ``trigger``, ``version``, ``entry_point``, ``form``,
``form_reason``, ``bound``, ``files``, ``carried``, ``dependencies``, ``secrets`` (names),
``notes`` (each: ``kind``, ``code``, ``message``, ``path``, ``line``, ``column``),
``layout_notes``), ``skipped`` (each: ``path``, ``reason``), ``conflicts``.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from hooklint.migrate.model import Note, Skipped, Translation

VERSION = 1
FORMATS = ("text", "json", "markdown")


@dataclass
class HookReport:
    """One migrated (or already migrated) hook."""

    source: str  # the hook as ``check`` names it (``tenant.tf#m2m`` for code in metadata)
    origin: str  # the file its lines are in (notes' file)
    name: str
    layout: str
    status: str  # "migrated" | "already-migrated"
    translation: Translation
    files: list[str] = field(default_factory=list)
    bound: bool = False
    layout_notes: list[str] = field(default_factory=list)


@dataclass
class MigrationReport:
    hooks: list[HookReport] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    conflicts: list[str] = field(default_factory=list)
    dry_run: bool = False

    @property
    def needs_a_person(self) -> bool:
        """A hook was skipped, or a migrated one has a note or a layout note."""
        return bool(self.skipped) or any(h.translation.notes or h.layout_notes for h in self.hooks)


def _note(origin: str, note: Note) -> dict:
    return {"kind": note.kind, "code": note.code, "message": note.message, "path": origin,
            "line": note.line, "column": note.column}


def _summary(report: MigrationReport) -> dict:
    return {"migrated": sum(h.status == "migrated" for h in report.hooks),
            "already_migrated": sum(h.status == "already-migrated" for h in report.hooks),
            "skipped": len(report.skipped),
            "notes": sum(len(h.translation.notes) for h in report.hooks)}


def to_json(report: MigrationReport) -> str:
    hooks = []
    for hook in report.hooks:
        t = hook.translation
        hooks.append({
            "source": hook.source, "name": hook.name, "layout": hook.layout, "status": hook.status,
            "point": t.point, "trigger": t.trigger, "version": t.version, "entry_point": t.entry_point,
            "form": t.form, "form_reason": t.form_reason, "bound": hook.bound, "files": hook.files,
            "carried": list(t.carried), "dependencies": dict(sorted(t.dependencies.items())),
            "secrets": list(t.secrets), "notes": [_note(hook.origin, n) for n in t.notes],
            "layout_notes": list(hook.layout_notes),
        })
    data = {"version": VERSION, "dry_run": report.dry_run, "summary": _summary(report), "hooks": hooks,
            "skipped": [{"path": s.path, "reason": s.reason} for s in report.skipped],
            "conflicts": list(report.conflicts)}
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def _where(origin: str, note: Note) -> str:
    return f"{origin}:{note.line}:{note.column}" if note.line else origin


def to_text(report: MigrationReport) -> str:
    lines = []
    for hook in report.hooks:
        t = hook.translation
        if hook.status == "already-migrated":
            lines.append(f"{hook.source}: already migrated (Action `{hook.name}`, {t.trigger})")
        else:
            lines.append(f"{hook.source}: {t.point} -> Action `{hook.name}` ({t.trigger} {t.version}, {t.form} form, "
                         f"{hook.layout})")
            lines += [f"  {'would write' if report.dry_run else 'wrote'} {path}" for path in hook.files]
        lines += [f"  {_where(hook.origin, n)}: [{n.kind}] {n.code}: {n.message}" for n in t.notes]
        lines += [f"  note: {text}" for text in hook.layout_notes]
    lines += [f"{s.path}: skipped: {s.reason}" for s in report.skipped]
    lines += [f"conflict: {c}" for c in report.conflicts]
    summary = _summary(report)
    verb = "would migrate" if report.dry_run else "migrated"
    notes = summary["notes"]
    lines.append(f"{verb} {summary['migrated']}, already migrated {summary['already_migrated']}, "
                 f"skipped {summary['skipped']}; {notes} note{'s need' if notes != 1 else ' needs'} a person")
    return "\n".join(lines) + "\n"


def _md(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def to_markdown(report: MigrationReport) -> str:
    summary = _summary(report)
    out = ["# Hooks → Actions migration report", "",
           f"{summary['migrated']} migrated, {summary['already_migrated']} already migrated, "
           f"{summary['skipped']} skipped; {summary['notes']} "
           f"note{'s need' if summary['notes'] != 1 else ' needs'} a person.", ""]
    for hook in report.hooks:
        t = hook.translation
        out += [f"## `{hook.source}` → Action `{hook.name}`", "",
                f"- status: {hook.status}",
                f"- point: `{t.point}` → trigger `{t.trigger}` {t.version} (`{t.entry_point}`)",
                f"- form: {t.form}: {t.form_reason}",
                f"- layout: {hook.layout}; bound to the trigger: {'yes' if hook.bound else 'no'}"]
        if hook.files:
            out.append("- files: " + ", ".join(f"`{path}`" for path in hook.files))
        if t.secrets:
            out.append("- secrets to re-create on the Action: " + ", ".join(f"`{s}`" for s in t.secrets))
        if t.carried:
            out += ["", "### Carried over", ""] + [f"- {line}" for line in t.carried]
        if t.notes or hook.layout_notes:
            out += ["", "### Needs a person", "", "| where | kind | code | why |", "|---|---|---|---|"]
            out += [f"| `{_where(hook.origin, n)}` | {n.kind} | `{n.code}` | {_md(n.message)} |" for n in t.notes]
            out += [f"| `{hook.origin}` | layout | | {_md(text)} |" for text in hook.layout_notes]
        out.append("")
    if report.skipped:
        out += ["## Skipped", ""] + [f"- `{s.path}`: {s.reason}" for s in report.skipped] + [""]
    if report.conflicts:
        out += ["## Not written (conflicts)", ""] + [f"- {c}" for c in report.conflicts] + [""]
    return "\n".join(out)


def render(report: MigrationReport, fmt: str) -> str:
    return {"json": to_json, "markdown": to_markdown}.get(fmt, to_text)(report)
