"""The Django admin in Chromium: it carries Regie's name and colours and links back to the app,
and at 1440 px every changelist of the demo data fits the screen, its table included (the
milestone list was 2,288 px wide).

Screenshots land in test-artifacts/admin/ (git-ignored) for a person to look at.
"""

from io import StringIO

import pytest
from django.contrib import admin
from django.core.management import call_command
from django.urls import reverse
from playwright.sync_api import expect

from tests.support.browser import PASSWORD
from tests.support.factories import UserFactory

APPS = {"stakeholders", "phases", "milestones", "cycle", "accounts"}
# How much wider than its box the results table is; the admin scrolls it inside the box.
RESULTS_OVERFLOW = """() => {
  const box = document.querySelector('#changelist .results');
  return box ? box.scrollWidth - box.clientWidth : 0;
}"""
PAGE_WIDTH = "document.documentElement.scrollWidth"


@pytest.fixture
def superuser(transactional_db):
    call_command("load_demo", stdout=StringIO())
    return UserFactory(username="beheer-test", password=PASSWORD, is_staff=True, is_superuser=True)


@pytest.fixture
def folder(artifacts):
    path = artifacts / "admin"
    path.mkdir(exist_ok=True)
    return path


def test_the_admin_looks_like_regie(page, live_server, superuser, log_in, console_errors, folder):
    log_in(superuser.username)
    page.set_viewport_size({"width": 1440, "height": 900})
    page.goto(live_server.url + reverse("admin:index"))
    header = page.locator("#site-name")
    expect(header).to_contain_text("Regie")  # NL "Regie beheer" once the catalogue has it
    assert "Django" not in page.locator("#header").inner_text()
    # Regie's blue (#154273) behind the header, white text on it.
    header_bg = page.locator("#header").evaluate("el => getComputedStyle(el).backgroundColor")
    assert header_bg == "rgb(21, 66, 115)"
    assert header.locator("a").evaluate("el => getComputedStyle(el).color") == "rgb(255, 255, 255)"
    link = page.locator("#content-main th[scope=row] a").first  # a model in the list
    assert link.evaluate("el => getComputedStyle(el).color") == "rgb(21, 66, 115)"
    page.screenshot(path=str(folder / "index-1440.png"))

    changelist = reverse("admin:milestones_milestone_changelist")
    page.goto(live_server.url + changelist)
    assert page.evaluate(PAGE_WIDTH) <= 1440
    assert page.evaluate(RESULTS_OVERFLOW) <= 0  # the table fits its box: nothing to scroll
    expect(page.locator("#result_list tbody tr")).to_have_count(100)
    page.screenshot(path=str(folder / "milestones-1440.png"))
    page.screenshot(path=str(folder / "milestones-1440-full.png"), full_page=True)

    page.locator("#header a.regie-back").click()  # "Back to Regie" (NL: "Terug naar Regie")
    page.wait_for_url(live_server.url + reverse("home"))
    expect(page.locator("h1")).to_have_text("Programma's")
    assert console_errors == []


def test_every_changelist_fits_1440(page, live_server, superuser, log_in, console_errors, folder):
    log_in(superuser.username)
    page.set_viewport_size({"width": 1440, "height": 900})
    too_wide = {}
    for model in admin.site._registry:
        opts = model._meta
        if opts.app_label not in APPS:
            continue
        page.goto(live_server.url + reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist"))
        overflow = page.evaluate(RESULTS_OVERFLOW), page.evaluate(PAGE_WIDTH) - 1440
        if max(overflow) > 0:
            too_wide[opts.label] = overflow
            page.screenshot(path=str(folder / f"too-wide-{opts.label}.png"))
    assert too_wide == {}, sorted(too_wide.items())
    assert console_errors == []
