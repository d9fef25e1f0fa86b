"""Modern syntax end to end: the node shapes that come with ES2020+ are understood by the
flow, values and semantics services, not only parsed."""

from __future__ import annotations

import pytest

from conftest import active, lint

CX = "// hooklint: point=credentials-exchange\n"
PUR = "// hooklint: point=pre-user-registration\n"


def rules(text, select):
    return sorted((f.rule_id, f.region.start_line) for f in active(lint(text, set(select))))


@pytest.mark.parametrize("guard", [
    "scope?.push('read:extra');",
    "scope ??= []; scope.push('read:extra');",
    "scope ||= []; scope.push('read:extra');",
    "(scope ?? []).forEach((s) => console.log(s));",
])
def test_optional_chaining_and_logical_assignment_guard_scope(guard):
    text = CX + f"""module.exports = function (client, scope, audience, context, cb) {{
  {guard}
  cb(null, {{ scope: scope || [] }});
}};
"""
    assert rules(text, ["HL203"]) == []


def test_unguarded_scope_still_fires_next_to_optional_chaining():
    text = CX + """module.exports = function (client, scope, audience, context, cb) {
  const tier = client.metadata?.tier ?? 'free';
  scope.push('tier:' + tier);
  cb(null, { scope });
};
"""
    assert rules(text, ["HL203"]) == [("HL203", 4)]


def test_optional_member_keys_resolve_through_constants():
    text = CX + """const NS = 'https://example.com/';
module.exports = function (client, scope, audience, context, cb) {
  const token = { scope: scope ?? [] };
  token[NS + 'tier'] = client.metadata?.tier;
  token.plan = client.metadata?.plan;
  cb(null, token);
};
"""
    assert rules(text, ["HL204"]) == [("HL204", 6)]


def test_optional_catch_binding_and_for_await_in_flow():
    text = PUR + """module.exports = async function (user, context, cb) {
  try {
    for await (const chunk of stream(user.email)) {
      if (chunk.blocked) return cb(new PreUserRegistrationError('blocked', 'Not allowed'));
    }
  } catch {
    return cb(new Error('check failed'));
  }
  cb();
};
"""
    assert rules(text, ["HL102", "HL103", "HL104"]) == []


def test_for_await_outside_try_is_an_unhandled_await():
    text = PUR + """module.exports = async function (user, context, cb) {
  for await (const chunk of stream(user.email)) {
    console.log(chunk);
  }
  cb();
};
"""
    # `for await` awaits on every iteration: a rejection escapes like an `await` would
    assert rules(text, ["HL104"]) == [("HL104", 3)]


def test_class_fields_and_private_members_in_a_helper_class():
    text = PUR + """class Limiter {
  #count = 0;
  static max = 3;
  take() { return ++this.#count <= Limiter.max; }
}
const limiter = new Limiter();
module.exports = function (user, context, cb) {
  if (!limiter.take()) {
    return;
  }
  cb();
};
"""
    assert rules(text, ["HL102"]) == [("HL102", 10)]


def test_optional_call_of_the_callback_counts():
    text = PUR + """module.exports = function (user, context, cb) {
  if (user.email) {
    return cb?.();
  }
  cb?.(null);
};
"""
    assert rules(text, ["HL102", "HL103"]) == []


def test_optional_chained_management_call_is_recognised():
    text = """// hooklint: point=post-user-registration
const { ManagementClient } = require('auth0@2.6.0');
module.exports = function (user, context, cb) {
  const management = new ManagementClient({ domain: 'x.auth0.com', token: context.webtask.secrets.TOKEN });
  management?.users?.get({ id: user.id }, (err) => cb(err));
};
"""
    assert rules(text, ["HL300"]) == [("HL300", 5)]


def test_top_level_await_module_is_reported_as_not_a_hook():
    text = "import fetch from 'node-fetch';\nawait fetch('https://x');\nexport default function () {}\n"
    assert rules(text, ["HL100", "HL000"]) == [("HL100", 3)]


def test_top_level_await_in_commonjs_is_a_parse_error():
    text = "const t = await fetchToken();\nmodule.exports = function (user, context, cb) { cb(); };\n"
    assert rules(text, ["HL000"]) == [("HL000", 1)]
