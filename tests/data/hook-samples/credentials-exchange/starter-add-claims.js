// hooklint: point=credentials-exchange
// Shape: the Client Credentials Exchange starter template: build an access_token object,
// add a namespaced claim, keep the granted scopes, call back with it.
module.exports = function (client, scope, audience, context, cb) {
  var access_token = {};
  access_token['https://example.com/client_name'] = client.name;
  access_token.scope = scope;

  cb(null, access_token);
};
