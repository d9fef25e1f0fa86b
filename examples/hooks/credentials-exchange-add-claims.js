/**
 * Client Credentials Exchange hook for the "partner-api" tenant.
 *
 * Copies the partner's plan and region from the M2M application's metadata
 * into the access token, so the API gateway can apply per-plan quotas without
 * calling back into Auth0.
 *
 * Deployed with auth0-deploy-cli together with the other hooks in this folder.
 */
'use strict';

const CLAIM_NS = 'https://partner-api.example.org/';
const DEFAULT_PLAN = 'starter';

module.exports = function (client, scope, audience, context, cb) {
  const metadata = client.metadata || {};
  const access_token = {};

  // Plan and region are configured per M2M application in the dashboard.
  access_token[CLAIM_NS + 'plan'] = metadata.plan || DEFAULT_PLAN;
  access_token[CLAIM_NS + 'region'] = metadata.region || 'eu-west';
  access_token[CLAIM_NS + 'partner_id'] = client.id;

  // The gateway team asked for a short flag as well.
  access_token.tier = metadata.plan === 'enterprise' ? 'gold' : 'standard';

  // Keep the scopes the client was granted, plus the one every partner gets.
  access_token.scope = scope;
  access_token.scope.push('read:extra');

  if (audience !== 'https://partner-api.example.org') {
    access_token[CLAIM_NS + 'foreign_audience'] = true;
  }

  cb(null, access_token);
};
