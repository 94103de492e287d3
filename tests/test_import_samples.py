"""The sample files (tests/samples, real schedules from the seed documents): imported right, and
export → import changes nothing.

The demo data (fixtures/demo) was typed in by hand from the same seed documents; the
imports are compared with it row by row.
"""

import datetime
import json

import pytest

from milestones.demo import load_catalogue, load_programme, read_toml
from milestones.exports import export_schedule
from milestones.models import CalendarNote, Involvement, Milestone
from phases.models import Deliverable, Phase, Programme
from tests.support.schedules import CATALOGUE, SAMPLES, load, milestones, snapshot, texts

pytestmark = pytest.mark.django_db
D = datetime.date
DEMO = CATALOGUE.parent


@pytest.fixture
def catalogue():
    load_catalogue(path=CATALOGUE)


def demo(name: str) -> str:
    data = read_toml(path=DEMO / name)
    load_programme(data=data, name=name)
    return data["programme"]["slug"]


def with_leads(slug: str) -> list[tuple]:
    leads = Milestone.objects.filter(programme__slug=slug).order_by("source_row", "pk")
    return [
        (*row, lead)
        for row, lead in zip(milestones(slug), leads.values_list("lead", flat=True), strict=True)
    ]


def test_fase1_xlsx_gives_exactly_the_demo_milestones(catalogue):
    result = load(
        (SAMPLES / "fase1_mijlpalen.xlsx").read_bytes(), "fase1_mijlpalen.xlsx", year=2024
    )
    assert result.warnings == []  # every group is in the catalogue
    assert milestones("test") == milestones(demo("000_mijlpalen_fase_1.toml"))
    assert list(Phase.objects.filter(programme__slug="test").values_list("order", "name")) == [
        (1, "Fase 1")
    ]
    assert Involvement.objects.filter(milestone__programme__slug="test").count() == 41
    assert milestones("test")[2] == (
        "Webinar: Doel en proces fase 1 en OD van de toekomst",
        "25-26-mrt",
        D(2024, 3, 25),
        D(2024, 3, 26),
        "Fase 1",
        ["Colleges", "Raden", "Staten"],
    )
    assert milestones("test")[-3:] == [
        (
            "Einddocumenten ter besluitvorming",
            "eind sep/begin okt",
            D(2024, 9, 21),
            D(2024, 10, 10),
            "Fase 1",
            ["Gezamenlijk AB"],
        ),
        (
            "Documenten ter besluitvorming naar colleges en raden/staten",
            "begin okt",
            D(2024, 10, 1),
            D(2024, 10, 10),
            "Fase 1",
            ["Colleges", "Raden", "Staten"],
        ),
        (
            "Ronde langs de raden",
            "okt-nov-dec",
            D(2024, 10, 1),
            D(2024, 12, 31),
            "Fase 1",
            ["Colleges", "Raden", "Staten"],
        ),
    ]


def test_fase1_csv_gives_the_same_as_the_xlsx_with_its_phase_from_the_file_name(catalogue):
    load((SAMPLES / "fase1_mijlpalen.xlsx").read_bytes(), "fase1_mijlpalen.xlsx", "x", year=2024)
    load((SAMPLES / "fase1_mijlpalen.csv").read_bytes(), "fase1_mijlpalen.csv", "c", year=2024)
    assert len(milestones("c")) == 29
    assert milestones("c") == milestones("x")
    assert set(
        Milestone.objects.filter(programme__slug="c").values_list("source_sheet", flat=True)
    ) == {"fase1_mijlpalen.csv"}


