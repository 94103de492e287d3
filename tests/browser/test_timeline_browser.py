"""The timeline in Chromium: log in, open the demo programmes, toggle the lanes, print on A3.

Screenshots land in test-artifacts/timeline/ (git-ignored) for a person to look at.
"""

import re
import shutil
import subprocess
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

from milestones.loadgen import generate_load
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
            chart = page.locator(".tl-chart")
            assert chart.is_visible()
            # A phone folds the legend away, so that the chart starts on the first screen.
            if width < 576:
                assert chart.bounding_box()["y"] < 900, programme.slug
            assert page.locator("[data-tl-legend]").evaluate("d => d.open") == (width > 576)
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


# A3 landscape less the 10 mm margins is 400 mm wide: 1512 CSS px at 96 px to the inch.
A3_CONTENT_PX = 400 / 25.4 * 96


def _printed_label_points(page) -> float:
    """The size the chart's labels print at, in points, with the page laid out for A3."""
    return page.evaluate(
        """() => {
          const svg = document.querySelector('.tl-lane-svg');
          const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
          const label = document.querySelector('.tl-label:not(.tl-number)') ||
            document.querySelector('.tl-label');
          return parseFloat(getComputedStyle(label).fontSize) * scale * 0.75;
        }"""
    )


def test_prints_on_a3_landscape_across_the_width(page, live_server, demo, log_in, artifacts):
    """Fills the page's width with labels of at least 7 pt, also for a 300-item programme; a
    tall chart goes on over more A3 pages. The first page is rendered to PNG for a person."""
    large = generate_load(programmes=1, milestones_per_programme=300, seed=15).slugs[0]
    Programme.objects.get(slug=large).memberships.create(user=demo, level=AccessLevel.VIEWER)
    log_in("kijker")
    folder = artifacts / "timeline"
    folder.mkdir(exist_ok=True)
    for slug in ("sociale-agenda-2009-2012", "bestuursopdracht-jeugd-en-gezin", large):
        page.set_viewport_size({"width": round(A3_CONTENT_PX), "height": 1000})
        page.goto(live_server.url + reverse("milestones:timeline", args=[slug]))
        page.emulate_media(media="print")
        assert not page.locator(".tl-controls").is_visible()
        assert not page.locator("nav.navbar").is_visible()
        chart = page.locator(".tl-chart").bounding_box()
        assert chart["width"] >= 0.98 * A3_CONTENT_PX, (slug, chart["width"])
        assert _printed_label_points(page) >= 7, slug
        numbered = page.locator(".tl-numbered")
        assert numbered.count() == 0 or numbered.is_visible()  # the numbers' names on paper
        pdf = page.pdf(prefer_css_page_size=True, print_background=True)
        path = folder / f"{slug}-print.pdf"
        path.write_bytes(pdf)
        sizes = re.findall(rb"/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]", pdf)
        assert sizes, slug
        for width, height in sizes:
            assert (round(float(width)), round(float(height))) == (1191, 842)  # A3 landscape
        if shutil.which("pdftoppm"):
            subprocess.run(
                [
                    "pdftoppm",
                    "-png",
                    "-r",
                    "60",
                    "-f",
                    "1",
                    "-l",
                    "1",
                    "-singlefile",
                    path,
                    folder / f"{slug}-print-page1",
                ],
                check=True,
            )
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
        assert baseline.name in legend.text_content()  # folded away on a phone
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, (width, overflow)
        page.screenshot(path=str(folder / f"{slug}-baseline-{width}.png"), full_page=True)
    page.emulate_media(media="print")
    assert page.locator("[data-legend-was]").is_visible()  # the print says what the ghosts are
    assert page.locator("g.tl-was .tl-ghost").first.is_visible()
    pdf = page.pdf(prefer_css_page_size=True, print_background=True)
    (folder / f"{slug}-baseline-print.pdf").write_bytes(pdf)
    assert len(re.findall(rb"/Type\s*/Page[^s]", pdf)) >= 1
    assert console_errors == []
