// hooklint: point=pre-user-registration
// Shape: "set the user's language" samples: a user_metadata field from the request's
// language, with a default.
module.exports = function (user, context, cb) {
  const language = (context.request && context.request.language) || 'en';

  cb(null, { user: { user_metadata: { language: language, newsletter: false } } });
};