def test_the_week_planning_gives_the_demo_milestones_but_for_what_the_sample_lost(catalogue):
    result = load(
        (SAMPLES / "sociale_agenda_weekplanning.xlsx").read_bytes(),
        "sociale_agenda_weekplanning.xlsx",
        year=2007,
    )
    expected = []
    for title, text, start, end, phase, groups, lead in with_leads(
        demo("003_sociale_agenda_2009_2012.toml")
    ):
        # The seed's "2<sup>e</sup>" became "2 e" in the sample; its "Fase 4" row is missing,
        # so weeks 29-36 stay in Fase 3; and its last column ("Anderen") was cut off where
        # the table grew a column (weeks 29-36 and Fase 5).
        title = title.replace("2e fase", "2 e fase").replace("1e ronde", "1 e ronde")
        if start >= D(2008, 7, 1):
            groups = [g for g in groups if g != "Anderen"]
        expected.append(
            (title, text, start, end, "Fase 3" if phase == "Fase 4" else phase, groups, lead)
        )
    assert with_leads("test") == expected
    assert list(
        Phase.objects.filter(programme__slug="test").values_list("order", "name", "result")
    ) == [
        (1, "Fase 1", "Bestuursopdracht"),
        (2, "Fase 2", "Document Provinciale ambities"),
        (3, "Fase 3", "Concept Sociale Agenda 2009-2012 + 12 Sociale allianties"),
        (5, "Fase 5", "Sociale Agenda 2009-2012 + 12 allianties"),
    ]
    assert list(
        Deliverable.objects.filter(phase__programme__slug="test")
        .order_by("start")
        .values_list("phase__name", "title", "date_text", "start", "end")
    ) == [
        ("Fase 1", "Bestuursopdracht", "39", D(2007, 9, 24), D(2007, 9, 30)),
        ("Fase 2", "Document Provinciale ambities", "48", D(2007, 11, 26), D(2007, 12, 2)),
        (
            "Fase 3",
            "Concept Sociale Agenda 2009-2012 + 12 Sociale allianties",
            "36",
            D(2008, 9, 1),
            D(2008, 9, 7),
        ),
        ("Fase 5", "Sociale Agenda 2009-2012 + 12 allianties", "1", D(2008, 12, 29), D(2009, 1, 4)),
    ]
    assert list(
        CalendarNote.objects.order_by("start").values_list("title", "date_text", "start", "end")
    ) == [
        ("Herfstvakantie", "42", D(2007, 10, 15), D(2007, 10, 21)),
        ("Kerstvakantie", "52", D(2007, 12, 24), D(2007, 12, 30)),
        ("Kerstvakantie", "1", D(2007, 12, 31), D(2008, 1, 6)),
        ("Schoolvakantie", "29", D(2008, 7, 14), D(2008, 7, 20)),
        ("Schoolvakantie", "30", D(2008, 7, 21), D(2008, 7, 27)),
        ("Schoolvakantie", "31", D(2008, 7, 28), D(2008, 8, 3)),
        ("Schoolvakantie", "32", D(2008, 8, 4), D(2008, 8, 10)),
        ("Kerstvakantie", "52", D(2008, 12, 22), D(2008, 12, 28)),
    ]
    warnings = texts(result.warnings)
    assert (
        warnings[0]
        == 'Planning row 57, column Actie: "tie" is read as a footnote, not as a milestone.'
    )
    assert len(warnings) == 17  # and one per row read one column to the left (58-82)
    assert all("one cell more than the header" in w for w in warnings[1:])


SAMPLE_FILES = [
    ("fase1_mijlpalen.xlsx", 2024),
    ("fase1_mijlpalen.csv", 2024),
    ("sociale_agenda_weekplanning.xlsx", 2007),
]


def exported(slug: str, identifier: str) -> bytes:
    return export_schedule(identifier=identifier, programme=Programme.objects.get(slug=slug))[2]


def comparable(slug: str) -> dict:
    """The JSON export without what differs between two programmes: ids, slug, name."""
    data = json.loads(exported(slug, "json"))
    del data["programme"]["slug"], data["programme"]["name"]
    for key in ("milestones", "deliverables", "notes"):
        for item in data[key]:
            del item["id"]
    return data


@pytest.mark.parametrize(("sample", "year"), SAMPLE_FILES)
@pytest.mark.parametrize("identifier", ["xlsx", "csv"])
def test_export_then_import_changes_nothing(catalogue, sample, year, identifier):
    load((SAMPLES / sample).read_bytes(), sample, "s", year=year)
    content = exported("s", identifier)
    before = snapshot()

    again = load(content, f"s.{identifier}", "s")  # no year: the programme's, pinned by From
    assert (len(again.creates), len(again.updates), len(again.unchanged)) == (
        0,
        0,
        len(milestones("s")),
    )
    assert [n.changes for n in again.notes] == [[] for _ in again.notes]
    assert all(n.existing for n in again.notes)
    assert [(d.existing is not None, d.changes) for d in again.deliverables] == [
        (True, []) for _ in again.deliverables
    ]
    after = snapshot()
    assert len(after.pop("imports")) == len(before.pop("imports")) + 1
    assert after == before

    # Into a new programme, without --year either: the same schedule.
    load(content, f"s.{identifier}", "copy")
    assert comparable("copy") == comparable("s")
    assert Programme.objects.get(slug="copy").year == year
