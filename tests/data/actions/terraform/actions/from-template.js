exports.onExecutePreUserRegistration = async (event, api) => {
  if (!event.user.email.endsWith('@${domain}')) {
    api.access.deny('email_domain', 'Sign up with your company address');
  }
};
