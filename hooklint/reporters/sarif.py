"""SARIF 2.1.0, as GitHub code scanning and SARIF viewers need it (see the design doc).

The log is built from sarif-om's object model and serialized by ``to_json`` below, not by
``jschema_to_python``: that one writes ``Suppression.state`` where the schema says
``status``, drops default-valued fields such as ``level: "warning"``, never writes
``columnKind``, and is slow.

Coordinates are used as findings carry them: 1-based lines, 1-based UTF-16 columns with
an exclusive end column, which is SARIF's ``utf16CodeUnits`` convention as it is.

What each program is and where Auth0 runs it is in property bags (``ProgramProperties``):
``hooklint/kind`` (``hook``, ``action``), ``hooklint/point`` (a hook's extensibility point
or an Action's trigger; absent when undecided) and ``hooklint/how`` (how that was decided:
``option``, ``config``, ``pragma``, ``metadata``, ``inferred``, ``undetermined``), on each
result of an analysed program and on ``run.artifacts``, one artifact per analysed script
file, whose bag also says ``hooklint/evidence``. Code embedded in a metadata file has no
artifact of its own (one metadata file can hold several programs): its results say it.
"""

from __future__ import annotations

import json
import re

import attr
import sarif_om as om

from hooklint import __version__
from hooklint.checks.catalog import RuleDoc
from hooklint.findings import Finding
from hooklint.outcome import FileResult, Problem, RunResult
from hooklint.checks.registry import Registry
from hooklint.reporters.common import (Decided, Paths, Texts, decided, file_results, finding_decided, region_text,
                                       sentence, utc)
from hooklint.reporters.fingerprints import line_hashes, stable_fingerprints
from hooklint.findings import Region

SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json"
INFORMATION_URI = "https://github.com/hooklint/hooklint"
DEFAULT_CATEGORY = "hooklint/"
FINGERPRINT_KEY = "hooklint/v1"
LINE_HASH_KEY = "primaryLocationLineHash"


@attr.s
class RuleProperties(om.PropertyBag):
    """A rule's property bag: GitHub reads ``tags``, ``precision`` and ``security-severity``."""

    precision = attr.ib(default=None, metadata={"schema_property_name": "precision"})
    security_severity = attr.ib(default=None, metadata={"schema_property_name": "security-severity"})


@attr.s
class ProgramProperties(om.PropertyBag):
    """The property bag of a result or an artifact: the program's kind, point and how that
    was decided (``hooklint/evidence``: on artifacts only)."""

    kind = attr.ib(default=None, metadata={"schema_property_name": "hooklint/kind"})
    point = attr.ib(default=None, metadata={"schema_property_name": "hooklint/point"})
    how = attr.ib(default=None, metadata={"schema_property_name": "hooklint/how"})
    evidence = attr.ib(default=None, metadata={"schema_property_name": "hooklint/evidence"})


def _program_properties(program: Decided | None, evidence: bool = False) -> ProgramProperties | None:
    if program is None:
        return None
    return ProgramProperties(kind=program.kind, point=program.point, how=program.how,
                             evidence=program.evidence if evidence else None)


# ----- serialization ---------------------------------------------------------------------

# Keys in the order a reader expects them; the others follow in sarif-om's order.
_KEY_ORDER = {key: i for i, key in enumerate((
    "$schema", "version", "runs", "tool", "driver", "id", "name", "semanticVersion", "informationUri",
    "ruleId", "ruleIndex", "level", "message", "text", "markdown", "locations", "physicalLocation",
    "artifactLocation", "location", "uri", "region", "startLine", "startColumn", "endLine", "endColumn", "snippet",
    "shortDescription", "fullDescription", "help", "helpUri", "defaultConfiguration", "properties",
    "tags", "precision", "security-severity", "executionSuccessful", "exitCode", "startTimeUtc", "endTimeUtc",
))}


def to_json(obj):
    """A sarif-om object as JSON data: every field that is set, under its schema name.

    A field is left out when it is ``None`` or equal to its schema default (``-1`` index
    sentinels, ``kind: "fail"``, ``language: "en-US"``...), except ``level``, which is
    always written: GitHub and the validators want it explicit, ``warning`` included.
    """
    if attr.has(type(obj)):
        out = {}
        for field in attr.fields(type(obj)):
            value = getattr(obj, field.name)
            if value is None:
                continue
            default = field.default
            if isinstance(default, attr.Factory):
                default = default.factory()
            if field.name != "level" and default is not attr.NOTHING and value == default \
                    and type(value) is type(default):
                continue
            out[field.metadata["schema_property_name"]] = to_json(value)
        order = list(out)
        return dict(sorted(out.items(), key=lambda item: (_KEY_ORDER.get(item[0], len(_KEY_ORDER)),
                                                          order.index(item[0]))))
    if isinstance(obj, dict):
        return {key: to_json(value) for key, value in obj.items()}
    if isinstance(obj, (list, tuple)):
        return [to_json(value) for value in obj]
    return obj


