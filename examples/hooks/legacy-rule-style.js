// Copied over from the old Rules folder when the tenant moved to hooks.
// Adds the user's roles from app_metadata to the ID token.
function addRoles(user, context, callback) {
  const namespace = 'https://app.example.org/';
  const roles = (user.app_metadata && user.app_metadata.roles) || [];

  context.idToken[namespace + 'roles'] = roles;
  callback(null, user, context);
}
