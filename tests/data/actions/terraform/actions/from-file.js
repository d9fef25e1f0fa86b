// Only the continuation is exported.
exports.onContinuePostLogin = async (event, api) => {
  api.user.setAppMetadata('consented', true);
};
