"""Constants of the browser tests (their fixtures are in tests/browser/conftest.py)."""

# The password of every user a browser test logs in with the `log_in` fixture.
PASSWORD = "browser-pass-123"
