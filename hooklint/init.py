"""``hooklint init``: a commented configuration with the points hooklint inferred."""

from __future__ import annotations

from hooklint.outcome import RunResult
from hooklint.hooks.points import NO_FUNCTION

_HEADER = """\
# hooklint configuration, written by `hooklint init`: review it, then commit it.
# Every key is optional; https://github.com/hooklint/hooklint#configuration lists them.
"""

_BODY = """\
# select = ["HL"]               # the rules to run (default: every rule on by default)
# extend-select = ["HL003"]     # also say that each hook must move to an Action
# ignore = []                   # ids, names or prefixes never to run
# exclude = ["vendor", "**/*.min.js"]
# per-file-ignores = {{ "hooks/legacy-*.js" = ["HL108"] }}
fail-on = "warning"             # error | warning | note: the lowest level that fails a run
"""


def render(run: RunResult, pyproject: bool) -> tuple[str, int]:
    """The configuration text, and how many hooks it lists."""
    table = "[tool.hooklint]\n" if pyproject else ""
    points_table = "[tool.hooklint.points]" if pyproject else "[points]"
    lines = [_HEADER, table + _BODY.format()]
    decided, undecided = [], []
    for file in sorted(run.files, key=lambda f: f.path):
        decision = file.decision
        if decision is None or decision.how in ("pragma", "metadata", "config", "option") \
                or decision.evidence == NO_FUNCTION:
            continue  # already written down where hooklint finds it, or not a hook
        if file.kind == "action":
            continue  # an Action's entry points name its trigger: nothing to confirm
        if decision.point is not None:
            decided.append(f"# {decision.evidence}\n{_key(file.path)} = \"{decision.point}\"")
        elif file.analysed:
            undecided.append(f"# undetermined: {decision.evidence}\n# {_key(file.path)} = \"?\"")
    if decided or undecided:
        lines.append(f"# The extensibility point of each hook, as inferred: confirm or correct them.\n{points_table}")
        lines.extend(decided + undecided)
    return "\n".join(lines).rstrip() + "\n", len(decided) + len(undecided)


def _key(path: str) -> str:
    return '"' + path.replace("\\", "\\\\").replace('"', '\\"') + '"'
