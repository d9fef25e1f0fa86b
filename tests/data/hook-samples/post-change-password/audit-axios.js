// hooklint: point=post-change-password
// Shape: a security audit of password changes with axios, the connection recorded too;
// an audit failure is passed to the callback (Hooks only log it).
const axios = require('axios@1.6.8');

module.exports = async function (user, context, cb) {
  try {
    await axios.post(context.webtask.secrets.AUDIT_URL, {
      event: 'password_changed',
      user_id: user.id,
      connection: context.connection.name,
    }, { timeout: 3000 });
    cb();
  } catch (err) {
    cb(err);
  }
};
