"""The milestone edit form in Chromium at 1440 and 390 px: the save bar stays in view at the
bottom of the screen, the page never scrolls sideways on a phone, the target groups are all
visible, and deleting is apart from saving and asks first.

Screenshots land in test-artifacts/forms/ (git-ignored) for a person to look at.
"""

from io import StringIO

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.urls import reverse
from playwright.sync_api import expect

from milestones.models import Milestone
from phases.groups import offered_groups
from phases.models import AccessLevel, Programme
from tests.support.browser import PASSWORD
from tests.support.factories import MembershipFactory, UserFactory

SLUG = "sociale-agenda-2009-2012"


@pytest.fixture
def milestone(transactional_db):
    call_command("load_demo", stdout=StringIO())
    programme = Programme.objects.get(slug=SLUG)
    user = UserFactory(username="redacteur-test", password=PASSWORD)
    MembershipFactory(user=user, programme=programme, level=AccessLevel.EDITOR)
    return Milestone.objects.filter(programme=programme, involvements__isnull=False).first()


@pytest.fixture
def folder(artifacts):
    path = artifacts / "forms"
    path.mkdir(exist_ok=True)
    return path


def save_bar_in_view(page) -> bool:
    """The bar's box lies wholly inside the viewport as the page is now."""
    box = page.locator("[data-save-bar]").bounding_box()
    size = page.viewport_size
    return (
        box is not None
        and box["y"] >= 0
        and box["y"] + box["height"] <= size["height"] + 0.5
        and box["x"] >= 0
        and box["x"] + box["width"] <= size["width"] + 0.5
    )


@pytest.mark.parametrize(("width", "height"), [(1440, 900), (390, 844)])
def test_the_edit_form_keeps_save_in_view(
    page, live_server, milestone, log_in, console_errors, folder, width, height
):
    log_in("redacteur-test")
    page.set_viewport_size({"width": width, "height": height})
    page.goto(live_server.url + reverse("milestones:edit", args=[milestone.pk]))
    page.screenshot(path=str(folder / f"milestone-form-{width}.png"))
    page.screenshot(path=str(folder / f"milestone-form-{width}-full.png"), full_page=True)

    bar = page.locator("[data-save-bar]")
    expect(bar.get_by_role("button", name="Opslaan")).to_be_visible()
    expect(bar.get_by_role("link", name="Annuleren")).to_be_visible()
    assert save_bar_in_view(page), "the save bar is below the screen at the top of the form"
    assert page.evaluate("document.documentElement.scrollHeight") > height  # a long form
    page.mouse.wheel(0, 900)
    page.wait_for_timeout(100)
    assert save_bar_in_view(page), "the save bar left the screen while scrolling"
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")

    # at the very end the bar sits below the last field, not over it
    page.evaluate("window.scrollTo(0, document.documentElement.scrollHeight)")
    page.wait_for_timeout(100)
    last_field = page.locator("textarea[name=notes]").bounding_box()
    assert last_field["y"] + last_field["height"] <= bar.bounding_box()["y"]

    # every offered group is shown: no scroll box cuts the list
    groups = page.locator("#div_id_target_groups")
    checkboxes = groups.locator("input[type=checkbox]")
    assert checkboxes.count() >= 10
    for index in range(checkboxes.count()):
        expect(checkboxes.nth(index)).to_be_visible()
    inner = groups.locator("fieldset > div").first
    assert inner.evaluate("el => el.scrollHeight <= el.clientHeight + 1")

    # deleting is in its own section below the form and asks first
    zone = page.locator("[data-danger-zone]")
    assert zone.bounding_box()["y"] > bar.bounding_box()["y"]
    assert bar.locator("text=Verwijder").count() == 0
    assert console_errors == []


def test_delete_asks_first_and_names_the_milestone(page, live_server, milestone, log_in, folder):
    log_in("redacteur-test")
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(live_server.url + reverse("milestones:edit", args=[milestone.pk]))
    page.locator("[data-danger-zone] a").click()
    page.wait_for_url(f"**{reverse('milestones:delete', args=[milestone.pk])}")
    expect(page.locator("main h2")).to_contain_text(milestone.title[:40])
    page.screenshot(path=str(folder / "milestone-delete-390.png"))
    assert Milestone.objects.filter(pk=milestone.pk).exists()  # opening the page deleted nothing
    page.get_by_role("button", name="Verwijderen").click()
    page.wait_for_url(f"**{reverse('milestones:table', args=[SLUG])}")
    assert not Milestone.objects.filter(pk=milestone.pk).exists()


@pytest.mark.parametrize(("width", "height"), [(1440, 900), (390, 844)])
def test_the_groups_quick_edit_shows_every_offered_group(
    page, live_server, milestone, log_in, axe_check, folder, width, height
):
    log_in("redacteur-test")
    page.set_viewport_size({"width": width, "height": height})
    title = milestone.title
    table = live_server.url + reverse("milestones:table", args=[SLUG])
    page.goto(f"{table}?q={title}")
    row = page.locator("tbody tr", has_text=title).first
    row.get_by_role("link", name=f"Doelgroepen wijzigen: {title}").click()
    boxes = row.locator("input[name=target_groups]")
    expect(boxes.first).to_be_visible()
    offered = boxes.count()
    editor = User.objects.get(username="redacteur-test")
    assert offered == offered_groups(user=editor, programme=milestone.programme).count() > 10
    inner = row.locator(".quick-edit fieldset > div").first
    assert inner.evaluate("el => el.scrollHeight <= el.clientHeight + 1")  # no scroll box
    for index in range(offered):
        box = boxes.nth(index)
        box.scroll_into_view_if_needed()
        expect(box).to_be_visible()
    page.screenshot(path=str(folder / f"quick-groups-{width}.png"))
    axe_check()


def test_the_new_programme_form_explains_web_address_and_year(page, live_server, log_in, folder):
    UserFactory(username="beheer-test", password=PASSWORD, is_staff=True, is_superuser=True)
    log_in("beheer-test")
    for width, height in ((1440, 900), (390, 844)):
        page.set_viewport_size({"width": width, "height": height})
        page.goto(live_server.url + reverse("phases:programme-new"))
        expect(page.locator("#id_slug_helptext")).to_contain_text("/programmes/sociale-agenda/")
        expect(page.locator("#id_year_helptext")).to_contain_text("1 maart")
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
        page.screenshot(path=str(folder / f"programme-new-{width}.png"), full_page=True)