# ----- rules -----------------------------------------------------------------------------

_FENCE = re.compile(r"^```[a-z]*\s*$", re.M)


def _help_markdown(doc: RuleDoc) -> str:
    parts = [f"**{doc.id} {doc.name}**: {doc.summary}"]
    for title, body in doc.sections.items():
        parts.append(f"## {title}\n\n{body}")
    parts.append(f"[Full documentation]({doc.help_uri})")
    return "\n\n".join(parts) + "\n"


def _help_text(doc: RuleDoc) -> str:
    parts = [f"{doc.id} {doc.name}: {doc.summary}"]
    for title, body in doc.sections.items():
        parts.append(f"{title}\n\n{_FENCE.sub('', body).strip()}")
    parts.append(f"Full documentation: {doc.help_uri}")
    return "\n\n".join(parts) + "\n"


def _descriptor(doc: RuleDoc) -> om.ReportingDescriptor:
    flags = doc.sections["What it flags"]
    return om.ReportingDescriptor(
        id=doc.id,
        name=doc.name,
        short_description=om.MultiformatMessageString(text=doc.summary),
        full_description=om.MultiformatMessageString(
            text=f"{doc.summary}\n\n{_FENCE.sub('', flags).strip()}", markdown=f"{doc.summary}\n\n{flags}"),
        help=om.MultiformatMessageString(text=_help_text(doc), markdown=_help_markdown(doc)),
        help_uri=doc.help_uri,
        default_configuration=om.ReportingConfiguration(level=doc.level.value),
        # tags: sarif-om's PropertyBag, which mypy does not see (sarif-om ships no types)
        properties=RuleProperties(tags=list(doc.tags), precision=doc.precision,  # type: ignore[call-arg]
                                  security_severity=doc.security_severity),
    )


def _rule_ids(run: RunResult, findings: list[Finding]) -> list[str]:
    """The rules that ran: every selected rule (each is implemented), and any that reported."""
    ids = set(run.selected) | set(run.rules_run) | {f.rule_id for f in findings}
    return sorted(ids)


# ----- results ---------------------------------------------------------------------------


def _region(region: Region, snippet: str | None) -> om.Region:
    return om.Region(
        start_line=region.start_line, start_column=region.start_column,
        end_line=region.end_line, end_column=region.end_column,
        snippet=om.ArtifactContent(text=snippet) if snippet else None,
    )


