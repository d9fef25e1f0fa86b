/**
 * Pre-user-registration Action: refuses sign-ups from disposable e-mail domains
 * and gives every new user the default plan.
 */
const BLOCKED_DOMAINS = new Set(['mailinator.com', 'guerrillamail.com', 'yopmail.com']);

exports.onExecutePreUserRegistration = async (event, api) => {
  const domain = (event.user.email ?? '').split('@').pop().toLowerCase();

  if (BLOCKED_DOMAINS.has(domain)) {
    return api.access.deny('disposable_email', 'Please sign up with your work e-mail address.');
  }

  api.user.setAppMetadata('plan', 'free');
};
