// hooklint: point=send-phone-message
// Shape: the documented Twilio sample for a custom SMS provider: a client from the
// hook's secrets, messages.create with a node-style callback.
const twilio = require('twilio@3.84.1');

module.exports = function (recipient, text, context, cb) {
  const secrets = context.webtask.secrets;
  const client = twilio(secrets.TWILIO_ACCOUNT_SID, secrets.TWILIO_AUTH_TOKEN);

  client.messages.create({ body: text, to: recipient, from: secrets.TWILIO_NUMBER }, function (err) {
    if (err) {
      return cb(new SendPhoneMessageError('Twilio failed: ' + err.message, 'We could not send your code.'));
    }
    cb(null, {});
  });
};
