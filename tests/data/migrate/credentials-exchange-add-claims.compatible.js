// Migrated by `hooklint migrate` from the credentials-exchange hook, in the compatible form.
// The hook's code below is unchanged, except that the function it exported is now `hook`.
// The handler at the end builds the hook's arguments from `event`, runs the hook and waits
// for its callback (the first call counts; a synchronous throw counts as an error).
// `cb(null, claims)` sets each claim whose name is a URL with `api.accessToken.setCustomClaim`
// (Hooks dropped the other keys, `scope` included), and `cb(error)` denies the exchange with
// the error code of its class.

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

const hook = function (client, scope, audience, context, cb) {
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

exports.onExecuteCredentialsExchange = async (event, api) => {
  const client = {
    id: event.client.client_id,
    name: event.client.name,
    metadata: event.client.metadata,
    tenant: event.tenant.id,
  };
  const scope = event.accessToken.scope;
  const audience = event.resource_server.identifier;
  const context = { webtask: { secrets: event.secrets } };

  // A throw that escapes the hook is not an error it hands its callback: Hooks failed
  // the request with it, so the Action throws it rather than denying.
  const escaped = {};
  let result;
  try {
    result = await new Promise((resolve, reject) => {
      try {
        hook(client, scope, audience, context, (error, value) => (error ? reject(error) : resolve(value)));
      } catch (error) {
        escaped.error = error;
        reject(escaped);
      }
    });
  } catch (thrown) {
    if (thrown === escaped) throw escaped.error;
    // Hooks read a truthy first argument that is not an Error as `new Error(String(x))`.
    const error = thrown instanceof Error ? thrown : new Error(String(thrown));
    return api.access.deny('server_error', error.message);
  }

  // Hooks added to the access token only the keys that are URLs (namespaced claims).
  for (const [key, value] of Object.entries(result || {})) {
    if (/^https?:\/\//.test(key)) {
      api.accessToken.setCustomClaim(key, value);
    }
  }
};
