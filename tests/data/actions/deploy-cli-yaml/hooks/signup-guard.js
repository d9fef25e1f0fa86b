module.exports = function (user, context, cb) {
  if (user.email && user.email.endsWith('@example.com')) {
    return cb(new PreUserRegistrationError('Denied', 'Company accounts only'));
  }
  cb(null, { user: {} });
};
