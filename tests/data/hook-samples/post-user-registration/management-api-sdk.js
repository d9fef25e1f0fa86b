// hooklint: point=post-user-registration
// Shape: the Management API through the auth0 SDK: a ManagementClient built from the
// hook's secrets, one call with a node-style callback.
const ManagementClient = require('auth0@2.44.0').ManagementClient;

module.exports = function (user, context, cb) {
  const secrets = context.webtask.secrets;
  const management = new ManagementClient({
    domain: secrets.DOMAIN,
    clientId: secrets.CLIENT_ID,
    clientSecret: secrets.CLIENT_SECRET,
  });

  management.users.update({ id: 'auth0|' + user.id }, { app_metadata: { onboarding: 'pending' } }, function (err) {
    if (err) {
      return cb(err);
    }
    cb();
  });
};
