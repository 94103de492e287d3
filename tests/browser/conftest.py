"""Real-browser tests: Playwright drives Debian's Chromium against `live_server`.

`playwright install` cannot download browsers here, so the session launches /usr/bin/chromium
itself. Playwright's sync API runs an event loop in the test thread, so
Django's async-safety check must be relaxed for these tests.
"""

import os
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.support.browser import PASSWORD

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"  # git-ignored


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "headless": True,
        "args": CHROMIUM_ARGS,
    }


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    # Regie's users read Dutch: the browser asks for it, as theirs do.
    return {**browser_context_args, "locale": "nl-NL"}


@pytest.fixture
def artifacts() -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS


@pytest.fixture
def console_errors(page) -> list[str]:
    """Console errors and uncaught exceptions of the page; a test asserts it stays empty."""
    errors: list[str] = []
    page.on("console", lambda message: message.type == "error" and errors.append(message.text))
    page.on("pageerror", lambda error: errors.append(str(error)))
    return errors


@pytest.fixture
def log_in(page, live_server) -> Callable[[str], None]:
    """Log `username` (password PASSWORD) in through the login form."""

    def log_in(username: str) -> None:
        page.goto(f"{live_server.url}/accounts/login/")
        page.fill("input[name=username]", username)
        page.fill("input[name=password]", PASSWORD)
        page.locator("main form [type=submit]").click()
        page.wait_for_url(lambda url: "/accounts/login/" not in url)

    return log_in
