const axios = require('axios');
const { ManagementClient } = require('auth0');
const _ = require('lodash');

exports.onExecutePostLogin = async (event, api) => {
  const roles = _.get(event, 'authorization.roles', []);
  api.idToken.setCustomClaim('https://example.com/roles', roles);
  await axios.post(event.secrets.AUDIT_URL, { user: event.user.user_id }, { timeout: 3000 });
};
