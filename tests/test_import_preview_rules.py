"""The import preview's rules (issue 15): one count of what an import changes (an import that
changes nothing offers no import and records none), a file that names no phases in a
programme that has them (a warning and a choice), and periods read as weeks or months."""

import datetime
import hashlib

import pytest
from django.urls import reverse
from django.utils import translation

from milestones.importing.plan import NO_PHASE, nothing_message
from milestones.models import ImportRecord, Milestone, PendingImport
from phases.models import Phase
from tests.support.access import as_user
from tests.support.factories import PhaseFactory, ProgrammeFactory
from tests.support.schedules import csv_file, load, plan, xlsx

pytestmark = pytest.mark.django_db
D = datetime.date

HEADER = ["Einddatum", "Mijlpaal", "Doelgroep", "Wie"]
ROWS = [
    ["1-mrt", "Overzicht betrokkenen", "Regievoerders", "PL"],
    ["8-mei", "Uitgangspunten bespreken", "Klankbordgroep", "PL"],
    ["okt-nov-dec", "Ronde langs de raden", "Regievoerders", "PL"],
]


def schedule(*rows, header=HEADER) -> bytes:
    return csv_file([header, *(rows or ROWS)])


@pytest.fixture
def programme():
    return ProgrammeFactory(slug="test", name="Programma T", year=2024)


@pytest.fixture
def phased(programme):
    """A programme with two phases whose names say nothing of their number."""
    PhaseFactory(programme=programme, order=1, name="Verkenning")
    PhaseFactory(programme=programme, order=2, name="Uitwerking")
    return programme


def pending_of(user, programme, data: bytes, name="planning.csv") -> PendingImport:
    return PendingImport.objects.create(
        programme=programme,
        user=user,
        file_name=name,
        sha256=hashlib.sha256(data).hexdigest(),
        size=len(data),
        data=data,
    )


def url(name: str, pending) -> str:
    return reverse(f"milestones:{name}", args=[pending.programme.slug, pending.pk])


def shown(client, pending):
    """(preview, digest, html with its whitespace folded) of the preview page."""
    response = client.get(url("import-preview", pending))
    assert response.status_code == 200
    html = " ".join(response.content.decode().split())
    return response.context["preview"], response.context["digest"], html


def confirm(client, pending, digest, **fields):
    return client.post(url("import-confirm", pending), {"digest": digest, **fields}, follow=True)


# -- an import that changes nothing ---------------------------------------------------------


def test_one_count_holds_everything_an_import_writes(programme):
    first = plan(schedule(), name="planning.csv")
    changes = first.changes
    # 3 milestones and 2 target groups new to the catalogue
    assert (changes.created, changes.updated, changes.groups, changes.phases) == (3, 0, 2, 0)
    assert (changes.deliverables, changes.notes, changes.programme, changes.total) == (0, 0, 0, 5)
    load(schedule(), name="planning.csv")

    again = plan(schedule(), name="planning.csv")
    assert again.changes.total == 0 and again.changes_nothing
    assert again.rows == 3

    one_cell = plan(schedule(ROWS[0], ROWS[1], [*ROWS[2][:3], "Secretaris"]), name="planning.csv")
    assert (one_cell.changes.updated, one_cell.changes.total) == (1, 1)
    assert not one_cell.changes_nothing


def test_the_same_file_again_offers_no_import_and_records_none(client, programme):
    editor = as_user(client, "editor", programme)
    load(schedule(), name="planning.csv")
    records = ImportRecord.objects.count()
    pending = pending_of(editor, programme, schedule())

    preview, digest, html = shown(client, pending)
    with translation.override("nl"):
        expected = nothing_message(plan(schedule(), name="planning.csv"))
    assert preview.nothing == expected  # "Deze import verandert niets: alle 3 rijen …"
    assert f'<p class="alert alert-info" id="import-nothing" role="status">{expected}</p>' in html
    assert not preview.can_confirm
    assert url("import-confirm", pending) not in html  # no import button at all
    assert 'class="btn btn-primary"' not in html
    assert 'name="then" value="upload"' in html  # "Another file" instead, and "Back"
    assert 'id="count-unchanged">3<' in html and 'id="count-creates">0<' in html

    # The guard is the server's, not the hidden button's.
    response = confirm(client, pending, digest)
    assert response.redirect_chain == [(url("import-preview", pending), 302)]
    assert [str(m) for m in response.context["messages"]] == [expected]
    assert ImportRecord.objects.count() == records
    assert PendingImport.objects.filter(pk=pending.pk).exists()


def test_another_file_discards_the_upload_and_opens_the_upload_page(client, programme):
    editor = as_user(client, "editor", programme)
    load(schedule(), name="planning.csv")
    pending = pending_of(editor, programme, schedule())
    response = client.post(url("import-cancel", pending), {"then": "upload"})
    assert response.url == reverse("milestones:import", args=[programme.slug])
    assert not PendingImport.objects.exists()
    response = client.post(url("import-cancel", pending_of(editor, programme, schedule())))
    assert response.url == reverse("programme", args=[programme.slug])


