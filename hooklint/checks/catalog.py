"""The rule catalogue as data: ``rules/HLnnn-<name>.md`` (TOML front matter + sections).

The docs ship inside the wheel as ``hooklint/rules`` (see pyproject.toml); in a source
checkout they are read from the top-level ``rules/`` folder.
"""

from __future__ import annotations

import re
import tomllib
from functools import lru_cache
from pathlib import Path
from typing import NamedTuple

from hooklint.actions.triggers import TRIGGERS
from hooklint.findings import APPLICABILITIES, Applicability, Level

SECTIONS = ("What it flags", "Why it matters", "Bad", "Good", "Limitations", "References")
FRONT_MATTER_KEYS = {"id", "name", "level", "points", "tags", "precision", "summary", "default-enabled"}
# masks-region: the finding's region is the secret itself, so no report copies its text
# (snippet, excerpt); the message shows a masked prefix instead.
# kinds: the kinds of program the rule runs on (default ["hook"]); triggers: for a rule that
# runs on Actions, the triggers it runs at (default ["all"]); ``points`` are a hook's.
# stopped-by: rules whose finding on a file means this rule does not run there ("one root
# cause, one finding": HL111's wrong entry point stops the other Action rules)
OPTIONAL_KEYS = {"security-severity", "masks-region", "kinds", "triggers", "stopped-by", "fix"}
KINDS = ("hook", "action")
PRECISIONS = ("very-high", "high", "medium", "low")
HELP_URI = "https://github.com/hooklint/hooklint/blob/main/rules/{file}"

_FRONT = re.compile(r"\A\+\+\+\n(.*?)\n\+\+\+\n", re.S)
_SECTION = re.compile(r"^## (.+?)\s*$", re.M)
_CODE = re.compile(r"```js\n(.*?)```", re.S)
_ID = re.compile(r"HL\d{3}")


class CatalogError(Exception):
    """A rule doc that does not follow the format: a bug in hooklint, reported loudly."""


class RuleDoc(NamedTuple):
    id: str
    name: str
    level: Level
    points: tuple[str, ...]
    kinds: tuple[str, ...]
    triggers: tuple[str, ...]
    tags: tuple[str, ...]
    precision: str
    summary: str
    default_enabled: bool
    security_severity: str | None
    masks_region: bool
    stopped_by: tuple[str, ...]
    fix: Applicability | None  # the class of the fix the rule offers (front matter ``fix``), if it offers one
    sections: dict[str, str]
    file_name: str
    text: str

    @property
    def help_uri(self) -> str:
        return HELP_URI.format(file=self.file_name)

    def example(self, section: str) -> str:
        """The ``js`` code block of the Bad or Good section."""
        blocks = _CODE.findall(self.sections[section])
        if len(blocks) != 1:
            raise CatalogError(f"{self.file_name}: section {section} needs exactly one ```js block")
        return blocks[0]

    def applies_to(self, point: str | None, kind: str = "hook") -> bool:
        """Does the rule run on a program of ``kind`` at ``point`` (a hook's point, an
        Action's trigger)? The kind must be one of the doc's ``kinds``; then a hook's point
        must be in ``points``, an Action's trigger in ``triggers`` (or the list is ``all``).
        The five ids that are both keep their meaning by kind."""
        if kind not in self.kinds:
            return False
        names = self.triggers if kind == "action" else self.points
        return "all" in names or (point is not None and point in names)


def rules_dir() -> Path:
    # hooklint is installed as files (setuptools, pip), so the docs are a folder of the
    # package (hooklint/rules), or rules/ beside the package in a checkout;
    # importlib.resources would cost 5 ms of start-up to say the same.
    package = Path(__file__).resolve().parent.parent
    packaged = package / "rules"
    return packaged if packaged.is_dir() else package.parent / "rules"


