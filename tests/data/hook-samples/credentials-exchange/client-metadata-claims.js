// hooklint: point=credentials-exchange
// Shape: "read client metadata" samples: copy settings kept in the M2M application's
// metadata into namespaced claims, with defaults when the metadata is empty.
const NS = 'https://partner-api.example.org/';

module.exports = function (client, scope, audience, context, cb) {
  const metadata = client.metadata || {};
  const token = {};

  token[NS + 'plan'] = metadata.plan || 'starter';
  token[NS + 'region'] = metadata.region || 'us-east';
  if (metadata.partner_id) {
    token[NS + 'partner_id'] = metadata.partner_id;
  }

  cb(null, token);
};
