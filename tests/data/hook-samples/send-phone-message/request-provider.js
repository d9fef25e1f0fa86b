// hooklint: point=send-phone-message
// Shape: a custom SMS gateway called with request: the recipient, the text and the
// message type in a JSON body; a failure is the callback's error.
const request = require('request@2.88.2');

module.exports = function (recipient, text, context, cb) {
  request.post({
    url: context.webtask.secrets.API_URL + '/sms',
    json: { to: recipient, message: text, channel: context.message_type, purpose: context.action },
    timeout: 5000,
  }, function (err) {
    if (err) {
      return cb(err);
    }
    cb(null, {});
  });
};
