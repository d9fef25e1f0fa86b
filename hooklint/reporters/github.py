"""GitHub Actions workflow commands: one annotation per finding, no upload needed.

``::error file=PATH,line=L,col=C,endLine=L2,endColumn=C2,title=HL102 callback-not-called::message``
(``warning`` is ``::warning``, ``note`` is ``::notice``). Values are escaped as GitHub's
toolkit escapes them: ``%``, CR and LF in the message; those and ``,`` and ``:`` in the
properties. Paths are relative to the project root (the repository's checkout), and
columns are 1-based with an exclusive end, as findings carry them.
"""

from __future__ import annotations

from hooklint.outcome import RunResult
from hooklint.checks.registry import Registry
from hooklint.reporters.common import Paths
from hooklint.reporters.text import summary

COMMANDS = {"error": "error", "warning": "warning", "note": "notice"}


def escape_data(value: str) -> str:
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(value: str) -> str:
    return escape_data(value).replace(":", "%3A").replace(",", "%2C")


def command(name: str, properties: dict[str, object], message: str) -> str:
    props = ",".join(f"{key}={escape_property(str(value))}" for key, value in properties.items() if value is not None)
    return f"::{name}{' ' + props if props else ''}::{escape_data(message)}"


def render(run: RunResult, registry: Registry, *, quiet: bool = False, project_root=None) -> str:
    paths = Paths(project_root)
    lines = []
    for f in run.findings:
        r = f.region
        doc = registry.docs[f.rule_id]
        lines.append(command(COMMANDS[f.level.value], {
            "file": paths(f.path).display,
            "line": r.start_line,
            "col": r.start_column,
            "endLine": r.end_line,
            "endColumn": r.end_column,
            "title": f"{f.rule_id} {doc.name}",
        }, f.message))
    for problem in run.read_problems:
        lines.append(command("error", {"file": paths(problem.path).display, "title": "hooklint"},
                             f"cannot read: {problem.message}"))
    if not quiet:
        lines.append(summary(run))
    return "\n".join(lines) + ("\n" if lines else "")
