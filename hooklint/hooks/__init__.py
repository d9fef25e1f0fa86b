"""What an Auth0 Hook means: the hook model, its point and its callback."""
