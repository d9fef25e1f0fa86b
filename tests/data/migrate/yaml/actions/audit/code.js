exports.onExecutePostLogin = async (event, api) => {
  console.log('login', event.user.user_id);
};
