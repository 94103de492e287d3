"""Exports: the JSON structure, CSV for Dutch Excel, xlsx as text, selections, the command."""

import codecs
import csv
import datetime
import io
import json

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation
from django.utils.translation import trans_real

from milestones.exports import EXPORTERS, export_schedule
from milestones.importing.layout import understand
from milestones.importing.readers import open_source
from milestones.models import CalendarNote, Involvement, Milestone
from phases.dates import Precision
from phases.fuzzy import PRECISION_LABELS
from phases.models import Programme, WorkStatus
from tests.support.factories import (
    DeliverableFactory,
    MilestoneFactory,
    PhaseFactory,
    ProgrammeFactory,
    TargetGroupFactory,
)
from tests.support.schedules import csv_file, load, plan, run

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture
def programme():
    """A small schedule: an X-matrix group, a RACI letter, a formula-like title, a holiday."""
    data = csv_file(
        [
            ["Sociale agenda"],
            ["Week", "Actie", "Doelgroep", "Wie", "GS"],
            ["Fase 1"],
            ["35", "Overleg PH", "Stuurgroep", "TL", "X"],
            ["", '=HYPERLINK("http://x")', "BOR (A)", "+31 6", ""],  # text in a CSV file
            ["42", "Herfstvakantie"],
            ["Resultaat: Bestuursopdracht"],
        ]
    )
    load(data, "planning.csv", programme="sa", year=2007)
    return Programme.objects.get(slug="sa")


def test_the_registry_names_json_csv_and_xlsx():
    with translation.override("en"):
        assert {key: str(cls.verbose_name) for key, cls in EXPORTERS.items()} == {
            "json": "JSON (for other programs)",
            "csv": "CSV (Excel, semicolon-separated)",
            "xlsx": "Excel workbook (.xlsx)",
        }


def test_json_has_the_documented_structure_with_iso_dates(programme):
    name, content_type, content = export_schedule(identifier="json", programme=programme)
    assert (name, content_type) == ("sa.json", "application/json")
    data = json.loads(content)
    overleg, formula = Milestone.objects.order_by("source_row")
    assert data == {
        "programme": {"name": "Sociale agenda", "slug": "sa", "year": 2007, "description": ""},
        "phases": [{"name": "Fase 1", "order": 1, "start": None, "end": None}],
        "milestones": [
            {
                "id": overleg.pk,
                "title": "Overleg PH",
                "phase": "Fase 1",
                "date_text": "35",
                "start": "2007-08-27",
                "end": "2007-09-02",
                "precision": "week",
                "dates": [],
                "target_groups": ["GS", "Stuurgroep"],
                "status": "planned",
                "lead": "TL",
            },
            {
                "id": formula.pk,
                "title": '=HYPERLINK("http://x")',
                "phase": "Fase 1",
                "date_text": "35",
                "start": "2007-08-27",
                "end": "2007-09-02",
                "precision": "week",
                "dates": [],
                "target_groups": ["BOR"],
                "status": "planned",
                "lead": "+31 6",
            },
        ],
        "deliverables": [
            {
                "id": programme.phases.get().deliverables.get().pk,
                "title": "Bestuursopdracht",
                "phase": "Fase 1",
                "date_text": "42",
                "start": "2007-10-15",
                "end": "2007-10-21",
                "precision": "week",
                "dates": [],
                "status": "planned",
                "owner": "",
            }
        ],
        "notes": [
            {
                "id": CalendarNote.objects.get().pk,
                "title": "Herfstvakantie",
                "date_text": "42",
                "start": "2007-10-15",
                "end": "2007-10-21",
                "precision": "week",
                "dates": [],
            }
        ],
    }


def test_json_keeps_separate_days():
    milestone = MilestoneFactory(date_text="10 / 17 mei", programme=ProgrammeFactory(slug="r"))
    data = json.loads(export_schedule(identifier="json", programme=milestone.programme)[2])
    assert data["milestones"][0]["dates"] == ["2024-05-10", "2024-05-17"]
    assert data["milestones"][0]["precision"] == "days"


