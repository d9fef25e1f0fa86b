// hooklint: point=post-user-registration
// Shape: an audit record with axios: post the new user to an audit service, call back
// when it answers, pass its error on.
const axios = require('axios@1.6.8');

module.exports = function (user, context, cb) {
  const record = { type: 'user_registered', user_id: user.id, email: user.email, tenant: user.tenant };

  axios.post(context.webtask.secrets.AUDIT_URL, record, { timeout: 3000 })
    .then(function () {
      cb();
    })
    .catch(function (err) {
      cb(err);
    });
};
