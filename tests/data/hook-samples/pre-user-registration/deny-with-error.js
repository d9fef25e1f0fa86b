// hooklint: point=pre-user-registration
// Shape: a sign-up check that fails with a plain Error (a generic message for the user),
// and otherwise records where the user signed up.
module.exports = function (user, context, cb) {
  if (!user.username) {
    return cb(new Error('a username is required on this connection'));
  }

  cb(null, {
    user: {
      app_metadata: { signup_connection: context.connection.name, signup_ip: context.request.ip },
    },
  });
};
