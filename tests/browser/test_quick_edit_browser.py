"""Quick edits in place in Chromium: change a status and a date in the milestone table with
the keyboard, see the row change without a page load; the same on the milestone page; and
without JavaScript the pencil opens the full form.

Screenshots land in test-artifacts/quick-edit/ (git-ignored) for a person to look at.
"""

import re
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse
from playwright.sync_api import expect

from milestones.models import Milestone
from phases.models import AccessLevel, Programme
from tests.support.browser import PASSWORD
from tests.support.factories import MembershipFactory, UserFactory

SLUG = "mijlpalen-fase-1"
TITLE = "Einddocumenten ter besluitvorming"  # "eind sep/begin okt", planned


@pytest.fixture
def editor(transactional_db):
    call_command("load_demo", stdout=StringIO())
    user = UserFactory(username="projectleider-test", password=PASSWORD)
    MembershipFactory(
        user=user, programme=Programme.objects.get(slug=SLUG), level=AccessLevel.EDITOR
    )
    return user


@pytest.fixture
def folder(artifacts):
    path = artifacts / "quick-edit"
    path.mkdir(exist_ok=True)
    return path


def test_status_and_date_in_the_table(page, live_server, editor, log_in, console_errors, folder):
    log_in(editor.username)
    page.set_viewport_size({"width": 1440, "height": 900})
    page.goto(live_server.url + reverse("milestones:table", args=[SLUG]))
    page.evaluate("window.notReloaded = true")  # gone if the page were loaded again
    row = page.locator("tbody tr", has_text=TITLE)
    milestone = Milestone.objects.get(programme__slug=SLUG, title=TITLE)
    assert milestone.status == "planned"

    # status: the pencil opens a select in the cell, with the focus in it; Enter saves
    row.get_by_role("link", name=f"Status wijzigen: {TITLE}").click()
    select = row.locator("select[name=status]")
    expect(select).to_be_focused()
    select.select_option("done")
    page.screenshot(path=str(folder / "table-status-editor.png"))
    select.press("Enter")
    expect(row.locator(".badge-status-done")).to_have_text("gereed")
    expect(row.locator("form")).to_have_count(0)
    pencil = row.get_by_role("link", name=f"Status wijzigen: {TITLE}")
    expect(pencil).to_be_focused()  # back where the user was
    expect(page.locator("#quick-edit-status")).to_have_text(
        f"Status van “{TITLE}” opgeslagen: gereed."
    )

    # date: typed over the selected text, read live below the input, Enter saves
    row.get_by_role("link", name=f"Datum wijzigen: {TITLE}").click()
    date = row.get_by_label("Datum", exact=True)
    expect(date).to_be_focused()
    page.keyboard.type("wk 47")  # the old text was selected: typing replaces it
    expect(row.locator(".date-preview")).to_contain_text("18 – 24 nov 2024")
    page.screenshot(path=str(folder / "table-date-editor.png"))
    date.press("Enter")
    expect(row.locator("td.date-text")).to_have_text(re.compile(r"^\s*wk 47 Datum wijzigen"))
    expect(row).to_contain_text("18 – 24 nov 2024")
    expect(row.get_by_role("link", name=f"Datum wijzigen: {TITLE}")).to_be_focused()
    expect(page.locator("#quick-edit-status")).to_contain_text("wk 47 (18 – 24 nov 2024)")

    # Escape leaves an editor without saving
    row.get_by_role("link", name=f"Doelgroepen wijzigen: {TITLE}").click()
    ticked = row.get_by_role("checkbox", name="Gezamenlijk AB")
    expect(ticked).to_be_focused()  # the current choice, not the top of the catalogue
    ticked.press("Space")
    expect(ticked).not_to_be_checked()
    ticked.press("Escape")
    expect(row.locator("form")).to_have_count(0)
    expect(row.get_by_role("link", name=f"Doelgroepen wijzigen: {TITLE}")).to_be_focused()

    assert page.evaluate("window.notReloaded") is True
    page.screenshot(path=str(folder / "table-after.png"), full_page=True)
    milestone.refresh_from_db()
    assert (milestone.status, milestone.date_text) == ("done", "wk 47")
    assert milestone.version == 3
    assert sorted(milestone.target_groups.values_list("name", flat=True)) == ["Gezamenlijk AB"]
    assert console_errors == []


