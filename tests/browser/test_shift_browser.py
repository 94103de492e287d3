"""Shifting a phase by two weeks in Chromium: form, preview, save (issue 6, point 4).

Screenshots land in test-artifacts/shift/ (git-ignored) for a person to look at.
"""

from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

from milestones.models import Milestone
from phases.models import AccessLevel, Programme
from tests.support.browser import PASSWORD
from tests.support.factories import MembershipFactory, UserFactory

SLUG = "mijlpalen-fase-1"


@pytest.fixture
def editor(transactional_db):
    call_command("load_demo", stdout=StringIO())
    user = UserFactory(username="projectleider-test", password=PASSWORD)
    MembershipFactory(
        user=user, programme=Programme.objects.get(slug=SLUG), level=AccessLevel.EDITOR
    )
    return user


@pytest.mark.parametrize("width", [1440, 390])
def test_shift_a_phase_by_two_weeks(
    page, live_server, editor, log_in, console_errors, artifacts, width
):
    folder = artifacts / "shift"
    folder.mkdir(exist_ok=True)
    page.set_viewport_size({"width": width, "height": 900})
    log_in(editor.username)
    page.goto(live_server.url + reverse("programme", args=[SLUG]))
    page.get_by_role("link", name="Verschuiven").first.click()
    assert page.locator("h2").first.inner_text() == "Fase “Fase 1” verschuiven"
    assert page.get_by_label("weken").is_checked()
    page.get_by_label("Verschuiven met").fill("2")
    page.screenshot(path=str(folder / f"form-{width}.png"), full_page=True)
    page.get_by_role("button", name="Voorvertoning").click()

    table = page.locator("table.shift-preview")
    row = table.locator("tr", has_text="eind sep/begin okt")
    assert "begin/medio okt" in row.inner_text()
    assert "1 – 20 okt 2024" in row.inner_text()
    coarse = table.locator("tr", has_text="okt-nov-dec")
    assert "Te grof om 2 weken te verschuiven" in coarse.inner_text()
    assert "28 van 30 onderdelen schuiven 2 weken op." in page.locator("main").inner_text()
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 1
    page.screenshot(path=str(folder / f"preview-{width}.png"), full_page=True)
    row.scroll_into_view_if_needed()
    page.screenshot(path=str(folder / f"preview-{width}-detail.png"))
    assert Milestone.objects.filter(date_text="begin/medio okt").count() == 0  # nothing yet

    page.get_by_role("button", name="Opslaan").click()
    page.wait_for_url(live_server.url + reverse("programme", args=[SLUG]))
    assert "28 mijlpalen verschoven met 2 weken." in page.locator(".alert-success").inner_text()
    page.screenshot(path=str(folder / f"saved-{width}.png"))
    moved = Milestone.objects.get(date_text="begin/medio okt")
    assert moved.version == 2 and moved.history.first().history_user == editor
    assert console_errors == []
