"""What needs a person when a hook becomes an Action (hooklint.migrate.review): one test per
note code, where it is placed, and the cases where nothing is said."""

from __future__ import annotations

import time

from hooklint.hooks import model as hook_model
from hooklint.js.parse import parse, with_deep_stack
from hooklint.js.source import Source
from hooklint.migrate import review

CCE = "module.exports = function (client, scope, audience, context, cb) {\n"
PRE = "// hooklint: point=pre-user-registration\nmodule.exports = function (user, context, cb) {\n"
POST = "// hooklint: point=post-user-registration\nmodule.exports = function (user, context, cb) {\n"
PCP = "// hooklint: point=post-change-password\nmodule.exports = function (user, context, cb) {\n"
SPM = "module.exports = function (recipient, text, context, cb) {\n"


def notes(text: str):
    source = Source(path="hook.js", text=text)
    hook = with_deep_stack(lambda: hook_model.build(source, parse(source.text)))
    assert hook.point_name is not None
    return with_deep_stack(lambda: review.notes(hook))


def codes(text: str) -> list[str]:
    return [n.code for n in notes(text)]


def test_webtask_storage():
    found = notes(POST + "  context.webtask.storage.get((err, data) => cb());\n};\n")
    assert [(n.code, n.kind, n.line, n.column) for n in found] == [("webtask-storage", "no-equivalent", 3, 3)]
    assert "persistent storage" in found[0].message


def test_webtask_other():
    found = notes(PCP + "  console.log(context.webtask.headers);\n  cb();\n};\n")
    assert [(n.code, n.line, n.column) for n in found] == [("webtask-other", 3, 15)]
    assert "`context.webtask.headers`" in found[0].message


def test_secrets_are_recreated_by_hand():
    found = notes(POST + "  const { A, B } = context.webtask.secrets;\n  const c = context.webtask.secrets['C'];\n"
                         "  cb();\n};\n")
    [note] = [n for n in found if n.code == "secrets-recreate"]
    assert (note.line, note.column, note.kind) == (0, 0, "behaviour-change")
    assert "`A`, `B`, `C`" in note.message
    # secrets are no webtask-other field
    assert codes(POST + "  const s = context.webtask.secrets;\n  cb();\n};\n") == ["secrets-recreate"]


def test_no_equivalent_field():
    found = notes(PRE + "  if (user.password.length < 8) return cb(new Error('short'));\n  cb();\n};\n")
    assert [(n.code, n.line, n.column) for n in found] == [("no-equivalent-field", 3, 7)]
    assert "`user.password`" in found[0].message
    assert codes(SPM + "  console.log(context.factor_type);\n  cb();\n};\n") == ["no-equivalent-field"]


def test_closest_match():
    found = notes(PRE + "  const lang = context.renderLanguage;\n  cb();\n};\n")
    assert [(n.code, n.kind) for n in found] == [("closest-match", "behaviour-change")]
    assert "event.transaction.locale" in found[0].message
    assert codes(SPM + "  const { language } = context;\n  cb();\n};\n") == ["closest-match"]


def test_user_id_prefix_at_the_post_points_only():
    assert codes(POST + "  console.log(user.id);\n  cb();\n};\n") == ["user-id-prefix"]
    assert codes(PCP + "  console.log(user.id);\n  cb();\n};\n") == ["user-id-prefix"]
    assert codes(SPM + "  console.log(context.user.user_id);\n  cb();\n};\n") == []


def test_passwordless_metadata():
    found = notes(PRE + "  cb(null, { user: { app_metadata: { plan: 'free' } } });\n};\n")
    assert [(n.code, n.kind, n.line) for n in found] == [("passwordless-metadata", "no-equivalent", 3)]
    found = notes(PRE + "  const r = { user: {} };\n  r.user.user_metadata = { a: 1 };\n  cb(null, r);\n};\n")
    assert [n.code for n in found] == ["passwordless-metadata"]


def test_cce_scope_and_claims_that_are_not_urls():
    found = notes(CCE + "  const t = { 'https://x/plan': 1 };\n  t.tier = 'gold';\n  t.scope = scope;\n"
                        "  cb(null, t);\n};\n")
    assert [(n.code, n.line, n.column) for n in found] == [("claim-not-url", 3, 5), ("cce-scope", 4, 5)]
    assert "`tier`" in found[0].message


def test_post_error_logged():
    found = notes(POST + "  if (!user.email) return cb(new Error('no email'));\n  cb();\n};\n")
    assert [(n.code, n.line, n.column) for n in found] == [("post-error-logged", 3, 27)]
    # an error at a blocking point is mapped, not logged
    assert codes(PRE + "  if (!user.email) return cb(new Error('no email'));\n  cb();\n};\n") == []


def test_work_after_callback():
    found = notes(POST + "  cb();\n  notify(user.email);\n};\nfunction notify() {}\n")
    assert [(n.code, n.line, n.column) for n in found] == [("work-after-callback", 3, 3)]
    assert "(line 4)" in found[0].message
    inner = POST + "  fetchIt().then(() => {\n    cb(null);\n    log();\n  });\n};\nfunction log() {}\n"
    assert codes(inner) == ["work-after-callback"]


def test_silent_cases():
    quiet = [
        CCE + "  const t = { 'https://x/a': client.id, 'http://y/b': audience };\n  cb(null, t);\n};\n",
        CCE + "  const t = {};\n  t[NS + 'x'] = 1;\n  cb(null, t);\n};\n",  # a key not known: not said
        PRE + "  if (user.email.endsWith('@x')) return cb(new PreUserRegistrationError('a', 'b'));\n  cb();\n};\n",
        POST + "  console.log(user.email, context.connection.name, context.requestLanguage);\n  cb();\n  return;\n};\n",
        POST + "  if (user.email) {\n    cb();\n  }\n  more();\n};\nfunction more() {}\n",  # not certain: silent
        PCP + "  return cb(null, user.email);\n};\n",
        SPM + "  send(recipient, text).then(() => cb(), (err) => cb(err));\n};\nfunction send() {}\n",
    ]
    for text in quiet:
        assert notes(text) == [], text


def test_linear_in_the_file():
    def timed(n: int) -> float:
        body = "".join(f"  const v{i} = context.webtask.secrets.S{i} + user.email + user.id;\n" for i in range(n))
        start = time.perf_counter()
        found = notes(POST + body + "  cb();\n};\n")
        assert len(found) == n + 1
        return time.perf_counter() - start

    timed(50)
    small, large = timed(400), timed(3200)
    assert large < small * 8 * 3, (small, large)
