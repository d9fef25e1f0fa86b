// hooklint: point=post-user-registration
// Shape: the documented Slack notification: call back first (nothing depends on the
// message), then post the message with request; its error is only logged.
const request = require('request@2.88.2');

module.exports = function (user, context, cb) {
  const message = 'New user: ' + user.email + ' (' + context.connection.name + ')';

  cb();

  request.post({
    url: context.webtask.secrets.SLACK_WEBHOOK_URL,
    json: { text: message },
    timeout: 5000,
  }, function (err) {
    if (err) console.log('Slack notification failed: ' + err.message);
  });
};
