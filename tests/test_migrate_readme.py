"""The README's before and after of ``hooklint migrate`` is what the command writes today."""

from __future__ import annotations

import re
from pathlib import Path

from hooklint.checks.registry import load
from hooklint.js.source import Source
from hooklint.migrate.model import Translation
from hooklint.migrate.translate import translate
from hooklint.run.config import Config
from hooklint.run.engine import Engine

REPO = Path(__file__).resolve().parent.parent
HOOK = REPO / "examples" / "hooks" / "pre-user-registration-block-domains.js"


def _blocks() -> list[str]:
    text = (REPO / "README.md").read_text(encoding="utf-8")
    section = text[text.index("## Migrating from Hooks to Actions"):text.index("### Where the Action is written")]
    return re.findall(r"```js\n(.*?)```", section, re.S)


def test_the_readme_before_and_after_are_real():
    before, after = _blocks()
    hook = HOOK.read_text(encoding="utf-8")
    assert before in hook
    registry = load()
    engine = Engine(registry, Config(), set(registry.docs))
    translation = translate(Source(path=str(HOOK), text=hook),
                            lambda source: list(engine.check_source(source)[0].findings))
    assert isinstance(translation, Translation) and translation.form == "idiomatic"
    assert translation.code.endswith(after)
    assert [note.code for note in translation.notes] == ["passwordless-metadata"]