def test_target_groups_and_history_on_the_milestone_page(
    page, live_server, editor, log_in, console_errors, folder
):
    milestone = Milestone.objects.get(programme__slug=SLUG, title=TITLE)
    log_in(editor.username)
    page.set_viewport_size({"width": 1440, "height": 900})
    page.goto(live_server.url + milestone.get_absolute_url())
    page.evaluate("window.notReloaded = true")

    page.get_by_role("link", name="Doelgroepen wijzigen").click()
    groups = page.locator("#milestone-groups")
    stuurgroep = groups.get_by_role("checkbox", name="Stuurgroep")
    stuurgroep.check()
    page.screenshot(path=str(folder / "page-groups-editor.png"))
    stuurgroep.press("Enter")
    expect(page.locator("#milestone-groups")).to_contain_text("Gezamenlijk AB, Stuurgroep")
    history = page.locator("#milestone-history")
    expect(history).to_contain_text("Doelgroepen: — → Stuurgroep")
    expect(history).to_contain_text(editor.username)
    expect(page.get_by_role("link", name="Doelgroepen wijzigen")).to_be_focused()
    assert page.evaluate("window.notReloaded") is True
    page.screenshot(path=str(folder / "page-after.png"), full_page=True)
    assert console_errors == []


def test_without_javascript_the_pencil_opens_the_full_form(browser, live_server, editor):
    context = browser.new_context(java_script_enabled=False, locale="nl-NL")
    page = context.new_page()
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("input[name=username]", editor.username)
    page.fill("input[name=password]", PASSWORD)
    page.locator("main form [type=submit]").click()
    page.goto(live_server.url + reverse("milestones:table", args=[SLUG]))
    row = page.locator("tbody tr", has_text=TITLE)
    row.get_by_role("link", name=f"Status wijzigen: {TITLE}").click()
    milestone = Milestone.objects.get(programme__slug=SLUG, title=TITLE)
    assert page.url == live_server.url + reverse("milestones:edit", args=[milestone.pk])
    expect(page.locator("#form-heading")).to_have_text("Mijlpaal bewerken")
    context.close()


def test_a_conflict_is_shown_in_place(page, live_server, editor, log_in, console_errors, folder):
    log_in(editor.username)
    page.set_viewport_size({"width": 1440, "height": 900})
    page.goto(live_server.url + reverse("milestones:table", args=[SLUG]))
    row = page.locator("tbody tr", has_text=TITLE)
    row.get_by_role("link", name=f"Status wijzigen: {TITLE}").click()
    select = row.locator("select[name=status]")
    expect(select).to_be_focused()

    other = Milestone.objects.get(programme__slug=SLUG, title=TITLE)
    other.status = "in_progress"  # a colleague, while the editor is open
    other.save()

    select.select_option("cancelled")
    select.press("Enter")
    conflict = row.locator(".quick-conflict")
    expect(conflict).to_contain_text("Intussen opgeslagen: bezig")
    expect(conflict).to_contain_text("Uw waarde: vervallen")
    expect(row.locator("select[name=status]")).to_have_value("cancelled")
    expect(row.locator("select[name=status]")).to_be_focused()
    row.screenshot(path=str(folder / "table-conflict.png"))

    row.get_by_role("link", name="Opgeslagen waarde overnemen").click()
    expect(row.locator(".badge-status-in_progress")).to_have_text("bezig")
    other.refresh_from_db()
    assert (other.status, other.version) == ("in_progress", 2)
    assert console_errors == []


def test_a_refused_quick_edit_says_so(page, live_server, editor, log_in, console_errors, folder):
    """Access taken away while the table is open: the pencil answers 403, and the page says
    so in words instead of doing nothing."""
    log_in(editor.username)
    page.goto(live_server.url + reverse("milestones:table", args=[SLUG]))
    editor.programme_memberships.update(level=AccessLevel.VIEWER)
    row = page.locator("tbody tr", has_text=TITLE)
    row.get_by_role("link", name=f"Status wijzigen: {TITLE}").click()
    expect(page.locator("#quick-edit-status")).to_have_text(
        "U mag dit niet meer wijzigen; laad de pagina opnieuw."
    )
    expect(row.locator("form")).to_have_count(0)
    page.screenshot(path=str(folder / "table-refused.png"))
    assert Milestone.objects.get(programme__slug=SLUG, title=TITLE).status == "planned"
    assert [e for e in console_errors if "403" not in e] == []
