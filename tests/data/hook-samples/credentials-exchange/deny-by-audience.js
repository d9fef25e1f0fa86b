// hooklint: point=credentials-exchange
// Shape: the documented "deny a token" example: refuse clients for one audience with
// InvalidScopeError, let the others through with their scopes.
module.exports = function (client, scope, audience, context, cb) {
  if (audience === 'https://admin.example.org/') {
    return cb(new InvalidScopeError('Client ' + client.name + ' may not request tokens for the admin API'));
  }

  cb(null, { scope: scope });
};
