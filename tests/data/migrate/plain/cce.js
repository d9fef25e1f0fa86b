module.exports = function (client, scope, audience, context, cb) {
  cb(null, { 'https://example.com/client': client.name });
};