def test_csv_is_semicolon_separated_utf8_with_bom_and_neutralised(programme):
    with translation.override("en"):
        name, content_type, content = export_schedule(identifier="csv", programme=programme)
    assert (name, content_type) == ("sa.csv", "text/csv; charset=utf-8")
    assert content.startswith(codecs.BOM_UTF8)
    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig")), delimiter=";"))
    overleg, formula = Milestone.objects.order_by("source_row")
    assert rows[0] == [
        "Id", "Kind", "Phase", "Date", "From", "Until", "Precision", "Title", "Target groups",
        "Lead", "Status", "Work form", "Duration", "Participants", "Result", "Description",
        "Notes",
    ]  # fmt: skip
    assert rows[1] == [
        str(overleg.pk), "milestone", "Fase 1", "35", "2007-08-27", "2007-09-02", "week",
        "Overleg PH", "GS, Stuurgroep", "TL", "planned", "", "", "", "", "", "",
    ]  # fmt: skip
    assert rows[2][7:10] == ['\'=HYPERLINK("http://x")', "BOR (A)", "'+31 6"]
    assert [row[1] for row in rows[3:]] == ["calendar note", "deliverable"]


def test_xlsx_writes_text_as_text_dates_as_dates_and_a_title_with_the_year(programme):
    with translation.override("en"):
        name, content_type, content = export_schedule(identifier="xlsx", programme=programme)
    assert name == "sa.xlsx"
    assert content_type == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    sheet = openpyxl.load_workbook(io.BytesIO(content)).active
    assert sheet.title == "Schedule"
    assert [sheet["A1"].value, sheet["A2"].value, sheet["A4"].value] == [
        "Sociale agenda",
        "Year context: 2007",
        "Id",
    ]
    title = sheet["H6"]
    assert (title.value, title.data_type) == ('=HYPERLINK("http://x")', "s")  # never a formula
    assert (sheet["J6"].value, sheet["J6"].data_type) == ("+31 6", "s")
    assert (sheet["E5"].value, sheet["E5"].is_date) == (datetime.datetime(2007, 8, 27), True)
    assert sheet.freeze_panes == "A5"


def test_formula_like_values_come_back_exactly(programme):
    for identifier in ("csv", "xlsx"):
        content = export_schedule(identifier=identifier, programme=programme)[2]
        result = load(content, f"sa.{identifier}", programme="sa")
        assert (len(result.updates), len(result.unchanged)) == (0, 2)
    assert Milestone.objects.get(lead="+31 6").title == '=HYPERLINK("http://x")'


def test_a_milestone_selection_exports_only_those_milestones():
    programme = ProgrammeFactory(slug="p")
    phase = PhaseFactory(programme=programme, order=1, name="Fase 1")
    done = MilestoneFactory(programme=programme, phase=phase, title="Klaar", status=WorkStatus.DONE)
    Involvement.objects.create(
        milestone=done, target_group=TargetGroupFactory(name="BOR"), raci="R"
    )
    MilestoneFactory(programme=programme, title="Nog niet")
    DeliverableFactory(phase=phase)
    selection = Milestone.objects.filter(status=WorkStatus.DONE)
    with translation.override("en"):
        name, _type, content = export_schedule(identifier="csv", milestones=selection)
        data = json.loads(export_schedule(identifier="json", milestones=selection)[2])
    assert name == "milestones.csv"
    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig")), delimiter=";"))
    assert [(row[7], row[8], row[10]) for row in rows[1:]] == [("Klaar", "BOR (R)", "done")]
    assert (data["programme"], [m["title"] for m in data["milestones"]]) == (None, ["Klaar"])
    assert (data["phases"], data["deliverables"], data["notes"]) == (
        [{"name": "Fase 1", "order": 1, "start": None, "end": None}],
        [],
        [],
    )


def test_the_export_command_writes_a_file_or_standard_output(programme, tmp_path):
    target = tmp_path / "sa.xlsx"
    code, out, err = run(
        "export_schedule", "--programme", "sa", "--format", "xlsx", "-o", str(target)
    )
    assert (code, err) == (0, "")
    assert out.startswith(f"Wrote {target} (")
    assert openpyxl.load_workbook(target).active["H5"].value == "Overleg PH"

    code, out, err = run("export_schedule", "--programme", "sa", "--format", "json")
    assert (code, err) == (0, "")
    assert json.loads(out)["programme"]["slug"] == "sa"

    code, out, err = run("export_schedule", "--programme", "sa", "--format", "xlsx")
    assert (code, out, err) == (
        2,
        "",
        "An Excel workbook is binary: give -o FILE (e.g. sa.xlsx).\n",
    )


def test_the_export_command_refuses_an_unknown_programme():
    assert run("export_schedule", "--programme", "nergens", "--format", "csv") == (
        2,
        "",
        "There is no programme “nergens”.\n",
    )


