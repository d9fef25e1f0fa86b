/**
 * Credentials-exchange Action: refuses M2M tokens to partner applications whose
 * contract has expired, and tells the gateway the partner's tier.
 */
const TIER_CLAIM = 'https://partner-api.example.org/tier';

exports.onExecuteCredentialsExchange = async (event, api) => {
  const { metadata = {} } = event.client;

  if (metadata.contract_expired === 'true') {
    // Meant as the message the partner sees; Auth0 expects an OAuth error code here.
    api.access.deny('Your contract has expired, contact partners@example.org', 'contract expired');
    return;
  }

  api.accessToken.setCustomClaim(TIER_CLAIM, metadata.tier || 'standard');
};