def parse_doc(file_name: str, text: str) -> RuleDoc:
    text = text.replace("\r\n", "\n")
    match = _FRONT.match(text)
    if not match:
        raise CatalogError(f"{file_name}: no +++ TOML front matter")
    try:
        meta = tomllib.loads(match.group(1))
    except tomllib.TOMLDecodeError as exc:
        raise CatalogError(f"{file_name}: front matter: {exc}") from None
    keys = set(meta)
    if not FRONT_MATTER_KEYS <= keys or keys - FRONT_MATTER_KEYS - OPTIONAL_KEYS:
        missing = sorted(FRONT_MATTER_KEYS - keys)
        extra = sorted(keys - FRONT_MATTER_KEYS - OPTIONAL_KEYS)
        raise CatalogError(f"{file_name}: front matter keys: missing {missing}, unknown {extra}")
    body = text[match.end():]
    heads = list(_SECTION.finditer(body))
    names = [h.group(1) for h in heads]
    if tuple(names) != SECTIONS:
        raise CatalogError(f"{file_name}: sections must be {list(SECTIONS)}, found {names}")
    sections = {}
    for i, head in enumerate(heads):
        end = heads[i + 1].start() if i + 1 < len(heads) else len(body)
        sections[head.group(1)] = body[head.end():end].strip()
    if f"{meta['id']}-{meta['name']}.md" != file_name:
        raise CatalogError(f"{file_name}: file name must be {meta['id']}-{meta['name']}.md")
    if meta["precision"] not in PRECISIONS:
        raise CatalogError(f"{file_name}: precision must be one of {PRECISIONS}")
    try:
        level = Level(meta["level"])
    except ValueError:
        raise CatalogError(f"{file_name}: level must be error, warning or note") from None
    severity = meta.get("security-severity")
    if severity is not None and not (isinstance(severity, str) and 0.1 <= float(severity) <= 10.0):
        raise CatalogError(f"{file_name}: security-severity must be a string from \"0.1\" to \"10.0\"")
    masks_region = meta.get("masks-region", False)
    if not isinstance(masks_region, bool):
        raise CatalogError(f"{file_name}: masks-region must be true or false")
    kinds = meta.get("kinds", ["hook"])
    if not (isinstance(kinds, list) and kinds and all(k in KINDS for k in kinds) and len(set(kinds)) == len(kinds)):
        raise CatalogError(f"{file_name}: kinds must be a list of {list(KINDS)}, each once")
    if "hook" not in kinds and meta["points"]:
        raise CatalogError(f"{file_name}: points are hook points: a rule that runs on no hook has `points = []`")
    triggers = meta.get("triggers", ["all"])
    if "triggers" in meta and "action" not in kinds:
        raise CatalogError(f"{file_name}: triggers is for a rule whose kinds include \"action\"")
    if not (isinstance(triggers, list) and triggers and all(t == "all" or t in TRIGGERS for t in triggers)):
        raise CatalogError(f"{file_name}: triggers must be a list of trigger ids, or [\"all\"]")
    stopped_by = meta.get("stopped-by", [])
    if not (isinstance(stopped_by, list) and all(isinstance(i, str) and _ID.fullmatch(i) for i in stopped_by)):
        raise CatalogError(f"{file_name}: stopped-by must be a list of rule ids")
    fix = meta.get("fix")
    if fix is not None and fix not in APPLICABILITIES:
        raise CatalogError(f"{file_name}: fix must be one of {APPLICABILITIES}")
    return RuleDoc(
        id=meta["id"], name=meta["name"], level=level, points=tuple(meta["points"]),
        kinds=tuple(kinds), triggers=tuple(triggers) if "action" in kinds else (),
        tags=tuple(meta["tags"]), precision=meta["precision"], summary=meta["summary"],
        default_enabled=bool(meta["default-enabled"]), security_severity=severity,
        masks_region=masks_region, stopped_by=tuple(stopped_by), fix=fix, sections=sections,
        file_name=file_name, text=text,
    )


@lru_cache(maxsize=1)
def load() -> dict[str, RuleDoc]:
    """Every rule doc by id, sorted by id."""
    docs: dict[str, RuleDoc] = {}
    for entry in sorted(rules_dir().iterdir(), key=lambda e: e.name):
        if not re.fullmatch(r"HL\d{3}-[a-z0-9-]+\.md", entry.name):
            continue
        doc = parse_doc(entry.name, entry.read_text(encoding="utf-8"))
        if doc.id in docs:
            raise CatalogError(f"{entry.name}: duplicate id {doc.id}")
        docs[doc.id] = doc
    if not docs:
        raise CatalogError(f"no rule docs found in {rules_dir()}")
    return docs


def rule_id(token: str, docs: dict[str, RuleDoc]) -> str | None:
    """The id a token names exactly: an id (any case) or a rule name; else ``None``."""
    token = token.strip()
    if token.upper() in docs:
        return token.upper()
    return next((doc.id for doc in docs.values() if doc.name == token), None)
