"""The import wizard in Chromium: upload a schedule with two unreadable dates, fix one by
typing "medio juni" (the live reading appears), keep the other undated, confirm.

Screenshots land in test-artifacts/import/ (git-ignored) for a person to look at.
"""

import datetime

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from milestones.models import ImportRecord, Milestone, PendingImport
from phases.models import AccessLevel, Phase
from tests.support.browser import PASSWORD
from tests.support.factories import (
    MembershipFactory,
    PhaseFactory,
    ProgrammeFactory,
    UserFactory,
)
from tests.support.schedules import SAMPLES

WIDTHS = (1440, 390)


@pytest.fixture
def schedule(tmp_path):
    """The phase 1 sample with two dates nobody can read, as its project leader had it."""
    text = (SAMPLES / "fase1_mijlpalen.csv").read_text(encoding="utf-8")
    text = text.replace("9-apr;Proces", "n.t.b.;Proces").replace("25-apr;", "zie mail;", 1)
    path = tmp_path / "planning fase 1.csv"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def editor(transactional_db):
    programme = ProgrammeFactory(slug="od", name="Omgevingsdienst fase 1", year=2024)
    user = UserFactory(username="projectleider-test", password=PASSWORD)
    MembershipFactory(user=user, programme=programme, level=AccessLevel.EDITOR)
    return user


def test_upload_correct_a_date_and_confirm(
    page, live_server, editor, schedule, log_in, console_errors, artifacts
):
    folder = artifacts / "import"
    folder.mkdir(exist_ok=True)
    log_in(editor.username)
    page.goto(live_server.url + reverse("programme", args=["od"]))
    page.get_by_role("link", name="Importeren").click()
    assert page.locator("h2").first.inner_text() == "Een planning importeren"
    page.set_input_files("input[name=file]", str(SAMPLES / "fase1_mijlpalen.csv"))
    page.fill("input[name=sheet]", "Blad9")
    page.get_by_role("button", name="Uploaden en controleren").click()
    assert "heeft geen blad" in page.locator("main").inner_text()  # next to the field
    page.screenshot(path=str(folder / "upload-error-1440.png"), full_page=True)
    page.fill("input[name=sheet]", "")
    page.set_input_files("input[name=file]", str(schedule))
    page.get_by_role("button", name="Uploaden en controleren").click()

    page.wait_for_url("**/import/*/")
    assert page.locator("#count-creates").inner_text() == "29"
    assert page.locator("#count-problems").inner_text() == "2"
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=str(folder / f"preview-problems-{width}.png"), full_page=True)
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 1, (width, overflow)
    page.set_viewport_size({"width": 1440, "height": 900})
    page.screenshot(path=str(folder / "preview-viewport-1440.png"))  # the buttons stay in view

    field = page.get_by_label("Datum voor rij 7")
    field.fill("medio juni")
    # The reading appears while typing (htmx), before anything is checked.
    page.locator("#fix-0-reading").get_by_text("11 – 20 jun 2024").wait_for()
    page.get_by_label("Deze rij zonder datum bewaren").nth(1).check()
    page.get_by_role("button", name="Opnieuw controleren").click()

    assert page.locator("#count-problems").inner_text() == "0"
    assert page.get_by_label("Datum voor rij 7").input_value() == "medio juni"
    page.screenshot(path=str(folder / "preview-corrected-1440.png"), full_page=True)
    # 29 milestones, the phase "Fase 1" the file's name gives, 11 target groups new to Regie
    page.get_by_role("button", name="Importeren (41 wijzigingen)").click()

    page.wait_for_url(live_server.url + reverse("programme", args=["od"]))
    assert "planning fase 1.csv is geïmporteerd: 29 aangemaakt" in page.locator("main").inner_text()
    page.screenshot(path=str(folder / "programme-after-import-1440.png"), full_page=True)
    page.get_by_role("link", name="planning fase 1.csv").click()
    assert "zie mail" in page.locator("#record-problems").inner_text()
    page.screenshot(path=str(folder / "import-record-1440.png"), full_page=True)
    milestone = Milestone.objects.get(title="Proces naar uitgangspunten bespreken")
    assert milestone.date_text == "medio juni"
    assert (milestone.start, milestone.end) == (
        datetime.date(2024, 6, 11),
        datetime.date(2024, 6, 20),
    )
    assert Milestone.objects.get(date_text="zie mail").start is None
    assert not PendingImport.objects.exists()
    assert console_errors == []


@pytest.fixture
def phased_editor(transactional_db):
    """A programme that has phases, whose names say nothing of their number."""
    programme = ProgrammeFactory(slug="sa", name="Sociale agenda", year=2024)
    PhaseFactory(programme=programme, order=1, name="Verkenning")
    PhaseFactory(programme=programme, order=2, name="Uitwerking")
    user = UserFactory(username="projectleider-fasen", password=PASSWORD)
    MembershipFactory(user=user, programme=programme, level=AccessLevel.EDITOR)
    return user


def test_a_flat_list_is_placed_where_chosen_and_the_same_file_again_changes_nothing(
    page, live_server, phased_editor, log_in, console_errors, artifacts
):
    folder = artifacts / "import"
    folder.mkdir(exist_ok=True)
    upload_url = live_server.url + reverse("milestones:import", args=["sa"])
    log_in(phased_editor.username)
    page.goto(upload_url)
    page.set_input_files("input[name=file]", str(SAMPLES / "fase1_mijlpalen.csv"))
    page.get_by_role("button", name="Uploaden en controleren").click()
    page.wait_for_url("**/import/*/")

    # The file names no phase but its name says "fase1": phase 1 is "Verkenning". Said, not
    # done silently, with a choice.
    warning = page.locator(".import-phase")
    expect(warning.locator("#phase-choice-message")).to_contain_text("Verkenning")
    expect(warning.locator("#phase-choice-message")).to_contain_text("29")
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=str(folder / f"preview-flat-list-{width}.png"), full_page=True)
        page.screenshot(path=str(folder / f"preview-flat-list-{width}-first-screen.png"))
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 1, (width, overflow)
    page.set_viewport_size({"width": 1440, "height": 900})
    page.select_option("#import-phase", label="Uitwerking")
    warning.locator("button[name=check]").click()
    page.wait_for_url("**/import/*/")
    expect(page.locator("#import-phase")).to_have_value(
        str(Phase.objects.get(name="Uitwerking").pk)
    )
    page.get_by_role("button", name="Importeren (40 wijzigingen)").click()
    page.wait_for_url(live_server.url + reverse("programme", args=["sa"]))
    assert set(Milestone.objects.values_list("phase__name", flat=True)) == {"Uitwerking"}
    assert ImportRecord.objects.count() == 1

    # The same file again: nothing to import, and no button that would record an empty import.
    page.goto(upload_url)
    page.set_input_files("input[name=file]", str(SAMPLES / "fase1_mijlpalen.csv"))
    page.get_by_role("button", name="Uploaden en controleren").click()
    page.wait_for_url("**/import/*/")
    expect(page.locator("#import-nothing")).to_contain_text("29")
    expect(page.locator(".import-phase")).to_have_count(0)
    expect(page.locator(".import-actions .btn-primary")).to_have_count(0)
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=str(folder / f"preview-nothing-{width}.png"), full_page=True)
    page.set_viewport_size({"width": 1440, "height": 900})
    page.locator(".import-actions button[name=then]").click()  # "Another file"
    page.wait_for_url(upload_url)
    assert ImportRecord.objects.count() == 1
    assert not PendingImport.objects.exists()
    assert console_errors == []
