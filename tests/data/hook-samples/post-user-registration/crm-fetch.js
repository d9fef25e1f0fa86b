// hooklint: point=post-user-registration
// Shape: "create the user in the CRM" samples with node-fetch: one JSON POST, errors only
// logged, the callback called when the request is over.
const fetch = require('node-fetch@2.6.7');

module.exports = function (user, context, cb) {
  fetch(context.webtask.secrets.API_URL + '/contacts', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Authorization: 'Bearer ' + context.webtask.secrets.API_KEY },
    body: JSON.stringify({ email: user.email, verified: user.emailVerified, source: 'auth0' }),
  })
    .then(function () {
      cb();
    }, function (err) {
      console.log('CRM contact not created: ' + err.message);
      cb();
    });
};
