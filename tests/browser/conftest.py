"""Real-browser tests: Playwright drives Debian's Chromium against `live_server`.

`playwright install` cannot download browsers here, so the session launches /usr/bin/chromium
itself. Playwright's sync API runs an event loop in the test thread, so
Django's async-safety check must be relaxed for these tests.
"""

import os
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.support.browser import PASSWORD, axe_at_both_widths

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


@pytest.fixture(autouse=True)
def axe_on_every_page(request):
    """axe-core's WCAG 2.1 A/AA checks on every page a browser test opens, at 1440 and 390 px.

    Each `page.goto()` and each `page.wait_for_url()` (how the tests follow a click or a
    submitted form) checks the page it arrives at; the test fails at its end if axe found
    anything. A test that changes a page in place calls `axe_check()` itself.
    """
    if "page" not in request.fixturenames:
        yield None
        return
    page = request.getfixturevalue("page")
    found: list[str] = []
    goto, wait_for_url = page.goto, page.wait_for_url

    def checked_goto(*args, **kwargs):
        response = goto(*args, **kwargs)
        found.extend(axe_at_both_widths(page))
        return response

    def checked_wait_for_url(*args, **kwargs):
        result = wait_for_url(*args, **kwargs)
        page.wait_for_load_state()
        found.extend(axe_at_both_widths(page))
        return result

    page.goto, page.wait_for_url = checked_goto, checked_wait_for_url
    yield found
    page.goto, page.wait_for_url = goto, wait_for_url
    assert found == [], "axe (WCAG 2.1 A/AA):\n" + "\n".join(sorted(set(found)))


@pytest.fixture
def axe_check(page, axe_on_every_page) -> Callable[[], None]:
    """Check the page as it is now (after an in-place change such as an opened quick edit)."""
    return lambda: axe_on_every_page.extend(axe_at_both_widths(page))
