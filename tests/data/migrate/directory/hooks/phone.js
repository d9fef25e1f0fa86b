module.exports = function (recipient, text, context, cb) {
  console.log('sending to', recipient.length, 'digits', context.webtask.secrets.TWILIO_SID.length);
  cb();
};
