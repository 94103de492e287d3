"""Word documents (.docx): their tables go through the same import as a spreadsheet's.

The seed documents (tests/samples/seed_00N.docx, made by tests/samples/make_seed_documents.py
from the seed texts) are compared with the demo data typed in from the same seeds; where the
demo's typist read more into a cell than the table says, the difference is named here.
"""

import datetime
import io
import zipfile

import docx
import pytest
from django.utils import translation
from docx.shared import Pt

from milestones.demo import load_catalogue, load_programme, read_toml
from milestones.importing import UnreadableFile
from milestones.importing.docx_reader import open_docx
from milestones.models import CalendarNote, ImportRecord, Milestone
from phases.models import Deliverable, Phase, Programme
from tests.support.schedules import (
    CATALOGUE,
    SAMPLES,
    load,
    milestones,
    plan,
    run,
    snapshot,
    texts,
)

pytestmark = pytest.mark.django_db
D = datetime.date
DEMO = CATALOGUE.parent
FIELDS = (
    "title",
    "description",
    "result",
    "is_optional",
    "lead",
    "date_text",
    "start",
    "end",
    "precision",
    "dates",
    "work_form",
    "work_form_notes",
    "duration",
    "sessions",
    "participants",
    "notes",
)
SEEDS = [("seed_001.docx", 2025), ("seed_002.docx", 2019), ("seed_003.docx", 2007)]


@pytest.fixture
def catalogue():
    load_catalogue(path=CATALOGUE)


def demo(name: str) -> str:
    data = read_toml(path=DEMO / name)
    load_programme(data=data, name=name)
    return data["programme"]["slug"]


def values(slug: str) -> list[dict]:
    rows = Milestone.objects.filter(programme__slug=slug).order_by("source_row", "pk")
    return list(rows.values(*FIELDS))


def seed(name: str) -> bytes:
    return (SAMPLES / name).read_bytes()


# -- the seed documents ---------------------------------------------------------------------


def test_seed_001_activity_table_gives_the_demo_milestones(catalogue):
    result = load(seed("seed_001.docx"), "seed_001.docx", year=2025)
    assert texts(result.warnings) == []
    assert result.new_programme.name == "Voorbeeld aanpak en planning"  # the document title
    expected = values(demo("001_routekaart_financiele_zorgen.toml"))
    for row in expected:
        # A bare "Fysiek" is the work form itself: the importer keeps no note for it
        # (test_import_layouts pins this); the demo's typist copied the word into the notes.
        if row["work_form_notes"] == "Fysiek":
            row["work_form_notes"] = ""
    communication, implementation = expected[7], expected[11]
    # The example lies in the "Gewenste inzet van" cell of the document; the demo's typist
    # moved it to the notes.
    communication["participants"] += "\n\nVoorbeeld: Format communicatieplan (docx)"
    communication["notes"] = ""
    # "Teams meetings / Eindresultaat in een fysieke sessie": the first work form named is
    # Teams (online); the demo's typist judged the whole hybrid.  And a line that starts with
    # a digit continues the one above (columns.one_line), where the typist wrote a full stop.
    implementation["work_form"] = "online"
    implementation["duration"] = "1x per twee weken 1 uur Teams 1x eindsessie van 2 uur"
    assert values("test") == expected
    assert values("test")[1]["description"] == (
        "· kennismaking\n· doel en aanpak\n· afspraken en werkvormen\n· doorlooptijden"
    )
    assert values("test")[1]["dates"] == ["2025-05-10", "2025-05-17"]


def test_seed_002_every_bullet_of_the_planning_is_a_milestone_with_its_rows_date(catalogue):
    result = load(seed("seed_002.docx"), "seed_002.docx")  # no year: the first date names it
    assert result.year == 2019
    slug = demo("002_bestuursopdracht_jeugd_en_gezin.toml")
    imported, expected = milestones("test"), milestones(slug)
    # The planning table names no target groups; the demo's typist took them from the
    # activities' words ("Vaststellen bestuursopdracht College" -> College).
    assert [row[:5] for row in imported] == [row[:5] for row in expected]
    assert [row[5] for row in imported] == [[] for _ in expected]
    assert len(imported) == 15
    assert imported[1] == (
        "Informeren Commissie MO over bestuursopdracht, daarna gedurende de hele looptijd "
        "periodiek informeren",
        "Maart '19",
        D(2019, 3, 1),
        D(2019, 3, 31),
        "Fase 1 – Zoektocht en eerste schets",
        [],
    )
    assert list(Phase.objects.filter(programme__slug="test").values_list("order", "name")) == list(
        Phase.objects.filter(programme__slug=slug).values_list("order", "name")
    )
    # The bullets of one cell share its table row.
    rows = Milestone.objects.filter(programme__slug="test").values_list("source_row", flat=True)
    assert sorted(set(rows)) == [3, 4, 6, 8, 10, 11, 12]
    assert set(rows.values_list("source_sheet", flat=True)) == {"Tabel 1"}


