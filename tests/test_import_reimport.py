"""Importing again: matching what an earlier import created, reporting what changed."""

import datetime

import pytest
from django.utils import translation

from milestones.exports import export_schedule
from milestones.importing import StalePlan, commit_import
from milestones.models import ImportRecord, Milestone
from phases.models import Programme, WorkStatus
from tests.support.schedules import csv_file, load, plan, snapshot, texts, xlsx

pytestmark = pytest.mark.django_db
D = datetime.date

HEADER = ["Einddatum", "Mijlpaal", "Doelgroep", "Wie"]
ROWS = [
    ["1-mrt", "Overzicht betrokkenen", "Regievoerders", "PL"],
    ["8-mei", "Uitgangspunten bespreken", "Klankbordgroep", "PL"],
    ["16-mei", "Uitgangspunten bespreken", "Klankbordgroep", "PL"],
    ["27-aug", "Concept oplegnotitie", "Stuurgroep", "PL"],
]


def schedule(rows=ROWS, name="Mijlpalen") -> bytes:
    return xlsx((name, [["Mijlpalen fase 1"], HEADER, *rows]))


def changes(result) -> list[tuple]:
    return [(d.row, d.title, [(c.field, c.old, c.new) for c in d.changes]) for d in result.updates]


def test_the_same_file_again_changes_nothing_and_writes_nothing():
    load(schedule(), year=2024)
    before = snapshot()
    result = load(schedule(), year=2024)
    assert (len(result.creates), len(result.updates), len(result.unchanged)) == (0, 0, 4)
    after = snapshot()
    assert after.pop("imports") == before.pop("imports") + [ImportRecord.objects.latest("pk").pk]
    assert after == before  # no version bumped, no history row, no involvement rewritten
    record = ImportRecord.objects.latest("pk")
    assert (record.created, record.updated, record.unchanged) == (0, 0, 4)


def test_a_corrected_file_updates_what_changed_and_reports_it():
    load(schedule(), year=2024)
    first = {m.title + m.date_text: m for m in Milestone.objects.all()}
    corrected = [
        ["1-mrt", "Overzicht betrokkenen", "Regievoerders", "Secretaris"],  # lead changed
        ["8-mei", "Uitgangspunten bespreken", "Klankbordgroep", "PL"],
        ["23-mei", "Uitgangspunten bespreken", "Klankbordgroep", "PL"],  # date changed
        # "Concept oplegnotitie" left out
        ["6-sep", "Einddocumenten", "Klankbordgroep", "PL"],  # new
    ]
    with translation.override("en"):
        result = load(schedule(corrected), year=2024)
    assert changes(result) == [
        (3, "Overzicht betrokkenen", [("lead", "PL", "Secretaris")]),
        (
            5,
            "Uitgangspunten bespreken",
            [("date (as written)", "16-mei (16 may 2024)", "23-mei (23 may 2024)")],
        ),
    ]
    assert [d.title for d in result.creates] == ["Einddocumenten"]
    assert texts(result.warnings) == [
        "Mijlpalen: 1 milestone imported from this sheet before is not in the file; it was left "
        "as it is."
    ]
    overzicht = Milestone.objects.get(pk=first["Overzicht betrokkenen1-mrt"].pk)
    assert (overzicht.lead, overzicht.version) == ("Secretaris", 2)
    second = Milestone.objects.get(pk=first["Uitgangspunten bespreken16-mei"].pk)
    assert (second.date_text, second.start, second.version) == ("23-mei", D(2024, 5, 23), 2)
    assert Milestone.objects.get(pk=first["Uitgangspunten bespreken8-mei"].pk).version == 1
    assert Milestone.objects.filter(title="Concept oplegnotitie").exists()
    assert list(second.history.values_list("history_type", "date_text")) == [
        ("~", "23-mei"),
        ("+", "16-mei"),
    ]


def test_identical_rows_are_matched_in_order_of_appearance():
    rows = [["1-mrt", "Overleg", "BOR", "PL"], ["1-mrt", "Overleg", "BOR", "PL"]]
    load(schedule(rows), year=2024)
    first, second = Milestone.objects.order_by("source_row")
    result = load(schedule([rows[0], ["2-mrt", "Overleg", "BOR", "PL"]]), year=2024)
    assert [d.milestone.pk for d in result.unchanged] == [first.pk]
    assert [d.milestone.pk for d in result.updates] == [second.pk]
    second.refresh_from_db()
    assert second.date_text == "2-mrt"


def test_a_sheet_without_a_status_column_leaves_statuses_alone():
    load(schedule(), year=2024)
    milestone = Milestone.objects.get(title="Overzicht betrokkenen")
    milestone.status = WorkStatus.DONE
    milestone.save()
    result = load(schedule(), year=2024)
    assert len(result.unchanged) == 4
    milestone.refresh_from_db()
    assert milestone.status == WorkStatus.DONE


def test_our_export_is_matched_by_id_even_when_the_title_changed():
    load(schedule(), year=2024)
    programme = Programme.objects.get()
    _name, _type, content = export_schedule(identifier="csv", programme=programme)
    edited = content.decode("utf-8-sig").replace("Concept oplegnotitie", "Definitieve notitie")
    result = load(edited.encode("utf-8-sig"), "test.csv")
    assert (len(result.creates), len(result.updates), len(result.unchanged)) == (0, 1, 3)
    assert [c.field for c in result.updates[0].changes] == ["title"]
    assert Milestone.objects.filter(title="Definitieve notitie").get().version == 2


def test_the_csv_of_a_schedule_imported_from_xlsx_matches_across_sheet_names():
    load(schedule(), year=2024)
    result = load(csv_file([HEADER, *ROWS]), "mijlpalen-v2.csv")
    assert (len(result.creates), len(result.updates), len(result.unchanged)) == (0, 0, 4)


def test_an_unreadable_date_imported_before_is_no_new_problem():
    rows = [*ROWS, ["n.t.b.", "Ronde langs de raden", "Raden", "PL"]]
    load(schedule(rows), year=2024, allow_undated=True)
    result = plan(schedule(rows), year=2024)
    assert result.problems == []
    assert len(result.unchanged) == 5
    assert texts(result.warnings) == [
        'Mijlpalen row 7, column Einddatum: "n.t.b." is not a date Regie understands: "n" is '
        "not a month or a date word. It is kept undated, with the text as written."
    ]


def test_a_plan_made_before_someone_changed_a_milestone_is_refused():
    load(schedule(), year=2024)
    stale = plan(schedule([["2-mrt", *ROWS[0][1:]], *ROWS[1:]]), year=2024)
    milestone = Milestone.objects.get(title="Concept oplegnotitie")
    milestone.lead = "Iemand anders"
    milestone.save()
    before = snapshot()
    with translation.override("en"), pytest.raises(StalePlan) as caught:
        commit_import(plan=stale)
    assert str(caught.value) == (
        "Milestones of this programme were changed after the file was read; nothing was "
        "imported. Read the file again."
    )
    assert snapshot() == before
