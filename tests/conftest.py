"""Shared test settings."""

# Notebooks under fixtures are inputs of tests (stored without outputs), not nbval tests.
collect_ignore_glob = ["*/fixtures/*", "fixtures/*"]
