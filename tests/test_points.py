"""How a hook's extensibility point is decided (auth0-hooks.md §2 and §4): explicit choice,
pragma, metadata, then inference from the signature, the body, the JSDoc and the file name."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import active, lint
from hooklint.auth0.pragma import find_pragma
from hooklint.hooks import points
from hooklint.hooks.model import build
from hooklint.js.parse import ParseError, parse
from hooklint.findings import PointDecision
from hooklint.js.source import Source

PRE, POST, PCP = "pre-user-registration", "post-user-registration", "post-change-password"


def hook(text: str, path: str = "hook.js", hint: PointDecision | None = None):
    source = Source(path=path, text=text, point_hint=hint)
    parsed = parse(source.text)
    assert not isinstance(parsed, ParseError), parsed
    return build(source, parsed)


def user_hook(body: str) -> str:
    return "module.exports = function (user, context, cb) {\n" + body + "\n};\n"


NO_EVIDENCE = user_hook("  console.log('hook for ' + user.email + ' on ' + context.connection.name);\n  cb();")


# ----- signature -------------------------------------------------------------------------


def test_five_params_is_credentials_exchange():
    decision = hook("module.exports = function (client, scope, audience, context, cb) { cb(null, {}); };").point
    assert decision.point == "credentials-exchange"
    assert decision.how == "inferred"
    assert "5" in decision.evidence


def test_four_params_is_send_phone_message():
    decision = hook("module.exports = function (recipient, text, context, cb) { cb(null, {}); };").point
    assert decision.point == "send-phone-message"
    assert decision.how == "inferred"
    assert "4" in decision.evidence


def test_six_params_is_the_retired_password_exchange():
    decision = hook("module.exports = function (user, client, scope, audience, context, cb) { cb(); };").point
    assert decision.point is None
    assert decision.invalid == "password-exchange"
    assert "6" in decision.evidence


def test_two_params_match_no_point():
    decision = hook("module.exports = function (user, cb) { cb(); };").point
    assert decision.point is None
    assert decision.how == "undetermined"
    assert decision.invalid is None


def test_async_arrow_and_webtask_return_are_inferred_too():
    assert hook("module.exports = async (client, scope, audience, context, cb) => cb(null, {});").point.point \
        == "credentials-exchange"
    assert hook("return function (recipient, text, context, cb) { cb(); };").point.point == "send-phone-message"


# ----- three parameters: the body decides -------------------------------------------------


@pytest.mark.parametrize("body, point, mentions", [
    ("  if (user.password.length < 12) return cb(new Error('short'));\n  cb();", PRE, "user.password"),
    ("  console.log(context.renderLanguage);\n  cb();", PRE, "context.renderLanguage"),
    ("  console.log(context.request.ip);\n  cb();", PRE, "context.request"),
    ("  console.log(context?.request?.ip);\n  cb();", PRE, "context.request"),
    ("  cb(new PreUserRegistrationError('denied', 'Sign-up is closed'));", PRE, "PreUserRegistrationError"),
    ("  cb(null, { user: { app_metadata: { plan: 'free' } } });", PRE, "app_metadata"),
    ("  cb(null, { user: { user_metadata: { lang: 'en' } } });", PRE, "user_metadata"),
    ("  var response = {};\n  response.user = {};\n  response.user.user_metadata = { a: 1 };\n  cb(null, response);",
     PRE, "response.user.user_metadata"),
    ("  console.log('changed at ' + user.last_password_reset);\n  cb();", PCP, "user.last_password_reset"),
    ("  console.log(user['last_password_reset']);\n  cb();", PCP, "user.last_password_reset"),
    ("  console.log(user.user_metadata.first_name);\n  cb();", POST, "user.user_metadata"),
    ("  console.log(user.id, user.app_metadata.plan);\n  cb();", POST, "user.app_metadata"),
], ids=["password", "renderLanguage", "request.ip", "optional-chain", "error-class", "app_metadata-result",
        "user_metadata-result", "response-object", "last_password_reset", "computed-member", "metadata-input",
        "id-and-metadata-input"])
def test_body_evidence_decides_three_param_hooks(body, point, mentions):
    decision = hook(user_hook(body)).point
    assert decision.point == point
    assert decision.how == "inferred"
    assert mentions in decision.evidence


def test_body_evidence_uses_parameter_positions_not_names():
    decision = hook("module.exports = function (u, ctx, done) {\n"
                    "  if (!u.password) return done();\n  done();\n};").point
    assert decision.point == PRE
    assert "u.password" in decision.evidence
    # `password` of something that is not the first parameter is no evidence.
    other = hook(user_hook("  var form = { password: 'x' };\n  console.log(form.password, context.password);\n  cb();"))
    assert other.point.point is None


def test_evidence_names_the_line():
    decision = hook(user_hook("  var a = 1;\n  var b = user.last_password_reset;\n  cb();")).point
    assert decision.point == PCP
    assert "line 3" in decision.evidence


def test_ambiguous_three_param_hook_is_undetermined():
    decision = hook(NO_EVIDENCE).point
    assert decision.point is None
    assert decision.how == "undetermined"
    assert decision.invalid is None
    for name in (PRE, POST, PCP):
        assert name in decision.evidence


def test_conflicting_body_evidence_is_undetermined():
    decision = hook(user_hook("  console.log(user.password, user.last_password_reset);\n  cb();")).point
    assert decision.point is None
    assert decision.how == "undetermined"
    assert "conflicting" in decision.evidence
    assert PRE in decision.evidence and PCP in decision.evidence


# ----- JSDoc and file name ----------------------------------------------------------------


JSDOC_PCP = (
    "/**\n"
    " * @param {object} user - the user whose password changed\n"
    " * @param {string} user.last_password_reset - when it changed\n"
    " * @param {object} context\n"
    " * @param {function} cb\n"
    " */\n"
)


def test_jsdoc_decides_when_the_body_does_not():
    decision = hook(JSDOC_PCP + NO_EVIDENCE).point
    assert decision.point == PCP
    assert decision.how == "inferred"
    assert "JSDoc" in decision.evidence and "last_password_reset" in decision.evidence


def test_comment_inside_the_function_is_not_jsdoc_evidence():
    text = "module.exports = function (user, context, cb) {\n  /* user.last_password_reset */\n  cb();\n};\n"
    assert hook(text).point.point is None


def test_line_comment_is_not_jsdoc_evidence():
    text = "// user.last_password_reset is documented here\n" + NO_EVIDENCE
    assert hook(text).point.point is None


def test_body_evidence_beats_jsdoc():
    decision = hook(JSDOC_PCP + user_hook("  console.log(user.password);\n  cb();")).point
    assert decision.point == PRE


@pytest.mark.parametrize("path, point", [
    ("hooks/pre-user-registration.js", PRE),
    ("post_change_password.js", PCP),
    ("src/PostUserRegistration.js", POST),
    ("hooks/pre-signup.js", PRE),
    ("change-password-notify.cjs", PCP),
])
def test_file_name_decides_when_nothing_else_does(path, point):
    decision = hook(NO_EVIDENCE, path=path).point
    assert decision.point == point
    assert decision.how == "inferred"
    assert path.rsplit("/", 1)[-1] in decision.evidence


def test_file_name_without_a_point_name_decides_nothing():
    assert hook(NO_EVIDENCE, path="hooks/notify-slack.js").point.point is None


def test_body_evidence_beats_file_name():
    decision = hook(user_hook("  console.log(user.last_password_reset);\n  cb();"),
                    path="hooks/pre-user-registration.js").point
    assert decision.point == PCP


def test_jsdoc_beats_file_name():
    assert hook(JSDOC_PCP + NO_EVIDENCE, path="hooks/post-user-registration.js").point.point == PCP


def test_file_name_is_not_used_for_other_signatures():
    decision = hook("module.exports = function (client, scope, audience, context, cb) { cb(null, {}); };",
                    path="hooks/pre-user-registration.js").point
    assert decision.point == "credentials-exchange"


# ----- Auth0's starter templates and samples (tests/fixtures/points/) ----------------------


STARTERS = Path(__file__).parent / "fixtures" / "points"


@pytest.mark.parametrize("name, point, mentions", [
    ("starter-before-signup-jsdoc.js", PRE, "user.password"),
    ("compiler-template-metadata-result.js", PRE, "user_metadata|app_metadata"),
    ("deny-sample.js", PRE, "PreUserRegistrationError"),
    ("password-policy-sample.js", PRE, "user.password"),
    ("starter-after-signup-jsdoc.js", POST, "user.user_metadata"),
    ("slack-notification-sample.js", POST, "user.user_metadata"),
    ("starter-password-changed-jsdoc.js", PCP, "user.last_password_reset"),
    ("password-changed-mail-sample.js", PCP, "user.last_password_reset"),
])
def test_auth0_starters_and_samples_are_decided(name, point, mentions):
    text = (STARTERS / name).read_text(encoding="utf-8")
    assert "hooklint:" not in text
    # A neutral file name: the code and its comments must decide, not the name.
    decision = hook(text, path="hooks/hook.js").point
    assert (decision.point, decision.how) == (point, "inferred"), decision.evidence
    assert mentions in decision.evidence
    assert "requestLanguage" not in decision.evidence


def test_every_starter_fixture_is_tested():
    tested = {name for name, *_ in test_auth0_starters_and_samples_are_decided.pytestmark[0].args[1]}
    assert {p.name for p in STARTERS.glob("*.js")} == tested


def test_starter_jsdoc_decides_without_its_body():
    # The JSDoc block alone, with a body that says nothing.
    for name, point in (("starter-before-signup-jsdoc.js", PRE), ("starter-after-signup-jsdoc.js", POST),
                        ("starter-password-changed-jsdoc.js", PCP)):
        text = (STARTERS / name).read_text(encoding="utf-8")
        block = text[text.index("/**"):text.index("*/") + 2] + "\n"
        decision = hook(block + NO_EVIDENCE).point
        assert decision.point == point, (name, decision.evidence)
        assert "JSDoc" in decision.evidence


@pytest.mark.parametrize("text", [
    user_hook("  console.log(context.requestLanguage, user.email, context.connection.name);\n  cb();"),
    user_hook("  console.log('welcome ' + user.id + ' in ' + (context.requestLanguage || 'en'));\n  cb();"),
    "/**\n@param {object} user\n@param {string} user.email - e-mail\n"
    "@param {string} context.requestLanguage - language\n@param {object} context.connection\n*/\n" + NO_EVIDENCE,
    "/**\n@param {string} user.id - user id\n@param {string} user.username\n*/\n" + NO_EVIDENCE,
    # metadata the hook builds itself (Rules style) is not read as an input
    user_hook("  user.app_metadata = user.app_metadata || {};\n  user.app_metadata.plan = 'free';\n  cb();"),
    # prose that names metadata is not a documented input
    "/** Sets user.app_metadata.plan for new users. */\n" + NO_EVIDENCE,
], ids=["requestLanguage", "id-and-requestLanguage", "jsdoc-shared-fields", "jsdoc-id-only", "metadata-written",
        "prose"])
def test_shared_evidence_decides_nothing(text):
    decision = hook(text).point
    assert decision.point is None and decision.how == "undetermined"
    assert "conflicting" not in decision.evidence
    assert "nothing in the code decides" in decision.evidence


@pytest.mark.parametrize("text, first, second", [
    ("/**\n@param {string} user.password\n@param {string} user.last_password_reset\n*/\n" + NO_EVIDENCE,
     PRE, PCP),
    ("/**\n@param {string} user.id\n@param {string} user.password\n*/\n" + NO_EVIDENCE, PRE, POST),
    (user_hook("  if (context.renderLanguage === 'fr') console.log(user.last_password_reset);\n  cb();"), PRE, PCP),
], ids=["jsdoc-password-and-reset", "jsdoc-id-and-password", "renderLanguage-and-reset"])
def test_real_conflicts_are_reported(text, first, second):
    decision = hook(text).point
    assert decision.point is None
    assert "conflicting evidence" in decision.evidence
    assert first in decision.evidence and second in decision.evidence


def test_distinguishing_body_field_beats_a_weaker_input_read():
    # user.password exists at pre-user-registration only; reading user.user_metadata
    # (which Auth0's early docs listed for sign-up too) does not turn it into a conflict.
    decision = hook(user_hook("  console.log(user.password.length, user.user_metadata.terms);\n  cb();")).point
    assert decision.point == PRE


def test_file_name_beats_a_weaker_input_read():
    decision = hook(user_hook("  console.log(user.user_metadata.terms);\n  cb();"), path="pre-signup.js").point
    assert decision.point == PRE
    assert "pre-signup.js" in decision.evidence


# ----- pragma ----------------------------------------------------------------------------


def test_pragma_wins_over_inference():
    text = "// hooklint: point=post-user-registration\n" + user_hook("  console.log(user.password);\n  cb();")
    decision = hook(text, path="hooks/post-change-password.js").point
    assert decision.point == POST
    assert decision.how == "pragma"


def test_pragma_in_block_comment_and_not_on_first_line():
    text = "'use strict';\n/*\n * hooklint: point=credentials-exchange\n */\n" + NO_EVIDENCE
    decision = hook(text).point
    assert decision.point == "credentials-exchange"
    assert decision.how == "pragma"


def test_retired_point_in_pragma_is_invalid():
    text = "'use strict';\n// hooklint: point=password-exchange\n" + NO_EVIDENCE
    decision = hook(text).point
    assert decision.point is None
    assert decision.how == "pragma"
    assert decision.invalid == "password-exchange"
    assert decision.region is not None and decision.region.start_line == 2
    assert "password-exchange" in decision.evidence


def test_misspelled_point_in_pragma_suggests_the_right_one():
    text = "// ruleid: HL002\n// hooklint: point=credentials-exchang\n" \
           "module.exports = function (client, scope, audience, context, cb) { cb(null, {}); };\n"
    decision = hook(text).point
    assert decision.point is None
    assert decision.how == "pragma"
    assert decision.invalid == "credentials-exchang"
    assert "did you mean" in decision.evidence and "`credentials-exchange`" in decision.evidence
    assert (decision.region.start_line, decision.region.start_column) == (2, 1)


def test_unrelated_word_in_pragma_gets_no_suggestion():
    decision = hook("// hooklint: point=banana\n" + NO_EVIDENCE).point
    assert decision.invalid == "banana"
    assert "did you mean" not in decision.evidence


def test_find_pragma_takes_the_first():
    parsed = parse("// hooklint: point=send-phone-message\n// hooklint: point=credentials-exchange\nx;")
    pragma = find_pragma(parsed.comments)
    assert pragma is not None and pragma.value == "send-phone-message"
    assert pragma.comment.loc.start.line == 1
    assert find_pragma(parse("// hooklint-disable HL102\n// point=x\nx;").comments) is None


def test_check_name():
    for name in points.POINTS:
        assert points.check_name(name) is None
    assert points.check_name("password-exchange") is not None
    assert "did you mean `post-change-password`" in points.check_name("post-change-pasword")


# ----- option and metadata hints -----------------------------------------------------------


def test_option_beats_the_pragma():
    hint = PointDecision("credentials-exchange", "option", "--point")
    text = "// hooklint: point=post-change-password\n" + NO_EVIDENCE
    decision = hook(text, hint=hint).point
    assert decision.point == "credentials-exchange"
    assert decision.how == "option"


def test_option_beats_an_invalid_pragma():
    hint = PointDecision(PRE, "config", "config `points`")
    decision = hook("// hooklint: point=password-exchange\n" + NO_EVIDENCE, hint=hint).point
    assert decision.point == PRE and decision.how == "config" and decision.invalid is None


def test_metadata_loses_to_the_pragma():
    hint = PointDecision(PRE, "metadata", "hooks/x.json triggerId")
    decision = hook("// hooklint: point=post-change-password\n" + NO_EVIDENCE, hint=hint).point
    assert decision.point == PCP
    assert decision.how == "pragma"


def test_metadata_beats_inference():
    hint = PointDecision(POST, "metadata", "hooks/x.json triggerId")
    decision = hook(user_hook("  console.log(user.password);\n  cb();"), path="pre-user-registration.js",
                    hint=hint).point
    assert decision.point == POST
    assert decision.how == "metadata"


# ----- roles -------------------------------------------------------------------------------


def test_bind_roles_is_positional_for_credentials_exchange():
    h = hook("module.exports = function (c, s, a, ctx, done) { done(null, {}); };")
    assert {role: param.name for role, param in h.roles.items()} == {
        "client": "c", "scope": "s", "audience": "a", "context": "ctx", "callback": "done"}
    assert h.param_name("callback") == "done"


def test_bind_roles_follows_the_decided_point_not_the_names():
    h = hook("// hooklint: point=send-phone-message\nmodule.exports = function (user, context, cb, x) { x(); };")
    assert {role: param.name for role, param in h.roles.items()} == {
        "recipient": "user", "text": "context", "context": "cb", "callback": "x"}


def test_bind_roles_for_user_points_and_unknown_points():
    h = hook(user_hook("  console.log(user.password);\n  cb();"))
    assert {role: param.name for role, param in h.roles.items()} == {
        "user": "user", "context": "context", "callback": "cb"}
    assert hook(NO_EVIDENCE).roles == {}
    assert points.bind_roles(None, None) == {}


# ----- through the engine: HL002 ----------------------------------------------------------


def test_hl002_once_on_line_one_for_an_undecidable_hook():
    text = "'use strict';\n\n" + NO_EVIDENCE
    findings = active(lint(text, {"HL002"}), "HL002")
    assert len(findings) == 1
    assert findings[0].region.start_line == 1


def test_no_hl002_without_a_hook_function():
    assert active(lint("var helper = 1;\nfunction notExported(a, b, c) {}\n", {"HL002"}), "HL002") == []
    assert active(lint("", {"HL002"}), "HL002") == []


def test_no_hl002_when_inferred():
    assert active(lint(user_hook("  console.log(user.password);\n  cb();"), {"HL002"}), "HL002") == []


def test_hl002_on_the_line_of_an_invalid_pragma():
    text = "'use strict';\n\n// hooklint: point=credentials-exchang\n" + NO_EVIDENCE
    findings = active(lint(text, {"HL002"}), "HL002")
    assert len(findings) == 1
    assert findings[0].region.start_line == 3
    assert "credentials-exchange" in findings[0].message


def test_invalid_pragma_region_counts_utf16_columns():
    decision = hook("var s = '\U0001F600'; // hooklint: point=x\n" + NO_EVIDENCE).point
    assert decision.invalid == "x"
    # `var s = '😀'; ` is 13 Python characters and 14 UTF-16 code units.
    assert (decision.region.start_line, decision.region.start_column) == (1, 15)


def test_no_hook_function_is_undetermined_unless_a_pragma_says_so():
    bare = hook("function (user, context, callback) { callback(null, user, context); }")
    assert bare.parsed.source_type == "rules-style"
    assert bare.function is None
    assert bare.point.point is None and bare.point.how == "undetermined"
    assert bare.roles == {}
    named = hook("// hooklint: point=post-change-password\nvar x = 1;")
    assert named.function is None
    assert named.point.point == PCP and named.point.how == "pragma"
