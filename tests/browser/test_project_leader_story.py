"""A project leader's week in Chromium (issue 6, "Done when"): import a schedule through the
wizard, fix a date by typing "medio juni", move a phase by two weeks, record a gate decision,
start the next phase, and find all of it in the history.

Screenshots land in test-artifacts/story/ (git-ignored) for a person to look at.
"""

import datetime

import pytest
from django.urls import reverse

from milestones.models import Milestone
from phases.models import AccessLevel, Gate, Phase
from tests.support.browser import PASSWORD
from tests.support.factories import (
    GateFactory,
    MembershipFactory,
    PhaseFactory,
    ProgrammeFactory,
    TargetGroupFactory,
    UserFactory,
)

SCHEDULE = """Planning Omgevingsdienst van de toekomst;;
Einddatum;Mijlpaal;Doelgroep
Fase 1;;
1-mrt;Overzicht betrokkenen aanleggen;Regievoerders
27-mrt;Projectorganisatie en projectplannen;Stuurgroep
n.t.b.;Proces naar uitgangspunten bespreken;BOR
25-apr;Voorstel uitgangspunten akkoord;Stuurgroep
Fase 2;;
wk 36;Start uitwerking;Projectteam
"""


@pytest.fixture
def leader(transactional_db):
    programme = ProgrammeFactory(slug="od", name="OD van de toekomst", year=2024)
    first = PhaseFactory(programme=programme, order=1, name="Fase 1", status="running")
    PhaseFactory(programme=programme, order=2, name="Fase 2")
    GateFactory(
        phase=first,
        title="Besluit Stuurgroep over fase 2",
        date_text="eind juni",
        decider=TargetGroupFactory(name="Stuurgroep"),
    )
    user = UserFactory(
        username="projectleider-test", first_name="Petra", last_name="Leider", password=PASSWORD
    )
    MembershipFactory(user=user, programme=programme, level=AccessLevel.EDITOR)
    return user


def test_import_fix_shift_decide_and_read_the_history(
    page, live_server, leader, log_in, console_errors, artifacts, tmp_path
):
    folder = artifacts / "story"
    folder.mkdir(exist_ok=True)
    shot = 0

    def screenshot(name: str) -> None:
        nonlocal shot
        shot += 1
        page.screenshot(path=str(folder / f"{shot:02d}-{name}.png"), full_page=True)

    schedule = tmp_path / "planning od.csv"
    schedule.write_text(SCHEDULE, encoding="utf-8")
    programme_url = live_server.url + reverse("programme", args=["od"])
    log_in(leader.username)

    # Monday: the old spreadsheet goes in through the wizard; one date is fixed in place.
    page.goto(programme_url)
    page.get_by_role("link", name="Importeren").click()
    page.set_input_files("input[name=file]", str(schedule))
    page.get_by_role("button", name="Uploaden en controleren").click()
    page.wait_for_url("**/import/*/")
    assert page.locator("#count-creates").inner_text() == "5"
    assert page.locator("#count-problems").inner_text() == "1"
    screenshot("import-preview-with-problem")
    page.get_by_label("Datum voor rij 6").fill("medio juni")
    page.locator("#fix-0-reading").get_by_text("11 – 20 jun 2024").wait_for()
    page.get_by_role("button", name="Opnieuw controleren").click()
    assert page.locator("#count-problems").inner_text() == "0"
    screenshot("import-preview-fixed")
    # 5 milestones and 3 target groups new to Regie (Regievoerders, BOR, Projectteam)
    page.get_by_role("button", name="Importeren (8 wijzigingen)").click()
    page.wait_for_url(programme_url)
    assert "planning od.csv is geïmporteerd: 5 aangemaakt" in page.locator("main").inner_text()
    fixed = Milestone.objects.get(title="Proces naar uitgangspunten bespreken")
    assert (fixed.date_text, fixed.phase.name) == ("medio juni", "Fase 1")

    # Wednesday: the decision is deferred two weeks, so phase 1 moves by two weeks.
    page.locator(".card", has_text="Fase 1").get_by_role("link", name="Verschuiven").click()
    page.get_by_label("Verschuiven met").fill("2")
    page.get_by_role("button", name="Voorvertoning").click()
    row = page.locator("table.shift-preview tr", has_text="Proces naar uitgangspunten")
    assert "eind juni" in row.inner_text()
    screenshot("shift-preview")
    assert Milestone.objects.get(pk=fixed.pk).date_text == "medio juni"  # nothing saved yet
    page.get_by_role("button", name="Opslaan").click()
    page.wait_for_url(programme_url)
    assert "verschoven met 2 weken" in page.locator("main").inner_text()
    fixed.refresh_from_db()
    assert (fixed.date_text, fixed.start, fixed.end) == (
        "eind juni",
        datetime.date(2024, 6, 21),
        datetime.date(2024, 6, 30),
    )

    # Phase 2 cannot start before the Stuurgroep decided.
    second = Phase.objects.get(name="Fase 2")
    page.goto(live_server.url + reverse("phases:phase-edit", args=[second.pk]))
    page.get_by_label("Status").select_option("running")
    page.get_by_role("button", name="Opslaan").click()
    assert (
        "kan pas lopen als het besluitmoment ervoor is goedgekeurd"
        in page.locator("#div_id_status").inner_text()
    )
    screenshot("phase-blocked-by-gate")

    # The Stuurgroep approves: the decision is recorded with its reference.
    page.goto(programme_url)
    page.get_by_role("link", name="Besluit vastleggen").click()
    page.get_by_label("goedgekeurd").check()
    page.get_by_label("Besluitdatum").fill("2024-07-08")
    page.get_by_label("Kenmerk").fill("SG 2024/07")
    screenshot("gate-decision-form")
    page.get_by_role("button", name="Besluit vastleggen").click()
    assert (
        "Besluit over “Besluit Stuurgroep over fase 2” vastgelegd."
        in page.locator("main").inner_text()
    )
    gate = Gate.objects.get()
    assert (gate.outcome, gate.decided_on, gate.reference) == (
        "approved",
        datetime.date(2024, 7, 8),
        "SG 2024/07",
    )
    screenshot("gate-page")

    page.goto(live_server.url + reverse("phases:phase-edit", args=[second.pk]))
    page.get_by_label("Status").select_option("running")
    page.get_by_role("button", name="Opslaan").click()
    page.wait_for_url(live_server.url + second.get_absolute_url())
    second.refresh_from_db()
    assert second.status == "running"

    # All of it in the history: the milestone's page, the gate's page, the programme page.
    page.goto(live_server.url + fixed.get_absolute_url())
    history = page.locator("#h-history + ol").inner_text()
    assert "Petra Leider · gewijzigd (Fase verschoven met 2 weken)" in history
    assert "medio juni → eind juni" in history
    assert "Petra Leider · aangemaakt (Import van planning od.csv)" in history
    screenshot("milestone-history")
    page.goto(live_server.url + gate.get_absolute_url())
    assert "Uitkomst: open → goedgekeurd" in page.locator("#h-history + ol").inner_text()
    page.goto(programme_url)
    recent = page.locator("#h-changes + ul").inner_text()
    assert "Fase gewijzigd: Fase 2" in recent
    assert "Besluitmoment gewijzigd: Besluit Stuurgroep over fase 2" in recent
    screenshot("programme-recent-changes")
    assert console_errors == []
