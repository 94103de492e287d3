"""Programme page, dashboard and milestone table in Chromium, at laptop and phone width.

Screenshots land in test-artifacts/pages/ (git-ignored) for a person to look at.
"""

from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse
from playwright.sync_api import expect

from phases.models import AccessLevel, Programme
from tests.support.browser import PASSWORD
from tests.support.factories import MembershipFactory, UserFactory

WIDTHS = (1440, 390)


@pytest.fixture
def member(transactional_db):
    call_command("load_demo", stdout=StringIO())
    user = UserFactory(username="stuurgroeplid-test", password=PASSWORD)
    for programme in Programme.objects.all():
        MembershipFactory(user=user, programme=programme, level=AccessLevel.VIEWER)
    return user


def test_pages_of_every_demo_programme(
    page, live_server, member, log_in, console_errors, artifacts
):
    folder = artifacts / "pages"
    folder.mkdir(exist_ok=True)
    log_in(member.username)
    assert page.locator("h1").inner_text() == "Programma's"
    for programme in Programme.objects.order_by("slug"):
        for name in ("programme", "milestones:dashboard", "milestones:table"):
            url = live_server.url + reverse(name, args=[programme.slug])
            for width in WIDTHS:
                page.set_viewport_size({"width": width, "height": 900})
                page.goto(url)
                assert page.locator("h1").first.inner_text() == programme.name
                overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
                assert overflow <= 1, (programme.slug, name, width, overflow)
                page.screenshot(
                    path=str(folder / f"{programme.slug}-{name}-{width}.png"), full_page=True
                )
    assert console_errors == []


def test_filter_the_table_and_open_a_milestone(page, live_server, member, log_in, console_errors):
    log_in(member.username)
    page.goto(live_server.url + reverse("milestones:table", args=["mijlpalen-fase-1"]))
    assert page.locator("tbody tr").count() == 29
    page.select_option("select[name=group]", label="Gezamenlijk AB")
    page.get_by_role("button", name="Filteren").click()
    rows = page.locator("tbody tr")
    expect(rows).to_have_count(2)  # waits for the filtered page, not the one it replaces
    assert "eind sep/begin okt" in rows.nth(1).inner_text()
    rows.nth(1).get_by_role("link").click()
    expect(page.locator("h1")).to_have_text("Einddocumenten ter besluitvorming")
    assert "21 sep – 10 okt 2024" in page.locator("main").inner_text()
    assert console_errors == []


def test_dashboard_reference_date(page, live_server, member, log_in, console_errors):
    log_in(member.username)
    page.goto(live_server.url + reverse("milestones:dashboard", args=["sociale-agenda-2009-2012"]))
    page.fill("input[name=date]", "2007-11-15")
    page.get_by_role("button", name="Tonen").click()
    expect(page.locator("main")).to_contain_text("15 november 2007")
    assert page.locator("#h-next").inner_text() == "De komende 30 dagen"
    assert console_errors == []


def test_the_living_demo_dashboard_shows_what_moved_since_the_stuurgroep(
    page, live_server, member, log_in, console_errors, artifacts
):
    log_in(member.username)
    slug = "od-van-de-toekomst-lopend"
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        page.goto(live_server.url + reverse("milestones:dashboard", args=[slug]))
        block = page.locator("#what-moved")
        block.wait_for()
        assert block.locator("h2").inner_text().startswith("Wat is er veranderd sinds Stuurgroep")
        assert block.locator("li").count() == 5  # the five biggest slips
        assert "+14 dagen" in block.inner_text()  # the phase shifted after the meeting
        page.screenshot(path=artifacts / f"living-dashboard-{width}.png", full_page=True)
        block.get_by_role("link", name="Alle wijzigingen").click()
        page.wait_for_url(f"**/programmes/{slug}/changes/")
        assert "verschoven" in page.content()
    assert console_errors == []