def test_seed_003_week_planning_gives_the_demo_milestones_groups_and_leads(catalogue):
    result = load(seed("seed_003.docx"), "seed_003.docx", year=2007)
    slug = demo("003_sociale_agenda_2009_2012.toml")
    order = ("source_row", "pk")
    leads = list(
        Milestone.objects.filter(programme__slug=slug).order_by(*order).values_list("lead")
    )
    expected = [
        # The document has no "Fase 4" heading (the demo adds it from 2.2.2), so weeks 29-36
        # stay in Fase 3.
        (*row[:4], "Fase 3" if row[4] == "Fase 4" else row[4], row[5], *lead)
        for row, lead in zip(milestones(slug), leads, strict=True)
    ]
    got_leads = Milestone.objects.filter(programme__slug="test").order_by(*order)
    got = [
        (*row, lead)
        for row, lead in zip(milestones("test"), got_leads.values_list("lead", flat=True))
    ]
    assert got == expected
    assert len(got) == 63
    # "Schoolvakantie" in the column the table grew is a calendar note of its week; the
    # demo's typist wrote it in the milestones' notes.
    assert (
        list(
            Milestone.objects.filter(programme__slug=slug)
            .exclude(notes="")
            .values_list("notes", flat=True)
        )
        == ["Schoolvakantie"] * 4
    )
    assert not Milestone.objects.filter(programme__slug="test").exclude(notes="").exists()
    assert list(
        CalendarNote.objects.filter(programme__slug="test")
        .order_by("start")
        .values_list("title", "date_text", "start")
    ) == [
        ("Herfstvakantie", "42", D(2007, 10, 15)),
        ("Kerstvakantie", "52", D(2007, 12, 24)),
        ("Kerstvakantie", "1", D(2007, 12, 31)),
        ("Schoolvakantie", "29", D(2008, 7, 14)),
        ("Schoolvakantie", "30", D(2008, 7, 21)),
        ("Schoolvakantie", "31", D(2008, 7, 28)),
        ("Schoolvakantie", "32", D(2008, 8, 4)),
        ("Kerstvakantie", "52", D(2008, 12, 22)),
    ]
    # "Resultaat: …" paragraphs between the parts of the table are the phases' results.
    assert list(
        Phase.objects.filter(programme__slug="test").values_list("order", "name", "result")
    ) == [
        (1, "Fase 1", "Bestuursopdracht"),
        (2, "Fase 2", "Document Provinciale ambities"),
        (3, "Fase 3", "Concept Sociale Agenda 2009-2012 + 12 Sociale allianties"),
        (5, "Fase 5", "Sociale Agenda 2009-2012 + 12 allianties"),
    ]
    assert Deliverable.objects.filter(phase__programme__slug="test").count() == 4
    warnings = texts(result.warnings)
    # The other tables (costs, project organisation, meetings, staffing) are no schedule.
    assert warnings[:6] == [
        f"Tabel {n}: no header row found in its first rows; the sheet is skipped."
        for n in (1, 2, 3, 4, 6, 7)
    ]
    assert warnings[6] == (
        'Tabel 5 row 58, column Actie: "tie" is read as a footnote, not as a milestone.'
    )
    # Weeks 29-36 and Fase 5 lie in the part of the table that grew a column after "Actie".
    assert len(warnings) == 20
    assert all("one cell more than the header" in w for w in warnings[7:])
    assert result.sheets == ["Tabel 5"]


def test_seed_004_has_no_table_and_is_refused():
    with pytest.raises(UnreadableFile) as refused, translation.override("en"):
        plan(seed("seed_004.docx"), "seed_004.docx")
    assert str(refused.value) == (
        "seed_004.docx has no tables. Regie imports the schedule in a Word document's table "
        "(a row per activity, with columns such as Activiteit and Wanneer)."
    )


@pytest.mark.parametrize(("name", "year"), SEEDS)
def test_import_schedule_of_each_seed_document_then_again_changes_nothing(
    catalogue, tmp_path, name, year
):
    path = tmp_path / name
    path.write_bytes(seed(name))
    code, out, err = run("import_schedule", str(path), "--programme", "seed", "--dry-run")
    assert (code, err) == (0, "")
    assert "Dry run: nothing was saved." in out
    assert not Programme.objects.exists()

    code, out, err = run("import_schedule", str(path), "--programme", "seed", "--year", str(year))
    assert (code, err) == (0, "")
    created = Milestone.objects.count()
    assert created == {"seed_001.docx": 12, "seed_002.docx": 15, "seed_003.docx": 63}[name]
    before = snapshot()

    code, out, err = run("import_schedule", str(path), "--programme", "seed")
    assert (code, err) == (0, "")
    assert f"Milestones: 0 created, 0 updated, {created} unchanged" in out
    after = snapshot()
    assert len(after.pop("imports")) == len(before.pop("imports")) + 1
    assert after == before
    record = ImportRecord.objects.first()
    assert (record.file_name, record.unchanged) == (name, created)