def test_a_phase_chosen_but_not_checked_is_shown_before_anything_is_imported(client, phased):
    editor = as_user(client, "editor", phased)
    pending = pending_of(editor, phased, schedule())
    _preview, digest, _html = shown(client, pending)
    uitwerking = Phase.objects.get(name="Uitwerking").pk
    response = confirm(client, pending, digest, fixes="1", phase=str(uitwerking))
    assert response.redirect_chain == [(url("import-preview", pending), 302)]
    assert not Milestone.objects.exists() and not ImportRecord.objects.exists()
    assert response.context["preview"].phase_choice.chosen


def test_a_change_in_one_cell_is_one_change_on_the_button(client, programme):
    editor = as_user(client, "editor", programme)
    load(schedule(), name="planning.csv")
    changed = schedule(ROWS[0], ["8-mei", "Uitgangspunten bespreken", "Klankbordgroep", "Sec"])
    pending = pending_of(editor, programme, changed)
    preview, digest, html = shown(client, pending)
    assert (preview.changes.updated, preview.changes.total) == (1, 1)
    assert preview.nothing == "" and preview.can_confirm
    assert "Importeren (1 wijziging)" in html
    confirm(client, pending, digest)
    record = ImportRecord.objects.latest("pk")
    assert (record.created, record.updated, record.unchanged) == (0, 1, 1)


def test_the_tiles_count_deliverables_and_notes_that_change_not_all_of_them(programme):
    PhaseFactory(programme=programme, order=1, name="Fase 1")
    rows = [
        ["Fase 1", "", "", ""],
        ["1-mrt", "Overzicht betrokkenen", "Regievoerders", "PL"],
        ["30-mrt", "Resultaat: Plan van aanpak", "", ""],
        ["wk 42", "Herfstvakantie", "", ""],
    ]
    first = plan(schedule(*rows), name="planning.csv")
    assert (first.changes.deliverables, first.changes.notes) == (1, 1)
    load(schedule(*rows), name="planning.csv")
    again = plan(schedule(*rows), name="planning.csv")
    assert (len(again.deliverables), len(again.notes)) == (1, 1)
    assert (again.changes.deliverables, again.changes.notes, again.changes.total) == (0, 0, 0)


# -- a file that names no phases ------------------------------------------------------------


def test_a_flat_list_in_a_programme_with_phases_is_named_and_placed_nowhere_silently(
    client, phased
):
    editor = as_user(client, "editor", phased)
    # "fase1" in the file's name: the rows would go into phase 1, which is "Verkenning".
    pending = pending_of(editor, phased, schedule(), name="fase1_mijlpalen.csv")
    preview, _digest, html = shown(client, pending)
    choice = preview.phase_choice
    assert choice is not None and not choice.chosen
    with translation.override("en"):
        assert plan(schedule(), name="fase1_mijlpalen.csv").flat.phase == "Verkenning"
    # "Het bestand noemt geen fasen; alle 3 nieuwe mijlpalen komen in fase ‘Verkenning’. …"
    assert "3" in choice.message and "Verkenning" in choice.message
    assert '<select class="form-select" name="phase" id="import-phase">' in html
    values = [(value, selected) for value, _label, selected in choice.options]
    uitwerking = Phase.objects.get(name="Uitwerking").pk
    assert values == [("", True), (str(uitwerking), False), (str(NO_PHASE), False)]

    # Nothing chosen yet: the plain confirm would still do what the warning says.
    response = client.post(
        url("import-preview", pending), {"fixes": "1", "phase": str(uitwerking), "check": ""}
    )
    assert response.status_code == 302
    pending.refresh_from_db()
    assert pending.phase_choice == uitwerking
    preview, digest, html = shown(client, pending)
    assert preview.phase_choice.chosen
    assert "Uitwerking" in preview.phase_choice.message
    assert f'<option value="{uitwerking}" selected>Uitwerking</option>' in html
    assert [row.phase for row in preview.creates.rows] == ["Uitwerking"] * 3
    confirm(client, pending, digest, fixes="1", phase=str(uitwerking))
    assert set(Milestone.objects.values_list("phase__name", flat=True)) == {"Uitwerking"}
    assert ImportRecord.objects.count() == 1

    # Importing the same file again moves nothing back, warns of nothing, changes nothing.
    again = plan(schedule(), name="fase1_mijlpalen.csv")
    assert again.flat is None and again.changes_nothing


