"""Three defects found by importing schedules nobody here had seen (issue 17), in small
workbooks made here: a note under a phase's sheet, phase names in sheet names, and the name
of a new programme."""

import datetime
import io

import openpyxl
import pytest
from openpyxl.styles import Font

from milestones.demo import load_catalogue
from milestones.models import ImportRecord, Milestone
from phases.models import Phase, Programme
from tests.support.schedules import CATALOGUE, load, milestones, plan, texts, xlsx

pytestmark = pytest.mark.django_db
D = datetime.date
HEADER = ["Mijlpaal", "Datum", "Doelgroep"]


@pytest.fixture(autouse=True)
def catalogue():
    load_catalogue(path=CATALOGUE)  # Stuurgroep and BOR are known: no warnings about them


def per_phase(last_rows: list[list]) -> bytes:
    return xlsx(
        ("Fase 1 Verkenning", [HEADER, ["Interviews", "mrt", "Stuurgroep"]]),
        (
            "Fase 2 Ontwerp",
            [HEADER, ["Schetsontwerp", "1 jun", "Stuurgroep"], ["Ontwerpsessie", None, "BOR"]]
            + last_rows,
        ),
    )


@pytest.mark.parametrize(
    "note",
    [
        "NB: data onder voorbehoud van besluitvorming",
        "N.B. data onder voorbehoud",
        "Let op: de zomervakantie valt in fase 2",
        "Opmerking: afstemmen met de griffie",
        "* onder voorbehoud",
    ],
)
def test_a_note_under_the_last_milestone_is_a_note_of_the_sheet_not_a_milestone(note):
    result = load(per_phase([[], [note]]), year=2025)
    # The row right below a milestone still continues its date; the note does not.
    assert [row[:4] for row in milestones()] == [
        ("Interviews", "mrt", D(2025, 3, 1), D(2025, 3, 31)),
        ("Schetsontwerp", "1 jun", D(2025, 6, 1), D(2025, 6, 1)),
        ("Ontwerpsessie", "1 jun", D(2025, 6, 1), D(2025, 6, 1)),
    ]
    message = (
        f'Fase 2 Ontwerp row 5, column Mijlpaal: "{note}" is read as a footnote, not as a '
        "milestone."
    )
    assert texts(result.warnings) == [message]
    assert ImportRecord.objects.get().warnings == [message]


@pytest.mark.parametrize(
    ("font", "note"), [(Font(italic=True), True), (Font(size=8), True), (Font(bold=True), False)]
)
def test_a_line_in_italics_or_smaller_text_without_a_date_is_a_note(font, note):
    workbook = openpyxl.load_workbook(io.BytesIO(per_phase([[], ["Afronding onder voorbehoud"]])))
    workbook["Fase 2 Ontwerp"]["A5"].font = font
    buffer = io.BytesIO()
    workbook.save(buffer)
    result = plan(buffer.getvalue(), year=2025)
    titles = [draft.title for draft in result.creates]
    if note:
        assert titles == ["Interviews", "Schetsontwerp", "Ontwerpsessie"]
        assert texts(result.warnings) == [
            'Fase 2 Ontwerp row 5, column Mijlpaal: "Afronding onder voorbehoud" is read as a '
            "footnote, not as a milestone."
        ]
    else:  # bold is no aside: a row without a date, a problem
        assert titles[-1] == "Afronding onder voorbehoud"
        assert len(result.problems) == 1


def test_a_sheet_set_in_small_text_throughout_has_no_notes_for_that():
    workbook = openpyxl.load_workbook(io.BytesIO(per_phase([["Afronding"]])))
    for row in workbook["Fase 2 Ontwerp"].iter_rows():
        for cell in row:
            cell.font = Font(size=9)
    buffer = io.BytesIO()
    workbook.save(buffer)
    result = plan(buffer.getvalue(), year=2025)
    assert [(d.title, d.date.text) for d in result.creates][-1] == ("Afronding", "1 jun")


def test_a_row_without_a_date_below_a_blank_row_does_not_take_the_date_above():
    result = plan(per_phase([[], ["Afronding en evaluatie"]]), year=2025)
    assert texts(result.problems) == [
        "Fase 2 Ontwerp row 5, column Datum: the row has no date, and there is no date above "
        "it to continue."
    ]


def test_a_sheet_named_fase_2_ontwerp_is_phase_2_called_ontwerp():
    data = xlsx(
        ("Fase 1 - Verkenning", [HEADER, ["Interviews", "mrt", "Stuurgroep"]]),
        ("Fase 2 Ontwerp", [HEADER, ["Schetsontwerp", "jun", "Stuurgroep"]]),
        ("Mijlpalen fase 3", [HEADER, ["Oplevering", "okt", "Stuurgroep"]]),
    )
    load(data, year=2025)
    assert list(Phase.objects.values_list("order", "name")) == [
        (1, "Verkenning"),
        (2, "Ontwerp"),
        (3, "Fase 3"),
    ]
    assert [row[4] for row in milestones()] == ["Verkenning", "Ontwerp", "Fase 3"]
    again = plan(data, year=2025)  # the phases are found again, none is added
    assert (again.new_phases, len(again.unchanged)) == ([], 3)


def workbook_with_title(title: str | None) -> bytes:
    workbook = openpyxl.Workbook()
    first = workbook.active
    first.title = "Fase 1 Verkenning"
    first.append(HEADER)
    first.append(["Interviews", "mrt 2025", "Stuurgroep"])
    second = workbook.create_sheet("Fase 2 Ontwerp")
    second.append(["Programma X – fase 2 Ontwerp"])
    second.append(HEADER)
    second.append(["Schetsontwerp", "jun 2025", "Stuurgroep"])
    if title is not None:
        workbook.properties.title = title
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("title", "name"),
    [
        ("Programma Wonen", "Programma Wonen"),  # the file's document title
        (None, "planning_wonen"),  # else the file's name
        ("Programma Wonen: fase 1 Verkenning", "Programma Wonen"),  # without the phase
    ],
)
def test_a_new_programme_is_not_named_after_a_later_sheets_title(title, name):
    result = load(workbook_with_title(title), "planning_wonen.xlsx")
    assert result.new_programme.name == name
    assert Programme.objects.get().name == name
    # The later sheet's title still names that sheet's phase.
    assert list(Phase.objects.values_list("order", "name")) == [(1, "Verkenning"), (2, "Ontwerp")]


def test_the_first_title_names_the_programme_without_its_phase_suffix():
    data = xlsx(("Blad1", [["Programma X – fase 2 Ontwerp"], HEADER, ["Schets", "jun", "BOR"]]))
    result = load(data, year=2025)
    assert result.new_programme.name == "Programma X"
    assert Milestone.objects.get().phase.name == "Ontwerp"


def test_in_a_csv_file_a_cell_over_several_lines_is_no_blank_row_but_an_empty_line_is():
    text = (
        "Mijlpaal;Datum;Doelgroep\n"
        '"Schetsontwerp\nmet de ontwerpers\nen de adviseurs";1 jun;Stuurgroep\n'
        "Ontwerpsessie;;BOR\n"
        "\n"
        "Afronding;;BOR\n"
    )
    result = plan(text.encode(), "ontwerp.csv", year=2025)
    assert [(d.row, d.title, d.date.text) for d in result.creates] == [
        (2, "Schetsontwerp", "1 jun"),
        (5, "Ontwerpsessie", "1 jun"),  # continues the date of the row above
        (7, "Afronding", ""),
    ]
    assert texts(result.problems) == [
        "ontwerp.csv row 7, column Datum: the row has no date, and there is no date above it "
        "to continue."
    ]
