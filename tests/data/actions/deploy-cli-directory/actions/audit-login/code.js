const axios = require('axios');
const got = require('got');

exports.onExecutePostLogin = async (event, api) => {
  const token = @@AUDIT_TOKEN@@;
  await axios.post('https://audit.example.com/##TENANT##/logins', { user: event.user.user_id, token },
                   { timeout: 3000 });
};
