"""The JavaScript front end: no Auth0 knowledge."""
