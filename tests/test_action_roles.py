"""The roles service of Actions (hooklint.actions.roles): which part of ``event`` and ``api``
an expression is, through aliases, destructuring and helpers, and which calls are commands."""

from __future__ import annotations

from hooklint.actions import roles
from hooklint.actions.model import Action
from hooklint.js.parse import ParseError, parse
from hooklint.js.source import Source
from hooklint.run.engine import build_program


def action(text: str) -> Action:
    source = Source(path="code.js", text=text)
    parsed = parse(source.text)
    assert not isinstance(parsed, ParseError), parsed
    program = build_program(source, parsed)
    assert isinstance(program, Action)
    return program


def calls(text: str) -> list[tuple[int, str]]:
    return [(c.call.loc.start.line, ".".join(c.path)) for c in roles.api_calls(action(text))]


def test_direct_aliases_and_destructuring():
    assert calls("""exports.onExecutePostLogin = async (event, api) => {
  api.access.deny('a');
  const a = api;
  a.idToken['setCustomClaim']('k', 1);
  const { accessToken: at, user } = api;
  at.setCustomClaim('k', 2);
  user.setAppMetadata('plan', 'pro');
  let m = api.multifactor;
  m.enable('any');
};""") == [(2, "api.access.deny"), (4, "api.idToken.setCustomClaim"), (6, "api.accessToken.setCustomClaim"),
          (7, "api.user.setAppMetadata"), (9, "api.multifactor.enable")]


def test_destructured_parameters_and_every_entry_point():
    assert calls("""exports.onExecutePostLogin = async ({ user }, {redirect}) => { redirect.sendUserTo('https://a'); };
exports.onContinuePostLogin = async (event, api) => { api.user.setUserMetadata('k', 1); };
""") == [(1, "api.redirect.sendUserTo"), (2, "api.user.setUserMetadata")]


def test_helpers_take_what_every_call_gives():
    found = calls("""async function claims(token, extra) { token.setCustomClaim('k', 1); extra.deny('x'); }
function other(api) { api.access.deny('y'); }
exports.onExecutePostLogin = async (event, api) => {
  await claims(api.idToken, api.access);
  await claims(api.idToken, {deny() {}});
  other(api);
  [api].forEach(other);
};""")
    # `claims` always gets api.idToken first, but not always api.access second; `other`
    # escapes as a value, so what it receives is not known
    assert found == [(1, "api.idToken.setCustomClaim")]


def test_what_is_not_followed():
    assert calls("""exports.onExecutePostLogin = async (event, api) => {
  let a = api;
  a = somethingElse;
  a.access.deny('x');
  const key = pick();
  api[key].deny('y');
  const { ...rest } = api;
  rest.access.deny('z');
  const b = event.user.api;
  b.access.deny('w');
};
function api2(api) { api.access.deny('v'); }
""") == []


def test_event_members_and_commands():
    program = action("""exports.onExecutePostLogin = async (event, api) => {
  const { secrets, user: { app_metadata: meta } } = event;
  console.log(secrets.KEY, meta.plan, event?.request?.body);
  api.cache.get('k'); api.redirect.canRedirect(); api.groups.get(); api.cache.set('k', 'v');
};""")
    members = {".".join(m.path) for m in roles.role_members(program)}
    assert {"event.secrets.KEY", "event.user.app_metadata.plan", "event.request.body"} <= members
    commands = [".".join(c.path) for c in roles.api_calls(program) if roles.is_command(c.path)]
    assert commands == ["api.cache.set"]


def test_an_empty_object_default_is_the_part():
    program = action("""exports.onExecutePostLogin = async (event, api) => {
  const { protocol } = event.transaction || {};
  const { query } = event.request ?? {};
  const other = event.user || { name: 'x' };
  console.log(protocol, query.prompt, other.name);
};""")
    members = {".".join(m.path) for m in roles.role_members(program)}
    assert "event.request.query.prompt" in members
    protocol = program.tree.of_type("CallExpression")[0].arguments[0]
    assert roles.role_path(program, protocol) == ("event", "transaction", "protocol")
    assert not any(path.startswith("event.user.") for path in members)  # a default with members: not followed