def test_a_flat_list_without_any_phase_mention_says_its_rows_get_no_phase(client, phased):
    editor = as_user(client, "editor", phased)
    pending = pending_of(editor, phased, schedule())
    preview, digest, _html = shown(client, pending)
    assert preview.phase_choice is not None
    labels = [(value, label) for value, label, _selected in preview.phase_choice.options]
    verkenning, uitwerking = Phase.objects.order_by("order").values_list("pk", flat=True)
    assert [value for value, _label in labels] == ["", str(verkenning), str(uitwerking)]
    # Without a choice they get no phase, as before; the warning says so.
    confirm(client, pending, digest)
    assert set(Milestone.objects.values_list("phase", flat=True)) == {None}


def test_a_new_row_in_a_flat_list_goes_where_chosen_and_the_others_stay(phased):
    load(schedule(), name="fase1_mijlpalen.csv")
    moved = Milestone.objects.get(title="Overzicht betrokkenen")
    moved.phase = Phase.objects.get(name="Uitwerking")
    moved.save()
    more = schedule(*ROWS, ["1-dec", "Evaluatie", "Regievoerders", "PL"])
    uitwerking = Phase.objects.get(name="Uitwerking").pk

    result = plan(more, name="fase1_mijlpalen.csv", phase=NO_PHASE)
    assert (len(result.creates), len(result.updates)) == (1, 0)  # nothing moves back
    assert (result.flat.count, result.flat.phase, result.flat.choice) == (1, "", NO_PHASE)
    load(more, name="fase1_mijlpalen.csv", phase=uitwerking)
    phases = dict(Milestone.objects.values_list("title", "phase__name"))
    assert phases == {
        "Overzicht betrokkenen": "Uitwerking",
        "Uitgangspunten bespreken": "Verkenning",
        "Ronde langs de raden": "Verkenning",
        "Evaluatie": "Uitwerking",
    }


def test_a_phase_the_file_name_would_add_is_not_added_when_another_is_chosen(phased):
    result = plan(schedule(), name="fase3_mijlpalen.csv")
    assert (result.flat.phase, result.flat.file_phase) == ("Fase 3", "Fase 3")
    assert [p.name for p in result.phases] == ["Fase 3"]
    chosen = Phase.objects.get(name="Verkenning").pk
    result = plan(schedule(), name="fase3_mijlpalen.csv", phase=chosen)
    assert result.phases == [] and result.changes.phases == 0
    assert {d.phase.name for d in result.creates} == {"Verkenning"}
    assert plan(schedule(), name="fase3_mijlpalen.csv", phase=999_999).flat.choice is None


def test_a_file_that_names_its_phases_is_no_flat_list(phased):
    column = schedule(
        ["1-mrt", "Overzicht", "Raden", "PL", "Uitwerking"],
        header=[*HEADER, "Fase"],
    )
    rows = schedule(["Fase 2", "", "", ""], ROWS[0])
    for data in (column, rows):
        result = plan(data, name="planning.csv")
        assert result.flat is None
        assert [d.phase.name for d in result.creates] == ["Uitwerking"]
    # A sheet per phase, and a sheet of rows in none: the file tells them apart.
    sheets = xlsx(("Uitwerking", [HEADER, ROWS[0]]), ("Blad2", [HEADER, ROWS[1]]))
    result = plan(sheets, name="planning.xlsx")
    assert result.flat is None
    assert [d.phase.name if d.phase else None for d in result.creates] == ["Uitwerking", None]


def test_a_programme_without_phases_gets_no_phase_choice(programme):
    result = plan(schedule(), name="fase1_mijlpalen.csv")
    assert result.flat is None
    assert [p.name for p in result.phases] == ["Fase 1"]  # a new phase, as before


# -- periods: weeks for days and weeks, months for months ----------------------------------


def test_the_preview_reads_okt_nov_dec_as_months_and_a_week_as_weeks(client, programme):
    editor = as_user(client, "editor", programme)
    rows = [*ROWS, ["wk 47", "Webinar", "Raden", "PL"]]
    preview, _digest, html = shown(client, pending_of(editor, programme, schedule(*rows)))
    assert "<small>1 okt – 31 dec 2024 · okt – dec 2024</small>" in html
    assert "wk 40" not in html
    assert "<small>18 – 24 nov 2024 · wk 47</small>" in html
    assert "<small>1 mrt 2024 · wk 9</small>" in html
    assert preview.creates.total == 4


def test_a_milestone_page_reads_a_quarter_as_months(client, programme):
    as_user(client, "viewer", programme)
    load(schedule(["Q4", "Ronde langs de raden", "Raden", "PL"]), name="planning.csv")
    milestone = Milestone.objects.get()
    assert (milestone.start, milestone.end) == (D(2024, 10, 1), D(2024, 12, 31))
    html = " ".join(client.get(milestone.get_absolute_url()).content.decode().split())
    assert "1 okt – 31 dec 2024 (okt – dec 2024)" in html  # the reading's period in months
    assert "wk 40" not in html
