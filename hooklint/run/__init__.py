"""The run: discovery, metadata, configuration, the engine, suppressions, cache."""
