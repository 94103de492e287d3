"""``plan_import`` with what the import wizard's preview passes: dates typed for rows,
rows and sheets to keep undated."""

import datetime

import pytest

from milestones.importing.plan import FixableDate
from tests.support.schedules import csv_file, plan, texts, xlsx

pytestmark = pytest.mark.django_db
D = datetime.date
HEADER = ["Einddatum", "Mijlpaal", "Doelgroep", "Wie"]


def test_a_corrected_row_is_continued_by_the_empty_cells_below_it():
    data = csv_file(
        [HEADER, ["sep", "Start", "BOR", ""], ["xx", "Sessie", "BOR", ""]]
        + [["", "Verslag", "BOR", ""]]
    )
    before = plan(data, "p.csv", year=2024)
    assert [(n.row, n.message) for n in before.problems] == [
        (3, '"xx" is not a date Regie understands: "xx" is not a month or a date word.'),
        (4, "the row continues the date of row 3, which cannot be read."),
    ]
    after = plan(data, "p.csv", year=2024, corrections={("p.csv", 3): "eind dec"})
    assert after.problems == []
    assert [(d.row, d.date.text, d.date.reading.start) for d in after.creates] == [
        (2, "sep", D(2024, 9, 1)),
        (3, "eind dec", D(2024, 12, 21)),
        (4, "eind dec", D(2024, 12, 21)),
    ]
    assert texts(after.warnings)[1:] == [
        'p.csv row 3, column Einddatum: the date "xx" was corrected to "eind dec" before importing.'
    ]
    assert after.fixable[("p.csv", 3)] == FixableDate("xx", D(2024, 9, 1))


def test_an_empty_date_cell_can_be_given_a_date():
    data = csv_file([HEADER, ["", "Start", "BOR", ""]])
    result = plan(data, "p.csv", year=2024, corrections={("p.csv", 2): "Q3"})
    assert result.problems == []
    assert (result.creates[0].date.text, result.creates[0].date.reading.end) == (
        "Q3",
        D(2024, 9, 30),
    )
    assert texts(result.warnings) == [
        'p.csv row 2, column Einddatum: the empty date cell was given the date "Q3" before '
        "importing.",
        'p.csv row 2, column Doelgroep: new target group "BOR": it is not in the catalogue and '
        "will be created.",
    ]


def test_a_deliverable_date_can_be_corrected_or_kept_undated():
    data = xlsx(
        (
            "Planning",
            [HEADER, ["Fase 1"], ["1-mrt", "Start", "BOR", ""]]
            + [["ooit", "Resultaat: Bestuursopdracht"]],
        )
    )
    assert [n.row for n in plan(data, year=2024).problems] == [4]
    corrected = plan(data, year=2024, corrections={("Planning", 4): "eind jun"})
    assert corrected.problems == []
    assert corrected.deliverables[0].date.reading.end == D(2024, 6, 30)
    kept = plan(data, year=2024, undated_rows={("Planning", 4)})
    assert kept.problems == [] and len(kept.kept_undated) == 1


def test_a_row_kept_undated_is_only_that_row():
    data = csv_file([HEADER, ["xx", "Een", "BOR", ""], ["yy", "Twee", "BOR", ""]])
    result = plan(data, "p.csv", year=2024, undated_rows=[("p.csv", 2)])
    assert [n.row for n in result.problems] == [3]
    assert [n.row for n in result.kept_undated] == [2]


def test_a_sheet_without_a_date_column_is_a_problem_unless_kept_undated():
    data = xlsx(("Lijst", [["Mijlpaal", "Doelgroep"], ["Start", "BOR"]]))
    result = plan(data, year=2024)
    assert texts(result.problems) == [
        "Lijst: the sheet has no date column, so its milestones have no dates."
    ]
    assert result.sheets_without_dates == ["Lijst"]
    assert plan(data, year=2024, undated_sheets={"Lijst"}).problems == []
