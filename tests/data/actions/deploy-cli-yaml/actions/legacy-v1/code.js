module.exports = async (event, context) => {
  return { idToken: { customClaims: { 'https://example.com/beta': true } } };
};
