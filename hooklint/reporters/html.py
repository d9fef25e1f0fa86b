"""HTML: one self-contained report (inline CSS and vanilla JS, no network).

Rendered with Jinja2, autoescape on (hook code, messages and paths are untrusted text),
from the templates in ``reports/`` (shipped as ``hooklint/reports``). The page's
Content-Security-Policy allows only its own inline style and script (by hash), so even
markup that slipped through could neither load anything nor run.
"""

from __future__ import annotations

import base64
import hashlib
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any, cast

import jinja2
from markupsafe import Markup, escape

from hooklint import __version__
from hooklint.checks.catalog import RuleDoc
from hooklint.findings import Finding
from hooklint.outcome import RunResult
from hooklint.checks.registry import Registry
from hooklint.reporters.common import Decided, Paths, Texts, file_results, finding_decided, utc, utf16_cut
from hooklint.auth0.sensitive import mask
from hooklint.findings import Region

TEMPLATE = "report.html.j2"
CONTEXT_LINES = 2  # lines shown before and after a finding's region
MAX_SPAN_LINES = 12  # lines of a long region shown before it is cut short
LEVELS = ("error", "warning", "note")
_RANK = {"error": 0, "warning": 1, "note": 2}


def reports_dir() -> Any:
    """The report templates: ``hooklint/reports`` when installed, ``reports/`` in a checkout."""
    packaged = resources.files("hooklint") / "reports"
    if packaged.is_dir() and (packaged / TEMPLATE).is_file():
        return packaged
    return Path(__file__).resolve().parent.parent.parent / "reports"


def _environment() -> jinja2.Environment:
    folder = reports_dir()

    def load(name: str) -> str | None:
        entry = folder / name
        return entry.read_text(encoding="utf-8") if entry.is_file() else None

    env = jinja2.Environment(loader=jinja2.FunctionLoader(load), autoescape=True, undefined=jinja2.StrictUndefined,
                             trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True)
    env.globals["asset"] = lambda name: Markup(load(name) or "")  # our own CSS/JS, inlined as is
    return env


# ----- a little Markdown, enough for the rule docs ---------------------------------------

_INLINE = re.compile(r"`([^`]+)`|\*\*([^*]+)\*\*")


def _inline(text: str) -> Markup:
    out = []
    last = 0
    for match in _INLINE.finditer(text):
        out.append(escape(text[last:match.start()]))
        if match.group(1) is not None:
            out.append(Markup("<code>%s</code>") % match.group(1))
        else:
            out.append(Markup("<strong>%s</strong>") % match.group(2))
        last = match.end()
    out.append(escape(text[last:]))
    return Markup("").join(out)


def markdown(text: str) -> Markup:
    """Paragraphs, ``-`` lists, fenced code and inline code/bold; everything escaped."""
    html: list[Markup] = []
    lines = text.split("\n")
    i = 0
    while i < len(lines):
        line = lines[i]
        if line.startswith("```"):
            body = []
            i += 1
            while i < len(lines) and not lines[i].startswith("```"):
                body.append(lines[i])
                i += 1
            html.append(Markup("<pre><code>%s</code></pre>") % "\n".join(body))
            i += 1
        elif line.lstrip().startswith("- "):
            items: list[str] = []
            while i < len(lines) and lines[i].strip() and not lines[i].startswith("```"):
                if lines[i].lstrip().startswith("- "):
                    items.append(lines[i].lstrip()[2:])
                else:
                    items[-1] += " " + lines[i].strip()
                i += 1
            html.append(Markup("<ul>%s</ul>") % Markup("").join(Markup("<li>%s</li>") % _inline(t) for t in items))
        elif line.strip():
            para = []
            while i < len(lines) and lines[i].strip() and not lines[i].startswith("```") \
                    and not lines[i].lstrip().startswith("- "):
                para.append(lines[i].strip())
                i += 1
            html.append(Markup("<p>%s</p>") % _inline(" ".join(para)))
        else:
            i += 1
    return Markup("\n").join(html)


# ----- the page's data -------------------------------------------------------------------


@dataclass
class Segment:
    text: str
    marked: bool


@dataclass
class Row:
    number: int | None  # None: lines left out
    segments: list[Segment] = field(default_factory=list)
    in_span: bool = False


def _span_row(line: str, number: int, r: Region, secret: bool = False) -> Row:
    first = r.start_column if number == r.start_line else 1
    last = r.end_column if number == r.end_line else None
    before, marked = utf16_cut(line, 1, first), utf16_cut(line, first, last)
    if secret and marked:  # an empty span has nothing to hide: it stays empty (a caret alone)
        marked = mask(marked, quoted=False)
    segments = [Segment(before, False)] if before else []
    if marked or r.start_line == r.end_line:  # an empty span of one line still shows a caret
        segments.append(Segment(marked, True))
    if last is not None and utf16_cut(line, last):
        segments.append(Segment(utf16_cut(line, last), False))
    return Row(number, segments, True)


