// hooklint: point=credentials-exchange
/**
 * Meant to add the calling application's name to M2M tokens, but written
 * with the user hooks' parameter list: "user" here is really the client
 * object and "context" the scope array.
 */
'use strict';

module.exports = function (user, context, cb) {
  const token = {};
  token['https://api.example.org/app_name'] = user.name;
  token.scope = context;
  cb(null, token);
};
