"""translate end to end: the README's before and after is what the command writes today; line ends; dependencies."""

from __future__ import annotations

import re
from pathlib import Path

from hooklint.js.source import Source
from hooklint.migrate.model import Translation
from hooklint.migrate.command import checker
from hooklint.migrate.translate import translate

REPO = Path(__file__).resolve().parent.parent
HOOK = REPO / "examples" / "hooks" / "pre-user-registration-block-domains.js"
CHECK = checker()  # every rule, as `hooklint migrate` checks what it writes


def _blocks() -> list[str]:
    text = (REPO / "README.md").read_text(encoding="utf-8")
    section = text[text.index("## Migrating from Hooks to Actions"):text.index("### Where the Action is written")]
    return re.findall(r"```js\n(.*?)```", section, re.S)


def test_the_readme_before_and_after_are_real():
    before, after = _blocks()
    hook = HOOK.read_text(encoding="utf-8")
    assert before in hook
    translation = translate(Source(path=str(HOOK), text=hook), CHECK)
    assert isinstance(translation, Translation) and translation.form == "idiomatic"
    assert translation.code.endswith(after)
    assert [note.code for note in translation.notes] == ["passwordless-metadata"]


def test_a_crlf_hook_gives_a_crlf_action():
    hook = ("// hooklint: point=pre-user-registration\r\n"
            "module.exports = function (user, context, cb) {\r\n"
            "  if (user.email.endsWith('@spam.example'))\r\n"
            "    return cb(new PreUserRegistrationError('denied', 'Sorry'));\r\n"
            "  cb(null, { user: { app_metadata: { plan: 'free' } } });\r\n"
            "};\r\n")
    translation = translate(Source(path="crlf.js", text=hook), CHECK)
    assert isinstance(translation, Translation) and translation.form == "idiomatic"
    assert "api.access.deny('denied', 'Sorry')" in translation.code
    assert "\n" not in translation.code.replace("\r\n", ""), translation.code


def test_every_required_package_is_a_dependency():
    hook = ("// hooklint: point=post-change-password\n"
            "const axios = require('axios@1.7.9');\n"
            "const lodash = require('lodash/fp');\n"
            "const crypto = require('crypto');\n"
            "const local = require('./local');\n"
            "module.exports = function (user, context, cb) {\n"
            "  const request = require('request');\n"
            "  cb();\n"
            "};\n")
    translation = translate(Source(path="deps.js", text=hook, dependencies={"request": "2.88.2"}), CHECK)
    assert isinstance(translation, Translation)
    # pinned by the name, pinned by the metadata, unpinned (latest and a note); no core or relative module
    assert translation.dependencies == {"request": "2.88.2", "axios": "1.7.9", "lodash": "latest"}
    [note] = [n for n in translation.notes if n.code == "dependency-unpinned"]
    assert "`lodash`" in note.message and "request" not in note.message


def test_two_findings_in_the_action_are_two_notes():
    from hooklint.migrate.model import Note
    from hooklint.migrate.translate import _unique

    first = Note("action-warning", "HL112", "[error] line 3 of the Action: a")
    second = Note("action-warning", "HL112", "[error] line 9 of the Action: b")
    placed = Note("behaviour-change", "cce-scope", "the form's words", 4, 3)
    again = Note("no-equivalent", "cce-scope", "the review's words", 4, 3)
    assert _unique([first, second, placed, again]) == [first, second, placed]
