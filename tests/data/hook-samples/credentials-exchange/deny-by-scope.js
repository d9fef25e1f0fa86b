// hooklint: point=credentials-exchange
// Shape: a scope check from the hooks documentation: a request without the expected scope
// is rejected with InvalidRequestError; otherwise a claim records what was checked.
const REQUIRED_SCOPE = 'read:orders';

module.exports = function (client, scope, audience, context, cb) {
  const granted = Array.isArray(scope) ? scope : [];
  if (granted.indexOf(REQUIRED_SCOPE) === -1) {
    return cb(new InvalidRequestError('missing scope ' + REQUIRED_SCOPE));
  }

  const claims = {};
  claims['https://orders.example.com/checked_scope'] = REQUIRED_SCOPE;
  claims['https://orders.example.com/audience'] = audience;
  cb(null, claims);
};
