"""hooklint: static analysis for Auth0 Hook JavaScript."""

__version__ = "0.1.0"
