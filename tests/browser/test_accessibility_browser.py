"""Digitoegankelijk in Chromium: a keyboard-only round with visible focus at every step, and no
page wider than a phone's screen (390 px). axe-core checks every page these tests open
(tests/browser/conftest.py). Screenshots land in test-artifacts/accessibility/ (git-ignored).
"""

import re
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError
from playwright.sync_api import expect

from milestones.models import Milestone
from phases.models import AccessLevel, Programme
from tests.support.browser import PASSWORD
from tests.support.factories import MembershipFactory, UserFactory

SLUG = "mijlpalen-fase-1"
TITLE = "Einddocumenten ter besluitvorming"  # "eind sep/begin okt"

# Is the focused element's focus visible: an outline, a focus ring (box-shadow), or for a
# timeline item its mark drawn with a heavy dark outline?
FOCUS_VISIBLE = """() => {
  const el = document.activeElement;
  if (!el || el === document.body) return false;
  const style = getComputedStyle(el);
  if (style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0) return true;
  if (style.boxShadow && style.boxShadow !== "none") return true;
  const mark = el.querySelector && el.querySelector(".tl-mark");
  return !!mark && parseFloat(getComputedStyle(mark).strokeWidth) >= 3;
}"""


@pytest.fixture
def editor(transactional_db):
    call_command("load_demo", stdout=StringIO())
    user = UserFactory(username="toetsenbord", password=PASSWORD)
    MembershipFactory(
        user=user, programme=Programme.objects.get(slug=SLUG), level=AccessLevel.EDITOR
    )
    return user


def tab_to(page, matches: str, *, back: bool = False, limit: int = 250) -> None:
    """Press Tab (or Shift+Tab) until the focused element matches the JS predicate `matches`;
    every element passed on the way must show that it has the focus."""
    for _ in range(limit):
        page.keyboard.press("Shift+Tab" if back else "Tab")
        if page.evaluate("() => document.activeElement === document.body"):
            continue
        described = page.evaluate("() => document.activeElement.outerHTML.slice(0, 120)")
        try:  # Bootstrap fades its focus ring in (a transition of .15 s)
            page.wait_for_function(FOCUS_VISIBLE, timeout=2000)
        except PlaywrightTimeoutError:
            raise AssertionError(f"focus not visible on {described}") from None
        if page.evaluate(f"() => {{ const el = document.activeElement; return {matches}; }}"):
            return
    raise AssertionError(f"never reached {matches}")


def test_keyboard_only_round(page, live_server, editor, console_errors, artifacts):
    page.set_viewport_size({"width": 1440, "height": 900})
    page.goto(live_server.url + "/accounts/login/")
    tab_to(page, "el.name === 'username'")
    page.keyboard.type(editor.username)
    tab_to(page, "el.name === 'password'")
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url(lambda url: "/accounts/login/" not in url)

    programme = Programme.objects.get(slug=SLUG)
    tab_to(page, f"el.textContent.trim() === {programme.name!r}")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(rf"/programmes/{SLUG}/$"))

    table_url = reverse("milestones:table", args=[SLUG])
    tab_to(page, f"el.getAttribute('href') === {table_url!r}")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(re.escape(table_url)))

    # Quick edit of a date in the table: the pencil, the field, Enter saves.
    tab_to(page, f"el.tagName === 'A' && el.textContent.includes('Datum wijzigen: {TITLE}')")
    page.keyboard.press("Enter")
    row = page.locator("tbody tr", has_text=TITLE)
    field = row.get_by_label("Datum", exact=True)
    expect(field).to_be_focused()
    page.wait_for_function(FOCUS_VISIBLE, timeout=2000)
    field.press("Control+a")
    page.keyboard.type("medio okt")
    page.keyboard.press("Enter")
    expect(row.locator("td.date-text")).to_contain_text("medio okt")
    milestone = Milestone.objects.get(programme__slug=SLUG, title=TITLE)
    assert milestone.date_text == "medio okt"

    # The timeline, and from one of its items to that item's page.
    timeline_url = reverse("milestones:timeline", args=[SLUG])
    tab_to(page, f"el.getAttribute('href') === {timeline_url!r}", back=True)
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(re.escape(timeline_url)))
    tab_to(page, "el.classList.contains('tl-item') && el.hasAttribute('href')")
    name = page.evaluate("() => document.activeElement.getAttribute('aria-label')")
    assert name and name.split(" — ")[0]
    page.screenshot(path=str(artifacts / "keyboard-timeline-focus.png"))
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/milestones/\d+/$"))
    assert page.locator("h1").inner_text().strip() in name
    assert console_errors == []


def test_no_page_is_wider_than_a_phone(
    page, live_server, editor, log_in, console_errors, artifacts
):
    folder = artifacts / "accessibility"
    folder.mkdir(exist_ok=True)
    log_in(editor.username)
    milestone = Milestone.objects.get(programme__slug=SLUG, title=TITLE)
    pages = {
        "programmes": reverse("home"),
        "programme": reverse("programme", args=[SLUG]),
        "dashboard": reverse("milestones:dashboard", args=[SLUG]),
        "table": reverse("milestones:table", args=[SLUG]),
        "milestone": reverse("milestones:detail", args=[milestone.pk]),
        "edit-form": reverse("milestones:edit", args=[milestone.pk]),
        "timeline": reverse("milestones:timeline", args=[SLUG]),
        "changes": reverse("milestones:changes", args=[SLUG]),
        "import": reverse("milestones:import", args=[SLUG]),
        "feeds": reverse("calendar:feeds"),
        "statement": reverse("accessibility"),
    }
    page.set_viewport_size({"width": 390, "height": 844})
    for name, url in pages.items():
        page.goto(live_server.url + url)
        page.set_viewport_size({"width": 390, "height": 844})
        wider = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert wider <= 0, (name, wider)
        if name in ("table", "edit-form", "milestone"):
            page.screenshot(path=str(folder / f"{name}-390.png"), full_page=True)
    # A quick edit opened in the table stays inside the table's own box.
    page.goto(live_server.url + pages["table"])
    page.set_viewport_size({"width": 390, "height": 844})
    row = page.locator("tbody tr", has_text=TITLE)
    row.get_by_role("link", name=f"Datum wijzigen: {TITLE}").click()
    expect(row.get_by_label("Datum", exact=True)).to_be_focused()
    assert page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0
    page.screenshot(path=str(folder / "table-quick-edit-390.png"))
    assert console_errors == []
