// hooklint: point=send-phone-message
// Shape: the send-phone-message starter with a branch per message type: voice calls go to
// one endpoint, SMS to another (axios).
const axios = require('axios@1.6.8');

module.exports = function (recipient, text, context, cb) {
  const base = context.webtask.secrets.API_URL;
  const path = context.message_type === 'voice' ? '/calls' : '/messages';

  axios.post(base + path, { to: recipient, text: text, code: context.code })
    .then(function () { cb(null, {}); })
    .catch(function (err) { cb(new SendPhoneMessageError(err.message, 'Try again later.')); });
};
