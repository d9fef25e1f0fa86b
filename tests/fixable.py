"""One small file per rule that offers a fix, and the file once fixed: what ``check --fix``
(tests/test_cli_fix.py) and the editor's quick fix (tests/test_server.py) must both make of
it. A rule whose fix lands adds a row (test_cli_fix checks the table against the rule docs)."""

from __future__ import annotations

CE = "// hooklint: point=credentials-exchange\n"
POST_LOGIN = "exports.onExecutePostLogin = async (event, api) => {\n"

# (rule, class of its fix, a file with one finding of the rule, the file once fixed)
FIXES = [
    ("HL201", "unsafe",
     CE + "module.exports = function (client, scope, audience, context, cb) {\n"
          "  var access_token = {};\n  cb(null, access_token);\n};\n",
     CE + "module.exports = function (client, scope, audience, context, cb) {\n"
          "  var access_token = {};\n  access_token.scope = scope;\n  cb(null, access_token);\n};\n"),
    ("HL112", "unsafe",
     POST_LOGIN + "  fetch('https://example.com');\n};\n",
     POST_LOGIN + "  await fetch('https://example.com');\n};\n"),
    ("HL115", "unsafe",
     POST_LOGIN + "  api.access.deny('no');\n  api.idToken.setCustomClaim('https://example.com/a', 1);\n};\n",
     POST_LOGIN + "  return api.access.deny('no');\n  api.idToken.setCustomClaim('https://example.com/a', 1);\n};\n"),
    ("HL222", "safe",
     POST_LOGIN + "  api.idToken.setCustomClaim('https://example.com/t', 'Bearer ' + api.cache.get('t'));\n};\n",
     POST_LOGIN + "  api.idToken.setCustomClaim('https://example.com/t', 'Bearer ' + api.cache.get('t')?.value);"
                  "\n};\n"),
    ("HL203", "safe",
     CE + "module.exports = function (client, scope, audience, context, cb) {\n  var claims = { scope: scope };\n"
          "  if (scope.indexOf('read') >= 0) claims['https://example.com/r'] = true;\n  cb(null, claims);\n};\n",
     CE + "module.exports = function (client, scope, audience, context, cb) {\n  var claims = { scope: scope };\n"
          "  if ((scope || []).indexOf('read') >= 0) claims['https://example.com/r'] = true;\n"
          "  cb(null, claims);\n};\n"),
    ("HL105", "unsafe",
     CE + "module.exports = function (client, scope, audience, context, cb) {\n  cb('denied');\n};\n",
     CE + "module.exports = function (client, scope, audience, context, cb) {\n  cb(new Error('denied'));\n};\n"),
    ("HL121", "safe",
     POST_LOGIN + "  const axios = require('axios@1.6.0');\n  await axios.get('https://example.com');\n};\n",
     POST_LOGIN + "  const axios = require('axios');\n  await axios.get('https://example.com');\n};\n"),
    ("HL110", "safe",
     "exports.onExecutePostLogin = (event, api) => {\n  api.idToken.setCustomClaim('https://example.com/a', 1);\n};\n",
     "exports.onExecutePostLogin = async (event, api) => {\n  api.idToken.setCustomClaim('https://example.com/a', 1);"
     "\n};\n"),
]