class _Builder:
    def __init__(self, run: RunResult, project_root, report_suppressed: bool) -> None:
        self.paths = Paths(project_root)
        self.texts = Texts(run)
        self.report_suppressed = report_suppressed
        self._hashes: dict[str, list[str] | None] = {}
        self._stable = stable_fingerprints(run, project_root)
        self._results = file_results(run)
        self.baseline_used = run.baseline is not None

    def snippet(self, path: str, region: Region) -> str:
        lines = self.texts.lines(path)
        return region_text(lines, region) if lines is not None else ""

    def line_hash(self, path: str, line: int) -> str | None:
        if path not in self._hashes:
            text = self.texts.text(path)
            self._hashes[path] = None if text is None else line_hashes(text)
        hashes = self._hashes[path]
        if hashes is None or not 1 <= line <= len(hashes):
            return None  # GitHub computes it itself then
        return hashes[line - 1]

    def location(self, path: str, region: Region | None, with_snippet: bool = True) -> om.Location:
        uri = self.paths(path).uri
        snippet = self.snippet(path, region) if region is not None and with_snippet else None
        return om.Location(physical_location=om.PhysicalLocation(
            artifact_location=om.ArtifactLocation(uri=uri),
            region=_region(region, snippet) if region is not None else None,
        ))

    def result(self, finding: Finding, rule_index: int, doc: RuleDoc) -> om.Result:
        # Where the region is the secret itself (a hard-coded credential), the report does not
        # copy it (the message shows a masked prefix; code scanning shows the line from the
        # repository).
        location = self.location(finding.path, finding.region, with_snippet=not doc.masks_region)
        partial = {}
        line_hash = self.line_hash(finding.path, finding.region.start_line)
        if line_hash is not None:
            partial[LINE_HASH_KEY] = line_hash
        suppressions = None
        if self.report_suppressed:
            suppressions = []
            if finding.suppressed:
                suppressions.append(om.Suppression(kind="inSource", justification=finding.justification))
        return om.Result(
            rule_id=finding.rule_id,
            rule_index=rule_index,
            level=finding.level.value,
            message=om.Message(text=sentence(finding.message)),
            locations=[location],
            partial_fingerprints=partial or None,
            fingerprints={FINGERPRINT_KEY: self._stable[id(finding)]},
            suppressions=suppressions,
            baseline_state="new" if self.baseline_used else None,
            fixes=[self.fix(finding)] if finding.fix is not None else None,
            properties=_program_properties(finding_decided(self._results, finding)),
        )

    def artifacts(self, files: list[FileResult]) -> list[om.Artifact]:
        """An artifact per analysed script file, by path (not code embedded in a metadata
        file: see the module docstring)."""
        whole = [fr for fr in files if fr.source is not None and decided(fr) is not None]
        return [om.Artifact(location=om.ArtifactLocation(uri=self.paths(fr.path).uri),
                            properties=_program_properties(decided(fr), evidence=True))
                for fr in sorted(whole, key=lambda fr: self.paths(fr.path).uri)]

    def fix(self, finding: Finding) -> om.Fix:
        uri = self.paths(finding.path).uri
        fix = finding.fix
        assert fix is not None  # the caller asks only for a finding that has one
        return om.Fix(
            description=om.Message(text=sentence(fix.description)),
            artifact_changes=[om.ArtifactChange(
                artifact_location=om.ArtifactLocation(uri=uri),
                replacements=[om.Replacement(
                    deleted_region=_region(edit.region, None),
                    inserted_content=om.ArtifactContent(text=edit.text),
                ) for edit in fix.edits],
            )],
            # SARIF has no field for it: the property bag (§3.8), as ``fix.applicability`` in JSON
            properties={"applicability": fix.applicability},
        )

    def notification(self, problem: Problem) -> om.Notification:
        where = self.paths(problem.path)
        return om.Notification(
            level="error",
            message=om.Message(text=_period(f"{where.display}: {problem.message}")),
            locations=[self.location(problem.path, problem.region)],
        )


def _period(text: str) -> str:
    text = " ".join(text.split())
    return text if text.endswith((".", "!", "?")) else text + "."


def _category(category: str | None) -> str:
    """``automationDetails.id``: GitHub's convention, a category ending in ``/``."""
    category = (category or DEFAULT_CATEGORY).strip()
    return category if category.endswith("/") else category + "/"


def build(run: RunResult, registry: Registry, *, report_suppressed: bool = False, category: str | None = None,
          project_root=None, exit_code: int | None = None,
          configuration_notes: list[str] | tuple[str, ...] = ()) -> om.SarifLog:
    """The SARIF log of a run, as sarif-om objects."""
    findings = run.findings
    if report_suppressed:
        findings = sorted(findings + run.suppressed, key=lambda f: f.sort_key)
    rule_ids = _rule_ids(run, findings)
    index = {rule_id: i for i, rule_id in enumerate(rule_ids)}
    builder = _Builder(run, project_root, report_suppressed)
    results = [builder.result(f, index[f.rule_id], registry.docs[f.rule_id]) for f in findings]
    problems = run.problems
    invocation = om.Invocation(
        execution_successful=not problems and not run.errors,
        exit_code=run.exit_code() if exit_code is None else exit_code,
        start_time_utc=utc(run.started),
        end_time_utc=utc(max(run.ended, run.started)),
        tool_execution_notifications=[builder.notification(p) for p in problems] or None,
        tool_configuration_notifications=[
            om.Notification(level="warning", message=om.Message(text=_period(note))) for note in configuration_notes
        ] or None,
    )
    driver = om.ToolComponent(
        name="hooklint",
        semantic_version=__version__,
        information_uri=INFORMATION_URI,
        rules=[_descriptor(registry.docs[rule_id]) for rule_id in rule_ids],
    )
    sarif_run = om.Run(
        tool=om.Tool(driver=driver),
        automation_details=om.RunAutomationDetails(id=_category(category)),
        column_kind="utf16CodeUnits",
        invocations=[invocation],
        results=results,
        artifacts=builder.artifacts(run.files) or None,
    )
    return om.SarifLog(schema_uri=SCHEMA_URI, version="2.1.0", runs=[sarif_run])


def render(run: RunResult, registry: Registry, **options) -> str:
    return json.dumps(to_json(build(run, registry, **options)), indent=2, ensure_ascii=False) + "\n"
