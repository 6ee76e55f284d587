"""Real-browser tests (a package so tests can ``from .pages import ...``)."""
