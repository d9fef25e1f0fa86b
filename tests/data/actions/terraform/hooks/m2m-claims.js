module.exports = function (client, scope, audience, context, cb) {
  const accessToken = { scope: scope };
  accessToken['https://example.com/client'] = client.name;
  cb(null, accessToken);
};
