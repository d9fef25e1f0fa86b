// hooklint: point=post-change-password
// Shape: the smallest Post Change Password hook: log the change and call back.
module.exports = function (user, context, cb) {
  console.log('password changed for ' + user.id + ' on ' + context.connection.name);
  cb();
};