def excerpt(lines: list[str] | None, finding: Finding, doc: RuleDoc) -> list[Row]:
    """The finding's lines with some context, its region's text marked (masked where the
    rule's doc says the region is a secret); a long region is cut short after
    ``MAX_SPAN_LINES`` lines."""
    if not lines:
        return []
    r = finding.region
    start = min(max(r.start_line, 1), len(lines))
    end = min(max(r.end_line, start), len(lines))
    shown_end = min(end, start + MAX_SPAN_LINES - 1)
    rows = [Row(n, [Segment(lines[n - 1], False)]) for n in range(max(start - CONTEXT_LINES, 1), start)]
    for number in range(start, shown_end + 1):
        if r.start_line <= number <= r.end_line:
            rows.append(_span_row(lines[number - 1], number, r, doc.masks_region))
        else:  # a region past the end of the file: its last line, unmarked
            rows.append(Row(number, [Segment(lines[number - 1], False)]))
    if shown_end < end:
        rows.append(Row(None, [Segment(f"… {end - shown_end} more lines of this region", False)]))
    rows += [Row(n, [Segment(lines[n - 1], False)]) for n in range(end + 1, min(end + CONTEXT_LINES, len(lines)) + 1)]
    return rows


def _search_text(*parts: str | None) -> str:
    return " ".join(p for p in parts if p).lower()


def _finding_view(f: Finding, doc: RuleDoc, paths: Paths, texts: Texts, number: int) -> dict:
    where = paths(f.path)
    point = f.point or "unknown"
    return {
        "anchor": f"finding-{number}",
        "rule_id": f.rule_id,
        "rule_name": doc.name,
        "summary": doc.summary,
        "help_uri": doc.help_uri,
        "level": f.level.value,
        "message": f.message,
        "path": where.display,
        "region": f.region,
        "point": point,
        "suppressed": f.suppressed,
        "justification": f.justification,
        "excerpt": excerpt(texts.lines(f.path), f, doc),
        "search": _search_text(f.rule_id, doc.name, f.level.value, f.message, where.display, point),
    }


def _counts(values) -> list[tuple[str, int]]:
    return sorted(Counter(values).items())


def context(run: RunResult, registry: Registry, *, report_suppressed: bool = False, project_root=None,
            exit_code: int | None = None, configuration_notes=()) -> dict:
    paths = Paths(project_root)
    texts = Texts(run)
    shown = run.findings + (run.suppressed if report_suppressed else [])
    shown.sort(key=lambda f: (paths(f.path).display, _RANK[f.level.value], f.region.start_line,
                              f.region.start_column, f.rule_id, f.message))
    groups: dict[str, list[dict]] = {}
    # each file's header says what it is (its kind, point and how that was decided): one
    # line per program, as a metadata file can hold several; a file that did not parse has none
    results = file_results(run)
    programs: dict[str, list[Decided]] = {}
    for number, f in enumerate(shown, 1):
        view = _finding_view(f, registry.docs[f.rule_id], paths, texts, number)
        groups.setdefault(view["path"], []).append(view)
        program = finding_decided(results, f)
        known = programs.setdefault(view["path"], [])
        if program is not None and program not in known:
            known.append(program)
    findings = run.findings
    rule_ids = sorted({f.rule_id for f in shown})
    return {
        "tool": "hooklint",
        "version": __version__,
        "generated": utc(run.ended).replace("T", " ").replace("Z", " UTC"),
        "exit_code": run.exit_code() if exit_code is None else exit_code,
        "files": len(run.files),
        "analysed": sum(1 for fr in run.files if fr.analysed),
        "total": len(findings),
        "shown_total": len(shown),
        "levels": [(level, sum(1 for f in findings if f.level.value == level)) for level in LEVELS],
        "by_point": _counts(f.point or "unknown" for f in findings),
        "by_rule": [(rule_id, registry.docs[rule_id].name, n) for rule_id, n in _counts(f.rule_id for f in findings)],
        "chip_levels": [(level, n) for level, n in _counts(f.level.value for f in shown)],
        "chip_rules": [(rule_id, registry.docs[rule_id].name, n) for rule_id, n in _counts(f.rule_id for f in shown)],
        "chip_points": _counts(f.point or "unknown" for f in shown),
        "chip_files": [(path, len(items)) for path, items in groups.items()],
        "groups": list(groups.items()),
        "programs": programs,
        "rules": [registry.docs[rule_id] for rule_id in rule_ids],
        "problems": [{"path": paths(p.path).display, "kind": p.kind, "message": p.message, "region": p.region}
                     for p in run.problems],
        "skipped": sorted({paths(fr.path).display for fr in run.files if not fr.analysed}
                          | {paths(p.path).display for p in run.read_problems}),
        "suppressed_total": len(run.suppressed),
        "suppressed_by_rule": [(rule_id, registry.docs[rule_id].name, n)
                               for rule_id, n in _counts(f.rule_id for f in run.suppressed)],
        "report_suppressed": report_suppressed,
        "configuration_notes": list(configuration_notes),
        "errors": list(run.errors),
        "markdown": markdown,
        "inline": _inline,
    }


def _csp_hash(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii") + "'"


def render(run: RunResult, registry: Registry, **options) -> str:
    env = _environment()
    data = context(run, registry, **options)
    asset = cast(Callable[[str], Markup], env.globals["asset"])  # set by _environment
    style = asset("report.css")
    script = asset("report.js")
    csp = (f"default-src 'none'; style-src {_csp_hash(style)}; script-src {_csp_hash(script)}; "
           "img-src 'none'; base-uri 'none'; form-action 'none'")
    return env.get_template(TEMPLATE).render(**data, style=style, script=script, csp=csp)
