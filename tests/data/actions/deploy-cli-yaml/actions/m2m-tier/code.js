// Bound to credentials-exchange, but written as a post-login Action.
exports.onExecutePostLogin = async (event, api) => {
  api.accessToken.setCustomClaim('https://example.com/tier', event.client.metadata.tier);
};
