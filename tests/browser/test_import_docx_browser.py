"""The import wizard with a Word document in Chromium: upload seed 003's project proposal
(seven tables, one of them the week planning), choose that table, confirm.

Screenshots land in test-artifacts/import/ (git-ignored) for a person to look at.
"""

import pytest
from django.urls import reverse

from milestones.demo import load_catalogue
from milestones.models import ImportRecord, Milestone, PendingImport
from phases.models import AccessLevel
from tests.support.browser import PASSWORD  # noqa: F401  (log_in uses it)
from tests.support.factories import MembershipFactory, ProgrammeFactory, UserFactory
from tests.support.schedules import CATALOGUE, SAMPLES

WIDTHS = (1440, 390)


@pytest.fixture
def editor(transactional_db):
    load_catalogue(path=CATALOGUE)
    programme = ProgrammeFactory(slug="sa", name="Sociale agenda 2009-2012", year=2007)
    user = UserFactory(username="projectleider-docx", password=PASSWORD)
    MembershipFactory(user=user, programme=programme, level=AccessLevel.EDITOR)
    return user


def test_upload_a_word_document_choose_its_planning_table_and_confirm(
    page, live_server, editor, log_in, console_errors, artifacts
):
    folder = artifacts / "import"
    folder.mkdir(exist_ok=True)
    log_in(editor.username)
    page.goto(live_server.url + reverse("milestones:import", args=["sa"]))
    assert ".docx" in page.locator("input[name=file]").get_attribute("accept")
    page.set_input_files("input[name=file]", str(SAMPLES / "seed_003.docx"))
    page.get_by_role("button", name="Uploaden en controleren").click()

    page.wait_for_url("**/import/*/")
    choice = page.locator("select#import-table")
    options = choice.locator("option")
    assert options.count() == 8  # every table with a schedule, and each of the seven
    assert choice.input_value() == ""
    planning = options.nth(5)
    assert planning.get_attribute("value") == "Tabel 5"
    label = planning.inner_text()
    assert "PLANNING SOCIALE AGENDA 2009-2012 (GROEIDOCUMENT) — 15" in label
    assert "87" in label
    assert page.locator("#count-creates").inner_text() == "63"
    warnings_all_tables = page.locator("#count-others").inner_text()
    page.screenshot(path=str(folder / "docx-tables-1440.png"), full_page=True)

    choice.select_option("Tabel 5")
    page.locator("form.import-table button[type=submit]").click()
    page.wait_for_url("**/import/*/")
    assert page.locator("select#import-table").input_value() == "Tabel 5"
    assert page.locator("#count-creates").inner_text() == "63"
    assert page.locator("#count-problems").inner_text() == "0"
    # The six other tables are no longer read, so their "no header row" warnings are gone.
    assert page.locator("#count-others").inner_text() != warnings_all_tables
    assert PendingImport.objects.get().sheet == "Tabel 5"
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=str(folder / f"docx-table-chosen-{width}.png"), full_page=True)
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 1, (width, overflow)
    page.set_viewport_size({"width": 1440, "height": 900})

    # 63 milestones, 4 phases, 4 deliverables and 8 calendar notes (school holidays)
    page.get_by_role("button", name="Importeren (79 wijzigingen)").click()
    page.wait_for_url(live_server.url + reverse("programme", args=["sa"]))
    assert "seed_003.docx is geïmporteerd: 63 aangemaakt" in page.locator("main").inner_text()
    page.screenshot(path=str(folder / "docx-imported-1440.png"), full_page=True)
    assert Milestone.objects.filter(programme__slug="sa", source_sheet="Tabel 5").count() == 63
    assert ImportRecord.objects.get().sheet == "Tabel 5"
    assert not PendingImport.objects.exists()
    assert console_errors == []
