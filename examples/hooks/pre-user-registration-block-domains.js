/**
 * Pre User Registration hook: refuse sign-ups from disposable or banned
 * e-mail domains, and stamp every accepted user with a default plan.
 */
'use strict';

const BLOCKED_DOMAINS = new Set([
  'mailinator.com',
  'guerrillamail.com',
  'trashmail.de',
  'competitor.example',
]);

function emailDomain(email) {
  const at = (email || '').lastIndexOf('@');
  return at === -1 ? '' : email.slice(at + 1).toLowerCase();
}

module.exports = function (user, context, cb) {
  const domain = emailDomain(user.email);

  if (BLOCKED_DOMAINS.has(domain)) {
    return cb(new PreUserRegistrationError(
      'Sign-up blocked for domain ' + domain,
      'Please sign up with your work e-mail address.'
    ));
  }

  const response = {
    user: {
      app_metadata: {
        plan: 'free',
        signup_connection: context.connection.name,
      },
      user_metadata: {
        preferred_language: (context.request && context.request.language) || 'en',
      },
    },
  };

  return cb(null, response);
};
