module.exports = function (client, scope, audience, context, cb) {
  const token = context.webtask.secrets.API_TOKEN;
  cb(null, { 'https://example.com/tier': client.metadata.tier, 'https://example.com/linked': Boolean(token), scope: scope });
};
