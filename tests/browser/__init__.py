"""Real-browser tests (package so tests can ``from .conftest import ...``)."""
