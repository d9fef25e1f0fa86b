/**
 * Credentials-exchange Action: tells the API gateway the partner's tier, and
 * refuses tokens to partners whose contract has expired.
 */
exports.onExecuteCredentialsExchange = async (event, api) => {
  const tier = event.client.metadata?.tier ?? 'standard';

  if (event.client.metadata?.contract_expired === 'true') {
    return api.access.deny('invalid_request', 'The partner contract has expired.');
  }

  api.accessToken.setCustomClaim('https://partner-api.example.org/tier', tier);
};
