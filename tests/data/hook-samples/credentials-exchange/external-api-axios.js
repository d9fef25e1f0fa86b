// hooklint: point=credentials-exchange
// Shape: the same external-API sample with axios and a promise chain, the API key read
// from the hook's secrets.
const axios = require('axios@1.6.8');

module.exports = function (client, scope, audience, context, cb) {
  axios.get(context.webtask.secrets.API_URL + '/clients/' + client.id + '/tier', {
    headers: { 'x-api-key': context.webtask.secrets.API_KEY },
    timeout: 3000,
  })
    .then(function (response) {
      cb(null, { 'https://api.example.com/tier': response.data.tier || 'standard' });
    })
    .catch(function (err) {
      cb(err);
    });
};
