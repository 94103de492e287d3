"""The timeline in Chromium: log in, open the demo programmes, toggle the lanes, print on A3.

Screenshots land in test-artifacts/timeline/ (git-ignored) for a person to look at.
"""

import re
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

from phases.models import AccessLevel, Programme
from tests.support.browser import PASSWORD
from tests.support.factories import MembershipFactory, UserFactory

WIDTHS = (1440, 390)


@pytest.fixture
def demo(transactional_db):
    call_command("load_demo", stdout=StringIO())
    user = UserFactory(username="kijker", password=PASSWORD)
    for programme in Programme.objects.all():
        MembershipFactory(user=user, programme=programme, level=AccessLevel.VIEWER)
    return user


def test_timeline_of_every_demo_programme(
    page, live_server, demo, log_in, console_errors, artifacts
):
    folder = artifacts / "timeline"
    folder.mkdir(exist_ok=True)
    log_in("kijker")
    for programme in Programme.objects.order_by("slug"):
        url = live_server.url + reverse("milestones:timeline", args=[programme.slug])
        for width in WIDTHS:
            page.set_viewport_size({"width": width, "height": 900})
            page.goto(url)
            assert page.locator("h1").inner_text().endswith(programme.name)
            chart = page.locator("svg.tl-svg")
            assert chart.is_visible()
            assert page.locator(".tl-item").count() > 0, programme.slug
            # The page itself never scrolls sideways; only the chart's own box does.
            overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
            assert overflow <= 0, (programme.slug, width, overflow)
            page.screenshot(path=str(folder / f"{programme.slug}-{width}.png"), full_page=True)
    assert console_errors == []


def test_toggle_lanes_keyboard_and_table(
    page, live_server, demo, log_in, console_errors, artifacts
):
    slug = "bestuursopdracht-jeugd-en-gezin"
    log_in("kijker")
    page.set_viewport_size({"width": 1440, "height": 900})
    page.goto(live_server.url + reverse("milestones:timeline", args=[slug]))
    lanes = page.locator(".tl-lane-title")
    assert lanes.first.text_content().startswith("Fase 1")

    page.get_by_role("link", name=re.compile("target group|doelgroep", re.I)).click()
    page.wait_for_url(re.compile(r"lanes=group"))
    titles = lanes.all_text_contents()
    assert any(t.startswith("College") for t in titles), titles
    page.screenshot(path=str(artifacts / "timeline" / f"{slug}-groups-1440.png"), full_page=True)

    page.get_by_role("link", name=re.compile("per phase|per fase", re.I)).click()
    page.wait_for_url(lambda url: "lanes=group" not in url)
    assert lanes.first.text_content().startswith("Fase 1")

    # Items are reachable with the keyboard and name themselves.
    page.locator(".tl-item").first.focus()
    focused = page.evaluate("document.activeElement.querySelector('title').textContent")
    assert "Maart" in focused or "Maart-mei" in focused

    # The accessible table lists the text as written.
    page.locator("#tl-table summary").click()
    assert page.locator("#tl-table td.date-text", has_text="Juli-dec '19").count() >= 1
    assert console_errors == []


def test_prints_on_one_a3_landscape_page(page, live_server, demo, log_in, artifacts):
    log_in("kijker")
    for slug in ("sociale-agenda-2009-2012", "bestuursopdracht-jeugd-en-gezin"):
        page.goto(live_server.url + reverse("milestones:timeline", args=[slug]))
        page.emulate_media(media="print")
        assert not page.locator(".tl-controls").is_visible()
        assert not page.locator("nav.navbar").is_visible()
        pdf = page.pdf(prefer_css_page_size=True, print_background=True)
        (artifacts / "timeline" / f"{slug}-print.pdf").write_bytes(pdf)
        pages = len(re.findall(rb"/Type\s*/Page[^s]", pdf))
        assert pages == 1, (slug, pages)
        size = re.search(rb"/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]", pdf)
        width, height = (float(v) for v in size.groups())
        assert (round(width), round(height)) == (1191, 842)  # A3 landscape in points
        page.emulate_media(media="screen")


def test_the_living_demo_timeline_overlays_the_baseline(
    page, live_server, demo, log_in, console_errors, artifacts
):
    """Choose the approved plan's baseline: moved items show where they were, also on A3."""
    slug = "od-van-de-toekomst-lopend"
    programme = Programme.objects.get(slug=slug)
    baseline = programme.baselines.get()
    moved = {
        f"milestone-{pk}"
        for pk in programme.milestones.filter(phase__order=3).values_list("pk", flat=True)
    }
    log_in("kijker")
    folder = artifacts / "timeline"
    folder.mkdir(exist_ok=True)
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        page.goto(live_server.url + reverse("milestones:timeline", args=[slug]))
        assert page.locator("[data-was]").count() == 0
        page.select_option("#tl-baseline", value=str(baseline.pk))
        page.locator(".tl-compare button[type=submit]").click()
        page.wait_for_url(re.compile(rf"baseline={baseline.pk}"))
        was = set(page.locator("g.tl-was").evaluate_all("gs => gs.map(g => g.dataset.was)"))
        assert moved <= was  # every shifted milestone shows its old place
        assert page.locator("g.tl-was .tl-ghost").count() > 0
        assert page.locator("g.tl-was .tl-link").count() > 0
        legend = page.locator("[data-legend-was]")
        assert baseline.name in legend.inner_text()
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, (width, overflow)
        page.screenshot(path=str(folder / f"{slug}-baseline-{width}.png"), full_page=True)
    page.emulate_media(media="print")
    assert page.locator("[data-legend-was]").is_visible()  # the print says what the ghosts are
    assert page.locator("g.tl-was .tl-ghost").first.is_visible()
    pdf = page.pdf(prefer_css_page_size=True, print_background=True)
    (folder / f"{slug}-baseline-print.pdf").write_bytes(pdf)
    assert len(re.findall(rb"/Type\s*/Page[^s]", pdf)) == 1
    assert console_errors == []
