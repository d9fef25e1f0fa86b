// hooklint: point=credentials-exchange
// Shape: "call an external API" samples with the request module: fetch the client's
// entitlements, put them in a claim; a failed call becomes a server error.
const request = require('request@2.88.2');

module.exports = function (client, scope, audience, context, cb) {
  const url = context.webtask.secrets.API_URL + '/entitlements/' + encodeURIComponent(client.id);

  request.get({ url: url, json: true, timeout: 5000 }, function (err, response, body) {
    if (err) {
      return cb(new ServerError('entitlements unavailable: ' + err.message));
    }
    cb(null, { 'https://api.example.com/entitlements': body });
  });
};
