// hooklint: point=post-user-registration
/**
 * Post User Registration hook: tell the #new-customers channel about each
 * new sign-up. The webhook URL lives in the hook's secrets.
 */
'use strict';

const request = require('request');

module.exports = function (user, context, cb) {
  const webhookUrl = context.webtask.secrets.SLACK_WEBHOOK_URL;
  const text = 'New user ' + user.email + ' signed up via ' + context.connection.name;

  // Nothing Auth0 does depends on this notification: finish the hook first
  // and let the message go out on its own.
  cb();

  request.post({
    url: webhookUrl,
    json: { text: text },
    timeout: 5000,
  }, function (err) {
    if (err) {
      console.error('Slack notification failed: ' + err.message);
    }
  });
};
