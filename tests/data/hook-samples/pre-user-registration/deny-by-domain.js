// hooklint: point=pre-user-registration
// Shape: the documented "deny sign-ups by e-mail domain" example, with the callback on
// both branches (the documentation's own sample only calls it when denying).
const DENIED = ['mailinator.com', 'competitor.example'];

module.exports = function (user, context, cb) {
  const domain = String(user.email || '').split('@').pop().toLowerCase();

  if (DENIED.indexOf(domain) !== -1) {
    return cb(new PreUserRegistrationError('Denied sign-up from ' + domain, 'Sign-ups from your domain are not allowed.'));
  }
  cb();
};
