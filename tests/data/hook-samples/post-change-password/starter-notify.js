// hooklint: point=post-change-password
// Shape: the Post Change Password starter and its "send an e-mail" sample: tell a mail
// service about the change, call back when it answered.
const request = require('request@2.88.2');

module.exports = function (user, context, cb) {
  request.post({
    url: context.webtask.secrets.WEBHOOK_URL,
    json: {
      to: user.email,
      template: 'password-changed',
      changed_at: user.last_password_reset,
    },
    timeout: 5000,
  }, function (err) {
    cb(err);
  });
};
