"""The decision route in Chromium: planning a gate on the Raad of 2 July from its page (the
vertical route with dates and time left), then the warning a two-week shift of its phase
gives in the preview, before anything is saved.

Screenshots land in test-artifacts/cycle/ (git-ignored) for a person to look at.
"""

import datetime

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from cycle.models import GatePlan
from tests.support.browser import PASSWORD
from tests.support.cycle import council_year, raad_gate
from tests.support.factories import ProgrammeFactory, UserFactory

TODAY = datetime.date(2026, 3, 2)


@pytest.fixture
def gate(transactional_db, monkeypatch):
    for module in ("cycle.views", "cycle.risks", "cycle.receivers"):
        monkeypatch.setattr(f"{module}.local_today", lambda: TODAY)
    programme = ProgrammeFactory(slug="kaderbrief", name="Kaderbrief sociaal domein", year=2026)
    UserFactory(username="griffier", password=PASSWORD, is_staff=True)
    return raad_gate(programme, council_year(programme))


@pytest.mark.parametrize("width", [1440, 390])
def test_plan_the_route_and_see_the_shift_warning(
    page, live_server, gate, log_in, console_errors, artifacts, width
):
    folder = artifacts / "cycle"
    folder.mkdir(exist_ok=True)
    page.set_viewport_size({"width": width, "height": 900})
    log_in("griffier")
    page.goto(live_server.url + gate.get_absolute_url())
    route = page.locator("#decision-route")
    route.locator("select[name=meeting]").select_option("2026-07-02")
    route.locator("button").click()
    page.wait_for_selector("#decision-route li")
    steps = page.locator("#decision-route li")
    assert steps.count() == 4
    texts = [steps.nth(i).inner_text() for i in range(4)]
    assert "2 juni 2026" in texts[0] and "College" in texts[0]
    assert "12 juni 2026" in texts[1] and "Griffie" in texts[1]
    assert "24 juni 2026" in texts[2] and "Commissie MO" in texts[2]
    assert "2 juli 2026" in texts[3] and "Raad" in texts[3]
    assert "13 weken" in texts[0]  # from 2 March: 13 weeks and 1 day
    assert GatePlan.objects.get(gate=gate).target == datetime.date(2026, 7, 2)
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 1
    page.screenshot(path=str(folder / f"gate-route-{width}.png"), full_page=True)

    page.goto(live_server.url + reverse("shifting:phase", args=[gate.phase.pk]))
    page.get_by_label("Verschuiven met").fill("2")
    page.get_by_role("button", name="Voorvertoning").click()
    warning = page.locator("[data-shift-warning]")
    expect(warning).to_have_count(1)  # waits for the preview page, not the form it replaces
    text = warning.inner_text()
    assert "Vaststellen kaderbrief" in text
    assert "2 juli" in text and "24 september" in text and "zomerreces" in text
    page.screenshot(path=str(folder / f"shift-warning-{width}.png"), full_page=True)
    gate.refresh_from_db()
    assert gate.end == datetime.date(2026, 7, 2)  # a preview saves nothing
    assert console_errors == []