@pytest.mark.parametrize("identifier", ["xlsx", "csv"])
def test_a_dutch_export_imports_unchanged_in_either_language(programme, identifier):
    from milestones.importing import plan_import

    with translation.override("nl"):
        content = export_schedule(identifier=identifier, programme=programme)[2]
    for language in ("nl", "en"):
        with translation.override(language):
            result = plan_import(data=content, file_name=f"sa.{identifier}", programme="sa")
        assert (result.problems, len(result.updates), len(result.unchanged)) == ([], 0, 2)
        assert [n.changes for n in result.notes] == [[]]


def _schedule_of(size: int, slug: str) -> Programme:
    programme = ProgrammeFactory(slug=slug)
    phase = PhaseFactory(programme=programme, order=1)
    groups = [TargetGroupFactory(name=f"Groep {slug} {n}") for n in range(3)]
    for n in range(size):
        milestone = MilestoneFactory(
            programme=programme, phase=phase, date_text=f"{n % 28 + 1}-mrt"
        )
        Involvement.objects.create(milestone=milestone, target_group=groups[n % 3])
    return programme


@pytest.mark.parametrize("identifier", ["json", "csv", "xlsx"])
def test_an_export_reads_in_the_same_number_of_queries_at_any_size(
    identifier, django_assert_num_queries
):
    small, large = _schedule_of(2, "small"), _schedule_of(25, "large")
    with CaptureQueriesContext(connection) as queries:
        export_schedule(identifier=identifier, programme=small)
    with django_assert_num_queries(len(queries)):
        export_schedule(identifier=identifier, programme=large)


def test_status_and_precision_labels_are_translated_once_per_export(monkeypatch):
    programme = _schedule_of(12, "labels")
    calls = []

    def counting(message):
        calls.append(message)
        return trans_real.gettext(message)

    monkeypatch.setattr(translation._trans, "gettext", counting, raising=False)
    with translation.override("nl"):
        content = export_schedule(identifier="csv", programme=programme)[2]
    monkeypatch.undo()
    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig")), delimiter=";"))
    with translation.override("nl"):
        assert {(row[6], row[10]) for row in rows[1:]} == {
            (str(PRECISION_LABELS[Precision.DAY]), str(WorkStatus.PLANNED.label))
        }
    assert calls.count("planned") <= 1  # not once per row
    assert calls.count("day") <= 1


def test_excel_error_words_stay_text_in_xlsx():
    MilestoneFactory(programme=ProgrammeFactory(slug="e"), title="#N/A", lead="=1+1")
    sheet = openpyxl.load_workbook(
        io.BytesIO(export_schedule(identifier="xlsx", programme=Programme.objects.get(slug="e"))[2])
    ).active
    assert [(c.value, c.data_type) for c in sheet[5][7:10:2]] == [("#N/A", "s"), ("=1+1", "s")]


@pytest.mark.parametrize("language", ["nl", "en"])
def test_the_exported_year_is_read_back_in_either_language(programme, language):
    """The xlsx title rows say "Beginjaar: 2007" (or "Year context: 2007"); reading that
    file back takes its year from there."""
    with translation.override(language):
        content = export_schedule(identifier="xlsx", programme=programme)[2]
    sheet = openpyxl.load_workbook(io.BytesIO(content)).active
    assert sheet["A2"].value == {"nl": "Beginjaar: 2007", "en": "Year context: 2007"}[language]
    source = open_source(data=content, file_name="sa.xlsx")
    assert understand(source.sheets[0], several_sheets=False).year == 2007  # from the title row
    assert plan(content, "sa.xlsx", programme="kopie").year == 2007


def test_sheet_rows_read_past_djangos_converters_hold_the_same_values():
    """Dates, booleans, texts and keys come from the driver as Django would make them."""
    from milestones.exports import SHEET_FIELDS, _driver_rows

    programme = ProgrammeFactory(slug="d")
    phase = PhaseFactory(programme=programme, order=1)
    MilestoneFactory(programme=programme, phase=phase, date_text="3-mrt", is_optional=True)
    MilestoneFactory(programme=programme, date_text="", lead="=1+1")
    milestones = Milestone.objects.filter(programme=programme).order_by("pk")
    rows = _driver_rows(milestones, SHEET_FIELDS)
    assert rows == list(milestones.values_list(*SHEET_FIELDS))
    start, optional = SHEET_FIELDS.index("start"), SHEET_FIELDS.index("is_optional")
    assert [(type(row[start]), row[optional]) for row in rows] == [
        (datetime.date, True),
        (type(None), False),
    ]
    assert {type(row[optional]) for row in rows} == {bool}  # not 1 and 0
    assert _driver_rows(Milestone.objects.none(), SHEET_FIELDS) == []
