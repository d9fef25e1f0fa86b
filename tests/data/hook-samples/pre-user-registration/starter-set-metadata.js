// hooklint: point=pre-user-registration
// Shape: the Pre User Registration starter template: a response object whose user has
// user_metadata and app_metadata, passed to the callback.
module.exports = function (user, context, cb) {
  var response = {};

  response.user = {
    user_metadata: { favorite_color: 'blue' },
    app_metadata: { plan: 'free' },
  };

  cb(null, response);
};
