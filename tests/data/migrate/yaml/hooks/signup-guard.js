module.exports = function (user, context, cb) {
  if (user.email.endsWith('@blocked.example')) {
    return cb(new PreUserRegistrationError('blocked domain', 'Sign-ups from this domain are closed.'));
  }
  cb(null, { user: { app_metadata: { plan: 'free' } } });
};
