/**
 * Send Phone Message hook: deliver MFA codes through our own Twilio account
 * instead of Auth0's built-in provider.
 */
'use strict';

const twilio = require('twilio');

module.exports = function (recipient, text, context, cb) {
  const secrets = context.webtask.secrets;
  const client = twilio(secrets.TWILIO_ACCOUNT_SID, secrets.TWILIO_AUTH_TOKEN);

  client.messages
    .create({
      body: text,
      to: recipient,
      from: secrets.TWILIO_FROM_NUMBER,
    })
    .then(function () {
      cb(null, {});
    })
    .catch(function (err) {
      cb(err);
    });
};
